// The personalised .torrent as an HTTP answer: the same headers wherever it is served
// (the site with a session, an RSS or Torznab link with the RSS key, the REST API).
import { isAppError, type downloadTorrent } from '@swarmhost/domain';

type DownloadedTorrent = Awaited<ReturnType<typeof downloadTorrent>>;

export function torrentFileResponse(file: DownloadedTorrent): Response {
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      'content-type': 'application/x-bittorrent',
      'content-disposition': `attachment; filename="${file.fileName.replace(/"/g, '')}"`,
      'cache-control': 'private, no-store',
    },
  });
}

/** Downloads through `download` and answers the refusals as plain text: 404 unknown, 403 not allowed (with the reason). */
export async function torrentDownloadAnswer(download: () => Promise<DownloadedTorrent>): Promise<Response> {
  const text = (status: number, message: string) => new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  try {
    return torrentFileResponse(await download());
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return text(404, `Not found: ${error.message}.`);
    if (isAppError(error) && error.code === 'FORBIDDEN') return text(403, `Not allowed: ${error.message}.`);
    throw error;
  }
}
