import type { RedisCommand } from '../connection/redis-connection';
import { decodeEntry, replacedText, type DecodedEntry, type RawEntry } from '../codec/entry-codec';
import type { RedisKeys } from '../redis-keys';
import { CLAIM_SCRIPT } from '../scripts/claim.script';
import { OWNED_READ_SCRIPT } from '../scripts/owned-read.script';
import { ScriptCalls } from '../scripts/lua-script';
import type { GroupState } from './group-registry';
import { RELEASED_IDLE_MS } from './settler';
import type { Holding, InFlight } from './in-flight';
import type { SkipAcks } from './skip-acks';

/** An entry read for a group, before it becomes a delivery. */
export interface Candidate {
  readonly state: GroupState;
  readonly stream: string;
  readonly entryId: string;
  readonly attempt: number;
  readonly decoded: DecodedEntry;
  /** Taken over from another consumer. */
  readonly recovered: boolean;
  /** Taken over from a consumer that died holding it (not handed back). */
  readonly crashed?: boolean;
  /** The `event` text, when it holds U+FFFD: maybe bytes that are not UTF-8 (see utf8-guard). */
  readonly replacedText?: string | undefined;
}

/** What a read round needs from its consumer. */
export interface RoundContext {
  readonly keys: RedisKeys;
  readonly consumer: string;
  readonly claimMinIdleMs: number;
  readonly inFlight: InFlight;
  readonly skipAcks: SkipAcks;
}

type Parser = (reply: unknown) => void;
/** An entry taken over by a script: id, fields, delivery count, 1 if left by a crash. */
type TakenOver = [string, string[], number, number];
const ignore: Parser = () => undefined;
const BIG_LAST_ID = '0-0';

/**
 * One read round trip, pipelined: pending skip-acks, nacked entries claimed back for redelivery,
 * takeovers (the claim script), last-id probes for the blocking wait, one XREADGROUP per group and
 * slot, and, with partition ownership, one owned-read script call per partition held.
 */
export class ReadRound {
  readonly commands: RedisCommand[] = [];
  readonly candidates: Candidate[] = [];
  readonly lastIds = new Map<string, string>();
  /** Whether any entry came back, wanted or not. */
  readAny = false;
  /** New entries asked for (the COUNTs of the XREADGROUPs), and how many came back. */
  asked = 0;
  readNew = 0;
  /** Whether this round looked for deliveries to take over. */
  claimed = false;
  /** Whether this round found the streams' last ids (for a blocking wait). */
  probed = false;
  /** Whether an owned partition still holds entries of other consumers to take over first. */
  draining = false;
  readonly #parsers: Parser[] = [];
  readonly #calls = new ScriptCalls();
  readonly #taken: [GroupState, Holding][] = [];
  /** The groups for which an owned read of this round may take an entry of a dead consumer (one per group). */
  readonly #crashTakers = new Set<GroupState>();

  constructor(private readonly ctx: RoundContext) {}

  raw(command: RedisCommand): void {
    this.#add(command, ignore);
  }

