import { fmt } from '../lib/format';
import { toRow } from '../harness/alternate';
import type { GroupRunner } from '../harness/group';
import { soak as runSoak } from '../memory/soak';

/** Heap after GC before and after millions of events: is memory flat? */
export const soak: GroupRunner = {
  id: 'soak',
  section: 'memory',
  describe: (sizes) => ({
    title: 'In memory: memory over a long run',
    description:
      `${fmt(sizes.soakEvents)} input events (${fmt(sizes.soakEvents * 2)} handler calls) through a two-organ chain in rounds of ` +
      '100,000 on one Spine; heap used after a forced GC after a warm-up round and at the end, and the process RSS at the end.',
    metrics: [
      { key: 'events', label: 'input events', unit: '', digits: 0, better: 'higher' },
      { key: 'heapBefore', label: 'heap before', unit: 'MB', digits: 1, better: 'lower' },
      { key: 'heapAfter', label: 'heap after', unit: 'MB', digits: 1, better: 'lower' },
      { key: 'growth', label: 'heap growth', unit: 'MB', digits: 1, better: 'lower' },
      { key: 'rss', label: 'RSS after', unit: 'MB', digits: 1, better: 'lower' },
      { key: 'seconds', label: 'duration', unit: 's', digits: 1, better: 'lower' },
    ],
    ratios: [],
  }),
  steps: () => 1,
  async measure(context) {
    const total = context.sizes.soakEvents;
    context.progress.step('soak', '', `${fmt(total)} input events`);
    if (!global.gc) throw new Error('run node with --expose-gc (npm run bench does) to measure the heap after GC');
    const result = await runSoak(total);
    const samples = new Map([
      ['events', [result.events]],
      ['heapBefore', [result.heapBeforeMb]],
      ['heapAfter', [result.heapAfterMb]],
      ['growth', [result.heapAfterMb - result.heapBeforeMb]],
      ['rss', [result.rssAfterMb]],
      ['seconds', [result.seconds]],
    ]);
    return [toRow({ key: 'necrostack', label: 'NecroStack, two-organ chain' }, samples)];
  },
};
