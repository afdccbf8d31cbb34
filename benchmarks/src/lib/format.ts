/** A number with thousands separators and a fixed count of decimals: 1,234,567 or 0.326. */
export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return '–';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A short axis label: 1.5M, 20k, 0.25. */
export function compact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${trim(n / 1e9)}G`;
  if (abs >= 1e6) return `${trim(n / 1e6)}M`;
  if (abs >= 1e3) return `${trim(n / 1e3)}k`;
  if (abs === 0 || abs >= 1) return trim(n);
  return String(Number(n.toPrecision(2)));
}

function trim(n: number): string {
  return String(Number(n.toFixed(n >= 100 ? 0 : n >= 10 ? 1 : 2)));
}

/** A ratio as `0.76×`. */
export function ratio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return '–';
  const r = value / baseline;
  if (r === 0) return '0×';
  return `${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}×`;
}

/** Minutes and seconds: 2:05. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
