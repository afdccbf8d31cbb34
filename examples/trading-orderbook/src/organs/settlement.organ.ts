import { Event, ListensTo, Organ } from '@necrostack/core';
import { TradeExecutedDto } from '../dto/trade.dto';
import { SETTLEMENT_COMPLETE, TRADE_EXECUTED } from '../events';
import { ClearingHouse } from '../services/clearing-house.service';

/**
 * Settles each executed trade with the (simulated) clearing house: an async handler with latency.
 * A clearing error is thrown on: the Spine retries the delivery with backoff and, when the tries
 * run out, dead-letters it with the reason. A timeout usually passes on the retry; a refusal (a
 * problem trader) never does, so that trade ends in the dead letters, naming this organ.
 */
@Organ()
@ListensTo(TRADE_EXECUTED, { payload: TradeExecutedDto })
export class Settlement {
  constructor(private readonly clearing: ClearingHouse) {}

  async handle(event: Event<TradeExecutedDto>): Promise<Event> {
    const trade = event.payload;
    const receipt = await this.clearing.settle({
      tradeId: trade.trade_id, buyerId: trade.buyer_id, sellerId: trade.seller_id, quantity: trade.quantity, price: trade.price,
    });
    return new Event(SETTLEMENT_COMPLETE, {
      trade_id: trade.trade_id, symbol: trade.symbol, buyer_id: trade.buyer_id, seller_id: trade.seller_id,
      quantity: trade.quantity, price: trade.price, total_value: receipt.totalValue, settlement_fee: receipt.fee,
    });
  }
}
