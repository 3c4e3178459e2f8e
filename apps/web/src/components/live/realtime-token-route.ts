// Server side of the live components: POST /api/realtime/token (same-origin only)
// answers what realtimeTokenAnswer decides for this request's site and login.
import { loadRealtimeTokenConfig, type RealtimeTokenConfig } from '@swarmhost/config';
import { pageContext } from '~/server/page-context';
import { realtimeTokenAnswer } from './realtime-token-answer';

let config: RealtimeTokenConfig | undefined;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}

export async function POST(request: Request): Promise<Response> {
  const origin = request.headers.get('origin');
  const host = request.headers.get('host');
  if (origin !== null && host !== null && new URL(origin).host !== host) return json(403, { error: 'cross-origin requests cannot get a live-updates token' });
  config ??= loadRealtimeTokenConfig();
  const { context } = await pageContext();
  const answer = realtimeTokenAnswer(context, config);
  return json(answer.status, answer.body);
}
