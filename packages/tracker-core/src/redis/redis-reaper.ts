// Reaps swarms nobody announced to for their peer TTL: the swarm index says which are
// due; a per-swarm script drops their stale peers (counts stay exact because they are
// the set sizes) and deletes swarms left empty. Ledgers are never touched here.
import { STALE_SWEEP_PER_REAP } from '../store.js';
import type { ReapInput, ReapResult, SwarmSnapshot } from '../store.js';
import { parseSwarmId } from '../swarm-id.js';
import { swarmKeyList, swarmKeysById } from './keys.js';
import { replyArray, replyNumber } from './lua-script.js';
import type { RedisStoreContext } from './redis-store.js';
import { SCRIPTS } from './scripts/index.js';

/** Used only if a swarm has peers but lost its meta hash, which the scripts never do. */
const FALLBACK_TTL_MS = 3_600_000;

export async function reapStale(context: RedisStoreContext, input: ReapInput): Promise<ReapResult> {
  const { redis, index } = context;
  const due = await redis.zrangebyscore(index, '-inf', input.nowMs, 'LIMIT', 0, input.limit ?? 500);
  const outcomes = await Promise.all(due.map((id) => reapSwarm(context, id, input.nowMs)));
  return {
    peersRemoved: outcomes.reduce((sum, outcome) => sum + outcome.removed, 0),
    swarmsRemoved: outcomes.filter((outcome) => outcome.swarmRemoved).length,
    swarms: outcomes.map((outcome) => outcome.snapshot),
  };
}

async function reapSwarm(
  context: RedisStoreContext,
  id: string,
  nowMs: number,
): Promise<{ removed: number; swarmRemoved: boolean; snapshot: SwarmSnapshot }> {
  const { redis, prefix, drain, index } = context;
  const reply = replyArray(
    await SCRIPTS.reap.run(redis, swarmKeyList(swarmKeysById(prefix, id)), [
      String(nowMs),
      String(STALE_SWEEP_PER_REAP),
      String(FALLBACK_TTL_MS),
    ]),
    'reap',
  );
  const [removed, remaining, moreStale, newestMs, hasLedger, ttlMs, complete, incomplete, downloaders, downloaded] =
    reply.map((value) => replyNumber(value, 'reap'));
  if (hasLedger === 1) await redis.sadd(drain.dirty, id);
  const swarmRemoved = remaining === 0;
  if (swarmRemoved) {
    await SCRIPTS.unindexIfDue.run(redis, [index], [id, String(nowMs)]);
  } else if (moreStale === 0 && newestMs !== undefined && ttlMs !== undefined) {
    await redis.zadd(index, 'GT', newestMs + ttlMs, id);
  }
  const snapshot: SwarmSnapshot = {
    ...parseSwarmId(id),
    complete: complete ?? 0,
    incomplete: incomplete ?? 0,
    downloaders: downloaders ?? 0,
    downloaded: downloaded ?? 0,
  };
  return { removed: removed ?? 0, swarmRemoved, snapshot };
}
