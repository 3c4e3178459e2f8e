// Baseline for the profile: our HTTP layer answering a constant body, and a bare
// node:net server that answers without parsing, to measure what the layer costs.
import { createServer } from 'node:net';
import { createHttpServer } from '../src/http/server';
import { plainAnswer } from '../src/http/response';

const mode = process.argv[2] ?? 'ours';
const port = Number(process.argv[3] ?? 7070);
const body = plainAnswer('d8:intervali1800ee');
if (mode === 'bare') {
  const reply = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 18\r\n\r\nd8:intervali1800ee');
  createServer({ noDelay: true }, (socket) => {
    socket.on('data', () => socket.end(reply));
    socket.on('error', () => undefined);
  }).listen(port, '127.0.0.1');
} else {
  const server = createHttpServer({ handler: () => body, failure: (reason) => plainAnswer(reason) });
  await server.listen(port, '127.0.0.1');
}
process.on('SIGINT', () => process.exit(0));
