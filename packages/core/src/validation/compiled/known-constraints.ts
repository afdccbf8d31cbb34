import * as cv from 'class-validator';

/** One class-validator check on one value, as the built-in decorator runs it. */
export type ValueCheck = (value: unknown) => boolean;

// `any`: the exported checks declare the type of value they expect; the decorators pass whatever is there.
type CheckFunction = (value: any, ...constraints: any[]) => boolean;

/**
 * The built-in constraints the compiled path runs itself, by the name class-validator registers
 * them under, with how many of the metadata's `constraints` the decorator passes to its check
 * function. Each decorator's validator is `(value, args) => check(value, args.constraints[0…n-1])`,
 * so calling the same exported function with the same constraints gives the same verdict.
 * Decorators whose options are not in `constraints` (IsDateString, IsIBAN, ArrayUnique…) are absent.
 */
const KNOWN: Record<string, readonly [CheckFunction, 0 | 1 | 2]> = {
  isDefined: [cv.isDefined, 0],
  isString: [cv.isString, 0],
  isInt: [cv.isInt, 0],
  isNumber: [cv.isNumber, 1],
  isBoolean: [cv.isBoolean, 0],
  isDate: [cv.isDate, 0],
  isArray: [cv.isArray, 0],
  isObject: [cv.isObject, 0],
  isEnum: [cv.isEnum, 1],
  min: [cv.min, 1],
  max: [cv.max, 1],
  isPositive: [cv.isPositive, 0],
  isNegative: [cv.isNegative, 0],
  isDivisibleBy: [cv.isDivisibleBy, 1],
  minLength: [cv.minLength, 1],
  maxLength: [cv.maxLength, 1],
  isLength: [cv.length, 2],
  matches: [cv.matches, 2],
  contains: [cv.contains, 1],
  notContains: [cv.notContains, 1],
  isEmail: [cv.isEmail, 1],
  isUuid: [cv.isUUID, 1],
  isIso8601: [cv.isISO8601, 1],
  isAlpha: [cv.isAlpha, 1],
  isAlphanumeric: [cv.isAlphanumeric, 1],
  isHexadecimal: [cv.isHexadecimal, 0],
  isLowercase: [cv.isLowercase, 0],
  isUppercase: [cv.isUppercase, 0],
  isNumberString: [cv.isNumberString, 1],
  isBooleanString: [cv.isBooleanString, 0],
  isJson: [cv.isJSON, 0],
  isUrl: [cv.isURL, 1],
  isIp: [cv.isIP, 1],
  isPort: [cv.isPort, 0],
  isHexColor: [cv.isHexColor, 0],
  isMongoId: [cv.isMongoId, 0],
  isSemVer: [cv.isSemVer, 0],
  isIn: [cv.isIn, 1],
  isNotIn: [cv.isNotIn, 1],
  equals: [cv.equals, 1],
  notEquals: [cv.notEquals, 1],
  isNotEmpty: [cv.isNotEmpty, 0],
  isEmpty: [cv.isEmpty, 0],
  isNotEmptyObject: [cv.isNotEmptyObject, 1],
  arrayMinSize: [cv.arrayMinSize, 1],
  arrayMaxSize: [cv.arrayMaxSize, 1],
  arrayNotEmpty: [cv.arrayNotEmpty, 0],
  arrayContains: [cv.arrayContains, 1],
  arrayNotContains: [cv.arrayNotContains, 1],
  minDate: [cv.minDate, 1],
  maxDate: [cv.maxDate, 1],
};

/** Names of the constraints {@link knownCheck} compiles (for tests and docs). */
export const KNOWN_CONSTRAINTS: readonly string[] = Object.keys(KNOWN);

/** The check of the built-in constraint `name` with the metadata's `constraints`; undefined for any other name. */
export function knownCheck(name: string | undefined, constraints: readonly unknown[] | undefined): ValueCheck | undefined {
  const known = name !== undefined && Object.hasOwn(KNOWN, name) ? KNOWN[name] : undefined;
  if (!known) return undefined;
  const [check, arity] = known;
  const [first, second] = constraints ?? [];
  // Every check is called with the value alone, so a check without constraints serves as it is.
  return arity === 0 ? check : arity === 1 ? (v) => check(v, first) : (v) => check(v, first, second);
}

/** `check` as class-validator applies it with `each: true`: to every element of an array, else to the value. */
export function eachOf(check: ValueCheck): ValueCheck {
  return (value) => (Array.isArray(value) ? value.every((item) => check(item)) : check(value));
}
