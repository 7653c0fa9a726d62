import type { Warning } from '../../errors.js';
import type { Model } from '../../model/schema.js';
import { FrozenStateError, NoObservationsError } from '../errors.js';
import { normaliseColumn, zeroRangeWarning, type Bounds } from '../normalise.js';
import { membersByYear } from './groups.js';
import type { EvaluationInput, FrozenState, Group, NormalisedPanel } from './types.js';

/**
 * Stage 1 (docs/methods.md §2): every indicator scaled into z within its normalisation group —
 * all region-years (scope pooled) or each year (scope per-year) — or against frozen bounds.
 *
 * @throws NoObservationsError for an empty input; FrozenStateError for frozen state with
 *   per-year scope or with counts that do not fit the model.
 */
export function normalise(input: EvaluationInput, model: Model, frozen?: FrozenState): NormalisedPanel {
  const m = input.regions.length;
  const indicators = model.dimensions.flatMap((d) => d.indicators);
  const J = indicators.length;
  const K = model.dimensions.length;
  if (input.values.length !== J) throw new Error(`normalise: ${input.values.length} value columns for ${J} indicators`);
  if (m === 0) throw new NoObservationsError();
  const scope = model.normalization.scope;
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
      const result = normaliseColumn(input.values[j], group.members, indicator.direction, frozen?.bounds[j]);
      if (result.zeroRange) warnings.push(zeroRangeWarning(indicator.id, scope === 'per-year' ? group.year : undefined));
      for (const i of result.clamped) clamped.push({ region: input.regions[i], year: input.years[i], indicator: indicator.id });
      group.members.forEach((i, p) => (z[j][i] = result.out[p]));
      groupBounds.push(result.bounds);
      groupZero.push(result.zeroRange);
    });
    bounds.push(groupBounds);
    zeroRange.push(groupZero);
  }
  return { input, model, settings: { method: 'min-max', scope, frozen: frozen !== undefined }, groups, groupOf, z, bounds, zeroRange, clamped, warnings };
}

/** One pooled group, or one group per year in order of first appearance. */
function groupsOf(years: readonly (number | null)[], scope: Model['normalization']['scope']): Group[] {
  const byYear = membersByYear(years);
  if (scope === 'per-year') return [...byYear].map(([year, members]) => ({ year, members }));
  return [{ year: byYear.size === 1 ? years[0] : null, members: Array.from({ length: years.length }, (_, i) => i) }];
}
