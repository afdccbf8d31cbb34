import { defineScript } from './lua-script';

/**
 * enqueue — writes a batch of events, unless a try of the same call wrote it already: the batch's
 * mark (named from its event ids) holds the token of the call that wrote it, and a retry of an
 * enqueue whose reply never came (a timeout, a connection lost in flight) carries the same token,
 * finds it and writes nothing, so the events are stored once. A new call with the same events has
 * a new token and writes them again. The mark is the first write: when Redis refuses it (out of
 * memory) nothing is written. An XADD that fails after it deletes it again, so a retry writes the
 * batch (duplicates of what came before, never a loss).
 *
 * KEYS[1]          the batch's mark (`<streamKey>:enqueued:<batch>`)
 * KEYS[2]          the set of event types (`per-type` layout; not touched when ARGV[4] is 0)
 * KEYS[3…m+2]      marks of earlier batches to delete (m = ARGV[3]): their replies came, no retry follows
 * KEYS[m+3…]       the stream of each event, in order, or one stream for every event
 * ARGV[1]          how long the mark lives, in ms
 * ARGV[2]          MAXLEN ~ of every XADD, or '' for none
 * ARGV[3]          m, how many marks to delete
 * ARGV[4]          k, how many event types to add to KEYS[2]
 * ARGV[5]          the call's token, the same for all its tries
 * ARGV[6…k+5]      the event types to add
 * ARGV[k+6…]       two values per event: its `event` field (the original's four keys) and its
 *                  `meta` field (lineage and headers), '' when it has none
 *
 * Returns how many events were written: 0 when a try of the same call had written them.
 */
export const ENQUEUE_SCRIPT = defineScript('enqueue', `
local marks, types = tonumber(ARGV[3]), tonumber(ARGV[4])
local count = 0
if redis.call('SET', KEYS[1], ARGV[5], 'PX', ARGV[1], 'GET') ~= ARGV[5] then
  local first, single = types + 6, #KEYS == marks + 3
  for i = first, #ARGV, 2 do
    local stream = single and KEYS[marks + 3] or KEYS[marks + 3 + (i - first) / 2]
    local fields = ARGV[i + 1] == '' and { 'event', ARGV[i] } or { 'event', ARGV[i], 'meta', ARGV[i + 1] }
    local reply
    if ARGV[2] == '' then
      reply = redis.pcall('XADD', stream, '*', unpack(fields))
    else
      reply = redis.pcall('XADD', stream, 'MAXLEN', '~', ARGV[2], '*', unpack(fields))
    end
    if type(reply) == 'table' and reply.err then
      redis.call('DEL', KEYS[1])
      return reply
    end
  end
  count = (#ARGV - first + 1) / 2
  if types > 0 then redis.call('SADD', KEYS[2], unpack(ARGV, 6, types + 5)) end
end
for i = 3, marks + 2 do redis.call('DEL', KEYS[i]) end
return count
`);
