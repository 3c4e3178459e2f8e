// Redis key layout. Everything about one swarm shares the hash tag {<tenantId>:<infoHash>}
// so a Redis Cluster keeps it in one slot and one Lua script may touch it all; the drain
// bookkeeping shares the tag {ledger}. See README-level notes in src/redis/index.ts.
import { assertSwarmParts, swarmId } from '../swarm-id.js';

export const DEFAULT_KEY_PREFIX = 'tracker:';

export interface SwarmKeys {
  /** Hash: 20-byte peer id + member id → packed uploaded, downloaded, last ms, flags, address. */
  readonly peers: string;
  /** Sorted sets by last-announce score; members: address length, address, peer field. */
  readonly seeders: string;
  readonly leechers: string;
  /** BEP 21 partial seeds (`paused` with left > 0). */
  readonly partials: string;
  /** Hash: member id → number of that member's peers in the swarm. */
  readonly members: string;
  /** Hash: seq, completed, ttl (ms) and one rotation cursor per sorted set. */
  readonly meta: string;
  /** Hash: member id → packed ledger totals since the last drain. */
  readonly ledger: string;
}

export function assertKeyPrefix(prefix: string): void {
  if (prefix.includes('{') || prefix.includes('}')) {
    throw new Error(`invalid key prefix ${JSON.stringify(prefix)}: braces would change the hash tag`);
  }
}

export function swarmKeys(prefix: string, tenantId: string, infoHash: string): SwarmKeys {
  assertSwarmParts(tenantId, infoHash);
  return swarmKeysById(prefix, swarmId(tenantId, infoHash));
}

export function swarmKeysById(prefix: string, id: string): SwarmKeys {
  // One-letter suffixes: seven keys travel with every announce.
  const base = `${prefix}{${id}}:`;
  return {
    peers: `${base}p`,
    seeders: `${base}s`,
    leechers: `${base}l`,
    partials: `${base}x`,
    members: `${base}m`,
    meta: `${base}i`,
    ledger: `${base}g`,
  };
}

/** The seven swarm keys in the order every per-swarm script takes them as KEYS. */
export function swarmKeyList(keys: SwarmKeys): string[] {
  return [keys.peers, keys.seeders, keys.leechers, keys.partials, keys.members, keys.meta, keys.ledger];
}

/** A swarm's ledger once a drain batch has claimed it. */
export function batchLedgerKey(prefix: string, id: string, batchId: string): string {
  return `${prefix}{${id}}:g:${batchId}`;
}

export interface DrainKeys {
  /** Set of swarm ids with ledger entries not yet claimed by a batch. */
  readonly dirty: string;
  /** Set of batch ids begun and not completed. */
  readonly pending: string;
}

export function drainKeys(prefix: string): DrainKeys {
  return { dirty: `${prefix}{ledger}:dirty`, pending: `${prefix}{ledger}:pending` };
}

/** Set of the swarm ids one batch claimed. */
export function batchSwarmsKey(prefix: string, batchId: string): string {
  return `${prefix}{ledger}:batch:${batchId}`;
}

/** Sorted set: swarm id → the time its newest peer expires; what the reaper walks. */
export function swarmIndexKey(prefix: string): string {
  return `${prefix}swarm-index`;
}
