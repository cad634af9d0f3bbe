/** A number as the tables show it: 6 significant digits, exponent form when very large or small. */
export function formatNumber(value: number | null | undefined, digits = 6): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) return value.toExponential(digits - 1);
  return String(Number(value.toPrecision(digits)));
}

/** A p-value as R prints small ones. */
export function formatPValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value < 2.2e-16 ? '< 2.2e-16' : formatNumber(value, 4);
}
