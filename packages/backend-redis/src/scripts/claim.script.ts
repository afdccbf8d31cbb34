import { defineScript } from './lua-script';

/**
 * claim — takes over deliveries idle for at least min-idle ms (XAUTOCLAIM) and reports how many
 * times each has now been delivered, so the caller can dead-letter the exhausted ones.
 *
 * KEYS[1]  the stream
 * ARGV[1]  the consumer group
 * ARGV[2]  the consumer taking over
 * ARGV[3]  min-idle ms
 * ARGV[4]  the scan cursor (an entry id; '0-0' starts over)
 * ARGV[5]  the most entries to take
 *
 * Returns { next cursor ('0-0' when the scan is complete),
 *           { { entry id, { field, value… }, delivery count }… },
 *           { ids of pending entries deleted from the stream (dropped from the PEL) } }.
 */
export const CLAIM_SCRIPT = defineScript('claim', `
local reply = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], 'COUNT', ARGV[5])
local claimed = {}
for _, entry in ipairs(reply[2]) do
  if entry and entry[2] then
    local p = redis.call('XPENDING', KEYS[1], ARGV[1], entry[1], entry[1], 1)
    if p[1] then claimed[#claimed + 1] = { entry[1], entry[2], p[1][4] } end
  end
end
return { reply[1], claimed, reply[3] or {} }
`);
