import { CoordixError, type Warning } from '../errors.js';
import { parseCell } from './cells.js';
import { findProvince } from '../regions/names.js';
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
  /** Raw text of invalid cells, by observation. */
  invalidText: Map<number, string>;
  /**
   * Where observation i's cell came from — file name and line — for messages; null when no file
   * gives one. Found on demand (only errors ask), so a panel carries no per-cell bookkeeping.
   */
  origin(i: number): { file: string; line: number } | null;
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
  // Pass 1: observations by (region key, year), first appearance order. A region name maps to the
  // rank of its key (first appearance), a year to a small index; obsAt[year][rank] is the
  // observation + 1 (0: none yet) — no string keys built or hashed per row.
  const rankOfName = new Map<string, number>();
  const rankOfKey = new Map<string, number>();
  const keyOfRank: string[] = [];
  const yearIndex = new Map<number | null, number>();
  const obsAt: Int32Array[] = [];
  const total = tables.reduce((sum, t) => sum + t.rows.length, 0);
  const obsRegionKey = new Array<string>(total);
  const obsRegionName = new Array<string>(total);
  const obsYear = new Array<number | null>(total);
  const obsRegionRank = new Int32Array(total);
  let n = 0;
  const rowObs: Int32Array[] = tables.map((t) => new Int32Array(t.rows.length));
  for (let t = 0; t < tables.length; t++) {
    const rows = tables[t].rows;
    const obsOfRow = rowObs[t];
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      let rank = rankOfName.get(row.region);
      if (rank === undefined) {
        const key = regionKey(row.region);
        rank = rankOfKey.get(key);
        if (rank === undefined) {
          rankOfKey.set(key, (rank = keyOfRank.length));
          keyOfRank.push(key);
        }
        rankOfName.set(row.region, rank);
      }
      let y = yearIndex.get(row.year);
      if (y === undefined) {
        yearIndex.set(row.year, (y = obsAt.length));
        obsAt.push(new Int32Array(Math.max(16, keyOfRank.length * 2)));
      }
      let slots = obsAt[y];
      if (rank >= slots.length) {
        const grown = new Int32Array(Math.max(rank + 1, slots.length * 2));
        grown.set(slots);
        obsAt[y] = slots = grown;
      }
      let obs = slots[rank] - 1;
      if (obs < 0) {
        obs = n++;
        slots[rank] = obs + 1;
        obsRegionKey[obs] = keyOfRank[rank];
        obsRegionName[obs] = row.region;
        obsYear[obs] = row.year;
        obsRegionRank[obs] = rank;
      }
      obsOfRow[r] = obs;
    }
  }
  obsRegionKey.length = obsRegionName.length = obsYear.length = n;
  // Final order: year, then region first appearance.
  const before = (a: number, b: number) => (obsYear[a] ?? -Infinity) - (obsYear[b] ?? -Infinity) || obsRegionRank[a] - obsRegionRank[b];
  const order = Array.from({ length: n }, (_, i) => i);
  // A file in year order, regions in the same order each year, is in order already.
  let sorted = true;
  for (let i = 1; sorted && i < n; i++) if (before(i - 1, i) > 0) sorted = false;
  if (!sorted) order.sort(before);
  const position = new Int32Array(n);
  order.forEach((obs, p) => (position[obs] = p));

  const columns = new Map<string, PanelColumn>();
  const regionNameFirst = new Map<string, string>();
  for (let i = 0; i < n; i++) if (!regionNameFirst.has(obsRegionKey[i])) regionNameFirst.set(obsRegionKey[i], obsRegionName[i]);

  // Where a column's cells came from: the tables that gave it cells, searched only for messages.
  const contributors = new Map<PanelColumn, number[]>();
  const originOf = (column: PanelColumn, i: number): { file: string; line: number } | null => {
    for (const t of contributors.get(column) ?? []) {
      const table = tables[t];
      const c = table.columns.findIndex((col) => col.name === column.name);
      const values = table.values[c];
      const text = table.text[c];
      const obsOfRow = rowObs[t];
      for (let r = 0; r < table.rows.length; r++) {
        if (position[obsOfRow[r]] !== i) continue;
        if (values[r] === values[r] || text.has(r)) return { file: table.name, line: table.rows[r].line };
      }
    }
    return null;
  };
  const duplicate = (table: RawTable, r: number, column: PanelColumn, p: number): CoordixError => {
    const row = table.rows[r];
    const first = column.origin(p);
    if (first?.file === table.name && first.line === row.line) {
      // The same line twice: two header columns read as one (2019 and 2019年, or region and year set to the same column).
      return new CoordixError(
        `${table.name}:${row.line}: ${row.region}${row.year === null ? '' : ` ${row.year}`} comes twice from this one line for column "${column.name}": two columns of the header read as the same (a year written twice, e.g. 2019 and 2019年, or columns.region and columns.year naming one column); rename or remove one of those columns`,
      );
    }
    return new CoordixError(
      `${table.name}:${row.line}: ${row.region}${row.year === null ? '' : ` ${row.year}`} is given twice for column "${column.name}" (also at ${first?.file}:${first?.line}); remove one of the rows`,
    );
  };
  const setText = (column: PanelColumn, p: number, raw: string) => {
    const cell = parseCell(raw);
    if (cell.kind === 'number') {
      column.values[p] = cell.value;
      column.status[p] = CELL_OK;
    } else if (cell.kind === 'missing') {
      column.values[p] = NaN;
      column.status[p] = CELL_MISSING;
    } else {
      column.values[p] = NaN;
      column.status[p] = CELL_INVALID;
      column.invalidText.set(p, raw);
    }
  };
  const newColumn = (name: string, unit: string | null, values: Float64Array, status: Uint8Array): PanelColumn => {
    const column: PanelColumn = { name, unit, values, status, invalidText: new Map(), origin: (i) => originOf(column, i) };
    columns.set(name, column);
    contributors.set(column, []);
    return column;
  };

  tables.forEach((table, t) => {
    const rows = table.rows;
    const obsOfRow = rowObs[t];
    // A table whose rows are the panel's observations, in order (one wide file): its columns
    // become the panel's columns as they are, without a copy.
    let identity = rows.length === n;
    for (let r = 0; identity && r < rows.length; r++) if (position[obsOfRow[r]] !== r) identity = false;
    table.columns.forEach((col, c) => {
      let column = columns.get(col.name);
      const source = table.values[c];
      const text = table.text[c];
      if (!column && identity && complete(source, text)) {
        // CELL_OK is 0: a fresh status array says every cell is a number; text cells are fixed below.
        column = newColumn(col.name, col.unit, source, new Uint8Array(n));
        contributors.get(column)!.push(t);
        for (let r = 0; r < n; r++) if (source[r] !== source[r]) setText(column, r, text.get(r)!);
        return;
      }
      column ??= newColumn(col.name, col.unit, new Float64Array(n).fill(NaN), new Uint8Array(n).fill(CELL_ABSENT));
      if (column.unit === null) column.unit = col.unit;
      contributors.get(column)!.push(t);
      const { values, status } = column;
      for (let r = 0; r < rows.length; r++) {
        const v = source[r];
        const raw = v === v ? undefined : text.get(r);
        if (v !== v && raw === undefined) continue; // no cell in this column
        const p = position[obsOfRow[r]];
        if (status[p] !== CELL_ABSENT) throw duplicate(table, r, column, p);
        if (raw === undefined) {
          values[p] = v;
          status[p] = CELL_OK;
        } else setText(column, p, raw);
      }
    });
  });
  return {
    regions: order.map((obs) => regionNameFirst.get(obsRegionKey[obs])!),
    years: order.map((obs) => obsYear[obs]),
    columns,
    files,
    warnings: tables.flatMap((t) => t.warnings ?? []),
  };
}

/** Whether every row gives a cell in the column (a NaN always with its text). */
function complete(values: Float64Array, text: Map<number, string>): boolean {
  for (let r = 0; r < values.length; r++) if (values[r] !== values[r] && !text.has(r)) return false;
  return true;
}

/** The distinct years of a panel in order (null for a cross-section). */
export function panelYears(panel: Pick<Panel, 'years'>): (number | null)[] {
  const out: (number | null)[] = [];
  for (const y of panel.years) if (out[out.length - 1] !== y) out.push(y);
  return out;
}
