import { shapeOf, type Shape } from './transformer-shapes';
import { FORBIDDEN_KEYS, findForbiddenKey } from '../forbidden-keys';
import { UnsupportedPayload } from './unsupported-payload';

type Target = (new () => object) | undefined;

const CONVERSIONS: ReadonlySet<unknown> = new Set([String, Number, Boolean, Date, Buffer]);

/**
 * Builds what `plainToInstance(target, payload)` builds from a JSON payload, with the same steps
 * in the same order (constructor, then each own key; `@Type` classes, dates and primitives; methods
 * and getters never overwritten), for classes whose {@link shapeOf} is known.
 *
 * @throws UnsupportedPayload where class-transformer would do more (a class-transformer decorator
 *   beyond `@Type`, a `Set` or array-like class for an array, an object converted by `@Type(() => String)`…)
 *   or where validatePayload refuses the payload (a forbidden key); whatever a constructor or a
 *   `@Type` function throws.
 */
export class InstanceBuilder {
  private readonly shapes = new Map<Target, Shape | null>();

  build(target: Target, payload: object): object {
    return this.object(payload, target);
  }

  private value(value: unknown, type: unknown, arrayType: unknown): unknown {
    if (typeof value !== 'object' || value === null) return type === undefined ? value : convert(value, type);
    if (Array.isArray(value)) {
      const out: unknown[] = newArray(arrayType);
      for (const item of value) out.push(this.value(item, type, undefined));
      return out;
    }
    // A converted object is not walked, so its keys would go unchecked: left to class-transformer.
    if (CONVERSIONS.has(type)) throw new UnsupportedPayload('converted object');
    // A falsy type means none, as in class-transformer; a type that is not a class fails in `new`, as there.
    return this.object(value, (type || undefined) as Target);
  }

  private object(value: object, target: Target): object {
    if (Object.getPrototypeOf(value) !== Object.prototype) throw new UnsupportedPayload('not a plain object');
    const shape = this.shape(target);
    const out = (target ? new target() : {}) as Record<string, unknown>;
    if (out.constructor !== (target ?? Object)) throw new UnsupportedPayload('constructor');
    const source = value as Record<string, unknown>;
    // Own keys, in Object.keys order, without an array per object (the payload is a plain object).
    for (const key in source) {
      if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
      // (class-transformer skips two of them; validatePayload refuses all three, on its own path.)
      if (FORBIDDEN_KEYS.has(key)) throw new UnsupportedPayload('forbidden key');
      const sub = source[key];
      const special = shape.special.get(key);
      const record = special?.type;
      const type = record ? (record.typeFunction ? record.typeFunction({ newObject: out, object: value, property: key }) : record.reflectedType) : undefined;
      if (special?.skipped || out[key] instanceof Function) {
        // Not copied, so not walked: its keys are checked here.
        if (findForbiddenKey(sub, key) !== undefined) throw new UnsupportedPayload('forbidden key');
        continue;
      }
      out[key] = this.value(sub, type, Array.isArray(sub) ? record?.reflectedType : undefined);
    }
    return out;
  }

  private shape(target: Target): Shape {
    let shape = this.shapes.get(target);
    if (shape === undefined) {
      shape = shapeOf(target) ?? null;
      this.shapes.set(target, shape);
    }
    if (!shape) throw new UnsupportedPayload('class-transformer decorators');
    return shape;
  }
}

/** class-transformer's conversion of a primitive (or null) to `type`. */
function convert(value: unknown, type: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (type === String) return String(value);
  if (type === Number) return Number(value);
  if (type === Boolean) return Boolean(value);
  if (type === Date) return new Date(value as string);
  if (type === Buffer) throw new UnsupportedPayload('Buffer');
  return value;
}

/** class-transformer's array for a property whose declared type is `arrayType`. */
function newArray(arrayType: unknown): unknown[] {
  if (arrayType === undefined || arrayType === Array || arrayType === Object) return [];
  const array: unknown = new (arrayType as new () => unknown)();
  // It keeps a Set, or anything with `push`; every other instance is replaced by a plain array.
  if (array instanceof Set || (typeof array === 'object' && array !== null && 'push' in array)) throw new UnsupportedPayload('array type');
  return [];
}
