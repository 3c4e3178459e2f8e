// GET /console/tenants/<slug>/export/download?token=…: streams a ready export's archive
// from its stored chunks. The token (from "Download" on the export page) is the
// permission, like a signed URL: it works until the export expires 24 hours after it
// was built, on the console host only. Anything else is a plain-text 404.
import { createApiContext } from '@swarmhost/api';
import { systemClient } from '@swarmhost/db/system';
import { isAppError } from '@swarmhost/domain';
import { openExportDownload } from '@swarmhost/domain/tenants/export/index';
import { responseCookieJar } from '~/server/cookie-jar';
import { requestInfoFrom } from '~/server/request-info';
import { apiServices } from '~/server/services';

export const dynamic = 'force-dynamic';

const text = (status: number, message: string) =>
  new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' } });

export async function GET(request: Request) {
  const context = await createApiContext({ services: apiServices(), request: requestInfoFrom(request.headers), cookies: responseCookieJar(request.headers.get('cookie'), new Headers()) });
  if (context.site.kind !== 'console') return text(404, 'Not found: exports are downloaded from the console.');
  const token = new URL(request.url).searchParams.get('token') ?? '';
  if (token.length < 20 || token.length > 100) return text(404, 'Not found: this download link is not valid; ask for a new link on the export page.');
  try {
    const opened = await openExportDownload({ db: systemClient(), token, now: new Date() });
    const iterator = opened.chunks[Symbol.asyncIterator]();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await iterator.return?.();
      },
    });
    return new Response(body, {
      headers: {
        'content-type': 'application/gzip',
        'content-length': String(opened.byteSize),
        'content-disposition': `attachment; filename="${opened.fileName.replace(/"/g, '')}"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (error) {
    if (isAppError(error)) return text(404, `Not found: ${error.message}.`);
    throw error;
  }
}
