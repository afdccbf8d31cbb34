import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { PayloadValidationError, type PayloadViolation } from '../errors';
import type { ClassType } from '../organ/metadata';
import { CompiledValidator } from './compiled/compiled-validator';
import { findForbiddenKey } from './forbidden-keys';

const VALIDATOR_OPTIONS: ValidatorOptions = { forbidUnknownValues: true, validationError: { target: false, value: false } };

/** Whether DTO validation takes the compiled path where it can (see {@link ValidatePayloadOptions}). */
export const DEFAULT_COMPILED_VALIDATION = true;

/** Options of {@link validatePayload}. */
export interface ValidatePayloadOptions {
  /**
   * Check payloads with class-validator's constraints compiled from the DTO's metadata, and build
   * the instance without class-transformer, wherever the DTO allows it (default `true`). Verdicts,
   * instances and errors are those of `plainToInstance` + `validateSync`: an invalid payload, and
   * any DTO using what the compiled path does not reproduce, go through them. `false`: always
   * class-transformer + class-validator.
   */
  readonly compiled?: boolean;
}

// One for the process: compiled plans follow class-validator's metadata, which is global too.
const compiledValidator = new CompiledValidator();

/**
 * Compiles `dto` for the compiled path now instead of on its first payload (the Spine does it at
 * construction). Returns whether the compiled path supports it.
 * @internal
 */
export function preparePayloadValidation(dto: ClassType): boolean {
  return compiledValidator.prepare(dto);
}

/**
 * Turns a payload into an instance of `dto` (class-transformer) and validates it (class-validator,
 * synchronous validators). Returns the deeply frozen instance.
 *
 * @example
 * ```ts
 * const order = validatePayload(OrderPlaced, body, 'ORDER_PLACED'); // an OrderPlaced, or throws
 * const same = validatePayload(OrderPlaced, body, 'ORDER_PLACED', { compiled: false }); // class-validator only
 * ```
 * @throws PayloadValidationError listing every failing property, including a validator that threw.
 */
export function validatePayload<T extends object>(
  dto: ClassType<T>, payload: object, eventType: string, options: ValidatePayloadOptions = {},
): T {
  // The compiled path refuses forbidden keys itself (it gives up on them), so checks them only here.
  if (options.compiled ?? DEFAULT_COMPILED_VALIDATION) {
    const compiled = compiledValidator.validate(dto, payload);
    if (compiled) return deepFreeze(compiled);
  }
  const forbidden = findForbiddenKey(payload, 'payload');
  if (forbidden !== undefined) {
    throw new PayloadValidationError(eventType, dto.name, [
      { property: forbidden, constraints: { forbiddenKey: `${forbidden} is not allowed in a payload validated by a DTO` } },
    ]);
  }
  let instance: T;
  let errors: ValidationError[];
  try {
    instance = plainToInstance(dto, payload);
    errors = validateSync(instance, VALIDATOR_OPTIONS);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new PayloadValidationError(eventType, dto.name, [{ property: '(dto)', constraints: { threw: message } }], { cause });
  }
  if (errors.length > 0) throw new PayloadValidationError(eventType, dto.name, flatten(errors, ''));
  return deepFreeze(instance);
}

function flatten(errors: readonly ValidationError[], prefix: string): PayloadViolation[] {
  const out: PayloadViolation[] = [];
  for (const error of errors) {
    // class-validator reports a DTO without any constraint as an unknown value with no property.
    const property = prefix + (error.property ?? '(dto)');
    if (error.constraints) out.push({ property, constraints: { ...error.constraints } });
    if (error.children?.length) out.push(...flatten(error.children, `${property}.`));
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    // Object.keys' keys, without an array per object.
    for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
