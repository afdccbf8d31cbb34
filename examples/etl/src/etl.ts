// @necrostack/core first: it loads reflect-metadata, which tsyringe needs before it is imported.
import { BACKEND, Event, EventValidationError, LOGGER, Spine, silentLogger, type Backend, type Logger } from '@necrostack/core';
import { InputError, withExampleBackend } from '@necrostack/example-support';
import { readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { container } from 'tsyringe';
import './organs'; // loading the organ modules is what lets discovery find the @Organ classes
import { ETL_START } from './events';
import { EtlReport } from './services/etl-report.service';
import { buildSummary, type EtlSummary } from './summary/summary';

/** The example's directory (src/ or dist/ is one level below). */
export const EXAMPLE_DIR = join(__dirname, '..');
export const DEFAULT_FILE = join(EXAMPLE_DIR, 'data', 'employees.csv');

/** Options of {@link runEtl}. */
export interface EtlOptions {
  /** The CSV file to load (default `data/employees.csv`). */
  readonly file?: string;
  /** `memory` (default) or a `redis://` URL: the run then uses streams of its own, deleted afterwards. */
  readonly backend?: string;
  /** Where the framework logs (default: nowhere). */
  readonly logger?: Logger;
}

/**
 * Runs the ETL pipeline once over a CSV file — ExtractCSV → CleanData → TransformData →
 * ExportSummary, each an organ — and returns its summary.
 *
 * @throws InputError when the file cannot be read, is not valid CSV, or is too large for one event.
 * @throws Error when the pipeline did not finish (the message carries the dead letters' reasons).
 */
export async function runEtl(options: EtlOptions = {}): Promise<EtlSummary> {
  const file = options.file ?? DEFAULT_FILE;
  const shown = displayPath(file);
  const start = startEvent(await readText(file, shown), basename(file), shown);
  const logger = options.logger ?? silentLogger;
  const report = new EtlReport();
  const { stats, deadLetters } = await withExampleBackend(options.backend ?? 'memory', 'etl', logger, (backend) =>
    runPipeline(backend, logger, report, start));
  if (report.failureReason !== undefined) throw new InputError(shown, report.failureReason);
  if (!report.result) throw new Error(`the ETL pipeline did not finish: ${deadLetters.join('; ') || 'no result'}`);
  return buildSummary(shown, report.result, stats);
}

/** Bootstraps like an application: a child container; `resolve(Spine)` discovers the organs. */
async function runPipeline(backend: Backend, logger: Logger, report: EtlReport, start: Event<object>) {
  const app = container.createChildContainer();
  app.register(BACKEND, { useValue: backend });
  app.register(LOGGER, { useValue: logger });
  app.register(EtlReport, { useValue: report });
  const spine = app.resolve(Spine);
  const stats = await spine.run(start);
  const failed = await spine.failedEventStore.getAll();
  const deadLetters = failed.map((f) => `${f.organ ?? '?'}: ${f.error.name}: ${f.error.message}`);
  return { stats, deadLetters };
}

async function readText(file: string, shown: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(shown, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
}

function startEvent(text: string, sourceName: string, shown: string): Event {
  try {
    return new Event(ETL_START, { csv_data: text, source_name: sourceName });
  } catch (error) {
    if (!(error instanceof EventValidationError)) throw error;
    throw new InputError(shown, `too large to load as one ${ETL_START} event (${error.message})`, { cause: error });
  }
}

function displayPath(file: string): string {
  const path = relative(EXAMPLE_DIR, file);
  return path.startsWith('..') ? file : path;
}
