import { defineScript } from './lua-script';

/**
 * enqueue — writes a batch of events, unless the same batch (the same event ids) was written within
 * the window: a retry of an enqueue whose reply never came (a timeout, a connection lost in flight)
 * finds the batch's mark and writes nothing, so the events are stored once. The mark is set after
 * the writes: when Redis refuses the first XADD (OOM), nothing is written and no mark is left.
 *
 * KEYS[1]          the batch's mark (`<streamKey>:enqueued:<batch>`)
 * KEYS[2]          the set of event types (`per-type` layout; not touched when ARGV[4] is 0)
 * KEYS[3…m+2]      marks of earlier batches to delete (m = ARGV[3]): their replies came, no retry follows
 * KEYS[m+3…]       the stream of each event, in order, or one stream for every event
 * ARGV[1]          how long the mark lives, in ms
 * ARGV[2]          MAXLEN ~ of every XADD, or '' for none
 * ARGV[3]          m, how many marks to delete
 * ARGV[4]          k, how many event types to add to KEYS[2]
 * ARGV[5…k+4]      the event types to add
 * ARGV[k+5…]       the `event` field of each event (its JSON)
 *
 * Returns how many events were written: 0 when the batch was found written already.
 */
export const ENQUEUE_SCRIPT = defineScript('enqueue', `
local marks, types = tonumber(ARGV[3]), tonumber(ARGV[4])
local fresh = redis.call('EXISTS', KEYS[1]) == 0
for i = 3, marks + 2 do
  if KEYS[i] == KEYS[1] then fresh = true end
end
local count = 0
if fresh then
  local first, single = types + 5, #KEYS == marks + 3
  for i = first, #ARGV do
    local stream = single and KEYS[marks + 3] or KEYS[marks + 3 + i - first]
    if ARGV[2] == '' then
      redis.call('XADD', stream, '*', 'event', ARGV[i])
    else
      redis.call('XADD', stream, 'MAXLEN', '~', ARGV[2], '*', 'event', ARGV[i])
    end
  end
  count = #ARGV - first + 1
  if types > 0 then redis.call('SADD', KEYS[2], unpack(ARGV, 5, types + 4)) end
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
for i = 3, marks + 2 do
  if KEYS[i] ~= KEYS[1] then redis.call('DEL', KEYS[i]) end
end
return count
`);
