'use strict';
// The README's quick start, as the matrix compiles and runs it: the first ```ts block under
// "## Quick start", and the lines the ```text block after it says it prints.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** @returns {{ source: string, expected: string[] }} */
function readmeQuickStart(root) {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Quick start\n'));
  const source = section && /```ts\n([\s\S]*?)```/.exec(section);
  const printed = section && /```text\n([\s\S]*?)```/.exec(section);
  if (!source || !printed) throw new Error('README.md needs a ```ts and a ```text block under "## Quick start"');
  return { source: source[1], expected: printed[1].trimEnd().split('\n') };
}

/** What a program printed, without the Spine's JSON log lines. */
function printedLines(stdout) {
  return stdout.split('\n').filter((line) => line !== '' && !line.startsWith('{'));
}

module.exports = { readmeQuickStart, printedLines };
