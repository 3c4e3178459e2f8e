// One migrated PostgreSQL database for the whole run (the db package's real migration
// runner, roles and RLS included), dropped at the end.
import type { DatabaseUrls } from '@swarmhost/config';
import { createTestDatabase } from '@swarmhost/db/testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrls: DatabaseUrls;
  }
}

export default async function setup(project: TestProject) {
  const database = await createTestDatabase({ prefix: 'swarmhost_tracker_test' });
  project.provide('databaseUrls', database.urls);
  return async () => {
    await database.drop();
  };
}
