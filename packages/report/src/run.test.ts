import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataError, loadConfig, resolveVariants, stageDir, writeArtifact } from '@hbt/core';
import { afterAll, describe, expect, it } from 'vitest';
import { reportInputs } from './inputs.js';
import { readMetrics } from './load.js';
import { type Summary, summaryJsonSchema, summarySchema } from './summary/schema.js';
import { copyFixture, FIXTURE_DIR, removeFixtureCopies, runReportStage } from './test-utils/fixture.js';

interface Expected {
  tables: Array<{
    arm: string;
    dataset: string;
    setting: string;
    measure: string;
    mean: number;
    std: number;
    ci_low: number;
    ci_high: number;
  }>;
  differences: Array<{
    hybrid: string;
    baseline: string;
    dataset: string;
    setting: string;
    measure: string;
    diff: number;
    n_units: number;
    /** RD rows: the chance level over the paired queries and which arms are within 5 % of it. */
    chance_level?: number;
    at_chance?: 'both' | 'hybrid' | 'baseline' | 'neither';
  }>;
}
// Golden values computed by make_fixture.py with numpy / scipy from the same per-query data.
const expected = JSON.parse(readFileSync(join(FIXTURE_DIR, 'expected.json'), 'utf8')) as Expected;

const runReport = runReportStage;

const snapshot = (dir: string) => {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
};

