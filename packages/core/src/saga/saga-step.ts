import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigurationError, OrganDefinitionError, SagaConflictError, SagaCorrelationError } from '../errors';
import type { Event } from '../event/event';
import { checkResult } from '../middleware/handler-result';
import type { HandlerContext, HandlerResult } from '../middleware/handler';
import { appliedResult, nextDocument, parseDocument, type SagaDocument } from './saga-document';
import { SagaInstance } from './saga-instance';
import type { SagaCorrelation, SagaStepMethod } from './saga-metadata';
import { currentSagaRuntime, type SagaRuntime } from './saga-runtime';
import { settleTimeouts, timeoutOf } from './saga-timeouts';

/** A step, as the saga decorator binds it. */
export interface BoundStep {
  readonly saga: string;
  readonly starts: boolean;
  readonly correlate: SagaCorrelation;
  readonly initialState: () => object;
  readonly method: SagaStepMethod;
  /** Every event type the saga's steps handle (what its timeouts may be). */
  readonly handledTypes: ReadonlySet<string>;
}

/** One delivery to a step: the event, the instance it belongs to, and the timeout it is, if it is one. */
interface StepCall {
  readonly event: Event;
  readonly key: string;
  readonly timeout: string | undefined;
  readonly context: HandlerContext;
}

/**
 * The organ handler of one saga step: loads the instance for the event's key, runs the step, and
 * saves the instance if no other write came in between — else loads it again and redoes the step
 * (`maxConflictRetries`). An event the instance already applied (a redelivery) is not applied
 * again: the events its step returned then are returned again, with their ids.
 */
export function stepHandler(step: BoundStep): (this: object, event: Event, context: HandlerContext) => Promise<HandlerResult> {
  return async function handleStep(event, context) {
    const runtime = currentSagaRuntime();
    if (!runtime) {
      throw new ConfigurationError('middleware', `${step.saga} is a saga, but the Spine runs it without the sagas({ store }) middleware`, {
        help: 'new Spine({ …, middleware: [sagas({ store: backend.sagas })] }) (or new InMemorySagaStore()).',
      });
    }
    const timeout = timeoutOf(event, step.saga);
    const call: StepCall = { event, key: timeout?.key ?? correlationKey(step, event), timeout: timeout?.name, context };
    for (let tries = 1; ; tries++) {
      const done = await tryStep(this, step, runtime, call);
      if (done.saved) return done.result;
      if (tries > runtime.maxConflictRetries) throw new SagaConflictError(step.saga, call.key, tries);
      await sleep(Math.random() * Math.min(50, 2 ** tries), undefined, { signal: context.signal });
    }
  };
}

async function tryStep(organ: object, step: BoundStep, runtime: SagaRuntime, call: StepCall): Promise<{ saved: boolean; result?: HandlerResult }> {
  const { event, key, context } = call;
  const id = `${step.saga}\u0000${key}`;
  const stored = runtime.cache.get(id) ?? (await runtime.store.load(step.saga, key));
  const doc: SagaDocument | undefined = stored ? parseDocument(stored.data, step.saga, key) : undefined;
  const replayed = appliedResult(doc, event.id);
  if (replayed) return { saved: true, result: replayed };
  const ignored = whyIgnored(step, doc, call);
  if (ignored) {
    context.logger[ignored.level]('Saga event ignored', { saga: step.saga, key, event_id: event.id, event_type: event.eventType, reason: ignored.reason });
    return { saved: true };
  }
  const instance = new SagaInstance(key, doc ? doc.state : step.initialState(), !doc, step.saga, step.handledTypes);
  const result = checkResult(await step.method.call(organ, event, instance, context), context.organ);
  if (typeof instance.state !== 'object' || instance.state === null || Array.isArray(instance.state)) {
    throw new OrganDefinitionError(step.saga, `a ${event.eventType} step set saga.state to ${instance.state === null ? 'null' : Array.isArray(instance.state) ? 'an array' : typeof instance.state}`,
      'The state of a saga instance is a plain object: change its properties, or assign another object.');
  }
  const returned = result === undefined || result === null ? [] : Array.isArray(result) ? result : [result as Event];
  const { timeouts, scheduled } = settleTimeouts(doc?.timeouts, instance, call.timeout, step.saga);
  const events = scheduled.length === 0 ? returned : [...returned, ...scheduled];
  const data = JSON.stringify(nextDocument(doc, { state: instance.state, eventId: event.id, events, timeouts, completed: instance.completed }));
  const version = stored?.version ?? 0;
  const saved = await runtime.store.save(step.saga, key, version, data, instance.completed ? runtime.completedRetentionMs : undefined);
  if (saved && !instance.completed) runtime.cache.set(id, { version: version + 1, data });
  else runtime.cache.delete(id);
  return { saved, result: scheduled.length === 0 ? result : events };
}

/** Why the step does not run for this event, if it does not. */
function whyIgnored(step: BoundStep, doc: SagaDocument | undefined, call: StepCall): { level: 'debug' | 'warn'; reason: string } | undefined {
  if (doc?.completed_at !== undefined) return { level: 'debug', reason: 'the instance has completed' };
  if (call.timeout !== undefined) {
    if (doc?.timeouts?.[call.timeout] !== call.event.id) return { level: 'debug', reason: `the timeout ${call.timeout} was cancelled or replaced` };
    return undefined;
  }
  if (!doc && !step.starts) return { level: 'warn', reason: 'no instance exists and this event does not start one' };
  return undefined;
}

function correlationKey(step: BoundStep, event: Event): string {
  const { correlate } = step;
  let key: unknown;
  if (typeof correlate === 'function') {
    key = correlate(event);
  } else {
    key = (event.payload as Record<string, unknown>)[correlate];
    if (typeof key === 'number' && Number.isFinite(key)) key = String(key);
  }
  if (typeof key !== 'string') {
    const source = typeof correlate === 'function' ? 'the correlate function returned' : `payload.${correlate} is`;
    throw new SagaCorrelationError(step.saga, event.eventType, `${source} ${key === undefined ? 'undefined' : typeof key}`);
  }
  if (key.length === 0 || key.length > 512) {
    throw new SagaCorrelationError(step.saga, event.eventType, `the key must be 1 to 512 characters, got ${key.length}`);
  }
  return key;
}
