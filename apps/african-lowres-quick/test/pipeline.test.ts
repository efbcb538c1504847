import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// End to end: the quick sibling of apps/african-lowres through turbo (prep → sample → teacher/train →
// index → eval → report) on the real low-resource data (HBT_DATA_MIRROR), every arm kind once: x-x-mono,
// x-y, hybrid at two training sizes, SimCSE, and distillation from the x-x-mono model. It asserts that
// the tasks work (every dataset, language and arm present, every number finite, the questions answered),
// not a result: one seed of 40 steps shows nothing about the method. Slow (a few minutes on 2 cores).
const repo = new URL('../../..', import.meta.url).pathname;
const app = join(repo, 'apps/african-lowres-quick');
const turbo = join(repo, 'node_modules/.bin/turbo');

function turboReport(): string {
  return execFileSync(
    turbo,
    [
      'run',
      'report',
      '--filter=@hbt-exp/african-lowres-quick',
      '--no-update-notifier',
      '--output-logs=new-only',
    ],
    {
      cwd: repo,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
}

interface Row {
  setting: string;
  query_lang: string;
  doc_lang: string;
  measure: string;
  mean: number | null;
}
interface Summary {
  variants: Array<{ name: string; datasets: Array<{ name: string }> }>;
  tasks: Array<{ dataset: string; task: string; arms: Array<{ label: string; rows: Row[] }> }>;
  questions: Array<{ id: string; answer: string; diff: number | null }>;
}

const VARIANTS = ['x-x-mono-s13', 'x-y-s13', 'hybrid-s13', 'hybrid-f0.3-s13', 'simcse-s13', 'distill-s13'];

describe('african-lowres-quick experiment', () => {
  it('runs every arm end to end through turbo, cached the second time, with finite numbers for every language', () => {
    turboReport();
    const second = turboReport();
    const m = /Cached:\s+(\d+) cached, (\d+) total/.exec(second);
    expect(m, second).not.toBeNull();
    expect(Number(m![1])).toBe(Number(m![2]));

    const summary = JSON.parse(readFileSync(join(app, 'artifacts/report/summary.json'), 'utf8')) as Summary;
    expect(summary.variants.map((v) => v.name).sort()).toEqual([...VARIANTS].sort());

    const task = (dataset: string) => {
      const t = summary.tasks.find((x) => x.dataset === dataset);
      expect(t, `task rows for ${dataset}`).toBeDefined();
      expect(t!.arms).toHaveLength(VARIANTS.length);
      for (const arm of t!.arms) {
        expect(arm.rows.length).toBeGreaterThan(0);
        for (const r of arm.rows) {
          if (r.mean !== null)
            expect(Number.isFinite(r.mean), `${dataset} ${arm.label} ${r.measure}`).toBe(true);
        }
      }
      return t!;
    };
    const langsOf = (t: ReturnType<typeof task>, setting: string, measure: string) =>
      new Set(
        t.arms[0]!.rows.filter((r) => r.setting === setting && r.measure === measure && r.mean !== null)
          .flatMap((r) => [r.query_lang, r.doc_lang])
          .filter((l) => l !== '*'),
      );

    // Bitext: P@1 in both directions for every language against English, in both datasets.
    for (const d of ['ntrex-128', 'flores-sib200']) {
      const t = task(d);
      expect(t.task).toBe('bitext');
      for (const l of ['hau', 'yor']) {
        for (const [q, c] of [
          [l, 'eng'],
          ['eng', l],
        ]) {
          const row = t.arms[0]!.rows.find(
            (r) => r.setting === 'cross' && r.measure === 'P@1' && r.query_lang === q && r.doc_lang === c,
          );
          expect(row, `${d} ${q}→${c} P@1`).toBeDefined();
          expect(Number.isFinite(row!.mean)).toBe(true);
        }
      }
    }
    // Cross-lingual QA: both African languages query the English passages; the translations are mono.
    const qa = task('afriqa');
    expect(qa.task).toBe('qa');
    expect(langsOf(qa, 'cross', 'AP')).toEqual(new Set(['hau', 'yor', 'eng']));
    expect(langsOf(qa, 'mono', 'AP')).toEqual(new Set(['eng']));
    // News: Yoruba headline → article.
    const news = task('masakhane-news');
    expect(news.task).toBe('news');
    expect(langsOf(news, 'mono', 'AP')).toEqual(new Set(['yor']));

    // Every question is answered in words, from a finite difference.
    expect(summary.questions.map((q) => q.id).sort()).toEqual(['hybrid-scaling', 'hybrid-vs-xy']);
    for (const q of summary.questions) {
      expect(q.answer.length).toBeGreaterThan(50);
      expect(Number.isFinite(q.diff)).toBe(true);
    }
  }, 900_000);
});
