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

/** Values for one property: mostly near the boundary, sometimes any JSON, sometimes arrays of either. */
export function around(near: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: near }, { weight: 1, arbitrary: json }, { weight: 2, arbitrary: fc.array(near, { maxLength: 4 }) });
}

/** Payloads with any subset of `properties` (so some missing) and a few extra keys. */
export function payloads(properties: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<object> {
  const extras = fc.dictionary(fc.constantFrom(...EXTRA_KEYS), json, { maxKeys: 2 });
  return asEventPayload(fc.tuple(fc.record(properties, { requiredKeys: [] }), extras).map(([known, extra]) => ({ ...extra, ...known })));
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
  const value = around(kind.near);
  return { dto, compiled: true, payload: payloads({ value, list: value, maybe: value }) };
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
  @Min(0) override n!: number;
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

const addresses = fc.record({ zip: around(fc.constantFrom('75001', '7500', 'abcde')), city: around(fc.constantFrom('Paris', '')) }, { requiredKeys: [] });
const lines = fc.record(
  { sku: around(fc.constantFrom('x', '')), qty: around(fc.integer({ min: -1, max: 3 })), unit: around(fc.constantFrom('kg', 'pc', 'g')) },
  { requiredKeys: [] },
);
const trees = fc.letrec((tie) => ({
  tree: fc.record({ label: around(fc.constantFrom('a', 'abcd', 'abcde')), children: fc.oneof(fc.array(tie('tree'), { maxLength: 2 }), json) }, { requiredKeys: [] }),
})).tree;
const numbers = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true }));

const HAND_WRITTEN: readonly DtoCase[] = [
  {
    dto: Order,
    compiled: true,
    payload: payloads({
      id: around(fc.oneof(fc.uuid(), fc.constantFrom('x'))),
      amount: around(numbers),
      placedAt: around(fc.constantFrom('2024-01-02T03:04:05Z', '2019-01-01', 'soon', 0)),
      address: fc.oneof(addresses, json),
      lines: fc.oneof(fc.array(fc.oneof(lines, json), { maxLength: 4 }), json),
      meta: json,
      side: around(fc.constantFrom('BUY', 'SELL', 'HOLD')),
      tags: around(fc.string({ maxLength: 3 })),
    }),
  },
  { dto: Tree, compiled: true, payload: asEventPayload(trees) },
  { dto: Derived, compiled: true, payload: payloads({ id: around(fc.string()), n: around(numbers), flag: around(fc.boolean()) }) },
  { dto: Converted, compiled: true, payload: payloads({ n: around(fc.oneof(numbers, fc.constantFrom('1', 'x'))), s: around(fc.oneof(numbers, fc.string({ maxLength: 4 }))), b: around(fc.oneof(fc.boolean(), numbers)) }) },
  { dto: Permissive, compiled: true, payload: payloads({ anything: json, s: around(fc.string()) }) },
  { dto: Empty, compiled: true, payload: payloads({ a: json }) },
  { dto: ChainDto, compiled: true, payload: payloads({ n: around(numbers), from: around(fc.constantFrom('relay', '')) }) },
  { dto: Custom, compiled: false, payload: payloads({ n: around(numbers), s: around(fc.string()) }) },
  { dto: Grouped, compiled: false, payload: payloads({ g: around(fc.string()), a: around(numbers) }) },
  { dto: Conditional, compiled: false, payload: payloads({ kind: around(fc.constantFrom('n', 's')), n: around(numbers) }) },
  { dto: Transformed, compiled: false, payload: payloads({ s: around(fc.constantFrom(' ab ', 'abc', ' abcd')) }) },
];

/** Every case: one per constraint kind, then the hand-written DTOs. */
export const CASES: readonly DtoCase[] = [...KINDS.map(kindCase), ...HAND_WRITTEN];
