// The code blocks of docs/tracing.md, type-checked (and the example run) against the real packages.
import { capture, codeBlock, runSnippet, typeErrors } from '../../core/test/doc-snippets';

describe('docs/tracing.md', () => {
  it('type-checks the set-up with the Node SDK and the OTLP exporter', () => {
    const code = codeBlock('docs/tracing.md', 'Set up').replace("import { ReserveStock, Notifier } from './organs';", 'class ReserveStock {}\nclass Notifier {}');
    expect(typeErrors(code)).toEqual([]);
  });

  describe('the example of one chain', () => {
    const code = codeBlock('docs/tracing.md', 'Example: the spans of one chain');

    it('type-checks against the real packages', () => {
      expect(typeErrors(code)).toEqual([]);
    });

    it('prints the spans of one trace, each with its parent', async () => {
      const { printed } = await capture(() => runSnippet(code));
      expect(printed).toEqual(['publish PING ← POST /ping', 'POST /ping ← (root)', 'process PING ← publish PING', 'process PONG ← process PING', 'one trace: true']);
    });
  });
});
