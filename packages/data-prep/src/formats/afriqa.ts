import { join } from 'node:path';
import { DataError } from '@hbt/core';
import type { ParallelGroup } from '../build/parallel.js';
import type { EvalLangStats } from '../build/squad.js';
import { entryAt, type InputFile, isDir, listFiles } from '../files.js';
import { normalizeLang3 } from '../lang3.js';
import type { LocatedDataset } from '../locate.js';
import { parseLine } from '../readers/ir.js';
import type { Skips } from '../skips.js';
import { readLines } from '../text-io.js';
import { languageFolders, parallelPairs, roleSplit, roleSplits, sourceLangs } from './common.js';
import type { DatasetResult, FormatSpec } from './types.js';

const QUERIES = /^queries\.afriqa\.([a-z]{3})\.([a-z]{2})\.([a-z]+)\.json$/;

/**
 * AfriQA: per language and split, `data/queries/<lang>/queries.afriqa.<lang>.<pivot>.<split>.json` (JSONL:
 * id, question, translated_question) and, when there is one, the gold passages
 * `data/gold_passages/<lang>/gold_span_passages.afriqa.<lang>.<pivot>.<split>.json` (JSONL: id, title,
 * context). A language without a gold file for the split is read (its questions are counted as not
 * retrievable) but gives no rows.
 */
function discover(ds: LocatedDataset): InputFile[] {
  const qdir = join(ds.root, 'data', 'queries');
  if (!isDir(qdir)) {
    throw new DataError(
      'an AfriQA dataset is a folder with data/queries/<lang>/ and data/gold_passages/<lang>/',
      {
        file: ds.root,
        hint: 're-fetch: hbt data fetch afriqa',
      },
    );
  }
  const langs = languageFolders(ds, qdir, 'AfriQA folders are named by ISO 639-3 code (hau)');
  const out: InputFile[] = [];
  for (const split of roleSplits(ds)) {
    for (const { lang, source } of langs) {
      const q = listFiles(join(qdir, source), (n) => QUERIES.exec(n)?.[3] === split);
      if (q.length !== 1) {
        throw new DataError(
          `expected one queries.afriqa.${source}.<pivot>.${split}.json, found ${q.length}`,
          {
            file: join(qdir, source),
            hint: 'AfriQA splits are train, dev and test; set "split"',
          },
        );
      }
      const [, , pivot] = QUERIES.exec(q[0]!.slice(q[0]!.lastIndexOf('/') + 1))!;
      out.push({ path: q[0]!, lang, kind: `queries:${split}:${pivot}` });
      const gold = join(
        ds.root,
        'data',
        'gold_passages',
        source,
        `gold_span_passages.afriqa.${source}.${pivot}.${split}.json`,
      );
      if (entryAt(gold) === 'file') out.push({ path: gold, lang, kind: `gold:${split}:${pivot}` });
      else
        ds.notRead.push({
          path: gold,
          reason: `no gold passages for ${source} ${split}: its questions are not retrievable`,
        });
    }
  }
  return out;
}

interface Question {
  id: string;
  question: string;
  translation: string;
  line: number;
}

async function readJsonl<T>(
  file: string,
  ds: LocatedDataset,
  skips: Skips,
  take: (o: Record<string, unknown>, where: { dataset: string; file: string; location: string }) => T | null,
): Promise<T[]> {
  const out: T[] = [];
  for await (const { text, line } of readLines(file, skips.text(ds.name))) {
    if (text.trim() === '') continue;
    const where = { dataset: ds.name, file, location: `line ${line}` };
    const v = take(parseAfriqaLine(text, file, line), where);
    if (v !== null) out.push(v);
  }
  return out;
}

/**
 * One JSONL line. AfriQA's files were written by pandas, which writes a missing value as a bare `NaN` (not
 * JSON; Python's json module accepts it): a line that fails to parse is retried with `NaN` values as null.
 */
function parseAfriqaLine(text: string, file: string, line: number): Record<string, unknown> {
  try {
    return parseLine(text, file, line);
  } catch (e) {
    const fixed = text.replace(/(:\s*)NaN(?=\s*[,}\]])/g, '$1null');
    if (fixed === text) throw e;
    return parseLine(fixed, file, line);
  }
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);
const idOf = (v: unknown) =>
  typeof v === 'number' ? String(v) : typeof v === 'string' && v !== '' ? v : null;

interface SplitData {
  lang: string;
  pivot: string;
  questions: Question[];
  /** Gold passage by question id; null when the split has no gold file. */
  gold: Map<string, { title: string; context: string }> | null;
}

async function readSplit(
  ds: LocatedDataset,
  split: string,
  skips: Skips,
  onFile: () => void,
): Promise<SplitData[]> {
  const out: SplitData[] = [];
  for (const f of ds.files.filter((x) => x.kind.startsWith(`queries:${split}:`))) {
    const pivot = normalizeLang3(f.kind.split(':')[2]!)!;
    const questions = await readJsonl(f.path, ds, skips, (o, where) => {
      const id = idOf(o.id);
      const question = str(o.question);
      const translation = str(o.translated_question);
      if (id === null || question === null || translation === null) {
        skips.invalid(where, 'expected id, question and translated_question (non-empty)');
        return null;
      }
      return { id, question, translation, line: Number(where.location.slice(5)) };
    });
    onFile();
    const gf = ds.files.find((x) => x.lang === f.lang && x.kind === `gold:${split}:${f.kind.split(':')[2]}`);
    let gold: SplitData['gold'] = null;
    if (gf) {
      gold = new Map();
      for (const g of await readJsonl(gf.path, ds, skips, (o, where) => {
        const id = idOf(o.id);
        const context = str(o.context);
        if (id === null) {
          skips.invalid(where, 'expected an id');
          return null;
        }
        if (context === null) {
          // AfriQA has gold rows without a passage (context null): the question is not retrievable.
          skips.skip(where, 'gold passage row without a passage (context null): question not retrievable');
          return null;
        }
        return { id, title: typeof o.title === 'string' ? o.title : '', context };
      })) {
        gold.set(g.id, { title: g.title, context: g.context });
      }
      onFile();
    }
    out.push({ lang: f.lang!, pivot, questions, gold });
  }
  return out;
}

