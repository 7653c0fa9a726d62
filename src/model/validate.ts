import { CoordixError } from '../errors.js';
import { parseExpression } from './expr.js';
import { FilterSyntaxError, parseRegions, parseYears } from '../input/filters.js';
import { findProvince } from '../regions/names.js';
import { pairwiseMatrix } from './ahp-matrix.js';
import { validateLevelTable } from './levels.js';
import {
  AGGREGATIONS,
  AHP_METHODS,
  BASE_WEIGHTINGS,
  COMBINE_METHODS,
  COUPLINGS,
  DEFAULTS,
  DIMENSION_WEIGHTINGS,
  ENTROPY_BASES,
  INDICATOR_WEIGHTINGS,
  NORMALISATION_METHODS,
  RESERVED_IDS,
  RI_TABLES,
  SCOPES,
  type Dimension,
  type Indicator,
  type Label,
  type Model,
} from './schema.js';

export type KeyPath = (string | number)[];

/** Where a model came from, to name it in errors: the file and a way to find a key's line. */
export interface ModelSource {
  name: string;
  locate?: (path: KeyPath) => number | undefined;
}

const TOP_KEYS = ['name', 'description', 'columns', 'normalization', 'weights', 'coupling', 'aggregation', 'combine', 'ahp', 'levels', 'dimensions', 'years', 'regions', 'aliases'];

/**
 * Validates a parsed model document and fills every default. Every error names the file, the
 * line (when known) and the key path, e.g. `model.yaml:14: dimensions[1].indicators[0].weight: …`.
 */
