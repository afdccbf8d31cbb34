import { injectable, type InjectionToken } from 'tsyringe';

/** A message to a customer, waiting to be sent. */
export interface Notification {
  readonly to: string;
  readonly orderId: string;
  readonly text: string;
}

/** The notifications outbox, injected under {@link OUTBOX_REPOSITORY}. */
export interface OutboxRepository {
  push(notification: Notification): void;
  /** Every notification, by order id (one per order). */
  all(): Notification[];
}

export const OUTBOX_REPOSITORY: InjectionToken<OutboxRepository> = Symbol('OutboxRepository');

/** The in-memory outbox; one notification per order, so a redelivered event does not send twice. */
@injectable()
export class InMemoryOutboxRepository implements OutboxRepository {
  private readonly byOrder = new Map<string, Notification>();

  push(notification: Notification): void {
    this.byOrder.set(notification.orderId, notification);
  }

  all(): Notification[] {
    return [...this.byOrder.values()].sort((a, b) => a.orderId.localeCompare(b.orderId));
  }
}
