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
  const n = text.length;
  const delim = /[\t\n]/g;
  /** The index of the next tab or newline at or after `k` (n when none). */
  const next = (k: number) => {
    delim.lastIndex = k;
    return delim.exec(text)?.index ?? n;
  };
  const lines = (a: number, b: number) => {
    let c = 0;
    for (let k = text.indexOf('\n', a); k !== -1 && k < b; k = text.indexOf('\n', k + 1)) c++;
    return c;
  };
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let quoted = false;
    for (;;) {
      let field: string;
      if (text[i] === '"') {
        quoted = true;
        let j = i + 1;
        field = '';
        for (;;) {
          const q = text.indexOf('"', j);
          const stop = q === -1 ? n : q;
          field += text.slice(j, stop);
          line += lines(j, stop);
          if (q === -1) {
            j = n;
            break;
          }
          if (text[q + 1] === '"') {
            field += '"';
            j = q + 2;
            continue;
          }
          j = q + 1;
          break;
        }
        const end = next(j);
        field += text.slice(j, end);
        i = end;
      } else {
        const end = next(i);
        field = text.slice(i, end);
        i = end;
      }
      if (i < n && text[i] === '\t') {
        fields.push(field);
        i++;
        continue;
      }
      fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
      if (i < n) {
        i++; // the newline
        line++;
      }
      break;
    }
    const empty = fields.length === 1 && fields[0] === '' && !quoted;
    yield { fields: empty ? [] : fields, line: start };
  }
}

/** The records of a TSV file (whole-file read, strict UTF-8 under `policy`), CSV quoting as above. */
export async function readQuotedTsv(file: string, policy: TextPolicy): Promise<TsvRecord[]> {
  return [...parseQuotedTsv(await readText(file, policy))];
}
