// Hand-written SVG: horizontal bars (one or several series per category) with min–max whiskers.
import type { Spread } from '../model/results';
import { compact, fmt } from '../lib/format';

export interface BarCategory {
  readonly label: string;
  /** One value per series; undefined leaves a gap. */
  readonly values: readonly (Spread | undefined)[];
  /** Drawn in the accent colour (single series only): NecroStack's own rows. */
  readonly highlight?: boolean;
}

export interface BarChart {
  readonly title: string;
  readonly subtitle: string;
  /** Suffix of the value labels (` ms`), empty for counts. */
  readonly unit: string;
  readonly digits: number;
  /** Legend entries; a single series draws no legend. */
  readonly series: readonly string[];
  readonly categories: readonly BarCategory[];
  /** `auto` (the default) picks log when the medians span more than 30×. */
  readonly scale?: 'linear' | 'log' | 'auto';
}

const PLOT_WIDTH = 400;
const VALUE_ROOM = 130;
/** Rough width of a character of the labels at 12 px (bold), enough to keep them clear of the plot. */
const CHAR_WIDTH = 7.4;
const ACCENT = '#6d28d9';
const PEER = '#94a3b8';
const PALETTE = ['#6d28d9', '#0891b2', '#d97706', '#dc2626', '#16a34a', '#db2777'];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

/** The scale the chart uses: log when asked, or when `auto` and the medians span more than 30×. */
export function chooseScale(chart: BarChart): 'linear' | 'log' {
  if (chart.scale === 'linear' || chart.scale === 'log') return chart.scale;
  const medians = positives(chart).map((v) => v.median);
  if (medians.length < 2) return 'linear';
  return Math.max(...medians) / Math.min(...medians) > 30 ? 'log' : 'linear';
}

