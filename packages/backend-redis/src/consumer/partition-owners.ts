import type { Logger } from '@necrostack/core';
import type { RedisCommand, RedisConnection } from '../connection/redis-connection';
import type { RedisKeys } from '../redis-keys';
import { LEASE_RELEASE_SCRIPT, LEASE_RENEW_SCRIPT, MEMBERS_SCRIPT } from '../scripts/lease.script';
import { ScriptCalls } from '../scripts/lua-script';
import { sanitize } from '../translate-error';
import type { GroupRegistry, GroupState } from './group-registry';
import type { InFlight } from './in-flight';
import { planOwnership } from './partition-plan';

/** A partition lease this consumer holds: `leaving` once it is being given up to another member. */
interface Lease {
  readonly redisGroup: string;
  readonly stream: string;
  leaving: boolean;
  /** Local time until which the lease is surely ours: taken before the command that set it was sent. */
  deadline: number;
}

/**
 * Partition ownership, for per-key order across a fleet: each partition stream of a group is read
 * by at most one consumer of the group at a time, the holder of its lease
 * (`<stream>:owner:<redisGroup>`, the consumer name with a TTL of `leaseMs`). Every `tickMs` (at
 * most `leaseMs / 3`) it heartbeats in the group's member set, renews its leases, and follows the plan
 * (see planOwnership): acquires free partitions up to its quota, and gives up gracefully those
 * another member needs — it stops reading new entries there, lets its deliveries of the partition
 * settle, then releases the lease. A lease whose renewal fails, or whose local deadline (measured
 * from before the renewal was sent) passed, is not read nor handed out from any more.
 * The retry streams are not owned: every consumer reads them.
 */
export class PartitionOwners {
  readonly #leases = new Map<string, Lease>();
  /** When a free partition was first seen free (for the orphan rule), by lease id. */
  readonly #freeSince = new Map<string, number>();
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  /** Resolved (and replaced) when a lease is acquired: a blocking wait ends, so the new partition is read at once. */
  #acquired = signal();

  constructor(
    private readonly keys: RedisKeys,
    private readonly connection: RedisConnection,
    private readonly groups: GroupRegistry,
    private readonly inFlight: InFlight,
    private readonly consumer: string,
    private readonly leaseMs: number,
    tickMs: number,
    private readonly logger: Logger,
  ) {
    this.#intervalMs = Math.max(10, Math.min(tickMs, Math.floor(leaseMs / 3)));
  }

  /** The streams of `state` that are owned (every one but the retry stream). */
  owned(state: GroupState): string[] {
    return state.streams.filter((stream) => !this.keys.isRetryStream(stream));
  }

  /** The streams of `state` every consumer reads: its retry stream. */
  unowned(state: GroupState): string[] {
    return state.streams.filter((stream) => this.keys.isRetryStream(stream));
  }

  /** Whether this consumer may read new entries of `stream` for `redisGroup` (it holds the lease, not leaving). */
  mayRead(redisGroup: string, stream: string): boolean {
    const lease = this.#leases.get(leaseId(redisGroup, stream));
    return lease !== undefined && !lease.leaving && Date.now() < lease.deadline;
  }

  /** Whether this consumer may hand out deliveries of `stream` for `redisGroup`: an unowned stream, or its lease is valid. */
  mayDeliver(redisGroup: string, stream: string): boolean {
    if (this.keys.isRetryStream(stream)) return true;
    const lease = this.#leases.get(leaseId(redisGroup, stream));
    return lease !== undefined && Date.now() < lease.deadline;
  }

  /** Resolves when this consumer next acquires a lease (one promise shared by every waiter until then). */
  nextAcquired(): Promise<void> {
    return this.#acquired.promise;
  }

  /** Joins the groups' member sets and takes the first leases (one tick), then ticks on. */
  async start(): Promise<void> {
    if (!this.#timer) {
      this.#timer = setInterval(() => void this.#tick(), this.#intervalMs);
      this.#timer.unref();
    }
    await this.#tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#ticking;
  }

  /** After close() handed its deliveries back: releases every lease and leaves the member sets, so the others take over at once. */
  async leave(timeoutMs: number): Promise<void> {
    const calls = new ScriptCalls();
    const commands: RedisCommand[] = [...this.#leases.values()].map((lease) =>
      calls.call(LEASE_RELEASE_SCRIPT, [this.keys.ownerKey(lease.redisGroup, lease.stream)], [this.consumer]));
    for (const state of this.groups.list()) commands.push(['ZREM', this.keys.membersKey(state.redisGroup), this.consumer]);
    this.#leases.clear();
    try {
      await this.connection.pipeline(commands, timeoutMs);
    } catch (error) {
      this.logger.warn('Could not release partition leases; they expire after claimMinIdleMs', { error: sanitize(error) });
    }
  }

