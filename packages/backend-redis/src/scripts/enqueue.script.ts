import { defineScript } from './lua-script';

/**
 * enqueue — writes a batch of events, unless a try of the same call wrote it already: the batch's
 * mark (named from its event ids) holds the token of the call that wrote it, and a retry of an
 * enqueue whose reply never came (a timeout, a connection lost in flight) carries the same token,
 * finds it and writes nothing, so the events are stored once. A new call with the same events has
 * a new token and writes them again. The mark is the first write: when Redis refuses it (out of
 * memory) nothing is written. A write that fails after it deletes it again, so a retry writes the
 * batch (duplicates of what came before, never a loss).
 *
 * An event with a due time (a delayed event) goes to the delayed set instead of its stream, with
 * the due time as its score and, as its member, the JSON array [stream, event field, meta field]
 * (the promote script moves it to that stream when it is due). The same event enqueued twice is
 * one member.
 *
 * KEYS[1]          the batch's mark (`<streamKey>:enqueued:<batch>`)
 * KEYS[2]          the set of event types (`per-type` layout; not touched when ARGV[4] is 0)
 * KEYS[3]          the delayed set (`<streamKey>:delayed`; touched only by delayed events)
 * KEYS[4…m+3]      marks of earlier batches to delete (m = ARGV[3]): their replies came, no retry follows
 * KEYS[m+4…]       the stream of each event, in order, or one stream for every event
 * ARGV[1]          how long the mark lives, in ms
 * ARGV[2]          MAXLEN ~ of every XADD, or '' for none
 * ARGV[3]          m, how many marks to delete
 * ARGV[4]          k, how many event types to add to KEYS[2]
 * ARGV[5]          the call's token, the same for all its tries
 * ARGV[6]          s, how many values each event has (1, 2 or 3; the producer sends no more than
 *                  the batch needs, as every value is parsed by Redis and copied into Lua)
 * ARGV[7…k+6]      the event types to add
 * ARGV[k+7…]       s values per event: its `event` field (the original's four keys); then (s ≥ 2)
 *                  its `meta` field (lineage, headers, delivery time) or '' when it has none; then
 *                  (s = 3) its due time in epoch ms or '' to write it to its stream at once
 *
 * Returns how many events were written: 0 when a try of the same call had written them.
 */
export const ENQUEUE_SCRIPT = defineScript('enqueue', `
local marks, types, stride = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[6])
local count = 0
if redis.call('SET', KEYS[1], ARGV[5], 'PX', ARGV[1], 'GET') ~= ARGV[5] then
  local first, single = types + 7, #KEYS == marks + 4
  for i = first, #ARGV, stride do
    local stream = single and KEYS[marks + 4] or KEYS[marks + 4 + (i - first) / stride]
    local meta = stride > 1 and ARGV[i + 1] or ''
    local due = stride > 2 and ARGV[i + 2] or ''
    -- One XADD per shape of entry, not a table of fields unpacked: building the table would cost
    -- Redis a tenth of the event.
    local reply
    if due ~= '' then
      reply = redis.pcall('ZADD', KEYS[3], due, cjson.encode({ stream, ARGV[i], meta }))
    elseif ARGV[2] == '' and meta == '' then
      reply = redis.pcall('XADD', stream, '*', 'event', ARGV[i])
    elseif ARGV[2] == '' then
      reply = redis.pcall('XADD', stream, '*', 'event', ARGV[i], 'meta', meta)
    elseif meta == '' then
      reply = redis.pcall('XADD', stream, 'MAXLEN', '~', ARGV[2], '*', 'event', ARGV[i])
    else
      reply = redis.pcall('XADD', stream, 'MAXLEN', '~', ARGV[2], '*', 'event', ARGV[i], 'meta', meta)
    end
    if type(reply) == 'table' and reply.err then
      redis.call('DEL', KEYS[1])
      return reply
    end
  end
  count = (#ARGV - first + 1) / stride
  if types > 0 then redis.call('SADD', KEYS[2], unpack(ARGV, 7, types + 6)) end
end
for i = 4, marks + 3 do redis.call('DEL', KEYS[i]) end
return count
`);
