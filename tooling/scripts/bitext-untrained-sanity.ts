/**
 * Sanity check of the eval stage's bitext task (issue #15): an untrained model (random initialisation,
 * seed 0, mBERT vocabulary, mean pooling) must retrieve Nigerian Pidgin ↔ English translations above the
 * chance level (pcm shares most of its words, names and numbers with English) and Yoruba ↔ English ones
 * near it (only names and numbers in common). A check of the task, not of a model.
 *
 * Provisional until data-prep's bitext readers land: it builds the agreed prep tables (bitext rows,
 * `<dataset>/<lang>/<index>` ids, `group_id` per aligned line, datasets.parquet task `bitext`) itself
 * from MAFAND-MT's test TSVs (en-pcm, en-yor: NTREX-128 has no pcm). Replace it with a test through
 * `hbt prep` once the readers exist.
 *
 * Usage (imports the packages' sources; development-time only):
 *   HBT_DATA_MIRROR=/work/shared/data npx tsx tooling/scripts/bitext-untrained-sanity.ts [lines per pair]
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configSchema,
  memoryLogger,
  readRows,
  silentProgress,
  specs,
  writeArtifact,
  writeEmbeddings,
  writeTable,
} from '../../packages/core/src/index.js';
import { run } from '../../packages/evaluator/src/index.js';
import { buildTokenizer, createModel, embedTexts } from '../../packages/models/src/index.js';

const mirror = process.env.HBT_DATA_MIRROR ?? '/work/shared/data';
const limit = Number(process.argv[2] ?? 1000);
const DS = 'mafand-mt';

interface Row {
  id: string;
  lang: string;
  text: string;
  group: string;
}

async function pairRows(pair: string): Promise<Row[]> {
  const file = join(mirror, 'mafand-mt', 'data', 'tsv_files', `en-${pair}`, 'test.tsv');
  const lines = (await readFile(file, 'utf8')).split('\n');
  const [a, b] = lines[0]!.trim().split('\t');
  const out: Row[] = [];
  let skipped = 0;
  for (let i = 1; i < lines.length && out.length < 2 * limit; i++) {
    const f = lines[i]!.split('\t');
    if (f.length !== 2 || f[0]!.trim() === '' || f[1]!.trim() === '') {
      if (lines[i]!.trim() !== '') skipped++;
      continue;
    }
    const lang = (l: string) => (l === 'en' ? 'eng' : l);
    out.push({
      id: `${DS}/${lang(a!)}/${pair}-${i}`,
      lang: lang(a!),
      text: f[0]!.trim(),
      group: `${DS}/${pair}-${i}`,
    });
    out.push({
      id: `${DS}/${lang(b!)}/${pair}-${i}`,
      lang: lang(b!),
      text: f[1]!.trim(),
      group: `${DS}/${pair}-${i}`,
    });
  }
  console.log(
    `${file}: ${out.length / 2} aligned lines used (${skipped} lines skipped: not two non-empty fields)`,
  );
  return out;
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'hbt-bitext-sanity-'));
  try {
    const rows = [...(await pairRows('pcm')), ...(await pairRows('yor'))];
    const cfg = configSchema.parse({
      name: 'sanity',
      data: { train: [], eval: [] },
      model: {
        init: null,
        tokenizer: { kind: 'mbert-vocab' },
        hidden: 128,
        layers: 2,
        heads: 2,
        intermediate: 512,
        max_length: 64,
        pooling: 'mean',
      },
      eval: { settings: ['cross', 'multi'], bitext: { measures: ['P@1'], pool_queries: 200, margin_k: 4 } },
    });
    const tok = await buildTokenizer(cfg.model.tokenizer, [], {
      mbertVocabPath: join(mirror, 'mbert-vocab', 'mbert_modified_vocab.txt'),
    });
    const model = createModel(cfg.model, tok, 0);
    const texts = rows.map((r) => r.text);
    const embed = (prefix: string) => embedTexts(model, texts, { batchSize: 64, maxLength: 64, prefix });
    const qv = await embed('Query: ');
    const cv = await embed('Passage: ');
    const p = (f: string) => join(dir, f);
    const cols = {
      lang: rows.map((r) => r.lang),
      text: texts,
      group_id: rows.map((r) => r.group),
      dataset: rows.map(() => DS),
    };
    await writeArtifact(p('queries.parquet'), 'queries', { query_id: rows.map((r) => r.id), ...cols });
    await writeArtifact(p('corpus.parquet'), 'corpus', {
      doc_id: rows.map((r) => r.id),
      ...cols,
      context: rows.map(() => null),
    });
    await writeArtifact(p('qrels.parquet'), 'qrels', { query_id: [], doc_id: [], relevance: [] });
    await writeTable(
      p('datasets.parquet'),
      specs([
        ['dataset', 'string'],
        ['role', 'string'],
        ['format', 'string'],
        ['task', 'string'],
        ['pivot', 'string', true],
        ['languages', 'string'],
      ]),
      {
        dataset: [DS],
        role: ['eval'],
        format: ['mafand-mt'],
        task: ['bitext'],
        pivot: ['eng'],
        languages: ['eng,pcm,yor'],
      },
    );
    const dim = model.encoder.dim;
    await writeEmbeddings(p('q.arrow'), { ids: rows.map((r) => r.id), langs: cols.lang, dim, vectors: qv });
    await writeEmbeddings(p('c.arrow'), { ids: rows.map((r) => r.id), langs: cols.lang, dim, vectors: cv });
    const inputs = {
      queries: p('queries.parquet'),
      corpus: p('corpus.parquet'),
      qrels: p('qrels.parquet'),
      queryEmbeddings: p('q.arrow'),
      corpusEmbeddings: p('c.arrow'),
      datasets: p('datasets.parquet'),
    };
    await run(inputs, cfg, { outDir: p('eval'), log: memoryLogger(), progress: silentProgress });
    const metrics = await readRows<{
      setting: string;
      query_lang: string;
      doc_lang: string;
      measure: string;
      value: number;
      n_queries: number;
    }>(p('eval/metrics.parquet'));
    for (const r of metrics)
      if (
        r.query_lang !== '*' &&
        (r.doc_lang !== '*' || r.setting === 'multi') &&
        r.measure !== 'n_candidates'
      )
        console.log(
          `${r.setting}\t${r.query_lang}→${r.doc_lang}\t${r.measure}\t${r.value.toFixed(4)}\t(n=${r.n_queries})`,
        );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
