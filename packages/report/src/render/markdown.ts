import type { Block, Cell, Doc, TableBlock } from './doc.js';

/**
 * The document as GitHub-flavoured Markdown. Figures are referenced as `figures/<id>.svg` (the stage
 * writes those files next to report.md).
 */
export function renderMarkdown(doc: Doc): string {
  const out: string[] = [`# ${doc.title}`, '', doc.subtitle, ''];
  for (const s of doc.sections) {
    out.push(`${'#'.repeat(s.level)} ${s.title}`, '');
    for (const b of s.blocks) out.push(...block(b), '');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function block(b: Block): string[] {
  switch (b.kind) {
    case 'p':
      return [b.text];
    case 'list':
      return b.items.map((i) => `- ${i}`);
    case 'callout':
      return [`> **${b.title}**`, ...b.text.flatMap((t) => ['>', `> ${t}`])];
    case 'table':
      return table(b);
    case 'figure':
      return [`![${b.caption}](figures/${b.id}.svg)`, '', `*${b.caption}*`];
    case 'figures':
      return b.figures.flatMap((f) => [`![${f.caption}](figures/${f.id}.svg)`, '', `*${f.caption}*`, '']);
  }
}

function table(t: TableBlock): string[] {
  const names = t.columns.map((c, i) => {
    const g = groupOf(t, i);
    return g && i > 0 ? `${g} ${c}` : c;
  });
  const lines = [
    `**${t.caption}**`,
    '',
    row(names),
    row(names.map((_, i) => (alignOf(t, i) === 'l' ? '---' : '---:'))),
  ];
  for (const r of t.rows) {
    const emph = t.emphasis?.includes(r[0]?.text ?? '') ?? false;
    lines.push(row(r.map((c) => cell(c, emph))));
  }
  if (t.note) lines.push('', `*${t.note}*`);
  return lines;
}

export function alignOf(t: TableBlock, col: number): 'l' | 'r' {
  return t.align?.[col] ?? (col === 0 ? 'l' : 'r');
}

function groupOf(t: TableBlock, col: number): string | null {
  if (!t.groups) return null;
  let i = 0;
  for (const g of t.groups) {
    if (col < i + g.span) return g.label || null;
    i += g.span;
  }
  return null;
}

function cell(c: Cell, emph: boolean): string {
  let s = c.text;
  if (c.best || emph) s = `**${s}**`;
  if (c.sub) s += c.sub.startsWith('[') ? ` ${c.sub}` : ` (${c.sub})`;
  return s;
}

function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
}
