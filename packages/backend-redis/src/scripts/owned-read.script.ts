import { defineScript } from './lua-script';

/**
 * owned-read — reads a partition this consumer holds the lease of: first the entries still pending
 * for other consumers of the group (a previous owner's, handed back or left by a crash), in entry-id
 * order, then, once there are none, new entries (`>`). Fenced by the lease: a consumer whose lease
 * expired (or went to another) reads nothing, however late its call arrives.
 *
 * Entries handed back (idle for released-idle or more) are taken in a batch; entries left by a
 * crash one at a time, and only when the caller asks (`take-crashed` 1), as in the claim script
 * (a crash-poison entry must not drag the entries around it to maxDeliveries). The scan stops at
 * the first entry it may not take yet, so a key's entries are taken in order. The lease says the
 * other consumers are gone: no min-idle wait. This consumer's own entries are skipped unless
 * handed back or idle for min-idle (no longer refreshed: not in hand).
 *
 * KEYS[1]  the partition stream
 * KEYS[2]  its owner key for the group
 * ARGV[1]  the consumer group
 * ARGV[2]  this consumer
 * ARGV[3]  the most entries to read or take
 * ARGV[4]  the takeover scan cursor (an entry id, inclusive, or '(' id; '0-0' starts over)
 * ARGV[5]  released-idle ms
 * ARGV[6]  take-crashed: 1 to take one entry left by a crash, 0 to take only handed-back ones
 * ARGV[7]  min-idle ms
 *
 * Returns { 0 } when the lease is not this consumer's;
 *         { 1, next cursor, { { entry id, { field, value… }, delivery count, 1 if crashed else 0 }… } }
 *         while taking over; { 2, { { entry id, { field, value… } }… } } with new entries.
 */
export const OWNED_READ_SCRIPT = defineScript('owned-read', `
local me = ARGV[2]
if redis.call('GET', KEYS[2]) ~= me then return { 0 } end
local summary = redis.call('XPENDING', KEYS[1], ARGV[1])
local others = tonumber(summary[1])
if summary[4] then
  for _, c in ipairs(summary[4]) do if c[1] == me then others = others - tonumber(c[2]) end end
end
if others == 0 and #redis.call('XPENDING', KEYS[1], ARGV[1], 'IDLE', ARGV[7], '-', '+', 1, me) == 0 then
  local read = redis.call('XREADGROUP', 'GROUP', ARGV[1], me, 'COUNT', ARGV[3], 'STREAMS', KEYS[1], '>')
  if not read then return { 2, {} } end
  return { 2, read[1][2] }
end
local start = ARGV[4] == '0-0' and '-' or ARGV[4]
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], start, '+', ARGV[3])
local released, minIdle = tonumber(ARGV[5]), tonumber(ARGV[7])
local takeCrashed = ARGV[6] == '1'
local ids, counts, crashed = {}, {}, {}
local stopped = nil
for _, p in ipairs(pending) do
  local idle = tonumber(p[3])
  local handedBack = idle >= released
  if p[2] == me and idle < minIdle then
    -- in hand here
  elseif handedBack or takeCrashed then
    ids[#ids + 1] = p[1]
    counts[p[1]] = tonumber(p[4]) + 1
    crashed[p[1]] = handedBack and 0 or 1
    if not handedBack then takeCrashed = false end
  else
    stopped = p[1]
    break
  end
end
local cursor = '0-0'
if stopped then cursor = stopped elseif #pending >= tonumber(ARGV[3]) then cursor = '(' .. pending[#pending][1] end
local claimed = {}
if #ids > 0 then
  for _, entry in ipairs(redis.call('XCLAIM', KEYS[1], ARGV[1], me, 0, unpack(ids))) do
    if entry and entry[2] then claimed[#claimed + 1] = { entry[1], entry[2], counts[entry[1]], crashed[entry[1]] } end
  end
end
return { 1, cursor, claimed }
`);
