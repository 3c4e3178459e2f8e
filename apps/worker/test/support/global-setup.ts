// One migrated PostgreSQL database for the run (real roles and row-level security) and a
// run id for BullMQ prefixes and emitter keys, so parallel runs never share a queue.
import { randomBytes } from 'node:crypto';
import type { DatabaseUrls } from '@swarmhost/config';
import { createTestDatabase } from '@swarmhost/db/testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrls: DatabaseUrls;
    runId: string;
  }
}

export default async function setup(project: TestProject) {
  const database = await createTestDatabase({ prefix: 'swarmhost_worker_test' });
  project.provide('databaseUrls', database.urls);
  project.provide('runId', randomBytes(4).toString('hex'));
  return async () => {
    await database.drop();
  };
}
