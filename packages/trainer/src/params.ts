import { type Model, tf } from '@hbt/models';
import type { AdamW } from './adamw.js';
import { LOGIT_SCALE } from './adamw.js';
import type { TensorMap } from './checkpoint.js';

/**
 * The trainable parameters of a run by name: the encoder's (Hugging Face names) plus, with a learnable
 * scale, `logit_scale` (a scalar variable holding log(scale)).
 */
export function trainableParams(model: Model, scale: tf.Variable | null): Map<string, tf.Variable> {
  const out = new Map(model.encoder.weights);
  if (scale) out.set(LOGIT_SCALE, scale);
  return out;
}

/** Copies of the parameters (`param/<name>`) and, when given, the optimizer moments (`adam_m/…`, `adam_v/…`). */
export async function snapshot(params: Map<string, tf.Variable>, opt: AdamW | null): Promise<TensorMap> {
  const out: TensorMap = new Map();
  // A copy: on the cpu backend data() is the live buffer, which TensorScatterUpdate writes in place.
  for (const [name, v] of params)
    out.set(`param/${name}`, { shape: v.shape, data: ((await v.data()) as Float32Array).slice() });
  if (opt) {
    const st = await opt.getState();
    for (const [name, v] of params) {
      out.set(`adam_m/${name}`, { shape: v.shape, data: st.m.get(name)! });
      out.set(`adam_v/${name}`, { shape: v.shape, data: st.v.get(name)! });
    }
  }
  return out;
}

/** Assign `param/<name>` values of a snapshot to the variables (all must be there, same sizes). */
export function restoreParams(params: Map<string, tf.Variable>, tensors: TensorMap, source: string): void {
  tf.tidy(() => {
    for (const [name, v] of params) {
      const t = tensors.get(`param/${name}`);
      if (!t || t.data.length !== v.size) {
        throw new Error(
          `${source}: parameter ${name} is missing or has the wrong size; delete the work folder`,
        );
      }
      v.assign(tf.tensor(t.data, v.shape, 'float32'));
    }
  });
}

/** Restore the optimizer moments of a snapshot. */
export function restoreOptimizer(
  opt: AdamW,
  params: Map<string, tf.Variable>,
  tensors: TensorMap,
  steps: number,
): void {
  const m = new Map<string, Float32Array>();
  const v = new Map<string, Float32Array>();
  for (const name of params.keys()) {
    const mt = tensors.get(`adam_m/${name}`);
    const vt = tensors.get(`adam_v/${name}`);
    if (mt) m.set(name, mt.data);
    if (vt) v.set(name, vt.data);
  }
  opt.setState({ steps, m, v });
}
