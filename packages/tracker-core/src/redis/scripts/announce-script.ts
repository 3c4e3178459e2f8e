// One announce in one Redis round trip (BEP 3; BEP 21 partial seeds; BEP 7 IPv6 peers):
// sweep stale peers, refuse or upsert the peer, book the deltas in the ledger, pick
// peers with rotating cursors and return the counts. Mirrors MemoryStore/accounting.ts.
import { SCORE_STEPS_PER_MS } from '../../store.js';
import { SWARM_KEY_ALIASES, SWARM_PEER_HELPERS } from './swarm-lua.js';

/** First element of the reply. */
export const ANNOUNCE_STATUS = { ok: 0, minInterval: 1, tooManyPeers: 2 } as const;

export const ANNOUNCE_LUA = `${SWARM_KEY_ALIASES}${SWARM_PEER_HELPERS}
local peerField = ARGV[1]
local memberId = ARGV[2]
local address = ARGV[3]
local uploaded = tonumber(ARGV[4])
local downloaded = tonumber(ARGV[5])
local left = tonumber(ARGV[6])
local event = ARGV[7]
local numwant = tonumber(ARGV[8])
local nowMs = tonumber(ARGV[9])
local intervalSeconds = tonumber(ARGV[10])
local minIntervalMs = tonumber(ARGV[11])
local floorInclusive = ARGV[12]
local floorMs = tonumber(floorInclusive)
local floorExclusive = '(' .. floorInclusive
local ttlMs = ARGV[13]
local maxPeersPerMember = tonumber(ARGV[14])
local downloadFactor = tonumber(ARGV[15])
local uploadFactor = tonumber(ARGV[16])
local sweepLimit = tonumber(ARGV[17])
local scoreSteps = ${SCORE_STEPS_PER_MS}

local meta = redis.call('HMGET', metaKey, 'seq', 'completed', 'seeders', 'partials', 'leechers')
local seq = tonumber(meta[1] or '0')
local completed = tonumber(meta[2] or '0')
local cursors = { seeders = meta[3], partials = meta[4], leechers = meta[5] }

-- One set per announce, in turn: stale peers leave within three announces while the
-- counts and picks below ignore them already (they only look at scores >= floor).
local sweepTurn = seq % 3
if sweepTurn == 0 then
  sweepStale(seedersKey, floorExclusive, sweepLimit)
elseif sweepTurn == 1 then
  sweepStale(leechersKey, floorExclusive, sweepLimit)
else
  sweepStale(partialsKey, floorExclusive, sweepLimit)
end

local function reply(status, peers4, peers6)
  local complete, incomplete, downloaders = liveCounts(floorInclusive)
  return { status, complete, incomplete, downloaders, completed, peers4, peers6 }
end

local previous = nil
local record = redis.call('HGET', peersKey, peerField)
if record then
  local previousUploaded, previousDownloaded, lastMs, flags = struct.unpack('<dddB', record)
  previous = { uploaded = previousUploaded, downloaded = previousDownloaded, lastMs = lastMs,
    flags = flags, address = string.sub(record, 26) }
end

local function removePrevious()
  local previousSet = setOf(previous.flags)
  redis.call('ZREM', previousSet, setMember(previous.address, peerField))
  redis.call('HDEL', peersKey, peerField)
  return forgetPeerOfMember(peerField)
end

-- A peer past its TTL the bounded sweep has not reached yet counts as gone.
if previous and previous.lastMs < floorMs then
  removePrevious()
  previous = nil
end
if previous and event ~= 'completed' and event ~= 'stopped'
  and nowMs - previous.lastMs < minIntervalMs then
  return reply(1, '', '')
end
-- A new peer must fit under the member's limit (re-announcing peers already count).
local function peersOfMember()
  return tonumber(redis.call('HGET', membersKey, memberId) or '0')
end
if not previous then
  if event == 'stopped' then return reply(0, '', '') end
  if peersOfMember() >= maxPeersPerMember then
    -- Its own expired peers may not have been swept yet: sweep every set and recount.
    sweepStale(seedersKey, floorExclusive, sweepLimit)
    sweepStale(leechersKey, floorExclusive, sweepLimit)
    sweepStale(partialsKey, floorExclusive, sweepLimit)
    if peersOfMember() >= maxPeersPerMember then return reply(2, '', '') end
  end
end

-- Accounting (accounting.ts accountAnnounce): unknown peers are baselined.
local actualUploaded, actualDownloaded, creditedUploaded, creditedDownloaded = 0, 0, 0, 0
local seedSeconds, leechSeconds, completions = 0, 0, 0
local completionCounted = previous and previous.flags >= 4
-- Completed: the event, or a known peer that had left > 0 now reports left == 0.
local finished = event == 'completed' or (previous and previous.flags % 2 == 0 and left == 0)
if finished and not completionCounted then completions = 1 end
if previous then
  if uploaded >= previous.uploaded then actualUploaded = uploaded - previous.uploaded end
  if downloaded >= previous.downloaded then actualDownloaded = downloaded - previous.downloaded end
  creditedUploaded = math.floor(actualUploaded * uploadFactor)
  creditedDownloaded = math.floor(actualDownloaded * downloadFactor)
  local gapMs = nowMs - previous.lastMs
  if gapMs > 0 then
    local seconds = math.floor(math.min(gapMs, 2 * intervalSeconds * 1000) / 1000)
    if previous.flags % 2 == 1 then seedSeconds = seconds else leechSeconds = seconds end
  end
end
completed = completed + completions

local seeding = left == 0
local requesterFlags = 0
local stillActive = true
if event == 'stopped' then
  stillActive = removePrevious() > 0
else
  local nextSet = leechersKey
  if seeding then
    requesterFlags = 1
    nextSet = seedersKey
  elseif event == 'paused' then
    requesterFlags = 2
    nextSet = partialsKey
  end
  if completions == 1 or completionCounted then requesterFlags = requesterFlags + 4 end
  seq = seq + 1
  local score = nowMs + (seq % scoreSteps) / scoreSteps
  if previous then
    if setOf(previous.flags) ~= nextSet or previous.address ~= address then
      local previousSet = setOf(previous.flags)
      redis.call('ZREM', previousSet, setMember(previous.address, peerField))
    end
  else
    redis.call('HINCRBY', membersKey, memberId, 1)
  end
  redis.call('ZADD', nextSet, string.format('%.17g', score), setMember(address, peerField))
  redis.call('HSET', peersKey, peerField,
    struct.pack('<dddB', uploaded, downloaded, nowMs, requesterFlags) .. address)
end

-- Ledger (ledger.ts addToLedger): flags 1 seeding at the latest announce, 2 still active.
local totals = { 0, 0, 0, 0, 0, 0, 0, 0 }
local packed = redis.call('HGET', ledgerKey, memberId)
if packed then totals = { struct.unpack('<dddddddd', packed) } end
local ledgerFlags = 0
if seeding then ledgerFlags = 1 end
if stillActive then ledgerFlags = ledgerFlags + 2 end
redis.call('HSET', ledgerKey, memberId, struct.pack('<dddddddddB',
  totals[1] + actualUploaded, totals[2] + actualDownloaded,
  totals[3] + creditedUploaded, totals[4] + creditedDownloaded,
  totals[5] + seedSeconds, totals[6] + leechSeconds,
  totals[7] + 1, totals[8] + completions, nowMs, ledgerFlags))

local out4, out6 = {}, {}
local ownerLength = #memberId
local liveSeeders, liveIncomplete, liveDownloaders = liveCounts(floorInclusive)
local liveSizes = { seeders = liveSeeders, leechers = liveDownloaders,
  partials = liveIncomplete - liveDownloaders }
-- Own peers (and this peer) may sit among the candidates: fetch that many more.
local ownAllowance = maxPeersPerMember

local function consume(members, want, taken)
  local last = nil
  for i = 1, #members do
    if taken == want then break end
    local member = members[i]
    last = member
    local addressLength = string.byte(member, 1)
    local ownerStart = addressLength + 22
    local own = #member == ownerStart + ownerLength - 1
      and string.find(member, memberId, ownerStart, true) == ownerStart
    if not own then
      if addressLength == 6 then
        out4[#out4 + 1] = string.sub(member, 2, 7)
      else
        out6[#out6 + 1] = string.sub(member, 2, addressLength + 1)
      end
      taken = taken + 1
    end
  end
  return taken, last
end

-- Up to want live peers of one set, never this member's. A set that fits is taken
-- whole; a larger one is walked on from its cursor, wrapping once, so successive
-- announces hand out every peer in turn. The cursor is the score of the last member
-- looked at, read with one ZSCORE (fetching every score would cost more).
local function pick(setKey, setName, want)
  local size = liveSizes[setName]
  if want <= 0 or size == 0 then return 0 end
  if size <= want then
    return (consume(redis.call('ZRANGEBYSCORE', setKey, floorInclusive, '+inf'), want, 0))
  end
  local cursor = cursors[setName]
  local resumes = cursor and tonumber(cursor) >= floorMs
  local lower = floorInclusive
  if resumes then lower = '(' .. cursor end
  local taken, last = consume(
    redis.call('ZRANGEBYSCORE', setKey, lower, '+inf', 'LIMIT', 0, want + ownAllowance), want, 0)
  if taken < want and resumes then
    local wrappedLast
    taken, wrappedLast = consume(redis.call('ZRANGEBYSCORE', setKey, floorInclusive, cursor,
      'LIMIT', 0, want - taken + ownAllowance), want, taken)
    last = wrappedLast or last
  end
  if last then cursors[setName] = redis.call('ZSCORE', setKey, last) end
  return taken
end

if event ~= 'stopped' then
  local want = numwant
  if seeding or event == 'paused' then
    -- Seeders and partial seeds want nothing: they only get downloaders.
    pick(leechersKey, 'leechers', want)
  else
    want = want - pick(seedersKey, 'seeders', want)
    want = want - pick(partialsKey, 'partials', want)
    pick(leechersKey, 'leechers', want)
  end
end

local metaFields = { 'seq', seq, 'completed', completed, 'ttl', ttlMs }
for name, cursor in pairs(cursors) do
  if cursor then
    metaFields[#metaFields + 1] = name
    metaFields[#metaFields + 1] = cursor
  end
end
redis.call('HSET', metaKey, unpack(metaFields))
return { 0, liveSeeders, liveIncomplete, liveDownloaders, completed, table.concat(out4), table.concat(out6) }
`;
