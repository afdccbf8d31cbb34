import type { Subscription } from '@necrostack/core';
import type { RedisCommand, RedisConnection } from '../connection/redis-connection';
import type { RedisKeys } from '../redis-keys';
import { toUnavailable } from '../translate-error';
import type { Holding } from './in-flight';

/** What this consumer knows of one subscribed group. */
export interface GroupState {
  readonly group: string;
  readonly redisGroup: string;
  types: ReadonlySet<string>;
  /** The streams it reads, its retry stream last. */
  streams: readonly string[];
  idempotent: boolean;
  /** Nacked entries waiting to be delivered again, by delivery id. */
  readonly redeliveries: Map<string, Holding>;
  /** Claim scan cursor per stream. */
  readonly claimCursors: Map<string, string>;
  /** The delivery taken over from a dead consumer that this consumer holds, if any (one at a time). */
  recovering: string | undefined;
  /** The partitions held here that still had other consumers' entries to take over at their last read. */
  readonly draining: Set<string>;
}

/** The groups this consumer reads for, and their creation in Redis. */
export class GroupRegistry {
  readonly #groups = new Map<string, GroupState>();

  constructor(
    private readonly keys: RedisKeys,
    private readonly connection: RedisConnection,
    private readonly startAt: 'beginning' | 'end',
  ) {}

  get(group: string): GroupState | undefined {
    return this.#groups.get(group);
  }

  list(): GroupState[] {
    return [...this.#groups.values()];
  }

  /** Every stream some group reads. */
  streams(): string[] {
    const all = new Set<string>();
    for (const state of this.#groups.values()) for (const stream of state.streams) all.add(stream);
    return [...all];
  }

  /** Records the subscriptions and creates their consumer groups (existing ones are kept). */
  async subscribe(subscriptions: readonly Subscription[]): Promise<void> {
    const changed: GroupState[] = [];
    for (const { group, eventTypes, idempotent } of subscriptions) {
      const state = this.#groups.get(group);
      const types = new Set([...(state?.types ?? []), ...eventTypes]);
      const streams = this.keys.groupStreams(group, [...types]);
      if (state) {
        state.types = types;
        state.streams = streams;
        state.idempotent ||= idempotent === true;
        changed.push(state);
      } else {
        const created: GroupState = {
          group, redisGroup: this.keys.groupName(group), types, streams, idempotent: idempotent === true,
          redeliveries: new Map(), claimCursors: new Map(), recovering: undefined, draining: new Set(),
        };
        this.#groups.set(group, created);
        changed.push(created);
      }
    }
    await this.#create(changed);
  }

  /** Creates every group again: after Redis lost its data (NOGROUP). */
  async recreate(): Promise<void> {
    await this.#create(this.list());
  }

  async #create(states: readonly GroupState[]): Promise<void> {
    const commands: RedisCommand[] = [];
    const start = this.startAt === 'end' ? '$' : '0';
    for (const state of states) {
      for (const stream of state.streams) {
        // A retry stream only ever holds entries meant for its group: always read it from the start.
        const from = stream === this.keys.retryStream(state.group) ? '0' : start;
        commands.push(['XGROUP', 'CREATE', stream, state.redisGroup, from, 'MKSTREAM']);
      }
    }
    if (this.keys.layout === 'per-type') {
      const types = new Set(states.flatMap((s) => [...s.types]));
      if (types.size > 0) commands.push(['SADD', this.keys.types, ...types]);
    }
    let results: PromiseSettledResult<unknown>[];
    try {
      results = await this.connection.settled(commands);
    } catch (error) {
      throw toUnavailable('subscribe', error);
    }
    for (const result of results) {
      if (result.status === 'rejected' && !String((result.reason as Error)?.message).startsWith('BUSYGROUP')) {
        throw toUnavailable('subscribe (XGROUP CREATE)', result.reason);
      }
    }
  }
}
