// `pnpm db:migrate`: creates the database and roles if missing, applies pending
// migrations, grants the roles. Safe to run any number of times.
import { loadDatabaseEnv } from '../src/env';
import { migrate, MigrationError } from '../src/migrations/run-migrations';
import { redact } from '../src/migrations/roles';

async function main() {
  const { urls } = loadDatabaseEnv();
  console.log(`Migrating ${redact(urls.owner)}`);
  await migrate({
    ownerUrl: urls.owner,
    appUrl: urls.app,
    systemUrl: urls.system,
    log: (line) => console.log(line),
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof MigrationError ? error.message : error);
    process.exit(1);
  },
);
