// One migrated PostgreSQL database for the run (real roles and row-level security) and
// Redis names of its own, so the run never touches development data or other runs.
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
  const database = await createTestDatabase({ prefix: 'swarmhost_realtime_test' });
  project.provide('databaseUrls', database.urls);
  project.provide('runId', randomBytes(4).toString('hex'));
  return async () => {
    await database.drop();
  };
}
