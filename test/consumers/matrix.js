'use strict';
// The consumer matrix: packs every published package, installs the tarballs into one scratch
// project per dependency profile (newest, oldest), and in each, for every setup (variants.js),
// type-checks the README's quick start and every package, then runs the quick start.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { globSync } = require('tinyglobby');
const { ROOT, packAll, publishablePackages } = require('./packages');
const { peerRanges, profiles } = require('./profiles');
const { printedLines, readmeQuickStart } = require('./quick-start');
const { VARIANTS, entryPoint, variantFiles } = require('./variants');

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const INSTALL_TIMEOUT_MS = 300_000;
const STEP_TIMEOUT_MS = 120_000;

/**
 * @typedef {{ variant: string, title: string, ok: boolean, stage: 'install' | 'typecheck' | 'run', detail: string }} Cell
 * @typedef {{ profile: string, installed: Record<string, string>, cells: Cell[] }} ProfileResult
 * @typedef {{ packages: string[], profiles: ProfileResult[], dir: string }} MatrixResult
 */

/**
 * @param {{ profiles?: string[], variants?: string[], keep?: boolean, progress?: (line: string) => void }} options
 * @returns {MatrixResult}
 */
function runMatrix(options = {}) {
  const progress = options.progress ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'necro-consumers-'));
  try {
    const packages = publishablePackages();
    progress(`packing ${packages.map((p) => p.name).join(', ')}`);
    const tarballs = packAll(packages, dir);
    const quickStart = readmeQuickStart(ROOT);
    const variants = VARIANTS.filter((v) => !options.variants || options.variants.includes(v.name));
    const chosen = profiles(peerRanges(packages)).filter((p) => !options.profiles || options.profiles.includes(p.name));
    const results = chosen.map((profile) => runProfile(dir, profile, tarballs, variants, quickStart, progress));
    return { packages: packages.map((p) => p.name), profiles: results, dir };
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** @returns {ProfileResult} */
function runProfile(dir, profile, tarballs, variants, quickStart, progress) {
  const project = join(dir, profile.name);
  mkdirSync(project);
  // As the README says to install them: the tarballs side by side, which npm dedupes (our packages
  // depend on each other by version, and those versions are the tarballs').
  const files = Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]));
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({
    name: `necro-consumer-${profile.name}`, private: true,
    dependencies: { ...files, ...profile.dependencies },
    devDependencies: { '@types/node': rootDevDependency('@types/node') },
  }, null, 2)}\n`);
  progress(`${profile.name}: npm install ${Object.entries(profile.dependencies).map(([n, v]) => `${n}@${v}`).join(' ')}`);
  const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], project, INSTALL_TIMEOUT_MS);
  if (!install.ok) {
    const cell = (v) => ({ variant: v.name, title: v.title, ok: false, stage: 'install', detail: tail(install.output) });
    return { profile: profile.name, installed: {}, cells: variants.map(cell) };
  }
  const installed = Object.fromEntries(Object.keys(profile.dependencies).map((name) => [name, installedVersion(project, name)]));
  const cells = [singleCopies(project, Object.keys(profile.dependencies)), ...variants.map((variant) => {
    progress(`${profile.name}: ${variant.title}`);
    return runVariant(join(project, variant.name), variant, quickStart, Object.keys(tarballs));
  })];
  return { profile: profile.name, installed, cells };
}

/** One copy of each peer dependency in the whole tree: a second tsyringe would be a second container. @returns {Cell} */
function singleCopies(project, names) {
  const copies = names.map((name) => [name, globSync([`**/node_modules/${name}/package.json`], { cwd: project, dot: true })]);
  const doubled = copies.filter(([, found]) => found.length !== 1).map(([name, found]) => `${name}: ${found.length} copies (${found.join(', ')})`);
  return { variant: 'single-copy', title: 'one copy of each peer dependency', ok: doubled.length === 0, stage: 'install', detail: doubled.join('\n') };
}

/** @returns {Cell} */
function runVariant(folder, variant, quickStart, packageNames) {
  const cell = (ok, stage, detail) => ({ variant: variant.name, title: variant.title, ok, stage, detail });
  for (const [path, content] of Object.entries(variantFiles(variant, quickStart.source, packageNames))) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  if (variant.compilerOptions) {
    const compiled = run(process.execPath, [TSC, '-p', 'tsconfig.json'], folder, STEP_TIMEOUT_MS);
    if (!compiled.ok) return cell(false, 'typecheck', tail(compiled.output));
  }
  const ran = run(process.execPath, [entryPoint(variant)], folder, STEP_TIMEOUT_MS);
  const printed = printedLines(ran.stdout);
  if (!ran.ok || JSON.stringify(printed) !== JSON.stringify(quickStart.expected)) {
    return cell(false, 'run', `exit ${ran.status}; printed:\n${printed.join('\n') || '(nothing)'}\n${tail(ran.stderr)}`);
  }
  return cell(true, 'run', printed.join('\n'));
}

function run(command, args, cwd, timeout) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NECRO_LOG_LEVEL: 'info' } });
  const stdout = result.stdout ?? '';
  const stderr = `${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`;
  return { ok: result.status === 0, status: result.status ?? result.signal, stdout, stderr, output: `${stdout}${stderr}` };
}

function rootDevDependency(name) {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies[name];
}

function installedVersion(project, name) {
  const file = join(project, 'node_modules', name, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : 'missing';
}

/** The last lines of a tool's output: where its errors are. */
function tail(text, lines = 12) {
  return text.trim().split('\n').slice(-lines).join('\n');
}

module.exports = { runMatrix };
