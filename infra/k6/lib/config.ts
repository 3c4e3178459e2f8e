// What every scenario reads from its environment (k6 run -e NAME=value, or exported
// variables): where the platform is and who the scenario acts as. Missing required
// values stop the run at start with the variable's name.

export interface Seed {
  trackerUrl: string;
  passkeys: string[];
  infoHashes: string[];
}

export function required(name: string): string {
  const value = __ENV[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: see infra/k6/README.md for what each scenario needs`);
  return value;
}

export function optional(name: string, fallback: string): string {
  const value = __ENV[name];
  return value === undefined || value === '' ? fallback : value;
}

export function numberOf(name: string, fallback: number): number {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return value;
}

/**
 * Parses the output of `pnpm cli bench:seed … --out seed.json`. The scenario reads the
 * file itself (open() in its init code), so a relative path is relative to the scenario.
 */
export function parseSeed(text: string, path: string): Seed {
  const seed = JSON.parse(text) as Partial<Seed>;
  if (typeof seed.trackerUrl !== 'string' || !Array.isArray(seed.passkeys) || !Array.isArray(seed.infoHashes)) {
    throw new Error(`${path} is not bench:seed output: expected { trackerUrl, passkeys, infoHashes }`);
  }
  if (seed.passkeys.length === 0 || seed.infoHashes.length === 0) throw new Error(`${path} holds no passkeys or no info hashes`);
  return { trackerUrl: seed.trackerUrl.replace(/\/+$/, ''), passkeys: seed.passkeys, infoHashes: seed.infoHashes };
}

export function pick<Item>(items: readonly Item[]): Item {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('pick: empty list');
  return item;
}

/**
 * The account this VU logs in as: K6_USERNAME may list several (comma-separated, one
 * password). Every login attempt holds a slot of the account's rate limit while its
 * password is checked, so many VUs logging in at once as one account can be refused.
 */
export function accountFor(vuId: number): { username: string; password: string } {
  const usernames = required('K6_USERNAME').split(',').map((name) => name.trim()).filter(Boolean);
  const username = usernames[vuId % usernames.length];
  if (username === undefined) throw new Error('K6_USERNAME names no account');
  return { username, password: required('K6_PASSWORD') };
}
