import { CoordixError, UsageError } from '../errors.js';

/**
 * A tolerable band [lo, hi] on any variable (docs/methods.md §13): per year, the regions whose value
 * lies outside it, how many they are, and how far each lies from the band. The edges belong to the
 * band (a value equal to lo or hi is inside).
 */

/** A region outside the band: its value, the distance to the nearer edge (> 0) and the side. */
export interface OutsideRegion {
  region: string;
  value: number;
  /** lo − value below the band, value − hi above it; always positive. */
  distance: number;
  side: 'below' | 'above';
}

export interface BandResult {
  /** How many regions lie outside the band. */
  count: number;
  /** The regions outside the band, in the order they were given. */
  regions: OutsideRegion[];
}

/** A band whose edges are not finite numbers with lo ≤ hi. */
export class InvalidBandError extends CoordixError {
  constructor(
    readonly lo: number,
    readonly hi: number,
  ) {
    super(`the band [${lo}, ${hi}] is not a band: its edges must be finite numbers with the lower edge first (lo ≤ hi), e.g. 1:2.5`);
    this.name = 'InvalidBandError';
  }
}

/** A value that is not a finite number, met while checking a band. */
export class NonFiniteBandValueError extends CoordixError {
  constructor(
    readonly region: string,
    readonly value: number,
  ) {
    super(`the value for ${region} is ${value}, not a finite number: a band can only be checked on numbers (fill or drop the region first)`);
    this.name = 'NonFiniteBandValueError';
  }
}

/** Band text that cannot be read as `lo:hi` (a usage error: it comes from a flag or a setting). */
export class BandSyntaxError extends UsageError {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(`cannot read the band "${text}": ${reason}; write it as lo:hi with two finite numbers, lo ≤ hi, e.g. 1:2.5`);
    this.name = 'BandSyntaxError';
  }
}

/** @throws InvalidBandError unless both edges are finite and lo ≤ hi. */
function checkBand(band: readonly [number, number]): void {
  const [lo, hi] = band;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) throw new InvalidBandError(lo, hi);
}

/**
 * The regions outside the tolerable band [lo, hi]: value v < lo lies below at distance lo − v,
 * v > hi lies above at distance v − hi (the distance to the nearer edge, so always positive);
 * lo ≤ v ≤ hi is inside and not listed. Regions keep the order they were given in; the count and
 * each distance do not depend on that order.
 *
 * Reference: docs/methods.md §13 (the seed paper's tolerable range of a ratio).
 * Cost: O(n).
 * @throws InvalidBandError when an edge is not finite or lo > hi.
 * @throws NonFiniteBandValueError when a value is NaN or ±Infinity (naming the region).
 * @example outsideBand([{ region: 'A', value: 0.5 }, { region: 'B', value: 1.5 }, { region: 'C', value: 3 }], [1, 2.5]) // => { count: 2, regions: [{ region: 'A', value: 0.5, distance: 0.5, side: 'below' }, { region: 'C', value: 3, distance: 0.5, side: 'above' }] }
 */
export function outsideBand(values: readonly { region: string; value: number }[], band: readonly [number, number]): BandResult {
  checkBand(band);
  const [lo, hi] = band;
  const regions: OutsideRegion[] = [];
  for (const { region, value } of values) {
    if (!Number.isFinite(value)) throw new NonFiniteBandValueError(region, value);
    if (value < lo) regions.push({ region, value, distance: lo - value, side: 'below' });
    else if (value > hi) regions.push({ region, value, distance: value - hi, side: 'above' });
  }
  return { count: regions.length, regions };
}

/** A plain decimal number: optional sign, digits with an optional point, optional exponent. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads a band written `lo:hi` (spaces around either number allowed), e.g. `1:2.5`. Both edges
 * must be plain decimal numbers (no hex, no `Infinity`), finite, with lo ≤ hi; lo = hi is a band
 * of one point.
 *
 * Cost: O(length of the text).
 * @throws BandSyntaxError naming the text and what is wrong with it.
 * @example parseBand(' 0.8 : 1.25 ') // => [0.8, 1.25]
 */
export function parseBand(text: string): [number, number] {
  const parts = text.split(':');
  if (parts.length !== 2) throw new BandSyntaxError(text, parts.length < 2 ? 'there is no ":" between the two edges' : 'there is more than one ":"');
  const edges = parts.map((p) => p.trim());
  for (const [i, edge] of edges.entries()) {
    const which = i === 0 ? 'lower' : 'upper';
    if (edge === '') throw new BandSyntaxError(text, `the ${which} edge is missing`);
    if (!DECIMAL.test(edge)) throw new BandSyntaxError(text, `the ${which} edge "${edge}" is not a number`);
  }
  const lo = Number(edges[0]);
  const hi = Number(edges[1]);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new BandSyntaxError(text, 'an edge is too large to be a finite number');
  if (lo > hi) throw new BandSyntaxError(text, `the lower edge ${lo} is greater than the upper edge ${hi}`);
  return [lo, hi];
}
