/**
 * The report as a small document tree, built once and written twice: as Markdown (`markdown.ts`) and as
 * self-contained HTML (`html.ts`). Text may use two inline marks: `**bold**` and `` `code` ``.
 */
export interface Cell {
  text: string;
  /** A second, smaller line (an interval, `n=1`). */
  sub?: string;
  /** Best value of its column (printed bold). */
  best?: boolean;
}

export interface TableBlock {
  kind: 'table';
  id: string;
  caption: string;
  /** Optional header groups above the columns; spans add up to the column count. */
  groups?: Array<{ label: string; span: number }>;
  columns: string[];
  rows: Cell[][];
  /** Column alignment, 'l' or 'r'; default: the first column left, the others right (numbers). */
  align?: Array<'l' | 'r'>;
  /** Rows with this first-cell text are emphasised (e.g. "Mean"). */
  emphasis?: string[];
  note?: string;
}

export interface FigureBlock {
  kind: 'figure';
  id: string;
  caption: string;
  /** Inline SVG markup without an xmlns attribute (added when written as a file). */
  svg: string;
}

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'callout'; tone: 'info' | 'warn'; title: string; text: string[] }
  | TableBlock
  | FigureBlock
  | { kind: 'figures'; figures: FigureBlock[] };

export interface Section {
  id: string;
  title: string;
  level: 2 | 3;
  blocks: Block[];
}

export interface Doc {
  title: string;
  subtitle: string;
  sections: Section[];
}

/** Every figure of a document, in order (they are also written as `figures/<id>.svg`). */
export function figuresOf(doc: Doc): FigureBlock[] {
  const out: FigureBlock[] = [];
  for (const s of doc.sections) {
    for (const b of s.blocks) {
      if (b.kind === 'figure') out.push(b);
      if (b.kind === 'figures') out.push(...b.figures);
    }
  }
  return out;
}

/** A slug for ids and file names: lower case letters, digits and dashes. */
export function slug(...parts: string[]): string {
  return parts
    .join('-')
    .toLowerCase()
    .replace(/α/g, 'a')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
