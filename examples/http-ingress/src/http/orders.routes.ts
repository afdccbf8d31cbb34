import { Event, PayloadValidationError, validatePayload, type Backend, type Logger } from '@necrostack/core';
import type { FastifyInstance } from 'fastify';
import { PlaceOrderDto } from '../dto/place-order.dto';
import { ORDER_PLACED, type OrderPlacedPayload } from '../events';
import type { OrderStatusStore } from '../store/order-status';
import { notFound } from './http-errors';
import { inServerSpan } from './server-span';

/** What the order routes need: the backend to enqueue on, and the statuses to answer from. */
export interface OrderRoutesOptions {
  readonly backend: Backend;
  readonly store: OrderStatusStore;
  readonly logger: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `POST /orders`: validates the body against PlaceOrderDto (400 with every violation), enqueues an
 * ORDER_PLACED event and answers 202 `{ eventId, status: 'queued' }` once the backend stored it.
 * `GET /orders/:id`: the order's status, `queued`, `accepted` or `rejected` (404 when unknown).
 */
export function registerOrderRoutes(app: FastifyInstance, options: OrderRoutesOptions): void {
  const { backend, store, logger } = options;

  app.post('/orders', (request, reply) => inServerSpan('/orders', request, reply, async () => {
    const order = readOrder(request.body);
    const payload: OrderPlacedPayload = { customerId: order.customerId, sku: order.sku, quantity: order.quantity };
    const event = new Event(ORDER_PLACED, { ...payload });
    await backend.enqueue(event); // throws a NecroStackError (→ 503) when the backend cannot take it; traced: see infrastructure
    // The event is stored: from here on the worker decides the order, even if this write fails.
    await store
      .markQueued({ eventId: event.id, status: 'queued', sku: order.sku, quantity: order.quantity, updatedAt: event.timestamp.toISOString() })
      .catch((error: unknown) => logger.warn('Could not record a queued order', { event_id: event.id, error }));
    return reply.code(202).header('location', `/orders/${event.id}`).send({ eventId: event.id, status: 'queued' });
  }));

  app.get<{ Params: { id: string } }>('/orders/:id', async (request) => {
    const { id } = request.params;
    const record = UUID.test(id) ? await store.get(id.toLowerCase()) : undefined;
    if (record === undefined) throw notFound(`No order ${id}: use the eventId that POST /orders returned`);
    return record;
  });
}

/**
 * The body as a validated PlaceOrderDto.
 * @throws PayloadValidationError listing every failing property (the body itself when it is not an object).
 */
export function readOrder(body: unknown): PlaceOrderDto {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PayloadValidationError(ORDER_PLACED, PlaceOrderDto.name, [
      { property: '(body)', constraints: { isObject: 'the body must be a JSON object' } },
    ]);
  }
  return validatePayload(PlaceOrderDto, body, ORDER_PLACED);
}
