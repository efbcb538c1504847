import type { MetricRow } from '../model/types.js';
import { metric } from './synthetic.js';

/**
 * Metrics rows as @hbt/evaluator writes them for its bitext, qa and news tasks (see its README, "Tasks"):
 * `ntrex-128` (bitext: pivot eng, pcm and yor both ways, the multi-way pool) with P@1 `p1` for pcm.
 */
export function bitextRows(p1: number): MetricRow[] {
  const rows: MetricRow[] = [];
  const bt = (s: 'cross' | 'multi', q: string, d: string, measure: string, v: number, n = 1997) =>
    rows.push(metric('ntrex-128', s, q, d, measure, v, n));
  for (const x of ['pcm', 'yor']) {
    const v = x === 'pcm' ? p1 : 0.001;
    for (const [q, d] of [
      [x, 'eng'],
      ['eng', x],
    ] as const) {
      bt('cross', q, d, 'P@1', v);
      bt('cross', q, d, 'P@1_chance', 1 / 1997);
      bt('cross', q, d, 'n_candidates', 1997);
      bt('cross', q, d, 'P@1_margin', v + 0.05);
    }
  }
  for (const [q, d] of [
    ['*', 'eng'],
    ['eng', '*'],
    ['*', '*'],
  ] as const) {
    bt('cross', q, d, 'P@1', (p1 + 0.001) / 2);
    bt('cross', q, d, 'P@1_chance', 1 / 1997);
    bt('cross', q, d, 'P@1_margin', (p1 + 0.001) / 2 + 0.05);
  }
  for (const [q, d, r] of [
    ['pcm', 'eng', 300],
    ['eng', 'pcm', 400],
    ['yor', 'eng', 2996],
    ['eng', 'yor', 2500],
  ] as const) {
    bt('multi', q, d, 'pool_rank', r, 100);
    bt('multi', q, d, 'pool_rank_chance', 2995.5, 100);
  }
  for (const x of ['eng', 'pcm', 'yor', '*']) {
    bt('multi', x, '*', 'P@1', x === 'yor' ? 0.01 : 0.3, 100);
    bt('multi', x, '*', 'P@1_chance', 2 / 5990, 100);
    bt('multi', x, '*', 'RD', x === 'yor' ? 2900 : 800, 100);
    bt('multi', x, '*', 'RD_chance', 1997.3, 100);
    bt('multi', x, '*', 'n_candidates', 5990, 100);
  }
  return rows;
}

/** `afriqa` (qa: cross, mono and multi cells) and `masakhane-news` (news: mono only), AP `ap`. */
export function qaRows(ap: number): MetricRow[] {
  const rows: MetricRow[] = [];
  const cell = (ds: string, s: 'mono' | 'cross' | 'multi', q: string, d: string, pool: number) => {
    for (const [m, v] of [
      ['AP', ap],
      ['R@1', ap - 0.1],
      ['R@1_chance', 1 / pool],
      ['R@10', ap + 0.1],
      ['R@10_chance', 10 / pool],
      ['nDCG@10', ap],
      ['n_candidates', pool],
    ] as const)
      rows.push(metric(ds, s, q, d, m, v, 300));
  };
  cell('afriqa', 'cross', 'hau', 'eng', 1200);
  cell('afriqa', 'cross', '*', '*', 1200);
  cell('afriqa', 'mono', 'eng', 'eng', 1200);
  cell('afriqa', 'mono', '*', '*', 1200);
  cell('afriqa', 'multi', 'hau', '*', 1500);
  cell('afriqa', 'multi', '*', '*', 1500);
  cell('masakhane-news', 'mono', 'hau', 'hau', 637);
  cell('masakhane-news', 'mono', '*', '*', 637);
  return rows;
}
