import type { PostgresBackend } from '@necrostack/backend-postgres';
import { describeBackendConformance } from '@necrostack/testkit';
import { SchemaEnv } from './support/postgres-test-env';

describeBackendConformance('PostgresBackend', {
  capabilities: {
    persistent: true, competingConsumers: true, malformedEntries: true, idempotentSubscriptions: true, delayedDelivery: true, recurringSchedules: true,
    sagaStore: true,
  },
  // 10,000 delayed events go through PostgreSQL in a few seconds; more under the load of a full run.
  timeoutMs: 20_000,
  setup() {
    const env = new SchemaEnv();
    return {
      createBackend: (options) => env.backend(options),
      sagaStore: (backend) => (backend as PostgresBackend).sagas,
      async enqueueRaw(text: string) {
        // A row as a foreign writer might leave it: no event type, so every group gets it.
        await env.backend().connect();
        await env.rows('INSERT INTO $schema.events (body) VALUES ($1)', [text]);
      },
      teardown: () => env.cleanup(),
    };
  },
});
