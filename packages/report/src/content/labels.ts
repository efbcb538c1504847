import type { DatasetInfo } from '../model/build.js';
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