export function validateModel(raw: unknown, source: ModelSource): Model {
  const fail = (path: KeyPath, message: string): never => {
    const line = source.locate?.(path);
    const where = path.length ? `${formatPath(path)}: ` : '';
    throw new CoordixError(`${source.name}${line ? `:${line}` : ''}: ${where}${message}`);
  };

  const root = mapping(raw, [], fail, 'the model must be a mapping of keys (name, dimensions, …), not ' + kindOf(raw));
  checkKeys(root, TOP_KEYS, [], fail);

  const name = optionalString(root.name, ['name'], fail) ?? 'unnamed model';

  const columnsRaw = root.columns === undefined ? {} : mapping(root.columns, ['columns'], fail);
  checkKeys(columnsRaw, ['region', 'year'], ['columns'], fail);
  const columns = {
    region: optionalString(columnsRaw.region, ['columns', 'region'], fail) ?? DEFAULTS.columns.region,
    year: optionalString(columnsRaw.year, ['columns', 'year'], fail) ?? DEFAULTS.columns.year,
  };

  const normRaw = root.normalization === undefined ? {} : mapping(root.normalization, ['normalization'], fail);
  checkKeys(normRaw, ['method', 'range', 'scope', 'shift'], ['normalization'], fail);
  const method = choice(normRaw.method, NORMALISATION_METHODS, ['normalization', 'method'], fail) ?? DEFAULTS.normalization.method;
  const range = parseRange(normRaw.range, method, fail);
  const scope = choice(normRaw.scope, SCOPES, ['normalization', 'scope'], fail) ?? DEFAULTS.normalization.scope;
  let shift = DEFAULTS.normalization.shift;
  if (normRaw.shift !== undefined) {
    if (typeof normRaw.shift !== 'number' || !Number.isFinite(normRaw.shift) || normRaw.shift < 0) {
      fail(['normalization', 'shift'], `must be a number ≥ 0 (0.0001, 0.001 and 0.01 are usual), got ${show(normRaw.shift)}`);
    }
    shift = normRaw.shift as number;
  }

  const weightsRaw = root.weights === undefined ? {} : mapping(root.weights, ['weights'], fail);
  checkKeys(weightsRaw, ['indicators', 'dimensions', 'entropy'], ['weights'], fail);
  const entropyRaw = weightsRaw.entropy === undefined ? {} : mapping(weightsRaw.entropy, ['weights', 'entropy'], fail, `must be a mapping like { basis: raw }, got ${kindOf(weightsRaw.entropy)}`);
  checkKeys(entropyRaw, ['basis'], ['weights', 'entropy'], fail);
  const weights = {
    indicators: choice(weightsRaw.indicators, INDICATOR_WEIGHTINGS, ['weights', 'indicators'], fail) ?? DEFAULTS.weights.indicators,
    dimensions: choice(weightsRaw.dimensions, DIMENSION_WEIGHTINGS, ['weights', 'dimensions'], fail) ?? DEFAULTS.weights.dimensions,
    entropy: { basis: choice(entropyRaw.basis, ENTROPY_BASES, ['weights', 'entropy', 'basis'], fail) ?? DEFAULTS.weights.entropy.basis },
  };
  if (weights.entropy.basis === 'raw' && shift !== 0) {
    fail(['normalization', 'shift'], 'shift applies to the entropy of normalised scores; with weights.entropy.basis raw drop the shift (docs/methods.md §2a)');
  }

  const { coupling, couplingExponent } = parseCoupling(root.coupling, fail);
  const aggregation = choice(root.aggregation, AGGREGATIONS, ['aggregation'], fail) ?? DEFAULTS.aggregation;

  const combineRaw = root.combine === undefined ? {} : mapping(root.combine, ['combine'], fail);
  checkKeys(combineRaw, ['of', 'method', 'alpha'], ['combine'], fail);
  const combine: Model['combine'] = {
    of: [...DEFAULTS.combine.of],
    method: choice(combineRaw.method, COMBINE_METHODS, ['combine', 'method'], fail) ?? DEFAULTS.combine.method,
    alpha: DEFAULTS.combine.alpha,
  };
  if (combineRaw.alpha !== undefined) {
    const a = combineRaw.alpha;
    if (typeof a !== 'number' || !(a >= 0 && a <= 1)) fail(['combine', 'alpha'], `must be a number from 0 to 1 (the AHP share), got ${show(a)}`);
    combine.alpha = a as number;
  }
  if (combineRaw.of !== undefined) {
    const of = combineRaw.of;
    if (!Array.isArray(of) || of.length !== 2) fail(['combine', 'of'], `must be a list of two weightings [A, B] (A among ${BASE_WEIGHTINGS.join(', ')}; α weighs A), e.g. [ahp, entropy], got ${kindOf(of)}`);
    const [a, b] = (of as unknown[]).map((x, i) => choice(x, BASE_WEIGHTINGS, ['combine', 'of', i], fail)!);
    if (a === b) fail(['combine', 'of'], `combines a weighting with itself (${a}); choose two different weightings`);
    combine.of = [a, b];
  }

  // Dimensions and indicators.
  if (root.dimensions === undefined) fail([], 'the model has no "dimensions": list at least two dimensions, each with indicators');
  if (!Array.isArray(root.dimensions)) fail(['dimensions'], `must be a list of dimensions, got ${kindOf(root.dimensions)}`);
  const dimsRaw = root.dimensions as unknown[];
  if (dimsRaw.length < 2) {
    fail(['dimensions'], `a coupling model needs at least 2 dimensions (coupling of one system is undefined), got ${dimsRaw.length}`);
  }
  const dimensionIds = new Map<string, number>();
  const indicatorIds = new Map<string, KeyPath>();
  const columnsUsed = new Map<string, KeyPath>();
  const dimensions: Dimension[] = dimsRaw.map((dimRaw, k) => {
    const path: KeyPath = ['dimensions', k];
    const d = mapping(dimRaw, path, fail);
    checkKeys(d, ['id', 'label', 'weight', 'indicators'], path, fail);
    const id = requiredString(d.id, [...path, 'id'], fail);
    if (RESERVED_IDS.includes(id)) fail([...path, 'id'], `"${id}" is a column of the score output; choose another id`);
    if (dimensionIds.has(id)) fail([...path, 'id'], `duplicate dimension id "${id}" (also dimensions[${dimensionIds.get(id)}])`);
    dimensionIds.set(id, k);
    const label = parseLabel(d.label, [...path, 'label'], fail);
    const weight = positiveWeight(d.weight, [...path, 'weight'], fail);
    if (d.indicators === undefined || (Array.isArray(d.indicators) && d.indicators.length === 0)) {
      fail([...path, 'indicators'], `dimension "${id}" has no indicators; give it at least one`);
    }
    if (!Array.isArray(d.indicators)) fail([...path, 'indicators'], `must be a list of indicators, got ${kindOf(d.indicators)}`);
    const indicators: Indicator[] = (d.indicators as unknown[]).map((indRaw, j) => {
      const ipath: KeyPath = [...path, 'indicators', j];
      const ind = mapping(indRaw, ipath, fail);
      checkKeys(ind, ['id', 'column', 'expr', 'direction', 'target', 'interval', 'weight', 'label', 'unit', 'valid'], ipath, fail);
      const column = optionalString(ind.column, [...ipath, 'column'], fail) ?? null;
      const expr = optionalString(ind.expr, [...ipath, 'expr'], fail) ?? null;
      if (column !== null && expr !== null) fail(ipath, 'give either "column" or "expr", not both');
      if (column === null && expr === null) fail(ipath, 'an indicator needs a "column" to read or an "expr" to compute');
      if (expr !== null) {
        if (ind.id === undefined) fail([...ipath, 'id'], 'a derived indicator (expr) needs an "id"');
        try {
          parseExpression(expr);
        } catch (e) {
          fail([...ipath, 'expr'], (e as Error).message);
        }
      }
      const indId = ind.id === undefined ? column! : requiredString(ind.id, [...ipath, 'id'], fail);
      const previous = indicatorIds.get(indId);
      if (previous) fail([...ipath, 'id'], `duplicate indicator id "${indId}" (also ${formatPath(previous)}); give one of them another "id"`);
      indicatorIds.set(indId, ipath);
      if (column !== null) {
        const used = columnsUsed.get(column);
        if (used) fail([...ipath, 'column'], `column "${column}" is used twice (also ${formatPath(used)})`);
        columnsUsed.set(column, ipath);
      }
      return {
        id: indId,
        column,
        expr,
        ...parseDirection(ind, ipath, method, weights, fail),
        weight: positiveWeight(ind.weight, [...ipath, 'weight'], fail),
        label: parseLabel(ind.label, [...ipath, 'label'], fail),
        unit: optionalString(ind.unit, [...ipath, 'unit'], fail) ?? null,
        ...(ind.valid === undefined || ind.valid === null ? {} : { valid: validRange(ind.valid, [...ipath, 'valid'], fail) }),
      };
    });
    return { id, label, weight, indicators };
  });

  // AHP judgements.
  const ahpRaw = root.ahp === undefined ? {} : mapping(root.ahp, ['ahp'], fail);
  checkKeys(ahpRaw, ['method', 'ri', 'dimensions', 'indicators'], ['ahp'], fail);
  const ahp: Model['ahp'] = {
    method: choice(ahpRaw.method, AHP_METHODS, ['ahp', 'method'], fail) ?? DEFAULTS.ahp.method,
    ri: choice(ahpRaw.ri, RI_TABLES, ['ahp', 'ri'], fail) ?? DEFAULTS.ahp.ri,
    dimensions: null,
    indicators: Object.create(null) as Record<string, number[][]>,
  };
  const matrix = (value: unknown, path: KeyPath, size: number): number[][] => {
    try {
      return pairwiseMatrix(value, formatPath(path), size);
    } catch (e) {
      const line = source.locate?.(path);
      throw new CoordixError(`${source.name}${line ? `:${line}` : ''}: ${(e as Error).message}`);
    }
  };
  if (ahpRaw.dimensions !== undefined) ahp.dimensions = matrix(ahpRaw.dimensions, ['ahp', 'dimensions'], dimensions.length);
  if (ahpRaw.indicators !== undefined) {
    const perDim = mapping(ahpRaw.indicators, ['ahp', 'indicators'], fail);
    for (const key of Object.keys(perDim)) {
      const dim = dimensions.find((d) => d.id === key);
      if (!dim) fail(['ahp', 'indicators', key], `"${key}" is not a dimension id (known: ${dimensions.map((d) => d.id).join(', ')})`);
      ahp.indicators[key] = matrix(perDim[key], ['ahp', 'indicators', key], dim!.indicators.length);
    }
  }
  if (weights.dimensions === 'ahp' && ahp.dimensions === null) {
    fail(['ahp', 'dimensions'], `weights.dimensions is ahp, so the model needs ahp.dimensions: a ${dimensions.length} × ${dimensions.length} matrix over ${dimensions.map((d) => d.id).join(', ')}`);
  }
  if (weights.indicators === 'ahp' || (weights.indicators === 'combined' && combine.of.includes('ahp'))) {
    for (const d of dimensions) {
      if (d.indicators.length > 1 && !ahp.indicators[d.id]) {
        fail(['ahp', 'indicators', d.id], `weights.indicators is ${weights.indicators}, so dimension "${d.id}" needs a ${d.indicators.length} × ${d.indicators.length} matrix over ${d.indicators.map((i) => i.id).join(', ')}`);
      }
    }
  }

  const selection = parseSelection(root, fail);
  let levels: Model['levels'] = null;
  if (root.levels !== undefined && root.levels !== null) {
    const check = validateLevelTable(root.levels);
    if (!check.table) fail(['levels'], `${check.problems.join('; ')} (docs/methods.md §6)`);
    levels = check.table;
  }

  return { name, columns, normalization: { method, range, scope, shift }, weights, coupling, couplingExponent, aggregation, combine, ahp, levels, dimensions, ...selection };
}

