import type { RawEntry } from '@necrostack/backend-redis';
import type { RawRedis } from '../config/redis-client';
import { idTime, labelsOf } from './dead-letter-fields';
import { streamInfo } from './stream-info';

/** Entries read per XRANGE, and pages read per {@link DeadLetterTally.update} at most. */
const PAGE = 500;
const PAGES_PER_UPDATE = 40;

/** One organ's dead letters. */
export interface OrganLetters {
  count: number;
  /** When the newest was written (ms). */
  newestAt: number;
}

/** What {@link DeadLetterTally.update} found new since the last call, by organ (none while recounting). */
export type NewLetters = ReadonlyMap<string, number>;

/**
 * Counts the dead-letter stream by organ and by error class without reading it all on every
 * sample: it reads only the entries written since the last update. When the stream holds fewer
 * entries than counted (some were replayed, purged or trimmed), it counts again from the start,
 * a bounded number of pages per update, and says so (`complete` is false meanwhile). It keeps
 * each organ's ids too (about 40 bytes a dead letter), so one organ's page is found without a scan.
 */
export class DeadLetterTally {
  readonly byOrgan = new Map<string, OrganLetters>();
  readonly byErrorClass = new Map<string, number>();
  /** Each organ's dead-letter ids, oldest first: an index for the list filtered by organ. */
  readonly #ids = new Map<string, string[]>();
  #total = 0;
  #lastId = '0-0';
  #complete = false;
  #recounting = true;

  constructor(private readonly redis: RawRedis, private readonly key: string) {}

  /** Dead letters counted. */
  get total(): number {
    return this.#total;
  }

  /** Whether the counts cover the whole stream (false while counting it). */
  get complete(): boolean {
    return this.#complete;
  }

  /**
   * The ids of an organ's dead letters as of the last update, oldest first (some may be deleted
   * since); undefined while the counts are incomplete.
   */
  organIds(organ: string): readonly string[] | undefined {
    return this.#complete ? this.#ids.get(organ) ?? [] : undefined;
  }

  /** Counts again from the start at the next update (after a purge or a replay). */
  recount(): void {
    this.byOrgan.clear();
    this.#ids.clear();
    this.byErrorClass.clear();
    this.#total = 0;
    this.#lastId = '0-0';
    this.#complete = false;
    this.#recounting = true;
  }

  /** Reads what was written since the last update; resolves with the new letters by organ. */
  async update(): Promise<NewLetters> {
    const info = await this.#info();
    if (info.length < this.#total) this.recount();
    const fresh = new Map<string, number>();
    for (let pages = 0; pages < PAGES_PER_UPDATE && this.#lastId !== info.lastId; pages++) {
      const entries = (await this.redis.sendCommand(['XRANGE', this.key, `(${this.#lastId}`, info.lastId, 'COUNT', String(PAGE)])) as RawEntry[];
      for (const [id, fields] of entries) {
        const { organ, errorClass } = labelsOf(fields);
        this.#count(organ, errorClass, id);
        if (!this.#recounting) fresh.set(organ, (fresh.get(organ) ?? 0) + 1);
      }
      this.#lastId = entries.length < PAGE ? info.lastId : (entries[entries.length - 1] as RawEntry)[0];
    }
    this.#complete = this.#lastId === info.lastId;
    if (this.#complete) {
      if (this.#total !== info.length) this.recount(); // deleted while we read: count again next time
      else this.#recounting = false;
    }
    return fresh;
  }

  #count(organ: string, errorClass: string, id: string): void {
    const letters = this.byOrgan.get(organ) ?? { count: 0, newestAt: 0 };
    letters.count++;
    letters.newestAt = Math.max(letters.newestAt, idTime(id));
    this.byOrgan.set(organ, letters);
    const ids = this.#ids.get(organ);
    if (ids) ids.push(id);
    else this.#ids.set(organ, [id]);
    this.byErrorClass.set(errorClass, (this.byErrorClass.get(errorClass) ?? 0) + 1);
    this.#total++;
  }

  async #info(): Promise<{ length: number; lastId: string }> {
    const info = await streamInfo(this.redis, this.key);
    return info ?? { length: 0, lastId: this.#lastId };
  }
}
