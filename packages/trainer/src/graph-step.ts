import {
  type Encoder,
  encoderTrainPass,
  GraphBuilder,
  type GraphPass,
  loadGraph,
  type SavedModel,
  type SignatureTensor,
  tf,
  WORD_EMBEDDINGS,
} from '@hbt/models';
import type { AdamW } from './adamw.js';
import { adamwUpdate, type ElementOps } from './adamw-rule.js';
import { type Chunk, chunkBatch, type TextBatch, type View, wordRowIndex } from './batch.js';
import { GraphOps } from './objectives/graph-ops.js';
import { objectiveFeeds, totalLoss, viewsOf } from './objectives/objective.js';
import { dropoutSeed, type LossSetup } from './step.js';

/** One computed step, not yet applied: check `loss` and `norm`, then {@link PendingStep.commit} or {@link PendingStep.dispose}. */
export interface PendingStep {
  loss: number;
  /** Global gradient norm before clipping. */
  norm: number;
  chunks: Chunk[];
  /** Assign the new parameters and moments (and update host rows): the step happens. */
  commit(): void;
  /** Drop the results without applying them. */
  dispose(): void;
}

/**
 * A whole training step as one TensorFlow graph (native backend): both encoder passes with their fed
 * dropout masks, the InfoNCE loss and its gradient, both hand-written backward passes, the global-norm
 * clipping and the AdamW update of every parameter updated with tensor kernels — one session call
 * instead of ~1,400 eager kernels, with Grappler/oneDNN fusing what it can. Weights and moments are graph
 * inputs (fed each step, outputs assigned back), so one graph serves the whole run; the word table of a
 * lazy run stays on the host (`HostRows`): the graph takes the step's rows and returns their gradient.
 * Same math, masks and float32 update rule as the eager step (`lossAndGrads` + `globalNorm` + `AdamW`),
 * equal up to float rounding (tested). Covers one pass per group (no `micro_batch`) with a fixed scale;
 * other setups use the eager step.
 *
 * @example
 * const gs = await GraphStep.create(setup, opt, lazy); // null when not covered
 * const r = gs.compute(batch, seed, step, lr, clipNorm);
 * if (Number.isFinite(r.loss) && Number.isFinite(r.norm)) r.commit(); else r.dispose();
 */
export class GraphStep {
  private constructor(
    private readonly setup: LossSetup,
    private readonly opt: AdamW,
    private readonly model: SavedModel,
    /** Parameters updated in the graph, in input order (`w{i}`, `m{i}`, `v{i}` → `p{i}`, …). */
    private readonly params: string[],
    private readonly lazyWord: boolean,
    private readonly passes: Map<View, GraphPass>,
  ) {}

  /** Whether a setup can run as a graph: native backend, one pass per view, every objective covered. */
  static supports(setup: LossSetup): boolean {
    return GraphStep.unsupported(setup) === null;
  }

  /**
   * Why a setup cannot run as a graph (the training loop logs it and runs eagerly), or null when it can.
   *
   * @example
   * GraphStep.unsupported(setup); // 'train.micro_batch (GradCache)' or null
   */
  static unsupported(setup: LossSetup): string | null {
    if (tf.getBackend() !== 'tensorflow')
      return `the ${tf.getBackend()} backend (the graph needs tensorflow)`;
    if (setup.microBatch !== null) return 'train.micro_batch (GradCache)';
    for (const t of setup.objectives) {
      const why = t.objective.graphUnsupported ?? null;
      if (why !== null) return `${why}, in objective ${t.objective.name}`;
    }
    return null;
  }

