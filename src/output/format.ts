/**
 * Numbers as text: full precision (the shortest string that round-trips, JavaScript's String(x))
 * unless a precision is given, then rounded to that many decimal places (trailing zeros dropped).
 * @example formatNumber(0.1 + 0.2) // => '0.30000000000000004'
 * @example formatNumber(0.1 + 0.2, 3) // => '0.3'
 */
export function formatNumber(x: number | null | undefined, precision?: number): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '';
  if (precision === undefined) return String(x);
  const rounded = Number(x.toFixed(precision));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** A number rounded for display in a table, with fixed decimals. */
export function displayNumber(x: number | null | undefined, decimals = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '';
  const text = x.toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}
