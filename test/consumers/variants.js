'use strict';
// The project setups the matrix tries: the tsconfig a user has (never skipLibCheck) and the
// package type, or plain JavaScript. Each compiles the README's quick start and a file importing
// every published package, then runs the quick start.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** What every TypeScript setup shares: the README's requirements and strict checking of every .d.ts. */
const COMMON = {
  target: 'es2022',
  lib: ['es2022'],
  strict: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  skipLibCheck: false,
  rootDir: 'src',
  outDir: 'dist',
};

/**
 * @typedef {{ name: string, title: string, packageType: 'commonjs' | 'module',
 *   compilerOptions?: Record<string, unknown>, extension: string }} Variant
 * @type {Variant[]}
 */
const VARIANTS = [
  { name: 'commonjs', title: 'module commonjs (node10 resolution)', packageType: 'commonjs', extension: 'ts',
    compilerOptions: { module: 'commonjs', moduleResolution: 'node10' } },
  { name: 'node16-cjs', title: 'module node16, CommonJS package', packageType: 'commonjs', extension: 'ts',
    compilerOptions: { module: 'node16', moduleResolution: 'node16' } },
  { name: 'node20-cjs', title: 'module node20, CommonJS package', packageType: 'commonjs', extension: 'ts',
    compilerOptions: { module: 'node20', moduleResolution: 'node16' } },
  { name: 'nodenext-esm', title: 'module nodenext, ES module package', packageType: 'module', extension: 'ts',
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
  { name: 'bundler', title: 'module esnext, moduleResolution bundler', packageType: 'module', extension: 'ts',
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } },
  { name: 'js-require', title: 'plain JavaScript, require()', packageType: 'commonjs', extension: 'cjs' },
];

/**
 * Packages a setup cannot type-check for a reason outside NecroStack, with that reason: they are
 * left out of its every-package file (and type-checked by the other setups).
 * @type {Record<string, Record<string, string>>}
 */
const NOT_IN = {
  'node16-cjs': {
    '@necrostack/nestjs': 'NestJS 12 ships ES modules only: a CommonJS project imports it under module node20 or nodenext (see node20-cjs)',
  },
};

/**
 * The files of a variant's folder: package.json, tsconfig.json, the quick start and, for
 * TypeScript, a file that imports every published package (type-checked, not run).
 * @param {Variant} variant
 * @param {string} quickStart the README's TypeScript quick start
 * @param {string[]} packageNames
 * @returns {Record<string, string>} path in the folder → content
 */
function variantFiles(variant, quickStart, packageNames) {
  const files = { 'package.json': `${JSON.stringify({ name: `consumer-${variant.name}`, private: true, type: variant.packageType }, null, 2)}\n` };
  if (!variant.compilerOptions) {
    files['src/quick-start.cjs'] = readFileSync(join(__dirname, 'fixtures', 'quick-start.cjs'), 'utf8');
    return files;
  }
  files['tsconfig.json'] = `${JSON.stringify({ compilerOptions: { ...COMMON, ...variant.compilerOptions }, include: ['src'] }, null, 2)}\n`;
  files['src/quick-start.ts'] = quickStart;
  const excluded = NOT_IN[variant.name] ?? {};
  const names = packageNames.filter((name) => excluded[name] === undefined);
  files['src/all-packages.ts'] = [
    '// Every published package, imported: each must type-check under this setup.',
    ...Object.entries(excluded).map(([name, why]) => `// Not ${name}: ${why}.`),
    ...names.map((name, i) => `import * as package${i} from '${name}';`),
    `export const exported = [${names.map((_, i) => `package${i}`).join(', ')}].map((p) => Object.keys(p).length);`,
    '',
  ].join('\n');
  return files;
}

/** The program a variant runs, relative to its folder. */
function entryPoint(variant) {
  return variant.compilerOptions ? 'dist/quick-start.js' : 'src/quick-start.cjs';
}

module.exports = { VARIANTS, variantFiles, entryPoint };
