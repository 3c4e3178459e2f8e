// One announce in one Redis round trip (BEP 3; BEP 21 partial seeds; BEP 7 IPv6 peers):
// sweep stale peers, refuse or upsert the peer, book the deltas in the ledger, pick
// peers with rotating cursors and return the counts. Mirrors MemoryStore/accounting.ts.
// Peer record: struct '<dddddB' (uploaded, downloaded, last ms, last IPv4 ms, last IPv6
// ms, flags) .. addresses (IPv4 then IPv6, each optional); records written before
// dual-stack peers ('<dddB' .. one address, 31 or 43 bytes) are still read.
import { FLAG_REASON_CODES, MIN_ELAPSED_MS } from '../../accounting.js';
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
local maxBytesPerSecond = tonumber(ARGV[18])
local scoreSteps = ${SCORE_STEPS_PER_MS}
local ipv4 = #address == 6

local meta = redis.call('HMGET', metaKey, 'seq', 'completed', 'seeders', 'partials', 'leechers',
  'lm1', 'lt1', 'lm2', 'lt2')
local seq = tonumber(meta[1] or '0')
local completed = tonumber(meta[2] or '0')
local cursors = { seeders = meta[3], partials = meta[4], leechers = meta[5] }
-- The two latest distinct members seen downloading, newest first (memory-swarm.ts).
local sightings = {}
if meta[6] then sightings[1] = { member = meta[6], ms = tonumber(meta[7]) } end
if meta[8] then sightings[2] = { member = meta[8], ms = tonumber(meta[9]) } end

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
  if #record == 31 or #record == 43 then
    local previousUploaded, previousDownloaded, lastMs, flags = struct.unpack('<dddB', record)
    local last4, last6 = 0, 0
    if #record == 31 then last4 = lastMs else last6 = lastMs end
    previous = { uploaded = previousUploaded, downloaded = previousDownloaded, lastMs = lastMs,
      last4 = last4, last6 = last6, flags = flags, address = string.sub(record, 26) }
  else
    local previousUploaded, previousDownloaded, lastMs, last4, last6, flags = struct.unpack('<dddddB', record)
    previous = { uploaded = previousUploaded, downloaded = previousDownloaded, lastMs = lastMs,
      last4 = last4, last6 = last6, flags = flags, address = string.sub(record, 42) }
  end
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
-- The min interval is per address family: a dual-stack client announces over both.
local early = false
if previous then
  local lastOverFamily = previous.last6
  if ipv4 then lastOverFamily = previous.last4 end
  early = nowMs - lastOverFamily < minIntervalMs
end
if early and event ~= 'completed' and event ~= 'stopped' then
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

