// SwarmStore on Redis 7: one EVALSHA per announce (plus the fire-along bookkeeping
// commands on the same connection), binary-safe replies, cluster-ready key layout.
import { assertBatchId, STALE_SWEEP_PER_ANNOUNCE } from '../store.js';
import type {
  BeginDrainInput,
  DrainBatch,
  ReapInput,
  ReapResult,
  ScrapeInput,
  StoreAnnounceInput,
  StoreAnnounceResult,
  SwarmCounts,
  SwarmStore,
} from '../store.js';
import { assertSwarmParts, swarmId } from '../swarm-id.js';
import { assertKeyPrefix, DEFAULT_KEY_PREFIX, drainKeys, swarmIndexKey, swarmKeyList, swarmKeysById } from './keys.js';
import type { DrainKeys } from './keys.js';
import { isNoScript, replyArray, replyBuffer, replyNumber } from './lua-script.js';
import type { RedisClient } from './lua-script.js';
import { beginDrain, completeDrain, pendingDrains } from './redis-drain.js';
import { reapStale } from './redis-reaper.js';
import { RecentlyIndexed } from './recently-indexed.js';
import { ANNOUNCE_STATUS, SCRIPTS } from './scripts/index.js';

export interface RedisStoreOptions {
  /** A dedicated connection is best: announces keep it busy with pipelined scripts. */
  readonly redis: RedisClient;
  /** Prepended to every key; must not contain braces. Default "tracker:". */
  readonly keyPrefix?: string;
  /** Swarms this process remembers having indexed (see recently-indexed.ts). Default 200k. */
  readonly indexCacheSize?: number;
  /**
   * Keep every multi-swarm call (drain moves and clean-up) within one hash slot. On by
   * default for an ioredis Cluster; a single Redis may batch across slots.
   */
  readonly sameSlotCalls?: boolean;
}

/** What the drain and reaper modules need from the store. */
export interface RedisStoreContext {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly drain: DrainKeys;
  readonly index: string;
  readonly sameSlotCalls: boolean;
}

export class RedisStore implements SwarmStore {
  private readonly context: RedisStoreContext;
  private readonly recentlyIndexed: RecentlyIndexed;

  constructor(options: RedisStoreOptions) {
    const prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    assertKeyPrefix(prefix);
    const sameSlotCalls = options.sameSlotCalls ?? (options.redis as { isCluster?: boolean }).isCluster === true;
    this.context = { redis: options.redis, prefix, drain: drainKeys(prefix), index: swarmIndexKey(prefix), sameSlotCalls };
    this.recentlyIndexed = new RecentlyIndexed(options.indexCacheSize ?? 200_000);
  }

  /**
   * The SADD into the dirty set is sent right after the script on the same connection,
   * never before: a drain that claims the swarm between the two then still sees it
   * again (see redis-drain.ts for why the order matters). The index ZADD goes along
   * only when this process has not indexed the swarm within half a TTL.
   */
  async announce(input: StoreAnnounceInput): Promise<StoreAnnounceResult> {
    assertSwarmParts(input.tenantId, input.infoHash);
    const { redis, prefix, drain, index } = this.context;
    const id = swarmId(input.tenantId, input.infoHash);
    const keys = swarmKeyList(swarmKeysById(prefix, id));
    const args = announceArgs(input);
    const ttlMs = input.peerTtlSeconds * 1000;
    const pending: Promise<unknown>[] = [SCRIPTS.announce.evalsha(redis, keys, args), redis.sadd(drain.dirty, id)];
    if (this.recentlyIndexed.claim(id, input.nowMs, ttlMs / 2)) {
      pending.push(
        redis.zadd(index, 'GT', input.nowMs + ttlMs, id).catch((error: unknown) => {
          this.recentlyIndexed.forget(id);
          throw error;
        }),
      );
    }
    let reply: unknown;
    try {
      [reply] = await Promise.all(pending);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      reply = await SCRIPTS.announce.eval(redis, keys, args);
      await redis.sadd(drain.dirty, id);
    }
    return decodeAnnounceReply(reply);
  }

  async scrape(input: ScrapeInput): Promise<Map<string, SwarmCounts>> {
    const { redis, prefix } = this.context;
    const floorMs = String(input.nowMs - input.peerTtlSeconds * 1000);
    const replies = await Promise.all(
      input.infoHashes.map((infoHash) => {
        assertSwarmParts(input.tenantId, infoHash);
        const keys = swarmKeyList(swarmKeysById(prefix, swarmId(input.tenantId, infoHash)));
        return SCRIPTS.scrape.run(redis, keys, [floorMs]);
      }),
    );
    const counts = new Map<string, SwarmCounts>();
    input.infoHashes.forEach((infoHash, position) => {
      const fields = replyArray(replies[position], 'scrape');
      counts.set(infoHash, {
        complete: replyNumber(fields[0], 'scrape complete'),
        incomplete: replyNumber(fields[1], 'scrape incomplete'),
        downloaders: replyNumber(fields[2], 'scrape downloaders'),
        downloaded: replyNumber(fields[3], 'scrape downloaded'),
      });
    });
    return counts;
  }

  reapStale(input: ReapInput): Promise<ReapResult> {
    return reapStale(this.context, input);
  }

  async beginDrain(input: BeginDrainInput): Promise<DrainBatch> {
    assertBatchId(input.batchId);
    return beginDrain(this.context, input);
  }

  async completeDrain(batchId: string): Promise<void> {
    assertBatchId(batchId);
    return completeDrain(this.context, batchId);
  }

  pendingDrains(nowMs: number): Promise<DrainBatch[]> {
    return pendingDrains(this.context, nowMs);
  }
}

/** ARGV in the order announce-script.ts reads them. */
function announceArgs(input: StoreAnnounceInput): (string | Buffer)[] {
  const peerField = Buffer.concat([Buffer.from(input.peerId, 'hex'), Buffer.from(input.memberId)]);
  return [
    peerField,
    input.memberId,
    input.compactAddress,
    String(input.uploaded),
    String(input.downloaded),
    String(input.left),
    input.event,
    String(input.numwant),
    String(input.nowMs),
    String(input.intervalSeconds),
    String(input.minIntervalSeconds * 1000),
    String(input.nowMs - input.peerTtlSeconds * 1000),
    String(input.peerTtlSeconds * 1000),
    String(input.maxPeersPerMember),
    String(input.creditFactors.downloadFactor),
    String(input.creditFactors.uploadFactor),
    String(STALE_SWEEP_PER_ANNOUNCE),
    String(input.maxBytesPerSecond),
  ];
}

function decodeAnnounceReply(reply: unknown): StoreAnnounceResult {
  const fields = replyArray(reply, 'announce');
  const status = replyNumber(fields[0], 'announce status');
  const counts = {
    complete: replyNumber(fields[1], 'announce complete'),
    incomplete: replyNumber(fields[2], 'announce incomplete'),
    downloaders: replyNumber(fields[3], 'announce downloaders'),
    downloaded: replyNumber(fields[4], 'announce downloaded'),
    peers4: replyBuffer(fields[5], 'announce peers4'),
    peers6: replyBuffer(fields[6], 'announce peers6'),
  };
  if (status === ANNOUNCE_STATUS.minInterval) return { ...counts, refused: 'min_interval' };
  if (status === ANNOUNCE_STATUS.tooManyPeers) return { ...counts, refused: 'too_many_peers' };
  return counts;
}
