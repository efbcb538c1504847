import type { TextPolicy } from '../text-io.js';
import { readText } from '../text-io.js';

/** One record of a tab-separated file: its fields and the 1-based line it starts on. */
export interface TsvRecord {
  fields: string[];
  line: number;
}

/**
 * The records of a tab-separated text read with CSV quoting, as Python's `csv` module (`excel-tab`) and
 * pandas read MAFAND-MT and MasakhaNEWS: a `"` at the start of a field opens a quoted field that may hold
 * tabs and newlines, `""` inside it is one `"`, and a `"` elsewhere is an ordinary character. A `\r`
 * before a line break is dropped. Records that are empty lines are returned with no fields (`[]`).
 *
 * @example
 * [...parseQuotedTsv('en\tyo\n"a\tb"\tc\n')]; // [{ fields: ['en','yo'], line: 1 }, { fields: ['a\tb','c'], line: 2 }]
 */
export function* parseQuotedTsv(text: string): Generator<TsvRecord> {
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStart = true;
  let line = 1;
  let start = 1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && fieldStart) {
      inQuotes = true;
      fieldStart = false;
    } else if (ch === '\t') {
      fields.push(field);
      field = '';
      fieldStart = true;
    } else if (ch === '\n') {
      if (field.endsWith('\r')) field = field.slice(0, -1);
      const empty = fields.length === 0 && field === '';
      if (!empty) fields.push(field);
      yield { fields, line: start };
      fields = [];
      field = '';
      fieldStart = true;
      line++;
      start = line;
    } else {
      field += ch;
      fieldStart = false;
    }
  }
  if (fields.length > 0 || field !== '' || inQuotes) {
    fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
    yield { fields, line: start };
  }
}

/** The records of a TSV file (whole-file read, strict UTF-8 under `policy`), CSV quoting as above. */
export async function readQuotedTsv(file: string, policy: TextPolicy): Promise<TsvRecord[]> {
  return [...parseQuotedTsv(await readText(file, policy))];
}
