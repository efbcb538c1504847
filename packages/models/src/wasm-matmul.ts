import { tf } from './tf.js';

let patched = false;

/**
 * Speed up `BatchMatMul` on the tfjs wasm backend (4.22): its kernel is 5–10× slower when
 * `transposeA` or `transposeB` is set than on plain operands, and a BERT step is mostly such products
 * (every linear layer multiplies by `Wᵀ` in Hugging Face's `[out, in]` layout; attention computes
 * `q·kᵀ`; every matmul gradient multiplies by a transposed operand). This re-registers the wasm kernel
 * so that transposed operands are first copied by the backend's own `Transpose` kernel and the product
 * runs untransposed. The results are the same products (float rounding may differ in the last bits);
 * the patch is process-wide, idempotent, and a no-op on other backends.
 *
 * Returns true when the kernel is (now) patched.
 */
export function patchWasmMatMul(): boolean {
  if (patched) return true;
  const orig = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!orig || !transpose) return false;
  type Info = tf.TensorInfo;
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: Info; b: Info };
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return orig.kernelFunc({ inputs, backend, attrs });
    const flip = (x: Info): Info => {
      const perm = x.shape.map((_, i) => i);
      const r = perm.length;
      [perm[r - 2], perm[r - 1]] = [perm[r - 1]!, perm[r - 2]!];
      return transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as Info;
    };
    const at = transposeA ? flip(a) : a;
    const bt = transposeB ? flip(b) : b;
    const out = orig.kernelFunc({
      inputs: { a: at, b: bt },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    const be = backend as { disposeData(id: object): void };
    if (at !== a) be.disposeData(at.dataId);
    if (bt !== b) be.disposeData(bt.dataId);
    return out;
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...orig, kernelFunc });
  patched = true;
  return true;
}
