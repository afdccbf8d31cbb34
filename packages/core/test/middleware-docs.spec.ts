// The examples of docs/middleware.md, type-checked and run as they are.
import '../src';
import { capture, codeBlock, runSnippet, typeErrors } from './doc-snippets';

describe('docs/middleware.md', () => {
  describe('the histogram example', () => {
    const code = codeBlock('docs/middleware.md', 'Example: handler durations in a histogram');

    it('type-checks against the real packages', () => {
      expect(typeErrors(code)).toEqual([]);
    });

    it('times each handler call once, retries included, by outcome', async () => {
      const { printed } = await capture(() => runSnippet(code));
      expect(printed).toEqual(['ChargeCard ok: 1', 'ChargeCard error: 1']);
    });
  });

  describe('the retries and dead letters example', () => {
    const code = codeBlock('docs/middleware.md', 'Example: retries and dead letters');

    it('type-checks against the real packages', () => {
      expect(typeErrors(code)).toEqual([]);
    });

    it('prints each retry, then the dead letter with its reason', async () => {
      const { printed } = await capture(() => runSnippet(code));
      expect(printed).toEqual(['ChargeCard: try 1 failed (card 4242 declined), retrying', 'ChargeCard: dead-letter (card 4242 declined)']);
    });
  });

  describe('the rate-limit example', () => {
    const code = codeBlock('docs/middleware.md', 'Example: a rate limit per organ');

    it('type-checks against the real packages', () => {
      expect(typeErrors(code)).toEqual([]);
    });

    it('sends every message, no faster than the limit', async () => {
      const { printed } = await capture(() => runSnippet(code));
      expect(printed).toEqual(['sent 30 messages', 'took at least half a second: true']);
    });
  });
});
