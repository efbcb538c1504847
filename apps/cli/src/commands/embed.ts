import { extname } from 'node:path';
import { DataError, UsageError } from '@hbt/core/errors';
import type { Model } from '@hbt/models';
import type { CommandModule } from 'yargs';
import { describeCommand } from '../catalog.js';
import { type BackendArgs, chooseBackend, handle, withBackendOption } from '../common.js';

interface EmbedArgs extends BackendArgs {
  model: string;
  input: string;
  out: string;
  pooling?: 'cls' | 'mean';
  'max-length'?: number;
  'batch-size': number;
  prompt?: string;
  quiet: boolean;
  verbose: boolean;
}

/**
 * `hbt embed`: embed the texts of a .txt (one per line), .jsonl or .parquet file (`text`, optional
 * `id`) with a Hugging Face model folder, into a Parquet file with `id` and `embedding`
 * (FixedSizeList<Float32>[dim]; in DuckDB `embedding::FLOAT[dim]`), rows in input order.
 */
export const embedCommand: CommandModule<object, EmbedArgs> = {
  command: 'embed',
  describe: describeCommand('embed'),
  builder: (y) =>
    withBackendOption(y, 'auto')
      .option('model', { type: 'string', demandOption: true, describe: 'Hugging Face model folder' })
      .option('input', {
        type: 'string',
        demandOption: true,
        describe: 'Texts: .txt (one per line), .jsonl or .parquet with "text" (and optional "id")',
      })
      .option('out', { type: 'string', demandOption: true, describe: 'Output .parquet (id, embedding)' })
      .option('pooling', { choices: ['cls', 'mean'] as const, describe: 'Override the model’s pooling' })
      .option('max-length', { type: 'number', describe: 'Max tokens per text (default: the model’s)' })
      .option('batch-size', { type: 'number', default: 32, describe: 'Texts per forward pass' })
      .option('prompt', {
        type: 'string',
        describe:
          'Prompt prepended to every input: a name of the model’s prompts (query, document: from its ' +
          'config_sentence_transformers.json, as the model was trained) or the text itself, e.g. "Query: ". ' +
          'Default: the model’s default prompt, else none',
      })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print only errors' })
      .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'Print debug details' })
      .check((a) => {
        if (!Number.isInteger(a['batch-size']) || a['batch-size'] < 1)
          throw new Error('--batch-size must be a positive integer');
        const m = a['max-length'];
        if (m !== undefined && (!Number.isInteger(m) || m < 2))
          throw new Error('--max-length must be an integer ≥ 2');
        return true;
      }) as never,
  handler: handle(async (argv: EmbedArgs) => {
    const say = (s: string) => {
      if (!argv.quiet) process.stderr.write(`${s}\n`);
    };
    const { createProgress, silentProgress, specs, writeTable } = await import('@hbt/core');
    const { embedTexts, initBackendInfo, loadModel } = await import('@hbt/models');
    const backend = await initBackendInfo(chooseBackend(argv.backend));
    say(`backend: ${backend.name}${backend.nativePackage ? ` (${backend.nativePackage})` : ''}`);
    if (argv.verbose) for (const s of backend.skipped) say(`  skipped ${s}`);
    const { ids, texts } = await readTexts(argv.input);
    const model = await loadModel(argv.model, argv.pooling ? { pooling: argv.pooling } : {});
    const dim = model.encoder.dim;
    say(
      `model: ${argv.model} (${model.encoder.config.modelType}, dim ${dim}, pooling ${model.encoder.config.pooling})`,
    );
    const prompt = choosePrompt(model, argv.prompt);
    say(`prompt: ${prompt.says}`);
    const progress = argv.quiet ? silentProgress : createProgress();
    const bar = progress.start('embed', texts.length, 'texts');
    const t0 = performance.now();
    const vecs = await embedTexts(model, texts, {
      batchSize: argv['batch-size'],
      maxLength: argv['max-length'],
      prefix: prompt.text,
      progress: bar,
    });
    const secs = (performance.now() - t0) / 1000;
    bar.done();
    const embedding = texts.map((_, i) => vecs.subarray(i * dim, (i + 1) * dim));
    await writeTable(
      argv.out,
      specs([
        ['id', 'string'],
        ['embedding', 'list<float32>', false, dim],
      ]),
      { id: ids, embedding },
      {
        'hbt.backend': backend.name,
        'hbt.model': argv.model,
        'hbt.dim': String(dim),
        'hbt.prompt': prompt.text,
      },
    );
    model.encoder.dispose();
    say(
      `wrote ${texts.length} embeddings to ${argv.out} (${(texts.length / Math.max(secs, 1e-9)).toFixed(1)} texts/s on ${backend.name})`,
    );
  }),
};