  /**
   * Claims nacked entries back (XCLAIM, which counts a delivery) to deliver them again; those of a
   * partition whose lease is not ours (`mayDeliver` false) wait.
   */
  redeliveries(state: GroupState, max: number, mayDeliver: (stream: string) => boolean = () => true): void {
    const byStream = new Map<string, Holding[]>();
    for (const [key, holding] of state.redeliveries) {
      if (this.#taken.length >= max) break;
      if (!mayDeliver(holding.stream)) continue;
      state.redeliveries.delete(key);
      this.#taken.push([state, holding]);
      byStream.set(holding.stream, [...(byStream.get(holding.stream) ?? []), holding]);
    }
    for (const [stream, holdings] of byStream) {
      const attempts = new Map(holdings.map((h) => [h.entryId, h.attempt + 1]));
      const command = ['XCLAIM', stream, state.redisGroup, this.ctx.consumer, '0', ...attempts.keys()];
      this.#add(command, (reply) => {
        const returned = new Set<string>();
        for (const entry of (reply as RawEntry[] | null) ?? []) {
          returned.add(entry[0]);
          this.#candidate(state, stream, entry, attempts.get(entry[0]) ?? 1, false);
        }
        // Not returned: acked meanwhile or deleted from the stream; nothing left to deliver.
        for (const id of attempts.keys()) {
          if (!returned.has(id)) this.ctx.inFlight.delete(state.redisGroup, this.ctx.keys.deliveryId(stream, id));
        }
      });
    }
  }

  /**
   * Takes over entries idle longer than `claimMinIdleMs` on any consumer of the group: every one
   * handed back, and at most one left by a dead consumer while this consumer holds no other (see
   * the claim script). An entry delivered more than `maxDeliveries` times is handed to the Spine
   * like any other, which dead-letters it unrun. With partition ownership, only the unowned
   * streams (`streams`) are scanned so: an owned partition's are taken by ownedRead.
   */
  claims(state: GroupState, max: number, streams: readonly string[] = state.streams): void {
    this.claimed = true;
    for (const stream of streams) {
      const cursor = state.claimCursors.get(stream) ?? '0-0';
      const takeCrashed = this.#takesCrashed(state);
      const args = [state.redisGroup, this.ctx.consumer, String(this.ctx.claimMinIdleMs), cursor, String(max), String(RELEASED_IDLE_MS), takeCrashed ? '1' : '0'];
      this.#add(this.#calls.call(CLAIM_SCRIPT, [stream], args), (reply) => {
        const [next, claimed] = reply as [string, TakenOver[]];
        state.claimCursors.set(stream, next);
        this.#takenOver(state, stream, claimed);
      });
    }
  }

  /**
   * Reads a partition this consumer holds the lease of (the owned-read script): the entries still
   * pending for other consumers first, in entry-id order (handed-back ones in a batch, crashed ones
   * one at a time), then new ones; nothing when the lease is no longer ours.
   */
  ownedRead(state: GroupState, stream: string, ownerKey: string, max: number): void {
    const cursor = state.claimCursors.get(stream) ?? '0-0';
    const takeCrashed = this.#ownedTakesCrashed(state, stream);
    const args = [state.redisGroup, this.ctx.consumer, String(max), cursor, String(RELEASED_IDLE_MS), takeCrashed ? '1' : '0', String(this.ctx.claimMinIdleMs)];
    this.asked += max;
    this.#add(this.#calls.call(OWNED_READ_SCRIPT, [stream, ownerKey], args), (reply) => {
      const [mode, first, second] = reply as [number, unknown, unknown];
      if (Number(mode) === 1) {
        this.draining = true;
        state.draining.add(stream);
        state.claimCursors.set(stream, first as string);
        this.#takenOver(state, stream, second as TakenOver[]);
        return;
      }
      state.draining.delete(stream);
      if (Number(mode) === 2) {
        const entries = first as RawEntry[];
        this.readNew += entries.length;
        for (const entry of entries) this.#candidate(state, stream, entry, 1, false);
      }
    });
  }

  /** Entries taken over from other consumers (claim or owned-read script), as candidates. */
  #takenOver(state: GroupState, stream: string, claimed: readonly TakenOver[]): void {
    for (const [id, fields, count, crashed] of claimed) {
      const deliveryId = this.ctx.keys.deliveryId(stream, id);
      // Ours already (its refresh came late): not a second delivery.
      if (this.ctx.inFlight.has(state.redisGroup, deliveryId)) continue;
      this.readAny = true;
      const decoded = decodeEntry(fields, state.types);
      if (decoded === undefined) {
        this.ctx.skipAcks.add(stream, state.redisGroup, id);
        continue;
      }
      if (Number(crashed) === 1) state.recovering = deliveryId;
      this.candidates.push({
        state, stream, entryId: id, attempt: Number(count), decoded, recovered: true, crashed: Number(crashed) === 1, replacedText: replacedText(fields),
      });
    }
  }

  /** Whether this round may take an entry of a dead consumer for the group: it holds none already. */
  #takesCrashed(state: GroupState): boolean {
    if (state.recovering !== undefined && this.ctx.inFlight.has(state.redisGroup, state.recovering)) return false;
    state.recovering = undefined;
    return true;
  }

  /**
   * Whether the owned read of `stream` may take an entry of a dead consumer for the group: as
   * #takesCrashed, and no other owned read of this round may (one per group, held partitions being
   * several), given to a partition still taking over if there is one (where it is needed).
   */
  #ownedTakesCrashed(state: GroupState, stream: string): boolean {
    if (this.#crashTakers.has(state) || (state.draining.size > 0 && !state.draining.has(stream))) return false;
    if (!this.#takesCrashed(state)) return false;
    this.#crashTakers.add(state);
    return true;
  }

  /** Finds the newest entry id of `stream`, where the blocking wait starts. */
  probe(stream: string): void {
    this.probed = true;
    this.#add(['XREVRANGE', stream, '+', '-', 'COUNT', '1'], (reply) => {
      const entries = reply as RawEntry[] | null;
      this.lastIds.set(stream, entries?.[0]?.[0] ?? BIG_LAST_ID);
    });
  }

  /**
   * Reads about `max` new entries for the group: one XREADGROUP per slot its streams are in (one
   * with a single partition), each asking for its share of `max` per stream.
   */
  read(state: GroupState, max: number, streams: readonly string[] = state.streams): void {
    if (streams.length === 0) return;
    const bySlot = this.ctx.keys.bySlot(streams, (stream) => stream);
    const count = Math.max(1, Math.ceil(max / bySlot.length));
    for (const streams of bySlot) {
      const command = ['XREADGROUP', 'GROUP', state.redisGroup, this.ctx.consumer, 'COUNT', String(count), 'STREAMS',
        ...streams, ...streams.map(() => '>')];
      this.asked += count;
      this.#add(command, (reply) => {
        for (const [stream, entries] of (reply as [string, RawEntry[]][] | null) ?? []) {
          this.readNew += entries.length;
          for (const entry of entries) this.#candidate(state, stream, entry, 1, false);
        }
      });
    }
  }

  parse(replies: readonly unknown[]): void {
    for (let i = 0; i < this.#parsers.length; i++) (this.#parsers[i] as Parser)(replies[i]);
  }

  /** After a failed round trip: the nacked entries wait for the next round. */
  restore(): void {
    for (const [state, holding] of this.#taken) {
      state.redeliveries.set(holding.deliveryId, holding);
    }
  }

  #candidate(state: GroupState, stream: string, [id, fields]: RawEntry, attempt: number, recovered: boolean): void {
    this.readAny = true;
    const decoded = decodeEntry(fields, state.types);
    if (decoded === undefined) this.ctx.skipAcks.add(stream, state.redisGroup, id);
    else this.candidates.push({ state, stream, entryId: id, attempt, decoded, recovered, replacedText: replacedText(fields as readonly string[]) });
  }

  #add(command: RedisCommand, parser: Parser): void {
    this.commands.push(command);
    this.#parsers.push(parser);
  }
}

