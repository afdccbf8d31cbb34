// The examples of docs/middleware.md, type-checked and run as they are.
import '../src';
import { describeExample } from './doc-snippets';

describeExample('docs/middleware.md', 'Example: handler durations in a histogram', ['ChargeCard ok: 1', 'ChargeCard error: 1']);
describeExample('docs/middleware.md', 'Example: retries and dead letters', [
  'ChargeCard: try 1 failed (card 4242 declined), retrying', 'ChargeCard: dead-letter (card 4242 declined)',
]);
describeExample('docs/middleware.md', 'Example: a rate limit per organ', ['sent 30 messages', 'took at least half a second: true']);
