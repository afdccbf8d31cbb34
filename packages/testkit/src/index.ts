/**
 * The backend conformance suite: every NecroStack backend runs it, so that code tested on one
 * backend means the same on another. Runs under jest only.
 */
export { describeBackendConformance } from './describe-backend-conformance';
export type { BackendCapabilities, BackendFixture, BackendHarness, BackendTestOptions } from './harness';
export {
  pullDeliveries, drainAcking, waitFor, settlesWithin, eventOf, idsOf, ofGroup, settlement, describeDeliveries,
  type PullDeliveriesOptions,
} from './wait';
