// What the bad-input specs of the core codec (test/bad-input.spec.ts) and of the Redis stream
// (backend-redis/test/bad-input.int.spec.ts) both feed and check.
import { randomUUID } from 'node:crypto';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { Event, ListensTo, Organ } from '../src';

/** The wire JSON of an event with a valid id and timestamp; `payloadJson` is written as given. */
export function wire(eventType: string, payloadJson: string): string {
  return `{"id":"${randomUUID()}","timestamp":"2024-05-01T12:00:00Z","event_type":${JSON.stringify(eventType)},"payload":${payloadJson}}`;
}

/** What the built-in prototypes hold, to prove nothing was added to them. */
export function prototypeShape(): string[] {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((proto) => Object.getOwnPropertyNames(proto).sort().join(','));
}

/** Records every PROBE event it is given, payload included. */
@Organ()
@ListensTo('PROBE')
export class Probe {
  readonly received: Event[] = [];
  handle(event: Event) {
    this.received.push(event);
  }
}

class MetaDto {
  @IsString() source!: string;
}

/** The DTO of {@link StrictProbe}: a name, and an optional nested DTO. */
export class ProbeDto {
  @IsString() name!: string;
  @IsOptional() @ValidateNested() @Type(() => MetaDto) meta?: MetaDto;
}

/** The same type, validated by a DTO with a nested DTO: class-transformer builds its instances. */
@Organ()
@ListensTo('PROBE', { payload: ProbeDto })
export class StrictProbe {
  readonly received: ProbeDto[] = [];
  handle(event: Event<ProbeDto>) {
    this.received.push(event.payload);
  }
}
