import { ConfigurationError } from '../errors';

/**
 * Checks an integer option of a backend or a store: returns it, or throws the ConfigurationError
 * every NecroStack package gives for it.
 * @throws ConfigurationError naming the option, the rule and the value.
 *
 * @example
 * ```ts
 * const maxDeliveries = integerOption('maxDeliveries', options.maxDeliveries ?? 3, 1);
 * ```
 */
export function integerOption(option: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ConfigurationError(option, `must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * Checks a string option that must not be empty (a name, a key): returns it, or throws.
 * @throws ConfigurationError naming the option and the value.
 *
 * @example
 * ```ts
 * const consumerName = nonEmptyOption('consumerName', options.consumerName ?? hostname());
 * ```
 */
export function nonEmptyOption(option: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigurationError(option, `must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}
