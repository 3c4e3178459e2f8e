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
//
// Cost: the moves and the clean-up go in calls of up to MOVE_CHUNK swarms, not one call
// per swarm. On a Redis Cluster (or with sameSlotCalls) a call only groups swarms whose
// hash tags share a slot, so every call still touches one slot.
import type { BeginDrainInput, DrainBatch, LedgerEntry, SwarmSnapshot } from '../store.js';
import { parseSwarmId } from '../swarm-id.js';
import { clusterKeySlot } from './cluster-slot.js';
import { batchLedgerKey, batchSwarmsKey, swarmKeysById } from './keys.js';
import { decodeLedgerTotals } from './ledger-codec.js';
import { replyArray, replyBuffer, replyNumber } from './lua-script.js';
import type { RedisStoreContext } from './redis-store.js';
import { SCRIPTS } from './scripts/index.js';

/** Swarms one batch may claim at most (bounded by Lua's unpack stack as well). */
export const MAX_DRAIN_LIMIT = 5000;
/** Swarms per move or clean-up call (six keys each). */
export const MOVE_CHUNK = 200;

/** Splits swarm ids into the groups one call may carry: by slot when calls must stay in one. */
export function callGroups(ids: readonly string[], sameSlotCalls: boolean, chunk: number = MOVE_CHUNK): string[][] {
  const bySlot = new Map<number, string[]>();
  for (const id of ids) {
    const slot = sameSlotCalls ? clusterKeySlot(`{${id}}`) : 0;
    const group = bySlot.get(slot);
    if (group === undefined) bySlot.set(slot, [id]);
    else group.push(id);
  }
  const groups: string[][] = [];
  for (const group of bySlot.values()) {
    for (let start = 0; start < group.length; start += chunk) groups.push(group.slice(start, start + chunk));
  }
  return groups;
}

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
  const moved = (
    await Promise.all(callGroups(claimed, context.sameSlotCalls).map((group) => moveSwarms(context, batchId, group, nowMs)))
  ).flat();
  return {
    batchId,
    entries: moved.flatMap((swarm) => swarm.entries),
    swarms: moved.map((swarm) => swarm.snapshot),
  };
}

async function moveSwarms(
  context: RedisStoreContext,
  batchId: string,
  ids: readonly string[],
  nowMs: number,
): Promise<{ entries: LedgerEntry[]; snapshot: SwarmSnapshot }[]> {
  const { redis, prefix } = context;
  const keys = ids.flatMap((id) => {
    const swarm = swarmKeysById(prefix, id);
    return [swarm.ledger, batchLedgerKey(prefix, id, batchId), swarm.seeders, swarm.leechers, swarm.partials, swarm.meta];
  });
  const replies = replyArray(await SCRIPTS.move.run(redis, keys, [String(nowMs)]), 'drain move');
  if (replies.length !== ids.length) throw new Error(`drain move: expected ${ids.length} replies, got ${replies.length}`);
  return ids.map((id, position) => decodeMove(id, replyArray(replies[position], 'drain move swarm')));
}

function decodeMove(id: string, reply: unknown[]): { entries: LedgerEntry[]; snapshot: SwarmSnapshot } {
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
  await Promise.all(
    callGroups(ids, context.sameSlotCalls).map((group) => redis.del(...group.map((id) => batchLedgerKey(prefix, id, batchId)))),
  );
  await redis.multi().del(batchKey).srem(drain.pending, batchId).exec();
}

/** Every begun, not completed batch with its content; finishes interrupted moves. */
export async function pendingDrains(context: RedisStoreContext, nowMs: number): Promise<DrainBatch[]> {
  const batchIds = await context.redis.smembers(context.drain.pending);
  batchIds.sort();
  return Promise.all(batchIds.map((batchId) => claimAndMove(context, batchId, 1, nowMs)));
}