/** Draws the chart as a standalone SVG document. */
export function barChart(chart: BarChart): string {
  const longest = Math.max(...chart.categories.map((c) => [...c.label].length), 10);
  const plot = { left: Math.ceil(24 + longest * CHAR_WIDTH), right: 0, width: 0 };
  plot.right = plot.left + PLOT_WIDTH;
  plot.width = Math.ceil(Math.max(plot.right + VALUE_ROOM, 24 + [...chart.title].length * 8.6, 24 + [...chart.subtitle].length * 6.6));
  const scale = chooseScale(chart);
  const axis = scale === 'log' ? logAxis(chart, plot) : linearAxis(chart, plot);
  const grouped = chart.series.length > 1;
  const barHeight = grouped ? 12 : 16;
  const groupHeight = grouped ? chart.series.length * (barHeight + 2) + 12 : 24;
  const top = grouped ? 78 : 56;
  const plotHeight = chart.categories.length * groupHeight;
  const height = top + plotHeight + 40;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${plot.width}" height="${height}" viewBox="0 0 ${plot.width} ${height}" role="img" aria-label="${esc(chart.title)}" ${FONT} font-size="12">`,
    `<title>${esc(chart.title)}</title>`,
    `<rect width="${plot.width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold" fill="#111827">${esc(chart.title)}</text>`,
    `<text x="12" y="40" fill="#4b5563">${esc(chart.subtitle + (scale === 'log' ? '; log scale' : ''))}</text>`,
  ];
  if (grouped) out.push(...legend(chart.series, plot.left));
  for (const tick of axis.ticks) {
    const x = fix(axis.x(tick));
    out.push(`<line class="grid" x1="${x}" y1="${top - 4}" x2="${x}" y2="${top + plotHeight}" stroke="#e5e7eb"/>`);
    out.push(`<text class="tick" x="${x}" y="${top + plotHeight + 16}" text-anchor="middle" fill="#6b7280">${esc(compact(tick))}</text>`);
  }
  out.push(`<line x1="${plot.left}" y1="${top - 4}" x2="${plot.left}" y2="${top + plotHeight}" stroke="#9ca3af"/>`);
  for (const [i, category] of chart.categories.entries()) {
    const y0 = top + i * groupHeight;
    const labelY = y0 + (grouped ? groupHeight - 12 : groupHeight) / 2 + 4;
    out.push(`<text class="label" x="${plot.left - 8}" y="${fix(labelY)}" text-anchor="end" fill="#111827"${category.highlight ? ' font-weight="bold"' : ''}>${esc(category.label)}</text>`);
    for (const [s, value] of category.values.entries()) {
      if (!value || !Number.isFinite(value.median)) continue;
      const y = grouped ? y0 + s * (barHeight + 2) : y0 + (groupHeight - barHeight) / 2;
      const colour = grouped ? PALETTE[s % PALETTE.length]! : category.highlight ? ACCENT : PEER;
      out.push(...bar(axis.x, plot.left, value, y, barHeight, colour, `${fmt(value.median, chart.digits)}${chart.unit}`));
    }
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function bar(x: (v: number) => number, left: number, value: Spread, y: number, height: number, colour: string, label: string): string[] {
  const xMedian = x(value.median);
  const parts = [`<rect class="bar" x="${left}" y="${fix(y)}" width="${fix(Math.max(0, xMedian - left))}" height="${height}" fill="${colour}"/>`];
  const [xMin, xMax] = [x(value.min), x(value.max)];
  const mid = fix(y + height / 2);
  if (Number.isFinite(xMin) && Number.isFinite(xMax) && xMax - xMin >= 1) {
    const [top, bottom] = [fix(y + 2), fix(y + height - 2)];
    parts.push(
      `<g class="whisker" stroke="#111827" stroke-width="1.2"><line x1="${fix(xMin)}" y1="${mid}" x2="${fix(xMax)}" y2="${mid}"/>` +
      `<line x1="${fix(xMin)}" y1="${top}" x2="${fix(xMin)}" y2="${bottom}"/><line x1="${fix(xMax)}" y1="${top}" x2="${fix(xMax)}" y2="${bottom}"/></g>`,
    );
  }
  const textX = Math.max(xMedian, Number.isFinite(xMax) ? xMax : xMedian) + 6;
  parts.push(`<text class="value" x="${fix(textX)}" y="${fix(y + height / 2 + 4)}" fill="#111827">${esc(label)}</text>`);
  return parts;
}

function legend(series: readonly string[], left: number): string[] {
  let x = left;
  return series.flatMap((name, i) => {
    const item = [
      `<rect x="${x}" y="50" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/>`,
      `<text x="${x + 16}" y="60" fill="#111827">${esc(name)}</text>`,
    ];
    x += 28 + name.length * 7;
    return item;
  });
}

interface Axis {
  readonly ticks: readonly number[];
  readonly x: (value: number) => number;
}

interface Plot {
  readonly left: number;
  readonly right: number;
}

function linearAxis(chart: BarChart, plot: Plot): Axis {
  const values = chart.categories.flatMap((c) => c.values).filter((v): v is Spread => v !== undefined);
  const highest = Math.max(0, ...values.flatMap((v) => [v.median, v.max]).filter(Number.isFinite));
  const step = niceStep(highest > 0 ? highest / 5 : 1);
  const end = Math.max(step, Math.ceil(highest / step) * step);
  const ticks = Array.from({ length: Math.round(end / step) + 1 }, (_, i) => i * step);
  return { ticks, x: (v) => plot.left + (Math.max(0, v) / end) * (plot.right - plot.left) };
}

function logAxis(chart: BarChart, plot: Plot): Axis {
  const values = positives(chart).flatMap((v) => [v.median, v.min, v.max]).filter((v) => v > 0);
  const low = Math.floor(Math.log10(Math.min(...values)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...values))));
  const ticks = Array.from({ length: high - low + 1 }, (_, i) => 10 ** (low + i));
  const x = (v: number) => plot.left + ((Math.log10(Math.max(v, 10 ** low)) - low) / (high - low)) * (plot.right - plot.left);
  return { ticks, x };
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

function positives(chart: BarChart): Spread[] {
  return chart.categories.flatMap((c) => c.values).filter((v): v is Spread => v !== undefined && v.median > 0);
}

function fix(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** Escapes text for XML content and attributes. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
