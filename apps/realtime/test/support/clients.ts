// socket.io-client helpers: connect with a signed token, send a request and await its
// acknowledgement, wait for (or make sure of the absence of) an event.
import { signRealtimeToken, type RealtimeRole } from '@swarmhost/auth/realtime-token';
import type { GatewayAck } from '@swarmhost/events';
import { io, type Socket } from 'socket.io-client';
import { TOKEN_SECRET } from './gateways';

export interface Identity {
  tenantId: string | null;
  memberId: string;
  role: RealtimeRole;
}

export function tokenFor(identity: Identity, options: { ttlSeconds?: number; nowMs?: number; secret?: string } = {}): string {
  return signRealtimeToken(identity, options.secret ?? TOKEN_SECRET, options);
}

const open: Socket[] = [];

/** A connected socket (websocket only, no polling: no sticky sessions needed). */
export function connect(port: number, auth: { token: unknown }, options: { reconnection?: boolean; before?: (socket: Socket) => void } = {}): Promise<Socket> {
  const socket = io(`http://127.0.0.1:${port}`, {
    auth,
    transports: ['websocket'],
    forceNew: true,
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  open.push(socket);
  options.before?.(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

export function connectAs(port: number, identity: Identity): Promise<Socket> {
  return connect(port, { token: tokenFor(identity) });
}

/** Closes every socket the file opened. */
export function closeAllSockets(): void {
  for (const socket of open.splice(0)) socket.disconnect();
}

export async function request<Result extends object>(socket: Socket, event: string, payload: unknown = {}): Promise<GatewayAck<Result>> {
  return (await socket.timeout(10_000).emitWithAck(event, payload)) as GatewayAck<Result>;
}

/** Like request, but throws with the gateway's message when it refused. */
export async function ok<Result extends object>(socket: Socket, event: string, payload: unknown = {}): Promise<Result> {
  const answer = await request<Result>(socket, event, payload);
  if (!answer.ok) throw new Error(`${event} refused: ${answer.error.code} ${answer.error.message}`);
  return answer;
}

export function nextEvent<Payload>(socket: Socket, event: string, timeoutMs = 5000, matches: (payload: Payload) => boolean = () => true): Promise<Payload> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Payload) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Records every `event` a socket receives, to assert later that none (or how many) arrived. */
export function record<Payload>(socket: Socket, event: string): Payload[] {
  const seen: Payload[] = [];
  socket.on(event, (payload: Payload) => seen.push(payload));
  return seen;
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
