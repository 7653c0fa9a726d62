import { CoordixError } from '../errors.js';
import { outsideBand, type BandResult } from './band.js';
import { exactSum } from './fsum.js';

/**
 * Consistency of two distributions over the regions in one year (docs/methods.md §13, the seed
 * paper's first standard): how a region's share of one total (e.g. GDP) compares with its share of
 * another (e.g. population).
 */

/** One region's share of each total and their ratio. */
export interface RegionBalance {
  region: string;
  /** e_i = X_i / ΣX, the region's share of the first total. */
  ofShare: number;
  /** p_i = Y_i / ΣY, the region's share of the second total. */
  perShare: number;
  /** R_i = e_i / p_i (1 = balanced); null when p_i = 0 (the ratio is undefined). */
  ratio: number | null;
}

export interface BalanceResult {
  regions: RegionBalance[];
  /** The dissimilarity (Hoover) index H = ½ Σ |e_i − p_i|, in [0, 1]. */
  dissimilarity: number;
}

/** Names of the two columns as the user knows them, for error messages (default `of`, `per`). */
export interface BalanceColumnNames {
  of?: string;
  per?: string;
}

/** A value that is negative or not a finite number. */
export class BalanceValueError extends CoordixError {
  constructor(
    readonly region: string,
    readonly column: string,
    readonly value: number,
  ) {
    super(
      `${region}: column "${column}" is ${value}; the shares need values that are finite and ≥ 0 (correct or drop this value)`,
    );
    this.name = 'BalanceValueError';
  }
}

/** A column whose total over the regions is zero, so no region has a share of it. */
export class BalanceZeroTotalError extends CoordixError {
  constructor(readonly column: string) {
    super(`column "${column}" sums to 0 over the regions of this year, so the shares of it are undefined (check the column and the year)`);
    this.name = 'BalanceZeroTotalError';
  }
}

/**
 * Consistency of two distributions, one year: with X_i the first value and Y_i the second of region
 * i, the shares e_i = X_i / ΣX and p_i = Y_i / ΣY, the consistency ratio R_i = e_i / p_i (1 =
 * balanced, > 1 the region has more of X than its share of Y would give) and the dissimilarity
 * (Hoover) index H = ½ Σ_i |e_i − p_i| (0 when the shares coincide, at most 1).
 *
 * Both totals and H are exactly rounded sums (fsum.ts), so the order of the rows changes no bit of
 * any result; the regions are returned in the order given. R_i is null when p_i = 0.
 *
 * Reference: Hoover, E. M. (1936), "The Measurement of Industrial Localization", Review of
 * Economics and Statistics 18(4): 162–171; docs/methods.md §13.
 * Cost: O(n).
 * @throws BalanceValueError when a value is negative, NaN or infinite (naming the region and column).
 * @throws BalanceZeroTotalError when either column sums to 0 (including no rows at all).
 * @example distributionBalance([{ region: 'A', of: 6, per: 2 }, { region: 'B', of: 2, per: 6 }]) // => { regions: [{ region: 'A', ofShare: 0.75, perShare: 0.25, ratio: 3 }, { region: 'B', ofShare: 0.25, perShare: 0.75, ratio: 0.3333333333333333 }], dissimilarity: 0.5 }
 */
export function distributionBalance(
  rows: readonly { region: string; of: number; per: number }[],
  names: BalanceColumnNames = {},
): BalanceResult {
  const ofName = names.of ?? 'of';
  const perName = names.per ?? 'per';
  for (const row of rows) {
    if (!(Number.isFinite(row.of) && row.of >= 0)) throw new BalanceValueError(row.region, ofName, row.of);
    if (!(Number.isFinite(row.per) && row.per >= 0)) throw new BalanceValueError(row.region, perName, row.per);
  }
  const ofTotal = exactSum(rows.map((r) => r.of));
  const perTotal = exactSum(rows.map((r) => r.per));
  if (!(ofTotal > 0)) throw new BalanceZeroTotalError(ofName);
  if (!(perTotal > 0)) throw new BalanceZeroTotalError(perName);
  if (!Number.isFinite(ofTotal)) throw new BalanceValueError('the total', ofName, ofTotal);
  if (!Number.isFinite(perTotal)) throw new BalanceValueError('the total', perName, perTotal);
  const regions = rows.map(({ region, of, per }) => {
    const ofShare = of / ofTotal;
    const perShare = per / perTotal;
    return { region, ofShare, perShare, ratio: perShare > 0 ? ofShare / perShare : null };
  });
  const dissimilarity = exactSum(regions.map((r) => Math.abs(r.ofShare - r.perShare))) / 2;
  return { regions, dissimilarity };
}

/**
 * The regions whose consistency ratio R_i lies outside a tolerable band [lo, hi] (e.g. [0.8, 1.25]);
 * a region whose ratio is undefined (null) is not judged. A thin use of outsideBand (band.ts).
 *
 * Reference: docs/methods.md §13.
 * @throws InvalidBandError when an edge is not finite or lo > hi.
 * @example flagRatios([{ region: 'A', ratio: 3 }, { region: 'B', ratio: 0.5 }, { region: 'C', ratio: null }], [0.5, 2]) // => { count: 1, regions: [{ region: 'A', value: 3, distance: 1, side: 'above' }] }
 */
export function flagRatios(regions: readonly { region: string; ratio: number | null }[], band: readonly [number, number]): BandResult {
  const known = regions.filter((r): r is { region: string; ratio: number } => r.ratio !== null);
  return outsideBand(
    known.map((r) => ({ region: r.region, value: r.ratio })),
    band,
  );
}
