import type { RedisKeys } from '@necrostack/backend-redis';
import { maskSecrets } from '@necrostack/core';
import type { RawRedis } from '../config/redis-client';
import { DeadLetterTally, type NewLetters } from './dead-letter-tally';
import type { OrganView, Overview, RatePoint } from './overview-model';
import { readSample, type Sample } from './read-sample';

/** Settings of a {@link Sampler}. */
export interface SamplerOptions {
  /** Time between samples (ms). */
  readonly intervalMs: number;
  /** Samples kept for the chart. */
  readonly historyLength: number;
  /** A worker that has not read for this long is shown as silent (ms). */
  readonly staleAfterMs: number;
}

/**
 * Samples Redis every `intervalMs` in the background, so a request only ever reads the last
 * {@link Overview}: what the page polls costs no Redis round trip, however many pages poll.
 * Rates are differences between two samples: deliveries from the groups' `entries-read`,
 * failures from the dead letters written in between.
 */
export class Sampler {
  readonly #tally: DeadLetterTally;
  readonly #rates: RatePoint[] = [];
  #previous: { at: number; delivered: Map<string, number> } | undefined;
  #overview: Overview | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(private readonly redis: RawRedis, private readonly keys: RedisKeys, private readonly options: SamplerOptions) {
    this.#tally = new DeadLetterTally(redis, keys.dlq);
  }

  /** The last sample; undefined before the first one ended. */
  get overview(): Overview | undefined {
    return this.#overview;
  }

  /** An organ's dead-letter ids as of the last sample, oldest first; undefined while they are being counted. */
  organLetterIds(organ: string): readonly string[] | undefined {
    return this.#tally.organIds(organ);
  }

  /** Takes the first sample (so the page has data at once), then one every `intervalMs`. */
  async start(): Promise<void> {
    await this.sampleNow();
    this.#schedule();
  }

  /** Samples now (after an action, so the next poll shows its effect); waits for a sample under way. */
  async sampleNow(recountDeadLetters = false): Promise<void> {
    if (recountDeadLetters) this.#tally.recount();
    while (this.#running) await this.#running;
    this.#running = this.#sample().finally(() => { this.#running = undefined; });
    await this.#running;
  }

  /** Stops sampling; resolves once a sample under way ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.sampleNow().finally(() => this.#schedule()), this.options.intervalMs);
  }

  async #sample(): Promise<void> {
    const started = Date.now();
    try {
      const sample = await readSample(this.redis, this.keys, this.options.staleAfterMs);
      const fresh = await this.#tally.update();
      this.#overview = this.#build(sample, fresh, started);
    } catch (error) {
      const message = maskSecrets(error instanceof Error ? error.message : String(error));
      if (this.#overview) this.#overview = { ...this.#overview, error: message };
      else this.#overview = { ...EMPTY, sampledAt: new Date(started).toISOString(), intervalMs: this.options.intervalMs, error: message };
    }
  }

  #build(sample: Sample, fresh: NewLetters, started: number): Overview {
    const seconds = this.#previous ? Math.max(0.001, (started - this.#previous.at) / 1000) : 0;
    const delivered = new Map(sample.organs.map((o) => [o.group, o.delivered]));
    const organs: OrganView[] = sample.organs.map((o) => {
      const before = this.#previous?.delivered.get(o.group);
      const letters = this.#tally.byOrgan.get(o.organ);
      return {
        ...o,
        deliveredPerSec: seconds === 0 || before === undefined ? 0 : Math.max(0, o.delivered - before) / seconds,
        failedPerSec: seconds === 0 ? 0 : (fresh.get(o.organ) ?? 0) / seconds,
        deadLetters: { count: letters?.count ?? 0, newestAt: letters ? new Date(letters.newestAt).toISOString() : null },
      };
    });
    if (this.#previous) {
      const failed = [...fresh.values()].reduce((a, b) => a + b, 0);
      this.#rates.push({ t: started, delivered: organs.reduce((sum, o) => sum + o.deliveredPerSec, 0), failed: failed / seconds });
      if (this.#rates.length > this.options.historyLength) this.#rates.shift();
    }
    this.#previous = { at: started, delivered };
    return {
      sampledAt: new Date(started).toISOString(),
      intervalMs: this.options.intervalMs,
      sampleMs: Date.now() - started,
      error: null,
      streams: sample.streams,
      organs,
      workers: sample.workers,
      deadLetters: { total: this.#tally.total, complete: this.#tally.complete,
        byOrgan: Object.fromEntries([...this.#tally.byOrgan].map(([organ, l]) => [organ, l.count])), byErrorClass: Object.fromEntries(this.#tally.byErrorClass) },
      rates: [...this.#rates],
      // Absent with one partition, so that overview is what it always was.
      ...(sample.partitions ? { partitions: sample.partitions } : {}),
    };
  }
}

const EMPTY: Omit<Overview, 'sampledAt' | 'intervalMs' | 'error'> = {
  sampleMs: 0, streams: [], organs: [], workers: [], deadLetters: { total: 0, complete: false, byOrgan: {}, byErrorClass: {} }, rates: [],
};
