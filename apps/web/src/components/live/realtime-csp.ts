// The gateway's origins for the site's Content-Security-Policy (connect-src), so pages
// may open their socket to REALTIME_PUBLIC_URL; read once per server process.
import { parseEnv, realtimeTokenShape } from '@swarmhost/config';

let sources: string[] | undefined;

export function realtimeConnectSources(): string[] {
  if (sources) return sources;
  const url = new URL(parseEnv({ REALTIME_PUBLIC_URL: realtimeTokenShape.REALTIME_PUBLIC_URL }).REALTIME_PUBLIC_URL);
  const socketScheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  sources = [url.origin, `${socketScheme}//${url.host}`];
  return sources;
}
