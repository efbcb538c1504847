import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryLogger, silentProgress } from '@hbt/core';
import { afterAll, describe, expect, it } from 'vitest';
import { FETCH_MARKER, fetchDataset } from './fetch.js';
import { getDataset } from './registry.js';
import { realMirror, tempDir } from './test-utils/prep.js';

// The six low-resource datasets of issue #15 (registry part): `hbt data fetch <name> --mirror` on the real
// mirror, and the counts the issue pins, counted on the real files. Reference numbers: the issue text,
// re-counted independently with Python (`wc -l`-style line counts and the `csv` module); where the two
// ways of counting differ the comment says why.
const mirror = realMirror();
const SIX = ['ntrex-128', 'flores-sib200', 'mafand-mt', 'afriqa', 'masakhane-news', 'tatoeba'];

/** The lines of a text file that ends with a newline (the last, empty, piece is not a line). */
function lines(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n'), `${path} ends with a newline`).toBe(true);
  return text.slice(0, -1).split('\n');
}

/**
 * Records of a tab-separated file read with CSV quoting, as Python's `csv` module does: a `"` at the start
 * of a field opens a quoted field that may hold tabs and newlines, `""` inside it is a literal quote.
 */
function quotedRecords(text: string): number {
  let records = 0;
  let inQuotes = false;
  let fieldStart = true;
  let justClosed = false;
  for (const ch of text) {
    const wasInQuotes = inQuotes;
    if (inQuotes) {
      if (ch === '"') inQuotes = false;
    } else if (ch === '"' && (fieldStart || justClosed)) inQuotes = true;
    else if (ch === '\n') records++;
    justClosed = wasInQuotes && !inQuotes;
    fieldStart = !inQuotes && (ch === '\t' || ch === '\n');
  }
  return records;
}

describe('low-resource registry entries (issue #15)', () => {
  it('name their readers, and the notes and licences say what they are', () => {
    const formats = SIX.map((name) => getDataset(name).format);
    expect(formats).toEqual(['ntrex', 'flores-sib200', 'mafand-mt', 'afriqa', 'masakhane-news', 'tatoeba']);
    for (const name of SIX) {
      const d = getDataset(name);
      expect(d.notes).not.toContain('registry only');
      expect(d.licence).not.toBe('');
    }
    expect(getDataset('mafand-mt').licence).toMatch(/CC-BY-NC-4\.0.*NON-COMMERCIAL/);
  });
});

describe.skipIf(mirror === null)(
  'low-resource datasets on the real mirror (needs ../shared/data or HBT_DATA_MIRROR)',
  () => {
    const root = mirror!;
    const cache = tempDir('hbt-fetch-lowres-');
    afterAll(() => cache.cleanup());

    it.each(SIX)(
      'hbt data fetch %s --mirror copies every file and verifies its sha256',
      async (name) => {
        const entry = getDataset(name);
        const r = await fetchDataset(entry, {
          cache: cache.dir,
          mirror: root,
          progress: silentProgress,
          log: memoryLogger(),
        });
        expect(r.files.map((f) => f.status)).toEqual(entry.files.map(() => 'copied'));
        expect(existsSync(join(r.dir, FETCH_MARKER))).toBe(true);
      },
      120_000,
    );

    it('NTREX-128: 1,997 lines in every file (English source and 37 translations)', () => {
      const dir = join(root, 'ntrex-128', 'NTREX-128');
      const names = readdirSync(dir).filter((f) => f.endsWith('.txt'));
      expect(names.length).toBe(38);
      for (const f of names) expect(lines(join(dir, f)).length, f).toBe(1997);
    });

    it('SIB-200: 701 / 99 / 204 rows per language (train / dev / test, header excluded)', () => {
      const dir = join(root, 'flores-sib200', 'data', 'annotated');
      const langs = readdirSync(dir);
      // The issue says 58 languages; the mirror holds 66 language variants (e.g. arb_Arab and arb_Latn).
      expect(langs.length).toBe(66);
      expect(langs.sort()).toEqual(getDataset('flores-sib200').languages);
      for (const lang of langs) {
        const counts = ['train', 'dev', 'test'].map((s) => lines(join(dir, lang, `${s}.tsv`)).length - 1);
        expect(counts, lang).toEqual([701, 99, 204]);
      }
    });

    it('MAFAND-MT: train pairs per language, with empty and duplicate lines counted explicitly', () => {
      // [data lines (header excluded), empty lines, lines repeating an earlier line, lines without
      // exactly two tab-separated fields, records when read with CSV quoting].
      // The numbers are the data lines. ibo: 54 lines hold quoted fields with tabs inside
      // (4 fields split naively, 2 with quoting). zul: 40 lines (one of them empty, line 1359) continue a
      // quoted field that spans lines, so a quote-aware reader (Python's csv, pandas) sees 3,500 pairs,
      // not 3,540 — the MAFAND reader must read TSV with quoting.
      const expected: Record<string, [number, number, number, number, number]> = {
        hau: [5865, 0, 94, 0, 5865],
        ibo: [6998, 0, 184, 54, 6998],
        lug: [4075, 0, 7, 0, 4075],
        pcm: [4790, 0, 2, 0, 4790],
        tsn: [2100, 0, 1, 0, 2100],
        twi: [3337, 0, 0, 0, 3337],
        yor: [6644, 0, 72, 0, 6644],
        zul: [3540, 1, 31, 39, 3500],
      };
      for (const [lang, want] of Object.entries(expected)) {
        const p = join(root, 'mafand-mt', 'data', 'tsv_files', `en-${lang}`, 'train.tsv');
        const [header, ...rows] = lines(p);
        expect(header, p).toBe(`en\t${lang}`);
        const filled = rows.filter((r) => r.trim() !== '');
        const got = [
          rows.length,
          rows.length - filled.length,
          filled.length - new Set(filled).size,
          filled.filter((r) => r.split('\t').length !== 2).length,
          quotedRecords(readFileSync(p, 'utf8')) - 1,
        ];
        expect(got, p).toEqual(want);
      }
      // en-swa train: two line-aligned text files; no empty line; 445 pairs repeat an earlier pair.
      const dir = join(root, 'mafand-mt', 'data', 'text_files', 'en-swa');
      const en = lines(join(dir, 'train.en'));
      const sw = lines(join(dir, 'train.swa'));
      expect([en.length, sw.length]).toEqual([30782, 30782]);
      expect(en.filter((l) => l.trim() === '').length + sw.filter((l) => l.trim() === '').length).toBe(0);
      expect(en.length - new Set(en.map((l, i) => `${l}\t${sw[i]}`)).size).toBe(445);
    });

    it('AfriQA: test queries per language (JSONL, one query per line)', () => {
      const expected: Record<string, number> = {
        bem: 314,
        fon: 386,
        hau: 300,
        ibo: 409,
        kin: 347,
        swa: 302,
        twi: 490,
        wol: 334,
        yor: 332,
        zul: 325,
      };
      for (const [lang, n] of Object.entries(expected)) {
        const pivot = lang === 'fon' || lang === 'wol' ? 'fr' : 'en';
        const p = join(root, 'afriqa', 'data', 'queries', lang, `queries.afriqa.${lang}.${pivot}.test.json`);
        const queries = lines(p).map((l) => JSON.parse(l) as { lang: string; split: string });
        expect(queries.length, p).toBe(n);
        expect(new Set(queries.map((q) => `${q.lang}/${q.split}`)), p).toEqual(new Set([`${lang}/test`]));
      }
    });
  },
);
