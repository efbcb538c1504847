/**
 * Small helpers shared by the SVG charts: number printing (fixed precision, so output is byte-stable),
 * text escaping, "nice" axis ticks and colour scales. Charts are plain strings of inline SVG with a
 * `<title>` for accessibility and no xmlns (see {@link standaloneSvg}).
 */

/** Coordinates with at most one decimal. */
export function n(v: number): string {
  const r = Math.round(v * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

export function escText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Opening tag plus title; close with `</svg>`. */
export function svgOpen(width: number, height: number, title: string, cls: string): string {
  return `<svg class="chart ${cls}" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" role="img" font-family="system-ui, 'Liberation Sans', Arial, sans-serif" font-size="11"><title>${escText(title)}</title>`;
}

/** An SVG string as a standalone file: adds the SVG namespace (needed outside HTML) and an XML header. */
export function standaloneSvg(svg: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" ')}\n`;
}

/** Approximate width of a label at 11px (for legend layout). */
export function textWidth(s: string, size = 11): number {
  return s.length * size * 0.6;
}

/** Round tick values covering [lo, hi] with about `count` steps of 1, 2 or 5 × 10^k. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) hi = lo + 1;
  const raw = (hi - lo) / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const start = Math.floor(lo / step + 1e-9) * step;
  const ticks: number[] = [];
  const k0 = Math.round(start / step);
  for (let k = k0; k * step <= hi + step * 1e-6; k++) ticks.push(Number((k * step).toPrecision(12)));
  if (ticks[ticks.length - 1]! < hi - step * 1e-6)
    ticks.push(Number(((k0 + ticks.length) * step).toPrecision(12)));
  return ticks;
}

/** Tick label: as few decimals as the step needs. */
export function tickLabel(v: number, step: number): string {
  let d = 0;
  while (d < 6 && Math.abs(step * 10 ** d - Math.round(step * 10 ** d)) > 1e-6) d++;
  return v.toFixed(d);
}

/** Okabe–Ito colours (distinguishable with colour-vision deficiencies), by arm index. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999933', '#000000'];

export function color(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** A perceptually ordered sequential scale (viridis anchors), t in [0, 1]. */
const VIRIDIS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];

export function sequential(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = rgb(VIRIDIS[i]!);
  const b = rgb(VIRIDIS[i + 1]!);
  const mix = a.map((c, k) => Math.round(c + f * (b[k]! - c)));
  return `#${mix.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Black or white, whichever reads better on the background colour. */
export function inkOn(bg: string): string {
  const [r, g, b] = rgb(bg);
  return 0.299 * r! + 0.587 * g! + 0.114 * b! > 140 ? '#000000' : '#ffffff';
}

function rgb(hex: string): number[] {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
}
