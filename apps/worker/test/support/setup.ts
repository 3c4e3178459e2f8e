// Points this test process's shared database clients at the run's database.
import { configureDatabase, disconnectAll } from '@swarmhost/db';
import { afterAll, inject } from 'vitest';

configureDatabase({ urls: inject('databaseUrls') });

afterAll(async () => {
  await disconnectAll();
});
