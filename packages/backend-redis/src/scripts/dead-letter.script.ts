import { defineScript } from './lua-script';

/**
 * dead-letter — writes dead letters and acks the delivery they settle, atomically: the delivery is
 * acked only once every letter is written (a refused write, e.g. OOM under maxmemory, aborts the
 * script before the ack, so the delivery stays pending), and never dead-lettered twice (only a
 * still-pending entry is written for).
 *
 * KEYS[1]  the stream of the delivery to ack (for letters that settle no delivery: any key of the
 *          same slot, it is not touched)
 * KEYS[2]  the dead-letter stream
 * KEYS[3]  the counter of dead letters trimmed away
 * ARGV[1]  the consumer group of the delivery
 * ARGV[2]  the entry id to ack, or '' when the letters settle no delivery
 * ARGV[3]  the most dead letters kept (exact MAXLEN; the trimmed ones are counted in KEYS[3])
 * ARGV[4]  n, how many letters follow
 * ARGV[5…] each letter: its number of values m, then m values (field, value, field, value…)
 *
 * Returns { letters written (n, or 0 when the entry was no longer pending), dead-letter stream
 *           length, dead letters trimmed so far }.
 */
export const DEAD_LETTER_SCRIPT = defineScript('dead-letter', `
if ARGV[2] ~= '' then
  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
  if #pending == 0 then
    return { 0, redis.call('XLEN', KEYS[2]), tonumber(redis.call('GET', KEYS[3]) or '0') }
  end
end
local n = tonumber(ARGV[4])
local at = 5
for _ = 1, n do
  local m = tonumber(ARGV[at])
  redis.call('XADD', KEYS[2], '*', unpack(ARGV, at + 1, at + m))
  at = at + m + 1
end
if ARGV[2] ~= '' then redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) end
local trimmed = redis.call('XTRIM', KEYS[2], 'MAXLEN', ARGV[3])
if trimmed > 0 then redis.call('INCRBY', KEYS[3], trimmed) end
return { n, redis.call('XLEN', KEYS[2]), tonumber(redis.call('GET', KEYS[3]) or '0') }
`);
