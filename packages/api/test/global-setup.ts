// One migrated database for the whole run, dropped at the end.
import type { DatabaseUrls } from '@swarmhost/config';
import type { TestProject } from 'vitest/node';
import { createTestDatabase } from '@swarmhost/db/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrls: DatabaseUrls;
  }
}

export default async function setup(project: TestProject) {
  const database = await createTestDatabase({ prefix: 'swarmhost_test_api' });
  project.provide('databaseUrls', database.urls);
  return async () => {
    await database.drop();
  };
}
