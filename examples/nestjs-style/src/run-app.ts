import { BACKEND, Event, silentLogger, type Logger } from '@necrostack/core';
import { withExampleBackend } from '@necrostack/example-support';
import { bootstrap, type App } from './app.module';
import { INVOICES_REPOSITORY } from './billing/invoices.repository';
import { loadConfig, type AppConfigOverrides } from './config/app-config';
import { ORDER_PLACED } from './events';
import { OUTBOX_REPOSITORY } from './notifications/outbox.repository';
import { ORDERS_REPOSITORY } from './orders/orders.repository';
import { SCENARIO_ORDERS } from './scenario/scenario-orders';
import { buildSummary, type AppSummary } from './scenario/summary';

/** Options of {@link runApp}: the configuration's overrides and where the framework logs. */
export interface RunAppOptions extends AppConfigOverrides {
  /** Default: nowhere. */
  readonly logger?: Logger;
}

/**
 * Runs the scenario once: bootstraps the application on the backend the configuration names
 * (`backend`, else `NECRO_BACKEND`, else memory), places the scenario's orders, lets the organs
 * create, bill and notify, and returns the summary.
 *
 * @throws Error when the configuration is invalid or the backend cannot be reached.
 */
export async function runApp(options: RunAppOptions = {}): Promise<AppSummary> {
  const config = loadConfig(options);
  const logger = options.logger ?? silentLogger;
  return withExampleBackend(config.backend, 'nestjs-style', logger, (backend) =>
    runScenario(bootstrap({ backend, logger, config })));
}

/**
 * Places the scenario's orders on a bootstrapped application and runs its Spine until all is done.
 * The orders go in with `backend.enqueue`, as from an HTTP handler: untrusted, checked by the DTO
 * of the organ that receives them (an invalid one is dead-lettered, not thrown at the caller).
 */
export async function runScenario(app: App): Promise<AppSummary> {
  const { container, spine } = app;
  const backend = container.resolve(BACKEND);
  await backend.enqueue(SCENARIO_ORDERS.map((order) => new Event(ORDER_PLACED, order)));
  const stats = await spine.run();
  return buildSummary({
    placed: SCENARIO_ORDERS.length,
    orders: container.resolve(ORDERS_REPOSITORY).all(),
    invoices: container.resolve(INVOICES_REPOSITORY).all(),
    notifications: container.resolve(OUTBOX_REPOSITORY).all(),
    deadLetters: await spine.failedEventStore.getAll(),
    stats,
  });
}
