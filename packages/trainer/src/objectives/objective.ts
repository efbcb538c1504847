import type { tf } from '@hbt/models';
import type { TextBatch, View } from '../batch.js';
import type { LossOps } from './ops.js';

/** The pooled embeddings of the encoder passes a step ran, by view (only the views asked for). */
export type ViewEmbeddings<T> = Readonly<Partial<Record<View, T>>>;

/**
 * A training objective: a loss over the embeddings of some encoder passes ("views") of a batch, written
 * once against {@link LossOps} so that the eager step and the graph step evaluate the same math. One file
 * per objective under `src/objectives/`, registered in `registry.ts`.
 *
 * @example
 * const meanCos: Objective = {
 *   name: 'mean-cos', views: ['q', 'p'],
 *   loss: (o, v) => o.crossEntropyDiag(o.scale(o.matMulT(o.l2(v.q!), o.l2(v.p!)), 20)),
 * };
 */
export interface Objective {
  readonly name: string;
  /** The encoder passes it reads (see `View`): `q`/`p` are shared with every other objective. */
  readonly views: readonly View[];
  /** The scalar loss from the views' embeddings. */
  loss<T>(ops: LossOps<T>, v: ViewEmbeddings<T>): T;
  /**
   * Its per-batch inputs (`ops.input(name)`), e.g. teacher vectors; the caller disposes them. `mode`
   * `eval` is validation (no dropout, held-out pairs).
   */
  feeds?(batch: TextBatch, mode: 'train' | 'eval'): Record<string, tf.Tensor>;
  /** Variables it learns besides the encoder's (a learnable logit scale); none by default. */
  readonly variables?: readonly tf.Variable[];
  /** Why the graph step cannot evaluate it (the step then runs eagerly and says so), or null. */
  readonly graphUnsupported?: string | null;
}

/** One term of the summed loss. */
export interface WeightedObjective {
  objective: Objective;
  weight: number;
}

/**
 * The summed loss `Σ_k weight_k · L_k` (a single term of weight 1 is its loss as it is).
 *
 * @example
 * const loss = totalLoss(new EagerOps({}), terms, { q, p });
 */
export function totalLoss<T>(ops: LossOps<T>, terms: readonly WeightedObjective[], v: ViewEmbeddings<T>): T {
  let total: T | null = null;
  for (const { objective, weight } of terms) {
    const l = objective.loss(ops, v);
    const w = terms.length === 1 && weight === 1 ? l : ops.scale(l, weight);
    total = total === null ? w : ops.add(total, w);
  }
  if (total === null) throw new Error('no objective');
  return total;
}

const VIEW_ORDER: readonly View[] = ['q', 'p', 'q2', 'p2'];

/** The views some objectives read, in pass order (`q`, `p`, `q2`, `p2`). */
export function viewsOf(terms: readonly WeightedObjective[]): View[] {
  const wanted = new Set(terms.flatMap((t) => t.objective.views));
  return VIEW_ORDER.filter((v) => wanted.has(v));
}

/** The per-batch inputs of every term (the caller disposes them). */
export function objectiveFeeds(
  terms: readonly WeightedObjective[],
  batch: TextBatch,
  mode: 'train' | 'eval',
): Record<string, tf.Tensor> {
  return Object.assign({}, ...terms.map((t) => t.objective.feeds?.(batch, mode) ?? {}));
}
