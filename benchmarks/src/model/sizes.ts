/** How big each scenario is in a quick and in a full run. */
export interface Sizes {
  /** Measured rounds after the warm-up. */
  readonly rounds: number;
  /** Rounds of the fixed-rate latency scenarios (each is seconds long). */
  readonly latencyRounds: number;
  readonly chainInputs: number;
  readonly dtoInputs: number;
  readonly memoryLatencySeconds: number;
  readonly soakEvents: number;
  readonly redisEvents: number;
  /** Events per run of the scaling group (one node vs a Cluster, 1–3 workers, 1–12 partitions). */
  readonly scalingEvents: number;
  readonly redisLatencySeconds: number;
  readonly redisLatencyWarmupSeconds: number;
  readonly fanOutMemoryInputs: number;
  readonly fanOutRedisEvents: number;
  /** Events of the saga group (over Redis). */
  readonly sagaEvents: number;
  readonly retainedEvents: number;
}

export const QUICK: Sizes = {
  rounds: 3,
  latencyRounds: 1,
  chainInputs: 50_000,
  dtoInputs: 20_000,
  memoryLatencySeconds: 1,
  soakEvents: 500_000,
  redisEvents: 50_000,
  scalingEvents: 10_000,
  redisLatencySeconds: 2,
  redisLatencyWarmupSeconds: 0.5,
  fanOutMemoryInputs: 20_000,
  fanOutRedisEvents: 5_000,
  sagaEvents: 5_000,
  retainedEvents: 10_000,
};

export const FULL: Sizes = {
  rounds: 5,
  latencyRounds: 3,
  chainInputs: 200_000,
  dtoInputs: 100_000,
  memoryLatencySeconds: 5,
  soakEvents: 10_000_000,
  redisEvents: 200_000,
  scalingEvents: 50_000,
  redisLatencySeconds: 5,
  redisLatencyWarmupSeconds: 1,
  fanOutMemoryInputs: 100_000,
  fanOutRedisEvents: 20_000,
  sagaEvents: 20_000,
  retainedEvents: 100_000,
};
