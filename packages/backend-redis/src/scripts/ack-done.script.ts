import { defineScript } from './lua-script';

/**
 * ack-done — acks deliveries of an idempotent group and marks their events completed, atomically,
 * so a later delivery of the same event id to this group is skipped.
 *
 * KEYS[1]      the stream
 * KEYS[2…n+1]  the "done" key of each event (same order as the ids)
 * ARGV[1]      the consumer group
 * ARGV[2]      how long the marks live, in ms
 * ARGV[3…n+2]  entry ids
 *
 * Returns how many entries were acked (an entry already acked counts 0).
 */
export const ACK_DONE_SCRIPT = defineScript('ack-done', `
local acked = 0
for i = 3, #ARGV do
  acked = acked + redis.call('XACK', KEYS[1], ARGV[1], ARGV[i])
  redis.call('SET', KEYS[i - 1], '1', 'PX', ARGV[2])
end
return acked
`);
