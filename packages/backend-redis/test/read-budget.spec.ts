import type { GroupState } from '../src/consumer/group-registry';
import { ReadBudget } from '../src/consumer/read-budget';
import type { Candidate } from '../src/consumer/read-round';

const group = (name: string) => ({ group: name, redisGroup: `necrostack:${name}` }) as GroupState;
const candidates = (state: GroupState, n: number) => Array.from({ length: n }, () => ({ state }) as Candidate);

describe('ReadBudget', () => {
  const groups = ['A', 'B', 'C', 'D', 'E'].map(group);

  it('splits one batch across the groups that want what they read', () => {
    const counts = new ReadBudget().counts(groups, 100);
    expect([...counts.values()]).toEqual([20, 20, 20, 20, 20]);
  });

  it('lets a group that skips most of what it reads read more, up to a whole batch', () => {
    const budget = new ReadBudget();
    const [a, b] = groups as [GroupState, GroupState];
    // A delivered 4 of the 20 it read (it skipped 16), B all 20 of them.
    budget.record(groups, [...candidates(a, 4), ...candidates(b, 20)], (redisGroup) => (redisGroup === a.redisGroup ? 16 : 0));
    const counts = budget.counts(groups, 100);
    expect(counts.get(a)).toBe(100);
    expect(counts.get(b)).toBe(20);
    budget.record(groups, candidates(a, 50), (redisGroup) => (redisGroup === a.redisGroup ? 50 : 0));
    expect(budget.counts(groups, 100).get(a)).toBe(40);
  });

  it('gives every group at least one entry when there are more groups than the batch holds', () => {
    const many = Array.from({ length: 150 }, (_, i) => group(`G${i}`));
    expect(new Set(new ReadBudget().counts(many, 100).values())).toEqual(new Set([1]));
  });
});
