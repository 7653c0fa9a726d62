/**
 * CSV writing (RFC 4180): fields with a comma, quote, CR or LF are quoted, quotes doubled, LF line
 * ends. Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR)
 * get a leading ' (OWASP "CSV injection"); numbers are never altered.
 */
export type CsvValue = string | number | null | undefined;

export function csvText(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** @example toCsv(['a', 'b'], [['=1+1', 2]]) // => "a,b\n'=1+1,2\n" */
export function toCsv(header: string[], rows: CsvValue[][], formatNumber: (x: number) => string = String, bom = false): string {
  const lines = [header.map(csvText).join(',')];
  for (const row of rows) {
    lines.push(row.map((v) => (v === null || v === undefined ? '' : typeof v === 'number' ? (Number.isNaN(v) ? '' : formatNumber(v)) : csvText(v))).join(','));
  }
  return (bom ? '\uFEFF' : '') + lines.join('\n') + '\n';
}
