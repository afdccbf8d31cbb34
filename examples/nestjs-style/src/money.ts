/** Formats an amount of cents as dollars: 4498 → "$44.98". */
export function formatCents(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}
