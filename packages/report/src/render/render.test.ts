import { describe, expect, it } from 'vitest';
import type { Doc } from './doc.js';
import { fmt, fmtP, fmtSigned, fmtStat } from './format.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';

const doc: Doc = {
  title: 'Report <x>',
  subtitle: 'for `exp` & co',
  sections: [
    {
      id: 'main',
      title: 'Main',
      level: 2,
      blocks: [
        { kind: 'p', text: 'Plain **bold** and `code` <script>alert(1)</script>' },
        {
          kind: 'table',
          id: 't1',
          caption: 'Table | one',
          groups: [
            { label: '', span: 1 },
            { label: 'ds', span: 2 },
          ],
          columns: ['Arm', 'Mo.', 'Cr.'],
          rows: [
            [
              { text: 'X-Y' },
              { text: '0.500 ± 0.010', sub: '[0.400, 0.600]', best: true },
              { text: '0.300', sub: 'n=1' },
            ],
            [{ text: 'Mean' }, { text: '–' }, { text: '0.1' }],
          ],
          emphasis: ['Mean'],
          note: 'a note',
        },
        {
          kind: 'figure',
          id: 'f1',
          caption: 'A chart',
          svg: '<svg width="10" height="10"><title>t</title></svg>',
        },
      ],
    },
  ],
};

describe('markdown', () => {
  it('writes tables with grouped column names, bold best cells, intervals and escaped pipes', () => {
    const md = renderMarkdown(doc);
    expect(md.startsWith('# Report <x>\n')).toBe(true);
    expect(md).toContain('**Table | one**');
    expect(md).toContain('| Arm | ds Mo. | ds Cr. |');
    expect(md).toContain('| --- | ---: | ---: |');
    expect(md).toContain('| X-Y | **0.500 ± 0.010** [0.400, 0.600] | 0.300 (n=1) |');
    expect(md).toContain('| **Mean** | **–** | **0.1** |');
    expect(md).toContain('![A chart](figures/f1.svg)');
    expect(md.endsWith('\n')).toBe(true);
  });
});

describe('html', () => {
  const html = renderHtml(doc);
  it('escapes text and turns inline marks into elements', () => {
    expect(html).toContain('<title>Report &lt;x&gt;</title>');
    expect(html).toContain(
      'Plain <strong>bold</strong> and <code>code</code> &lt;script&gt;alert(1)&lt;/script&gt;',
    );
    expect(html).not.toContain('<script');
  });

  it('writes grouped headers, row headers, sub-lines and emphasis', () => {
    expect(html).toContain('<th colspan="2" class="group">ds</th>');
    expect(html).toContain('<th scope="row">X-Y</th>');
    expect(html).toContain(
      '<td class="num"><strong>0.500 ± 0.010</strong><br><span class="sub">[0.400, 0.600]</span></td>',
    );
    expect(html).toContain('<tr class="emph">');
    expect(html).toContain('<figure id="f1"><svg width="10" height="10">');
    expect(html).toContain('<a href="#main">Main</a>');
  });

  it('is self-contained: no URL, no script, no external resource', () => {
    expect(html).not.toMatch(/https?:|\/\/|src=|<link|<script|@import|url\(/i);
  });
});

describe('number formatting', () => {
  it('never prints NaN or undefined', () => {
    expect(fmt(Number.NaN)).toBe('–');
    expect(fmt(null)).toBe('–');
    expect(fmt(undefined)).toBe('–');
    expect(fmt(Number.POSITIVE_INFINITY)).toBe('–');
    expect(fmt(-0.00001, 3)).toBe('0.000');
    expect(fmt(0.12345, 3)).toBe('0.123');
  });

  it('signs differences and formats p-values', () => {
    expect(fmtSigned(0.0123, 3)).toBe('+0.012');
    expect(fmtSigned(-0.0123, 3)).toBe('−0.012');
    expect(fmtSigned(0, 3)).toBe('0.000');
    expect(fmtP(0.04321)).toBe('0.043');
    expect(fmtP(0.0004)).toBe('4.0e-4');
  });

  it('formats seed statistics by their count', () => {
    expect(fmtStat({ n: 0, mean: null, std: null, low: null, high: null, values: [] }, 3)).toEqual({
      text: '–',
    });
    expect(fmtStat({ n: 1, mean: 0.5, std: null, low: null, high: null, values: [0.5] }, 3)).toEqual({
      text: '0.500',
      sub: 'n=1',
    });
    expect(fmtStat({ n: 3, mean: 0.6, std: 0.1, low: 0.35, high: 0.85, values: [] }, 3)).toEqual({
      text: '0.600 ± 0.100',
      sub: '[0.350, 0.850]',
    });
  });
});
