import { defineScript } from './lua-script';

/**
 * replay — puts a dead letter's event back on a stream and deletes the dead letter, atomically:
 * two replays of the same dead letter write the event once.
 *
 * KEYS[1]  the dead-letter stream
 * KEYS[2]  the target stream (a group's retry stream, or the events stream)
 * ARGV[1]  the dead letter's id
 * ARGV[2…] the entry's fields and values: field, value…
 *
 * Returns 1 when replayed, 0 when the dead letter no longer exists.
 */
export const REPLAY_SCRIPT = defineScript('replay', `
if #redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1]) == 0 then return 0 end
redis.call('XADD', KEYS[2], '*', unpack(ARGV, 2))
redis.call('XDEL', KEYS[1], ARGV[1])
return 1
`);
