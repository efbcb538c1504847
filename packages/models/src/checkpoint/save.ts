import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Model } from '../model.js';
import { toHfConfig } from './hf-config.js';
import { writeSafetensors } from './safetensors.js';
import { stConfig } from './st-config.js';

/** Options of {@link saveModel}. */
export interface SaveModelOptions {
  /** Also write the sentence-transformers modules (modules.json, Pooling, Dense, Normalize). Default true. */
  sentenceTransformers?: boolean;
  /**
   * Prompts by name, prepended to a text before tokenising (`{ query: 'Query: ', document: 'Passage: ' }`),
   * written to `config_sentence_transformers.json` so that `encode_query` / `encode_document` apply the
   * texts the model was trained with. Default: the model's own ({@link Model.prompts}), else none.
   */
  prompts?: Readonly<Record<string, string>>;
  /** The model card, written as `README.md` (see `@hbt/core` `renderModelCard`). Default: none. */
  card?: string;
}

const json = (o: unknown) => `${JSON.stringify(o, null, 2)}\n`;

/**
 * Write a model as a Hugging Face folder that `transformers.AutoModel` / `AutoTokenizer` and
 * `sentence_transformers.SentenceTransformer` load: `config.json`, `model.safetensors` (encoder weights,
 * no prefix, plus the `pooler.*` of a checkpoint, or a zero pooler when the model has none: hbt never
 * trains the pooler, and `AutoModel` would otherwise initialise it at random and report it missing),
 * tokenizer files, the sentence-transformers modules (`modules.json`, `sentence_bert_config.json`,
 * `1_Pooling/config.json`, `2_Dense/{config.json, model.safetensors}` when there is a dense head, and a
 * Normalize module when the model normalises), `config_sentence_transformers.json` (prompts, similarity)
 * and, when given, the model card `README.md`. Output is deterministic: equal weights give
 * byte-identical files.
 *
 * @example
 * await saveModel(model, join(ctx.outDir, 'model'), {
 *   prompts: { query: 'Query: ', document: 'Passage: ' },
 *   card: renderModelCard(info),
 * });
 */
export async function saveModel(model: Model, dir: string, opts: SaveModelOptions = {}): Promise<void> {
  const enc = model.encoder;
  const cfg = enc.config;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), json(toHfConfig(cfg)));
  const values = await enc.getValues();
  const main = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const name of enc.weights.keys()) {
    if (name.startsWith('dense.')) continue;
    main.set(name, { shape: enc.hfShape(name), data: values.get(name)! });
  }
  for (const [name, t] of enc.extras)
    main.set(name, { shape: t.shape, data: (await t.data()) as Float32Array });
  const h = cfg.hiddenSize;
  if (!main.has('pooler.dense.weight') && !main.has('pooler.dense.bias')) {
    main.set('pooler.dense.weight', { shape: [h, h], data: new Float32Array(h * h) });
    main.set('pooler.dense.bias', { shape: [h], data: new Float32Array(h) });
  }
  await writeSafetensors(join(dir, 'model.safetensors'), main, { format: 'pt' });
  await model.tokenizer.save(dir, { modelMaxLength: model.maxLength });
  if (opts.card !== undefined) await writeFile(join(dir, 'README.md'), opts.card);
  if (opts.sentenceTransformers === false) return;

  const prompts = opts.prompts ?? model.prompts ?? {};
  const defaultPrompt = opts.prompts === undefined ? (model.defaultPromptName ?? null) : null;
  await writeFile(
    join(dir, 'config_sentence_transformers.json'),
    json(stConfig(prompts, cfg.normalize ? 'cosine' : 'dot', defaultPrompt)),
  );

  const modules: Array<Record<string, unknown>> = [
    { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
    { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
  ];
  await writeFile(
    join(dir, 'sentence_bert_config.json'),
    json({ do_lower_case: false, max_seq_length: model.maxLength }),
  );
  await mkdir(join(dir, '1_Pooling'), { recursive: true });
  await writeFile(
    join(dir, '1_Pooling', 'config.json'),
    json({
      word_embedding_dimension: cfg.hiddenSize,
      pooling_mode_cls_token: cfg.pooling === 'cls',
      pooling_mode_mean_tokens: cfg.pooling === 'mean',
      pooling_mode_max_tokens: false,
      pooling_mode_mean_sqrt_len_tokens: false,
      pooling_mode_weightedmean_tokens: false,
      pooling_mode_lasttoken: false,
      include_prompt: true,
    }),
  );
  if (cfg.dense) {
    const d = cfg.dense;
    const idx = modules.length;
    const path = `${idx}_Dense`;
    modules.push({ idx, name: String(idx), path, type: 'sentence_transformers.models.Dense' });
    await mkdir(join(dir, path), { recursive: true });
    await writeFile(
      join(dir, path, 'config.json'),
      json({
        in_features: d.inFeatures,
        out_features: d.outFeatures,
        bias: d.bias,
        activation_function:
          d.activation === 'tanh' ? 'torch.nn.modules.activation.Tanh' : 'torch.nn.modules.linear.Identity',
      }),
    );
    const head = new Map<string, { shape: number[]; data: Float32Array }>();
    head.set('linear.weight', {
      shape: [d.outFeatures, d.inFeatures],
      data: values.get('dense.linear.weight')!,
    });
    if (d.bias) head.set('linear.bias', { shape: [d.outFeatures], data: values.get('dense.linear.bias')! });
    await writeSafetensors(join(dir, path, 'model.safetensors'), head, { format: 'pt' });
  }
  if (cfg.normalize) {
    const idx = modules.length;
    const path = `${idx}_Normalize`;
    modules.push({ idx, name: String(idx), path, type: 'sentence_transformers.models.Normalize' });
    await mkdir(join(dir, path), { recursive: true });
  }
  await writeFile(join(dir, 'modules.json'), json(modules));
}