/**
 * The model's `years:` (a text like "2015-2021" or a list of years and ranges), `regions:` (a
 * text or a list of names, `provinces`, east/central/west/northeast) and `aliases:` (a mapping
 * name → province), read as `--years`, `--regions` and `--aliases` read theirs.
 */
function parseSelection(root: Record<string, unknown>, fail: Fail): Pick<Model, 'years' | 'regions' | 'aliases'> {
  const out: Pick<Model, 'years' | 'regions' | 'aliases'> = {};
  const asText = (value: unknown, key: string): string => {
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(',');
    return fail([key], `must be a text or a list, e.g. ${key === 'years' ? '"2015-2021" or [2015, 2017, 2019-2021]' : '[北京, 天津] or east'}, got ${kindOf(value)}`);
  };
  try {
    if (root.years !== undefined && root.years !== null) out.years = parseYears(asText(root.years, 'years'));
  } catch (e) {
    if (e instanceof FilterSyntaxError) fail(['years'], e.reason);
    throw e;
  }
  try {
    if (root.regions !== undefined && root.regions !== null) out.regions = parseRegions(asText(root.regions, 'regions'));
  } catch (e) {
    if (e instanceof FilterSyntaxError) fail(['regions'], e.reason);
    throw e;
  }
  if (root.aliases !== undefined && root.aliases !== null) {
    const m = mapping(root.aliases, ['aliases'], fail, `must be a mapping of names to provinces, e.g. { Mongolia: 内蒙古, Chongqin: 重庆 }, got ${kindOf(root.aliases)}`);
    const aliases: Record<string, string> = {};
    for (const [alias, target] of Object.entries(m)) {
      const province = optionalString(target, ['aliases', alias], fail);
      if (province === undefined || findProvince(province) === null) {
        fail(['aliases', alias], `${show(target)} is not a province coordix knows; write the province in Chinese (内蒙古), in English (Inner Mongolia) or as its code (150000)`);
      }
      aliases[alias] = province!;
    }
    out.aliases = aliases;
  }
  return out;
}

