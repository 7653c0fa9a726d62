import type { Warning } from '../../errors.js';
import type { Model } from '../../model/schema.js';
import { FrozenStateError, NoObservationsError } from '../errors.js';
import { normalise as normaliseIndicator, NormaliseValueError, zeroRangeWarning, type Bounds, type ValueRule } from '../normalise.js';
import { membersByYear } from './groups.js';
import type { EvaluationInput, FrozenState, Group, NormalisedPanel } from './types.js';

/**
 * Stage 1 (docs/methods.md §1, §1a): every indicator scaled into z within its normalisation group —
 * all region-years (scope pooled) or each year (scope per-year) — or against frozen bounds, by the
 * model's method (min-max, none, vector) and the indicator's direction (benefit, cost, target t,
 * interval [q1, q2]); with a range [a, b], z' = a + (b − a)·z is what every later step uses.
 *
 * @throws NoObservationsError for an empty input; FrozenStateError for frozen state with
 *   per-year scope or with counts that do not fit the model; NormaliseValueError naming the
 *   region, year and indicator of a value the method cannot take (outside [0, 1] with none,
 *   negative with vector); NormaliseSpecError for a spec validation would have refused.
 */
export function normalise(input: EvaluationInput, model: Model, frozen?: FrozenState): NormalisedPanel {
  const m = input.regions.length;
  const indicators = model.dimensions.flatMap((d) => d.indicators);
  const J = indicators.length;
  const K = model.dimensions.length;
  if (input.values.length !== J) throw new Error(`normalise: ${input.values.length} value columns for ${J} indicators`);
  if (m === 0) throw new NoObservationsError();
  const { scope, method, range } = model.normalization;
  if (frozen) {
    if (scope !== 'pooled') throw new FrozenStateError('scope');
    if (frozen.bounds.length !== J || frozen.indicatorWeights.length !== J || frozen.dimensionWeights.length !== K) {
      throw new FrozenStateError('shape', { indicators: frozen.bounds.length, dimensions: frozen.dimensionWeights.length }, { indicators: J, dimensions: K });
    }
  }
  const warnings: Warning[] = [];
  const groups = groupsOf(input.years, scope);
  if (scope === 'per-year' && groups.length === 1) {
    warnings.push({ code: 'single-year-per-year', message: 'normalization scope per-year with a single year: the same as pooled' });
  }
  const groupOf = new Int32Array(m);
  groups.forEach((g, index) => g.members.forEach((i) => (groupOf[i] = index)));

  const z = indicators.map(() => new Float64Array(m));
  const bounds: Bounds[][] = [];
  const zeroRange: boolean[][] = [];
  const clamped: NormalisedPanel['clamped'] = [];
  for (const group of groups) {
    const groupBounds: Bounds[] = [];
    const groupZero: boolean[] = [];
    indicators.forEach((indicator, j) => {
      const spec = { method, direction: indicator.direction, target: indicator.target, interval: indicator.interval, range: model.normalization.range };
      let result;
      try {
        result = normaliseIndicator(input.values[j], group.members, spec, frozen?.bounds[j]);
      } catch (e) {
        if (!(e instanceof NormaliseValueError)) throw e;
        const year = input.years[e.index];
        throw new CellValueError(e.index, e.value, e.rule, `${input.regions[e.index]}${year === null ? '' : ` ${year}`}, indicator "${indicator.id}"`, indicator.id);
      }
      if (result.zeroRange) warnings.push(zeroRangeWarning(indicator.id, scope === 'per-year' ? group.year : undefined, result.out[0]));
      for (const i of result.clamped) clamped.push({ region: input.regions[i], year: input.years[i], indicator: indicator.id });
      group.members.forEach((i, p) => (z[j][i] = result.out[p]));
      groupBounds.push(result.bounds);
      groupZero.push(result.zeroRange);
    });
    bounds.push(groupBounds);
    zeroRange.push(groupZero);
  }
  return { input, model, settings: { method, range: [range[0], range[1]], scope, frozen: frozen !== undefined }, groups, groupOf, z, bounds, zeroRange, clamped, warnings };
}

/**
 * A raw value the normalisation method cannot take, with the indicator's id, so that the caller
 * can find the cell's file and line: `index` is the observation (into the evaluation input).
 */
export class CellValueError extends NormaliseValueError {
  constructor(
    index: number,
    value: number,
    rule: ValueRule,
    place: string,
    readonly indicator: string,
  ) {
    super(index, value, rule, place);
    this.name = 'NormaliseValueError';
  }
}

/** One pooled group, or one group per year in order of first appearance. */
function groupsOf(years: readonly (number | null)[], scope: Model['normalization']['scope']): Group[] {
  const byYear = membersByYear(years);
  if (scope === 'per-year') return [...byYear].map(([year, members]) => ({ year, members }));
  return [{ year: byYear.size === 1 ? years[0] : null, members: Array.from({ length: years.length }, (_, i) => i) }];
}
