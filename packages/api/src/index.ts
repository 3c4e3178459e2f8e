export { appRouter, createCaller, type AppRouter } from './root';
export {
  applyInvalidation,
  cachedMemberSession,
  clearSessionCache,
  createApiContext,
  forgetMemberSessions,
  MEMBER_COOKIE,
  OPERATOR_COOKIE,
  type ApiContext,
  type ApiServices,
  type CookieJar,
  type RequestInfo,
} from './context';
export { batchRefusal, MAX_BATCH_CALLS } from './batch-policy';
export { createPageCache, type PageCache, type PageCacheOptions } from './page-cache';
export { classifyHost, clearSiteCache, forgetTenantSites, resolveSite, type HostKind, type Site } from './site';
export { toTRPCError } from './trpc';
