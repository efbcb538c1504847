import { describe, expect, it } from 'vitest';
import { bars } from './bars.js';
import { heatmap } from './heatmap.js';
import { lines, thin } from './lines.js';
import { inkOn, niceTicks, sequential, standaloneSvg, tickLabel } from './svg.js';

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe('axis helpers', () => {
  it('chooses round ticks that cover the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0.93, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 47, 5)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceTicks(-0.3, 1, 5)).toEqual([-0.5, 0, 0.5, 1]);
    expect(niceTicks(2, 2, 5)[0]).toBe(2);
  });

  it('prints as many decimals as the step needs', () => {
    expect(tickLabel(0.25, 0.25)).toBe('0.25');
    expect(tickLabel(0.5, 0.25)).toBe('0.50');
    expect(tickLabel(40, 10)).toBe('40');
    expect(tickLabel(0.4, 0.2)).toBe('0.4');
  });

  it('maps the colour scale ends to viridis and picks readable ink', () => {
    expect(sequential(0)).toBe('#440154');
    expect(sequential(1)).toBe('#fde725');
    expect(sequential(Number.NaN)).toBe('#440154');
    expect(inkOn('#440154')).toBe('#ffffff');
    expect(inkOn('#fde725')).toBe('#000000');
  });
});

describe('heatmap', () => {
  const svg = heatmap({
    title: 'AP <de>',
    rows: ['de', 'en'],
    cols: ['de', 'en'],
    value: (q, d) => (q === 'en' && d === 'de' ? null : q === d ? 0.8 : 0.4),
    extra: { label: 'Mul.', value: () => 0.5 },
    min: 0.4,
    max: 0.8,
  });
  it('draws one cell per pair plus the extra column, values printed, missing cells dashed', () => {
    // 4 pair cells + 2 extra cells, each a rect with a <title> when present; 20 legend rects
    expect(count(svg, /<rect [^>]*stroke="#ffffff"/g)).toBe(6);
    expect(count(svg, />\.80</g)).toBe(2);
    expect(count(svg, />\.40</g)).toBe(1);
    expect(count(svg, />–</g)).toBe(1);
    expect(svg).toContain('<title>AP &lt;de&gt;</title>');
    expect(svg).not.toMatch(/NaN|undefined/);
  });
  it('becomes a valid standalone file with the SVG namespace', () => {
    const file = standaloneSvg(svg);
    expect(
      file.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '),
    ).toBe(true);
  });
});

describe('bars', () => {
  it('draws one bar per value, clips whiskers to the clamp range, and marks missing values', () => {
    const svg = bars({
      title: 'mAP',
      groups: ['Mo.', 'Cr.'],
      yLabel: 'mAP',
      clamp: [0, 1],
      series: [
        { label: 'A', color: 0, values: [{ value: 0.5, low: -0.2, high: 1.4 }, null] },
        { label: 'B', color: 1, values: [{ value: 0.25 }, { value: 0.75, low: 0.7, high: 0.8 }] },
      ],
    });
    expect(count(svg, /<rect [^>]*><title>/g)).toBe(3);
    expect(count(svg, /<path d="M/g)).toBe(2);
    expect(svg).not.toMatch(/>-0\.|NaN|undefined/); // no tick below 0 although the interval reaches −0.2
    expect(svg).toContain('>1.0</text>');
    expect(count(svg, />–</g)).toBe(1);
  });

  it('draws a dashed reference line across each group that has a level, inside the axis, with a legend entry', () => {
    const svg = bars({
      title: 'Rank distance',
      groups: ['a', 'b', 'c'],
      yLabel: 'rank distance',
      clamp: [0, Number.POSITIVE_INFINITY],
      series: [{ label: 'X-Y', color: 0, values: [{ value: 10 }, { value: 20 }, { value: 30 }] }],
      reference: { label: 'chance', values: [100, null, Number.NaN] },
    });
    const refs = [
      ...svg.matchAll(/<line class="reference" x1="([\d.]+)" x2="([\d.]+)" y1="([\d.]+)" y2="([\d.]+)"/g),
    ];
    expect(refs).toHaveLength(1); // null and NaN draw nothing
    const [, x1, x2, y1, y2] = refs[0]!.map(Number);
    expect(y1).toBe(y2);
    expect(x2! - x1!).toBe(18 + 8); // one bar wide, plus 4 on each side
    // The axis grows to include the level (bars reach 30 only): its top tick is 100 and sits at y = 28.
    expect(svg).toContain('>100</text>');
    expect(y1).toBe(28);
    expect(svg).toContain('<title>chance · a: 100.0000</title>');
    expect(count(svg, /stroke-dasharray="5 3"/g)).toBe(2); // the line and its legend entry
    expect(svg).toContain('>chance</text>');
    expect(svg).not.toMatch(/NaN|undefined/);
  });

  it('draws no reference line or legend entry without a reference', () => {
    const svg = bars({
      title: 'x',
      groups: ['a'],
      yLabel: 'y',
      series: [{ label: 'A', color: 0, values: [{ value: 1 }] }],
      reference: { label: 'chance', values: [null] },
    });
    expect(svg).not.toContain('class="reference"');
    expect(svg).not.toContain('>chance</text>');
  });
});

describe('lines', () => {
  it('draws a path per series, markers for short series and a legend entry each', () => {
    const svg = lines({
      title: 'loss',
      xLabel: 'step',
      yLabel: 'loss',
      series: [
        {
          label: 's1',
          color: 0,
          points: [
            [0, 3],
            [10, 2],
            [20, Number.NaN],
            [30, 1],
          ],
        },
        {
          label: 's2',
          color: 1,
          dash: 1,
          points: [
            [0, 3.2],
            [30, 1.1],
          ],
        },
      ],
    });
    expect(count(svg, /<path d="M/g)).toBe(2);
    expect(count(svg, /<circle /g)).toBe(5); // the NaN point is dropped
    expect(svg).toContain('stroke-dasharray="6 3"');
    expect(svg).toContain('>s2</text>');
  });

  it('thins long series by averaging runs of points', () => {
    const pts = Array.from({ length: 10 }, (_, i) => [i, i * 2] as [number, number]);
    expect(thin(pts, 5)).toEqual([
      [0.5, 1],
      [2.5, 5],
      [4.5, 9],
      [6.5, 13],
      [8.5, 17],
    ]);
    expect(thin(pts, 20)).toBe(pts);
  });
});
