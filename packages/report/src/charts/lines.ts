import { dashAttr, legend, legendLayout } from './legend.js';
import { color, escText, n, niceTicks, svgOpen, tickLabel } from './svg.js';

/**
 * A line chart of series of (x, y) points (training curves: loss against step; learning curves: a measure
 * against the training size, with an interval band per series). Series may be dashed
 * (e.g. one dash pattern per seed) and are drawn with markers when they have few points. Long series are thinned to at
 * most `maxPoints` by averaging consecutive points (deterministic).
 *
 * @example
 * lines({ title: 'loss', xLabel: 'step', yLabel: 'loss',
 *   series: [{ label: 'hybrid', color: 2, points: [[0, 3.4], [100, 1.2]] }] });
 */
export interface LineSeries {
  label: string;
  color: number;
  /** Dash pattern index: 0 solid, 1 dashed, 2 dotted, 3 dash-dot (e.g. the seed within an arm). */
  dash?: number;
  points: Array<[number, number]>;
  /** An interval band drawn under the line: (x, low, high) per point (e.g. a CI over seeds). */
  band?: Array<[number, number, number]>;
}

export interface LinesOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  maxPoints?: number;
  /** Tick labels of the x axis (default: plain numbers), e.g. percentages. */
  xFormat?: (x: number) => string;
  /**
   * Ticks at these x values instead of round numbers (e.g. the training sizes of a learning curve), on a
   * log scale when `xLog` (sizes 10 %, 30 %, 100 % then sit about evenly apart). Needs positive x.
   */
  xTicks?: number[];
  xLog?: boolean;
}

