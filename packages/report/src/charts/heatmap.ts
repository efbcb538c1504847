import { escText, inkOn, n, sequential, svgOpen } from './svg.js';

/**
 * A query-language × document-language heatmap: one cell per pair with its value printed in it, an
 * optional extra column (e.g. the multilingual pool) set apart, and a colour legend. Missing cells are
 * hatched grey and print a dash.
 *
 * @example
 * heatmap({ title: 'AP', rows: ['de', 'en'], cols: ['de', 'en'], value: (q, d) => (q === d ? 0.8 : 0.4),
 *   min: 0, max: 1 });
 */
export interface HeatmapOptions {
  title: string;
  rows: string[];
  cols: string[];
  value: (row: string, col: string) => number | null;
  /** An extra column after a gap, e.g. `{ label: 'Mul.', value: (q) => … }`. */
  extra?: { label: string; value: (row: string) => number | null };
  min: number;
  max: number;
  rowLabel?: string;
  colLabel?: string;
}

const CELL = 30;

export function heatmap(o: HeatmapOptions): string {
  const left = 44;
  const top = 52;
  const gap = o.extra ? 10 : 0;
  const extraW = o.extra ? CELL : 0;
  const gridW = o.cols.length * CELL;
  const gridH = o.rows.length * CELL;
  const legendTop = top + gridH + 14;
  const width = Math.max(left + gridW + gap + extraW + 16, 250);
  const height = legendTop + 40;
  const span = o.max - o.min;
  const t = (v: number) => (span > 0 ? (v - o.min) / span : 0.5);
  const parts: string[] = [svgOpen(width, height, o.title, 'heatmap')];
  parts.push(`<text x="${n(left)}" y="16" font-size="12" font-weight="600">${escText(o.title)}</text>`);
  parts.push(
    `<text x="${n(left + gridW / 2)}" y="${n(top - 24)}" text-anchor="middle" fill="#59636e">${escText(o.colLabel ?? 'document language')}</text>`,
  );
  parts.push(
    `<text x="12" y="${n(top + gridH / 2)}" text-anchor="middle" fill="#59636e" transform="rotate(-90 12 ${n(top + gridH / 2)})">${escText(o.rowLabel ?? 'query language')}</text>`,
  );
  o.cols.forEach((c, j) => {
    parts.push(
      `<text x="${n(left + j * CELL + CELL / 2)}" y="${n(top - 6)}" text-anchor="middle">${escText(c)}</text>`,
    );
  });
  if (o.extra) {
    parts.push(
      `<text x="${n(left + gridW + gap + CELL / 2)}" y="${n(top - 6)}" text-anchor="middle" font-weight="600">${escText(o.extra.label)}</text>`,
    );
  }
  const cell = (x: number, y: number, v: number | null) => {
    if (v === null || !Number.isFinite(v)) {
      return `<rect x="${n(x)}" y="${n(y)}" width="${CELL}" height="${CELL}" fill="#eaeef2" stroke="#ffffff"/><text x="${n(x + CELL / 2)}" y="${n(y + CELL / 2 + 4)}" text-anchor="middle" fill="#59636e">–</text>`;
    }
    const fill = sequential(t(v));
    const label = v >= 1 ? v.toFixed(1) : v.toFixed(2).replace(/^0/, '');
    return `<rect x="${n(x)}" y="${n(y)}" width="${CELL}" height="${CELL}" fill="${fill}" stroke="#ffffff"><title>${escText(v.toFixed(4))}</title></rect><text x="${n(x + CELL / 2)}" y="${n(y + CELL / 2 + 4)}" text-anchor="middle" font-size="10" fill="${inkOn(fill)}">${label}</text>`;
  };
  o.rows.forEach((r, i) => {
    const y = top + i * CELL;
    parts.push(`<text x="${n(left - 6)}" y="${n(y + CELL / 2 + 4)}" text-anchor="end">${escText(r)}</text>`);
    o.cols.forEach((c, j) => {
      parts.push(cell(left + j * CELL, y, o.value(r, c)));
    });
    if (o.extra) parts.push(cell(left + gridW + gap, y, o.extra.value(r)));
  });
  // legend
  const lw = 160;
  const steps = 20;
  for (let k = 0; k < steps; k++) {
    parts.push(
      `<rect x="${n(left + (k * lw) / steps)}" y="${n(legendTop)}" width="${n(lw / steps + 0.5)}" height="10" fill="${sequential(k / (steps - 1))}"/>`,
    );
  }
  parts.push(`<text x="${n(left)}" y="${n(legendTop + 24)}">${escText(o.min.toFixed(2))}</text>`);
  parts.push(
    `<text x="${n(left + lw)}" y="${n(legendTop + 24)}" text-anchor="end">${escText(o.max.toFixed(2))}</text>`,
  );
  parts.push('</svg>');
  return parts.join('');
}
