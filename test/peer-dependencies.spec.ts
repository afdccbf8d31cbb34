// An application has one copy of tsyringe, reflect-metadata, class-validator and class-transformer:
// the published packages take them as peer dependencies (a second tsyringe would be a second
// container: `TypeInfo not known for "Spine"`). The consumer matrix (test/consumers) installs the
// lowest and the highest version of each range.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies } from 'semver';
import { globSync } from 'tinyglobby';

const ROOT = join(__dirname, '..');
const SHARED = ['class-transformer', 'class-validator', 'reflect-metadata', 'tsyringe'];

interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const read = (file: string): Manifest => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Manifest;
const root = read('package.json') as Manifest & { workspaces: string[] };
const published = globSync(root.workspaces.map((w) => `${w}/package.json`), { cwd: ROOT })
  .map((file) => ({ dir: file.replace(/\/package\.json$/, ''), manifest: read(file) }))
  .filter(({ manifest }) => manifest.private !== true);

/** The shared packages a published package's sources import. */
function imported(dir: string): string[] {
  const sources = globSync(['src/**/*.ts'], { cwd: join(ROOT, dir), absolute: true, ignore: ['**/*.spec.ts'] }).map((f) => readFileSync(f, 'utf8'));
  return SHARED.filter((name) => sources.some((text) => text.includes(`from '${name}'`) || text.includes(`import '${name}'`)));
}

describe('shared dependencies', () => {
  it('are peer dependencies of every published package that imports them, never plain ones', () => {
    expect(published.map((p) => p.manifest.name)).toEqual(expect.arrayContaining(['@necrostack/core', '@necrostack/cli']));
    for (const { dir, manifest } of published) {
      const plain = SHARED.filter((name) => manifest.dependencies?.[name] !== undefined);
      expect({ package: manifest.name, plain }).toEqual({ package: manifest.name, plain: [] });
      const peers = Object.keys(manifest.peerDependencies ?? {}).filter((name) => SHARED.includes(name));
      expect({ package: manifest.name, peers: peers.sort() }).toEqual({ package: manifest.name, peers: expect.arrayContaining(imported(dir)) });
    }
    expect(Object.keys(read('packages/core/package.json').peerDependencies ?? {}).sort()).toEqual(SHARED);
  });

  it('have one range across the packages, which the workspace\'s own copy satisfies', () => {
    const ranges = new Map<string, Set<string>>();
    for (const { manifest } of published) {
      for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) ranges.set(name, (ranges.get(name) ?? new Set()).add(range));
    }
    for (const name of SHARED) {
      expect({ name, ranges: [...(ranges.get(name) ?? [])] }).toEqual({ name, ranges: [expect.any(String)] });
      const installed = (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
      const [range] = [...(ranges.get(name) as Set<string>)] as [string];
      expect({ name, installed, satisfied: satisfies(installed, range) }).toEqual({ name, installed, satisfied: true });
      expect(root.devDependencies?.[name]).toBeDefined();
    }
  });
});
