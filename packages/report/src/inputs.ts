import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, type ResolvedConfig, stageDir } from '@hbt/core';
import { METRICS_FILE, PER_QUERY_FILE, type ReportInputs, TRAIN_LOG_FILE } from './load.js';

/**
 * The report stage's inputs for an experiment's variants, and the files `runStage` hashes into its
 * cache key (only files that exist: per_query, train_log and manifests are optional).
 * Throws a DataError naming the first missing metrics file.
 *
 * @example
 * const { inputs, files } = reportInputs(resolveVariants(rc));
 * await runStage({ …, inputs: files }, (ctx) => run(inputs, rc.config, ctx));
 */
export function reportInputs(variants: readonly ResolvedConfig[]): {
  inputs: ReportInputs;
  files: Record<string, string>;
} {
  const files: Record<string, string> = {};
  const inputs: ReportInputs = { variants: [] };
  for (const v of variants) {
    const evalDir = stageDir(v, 'eval');
    const trainDir = stageDir(v, 'train');
    const indexDir = stageDir(v, 'index');
    const metrics = join(evalDir, METRICS_FILE);
    if (!existsSync(metrics)) {
      throw new DataError(`variant "${v.variant}" has no metrics`, {
        file: metrics,
        hint: `run \`hbt eval --config ${v.file}\` first (or the experiment's turbo task \`eval\`)`,
      });
    }
    files[`${v.variant}/metrics`] = metrics;
    const optional: Array<[string, string]> = [
      ['per_query', join(evalDir, PER_QUERY_FILE)],
      ['train_log', join(trainDir, TRAIN_LOG_FILE)],
      ['train_manifest', join(trainDir, 'manifest.json')],
      ['index_manifest', join(indexDir, 'manifest.json')],
      ['eval_manifest', join(evalDir, 'manifest.json')],
    ];
    for (const [name, path] of optional) if (existsSync(path)) files[`${v.variant}/${name}`] = path;
    inputs.variants.push({ name: v.variant, config: v.config, evalDir, trainDir, manifestDirs: [indexDir] });
  }
  return { inputs, files };
}
