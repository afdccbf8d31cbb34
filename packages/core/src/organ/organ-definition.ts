import { OrganDefinitionError } from '../errors';
import type { Handler, HandlerMiddleware } from '../middleware/handler';
import { getListenerMetadata, getOrganMetadata, type ClassType } from './metadata';

/** One organ's handler for one event type: the method, called with `(event, context)`. */
export interface HandlerBinding {
  readonly organ: string;
  readonly group: string;
  readonly eventType: string;
  readonly method: string;
  readonly payload: ClassType | undefined;
  readonly invoke: Handler;
}

/** An organ instance with everything its decorators said, checked. */
export interface OrganDefinition {
  readonly name: string;
  readonly group: string;
  readonly idempotent: boolean;
  readonly middleware: readonly HandlerMiddleware[];
  readonly instance: object;
  readonly handlers: readonly HandlerBinding[];
}

/** Reads and checks the decorators of an organ instance. */
export function defineOrgan(instance: object): OrganDefinition {
  const cls = instance.constructor as ClassType;
  const organ = getOrganMetadata(cls);
  if (!organ) {
    throw new OrganDefinitionError(cls.name || '(anonymous class)', 'is not decorated with @Organ()',
      'Add @Organ() to the class (and @ListensTo(...) to it or to its handler methods).');
  }
  const listeners = listenersOf(cls);
  if (listeners.length === 0) {
    throw new OrganDefinitionError(organ.name, 'has no handler',
      'Put @ListensTo("EVENT_TYPE") on the class (with a handle(event) method) or on a method.');
  }
  const handlers: HandlerBinding[] = [];
  const seen = new Map<string, string>();
  for (const listener of listeners) {
    const method = String(listener.method);
    const fn = (instance as Record<string | symbol, unknown>)[listener.method];
    if (typeof fn !== 'function') {
      throw new OrganDefinitionError(organ.name, `@ListensTo(${listener.eventTypes.join(', ')}) needs a ${method}(event) method`,
        listener.onClass ? 'Add a handle(event) method, or put @ListensTo on the method that handles the event.' : undefined);
    }
    for (const eventType of listener.eventTypes) {
      const previous = seen.get(eventType);
      if (previous === method) continue; // redeclared by a subclass
      if (previous !== undefined) {
        throw new OrganDefinitionError(organ.name, `has two handlers for ${eventType} (${previous} and ${method})`);
      }
      seen.set(eventType, method);
      handlers.push({ organ: organ.name, group: organ.group, eventType, method, payload: listener.payload, invoke: fn.bind(instance) as Handler });
    }
  }
  return { name: organ.name, group: organ.group, idempotent: organ.idempotent, middleware: organ.middleware ?? [], instance, handlers };
}

/** Listeners of the class and of its ancestors (a subclass inherits its parent's handlers). */
function listenersOf(cls: ClassType) {
  const all = [];
  for (let c: object | null = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    all.push(...getListenerMetadata(c));
  }
  return all;
}

/** Checks a set of organs together: names must be unique. */
export function checkOrganSet(organs: readonly OrganDefinition[]): void {
  const names = new Set<string>();
  for (const organ of organs) {
    if (names.has(organ.name)) {
      throw new OrganDefinitionError(organ.name, 'is defined twice; organ names name consumer groups and must be unique',
        'Rename one class or pass @Organ({ name: "…" }) with a distinct name.');
    }
    names.add(organ.name);
  }
}
