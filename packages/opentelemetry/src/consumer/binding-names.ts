import type { Attributes } from '@opentelemetry/api';
import type { HandlerContext } from '@necrostack/core';
import { ATTR, MESSAGING_SYSTEM, OPERATION } from '../semconv';

/** What every span of one organ binding shares: its name and the attributes known before the event. */
export interface BindingNames {
  readonly spanName: string;
  /** Frozen: copied into every span at its start (so samplers see them), and given to the metrics. */
  readonly attributes: Attributes;
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
    const attributes = Object.freeze({
      [ATTR.MESSAGING_SYSTEM]: MESSAGING_SYSTEM,
      [ATTR.MESSAGING_OPERATION_TYPE]: OPERATION.PROCESS.type,
      [ATTR.MESSAGING_OPERATION_NAME]: OPERATION.PROCESS.name,
      [ATTR.MESSAGING_DESTINATION_NAME]: this.destination ?? eventType,
      [ATTR.MESSAGING_CONSUMER_GROUP_NAME]: group,
      [ATTR.ORGAN]: organ,
      [ATTR.EVENT_TYPE]: eventType,
    });
    this.names = Object.freeze({ spanName: `${OPERATION.PROCESS.name} ${eventType}`, attributes });
    return this.names;
  }
}
