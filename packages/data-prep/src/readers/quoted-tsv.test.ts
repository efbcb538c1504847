import { describe, expect, it } from 'vitest';
import { parseQuotedTsv } from './quoted-tsv.js';

// Expected records as Python's csv.reader(f, delimiter='\t') gives them for the same text.
describe('TSV with CSV quoting', () => {
  it('reads quoted fields with tabs, newlines and doubled quotes; a quote inside a field is a character', () => {
    const text = 'en\tzul\n"a\tb"\tc\n"multi\nline"\td\ne "quoted" f\t"x ""y"""\n\nlast\trow';
    expect([...parseQuotedTsv(text)]).toEqual([
      { fields: ['en', 'zul'], line: 1 },
      { fields: ['a\tb', 'c'], line: 2 },
      { fields: ['multi\nline', 'd'], line: 3 },
      { fields: ['e "quoted" f', 'x "y"'], line: 5 },
      { fields: [], line: 6 },
      { fields: ['last', 'row'], line: 7 },
    ]);
  });

  it('drops a carriage return before a line break', () => {
    expect([...parseQuotedTsv('a\tb\r\nc\td\r\n')].map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
});
