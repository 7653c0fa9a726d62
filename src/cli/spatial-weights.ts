import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { CoordixError } from '../errors.js';
import { spatialWeights, type SpatialWeights, type WeightsSpec } from '../core/spatial/weights.js';
import { readTextBounded } from '../input/source.js';
import { parseWeightsCsv, weightsRegionKey } from '../input/spatial-weights.js';

/**
 * The spatial weights flags shared by `coordix spatial` and `coordix dynamics --spatial`:
 * --weights queen|queen-strict|distance|knn:K|FILE, --power P, --binary.
 */

export interface WeightsOptions {
  weights: string;
  power?: number;
  binary?: boolean;
}

/** A parser for a finite number > 0 (the distance power). */
function positiveNumber(name: string) {
  return (value: string): number => {
    const x = Number(value);
    if (!/^[0-9.eE+-]+$/.test(value) || !(Number.isFinite(x) && x > 0)) throw new InvalidArgumentError(`${name} must be a number > 0, like 1 or 2`);
    return x;
  };
}

/** Adds --weights, --power and --binary. */
export function withWeightsOptions(cmd: Command): Command {
  return cmd
    .option('--weights <kind|file>', 'spatial weights: queen (land contiguity + Hainan–Guangdong, 69 pairs), queen-strict (land only), distance (1/d^p), knn:K, or a CSV file (square matrix with region names, or an edge list from,to[,weight])', 'queen')
    .option('--power <p>', 'the power p of distance weights 1/d^p (default 1)', positiveNumber('--power'))
    .option('--binary', 'keep the raw weights (1 for contiguity and knn, 1/d^p, as given in a file) instead of row-standardising');
}

/** The weights specification of the flags; a file is read and parsed once. */
export async function weightsSpec(opts: WeightsOptions): Promise<WeightsSpec> {
  const w = opts.weights;
  if (opts.power !== undefined && w !== 'distance') throw new CoordixError(`--power ${opts.power}: only distance weights take a power; add --weights distance`);
  if (w === 'queen' || w === 'queen-strict') return { kind: w };
  if (w === 'distance') return { kind: 'distance', power: opts.power ?? 1 };
  const knn = /^knn:(.*)$/.exec(w);
  if (knn) {
    if (!/^[0-9]+$/.test(knn[1]) || Number(knn[1]) < 1) throw new CoordixError(`--weights ${w}: K must be a whole number ≥ 1, as in knn:4`);
    return { kind: 'knn', k: Number(knn[1]) };
  }
  if (w !== '-' && !existsSync(w))
    throw new CoordixError(`--weights ${w}: not queen, queen-strict, distance or knn:K, and no such file; give one of those or the path of a weights CSV`);
  const source = await readTextBounded(w, { what: 'weights file' });
  return parseWeightsCsv(source.text, source.name);
}

/** What the flags name, for headings: the kind, or the file. */
export function weightsLabel(opts: WeightsOptions): string {
  return `${opts.weights}${opts.weights === 'distance' && opts.power !== undefined ? `, power ${opts.power}` : ''}${opts.binary ? ', binary' : ', row-standardised'}`;
}

/**
 * W over the given data regions (as written in the data): matched by weightsRegionKey, the matrix
 * rows in the order of `regions`, and `regions` as names.
 * @throws CoordixError naming --weights and every region the weights do not cover.
 */
export function weightsFor(regions: readonly string[], spec: WeightsSpec, opts: WeightsOptions): SpatialWeights {
  const keys = regions.map(weightsRegionKey);
  try {
    const w = spatialWeights(keys, spec, { binary: opts.binary });
    const nameOf = new Map(keys.map((k, i) => [k, regions[i]]));
    return { ...w, regions: [...regions], neighbours: w.neighbours.map((list) => list.map((k) => nameOf.get(k)!)), islands: w.islands.map((k) => nameOf.get(k)!) };
  } catch (error) {
    if (error instanceof CoordixError) throw new CoordixError(`--weights ${opts.weights}: ${error.message}`);
    throw error;
  }
}
