import { CoordixError } from '../errors.js';
import { parseExpression } from './expr.js';
import { pairwiseMatrix } from '../core/weights/ahp.js';
import {
  AGGREGATIONS,
  AHP_METHODS,
  COMBINE_METHODS,
  COUPLINGS,
  DEFAULTS,
  DIMENSION_WEIGHTINGS,
  INDICATOR_WEIGHTINGS,
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

const TOP_KEYS = ['name', 'description', 'columns', 'normalization', 'weights', 'coupling', 'aggregation', 'combine', 'ahp', 'dimensions'];

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
  checkKeys(normRaw, ['scope', 'shift'], ['normalization'], fail);
  const scope = choice(normRaw.scope, SCOPES, ['normalization', 'scope'], fail) ?? DEFAULTS.normalization.scope;
  let shift = DEFAULTS.normalization.shift;
  if (normRaw.shift !== undefined) {
    if (typeof normRaw.shift !== 'number' || !Number.isFinite(normRaw.shift) || normRaw.shift < 0) {
      fail(['normalization', 'shift'], `must be a number ≥ 0 (0.0001, 0.001 and 0.01 are usual), got ${show(normRaw.shift)}`);
    }
    shift = normRaw.shift as number;
  }

  const weightsRaw = root.weights === undefined ? {} : mapping(root.weights, ['weights'], fail);
  checkKeys(weightsRaw, ['indicators', 'dimensions'], ['weights'], fail);
  const weights = {
    indicators: choice(weightsRaw.indicators, INDICATOR_WEIGHTINGS, ['weights', 'indicators'], fail) ?? DEFAULTS.weights.indicators,
    dimensions: choice(weightsRaw.dimensions, DIMENSION_WEIGHTINGS, ['weights', 'dimensions'], fail) ?? DEFAULTS.weights.dimensions,
  };

  const coupling = choice(root.coupling, COUPLINGS, ['coupling'], fail) ?? DEFAULTS.coupling;
  const aggregation = choice(root.aggregation, AGGREGATIONS, ['aggregation'], fail) ?? DEFAULTS.aggregation;

  const combineRaw = root.combine === undefined ? {} : mapping(root.combine, ['combine'], fail);
  checkKeys(combineRaw, ['method', 'alpha'], ['combine'], fail);
  const combine = {
    method: choice(combineRaw.method, COMBINE_METHODS, ['combine', 'method'], fail) ?? DEFAULTS.combine.method,
    alpha: DEFAULTS.combine.alpha,
  };
  if (combineRaw.alpha !== undefined) {
    const a = combineRaw.alpha;
    if (typeof a !== 'number' || !(a >= 0 && a <= 1)) fail(['combine', 'alpha'], `must be a number from 0 to 1 (the AHP share), got ${show(a)}`);
    combine.alpha = a as number;
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
      checkKeys(ind, ['id', 'column', 'expr', 'direction', 'weight', 'label', 'unit'], ipath, fail);
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
        direction: parseDirection(ind.direction, [...ipath, 'direction'], fail),
        weight: positiveWeight(ind.weight, [...ipath, 'weight'], fail),
        label: parseLabel(ind.label, [...ipath, 'label'], fail),
        unit: optionalString(ind.unit, [...ipath, 'unit'], fail) ?? null,
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
  if (weights.indicators === 'ahp' || weights.indicators === 'combined') {
    for (const d of dimensions) {
      if (d.indicators.length > 1 && !ahp.indicators[d.id]) {
        fail(['ahp', 'indicators', d.id], `weights.indicators is ${weights.indicators}, so dimension "${d.id}" needs a ${d.indicators.length} × ${d.indicators.length} matrix over ${d.indicators.map((i) => i.id).join(', ')}`);
      }
    }
  }

  return { name, columns, normalization: { scope, shift }, weights, coupling, aggregation, combine, ahp, dimensions };
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
  return value === undefined ? 'nothing' : JSON.stringify(value);
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

function positiveWeight(value: unknown, path: KeyPath, fail: Fail): number {
  if (value === undefined || value === null) return 1;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(path, `a weight must be a number > 0 (weights are relative and rescaled), got ${show(value)}`);
  }
  return value as number;
}

function parseDirection(value: unknown, path: KeyPath, fail: Fail): 'benefit' | 'cost' {
  if (value === undefined || value === null) fail(path, 'is required: benefit (+, higher is better) or cost (−, lower is better)');
  if (value === 'benefit' || value === '+' || value === 'positive') return 'benefit';
  if (value === 'cost' || value === '-' || value === '−' || value === 'negative') return 'cost';
  return fail(path, `unknown direction ${show(value)}; use benefit (or "+") or cost (or "-")`);
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
