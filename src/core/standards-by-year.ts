import { CoordixError } from '../errors.js';
import { BalanceValueError, BalanceZeroTotalError, distributionBalance, flagRatios, type BalanceColumnNames, type RegionBalance } from './balance.js';
import { outsideBand, type BandResult } from './band.js';
import { krugmanSpecialisation, locationQuotients, SectorValueError, similarPairs, structuralSimilarity, ZeroRegionTotalError, ZeroSectorTotalError, type SimilarityMatrix } from './structure.js';

/**
 * The measures of the five standards (docs/methods.md §11) over a panel: the observations are
 * grouped by year (ascending; a cross-section without years is one group, year null) and each
 * year is measured on its own, with balance.ts, structure.ts and band.ts.
 */

/** Groups observation indices by year, years ascending, a null year (cross-section) last. */
function byYear(years: readonly (number | null)[]): { year: number | null; rows: number[] }[] {
  const groups = new Map<number | null, number[]>();
  years.forEach((y, i) => {
    const g = groups.get(y);
    if (g) g.push(i);
    else groups.set(y, [i]);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a - b))
    .map(([year, rows]) => ({ year, rows }));
}

/** A region given twice in one year: the shares would count it twice. */
export class DuplicateRegionYearError extends CoordixError {
  constructor(
    readonly region: string,
    readonly year: number | null,
  ) {
    super(`${region}${year === null ? '' : ` ${year}`} appears twice; each region may appear once per year (merge or drop the duplicate row)`);
    this.name = 'DuplicateRegionYearError';
  }
}

/**
 * Runs one year's measure, naming the year in a value error: the region "北京" becomes "北京 2019",
 * and a zero total says which year.
 */
function inYear<T>(year: number | null, f: () => T): T {
  if (year === null) return f();
  try {
    return f();
  } catch (e) {
    if (e instanceof BalanceValueError) throw new BalanceValueError(`${e.region} ${year}`, e.column, e.value);
    if (e instanceof SectorValueError) throw new SectorValueError(`${e.region} ${year}`, e.sector, e.value);
    if (e instanceof ZeroRegionTotalError) throw new ZeroRegionTotalError(`${e.region} ${year}`);
    if (e instanceof BalanceZeroTotalError || e instanceof ZeroSectorTotalError) {
      e.message = `${year}: ${e.message}`;
    }
    throw e;
  }
}

function checkUnique(regions: readonly string[], years: readonly (number | null)[]): void {
  const seen = new Set<string>();
  regions.forEach((r, i) => {
    const key = `${r}\u0000${years[i]}`;
    if (seen.has(key)) throw new DuplicateRegionYearError(r, years[i]);
    seen.add(key);
  });
}

/** One year of balanceByYear. */
export interface YearBalance {
  year: number | null;
  regions: RegionBalance[];
  /** H = ½ Σ |e_i − p_i| of the year. */
  dissimilarity: number;
  /** The regions whose R_i lies outside the band (null when no band was given). */
  outside: BandResult | null;
}

/**
 * Consistency of two distributions (distributionBalance) in every year of a panel: with X_i and
 * Y_i region i's two values in the year, e_i = X_i / ΣX, p_i = Y_i / ΣY, R_i = e_i / p_i and
 * H = ½ Σ |e_i − p_i|; with a band [lo, hi], the regions whose R_i lies outside it (flagRatios).
 *
 * Reference: Hoover (1936); docs/methods.md §11.
 * Cost: O(n) for n observations.
 * @throws DuplicateRegionYearError when a region appears twice in one year.
 * @throws BalanceValueError, BalanceZeroTotalError (balance.ts; the region named with its year), InvalidBandError (band.ts).
 * @example balanceByYear({ regions: ['A', 'B', 'A', 'B'], years: [2020, 2020, 2019, 2019], of: [6, 2, 1, 1], per: [2, 6, 1, 1] }, {}, [0.5, 2]).map((y) => [y.year, y.dissimilarity, y.outside.count]) // => [[2019, 0, 0], [2020, 0.5, 2]]
 */
export function balanceByYear(
  data: { regions: readonly string[]; years: readonly (number | null)[]; of: ArrayLike<number>; per: ArrayLike<number> },
  names: BalanceColumnNames = {},
  band: readonly [number, number] | null = null,
): YearBalance[] {
  checkUnique(data.regions, data.years);
  return byYear(data.years).map(({ year, rows }) => {
    const result = inYear(year, () =>
      distributionBalance(
        rows.map((i) => ({ region: data.regions[i], of: data.of[i], per: data.per[i] })),
        names,
      ),
    );
    return { year, ...result, outside: band ? flagRatios(result.regions, band) : null };
  });
}

