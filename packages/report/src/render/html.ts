import { CSS } from './css.js';
import type { Block, Cell, Doc, FigureBlock, TableBlock } from './doc.js';
import { alignOf } from './markdown.js';

/**
 * The document as one self-contained HTML file: inline CSS and inline SVG, no script, no external
 * resource (no URL at all), readable offline and printable.
 */
export function renderHtml(doc: Doc): string {
  const toc = doc.sections
    .filter((s) => s.level === 2)
    .map((s) => `<li><a href="#${attr(s.id)}">${inline(s.title)}</a></li>`)
    .join('');
  const body = doc.sections
    .map((s) => {
      const h = `<h${s.level} id="${attr(s.id)}">${inline(s.title)}</h${s.level}>`;
      return `<section>\n${h}\n${s.blocks.map(block).join('\n')}\n</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${inline(doc.title)}</h1>
<p class="subtitle">${inline(doc.subtitle)}</p>
<nav><ol>${toc}</ol></nav>
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p>${inline(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
    case 'callout':
      return `<aside class="callout ${b.tone}"><strong>${inline(b.title)}</strong>${b.text
        .map((t) => `<p>${inline(t)}</p>`)
        .join('')}</aside>`;
    case 'table':
      return table(b);
    case 'figure':
      return figure(b);
    case 'figures':
      return `<div class="figures">${b.figures.map(figure).join('\n')}</div>`;
  }
}

function figure(f: FigureBlock): string {
  return `<figure id="${attr(f.id)}">${f.svg}<figcaption>${inline(f.caption)}</figcaption></figure>`;
}

function table(t: TableBlock): string {
  const head: string[] = [];
  if (t.groups) {
    head.push(
      `<tr>${t.groups
        .map(
          (g) =>
            `<th colspan="${g.span}" class="group"${g.label ? '' : ' aria-hidden="true"'}>${inline(g.label)}</th>`,
        )
        .join('')}</tr>`,
    );
  }
  head.push(
    `<tr>${t.columns.map((c, i) => `<th${alignOf(t, i) === 'r' ? ' class="num"' : ''}>${inline(c)}</th>`).join('')}</tr>`,
  );
  const rows = t.rows.map((r) => {
    const emph = t.emphasis?.includes(r[0]?.text ?? '') ?? false;
    return `<tr${emph ? ' class="emph"' : ''}>${r.map((c, i) => cell(c, i, alignOf(t, i))).join('')}</tr>`;
  });
  const note = t.note ? `<p class="note">${inline(t.note)}</p>` : '';
  return `<div class="table-wrap"><table id="${attr(t.id)}"><caption>${inline(t.caption)}</caption><thead>${head.join(
    '',
  )}</thead><tbody>${rows.join('\n')}</tbody></table>${note}</div>`;
}

function cell(c: Cell, i: number, align: 'l' | 'r'): string {
  const text = c.best ? `<strong>${inline(c.text)}</strong>` : inline(c.text);
  const sub = c.sub ? `<br><span class="sub">${inline(c.sub)}</span>` : '';
  const cls = align === 'r' ? ' class="num"' : '';
  return i === 0 ? `<th scope="row"${cls}>${text}${sub}</th>` : `<td${cls}>${text}${sub}</td>`;
}

/** Escape text for HTML element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function attr(s: string): string {
  return esc(s);
}

/** Escape, then turn `**bold**` and `` `code` `` marks into elements. */
export function inline(s: string): string {
  return esc(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}
