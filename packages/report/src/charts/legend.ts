import { color, escText, n, textWidth } from './svg.js';

/** Legends shared by the bar and line charts, and the dash patterns of line series. */
const DASHES = ['', '6 3', '2 2', '8 3 2 3'];

export function dashAttr(i: number): string {
  const d = DASHES[i % DASHES.length]!;
  return d ? ` stroke-dasharray="${d}"` : '';
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
  series: Array<{ label: string; color: number; dash?: number }>,
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
          : `<line x1="${n(it.x)}" x2="${n(it.x + 14)}" y1="${n(y - 4)}" y2="${n(y - 4)}" stroke="${color(s.color)}" stroke-width="2"${dashAttr(s.dash ?? 0)}/>`;
      return `${sym}<text x="${n(it.x + 18)}" y="${n(y)}">${escText(s.label)}</text>`;
    })
    .join('');
}
