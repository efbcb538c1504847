// Opens the report.html of the synthetic sweep (learning curves, α sweep, research questions) in headless
// Chromium (Debian's `chromium`, driven by playwright-core, as browser.test.ts does for the fixture
// report) and checks that the sweep sections render: every table has rows and no empty cell, every curve
// has a visible box and its bands, no NaN, no request. Screenshots go to .test-results/report/sweep-*.png.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configSchema, Rng } from '@hbt/core';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../model/build.js';
import { renderReport } from '../render-report.js';
import { SWEEP_DATASET, standardSweep, sweepData } from '../test-utils/sweep.js';

const CHROMIUM = process.env.HBT_CHROMIUM ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const skip = !present && process.env.HBT_SKIP_BROWSER === '1' && !process.env.CI;
const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../../../.test-results/report');

const PROBE = `(() => {
  const sec = (id) => { const h = document.getElementById(id); return h ? h.closest('section') : null; };
  const inside = (root, sel) => root ? [...root.querySelectorAll(sel)] : [];
  const tables = [...document.querySelectorAll('table')].map((t) => ({
    id: t.id,
    rows: t.querySelectorAll('tbody tr').length,
    emptyCells: [...t.querySelectorAll('tbody td, tbody th')].filter((c) => (c.textContent || '').trim() === '').length,
  }));
  const box = (s) => { const r = s.getBoundingClientRect(); return { w: r.width, h: r.height, bands: s.querySelectorAll('path[fill-opacity]').length, title: (s.querySelector('title') || {}).textContent || '' }; };
  return {
    text: document.body.innerText,
    tables,
    curves: inside(sec('learning-curves'), 'svg').map(box),
    alpha: inside(sec('alpha-sweep'), 'svg').map(box),
    scrollWidth: document.documentElement.scrollWidth,
  };
})()`;

describe.skipIf(skip)('a sweep report in headless Chromium', () => {
  it('renders the answers, the learning curves with bands and the α sweep, with no NaN and no request', async () => {
    if (!present)
      throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium or set HBT_CHROMIUM`);
    const questions = configSchema.parse({
      report: {
        questions: [
          {
            id: 'h-vs-xy',
            text: 'Does hybrid beat x-y on cross-lingual retrieval?',
            kind: 'compare',
            a: { 'sampler.strategy': 'hybrid', 'sampler.alpha': 0.5 },
            b: { 'sampler.strategy': 'x-y', 'train.objective': 'infonce' },
            metric: { dataset: SWEEP_DATASET, setting: 'cross' },
          },
          {
            id: 'gap',
            text: 'Does the gap grow with the training data?',
            kind: 'scaling',
            a: { 'sampler.strategy': 'hybrid', 'sampler.alpha': 0.5 },
            b: { 'sampler.strategy': 'x-y', 'train.objective': 'infonce' },
          },
          { id: 'alpha', text: 'Which α?', kind: 'alpha', a: { 'sampler.strategy': 'hybrid' } },
        ],
      },
    }).report.questions;
    const out = renderReport(buildModel(sweepData(standardSweep(), questions), Rng.fromSeed(3)));
    const dir = mkdtempSync(join(tmpdir(), 'hbt-sweep-report-'));
    const userDir = mkdtempSync(join(tmpdir(), 'hbt-chromium-'));
    writeFileSync(join(dir, 'report.html'), out.html);
    const context = await chromium.launchPersistentContext(userDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(join(dir, 'report.html')).href;
      await page.goto(url, { waitUntil: 'load' });
      const f = (await page.evaluate(PROBE)) as {
        text: string;
        tables: Array<{ id: string; rows: number; emptyCells: number }>;
        curves: Array<{ w: number; h: number; bands: number; title: string }>;
        alpha: Array<{ w: number; h: number; bands: number; title: string }>;
        scrollWidth: number;
      };
      for (const t of f.tables) {
        expect(t.rows, `table ${t.id} has rows`).toBeGreaterThan(0);
        expect(t.emptyCells, `table ${t.id} has no empty cell`).toBe(0);
      }
      expect(f.tables.map((t) => t.id)).toEqual(
        expect.arrayContaining([
          'question-h-vs-xy',
          'question-gap-sizes',
          'question-alpha',
          `table-curve-${SWEEP_DATASET}`,
          'table-alpha',
        ]),
      );
      expect(f.curves.map((c) => c.title)).toEqual([
        `${SWEEP_DATASET} · Mo. mAP`,
        `${SWEEP_DATASET} · Cr. mAP`,
        `${SWEEP_DATASET} · Mul. mAP`,
        `${SWEEP_DATASET} · Mul. rank distance`,
      ]);
      for (const c of [...f.curves, ...f.alpha]) {
        expect(c.w, c.title).toBeGreaterThan(200);
        expect(c.h, c.title).toBeGreaterThan(100);
        expect(c.bands, `${c.title} draws its interval bands`).toBeGreaterThan(0);
      }
      expect(f.alpha).toHaveLength(4);
      expect(f.text).toContain('Hybrid α=0.5 · 100 % is better than X-Y · 100 %.');
      expect(f.text).toContain('As the training data grows, the gap moves in favour of Hybrid α=0.5.');
      expect(f.text).toContain('α = 0.5 is the best of the α tried.');
      expect(f.text).not.toMatch(/\bNaN\b|undefined|Infinity|\[object /);
      expect(f.scrollWidth).toBeLessThanOrEqual(1280);
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      for (const id of ['question-h-vs-xy', 'question-gap', 'question-alpha']) {
        await page
          .locator(`section:has(> #${id})`)
          .screenshot({ path: join(SCREENSHOT_DIR, `sweep-${id}.png`) });
      }
      await page
        .locator('section:has(> #learning-curves)')
        .screenshot({ path: join(SCREENSHOT_DIR, 'sweep-learning-curves.png') });
      await page
        .locator('section:has(> #alpha-sweep)')
        .screenshot({ path: join(SCREENSHOT_DIR, 'sweep-alpha.png') });
    } finally {
      await context.close();
      rmSync(userDir, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