  /**
   * Build and load the graph; null when {@link GraphStep.supports} says no. `lazyWord`: the word table
   * is updated on the host by `opt` (AdamW's `hostLazy`), else in the graph like every other parameter.
   */
  static async create(
    setup: LossSetup,
    opt: AdamW,
    lazyWord: boolean,
    masksFrom: 'fed' | 'graph' = 'graph',
  ): Promise<GraphStep | null> {
    if (!GraphStep.supports(setup)) return null;
    const enc = setup.encoder;
    const g = new GraphBuilder();
    const inputs: SignatureTensor[] = [];
    const outputs: SignatureTensor[] = [];
    const input = (key: string, dtype: 'float32' | 'int32', shape: readonly number[]) => {
      inputs.push({ key, tensor: `${key}:0`, dtype, shape });
      return g.placeholder(key, dtype, shape);
    };
    const output = (key: string, node: string, shape: readonly number[]) => {
      g.identity(node, key);
      outputs.push({ key, tensor: `${key}:0`, dtype: 'float32', shape });
    };
    // The objectives' own variables (a learned logit scale) are optimizer parameters like the encoder's.
    const nameOfVar = new Map([...opt.params].map(([n, v]) => [v as tf.Tensor, n]));
    const extra = setup.objectives.flatMap((t) => t.objective.variables ?? []);
    const extraNames = extra.map((v) => {
      const n = nameOfVar.get(v);
      if (n === undefined)
        throw new Error(`graph step: objective variable ${v.name} is not an optimizer parameter`);
      return n;
    });
    const params = [...enc.weights.keys(), ...extraNames].filter((n) => !(lazyWord && n === WORD_EMBEDDINGS));
    // Shapes of the optimizer's parameters: the word table may be the compact trained rows (setup.words).
    const shapeOf = (name: string) => opt.params.get(name)!.shape;
    const nodeOf = new Map<string, string>();
    for (const [i, name] of params.entries()) {
      if (name !== WORD_EMBEDDINGS) nodeOf.set(name, input(`w${i}`, 'float32', shapeOf(name)));
    }
    const table = input('word_table', 'float32', enc.wordTableShape);
    const W = (n: string) => {
      const v = nodeOf.get(n);
      if (!v) throw new Error(`graph step: no parameter ${n}`);
      return v;
    };
    const passes = new Map<View, GraphPass>();
    for (const view of viewsOf(setup.objectives)) {
      const pass = encoderTrainPass(g, enc.config, W, table, view, masksFrom);
      inputs.push(...pass.inputs);
      passes.set(view, pass);
    }
    // The objectives, written once against LossOps, as graph nodes; their gradient from the ops' tape.
    const ops = new GraphOps(g, new Map(extra.map((v, i) => [v as tf.Tensor, W(extraNames[i]!)])));
    const pooled = new Map([...passes].map(([v, pass]) => [v, pass.pooled]));
    const loss = totalLoss(ops, setup.objectives, Object.fromEntries(pooled));
    inputs.push(...ops.inputs);
    const dLoss = ops.grad(loss, [...pooled.values(), ...extraNames.map(W)]);
    const perPass = [...passes.values()].map((pass) => pass.backward(dLoss.get(pass.pooled)!));
    const grads = new Map<string, string>();
    for (const name of enc.weights.keys()) grads.set(name, g.addN(perPass.map((gp) => gp.get(name)!)));
    for (const name of extraNames) grads.set(name, dLoss.get(W(name))!);

    // Clipping: coef = min(1, max_norm / (‖g‖ + 1e-6)); max_norm = ∞ turns it off.
    const squares = [...grads].map(([name, x]) => {
      const rank = shapeOf(name).length;
      if (rank === 0) return g.unary('Square', x);
      return g.reduce('Sum', g.unary('Square', x), rank === 1 ? [0] : [0, 1], false);
    });
    const norm = g.unary('Sqrt', g.addN(squares));
    const maxNorm = input('max_norm', 'float32', []);
    const coef = g.op(
      'Minimum',
      [g.scalarF(1), g.binary('RealDiv', maxNorm, g.binary('AddV2', norm, g.scalarF(1e-6)))],
      { T: { type: 'float32' } },
    );
    output('loss', loss, []);
    output('norm', norm, []);

    // AdamW (as AdamW.apply, float32): decay, moments, bias-corrected step.
    const o = opt.options;
    const decay = input('decay', 'float32', []);
    const stepSize = input('step_size', 'float32', []);
    const bc2 = input('bc2', 'float32', []);
    const elementOps = graphElementOps(g);
    const adam = (pv0: string, m: string, v: string, grad: string, decays: boolean) => {
      const k = { b1: o.beta1, b2: o.beta2, eps: o.epsilon, stepSize, bc2Sqrt: bc2, gradScale: coef };
      const u = adamwUpdate(elementOps, { p: pv0, m, v, g: grad }, { ...k, decay: decays ? decay : null });
      return { p1: u.p, m1: u.m, v1: u.v };
    };
    for (const [i, name] of params.entries()) {
      const shape = shapeOf(name);
      const pv0 = name === WORD_EMBEDDINGS ? table : W(name);
      const m = input(`m${i}`, 'float32', shape);
      const v = input(`v${i}`, 'float32', shape);
      const u = adam(pv0, m, v, grads.get(name)!, o.decays(name));
      output(`new_p${i}`, u.p1, shape);
      output(`new_m${i}`, u.m1, shape);
      output(`new_v${i}`, u.v1, shape);
    }
    if (lazyWord) {
      // The word rows of this step (fed from the host with their moments) are updated here too.
      const rows = enc.wordTableShape;
      const u = adam(
        table,
        input('word_m', 'float32', rows),
        input('word_v', 'float32', rows),
        grads.get(WORD_EMBEDDINGS)!,
        o.decays(WORD_EMBEDDINGS),
      );
      output('new_word_p', u.p1, rows);
      output('new_word_m', u.m1, rows);
      output('new_word_v', u.v1, rows);
    }
    const model = await loadGraph(g.nodes, { inputs, outputs });
    return new GraphStep(setup, opt, model, params, lazyWord, passes);
  }

