import { Type } from 'class-transformer';

/** class-transformer's `@Type` record of one property. */
export interface TypeRecord {
  readonly reflectedType: unknown;
  readonly typeFunction?: (options: { newObject: object; object: object; property: string }) => unknown;
  readonly options?: { readonly discriminator?: unknown };
}

/** What class-transformer does differently for one key of a class. */
export interface SpecialKey {
  /** Never assigned: a prototype member with no setter (a method, a getter). */
  readonly skipped: boolean;
  readonly type: TypeRecord | undefined;
}

/** How `plainToInstance` builds an object of one class (or a plain `{}` for no class). */
export interface Shape {
  readonly target: (new () => object) | undefined;
  /** The keys that are skipped or have a `@Type`; any other key is copied as it is. */
  readonly special: ReadonlyMap<string, SpecialKey>;
}

// class-transformer keeps its metadata in a singleton it does not export from its entry point; its
// shape has not changed since 0.3. `ancestorsOf` is its own (cached) walk up the prototype chain.
interface TransformerStorage {
  readonly _typeMetadatas: Map<Function, Map<string, TypeRecord>>;
  readonly _transformMetadatas: Map<Function, Map<string, unknown[]>>;
  getStrategy(target: Function): string;
  getExposedMetadatas(target: Function): unknown[];
  getExcludedMetadatas(target: Function): unknown[];
  getAncestors(target: Function): Function[];
}

const storage = loadStorage();

/**
 * The shape of `target` as class-transformer would build it, or undefined when the class (or an
 * ancestor) uses what the compiled path does not reproduce: `@Transform`, `@Expose`, `@Exclude`,
 * a discriminator, a `Map` property — or when class-transformer's metadata cannot be read.
 */
export function shapeOf(target: (new () => object) | undefined): Shape | undefined {
  if (!storage) return undefined;
  const prototype: object = target ? target.prototype : Object.prototype;
  const skipped = new Set<string>();
  for (const key of Object.getOwnPropertyNames(prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
    if (descriptor && !descriptor.set) skipped.add(key);
  }
  if (!target) return { target, special: specialKeys(skipped, new Map()) };
  if (storage.getStrategy(target) !== 'none' || storage.getExposedMetadatas(target).length > 0 || storage.getExcludedMetadatas(target).length > 0) {
    return undefined;
  }
  const types = new Map<string, TypeRecord>();
  for (const owner of [target, ...storage.getAncestors(target)]) {
    if (storage._transformMetadatas.get(owner)?.size) return undefined;
    for (const [property, record] of storage._typeMetadatas.get(owner) ?? []) {
      if (record.options?.discriminator || record.reflectedType === Map) return undefined;
      if (!types.has(property)) types.set(property, record);
    }
  }
  return { target, special: specialKeys(skipped, types) };
}

function specialKeys(skipped: ReadonlySet<string>, types: ReadonlyMap<string, TypeRecord>): Map<string, SpecialKey> {
  const special = new Map<string, SpecialKey>();
  for (const key of new Set([...skipped, ...types.keys()])) special.set(key, { skipped: skipped.has(key), type: types.get(key) });
  return special;
}

function loadStorage(): TransformerStorage | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const candidate = (require('class-transformer/cjs/storage') as { defaultMetadataStorage?: TransformerStorage }).defaultMetadataStorage;
    if (!candidate || !(candidate._typeMetadatas instanceof Map) || !(candidate._transformMetadatas instanceof Map)) return undefined;
    // The copy plainToInstance uses must be this one (a bundler may load another build).
    class Probe {}
    Type(() => Date)(Probe.prototype, 'probe');
    const seen = candidate._typeMetadatas.has(Probe);
    candidate._typeMetadatas.delete(Probe);
    return seen ? candidate : undefined;
  } catch {
    return undefined;
  }
}
