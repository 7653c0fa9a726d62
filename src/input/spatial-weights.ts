import { CoordixError } from '../errors.js';
import type { WeightsSpec } from '../core/spatial/weights.js';
import { findProvince } from '../regions/names.js';
import { parseCsv } from './csv.js';

/**
 * `--weights FILE`: a spatial weights file (docs/methods.md §9), in one of two shapes:
 *
 * - a square matrix: the header row names the regions (its first cell is a label or empty), and
 *   every following row starts with a region name and gives that row's weights, e.g.
 *   `,北京,天津\n北京,0,1\n天津,1,0`. Rows may come in any order, but every name in the header
 *   must have one row.
 * - an edge list: a header `from,to` or `from,to,weight` (also source/target, 起点/终点, 权重),
 *   then one edge per line.
 *
 * Names are matched like region names in data (src/regions/names.ts findProvince: 北京, 北京市,
 * Beijing, 110000 are one region); a name that is not a province is kept as written (trimmed).
 */

/** A weights file that cannot be read: the file, the line, and what is wrong. */
export class WeightsFileError extends CoordixError {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(`${file}${line === null ? '' : `:${line}`}: ${reason}`);
    this.name = 'WeightsFileError';
  }
}

const EDGE_HEADERS: [string, string, string][] = [
  ['from', 'to', 'weight'],
  ['source', 'target', 'weight'],
  ['起点', '终点', '权重'],
];

/**
 * The key a region of a weights file or of the data is matched by: the province's short Chinese
 * name when it is a province, else the name itself (NFKC, trimmed).
 * @example weightsRegionKey('Beijing') // => '北京'
 * @example weightsRegionKey(' Region A ') // => 'Region A'
 */
export function weightsRegionKey(name: string): string {
  return findProvince(name)?.zh ?? name.normalize('NFKC').trim();
}

/**
 * Parses a weights CSV into a weights specification for spatialWeights.
 * @throws WeightsFileError naming the file and line: an empty file, a row of the wrong length,
 *   a cell that is not a number, a region twice, a header name without its row.
 * @example parseWeightsCsv(',北京,天津\n北京,0,1\n天津,1,0\n', 'w.csv') // => { kind: 'matrix', names: ['北京', '天津'], matrix: [[0, 1], [1, 0]] }
 * @example parseWeightsCsv('from,to\nBeijing,Tianjin\n', 'e.csv') // => { kind: 'edges', edges: [{ from: '北京', to: '天津' }] }
 */
export function parseWeightsCsv(text: string, file: string): WeightsSpec {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''), file)
    .map((row) => ({ line: row.line, cells: row.cells.map((c) => c.normalize('NFKC').trim()) }))
    .filter((row) => row.cells.some((c) => c !== ''));
  if (rows.length === 0) throw new WeightsFileError(file, null, 'the weights file is empty; give a square matrix with region names, or an edge list from,to[,weight]');
  const header = rows[0].cells.map((c) => c.toLowerCase());
  while (header.length > 2 && header[header.length - 1] === '') header.pop();
  const edgeHeader = EDGE_HEADERS.find(([a, b, c]) => header[0] === a && header[1] === b && (header.length === 2 || (header.length === 3 && header[2] === c)));
  if (edgeHeader) return parseEdges(rows.slice(1), file, header.length === 3);
  return parseMatrix(rows, file);
}

function number(cell: string, file: string, line: number, what: string): number {
  const x = cell === '' ? NaN : Number(cell);
  if (!Number.isFinite(x)) throw new WeightsFileError(file, line, `${what} is "${cell}", not a number; write a weight such as 1 or 0.25`);
  return x;
}

function parseEdges(rows: { line: number; cells: string[] }[], file: string, weighted: boolean): WeightsSpec {
  const edges: { from: string; to: string; weight?: number }[] = [];
  for (const { line, cells } of rows) {
    const used = [...cells];
    while (used.length > (weighted ? 3 : 2) && used[used.length - 1] === '') used.pop();
    if (used.length < (weighted ? 3 : 2) || used.length > 3 || used[0] === '' || used[1] === '' || (used.length === 3 && !weighted && used[2] !== ''))
      throw new WeightsFileError(file, line, `an edge needs ${weighted ? 'from,to,weight' : 'two regions, from,to'}; this line has ${used.length} cells`);
    const edge: { from: string; to: string; weight?: number } = { from: weightsRegionKey(used[0]), to: weightsRegionKey(used[1]) };
    if (weighted) edge.weight = number(used[2] ?? '', file, line, `the weight of ${used[0]} → ${used[1]}`);
    edges.push(edge);
  }
  if (edges.length === 0) throw new WeightsFileError(file, null, 'the edge list has a header but no edges');
  return { kind: 'edges', edges };
}

function parseMatrix(rows: { line: number; cells: string[] }[], file: string): WeightsSpec {
  const [head, ...body] = rows;
  const names = head.cells.slice(1);
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  if (names.length === 0)
    throw new WeightsFileError(file, head.line, 'not an edge list (header from,to[,weight]) and no region names in the header row of a matrix; give one or the other');
  const keys = names.map((n, j) => {
    if (n === '') throw new WeightsFileError(file, head.line, `column ${j + 2} of the header has no region name`);
    return weightsRegionKey(n);
  });
  const seen = new Map<string, number>();
  keys.forEach((k, j) => {
    if (seen.has(k)) throw new WeightsFileError(file, head.line, `the header names ${names[j]} twice (columns ${seen.get(k)! + 2} and ${j + 2})`);
    seen.set(k, j);
  });
  const matrix: (number[] | undefined)[] = new Array(keys.length);
  for (const { line, cells } of body) {
    const used = [...cells];
    while (used.length > keys.length + 1 && used[used.length - 1] === '') used.pop();
    if (used.length !== keys.length + 1)
      throw new WeightsFileError(file, line, `a matrix row needs a region name and ${keys.length} weights (one per header name); this row has ${used.length - 1}`);
    const key = weightsRegionKey(used[0]);
    const j = seen.get(key);
    if (j === undefined) throw new WeightsFileError(file, line, `the row ${used[0]} names no column of the header; rows and columns must name the same regions`);
    if (matrix[j]) throw new WeightsFileError(file, line, `the row ${used[0]} is given twice`);
    matrix[j] = used.slice(1).map((c, k) => number(c, file, line, `the weight ${used[0]} → ${names[k]}`));
  }
  const missing = keys.filter((_, j) => !matrix[j]);
  if (missing.length > 0) throw new WeightsFileError(file, null, `the matrix has no row for ${missing.join(', ')}; a square matrix needs one row per header name`);
  return { kind: 'matrix', names: keys, matrix: matrix as number[][] };
}
