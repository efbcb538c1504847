import type { DatasetInfo } from '../model/build.js';
import { CHANCE_TOLERANCE } from '../model/chance.js';
import type { Setting } from '../model/types.js';

/** Column and caption words shared by the content builders. */
export const SETTING_SHORT: Record<Setting, string> = { mono: 'Mo.', cross: 'Cr.', multi: 'Mul.' };
export const SETTING_LONG: Record<Setting, string> = {
  mono: 'monolingual',
  cross: 'cross-lingual',
  multi: 'multilingual',
};

/** `xquad-r (zero-shot)` */
export function datasetLabel(d: DatasetInfo): string {
  return `${d.name} (${d.inDomain ? 'in-domain' : 'zero-shot'})`;
}

/** The recall measure the paper's per-language tables use in a setting: R@1 for Mo./Cr., R@10 for Mul. */
export function recallOf(setting: Setting): string {
  return setting === 'multi' ? 'R@10' : 'R@1';
}

/** Higher is better for AP and recall; lower for rank distance. */
export function higherIsBetter(measure: string): boolean {
  return measure !== 'RD';
}

/** The row or column label of the rank distance's chance level. */
export const CHANCE_LABEL = 'Random ranking (chance)';

/** ±5 %: the at-chance margin as printed. */
export const CHANCE_MARGIN = `±${Math.round(CHANCE_TOLERANCE * 100)} %`;

/** What the chance level of the rank distance is and how to read a value against it. */
export const CHANCE_EXPLAINED = `${CHANCE_LABEL}: the rank distance a random ranking of the same pool has in expectation over the same queries, (k − 1)(n + 1)/(k + 1) for a query with k relevant candidates among n, averaged like the measure (written by the eval stage). Within ${CHANCE_MARGIN} of it, a model places a query’s relevant candidates in different languages no closer together than a random order does; above it, it pulls them further apart than chance (a preference for some languages); well below it is the aim.`;
