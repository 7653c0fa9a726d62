import type { Panel } from '../input/panel.js';
import { findColumn } from '../input/resolve.js';
import { STANDARD_COLUMNS, type StandardsColumns } from '../output/report-standards.js';

/**
 * The raw columns the report's "Five standards" panels read (output/report-standards.ts), taken
 * from the panel by name (an NBS name with or without its unit); an absent column is left out.
 */
export function standardsColumns(panel: Panel): StandardsColumns {
  const names = [...STANDARD_COLUMNS.sectors, STANDARD_COLUMNS.urban, STANDARD_COLUMNS.rural, STANDARD_COLUMNS.of, STANDARD_COLUMNS.per];
  return {
    regions: panel.regions,
    years: panel.years,
    columns: Object.fromEntries(names.map((n) => [n, findColumn(panel, n)?.values])),
  };
}
