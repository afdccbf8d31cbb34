#!/usr/bin/env node
'use strict';
// Command line of the consumer matrix (`npm run test:consumers`): packs every published package,
// installs the tarballs into scratch projects under the system temp directory and, for the newest
// and the oldest supported peer dependencies, type-checks and runs the README's quick start under
// every common project setup. Progress on stderr; the table (or --json) on stdout.
// Exit 0: every cell passed; 1: a cell failed; 2: bad usage.
//   node test/consumers/run.js [--profile newest|oldest]… [--variant NAME]… [--keep] [--json] [--no-build]
const { spawnSync } = require('node:child_process');
const { ROOT } = require('./packages');
const { runMatrix } = require('./matrix');
const { VARIANTS } = require('./variants');

const USAGE = `usage: node test/consumers/run.js [--profile newest|oldest]… [--variant ${VARIANTS.map((v) => v.name).join('|')}]… [--keep] [--json] [--no-build]`;

function parse(argv) {
  const options = { profiles: undefined, variants: undefined, keep: false, json: false, build: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--keep') options.keep = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--profile' || arg === '--variant') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      const key = arg === '--profile' ? 'profiles' : 'variants';
      options[key] = [...(options[key] ?? []), value];
    } else throw new Error(`unknown argument ${arg}`);
  }
  const unknown = (options.variants ?? []).filter((v) => !VARIANTS.some((known) => known.name === v));
  if (unknown.length > 0) throw new Error(`unknown variant ${unknown.join(', ')}`);
  return options;
}

function table(result) {
  const lines = [`Consumer matrix: ${result.packages.join(', ')}`];
  for (const profile of result.profiles) {
    const versions = Object.entries(profile.installed).map(([n, v]) => `${n}@${v}`).join(', ') || 'not installed';
    lines.push('', `${profile.profile}: ${versions}`);
    for (const cell of profile.cells) {
      lines.push(`  ${cell.ok ? 'ok  ' : 'FAIL'}  ${cell.title}${cell.ok ? '' : ` — ${cell.stage} failed:`}`);
      if (!cell.ok) lines.push(...cell.detail.split('\n').map((l) => `          ${l}`));
    }
  }
  const cells = result.profiles.flatMap((p) => p.cells);
  const failed = cells.filter((c) => !c.ok).length;
  lines.push('', failed === 0 ? `all ${cells.length} passed` : `${failed} of ${cells.length} failed`);
  return lines.join('\n');
}

function main() {
  let options;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`consumers: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const t0 = Date.now();
  const progress = (line) => process.stderr.write(`[consumers ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
  if (options.build) {
    progress('npm run build');
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0) return 1;
  }
  const result = runMatrix({ ...options, progress });
  if (options.keep) progress(`kept ${result.dir}`);
  process.stdout.write(`${options.json ? JSON.stringify(result, null, 2) : table(result)}\n`);
  return result.profiles.every((p) => p.cells.every((c) => c.ok)) ? 0 : 1;
}

process.exitCode = main();
