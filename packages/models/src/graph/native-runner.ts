import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EncoderConfig } from '../encoder/config.js';
import type { Encoder, EncoderInputs } from '../encoder/encoder.js';
import { positionIds } from '../encoder/positions.js';
import { tf } from '../tf.js';
import { buildEncoderGraph, type GraphWeights } from './encoder-graph.js';
import { type NodeDef, type SignatureTensor, writeSavedModel } from './saved-model.js';

/** A loaded tfjs-node SavedModel (the part hbt uses). */
export interface SavedModel {
  predict(inputs: Record<string, tf.Tensor>): Record<string, tf.Tensor>;
  dispose(): void;
}

const requireHere = createRequire(import.meta.url);

/**
 * Runs an encoder's inference pass as one TensorFlow graph (see `buildEncoderGraph`) on the native
 * backend: the encoder's current weights are frozen into a SavedModel in a temporary folder, loaded into
 * a TensorFlow session (the folder is removed right after) and run per batch. Later weight changes are not
 * seen: make a new runner. Outputs equal `Encoder.forward`'s up to float rounding (tested to 1e-5).
 *
 * @example
 * const run = await GraphRunner.create(encoder); // on the `tensorflow` backend
 * const pooled = run.encode(batchToTensors(batch)); // [b, dim]
 * run.dispose();
 */
export class GraphRunner {
  private constructor(
    private readonly model: SavedModel,
    readonly dim: number,
    private readonly config: EncoderConfig,
  ) {}

  /** Build and load the graph. Throws when the backend is not `tensorflow`. */
  static async create(encoder: Encoder): Promise<GraphRunner> {
    if (tf.getBackend() !== 'tensorflow') throw new Error('GraphRunner needs the native tensorflow backend');
    const weights: GraphWeights = new Map();
    for (const [name, v] of encoder.weights) {
      weights.set(name, { shape: v.shape, values: (await v.data()) as Float32Array });
    }
    const graph = buildEncoderGraph(encoder.config, weights);
    return new GraphRunner(await loadGraph(graph.nodes, graph), encoder.dim, encoder.config);
  }

  /** `[b, dim]` pooled outputs of one batch (the caller disposes it). */
  encode(inputs: EncoderInputs): tf.Tensor2D {
    const types = inputs.tokenTypeIds ?? tf.zerosLike(inputs.inputIds);
    const [b, t] = inputs.inputIds.shape;
    const ids = inputs.inputIds.dataSync() as Int32Array;
    const positions = tf.tensor2d(positionIds(this.config, ids, [b, t]), [b, t], 'int32');
    try {
      const out = this.model.predict({
        input_ids: inputs.inputIds,
        attention_mask: inputs.attentionMask,
        token_type_ids: types,
        position_ids: positions,
      });
      return out.pooled as tf.Tensor2D;
    } finally {
      positions.dispose();
      if (types !== inputs.tokenTypeIds) types.dispose();
    }
  }

  /** Free the TensorFlow session. */
  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Write a graph as a SavedModel into a fresh temporary folder, load it into a TensorFlow session with
 * tfjs-node and remove the folder (the session keeps everything it needs). Native backend only.
 */
export async function loadGraph(
  nodes: readonly NodeDef[],
  signature: { inputs: readonly SignatureTensor[]; outputs: readonly SignatureTensor[] },
): Promise<SavedModel> {
  const node = (
    requireHere('@tensorflow/tfjs-node') as {
      node: { loadSavedModel(path: string, tags: string[], sig: string): Promise<SavedModel> };
    }
  ).node;
  // A fresh folder per graph: tfjs-node caches sessions by path.
  const root = mkdtempSync(join(tmpdir(), 'hbt-graph-'));
  try {
    const dir = join(root, 'model');
    writeSavedModel(dir, nodes, signature);
    return await node.loadSavedModel(dir, ['serve'], 'serving_default');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