  #tick(): Promise<void> {
    this.#ticking ??= this.#round()
      .catch((error: unknown) => this.logger.warn('Could not renew or rebalance partition leases', { error: sanitize(error) }))
      .finally(() => { this.#ticking = undefined; });
    return this.#ticking;
  }

  /** One heartbeat-and-renew round trip, then one for acquisitions and releases. */
  async #round(): Promise<void> {
    const states = this.groups.list();
    if (states.length === 0) return;
    const calls = new ScriptCalls();
    const commands: RedisCommand[] = [];
    const looks: Look[] = [];
    for (const state of states) {
      commands.push(calls.call(MEMBERS_SCRIPT, [this.keys.membersKey(state.redisGroup)], [this.consumer, String(this.leaseMs)]));
      for (const stream of this.owned(state)) {
        const ownerKey = this.keys.ownerKey(state.redisGroup, stream);
        const renew = this.#leases.has(leaseId(state.redisGroup, stream));
        commands.push(renew ? calls.call(LEASE_RENEW_SCRIPT, [ownerKey], [this.consumer, String(this.leaseMs)]) : ['GET', ownerKey]);
        looks.push({ state, stream, renew });
      }
    }
    const sentAt = Date.now();
    const replies = await this.connection.pipeline(commands, this.leaseMs);
    let next = 0;
    const second: RedisCommand[] = [];
    const secondCalls = new ScriptCalls();
    const after: ((reply: unknown, sentAt: number) => void)[] = [];
    for (const state of states) {
      const members = replies[next++] as string[];
      const holders = new Map<string, string>();
      const orphans = new Set<string>();
      for (const look of looks.filter((l) => l.state === state)) this.#observe(look, replies[next++], sentAt, holders, orphans);
      const plan = planOwnership({ me: this.consumer, members, partitions: this.owned(state), holders, orphans });
      for (const stream of this.owned(state)) {
        const lease = this.#leases.get(leaseId(state.redisGroup, stream));
        if (lease) lease.leaving = plan.giveUp.includes(stream);
      }
      for (const stream of plan.acquire) {
        second.push(['SET', this.keys.ownerKey(state.redisGroup, stream), this.consumer, 'NX', 'PX', String(this.leaseMs)]);
        after.push((reply, at) => {
          if (reply !== 'OK') return;
          this.#leases.set(leaseId(state.redisGroup, stream), { redisGroup: state.redisGroup, stream, leaving: false, deadline: at + this.leaseMs });
          this.#freeSince.delete(leaseId(state.redisGroup, stream));
          state.claimCursors.set(stream, '0-0'); // the takeover scan starts over
        });
      }
    }
    for (const lease of this.#leases.values()) {
      if (!lease.leaving || this.#holds(lease)) continue;
      second.push(secondCalls.call(LEASE_RELEASE_SCRIPT, [this.keys.ownerKey(lease.redisGroup, lease.stream)], [this.consumer]));
      // Deleted before the reply: nothing is read from it meanwhile, and a lost reply only makes the lease expire.
      this.#leases.delete(leaseId(lease.redisGroup, lease.stream));
      after.push(() => undefined);
    }
    if (second.length === 0) return;
    const secondAt = Date.now();
    const secondReplies = await this.connection.pipeline(second, this.leaseMs);
    const before = this.#leases.size;
    after.forEach((apply, i) => apply(secondReplies[i], secondAt));
    if (this.#leases.size > before) {
      this.#acquired.resolve();
      this.#acquired = signal();
    }
  }

  /**
   * Takes in one partition's reply of the first round trip: a renewal (1: renewed; else the lease
   * is lost, at once) or the holder's name (GET); notes the holder, and a partition free for longer
   * than a lease as an orphan.
   */
  #observe(look: Look, reply: unknown, sentAt: number, holders: Map<string, string>, orphans: Set<string>): void {
    const id = leaseId(look.state.redisGroup, look.stream);
    if (look.renew) {
      const lease = this.#leases.get(id) as Lease;
      if (Number(reply) === 1) {
        lease.deadline = sentAt + this.leaseMs;
        holders.set(look.stream, this.consumer);
      } else {
        this.#leases.delete(id);
        this.logger.warn('Lost the lease of a partition (expired or taken)', { group: look.state.group, stream: look.stream });
      }
    } else if (typeof reply === 'string') {
      holders.set(look.stream, reply);
    }
    if (holders.has(look.stream)) {
      this.#freeSince.delete(id);
      return;
    }
    const freeSince = this.#freeSince.get(id) ?? sentAt;
    this.#freeSince.set(id, freeSince);
    if (sentAt - freeSince > this.leaseMs) orphans.add(look.stream);
  }

  /** Whether this consumer still holds deliveries of the lease's partition (in hand, buffered or nacked). */
  #holds(lease: Lease): boolean {
    for (const holding of this.inFlight.values()) {
      if (holding.redisGroup === lease.redisGroup && holding.stream === lease.stream) return true;
    }
    return false;
  }
}

function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((done) => { resolve = done; });
  return { promise, resolve };
}

/** A partition looked at in a round: renewed (held here) or read (GET). */
interface Look {
  readonly state: GroupState;
  readonly stream: string;
  readonly renew: boolean;
}

function leaseId(redisGroup: string, stream: string): string {
  return `${redisGroup}\n${stream}`;
}
