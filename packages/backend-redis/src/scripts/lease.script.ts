import { defineScript } from './lua-script';

/**
 * lease-renew — extends a partition lease, only if this consumer still holds it (compare and
 * PEXPIRE). A lease is acquired with `SET <owner key> <consumer> NX PX <lease ms>`.
 *
 * KEYS[1]  the owner key of a partition and group
 * ARGV[1]  this consumer
 * ARGV[2]  the lease, ms
 *
 * Returns 1 when renewed, 0 when the lease is another consumer's or expired.
 */
export const LEASE_RENEW_SCRIPT = defineScript('lease-renew', `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

/**
 * lease-release — gives a partition lease up, only if this consumer still holds it (compare and
 * DEL), so another member may take it at once.
 *
 * KEYS[1]  the owner key of a partition and group
 * ARGV[1]  this consumer
 *
 * Returns 1 when released, 0 when the lease was not this consumer's.
 */
export const LEASE_RELEASE_SCRIPT = defineScript('lease-release', `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`);

/**
 * members — records this consumer's heartbeat in its group's member set, by the Redis server's
 * clock (workers' clocks do not matter), prunes the members silent for longer than a lease, and
 * returns the live ones.
 *
 * KEYS[1]  the member set of a group (sorted set, score: last heartbeat, ms)
 * ARGV[1]  this consumer
 * ARGV[2]  the lease, ms
 *
 * Returns the live members.
 */
export const MEMBERS_SCRIPT = defineScript('members', `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - lease)
redis.call('PEXPIRE', KEYS[1], lease * 10)
return redis.call('ZRANGE', KEYS[1], 0, -1)
`);
