// Next.js calls register() once when the server starts, before the first request
// (next start, the standalone server.js, next dev). The site's whole configuration is
// read here, so a missing or bad variable stops the process with the variable's name
// and a non-zero exit instead of a "Ready" server that answers 500 to every page.
import { ConfigError, loadRealtimeTokenConfig } from '@swarmhost/config';
import { databaseSettings } from '@swarmhost/db';
import { webConfig } from './server/env';

export function register(): void {
  try {
    webConfig();
    loadRealtimeTokenConfig();
    databaseSettings();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nThe site did not start: fix the variable above (see .env.example).\n`);
    process.exit(1);
  }
}