  /** Compute one step (loss, gradients, clipping, the AdamW update) without applying it. */
  compute(batch: TextBatch, seed: number, step: number, lr: number, clipNorm: number | null): PendingStep {
    const { setup, opt } = this;
    const enc: Encoder = setup.encoder;
    const chunks = chunkBatch(setup.tokenizer, batch, setup.maxLength, null, [...this.passes.keys()]);
    const index = this.lazyWord ? wordRowIndex(chunks, enc) : (setup.words?.index ?? null);
    const wordRows = index?.rows ?? null;
    const rowOf = index?.rowOf ?? null;
    const owned: tf.Tensor[] = [];
    const feed: Record<string, tf.Tensor> = {};
    for (const [i, name] of this.params.entries()) {
      const mv = opt.moments(name);
      if (!mv) throw new Error(`graph step: AdamW has no moments for ${name}`);
      if (name !== WORD_EMBEDDINGS) feed[`w${i}`] = opt.params.get(name)!;
      feed[`m${i}`] = mv.m;
      feed[`v${i}`] = mv.v;
    }
    if (this.lazyWord && wordRows) {
      const rows = opt.hostRowState(WORD_EMBEDDINGS, wordRows);
      if (!rows) throw new Error('graph step: the word table is not updated on the host');
      owned.push(rows.p, rows.m, rows.v);
      feed.word_table = rows.p;
      feed.word_m = rows.m;
      feed.word_v = rows.v;
    } else feed.word_table = setup.words?.table ?? enc.weights.get(WORD_EMBEDDINGS)!;
    const k = opt.nextConstants(lr);
    const scalar = (x: number) => {
      const t = tf.scalar(x, 'float32');
      owned.push(t);
      return t;
    };
    feed.max_norm = scalar(clipNorm ?? Number.POSITIVE_INFINITY);
    feed.decay = scalar(k.decay);
    feed.step_size = scalar(k.stepSize);
    feed.bc2 = scalar(k.bc2Sqrt);
    for (const [name, t] of Object.entries(objectiveFeeds(setup.objectives, batch, 'train'))) {
      owned.push(t);
      feed[`obj_${name}`] = t;
    }
    for (const c of chunks) {
      const pass = this.passes.get(c.group)!;
      const masks = this.setup.dropoutMasks?.(c, step);
      const tensors = pass.feeds(c.encoded, {
        rowOf,
        seed: dropoutSeed(seed, step, c),
        ...(masks ? { masks } : {}),
      });
      owned.push(...Object.values(tensors));
      Object.assign(feed, tensors);
    }
    let out: Record<string, tf.Tensor>;
    try {
      out = this.model.predict(feed);
    } finally {
      tf.dispose(owned);
    }
    const read = (key: string) => out[key]!.dataSync()[0]!;
    const [loss, norm] = [read('loss'), read('norm')];
    const dispose = () => tf.dispose(Object.values(out));
    return {
      loss,
      norm,
      chunks,
      commit: () => {
        const updates = new Map<string, { p: tf.Tensor; m: tf.Tensor; v: tf.Tensor }>();
        for (const [i, name] of this.params.entries()) {
          updates.set(name, { p: out[`new_p${i}`]!, m: out[`new_m${i}`]!, v: out[`new_v${i}`]! });
        }
        const host = new Map<
          string,
          { rows: Int32Array; p: Float32Array; m: Float32Array; v: Float32Array }
        >();
        if (this.lazyWord && wordRows) {
          const get = (k: string) => out[k]!.dataSync() as Float32Array;
          host.set(WORD_EMBEDDINGS, {
            rows: wordRows,
            p: get('new_word_p'),
            m: get('new_word_m'),
            v: get('new_word_v'),
          });
        }
        opt.applyComputed(updates, host);
        dispose();
      },
      dispose,
    };
  }

  /** Free the TensorFlow session. */
  dispose(): void {
    this.model.dispose();
  }
}

/** The AdamW rule's arithmetic as graph nodes (float32 scalars shared by value). */
function graphElementOps(g: GraphBuilder): ElementOps<string> {
  const consts = new Map<number, string>();
  const node = (x: string | number) => {
    if (typeof x === 'string') return x;
    const known = consts.get(x);
    if (known !== undefined) return known;
    const c = g.scalarF(x);
    consts.set(x, c);
    return c;
  };
  return {
    add: (a, b) => g.binary('AddV2', a, node(b)),
    sub: (a, b) => g.binary('Sub', a, node(b)),
    mul: (a, b) => g.binary('Mul', a, node(b)),
    div: (a, b) => g.binary('RealDiv', a, node(b)),
    sqrt: (a) => g.unary('Sqrt', a),
    square: (a) => g.unary('Square', a),
  };
}
