import { legend, legendLayout } from './legend.js';
import { color, escText, n, niceTicks, svgOpen, tickLabel } from './svg.js';

/**
 * Grouped bar chart: groups along x (e.g. Mo. / Cr. / Mul.), one bar per series (arm) in each group, with
 * an interval whisker when the value has one (clipped to `clamp`, e.g. [0, 1] for AP). Missing values leave
 * an empty slot marked with a dash. An optional reference level per group (e.g. the chance level of the
 * rank distance) is a dashed line across the group's bars, listed last in the legend.
 *
 * @example
 * bars({ title: 'mAP', groups: ['Mo.', 'Cr.'], yLabel: 'mAP',
 *   series: [{ label: 'X-Y', color: 0, values: [{ value: 0.5, low: 0.45, high: 0.55 }, null] }] });
 * bars({ title: 'Rank distance', groups: ['xquad-r'], yLabel: 'rank distance',
 *   series: [{ label: 'X-Y', color: 0, values: [{ value: 6057 }] }],
 *   reference: { label: 'random ranking', values: [10845.8] } });
 */
export interface BarValue {
  value: number;
  low?: number | null;
  high?: number | null;
}

export interface BarsOptions {
  title: string;
  groups: string[];
  series: Array<{ label: string; color: number; values: Array<BarValue | null> }>;
  yLabel: string;
  /** Values and whiskers are drawn inside this range (e.g. [0, 1] for AP); the axis never leaves it. */
  clamp?: [number, number];
  /** A reference level per group (null: none), drawn as a dashed line across the group's bars. */
  reference?: { label: string; values: Array<number | null> };
}

const REF_INK = '#1f2328';

export function bars(o: BarsOptions): string {
  const left = 52;
  const top = 28;
  const barW = 18;
  const groupGap = 22;
  const groupW = Math.max(1, o.series.length) * barW;
  const plotW = Math.max(160, o.groups.length * (groupW + groupGap));
  const plotH = 170;
  const refs = o.reference?.values.map((v) => (v !== null && Number.isFinite(v) ? v : null)) ?? [];
  const hasRef = refs.some((v) => v !== null);
  const legendRows = legendLayout(
    [...o.series.map((s) => s.label), ...(hasRef ? [o.reference!.label] : [])],
    left + plotW,
  );
  const height = top + plotH + 34 + legendRows.height;
  const width = left + plotW + 14;
  let hi = 0;
  let lo = 0;
  for (const s of o.series) {
    for (const v of s.values) {
      if (!v || !Number.isFinite(v.value)) continue;
      hi = Math.max(hi, v.value, v.high ?? v.value);
      lo = Math.min(lo, v.value, v.low ?? v.value);
    }
  }
  for (const v of refs) {
    if (v === null) continue;
    hi = Math.max(hi, v);
    lo = Math.min(lo, v);
  }
  if (o.clamp) {
    lo = Math.max(lo, o.clamp[0]);
    hi = Math.min(hi, o.clamp[1]);
  }
  if (hi <= lo) hi = lo + 1;
  const ticks = niceTicks(lo, hi, 5).filter(
    (t) => !o.clamp || (t >= o.clamp[0] - 1e-9 && t <= o.clamp[1] + 1e-9),
  );
  const clip = (v: number) => (o.clamp ? Math.min(o.clamp[1], Math.max(o.clamp[0], v)) : v);
  const y0 = ticks[0]!;
  const y1 = ticks[ticks.length - 1]!;
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  const y = (v: number) => top + plotH - ((v - y0) / (y1 - y0)) * plotH;
  const p: string[] = [svgOpen(width, height, o.title, 'bars')];
  p.push(`<text x="${n(left)}" y="16" font-size="12" font-weight="600">${escText(o.title)}</text>`);
  for (const t of ticks) {
    p.push(
      `<line x1="${n(left)}" x2="${n(left + plotW)}" y1="${n(y(t))}" y2="${n(y(t))}" stroke="#d1d9e0"/>`,
    );
    p.push(
      `<text x="${n(left - 6)}" y="${n(y(t) + 4)}" text-anchor="end" fill="#59636e">${tickLabel(t, step)}</text>`,
    );
  }
  p.push(
    `<text x="12" y="${n(top + plotH / 2)}" text-anchor="middle" fill="#59636e" transform="rotate(-90 12 ${n(top + plotH / 2)})">${escText(o.yLabel)}</text>`,
  );
  const groupX = (gi: number) => left + groupGap / 2 + gi * (groupW + groupGap);
  o.groups.forEach((g, gi) => {
    const gx = groupX(gi);
    p.push(
      `<text x="${n(gx + groupW / 2)}" y="${n(top + plotH + 16)}" text-anchor="middle">${escText(g)}</text>`,
    );
    o.series.forEach((s, si) => {
      const v = s.values[gi];
      const x = gx + si * barW;
      if (!v || !Number.isFinite(v.value)) {
        p.push(
          `<text x="${n(x + barW / 2)}" y="${n(y(Math.max(0, y0)) - 4)}" text-anchor="middle" fill="#59636e">–</text>`,
        );
        return;
      }
      const base = y(Math.max(y0, Math.min(0, y1)));
      const top_ = y(v.value);
      p.push(
        `<rect x="${n(x + 1)}" y="${n(Math.min(base, top_))}" width="${barW - 2}" height="${n(Math.max(0.5, Math.abs(base - top_)))}" fill="${color(s.color)}"><title>${escText(`${s.label} · ${g}: ${v.value.toFixed(4)}`)}</title></rect>`,
      );
      if (v.low !== null && v.low !== undefined && v.high !== null && v.high !== undefined) {
        const cx = x + barW / 2;
        const [l, h] = [y(clip(v.low)), y(clip(v.high))];
        p.push(
          `<path d="M${n(cx)} ${n(l)}V${n(h)}M${n(cx - 4)} ${n(l)}H${n(cx + 4)}M${n(cx - 4)} ${n(h)}H${n(cx + 4)}" stroke="#1f2328" stroke-width="1.2" fill="none"/>`,
        );
      }
    });
  });
  p.push(
    `<line x1="${n(left)}" x2="${n(left + plotW)}" y1="${n(y(y0))}" y2="${n(y(y0))}" stroke="#59636e"/>`,
  );
  refs.forEach((v, gi) => {
    if (v === null || gi >= o.groups.length) return;
    const ry = y(clip(v));
    p.push(
      `<line class="reference" x1="${n(groupX(gi) - 4)}" x2="${n(groupX(gi) + groupW + 4)}" y1="${n(ry)}" y2="${n(ry)}" stroke="${REF_INK}" stroke-width="1.5" stroke-dasharray="5 3"><title>${escText(`${o.reference!.label} · ${o.groups[gi]}: ${v.toFixed(4)}`)}</title></line>`,
    );
  });
  p.push(legend(legendRows, o.series, left, top + plotH + 30, 'rect'));
  if (hasRef) {
    const it = legendRows.items[o.series.length]!;
    const ly = top + plotH + 30 + it.row * 16;
    p.push(
      `<line x1="${n(it.x)}" x2="${n(it.x + 14)}" y1="${n(ly - 4)}" y2="${n(ly - 4)}" stroke="${REF_INK}" stroke-width="1.5" stroke-dasharray="5 3"/><text x="${n(it.x + 18)}" y="${n(ly)}">${escText(o.reference!.label)}</text>`,
    );
  }
  p.push('</svg>');
  return p.join('');
}
