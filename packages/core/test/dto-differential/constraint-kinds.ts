// The constraint kinds the differential test covers: each a class-validator decorator (with the
// options under test) and values around its boundary, beside arbitrary JSON of every type.
import fc from 'fast-check';
import * as cv from 'class-validator';
import type { ValidationOptions } from 'class-validator';

export type Decorate = (options?: ValidationOptions) => PropertyDecorator;

export interface ConstraintKind {
  /** The name class-validator registers the constraint under. */
  readonly name: string;
  readonly decorate: Decorate;
  /** Values the constraint accepts. */
  readonly valid: fc.Arbitrary<unknown>;
  /** Values near the boundary (valid and not); arbitrary JSON is mixed in by the generators. */
  readonly near: fc.Arbitrary<unknown>;
}

enum Side {
  Buy = 'BUY',
  Sell = 'SELL',
}

const words = (...values: unknown[]) => fc.constantFrom(...values);
const smallInts = fc.integer({ min: -12, max: 12 });
const numbers = fc.oneof(smallInts, fc.double({ min: -20, max: 20, noNaN: true }), words(0.5, 1.25, -0, 1e21, 2 ** 53));
const strings = (...values: string[]) => fc.oneof(words(...values), fc.string({ maxLength: 12 }));
const arrays = (items: fc.Arbitrary<unknown>) => fc.array(items, { maxLength: 5 });
const isoDates = words('2024-01-02', '2024-01-02T03:04:05Z', '2024-13-01', '2024-02-30T00:00:00Z', '20240102', 'soon', '1970-01-01T00:00:00.000+01:00');

