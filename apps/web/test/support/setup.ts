// Points the shared database clients of every test file at the run's own database.
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { afterAll, inject } from 'vitest';

configureDatabase({ urls: inject('databaseUrls') });

afterAll(async () => {
  await disconnectAll();
});
