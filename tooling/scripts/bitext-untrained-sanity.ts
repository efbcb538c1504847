/**
 * Sanity check of the eval stage's bitext task (issue #15): an untrained model (random initialisation,
 * seed 0, mBERT vocabulary, mean pooling) must retrieve Nigerian Pidgin ↔ English translations well above
 * the chance level (pcm shares most of its words, names and numbers with English) and Yoruba ↔ English
 * ones far less. A check of the task, not of a model.
 *
 * It runs data-prep's stage on the mirror (MAFAND-MT test en-pcm and en-yor — NTREX-128 has no pcm — and
 * NTREX-128 eng/yor/hau, whose three-way alignment gives the multi-way pool a rank distance), embeds every
 * query and candidate with the untrained model, and runs the eval stage on the prep tables and
 * datasets.parquet exactly as `hbt eval` would. To keep it to minutes on a small CPU it keeps `groups`
 * aligned rows per dataset (default 300, chosen by fnv1a of group_id) and a small model (hidden 64, one
 * layer). Prints the P@1 rows with their chance levels and the pool's rank distance.
 *
 * Usage (imports the packages' sources; development-time only, minutes on a small machine):
 *   HBT_DATA_MIRROR=/work/shared/data npx tsx tooling/scripts/bitext-untrained-sanity.ts [groups]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configSchema,
  fnv1a,
  memoryLogger,
  Rng,
  readRows,
  silentProgress,
  writeArtifact,
  writeEmbeddings,
} from '../../packages/core/src/index.js';
import { locateDatasets, run as prep } from '../../packages/data-prep/src/index.js';
import { run as evaluate } from '../../packages/evaluator/src/index.js';
import { buildTokenizer, createModel, embedTexts } from '../../packages/models/src/index.js';

const mirror = process.env.HBT_DATA_MIRROR ?? '/work/shared/data';
const groups = Number(process.argv[2] ?? 300);

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'hbt-bitext-sanity-'));
  try {
    const cfg = configSchema.parse({
      name: 'sanity',
      data: {
        train: [],
        eval: [
          { name: 'mafand-mt', languages: ['pcm', 'yor'] },
          { name: 'ntrex-128', languages: ['yor', 'hau'] },
        ],
        mirror,
      },
      model: {
        init: null,
        tokenizer: { kind: 'mbert-vocab' },
        hidden: 64,
        layers: 1,
        heads: 2,
        intermediate: 256,
        max_length: 48,
        pooling: 'mean',
      },
      eval: {
        settings: ['cross', 'multi'],
        bitext: { measures: ['P@1'], pool_queries: 100, margin_k: 4 },
      },
    });
    const log = memoryLogger();
    const prepDir = join(dir, 'prep');
    await prep(locateDatasets(cfg.data, dir), cfg.data, {
      outDir: prepDir,
      workDir: join(dir, 'prep.work'),
      rng: Rng.fromSeed(0),
      log,
      progress: silentProgress,
      backend: null,
    });
    // Keep `groups` aligned rows per dataset (the same in every language): queries and corpus alike.
    type Row = Record<string, string | null>;
    const keep = (rows: Row[]) => {
      const byDataset = new Map<string, Set<string>>();
      for (const r of rows) {
        const s = byDataset.get(r.dataset!) ?? new Set<string>();
        s.add(r.group_id!);
        byDataset.set(r.dataset!, s);
      }
      const kept = new Set<string>();
      for (const s of byDataset.values())
        for (const g of [...s].sort((a, b) => fnv1a(a) - fnv1a(b) || (a < b ? -1 : 1)).slice(0, groups))
          kept.add(g);
      return rows.filter((r) => kept.has(r.group_id!));
    };
    const queries = keep(await readRows<Row>(join(prepDir, 'queries.parquet')));
    const corpus = keep(await readRows<Row>(join(prepDir, 'corpus.parquet')));
    const col = (rows: Row[], c: string) => rows.map((r) => r[c] ?? null);
    await writeArtifact(join(prepDir, 'queries.parquet'), 'queries', {
      query_id: col(queries, 'query_id'),
      lang: col(queries, 'lang'),
      text: col(queries, 'text'),
      group_id: col(queries, 'group_id'),
      dataset: col(queries, 'dataset'),
    });
    await writeArtifact(join(prepDir, 'corpus.parquet'), 'corpus', {
      doc_id: col(corpus, 'doc_id'),
      lang: col(corpus, 'lang'),
      text: col(corpus, 'text'),
      context: col(corpus, 'context'),
      group_id: col(corpus, 'group_id'),
      dataset: col(corpus, 'dataset'),
    });
    const tok = await buildTokenizer(cfg.model.tokenizer, [], {
      mbertVocabPath: join(mirror, 'mbert-vocab', 'mbert_modified_vocab.txt'),
    });
    const model = createModel(cfg.model, tok, 0);
    const dim = model.encoder.dim;
    const embed = async (table: string, idCol: string, prefix: string, out: string) => {
      const rows = await readRows<Record<string, string>>(join(prepDir, table));
      const vectors = await embedTexts(
        model,
        rows.map((r) => r.text!),
        { batchSize: 64, maxLength: 48, prefix },
      );
      await writeEmbeddings(out, {
        ids: rows.map((r) => r[idCol]!),
        langs: rows.map((r) => r.lang!),
        dim,
        vectors,
      });
      console.log(`${table}: ${rows.length} rows embedded`);
    };
    await embed('queries.parquet', 'query_id', 'Query: ', join(dir, 'queries.arrow'));
    await embed('corpus.parquet', 'doc_id', 'Passage: ', join(dir, 'corpus.arrow'));
    await evaluate(
      {
        queries: join(prepDir, 'queries.parquet'),
        corpus: join(prepDir, 'corpus.parquet'),
        qrels: join(prepDir, 'qrels.parquet'),
        queryEmbeddings: join(dir, 'queries.arrow'),
        corpusEmbeddings: join(dir, 'corpus.arrow'),
        datasets: join(prepDir, 'datasets.parquet'),
      },
      cfg,
      { outDir: join(dir, 'eval'), log, progress: silentProgress },
    );
    const metrics = await readRows<{
      dataset: string;
      setting: string;
      query_lang: string;
      doc_lang: string;
      measure: string;
      value: number;
      n_queries: number;
    }>(join(dir, 'eval', 'metrics.parquet'));
    for (const r of metrics) {
      const leaf = r.query_lang !== '*' && (r.doc_lang !== '*' || r.setting === 'multi');
      if (leaf && ['P@1', 'P@1_chance', 'P@1_margin', 'RD', 'RD_chance'].includes(r.measure))
        console.log(
          `${r.dataset}\t${r.setting}\t${r.query_lang}→${r.doc_lang}\t${r.measure}\t${r.value.toFixed(4)}\t(n=${r.n_queries})`,
        );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
