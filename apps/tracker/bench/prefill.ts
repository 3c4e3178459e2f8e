// Prefills a tracker with peers over HTTP (64 connections, one request in flight each,
// kept alive where the tracker allows it; opentracker closes after every answer), the
// same way for every tracker under test, counting answers that were failures.
import { connect, type Socket } from 'node:net';

function send(socket: Socket, request: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('error', onClosed);
      socket.off('close', onClosed);
    };
    const onClosed = () => {
      cleanup();
      reject(new Error('connection closed before the answer'));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      const data = chunks.length === 1 ? chunk : Buffer.concat(chunks);
      const headEnd = data.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const match = /content-length:\s*(\d+)/i.exec(data.toString('latin1', 0, headEnd));
      const length = match === null ? 0 : Number(match[1]);
      if (data.length < headEnd + 4 + length) return;
      cleanup();
      resolve(data.subarray(headEnd + 4, headEnd + 4 + length));
    };
    socket.on('data', onData);
    socket.once('error', onClosed);
    socket.once('close', onClosed);
    socket.write(request);
  });
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.setNoDelay(true);
    socket.once('error', reject);
  });
}

export async function prefill(port: number, paths: readonly string[], connections = 64): Promise<{ ok: number; failed: number }> {
  let next = 0;
  let ok = 0;
  let failed = 0;
  const worker = async () => {
    let socket = await open(port);
    while (next < paths.length) {
      const path = paths[next++]!;
      for (let attempt = 0; ; attempt += 1) {
        if (socket.destroyed || socket.readableEnded || socket.writableEnded) socket = await open(port);
        try {
          const body = await send(socket, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
          if (body.includes('failure reason')) failed += 1;
          else ok += 1;
          break;
        } catch {
          socket.destroy();
          if (attempt >= 3) {
            failed += 1;
            break;
          }
        }
      }
    }
    socket.destroy();
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return { ok, failed };
}
