import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTRUMENTATION_SCOPE } from '../src';

describe('the instrumentation scope', () => {
  it('names this package at its version', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { name: string; version: string };
    expect(INSTRUMENTATION_SCOPE).toEqual({ name: manifest.name, version: manifest.version });
  });
});
