// Cron expressions: parsing, its errors, and the next/previous match, checked against a minute-by-
// minute scan with an independent matcher.
import fc from 'fast-check';
import { nextCronTime, parseCron, previousCronTime } from '../src/schedule/cron';

const at = (iso: string) => Date.parse(iso);
const iso = (time: number | undefined) => (time === undefined ? undefined : new Date(time).toISOString());

describe('cron expressions', () => {
  it('reads numbers, ranges, steps, lists, names and macros', () => {
    const cron = parseCron('*/15 9-17/4 1,15 JAN-mar mon-FRI');
    expect([...cron.minutes]).toEqual([0, 15, 30, 45]);
    expect([...cron.hours]).toEqual([9, 13, 17]);
    expect([...cron.daysOfMonth]).toEqual([1, 15]);
    expect([...cron.months]).toEqual([1, 2, 3]);
    expect([...cron.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
    expect([...parseCron('5/20 * * * 7').minutes]).toEqual([5, 25, 45]);
    expect([...parseCron('0 0 * * 7').daysOfWeek]).toEqual([0]);
    expect(parseCron('@daily')).toMatchObject({ minutes: new Set([0]), hours: new Set([0]), daysOfMonthRestricted: false });
    expect(parseCron('@weekly').daysOfWeek).toEqual(new Set([0]));
  });

  it('names the field and the rule that a bad expression breaks', () => {
    const cases: [string, RegExp][] = [
      ['* * * *', /5 fields/],
      ['60 * * * *', /minute field "60" is invalid: values run from 0 to 59/],
      ['* 24 * * *', /hour field "24"/],
      ['* * 0 * *', /day of month field "0"/],
      ['* * * 13 *', /month field "13"/],
      ['* * * * 8', /day of week field "8"/],
      ['*/0 * * * *', /a step is a whole number ≥ 1/],
      ['10-5 * * * *', /runs backwards/],
      ['1-2-3 * * * *', /low-high/],
      ['* * * FOO *', /month field "FOO"/],
      ['@sometimes', /5 fields/],
    ];
    for (const [source, message] of cases) expect(() => parseCron(source)).toThrow(message);
  });

  it('finds the next and the previous match across months, years and leap days', () => {
    const cases: [string, string, string, string][] = [
      // expression, from, next after it, last at or before it
      ['0 9 * * MON-FRI', '2030-01-04T09:00:00Z', '2030-01-07T09:00:00.000Z', '2030-01-04T09:00:00.000Z'],
      ['30 2 * * *', '2030-12-31T23:59:59Z', '2031-01-01T02:30:00.000Z', '2030-12-31T02:30:00.000Z'],
      ['0 0 29 2 *', '2030-03-01T00:00:00Z', '2032-02-29T00:00:00.000Z', '2028-02-29T00:00:00.000Z'],
      ['59 23 31 * *', '2030-04-15T12:00:00Z', '2030-05-31T23:59:00.000Z', '2030-03-31T23:59:00.000Z'],
      // Day of month and day of week both restricted: either matches (the 13th, or any Friday).
      ['0 0 13 * FRI', '2030-01-01T00:00:00Z', '2030-01-04T00:00:00.000Z', '2029-12-28T00:00:00.000Z'],
      ['@hourly', '2030-06-01T10:00:00.001Z', '2030-06-01T11:00:00.000Z', '2030-06-01T10:00:00.000Z'],
    ];
    for (const [source, from, next, previous] of cases) {
      const cron = parseCron(source);
      expect([source, iso(nextCronTime(cron, at(from))), iso(previousCronTime(cron, at(from)))]).toEqual([source, next, previous]);
    }
  });

  it('says when an expression never matches', () => {
    const never = parseCron('0 0 30 2 *');
    expect(nextCronTime(never, at('2030-01-01T00:00:00Z'))).toBeUndefined();
    expect(previousCronTime(never, at('2030-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('agrees with a minute-by-minute scan on generated expressions', () => {
    const field = (min: number, max: number) =>
      fc.oneof(
        fc.constant('*'),
        fc.integer({ min, max }).map(String),
        fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
        fc.integer({ min: 1, max: Math.max(1, Math.floor((max - min) / 2)) }).map((step) => `*/${step}`),
        fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 4 }).map((values) => values.join(',')),
      );
    // Dense in minutes and hours, and sparse fields only where a match stays within the scan's window.
    const expression = fc.tuple(field(0, 59), field(0, 23), fc.constantFrom('*', '1-20', '*/3'), fc.constant('*'), field(0, 6)).map((parts) => parts.join(' '));
    const start = fc.integer({ min: at('2030-01-01T00:00:00Z'), max: at('2031-01-01T00:00:00Z') });
    fc.assert(
      fc.property(expression, start, (source, time) => {
        const cron = parseCron(source);
        expect(iso(nextCronTime(cron, time))).toBe(iso(scan(source, time, 1)));
        expect(iso(previousCronTime(cron, time))).toBe(iso(scan(source, time, -1)));
      }),
      { numRuns: 150 },
    );
  });
});

const SCAN_MINUTES = 40 * 24 * 60;

/** The first matching minute after (forward) or at or before (backward) `time`, by trying each minute. */
function scan(source: string, time: number, direction: 1 | -1): number | undefined {
  const matches = matcher(source);
  const floor = Math.floor(time / 60_000) * 60_000;
  for (let step = 0; step < SCAN_MINUTES; step++) {
    const candidate = direction > 0 ? floor + (step + 1) * 60_000 : floor - step * 60_000;
    if (matches(new Date(candidate))) return candidate;
  }
  return undefined;
}

/** An independent reading of the five fields (no names or macros: the generator does not make them). */
function matcher(source: string): (date: Date) => boolean {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = source.split(' ') as [string, string, string, string, string];
  const field = (text: string, min: number, max: number) => {
    const items = text.split(',').map((item) => {
      const [range, step = '1'] = item.split('/') as [string, string?];
      const [low, high] = range === '*' ? [min, max] : range.includes('-') ? range.split('-').map(Number) : [Number(range), item.includes('/') ? max : Number(range)];
      return { low: low as number, high: high as number, step: Number(step) };
    });
    return (value: number) => items.some(({ low, high, step }) => value >= low && value <= high && (value - low) % step === 0);
  };
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = [field(minute, 0, 59), field(hour, 0, 23), field(dayOfMonth, 1, 31), field(month, 1, 12), field(dayOfWeek, 0, 6)];
  const bothDays = dayOfMonth !== '*' && dayOfWeek !== '*';
  return (date) => {
    const [byMonth, byWeek] = [daysOfMonth(date.getUTCDate()), daysOfWeek(date.getUTCDay())];
    const day = bothDays ? byMonth || byWeek : byMonth && byWeek;
    return minutes(date.getUTCMinutes()) && hours(date.getUTCHours()) && months(date.getUTCMonth() + 1) && day;
  };
}
