// One migrated database for the integration tests of the site, dropped at the end.
import type { DatabaseUrls } from '@swarmhost/config';
import { createTestDatabase } from '@swarmhost/db/testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrls: DatabaseUrls;
  }
}

export default async function setup(project: TestProject) {
  const database = await createTestDatabase({ prefix: 'swarmhost_test_web' });
  project.provide('databaseUrls', database.urls);
  return async () => {
    await database.drop();
  };
}
