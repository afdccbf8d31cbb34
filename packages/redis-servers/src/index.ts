export { freeClusterPort, freePort } from './free-port';
export { PrivateRedis, type PrivateRedisOptions } from './private-redis';
export { PrivateRedisCluster, type PrivateRedisClusterOptions } from './private-redis-cluster';
export { waitFor } from './wait-for';
