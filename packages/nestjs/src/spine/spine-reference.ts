import { Spine } from '@necrostack/core';

// The members a Spine has on its prototype: methods and getters (publish, run, failedEventStore…).
const SPINE_MEMBERS = new Set<string | symbol>(Reflect.ownKeys(Spine.prototype).filter((key) => key !== 'constructor'));

/**
 * The `Spine` Nest injects. Nest builds providers concurrently, so the Spine, which needs every
 * organ instance, can only be built once they all exist (onModuleInit), after the classes that
 * inject it were built. This stands in for it from the start: an instance of `Spine` whose members
 * are those of the Spine `current()` returns (methods bound to it). `current()` throws while there
 * is none.
 */
export function spineReference(current: () => Spine): Spine {
  const methods = new Map<string | symbol, unknown>();
  return new Proxy(Object.create(Spine.prototype) as Spine, {
    get(target, key) {
      if (!SPINE_MEMBERS.has(key)) return Reflect.get(target, key);
      if (methods.has(key)) return methods.get(key);
      const spine = current();
      const value: unknown = Reflect.get(spine, key, spine);
      if (typeof value !== 'function') return value;
      const method = value.bind(spine);
      methods.set(key, method);
      return method;
    },
    // So that replacing a method (jest.spyOn) replaces it on the Spine itself.
    set(target, key, value) {
      if (!SPINE_MEMBERS.has(key)) return Reflect.set(target, key, value);
      methods.delete(key);
      return Reflect.set(current(), key, value);
    },
  });
}
