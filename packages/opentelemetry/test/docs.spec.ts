// The code blocks of docs/tracing.md, type-checked (and the example run) against the real packages.
import { codeBlock, describeExample, typeErrors } from '../../core/test/doc-snippets';

describe('docs/tracing.md', () => {
  it('type-checks the set-up with the Node SDK and the OTLP exporter', () => {
    const code = codeBlock('docs/tracing.md', 'Set up').replace("import { ReserveStock, Notifier } from './organs';", 'class ReserveStock {}\nclass Notifier {}');
    expect(typeErrors(code)).toEqual([]);
  });
});

describeExample('docs/tracing.md', 'Example: the spans of one chain', [
  'publish PING ← POST /ping', 'POST /ping ← (root)', 'process PING ← publish PING', 'process PONG ← process PING', 'one trace: true',
]);
