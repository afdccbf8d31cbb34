import type { PgForwarderConfig } from '../fixtures/forwarder';
import { FixtureProcess } from './fixture-process';

/** A forwarder child process (test/fixtures/forwarder.ts) and everything it printed. */
export class PgForwarderProcess extends FixtureProcess {
  constructor(config: PgForwarderConfig) {
    super('forwarder.ts', 'NECRO_PG_FORWARDER', config);
  }

  /** Resolves once the forwarder holds the lease. */
  active(): Promise<this> {
    return this.printed('ACTIVE', 'the forwarder to become active');
  }
}
