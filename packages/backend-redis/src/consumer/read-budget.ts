import type { GroupState } from './group-registry';
import type { Candidate } from './read-round';

/**
 * How many new entries each group reads in a round, so that a round brings about one batch of
 * deliveries in all, however many groups a worker reads for: the batch is split across the groups,
 * and a group that skips most of what it reads (types none of its organs listen to, on the single
 * stream) reads more, in proportion, up to a whole batch. The proportion is the one its last read
 * showed; when the mix of types shifts at once, one round can bring more, at most a batch per group.
 */
export class ReadBudget {
  /** Of the entries each group read last, the share it delivered (1: it wanted all of them). */
  readonly #wanted = new Map<string, number>();

  /** The COUNT of each group's read, for rounds of `max` deliveries. */
  counts(states: readonly GroupState[], max: number): Map<GroupState, number> {
    const share = Math.max(1, Math.floor(max / Math.max(1, states.length)));
    const counts = new Map<GroupState, number>();
    for (const state of states) {
      const wanted = this.#wanted.get(state.redisGroup) ?? 1;
      counts.set(state, Math.min(max, Math.max(share, Math.ceil(share / Math.max(wanted, 1 / max)))));
    }
    return counts;
  }

  /** Learns from a round what share of its reads each group delivered; `skipped` counts the rest. */
  record(states: readonly GroupState[], candidates: readonly Candidate[], skipped: (redisGroup: string) => number): void {
    const delivered = new Map<string, number>();
    for (const c of candidates) delivered.set(c.state.redisGroup, (delivered.get(c.state.redisGroup) ?? 0) + 1);
    for (const { redisGroup } of states) {
      const wanted = delivered.get(redisGroup) ?? 0;
      const read = wanted + skipped(redisGroup);
      if (read > 0) this.#wanted.set(redisGroup, wanted / read);
    }
  }
}
