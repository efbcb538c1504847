import { type ReportConfig, type Rng, UsageError } from '@hbt/core';
import type { Arm } from '../model/arms.js';
import type { DatasetInfo } from '../model/build.js';
import type { MetricIndex } from '../model/metric-index.js';
import type { Setting, VariantData } from '../model/types.js';
import type { Summary } from '../stats/describe.js';
import { matches, type TrainingSize } from './axes.js';
import { type ContrastResult, contrast, type Term } from './contrast.js';
import { baseLabel } from './curves.js';

export type Question = ReportConfig['questions'][number];

/** One compared cell of an answer: an arm's mean over seeds at a training size (or an α). */
export interface AnswerCell {
  label: string;
  size: TrainingSize;
  alpha: number;
  stat: Summary;
}

/** One row of a scaling answer: the value (or the gap a − b) at one training size. */
export interface SizeRow {
  size: TrainingSize;
  a: Summary;
  b: Summary | null;
  /** a − b at this size (null without b); its interval as in {@link ContrastResult}. */
  gap: ContrastResult | null;
}

/**
 * A research question with its numbers: what was compared, the contrast (difference, interval, p) and
 * the verdict. `answer.ts` turns it into the paragraph.
 */
export interface Answer {
  question: Question;
  dataset: DatasetInfo;
  setting: Setting;
  measure: string;
  better: 'higher' | 'lower';
  /** The labels of a and b (arm labels for compare; recipe labels without size or α otherwise). */
  labels: { a: string; b: string | null };
  /** compare: [a, b]; scaling: the cells at the smallest and largest size; alpha: every α. */
  cells: AnswerCell[];
  /** scaling: a (and b, and the gap) at every size. */
  sizes: SizeRow[];
  /** The contrast the verdict is about (a − b; largest − smallest; best α − worst α), or null. */
  result: ContrastResult | null;
  /** alpha: the α with the best and the worst mean. */
  best: number | null;
  worst: number | null;
  /**
   * `favours-a`: the contrast is better for a (or the larger size, or the best α), with both intervals
   * (queries, and seeds when there are two or more) excluding zero; `favours-b` the reverse;
   * `seed-dependent`: the query-level interval excludes zero but the interval over seeds does not;
   * `no-difference`: the interval includes zero; `not-answered`: no arm or value (see `missing`).
   */
  verdict: 'favours-a' | 'favours-b' | 'seed-dependent' | 'no-difference' | 'not-answered';
  /** Why the question could not be answered (verdict not-answered). */
  missing: string | null;
}

export interface QuestionContext {
  arms: readonly Arm[];
  /** Every dataset of the report, any task (a question may name a bitext, qa or news dataset). */
  datasets: readonly DatasetInfo[];
  stat(arm: Arm, dataset: string, setting: Setting, measure: string): Summary;
  index(v: VariantData): MetricIndex;
  permutations: number;
  bootstrap: number;
  confidence: number;
  rng: Rng;
}

/**
 * Answer every question of `report.questions`. A selector that matches several arms at the size asked
 * (e.g. `{"sampler.strategy": "hybrid"}` with three α) or a dataset the report does not have is a
 * {@link UsageError} (exit 2) naming `report.questions[i]`; a question whose arms are absent (a report
 * over some variants only) is answered "not answered" with the reason.
 */
export function answerQuestions(questions: readonly Question[], ctx: QuestionContext): Answer[] {
  return questions.map((q, i) => answerOne(q, `report.questions[${i}] ("${q.id}")`, ctx));
}

