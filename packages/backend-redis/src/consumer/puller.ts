import type { Delivery, Event, Logger } from '@necrostack/core';
import type { RedisConnection } from '../connection/redis-connection';
import type { MetricsCounter } from '../metrics';
import type { ResolvedRedisOptions } from '../options/resolve-options';
import type { RedisKeys } from '../redis-keys';
import { toUnavailable } from '../translate-error';
import type { GroupRegistry, GroupState } from './group-registry';
import { BatchSize } from './batch-size';
import { Fifo, type InFlight } from './in-flight';
import { KeyOrder } from './key-order';
import type { PartitionOwners } from './partition-owners';
import { ReadBudget } from './read-budget';
import { ReadRound, type Candidate } from './read-round';
import type { SkipAcks } from './skip-acks';
import { rejectInvalidUtf8 } from './utf8-guard';

/** Everything the puller works with, owned by the backend. */
export interface PullerDeps {
  readonly keys: RedisKeys;
  readonly options: ResolvedRedisOptions;
  readonly connection: RedisConnection;
  readonly groups: GroupRegistry;
  readonly inFlight: InFlight;
  readonly skipAcks: SkipAcks;
  readonly metrics: MetricsCounter;
  readonly logger: Logger;
  readonly isClosed: () => boolean;
  /** Partition ownership (per-key ordering): who reads which partition; undefined: every consumer reads everything. */
  readonly owners: PartitionOwners | undefined;
}

/**
 * Implements `pull`: one pipelined read round per try, a buffer for what a round brought beyond
 * `max`, and a blocking XREAD on the reader connection while nothing is ready. It never blocks in
 * XREADGROUP, so a read cut short by `close()` leaves nothing pending on a consumer that left.
 *
 * A waiting pull (a worker's `runForever`) that returned deliveries starts the next read round
 * once less than a batch is buffered (read-ahead), so the next batch travels while this one is
 * handled; while a backlog lasts and pulls wait for reads, the reads ask for more than a batch
 * (see BatchSize), within `maxInFlight`. `run()` (no wait) reads exactly what it asks for, so nothing is left held when it
 * stops at `maxSteps` or on an error.
 */
export class Puller {
  readonly #buffer = new Fifo<Delivery>();
  #lastClaimAt = 0;
  #idle = true;
  /** The read round started ahead; resolves with its error, if any, which the next pull throws. */
  #ahead: Promise<unknown> | undefined;
  /** Whether the read round started ahead has come back (a pull that finds it has not waits for it). */
  #aheadDone = false;
  readonly #budget = new ReadBudget();
  /** The blocking reads in flight, by the streams they wait on (see #wait). */
  readonly #blocked = new Map<string, Promise<unknown>>();
  readonly #readSize: BatchSize;
  readonly #order: KeyOrder;

