import { silentLogger } from '@necrostack/core';
import { join } from 'node:path';
import { generateOrders } from '../src/input/generate-orders';
import { DATA_DIR, runOrderBook, type OrderBookOptions } from '../src/orderbook';
import { PROBLEM_TRADERS } from '../src/services/clearing-house.service';
import type { OrderBookSummary } from '../src/summary/summary';
import { useTempDir } from '../../support/test/temp-dir';
import { referenceMatch, type RefOrder } from './reference-matcher';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const FAST: OrderBookOptions = { logger: silentLogger, latencyMs: 0, retryBaseDelayMs: 1 };
const JSON_FILE = join(DATA_DIR, 'sample_orders.json');
const CSV_FILE = join(DATA_DIR, 'sample_orders.csv');

/** What must not depend on the input's format or the backend. */
const comparable = ({ input: _i, backend: _b, durationMs: _d, ...rest }: OrderBookSummary) => rest;

/* Price-time priority on the ten sample orders, worked by hand:
 *  1 alice   BUY  100 AAPL @149.50  no asks: rests               bids 149.50×100
 *  2 alice   BUY  200 AAPL @149.00  rests behind it              bids 149.50×100, 149.00×200
 *  3 bob     SELL 100 AAPL @150.50  best bid 149.50 < 150.50: rests   asks 150.50×100
 *  4 bob     SELL 200 AAPL @151.00  rests                        asks 150.50×100, 151.00×200
 *  5 charlie BUY   50 AAPL MARKET   takes 50 of bob's 150.50     asks 150.50×50, 151.00×200
 *  6 diana   SELL  75 AAPL MARKET   takes 75 of alice's 149.50   bids 149.50×25, 149.00×200
 *  7 eve     BUY   30 GOOGL @141    rests
 *  8 frank   SELL  30 GOOGL @141    crosses eve at 141: GOOGL book empty
 *  9 grace   BUY  500 TSLA @248     rests
 * 10 henry   SELL 500 TSLA @248     crosses grace at 248: TSLA book empty
 */
const SAMPLE_TRADES = [
  { buyer: 'charlie', seller: 'bob', symbol: 'AAPL', price: 150.5, quantity: 50 },
  { buyer: 'alice', seller: 'diana', symbol: 'AAPL', price: 149.5, quantity: 75 },
  { buyer: 'eve', seller: 'frank', symbol: 'GOOGL', price: 141, quantity: 30 },
  { buyer: 'grace', seller: 'henry', symbol: 'TSLA', price: 248, quantity: 500 },
];
const SAMPLE_BOOKS = {
  AAPL: {
    bids: [{ trader: 'alice', price: 149.5, quantity: 25 }, { trader: 'alice', price: 149, quantity: 200 }],
    asks: [{ trader: 'bob', price: 150.5, quantity: 50 }, { trader: 'bob', price: 151, quantity: 200 }],
  },
  GOOGL: { bids: [], asks: [] },
  TSLA: { bids: [], asks: [] },
};

describe('the order book on the sample orders', () => {
  let summary: OrderBookSummary;

  beforeAll(async () => {
    summary = await runOrderBook({ ...FAST, file: JSON_FILE });
  });

  it('executes the trades price-time priority gives, in execution order', () => {
    expect(summary.trades).toEqual(SAMPLE_TRADES);
  });

  it('leaves the resting orders in the books, best first', () => {
    expect(summary.books).toEqual(SAMPLE_BOOKS);
  });

  it('counts every event of the flow', () => {
    expect(summary.countsByType).toEqual({
      ORDER_SUBMITTED: 10,
      ORDER_VALIDATED: 10,
      ORDER_REJECTED: 0,
      ORDER_QUEUED: 6, // 1 2 3 4 7 9
      ORDER_PARTIAL_FILL: 0,
      ORDER_FILLED: 4, // 5 6 8 10
      TRADE_EXECUTED: 4,
      SETTLEMENT_COMPLETE: 4,
      RISK_ALERT: 0,
    });
    expect(summary.deadLetters).toEqual([]);
    expect(summary.rejections).toEqual([]);
  });

  it('gives the same result from the CSV sample', async () => {
    expect(comparable(await runOrderBook({ ...FAST, file: CSV_FILE }))).toEqual(comparable(summary));
  });

  it('gives the same result on Redis', async () => {
    const onRedis = await runOrderBook({ ...FAST, file: JSON_FILE, backend: REDIS_URL });
    expect(onRedis.backend).toBe('redis');
    expect(comparable(onRedis)).toEqual(comparable(summary));
  });
});

