import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigurationError, SagaConflictError, SagaCorrelationError } from '../errors';
import type { Event } from '../event/event';
import { checkResult } from '../middleware/result-check.middleware';
import type { HandlerContext, HandlerResult } from '../middleware/handler';
import { appliedResult, nextDocument, parseDocument, type SagaDocument } from './saga-document';
import { SagaInstance } from './saga-instance';
import type { SagaCorrelation, SagaStepMethod } from './saga-metadata';
import { currentSagaRuntime, type SagaRuntime } from './saga-runtime';

/** A step, as the saga decorator binds it. */
export interface BoundStep {
  readonly saga: string;
  readonly starts: boolean;
  readonly correlate: SagaCorrelation;
  readonly initialState: () => object;
  readonly method: SagaStepMethod;
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
    const key = correlationKey(step, event);
    for (let tries = 1; ; tries++) {
      const done = await tryStep(this, step, runtime, key, event, context);
      if (done.saved) return done.result;
      if (tries > runtime.maxConflictRetries) throw new SagaConflictError(step.saga, key, tries);
      await sleep(Math.random() * Math.min(50, 2 ** tries), undefined, { signal: context.signal });
    }
  };
}

async function tryStep(
  organ: object, step: BoundStep, runtime: SagaRuntime, key: string, event: Event, context: HandlerContext,
): Promise<{ saved: boolean; result?: HandlerResult }> {
  const id = `${step.saga}\u0000${key}`;
  const stored = runtime.cache.get(id) ?? (await runtime.store.load(step.saga, key));
  const doc: SagaDocument | undefined = stored ? parseDocument(stored.data, step.saga, key) : undefined;
  const replayed = appliedResult(doc, event.id);
  if (replayed) return { saved: true, result: replayed };
  if (doc?.completed_at !== undefined || (!doc && !step.starts)) {
    const why = doc ? 'the instance has completed' : 'no instance exists and this event does not start one';
    context.logger[doc ? 'debug' : 'warn']('Saga event ignored', { saga: step.saga, key, event_id: event.id, event_type: event.eventType, reason: why });
    return { saved: true };
  }
  const state = doc ? doc.state : step.initialState();
  const instance = new SagaInstance(key, state, !doc);
  const result = checkResult(await step.method.call(organ, event, instance, context), context.organ);
  const events = result === undefined || result === null ? [] : Array.isArray(result) ? result : [result as Event];
  const next = nextDocument(doc, instance.state, event.id, events, instance.completed);
  const ttl = instance.completed ? runtime.completedRetentionMs : undefined;
  const data = JSON.stringify(next);
  const version = stored?.version ?? 0;
  const saved = await runtime.store.save(step.saga, key, version, data, ttl);
  if (saved && !instance.completed) runtime.cache.set(id, { version: version + 1, data });
  else runtime.cache.delete(id);
  return { saved, result };
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
