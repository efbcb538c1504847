import { SETTING_LONG } from '../content/labels.js';
import { digitsOf, fmt, fmtP, fmtSigned } from '../render/format.js';
import type { Summary } from '../stats/describe.js';
import type { ContrastResult } from './contrast.js';
import type { Answer } from './questions.js';

/**
 * The one-paragraph answer to a research question, generated from its numbers: a bold verdict first
 * (direction, or "no difference shown"), then the values, the difference and its relative size, the
 * interval and whether it excludes zero, the test and what the data behind it are.
 *
 * @example
 * answerText(answer, 0.95);
 * // '**Hybrid α=0.5 is better than X-Y.** On ntrex-128 (zero-shot), cross-lingual mAP at 100 %: …'
 */
export function answerText(a: Answer, confidence: number): string {
  const q = a.question;
  const where = `On ${a.dataset.name} (${a.dataset.inDomain ? 'in-domain' : 'zero-shot'}), ${SETTING_LONG[a.setting]} ${measureName(a.measure)}`;
  if (a.verdict === 'not-answered') {
    return `**Not answered.** ${where}: ${a.missing ?? 'no value'} (selectors: a ${JSON.stringify(q.a)}${'b' in q && q.b !== null ? `, b ${JSON.stringify(q.b)}` : ''}).`;
  }
  const d = digitsOf(a.measure);
  const r = a.result!;
  const dir = a.better === 'higher' ? 'higher is better' : 'lower is better';
  if (q.kind === 'compare') {
    const [x, y] = a.cells as [Answer['cells'][0], Answer['cells'][0]];
    const head =
      a.verdict === 'favours-a'
        ? `**${x.label} is better than ${y.label}.**`
        : a.verdict === 'favours-b'
          ? `**${x.label} is worse than ${y.label}.**`
          : `**No difference shown between ${x.label} and ${y.label}.**`;
    return [
      head,
      `${where} (${dir}), at ${x.size.label} of the training groups: ${x.label} ${mean(x.stat, d)} against ${y.label} ${mean(y.stat, d)}, a difference of ${fmtSigned(r.diff, d)}${relative(r.diff, y.stat.mean, y.label)}.`,
      intervalSentence(r, confidence, d),
      conclusion(a, r, d, `${x.label} and ${y.label}`),
    ].join(' ');
  }
  if (q.kind === 'scaling') {
    const first = a.sizes[0]!;
    const last = a.sizes[a.sizes.length - 1]!;
    const gap = q.b !== null;
    const path = a.sizes
      .map((s) => `${gap ? fmtSigned(s.gap?.diff, d) : mean(s.a, d)} at ${s.size.label}`)
      .join(', ');
    const name = a.labels.a;
    const what = gap ? `the gap ${name} − ${a.labels.b ?? 'b'}` : name;
    const head =
      a.verdict === 'no-difference'
        ? `**No change shown in ${what} as the training data grows.**`
        : gap
          ? `**As the training data grows, the gap moves in favour of ${a.verdict === 'favours-a' ? name : (a.labels.b ?? 'b')}.**`
          : `**${name} gets ${a.verdict === 'favours-a' ? 'better' : 'worse'} as the training data grows.**`;
    return [
      head,
      `${where} (${dir}): ${what} is ${path}; from ${first.size.label} to ${last.size.label} it changes by ${fmtSigned(r.diff, d)}.`,
      intervalSentence(r, confidence, d),
      conclusion(
        a,
        r,
        d,
        gap ? 'the gaps at the smallest and the largest size' : 'the smallest and the largest size',
      ),
    ].join(' ');
  }
  // alpha
  const best = a.cells.find((c) => c.alpha === a.best)!;
  const worst = a.cells.find((c) => c.alpha === a.worst)!;
  const curve = a.cells.map((c) => `${mean(c.stat, d)} at α = ${c.alpha}`).join(', ');
  const head =
    a.verdict === 'favours-a'
      ? `**α = ${a.best} is the best of the α tried.**`
      : `**No α is shown to be better than another.**`;
  return [
    head,
    `${where} (${dir}), at ${best.size.label} of the training groups: ${curve}. The best, α = ${a.best}, minus the worst, α = ${a.worst}, is ${fmtSigned(r.diff, d)}${relative(r.diff, worst.stat.mean, `α = ${a.worst}`)}.`,
    intervalSentence(r, confidence, d),
    conclusion(a, r, d, 'the best and the worst α'),
    'The two α were picked after looking at the means, so this interval is optimistic.',
  ].join(' ');
}

function intervalSentence(r: ContrastResult, confidence: number, d: number): string {
  const level = `${Math.round(confidence * 100)} %`;
  if (r.ciLow === null || r.ciHigh === null) {
    return `There is no interval (${r.basis === 'seeds' ? `${r.n} seed` : `${r.n} query`}${r.n === 1 ? '' : 's'}: nothing to estimate the spread from).`;
  }
  const excl = r.ciLow > 0 || r.ciHigh < 0;
  const basis =
    r.basis === 'queries'
      ? `a paired bootstrap over ${r.n} queries (values averaged over ${r.seeds} seed${r.seeds === 1 ? '' : 's'} per arm); randomization test p = ${fmtP(r.p)}`
      : `a Student-t interval over ${r.n} seed${r.n === 1 ? '' : 's'} paired by seed; no per-query values, so no query-level test`;
  return `The ${level} interval of the difference is [${fmtSigned(r.ciLow, d)}, ${fmtSigned(r.ciHigh, d)}] (${basis}), which ${excl ? 'excludes' : 'includes'} zero.`;
}

function conclusion(a: Answer, r: ContrastResult, d: number, what: string): string {
  if (a.verdict === 'no-difference') {
    const bound = Math.max(Math.abs(r.ciLow ?? Number.NaN), Math.abs(r.ciHigh ?? Number.NaN));
    return Number.isFinite(bound)
      ? `So these data do not separate ${what}: a difference of up to ${fmt(bound, d)} either way is consistent with them.`
      : `So these data do not separate ${what}.`;
  }
  const seedsNote =
    r.basis === 'queries' && r.seeds < 3
      ? ` With ${r.seeds} seed${r.seeds === 1 ? '' : 's'} per arm the interval covers the choice of queries, not the variation between training runs.`
      : '';
  return `So the difference between ${what} is larger than the uncertainty of this measurement.${seedsNote}`;
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
