import { NecroStackError } from '@necrostack/core';
import { makeEvents, type ConformanceContext } from '../conformance-context';
import { settlesWithin } from '../wait';

/** close(): idempotent, and the backend refuses new events afterwards. */
export function closeSuite(ctx: ConformanceContext): void {
  describe('close', () => {
    it('is idempotent', async () => {
      const backend = await ctx.open();
      await backend.close();
      await expect(backend.close()).resolves.toBeUndefined();
    });

    it('makes enqueue reject with a NecroStackError afterwards', async () => {
      const backend = await ctx.open();
      await backend.subscribe([{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }]);
      await backend.close();
      await expect(backend.enqueue(makeEvents('ORDER_PLACED', 1))).rejects.toBeInstanceOf(NecroStackError);
    });

    it('ends a pull that is waiting when close is called, promptly', async () => {
      const backend = await ctx.open();
      await backend.subscribe([{ group: 'Billing', eventTypes: ['ORDER_PLACED'] }]);
      const pulling = backend.pull(10, 60_000);
      await backend.close();
      expect(await settlesWithin(pulling, ctx.timeoutMs)).not.toBe('pending');
    });
  });
}
