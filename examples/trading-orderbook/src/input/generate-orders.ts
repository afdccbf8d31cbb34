import type { JsonObject } from '@necrostack/core';
import { SYMBOLS, type OrderType, type Side } from '../events';
import { PROBLEM_TRADERS } from '../services/clearing-house.service';
import { integerBetween, pick, seededRandom } from '@necrostack/example-support';

/** Reference price of each symbol; generated limit prices fall within ±2 % of it. */
export const BASE_PRICES: Readonly<Record<(typeof SYMBOLS)[number], number>> = {
  AAPL: 150, GOOGL: 140, MSFT: 380, AMZN: 180, TSLA: 250, NVDA: 480, META: 500,
};

/** 50 ordinary traders and the problem traders, whose trades never settle. */
const TRADERS: readonly string[] = [...Array.from({ length: 50 }, (_, i) => `trader_${i}`), ...PROBLEM_TRADERS];
const SIDES: readonly Side[] = ['BUY', 'SELL'];
/** Share of MARKET orders. */
const MARKET_SHARE = 0.2;

/**
 * `count` random orders for a stress run, the same for the same seed: a symbol, a trader, a side, a
 * quantity of 10–500, and a LIMIT price within ±2 % of the symbol's reference (one in five orders is
 * a MARKET order, price 0).
 */
export function generateOrders(count: number, seed: number): JsonObject[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const symbol = pick(random, SYMBOLS);
    const trader = pick(random, TRADERS);
    const side = pick(random, SIDES);
    const orderType: OrderType = random() < MARKET_SHARE ? 'MARKET' : 'LIMIT';
    const quantity = integerBetween(random, 10, 500);
    const limit = Math.round(BASE_PRICES[symbol] * (0.98 + random() * 0.04) * 100) / 100;
    return { trader_id: trader, symbol, side, order_type: orderType, quantity, price: orderType === 'MARKET' ? 0 : limit };
  });
}
