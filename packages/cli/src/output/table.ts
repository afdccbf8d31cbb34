/**
 * Formats rows as a plain text table: a header, then one line per row, columns padded to fit.
 *
 * @example
 * ```ts
 * table(['GROUP', 'PENDING'], [['necrostack:Billing', '3']]);
 * ```
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** Shortens `text` to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** A duration in ms, readable: 850ms, 12s, 5m, 3h, 2d. */
export function humanDuration(ms: number): string {
  if (ms < 1_000) return `${ms}ms`;
  const units: [number, string][] = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'm'], [1_000, 's']];
  const [size, unit] = units.find(([s]) => ms >= s) as [number, string];
  return `${Math.floor(ms / size)}${unit}`;
}
