/** A limit a trader went over. */
export interface RiskAlert {
  readonly type: 'POSITION_LIMIT' | 'VOLUME_LIMIT';
  readonly trader_id: string;
  readonly symbol: string;
  /** The position's value, or the day's volume in shares. */
  readonly value: number;
  readonly limit: number;
}

/** Largest absolute position a trader may hold in one symbol, valued at the last trade price. */
export const MAX_POSITION_VALUE = 1_000_000;
/** Most shares a trader may trade in a day. */
export const MAX_DAILY_VOLUME = 50_000;

/** A settled trade, as the ledger books it. */
export interface SettledTrade {
  readonly tradeId: string;
  readonly symbol: string;
  readonly buyer: string;
  readonly seller: string;
  readonly quantity: number;
  readonly price: number;
}

/**
 * Positions and traded volume per trader, from settled trades only, and the alerts they raised.
 * Booking is idempotent by trade id, so a redelivered settlement is not counted twice.
 */
export class RiskLedger {
  private readonly positions = new Map<string, number>();
  private readonly volumes = new Map<string, number>();
  private readonly booked = new Set<string>();
  private readonly raised: RiskAlert[] = [];

  /** Books both sides of a trade; returns the alerts it raised (none when it was booked before). */
  book(trade: SettledTrade): RiskAlert[] {
    if (this.booked.has(trade.tradeId)) return [];
    this.booked.add(trade.tradeId);
    const alerts = [
      ...this.move(trade.buyer, trade.symbol, trade.quantity, trade.price),
      ...this.move(trade.seller, trade.symbol, -trade.quantity, trade.price),
    ];
    this.raised.push(...alerts);
    return alerts;
  }

  /** A trader's position in a symbol, in shares (negative when short). */
  position(trader: string, symbol: string): number {
    return this.positions.get(`${trader}/${symbol}`) ?? 0;
  }

  /** Every alert raised so far. */
  alerts(): readonly RiskAlert[] {
    return this.raised;
  }

  private move(trader: string, symbol: string, shares: number, price: number): RiskAlert[] {
    const position = this.position(trader, symbol) + shares;
    this.positions.set(`${trader}/${symbol}`, position);
    const volume = (this.volumes.get(trader) ?? 0) + Math.abs(shares);
    this.volumes.set(trader, volume);
    const alerts: RiskAlert[] = [];
    const value = Math.round(Math.abs(position * price) * 100) / 100;
    if (value > MAX_POSITION_VALUE) alerts.push({ type: 'POSITION_LIMIT', trader_id: trader, symbol, value, limit: MAX_POSITION_VALUE });
    if (volume > MAX_DAILY_VOLUME) alerts.push({ type: 'VOLUME_LIMIT', trader_id: trader, symbol, value: volume, limit: MAX_DAILY_VOLUME });
    return alerts;
  }
}
