import type { Lang } from './vocabulary.js';

/**
 * A table of L coordination levels (methods.md §6, "Custom levels"): L − 1 bounds
 * 0 < b_1 < … < b_{L−1} < 1 and L names per language. Level ℓ covers [b_{ℓ−1}, b_ℓ) with b_0 = 0,
 * and the last level is closed above (it holds D = 1).
 */
export interface LevelTable {
  bounds: number[];
  names: { en: string[]; zh: string[] };
}

/** What {@link validateLevelTable} found: the table (null when there are problems) and each problem. */
export interface LevelTableCheck {
  table: LevelTable | null;
  problems: string[];
}

/**
 * Checks a level table as a user wrote it (`levels: { bounds, names: { en, zh } }`, methods.md §6)
 * and returns every problem in words, or the table. Rules: `bounds` is a non-empty list of finite
 * numbers, each strictly inside (0, 1), strictly increasing; `names` gives `en`, `zh` or both, each
 * a list of bounds.length + 1 non-empty strings; one language given, the other falls back to it.
 * Throws nothing: the caller turns the problems into an error that names the model file.
 *
 * @example validateLevelTable({ bounds: [0.5], names: { en: ['low', 'high'] } }) // => { table: { bounds: [0.5], names: { en: ['low', 'high'], zh: ['low', 'high'] } }, problems: [] }
 * @example validateLevelTable({ bounds: [0.6, 0.4], names: { zh: ['低', '中'] } }).problems // => ['levels.bounds must increase strictly: bound 2 (0.4) is not above bound 1 (0.6)', 'levels.names.zh has 2 names, but 2 bounds make 3 levels']
 */
export function validateLevelTable(raw: unknown): LevelTableCheck {
  const problems: string[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { table: null, problems: ['levels must be a mapping with `bounds` and `names`'] };
  }
  const { bounds, names } = raw as { bounds?: unknown; names?: unknown };
  let levels = 0;
  const cleanBounds: number[] = [];
  if (!Array.isArray(bounds) || bounds.length === 0) {
    problems.push('levels.bounds must be a non-empty list of numbers between 0 and 1, e.g. [0.3, 0.5, 0.8]');
  } else {
    bounds.forEach((b, i) => {
      if (typeof b !== 'number' || !Number.isFinite(b)) {
        problems.push(`levels.bounds: bound ${i + 1} is ${JSON.stringify(b)}, not a number`);
      } else if (!(b > 0 && b < 1)) {
        problems.push(`levels.bounds: bound ${i + 1} is ${b}, but bounds must lie strictly between 0 and 1`);
      }
      cleanBounds.push(typeof b === 'number' ? b : NaN);
    });
    for (let i = 1; i < cleanBounds.length; i++) {
      if (Number.isFinite(cleanBounds[i]) && Number.isFinite(cleanBounds[i - 1]) && !(cleanBounds[i] > cleanBounds[i - 1])) {
        problems.push(`levels.bounds must increase strictly: bound ${i + 1} (${cleanBounds[i]}) is not above bound ${i} (${cleanBounds[i - 1]})`);
      }
    }
    levels = bounds.length + 1;
  }
  const byLang: Partial<Record<Lang, string[]>> = {};
  if (names === null || typeof names !== 'object' || Array.isArray(names)) {
    problems.push('levels.names must be a mapping with `en`, `zh` or both, each a list of level names');
  } else {
    const given = names as Record<string, unknown>;
    for (const key of Object.keys(given)) {
      if (key !== 'en' && key !== 'zh') problems.push(`levels.names.${key}: unknown language (use en or zh)`);
    }
    for (const lang of ['en', 'zh'] as const) {
      const list = given[lang];
      if (list === undefined) continue;
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'string' && x.trim() !== '')) {
        problems.push(`levels.names.${lang} must be a list of non-empty names`);
        continue;
      }
      if (levels > 0 && list.length !== levels) {
        problems.push(`levels.names.${lang} has ${list.length} name${list.length === 1 ? '' : 's'}, but ${levels - 1} bound${levels === 2 ? '' : 's'} make${levels === 2 ? 's' : ''} ${levels} levels`);
        continue;
      }
      byLang[lang] = [...(list as string[])];
    }
    if (given.en === undefined && given.zh === undefined) problems.push('levels.names must give `en`, `zh` or both');
  }
  if (problems.length > 0) return { table: null, problems };
  const en = byLang.en ?? byLang.zh!;
  const zh = byLang.zh ?? byLang.en!;
  return { table: { bounds: cleanBounds, names: { en, zh } }, problems: [] };
}
