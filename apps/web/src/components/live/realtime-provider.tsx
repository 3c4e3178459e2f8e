'use client';
// One Socket.io connection per page to the real-time gateway (live-connection.ts: token
// from the site, refreshed before expiry, reconnect when the gateway ends the socket),
// shared by every live component through context. After any (re)connect, components
// re-follow their rooms through useOnConnect.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Socket } from 'socket.io-client';
import { openLiveConnection, type LiveConnectionState, type TokenAnswer } from './live-connection';

export { requestLive, type AckError } from './live-connection';

export type RealtimeState = LiveConnectionState;

const RealtimeContext = createContext<RealtimeState>({ socket: null, connected: false, error: null });

async function fetchToken(endpoint: string): Promise<TokenAnswer> {
  const response = await fetch(endpoint, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
    throw new Error(typeof body?.error === 'string' ? body.error : `the site refused a live-updates token (${response.status}); log in again`);
  }
  return (await response.json()) as TokenAnswer;
}

export function RealtimeProvider(props: { tokenEndpoint?: string; children: ReactNode }) {
  const endpoint = props.tokenEndpoint ?? '/api/realtime/token';
  const [state, setState] = useState<RealtimeState>({ socket: null, connected: false, error: null });

  useEffect(() => openLiveConnection({ fetchToken: () => fetchToken(endpoint), onState: setState }), [endpoint]);

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