type Fail = (path: KeyPath, message: string) => never;

export function formatPath(path: KeyPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON.stringify writes Infinity and NaN (YAML .inf, .nan) as null: name them for what they are.
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value === value ? (value > 0 ? '.inf' : '-.inf') : '.nan'} (not a finite number)`;
  return JSON.stringify(value);
}

function mapping(value: unknown, path: KeyPath, fail: Fail, message?: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(path, message ?? `must be a mapping of keys, got ${kindOf(value)}`);
  }
  return value as Record<string, unknown>;
}

function checkKeys(object: Record<string, unknown>, known: readonly string[], path: KeyPath, fail: Fail): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const near = known.find((k) => editDistance(k, key) <= 2);
    fail([...path, key], `unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}; known keys here: ${known.join(', ')}`);
  }
}

function optionalString(value: unknown, path: KeyPath, fail: Fail): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value.trim() === '') fail(path, `must be a non-empty text, got ${kindOf(value)}`);
  return value as string;
}

function requiredString(value: unknown, path: KeyPath, fail: Fail): string {
  const text = optionalString(value, path, fail);
  if (text === undefined) fail(path, 'is required');
  return text!;
}

function choice<T extends string>(value: unknown, options: readonly T[], path: KeyPath, fail: Fail): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !options.includes(value as T)) {
    fail(path, `unknown value ${show(value)}; choose one of ${options.join(', ')}`);
  }
  return value as T;
}

/** `valid: [lo, hi]`: two finite numbers, lo ≤ hi. */
function validRange(value: unknown, path: KeyPath, fail: Fail): [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'number' && Number.isFinite(v)) || value[0] > value[1]) {
    fail(path, `must be [lo, hi], two numbers with lo ≤ hi (a share: [0, 100]), got ${show(value)}`);
  }
  return [value[0], value[1]] as [number, number];
}

function positiveWeight(value: unknown, path: KeyPath, fail: Fail): number {
  if (value === undefined || value === null) return 1;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(path, `a weight must be a number > 0 (weights are relative and rescaled), got ${show(value)}`);
  }
  return value as number;
}

const DIRECTION_WORDS: Record<string, Indicator['direction']> = {
  benefit: 'benefit', '+': 'benefit', positive: 'benefit',
  cost: 'cost', '-': 'cost', '−': 'cost', negative: 'cost',
  target: 'target', interval: 'interval',
};

/**
 * An indicator's direction and, for `target` and `interval`, its `target: t` or `interval: [q1, q2]`
 * (docs/methods.md §1a: min–max only, and not with the entropy on raw values).
 */
function parseDirection(
  ind: Record<string, unknown>,
  ipath: KeyPath,
  method: Model['normalization']['method'],
  weights: Model['weights'],
  fail: Fail,
): Pick<Indicator, 'direction' | 'target' | 'interval'> {
  const path = [...ipath, 'direction'];
  const value = ind.direction;
  if (value === undefined || value === null) fail(path, 'is required: benefit (+, higher is better), cost (−, lower is better), target (with target: t) or interval (with interval: [q1, q2])');
  const direction = typeof value === 'string' ? DIRECTION_WORDS[value] : undefined;
  if (!direction) fail(path, `unknown direction ${show(value)}; use benefit (or "+"), cost (or "-"), target (with target: t) or interval (with interval: [q1, q2])`);
  if (direction !== 'target' && ind.target !== undefined) fail([...ipath, 'target'], `a target value needs direction target, not ${direction}`);
  if (direction !== 'interval' && ind.interval !== undefined) fail([...ipath, 'interval'], `an interval needs direction interval, not ${direction}`);
  if (direction === 'target' || direction === 'interval') {
    if (method !== 'min-max') fail(path, `direction ${direction} works with normalization.method min-max only, not ${method}`);
    if (weights.entropy.basis === 'raw' && (weights.indicators === 'entropy' || weights.indicators === 'combined' || weights.dimensions === 'entropy')) {
      fail(path, `direction ${direction} cannot enter the entropy on raw values (weights.entropy.basis raw); use basis normalised`);
    }
  }
  if (direction === 'target') {
    const t = ind.target;
    if (typeof t !== 'number' || !Number.isFinite(t)) fail([...ipath, 'target'], `direction target needs "target: t", a number (the best value), got ${show(t)}`);
    return { direction, target: t as number };
  }
  if (direction === 'interval') {
    const q = ind.interval;
    if (!Array.isArray(q) || q.length !== 2 || !q.every((x) => typeof x === 'number' && Number.isFinite(x)) || !(q[0] <= q[1])) {
      fail([...ipath, 'interval'], `direction interval needs "interval: [q1, q2]", two numbers with q1 ≤ q2 (the best band), got ${show(q)}`);
    }
    return { direction, interval: [(q as number[])[0], (q as number[])[1]] };
  }
  return { direction: direction! };
}

/** normalization.range [a, b]: 0 ≤ a < b ≤ 1, and min–max only unless it is [0, 1] (docs/methods.md §1a). */
function parseRange(value: unknown, method: Model['normalization']['method'], fail: Fail): [number, number] {
  if (value === undefined || value === null) return [0, 1];
  const path = ['normalization', 'range'];
  if (!Array.isArray(value) || value.length !== 2 || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    fail(path, `must be two numbers [a, b] with 0 ≤ a < b ≤ 1, e.g. [0.01, 0.99], got ${show(value)}`);
  }
  const [a, b] = value as number[];
  if (!(a >= 0 && a < b && b <= 1)) fail(path, `[${a}, ${b}] is not allowed: it needs 0 ≤ a < b ≤ 1, e.g. [0.01, 0.99]`);
  if (method !== 'min-max' && (a !== 0 || b !== 1)) fail(path, `a range works with normalization.method min-max only, not ${method}; drop the range or use min-max`);
  return [a, b];
}

/** `coupling: classic` or `coupling: { model: classic, k: 2 }` (k with classic only; docs/methods.md §6). */
function parseCoupling(value: unknown, fail: Fail): { coupling: Model['coupling']; couplingExponent: number | null } {
  if (value === undefined || value === null || typeof value === 'string') {
    return { coupling: choice(value, COUPLINGS, ['coupling'], fail) ?? DEFAULTS.coupling, couplingExponent: null };
  }
  const m = mapping(value, ['coupling'], fail, `must be a model name (${COUPLINGS.join(', ')}) or a mapping like { model: classic, k: 2 }, got ${kindOf(value)}`);
  checkKeys(m, ['model', 'k'], ['coupling'], fail);
  const coupling = choice(m.model, COUPLINGS, ['coupling', 'model'], fail) ?? DEFAULTS.coupling;
  if (m.k === undefined || m.k === null) return { coupling, couplingExponent: null };
  if (coupling !== 'classic') fail(['coupling', 'k'], `the exponent k works with the classic coupling only, not ${coupling}; drop k or use model classic`);
  if (typeof m.k !== 'number' || !Number.isFinite(m.k) || m.k <= 0) fail(['coupling', 'k'], `must be a number > 0 (papers use 2 or more; 1/K is the classic formula), got ${show(m.k)}`);
  return { coupling, couplingExponent: m.k as number };
}

function parseLabel(value: unknown, path: KeyPath, fail: Fail): Label {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') return { en: value };
  const m = mapping(value, path, fail);
  checkKeys(m, ['en', 'zh'], path, fail);
  return {
    ...(m.en !== undefined ? { en: requiredString(m.en, [...path, 'en'], fail) } : {}),
    ...(m.zh !== undefined ? { zh: requiredString(m.zh, [...path, 'zh'], fail) } : {}),
  };
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
