export { appRouter, createCaller, type AppRouter } from './root';
export {
  createApiContext,
  MEMBER_COOKIE,
  OPERATOR_COOKIE,
  type ApiContext,
  type ApiServices,
  type CookieJar,
  type RequestInfo,
} from './context';
export { classifyHost, resolveSite, type HostKind, type Site } from './site';
export { toTRPCError } from './trpc';
