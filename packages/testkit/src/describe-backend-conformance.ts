import { ConformanceContext } from './conformance-context';
import type { BackendHarness } from './harness';
import { capabilitiesSuite } from './suites/capabilities.suite';
import { closeSuite } from './suites/close.suite';
import { deadLettersSuite } from './suites/dead-letters.suite';
import { delayedSuite } from './suites/delayed.suite';
import { failurePathsSuite } from './suites/failure-paths.suite';
import { isolationSuite } from './suites/isolation.suite';
import { middlewareSuite } from './suites/middleware.suite';
import { orderingSuite } from './suites/ordering.suite';
import { publishConsumeSuite } from './suites/publish-consume.suite';
import { pullWaitSuite } from './suites/pull-wait.suite';
import { sagasSuite } from './suites/sagas.suite';
import { schedulesSuite } from './suites/schedules.suite';
import { settleSuite } from './suites/settle.suite';
import { spineSuite } from './suites/spine.suite';

/**
 * Registers the backend conformance suite (jest `describe`/`it`) for one backend. Every test gets a
 * fresh fixture from `harness.setup()`; after it, every backend the test opened is closed and the
 * fixture torn down. Tests needing a capability the harness lacks are registered as skipped.
 *
 * @example
 * ```ts
 * import '@necrostack/core';
 * import { InMemoryBackend } from '@necrostack/backend-memory';
 * import { describeBackendConformance } from '@necrostack/testkit';
 *
 * describeBackendConformance('InMemoryBackend', {
 *   capabilities: { persistent: false },
 *   setup: () => ({ createBackend: (options) => new InMemoryBackend(options) }),
 * });
 * ```
 */
export function describeBackendConformance(name: string, harness: BackendHarness): void {
  describe(`${name} conforms to the backend contract`, () => {
    const ctx = new ConformanceContext(harness);
    afterEach(() => ctx.cleanup());

    publishConsumeSuite(ctx);
    isolationSuite(ctx);
    settleSuite(ctx);
    deadLettersSuite(ctx);
    orderingSuite(ctx);
    pullWaitSuite(ctx);
    closeSuite(ctx);
    spineSuite(ctx);
    middlewareSuite(ctx);
    failurePathsSuite(ctx);
    capabilitiesSuite(ctx);
    delayedSuite(ctx);
    schedulesSuite(ctx);
    sagasSuite(ctx);
  });
}
