// The README's install instructions are honest: the packages are not on the npm registry yet, so
// it shows how to build and pack them from a checkout and install the tarballs, with file names
// that `npm pack` really produces, and keeps the registry install line for when they are published.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const quickStart = readme.split(/^## /m).find((part) => part.startsWith('Quick start\n')) ?? '';
const shellBlocks = [...quickStart.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const manifest = (dir: string): { name: string; version: string; private?: boolean } =>
  JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { name: string; version: string; private?: boolean };
/** The file `npm pack` writes for a package: `@scope/name` → `scope-name-<version>.tgz`. */
const tarball = (name: string, version: string): string => `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

describe('the README install instructions', () => {
  it('say the packages are not on the registry yet', () => {
    expect(quickStart).toContain('The packages are not on the npm registry yet');
  });

  it('pack published workspaces from a checkout, and install exactly the tarballs npm pack writes', () => {
    const [fromCheckout] = shellBlocks;
    expect(fromCheckout).toContain('npm ci && npm run build');
    const pack = /npm pack --pack-destination (\S+)((?: -w \S+)+)/.exec(fromCheckout ?? '');
    expect(pack).not.toBeNull();
    const [, destination, flags] = pack as RegExpExecArray;
    const workspaces = (flags as string).trim().split(/\s+/).filter((w) => w !== '-w');
    const packed = workspaces.map((dir) => {
      const { name, version, private: isPrivate } = manifest(dir);
      expect({ dir, isPrivate }).toEqual({ dir, isPrivate: undefined });
      return { name, file: `${destination}/${tarball(name, version)}` };
    });
    const install = /npm install ((?:\S+\.tgz ?)+)/.exec(fromCheckout ?? '');
    expect(install?.[1]?.trim().split(' ')).toEqual(packed.map((p) => p.file));

    const [, published] = shellBlocks;
    expect(published).toContain(`npm install ${packed.map((p) => p.name).join(' ')} class-validator class-transformer`);
  });

  it('install every package the quick start imports', () => {
    const code = /```ts\n([\s\S]*?)```/.exec(quickStart)?.[1] ?? '';
    const imported = [...code.matchAll(/from '(@necrostack\/[^']+)'/g)].map((m) => m[1]);
    expect(imported.length).toBeGreaterThan(0);
    for (const name of imported) expect(shellBlocks[0]).toContain(tarball(name as string, manifest(`packages/${(name as string).split('/')[1]}`).version));
  });
});
