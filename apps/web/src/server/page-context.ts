// What a server-rendered page needs: the site for this Host, who is signed in, and a
// tRPC caller with the same permissions an API request would have. One per request.
import { createApiContext, createCaller } from '@swarmhost/api';
import { cookies, headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { readOnlyCookieJar } from './cookie-jar';
import { requestInfoFrom } from './request-info';
import { apiServices } from './services';

export const pageContext = cache(async () => {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  const context = await createApiContext({
    services: apiServices(),
    request: requestInfoFrom(headerList),
    cookies: readOnlyCookieJar((name) => cookieStore.get(name)?.value),
  });
  return { context, api: createCaller(context), nonce: headerList.get('x-nonce') ?? undefined };
});

/** For tenant-only pages: a 404 on the console host and on unknown hosts. */
export async function tenantPage() {
  const page = await pageContext();
  if (page.context.site.kind !== 'tenant') notFound();
  return { ...page, tenant: page.context.site.tenant, member: page.context.member?.member ?? null };
}

/** For console-only pages. */
export async function consolePage() {
  const page = await pageContext();
  if (page.context.site.kind !== 'console') notFound();
  return { ...page, operator: page.context.operator };
}
