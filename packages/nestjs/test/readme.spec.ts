// The example of packages/nestjs/README.md, type-checked and run as it is.
import { capture, codeBlock, runSnippet, typeErrors } from '../../core/test/doc-snippets';

describe('packages/nestjs/README.md', () => {
  const code = codeBlock('packages/nestjs/README.md', 'Example');

  it('type-checks against the real packages', () => {
    expect(typeErrors(code)).toEqual([]);
  });

  it('prints what the README says', async () => {
    const { printed } = await capture(() => runSnippet(code));
    expect(printed).toEqual(['Welcome, Ada!', 'events processed: 1']);
  });
});