/** One year of structureByYear. */
export interface YearStructure {
  year: number | null;
  /** LQ_is per region, sectors in the order given. */
  quotients: { region: string; quotients: number[] }[];
  /** K_i per region; null for a year with a single region (no rest of the country). */
  krugman: { region: string; index: number }[] | null;
  similarity: SimilarityMatrix;
  /** Pairs with S_ik ≥ the threshold, most similar first (null when no threshold was given). */
  pairs: { a: string; b: string; similarity: number }[] | null;
}

/**
 * Sector structure (structure.ts) in every year of a panel: location quotients
 * LQ_is = (X_is / X_i) / (X_s / X), Krugman specialisation
 * K_i = Σ_s |X_is / X_i − (X_s − X_is) / (X − X_i)| and the structural similarity matrix
 * S_ik = Σ_s x_is x_ks / sqrt(Σ_s x_is² · Σ_s x_ks²); with a threshold, the pairs at or above it.
 *
 * Reference: Isard (1960), Krugman (1991), UNIDO (1979); docs/methods.md §11.
 * Cost: O(n²·m) per year for n regions and m sectors.
 * @throws DuplicateRegionYearError when a region appears twice in one year.
 * @throws the errors of structure.ts (a negative value, a zero region or sector total), the region named with its year.
 * @example structureByYear({ regions: ['A', 'B'], years: [2020, 2020], sectors: [[3, 1], [1, 3]] }, ['farm', 'industry'], 0.5).map((y) => [y.quotients[0].quotients, y.krugman[0].index, y.pairs.length]) // => [[[1.5, 0.5], 1, 1]]
 */
export function structureByYear(
  data: { regions: readonly string[]; years: readonly (number | null)[]; sectors: readonly (readonly number[])[] },
  sectorNames: readonly string[],
  threshold: number | null = null,
): YearStructure[] {
  checkUnique(data.regions, data.years);
  return byYear(data.years).map(({ year, rows }) => {
    const sectorRows = rows.map((i) => ({ region: data.regions[i], sectors: data.sectors[i] }));
    return inYear(year, () => {
      const similarity = structuralSimilarity(sectorRows, sectorNames);
      return {
        year,
        quotients: locationQuotients(sectorRows, sectorNames).regions,
        krugman: sectorRows.length >= 2 ? krugmanSpecialisation(sectorRows, sectorNames) : null,
        similarity,
        pairs: threshold === null ? null : similarPairs(similarity, threshold),
      };
    });
  });
}

/** A region-year whose sector values do not add up to its total. */
export interface TotalMismatch {
  region: string;
  year: number | null;
  /** Σ_s X_is. */
  sum: number;
  /** The total column's value. */
  total: number;
  /** (sum − total) / total. */
  relative: number;
}

/**
 * The region-years whose sector sum Σ_s X_is differs from a total column T_i by more than
 * `tolerance` of the total: |Σ_s X_is − T_i| > tolerance · |T_i| (1 % by default). Sector values
 * from another vintage than the total (fixtures/README.md) show up here.
 *
 * Cost: O(n·m).
 * @throws CoordixError when the tolerance is not a finite number ≥ 0.
 * @example sectorTotalMismatches({ regions: ['A', 'B'], years: [2020, 2020], sectors: [[1, 2], [1, 1]], totals: [3, 2.5] }) // => [{ region: 'B', year: 2020, sum: 2, total: 2.5, relative: -0.2 }]
 */
export function sectorTotalMismatches(
  data: { regions: readonly string[]; years: readonly (number | null)[]; sectors: readonly (readonly number[])[]; totals: ArrayLike<number> },
  tolerance = 0.01,
): TotalMismatch[] {
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) throw new CoordixError(`the tolerance ${tolerance} is not a finite number ≥ 0 (give e.g. 0.01 for 1 %)`);
  const out: TotalMismatch[] = [];
  data.regions.forEach((region, i) => {
    const sum = data.sectors[i].reduce((s, v) => s + v, 0);
    const total = data.totals[i];
    if (Math.abs(sum - total) > tolerance * Math.abs(total)) out.push({ region, year: data.years[i], sum, total, relative: (sum - total) / total });
  });
  return out;
}

/**
 * A tolerable band [lo, hi] on a variable in every year of a panel (outsideBand): per year, the
 * regions whose value lies outside, their count and each one's distance to the nearer edge.
 *
 * Reference: docs/methods.md §11.
 * Cost: O(n).
 * @throws InvalidBandError, NonFiniteBandValueError (band.ts).
 * @example bandByYear({ regions: ['A', 'B', 'A'], years: [2020, 2020, 2019], values: [0.5, 2, 3] }, [1, 2.5]).map((y) => [y.year, y.count]) // => [[2019, 1], [2020, 1]]
 */
export function bandByYear(
  data: { regions: readonly string[]; years: readonly (number | null)[]; values: ArrayLike<number> },
  band: readonly [number, number],
): ({ year: number | null } & BandResult)[] {
  return byYear(data.years).map(({ year, rows }) => ({
    year,
    ...outsideBand(
      rows.map((i) => ({ region: data.regions[i], value: data.values[i] })),
      band,
    ),
  }));
}
