// Keeps docs/errors.md and the error classes in step, in both directions: every error class that a
// NecroStack package exports (or defines with a `super('NECRO_…')` call) has its code documented
// under a heading that names the class, and every NECRO_… code the page mentions belongs to a class.
// A package added under packages/ is picked up without touching this file.
import * as core from '../src';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const ERRORS_DOC = join(ROOT, 'docs', 'errors.md');
const CODE_PATTERN = /^NECRO_[A-Z0-9_]+$/;

type ErrorClass = new (...args: never[]) => core.NecroStackError;

/**
 * Constructor arguments for the classes whose constructors need particular shapes. A class without
 * an entry is built with the generic tries below; if none of them works, the test asks for an entry.
 */
const SAMPLE_ARGS: Readonly<Record<string, readonly unknown[]>> = {
  EventValidationError: ['payload.amount', 'must be a finite number, got NaN'],
  PayloadValidationError: ['ORDER_PLACED', 'OrderPlacedDto', [{ property: 'amount', constraints: { isPositive: 'amount must be a positive number' } }]],
  EnqueueError: ['Could not enqueue 1 event(s)', ['6f1c2e0a-1b2c-4d3e-8f90-a1b2c3d4e5f6']],
  BackendUnavailableError: ['Backend failed 10 times in a row'],
  BackendFullError: [1000, 1],
  HandlerTimeoutError: ['SendEmail', 30_000],
  MaxStepsExceededError: [10_000],
  OrganDefinitionError: ['SendEmail', 'has no handler'],
  ConfigurationError: ['retryAttempts', 'must be a positive integer, got 0'],
  HandlerResultError: ['SendEmail', 'a number'],
  EventLoopError: [101, 100],
  MalformedEntryError: ['not JSON'],
  DeliveryExhaustedError: [3],
  ClosedError: ['InMemoryBackend'],
  SagaConflictError: ['OrderSaga', 'A-1', 11],
  SagaCorrelationError: ['OrderSaga', 'PAYMENT_PROCESSED', 'payload.order_id is undefined'],
};
const GENERIC_TRIES: readonly (readonly unknown[])[] = [
  [], ['sample'], ['sample', 'sample'], ['sample', 'sample', 'sample'], [1], [1, 1], ['sample', 1], ['sample', []], [[]],
];

/** The entry points of every package: packages/<name>/src/index.ts. */
function packageEntryPoints(): string[] {
  const packages = join(ROOT, 'packages');
  return readdirSync(packages)
    .map((name) => join(packages, name, 'src', 'index.ts'))
    .filter((file) => existsSync(file));
}

function isErrorClass(value: unknown): value is ErrorClass {
  return typeof value === 'function' && value.prototype instanceof core.NecroStackError;
}

/** Every NecroStackError subclass exported by any package, by class name. */
function exportedErrorClasses(): Map<string, ErrorClass> {
  const classes = new Map<string, ErrorClass>();
  for (const entry of packageEntryPoints()) {
    const exports = require(entry) as Record<string, unknown>;
    for (const value of Object.values(exports)) if (isErrorClass(value)) classes.set(value.name, value);
  }
  return classes;
}

/** The code a class gives its instances, or why it could not be built. */
function codeOf(cls: ErrorClass): { code?: string; problem?: string } {
  const tries = SAMPLE_ARGS[cls.name] ? [SAMPLE_ARGS[cls.name] as readonly unknown[]] : GENERIC_TRIES;
  for (const args of tries) {
    try {
      const error = new cls(...(args as never[]));
      if (typeof error.code === 'string' && error.code.length > 0) return { code: error.code };
    } catch {
      // try the next argument list
    }
  }
  return { problem: `cannot build ${cls.name} to read its code: add sample arguments for it to SAMPLE_ARGS in ${relative(ROOT, __filename)}` };
}

/** Codes passed literally to an error constructor anywhere in the packages' sources (exported or not). */
function codesInSources(): Map<string, string> {
  const found = new Map<string, string>();
  const literal = /(?:super|NecroStackError)\(\s*['"`](NECRO_[A-Z0-9_]+)['"`]/g;
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(literal)) found.set(match[1] as string, relative(ROOT, path));
      }
    }
  };
  for (const entry of packageEntryPoints()) visit(join(entry, '..'));
  return found;
}

/** The heading lines of docs/errors.md. */
function headings(doc: string): string[] {
  return doc.split('\n').filter((line) => /^#{2,4} /.test(line));
}

describe('docs/errors.md', () => {
  const doc = readFileSync(ERRORS_DOC, 'utf8');
  const classes = [...exportedErrorClasses()].map(([name, cls]) => ({ name, ...codeOf(cls) }));
  const sourceCodes = codesInSources();
  const classCodes = new Set(classes.flatMap((c) => (c.code === undefined ? [] : [c.code])));

  it('sees the error classes of @necrostack/core', () => {
    const names = classes.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['EventValidationError', 'PayloadValidationError', 'MaxStepsExceededError', 'ClosedError']));
  });

  it.each(classes)('documents $name under a heading with its code', ({ name, code, problem }) => {
    expect(problem).toBeUndefined();
    expect(code).toMatch(CODE_PATTERN);
    const heading = headings(doc).find((line) => line.includes(`\`${code}\``));
    if (heading === undefined) throw new Error(`docs/errors.md has no heading for ${code} (${name}); add a section "## \`${code}\` — ${name}"`);
    expect(heading).toContain(name);
  });

  it('documents every code that a package passes to an error constructor', () => {
    const undocumented = [...sourceCodes]
      .filter(([code]) => !headings(doc).some((line) => line.includes(`\`${code}\``)))
      .map(([code, file]) => `${code} (${file})`);
    expect(undocumented).toEqual([]);
  });

  it('mentions only codes that belong to an error class', () => {
    const mentioned = new Set(doc.match(/NECRO_[A-Z0-9_]+/g) ?? []);
    const orphans = [...mentioned].filter((code) => !classCodes.has(code) && !sourceCodes.has(code));
    expect(orphans).toEqual([]);
  });
});
