// The two steps of a lossless ledger drain. Claim takes swarm ids out of the dirty set
// into a named batch (both under the {ledger} tag); move renames each claimed swarm's
// ledger to the batch's key (under the swarm's tag). Both are safe to repeat.

/**
 * KEYS: dirty set, pending set, batch swarm set. ARGV: batch id, limit. A batch already
 * pending returns its swarms unchanged, so an interrupted drain resumes identically.
 */
export const CLAIM_LUA = `
local dirtyKey = KEYS[1]
local pendingKey = KEYS[2]
local batchKey = KEYS[3]
if redis.call('SISMEMBER', pendingKey, ARGV[1]) == 1 then
  return redis.call('SMEMBERS', batchKey)
end
local claimed = redis.call('SPOP', dirtyKey, tonumber(ARGV[2]))
if #claimed > 0 then
  redis.call('SADD', batchKey, unpack(claimed))
  redis.call('SADD', pendingKey, ARGV[1])
end
return claimed
`;

/**
 * Moves several swarms' ledgers in one call. KEYS: six per swarm — ledger, the batch's
 * ledger key, seeders, leechers, partials, meta (see redis-drain.ts for how calls are
 * grouped so a cluster sees one slot per call). ARGV: nowMs. Never overwrites a batch
 * key that exists (a repeated move returns what the first one took; later entries stay
 * live for the next batch). Reply per swarm: { { field, value, … }, complete,
 * incomplete, downloaders, completed }.
 */
export const MOVE_LUA = `
local nowMs = tonumber(ARGV[1])
local replies = {}
for base = 0, #KEYS - 6, 6 do
  local ledgerKey = KEYS[base + 1]
  local batchLedgerKey = KEYS[base + 2]
  local seedersKey = KEYS[base + 3]
  local leechersKey = KEYS[base + 4]
  local partialsKey = KEYS[base + 5]
  local metaKey = KEYS[base + 6]
  if redis.call('EXISTS', batchLedgerKey) == 0 and redis.call('EXISTS', ledgerKey) == 1 then
    redis.call('RENAME', ledgerKey, batchLedgerKey)
  end
  local entries = redis.call('HGETALL', batchLedgerKey)
  local meta = redis.call('HMGET', metaKey, 'ttl', 'completed')
  local completed = tonumber(meta[2] or '0')
  if not meta[1] then
    replies[#replies + 1] = { entries, 0, 0, 0, completed }
  else
    local floorInclusive = string.format('%.17g', nowMs - tonumber(meta[1]))
    local complete = redis.call('ZCOUNT', seedersKey, floorInclusive, '+inf')
    local downloaders = redis.call('ZCOUNT', leechersKey, floorInclusive, '+inf')
    local partials = redis.call('ZCOUNT', partialsKey, floorInclusive, '+inf')
    replies[#replies + 1] = { entries, complete, downloaders + partials, downloaders, completed }
  end
end
return replies
`;
