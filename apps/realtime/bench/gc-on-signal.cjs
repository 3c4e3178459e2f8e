/* global process */
// Bench-only preload for gateway processes started with --expose-gc: SIGUSR2 runs a full
// garbage collection, so memory per socket is measured without collectable garbage.
process.on('SIGUSR2', () => {
  if (typeof globalThis.gc === 'function') globalThis.gc();
});
