// `npm ci` must not warn EBADENGINE: every package the lock installs supports every Node.js version
// the repository's `engines` allows, and every package a published package (or an example) runs on
// supports the Node.js versions the published packages declare.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies, subset } from 'semver';

const ROOT = join(__dirname, '..');
const read = (file: string): Record<string, any> => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));

interface Locked {
  version?: string;
  dev?: boolean;
  engines?: Record<string, string> | string[];
}

const lock = read('package-lock.json') as { packages: Record<string, Locked> };
const installed = Object.entries(lock.packages).filter(([path]) => path.includes('node_modules/'));
const nodeRange = (entry: Locked): string | undefined => (Array.isArray(entry.engines) ? undefined : entry.engines?.node);

/** The installed packages whose `engines.node` leaves out a version of `range`. */
function unsupported(range: string, entries: [string, Locked][]): string[] {
  return entries.flatMap(([path, entry]) => {
    const needs = nodeRange(entry);
    return needs === undefined || subset(range, needs) ? [] : [`${path}@${entry.version} needs node ${needs}`];
  });
}

describe('engines', () => {
  const repository = read('package.json').engines?.node as string;

  it('the repository declares the Node.js versions its tools support, and every locked package agrees', () => {
    expect(repository).toBeDefined();
    expect(unsupported(repository, installed)).toEqual([]);
  });

  it('every published package declares Node.js 20 or later, and so does everything it (or an example) runs on', () => {
    const workspaces = (read('package.json').workspaces as string[]).filter((w) => !w.includes('*'));
    const published = workspaces.map((w) => read(`${w}/package.json`)).filter((p) => p.private !== true);
    // Node.js 20 or later; a package may need a later 20.x (NestJS 12 needs 20.19 to require() ES modules).
    const wrong = published.filter((p) => typeof p.engines?.node !== 'string' || !subset(p.engines.node, '>=20') || !satisfies('20.19.0', p.engines.node));
    expect(wrong.map((p) => [p.name, p.engines?.node])).toEqual([]);
    // What they and the examples run on supports every Node.js the repository supports (20.19+, 22.12+, 24+).
    expect(unsupported(repository, installed.filter(([, entry]) => entry.dev !== true))).toEqual([]);
  });
});