local ownerLength = #memberId
-- A set member of this member (the requester's own peers are never handed out).
local function isOwn(member)
  local ownerStart = string.byte(member, 1) + 22
  return #member == ownerStart + ownerLength - 1
    and string.find(member, memberId, ownerStart, true) == ownerStart
end

-- Another member downloading since sinceMs: seen then, or a live downloader now.
local function otherLeechersSince(sinceMs)
  for i = 1, #sightings do
    if sightings[i].member ~= memberId and sightings[i].ms >= sinceMs then return true end
  end
  local live = redis.call('ZRANGEBYSCORE', leechersKey, floorInclusive, '+inf', 'LIMIT', 0, maxPeersPerMember + 1)
  for i = 1, #live do
    if not isOwn(live[i]) then return true end
  end
  return false
end

-- Accounting (accounting.ts accountAnnounce): unknown peers are baselined.
local reportedUploaded, reportedDownloaded = 0, 0
local actualUploaded, actualDownloaded, creditedUploaded, creditedDownloaded = 0, 0, 0, 0
local seedSeconds, leechSeconds, completions, flag = 0, 0, 0, 0
local completionCounted = previous and previous.flags >= 4
local seedMarkField = 's:' .. memberId
-- Written with the other meta fields at the end, unless the member's last peer left.
local newSeedMark = nil
if previous then
  -- Completed: only a known peer that had left > 0 now reporting left == 0.
  if previous.flags % 2 == 0 and left == 0 and not completionCounted then completions = 1 end
  local gapMs = nowMs - previous.lastMs
  local bound = math.min(${Number.MAX_SAFE_INTEGER}, math.floor(math.max(gapMs, ${MIN_ELAPSED_MS}) / 1000 * maxBytesPerSecond))
  if uploaded >= previous.uploaded then reportedUploaded = uploaded - previous.uploaded end
  if downloaded >= previous.downloaded then reportedDownloaded = downloaded - previous.downloaded end
  if reportedUploaded > bound or reportedDownloaded > bound then flag = ${FLAG_REASON_CODES.speed} end
  local uploadBelieved = reportedUploaded == 0 or otherLeechersSince(previous.lastMs)
  if not uploadBelieved and flag == 0 then flag = ${FLAG_REASON_CODES.no_leechers} end
  if uploadBelieved then actualUploaded = math.min(reportedUploaded, bound) end
  actualDownloaded = math.min(reportedDownloaded, bound)
  creditedUploaded = math.floor(actualUploaded * uploadFactor)
  creditedDownloaded = math.floor(actualDownloaded * downloadFactor)
  local cap = 2 * intervalSeconds * 1000
  if previous.flags % 2 == 1 then
    -- Seed time once per member: not again for a gap another of its peers covered.
    local seedFromMs = previous.lastMs
    local mark = tonumber(redis.call('HGET', metaKey, seedMarkField) or '0')
    if mark > seedFromMs then seedFromMs = mark end
    local seedGapMs = nowMs - seedFromMs
    if seedGapMs > 0 then seedSeconds = math.floor(math.min(seedGapMs, cap) / 1000) end
    if nowMs > mark then newSeedMark = string.format('%.17g', nowMs) end
  elseif gapMs > 0 then
    leechSeconds = math.floor(math.min(gapMs, cap) / 1000)
  end
end
completed = completed + completions

local seeding = left == 0
local downloading = not seeding and event ~= 'paused' and event ~= 'stopped'
local sightingsChanged = (previous and previous.flags % 4 == 0) or downloading
if sightingsChanged then
  if sightings[1] and sightings[1].member == memberId then
    sightings[1].ms = nowMs
  else
    sightings[2] = sightings[1]
    sightings[1] = { member = memberId, ms = nowMs }
  end
end
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
  -- One address per family; the other family's stays while it announces within the TTL.
  local address4, address6, last4, last6 = '', '', 0, 0
  if previous then
    local previousLength = #previous.address
    if previous.last4 >= floorMs and (previousLength == 6 or previousLength == 24) then
      address4, last4 = string.sub(previous.address, 1, 6), previous.last4
    end
    if previous.last6 >= floorMs and previousLength >= 18 then
      address6, last6 = string.sub(previous.address, previousLength - 17), previous.last6
    end
  end
  if ipv4 then address4, last4 = address, nowMs else address6, last6 = address, nowMs end
  local addresses = address4 .. address6
  seq = seq + 1
  local score = nowMs + (seq % scoreSteps) / scoreSteps
  if previous then
    if setOf(previous.flags) ~= nextSet or previous.address ~= addresses then
      local previousSet = setOf(previous.flags)
      redis.call('ZREM', previousSet, setMember(previous.address, peerField))
    end
  else
    redis.call('HINCRBY', membersKey, memberId, 1)
  end
  redis.call('ZADD', nextSet, string.format('%.17g', score), setMember(addresses, peerField))
  redis.call('HSET', peersKey, peerField,
    struct.pack('<dddddB', uploaded, downloaded, nowMs, last4, last6, requesterFlags) .. addresses)
end

-- Ledger (ledger.ts addToLedger): flags 1 seeding at the latest announce, 2 still active;
-- values written before reported figures and flags (73 bytes) are still read.
local totals = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }
local packed = redis.call('HGET', ledgerKey, memberId)
if packed then
  if #packed == 73 then
    local old = { struct.unpack('<dddddddddB', packed) }
    totals = { old[1], old[2], old[3], old[4], old[5], old[6], old[7], old[8], old[9], old[1], old[2], 0, old[10], 0 }
  else
    totals = { struct.unpack('<ddddddddddddBB', packed) }
  end
end
local ledgerFlags = 0
if seeding then ledgerFlags = 1 end
if stillActive then ledgerFlags = ledgerFlags + 2 end
local flagged, lastFlag = 0, totals[14]
if flag > 0 then flagged, lastFlag = 1, flag end
redis.call('HSET', ledgerKey, memberId, struct.pack('<ddddddddddddBB',
  totals[1] + actualUploaded, totals[2] + actualDownloaded,
  totals[3] + creditedUploaded, totals[4] + creditedDownloaded,
  totals[5] + seedSeconds, totals[6] + leechSeconds,
  totals[7] + 1, totals[8] + completions, nowMs,
  totals[10] + reportedUploaded, totals[11] + reportedDownloaded, totals[12] + flagged,
  ledgerFlags, lastFlag))

local out4, out6 = {}, {}
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
    if not isOwn(member) then
      -- Addresses: 6 (IPv4), 18 (IPv6) or 24 bytes (both, IPv4 first).
      local addressLength = string.byte(member, 1)
      if addressLength ~= 18 then out4[#out4 + 1] = string.sub(member, 2, 7) end
      if addressLength >= 18 then out6[#out6 + 1] = string.sub(member, addressLength - 16, addressLength + 1) end
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

-- completed and stopped skip the min interval, so they get no peers inside it.
if event ~= 'stopped' and not early then
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
if sightingsChanged then
  for i = 1, #sightings do
    metaFields[#metaFields + 1] = 'lm' .. i
    metaFields[#metaFields + 1] = sightings[i].member
    metaFields[#metaFields + 1] = 'lt' .. i
    metaFields[#metaFields + 1] = string.format('%.17g', sightings[i].ms)
  end
end
if newSeedMark and stillActive then
  metaFields[#metaFields + 1] = seedMarkField
  metaFields[#metaFields + 1] = newSeedMark
end
for name, cursor in pairs(cursors) do
  if cursor then
    metaFields[#metaFields + 1] = name
    metaFields[#metaFields + 1] = cursor
  end
end
redis.call('HSET', metaKey, unpack(metaFields))
return { 0, liveSeeders, liveIncomplete, liveDownloaders, completed, table.concat(out4), table.concat(out6) }
`;
