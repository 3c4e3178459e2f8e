// One announce in one Redis round trip (BEP 3; BEP 21 partial seeds; BEP 7 IPv6 peers):
// sweep stale peers, refuse or upsert the peer, book the deltas in the ledger, pick
// peers with rotating cursors and return the counts. Mirrors MemoryStore/accounting.ts.
import { SCORE_STEPS_PER_MS } from '../../store.js';
import { SWARM_KEY_ALIASES, SWARM_PEER_HELPERS } from './swarm-lua.js';

/** ARGV of the announce script, in order. */
export const ANNOUNCE_ARGS = [
  'peerField', 'memberId', 'address', 'uploaded', 'downloaded', 'left', 'event', 'numwant',
  'nowMs', 'intervalSeconds', 'minIntervalMs', 'floorMs', 'ttlMs', 'maxPeersPerMember',
  'downloadFactor', 'uploadFactor', 'sweepLimit',
] as const;

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

sweepStale(seedersKey, floorExclusive, sweepLimit)
sweepStale(leechersKey, floorExclusive, sweepLimit)
sweepStale(partialsKey, floorExclusive, sweepLimit)

local meta = redis.call('HMGET', metaKey, 'seq', 'completed', 'seeders', 'partials', 'leechers')
local seq = tonumber(meta[1] or '0')
local completed = tonumber(meta[2] or '0')
local cursors = { seeders = meta[3], partials = meta[4], leechers = meta[5] }

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
  forgetPeerOfMember(peerField)
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
local memberPeers = tonumber(redis.call('HGET', membersKey, memberId) or '0')
if not previous then
  if event == 'stopped' then return reply(0, '', '') end
  if memberPeers >= maxPeersPerMember then return reply(2, '', '') end
end

-- Accounting (accounting.ts accountAnnounce): unknown peers are baselined.
local actualUploaded, actualDownloaded, creditedUploaded, creditedDownloaded = 0, 0, 0, 0
local seedSeconds, leechSeconds, completions = 0, 0, 0
local completionCounted = previous and previous.flags >= 4
if event == 'completed' and not completionCounted then completions = 1 end
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
if event == 'stopped' then
  removePrevious()
  memberPeers = memberPeers - 1
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
    memberPeers = memberPeers + 1
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
if memberPeers > 0 then ledgerFlags = ledgerFlags + 2 end
redis.call('HSET', ledgerKey, memberId, struct.pack('<dddddddddB',
  totals[1] + actualUploaded, totals[2] + actualDownloaded,
  totals[3] + creditedUploaded, totals[4] + creditedDownloaded,
  totals[5] + seedSeconds, totals[6] + leechSeconds,
  totals[7] + 1, totals[8] + completions, nowMs, ledgerFlags))

local out4, out6 = {}, {}
-- Up to want live peers of one set, never this member's, resuming after the set's
-- cursor and wrapping once, so successive announces hand out every peer in turn.
local function pick(setKey, cursorName, want)
  if want <= 0 then return 0 end
  local cursor = cursors[cursorName]
  local resumes = cursor and tonumber(cursor) >= floorMs
  local taken = 0
  local function consume(entries)
    for i = 1, #entries, 2 do
      if taken == want then return end
      local member = entries[i]
      cursors[cursorName] = entries[i + 1]
      local addressLength = string.byte(member, 1)
      if string.sub(member, addressLength + 22) ~= memberId then
        if addressLength == 6 then
          out4[#out4 + 1] = string.sub(member, 2, 7)
        else
          out6[#out6 + 1] = string.sub(member, 2, addressLength + 1)
        end
        taken = taken + 1
      end
    end
  end
  local lower = floorInclusive
  if resumes then lower = '(' .. cursor end
  consume(redis.call('ZRANGEBYSCORE', setKey, lower, '+inf', 'WITHSCORES', 'LIMIT', 0, want + memberPeers))
  if taken < want and resumes then
    consume(redis.call('ZRANGEBYSCORE', setKey, floorInclusive, cursor,
      'WITHSCORES', 'LIMIT', 0, want - taken + memberPeers))
  end
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
return reply(0, table.concat(out4), table.concat(out6))
`;
