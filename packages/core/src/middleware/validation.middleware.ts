import { Event } from '../event/event';
import type { ClassType } from '../organ/metadata';
import { validatePayload, type ValidatePayloadOptions } from '../validation/payload-validator';
import type { HandlerContext, HandlerMiddleware } from './handler';
import { recordOf } from './handler-call';

/**
 * The built-in validation of a DTO organ's payloads, as a middleware: the handler gets the event
 * with the DTO instance as payload (see {@link validatedView}).
 */
export function validating(view: (event: Event, context: HandlerContext) => Event): HandlerMiddleware {
  return (next) => (event, context) => next(view(event, context), context);
}

/**
 * Validates the payload against the organ's DTO and returns the event with the DTO instance as
 * payload. An invalid payload never reaches the handler: the call fails with
 * `PayloadValidationError`, marked so the failure policy dead-letters it whatever the mode.
 * @throws PayloadValidationError, the call marked as an invalid payload.
 */
export function validatedView(dto: ClassType, options: ValidatePayloadOptions): (event: Event, context: HandlerContext) => Event {
  return (event, context) => {
    try {
      // The handler reads the DTO instance from `payload`; the event stays the same event.
      return Event.withPayload(event, validatePayload(dto, event.payload, event.eventType, options)) as unknown as Event;
    } catch (error) {
      const record = recordOf(context);
      if (record) record.invalidPayload = true;
      throw error;
    }
  };
}
