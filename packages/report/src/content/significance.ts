import type { ReportModel } from '../model/build.js';
import { whichAtChance } from '../model/chance.js';
import type { Cell, Section } from '../render/doc.js';
import { fmt, fmtP, fmtSigned } from '../render/format.js';
import { pct } from './intro.js';
import { CHANCE_MARGIN, SETTING_LONG } from './labels.js';

/** Hybrid versus each baseline on per-query values: difference, interval, p-values. */
export function significanceSection(m: ReportModel): Section {
  const o = m.options;
  const blocks: Section['blocks'] = [
    {
      kind: 'p',
      text: `Paired tests of each hybrid arm against each baseline arm on per-query values. A unit is one query in one setting and language pair (dataset, setting, query language, document language, query id); with several seeds its value is the mean over the arm's seeds. Δ is hybrid − baseline of the macro average over language pairs, i.e. the difference of the tables' numbers on the paired queries. A query's units in several target languages are not independent, so both procedures treat a query as one cluster: the interval is a ${pct(o.confidence)} paired bootstrap that resamples queries within each query language (${o.bootstrap} resamples); p is a two-sided paired randomization test that flips the sign of each query's differences at random (${o.permutations} draws, exact enumeration when there are few queries). p (Holm) adjusts for the number of tests in this table. For AP higher is better, for RD lower is better. For RD each row also gives the chance level: the rank distance of a random ranking of the pool over the paired queries. When both arms are within ${CHANCE_MARGIN} of it, the row says “both at chance” and its p-values are not marked: the two rankings differ, but neither brings a query’s relevant candidates in different languages closer together than a random order does, so the difference is no effect on the language bias.`,
    },
  ];
  if (m.significance.length === 0) {
    blocks.push({ kind: 'p', text: 'No test could be run (see the notes at the end).' });
    return { id: 'significance', title: 'Significance: hybrid against each baseline', level: 2, blocks };
  }
  const rows: Cell[][] = m.significance.map((r) => {
    const d = r.measure === 'RD' ? 1 : 4;
    const res = r.result;
    const zero = fmt(Math.abs(res.diff), d) === fmt(0, d);
    const ch = r.chance;
    const at = ch === null ? null : whichAtChance(ch);
    const both = at === 'both';
    const better = zero ? 'neither' : res.diff > 0 === (r.better === 'higher') ? 'hybrid' : 'baseline';
    const favours = both ? `both within ${CHANCE_MARGIN} of chance` : better;
    const oneAt = at === 'hybrid' || at === 'baseline' ? `; ${at} at chance` : '';
    return [
      { text: r.dataset, sub: r.inDomain ? 'in-domain' : 'zero-shot' },
      { text: SETTING_LONG[r.setting] },
      { text: r.measure },
      { text: r.hybrid },
      { text: r.baseline },
      {
        text: String(res.n),
        sub: `${res.clusters} queries${r.unmatched > 0 ? `, ${r.unmatched} unpaired` : ''}`,
      },
      {
        text: `${fmt(res.meanA, d)} / ${fmt(res.meanB, d)}`,
        sub: ch === null ? undefined : `chance ${fmt(ch.level, d)}${oneAt}`,
      },
      { text: fmtSigned(res.diff, d), sub: favours },
      { text: res.ciLow === null ? '–' : `[${fmtSigned(res.ciLow, d)}, ${fmtSigned(res.ciHigh, d)}]` },
      {
        text: fmtP(res.p),
        sub:
          [
            both ? 'both at chance' : '',
            res.exact ? 'exact' : res.p === 1 / (1 + res.patterns) ? 'smallest possible' : '',
          ]
            .filter((x) => x !== '')
            .join(', ') || undefined,
        best: res.p < 0.05 && !both,
      },
      { text: fmtP(r.pHolm), best: r.pHolm < 0.05 && !both },
    ].map((c) => (c.sub === undefined ? { text: c.text, best: c.best } : c)) as Cell[];
  });
  blocks.push({
    kind: 'table',
    id: 'table-significance',
    caption: 'Hybrid against each baseline (paired by query)',
    align: ['l', 'l', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
    columns: [
      'Dataset',
      'Setting',
      'Measure',
      'Hybrid',
      'Baseline',
      'Paired units',
      'Hybrid / baseline',
      'Δ',
      `${pct(o.confidence)} CI of Δ`,
      'p',
      'p (Holm)',
    ],
    rows,
    note: 'Bold p-values are below 0.05, except where both arms are at chance. Unpaired units (present for one arm only) are left out. The tests compare the two trained systems on this query set; with one seed per arm they say nothing about the variation between training runs.',
  });
  return { id: 'significance', title: 'Significance: hybrid against each baseline', level: 2, blocks };
}
