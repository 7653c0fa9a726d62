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

import type { Lang } from '../model/vocabulary.js';
import type { LevelTable } from '../model/levels.js';

export type { Lang, LevelTable };

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

