import type { PgWorkerConfig } from '../fixtures/worker';
import { FixtureProcess } from './fixture-process';

/** A worker child process (test/fixtures/worker.ts) and everything it printed. */
export class PgWorkerProcess extends FixtureProcess {
  constructor(config: PgWorkerConfig) {
    super('worker.ts', 'NECRO_PG_WORKER', config);
  }

  /** Resolves once the worker subscribed its group. */
  ready(): Promise<this> {
    return this.printed('READY', 'the worker to start');
  }
}
