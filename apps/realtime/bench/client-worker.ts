// One bench client thread: connects its share of sockets to the gateways, follows a
// torrent room each, and records publish→arrival latency of every swarm update. Real
// browsers sit on other machines; threads keep this one process from being the bottleneck.
import { parentPort, workerData } from 'node:worker_threads';
import { GATEWAY_REQUESTS, SWARM_UPDATE_EVENT, type SwarmUpdate } from '@swarmhost/events';
import { io, type Socket } from 'socket.io-client';

export interface ClientWorkerData {
  ports: number[];
  token: string;
  torrentIds: string[];
  /** Global index of this worker's first socket, so rooms spread evenly over all workers. */
  firstIndex: number;
  count: number;
}

const data = workerData as ClientWorkerData;
const now = () => performance.timeOrigin + performance.now();
const sockets: Socket[] = [];
const latencies: number[] = [];

async function connectAll(): Promise<void> {
  for (let index = 0; index < data.count; index += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, data.count - index) }, async (_, offset) => {
        const globalIndex = data.firstIndex + index + offset;
        const socket = io(`http://127.0.0.1:${data.ports[globalIndex % data.ports.length]}`, { auth: { token: data.token }, transports: ['websocket'], forceNew: true, reconnection: false });
        sockets.push(socket);
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        socket.on(SWARM_UPDATE_EVENT, (update: SwarmUpdate) => latencies.push(now() - update.at));
        const answer = (await socket.emitWithAck(GATEWAY_REQUESTS.subscribeTorrents, { torrentId: data.torrentIds[globalIndex % data.torrentIds.length] })) as { ok: boolean };
        if (!answer.ok) throw new Error('subscription refused');
      }),
    );
  }
}

parentPort?.on('message', (message: string) => {
  if (message === 'report') {
    parentPort?.postMessage({ type: 'report', latencies });
    for (const socket of sockets) socket.disconnect();
  }
});

connectAll().then(
  () => parentPort?.postMessage({ type: 'connected' }),
  (error: unknown) => parentPort?.postMessage({ type: 'failed', error: String(error) }),
);
