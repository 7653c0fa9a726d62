/**
 * The ten coordination levels of D (methods.md §6), from Acta Geographica Sinica 2021, 76(4): 781,
 * Table 1. coordix uses half-open intervals [lower, upper), with D = 1 in level 10:
 * level = min(⌊10·D⌋, 9) + 1, computed on the double D as is.
 *
 * @example coordinationLevel(0.5) // => 6
 * @example coordinationLevel(1) // => 10
 */
export function coordinationLevel(degree: number): number {
  return Math.min(Math.floor(10 * degree), 9) + 1;
}

export type Lang = 'en' | 'zh';

const LEVEL_NAMES: Record<Lang, readonly string[]> = {
  en: [
    'extreme imbalance',
    'serious imbalance',
    'moderate imbalance',
    'mild imbalance',
    'on the verge of imbalance',
    'barely coordinated',
    'primary coordination',
    'intermediate coordination',
    'good coordination',
    'high-quality coordination',
  ],
  zh: ['极度失调', '严重失调', '中度失调', '轻度失调', '濒临失调', '勉强协调', '初级协调', '中级协调', '良好协调', '优质协调'],
};

/** The name of a level 1..10 in English or Chinese. @example levelName(6, 'zh') // => '勉强协调' */
export function levelName(level: number, lang: Lang = 'en'): string {
  return LEVEL_NAMES[lang][level - 1];
}

/**
 * A table of L coordination levels (methods.md §6, "Custom levels"): L − 1 bounds
 * 0 < b_1 < … < b_{L−1} < 1 and L names per language. Level ℓ covers [b_{ℓ−1}, b_ℓ) with b_0 = 0,
 * and the last level is closed above (it holds D = 1).
 */
export interface LevelTable {
  bounds: number[];
  names: { en: string[]; zh: string[] };
}

/** The built-in ten levels as a table: bounds 0.1, 0.2, …, 0.9 and the names of {@link levelName}. */
export const BUILTIN_LEVELS: LevelTable = {
  bounds: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  names: { en: [...LEVEL_NAMES.en], zh: [...LEVEL_NAMES.zh] },
};

function hasBuiltinBounds(table: LevelTable): boolean {
  const b = table.bounds;
  return b.length === BUILTIN_LEVELS.bounds.length && b.every((x, i) => x === BUILTIN_LEVELS.bounds[i]);
}

/**
 * The level of D in a table: level = 1 + #{b ≤ D} (closed below, open above; methods.md §6).
 * Without a table, or with a table whose bounds are exactly 0.1, 0.2, …, 0.9, this is
 * {@link coordinationLevel}, the contract's rule for the built-in levels — the two rules differ at
 * a single double, D = 0.8999999999999999, where 10·D rounds up to 9 (level 10, not 9).
 *
 * @example levelOf(0.45, { bounds: [0.3, 0.5, 0.8], names: { en: ['low', 'fair', 'good', 'high'], zh: ['低', '中', '良', '高'] } }) // => 2
 * @example levelOf(0.9) // => 10
 */
export function levelOf(degree: number, table?: LevelTable): number {
  if (table === undefined || hasBuiltinBounds(table)) return coordinationLevel(degree);
  let count = 0;
  for (const b of table.bounds) if (b <= degree) count++;
  return count + 1;
}

/**
 * The name of a level in a table (the built-in ten without one).
 * @example levelNameOf(4, 'zh', { bounds: [0.3, 0.5, 0.8], names: { en: ['low', 'fair', 'good', 'high'], zh: ['低', '中', '良', '高'] } }) // => '高'
 * @example levelNameOf(6, 'en') // => 'barely coordinated'
 */
export function levelNameOf(level: number, lang: Lang = 'en', table?: LevelTable): string {
  return (table ?? BUILTIN_LEVELS).names[lang][level - 1];
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
