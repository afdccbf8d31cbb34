import { InMemoryBackend, type InMemoryBackendOptions } from '@necrostack/backend-memory';
import {
  Spine, silentLogger, type ClassType, type Event, type FailedEvent, type SpineSettings, type SpineStats,
} from '@necrostack/core';

/** Options of {@link runOrgans}: Spine settings (quiet and fast by default) and the backend's. */
export interface RunOrgansOptions extends SpineSettings {
  /** Options of the in-memory backend the run uses. */
  readonly backend?: InMemoryBackendOptions;
}

/** What a {@link runOrgans} call saw. */
export interface OrganRun {
  /** Every event the organs emitted, in the order they were enqueued (inputs excluded). */
  readonly emitted: readonly Event[];
  /** The dead letters, oldest first. */
  readonly deadLetters: readonly FailedEvent[];
  /** The Spine's counters at the end of the run. */
  readonly stats: SpineStats;
  /** The emitted events of one type. */
  emittedOfType(eventType: string): Event[];
}

/** An in-memory backend that remembers what was enqueued while recording. */
class RecordingBackend extends InMemoryBackend {
  readonly recorded: Event[] = [];
  recording = false;

  override enqueue(events: Event<object> | readonly Event<object>[]): Promise<void> {
    const result = super.enqueue(events);
    if (this.recording) {
      result.then(() => this.recorded.push(...((Array.isArray(events) ? events : [events]) as Event[])), () => undefined);
    }
    return result;
  }
}

/**
 * Runs organs on events in memory until everything settles, and returns what they emitted and what
 * was dead-lettered: an organ test in a few lines. Logging is silent and retries wait 1 ms unless
 * the options say otherwise.
 *
 * @example
 * ```ts
 * const run = await runOrgans([Relay], [new Event('PING', { n: 1 })]);
 * expect(run.emittedOfType('PONG')).toHaveLength(1);
 * expect(run.deadLetters).toEqual([]);
 * ```
 */
export async function runOrgans(
  organs: readonly (object | ClassType)[],
  events: Event<object> | readonly Event<object>[],
  options: RunOrgansOptions = {},
): Promise<OrganRun> {
  const { backend: backendOptions, ...settings } = options;
  const backend = new RecordingBackend(backendOptions);
  const spine = new Spine({ logger: silentLogger, retryBaseDelayMs: 1, ...settings, organs, backend });
  await spine.publish(events);
  backend.recording = true;
  const stats = await spine.run();
  await backend.close();
  const emitted = backend.recorded;
  return {
    emitted,
    deadLetters: backend.deadLetters.getAll(),
    stats,
    emittedOfType: (eventType) => emitted.filter((e) => e.eventType === eventType),
  };
}
