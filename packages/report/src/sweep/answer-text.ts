import { SETTING_LONG } from '../content/labels.js';
import { digitsOf, fmt, fmtP, fmtSigned } from '../render/format.js';
import type { Summary } from '../stats/describe.js';
import type { ContrastResult } from './contrast.js';
import type { Answer } from './questions.js';

/**
 * The one-paragraph answer to a research question, generated from its numbers: a bold verdict first
 * (the direction; "not shown across training runs" when only the query-level interval excludes zero;
 * "no difference shown"), then the values, the difference and its size relative to the second value,
 * the interval(s) and whether each excludes zero, the test and how many queries and seeds are behind it,
 * and what follows.
 *
 * @example
 * answerText(answer, 0.95);
 * // '**Hybrid α=0.5 is better than X-Y.** On ntrex-128 (zero-shot), cross-lingual mAP (higher is better), …'
 */
export function answerText(a: Answer, confidence: number): string {
  const q = a.question;
  const where = `On ${a.dataset.name} (${a.dataset.inDomain ? 'in-domain' : 'zero-shot'}), ${SETTING_LONG[a.setting]} ${measureName(a.measure)}`;
  if (a.verdict === 'not-answered') {
    const sel = `a ${JSON.stringify(q.a)}${'b' in q && q.b !== null ? `, b ${JSON.stringify(q.b)}` : ''}`;
    return `**Not answered.** ${where}: ${a.missing ?? 'no value'} (selectors: ${sel}).`;
  }
  const d = digitsOf(a.measure);
  const r = a.result!;
  const dir = a.better === 'higher' ? 'higher is better' : 'lower is better';
  // the side the contrast favours, whether or not the intervals bear it out
  const forA = r.diff > 0 === (a.better === 'higher');
  const b = a.labels.b ?? 'b';
  let claim: string;
  let values: string;
  let tail: string[] = [];
  if (q.kind === 'compare') {
    const [x, y] = a.cells as [Answer['cells'][0], Answer['cells'][0]];
    claim = `${x.label} is ${forA ? 'better' : 'worse'} than ${y.label}`;
    values = `${where} (${dir}), at ${x.size.label} of the training groups: ${x.label} ${mean(x.stat, d)} against ${y.label} ${mean(y.stat, d)}, a difference of ${fmtSigned(r.diff, d)}${relative(r.diff, y.stat.mean, y.label)}.`;
  } else if (q.kind === 'scaling') {
    const gap = q.b !== null;
    const path = a.sizes
      .map((s) => `${gap ? fmtSigned(s.gap?.diff, d) : mean(s.a, d)} at ${s.size.label}`)
      .join(', ');
    const what = gap ? `the gap ${a.labels.a} − ${b}` : a.labels.a;
    claim = gap
      ? `as the training data grows, the gap moves in favour of ${forA ? a.labels.a : b}`
      : `${a.labels.a} gets ${forA ? 'better' : 'worse'} as the training data grows`;
    const first = a.sizes[0]!.size.label;
    const last = a.sizes[a.sizes.length - 1]!.size.label;
    values = `${where} (${dir}): ${what} is ${path}; from ${first} to ${last} it changes by ${fmtSigned(r.diff, d)}.`;
  } else {
    const best = a.cells.find((c) => c.alpha === a.best)!;
    const worst = a.cells.find((c) => c.alpha === a.worst)!;
    const curve = a.cells.map((c) => `${mean(c.stat, d)} at α = ${c.alpha}`).join(', ');
    claim = `α = ${a.best} is the best of the α tried`;
    values = `${where} (${dir}), at ${best.size.label} of the training groups: ${curve}. The best, α = ${a.best}, minus the worst, α = ${a.worst}, is ${fmtSigned(r.diff, d)}${relative(r.diff, worst.stat.mean, `α = ${a.worst}`)}.`;
    tail = ['The two α were picked after looking at the means, so these intervals are optimistic.'];
  }
  const head =
    a.verdict === 'no-difference'
      ? q.kind === 'compare'
        ? `**No difference shown between ${a.labels.a} and ${b}.**`
        : q.kind === 'scaling'
          ? `**No change shown ${q.b !== null ? `in the gap ${a.labels.a} − ${b} ` : `in ${a.labels.a} `}as the training data grows.**`
          : '**No α is shown to be better than another.**'
      : a.verdict === 'seed-dependent'
        ? `**Not shown across training runs: on these queries ${claim}, but not beyond the variation between seeds.**`
        : `**${capital(claim)}.**`;
  return [head, values, ...intervals(r, confidence, d), conclusion(a, r, d, forA), ...tail].join(' ');
}