describe('report stage on the fixture experiment', () => {
  afterAll(removeFixtureCopies);
  it('writes report.md, report.html, summary.json and figures whose numbers match numpy/scipy', async () => {
    const rc = loadConfig(copyFixture());
    const r = await runReport(rc);
    expect(r.cached).toBe(false);
    const dir = stageDir(rc, 'report');
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['figures', 'manifest.json', 'report.html', 'report.md', 'summary.json']);
    // 2 bar charts (one per dataset) + RD bars + 2 datasets × 3 arms heatmaps + 2 training curves
    expect(readdirSync(join(dir, 'figures'))).toHaveLength(11);

    const summary = summarySchema.parse(
      JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')),
    ) as Summary;
    expect(summary.variants.map((v) => [v.name, v.strategy, v.seed, v.backend])).toEqual([
      ['xx-s1', 'x-x-mono', 1, 'wasm'],
      ['xx-s2', 'x-x-mono', 2, 'wasm'],
      ['xy-s1', 'x-y', 1, 'wasm'],
      ['xy-s2', 'x-y', 2, 'wasm'],
      ['hy-s1', 'hybrid', 1, 'wasm'],
      ['hy-s2', 'hybrid', 2, 'wasm'],
    ]);
    expect(summary.datasets.map((d) => [d.name, d.in_domain])).toEqual([
      ['mlqa-r', true],
      ['xquad-r', false],
    ]);
    const key = { AP: 'mAP', 'R@1': 'R@1', 'R@10': 'R@10', RD: 'rank_distance' } as const;
    let checked = 0;
    for (const e of expected.tables) {
      const arm = summary.arms.find((a) => a.label === e.arm)!;
      const ds = arm.datasets.find((d) => d.name === e.dataset)!;
      if (e.measure === 'RD_chance') {
        // The chance level depends on the pool only: one value beside every arm's rank distance.
        expect(ds.settings.multi.rank_distance_chance).toBeCloseTo(e.mean, 10);
        expect(summary.datasets.find((d) => d.name === e.dataset)!.rank_distance_chance).toBeCloseTo(
          e.mean,
          10,
        );
        checked++;
        continue;
      }
      const settings = ds.settings as unknown as Record<
        string,
        Record<string, { mean: number; std: number; ci_low: number; ci_high: number; n: number }>
      >;
      const s = settings[e.setting]![key[e.measure as keyof typeof key]];
      if (!s) continue; // rank distance exists in multi only
      expect(s.n).toBe(2);
      expect(s.mean).toBeCloseTo(e.mean, 10);
      expect(s.std).toBeCloseTo(e.std, 10);
      expect(s.ci_low).toBeCloseTo(e.ci_low, 8);
      expect(s.ci_high).toBeCloseTo(e.ci_high, 8);
      checked++;
    }
    expect(checked).toBe(3 * 2 * (3 * 3 + 1 + 1));
    for (const v of summary.variants) {
      expect(v.datasets.find((d) => d.name === 'xquad-r')!.settings.multi.rank_distance_chance).toBeCloseTo(
        (3 * 101) / 5, // 4 relevant among 100 candidates for every query
        10,
      );
      expect(v.datasets[0]!.settings.mono.rank_distance_chance).toBeNull();
    }
    expect(summary.significance).toHaveLength(expected.differences.length);
    for (const e of expected.differences) {
      const s = summary.significance.find(
        (x) =>
          x.baseline === e.baseline &&
          x.dataset === e.dataset &&
          x.setting === e.setting &&
          x.measure === e.measure,
      )!;
      expect(s.diff).toBeCloseTo(e.diff, 10);
      expect(s.n_units).toBe(e.n_units);
      if (e.measure === 'RD') {
        expect(s.chance_level).toBeCloseTo(e.chance_level!, 10);
        expect(s.at_chance).toBe(e.at_chance);
      } else {
        expect(s.chance_level).toBeNull();
        expect(s.at_chance).toBeNull();
      }
      expect(s.p).toBeGreaterThan(0);
      expect(s.p).toBeLessThanOrEqual(1);
      expect(s.ci_low!).toBeLessThanOrEqual(s.diff + 1e-12);
      expect(s.ci_high!).toBeGreaterThanOrEqual(s.diff - 1e-12);
    }

    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('## Retrieval quality (Table 1 style)');
    expect(md).toContain('Paper Table 1. mAP');
    expect(md).toContain('Models trained from scratch do not transfer zero-shot');
    expect(md).not.toMatch(/NaN|undefined|Infinity/);
    // The chance level beside every rank distance: Table 2, the per-language tables, the paper's tables.
    expect(md).toContain('| Random ranking (chance) | 55.5 | 60.6 |');
    expect(md).toMatch(/\| \*\*Mean\*\* \|( [^|]+ \|){3} \*\*55\.5\*\* \|\n/);
    expect(md).toContain('| Random ranking | chance level | 10845.8 | 11806.3 |');
    // Both arms at chance on the zero-shot set: said, and the p-value is not marked as an effect.
    const row = md
      .split('\n')
      .find((l) => l.startsWith('| xquad-r (zero-shot) | multilingual | RD | Hybrid α=0.5 | X-X-mono |'))!;
    expect(row).toContain('(chance 60.6)');
    expect(row).toContain('−2.8 (both within ±5 % of chance)');
    expect(row).toContain('0.001 (both at chance, smallest possible)');
    expect(row).not.toMatch(/\*\*[0-9.e-]+\*\*/);
    const svg = readFileSync(join(dir, 'figures', 'bars-rank-distance.svg'), 'utf8');
    expect(svg.match(/<line class="reference"/g)).toHaveLength(2);
    expect(svg).toContain('Random ranking (chance) · xquad-r: 60.6000');
  });

  it('is deterministic: a forced re-run gives byte-identical files; an unforced one is cached', async () => {
    const rc = loadConfig(copyFixture());
    await runReport(rc);
    const first = snapshot(stageDir(rc, 'report'));
    const again = await runReport(rc, true);
    expect(again.cached).toBe(false);
    expect(snapshot(stageDir(rc, 'report'))).toEqual(first);
    expect((await runReport(rc)).cached).toBe(true);
  });

  it('names the missing metrics file and leaves no report behind on bad input', async () => {
    const cfg = copyFixture();
    const rc = loadConfig(cfg);
    const metrics = join(dirname(cfg), 'fixture-artifacts/variants/xy-s2/eval/metrics.parquet');
    writeFileSync(metrics, 'not parquet');
    await expect(runReport(rc)).rejects.toThrow(/xy-s2\/eval\/metrics.parquet: not a readable Parquet file/);
    expect(() => readdirSync(stageDir(rc, 'report'))).toThrow();
    rmSync(metrics);
    const err = (() => {
      try {
        reportInputs(resolveVariants(rc));
      } catch (e) {
        return e as DataError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(DataError);
    expect(err!.exitCode).toBe(1);
    expect(err!.message).toMatch(/variant "xy-s2" has no metrics/);
    expect(err!.message).toMatch(/hint: run `hbt eval --config/);
  });

  it('rejects a metrics row with an unknown setting, naming the row', async () => {
    const file = join(dirname(copyFixture()), 'bad.parquet');
    await writeArtifact(file, 'metrics', {
      dataset: ['x', 'x'],
      setting: ['mono', 'bilingual'],
      query_lang: ['en', 'en'],
      doc_lang: ['en', 'de'],
      measure: ['AP', 'AP'],
      value: [0.5, 0.4],
      n_queries: [3, 3],
    });
    await expect(readMetrics(file)).rejects.toThrow(
      /bad.parquet: row 1: field "setting" must be one of mono, cross, multi, got "bilingual"/,
    );
  });

  it('keeps summary.schema.json equal to the schema in the code', () => {
    const file = join(import.meta.dirname, '../summary.schema.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(summaryJsonSchema());
  });
});
