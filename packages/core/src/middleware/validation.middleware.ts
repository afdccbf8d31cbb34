import { Event } from '../event/event';
import type { ClassType } from '../organ/metadata';
import { validatePayload, type ValidatePayloadOptions } from '../validation/payload-validator';
import type { HandlerMiddleware } from './handler';
import { recordOf } from './handler-call';

/**
 * Validates the payload against the organ's DTO and hands the handler the event with the DTO
 * instance as payload. An invalid payload never reaches the handler: the call fails with
 * `PayloadValidationError`, marked so the failure policy dead-letters it whatever the mode.
 */
export function validation(dto: ClassType, options: ValidatePayloadOptions = {}): HandlerMiddleware {
  return (next) => (event, context) => {
    let view: Event;
    try {
      // The handler reads the DTO instance from `payload`; the event stays the same event.
      view = Event.withPayload(event, validatePayload(dto, event.payload, event.eventType, options)) as unknown as Event;
    } catch (error) {
      const record = recordOf(context);
      if (record) record.invalidPayload = true;
      throw error;
    }
    return next(view, context);
  };
}
