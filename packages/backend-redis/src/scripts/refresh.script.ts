import { defineScript } from './lua-script';

/**
 * refresh — keeps in-flight deliveries fresh (idle time back to 0, delivery count unchanged) so
 * XAUTOCLAIM does not take them from a live consumer whose handler is slow. Only entries this
 * consumer still owns are touched: one already taken over stays with its new owner.
 *
 * KEYS[1]  the stream
 * ARGV[1]  the consumer group
 * ARGV[2]  this consumer
 * ARGV[3…] entry ids
 *
 * Returns the ids this consumer no longer owns (taken over, acked, or deleted).
 */
export const REFRESH_SCRIPT = defineScript('refresh', `
local lost = {}
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if p[1] and p[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
  else
    lost[#lost + 1] = ARGV[i]
  end
end
return lost
`);