/**
 * The `qa` task's tables: queries are the African-language question (`<ds>/<lang>/<id>`, lang = its
 * language) and its human translation (`<ds>/<pivot>/<lang>/<id>`, lang = eng or fra), both with
 * `group_id` = `<ds>/<lang>/<id>`; the corpus is the split's gold passages, all languages pooled and
 * deduplicated by (language, title, text) (`doc_id` `<ds>/<pivot>/<lang>/<id>` of the first question
 * whose passage it is, `context` = the title); qrels: both versions → the passage. Questions without a
 * gold passage are left out and counted (`unretrievable`).
 */
function addQaEval(ds: LocatedDataset, data: SplitData[], o: Parameters<FormatSpec['read']>[1]) {
  const stats: Record<string, EvalLangStats> = {};
  const unretrievable: Record<string, number> = {};
  const docOf = new Map<string, string>();
  for (const d of data) {
    stats[d.lang] ??= { questions: 0, candidates: 0, qrels: 0 };
    const s = stats[d.lang]!;
    for (const q of d.questions) {
      const g = d.gold?.get(q.id);
      if (g === undefined) {
        unretrievable[d.lang] = (unretrievable[d.lang] ?? 0) + 1;
        continue;
      }
      const group = `${ds.name}/${d.lang}/${q.id}`;
      const key = `${d.pivot}\t${g.title}\t${g.context}`;
      let doc = docOf.get(key);
      if (doc === undefined) {
        doc = `${ds.name}/${d.pivot}/${d.lang}/${q.id}`;
        docOf.set(key, doc);
        o.tables.addDoc({
          doc_id: doc,
          lang: d.pivot,
          text: g.context,
          context: g.title || null,
          group_id: group,
          dataset: ds.name,
        });
        s.candidates++;
      }
      const qid = `${ds.name}/${d.lang}/${q.id}`;
      const tid = `${ds.name}/${d.pivot}/${d.lang}/${q.id}`;
      o.tables.addQuery({ query_id: qid, lang: d.lang, text: q.question, group_id: group, dataset: ds.name });
      o.tables.addQuery({
        query_id: tid,
        lang: d.pivot,
        text: q.translation,
        group_id: group,
        dataset: ds.name,
      });
      o.tables.addQrel(qid, doc, 1);
      o.tables.addQrel(tid, doc, 1);
      s.questions++;
      s.qrels += 2;
    }
  }
  return { stats, unretrievable };
}

/** Training groups: key `<lang>/<id>`, queries = the question (xx) and its translation, positive = the passage. */
function qaGroups(data: SplitData[]): { groups: ParallelGroup[]; unretrievable: Record<string, number> } {
  const groups: ParallelGroup[] = [];
  const unretrievable: Record<string, number> = {};
  for (const d of data) {
    for (const q of d.questions) {
      const g = d.gold?.get(q.id);
      if (g === undefined) {
        unretrievable[d.lang] = (unretrievable[d.lang] ?? 0) + 1;
        continue;
      }
      groups.push({
        key: `${d.lang}/${q.id}`,
        queries: new Map([
          [d.lang, q.question],
          [d.pivot, q.translation],
        ]),
        positives: new Map([[d.pivot, { text: g.context }]]),
      });
    }
  }
  return { groups, unretrievable };
}

/** `afriqa`: AfriQA cross-lingual QA retrieval (gold passages) and its train split as pairs. */
export const AFRIQA: FormatSpec = {
  name: 'afriqa',
  layout: 'data/queries/<lang>/queries.afriqa.<lang>.<pivot>.<split>.json + data/gold_passages/<lang>/…',
  task: 'qa',
  train: true,
  inDomain: false,
  settings: ['languages', 'split', 'limit'],
  discover,
  async read(ds, o) {
    const res: DatasetResult = { eval: {}, read: {}, pairs: [], pivot: null };
    const extra: Record<string, unknown> = {};
    const bySplit = new Map<string, SplitData[]>();
    for (const split of roleSplits(ds)) {
      const data = await readSplit(ds, split, o.skips, o.onFile);
      if (ds.ref.limit !== undefined) for (const d of data) d.questions = d.questions.slice(0, ds.ref.limit);
      bySplit.set(split, data);
    }
    const queriesRead = (data: SplitData[]) =>
      Object.fromEntries(data.map((d) => [d.lang, d.questions.length]));
    if (ds.roles.includes('eval')) {
      const data = bySplit.get(roleSplit(ds, 'eval'))!;
      const { stats, unretrievable } = addQaEval(ds, data, o);
      res.eval = stats;
      extra.eval = { split: roleSplit(ds, 'eval'), questions_read: queriesRead(data), unretrievable };
      const pivots = new Set(data.map((d) => d.pivot));
      res.pivot = pivots.size === 1 ? [...pivots][0]! : null;
    }
    if (ds.roles.includes('train')) {
      const data = bySplit.get(roleSplit(ds, 'train'))!;
      const { groups, unretrievable } = qaGroups(data);
      res.pairs = parallelPairs(ds, o, groups, false);
      res.read = queriesRead(data);
      extra.train = { split: roleSplit(ds, 'train'), questions_read: res.read, unretrievable };
    }
    res.extra = { source_lang: sourceLangs(ds.files), ...extra };
    return res;
  },
};
