import { defineScript } from './lua-script';

/**
 * tick — claims one tick of a recurring schedule and writes its event, atomically: the schedules
 * hash keeps the latest tick claimed per schedule, and the event is written only by the call that
 * moves it forward. However many workers call it for one tick, the event is written once.
 *
 * KEYS[1]  the schedules hash (`<streamKey>:schedules`: schedule name → latest tick, epoch ms)
 * KEYS[2]  the event's stream
 * KEYS[3]  the set of event types (`per-type` layout; not touched when ARGV[6] is '')
 * ARGV[1]  the schedule's name
 * ARGV[2]  the tick, epoch ms
 * ARGV[3]  the event's `event` field
 * ARGV[4]  its `meta` field, or ''
 * ARGV[5]  MAXLEN ~ of the XADD, or '' for none
 * ARGV[6]  the event type to add to KEYS[3], or ''
 *
 * Returns 1 when this call claimed the tick and wrote the event, 0 when the tick (or a later one)
 * was claimed already.
 */
export const TICK_SCRIPT = defineScript('tick', `
local latest = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if latest >= tonumber(ARGV[2]) then return 0 end
local fields = ARGV[4] == '' and { 'event', ARGV[3] } or { 'event', ARGV[3], 'meta', ARGV[4] }
if ARGV[5] == '' then
  redis.call('XADD', KEYS[2], '*', unpack(fields))
else
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', unpack(fields))
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[6] ~= '' then redis.call('SADD', KEYS[3], ARGV[6]) end
return 1
`);
