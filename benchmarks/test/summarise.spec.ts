import { classify, summariseProfile, type CpuProfile } from '../src/profile/summarise';

const frame = (functionName: string, url = '', lineNumber = -1) => ({ functionName, url, lineNumber });

// 12 samples, 1 ms apart: 4 in the Spine, 2 in node-redis, 2 in GC, 2 idle, 2 loading modules.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 5, 6] },
    { id: 2, callFrame: frame('dispatch', 'file:///repo/packages/core/dist/spine/spine.js', 41) },
    { id: 3, callFrame: frame('encodeCommand', 'file:///repo/node_modules/@redis/client/dist/lib/RESP/encoder.js', 4) },
    { id: 4, callFrame: frame('(garbage collector)') },
    { id: 5, callFrame: frame('(idle)') },
    { id: 6, callFrame: frame('Module._load', 'node:internal/modules/cjs/loader', 1000), children: [7] },
    { id: 7, callFrame: frame('', 'file:///repo/packages/core/dist/index.js', 0) },
  ],
  startTime: 0,
  endTime: 12_000,
  samples: [6, 7, 2, 2, 3, 4, 2, 2, 3, 4, 5, 5],
  timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

describe('cpuprofile summary', () => {
  it('gives self time by area and by function, in percent of the time neither idle nor starting up', () => {
    const summary = summariseProfile(profile, '/repo');
    expect(summary.sampledMs).toBe(12);
    expect(summary.idlePercent).toBe(16.7);
    expect(summary.startupPercent).toBe(16.7);
    expect(summary.areas).toEqual([
      { area: '@necrostack/core', percent: 50 },
      { area: '@redis/client', percent: 25 },
      { area: 'GC', percent: 25 },
    ]);
    expect(summary.functions[0]).toEqual({ name: 'dispatch', location: 'packages/core/dist/spine/spine.js:42', area: '@necrostack/core', percent: 50 });
    expect(summary.functions[1]!.location).toBe('node_modules/@redis/client/dist/lib/RESP/encoder.js:5');
  });

  it('classifies frames by where their code lives', () => {
    expect(classify('parse', '')).toBe('V8 / native');
    expect(classify('emit', 'node:events')).toBe('Node.js internals');
    expect(classify('x', 'file:///a/node_modules/bullmq/dist/x.js')).toBe('bullmq');
    expect(classify('x', 'file:///a/packages/backend-redis/dist/x.js')).toBe('@necrostack/backend-redis');
    expect(classify('x', 'file:///a/benchmarks/dist/x.js')).toBe('benchmark harness');
  });
});
