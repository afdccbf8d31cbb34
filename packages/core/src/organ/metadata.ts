import 'reflect-metadata';
import type { HandlerMiddleware } from '../middleware/handler';

/** A class, as NecroStack refers to organ classes and DTOs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClassType<T = object> = new (...args: any[]) => T;

/**
 * What `@Organ()` records on a class: its options, with the defaults applied and checked.
 *
 * @example
 * ```ts
 * const { name, group } = getOrganMetadata(SendReceipt) ?? {};
 * ```
 */
export interface OrganMetadata {
  /** The organ's name (the class name unless `@Organ({ name })` gave one). */
  readonly name: string;
  /** Its consumer group: its name unless `@Organ({ group })` shares one. */
  readonly group: string;
  readonly idempotent: boolean;
  readonly middleware: readonly HandlerMiddleware[];
}

/** What one `@ListensTo()` records: on the class (`method` is `handle`) or on a method. */
export interface ListenerMetadata {
  readonly method: string | symbol;
  readonly eventTypes: readonly string[];
  readonly payload: ClassType | undefined;
  readonly onClass: boolean;
}

// The only reflect-metadata keys and Reflect calls of NecroStack live in this file.
const ORGAN_KEY = Symbol.for('necrostack:organ');
const LISTENERS_KEY = Symbol.for('necrostack:listeners');
// Shared through globalThis so two copies of @necrostack/core in one process still see one registry.
const REGISTRY_KEY = Symbol.for('necrostack:organ-registry');

type Registry = Set<ClassType>;

function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (holder[REGISTRY_KEY] ??= new Set());
}

export function defineOrganMetadata(target: ClassType, metadata: OrganMetadata): void {
  Reflect.defineMetadata(ORGAN_KEY, metadata, target);
  registry().add(target);
}

/**
 * What `@Organ()` recorded on a class, or undefined when the class itself is not decorated (a
 * subclass of an organ is not an organ until it has its own `@Organ()`). Anything that is not a
 * class gives undefined.
 *
 * @example
 * ```ts
 * getOrganMetadata(SendReceipt); // { name: 'SendReceipt', group: 'SendReceipt', idempotent: false, middleware: [] }
 * getOrganMetadata(Date);        // undefined
 * ```
 */
export function getOrganMetadata(target: unknown): OrganMetadata | undefined {
  if (typeof target !== 'function') return undefined;
  return Reflect.getOwnMetadata(ORGAN_KEY, target) as OrganMetadata | undefined;
}

/**
 * True when `target` is a class decorated with `@Organ()`: the predicate a framework integration
 * (such as `@necrostack/nestjs`) uses to find organs among its own providers.
 *
 * @example
 * ```ts
 * const organs = providers.filter((instance) => isOrgan(instance.constructor));
 * ```
 */
export function isOrgan(target: unknown): target is ClassType {
  return getOrganMetadata(target) !== undefined;
}

export function addListenerMetadata(target: ClassType, listener: ListenerMetadata): void {
  const existing = getListenerMetadata(target);
  Reflect.defineMetadata(LISTENERS_KEY, [...existing, listener], target);
}

export function getListenerMetadata(target: object): readonly ListenerMetadata[] {
  return (Reflect.getOwnMetadata(LISTENERS_KEY, target) as ListenerMetadata[] | undefined) ?? [];
}

/**
 * Whether the compiler recorded the types of the class's constructor parameters
 * (`design:paramtypes`, emitted with `emitDecoratorMetadata`; tsx and esbuild never emit it).
 */
export function hasConstructorParamTypes(target: ClassType): boolean {
  return Reflect.getMetadata('design:paramtypes', target) !== undefined;
}

/** Every class decorated with `@Organ()` in the modules loaded so far, in load order. */
export function discoveredOrganClasses(): readonly ClassType[] {
  return [...registry()];
}
