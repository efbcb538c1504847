import type { HbtConfig } from './config/schema.js';
import { HBT_VERSION } from './version.js';

/**
 * The model card (`README.md`) of a model folder hbt exports: what the model is, how to use it with its
 * prompts, the training data with their licences, the recipe, the training outcome and — once the eval
 * stage has run — the evaluation measures. Rendered from facts only (config, manifest stats, metrics), so
 * equal runs give byte-identical cards. The YAML front matter is the Hugging Face Hub's.
 *
 * @example
 * const card = renderModelCard({
 *   config, weights: 'best', prepDatasets: prepManifest?.stats.datasets ?? null,
 *   training: { steps_done: 1000, best_step: 899, best_val_loss: 0.41, parameters: 17_000_000 },
 * });
 * await saveModel(model, dir, { card, prompts });
 */
export interface ModelCardInfo {
  /** The resolved config the model was trained with. */
  config: HbtConfig;
  /** Which weights the folder holds: the last step's, or the lowest validation loss's. */
  weights: 'final' | 'best';
  /** `stats.datasets` of the prep manifest (per dataset: format, licence, languages), when known. */
  prepDatasets: Record<string, unknown> | null;
  /** Facts of the train stage (its manifest `stats`): steps_done, best_step, best_val_loss, … */
  training: Record<string, unknown>;
  /** Macro-averaged measures of the eval stage (rows of metrics.parquet over all languages). */
  evaluation?: readonly EvalRow[];
  /** Where the eval stage's card will be, for the train stage's card (e.g. `../../eval/model_card.md`). */
  evaluationNote?: string;
}

/** One macro-averaged measure of the eval stage. */
export interface EvalRow {
  dataset: string;
  setting: string;
  measure: string;
  value: number;
  n_queries: number;
}

interface DatasetFacts {
  format: string;
  /** The registry's licence; null when the data was given by path or prep's facts are missing. */
  licence: string | null;
  byPath: boolean;
  languages: string[];
  trainPairs: number;
}

/** The card's Markdown (UTF-8, LF, ends with a newline). */
export function renderModelCard(info: ModelCardInfo): string {
  const c = info.config;
  const m = c.model;
  const t = c.train;
  const s = c.sampler;
  const datasets = c.data.train.map((d) => ({ name: d.name, ...datasetFacts(info.prepDatasets, d.name) }));
  const languages = [...new Set(datasets.flatMap((d) => d.languages))].sort();
  const tr = info.training;
  const num = (k: string) => (typeof tr[k] === 'number' ? (tr[k] as number) : null);
  const out: string[] = [];
  out.push('---');
  out.push('library_name: sentence-transformers');
  out.push('pipeline_tag: sentence-similarity');
  out.push(
    'tags:',
    '  - sentence-transformers',
    '  - sentence-similarity',
    '  - feature-extraction',
    '  - hbt',
  );
  if (languages.length > 0) out.push('language:', ...languages.map((l) => `  - ${yamlString(l)}`));
  out.push('---', '');
  out.push(`# ${c.name}: a multilingual dual encoder trained with ${s.strategy} batches`, '');
  const init = m.init === null ? 'trained from scratch' : `fine-tuned from \`${m.init}\``;
  const params = num('parameters');
  out.push(
    `A ${m.pooling}-pooled ${m.layers}-layer encoder (hidden size ${m.hidden}${params !== null ? `, ${params.toLocaleString('en-US')} parameters` : ''}), ${init} by hbt ${HBT_VERSION} for multilingual retrieval with ${describeSampler(c)}. ` +
      `This folder holds the ${info.weights === 'best' ? 'weights with the lowest validation loss' : "last step's weights"}.`,
    '',
  );
  out.push('## Usage', '');
  out.push(
    `The model was trained with the query prompt ${code(t.query_prefix)} and the document prompt ${code(t.passage_prefix)}; ` +
      '`config_sentence_transformers.json` holds them, so `encode_query` and `encode_document` apply them:',
    '',
  );
  out.push(
    '```python',
    'from sentence_transformers import SentenceTransformer',
    '',
    'model = SentenceTransformer("path/to/this/folder")',
    'queries = model.encode_query(["Wer schrieb Faust?"])',
    'documents = model.encode_document(["Faust ist ein Werk von Goethe."])',
    'print(model.similarity(queries, documents))',
    '```',
    '',
    `With hbt: \`hbt embed --model DIR --prompt query --input queries.txt --out q.parquet\` (\`--prompt document\` for documents). ` +
      `Plain \`transformers.AutoModel\` applies no prompt: prepend it yourself, then ${m.pooling === 'cls' ? 'take the first token' : 'mean-pool over the attention mask'}. ` +
      'The pooler weights are zero (hbt does not train a pooler); do not use `pooler_output`.',
    '',
  );
  out.push('## Training data', '');
  out.push('| dataset | format | languages | training pairs | licence |', '| --- | --- | --- | ---: | --- |');
  for (const d of datasets) {
    out.push(
      `| ${cell(d.name)} | ${cell(d.format)} | ${cell(d.languages.join(', ') || '—')} | ${d.trainPairs.toLocaleString('en-US')} | ${cell(d.licence ?? (d.byPath ? 'not recorded (data given by path): see its source' : 'not recorded'))} |`,
    );
  }
  out.push('');
  out.push('## Recipe', '');
  out.push('| setting | value |', '| --- | --- |');
  const rows: Array<[string, unknown]> = [
    ['sampler', describeSampler(c)],
    ['batch size × steps', `${s.batch_size} × ${s.steps}`],
    [
      'loss',
      `InfoNCE, temperature ${t.temperature}${t.symmetric ? ', symmetric' : ''}${t.hard_negatives ? ', hard negatives' : ''}`,
    ],
    [
      'optimizer',
      `AdamW, lr ${t.lr}, weight decay ${t.weight_decay}, warmup ${t.warmup_fraction}, clip ${t.clip_norm ?? 'none'}, word embeddings ${t.embedding_update}`,
    ],
    ['tokenizer', m.init === null ? m.tokenizer.kind : 'the initial checkpoint’s'],
    ['max length', `${m.max_length} tokens`],
    ['dropout', m.dropout],
    ['seed', c.seed],
  ];
  for (const [k, v] of rows) out.push(`| ${k} | ${cell(String(v))} |`);
  out.push('');
  out.push('## Training', '');
  const bestStep = num('best_step');
  const bestLoss = num('best_val_loss');
  out.push(
    `${num('steps_done') ?? '?'} of ${num('steps_planned') ?? '?'} planned steps (${String(tr.stop_reason ?? 'done')}), on the ${String(tr.backend ?? c.backend)} backend; ` +
      (bestStep !== null && bestLoss !== null
        ? `lowest validation loss ${bestLoss.toFixed(4)} at step ${bestStep + 1}.`
        : 'no validation loss.'),
    '',
  );
  out.push('## Evaluation', '');
  if (info.evaluation && info.evaluation.length > 0) out.push(...evaluationTables(info.evaluation));
  else out.push(info.evaluationNote ?? 'Not evaluated.', '');
  out.push('## Licence', '');
  const licences = [...new Set(datasets.map((d) => d.licence).filter((l): l is string => l !== null))];
  out.push(
    `The training data is licensed ${licences.length > 0 ? licences.join(', ') : 'as its sources state'}${datasets.some((d) => d.licence === null) ? ' (and the data whose licence is not recorded under its own terms)' : ''}. ` +
      'Check whether those terms (e.g. non-commercial) bind the use of a model trained on it before you publish or deploy it.',
    '',
  );
  return `${out.join('\n').trimEnd()}\n`;
}

