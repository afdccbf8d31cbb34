import type { InventoryService } from '../services/inventory.service';
import type { OrderRecord } from '../services/order-repository.service';
import type { PaymentService } from '../services/payment.service';
import type { ShippingService } from '../services/shipping.service';

/** What must hold for an order in its final state, or why it does not. */
export function checkOrder(order: OrderRecord, payments: PaymentService, inventory: InventoryService, shipping: ShippingService): string | undefined {
  const payment = payments.paymentOf(order.orderId)?.status ?? 'NONE';
  const held = inventory.heldBy(order.orderId);
  const units = order.items.reduce((sum, line) => sum + line.quantity, 0);
  const shipped = shipping.shipmentOf(order.orderId)?.units ?? 0;
  if (order.state !== 'CONFIRMED' && shipped > 0) return `${order.state.toLowerCase()}, but ${shipped} units were shipped`;
  switch (order.state) {
    case 'CONFIRMED':
      if (payment !== 'CAPTURED') return `confirmed, but its payment is ${payment}`;
      if (shipped !== units) return `confirmed, but ${shipped} of its ${units} units were shipped`;
      return held === units ? undefined : `confirmed, but it holds ${held} of its ${units} units`;
    case 'CANCELLED':
      if (payment === 'CAPTURED') return 'cancelled, but its payment was captured';
      return held === 0 ? undefined : `cancelled, but it still holds ${held} units`;
    case 'COMPENSATED':
      if (payment !== 'REFUNDED') return `compensated, but its payment is ${payment}`;
      return held === 0 ? undefined : `compensated, but it still holds ${held} units`;
    default:
      return `stopped in state ${order.state}`;
  }
}

/** Money: what the shop keeps must be exactly what its confirmed orders cost. */
export function moneyBalance(orders: readonly OrderRecord[], payments: PaymentService) {
  const confirmedCents = orders.filter((o) => o.state === 'CONFIRMED').reduce((sum, o) => sum + o.amountCents, 0);
  const totals = payments.totals();
  return { ...totals, confirmedCents, balanced: totals.heldCents === confirmedCents };
}

/** Stock: for every SKU, what left the warehouse must be exactly what confirmed orders bought. */
export function stockBalance(orders: readonly OrderRecord[], inventory: InventoryService) {
  const levels = inventory.stockLevels();
  const sold = new Map<string, number>();
  for (const order of orders.filter((o) => o.state === 'CONFIRMED')) {
    for (const line of order.items) sold.set(line.sku, (sold.get(line.sku) ?? 0) + line.quantity);
  }
  const skus = Object.keys(levels);
  const shippedUnits = skus.reduce((sum, sku) => sum + (inventory.initialStock - (levels[sku] ?? 0)), 0);
  const confirmedUnits = [...sold.values()].reduce((sum, units) => sum + units, 0);
  const balanced = skus.every((sku) => inventory.initialStock - (levels[sku] ?? 0) === (sold.get(sku) ?? 0));
  return { initialPerSku: inventory.initialStock, levels, shippedUnits, confirmedUnits, balanced };
}
