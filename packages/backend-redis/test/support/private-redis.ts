// The tests' private redis-server lives in @necrostack/redis-servers (the benchmarks start theirs with it too).
export { PrivateRedis, type PrivateRedisOptions } from '@necrostack/redis-servers';
