import type { Evaluation } from '../measures/evaluate.js';
import { fromLatin1 } from './scan.js';

/**
 * Printing an {@link Evaluation} the way trec_eval does: `measure<TAB>qid-or-all<TAB>value`, values with
 * 4 decimals rounded exactly as C's `printf("%.4f")` (the exact binary value, ties to even).
 */

/**
 * `x` with `digits` decimals, rounded like glibc's printf: from the exact decimal expansion of the double,
 * half-way cases to even. (`Number#toFixed` rounds half-way cases up: 0.03125 → "0.0313", printf "0.0312".)
 *
 * @example
 * formatFixed(1 / 32, 4); // '0.0312'
 */
export function formatFixed(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  const neg = x < 0 || Object.is(x, -0);
  // 60 extra digits hold the exact expansion far enough to decide any tie for |x| ≥ 2^-100.
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 60));
  const dot = exact.indexOf('.');
  const keep = exact.slice(0, dot + 1 + digits);
  const rest = exact.slice(dot + 1 + digits);
  const first = rest.charCodeAt(0) - 48;
  const tail = /[1-9]/.test(rest.slice(1));
  const lastDigit = keep.charCodeAt(keep.length - 1) - 48;
  const up = first > 5 || (first === 5 && (tail || lastDigit % 2 === 1));
  let out = up ? roundUp(keep) : keep;
  if (out.endsWith('.')) out = out.slice(0, -1);
  return neg ? `-${out}` : out;
}

function roundUp(s: string): string {
  const chars = s.split('');
  let i = chars.length - 1;
  for (; i >= 0; i--) {
    if (chars[i] === '.') continue;
    if (chars[i] === '9') chars[i] = '0';
    else {
      chars[i] = String.fromCharCode(chars[i]!.charCodeAt(0) + 1);
      break;
    }
  }
  return i < 0 ? `1${chars.join('')}` : chars.join('');
}

export interface FormatOptions {
  /** Print per-query lines before the `all` lines (trec_eval `-q`). */
  perQuery?: boolean;
  /** Print trec_eval's measure names (`map`, `ndcg_cut_10`, …) instead of `AP`, `nDCG@10`, …. */
  trecNames?: boolean;
}

/**
 * trec_eval-style text: per query (all measures of a query together, queries in byte order), then `all`.
 *
 * @example
 * formatEvaluation(e, { perQuery: true });
 * // "AP                    \t301\t0.0324\n…\nAP                    \tall\t0.1785\n"
 */
export function formatEvaluation(e: Evaluation, opts: FormatOptions = {}): string {
  const names = e.measures.map((m) => (opts.trecNames ? (m.trecName ?? m.name) : m.name).padEnd(22));
  const out: string[] = [];
  if (opts.perQuery) {
    for (let q = 0; q < e.queryIds.length; q++) {
      const qid = fromLatin1(e.queryIds[q]!);
      for (let m = 0; m < e.measures.length; m++) {
        out.push(`${names[m]}\t${qid}\t${formatFixed(e.perQuery[m]![q]!)}`);
      }
    }
  }
  out.push(`${'num_q'.padEnd(22)}\tall\t${e.numQueries}`);
  for (let m = 0; m < e.measures.length; m++) out.push(`${names[m]}\tall\t${formatFixed(e.means[m]!)}`);
  return `${out.join('\n')}\n`;
}

/** The same as JSON: `{ num_q, measures, all: {m: v}, per_query?: {qid: {m: v}} }` with full precision. */
export function evaluationToJson(e: Evaluation, opts: FormatOptions = {}): Record<string, unknown> {
  const label = (i: number) => {
    const m = e.measures[i]!;
    return opts.trecNames ? (m.trecName ?? m.name) : m.name;
  };
  const all: Record<string, number> = {};
  e.measures.forEach((_, m) => {
    all[label(m)] = e.means[m]!;
  });
  const json: Record<string, unknown> = {
    num_q: e.numQueries,
    measures: e.measures.map((_, m) => label(m)),
    all,
  };
  if (opts.perQuery) {
    const per: Record<string, Record<string, number>> = {};
    e.queryIds.forEach((q, qi) => {
      const row: Record<string, number> = {};
      e.measures.forEach((_, m) => {
        row[label(m)] = e.perQuery[m]![qi]!;
      });
      per[fromLatin1(q)] = row;
    });
    json.per_query = per;
  }
  return json;
}
