// Keeps the READMEs honest: the quick start of /README.md and the example of
// packages/core/README.md are type-checked against the real packages and run as they are, and
// their output is asserted. Edit a README's code block and this test checks the edit.
import '../src';
import { capture, codeBlock, runSnippet, typeErrors } from './doc-snippets';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

// Runs first: its Spine is built by discovery, which finds every @Organ class evaluated so far in
// this file (docs/dependency-injection.md, "One registry per process").
describe('the example of packages/core/README.md', () => {
  const code = codeBlock('packages/core/README.md', 'Example');

  it('type-checks against the real packages', () => {
    expect(typeErrors(code)).toEqual([]);
  });

  it('runs a PING-PONG chain and prints the lineage', async () => {
    const { printed } = await capture(() => runSnippet(code));

    expect(printed).toHaveLength(2);
    const [pong, ping] = printed as [string, string];
    expect(pong).toMatch(new RegExp(`^PONG 2, caused by ${UUID}$`));
    expect(ping).toMatch(new RegExp(`^PING was ${UUID}; 2 deliveries$`));
    expect(ping.slice('PING was '.length, 'PING was '.length + 36)).toBe(pong.slice(-36));
  });
});

describe('the quick start of README.md', () => {
  const code = codeBlock('README.md', 'Quick start');

  it('type-checks against the real packages', () => {
    expect(typeErrors(code)).toEqual([]);
  });

  it('sends a receipt for the good order and dead-letters the declined one', async () => {
    const { printed, logLines } = await capture(() => runSnippet(code));

    expect(printed).toEqual([
      'receipt for A-1',
      'processed 3, dead-lettered 1',
      'dead letter: A-2 in ChargeCard: card declined',
    ]);
    expect(logLines).toContainEqual(expect.objectContaining({ level: 'error', message: 'Handler failed', organ: 'ChargeCard' }));
  });
});
