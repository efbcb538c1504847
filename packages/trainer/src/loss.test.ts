// InfoNCE against a hand computation in doubles.
import { initBackend, tf } from '@hbt/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { infoNce } from './loss.js';
import { TEST_BACKEND } from './test-utils/fixtures.js';

beforeAll(async () => {
  await initBackend(TEST_BACKEND);
});

const norm = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
/** mean_i [log Σ_j exp(scale·cos(a_i, c_j)) − scale·cos(a_i, c_i)] */
function ceByHand(a: number[][], c: number[][], scale: number): number {
  const an = a.map(norm);
  const cn = c.map(norm);
  let sum = 0;
  an.forEach((x, i) => {
    const s = cn.map((y) => scale * dot(x, y));
    sum += Math.log(s.reduce((t, v) => t + Math.exp(v), 0)) - s[i]!;
  });
  return sum / a.length;
}

const Q = [
  [1, 0, 0.5],
  [0, 2, 0],
  [0.3, 0.3, -1],
];
const P = [
  [1, 1, 0],
  [0, 1, 0.2],
  [0.5, 0, -2],
];
const N = [
  [-1, 0, 0],
  [1, 0, 0.4],
];

describe('infoNce', () => {
  it('in-batch negatives, one direction', () => {
    const l = tf.tidy(
      () => infoNce(tf.tensor2d(Q), tf.tensor2d(P), null, { scale: 5, symmetric: false }).dataSync()[0]!,
    );
    expect(l).toBeCloseTo(ceByHand(Q, P, 5), 5);
  });

  it("hard negatives join every query's candidates; the symmetric term uses the positives only", () => {
    const l = tf.tidy(
      () =>
        infoNce(tf.tensor2d(Q), tf.tensor2d(P), tf.tensor2d(N), {
          scale: 20,
          symmetric: true,
        }).dataSync()[0]!,
    );
    const want = (ceByHand(Q, [...P, ...N], 20) + ceByHand(P, Q, 20)) / 2;
    expect(l).toBeCloseTo(want, 4);
  });

  it('a scale tensor equals a number and gets a gradient', () => {
    const s = tf.variable(tf.scalar(Math.log(7)));
    const f = () =>
      infoNce(tf.tensor2d(Q), tf.tensor2d(P), null, { scale: tf.exp(s) as tf.Scalar, symmetric: false });
    const { value, grads } = tf.variableGrads(f, [s]);
    expect(value.dataSync()[0]).toBeCloseTo(ceByHand(Q, P, 7), 5);
    // d/d(log s) of the loss, by central difference on the hand computation.
    const h = 1e-4;
    const fd = (ceByHand(Q, P, 7 * Math.exp(h)) - ceByHand(Q, P, 7 * Math.exp(-h))) / (2 * h);
    expect(grads[s.name]!.dataSync()[0]).toBeCloseTo(fd, 3);
    tf.dispose([value, ...Object.values(grads), s]);
  });
});