export function lines(o: LinesOptions): string {
  const left = 52;
  const top = 28;
  const plotW = 420;
  const plotH = 190;
  const width = left + plotW + 16;
  const lay = legendLayout(
    o.series.map((s) => s.label),
    width - 8,
  );
  const height = top + plotH + 40 + lay.height;
  const series = o.series.map((s) => ({
    ...s,
    points: thin(
      s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)),
      o.maxPoints ?? 300,
    ),
  }));
  const bands = o.series.map((s) =>
    (s.band ?? []).filter(([x, lo, hi]) => Number.isFinite(x) && Number.isFinite(lo) && Number.isFinite(hi)),
  );
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = [
    ...series.flatMap((s) => s.points.map((p) => p[1])),
    ...bands.flatMap((b) => b.flatMap(([, lo, hi]) => [lo, hi])),
  ];
  const given = o.xTicks !== undefined && o.xTicks.length > 0 ? [...o.xTicks].sort((a, b) => a - b) : null;
  const log = given !== null && o.xLog === true && given[0]! > 0 && xs.every((x) => x > 0);
  const xt = given ?? niceTicks(xs.length ? Math.min(...xs) : 0, xs.length ? Math.max(...xs) : 1, 6);
  const yt = niceTicks(ys.length ? Math.min(0, ...ys) : 0, ys.length ? Math.max(...ys) : 1, 5);
  const tx = (v: number) => (log ? Math.log10(v) : v);
  let [x0, x1] = [tx(xt[0]!), tx(xt[xt.length - 1]!)];
  if (given !== null) {
    // given ticks sit inside the axis: pad 6 % of the span (or ±1 around a single tick)
    const pad = x1 > x0 ? (x1 - x0) * 0.06 : 1;
    [x0, x1] = [x0 - pad, x1 + pad];
  }
  const [y0, y1] = [yt[0]!, yt[yt.length - 1]!];
  const X = (v: number) => left + ((tx(v) - x0) / (x1 - x0)) * plotW;
  const Y = (v: number) => top + plotH - ((v - y0) / (y1 - y0)) * plotH;
  const p: string[] = [svgOpen(width, height, o.title, 'lines')];
  p.push(`<text x="${n(left)}" y="16" font-size="12" font-weight="600">${escText(o.title)}</text>`);
  const ys_ = yt.length > 1 ? yt[1]! - yt[0]! : 1;
  const xs_ = xt.length > 1 ? xt[1]! - xt[0]! : 1;
  for (const t of yt) {
    p.push(
      `<line x1="${n(left)}" x2="${n(left + plotW)}" y1="${n(Y(t))}" y2="${n(Y(t))}" stroke="#d1d9e0"/>`,
    );
    p.push(
      `<text x="${n(left - 6)}" y="${n(Y(t) + 4)}" text-anchor="end" fill="#59636e">${tickLabel(t, ys_)}</text>`,
    );
  }
  for (const t of xt) {
    p.push(
      `<line x1="${n(X(t))}" x2="${n(X(t))}" y1="${n(top + plotH)}" y2="${n(top + plotH + 4)}" stroke="#59636e"/>`,
    );
    p.push(
      `<text x="${n(X(t))}" y="${n(top + plotH + 16)}" text-anchor="middle" fill="#59636e">${o.xFormat ? escText(o.xFormat(t)) : tickLabel(t, xs_)}</text>`,
    );
  }
  p.push(
    `<line x1="${n(left)}" x2="${n(left + plotW)}" y1="${n(top + plotH)}" y2="${n(top + plotH)}" stroke="#59636e"/>`,
  );
  p.push(
    `<text x="${n(left + plotW / 2)}" y="${n(top + plotH + 30)}" text-anchor="middle" fill="#59636e">${escText(o.xLabel)}</text>`,
  );
  p.push(
    `<text x="12" y="${n(top + plotH / 2)}" text-anchor="middle" fill="#59636e" transform="rotate(-90 12 ${n(top + plotH / 2)})">${escText(o.yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const b = bands[i]!;
    if (b.length < 2) return;
    const upper = b.map(([x, , hi], j) => `${j === 0 ? 'M' : 'L'}${n(X(x))} ${n(Y(hi))}`).join('');
    const lower = [...b]
      .reverse()
      .map(([x, lo]) => `L${n(X(x))} ${n(Y(lo))}`)
      .join('');
    p.push(`<path d="${upper}${lower}Z" fill="${color(s.color)}" fill-opacity="0.15" stroke="none"/>`);
  });
  series.forEach((s, i) => {
    // a one-point band (a single size) is a whisker
    const b = bands[i]!;
    if (b.length !== 1) return;
    const [x, lo, hi] = b[0]!;
    p.push(
      `<line x1="${n(X(x))}" x2="${n(X(x))}" y1="${n(Y(lo))}" y2="${n(Y(hi))}" stroke="${color(s.color)}" stroke-opacity="0.5" stroke-width="3"/>`,
    );
  });
  for (const s of series) {
    if (s.points.length === 0) continue;
    const d = s.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${n(X(x))} ${n(Y(y))}`).join('');
    const dash = dashAttr(s.dash ?? 0);
    p.push(
      `<path d="${d}" fill="none" stroke="${color(s.color)}" stroke-width="1.6"${dash}><title>${escText(s.label)}</title></path>`,
    );
    if (s.points.length <= 40) {
      for (const [x, y] of s.points) {
        p.push(`<circle cx="${n(X(x))}" cy="${n(Y(y))}" r="2.2" fill="${color(s.color)}"/>`);
      }
    }
  }
  p.push(legend(lay, series, left, top + plotH + 52, 'line'));
  p.push('</svg>');
  return p.join('');
}

/** At most `max` points: average consecutive runs of equal length (x and y alike). */
export function thin(points: Array<[number, number]>, max: number): Array<[number, number]> {
  if (points.length <= max) return points;
  const out: Array<[number, number]> = [];
  const per = points.length / max;
  for (let k = 0; k < max; k++) {
    const a = Math.floor(k * per);
    const b = Math.max(a + 1, Math.floor((k + 1) * per));
    let sx = 0;
    let sy = 0;
    for (let i = a; i < b; i++) {
      sx += points[i]![0];
      sy += points[i]![1];
    }
    out.push([sx / (b - a), sy / (b - a)]);
  }
  return out;
}
