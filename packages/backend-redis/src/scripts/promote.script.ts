import { defineScript } from './lua-script';

/**
 * promote — moves the delayed events that are due (score ≤ Redis's clock, in ms) from the delayed
 * set to their streams, earliest first, at most ARGV[1] of them. Each member is added to its stream
 * and removed from the set in the same script, so however many workers run it at once, each event
 * enters its stream exactly once; a worker that dies holds nothing. A member that is not the
 * [stream, event, meta] array the enqueue script writes is moved to KEYS[2] as it is, as an entry's
 * `event` field: every group then dead-letters it as malformed, rather than it blocking the set.
 *
 * Stream writes that fail (Redis out of memory) stop the move: the member stays in the set for the
 * next call, and the error is returned as text, not raised, so the caller's other commands run.
 *
 * KEYS[1]  the delayed set (`<streamKey>:delayed`)
 * KEYS[2]  `streamKey`, for a member that cannot be read
 * ARGV[1]  the most events to move
 * ARGV[2]  MAXLEN ~ of every XADD, or '' for none
 *
 * Returns { events moved, ms until the next one is due (-1 when the set is empty), error or '' }.
 * The streams of the `per-type` layout are named by the members: they share streamKey's hash tag,
 * hence its Cluster slot.
 */
export const PROMOTE_SCRIPT = defineScript('promote', `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local function add(stream, fields)
  if ARGV[2] == '' then return redis.pcall('XADD', stream, '*', unpack(fields)) end
  return redis.pcall('XADD', stream, 'MAXLEN', '~', ARGV[2], '*', unpack(fields))
end
local moved = 0
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))) do
  local ok, entry = pcall(cjson.decode, member)
  local reply
  if ok and type(entry) == 'table' and type(entry[1]) == 'string' and type(entry[2]) == 'string' and type(entry[3]) == 'string' then
    reply = add(entry[1], entry[3] == '' and { 'event', entry[2] } or { 'event', entry[2], 'meta', entry[3] })
  else
    reply = add(KEYS[2], { 'event', member })
  end
  if type(reply) == 'table' and reply.err then return { moved, 0, reply.err } end
  redis.call('ZREM', KEYS[1], member)
  moved = moved + 1
end
local next = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #next == 0 then return { moved, -1, '' } end
return { moved, math.max(0, tonumber(next[2]) - now), '' }
`);
