// The whole API: one router per area, merged here.
import { accountRouter } from './routers/account';
import { authRouter } from './routers/auth';
import { operatorRouter } from './routers/operator';
import { staffRouter } from './routers/staff';
import { torrentsRouter } from './routers/torrents';
import { createCallerFactory, createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  auth: authRouter,
  account: accountRouter,
  torrents: torrentsRouter,
  staff: staffRouter,
  operator: operatorRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
