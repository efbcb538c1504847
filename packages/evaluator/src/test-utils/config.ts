import type { HbtConfig } from '@hbt/core';

/** The parts of a resolved config the eval stage reads, with defaults and overrides for tests. */
export function evalConfig(
  ev: Partial<HbtConfig['eval']> = {},
  train: string[] = [],
): Pick<HbtConfig, 'eval' | 'data'> {
  return {
    eval: {
      settings: ['mono', 'cross', 'multi'],
      measures: ['AP', 'AP@20', 'R@1', 'R@10', 'nDCG@10', 'R@100'],
      per_query: ['AP'],
      in_domain: true,
      bitext: { measures: ['P@1', 'AP'], pivot: 'eng', pairs: [], pool_queries: 100, margin_k: null },
      ...ev,
    },
    data: { train: train.map((name) => ({ name })) } as unknown as HbtConfig['data'],
  };
}
