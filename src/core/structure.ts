import { CoordixError } from '../errors.js';
import { exactSum } from './fsum.js';

/**
 * Sector structure of the regions in one year (docs/methods.md §13, the seed paper's fifth
 * standard), from sector values X_is (e.g. value added of the primary, secondary and tertiary
 * industries): location quotients, Krugman specialisation against the rest of the country, and the
 * structural similarity of every pair of regions.
 *
 * Notation: X_i = Σ_s X_is (region i's total), X_s = Σ_i X_is (sector s's national total),
 * X = Σ_i Σ_s X_is, x_is = X_is / X_i (region i's sector shares). Every sum over regions is exactly
 * rounded (fsum.ts), so the order of the rows changes no bit of any result; results list the
 * regions in the order given.
 *
 * Every function checks its input the same way and throws, naming the culprit:
 * - SectorCountError: a row whose number of sector values differs from the sector names;
 * - SectorValueError: a value that is negative, NaN or infinite;
 * - ZeroRegionTotalError: a region whose sectors sum to 0 (its shares are undefined);
 * - ZeroSectorTotalError: a sector that no region has (national total 0; drop the sector);
 * - TooFewRegionsError: no rows (location quotients, similarity) or fewer than two (Krugman).
 */

/** One region's sector values, in the order of the sector names. */
export interface SectorRow {
  region: string;
  sectors: readonly number[];
}