  constructor(private readonly deps: PullerDeps) {
    this.#readSize = new BatchSize(deps.options.maxInFlight);
    const { keys } = deps;
    this.#order = new KeyOrder(deps.inFlight, deps.options.orderedKeys
      ? (d) => (d.kind === 'event' ? keys.partitionKeyOf(d.event) : undefined)
      : undefined);
  }

  /** Makes the next read look for deliveries to take over, e.g. the ones this consumer just released. */
  claimSoon(): void {
    this.#lastClaimAt = 0;
  }

  /** Resolves [] when `close()` interrupts it. */
  async pull(max: number, waitMs: number): Promise<Delivery[]> {
    try {
      const batch = await this.#pull(max, waitMs);
      if (batch.length > 0 && waitMs > 0 && this.#readAhead(max)) {
        // node-redis writes commands in the next check phase (setImmediate); the batch's handlers
        // run as microtasks and would hold the read back until they are all done. Let it go first.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return batch;
    } catch (error) {
      if (this.deps.isClosed()) return [];
      throw error;
    }
  }

  /** Resolves once no read round started ahead is in flight: `close()` hands back what it read. */
  async settled(): Promise<void> {
    await this.#ahead;
  }

  /** Starts a read round for the next pull, unless one is under way or a batch is buffered; says whether it did. */
  #readAhead(max: number): boolean {
    if (this.#ahead || this.#buffer.length >= max || this.deps.isClosed()) return false;
    this.#aheadDone = false;
    this.#ahead = this.#read(max, this.#readSize.next(max, this.deps.inFlight.size, this.#buffer.length), false, false).then(
      (round) => { this.#idle = !round.readAny; this.#aheadDone = true; },
      (error: unknown) => { this.#aheadDone = true; return error; },
    );
    return true;
  }

  async #pull(max: number, waitMs: number): Promise<Delivery[]> {
    const ahead = this.#ahead;
    if (ahead) {
      const waited = !this.#aheadDone;
      const error = await ahead;
      this.#ahead = undefined;
      if (error !== undefined) throw error;
      if (waited) this.#readSize.starved();
    }
    const deadline = Date.now() + waitMs;
    let forceClaim = false;
    while (!this.deps.isClosed() && this.deps.groups.list().length > 0) {
      const ready = this.#takeBuffered(max);
      if (ready.length > 0) return ready;
      // Last-id probes are needed only before a blocking wait: skip them while events flow.
      const size = waitMs > 0 ? this.#readSize.next(max, this.deps.inFlight.size, 0) : max;
      const round = await this.#read(max, size, waitMs > 0 && this.#idle, forceClaim);
      this.#idle = !round.readAny;
      if (waitMs > 0) this.#readSize.starved();
      if (round.readAny) continue;
      if (this.#buffer.length > 0 || (round.draining && waitMs > 0)) {
        // Every buffered delivery waits for its key's turn (or its partition's lease), and a
        // partition taken over waits for the crashed entry in hand: until the next settle (run():
        // the Spine settles what it holds, then pulls again).
        if (waitMs <= 0) return [];
        const remaining = deadline - Date.now();
        if (remaining <= 0) return [];
        await this.#order.nextSettlement(Math.min(remaining, this.deps.options.blockMs));
        continue;
      }
      if (waitMs <= 0) {
        // run() ends on an empty pull: look once more for work abandoned by dead consumers.
        if (round.claimed) return [];
        forceClaim = true;
        continue;
      }
      if (!round.probed) continue; // read again, with the probes, before blocking
      const remaining = deadline - Date.now();
      if (remaining <= 0) return [];
      await this.#wait(Math.min(remaining, this.deps.options.blockMs), round.lastIds);
    }
    return [];
  }

  /** A settle finished: deliveries kept back for their key's turn may go now. */
  noteSettled(): void {
    this.#order.settled();
  }

  /**
   * Up to `max` buffered deliveries still held here (not taken over by another consumer meanwhile)
   * whose key's turn it is (see KeyOrder).
   */
  #takeBuffered(max: number): Delivery[] {
    const { groups, keys } = this.deps;
    const { owners } = this.deps;
    const taken = this.#buffer.take(max, (d) => {
      const redisGroup = groups.get(d.group)?.redisGroup ?? keys.groupName(d.group);
      if (owners && !owners.mayDeliver(redisGroup, keys.parseDeliveryId(d.deliveryId).stream)) {
        // Not ours to hand out while the lease is not: the lease's next holder takes it over.
        return this.deps.inFlight.has(redisGroup, d.deliveryId) ? 'later' : 'drop';
      }
      return this.#order.turn(d, redisGroup);
    });
    this.deps.metrics.eventsPulled += taken.length;
    return taken;
  }

  /** One read round: nacked entries (up to `max`), takeovers and new entries (about `size` in all). */
  async #read(max: number, size: number, probe: boolean, forceClaim: boolean): Promise<ReadRound> {
    const { keys, options, groups, skipAcks, inFlight } = this.deps;
    const now = Date.now();
    // A claim scan that is not complete (entries of dead consumers are taken one at a time) goes on
    // at the next round, not a claim interval later.
    const claim = forceClaim || now - this.#lastClaimAt >= options.claimIntervalMs || groups.list().some(scanUnderway);
    if (claim) this.#lastClaimAt = now;
    const round = new ReadRound({
      keys, consumer: options.consumerName, claimMinIdleMs: options.claimMinIdleMs, inFlight, skipAcks,
    });
    for (const command of skipAcks.drain()) round.raw(command);
    const states = groups.list();
    // About `size` in all, however many groups (see ReadBudget).
    const counts = this.#budget.counts(states, size);
    const owners = this.deps.owners;
    if (owners) {
      this.#ownedRound(round, owners, { max, counts, claim, probe });
    } else {
      for (const state of states) round.redeliveries(state, max);
      if (claim) for (const state of states) round.claims(state, counts.get(state) as number);
      if (probe) for (const stream of groups.streams()) round.probe(stream);
      for (const state of states) round.read(state, counts.get(state) as number);
    }
    try {
      round.parse(await this.deps.connection.pipeline(round.commands));
    } catch (error) {
      round.restore();
      if (String((error as Error)?.message).startsWith('NOGROUP')) {
        this.deps.logger.warn('Consumer groups missing in Redis (data lost?); creating them again');
        await groups.recreate().catch(() => undefined);
      }
      throw toUnavailable('pull', error);
    }
    this.#budget.record(states, round.candidates, (redisGroup) => skipAcks.countOf(redisGroup));
    this.#readSize.record(round.asked, round.readNew);
    try {
      this.#buffered(await this.#dropCompleted(await rejectInvalidUtf8(this.deps.connection, round.candidates)));
    } catch (error) {
      round.restore(); // the nacked entries it took wait for the next round; the new ones are claimed back
      throw error;
    }
    return round;
  }

  /**
   * A read round with partition ownership: nacked entries of the partitions whose lease is valid,
   * claims and plain reads on the unowned (retry) streams, and one owned-read per partition held
   * (each its share of the group's count).
   */
  #ownedRound(round: ReadRound, owners: PartitionOwners, plan: { max: number; counts: ReadonlyMap<GroupState, number>; claim: boolean; probe: boolean }): void {
    const states = this.deps.groups.list();
    for (const state of states) {
      // A partition no longer read here no longer takes the turn to take over crashed entries.
      for (const stream of state.draining) if (!owners.mayRead(state.redisGroup, stream)) state.draining.delete(stream);
      round.redeliveries(state, plan.max, (stream) => owners.mayDeliver(state.redisGroup, stream));
    }
    if (plan.claim) for (const state of states) round.claims(state, plan.counts.get(state) as number, owners.unowned(state));
    if (plan.probe) for (const stream of this.#waitedStreams()) round.probe(stream);
    for (const state of states) {
      const count = plan.counts.get(state) as number;
      const held = owners.owned(state).filter((stream) => owners.mayRead(state.redisGroup, stream));
      const share = Math.max(1, Math.ceil(count / Math.max(1, held.length)));
      for (const stream of held) round.ownedRead(state, stream, this.deps.keys.ownerKey(state.redisGroup, stream), share);
      round.read(state, count, owners.unowned(state));
    }
  }

  #buffered(candidates: readonly Candidate[]): void {
    const touchedAt = Date.now();
    let recovered = 0;
    for (const { state, stream, entryId, attempt, decoded, recovered: wasClaimed } of candidates) {
      const deliveryId = this.deps.keys.deliveryId(stream, entryId);
      this.deps.inFlight.add({ group: state.group, redisGroup: state.redisGroup, deliveryId, stream, entryId, attempt, touchedAt });
      const delivery: Delivery = decoded.kind === 'event'
        ? { kind: 'event', deliveryId, group: state.group, attempt, event: decoded.event }
        : { kind: 'malformed', deliveryId, group: state.group, attempt, raw: decoded.raw, error: decoded.error };
      this.#buffer.push(delivery);
      if (wasClaimed) recovered++;
    }
    if (recovered > 0) {
      this.deps.metrics.pendingRecovered += recovered;
      this.deps.logger.info('Took over pending deliveries', { count: recovered });
    }
  }

  /** Idempotent groups skip (and ack) the events they already completed. */
  async #dropCompleted(candidates: Candidate[]): Promise<Candidate[]> {
    const checked = candidates.filter((c) => c.state.idempotent && c.decoded.kind === 'event');
    if (checked.length === 0) return candidates;
    // One MGET per slot: the marks live in the slot of the event's partition.
    const eventOf = (c: Candidate) => (c.decoded as { event: Event<object> }).event;
    const slots = this.deps.keys.bySlot(checked, (c) => this.deps.keys.partitionOf(eventOf(c)));
    const doneKey = (c: Candidate) => this.deps.keys.doneKey(c.state.group, eventOf(c).id, this.deps.keys.partitionOf(eventOf(c)));
    let replies: unknown[];
    try {
      replies = await this.deps.connection.pipeline(slots.map((slot) => ['MGET', ...slot.map(doneKey)]));
    } catch (error) {
      throw toUnavailable('pull (idempotency check)', error);
    }
    const done = new Set<Candidate>();
    slots.forEach((slot, s) => slot.forEach((c, i) => {
      const mark = (replies[s] as unknown[])[i];
      if (mark === null || mark === undefined) return;
      done.add(c);
      this.deps.skipAcks.add(c.stream, c.state.redisGroup, c.entryId);
    }));
    return done.size === 0 ? candidates : candidates.filter((c) => !done.has(c));
  }

  /** The streams a blocking wait watches: with partition ownership, the retry streams and the partitions this consumer reads. */
  #waitedStreams(): string[] {
    const { groups, owners } = this.deps;
    if (!owners) return groups.streams();
    const streams = new Set<string>();
    for (const state of groups.list()) {
      for (const stream of owners.unowned(state)) streams.add(stream);
      for (const stream of owners.owned(state)) if (owners.mayRead(state.redisGroup, stream)) streams.add(stream);
    }
    return [...streams];
  }

  /**
   * Blocks until an entry arrives on a stream read, or `blockMs` passed. On a Redis Cluster with
   * partitions, one XREAD per slot (a multi-key command stays in one slot), and the first to return
   * ends the wait; one still blocked is kept for the next wait, as nothing came on its streams since
   * its ids were taken (else it would have returned). The XREADs of slots that share a master wait
   * one behind the other on its connection, so each blocks at most SHARED_BLOCK_MS: the first to
   * return wakes the worker, whose read round reads every partition.
   */
  async #wait(waitMs: number, lastIds: ReadonlyMap<string, string>): Promise<void> {
    const all = this.#waitedStreams();
    const slots = (this.deps.options.cluster ? this.deps.keys.bySlot(all, (stream) => stream) : [all]).map((streams) => ({ streams, key: streams.join('\n') }));
    const blockMs = slots.length > 1 ? Math.min(waitMs, SHARED_BLOCK_MS) : waitMs;
    try {
      const fresh = slots.filter(({ key }) => !this.#blocked.has(key));
      const commands = fresh.map(({ streams }) => ['XREAD', 'BLOCK', String(blockMs), 'COUNT', '1', 'STREAMS', ...streams, ...streams.map((s) => lastIds.get(s) ?? '$')]);
      const started = commands.length === 0 ? [] : await this.deps.connection.block(commands, blockMs);
      fresh.forEach(({ key }, i) => {
        const wait = (started[i] as Promise<unknown>).finally(() => this.#blocked.delete(key));
        wait.catch(() => undefined); // a wait left behind may fail after the race ended (close)
        this.#blocked.set(key, wait);
      });
      // A partition acquired meanwhile is read at once, not after blockMs.
      const waits = slots.map(({ key }) => this.#blocked.get(key));
      if (this.deps.owners) waits.push(this.deps.owners.nextAcquired());
      await Promise.race(waits);
    } catch (error) {
      throw toUnavailable('pull (XREAD BLOCK)', error);
    }
  }
}

/**
 * The longest blocking read on a Cluster with several slots to wait on: how late an entry can be
 * noticed on a slot whose XREAD waits behind another's on the same master.
 */
const SHARED_BLOCK_MS = 100;

function scanUnderway(state: GroupState): boolean {
  for (const cursor of state.claimCursors.values()) if (cursor !== '0-0') return true;
  return false;
}
