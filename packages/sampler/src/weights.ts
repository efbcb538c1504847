import { DataError, type SamplerConfig } from '@hbt/core';
import type { DatasetPools } from './pools.js';

/**
 * Dataset sampling probabilities q_i: proportional to size n_i (`proportional`), equal (`uniform`), or
 * q_i ∝ n_i^T (`temperature`, T = `cfg.temperature`). n_i counts pairs or groups (`cfg.dataset_size`).
 * A dataset the strategy cannot use (x-x-mono without any mono pair) gets 0 and a warning.
 *
 * @example
 * // sizes 900 and 100, temperature 0.5: q ∝ [30, 10] → [0.75, 0.25]
 */
export function datasetWeights(pools: DatasetPools[], cfg: SamplerConfig, warnings: string[]): number[] {
  const raw = pools.map((p) => {
    const usable = p.mono.length > 0 || p.cross !== null || p.mixed !== null;
    if (!usable) {
      warnings.push(
        `dataset "${p.name}" has no pair with query_lang == pos_lang, so strategy ${cfg.strategy} cannot use it`,
      );
      return 0;
    }
    const n = cfg.dataset_size === 'groups' ? p.groups : p.pairs;
    if (cfg.dataset_weighting === 'uniform') return 1;
    if (cfg.dataset_weighting === 'temperature') return n ** cfg.temperature;
    return n;
  });
  const total = raw.reduce((a, b) => a + b, 0);
  if (!(total > 0)) {
    throw new DataError(`strategy ${cfg.strategy} cannot use any dataset of the training pairs`, {
      hint: 'x-x-mono needs pairs whose query and passage languages are equal; choose x-y, hybrid or mixed',
    });
  }
  return raw.map((w) => w / total);
}
