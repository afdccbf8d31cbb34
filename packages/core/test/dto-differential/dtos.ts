// DTOs for the differential test, each with an arbitrary of payloads around it: one class per
// constraint kind (plain, each: true, optional), and hand-written DTOs for nesting, inheritance,
// class-transformer conversions, accessors, and what the compiled path leaves to class-validator.
import fc from 'fast-check';
import { Transform, Type } from 'class-transformer';
import {
  Allow, ArrayMaxSize, IsDate, IsDefined, IsEnum, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsPositive, IsString,
  IsUUID, Length, MaxLength, Min, MinLength, MinDate, Validate, ValidateIf, ValidateNested, ValidatorConstraint, IsBoolean, IsArray,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { Event, type ClassType } from '../../src';
import { KINDS, type ConstraintKind } from './constraint-kinds';

export interface DtoCase {
  readonly dto: ClassType;
  readonly payload: fc.Arbitrary<object>;
  /** Whether the compiled path handles the DTO (the others must fall back, with the same results). */
  readonly compiled: boolean;
}

export const json = fc.jsonValue({ maxDepth: 2 });
const EXTRA_KEYS = ['extra', 'toString', 'valueOf', 'hasOwnProperty', '0', '10', 'describe', 'total', 'tags'];
/** Values with keys a DTO payload may not hold, at some depth (refused on both paths alike). */
const FORBIDDEN = fc.constantFrom(JSON.parse('{"__proto__":{"x":1}}') as object, { prototype: 1 }, { deep: [{ constructor: 2 }] });
const extraValues = fc.oneof({ weight: 6, arbitrary: json }, { weight: 1, arbitrary: FORBIDDEN });

/** Marks a property left out of the payload. */
const MISSING = Symbol('missing');

/**
 * Values for one property: mostly `valid` ones (so that whole payloads are often valid), else near
 * the boundary, any JSON, an array of either, or missing.
 */
export function around(valid: fc.Arbitrary<unknown>, near: fc.Arbitrary<unknown> = valid): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: valid },
    { weight: 2, arbitrary: near },
    { weight: 1, arbitrary: json },
    { weight: 1, arbitrary: fc.array(fc.oneof(valid, near), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.constant(MISSING) },
  );
}

/** Objects of `properties` (those drawn MISSING left out), sometimes with a few extra keys. */
export function objectOf(properties: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<object> {
  const extras = fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...EXTRA_KEYS), extraValues, { maxKeys: 2 }) });
  return fc.tuple(fc.record(properties), extras).map(([known, extra]) => {
    const object: Record<string, unknown> = { ...extra };
    for (const [key, value] of Object.entries(known)) if (value !== MISSING) object[key] = value;
    return object;
  });
}

/** Event payloads of `properties`: see {@link objectOf}. */
export function payloads(properties: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<object> {
  return asEventPayload(objectOf(properties));
}

/** As a handler's event carries it: JSON, copied and deeply frozen by `new Event`. */
export function asEventPayload(raw: fc.Arbitrary<object>): fc.Arbitrary<object> {
  return raw.map((payload) => new Event('T', payload).payload);
}

function kindCase(kind: ConstraintKind): DtoCase {
  const dto = { [`${kind.name}Dto`]: class {} }[`${kind.name}Dto`];
  kind.decorate()(dto.prototype, 'value');
  kind.decorate({ each: true })(dto.prototype, 'list');
  IsOptional()(dto.prototype, 'maybe');
  kind.decorate()(dto.prototype, 'maybe');
  if (['isDate', 'minDate', 'maxDate'].includes(kind.name)) {
    for (const property of ['value', 'list', 'maybe']) Type(() => Date)(dto.prototype, property);
  }
  const value = around(kind.valid, kind.near);
  return { dto, compiled: true, payload: payloads({ value, list: around(fc.array(kind.valid, { maxLength: 3 }), kind.near), maybe: value }) };
}

enum Side {
  Buy = 'BUY',
  Sell = 'SELL',
}

class Address {
  @IsString() @Length(5, 5) zip!: string;
  @IsString() @IsNotEmpty() city!: string;
}

class Line {
  @IsString() @IsNotEmpty() sku!: string;
  @IsInt() @Min(1) qty!: number;
  @IsOptional() @IsIn(['kg', 'pc']) unit?: string;
}

class Order {
  @IsUUID('4') id!: string;
  @IsPositive() amount!: number;
  @Type(() => Date) @IsDate() @MinDate(new Date('2020-01-01T00:00:00Z')) placedAt!: Date;
  @IsDefined() @ValidateNested() @Type(() => Address) address!: Address;
  @IsOptional() @ValidateNested({ each: true }) @ArrayMaxSize(3) @Type(() => Line) lines?: Line[];
  @ValidateNested() meta?: object;
  @IsEnum(Side) side!: Side;
  @IsArray() @IsString({ each: true }) tags: string[] = [];

  get total(): number {
    return (this.lines ?? []).reduce((sum, line) => sum + line.qty, 0);
  }

  describe(): string {
    return `${this.id} ${this.amount}`;
  }
}

class Tree {
  @IsString() @MaxLength(4) label!: string;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Tree) children?: Tree[];
}

