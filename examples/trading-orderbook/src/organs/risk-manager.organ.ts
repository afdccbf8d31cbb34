import { Event, ListensTo, Organ } from '@necrostack/core';
import { SettlementCompleteDto } from '../dto/trade.dto';
import { RISK_ALERT, SETTLEMENT_COMPLETE } from '../events';
import { RiskLedger } from '../services/risk-ledger.service';

/**
 * Watches positions and volumes as trades settle, and raises RISK_ALERT when a trader goes over a
 * limit (position value per symbol, shares traded in the day). Only settled trades count: a trade
 * that failed to settle moved no shares.
 */
@Organ()
@ListensTo(SETTLEMENT_COMPLETE, { payload: SettlementCompleteDto })
export class RiskManager {
  constructor(private readonly ledger: RiskLedger) {}

  handle(event: Event<SettlementCompleteDto>): Event | null {
    const settled = event.payload;
    const alerts = this.ledger.book({
      tradeId: settled.trade_id, symbol: settled.symbol, buyer: settled.buyer_id, seller: settled.seller_id,
      quantity: settled.quantity, price: settled.price,
    });
    if (alerts.length === 0) return null;
    return new Event(RISK_ALERT, { trade_id: settled.trade_id, alerts: alerts.map((alert) => ({ ...alert })) });
  }
}
