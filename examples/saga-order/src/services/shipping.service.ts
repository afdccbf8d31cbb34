/** A parcel on its way. */
export interface Shipment {
  readonly orderId: string;
  readonly trackingId: string;
  readonly units: number;
}

/**
 * The carrier: books a parcel per confirmed order. Idempotent by order id (a redelivered
 * SHIP_ORDER books nothing more), so every order ships at most once.
 */
export class ShippingService {
  private readonly shipments = new Map<string, Shipment>();

  /** Books the parcel of `orderId` (once) and returns it. */
  ship(orderId: string, units: number): Shipment {
    const known = this.shipments.get(orderId);
    if (known) return known;
    const shipment = { orderId, trackingId: `TRK-${orderId}`, units };
    this.shipments.set(orderId, shipment);
    return shipment;
  }

  /** The order's parcel, if it was booked. */
  shipmentOf(orderId: string): Shipment | undefined {
    return this.shipments.get(orderId);
  }
}
