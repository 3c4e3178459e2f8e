import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Start-up tests spawn real processes on a shared two-core machine: one file at a time.
    fileParallelism: false,
  },
});
