// The Spine's compiledValidation option: on (the default) or off, organs see the same DTO
// instances and the same PayloadValidationErrors, at publish and before the handler.
import { InMemoryBackend } from '@necrostack/backend-memory';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { ConfigurationError, Event, ListensTo, Organ, PayloadValidationError, Spine, silentLogger, validatePayload } from '../src';
import { CompiledValidator } from '../src/validation/compiled/compiled-validator';
import { waitFor } from './helpers';

class ItemDto {
  @IsString() sku!: string;
  @IsInt() @Min(1) qty!: number;
}

class BasketDto {
  @IsString() owner!: string;
  @ValidateNested({ each: true }) @Type(() => ItemDto) items!: ItemDto[];

  get count(): number {
    return this.items.reduce((sum, item) => sum + item.qty, 0);
  }
}

@Organ()
@ListensTo('BASKET', { payload: BasketDto })
class Checkout {
  readonly seen: BasketDto[] = [];
  handle(event: Event<BasketDto>) {
    this.seen.push(event.payload);
  }
}

const valid = { owner: 'ann', items: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 1 }] };
const invalid = { owner: 7, items: [{ sku: 'a', qty: 0 }] };

function setup(compiledValidation?: boolean) {
  const checkout = new Checkout();
  const backend = new InMemoryBackend();
  const spine = new Spine({ organs: [checkout], backend, logger: silentLogger, ...(compiledValidation === undefined ? {} : { compiledValidation }) });
  return { checkout, backend, spine };
}

async function publishError(spine: Spine, payload: object): Promise<PayloadValidationError> {
  const error: unknown = await spine.publish(new Event('BASKET', payload)).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PayloadValidationError);
  return error as PayloadValidationError;
}

describe('the compiledValidation option', () => {
  it('compiles a DTO of built-in constraints and nested DTOs', () => {
    expect(new CompiledValidator().prepare(BasketDto)).toBe(true);
  });

  it.each([[undefined], [true], [false]])('with %s, hands the handler a frozen DTO instance', async (compiledValidation) => {
    const { checkout, spine } = setup(compiledValidation);
    await spine.run(new Event('BASKET', valid));
    const [basket] = checkout.seen;
    expect(basket).toBeInstanceOf(BasketDto);
    expect(basket.items[0]).toBeInstanceOf(ItemDto);
    expect(basket.count).toBe(3);
    expect(Object.isFrozen(basket.items[1])).toBe(true);
  });

  it('rejects at publish with the same error either way', async () => {
    const on = await publishError(setup(true).spine, invalid);
    const off = await publishError(setup(false).spine, invalid);
    expect(on.violations).toEqual(off.violations);
    expect(on.message).toBe(off.message);
    expect(on.violations.map((v) => v.property)).toEqual(['owner', 'items.0.qty']);
  });

  it('dead-letters an invalid delivery with the same error either way', async () => {
    const reasons: string[] = [];
    for (const compiledValidation of [true, false]) {
      const { backend, spine, checkout } = setup(compiledValidation);
      await backend.enqueue(new Event('BASKET', invalid));
      await spine.run();
      await waitFor(() => backend.deadLetters.size === 1, 'a dead letter');
      const [letter] = await spine.failedEventStore.getAll();
      expect(checkout.seen).toHaveLength(0);
      reasons.push(letter.error.message);
    }
    expect(reasons[0]).toBe(reasons[1]);
  });

  it('gives validatePayload the same switch', () => {
    const on = validatePayload(BasketDto, valid, 'BASKET');
    const off = validatePayload(BasketDto, valid, 'BASKET', { compiled: false });
    expect(on).toEqual(off);
    expect(Object.getPrototypeOf(on)).toBe(Object.getPrototypeOf(off));
  });

  it('must be a boolean', () => {
    expect(() => setup('yes' as unknown as boolean)).toThrow(ConfigurationError);
    expect(() => setup('yes' as unknown as boolean)).toThrow(/compiledValidation/);
  });
});
