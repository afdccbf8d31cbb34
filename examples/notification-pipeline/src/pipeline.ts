// @necrostack/core first: it loads reflect-metadata, which tsyringe needs before it is imported.
import {
  BACKEND, Event, LOGGER, SPINE_OPTIONS, Spine, createLogger, type ContainerSpineOptions, type Logger,
} from '@necrostack/core';
import { withExampleBackend } from '@necrostack/example-support';
import { container } from 'tsyringe';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import './organs'; // loading the organ modules is what lets discovery find the @Organ classes
import { CountingBackend } from './counting-backend';
import { NOTIFICATION_REQUESTED } from './events';
import { loadDirectory } from './input/load-directory';
import { loadNotifications } from './input/load-notifications';
import { AuditLog } from './services/audit-log.service';
import { DeliveryGateway } from './services/delivery-gateway.service';
import { UserDirectory } from './services/user-directory.service';
import { buildSummary, type PipelineSummary } from './summary/summary';

export const DATA_DIR = join(__dirname, '..', 'data');
export const DEFAULT_NOTIFICATIONS_FILE = join(DATA_DIR, 'sample_notifications.json');
export const DEFAULT_DIRECTORY_FILE = join(DATA_DIR, 'directory.json');
/** Shorter than the Spine's default (100 ms) so the demo's retries do not dominate its duration. */
export const DEFAULT_RETRY_BASE_DELAY_MS = 20;

/** Options of {@link runPipeline}. Only timings are tunable: counts depend on the data alone, not on the backend. */
export interface PipelineOptions {
  /** Notification requests, `.json` or `.csv` (default `data/sample_notifications.json`). */
  readonly file?: string;
  /** Users' contacts and the simulated providers' faults (default `data/directory.json`). */
  readonly directoryFile?: string;
  /** `memory` (default) or a `redis://` URL: the run then uses streams of its own, deleted afterwards. */
  readonly backend?: string;
  /** Where the framework logs (default: JSON lines on stderr, warnings and errors only). */
  readonly logger?: Logger;
  /** Simulated provider latency per call, in ms (default 2). */
  readonly latencyMs?: number;
  /** First retry delay of a failing handler, in ms (default 20). */
  readonly retryBaseDelayMs?: number;
}

/**
 * Runs the notification pipeline once over a file of requests, on the backend `options.backend`
 * names (in memory by default), and returns its summary: the same on every backend, timings aside.
 * Bootstraps like an application: a child container with the backend, the logger and the services
 * the organs need; `resolve(Spine)` discovers the organs and injects those services.
 *
 * @throws InputError when a file cannot be read or parsed.
 */
export async function runPipeline(options: PipelineOptions = {}): Promise<PipelineSummary> {
  const file = options.file ?? DEFAULT_NOTIFICATIONS_FILE;
  const records = await loadNotifications(file);
  const directory = await loadDirectory(options.directoryFile ?? DEFAULT_DIRECTORY_FILE);
  const logger = options.logger ?? createLogger({ stream: 'stderr', level: 'warn' });
  const settings: ContainerSpineOptions = { retryBaseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS };
  return withExampleBackend(options.backend ?? 'memory', 'notification-pipeline', logger, async (inner) => {
    const backend = new CountingBackend(inner);
    const audit = new AuditLog();
    const app = container.createChildContainer();
    app.register(BACKEND, { useValue: backend });
    app.register(LOGGER, { useValue: logger });
    app.register(SPINE_OPTIONS, { useValue: settings });
    app.register(UserDirectory, { useValue: new UserDirectory(directory.users) });
    app.register(DeliveryGateway, { useValue: new DeliveryGateway({ faults: directory.faults, latencyMs: options.latencyMs }) });
    app.register(AuditLog, { useValue: audit });
    const spine = app.resolve(Spine);
    const requests = records.map((record) => new Event(NOTIFICATION_REQUESTED, record));
    const started = performance.now();
    // backend.enqueue rather than spine.publish: publish checks payloads against the DTOs and
    // rejects the whole batch at the first invalid record. These records are untrusted input that
    // must enter the pipeline, so that Validate's DTO dead-letters each invalid one with its reason.
    await backend.enqueue(requests);
    const stats = await spine.run();
    const durationMs = performance.now() - started;
    return buildSummary({
      file: displayPath(file),
      requestIds: requests.map((event) => event.id),
      stats,
      countsByType: backend.countsByType(),
      audit: audit.all(),
      deadLetters: await spine.failedEventStore.getAll(),
      durationMs,
    });
  });
}

function displayPath(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown.startsWith('..') ? file : shown;
}
