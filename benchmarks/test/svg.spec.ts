import { barChart, chooseScale, esc, niceStep, type BarChart } from '../src/report/svg';
import { assertWellFormed } from './xml';

const s = (median: number, min = median, max = median) => ({ median, min, max });

const simple: BarChart = {
  title: 'Redis: events/s & <more>',
  subtitle: 'events/s, median of 3 runs',
  unit: '',
  digits: 0,
  series: ['events/s'],
  scale: 'linear',
  categories: [
    { label: 'NecroStack', values: [s(100_000, 90_000, 110_000)], highlight: true },
    { label: 'bare loop', values: [s(50_000)] },
    { label: 'BullMQ "50"', values: [s(10_000, 9_000, 12_000)] },
  ],
};

function barWidths(svg: string): number[] {
  return [...svg.matchAll(/<rect class="bar"[^>]* width="([\d.]+)"/g)].map((m) => Number(m[1]));
}

describe('SVG bar charts', () => {
  it('writes a well-formed SVG document with escaped text', () => {
    const svg = barChart(simple);
    expect(assertWellFormed(svg)).toBe('svg');
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('Redis: events/s &amp; &lt;more&gt;');
    expect(svg).toContain('BullMQ &quot;50&quot;');
  });

  it('draws bars proportional to the medians on a linear scale', () => {
    const [a, b, c] = barWidths(barChart(simple));
    expect(a! / b!).toBeCloseTo(2, 1);
    expect(a! / c!).toBeCloseTo(10, 0);
  });

  it('draws min–max whiskers only where the rounds differ, and labels each bar with its median', () => {
    const svg = barChart(simple);
    expect(svg.match(/class="whisker"/g)).toHaveLength(2);
    expect(svg).toContain('>100,000<');
    expect(svg).toContain('>10,000<');
  });

  it('draws one bar per series, a legend, and leaves gaps for missing values', () => {
    const svg = barChart({
      ...simple, series: ['p50', 'p99'], unit: ' ms', digits: 3,
      categories: [{ label: 'NecroStack', values: [s(0.3), s(2)] }, { label: 'BullMQ', values: [s(1.5), undefined] }],
    });
    assertWellFormed(svg);
    expect(barWidths(svg)).toHaveLength(3);
    expect(svg).toContain('>p99<');
    expect(svg).toContain('>2.000 ms<');
  });

  it('switches to a log scale when the medians span more than 30×, and says so', () => {
    const wide: BarChart = { ...simple, scale: 'auto', categories: [{ label: 'a', values: [s(1)] }, { label: 'b', values: [s(1000)] }] };
    expect(chooseScale(wide)).toBe('log');
    expect(chooseScale({ ...wide, categories: simple.categories })).toBe('linear');
    const svg = barChart(wide);
    assertWellFormed(svg);
    expect(svg).toContain('log scale');
    expect(svg).toContain('>1k<');
  });

  it('picks round axis steps', () => {
    expect(niceStep(23_000)).toBe(50_000);
    expect(niceStep(0.13)).toBe(0.2);
    expect(niceStep(1)).toBe(1);
  });

  it('escapes every XML special character', () => {
    expect(esc(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
  });
});

describe('the well-formedness check itself', () => {
  it('rejects broken documents', () => {
    expect(() => assertWellFormed('<svg><g></svg>')).toThrow();
    expect(() => assertWellFormed('<svg><text>a & b</text></svg>')).toThrow('stray &');
    expect(() => assertWellFormed('<svg width=10/>')).toThrow('bad attributes');
    expect(() => assertWellFormed('<svg/><svg/>')).toThrow();
  });
});
