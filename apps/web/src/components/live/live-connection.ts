// The page's one connection to the real-time gateway, without React (the provider wraps
// it; tests drive it against a real gateway). The token comes from the site and is
// fetched again on every reconnect, so an expired token never locks a page out. A
// socket lives as long as its token: before it expires the page sends a fresh one
// (`auth:refresh`); when the gateway ends the socket anyway (the token lapsed, or the
// login, role or community changed) the page reconnects with a fresh token, or shows
// why the site refused one.
import { GATEWAY_REQUESTS } from '@swarmhost/events';
import { io, type Socket } from 'socket.io-client';

export interface LiveConnectionState {
  socket: Socket | null;
  connected: boolean;
  /** Why the site or the gateway refused the connection, if one did. */
  error: string | null;
}

export interface TokenAnswer {
  token: string;
  url: string;
  /** When the token expires, ms since the epoch. */
  expiresAt?: number;
}

export interface AckError {
  code: string;
  message: string;
}

/** Sends a gateway request and resolves its acknowledgement; throws the gateway's message. */
export async function requestLive<Result>(socket: Socket, event: string, payload: unknown = {}): Promise<Result> {
  const answer = (await socket.timeout(10_000).emitWithAck(event, payload)) as ({ ok: true } & Result) | { ok: false; error: AckError };
  if (!answer.ok) throw new Error(answer.error.message);
  return answer;
}

/** How long until the page asks for the next token: a minute before expiry (half-way through a short token's life). */
export function refreshDelayMs(expiresAt: number, now: number = Date.now()): number {
  const left = expiresAt - now;
  return Math.max(1000, left - Math.min(60_000, left / 2));
}

export interface LiveConnectionOptions {
  /** Asks the site for a token; rejects with the site's reason when it refuses. */
  fetchToken: () => Promise<TokenAnswer>;
  onState: (state: LiveConnectionState) => void;
  /** A moment before reconnecting a socket the gateway ended, so a refused login does not spin. */
  reconnectAfterMs?: number;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Opens the connection; returns the function that closes it for good. */
export function openLiveConnection(options: LiveConnectionOptions): () => void {
  const { fetchToken, onState } = options;
  let socket: Socket | null = null;
  let closed = false;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** The expiry of the token the current connection was made with. */
  let connectedUntil: number | undefined;
  /** Why the site last refused a token; shown instead of the gateway's answer to the empty one. */
  let siteRefusal: string | null = null;

  const scheduleRefresh = (expiresAt: number | undefined) => {
    clearTimeout(refreshTimer);
    if (expiresAt === undefined || closed) return;
    refreshTimer = setTimeout(() => {
      const current = socket;
      if (!current?.connected) return;
      fetchToken()
        .then((fresh) => requestLive<{ expiresAt: number }>(current, GATEWAY_REQUESTS.authRefresh, { token: fresh.token }))
        .then(
          (answer) => scheduleRefresh(answer.expiresAt),
          // Nothing else to do: the gateway ends the socket at expiry and the reconnect asks the site again.
          () => undefined,
        );
    }, refreshDelayMs(expiresAt));
  };

  fetchToken().then(
    (first) => {
      if (closed) return;
      let pending: TokenAnswer | null = first;
      const current: Socket = io(first.url, {
        transports: ['websocket'],
        auth: (callback) => {
          const ready = pending;
          pending = null;
          const use = (answer: TokenAnswer) => {
            siteRefusal = null;
            connectedUntil = answer.expiresAt;
            callback({ token: answer.token });
          };
          if (ready) use(ready);
          else
            fetchToken().then(use, (error: unknown) => {
              siteRefusal = messageOf(error);
              callback({ token: '' });
            });
        },
      });
      socket = current;
      current.on('connect', () => {
        onState({ socket: current, connected: true, error: null });
        scheduleRefresh(connectedUntil);
      });
      current.on('disconnect', (reason) => {
        clearTimeout(refreshTimer);
        onState({ socket: current, connected: false, error: null });
        // The gateway ended it (token lapsed, login or role changed): Socket.io does not retry those by itself.
        if (reason === 'io server disconnect' && !closed) reconnectTimer = setTimeout(() => current.connect(), options.reconnectAfterMs ?? 1000);
      });
      current.on('connect_error', (error) => onState({ socket: current, connected: false, error: siteRefusal ?? error.message }));
      onState({ socket: current, connected: false, error: null });
    },
    (error: unknown) => onState({ socket: null, connected: false, error: messageOf(error) }),
  );

  return () => {
    closed = true;
    clearTimeout(refreshTimer);
    clearTimeout(reconnectTimer);
    socket?.disconnect();
  };
}