function answerOne(q: Question, where: string, ctx: QuestionContext): Answer {
  const dataset = pickDataset(q, where, ctx.datasets);
  const { setting, measure } = q.metric;
  const better: Answer['better'] = measure === 'RD' ? 'lower' : 'higher';
  const base = {
    question: q,
    dataset,
    setting,
    measure,
    better,
    cells: [],
    sizes: [],
    best: null,
    worst: null,
  };
  const noLabels = { a: 'a', b: 'b' in q && q.b !== null ? 'b' : null };
  const notAnswered = (missing: string): Answer => ({
    ...base,
    labels: noLabels,
    result: null,
    verdict: 'not-answered',
    missing,
  });
  const rng = ctx.rng.derive('question', q.id);
  const cc = { ...ctx, rng };
  const cell = (arm: Arm): AnswerCell => ({
    label: arm.label,
    size: arm.size,
    alpha: arm.alpha,
    stat: ctx.stat(arm, dataset.name, setting, measure),
  });
  const verdictOf = (r: ContrastResult | null): Answer['verdict'] => {
    if (r === null) return 'not-answered';
    if (!excludesZero(r)) return 'no-difference';
    // a difference on these queries that the variation between training runs covers
    if (r.acrossSeeds !== null && !excludesZero(r.acrossSeeds)) return 'seed-dependent';
    return r.diff > 0 === (better === 'higher') ? 'favours-a' : 'favours-b';
  };
  const matching = (sel: Record<string, unknown>) =>
    ctx.arms.filter((a) => a.variants.every((v) => matches(sel, v.meta.config)));

  if (q.kind === 'compare') {
    const as = matching(q.a);
    const bs = matching(q.b);
    if (as.length === 0 || bs.length === 0)
      return notAnswered(`no arm matches ${as.length === 0 ? 'a' : 'b'}`);
    const x = q.size ?? largestCommon(as, bs);
    if (x === null) return notAnswered('a and b have no training size in common');
    const a = one(as, x, `${where}.a`);
    const b = one(bs, x, `${where}.b`);
    if (a === null || b === null) return notAnswered(`no arm of ${a === null ? 'a' : 'b'} at size ${x}`);
    const r = contrast(
      [
        { arm: a, sign: 1 },
        { arm: b, sign: -1 },
      ],
      dataset.name,
      setting,
      measure,
      cc,
    );
    return {
      ...base,
      labels: { a: a.label, b: b.label },
      cells: [cell(a), cell(b)],
      result: r,
      verdict: verdictOf(r),
      missing: r === null ? 'no value' : null,
    };
  }

  if (q.kind === 'scaling') {
    const as = lineOf(matching(q.a), `${where}.a`);
    const bs = q.b === null ? null : lineOf(matching(q.b), `${where}.b`);
    const xs = as
      .map((a) => a.size.x)
      .filter((x) => bs === null || bs.some((b) => b.size.x === x))
      .sort((u, v) => u - v);
    if (xs.length < 2) return notAnswered('fewer than two training sizes to compare');
    const at = (arms: Arm[], x: number) => arms.find((a) => a.size.x === x)!;
    const sizes: SizeRow[] = xs.map((x) => {
      const a = at(as, x);
      const b = bs === null ? null : at(bs, x);
      return {
        size: a.size,
        a: cell(a).stat,
        b: b === null ? null : cell(b).stat,
        gap:
          b === null
            ? null
            : contrast(
                [
                  { arm: a, sign: 1 },
                  { arm: b, sign: -1 },
                ],
                dataset.name,
                setting,
                measure,
                {
                  ...cc,
                  rng: rng.derive('size', String(x)),
                },
              ),
      };
    });
    const lo = xs[0]!;
    const hi = xs[xs.length - 1]!;
    const terms: Term[] = [
      { arm: at(as, hi), sign: 1 },
      { arm: at(as, lo), sign: -1 },
    ];
    if (bs !== null) terms.push({ arm: at(bs, hi), sign: -1 }, { arm: at(bs, lo), sign: 1 });
    const r = contrast(terms, dataset.name, setting, measure, cc);
    return {
      ...base,
      labels: { a: baseLabel(as[0]!), b: bs === null ? null : baseLabel(bs[0]!) },
      cells: [cell(at(as, lo)), cell(at(as, hi))],
      sizes,
      result: r,
      verdict: verdictOf(r),
      missing: r === null ? 'no value' : null,
    };
  }

  // alpha
  const hyb = matching(q.a).filter((a) => a.strategy === 'hybrid');
  if (hyb.length === 0) return notAnswered('no hybrid arm matches a');
  const x = q.size ?? Math.max(...hyb.map((a) => a.size.x));
  const atSize = hyb.filter((a) => a.size.x === x).sort((u, v) => u.alpha - v.alpha);
  const alphas = new Set(atSize.map((a) => a.alpha));
  if (alphas.size !== atSize.length) {
    throw new UsageError(
      `${where}.a matches ${atSize.length} hybrid arms at size ${x} but only ${alphas.size} values of sampler.alpha: ${atSize.map((a) => a.label).join('; ')}`,
      { hint: 'add keys to the selector so that the arms differ only in sampler.alpha' },
    );
  }
  if (atSize.length < 2) return notAnswered(`fewer than two values of sampler.alpha at size ${x}`);
  const cells = atSize.map(cell);
  const scored = cells.filter((c) => c.stat.mean !== null);
  if (scored.length < 2) return notAnswered('fewer than two α with a value');
  const sign = better === 'higher' ? 1 : -1;
  const bestCell = scored.reduce((u, v) => (sign * v.stat.mean! > sign * u.stat.mean! ? v : u));
  const worstCell = scored.reduce((u, v) => (sign * v.stat.mean! < sign * u.stat.mean! ? v : u));
  const armOf = (c: AnswerCell) => atSize.find((a) => a.alpha === c.alpha)!;
  const r = contrast(
    [
      { arm: armOf(bestCell), sign: 1 },
      { arm: armOf(worstCell), sign: -1 },
    ],
    dataset.name,
    setting,
    measure,
    cc,
  );
  return {
    ...base,
    labels: { a: baseLabel(atSize[0]!).replace(/ α=[^ ]+/, ''), b: null },
    cells,
    result: r,
    best: bestCell.alpha,
    worst: worstCell.alpha,
    verdict: verdictOf(r),
    missing: r === null ? 'no value' : null,
  };
}

