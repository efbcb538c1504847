import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HbtConfig, RunContext, StageOutcome } from '@hbt/core';
import { loadReportData, type ReportInputs } from './load.js';
import { buildModel } from './model/build.js';
import { renderReport } from './render-report.js';

/**
 * Bump when the report's output changes for the same inputs. 2: arms carry their training size and
 * objective (labels, summary.json `arms[].size/objective`), summary.json `curves` and `questions`. 3: the
 * answers also test the difference across seeds (verdict `seed-dependent`, summary.json `seeds_*`). 4: a
 * sweep sized both ways keeps its curves in one unit and notes the arms left off. 5: the main tables,
 * charts, per-language tables, significance and summary.json `datasets` cover only the LAReQA / TREC
 * datasets (the bitext, qa and news ones have their sections); a question's default dataset prefers one.
 */
export const REPORT_STAGE_VERSION = 5;

/**
 * The report stage: read every variant's metrics, per-query values and training log, and write
 * `report.md`, `report.html`, `summary.json` and `figures/*.svg` into `ctx.outDir`.
 *
 * Randomness (bootstrap, permutations) comes from `ctx.rng` only, so equal inputs give byte-identical
 * files.
 *
 * @example
 * await runStage({ stage: 'report', stageVersion: REPORT_STAGE_VERSION, dir: stageDir(rc, 'report'), … },
 *   (ctx) => run(inputs, rc.config, ctx));
 */
export async function run(inputs: ReportInputs, config: HbtConfig, ctx: RunContext): Promise<StageOutcome> {
  const bar = ctx.progress.start('report: read artifacts', inputs.variants.length, 'variant');
  const data = await loadReportData(inputs, config, () => bar.tick());
  bar.done();
  const model = buildModel(data, ctx.rng);
  const out = renderReport(model);
  await writeFile(join(ctx.outDir, 'report.md'), out.markdown);
  await writeFile(join(ctx.outDir, 'report.html'), out.html);
  await writeFile(join(ctx.outDir, 'summary.json'), `${JSON.stringify(out.summary, null, 2)}\n`);
  await mkdir(join(ctx.outDir, 'figures'), { recursive: true });
  for (const f of out.figures) await writeFile(join(ctx.outDir, 'figures', `${f.id}.svg`), f.svg);
  for (const n of model.notes) ctx.log.warn(`report: ${n.replace(/`/g, '')}`);
  ctx.log.info(
    `report: ${model.arms.length} arm(s), ${data.variants.length} variant(s), ${model.allDatasets.length} dataset(s) (${model.datasets.length} LAReQA / TREC), ${model.significance.length} significance test(s)`,
  );
  return {
    stats: {
      variants: data.variants.length,
      arms: model.arms.map((a) => ({ label: a.label, variants: a.variants.map((v) => v.meta.name) })),
      datasets: model.allDatasets.map((d) => ({
        name: d.name,
        task: d.task,
        in_domain: d.inDomain,
        languages: d.languages.length,
      })),
      significance_tests: model.significance.length,
      figures: out.figures.length,
      notes: model.notes.length,
    },
  };
}
