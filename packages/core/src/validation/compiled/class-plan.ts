import { getMetadataStorage, ValidationTypes, type MetadataStorage, type ValidationArguments } from 'class-validator';
import { eachOf, knownCheck, type ValueCheck } from './known-constraints';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

/** What class-validator checks of one property, compiled. */
export interface PropertyPlan {
  readonly name: string;
  /** `@IsOptional()`: null and undefined skip every check of the property. */
  readonly optional: boolean;
  /** `@IsDefined()` and the built-in constraints, each of which must hold. */
  readonly checks: readonly ValueCheck[];
  /** `@ValidateNested()`: objects (and arrays of them, at any depth) are validated as their class. */
  readonly nested: boolean;
}

/** A class's compiled checks; no properties means class-validator rejects it as an unknown value. */
export interface ClassPlan {
  readonly properties: readonly PropertyPlan[];
}

// Values every compiled check is tried on against class-validator's own constraint at bootstrap, so
// a custom constraint registered under a built-in's name is not mistaken for the built-in.
const PROBES: readonly unknown[] = [
  undefined, null, '', 'a', 'ABC', 'abc@example.com', '2024-01-02T03:04:05Z', '12', 'true', '{}',
  '6ba7b810-9dad-41d1-80b4-00c04fd430c8', 0, 1, -1, 2.5, Number.NaN, true, false, [], ['a'], [1, 2], {}, { a: 1 },
  new Date(0),
];

/**
 * Compiles the class-validator metadata of `target` — what `validateSync` with NecroStack's
 * options (no groups, `forbidUnknownValues`) would run — or returns undefined when any of it is
 * outside what the compiled path reproduces: custom constraints, `@ValidateIf`, async or promise
 * validation, groups, `always`, per-constraint `validateIf`, property names that class-validator
 * itself cannot group (those of `Object.prototype`).
 */
export function compileClassPlan(target: Function): ClassPlan | undefined {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target, undefined as unknown as string, false, false, undefined);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    if (!isPlainMetadata(metadata) || metadata.propertyName in Object.prototype) return undefined;
    byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
  }
  const properties: PropertyPlan[] = [];
  for (const [name, group] of byProperty) {
    const property = compileProperty(target, name, group);
    if (!property) return undefined;
    properties.push(property);
  }
  return { properties };
}

function isPlainMetadata(metadata: ValidationMetadata): boolean {
  return (metadata.groups ?? []).length === 0 && metadata.always === undefined
    && (metadata as { validateIf?: unknown }).validateIf === undefined && typeof metadata.target === 'function';
}

function compileProperty(target: Function, name: string, metadatas: readonly ValidationMetadata[]): PropertyPlan | undefined {
  let optional = false;
  let nested = false;
  const checks: ValueCheck[] = [];
  for (const metadata of metadatas) {
    switch (metadata.type) {
      case ValidationTypes.CONDITIONAL_VALIDATION:
        // `@IsOptional()` is the only condition with a name; `@ValidateIf` runs user code.
        if (metadata.name !== 'isOptional') return undefined;
        optional = true;
        break;
      case ValidationTypes.NESTED_VALIDATION:
        nested = true;
        break;
      case ValidationTypes.WHITELIST:
        break;
      case ValidationTypes.IS_DEFINED:
      case ValidationTypes.CUSTOM_VALIDATION: {
        const check = builtInCheck(target, metadata);
        if (!check) return undefined;
        checks.push(check);
        break;
      }
      default:
        return undefined;
    }
  }
  return { name, optional, checks, nested };
}

function builtInCheck(target: Function, metadata: ValidationMetadata): ValueCheck | undefined {
  const check = knownCheck(metadata.name, metadata.constraints);
  const constraints = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  // Built-ins are registered with an inline validator, which class-validator wraps in a class of this name.
  if (!check || metadata.constraintCls.name !== 'CustomConstraint' || constraints.length !== 1) return undefined;
  const [constraint] = constraints;
  if (constraint.async || constraint.name !== metadata.name) return undefined;
  const reference = (value: unknown): boolean => {
    const args: ValidationArguments = { value, constraints: metadata.constraints, targetName: target.name, object: {}, property: metadata.propertyName };
    return Boolean(constraint.instance.validate(value, args));
  };
  try {
    if (!PROBES.every((probe) => check(probe) === reference(probe))) return undefined;
  } catch {
    return undefined;
  }
  return metadata.each ? eachOf(check) : check;
}
