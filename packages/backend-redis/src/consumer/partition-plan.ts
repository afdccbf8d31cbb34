import { fnv1a } from '../partitions/partition-key';

/** What one member of a group sees: the live members and who holds each partition's lease. */
export interface FleetView {
  /** This consumer. */
  readonly me: string;
  /** The live members of the group (this one included). */
  readonly members: readonly string[];
  /** Every partition stream the group owns, in partition order. */
  readonly partitions: readonly string[];
  /** The lease holder of each partition, if any. */
  readonly holders: ReadonlyMap<string, string>;
  /** Free partitions that have stayed free for longer than a lease (taken by anyone). */
  readonly orphans?: ReadonlySet<string>;
}

/** What one member does with the partitions of a group. */
export interface OwnershipPlan {
  /** Free partitions to acquire, most wanted first. */
  readonly acquire: string[];
  /** Held partitions to give up (gracefully: stop reading, let in-flight deliveries settle, release). */
  readonly giveUp: string[];
}

/**
 * The partitions `member` should hold: ⌊P/M⌋, or ⌈P/M⌉ for the P mod M members ranked first by
 * their rendezvous weight. A member joining never raises another's quota, nor does one leaving
 * lower another's, so a join moves only the partitions the newcomer takes and a leave only the
 * leaver's.
 * @example
 * ```ts
 * quotaOf('w1', ['w1', 'w2', 'w3', 'w4', 'w5'], 12); // 2 or 3
 * ```
 */
export function quotaOf(member: string, members: readonly string[], partitions: number): number {
  const unique = [...new Set(members)];
  if (!unique.includes(member)) return 0;
  const base = Math.floor(partitions / unique.length);
  const extra = partitions % unique.length;
  const ranked = unique.sort((a, b) => weightOf(b, '') - weightOf(a, '') || compare(a, b));
  return ranked.indexOf(member) < extra ? base + 1 : base;
}

/**
 * One member's next step towards a balanced fleet, from what it sees: acquire free partitions
 * (highest rendezvous weight of (member, partition) first) while it holds fewer than its quota;
 * give up its lowest-weight partitions beyond its quota while some live member holds fewer than
 * its own. A partition free for longer than a lease is acquired whatever the quota (its assignee
 * does not take it), so no partition stays unread. Every member computes from the same data (the
 * members list and the leases, in Redis), so the fleet converges; holdings are sticky, so a change
 * of members moves only the partitions it must.
 * @example
 * ```ts
 * planOwnership({ me: 'w2', members: ['w1', 'w2'], partitions: ['{s-p0}', '{s-p1}'], holders: new Map([['{s-p0}', 'w1'], ['{s-p1}', 'w1']]) });
 * // { acquire: [], giveUp: [] } — w1 gives one up first, then w2 acquires it
 * ```
 */
export function planOwnership(view: FleetView): OwnershipPlan {
  const { me, members, partitions, holders } = view;
  const byWeight = [...partitions].sort((a, b) => weightOf(me, b) - weightOf(me, a) || compare(a, b));
  const mine = byWeight.filter((p) => holders.get(p) === me);
  const quota = quotaOf(me, members, partitions.length);
  const free = byWeight.filter((p) => !holders.has(p));
  const acquire = free.slice(0, Math.max(0, quota - mine.length));
  for (const orphan of free) if (view.orphans?.has(orphan) && !acquire.includes(orphan)) acquire.push(orphan);
  const held = new Map<string, number>();
  for (const holder of holders.values()) held.set(holder, (held.get(holder) ?? 0) + 1);
  const someoneShort = members.some((m) => m !== me && (held.get(m) ?? 0) < quotaOf(m, members, partitions.length));
  const giveUp = someoneShort && mine.length > quota ? mine.slice(quota).reverse() : [];
  return { acquire, giveUp };
}

/**
 * The rendezvous weight of a (member, partition) pair: FNV-1a of both names, with murmur3's final
 * mix (FNV-1a alone varies little for names that differ in their last characters).
 */
function weightOf(member: string, partition: string): number {
  let h = fnv1a(`${member}\n${partition}`);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
