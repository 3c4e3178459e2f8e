// Lua shared by the scripts that work on one swarm's keys: the key aliases, the peer
// encodings and the stale-peer sweep. Every key a script touches is one of KEYS[1..7],
// all under the swarm's hash tag; nothing builds key names inside Lua.

/** KEYS[1..7] of every per-swarm script, in keys.ts swarmKeyList order. */
export const SWARM_KEY_ALIASES = `
local peersKey = KEYS[1]
local seedersKey = KEYS[2]
local leechersKey = KEYS[3]
local partialsKey = KEYS[4]
local membersKey = KEYS[5]
local metaKey = KEYS[6]
local ledgerKey = KEYS[7]
`;

/**
 * Peer field: 20-byte peer id .. member id. Set member: one byte addresses length ..
 * compact addresses (6 IPv4, 18 IPv6, or 24: IPv4 then IPv6 of a dual-stack peer) ..
 * peer field, so a pick needs no hash lookup. Peer flags:
 * 1 seeding (left = 0), 2 partial seed (BEP 21 paused), 4 completion already counted.
 */
export const SWARM_PEER_HELPERS = `
local function setOf(flags)
  if flags % 2 == 1 then return seedersKey end
  if flags % 4 >= 2 then return partialsKey end
  return leechersKey
end

local function setMember(address, field)
  return string.char(#address) .. address .. field
end

-- Returns how many peers the member has left in the swarm; with the last one goes the
-- member's seed-time mark (meta field 's:' .. member id, see the announce script).
local function forgetPeerOfMember(field)
  local owner = string.sub(field, 21)
  local left = redis.call('HINCRBY', membersKey, owner, -1)
  if left <= 0 then
    redis.call('HDEL', membersKey, owner)
    redis.call('HDEL', metaKey, 's:' .. owner)
  end
  return left
end

-- Removes up to limit peers last seen before floorExclusive; says whether more remain.
local function sweepStale(setKey, floorExclusive, limit)
  local stale = redis.call('ZRANGEBYSCORE', setKey, '-inf', floorExclusive, 'LIMIT', 0, limit)
  local count = #stale
  if count == 0 then return 0, false end
  for i = 1, count do
    local member = stale[i]
    local field = string.sub(member, string.byte(member, 1) + 2)
    redis.call('HDEL', peersKey, field)
    forgetPeerOfMember(field)
  end
  redis.call('ZREM', setKey, unpack(stale))
  local more = count == limit
    and #redis.call('ZRANGEBYSCORE', setKey, '-inf', floorExclusive, 'LIMIT', 0, 1) > 0
  return count, more
end

local function liveCounts(floorInclusive)
  local complete = redis.call('ZCOUNT', seedersKey, floorInclusive, '+inf')
  local downloaders = redis.call('ZCOUNT', leechersKey, floorInclusive, '+inf')
  local partials = redis.call('ZCOUNT', partialsKey, floorInclusive, '+inf')
  return complete, downloaders + partials, downloaders
end
`;
