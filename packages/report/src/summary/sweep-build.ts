import type { z } from 'zod';
import type { ReportModel } from '../model/build.js';
import { answerText } from '../sweep/answer-text.js';
import { CURVE_PANELS } from '../sweep/curves.js';
import { fin, seedStat } from './numbers.js';
import type { answerSummary, curveSummary } from './sweep-schema.js';

const stat = seedStat;

/** summary.json's `curves`: every learning curve and α curve the report draws, with their numbers. */
export function curvesSummary(m: ReportModel): Array<z.infer<typeof curveSummary>> {
  const out: Array<z.infer<typeof curveSummary>> = [];
  for (const d of m.allDatasets) {
    for (const p of CURVE_PANELS) {
      const head = { dataset: d.name, in_domain: d.inDomain, setting: p.setting, measure: p.measure };
      if (m.sweeps.hasSizes) {
        out.push({
          kind: 'size',
          ...head,
          lines: m.sweeps.lines.map((l) => ({
            label: l.label,
            points: l.arms.map((a) => ({
              x: a.size.x,
              arm: a.label,
              ...stat(m.stat(a, d.name, p.setting, p.measure)),
            })),
          })),
        });
      }
      if (m.sweeps.alpha.length > 0) {
        out.push({
          kind: 'alpha',
          ...head,
          lines: m.sweeps.alpha.map((sw) => ({
            label: `${sw.label} · ${sw.size.label}`,
            points: sw.arms.map((a) => ({
              x: a.alpha,
              arm: a.label,
              ...stat(m.stat(a, d.name, p.setting, p.measure)),
            })),
          })),
        });
      }
    }
  }
  return out;
}

/** summary.json's `questions`: each research question with its numbers and the generated answer. */
export function answersSummary(m: ReportModel): Array<z.infer<typeof answerSummary>> {
  return m.answers.map((a) => {
    const r = a.result;
    return {
      id: a.question.id,
      text: a.question.text,
      kind: a.question.kind,
      dataset: a.dataset.name,
      in_domain: a.dataset.inDomain,
      setting: a.setting,
      measure: a.measure,
      better: a.better,
      a: a.labels.a,
      b: a.labels.b,
      cells: a.cells.map((c) => ({ label: c.label, size: { ...c.size }, alpha: c.alpha, ...stat(c.stat) })),
      sizes: a.sizes.map((s) => ({
        size: { ...s.size },
        a: fin(s.a.mean),
        b: s.b === null ? null : fin(s.b.mean),
        gap: fin(s.gap?.diff),
        gap_ci_low: fin(s.gap?.ciLow),
        gap_ci_high: fin(s.gap?.ciHigh),
      })),
      best_alpha: a.best,
      worst_alpha: a.worst,
      diff: fin(r?.diff),
      ci_low: fin(r?.ciLow),
      ci_high: fin(r?.ciHigh),
      p: fin(r?.p),
      basis: r?.basis ?? null,
      n: r?.n ?? null,
      excludes_zero: r === null || r.ciLow === null || r.ciHigh === null ? null : r.ciLow > 0 || r.ciHigh < 0,
      seeds_diff: fin(r?.acrossSeeds?.diff),
      seeds_ci_low: fin(r?.acrossSeeds?.ciLow),
      seeds_ci_high: fin(r?.acrossSeeds?.ciHigh),
      seeds_n: r?.acrossSeeds?.n ?? null,
      verdict: a.verdict,
      answer: answerText(a, m.options.confidence),
    };
  });
}