/** True when the interval exists and lies entirely on one side of zero. */
export function excludesZero(r: { ciLow: number | null; ciHigh: number | null }): boolean {
  return r.ciLow !== null && r.ciHigh !== null && (r.ciLow > 0 || r.ciHigh < 0);
}

function pickDataset(q: Question, where: string, datasets: readonly DatasetInfo[]): DatasetInfo {
  const name = q.metric.dataset;
  if (name === null) {
    // the first zero-shot dataset, a LAReQA / TREC one when there is one (the question's default
    // measures are theirs: cross-lingual AP); else the first dataset, with the same preference
    const retrieval = (x: DatasetInfo) => x.task === 'retrieval';
    const zeroShot = (x: DatasetInfo) => !x.inDomain;
    const d =
      datasets.find((x) => zeroShot(x) && retrieval(x)) ??
      datasets.find(zeroShot) ??
      datasets.find(retrieval) ??
      datasets[0];
    if (d === undefined) throw new UsageError(`${where}: the report has no evaluation dataset`);
    return d;
  }
  const d = datasets.find((x) => x.name === name);
  if (d === undefined) {
    throw new UsageError(`${where}.metric.dataset: no metrics for dataset "${name}"`, {
      hint: `name one of: ${datasets.map((x) => x.name).join(', ')}`,
    });
  }
  return d;
}

/** The one arm at size x, null when none; several is a usage error naming the selector. */
function one(arms: readonly Arm[], x: number, where: string): Arm | null {
  const at = arms.filter((a) => a.size.x === x);
  if (at.length > 1) {
    throw new UsageError(
      `${where} matches ${at.length} arms at size ${x}: ${at.map((a) => a.label).join('; ')}`,
      {
        hint: 'add keys to the selector (e.g. "sampler.alpha", "train.objective") so that it picks one arm',
      },
    );
  }
  return at[0] ?? null;
}

/** The arms of one line (one arm per size); several arms at one size is a usage error. */
function lineOf(arms: readonly Arm[], where: string): Arm[] {
  for (const a of arms) one(arms, a.size.x, where);
  const labels = new Set(arms.map((a) => baseLabel(a)));
  if (labels.size > 1) {
    throw new UsageError(`${where} matches arms of ${labels.size} recipes: ${[...labels].join('; ')}`, {
      hint: 'add keys to the selector so that it picks one recipe (its sizes form the curve)',
    });
  }
  return [...arms];
}

function largestCommon(as: readonly Arm[], bs: readonly Arm[]): number | null {
  const xs = as.map((a) => a.size.x).filter((x) => bs.some((b) => b.size.x === x));
  return xs.length === 0 ? null : Math.max(...xs);
}
