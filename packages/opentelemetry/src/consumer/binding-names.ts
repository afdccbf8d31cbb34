import type { Attributes } from '@opentelemetry/api';
import type { HandlerContext } from '@necrostack/core';
import { MESSAGING_SYSTEM, OPERATION } from '../semconv';

/** What every span of one organ binding shares: its name and the attributes known before the event. */
export interface BindingNames {
  readonly spanName: string;
  /**
   * A fresh object each call (the SDK merges its sampler's attributes into the one a span starts
   * with): given to every span at its start, so samplers see them, and to the metrics.
   */
  attributes(): Attributes;
}

/**
 * The {@link BindingNames} of the calls of one composed handler, made once. A composed handler
 * serves one organ, group and event type; they are still compared on each call, so a context
 * that says otherwise gets names of its own.
 */
export class BindingNamesCache {
  private names: BindingNames | undefined;
  private organ = '';
  private group = '';
  private eventType = '';

  constructor(private readonly destination: string | undefined) {}

  of(context: HandlerContext): BindingNames {
    const { organ, group, eventType } = context;
    if (this.names !== undefined && organ === this.organ && group === this.group && eventType === this.eventType) return this.names;
    this.organ = organ;
    this.group = group;
    this.eventType = eventType;
    const destination = this.destination ?? eventType;
    // An object literal with its keys written out is built from a boilerplate: far cheaper than a copy.
    this.names = {
      spanName: `${OPERATION.PROCESS.name} ${eventType}`,
      attributes: () => ({
        'messaging.system': MESSAGING_SYSTEM,
        'messaging.operation.type': OPERATION.PROCESS.type,
        'messaging.operation.name': OPERATION.PROCESS.name,
        'messaging.destination.name': destination,
        'messaging.consumer.group.name': group,
        'necrostack.organ': organ,
        'necrostack.event_type': eventType,
      }),
    };
    return this.names;
  }
}
