'use client';
// One Socket.io connection per page to the real-time gateway, shared by every live
// component through context. The token comes from the site (a same-origin POST to
// `tokenEndpoint` answering { token, url }) and is fetched again on every reconnect, so
// an expired token never locks a page out. After any (re)connect, components re-follow
// their rooms through useOnConnect: the gateways' pub/sub adapter cannot restore them.
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
}

async function fetchToken(endpoint: string): Promise<TokenAnswer> {
  const response = await fetch(endpoint, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`the site refused a live-updates token (${response.status}); log in again`);
  return (await response.json()) as TokenAnswer;
}

export function RealtimeProvider(props: { tokenEndpoint?: string; children: ReactNode }) {
  const endpoint = props.tokenEndpoint ?? '/api/realtime/token';
  const [state, setState] = useState<RealtimeState>({ socket: null, connected: false, error: null });

  useEffect(() => {
    let socket: Socket | null = null;
    let cancelled = false;
    fetchToken(endpoint).then(
      (first) => {
        if (cancelled) return;
        let pending: TokenAnswer | null = first;
        socket = io(first.url, {
          transports: ['websocket'],
          auth: (callback) => {
            const ready = pending;
            pending = null;
            if (ready) callback({ token: ready.token });
            else fetchToken(endpoint).then((fresh) => callback({ token: fresh.token }), () => callback({ token: '' }));
          },
        });
        const current = socket;
        current.on('connect', () => setState({ socket: current, connected: true, error: null }));
        current.on('disconnect', () => setState({ socket: current, connected: false, error: null }));
        current.on('connect_error', (error) => setState({ socket: current, connected: false, error: error.message }));
        setState({ socket: current, connected: false, error: null });
      },
      (error: unknown) => setState({ socket: null, connected: false, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
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
