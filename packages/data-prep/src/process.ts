import type { Logger, Rng } from '@hbt/core';
import { addIrEval, type IrLang, irPairs } from './build/ir.js';
import { buildParallelPairs, type ParallelGroup } from './build/parallel.js';
import { addSquadEval, type EvalLangStats, squadGroups } from './build/squad.js';
import { configLang, type InputFile } from './files.js';
import type { LocatedDataset } from './locate.js';
import { beirSplits } from './readers/discover.js';
import { readCorpusJsonl, readQrels, readQueriesJsonl, readTopicsTsv } from './readers/ir.js';
import { readSquadFile } from './readers/lareqa.js';
import { readMintaka } from './readers/mintaka.js';
import { readPairsFile } from './readers/pairs.js';
import { readTriples } from './readers/triples.js';
import { Skips } from './skips.js';
import type { EvalTables, Pair } from './tables.js';

export interface ProcessOptions {
  tables: EvalTables;
  skips: Skips;
  log: Logger;
  rng: Rng;
  /** `data.pairs.languages`, normalised (null: all). */
  pairLanguages: ReadonlySet<string> | null;
  maxPerGroup: number | null;
  hardNegatives: boolean;
  /** Called after each file is read. */
  onFile: () => void;
}

export interface DatasetResult {
  /** Eval counts per language (datasets with the eval role). */
  eval: Record<string, EvalLangStats>;
  /** Questions read per language for train-only datasets without passages (Mintaka, triples). */
  read: Record<string, number>;
  pairs: Pair[];
}

/**
 * Read one located dataset and add what its roles ask for: corpus/queries/qrels rows into `tables`
 * (eval role) and training pairs (train role).
 */
export async function processDataset(ds: LocatedDataset, o: ProcessOptions): Promise<DatasetResult> {
  const train = ds.roles.includes('train');
  const evalRole = ds.roles.includes('eval');
  const res: DatasetResult = { eval: {}, read: {}, pairs: [] };
  const limit = ds.ref.limit;
  const parallel = (groups: ParallelGroup[], crossOnly: boolean) =>
    buildParallelPairs(ds.name, groups, {
      languages: o.pairLanguages,
      maxPerGroup: o.maxPerGroup,
      hardNegatives: o.hardNegatives,
      crossOnly,
      rng: o.rng,
    });
  switch (ds.format) {
    case 'lareqa':
    case 'squad': {
      const files = [];
      for (const f of byLang(ds.files)) {
        files.push(await readSquadFile(f.path, f.lang!, ds.format, ds.name, o.skips, limit));
        o.onFile();
      }
      if (evalRole) res.eval = addSquadEval(ds.name, files, ds.format, o.tables, o.skips);
      if (train) res.pairs = parallel(squadGroups(files), false);
      break;
    }
    case 'mintaka': {
      const langs = ds.ref.languages
        ? new Set(ds.ref.languages.map((l, i) => configLang(l, `${ds.where}.languages[${i}]`)))
        : null;
      const { groups, questions } = await readMintaka(ds.files[0]!.path, ds.name, langs, o.skips, limit);
      o.onFile();
      res.read = questions;
      res.pairs = parallel(groups, true);
      break;
    }
    case 'triples': {
      const t = await readTriples(byLang(ds.files), ds.name, ds.ref.parallel, o.skips, limit);
      for (const _ of ds.files) o.onFile();
      res.read = t.rows;
      res.pairs = filterLangs(ds.ref.parallel ? parallel(t.groups, false) : t.pairs, o.pairLanguages);
      break;
    }
    case 'pairs': {
      const seen = new Map<string, string>();
      for (const f of ds.files) {
        res.pairs.push(...(await readPairsFile(f.path, ds.name, o.skips, limit, seen)));
        o.onFile();
      }
      res.pairs = filterLangs(res.pairs, o.pairLanguages);
      break;
    }
    case 'miracl':
    case 'beir': {
      const splits = beirSplits(ds);
      for (const lang of [...new Set(ds.files.map((f) => f.lang!))].sort()) {
        const mine = ds.files.filter((f) => f.lang === lang);
        const read = async (split: string) => irLang(ds, lang, mine, split, o.skips, limit);
        const unjudged = ds.format === 'miracl' ? 'skip' : 'ignore';
        const evalSplit = ds.format === 'miracl' ? 'dev' : splits.eval;
        const trainSplit = ds.format === 'miracl' ? 'dev' : splits.train;
        let evalLang: IrLang | null = null;
        if (evalRole) {
          evalLang = await read(evalSplit);
          res.eval[lang] = addIrEval(ds.name, evalLang, o.tables, o.skips, unjudged);
        }
        if (train) {
          const same = evalLang !== null && trainSplit === evalSplit;
          const l = same ? evalLang! : await read(trainSplit);
          // Judgments already counted for eval are not counted twice.
          const skips = same ? new Skips(quietLog, 'skip') : o.skips;
          const pairs = irPairs(ds.name, l, skips, unjudged, { hardNegatives: o.hardNegatives, rng: o.rng });
          res.pairs.push(...filterLangs(pairs, o.pairLanguages));
        }
        for (const _ of mine) o.onFile();
      }
      break;
    }
  }
  return res;
}

async function irLang(
  ds: LocatedDataset,
  lang: string,
  files: InputFile[],
  split: string,
  skips: Skips,
  limit: number | undefined,
): Promise<IrLang> {
  const get = (kind: string) => files.find((f) => f.kind === kind)!.path;
  const queriesFile = ds.format === 'miracl' ? get('topics') : get('queries');
  const queries =
    ds.format === 'miracl'
      ? await readTopicsTsv(queriesFile, ds.name, skips)
      : await readQueriesJsonl(queriesFile, ds.name, skips);
  const docs = await readCorpusJsonl(get('corpus'), ds.name, skips, limit);
  const qrels = await readQrels(
    ds.format === 'miracl' ? get('qrels') : get(`qrels:${split}`),
    ds.format === 'miracl' ? 'trec' : 'beir',
    ds.name,
    skips,
  );
  return { lang, queriesFile, queries, docs, qrels };
}

function byLang(files: InputFile[]): InputFile[] {
  return [...files].sort((a, b) =>
    (a.lang ?? '') < (b.lang ?? '') ? -1 : (a.lang ?? '') > (b.lang ?? '') ? 1 : 0,
  );
}

function filterLangs(pairs: Pair[], langs: ReadonlySet<string> | null): Pair[] {
  if (langs === null) return pairs;
  return pairs.filter((p) => langs.has(p.query_lang) && langs.has(p.pos_lang));
}

const quietLog: Logger = { info() {}, warn() {}, debug() {} };
