// Lossless, idempotent ledger drain for the flusher.
//
// Why it cannot lose an entry: an announce runs its script, THEN adds the swarm to the
// dirty set; a drain takes the swarm out of the dirty set (claim), THEN renames the
// swarm's ledger into the batch (move). Whatever an announce wrote after a move is
// followed by its own SADD, which comes after the claim, so the swarm is dirty again.
// (Sending the SADD first would leave a window: claim, move, script → orphaned entry.)
// Reaped swarms that still hold a ledger are re-marked dirty as a second net.
//
// Why it cannot count twice: RENAME moves each entry exactly once; a repeated move
// never overwrites an existing batch key; the flusher records applied batch ids.
import type { BeginDrainInput, DrainBatch, LedgerEntry, SwarmSnapshot } from '../store.js';
import { parseSwarmId } from '../swarm-id.js';
import { batchLedgerKey, batchSwarmsKey, swarmKeysById } from './keys.js';
import { decodeLedgerTotals } from './ledger-codec.js';
import { replyArray, replyBuffer, replyNumber } from './lua-script.js';
import type { RedisStoreContext } from './redis-store.js';
import { SCRIPTS } from './scripts/index.js';

/** Swarms one batch may claim at most (bounded by Lua's unpack stack as well). */
export const MAX_DRAIN_LIMIT = 5000;

export async function beginDrain(context: RedisStoreContext, input: BeginDrainInput): Promise<DrainBatch> {
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > MAX_DRAIN_LIMIT) {
    throw new Error(`drain limit ${input.limit} out of range: use an integer from 1 to ${MAX_DRAIN_LIMIT}`);
  }
  return claimAndMove(context, input.batchId, input.limit, input.nowMs);
}

async function claimAndMove(
  context: RedisStoreContext,
  batchId: string,
  limit: number,
  nowMs: number,
): Promise<DrainBatch> {
  const { redis, prefix, drain } = context;
  const claimed = replyArray(
    await SCRIPTS.claim.run(redis, [drain.dirty, drain.pending, batchSwarmsKey(prefix, batchId)], [batchId, String(limit)]),
    'drain claim',
  ).map((id) => replyBuffer(id, 'drain claim id').toString());
  const moved = await Promise.all(claimed.map((id) => moveSwarm(context, batchId, id, nowMs)));
  return {
    batchId,
    entries: moved.flatMap((swarm) => swarm.entries),
    swarms: moved.map((swarm) => swarm.snapshot),
  };
}

async function moveSwarm(
  context: RedisStoreContext,
  batchId: string,
  id: string,
  nowMs: number,
): Promise<{ entries: LedgerEntry[]; snapshot: SwarmSnapshot }> {
  const { redis, prefix } = context;
  const keys = swarmKeysById(prefix, id);
  const reply = replyArray(
    await SCRIPTS.move.run(
      redis,
      [keys.ledger, batchLedgerKey(prefix, id, batchId), keys.seeders, keys.leechers, keys.partials, keys.meta],
      [String(nowMs)],
    ),
    'drain move',
  );
  const { tenantId, infoHash } = parseSwarmId(id);
  const pairs = replyArray(reply[0], 'drain move entries');
  const entries: LedgerEntry[] = [];
  for (let index = 0; index + 1 < pairs.length; index += 2) {
    const memberId = replyBuffer(pairs[index], 'ledger member').toString();
    const totals = decodeLedgerTotals(replyBuffer(pairs[index + 1], 'ledger totals'));
    entries.push({ tenantId, infoHash, memberId, ...totals });
  }
  const snapshot: SwarmSnapshot = {
    tenantId,
    infoHash,
    complete: replyNumber(reply[1], 'drain complete'),
    incomplete: replyNumber(reply[2], 'drain incomplete'),
    downloaders: replyNumber(reply[3], 'drain downloaders'),
    downloaded: replyNumber(reply[4], 'drain downloaded'),
  };
  return { entries, snapshot };
}

/** Deletes the batch's ledger copies, then (atomically) the batch and its pending mark. */
export async function completeDrain(context: RedisStoreContext, batchId: string): Promise<void> {
  const { redis, prefix, drain } = context;
  const batchKey = batchSwarmsKey(prefix, batchId);
  const ids = await redis.smembers(batchKey);
  await Promise.all(ids.map((id) => redis.del(batchLedgerKey(prefix, id, batchId))));
  await redis.multi().del(batchKey).srem(drain.pending, batchId).exec();
}

/** Every begun, not completed batch with its content; finishes interrupted moves. */
export async function pendingDrains(context: RedisStoreContext, nowMs: number): Promise<DrainBatch[]> {
  const batchIds = await context.redis.smembers(context.drain.pending);
  batchIds.sort();
  return Promise.all(batchIds.map((batchId) => claimAndMove(context, batchId, 1, nowMs)));
}
