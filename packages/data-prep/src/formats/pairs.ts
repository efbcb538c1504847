import { DataError } from '@hbt/core';
import { isDir, listFiles } from '../files.js';
import type { LocatedDataset } from '../locate.js';
import { readPairsFile } from '../readers/pairs.js';
import type { Pair } from '../tables.js';
import { filterPairLangs } from './common.js';
import type { FormatSpec } from './types.js';

function pairsFiles(ds: LocatedDataset) {
  const ok = (n: string) => n.endsWith('.jsonl') || n.endsWith('.jsonl.gz') || n.endsWith('.parquet');
  const files = isDir(ds.root) ? listFiles(ds.root, ok) : [ds.root];
  if (files.length === 0) {
    throw new DataError('no .jsonl, .jsonl.gz or .parquet files in the folder', { file: ds.root });
  }
  for (const f of files) {
    if (!ok(f)) {
      throw new DataError('a pairs file must end in .jsonl, .jsonl.gz or .parquet', { file: f });
    }
  }
  return files.map((path) => ({ path, lang: null, kind: 'pairs' }));
}

/** `pairs`: ready-made training pairs, JSONL or Parquet (a `train_pairs.parquet` is valid input). */
export const PAIRS: FormatSpec = {
  name: 'pairs',
  layout: '.jsonl[.gz] / .parquet files of training pairs',
  task: null,
  train: true,
  inDomain: false,
  settings: ['limit'],
  discover: pairsFiles,
  async read(ds, o) {
    const seen = new Map<string, string>();
    const pairs: Pair[] = [];
    for (const f of ds.files) {
      pairs.push(...(await readPairsFile(f.path, ds.name, o.skips, ds.ref.limit, seen)));
      o.onFile();
    }
    return { eval: {}, read: {}, pairs: filterPairLangs(pairs, o.pairLanguages) };
  },
};