function datasetFacts(prep: Record<string, unknown> | null, name: string): DatasetFacts {
  const d = (prep?.[name] ?? {}) as Record<string, unknown>;
  const langs = (d.languages ?? {}) as Record<string, Record<string, unknown>>;
  const trained = Object.keys(langs).filter((l) => Number(langs[l]?.train_pairs ?? 0) > 0);
  const pairs = (d.pairs ?? {}) as Record<string, unknown>;
  return {
    format: typeof d.format === 'string' ? d.format : '—',
    licence: typeof d.licence === 'string' ? d.licence : null,
    byPath: d.from === 'path',
    languages: trained.sort(),
    trainPairs: typeof pairs.train === 'number' ? pairs.train : 0,
  };
}

function describeSampler(c: HbtConfig): string {
  const s = c.sampler;
  if (s.strategy === 'hybrid')
    return `hybrid batches (monolingual with probability α = ${s.alpha}, else cross-lingual)`;
  if (s.strategy === 'x-x-mono') return 'monolingual batches (X-X-mono)';
  if (s.strategy === 'x-y') return 'cross-lingual batches (X-Y)';
  return `${s.strategy} batches`;
}

/** One table per dataset: measures as rows, settings as columns. */
function evaluationTables(rows: readonly EvalRow[]): string[] {
  const out: string[] = [];
  const datasets = [...new Set(rows.map((r) => r.dataset))];
  for (const d of datasets) {
    const mine = rows.filter((r) => r.dataset === d);
    const settings = [...new Set(mine.map((r) => r.setting))];
    const measures = [...new Set(mine.map((r) => r.measure))];
    out.push(
      `**${cell(d)}** (macro average over language pairs; queries per setting: ${settings.map((st) => `${st} ${mine.find((r) => r.setting === st)?.n_queries ?? 0}`).join(', ')})`,
      '',
    );
    out.push(`| measure | ${settings.join(' | ')} |`, `| --- | ${settings.map(() => '---:').join(' | ')} |`);
    for (const me of measures) {
      const vals = settings.map((st) => {
        const r = mine.find((x) => x.setting === st && x.measure === me);
        return r === undefined || !Number.isFinite(r.value) ? '—' : formatValue(r.value);
      });
      out.push(`| ${cell(me)} | ${vals.join(' | ')} |`);
    }
    out.push('');
  }
  return out;
}

function formatValue(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4);
}

/** Text for a Markdown table cell: pipes escaped, one line. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** Inline code for a prompt, its spaces visible. */
function code(s: string): string {
  return s === '' ? '(none)' : `\`${JSON.stringify(s)}\``;
}

function yamlString(s: string): string {
  return /^[A-Za-z0-9_-]+$/.test(s) ? s : JSON.stringify(s);
}
