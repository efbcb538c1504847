// The TensorFlow-graph inference path: protobuf bytes against the encoding spec's own examples, and (on
// the native backend) the graph's embeddings against the eager forward pass.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { loadModel } from '../checkpoint/load.js';
import { embedTexts, GRAPH_MIN_TEXTS } from '../embed.js';
import { Encoder } from '../encoder/encoder.js';
import { batchToTensors } from '../encoder/ops.js';
import { FIXTURES, maxAbsDiff, SENTENCES } from '../test-utils/fixtures.js';
import { tf } from '../tf.js';
import { GraphRunner } from './native-runner.js';
import { ProtoWriter } from './proto.js';

const bytes = (w: ProtoWriter) => Array.from(w.finish());

describe('ProtoWriter', () => {
  it('encodes as the protobuf encoding guide shows', () => {
    // developers.google.com/protocol-buffers/docs/encoding: field 1 = 150 → 08 96 01;
    // field 2 = "testing" → 12 07 74 65 73 74 69 6e 67.
    expect(bytes(new ProtoWriter().int(1, 150))).toEqual([0x08, 0x96, 0x01]);
    expect(bytes(new ProtoWriter().string(2, 'testing'))).toEqual([
      0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67,
    ]);
    // int64 −1: ten bytes of two's complement; float 1.0 as fixed32 little-endian.
    expect(bytes(new ProtoWriter().int(3, -1))).toEqual([0x18, ...new Array(9).fill(0xff), 0x01]);
    expect(bytes(new ProtoWriter().float(4, 1))).toEqual([0x25, 0x00, 0x00, 0x80, 0x3f]);
    // Nested message field 3 holding field 1 = 150 (the guide's Test3): 1a 03 08 96 01.
    expect(bytes(new ProtoWriter().message(3, (m) => m.int(1, 150)))).toEqual([0x1a, 0x03, 0x08, 0x96, 0x01]);
    // Packed repeated field 4 = [3, 270, 86942] (the guide's packed example): 22 06 03 8e 02 9e a7 05.
    expect(bytes(new ProtoWriter().packedInts(4, [3, 270, 86942]))).toEqual([
      0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05,
    ]);
  });
});

let native = false;
try {
  createRequire(import.meta.url)('@tensorflow/tfjs-node');
  native = true;
} catch {
  // tfjs-node not installed (its install needs libtensorflow; see tooling/scripts/install-native.sh)
}

describe.skipIf(!native)('GraphRunner (native backend only: needs @tensorflow/tfjs-node)', () => {
  for (const [fixture, pooling] of [
    ['tiny-mbert', 'cls'],
    ['tiny-xlmr', 'mean'],
    ['tiny-labse', 'cls'],
  ] as const) {
    it(`${fixture} (${pooling}): the graph gives the eager forward pass's embeddings`, async () => {
      await initBackend('tensorflow');
      const model = await loadModel(join(FIXTURES, fixture), { pooling });
      const batch = model.tokenizer.encode(SENTENCES.slice(0, 6), { maxLength: 24 }); // with padding
      const inputs = batchToTensors(batch);
      const eager = tf.tidy(() => model.encoder.forward(inputs).pooled.dataSync());
      const runner = await GraphRunner.create(model.encoder);
      const before = tf.memory().numTensors;
      const out = runner.encode(inputs);
      expect(out.shape).toEqual([6, model.encoder.dim]);
      expect(maxAbsDiff(out.dataSync(), eager)).toBeLessThan(1e-5);
      out.dispose();
      expect(tf.memory().numTensors).toBe(before);
      runner.dispose();
      tf.dispose(Object.values(inputs));
      model.encoder.dispose();
    });
  }

  it('head size 16 (1/4 folded into the query weights): the graph gives the eager embeddings', async () => {
    await initBackend('tensorflow');
    const m = await loadModel(join(FIXTURES, 'tiny-mbert'), { pooling: 'mean' });
    const enc = new Encoder({ ...m.encoder.config, numHeads: 2 }, await m.encoder.getValues());
    m.encoder.dispose();
    const inputs = batchToTensors(m.tokenizer.encode(SENTENCES.slice(2, 7), { maxLength: 24 }));
    const eager = tf.tidy(() => enc.forward(inputs).pooled.dataSync());
    const runner = await GraphRunner.create(enc);
    const out = runner.encode(inputs);
    expect(maxAbsDiff(out.dataSync(), eager)).toBeLessThan(1e-5);
    tf.dispose([out, ...Object.values(inputs)]);
    runner.dispose();
    enc.dispose();
  });

  it('embedTexts uses the graph for many texts: same vectors as eager, in input order', async () => {
    await initBackend('tensorflow');
    const model = await loadModel(join(FIXTURES, 'tiny-mbert'), { pooling: 'mean' });
    const texts = Array.from(
      { length: GRAPH_MIN_TEXTS + 7 },
      (_, i) => SENTENCES[i % SENTENCES.length]! + ` ${i}`,
    );
    const viaGraph = await embedTexts(model, texts, { batchSize: 50, maxLength: 20 });
    const eager = await embedTexts(model, texts, { batchSize: 50, maxLength: 20, graph: false });
    expect(maxAbsDiff(viaGraph, eager)).toBeLessThan(1e-5);
    expect(maxAbsDiff(viaGraph, eager)).toBeGreaterThan(0); // really another path (float rounding differs)
    model.encoder.dispose();
  });
});
