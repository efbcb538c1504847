import { join } from 'node:path';
import { Encoder, initBackend, loadModel, tf } from '@hbt/models';

import { lossAndGrads } from '../src/step.js';

const FIX = '/work/main/test-fixtures';
const batch = {
  queries: [
    'Query: Where is the Eiffel Tower located?',
    'Query: Hello world!',
    'Query: Москва — столица России.',
  ],
  passages: [
    'Passage: The Normans gave their name to Normandy, a region in France.',
    'Passage: 東京は日本の首都です。',
    'Passage: Hà Nội là thủ đô của Việt Nam.',
    'Passage: 北京是中华人民共和国的首都。',
  ],
  numPositives: 3,
};
{
  await initBackend('wasm');
  const m = await loadModel(join(FIX, 'models', 'tiny-mbert'));
  const encoder = new Encoder(
    { ...m.encoder.config, hiddenDropout: 0, attentionDropout: 0 },
    await m.encoder.getValues(),
  );
  const base = {
    encoder,
    tokenizer: m.tokenizer,
    maxLength: 24,
    symmetric: true,
    microBatch: null as number | null,
    scale: 20,
  };
  const vars = encoder.trainableVariables();
  const g = async (mb: number | null) => {
    const r = lossAndGrads({ ...base, microBatch: mb }, batch, vars, 1, 0);
    const o = new Map<string, Float32Array>();
    for (const [k, v] of r.grads) o.set(k, (await v.data()) as Float32Array);
    return { loss: r.loss, o };
  };
  const a = await g(null),
    b = await g(2),
    c = await g(100);
  console.log(a.loss, b.loss, c.loss);
  for (const [k, x] of a.o) {
    const y = b.o.get(k)!,
      z = c.o.get(k)!;
    let mx = 0,
      d = 0,
      d2 = 0;
    for (let i = 0; i < x.length; i++) {
      mx = Math.max(mx, Math.abs(x[i]!));
      d = Math.max(d, Math.abs(x[i]! - y[i]!));
      d2 = Math.max(d2, Math.abs(x[i]! - z[i]!));
    }
    if (d / mx > 1e-5 || d2 / mx > 1e-5) console.log(k, mx, d, d2);
  }
}
