// Scripts off the announce path: BEP 48 scrape counts, the reaper's per-swarm sweep and
// its guarded removal of a swarm from the index.
import { SWARM_KEY_ALIASES, SWARM_PEER_HELPERS } from './swarm-lua.js';

/** KEYS: the 7 swarm keys. ARGV: floorMs. Reply: complete, incomplete, downloaders, completed. */
export const SCRAPE_LUA = `${SWARM_KEY_ALIASES}${SWARM_PEER_HELPERS}
local complete, incomplete, downloaders = liveCounts(ARGV[1])
local completed = tonumber(redis.call('HGET', metaKey, 'completed') or '0')
return { complete, incomplete, downloaders, completed }
`;

/**
 * KEYS: the 7 swarm keys. ARGV: nowMs, sweep limit, fallback TTL ms (when the swarm has
 * no meta). Deletes the swarm's peer keys once it has no peer left; the ledger stays
 * until drained. Reply: removed, remaining, more stale (0/1), newest last-announce ms
 * (-1 if none), ledger exists (0/1), ttl ms, complete, incomplete, downloaders, completed.
 */
export const REAP_LUA = `${SWARM_KEY_ALIASES}${SWARM_PEER_HELPERS}
local nowMs = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local meta = redis.call('HMGET', metaKey, 'ttl', 'completed')
local ttlMs = tonumber(meta[1] or ARGV[3])
local completed = tonumber(meta[2] or '0')
local floorInclusive = string.format('%.17g', nowMs - ttlMs)
local floorExclusive = '(' .. floorInclusive

local removed, moreStale = 0, false
for _, setKey in ipairs({ seedersKey, leechersKey, partialsKey }) do
  local count, more = sweepStale(setKey, floorExclusive, limit)
  removed = removed + count
  moreStale = moreStale or more
end
local complete, incomplete, downloaders = liveCounts(floorInclusive)
local remaining = redis.call('ZCARD', seedersKey) + redis.call('ZCARD', leechersKey)
  + redis.call('ZCARD', partialsKey)
local newestMs = -1
if remaining == 0 then
  redis.call('DEL', peersKey, seedersKey, leechersKey, partialsKey, membersKey, metaKey)
else
  for _, setKey in ipairs({ seedersKey, leechersKey, partialsKey }) do
    local newest = redis.call('ZRANGE', setKey, -1, -1, 'WITHSCORES')
    if newest[2] then newestMs = math.max(newestMs, math.floor(tonumber(newest[2]))) end
  end
end
local moreFlag = 0
if moreStale then moreFlag = 1 end
return { removed, remaining, moreFlag, newestMs, redis.call('EXISTS', ledgerKey), ttlMs,
  complete, incomplete, downloaders, completed }
`;

/**
 * KEYS: the swarm index. ARGV: swarm id, nowMs. Removes the swarm only if no announce
 * pushed its deadline past now meanwhile (announces only ever raise it: ZADD GT).
 */
export const UNINDEX_IF_DUE_LUA = `
local indexKey = KEYS[1]
local deadline = redis.call('ZSCORE', indexKey, ARGV[1])
if deadline and tonumber(deadline) <= tonumber(ARGV[2]) then
  return redis.call('ZREM', indexKey, ARGV[1])
end
return 0
`;
