import { join } from 'node:path';
import { type ResolvedConfig, resolvePath } from './config/load.js';
import { checkVariantName } from './config/variant-name.js';

/**
 * Where each stage's directory lives for an experiment. Prep is shared by all variants; the stages after
 * it are per variant; the report covers all variants.
 *
 * ```
 * <artifacts>/prep/                         corpus, queries, qrels, train_pairs, val_pairs (.parquet)
 * <artifacts>/variants/<variant>/sample/    batches.parquet
 * <artifacts>/variants/<variant>/teacher/   embeddings.parquet (teacher vectors of distill sources; only with train.teacher)
 * <artifacts>/variants/<variant>/train/     model/ (Hugging Face format), best/, train_log.parquet
 * <artifacts>/variants/<variant>/index/     embeddings (.arrow), run.parquet
 * <artifacts>/variants/<variant>/eval/      metrics.parquet, per_query.parquet
 * <artifacts>/report/                       report.md, report.html, summary.json
 * ```
 */
export type StageName = 'prep' | 'sample' | 'teacher' | 'train' | 'index' | 'eval' | 'report';

export const STAGES: readonly StageName[] = ['prep', 'sample', 'teacher', 'train', 'index', 'eval', 'report'];

export function artifactsRoot(rc: ResolvedConfig): string {
  return resolvePath(rc, rc.config.artifacts);
}

/**
 * The directory of one stage. A variant name that is not one safe path segment (`.`, `..`, `a/b`) is a
 * {@link UsageError}: no stage directory may leave `<artifacts>/variants/`.
 */
export function stageDir(rc: ResolvedConfig, stage: StageName): string {
  const root = artifactsRoot(rc);
  if (stage === 'prep' || stage === 'report') return join(root, stage);
  checkVariantName(rc.variant, `${rc.file}: variant`);
  return join(root, 'variants', rc.variant, stage);
}