class Base {
  @IsString() id!: string;
  @IsInt() n!: number;
}

class Derived extends Base {
  @Min(0) override n = 0;
  @IsOptional() @IsBoolean() flag?: boolean;
}

class Converted {
  @Type(() => Number) @IsNumber() @Min(0) n!: number;
  @Type(() => String) @IsString() @Length(1, 3) s!: string;
  @Type(() => Boolean) @IsBoolean() b!: boolean;
}

class Permissive {
  @Allow() anything!: unknown;
  @IsOptional() @IsString() s?: string;
}

class Empty {}

/** The two-property DTO of the benchmark chain. */
export class ChainDto {
  @IsInt() n!: number;
  @IsString() from!: string;
}

@ValidatorConstraint({ name: 'even' })
class Even implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'number' && value % 2 === 0;
  }
}

class Custom {
  @Validate(Even) n!: number;
  @IsString() s!: string;
}

class Grouped {
  @IsString({ groups: ['admin'] }) g!: string;
  @IsInt({ always: true }) a!: number;
}

class Conditional {
  @IsString() kind!: string;
  @ValidateIf((o: Conditional) => o.kind === 'n') @IsInt() n?: number;
}

class Transformed {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @IsString() @MinLength(3) s!: string;
}

const c = fc.constantFrom;
const numbers = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
const mostly = (arbitrary: fc.Arbitrary<unknown>) => fc.oneof({ weight: 6, arbitrary }, { weight: 1, arbitrary: json });
const addresses = objectOf({ zip: around(c('75001', '12345'), c('7500', 'abcde')), city: around(c('Paris', 'Lyon'), c('')) });
const lines = objectOf({
  sku: around(c('x', 'sku-1'), c('')), qty: around(fc.integer({ min: 1, max: 5 }), fc.integer({ min: -1, max: 0 })), unit: around(c('kg', 'pc'), c('g')),
});
const tree = (depth: number): fc.Arbitrary<object> => objectOf({
  label: around(c('a', 'abcd'), c('abcde')),
  children: depth === 0 ? fc.oneof(fc.constant(MISSING), json) : mostly(fc.array(tree(depth - 1), { maxLength: 2 })),
});
const trees = tree(3);

const HAND_WRITTEN: readonly DtoCase[] = [
  {
    dto: Order,
    compiled: true,
    payload: payloads({
      id: around(fc.uuid({ version: 4 }), c('x', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')),
      amount: around(c(1, 2.5), numbers),
      placedAt: around(c('2024-01-02T03:04:05Z', '2021-05-06'), c('2019-01-01', 'soon', 0)),
      address: mostly(addresses),
      lines: fc.oneof(mostly(fc.array(mostly(lines), { maxLength: 4 })), fc.constant(MISSING)),
      meta: fc.oneof({ weight: 3, arbitrary: fc.constant(MISSING) }, { weight: 1, arbitrary: json }),
      side: around(c('BUY', 'SELL'), c('HOLD')),
      tags: around(fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }), json),
    }),
  },
  { dto: Tree, compiled: true, payload: asEventPayload(trees) },
  { dto: Derived, compiled: true, payload: payloads({ id: around(fc.string()), n: around(fc.integer({ min: 0, max: 9 }), numbers), flag: around(fc.boolean()) }) },
  { dto: Converted, compiled: true, payload: payloads({ n: around(c(1, '2', 0), c('x', -1)), s: around(c('a', 'abc', 12), c('', 'abcd')), b: around(fc.boolean(), numbers) }) },
  { dto: Permissive, compiled: true, payload: payloads({ anything: json, s: around(fc.string()) }) },
  { dto: Empty, compiled: true, payload: payloads({ a: json }) },
  { dto: ChainDto, compiled: true, payload: payloads({ n: around(fc.integer(), numbers), from: around(c('relay', 'bench'), json) }) },
  { dto: Custom, compiled: false, payload: payloads({ n: around(c(2, 4), numbers), s: around(fc.string()) }) },
  { dto: Grouped, compiled: false, payload: payloads({ g: around(fc.string()), a: around(fc.integer(), numbers) }) },
  { dto: Conditional, compiled: false, payload: payloads({ kind: around(c('n', 's')), n: around(fc.integer(), numbers) }) },
  { dto: Transformed, compiled: false, payload: payloads({ s: around(c(' abc ', 'abcd'), c(' ab ', 'a')) }) },
];

/** Every case: one per constraint kind, then the hand-written DTOs. */
export const CASES: readonly DtoCase[] = [...KINDS.map(kindCase), ...HAND_WRITTEN];
