import type { OrderStatusRecord, OrderStatusStore } from './order-status';

/** The order statuses in process memory: enough when the API and the worker share a process. */
export class InMemoryOrderStatusStore implements OrderStatusStore {
  private readonly records = new Map<string, OrderStatusRecord>();

  async markQueued(record: OrderStatusRecord): Promise<void> {
    if (!this.records.has(record.eventId)) this.records.set(record.eventId, record);
  }

  async record(record: OrderStatusRecord): Promise<void> {
    this.records.set(record.eventId, record);
  }

  async get(eventId: string): Promise<OrderStatusRecord | undefined> {
    return this.records.get(eventId);
  }

  async close(): Promise<void> {
    this.records.clear();
  }
}