/** Names `--prompt` takes as the model's prompts (an error when the model lacks them). */
const PROMPT_NAMES = ['query', 'document'];

/**
 * The text `--prompt` stands for, and how to say it: one of the model's prompts by name, else the text
 * itself; without `--prompt`, the model's default prompt, else none (naming the prompts it has).
 */
export function choosePrompt(
  model: Pick<Model, 'prompts' | 'defaultPromptName'>,
  arg: string | undefined,
): { text: string; says: string } {
  const prompts = model.prompts ?? {};
  const names = Object.keys(prompts);
  // sentence-transformers 6 saves empty query/document prompts by default: those are no prompt.
  const nonEmpty = names.filter((n) => prompts[n] !== '');
  const has = (n: string) => Object.hasOwn(prompts, n);
  if (arg === undefined) {
    const d = model.defaultPromptName ?? null;
    if (d !== null && has(d))
      return { text: prompts[d]!, says: `${d} ${JSON.stringify(prompts[d])} (the model’s default)` };
    return {
      text: '',
      says:
        nonEmpty.length > 0
          ? `none (the model has ${nonEmpty.join(', ')}: add --prompt ${nonEmpty.join('|')} to apply one, as \`hbt index\` does)`
          : 'none',
    };
  }
  if (has(arg))
    return { text: prompts[arg]!, says: `${arg} ${JSON.stringify(prompts[arg])} (from the model)` };
  if (PROMPT_NAMES.includes(arg)) {
    throw new UsageError(`--prompt ${arg}: the model defines no "${arg}" prompt`, {
      hint:
        names.length > 0
          ? `its prompts: ${names.join(', ')}; or give the text itself, e.g. --prompt "Query: "`
          : 'it has no config_sentence_transformers.json prompts; give the text itself, e.g. --prompt "Query: "',
    });
  }
  return { text: arg, says: `${JSON.stringify(arg)} (as given)` };
}

/** The longest input line `hbt embed` reads. */
const MAX_INPUT_LINE_BYTES = 64 * 2 ** 20;

/**
 * Texts and ids from .txt / .jsonl / .parquet; ids default to the 1-based line or row number. Only a
 * regular file is read; lines are streamed (each at most 64 MiB) and must be UTF-8; no error quotes the
 * file's contents.
 */
async function readTexts(path: string): Promise<{ ids: string[]; texts: string[] }> {
  const { findSyntaxError, InvalidUtf8Value, readTable, readTextLines } = await import('@hbt/core');
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet') {
    const t = await readTable(path, { strictStrings: true });
    const text = t.columns.text;
    if (!text)
      throw new DataError('no "text" column', {
        file: path,
        hint: `columns: ${Object.keys(t.columns).join(', ')}`,
      });
    const id = t.columns.id;
    const texts = text.map((v, i) => {
      if (v instanceof InvalidUtf8Value)
        throw new DataError('invalid UTF-8 in column "text"', { file: path, location: `row ${i + 1}` });
      if (typeof v !== 'string')
        throw new DataError('"text" must be a string', { file: path, location: `row ${i + 1}` });
      return v;
    });
    return { ids: texts.map((_, i) => (id ? String(id[i]) : String(i + 1))), texts };
  }
  if (ext !== '.txt' && ext !== '.jsonl' && ext !== '') {
    throw new UsageError(`unsupported input type "${ext}"`, {
      file: path,
      hint: 'use .txt, .jsonl or .parquet',
    });
  }
  const ids: string[] = [];
  const texts: string[] = [];
  for await (const { text: line, line: n } of readTextLines(path, {
    maxLineBytes: MAX_INPUT_LINE_BYTES,
    what: 'input file',
    invalidHint: 'the input must be UTF-8; convert it (e.g. iconv -t UTF-8)',
  })) {
    if (ext !== '.jsonl') {
      ids.push(String(n));
      texts.push(line);
      continue;
    }
    if (line.trim() === '') continue;
    let o: { text?: unknown; id?: unknown };
    try {
      o = JSON.parse(line);
    } catch {
      const at = findSyntaxError(line);
      throw new DataError(`not valid JSON: ${at.message}`, {
        file: path,
        location: `line ${n}, column ${at.offset + 1}`,
      });
    }
    if (o === null || typeof o !== 'object' || typeof o.text !== 'string') {
      throw new DataError('missing string field "text"', { file: path, location: `line ${n}` });
    }
    texts.push(o.text);
    ids.push(o.id === undefined || o.id === null ? String(n) : String(o.id));
  }
  return { ids, texts };
}
