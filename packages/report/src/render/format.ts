import type { Summary } from '../stats/describe.js';

/**
 * Number formatting shared by every table and chart. A missing or non-finite value prints as an en dash,
 * never as "NaN" or "undefined".
 */
export const MISSING = '–';

/** Decimals a measure is printed with: 1 for rank distance, 3 for AP and recall. */
export function digitsOf(measure: string): number {
  return measure === 'RD' ? 1 : 3;
}

export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return MISSING;
  const s = x.toFixed(digits);
  return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
}

/** A signed difference: `+0.012`, `−0.004`. */
export function fmtSigned(x: number | null | undefined, digits = 3): string {
  const s = fmt(x, digits);
  if (s === MISSING) return s;
  return x! > 0 && s !== (0).toFixed(digits) ? `+${s}` : s.replace('-', '−');
}

/** A p-value: 3 significant digits, `< 0.001` style below 1e-3 only when the estimate is that small. */
export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return MISSING;
  if (p >= 0.001) return p.toFixed(3);
  return p.toExponential(1);
}

/**
 * A seed statistic as a table cell: `0.512 ± 0.010` with the interval `[0.488, 0.536]` as the second line;
 * with one seed `0.512` and `n=1`; with none, a dash.
 */
export function fmtStat(s: Summary, digits: number): { text: string; sub?: string } {
  if (s.mean === null) return { text: MISSING };
  if (s.std === null) return { text: fmt(s.mean, digits), sub: `n=${s.n}` };
  return {
    text: `${fmt(s.mean, digits)} ± ${fmt(s.std, digits)}`,
    sub: `[${fmt(s.low, digits)}, ${fmt(s.high, digits)}]`,
  };
}
