// One wrapper for every client request: flood limit, input validation, and every
// failure answered through the acknowledgement as { ok: false, error } with a message
// the page can show. Unexpected errors are logged and answered generically.
import { isAppError } from '@swarmhost/domain';
import type { GatewayAck, GatewayErrorCode } from '@swarmhost/events';
import type { z } from 'zod';
import type { Logger } from './log';
import type { GatewaySocket } from './socket-types';

const WINDOW_MS = 10_000;
const REQUESTS_PER_WINDOW = 100;

export class GatewayError extends Error {
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type Ack = (answer: GatewayAck<Record<string, unknown>>) => void;

function failure(error: unknown, log: Logger, event: string): GatewayAck<Record<string, unknown>> {
  if (error instanceof GatewayError) return { ok: false, error: { code: error.code, message: error.message } };
  if (isAppError(error)) {
    const code: GatewayErrorCode = error.code === 'CONFLICT' ? 'BAD_REQUEST' : error.code;
    const retryAfterMs = typeof error.details?.retryAfterMs === 'number' ? error.details.retryAfterMs : undefined;
    return { ok: false, error: { code, message: error.message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) } };
  }
  log.error('request failed', { event, error });
  return { ok: false, error: { code: 'INTERNAL', message: 'the live service failed to answer; try again in a moment' } };
}

function allowRequest(socket: GatewaySocket, now: number): boolean {
  const window = socket.data.requestWindow;
  if (now - window.startedAt >= WINDOW_MS) {
    window.startedAt = now;
    window.count = 0;
  }
  window.count += 1;
  return window.count <= REQUESTS_PER_WINDOW;
}

/** Registers `event` on `socket`: the payload is parsed with `schema`, `work`'s result acknowledged. */
export function handleRequest<Schema extends z.ZodType, Result extends Record<string, unknown>>(
  socket: GatewaySocket,
  log: Logger,
  event: string,
  schema: Schema,
  work: (input: z.infer<Schema>) => Promise<Result>,
): void {
  socket.on(event, (...args: unknown[]) => {
    const last = args.at(-1);
    const ack: Ack = typeof last === 'function' ? (last as Ack) : () => undefined;
    const payload = typeof args[0] === 'function' ? undefined : args[0];
    if (!allowRequest(socket, Date.now())) {
      ack({ ok: false, error: { code: 'TOO_MANY_REQUESTS', message: 'too many requests from this page; wait ten seconds' } });
      return;
    }
    const parsed = schema.safeParse(payload ?? {});
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'payload';
      ack({ ok: false, error: { code: 'BAD_REQUEST', message: `${event}: ${where} ${parsed.error.issues[0]?.message ?? 'is invalid'}` } });
      return;
    }
    work(parsed.data).then(
      (result) => ack({ ok: true, ...result }),
      (error: unknown) => ack(failure(error, log, event)),
    );
  });
}

/** The caller's tenant, refusing operator sockets (they have none) with a clear error. */
export function tenantOf(socket: GatewaySocket): string {
  const tenantId = socket.data.identity.tenantId;
  if (tenantId === null) throw new GatewayError('FORBIDDEN', 'operators have no community here; use a member account');
  return tenantId;
}

/** Joins a room if the socket's bound on followed rooms allows it. */
export async function follow(socket: GatewaySocket, room: string, limit: number): Promise<void> {
  if (socket.data.followed.has(room)) return;
  if (socket.data.followed.size >= limit) {
    throw new GatewayError('TOO_MANY_REQUESTS', `this page follows ${limit} live rooms already; unsubscribe some first`);
  }
  socket.data.followed.add(room);
  await socket.join(room);
}

export async function unfollow(socket: GatewaySocket, room: string): Promise<void> {
  socket.data.followed.delete(room);
  await socket.leave(room);
}
