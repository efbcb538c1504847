import { color, escText, n, niceTicks, svgOpen, textWidth, tickLabel } from './svg.js';

/**
 * Grouped bar chart: groups along x (e.g. Mo. / Cr. / Mul.), one bar per series (arm) in each group, with
 * an interval whisker when the value has one. Missing values leave an empty slot marked with a dash.
 *
 * @example
 * bars({ title: 'mAP', groups: ['Mo.', 'Cr.'], yLabel: 'mAP',
 *   series: [{ label: 'X-Y', color: 0, values: [{ value: 0.5, low: 0.45, high: 0.55 }, null] }] });
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
  /** Force the axis to start at 0 (default true). */
  zero?: boolean;
}

export function bars(o: BarsOptions): string {
  const left = 52;
  const top = 28;
  const barW = 18;
  const groupGap = 22;
  const groupW = Math.max(1, o.series.length) * barW;
  const plotW = Math.max(160, o.groups.length * (groupW + groupGap));
  const plotH = 170;
  const legendRows = legendLayout(o.series.map((s) => s.label), left + plotW);
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
  if (o.zero === false && lo >= 0) lo = 0;
  if (hi <= lo) hi = lo + 1;
  const ticks = niceTicks(lo, hi, 5);
  const y0 = ticks[0]!;
  const y1 = ticks[ticks.length - 1]!;
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  const y = (v: number) => top + plotH - ((v - y0) / (y1 - y0)) * plotH;
  const p: string[] = [svgOpen(width, height, o.title, 'bars')];
  p.push(`<text x="${n(left)}" y="16" font-size="12" font-weight="600">${escText(o.title)}</text>`);
  for (const t of ticks) {
    p.push(`<line x1="${n(left)}" x2="${n(left + plotW)}" y1="${n(y(t))}" y2="${n(y(t))}" stroke="#d1d9e0"/>`);
    p.push(`<text x="${n(left - 6)}" y="${n(y(t) + 4)}" text-anchor="end" fill="#59636e">${tickLabel(t, step)}</text>`);
  }
  p.push(
    `<text x="12" y="${n(top + plotH / 2)}" text-anchor="middle" fill="#59636e" transform="rotate(-90 12 ${n(top + plotH / 2)})">${escText(o.yLabel)}</text>`,
  );
  o.groups.forEach((g, gi) => {
    const gx = left + groupGap / 2 + gi * (groupW + groupGap);
    p.push(`<text x="${n(gx + groupW / 2)}" y="${n(top + plotH + 16)}" text-anchor="middle">${escText(g)}</text>`);
    o.series.forEach((s, si) => {
      const v = s.values[gi];
      const x = gx + si * barW;
      if (!v || !Number.isFinite(v.value)) {
        p.push(`<text x="${n(x + barW / 2)}" y="${n(y(Math.max(0, y0)) - 4)}" text-anchor="middle" fill="#59636e">–</text>`);
        return;
      }
      const base = y(Math.max(y0, Math.min(0, y1)));
      const top_ = y(v.value);
      p.push(
        `<rect x="${n(x + 1)}" y="${n(Math.min(base, top_))}" width="${barW - 2}" height="${n(Math.max(0.5, Math.abs(base - top_)))}" fill="${color(s.color)}"><title>${escText(`${s.label} · ${g}: ${v.value.toFixed(4)}`)}</title></rect>`,
      );
      if (v.low !== null && v.low !== undefined && v.high !== null && v.high !== undefined) {
        const cx = x + barW / 2;
        p.push(
          `<path d="M${n(cx)} ${n(y(v.low))}V${n(y(v.high))}M${n(cx - 4)} ${n(y(v.low))}H${n(cx + 4)}M${n(cx - 4)} ${n(y(v.high))}H${n(cx + 4)}" stroke="#1f2328" stroke-width="1.2" fill="none"/>`,
        );
      }
    });
  });
  p.push(`<line x1="${n(left)}" x2="${n(left + plotW)}" y1="${n(y(y0))}" y2="${n(y(y0))}" stroke="#59636e"/>`);
  p.push(legend(legendRows, o.series, left, top + plotH + 30, 'rect'));
  p.push('</svg>');
  return p.join('');
}

export interface LegendLayout {
  items: Array<{ x: number; row: number }>;
  height: number;
}

/** Lay legend entries out left to right, wrapping at `maxX`. */
export function legendLayout(labels: string[], maxX: number, left = 52): LegendLayout {
  const items: LegendLayout['items'] = [];
  let x = left;
  let row = 0;
  for (const l of labels) {
    const w = 18 + textWidth(l) + 16;
    if (x + w > maxX && x > left) {
      row++;
      x = left;
    }
    items.push({ x, row });
    x += w;
  }
  return { items, height: (row + 1) * 16 };
}

export function legend(
  layout: LegendLayout,
  series: Array<{ label: string; color: number; dashed?: boolean }>,
  _left: number,
  top: number,
  mark: 'rect' | 'line',
): string {
  return series
    .map((s, i) => {
      const it = layout.items[i]!;
      const y = top + it.row * 16;
      const sym =
        mark === 'rect'
          ? `<rect x="${n(it.x)}" y="${n(y - 9)}" width="12" height="10" fill="${color(s.color)}"/>`
          : `<line x1="${n(it.x)}" x2="${n(it.x + 14)}" y1="${n(y - 4)}" y2="${n(y - 4)}" stroke="${color(s.color)}" stroke-width="2"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`;
      return `${sym}<text x="${n(it.x + 18)}" y="${n(y)}">${escText(s.label)}</text>`;
    })
    .join('');
}
