import { Rng } from '@hbt/core';
import type { EncoderConfig } from './config.js';

/** Shape of every parameter, by Hugging Face name (without the `bert.`/`roberta.` prefix), in HF order. */
export function parameterShapes(cfg: EncoderConfig): Map<string, number[]> {
  const H = cfg.hiddenSize;
  const I = cfg.intermediateSize;
  const m = new Map<string, number[]>();
  m.set('embeddings.word_embeddings.weight', [cfg.vocabSize, H]);
  m.set('embeddings.position_embeddings.weight', [cfg.maxPositionEmbeddings, H]);
  m.set('embeddings.token_type_embeddings.weight', [cfg.typeVocabSize, H]);
  m.set('embeddings.LayerNorm.weight', [H]);
  m.set('embeddings.LayerNorm.bias', [H]);
  for (let l = 0; l < cfg.numLayers; l++) {
    const p = `encoder.layer.${l}.`;
    for (const n of ['query', 'key', 'value']) {
      m.set(`${p}attention.self.${n}.weight`, [H, H]);
      m.set(`${p}attention.self.${n}.bias`, [H]);
    }
    m.set(`${p}attention.output.dense.weight`, [H, H]);
    m.set(`${p}attention.output.dense.bias`, [H]);
    m.set(`${p}attention.output.LayerNorm.weight`, [H]);
    m.set(`${p}attention.output.LayerNorm.bias`, [H]);
    m.set(`${p}intermediate.dense.weight`, [I, H]);
    m.set(`${p}intermediate.dense.bias`, [I]);
    m.set(`${p}output.dense.weight`, [H, I]);
    m.set(`${p}output.dense.bias`, [H]);
    m.set(`${p}output.LayerNorm.weight`, [H]);
    m.set(`${p}output.LayerNorm.bias`, [H]);
  }
  if (cfg.dense) {
    m.set('dense.linear.weight', [cfg.dense.outFeatures, cfg.dense.inFeatures]);
    if (cfg.dense.bias) m.set('dense.linear.bias', [cfg.dense.outFeatures]);
  }
  return m;
}

/**
 * Initial values as `transformers` initialises BERT: weights and embeddings ~ N(0, 0.02²), biases 0,
 * LayerNorm gain 1; the pad row of the word (and, for XLM-R, position) table is 0. Values come from
 * `Rng` streams derived per parameter name, so they are identical on every platform and backend.
 */
export function initialValues(cfg: EncoderConfig, seed: number): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  const root = Rng.fromSeed(seed).derive('encoder-init');
  for (const [name, shape] of parameterShapes(cfg)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(size);
    if (name.endsWith('LayerNorm.weight')) v.fill(1);
    else if (!name.endsWith('.bias')) {
      const rng = root.derive(name);
      for (let i = 0; i < size; i += 2) {
        // Box–Muller: two normals from two uniforms.
        const u1 = 1 - rng.double();
        const u2 = rng.double();
        const r = 0.02 * Math.sqrt(-2 * Math.log(u1));
        v[i] = r * Math.cos(2 * Math.PI * u2);
        if (i + 1 < size) v[i + 1] = r * Math.sin(2 * Math.PI * u2);
      }
    }
    const H = cfg.hiddenSize;
    const pad = cfg.padTokenId;
    const zeroPadRow =
      name === 'embeddings.word_embeddings.weight' ||
      (cfg.modelType === 'xlm-roberta' && name === 'embeddings.position_embeddings.weight');
    if (zeroPadRow && pad >= 0 && pad < shape[0]!) v.fill(0, pad * H, (pad + 1) * H);
    out.set(name, v);
  }
  return out;
}
