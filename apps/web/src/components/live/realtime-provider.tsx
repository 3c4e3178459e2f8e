'use client';
// One Socket.io connection per page to the real-time gateway, shared by every live
// component through context. The token comes from the site (a same-origin POST to
// `tokenEndpoint` answering { token, url, expiresAt }) and is fetched again on every
// reconnect, so an expired token never locks a page out. A socket lives as long as its
// token: before it expires the page sends a fresh one (`auth:refresh`); when the
// gateway ends the socket anyway (the token lapsed, or the login, role or community
// changed) the page reconnects with a fresh token, or shows why the site refused one.
// After any (re)connect, components re-follow their rooms through useOnConnect.
import { GATEWAY_REQUESTS } from '@swarmhost/events';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';

export interface RealtimeState {
  socket: Socket | null;
  connected: boolean;
  /** Why the gateway refused the connection (e.g. an expired token), if it did. */
  error: string | null;
}

const RealtimeContext = createContext<RealtimeState>({ socket: null, connected: false, error: null });

interface TokenAnswer {
  token: string;
  url: string;
  /** When the token expires, ms since the epoch. */
  expiresAt?: number;
}

async function fetchToken(endpoint: string): Promise<TokenAnswer> {
  const response = await fetch(endpoint, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
    throw new Error(typeof body?.error === 'string' ? body.error : `the site refused a live-updates token (${response.status}); log in again`);
  }
  return (await response.json()) as TokenAnswer;
}

/** How long until the page asks for the next token: a minute before expiry (a quarter of the life of a short token). */
export function refreshDelayMs(expiresAt: number, now: number = Date.now()): number {
  const left = expiresAt - now;
  return Math.max(1000, left - Math.min(60_000, left / 4));
}

/** A moment before reconnecting a socket the gateway ended, so a refused login does not spin. */
const RECONNECT_AFTER_MS = 1000;

export function RealtimeProvider(props: { tokenEndpoint?: string; children: ReactNode }) {
  const endpoint = props.tokenEndpoint ?? '/api/realtime/token';
  const [state, setState] = useState<RealtimeState>({ socket: null, connected: false, error: null });

  useEffect(() => {
    let socket: Socket | null = null;
    let cancelled = false;
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
    /** The expiry of the token the current connection was made with. */
    let connectedUntil: number | undefined;
    /** Why the site last refused a token; shown instead of the gateway's answer to the empty one. */
    let siteRefusal: string | null = null;

    const scheduleRefresh = (expiresAt: number | undefined) => {
      clearTimeout(refreshTimer);
      if (expiresAt === undefined || cancelled) return;
      refreshTimer = setTimeout(() => {
        const current = socket;
        if (!current?.connected) return;
        fetchToken(endpoint)
          .then((fresh) => requestLive<{ expiresAt: number }>(current, GATEWAY_REQUESTS.authRefresh, { token: fresh.token }))
          .then(
            (answer) => scheduleRefresh(answer.expiresAt),
            // Nothing else to do: the gateway ends the socket at expiry and the reconnect asks the site again.
            () => undefined,
          );
      }, refreshDelayMs(expiresAt));
    };

    fetchToken(endpoint).then(
      (first) => {
        if (cancelled) return;
        let pending: TokenAnswer | null = first;
        socket = io(first.url, {
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
              fetchToken(endpoint).then(use, (error: unknown) => {
                siteRefusal = error instanceof Error ? error.message : String(error);
                callback({ token: '' });
              });
          },
        });
        const current = socket;
        current.on('connect', () => {
          setState({ socket: current, connected: true, error: null });
          scheduleRefresh(connectedUntil);
        });
        current.on('disconnect', (reason) => {
          clearTimeout(refreshTimer);
          setState({ socket: current, connected: false, error: null });
          // The gateway ended it (token lapsed, login or role changed): Socket.io does not retry those by itself.
          if (reason === 'io server disconnect' && !cancelled) reconnectTimer = setTimeout(() => current.connect(), RECONNECT_AFTER_MS);
        });
        current.on('connect_error', (error) => setState({ socket: current, connected: false, error: siteRefusal ?? error.message }));
        setState({ socket: current, connected: false, error: null });
      },
      (error: unknown) => setState({ socket: null, connected: false, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
      clearTimeout(refreshTimer);
      clearTimeout(reconnectTimer);
      socket?.disconnect();
    };
  }, [endpoint]);

  return <RealtimeContext.Provider value={state}>{props.children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeState {
  return useContext(RealtimeContext);
}

/** Runs `onConnect` after every (re)connect of the shared socket (to follow rooms again). */
export function useOnConnect(onConnect: (socket: Socket) => void): void {
  const { socket, connected } = useRealtime();
  const latest = useRef(onConnect);
  latest.current = onConnect;
  useEffect(() => {
    if (socket && connected) latest.current(socket);
  }, [socket, connected]);
}

/** Subscribes to a server event on the shared socket for the component's lifetime. */
export function useLiveEvent<Payload>(event: string, listener: (payload: Payload) => void): void {
  const { socket } = useRealtime();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    if (!socket) return;
    const handler = (payload: Payload) => latest.current(payload);
    socket.on(event, handler);
    return () => {
      socket.off(event, handler);
    };
  }, [socket, event]);
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
