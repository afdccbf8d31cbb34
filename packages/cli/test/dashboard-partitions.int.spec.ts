import type { Overview } from '../src/dashboard/overview-model';
import { call, closeDashboards, openDashboard } from './dashboard-helpers';
import { closeConsumer, closePartitionedWork, partitionedWork } from './dashboard-partitions';
import { waitFor } from './helpers';
import { useTestSpace } from './test-space';

describe('necro dashboard API with partitions', () => {
  const space = useTestSpace();
  afterEach(async () => {
    await closeDashboards();
    await closePartitionedWork();
  });

  /** Waits until the sampler's overview satisfies `ok`; resolves with it. */
  async function overviewWhen(dashboard: Awaited<ReturnType<typeof openDashboard>>, ok: (o: Overview) => boolean): Promise<Overview> {
    let last: Overview | undefined;
    await waitFor(async () => ok(last = (await call<Overview>(dashboard, '/api/overview')).body), 10_000, 'the overview');
    return last as Overview;
  }

  it('sums each organ over the partitions, and shows each partition\'s length, lag, pending, consumers and owner per organ', async () => {
    let dashboard: Awaited<ReturnType<typeof openDashboard>> | undefined;
    const keys = await partitionedWork(space, [3, 2, 1, 0], async () => {
      dashboard = await openDashboard(space, { partitions: 4 });
      await overviewWhen(dashboard, (o) => o.organs.length === 2);
    });
    const done = Date.now();
    const overview = await overviewWhen(dashboard!, (o) => Date.parse(o.sampledAt) > done);
    const [alpha, gamma] = overview.organs;
    expect(alpha).toMatchObject({ organ: 'Alpha', lag: 0, pending: 4, delivered: 6 });
    expect(alpha!.consumers.map(({ name, pending }) => ({ name, pending }))).toEqual([{ name: 'worker-a', pending: 4 }, { name: 'worker-b', pending: 0 }]);
    expect(gamma).toMatchObject({ organ: 'Gamma', lag: 6, pending: 0, delivered: 0, consumers: [] });
    expect(overview.workers.map(({ name, organs, pending }) => ({ name, organs, pending })))
      .toEqual([{ name: 'worker-a', organs: 1, pending: 4 }, { name: 'worker-b', organs: 1, pending: 0 }]);
    expect(overview.rates.some((r) => r.delivered > 0)).toBe(true); // the deliveries of every partition, between two samples

    const [p0, p1, p2, p3] = keys.partitionStreams;
    const organs = (alphaPending: number, consumers: number, gammaLag: number) => [
      { organ: 'Alpha', lag: 0, pending: alphaPending, consumers, owner: 'worker-a' },
      { organ: 'Gamma', lag: gammaLag, pending: 0, consumers: 0, owner: 'worker-g' },
    ];
    expect(overview.partitions).toEqual([
      { index: 0, key: p0, length: 3, organs: organs(3, 2, 3) },
      { index: 1, key: p1, length: 2, organs: organs(0, 2, 2) }, // acknowledged
      { index: 2, key: p2, length: 1, organs: organs(1, 2, 1) },
      { index: 3, key: p3, length: 0, organs: organs(0, 2, 0) },
    ]);
    // The partition streams are listed among the streams too, as before.
    expect(overview.streams.filter((s) => s.kind === 'events').map((s) => [s.key, s.length])).toEqual([[p0, 3], [p1, 2], [p2, 1], [p3, 0]]);
  });

  it('shows no owner of a partition once the worker holding its lease closed', async () => {
    await partitionedWork(space, [1, 1, 1, 1]);
    const dashboard = await openDashboard(space, { partitions: 4 });
    await overviewWhen(dashboard, (o) => o.partitions?.[0]?.organs.length === 2);
    await closeConsumer('worker-g'); // releases Gamma's leases
    const overview = await overviewWhen(dashboard, (o) => o.partitions?.every((p) => p.organs[1]?.owner === null) === true);
    expect(overview.partitions!.map((p) => p.organs.map((g) => [g.organ, g.lag, g.owner]))).toEqual([0, 1, 2, 3].map(() => [
      ['Alpha', 0, 'worker-a'], ['Gamma', 1, null], // Gamma's work waits, and no worker reads it
    ]));
  });

  it('has no partitions field with one partition', async () => {
    await partitionedWork(space, [2]);
    const dashboard = await openDashboard(space);
    const overview = await overviewWhen(dashboard, (o) => o.organs.length === 2);
    expect(overview.organs.map((o) => [o.organ, o.lag, o.pending])).toEqual([['Alpha', 0, 2], ['Gamma', 2, 0]]);
    expect(overview).not.toHaveProperty('partitions');
  });
});
