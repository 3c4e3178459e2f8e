// Measures what node:cluster's scheduling policy costs per new connection: round-robin
// (the primary accepts and hands each socket to a worker over IPC) vs the workers
// accepting on the shared listen socket themselves (SCHED_NONE).
import cluster from 'node:cluster';

const policy = process.argv[2] === 'rr' ? cluster.SCHED_RR : cluster.SCHED_NONE;
cluster.schedulingPolicy = policy;
if (cluster.isPrimary) {
  for (let index = 0; index < 2; index++) cluster.fork();
  process.on('SIGINT', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  });
} else {
  const { createHttpServer } = await import('../src/http/server');
  const { plainAnswer } = await import('../src/http/response');
  const body = plainAnswer('d8:intervali1800ee');
  await createHttpServer({ handler: () => body, failure: (reason) => plainAnswer(reason) }).listen(
    Number(process.argv[3] ?? 7072),
    '127.0.0.1',
  );
}
