import { planOwnership, quotaOf } from '../src/consumer/partition-plan';

const PARTITIONS = Array.from({ length: 12 }, (_, i) => `{orders-p${i}}:events`);
const NAMES = ['worker-a', 'worker-b', 'worker-c', 'worker-d', 'worker-e', 'worker-f'];

/**
 * Runs every member's plan, one after the other, until none changes anything (at most 50 rounds):
 * a partition given up is free, and an acquire takes a partition only if it is still free (SET NX).
 */
function converge(members: readonly string[], start: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const holders = new Map(start);
  for (let round = 0; round < 50; round++) {
    let changed = false;
    for (const me of members) {
      const plan = planOwnership({ me, members, partitions: PARTITIONS, holders });
      for (const p of plan.giveUp) { holders.delete(p); changed = true; }
      for (const p of plan.acquire) if (!holders.has(p)) { holders.set(p, me); changed = true; }
    }
    if (!changed) return holders;
  }
  throw new Error('the plans did not converge in 50 rounds');
}

function counts(holders: ReadonlyMap<string, string>, members: readonly string[]): number[] {
  return members.map((m) => [...holders.values()].filter((h) => h === m).length);
}

function moved(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  return PARTITIONS.filter((p) => before.get(p) !== after.get(p));
}

describe('partition ownership plan', () => {
  it.each([1, 2, 3, 4, 5])('gives every partition to exactly one of %i members, balanced within one', (n) => {
    const members = NAMES.slice(0, n);
    const holders = converge(members);
    expect(PARTITIONS.every((p) => members.includes(holders.get(p) as string))).toBe(true);
    const held = counts(holders, members);
    expect(held.reduce((a, b) => a + b, 0)).toBe(12);
    expect(Math.max(...held) - Math.min(...held)).toBeLessThanOrEqual(1);
    expect(held).toEqual(members.map((m) => quotaOf(m, members, 12)));
  });

  it.each([1, 2, 3, 4, 5])('moves to a member joining %i others only the partitions it takes', (n) => {
    const before = converge(NAMES.slice(0, n));
    const after = converge(NAMES.slice(0, n + 1), before);
    const newcomer = NAMES[n] as string;
    expect(moved(before, after).sort()).toEqual(PARTITIONS.filter((p) => after.get(p) === newcomer).sort());
    expect(counts(after, [newcomer])[0]).toBe(quotaOf(newcomer, NAMES.slice(0, n + 1), 12));
  });

  it.each([2, 3, 4, 5, 6])('moves only the partitions of a member leaving %i members', (n) => {
    const members = NAMES.slice(0, n);
    const before = converge(members);
    const leaver = members[1] as string;
    const rest = new Map([...before].filter(([, holder]) => holder !== leaver)); // its leases expired or were released
    const after = converge(members.filter((m) => m !== leaver), rest);
    expect(moved(before, after).sort()).toEqual(PARTITIONS.filter((p) => before.get(p) === leaver).sort());
    expect(PARTITIONS.every((p) => after.has(p))).toBe(true);
  });

  it('computes the same quotas whatever the order of the member list', () => {
    const members = NAMES.slice(0, 5);
    const reversed = [...members].reverse();
    expect(members.map((m) => quotaOf(m, reversed, 12))).toEqual(members.map((m) => quotaOf(m, members, 12)));
  });

  it('takes an orphan (free for longer than a lease) beyond its quota', () => {
    const members = ['worker-a', 'worker-b'];
    const holders = converge(members);
    const [orphan] = PARTITIONS.filter((p) => holders.get(p) === 'worker-b') as [string];
    holders.delete(orphan); // worker-b (stuck) let it go and does not take it back
    const plan = planOwnership({ me: 'worker-a', members, partitions: PARTITIONS, holders, orphans: new Set([orphan]) });
    expect(plan.acquire).toEqual([orphan]);
    expect(planOwnership({ me: 'worker-a', members, partitions: PARTITIONS, holders }).acquire).toEqual([]);
  });
});
