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
