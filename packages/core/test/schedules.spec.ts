// Recurring schedules: the option's checks, the tick events, and the Spine's refusal of schedules
// on a backend that cannot claim ticks.
import { InMemoryBackend } from '@necrostack/backend-memory';
import { IsString } from 'class-validator';
import { ConfigurationError, Event, ListensTo, Organ, PayloadValidationError, Spine, silentLogger, type Backend, type Schedule } from '../src';
import { resolveSchedules, tickEvent } from '../src/schedule/schedule';
import { Scheduler } from '../src/schedule/scheduler';
import { thrown } from './helpers';

class ReportDto {
  @IsString() format!: string;
}

@Organ({ name: 'Reports' })
@ListensTo('REPORT_DUE', { payload: ReportDto })
class Reports {
  handle(): void {}
}

describe('schedules', () => {
  it('reads every as ms or as a number with a unit', () => {
    const periods = ['500ms', '30s', '5m', '1.5h', '1d', 250].map((every) => resolveSchedules([{ name: 'r', every, eventType: 'T' }])[0]?.tickAfter(0));
    expect(periods).toEqual([500, 30_000, 300_000, 5_400_000, 86_400_000, 250]);
  });

  it('rejects a bad period, a missing or repeated name and a bad event type, naming the schedule', () => {
    const cases: [unknown, RegExp][] = [
      [[{ name: 'r', every: '5 minutes', eventType: 'T' }], /schedule r: every must be/],
      [[{ name: 'r', every: 5, eventType: 'T' }], /≥ 10/],
      [[{ name: '', every: '1s', eventType: 'T' }], /non-empty name/],
      [[{ name: 'r', every: '1s', eventType: 'T' }, { name: 'r', every: '2s', eventType: 'T' }], /two schedules are named r/],
      [{ name: 'r' }, /must be an array/],
      [[{ name: 'r', eventType: 'T' }], /schedule r: give either every \(a period\) or cron \(an expression\), not neither/],
      [[{ name: 'r', every: '1s', cron: '* * * * *', eventType: 'T' }], /not both/],
      [[{ name: 'r', cron: '61 * * * *', eventType: 'T' }], /schedule r: cron minute field "61" is invalid/],
      [[{ name: 'r', cron: 5, eventType: 'T' }], /schedule r: cron must be a string/],
      [[{ name: 'r', cron: '0 0 31 2 *', eventType: 'T' }], /schedule r: cron "0 0 31 2 \*" never matches a date/],
    ];
    for (const [schedules, message] of cases) {
      const error = thrown(() => resolveSchedules(schedules as Schedule[]));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(message);
    }
    expect(() => resolveSchedules([{ name: 'r', every: '1s', eventType: ' ' }])).toThrow(/eventType/);
  });

  it('aligns ticks on the epoch and gives every worker the same event for a tick', () => {
    const [schedule] = resolveSchedules([{ name: 'report', every: '1m', eventType: 'REPORT_DUE', payload: { format: 'pdf' } }]);
    expect(schedule!.tickAtOrBefore(Date.parse('2030-01-01T09:00:59.999Z'))).toBe(Date.parse('2030-01-01T09:00:00.000Z'));
    const tick = Date.parse('2030-01-01T09:00:00Z');
    const [a, b] = [tickEvent(schedule!, tick), tickEvent(schedule!, tick)];
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(tickEvent(schedule!, tick + 60_000).id).not.toBe(a.id);
    expect([a.timestamp.toISOString(), a.eventType, a.payload]).toEqual(['2030-01-01T09:00:00.000Z', 'REPORT_DUE', { format: 'pdf' }]);
  });

  it('is refused when the Spine is built on a backend without claimTick', () => {
    const inner = new InMemoryBackend();
    const backend: Backend = {
      enqueue: (events) => inner.enqueue(events), subscribe: (s) => inner.subscribe(s), pull: (max, waitMs) => inner.pull(max, waitMs),
      settle: (s) => inner.settle(s), close: () => inner.close(), deadLetters: inner.deadLetters, maxDeliveries: inner.maxDeliveries,
    };
    const schedules = [{ name: 'report', every: '1h', eventType: 'REPORT_DUE', payload: { format: 'pdf' } }];
    const error = thrown(() => new Spine({ organs: [new Reports()], backend, logger: silentLogger, schedules }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe('Invalid option schedules: schedule report needs a backend that claims ticks (claimTick), which the backend cannot');
  });

  it('checks the payload against the DTO of the listeners when the Spine is built', () => {
    const schedules = [{ name: 'report', every: '1h', eventType: 'REPORT_DUE', payload: { format: 1 } }];
    expect(() => new Spine({ organs: [new Reports()], backend: new InMemoryBackend(), logger: silentLogger, schedules })).toThrow(PayloadValidationError);
  });

  it('publishes nothing in run(): only a Spine running forever publishes ticks', async () => {
    const backend = new InMemoryBackend();
    const spine = new Spine({ organs: [new Reports()], backend, logger: silentLogger, schedules: [{ name: 'r', every: 10, eventType: 'REPORT_DUE', payload: { format: 'pdf' } }] });
    const stats = await spine.run(new Event('REPORT_DUE', { format: 'csv' }));
    expect(stats.eventsProcessed).toBe(1);
    expect(backend.size).toBe(0);
  });

  it('ticks a cron schedule at its matching minutes, in UTC', () => {
    const [schedule] = resolveSchedules([{ name: 'weekdays', cron: '0 9 * * MON-FRI', eventType: 'REPORT_DUE', payload: { format: 'pdf' } }]);
    const friday = Date.parse('2030-01-04T09:00:00Z');
    expect(schedule!.tickAtOrBefore(Date.parse('2030-01-06T12:00:00Z'))).toBe(friday);
    expect(new Date(schedule!.tickAfter(friday)).toISOString()).toBe('2030-01-07T09:00:00.000Z');
  });

  describe('the scheduler', () => {
    beforeEach(() => jest.useFakeTimers({ now: Date.parse('2030-01-04T08:59:30Z') }));
    afterEach(() => jest.useRealTimers());

    it('claims the latest missed cron tick at start, then each tick when its time comes', async () => {
      const claims: string[] = [];
      const backend = { claimTick: async (name: string, tickAt: number) => (claims.push(`${name} ${new Date(tickAt).toISOString()}`), true) };
      const schedules = resolveSchedules([{ name: 'weekdays', cron: '0 9 * * MON-FRI', eventType: 'REPORT_DUE' }]);
      const scheduler = new Scheduler(schedules, backend as unknown as Backend, silentLogger);
      scheduler.start();
      await jest.advanceTimersByTimeAsync(0);
      expect(claims).toEqual(['weekdays 2030-01-03T09:00:00.000Z']);
      await jest.advanceTimersByTimeAsync(29_000);
      expect(claims).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(claims).toEqual(['weekdays 2030-01-03T09:00:00.000Z', 'weekdays 2030-01-04T09:00:00.000Z']);
      // Friday 09:00 to Monday 09:00: nothing at the weekend.
      await jest.advanceTimersByTimeAsync(3 * 86_400_000 - 1);
      expect(claims).toHaveLength(2);
      await jest.advanceTimersByTimeAsync(1);
      expect(claims[2]).toBe('weekdays 2030-01-07T09:00:00.000Z');
      scheduler.stop();
    });
  });
});
