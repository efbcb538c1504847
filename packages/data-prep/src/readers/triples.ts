import type { ParallelGroup } from '../build/parallel.js';
import type { InputFile } from '../files.js';
import type { Skips } from '../skips.js';
import type { Pair } from '../tables.js';
import { readLines } from '../text-io.js';

/**
 * TSV triples, the MS MARCO / mMARCO training layout: `query<TAB>positive<TAB>negative` per line (the
 * negative column may be left out), one language per file. A line with another column count or an
 * empty text is invalid (an error, or skipped with `data.on_invalid = "skip"`).
 *
 * Not parallel: each line is its own group, `<dataset>/<lang>/<line>`, and `pair_id` is the same.
 * With `parallel: true` (mMARCO's translations are line-aligned), line i of every language file is one
 * group `<dataset>/<line>`, returned as parallel groups so the pair builder also makes cross-language
 * pairs; the negative of a pair is the given one in the passage language.
 */
export async function readTriples(
  files: readonly InputFile[],
  dataset: string,
  parallel: boolean,
  skips: Skips,
  limit?: number,
): Promise<{ pairs: Pair[]; groups: ParallelGroup[]; rows: Record<string, number> }> {
  const pairs: Pair[] = [];
  const groups = new Map<number, ParallelGroup>();
  const rows: Record<string, number> = {};
  for (const f of files) {
    const lang = f.lang!;
    let n = 0;
    for await (const { text, line } of readLines(f.path, skips.text(dataset))) {
      if (text.trim() === '') continue;
      if (limit !== undefined && n >= limit) break;
      const cols = text.split('\t');
      const where = { dataset, file: f.path, location: `line ${line}` };
      if (cols.length !== 2 && cols.length !== 3) {
        skips.invalid(
          where,
          `expected 3 tab-separated columns (query, positive, negative), found ${cols.length}`,
        );
        continue;
      }
      const [query, pos, neg] = cols as [string, string, string | undefined];
      if (query.trim() === '' || pos.trim() === '' || (neg !== undefined && neg.trim() === '')) {
        skips.invalid(where, 'empty text in a triple');
        continue;
      }
      n++;
      if (parallel) {
        let g = groups.get(line);
        if (!g) {
          g = { key: String(line), queries: new Map(), positives: new Map() };
          groups.set(line, g);
        }
        g.queries.set(lang, query);
        g.positives.set(lang, neg === undefined ? { text: pos } : { text: pos, negative: neg });
      } else {
        pairs.push({
          pair_id: `${dataset}/${lang}/${line}`,
          group_id: `${dataset}/${lang}/${line}`,
          query_text: query,
          query_lang: lang,
          pos_text: pos,
          pos_lang: lang,
          neg_text: neg ?? null,
          dataset,
        });
      }
    }
    rows[lang] = n;
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => a - b).map(([, g]) => g);
  return { pairs, groups: ordered, rows };
}
