import { CoordixError, type Warning } from '../errors.js';
import { parseCell } from './cells.js';
import { findProvince } from './regions.js';
import type { RawTable } from './table.js';

/** Cell states of a panel column. */
export const CELL_OK = 0;
export const CELL_MISSING = 1; // empty or a placeholder (—, NA, …)
export const CELL_ABSENT = 2; // no file gives this region-year a cell in this column
export const CELL_INVALID = 3; // text that is not a number

export interface PanelColumn {
  name: string;
  unit: string | null;
  /** Value per observation; NaN unless status is CELL_OK. */
  values: Float64Array;
  status: Uint8Array;
  /** Index of the file each cell came from (−1 when absent). */
  file: Int32Array;
  /** Line of each cell in its file (0 when absent). */
  line: Int32Array;
  /** Raw text of invalid cells, by observation. */
  invalidText: Map<number, string>;
}

export interface InputFileInfo {
  path: string;
  name: string;
  size: number;
  sha256: string;
  format: string;
  encoding: string;
  rows: number;
}

/**
 * Region-year observations with their columns, in the order of methods.md §9: sorted by year,
 * then by the region's first appearance in the input. Validated once; the core trusts it.
 */
export interface Panel {
  /** The region's name as first seen in the input. */
  regions: string[];
  /** null for the implicit year of a cross-section. */
  years: (number | null)[];
  columns: Map<string, PanelColumn>;
  files: InputFileInfo[];
  warnings: Warning[];
}

/** Canonical key of a region name: the province code when it is a province, else the name. */
export function regionKey(name: string): string {
  return findProvince(name)?.code ?? name;
}

/**
 * Merges tables into one panel by (region, year): an outer join over columns, a union over
 * years. The same (region, year, column) given twice — in one file or two — is an error naming
 * both places; so are tables with and without years mixed.
 */
export function mergeTables(tables: RawTable[], files: InputFileInfo[]): Panel {
  const withYear = tables.filter((t) => t.hasYear);
  if (withYear.length > 0 && withYear.length < tables.length) {
    const a = withYear[0].name;
    const b = tables.find((t) => !t.hasYear)!.name;
    throw new CoordixError(`${b}: has no year column, but ${a} has one; give every file a year column or none`);
  }
  // Pass 1: observations by (region key, year), first appearance order.
  const obsByKey = new Map<string, number>();
  const regionOrder = new Map<string, number>();
  const obsRegionKey: string[] = [];
  const obsRegionName: string[] = [];
  const obsYear: (number | null)[] = [];
  const rowObs: Int32Array[] = tables.map((t) => new Int32Array(t.rows.length));
  const keyOfName = new Map<string, string>();
  tables.forEach((table, t) => {
    table.rows.forEach((row, r) => {
      let rk = keyOfName.get(row.region);
      if (rk === undefined) keyOfName.set(row.region, (rk = regionKey(row.region)));
      if (!regionOrder.has(rk)) regionOrder.set(rk, regionOrder.size);
      const key = `${rk}\u0000${row.year ?? ''}`;
      let obs = obsByKey.get(key);
      if (obs === undefined) {
        obs = obsRegionKey.length;
        obsByKey.set(key, obs);
        obsRegionKey.push(rk);
        obsRegionName.push(row.region);
        obsYear.push(row.year);
      }
      rowObs[t][r] = obs;
    });
  });
  const n = obsRegionKey.length;
  // Final order: year, then region first appearance.
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (obsYear[a] ?? -Infinity) - (obsYear[b] ?? -Infinity) || regionOrder.get(obsRegionKey[a])! - regionOrder.get(obsRegionKey[b])!,
  );
  const position = new Int32Array(n);
  order.forEach((obs, p) => (position[obs] = p));

  const columns = new Map<string, PanelColumn>();
  const regionNameFirst = new Map<string, string>();
  for (let i = 0; i < n; i++) if (!regionNameFirst.has(obsRegionKey[i])) regionNameFirst.set(obsRegionKey[i], obsRegionName[i]);

  tables.forEach((table, t) => {
    const fileIndex = files.findIndex((f) => f.name === table.name);
    const targets: PanelColumn[] = table.columns.map((col) => {
      let column = columns.get(col.name);
      if (!column) {
        column = {
          name: col.name,
          unit: col.unit,
          values: new Float64Array(n).fill(NaN),
          status: new Uint8Array(n).fill(CELL_ABSENT),
          file: new Int32Array(n).fill(-1),
          line: new Int32Array(n),
          invalidText: new Map(),
        };
        columns.set(col.name, column);
      } else if (column.unit === null) column.unit = col.unit;
      return column;
    });
    // Row-major: each row's cells are adjacent in memory, the columns are typed arrays.
    const rows = table.rows;
    const obsOfRow = rowObs[t];
    const at = table.cellIndex ?? table.columns.map((_, c) => c);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const cells = row.cells;
      const p = position[obsOfRow[r]];
      for (let c = 0; c < targets.length; c++) {
        const raw = cells[at[c]];
        if (raw === undefined) continue;
        const column = targets[c];
        if (column.file[p] >= 0) {
          const first = `${files[column.file[p]].name}:${column.line[p]}`;
          throw new CoordixError(
            `${table.name}:${row.line}: ${row.region}${row.year === null ? '' : ` ${row.year}`} is given twice for column "${column.name}" (also at ${first}); remove one of the rows`,
          );
        }
        column.file[p] = fileIndex;
        column.line[p] = row.line;
        const fast = plainDecimal(raw);
        if (fast === fast) {
          column.values[p] = fast;
          column.status[p] = CELL_OK;
          continue;
        }
        const cell = parseCell(raw);
        if (cell.kind === 'number') {
          column.values[p] = cell.value;
          column.status[p] = CELL_OK;
        } else if (cell.kind === 'missing') column.status[p] = CELL_MISSING;
        else {
          column.status[p] = CELL_INVALID;
          column.invalidText.set(p, raw);
        }
      }
    }
  });
  return {
    regions: order.map((obs) => regionNameFirst.get(obsRegionKey[obs])!),
    years: order.map((obs) => obsYear[obs]),
    columns,
    files,
    warnings: [],
  };
}

/**
 * Fast path for the common cell: an optional minus, digits, an optional fraction. Returns NaN for
 * anything else (which then goes through parseCell). @example plainDecimal('-12.5') // => -12.5
 */
function plainDecimal(raw: string): number {
  const length = raw.length;
  if (length === 0 || length > 20) return NaN;
  let i = raw.charCodeAt(0) === 45 ? 1 : 0;
  if (i === length) return NaN;
  let digits = 0;
  let dot = false;
  for (; i < length; i++) {
    const ch = raw.charCodeAt(i);
    if (ch >= 48 && ch <= 57) digits++;
    else if (ch === 46 && !dot && digits > 0) dot = true;
    else return NaN;
  }
  return raw.charCodeAt(length - 1) === 46 ? NaN : Number(raw);
}

/** The distinct years of a panel in order (null for a cross-section). */
export function panelYears(panel: Pick<Panel, 'years'>): (number | null)[] {
  const out: (number | null)[] = [];
  for (const y of panel.years) if (out[out.length - 1] !== y) out.push(y);
  return out;
}
