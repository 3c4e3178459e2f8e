// The whole API: one router per area, merged here.
import { accountRouter } from './routers/account';
import { apiTokensRouter } from './routers/api-tokens';
import { authRouter } from './routers/auth';
import { bonusRouter } from './routers/bonus';
import { forumsRouter } from './routers/forums';
import { hitAndRunRouter } from './routers/hit-and-run';
import { homeRouter } from './routers/home';
import { messagesRouter } from './routers/messages';
import { operatorRouter } from './routers/operator';
import { reportsRouter } from './routers/reports';
import { requestsRouter } from './routers/requests';
import { signupRouter } from './routers/signup';
import { playlistsRouter } from './routers/playlists';
import { plansRouter } from './routers/plans';
import { siteRouter } from './routers/site';
import { staffRouter } from './routers/staff';
import { staffEconomyRouter } from './routers/staff-economy';
import { tenantLifecycleRouter } from './routers/tenant-lifecycle';
import { ticketsRouter } from './routers/tickets';
import { torrentsRouter } from './routers/torrents';
import { createCallerFactory, createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  auth: authRouter,
  account: accountRouter,
  apiTokens: apiTokensRouter,
  home: homeRouter,
  torrents: torrentsRouter,
  requests: requestsRouter,
  playlists: playlistsRouter,
  bonus: bonusRouter,
  hitAndRun: hitAndRunRouter,
  staff: staffRouter,
  staffEconomy: staffEconomyRouter,
  operator: operatorRouter,
  signup: signupRouter,
  plans: plansRouter,
  site: siteRouter,
  tenantLifecycle: tenantLifecycleRouter,
  forums: forumsRouter,
  reports: reportsRouter,
  tickets: ticketsRouter,
  messages: messagesRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
