import { defineScript } from './lua-script';

/**
 * replay — puts a dead letter's event back on a stream and deletes the dead letter, atomically:
 * two replays of the same dead letter write the event once. A dead letter that keeps the exact bytes
 * of an entry that was not valid UTF-8 is refused: its text is a lossy reading of them.
 *
 * KEYS[1]  the dead-letter stream
 * KEYS[2]  the target stream (a group's retry stream, or the events stream)
 * ARGV[1]  the dead letter's id
 * ARGV[2]  the dead-letter field that marks such bytes (`event_base64`)
 * ARGV[3…] the entry's fields and values: field, value…
 *
 * Returns 1 when replayed, 0 when the dead letter no longer exists, -1 when it was refused.
 */
export const REPLAY_SCRIPT = defineScript('replay', `
local letter = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])[1]
if not letter then return 0 end
for i = 1, #letter[2], 2 do
  if letter[2][i] == ARGV[2] then return -1 end
end
redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
redis.call('XDEL', KEYS[1], ARGV[1])
return 1
`);
