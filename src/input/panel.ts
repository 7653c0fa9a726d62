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
  tables.forEach((table, t) => {
    table.rows.forEach((row, r) => {
      const rk = regionKey(row.region);
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
    table.columns.forEach((col, c) => {
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
      const { values, status, file, line, invalidText } = column;
      const rows = table.rows;
      for (let r = 0; r < rows.length; r++) {
        const raw = rows[r].cells[c];
        if (raw === undefined) continue;
        const p = position[rowObs[t][r]];
        if (file[p] >= 0) {
          const first = `${files[file[p]].name}:${line[p]}`;
          const row = rows[r];
          throw new CoordixError(
            `${table.name}:${row.line}: ${row.region}${row.year === null ? '' : ` ${row.year}`} is given twice for column "${col.name}" (also at ${first}); remove one of the rows`,
          );
        }
        file[p] = fileIndex;
        line[p] = rows[r].line;
        // Fast path for plain numbers; parseCell handles every other form.
        const fast = /^-?[0-9]+(?:\.[0-9]+)?$/.test(raw) ? Number(raw) : NaN;
        if (fast === fast) {
          values[p] = fast;
          status[p] = CELL_OK;
          continue;
        }
        const cell = parseCell(raw);
        if (cell.kind === 'number') {
          values[p] = cell.value;
          status[p] = CELL_OK;
        } else if (cell.kind === 'missing') status[p] = CELL_MISSING;
        else {
          status[p] = CELL_INVALID;
          invalidText.set(p, raw);
        }
      }
    });
  });
  return {
    regions: order.map((obs) => regionNameFirst.get(obsRegionKey[obs])!),
    years: order.map((obs) => obsYear[obs]),
    columns,
    files,
    warnings: [],
  };
}

/** The distinct years of a panel in order (null for a cross-section). */
export function panelYears(panel: Pick<Panel, 'years'>): (number | null)[] {
  const out: (number | null)[] = [];
  for (const y of panel.years) if (out[out.length - 1] !== y) out.push(y);
  return out;
}
