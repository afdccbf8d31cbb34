'use strict';
// The packages a user installs: every workspace that is not private, found from the root
// package.json (so a new package joins the matrix by existing), packed with `npm pack`.
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { globSync } = require('tinyglobby');

const ROOT = join(__dirname, '..', '..');

/**
 * The publishable workspaces, in the root's order.
 * @returns {{ name: string, dir: string, manifest: Record<string, any> }[]}
 */
function publishablePackages() {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const dirs = globSync(root.workspaces.map((w) => `${w}/package.json`), { cwd: ROOT }).map((f) => f.replace(/\/package\.json$/, ''));
  const order = (dir) => root.workspaces.findIndex((w) => w === dir || (w.endsWith('/*') && dir.startsWith(w.slice(0, -1))));
  return dirs
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .sort((a, b) => order(a.dir) - order(b.dir) || a.dir.localeCompare(b.dir))
    .map(({ dir, manifest }) => ({ name: manifest.name, dir, manifest }));
}

/**
 * `npm pack`s the packages into `destination`; resolves each package name to its tarball's path.
 * @param {{ name: string, dir: string }[]} packages
 * @param {string} destination
 * @returns {Record<string, string>}
 */
function packAll(packages, destination) {
  const args = ['pack', '--json', '--pack-destination', destination, ...packages.flatMap((p) => ['-w', p.dir])];
  const out = execFileSync('npm', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const packed = JSON.parse(out);
  return Object.fromEntries(packed.map((p) => [p.name, join(destination, p.filename)]));
}

module.exports = { ROOT, publishablePackages, packAll };
