import type { Logger } from '@hbt/core';
import { addIrEval, type IrLang, irPairs } from '../build/ir.js';
import type { InputFile } from '../files.js';
import type { LocatedDataset } from '../locate.js';
import { readCorpusJsonl, readQrels, type readTopicsTsv } from '../readers/ir.js';
import { Skips } from '../skips.js';
import { filterPairLangs } from './common.js';
import type { DatasetResult, ProcessOptions } from './types.js';

/** How an ad-hoc retrieval format (MIRACL, BEIR) names its files and reads one language. */
export interface IrLayout {
  /** The file kind holding the queries (`topics`, `queries`). */
  queriesKind: string;
  /** The qrels file kind for a split (`qrels`, `qrels:<split>`). */
  qrelsKind(split: string): string;
  readQueries: typeof readTopicsTsv;
  qrelsFormat: 'trec' | 'beir';
  /** What a judged document missing from the corpus is: skipped and counted, or ignored. */
  unjudged: 'skip' | 'ignore';
  splits(ds: LocatedDataset): { train: string; eval: string };
}

/** Corpus, queries and qrels (eval role) and pairs (train role) of an ad-hoc retrieval dataset, by language. */
export async function readIrDataset(
  ds: LocatedDataset,
  o: ProcessOptions,
  layout: IrLayout,
): Promise<DatasetResult> {
  const res: DatasetResult = { eval: {}, read: {}, pairs: [] };
  const splits = layout.splits(ds);
  for (const lang of [...new Set(ds.files.map((f) => f.lang!))].sort()) {
    const mine = ds.files.filter((f) => f.lang === lang);
    const read = async (split: string) => irLang(ds, lang, mine, split, o.skips, layout);
    let evalLang: IrLang | null = null;
    if (ds.roles.includes('eval')) {
      evalLang = await read(splits.eval);
      res.eval[lang] = addIrEval(ds.name, evalLang, o.tables, o.skips, layout.unjudged);
    }
    if (ds.roles.includes('train')) {
      const same = evalLang !== null && splits.train === splits.eval;
      const l = same ? evalLang! : await read(splits.train);
      // Judgments already counted for eval are not counted twice.
      const skips = same ? new Skips(quietLog, 'skip') : o.skips;
      const pairs = irPairs(ds.name, l, skips, layout.unjudged, {
        hardNegatives: o.hardNegatives,
        rng: o.rng,
      });
      res.pairs.push(...filterPairLangs(pairs, o.pairLanguages));
    }
    for (const _ of mine) o.onFile();
  }
  return res;
}

async function irLang(
  ds: LocatedDataset,
  lang: string,
  files: InputFile[],
  split: string,
  skips: Skips,
  layout: IrLayout,
): Promise<IrLang> {
  const get = (kind: string) => files.find((f) => f.kind === kind)!.path;
  const queriesFile = get(layout.queriesKind);
  const queries = await layout.readQueries(queriesFile, ds.name, skips);
  const docs = await readCorpusJsonl(get('corpus'), ds.name, skips, ds.ref.limit);
  const qrels = await readQrels(get(layout.qrelsKind(split)), layout.qrelsFormat, ds.name, skips);
  return { lang, queriesFile, queries, docs, qrels };
}

const quietLog: Logger = { info() {}, warn() {}, debug() {} };
