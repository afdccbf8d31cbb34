#!/usr/bin/env node
'use strict';
// Command line of the chaos harness: `node test/chaos/run.js [--backend postgres] --events 100000 --faults 32 --seed 2024`.
// Progress goes to stderr; the table (or --json) to stdout. Exit 0 = pass, 1 = fail, 2 = bad usage.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { cleanupNow } = require('./cleanup');
const { parseOptions, USAGE } = require('./options');
const { problems, toJson, toTable } = require('./report');
const { BACKEND_PACKAGES } = require('./targets/target');

// The harness and the workers run the compiled packages.
const built = (backend) => ['core', BACKEND_PACKAGES[backend], 'cli'].map((p) => join(__dirname, '..', '..', 'packages', p, 'dist', 'index.js'));

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`chaos: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!built(options.backend).every((file) => existsSync(file))) {
    process.stderr.write('chaos: the packages are not built; run `npm run build` first\n');
    return 1;
  }
  const { runChaos } = require('./chaos');
  const t0 = Date.now();
  const progress = (line) => process.stderr.write(`[chaos ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
  progress(`${options.backend}, seed ${options.seed}: ${options.events} events, ${options.poison} poison, ${options.faults} faults, ${options.workers} workers`);
  const report = await runChaos(options, progress);
  process.stdout.write(`${options.json ? JSON.stringify(toJson(report), null, 2) : toTable(report)}\n`);
  return problems(report).length === 0 ? 0 : 1;
}

main().then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`chaos: ${error instanceof Error ? error.stack : String(error)}\n`);
    cleanupNow();
    process.exitCode = 1;
  },
);
