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
  { name: 'isDefined', decorate: (o) => cv.IsDefined(o), near: words(null, 0, '', false) },
  { name: 'isString', decorate: (o) => cv.IsString(o), near: strings('', 'a', '0') },
  { name: 'isInt', decorate: (o) => cv.IsInt(o), near: numbers },
  { name: 'isNumber', decorate: (o) => cv.IsNumber({ maxDecimalPlaces: 2 }, o), near: fc.oneof(numbers, words(1.234, 1.23, 0.1 + 0.2)) },
  { name: 'isBoolean', decorate: (o) => cv.IsBoolean(o), near: words(true, false, 'true', 0, 1) },
  { name: 'isDate', decorate: (o) => cv.IsDate(o), near: isoDates },
  { name: 'isArray', decorate: (o) => cv.IsArray(o), near: arrays(smallInts) },
  { name: 'isObject', decorate: (o) => cv.IsObject(o), near: fc.oneof(fc.dictionary(fc.string({ maxLength: 3 }), smallInts, { maxKeys: 3 }), arrays(smallInts)) },
  { name: 'isEnum', decorate: (o) => cv.IsEnum(Side, o), near: words('BUY', 'SELL', 'Buy', 'buy', 'HOLD') },
  { name: 'min', decorate: (o) => cv.Min(3, o), near: numbers },
  { name: 'max', decorate: (o) => cv.Max(3, o), near: numbers },
  { name: 'isPositive', decorate: (o) => cv.IsPositive(o), near: numbers },
  { name: 'isNegative', decorate: (o) => cv.IsNegative(o), near: numbers },
  { name: 'isDivisibleBy', decorate: (o) => cv.IsDivisibleBy(3, o), near: numbers },
  { name: 'minLength', decorate: (o) => cv.MinLength(2, o), near: strings('', 'a', 'ab', 'abc') },
  { name: 'maxLength', decorate: (o) => cv.MaxLength(3, o), near: strings('', 'abc', 'abcd', '😀😀') },
  { name: 'isLength', decorate: (o) => cv.Length(2, 4, o), near: strings('a', 'ab', 'abcd', 'abcde') },
  { name: 'matches', decorate: (o) => cv.Matches(/^[A-Z]{2}-\d+$/, o), near: strings('AB-1', 'AB-', 'ab-1', 'ABC-12') },
  { name: 'contains', decorate: (o) => cv.Contains('ne', o), near: strings('necro', 'one', 'n e', 'NE') },
  { name: 'notContains', decorate: (o) => cv.NotContains('x', o), near: strings('abc', 'xyz', 'X') },
  { name: 'isEmail', decorate: (o) => cv.IsEmail({}, o), near: strings('a@b.co', 'a@b', 'a.b@c.example.com', 'a@@b.co', ' a@b.co') },
  { name: 'isUuid', decorate: (o) => cv.IsUUID('4', o), near: fc.oneof(fc.uuid(), words('6ba7b810-9dad-11d1-80b4-00c04fd430c8', '00000000-0000-4000-8000-00000000000')) },
  { name: 'isIso8601', decorate: (o) => cv.IsISO8601({ strict: true }, o), near: isoDates },
  { name: 'isAlpha', decorate: (o) => cv.IsAlpha('en-US', o), near: strings('abc', 'ab1', 'é') },
  { name: 'isAlphanumeric', decorate: (o) => cv.IsAlphanumeric('en-US', o), near: strings('ab1', 'a-b', '') },
  { name: 'isHexadecimal', decorate: (o) => cv.IsHexadecimal(o), near: strings('ff', '0x1f', 'fg') },
  { name: 'isLowercase', decorate: (o) => cv.IsLowercase(o), near: strings('abc', 'aBc', '1') },
  { name: 'isUppercase', decorate: (o) => cv.IsUppercase(o), near: strings('ABC', 'aBC', '1') },
  { name: 'isNumberString', decorate: (o) => cv.IsNumberString({}, o), near: strings('12', '1.5', '1e3', ' 1', '-') },
  { name: 'isBooleanString', decorate: (o) => cv.IsBooleanString(o), near: strings('true', 'false', '1', '0', 'TRUE') },
  { name: 'isJson', decorate: (o) => cv.IsJSON(o), near: strings('{}', '[1]', '{a:1}', '1', 'null') },
  { name: 'isUrl', decorate: (o) => cv.IsUrl({ require_tld: true }, o), near: strings('https://example.com', 'http://localhost', 'example.com/x', 'ftp://a.b') },
  { name: 'isIp', decorate: (o) => cv.IsIP('4', o), near: strings('127.0.0.1', '256.0.0.1', '::1', '1.2.3') },
  { name: 'isPort', decorate: (o) => cv.IsPort(o), near: strings('80', '65535', '65536', '-1') },
  { name: 'isHexColor', decorate: (o) => cv.IsHexColor(o), near: strings('#fff', 'fff', '#ffff', '#ggg') },
  { name: 'isMongoId', decorate: (o) => cv.IsMongoId(o), near: strings('507f1f77bcf86cd799439011', '507f1f77bcf86cd79943901') },
  { name: 'isSemVer', decorate: (o) => cv.IsSemVer(o), near: strings('1.2.3', '1.2', 'v1.2.3', '1.2.3-beta.1') },
  { name: 'isIn', decorate: (o) => cv.IsIn(['a', 1, null], o), near: words('a', 1, null, '1', 'b') },
  { name: 'isNotIn', decorate: (o) => cv.IsNotIn(['a', 1], o), near: words('a', 1, '1', 'b', null) },
  { name: 'equals', decorate: (o) => cv.Equals('yes', o), near: words('yes', 'Yes', 'no', null) },
  { name: 'notEquals', decorate: (o) => cv.NotEquals(0, o), near: words(0, -0, '0', 1, null) },
  { name: 'isNotEmpty', decorate: (o) => cv.IsNotEmpty(o), near: words('', ' ', 0, null, []) },
  { name: 'isEmpty', decorate: (o) => cv.IsEmpty(o), near: words('', ' ', 0, null, []) },
  { name: 'isNotEmptyObject', decorate: (o) => cv.IsNotEmptyObject({ nullable: false }, o), near: words({}, { a: 1 }, { a: null }, [], 'x') },
  { name: 'arrayMinSize', decorate: (o) => cv.ArrayMinSize(2, o), near: arrays(smallInts) },
  { name: 'arrayMaxSize', decorate: (o) => cv.ArrayMaxSize(2, o), near: arrays(smallInts) },
  { name: 'arrayNotEmpty', decorate: (o) => cv.ArrayNotEmpty(o), near: arrays(smallInts) },
  { name: 'arrayContains', decorate: (o) => cv.ArrayContains([1, 2], o), near: arrays(fc.integer({ min: 0, max: 3 })) },
  { name: 'arrayNotContains', decorate: (o) => cv.ArrayNotContains([0], o), near: arrays(fc.integer({ min: 0, max: 3 })) },
  { name: 'minDate', decorate: (o) => cv.MinDate(new Date('2024-01-01T00:00:00Z'), o), near: isoDates },
  { name: 'maxDate', decorate: (o) => cv.MaxDate(new Date('2024-06-01T00:00:00Z'), o), near: isoDates },
];
