// Points the shared clients of every test file at the run's own database.
import { afterAll, inject } from 'vitest';
import { configureDatabase, disconnectAll } from '../src/index';

configureDatabase({ urls: inject('databaseUrls') });

afterAll(async () => {
  await disconnectAll();
});