function intervals(r: ContrastResult, confidence: number, d: number): string[] {
  const level = `${Math.round(confidence * 100)} %`;
  if (r.ciLow === null || r.ciHigh === null) {
    const what = r.basis === 'seeds' ? 'seed' : 'query';
    return [
      `There is no interval (${r.n} ${what}${r.n === 1 ? '' : 's'}: nothing to estimate the spread from).`,
    ];
  }
  const p = r.pAtFloor ? `p ≤ ${fmtP(r.p)}, the smallest its random sign flips can give` : `p = ${fmtP(r.p)}`;
  const s = (n: number) => (n === 1 ? '' : 's');
  const basis =
    r.basis === 'queries'
      ? `a paired bootstrap over ${r.n} queries, each valued by its mean over the ${r.seeds} seed${s(r.seeds)} of an arm; randomization test ${p}`
      : `a Student-t interval over ${r.n} seed${s(r.n)} paired by seed; no per-query values, so no query-level test`;
  const out = [
    `The ${level} interval of the difference is ${range(r, d)} (${basis}), which ${excludes(r) ? 'excludes' : 'includes'} zero.`,
  ];
  const x = r.acrossSeeds;
  if (x !== null) {
    out.push(
      `Across the ${x.n} training runs, paired by seed, the difference is ${fmtSigned(x.diff, d)} with a ${level} t-interval of ${range(x, d)}, which ${excludes(x) ? 'excludes' : 'includes'} zero.`,
    );
  }
  return out;
}

function conclusion(a: Answer, r: ContrastResult, d: number, forA: boolean): string {
  if (a.verdict === 'no-difference') {
    // the widest of the intervals: the seeds' includes the variation between training runs
    const ends = [r.ciLow, r.ciHigh, r.acrossSeeds?.ciLow, r.acrossSeeds?.ciHigh].filter(
      (x): x is number => x !== null && x !== undefined && Number.isFinite(x),
    );
    const bound = ends.length > 0 ? Math.max(...ends.map(Math.abs)) : Number.NaN;
    return Number.isFinite(bound)
      ? `So these data do not separate them: a difference of up to ${fmt(bound, d)} either way is consistent with them.`
      : 'So these data do not separate them.';
  }
  if (a.verdict === 'seed-dependent') {
    return `So this is a difference between these trained models on these queries; the training runs vary too much to call it a property of the recipes: more seeds would tell.`;
  }
  const q = a.question;
  const b = a.labels.b ?? 'b';
  let claim: string;
  if (q.kind === 'compare') claim = `So ${forA ? a.labels.a : b} is the better of the two on this number.`;
  else if (q.kind === 'scaling' && q.b === null)
    claim = `So more training data ${forA ? 'helps' : 'hurts'} ${a.labels.a} on this number.`;
  else if (q.kind === 'scaling') {
    const [w, l] = forA ? [a.labels.a, b] : [b, a.labels.a];
    claim = `So ${w} gains more from the extra data than ${l} on this number.`;
  } else claim = `So the choice of α matters here, and α = ${a.best} is the one to use.`;
  const seedsNote =
    r.basis === 'queries' && r.acrossSeeds === null
      ? ` With ${r.seeds} seed${r.seeds === 1 ? '' : 's'} per arm the interval covers the choice of queries, not the variation between training runs.`
      : '';
  return `${claim}${seedsNote}`;
}

function excludes(r: { ciLow: number | null; ciHigh: number | null }): boolean {
  return r.ciLow !== null && r.ciHigh !== null && (r.ciLow > 0 || r.ciHigh < 0);
}

function range(r: { ciLow: number | null; ciHigh: number | null }, d: number): string {
  return `[${fmtSigned(r.ciLow, d)}, ${fmtSigned(r.ciHigh, d)}]`;
}

/** Upper-case a leading ASCII letter (never a Greek α, which is a symbol here). */
function capital(s: string): string {
  return /^[a-z]/.test(s) ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

function mean(s: Summary, d: number): string {
  return s.n > 1 ? `${fmt(s.mean, d)} (${s.n} seeds)` : fmt(s.mean, d);
}

/** ` (+12 % relative to X-Y)`: the difference relative to the second value. */
function relative(diff: number, base: number | null, of: string): string {
  if (base === null || !Number.isFinite(base) || Math.abs(base) < 1e-12) return '';
  const pct = (diff / Math.abs(base)) * 100;
  const mag = Math.abs(pct).toFixed(Math.abs(pct) < 10 ? 1 : 0);
  const sign = Number(mag) === 0 ? '' : pct > 0 ? '+' : '−';
  return ` (${sign}${mag} % relative to ${of})`;
}

/** `mAP`, `rank distance`, or the measure's own name. */
export function measureName(measure: string): string {
  return measure === 'AP' ? 'mAP' : measure === 'RD' ? 'rank distance' : measure;
}
