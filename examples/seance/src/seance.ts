// @necrostack/core first: it loads reflect-metadata, which tsyringe needs before it is imported.
import { BACKEND, Event, LOGGER, Spine, silentLogger, type Backend, type Logger } from '@necrostack/core';
import { withExampleBackend } from '@necrostack/example-support';
import { container } from 'tsyringe';
import './organs'; // loading the organ modules is what lets discovery find the @Organ classes
import { SUMMON_RITUAL } from './events';
import { DEFAULT_QUESTION } from './organs/summon-spirit.organ';
import { SeanceRecord } from './services/seance-record.service';
import { SeededRandom } from './services/seeded-random';
import { buildSummary, type SeanceRequest, type SeanceSummary } from './summary/summary';

/** The original's defaults. */
export const DEFAULT_SPIRIT = 'Ancient One';
export const DEFAULT_RITUAL = 'Midnight Invocation';
export const DEFAULT_SEED = 42;

/** Options of {@link runSeance}. */
export interface SeanceOptions {
  readonly spirit?: string;
  readonly ritual?: string;
  readonly question?: string;
  /** Seed of the effect's choice (default 42): the same seed, the same séance. */
  readonly seed?: number;
  /** `memory` (default) or a `redis://` URL: the run then uses streams of its own, deleted afterwards. */
  readonly backend?: string;
  /** Where the framework logs (default: nowhere). */
  readonly logger?: Logger;
}

/**
 * Holds one séance — SummonSpirit → AskQuestion → InterpretResponse → ManifestEffect, each an
 * organ — and returns what manifested.
 *
 * @throws PayloadValidationError when a text is longer than 200 characters.
 * @throws Error when the séance did not complete (the message carries the dead letters' reasons).
 */
export async function runSeance(options: SeanceOptions = {}): Promise<SeanceSummary> {
  const request: SeanceRequest = {
    spirit: options.spirit ?? DEFAULT_SPIRIT,
    ritual: options.ritual ?? DEFAULT_RITUAL,
    question: options.question ?? DEFAULT_QUESTION,
    seed: options.seed ?? DEFAULT_SEED,
  };
  const logger = options.logger ?? silentLogger;
  const record = new SeanceRecord();
  const random = new SeededRandom(request.seed);
  const { stats, deadLetters } = await withExampleBackend(options.backend ?? 'memory', 'seance', logger, (backend) =>
    hold(backend, logger, record, random, request));
  const manifestation = record.manifestation;
  if (!manifestation) throw new Error(`the séance did not complete: ${deadLetters.join('; ') || 'no manifestation'}`);
  return buildSummary(request, manifestation, stats);
}

/** Bootstraps like an application: a child container; `resolve(Spine)` discovers the organs. */
async function hold(backend: Backend, logger: Logger, record: SeanceRecord, random: SeededRandom, request: SeanceRequest) {
  const app = container.createChildContainer();
  app.register(BACKEND, { useValue: backend });
  app.register(LOGGER, { useValue: logger });
  app.register(SeanceRecord, { useValue: record });
  app.register(SeededRandom, { useValue: random });
  const spine = app.resolve(Spine);
  const start = new Event(SUMMON_RITUAL, { ritual: request.ritual, spirit_name: request.spirit, question: request.question });
  const stats = await spine.run(start);
  const failed = await spine.failedEventStore.getAll();
  return { stats, deadLetters: failed.map((f) => `${f.organ ?? '?'}: ${f.error.name}: ${f.error.message}`) };
}
