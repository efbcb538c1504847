import { perLanguageFiles } from '../files.js';
import { readTriples } from '../readers/triples.js';
import { byLang, filterPairLangs, parallelPairs } from './common.js';
import type { FormatSpec } from './types.js';

/** `triples`: `<lang>.tsv[.gz]` of query, positive, negative (MS MARCO / mMARCO). */
export const TRIPLES: FormatSpec = {
  name: 'triples',
  layout: 'a folder of <lang>.tsv[.gz]: query<TAB>positive<TAB>negative',
  task: null,
  train: true,
  inDomain: false,
  settings: ['lang', 'languages', 'parallel', 'limit'],
  discover: (ds) => perLanguageFiles(ds.root, ds.ref, ['.tsv', '.tsv.gz'], 'triples', ds.where),
  async read(ds, o) {
    const t = await readTriples(byLang(ds.files), ds.name, ds.ref.parallel, o.skips, ds.ref.limit);
    for (const _ of ds.files) o.onFile();
    const pairs = ds.ref.parallel ? parallelPairs(ds, o, t.groups, false) : t.pairs;
    return { eval: {}, read: t.rows, pairs: filterPairLangs(pairs, o.pairLanguages) };
  },
};
