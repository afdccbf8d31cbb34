import { defineScript } from './lua-script';

/**
 * dead-letter — writes a dead letter and acks its delivery, atomically: an entry is never acked
 * without its dead letter, and never dead-lettered twice (only a still-pending entry is written).
 *
 * KEYS[1]  the stream the entry was delivered from (for an event never stored: any key of the
 *          same slot, it is not touched)
 * KEYS[2]  the dead-letter stream
 * KEYS[3]  the counter of dead letters trimmed away
 * ARGV[1]  the consumer group
 * ARGV[2]  the entry id to ack, or '' for an event that was never stored
 * ARGV[3]  the most dead letters kept (exact MAXLEN; the trimmed ones are counted in KEYS[3])
 * ARGV[4…] the dead letter's fields and values: field, value, field, value…
 *
 * Returns { written (1, or 0 when the entry was no longer pending), dead-letter stream length,
 *           dead letters trimmed so far }.
 */
export const DEAD_LETTER_SCRIPT = defineScript('dead-letter', `
if ARGV[2] ~= '' then
  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
  if #pending == 0 then
    return { 0, redis.call('XLEN', KEYS[2]), tonumber(redis.call('GET', KEYS[3]) or '0') }
  end
end
redis.call('XADD', KEYS[2], '*', unpack(ARGV, 4))
if ARGV[2] ~= '' then redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) end
local trimmed = redis.call('XTRIM', KEYS[2], 'MAXLEN', ARGV[3])
if trimmed > 0 then redis.call('INCRBY', KEYS[3], trimmed) end
return { 1, redis.call('XLEN', KEYS[2]), tonumber(redis.call('GET', KEYS[3]) or '0') }
`);
