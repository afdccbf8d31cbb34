import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { organFiles } from '../src/organs/load-organ-modules';

describe('--organs patterns', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'necro-organs-'));
    for (const file of ['dist/organs/billing.js', 'dist/organs/send-receipt.js', 'dist/organs/audit.js', 'dist/organs/nested/deep.organ.js',
      'node_modules/pkg/dist/organs/billing.js']) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), '');
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const at = (...files: string[]): string[] => files.map((f) => join(dir, f));

  it('expands braces, and does not split the list inside them', () => {
    expect(organFiles(['dist/organs/{billing,send-receipt}.js'], dir)).toEqual(at('dist/organs/billing.js', 'dist/organs/send-receipt.js'));
    expect(organFiles(['dist/organs/audit.js,dist/organs/{billing,send-receipt}.js'], dir))
      .toEqual(at('dist/organs/audit.js', 'dist/organs/billing.js', 'dist/organs/send-receipt.js'));
  });

  it('supports negated extglobs, ranges and globstars', () => {
    expect(organFiles(['dist/organs/!(billing).js'], dir)).toEqual(at('dist/organs/audit.js', 'dist/organs/send-receipt.js'));
    expect(organFiles(['dist/organs/[ab]*.js'], dir)).toEqual(at('dist/organs/audit.js', 'dist/organs/billing.js'));
    expect(organFiles(['**/*.organ.js'], dir)).toEqual(at('dist/organs/nested/deep.organ.js'));
  });

  it('never searches node_modules, and loads a file named twice once', () => {
    expect(organFiles(['**/billing.js'], dir)).toEqual(at('dist/organs/billing.js'));
    expect(organFiles(['dist/organs/billing.js', 'dist/organs/*.js'], dir)).toEqual(at('dist/organs/billing.js', 'dist/organs/audit.js', 'dist/organs/send-receipt.js'));
  });

  it('keeps a plain path as is (the loader names it when missing) and a package name unresolved', () => {
    expect(organFiles(['dist/organs/missing.js', '@acme/organs'], dir)).toEqual([...at('dist/organs/missing.js'), '@acme/organs']);
  });

  it('names the pattern that matches nothing', () => {
    expect(() => organFiles(['dist/organs/{nothing,none}.js'], dir)).toThrow("No organ module matches 'dist/organs/{nothing,none}.js'");
  });
});