export class SectorCountError extends CoordixError {
  constructor(
    readonly region: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${region} has ${actual} sector values but ${expected} sectors are named; give one value per sector`);
    this.name = 'SectorCountError';
  }
}

export class SectorValueError extends CoordixError {
  constructor(
    readonly region: string,
    readonly sector: string,
    readonly value: number,
  ) {
    super(`${region}: sector "${sector}" is ${value}; sector values must be finite and ≥ 0 (correct or drop this value)`);
    this.name = 'SectorValueError';
  }
}

export class ZeroRegionTotalError extends CoordixError {
  constructor(readonly region: string) {
    super(`${region}: its sector values sum to 0, so its sector shares are undefined (drop the region for this year)`);
    this.name = 'ZeroRegionTotalError';
  }
}

export class ZeroSectorTotalError extends CoordixError {
  constructor(readonly sector: string) {
    super(`sector "${sector}" sums to 0 over all regions, so its national share is 0 and its location quotients are undefined (drop the sector)`);
    this.name = 'ZeroSectorTotalError';
  }
}

export class TooFewRegionsError extends CoordixError {
  constructor(
    readonly needed: number,
    readonly actual: number,
    readonly measure: string,
  ) {
    super(`${measure} needs at least ${needed} region${needed === 1 ? '' : 's'} in the year, got ${actual}`);
    this.name = 'TooFewRegionsError';
  }
}

/** The checked input with its totals: X_i per region, X_s per sector and X. */
interface Totals {
  regionTotals: number[];
  sectorTotals: number[];
  total: number;
}

/** Checks the rows (see the module comment) and takes the exactly rounded totals. */
function totalsOf(rows: readonly SectorRow[], sectorNames: readonly string[], minRegions: number, measure: string): Totals {
  if (rows.length < minRegions) throw new TooFewRegionsError(minRegions, rows.length, measure);
  const m = sectorNames.length;
  for (const { region, sectors } of rows) {
    if (sectors.length !== m) throw new SectorCountError(region, m, sectors.length);
    for (let s = 0; s < m; s++) {
      const v = sectors[s];
      if (!(Number.isFinite(v) && v >= 0)) throw new SectorValueError(region, sectorNames[s], v);
    }
  }
  const regionTotals = rows.map(({ region, sectors }) => {
    const t = exactSum(sectors);
    if (!(t > 0)) throw new ZeroRegionTotalError(region);
    return t;
  });
  const sectorTotals = sectorNames.map((name, s) => {
    const t = exactSum(rows.map((r) => r.sectors[s]));
    if (!(t > 0)) throw new ZeroSectorTotalError(name);
    return t;
  });
  const total = exactSum(rows.flatMap((r) => r.sectors));
  return { regionTotals, sectorTotals, total };
}

/** Region i's sector shares x_is = X_is / X_i. */
function sharesOf(row: SectorRow, regionTotal: number): number[] {
  return row.sectors.map((v) => v / regionTotal);
}

/**
 * Location quotients LQ_is = (X_is / X_i) / (X_s / X): region i's share of sector s over the
 * nation's. 1 = the region has the nation's share of the sector; > 1 the sector is concentrated
 * there. Multiplying every value by one constant changes no quotient.
 *
 * Reference: Isard, W. (1960), Methods of Regional Analysis, MIT Press, ch. 7; docs/methods.md §13.
 * Cost: O(n·m) for n regions and m sectors.
 * @throws SectorCountError, SectorValueError, ZeroRegionTotalError, ZeroSectorTotalError, TooFewRegionsError (see the module comment).
 * @example locationQuotients([{ region: 'A', sectors: [3, 1] }, { region: 'B', sectors: [1, 3] }], ['farm', 'industry']) // => { sectors: ['farm', 'industry'], regions: [{ region: 'A', quotients: [1.5, 0.5] }, { region: 'B', quotients: [0.5, 1.5] }] }
 */
export function locationQuotients(
  rows: readonly SectorRow[],
  sectorNames: readonly string[],
): { sectors: string[]; regions: { region: string; quotients: number[] }[] } {
  const { regionTotals, sectorTotals, total } = totalsOf(rows, sectorNames, 1, 'a location quotient');
  const nationalShares = sectorTotals.map((t) => t / total);
  return {
    sectors: [...sectorNames],
    regions: rows.map((row, i) => ({
      region: row.region,
      quotients: sharesOf(row, regionTotals[i]).map((x, s) => x / nationalShares[s]),
    })),
  };
}

/**
 * Krugman specialisation of each region against the rest of the country:
 * K_i = Σ_s |X_is / X_i − (X_s − X_is) / (X − X_i)|, the distance between the region's sector
 * shares and those of all other regions together. 0 = the same structure as the rest of the
 * country; 2 = no sector in common. The rest-of-country values X_s − X_is and X − X_i are taken as
 * exactly rounded sums over the other regions (no cancellation).
 *
 * Reference: Krugman, P. (1991), Geography and Trade, MIT Press (the index of regional
 * divergence); docs/methods.md §13.
 * Cost: O(n²·m) for n regions and m sectors.
 * @throws SectorCountError, SectorValueError, ZeroRegionTotalError, ZeroSectorTotalError (see the module comment); TooFewRegionsError with fewer than two regions (no rest of the country).
 * @example krugmanSpecialisation([{ region: 'A', sectors: [3, 1] }, { region: 'B', sectors: [1, 3] }, { region: 'C', sectors: [2, 2] }], ['farm', 'industry']) // => [{ region: 'A', index: 0.75 }, { region: 'B', index: 0.75 }, { region: 'C', index: 0 }]
 */
export function krugmanSpecialisation(rows: readonly SectorRow[], sectorNames: readonly string[]): { region: string; index: number }[] {
  const { regionTotals } = totalsOf(rows, sectorNames, 2, 'Krugman specialisation');
  const m = sectorNames.length;
  return rows.map((row, i) => {
    const others = rows.filter((_, j) => j !== i);
    const restTotal = exactSum(others.flatMap((r) => r.sectors));
    const terms: number[] = [];
    for (let s = 0; s < m; s++) {
      const restSector = exactSum(others.map((r) => r.sectors[s]));
      terms.push(Math.abs(row.sectors[s] / regionTotals[i] - restSector / restTotal));
    }
    return { region: row.region, index: exactSum(terms) };
  });
}

/** The similarity matrix of structuralSimilarity, rows and columns in the order of `regions`. */
export interface SimilarityMatrix {
  regions: string[];
  /** matrix[i][k] = S_ik; symmetric, 1 on the diagonal. */
  matrix: number[][];
}

/**
 * Structural similarity of every pair of regions: S_ik = Σ_s x_is x_ks / sqrt(Σ_s x_is² · Σ_s x_ks²),
 * the cosine of the angle between the two regions' sector-share vectors (the UNIDO structural
 * similarity coefficient). With values ≥ 0 it lies in [0, 1]: 1 = the same structure, 0 = no
 * sector in common. S_ii is set to exactly 1, the matrix is built symmetric, and a rounding
 * excess over 1 is clipped to 1.
 *
 * Reference: UNIDO (1979), World Industry since 1960: Progress and Prospects (the structural
 * similarity coefficient); docs/methods.md §13.
 * Cost: O(n²·m) for n regions and m sectors.
 * @throws SectorCountError, SectorValueError, ZeroRegionTotalError, ZeroSectorTotalError, TooFewRegionsError (see the module comment).
 * @example structuralSimilarity([{ region: 'A', sectors: [1, 0] }, { region: 'B', sectors: [2, 2] }, { region: 'C', sectors: [0, 5] }], ['farm', 'industry']) // => { regions: ['A', 'B', 'C'], matrix: [[1, 0.7071067811865475, 0], [0.7071067811865475, 1, 0.7071067811865475], [0, 0.7071067811865475, 1]] }
 */
export function structuralSimilarity(rows: readonly SectorRow[], sectorNames: readonly string[]): SimilarityMatrix {
  const { regionTotals } = totalsOf(rows, sectorNames, 1, 'structural similarity');
  const n = rows.length;
  const shares = rows.map((row, i) => sharesOf(row, regionTotals[i]));
  const norms = shares.map((x) => exactSum(x.map((v) => v * v)));
  const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(1));
  for (let i = 0; i < n; i++) {
    for (let k = i + 1; k < n; k++) {
      const dot = exactSum(shares[i].map((v, s) => v * shares[k][s]));
      const s = Math.min(1, dot / Math.sqrt(norms[i] * norms[k]));
      matrix[i][k] = s;
      matrix[k][i] = s;
    }
  }
  return { regions: rows.map((r) => r.region), matrix };
}

/**
 * The pairs of different regions whose structural similarity S_ik is at least `threshold`
 * (e.g. 0.9 for "isomorphic" structures), most similar first; ties keep the order of the regions
 * (first region, then second).
 *
 * Reference: docs/methods.md §13.
 * Cost: O(n² log n).
 * @throws CoordixError when the threshold is not a finite number.
 * @example similarPairs({ regions: ['A', 'B', 'C'], matrix: [[1, 0.95, 0.2], [0.95, 1, 0.9], [0.2, 0.9, 1]] }, 0.9) // => [{ a: 'A', b: 'B', similarity: 0.95 }, { a: 'B', b: 'C', similarity: 0.9 }]
 */
export function similarPairs(similarity: SimilarityMatrix, threshold: number): { a: string; b: string; similarity: number }[] {
  if (!Number.isFinite(threshold)) throw new CoordixError(`the similarity threshold is ${threshold}, not a finite number (give e.g. 0.9)`);
  const { regions, matrix } = similarity;
  const pairs: { a: string; b: string; similarity: number; order: number }[] = [];
  for (let i = 0; i < regions.length; i++) {
    for (let k = i + 1; k < regions.length; k++) {
      if (matrix[i][k] >= threshold) pairs.push({ a: regions[i], b: regions[k], similarity: matrix[i][k], order: pairs.length });
    }
  }
  pairs.sort((p, q) => q.similarity - p.similarity || p.order - q.order);
  return pairs.map(({ a, b, similarity: s }) => ({ a, b, similarity: s }));
}
