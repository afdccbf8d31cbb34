// Every error is a NecroStackError with a stable, unique code and its class name.
import * as core from '../src';
import { NecroStackError } from '../src';

const samples: NecroStackError[] = [
  new core.EventValidationError('id', 'must be a UUID'),
  new core.PayloadValidationError('T', 'Dto', [{ property: 'a', constraints: { isInt: 'a must be an integer' } }]),
  new core.EnqueueError('failed', ['id']),
  new core.BackendUnavailableError('down'),
  new core.BackendFullError(10, 2),
  new core.HandlerTimeoutError('Organ', 5),
  new core.MaxStepsExceededError(3),
  new core.OrganDefinitionError('Organ', 'is wrong'),
  new core.ConfigurationError('option', 'is wrong'),
  new core.HandlerResultError('Organ', 'a string'),
  new core.EventLoopError(101, 100),
  new core.MalformedEntryError('bad'),
  new core.DeliveryExhaustedError(3),
  new core.ClosedError('Thing'),
  new core.SagaConflictError('OrderSaga', 'A-1', 11),
  new core.SagaCorrelationError('OrderSaga', 'PAYMENT_PROCESSED', 'payload.order_id is undefined'),
];

describe('errors', () => {
  it.each(samples.map((e) => [e.name, e] as const))('%s is a NecroStackError named after its class, with a NECRO_ code', (name, error) => {
    expect(error).toBeInstanceOf(NecroStackError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.constructor.name).toBe(name);
    expect(error.code).toMatch(/^NECRO_[A-Z_]+$/);
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.stack).toContain(name);
  });

  it('gives each error class its own code', () => {
    const codes = samples.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('exports every error class it samples here', () => {
    const exported = Object.entries(core)
      .filter(([, value]) => typeof value === 'function' && (value === NecroStackError || value.prototype instanceof NecroStackError))
      .map(([name]) => name)
      .sort();
    expect(exported).toEqual(['NecroStackError', ...samples.map((e) => e.name)].sort());
  });

  it("marks an EnqueueError 'failed' unless the backend says its outcome is 'unknown'", () => {
    expect(new core.EnqueueError('refused', ['id']).outcome).toBe('failed');
    expect(new core.EnqueueError('no reply', ['id'], { outcome: 'unknown' }).outcome).toBe('unknown');
  });

  it('chains the cause and keeps the help', () => {
    const cause = new Error('root');
    const error = new core.BackendUnavailableError('down', { cause, help: 'start it' });
    expect(error.cause).toBe(cause);
    expect(error.help).toBe('start it');
  });
});