export const KINDS: readonly ConstraintKind[] = [
  { name: 'isDefined', decorate: (o) => cv.IsDefined(o), valid: words(0, '', false, 'x'), near: words(null, 0, '', false) },
  { name: 'isString', decorate: (o) => cv.IsString(o), valid: fc.string({ maxLength: 6 }), near: strings('', 'a', '0') },
  { name: 'isInt', decorate: (o) => cv.IsInt(o), valid: smallInts, near: numbers },
  { name: 'isNumber', decorate: (o) => cv.IsNumber({ maxDecimalPlaces: 2 }, o), valid: words(0, 1.5, -2.25, 7), near: fc.oneof(numbers, words(1.234, 1.23, 0.1 + 0.2)) },
  { name: 'isBoolean', decorate: (o) => cv.IsBoolean(o), valid: fc.boolean(), near: words(true, false, 'true', 0, 1) },
  { name: 'isDate', decorate: (o) => cv.IsDate(o), valid: words('2024-01-02', '2024-03-04T05:06:07Z', 0), near: isoDates },
  { name: 'isArray', decorate: (o) => cv.IsArray(o), valid: arrays(smallInts), near: arrays(smallInts) },
  { name: 'isObject', decorate: (o) => cv.IsObject(o), valid: words({}, { a: 1 }, []), near: fc.oneof(fc.dictionary(fc.string({ maxLength: 3 }), smallInts, { maxKeys: 3 }), arrays(smallInts)) },
  { name: 'isEnum', decorate: (o) => cv.IsEnum(Side, o), valid: words('BUY', 'SELL'), near: words('BUY', 'SELL', 'Buy', 'buy', 'HOLD') },
  { name: 'min', decorate: (o) => cv.Min(3, o), valid: fc.integer({ min: 3, max: 9 }), near: numbers },
  { name: 'max', decorate: (o) => cv.Max(3, o), valid: fc.integer({ min: -9, max: 3 }), near: numbers },
  { name: 'isPositive', decorate: (o) => cv.IsPositive(o), valid: words(1, 0.5, 7), near: numbers },
  { name: 'isNegative', decorate: (o) => cv.IsNegative(o), valid: words(-1, -0.5, -7), near: numbers },
  { name: 'isDivisibleBy', decorate: (o) => cv.IsDivisibleBy(3, o), valid: words(0, 3, -9, 12), near: numbers },
  { name: 'minLength', decorate: (o) => cv.MinLength(2, o), valid: words('ab', 'abc', 'abcdef'), near: strings('', 'a', 'ab', 'abc') },
  { name: 'maxLength', decorate: (o) => cv.MaxLength(3, o), valid: words('', 'a', 'abc'), near: strings('', 'abc', 'abcd', '😀😀') },
  { name: 'isLength', decorate: (o) => cv.Length(2, 4, o), valid: words('ab', 'abc', 'abcd'), near: strings('a', 'ab', 'abcd', 'abcde') },
  { name: 'matches', decorate: (o) => cv.Matches(/^[A-Z]{2}-\d+$/, o), valid: words('AB-1', 'ZZ-9876'), near: strings('AB-1', 'AB-', 'ab-1', 'ABC-12') },
  { name: 'contains', decorate: (o) => cv.Contains('ne', o), valid: words('ne', 'necro', 'bone'), near: strings('necro', 'one', 'n e', 'NE') },
  { name: 'notContains', decorate: (o) => cv.NotContains('x', o), valid: words('abc', '', 'yz'), near: strings('abc', 'xyz', 'X') },
  { name: 'isEmail', decorate: (o) => cv.IsEmail({}, o), valid: words('a@b.co', 'first.last@example.com'), near: strings('a@b.co', 'a@b', 'a.b@c.example.com', 'a@@b.co', ' a@b.co') },
  { name: 'isUuid', decorate: (o) => cv.IsUUID('4', o), valid: fc.uuid({ version: 4 }), near: fc.oneof(fc.uuid(), words('6ba7b810-9dad-11d1-80b4-00c04fd430c8', '00000000-0000-4000-8000-00000000000')) },
  { name: 'isIso8601', decorate: (o) => cv.IsISO8601({ strict: true }, o), valid: words('2024-01-02', '2024-01-02T03:04:05Z'), near: isoDates },
  { name: 'isAlpha', decorate: (o) => cv.IsAlpha('en-US', o), valid: words('abc', 'Z'), near: strings('abc', 'ab1', 'é') },
  { name: 'isAlphanumeric', decorate: (o) => cv.IsAlphanumeric('en-US', o), valid: words('ab1', '9'), near: strings('ab1', 'a-b', '') },
  { name: 'isHexadecimal', decorate: (o) => cv.IsHexadecimal(o), valid: words('ff', '0A9'), near: strings('ff', '0x1f', 'fg') },
  { name: 'isLowercase', decorate: (o) => cv.IsLowercase(o), valid: words('abc', 'a1'), near: strings('abc', 'aBc', '1') },
  { name: 'isUppercase', decorate: (o) => cv.IsUppercase(o), valid: words('ABC', 'A1'), near: strings('ABC', 'aBC', '1') },
  { name: 'isNumberString', decorate: (o) => cv.IsNumberString({}, o), valid: words('12', '1.5', '-3'), near: strings('12', '1.5', '1e3', ' 1', '-') },
  { name: 'isBooleanString', decorate: (o) => cv.IsBooleanString(o), valid: words('true', 'false', '1', '0'), near: strings('true', 'false', '1', '0', 'TRUE') },
  { name: 'isJson', decorate: (o) => cv.IsJSON(o), valid: words('{}', '[1]', '{"a":1}'), near: strings('{}', '[1]', '{a:1}', '1', 'null') },
  { name: 'isUrl', decorate: (o) => cv.IsUrl({ require_tld: true }, o), valid: words('https://example.com', 'http://a.example.org/x?y=1'), near: strings('https://example.com', 'http://localhost', 'example.com/x', 'ftp://a.b') },
  { name: 'isIp', decorate: (o) => cv.IsIP('4', o), valid: words('127.0.0.1', '10.0.0.255'), near: strings('127.0.0.1', '256.0.0.1', '::1', '1.2.3') },
  { name: 'isPort', decorate: (o) => cv.IsPort(o), valid: words('80', '65535', '0'), near: strings('80', '65535', '65536', '-1') },
  { name: 'isHexColor', decorate: (o) => cv.IsHexColor(o), valid: words('#fff', '#A0B1C2'), near: strings('#fff', 'fff', '#ffff', '#ggg') },
  { name: 'isMongoId', decorate: (o) => cv.IsMongoId(o), valid: words('507f1f77bcf86cd799439011'), near: strings('507f1f77bcf86cd799439011', '507f1f77bcf86cd79943901') },
  { name: 'isSemVer', decorate: (o) => cv.IsSemVer(o), valid: words('1.2.3', '0.0.1-beta.1'), near: strings('1.2.3', '1.2', 'v1.2.3', '1.2.3-beta.1') },
  { name: 'isIn', decorate: (o) => cv.IsIn(['a', 1, null], o), valid: words('a', 1, null), near: words('a', 1, null, '1', 'b') },
  { name: 'isNotIn', decorate: (o) => cv.IsNotIn(['a', 1], o), valid: words('b', 2, '1'), near: words('a', 1, '1', 'b', null) },
  { name: 'equals', decorate: (o) => cv.Equals('yes', o), valid: words('yes'), near: words('yes', 'Yes', 'no', null) },
  { name: 'notEquals', decorate: (o) => cv.NotEquals(0, o), valid: words(1, '0', 'x'), near: words(0, -0, '0', 1, null) },
  { name: 'isNotEmpty', decorate: (o) => cv.IsNotEmpty(o), valid: words(' ', 0, 'x', []), near: words('', ' ', 0, null, []) },
  { name: 'isEmpty', decorate: (o) => cv.IsEmpty(o), valid: words('', null), near: words('', ' ', 0, null, []) },
  { name: 'isNotEmptyObject', decorate: (o) => cv.IsNotEmptyObject({ nullable: false }, o), valid: words({ a: 1 }, { b: null }), near: words({}, { a: 1 }, { a: null }, [], 'x') },
  { name: 'arrayMinSize', decorate: (o) => cv.ArrayMinSize(2, o), valid: fc.array(smallInts, { minLength: 2, maxLength: 4 }), near: arrays(smallInts) },
  { name: 'arrayMaxSize', decorate: (o) => cv.ArrayMaxSize(2, o), valid: fc.array(smallInts, { maxLength: 2 }), near: arrays(smallInts) },
  { name: 'arrayNotEmpty', decorate: (o) => cv.ArrayNotEmpty(o), valid: fc.array(smallInts, { minLength: 1, maxLength: 3 }), near: arrays(smallInts) },
  { name: 'arrayContains', decorate: (o) => cv.ArrayContains([1, 2], o), valid: words([1, 2], [2, 1, 0], [3, 1, 2]), near: arrays(fc.integer({ min: 0, max: 3 })) },
  { name: 'arrayNotContains', decorate: (o) => cv.ArrayNotContains([0], o), valid: words([], [1, 2], [3]), near: arrays(fc.integer({ min: 0, max: 3 })) },
  { name: 'minDate', decorate: (o) => cv.MinDate(new Date('2024-01-01T00:00:00Z'), o), valid: words('2024-02-01', '2030-01-01T00:00:00Z'), near: isoDates },
  { name: 'maxDate', decorate: (o) => cv.MaxDate(new Date('2024-06-01T00:00:00Z'), o), valid: words('2024-02-01', '1999-01-01T00:00:00Z'), near: isoDates },
];
