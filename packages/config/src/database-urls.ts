// Derives the three PostgreSQL connection strings from DATABASE_URL: the owner (for
// migrations), the application role and the system role, unless set explicitly.
export const APP_ROLE = 'swarmhost_app';
export const SYSTEM_ROLE = 'swarmhost_system';

export interface DatabaseUrls {
  owner: string;
  app: string;
  system: string;
}

export function withRole(url: string, role: string, password: string | undefined): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = password ?? '';
  return parsed.toString();
}

export function databaseUrls(env: {
  DATABASE_URL: string;
  DATABASE_APP_URL?: string | undefined;
  DATABASE_SYSTEM_URL?: string | undefined;
  APP_DB_PASSWORD?: string | undefined;
}): DatabaseUrls {
  return {
    owner: env.DATABASE_URL,
    app: env.DATABASE_APP_URL ?? withRole(env.DATABASE_URL, APP_ROLE, env.APP_DB_PASSWORD),
    system: env.DATABASE_SYSTEM_URL ?? withRole(env.DATABASE_URL, SYSTEM_ROLE, env.APP_DB_PASSWORD),
  };
}
