// Runs one payload through both paths — compiled, and plainToInstance + validateSync — and says
// how they differ, if they do: verdict, instance (class, keys in order, values), or error.
import { isDeepStrictEqual } from 'node:util';
import { PayloadValidationError, validatePayload, type ClassType } from '../../src';
import { CompiledValidator } from '../../src/validation/compiled/compiled-validator';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function outcome(fn: () => unknown): Outcome {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

function forbidden(result: Outcome): boolean {
  return !result.ok && result.error instanceof PayloadValidationError && result.error.violations.some((v) => 'forbiddenKey' in v.constraints);
}

/** What a path gave, as comparable data: the instance's shape, or the error's contents. */
function describe(result: Outcome): unknown {
  if (result.ok) return { ok: true, instance: shape(result.value) };
  const error = result.error;
  if (!(error instanceof PayloadValidationError)) return { ok: false, unexpected: String(error) };
  return { ok: false, message: error.message, dtoName: error.dtoName, violations: error.violations, cause: String(error.cause) };
}

/** An instance as plain data that keeps what matters: prototypes, own keys in order, dates, frozenness. */
function shape(value: unknown): unknown {
  if (value instanceof Date) return { date: value.getTime() };
  if (typeof value !== 'object' || value === null) return Object.is(value, -0) ? { negativeZero: true } : value;
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  return {
    class: prototype?.constructor?.name,
    frozen: Object.isFrozen(value),
    entries: Object.keys(value).map((key) => [key, shape((value as Record<string, unknown>)[key])]),
  };
}

/** Compares the paths on one payload; undefined when they agree, else a description of both. */
export class Differential {
  private readonly compiled = new CompiledValidator();

  difference(dto: ClassType, payload: object): string | undefined {
    const reference = outcome(() => validatePayload(dto, payload, 'T', { compiled: false }));
    const fast = outcome(() => validatePayload(dto, payload, 'T'));
    // Where the compiled path decides, it must give class-validator's verdict, not only a safe one.
    // (Forbidden keys are refused before either path runs.)
    const decided = forbidden(reference) ? undefined : this.compiled.validate(dto, payload);
    const verdict = decided === undefined ? reference.ok : decided !== false;
    const expected = describe(reference);
    const actual = describe(fast);
    if (verdict === reference.ok && isDeepStrictEqual(expected, actual)) return undefined;
    return JSON.stringify({ dto: dto.name, payload, compiledVerdict: verdict, expected, actual });
  }

  /** Throws the difference, if any (for fast-check, which then shrinks the payload). */
  expectSame(dto: ClassType, payload: object): void {
    const difference = this.difference(dto, payload);
    if (difference !== undefined) throw new Error(`The compiled path differs from class-validator: ${difference}`);
  }

  /** Whether the compiled path handles `dto` (else both paths are class-validator's). */
  supports(dto: ClassType): boolean {
    return this.compiled.prepare(dto);
  }
}
