import { CoordixError } from '../../errors.js';
import { LAND_CONTIGUITY, PROVINCE_POINTS, STRAIT_LINKS } from '../../regions/geography.js';
import { exactSum } from '../fsum.js';

/**
 * Spatial weights W over a list of regions (docs/methods.md §11): w_ij ≥ 0, w_ii = 0.
 *
 * - `queen`: the 31 provinces' land contiguity (68 pairs) plus Hainan–Guangdong = 69 pairs;
 *   `queen-strict`: land only, Hainan has no neighbour.
 * - `distance`: w_ij = 1 / d_ij^p (p = 1 by default), d the great-circle (haversine, R = 6371 km)
 *   distance between the provinces' representative points.
 * - `knn`: the K nearest regions by great-circle distance get w = 1. Ties at the K-th distance are
 *   broken by name order (JavaScript string order of the canonical names), so the result does not
 *   depend on the order in which regions are passed.
 * - `matrix`: a square matrix with its row/column names; rows and columns are picked for the
 *   regions asked for. Symmetry is not required.
 * - `edges`: `from,to[,weight]` (weight 1 when absent). An edge is undirected: it sets w(from,to)
 *   and w(to,from), unless the reverse edge is also listed, in which case each direction takes its
 *   own weight (so asymmetric weights are written as two edges). A region every edge list must
 *   name but that has no neighbour is written as a self-edge of weight 0 (`海南,海南,0`).
 *
 * Edges or matrix rows naming regions not asked for are ignored (weights over the regions present
 * in a year). Rows are then standardised to sum 1 ("W" style) unless `binary` is set, which keeps
 * the raw weights (1 for contiguity and knn, 1/d^p for distance, as given for matrix and edges).
 * A region with no neighbour keeps a zero row (R spdep's zero.policy = TRUE) and is listed in
 * `islands`.
 */
export type WeightsSpec =
  | { kind: 'queen' }
  | { kind: 'queen-strict' }
  | { kind: 'distance'; power?: number }
  | { kind: 'knn'; k: number }
  | { kind: 'matrix'; names: string[]; matrix: number[][] }
  | { kind: 'edges'; edges: { from: string; to: string; weight?: number }[] };

export interface SpatialWeights {
  /** The regions, in the order they were asked for; row i of `matrix` is regions[i]. */
  regions: string[];
  /** n × n, w_ij ≥ 0, zero diagonal. */
  matrix: number[][];
  /** For each region, the regions j with w_ij > 0, in `regions` order. */
  neighbours: string[][];
  /** `queen`, `queen-strict`, `distance` (or `distance:p` for p ≠ 1), `knn:K`, `matrix`, `edges`. */
  kind: string;
  /** True when rows were standardised to sum 1. */
  standardised: boolean;
  /** Regions without any neighbour (zero rows), in `regions` order. */
  islands: string[];
}

/** Regions asked for that the weights know nothing about (no contiguity entry, no point, no row). */
export class MissingRegionsError extends CoordixError {
  constructor(
    readonly missing: string[],
    readonly kind: string,
  ) {
    super(
      `the ${kind} weights have no entry for ${missing.length === 1 ? 'region' : 'regions'} ${missing.join(', ')}; ` +
        `give a weights file that covers ${missing.length === 1 ? 'it' : 'them'}, or leave ${missing.length === 1 ? 'it' : 'them'} out`,
    );
    this.name = 'MissingRegionsError';
  }
}

/** A weight that cannot be used: negative, not finite, or on the diagonal. */
export class InvalidWeightError extends CoordixError {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly weight: number,
    readonly reason: 'negative' | 'not-finite' | 'diagonal',
  ) {
    const why =
      reason === 'diagonal'
        ? 'a region cannot be its own neighbour (the diagonal must be 0)'
        : reason === 'negative'
          ? 'weights must not be negative'
          : 'weights must be finite numbers';
    super(`spatial weight ${from} → ${to} is ${weight}: ${why}; fix the weights file`);
    this.name = 'InvalidWeightError';
  }
}

/** A weights specification that cannot be built (bad k or power, a malformed matrix, duplicates). */
export class WeightsSpecError extends CoordixError {
  constructor(message: string) {
    super(message);
    this.name = 'WeightsSpecError';
  }
}

const EARTH_RADIUS_KM = 6371;

/**
 * Great-circle distance in km by the haversine formula, R = 6371 km:
 * d = 2R · asin(√(sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2))).
 * @example haversineKm({ lon: 0, lat: 0 }, { lon: 0, lat: 90 }) // => 10007.543398010284
 */
