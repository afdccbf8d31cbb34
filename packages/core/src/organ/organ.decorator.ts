import { injectable } from 'tsyringe';
import { OrganDefinitionError } from '../errors';
import type { HandlerMiddleware } from '../middleware/handler';
import { defineOrganMetadata, type ClassType } from './metadata';

/** Options of {@link Organ}. */
export interface OrganOptions {
  /**
   * The organ's name: in logs, stats and dead letters, and the name of its consumer group, so it
   * must be unique within an application and stable across deploys. Defaults to the class name.
   */
  readonly name?: string;
  /**
   * Share one consumer group (one delivery, one ack, one order) with the other organs that name the
   * same group. Defaults to the organ's own name: each organ gets its own delivery of every event.
   */
  readonly group?: string;
  /**
   * Skip a delivery whose event id this organ already completed (backends that support it, such as
   * Redis, remember completed ids for a while). Off by default.
   */
  readonly idempotent?: boolean;
  /**
   * Middleware around this organ's handlers, outermost first: inside the Spine's `middleware`,
   * outside the built-in validation, timing, retries and timeout. See {@link HandlerMiddleware}.
   */
  readonly middleware?: readonly HandlerMiddleware[];
}

/**
 * Marks a class as an organ: a handler of events. The decorator only records metadata and makes
 * the class injectable; nothing is registered in any container until bootstrap
 * (`container.resolve(Spine)`), which finds every `@Organ` class the application imported.
 *
 * @example
 * ```ts
 * @Organ()
 * @ListensTo('ORDER_PLACED')
 * class SendReceipt {
 *   constructor(private readonly mailer: Mailer) {}
 *   async handle(event: Event) {
 *     await this.mailer.send(event.payload.email);
 *     return new Event('RECEIPT_SENT', { orderId: event.payload.orderId });
 *   }
 * }
 * ```
 */
export function Organ(options: OrganOptions = {}): ClassDecorator {
  return (target) => {
    const cls = target as unknown as ClassType;
    const name = checkName(options.name ?? cls.name, cls.name, 'name');
    const group = checkName(options.group ?? name, name, 'group');
    const middleware = options.middleware ?? [];
    if (!Array.isArray(middleware) || middleware.some((m) => typeof m !== 'function')) {
      throw new OrganDefinitionError(name, 'middleware must be an array of functions (next) => handler');
    }
    injectable()(cls);
    defineOrganMetadata(cls, { name, group, idempotent: options.idempotent ?? false, middleware: [...middleware] });
  };
}

function checkName(value: string, organ: string, option: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new OrganDefinitionError(organ || '(anonymous class)', `${option} must be a non-empty string`,
      'Give the class a name or pass @Organ({ name: "…" }).');
  }
  return value.trim();
}
