// Baselines for the profile: our HTTP layer answering a constant body, a bare node:net
// server that answers without parsing, and both again with one Redis script call per
// request (a script that does nothing) — the floor of "one Lua script per announce".
//
//   tsx bench/hello-server.ts <ours|bare|ours-redis|bare-redis|ours-redis-batched> [port] [redis url]
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { createHttpServer } from '../src/http/server';
import { plainAnswer } from '../src/http/response';

const mode = process.argv[2] ?? 'ours';
const port = Number(process.argv[3] ?? 7070);
const body = plainAnswer('d8:intervali1800ee');
const withRedis = mode.includes('-redis');
const redis = withRedis ? new Redis(process.argv[4] ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: true }) : null;
const NOOP = 'return 1';
const noopSha = redis ? String(await redis.script('LOAD', NOOP)) : '';
// '-batched': the calls of one event-loop turn leave as one pipeline (setImmediate),
// instead of ioredis' auto-pipelining, which flushes after every I/O callback.
let turn: Array<(error?: unknown) => void> = [];
function flushTurn(): void {
  const waiting = turn;
  turn = [];
  const pipeline = redis!.pipeline();
  for (let index = 0; index < waiting.length; index++) pipeline.evalsha(noopSha, 0);
  pipeline.exec().then(() => { for (const done of waiting) done(); }, (error: unknown) => { for (const done of waiting) done(error); });
}
const batchedTrip = () =>
  new Promise<void>((resolve, reject) => {
    if (turn.length === 0) setImmediate(flushTurn);
    turn.push((error) => (error ? reject(error) : resolve()));
  });
const roundTrip = redis ? (mode.endsWith('-batched') ? batchedTrip : () => redis.evalsha(noopSha, 0)) : null;

if (mode.startsWith('bare')) {
  const reply = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 18\r\n\r\nd8:intervali1800ee');
  createServer({ noDelay: true }, (socket) => {
    socket.on('data', () => {
      if (roundTrip) void roundTrip().then(() => socket.end(reply), () => socket.destroy());
      else socket.end(reply);
    });
    socket.on('error', () => undefined);
  }).listen(port, '127.0.0.1');
} else {
  const server = createHttpServer({
    handler: roundTrip ? async () => (await roundTrip(), body) : () => body,
    failure: (reason) => plainAnswer(reason),
  });
  await server.listen(port, '127.0.0.1');
}
process.on('SIGINT', () => process.exit(0));