export function haversineKm(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dPhi = (b.lat - a.lat) * rad;
  const dLambda = (b.lon - a.lon) * rad;
  const h = Math.sin(dPhi / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLambda / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Builds W for `regions` (canonical short names; the caller resolves aliases).
 *
 * @throws MissingRegionsError naming every region the weights do not cover.
 * @throws InvalidWeightError on a negative or non-finite weight or a non-zero diagonal.
 * @throws WeightsSpecError on duplicate regions, k outside 1..n−1, a power ≤ 0, two regions at the
 *   same point (distance weights), a matrix that is not square or has duplicate names.
 * @example spatialWeights(['北京', '天津', '河北'], { kind: 'queen' }).matrix // => [[0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]]
 * @example spatialWeights(['海南', '广东', '广西'], { kind: 'queen-strict' }, { binary: true }).islands // => ['海南']
 */
export function spatialWeights(
  regions: readonly string[],
  spec: WeightsSpec,
  options: { binary?: boolean } = {},
): SpatialWeights {
  const names = [...regions];
  const index = new Map<string, number>();
  const duplicates = new Set<string>();
  names.forEach((r, i) => (index.has(r) ? duplicates.add(r) : index.set(r, i)));
  if (duplicates.size > 0) throw new WeightsSpecError(`region ${[...duplicates].join(', ')} appears more than once`);
  const n = names.length;
  const raw: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let kind: string = spec.kind;

  switch (spec.kind) {
    case 'queen':
    case 'queen-strict': {
      const known = new Set(LAND_CONTIGUITY.flat());
      known.add('海南');
      requireAll(names, known, spec.kind);
      const pairs = spec.kind === 'queen' ? [...LAND_CONTIGUITY, ...STRAIT_LINKS] : LAND_CONTIGUITY;
      for (const [a, b] of pairs) {
        const i = index.get(a);
        const j = index.get(b);
        if (i === undefined || j === undefined) continue;
        raw[i][j] = 1;
        raw[j][i] = 1;
      }
      break;
    }
    case 'distance':
    case 'knn': {
      const points = new Map(PROVINCE_POINTS.map((p) => [p.region, p]));
      requireAll(names, new Set(points.keys()), spec.kind);
      const distance = names.map((a) => names.map((b) => (a === b ? 0 : haversineKm(points.get(a)!, points.get(b)!))));
      if (spec.kind === 'distance') {
        const power = spec.power ?? 1;
        if (!(Number.isFinite(power) && power > 0)) throw new WeightsSpecError(`distance weights need a power > 0, not ${power}`);
        if (power !== 1) kind = `distance:${power}`;
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            if (i === j) continue;
            if (distance[i][j] === 0) throw new WeightsSpecError(`${names[i]} and ${names[j]} are at the same point; distance weights are undefined`);
            raw[i][j] = 1 / distance[i][j] ** power;
          }
      } else {
        const k = spec.k;
        if (!(Number.isInteger(k) && k >= 1 && k <= n - 1))
          throw new WeightsSpecError(`knn weights need a whole k from 1 to ${n - 1} (the number of other regions), not ${k}`);
        kind = `knn:${k}`;
        for (let i = 0; i < n; i++) for (const j of nearest(i, distance[i], names, k)) raw[i][j] = 1;
      }
      break;
    }
    case 'matrix': {
      const m = spec.matrix;
      if (spec.names.length !== m.length || m.some((row) => row.length !== m.length))
        throw new WeightsSpecError(`a weights matrix must be square with one name per row: ${spec.names.length} names, ${m.length} rows`);
      const at = new Map<string, number>();
      for (const [i, name] of spec.names.entries()) {
        if (at.has(name)) throw new WeightsSpecError(`the weights matrix names ${name} twice`);
        at.set(name, i);
      }
      for (let i = 0; i < m.length; i++)
        for (let j = 0; j < m.length; j++) checkWeight(spec.names[i], spec.names[j], m[i][j], i === j);
      requireAll(names, new Set(at.keys()), 'matrix');
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) if (i !== j) raw[i][j] = m[at.get(names[i])!][at.get(names[j])!];
      break;
    }
    case 'edges': {
      const listed = new Map<string, number>();
      const known = new Set<string>();
      for (const edge of spec.edges) {
        const w = edge.weight ?? 1;
        checkWeight(edge.from, edge.to, w, edge.from === edge.to);
        known.add(edge.from);
        known.add(edge.to);
        if (edge.from === edge.to) continue;
        const key = JSON.stringify([edge.from, edge.to]);
        if (listed.has(key)) throw new WeightsSpecError(`the edge ${edge.from} → ${edge.to} is listed twice`);
        listed.set(key, w);
      }
      requireAll(names, known, 'edges');
      for (const edge of spec.edges) {
        const i = index.get(edge.from);
        const j = index.get(edge.to);
        if (i === undefined || j === undefined || i === j) continue;
        const w = edge.weight ?? 1;
        raw[i][j] = w;
        if (!listed.has(JSON.stringify([edge.to, edge.from]))) raw[j][i] = w;
      }
      break;
    }
    default: {
      const never: never = spec;
      throw new WeightsSpecError(`unknown weights kind ${(never as { kind: string }).kind}`);
    }
  }

  const standardised = !options.binary;
  const matrix = raw.map((row) => {
    if (!standardised) return row;
    const total = exactSum(row);
    return total > 0 ? row.map((w) => w / total) : row;
  });
  const neighbours = matrix.map((row) => names.filter((_, j) => row[j] > 0));
  const islands = names.filter((_, i) => neighbours[i].length === 0);
  return { regions: names, matrix, neighbours, kind, standardised, islands };
}

/**
 * The indices of the k regions nearest to region `self` (itself excluded), by distance, ties broken
 * by name in JavaScript string order.
 * @example nearest(0, [0, 5, 3, 3], ['a', 'd', 'c', 'b'], 2) // => [3, 2]
 */
export function nearest(self: number, distances: readonly number[], names: readonly string[], k: number): number[] {
  return names
    .map((_, j) => j)
    .filter((j) => j !== self)
    .sort((p, q) => distances[p] - distances[q] || (names[p] < names[q] ? -1 : names[p] > names[q] ? 1 : 0))
    .slice(0, k);
}

function requireAll(names: readonly string[], known: ReadonlySet<string>, kind: string): void {
  const missing = names.filter((r) => !known.has(r));
  if (missing.length > 0) throw new MissingRegionsError(missing, kind);
}

function checkWeight(from: string, to: string, w: number, diagonal: boolean): void {
  if (!Number.isFinite(w)) throw new InvalidWeightError(from, to, w, 'not-finite');
  if (w < 0) throw new InvalidWeightError(from, to, w, 'negative');
  if (diagonal && w !== 0) throw new InvalidWeightError(from, to, w, 'diagonal');
}
