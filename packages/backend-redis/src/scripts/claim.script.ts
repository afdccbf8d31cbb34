import { defineScript } from './lua-script';

/**
 * claim — takes over deliveries idle for at least min-idle ms, and reports how many times each has
 * now been delivered, so the Spine can dead-letter the exhausted ones unrun.
 *
 * Entries handed back (their idle time set to released-idle or more by a consumer that stopped
 * gracefully) are taken in a batch: none of them was started. Entries left by a consumer that
 * died are taken one at a time, and only when the caller asks (`take-crashed` 1: it holds no
 * other such entry), since a crash may have been caused by any of them: one at a time, only the
 * entry that was being handled when a consumer died has its delivery count raised by the next
 * crash, and a poison event cannot take the entries around it to maxDeliveries with it.
 *
 * KEYS[1]  the stream
 * ARGV[1]  the consumer group
 * ARGV[2]  the consumer taking over
 * ARGV[3]  min-idle ms
 * ARGV[4]  the scan cursor (an entry id, inclusive; '0-0' starts over)
 * ARGV[5]  the most entries to take
 * ARGV[6]  released-idle ms
 * ARGV[7]  take-crashed: 1 to take one entry of a dead consumer, 0 to take only handed-back ones
 *
 * Returns { next cursor ('0-0' when the scan is complete),
 *           { { entry id, { field, value… }, delivery count, 1 if crashed else 0 }… } }.
 */
export const CLAIM_SCRIPT = defineScript('claim', `
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], 'IDLE', ARGV[3], ARGV[4], '+', ARGV[5])
local released = tonumber(ARGV[6])
local takeCrashed = ARGV[7] == '1'
local ids, counts, crashed = {}, {}, {}
local skipped = nil
for _, p in ipairs(pending) do
  local isCrashed = tonumber(p[3]) < released
  if isCrashed and not takeCrashed then
    skipped = skipped or p[1]
  else
    ids[#ids + 1] = p[1]
    counts[p[1]] = tonumber(p[4]) + 1
    crashed[p[1]] = isCrashed and 1 or 0
    if isCrashed then takeCrashed = false end
  end
end
-- The next scan starts at the first entry of a dead consumer left for later, else after this page.
local cursor = '0-0'
if skipped then cursor = skipped elseif #pending >= tonumber(ARGV[5]) then cursor = '(' .. pending[#pending][1] end
local claimed = {}
if #ids > 0 then
  for _, entry in ipairs(redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], unpack(ids))) do
    if entry and entry[2] then claimed[#claimed + 1] = { entry[1], entry[2], counts[entry[1]], crashed[entry[1]] } end
  end
end
return { cursor, claimed }
`);
