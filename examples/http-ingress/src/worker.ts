// @necrostack/core first: it loads reflect-metadata, which tsyringe needs before it is imported.
import { BACKEND, LOGGER, SPINE_OPTIONS, Spine, type Backend, type ContainerSpineOptions, type Logger } from '@necrostack/core';
import { tracing } from '@necrostack/opentelemetry';
import { container } from 'tsyringe';
import './organs'; // loading the organ modules is what lets discovery find the @Organ classes
import { Inventory } from './services/inventory.service';
import { ORDER_STATUS_STORE, type OrderStatusStore } from './store/order-status';

/** How long a running worker waits for events before it pulls again (ms): short, so orders settle fast. */
export const WORKER_POLL_INTERVAL_MS = 100;

/** What the worker needs: the backend, where outcomes go, and the stock it reserves from. */
export interface WorkerOptions {
  readonly backend: Backend;
  readonly store: OrderStatusStore;
  readonly logger: Logger;
  readonly inventory?: Inventory;
  readonly spine?: ContainerSpineOptions;
}

/** A running worker. */
export interface Worker {
  readonly spine: Spine;
  /** Settles when the Spine stops: resolves after stop(), rejects when it failed on its own (e.g. the backend stayed down). */
  readonly done: Promise<void>;
  /** Stops pulling, finishes and acks what is in flight; resolves once the Spine has stopped. */
  stop(): Promise<void>;
}

/**
 * Starts the Spine in the background (`runForever`). Bootstraps like an application: a child
 * container holds the backend, the logger, the settings and the services the organs need, and
 * `resolve(Spine)` discovers ReserveStock and Notifier and injects them.
 */
export function startWorker(options: WorkerOptions): Worker {
  const app = container.createChildContainer();
  app.register(BACKEND, { useValue: options.backend });
  app.register(LOGGER, { useValue: options.logger });
  // tracing() costs next to nothing until an OpenTelemetry SDK is registered (--trace does).
  app.register(SPINE_OPTIONS, { useValue: { pollIntervalMs: WORKER_POLL_INTERVAL_MS, middleware: [tracing()], ...options.spine } });
  app.register(Inventory, { useValue: options.inventory ?? new Inventory() });
  app.register(ORDER_STATUS_STORE, { useValue: options.store });
  const spine = app.resolve(Spine);
  const done = spine.runForever();
  done.catch((error: unknown) => options.logger.error('Worker stopped on an error', { error }));
  return {
    spine,
    done,
    async stop() {
      await spine.stop();
      await done.catch(() => undefined);
    },
  };
}
