import { Event, ListensTo, Organ, Spine, type SpineSettings } from '@necrostack/core';
import { InMemoryBackend } from '@necrostack/backend-memory';
import { plainToInstance } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsNumber, IsString, Length, Min, validateSync } from 'class-validator';
import { quietLogger } from '../lib/quiet-logger';

/** A realistic order DTO: six properties, eight constraints. */
export class OrderDto {
  @IsString() @Length(1, 64) orderId!: string;
  @IsString() @Length(1, 8) symbol!: string;
  @IsIn(['BUY', 'SELL']) side!: string;
  @IsInt() @Min(1) quantity!: number;
  @IsNumber() @Min(0) price!: number;
  @IsEmail() trader!: string;
}

function order(i: number) {
  return { orderId: `o-${i}`, symbol: 'AAPL', side: i % 2 ? 'BUY' : 'SELL', quantity: 1 + (i % 100), price: 150 + (i % 10), trader: `t${i % 50}@example.com` };
}

@Organ({ name: 'ValidateOrder' })
@ListensTo('ORDER_PLACED', { payload: OrderDto })
class ValidateOrder {
  count = 0;
  handle(event: Event<OrderDto>): void {
    if (event.payload.quantity > 0) this.count++;
  }
}

/** One organ with the DTO, fed by a producer: events/s through validation and the handler. */
export async function dtoOrgan(inputs: number, settings: SpineSettings = {}): Promise<number> {
  const organ = new ValidateOrder();
  const backend = new InMemoryBackend();
  const spine = new Spine({ organs: [organ], backend, logger: quietLogger(), maxSteps: inputs * 2, ...settings });
  const events = Array.from({ length: inputs }, (_, i) => new Event('ORDER_PLACED', order(i)));
  const started = process.hrtime.bigint();
  await backend.enqueue(events);
  await spine.run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (organ.count !== inputs) throw new Error(`ValidateOrder saw ${organ.count} of ${inputs}`);
  await backend.close();
  return inputs / seconds;
}

/** The least any validating consumer does: plainToInstance + validateSync on the same payloads. */
export async function bareValidation(inputs: number): Promise<number> {
  const payloads = Array.from({ length: inputs }, (_, i) => Object.freeze(order(i)));
  const started = process.hrtime.bigint();
  for (const payload of payloads) {
    if (validateSync(plainToInstance(OrderDto, payload)).length > 0) throw new Error('invalid order');
  }
  return inputs / (Number(process.hrtime.bigint() - started) / 1e9);
}
