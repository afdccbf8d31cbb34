import { Session } from 'node:inspector/promises';

interface SamplingNode {
  readonly selfSize: number;
  readonly children: readonly SamplingNode[];
}

// Small enough that a run of 100,000 deliveries gives millions of samples' worth of bytes: the sum
// is an estimate with a spread well under a percent.
const SAMPLING_INTERVAL_BYTES = 4_096;

/**
 * Worker side: starts V8's sampling heap profiler, counting objects the garbage collector has
 * freed too (the flags `--heap-prof` does not set), and returns a function that stops it and
 * says how many bytes were allocated on the JS heap meanwhile (V8 scales every sample, so the
 * sum of the nodes' self sizes estimates the total).
 */
export async function sampleAllocations(): Promise<() => Promise<number>> {
  const session = new Session();
  session.connect();
  // Node's typings predate the two `includeObjectsCollected…` flags of the protocol.
  const params = { samplingInterval: SAMPLING_INTERVAL_BYTES, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
  await session.post('HeapProfiler.startSampling', params as { samplingInterval: number });
  return async () => {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: SamplingNode } };
    session.disconnect();
    return totalSize(profile.head);
  };
}

function totalSize(root: SamplingNode): number {
  let total = 0;
  const stack = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    total += node.selfSize;
    stack.push(...node.children);
  }
  return total;
}