describe('a stress run', () => {
  const ORDERS = 300;
  const SEED = 7;
  let summary: OrderBookSummary;

  beforeAll(async () => {
    summary = await runOrderBook({ ...FAST, stressOrders: ORDERS, seed: SEED });
  });

  it('matches exactly as a naive reference matcher does', () => {
    const expected = referenceMatch(generateOrders(ORDERS, SEED) as unknown as RefOrder[]);
    expect(summary.trades.length).toBeGreaterThan(100);
    expect(summary.trades).toEqual(expected.trades);
    expect(summary.books).toEqual(expected.books);
  });

  it("dead-letters every trade of a problem trader at settlement, and settles the others", () => {
    const problem = summary.trades.filter((t) => PROBLEM_TRADERS.has(t.buyer) || PROBLEM_TRADERS.has(t.seller));
    const refused = summary.deadLetters.filter((d) => d.error === 'SettlementRefusedError');
    expect(problem.length).toBeGreaterThan(0);
    expect(refused).toHaveLength(problem.length);
    expect(refused.every((d) => d.organ === 'Settlement' && d.eventType === 'TRADE_EXECUTED' && d.attempts === 2)).toBe(true);
    expect(summary.countsByType.SETTLEMENT_COMPLETE).toBe(summary.trades.length - summary.deadLetters.length);
    expect(summary.stats.retries).toBeGreaterThanOrEqual(problem.length);
  });

  it('is reproducible from its seed, on Redis too', async () => {
    const onRedis = await runOrderBook({ ...FAST, stressOrders: ORDERS, seed: SEED, backend: REDIS_URL });
    expect(comparable(onRedis)).toEqual(comparable(summary));
  });
});

describe('when orders are invalid', () => {
  const dir = useTempDir('necrostack-orderbook-');

  it('rejects each with its reasons, and still matches the valid ones (case-insensitive)', async () => {
    const file = await dir.write('mixed.csv', [
      'trader_id,symbol,side,order_type,quantity,price',
      ' ,AAPL,BUY,LIMIT,100,150',
      'zoe,INVALID,BUY,LIMIT,100,100',
      'yan,AAPL,BUY,LIMIT,-50,150',
      'xia,AAPL,buy,limit,10,',
      'wes,aapl,sell,limit,10,"150.00"',
      'vic,AAPL,SELL,MARKET,10,',
      'uma,AAPL,buy,limit,5,151',
    ].join('\n'));
    const summary = await runOrderBook({ ...FAST, file });
    expect(summary.rejections).toEqual([
      { order: 1, trader: 'unknown', reason: 'trader_id is required' },
      { order: 2, trader: 'zoe', reason: expect.stringMatching(/^symbol must be one of AAPL/) },
      { order: 3, trader: 'yan', reason: 'quantity must be a positive integer' },
      { order: 4, trader: 'xia', reason: 'a LIMIT order needs a positive price' },
      { order: 6, trader: 'vic', reason: 'no liquidity for a MARKET order' },
    ]);
    expect(summary.trades).toEqual([{ buyer: 'uma', seller: 'wes', symbol: 'AAPL', price: 150, quantity: 5 }]);
    expect(summary.books.AAPL).toEqual({ bids: [], asks: [{ trader: 'wes', price: 150, quantity: 5 }] });
  });

  it('fails on a missing file, naming it', async () => {
    await expect(runOrderBook({ ...FAST, file: dir.path('missing.json') })).rejects.toThrow(/missing\.json: no such file/);
  });

  it('fails on malformed JSON', async () => {
    const file = await dir.write('broken.json', '{ "orders": [ { "trader_id": "a", ');
    await expect(runOrderBook({ ...FAST, file })).rejects.toThrow(/broken\.json: is not valid JSON/);
  });

  it('fails on an unsupported file type', async () => {
    await expect(runOrderBook({ ...FAST, file: dir.path('orders.txt') })).rejects.toThrow(/use a \.json or a \.csv file/);
  });
});
