// Loads the rendered report.html in headless Chromium (Debian's `chromium` package, driven by
// playwright-core) and checks that nothing is broken or empty. Slow-ish: about 5 s (browser start).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { removeFixtureCopies, renderFixtureReport } from './test-utils/fixture.js';

const CHROMIUM = process.env.HBT_CHROMIUM ?? '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
// Skipping is allowed only outside CI and only on request; in CI a missing browser is a failure.
const skip = !present && process.env.HBT_SKIP_BROWSER === '1' && !process.env.CI;
const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../../.test-results/report');

interface Facts {
  title: string;
  text: string;
  tables: Array<{ id: string; rows: number; emptyCells: number }>;
  svgs: Array<{ title: string; w: number; h: number; shapes: number }>;
  sections: number;
  scrollWidth: number;
  /** Chance levels: the dashed reference lines of the rank-distance chart (drawn size, title). */
  chanceLines: Array<{ w: number; title: string }>;
  /** Last row of Table 2 (the chance level of each pool), as cell texts. */
  table2Last: string[];
}

// Runs inside the page (plain JavaScript: the package compiles without DOM types).
const PROBE = `(() => {
  const tables = [...document.querySelectorAll('table')].map((t) => ({
    id: t.id,
    rows: t.querySelectorAll('tbody tr').length,
    emptyCells: [...t.querySelectorAll('tbody td, tbody th')].filter((c) => (c.textContent || '').trim() === '').length,
  }));
  const svgs = [...document.querySelectorAll('svg')].map((s) => {
    const r = s.getBoundingClientRect();
    const t = s.querySelector('title');
    return { title: t ? t.textContent : '', w: r.width, h: r.height, shapes: s.querySelectorAll('rect, path, circle').length };
  });
  return {
    title: document.title,
    text: document.body.innerText,
    tables,
    svgs,
    sections: document.querySelectorAll('section').length,
    scrollWidth: document.documentElement.scrollWidth,
    chanceLines: [...document.querySelectorAll('svg line.reference')].map((l) => ({
      w: l.getBoundingClientRect().width,
      title: (l.querySelector('title') || {}).textContent || '',
    })),
    table2Last: [...(document.querySelector('#table-2-rd tbody tr:last-child') || document.createElement('tr')).children].map((c) => (c.textContent || '').trim()),
  };
})()`;

describe.skipIf(skip)('report.html in headless Chromium', () => {
  afterAll(removeFixtureCopies);

  it('renders every table and chart, with no error, no request and no NaN', async () => {
    if (!present) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}. Install Debian's package (apt-get install -y chromium, as ` +
          'tooling/scripts/install-system-deps.sh does), set HBT_CHROMIUM to another binary, or set ' +
          'HBT_SKIP_BROWSER=1 to skip this test on a local machine (never in CI).',
      );
    }
    const reportDir = await renderFixtureReport();
    const userDir = mkdtempSync(join(tmpdir(), 'hbt-chromium-'));
    const context = await chromium.launchPersistentContext(userDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      const failed: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(join(reportDir, 'report.html')).href;
      const response = await page.goto(url, { waitUntil: 'load' });
      expect(response?.ok()).toBe(true);

      const facts = (await page.evaluate(PROBE)) as Facts;
      expect(facts.title.length).toBeGreaterThan(0);
      expect(facts.sections).toBeGreaterThanOrEqual(9);
      expect(facts.tables.length).toBeGreaterThanOrEqual(10);
      for (const t of facts.tables) {
        expect(t.rows, `table ${t.id} has rows`).toBeGreaterThan(0);
        expect(t.emptyCells, `table ${t.id} has no empty cell`).toBe(0);
      }
      expect(facts.svgs).toHaveLength(11);
      for (const s of facts.svgs) {
        expect(s.w, `svg "${s.title}" width`).toBeGreaterThan(0);
        expect(s.h, `svg "${s.title}" height`).toBeGreaterThan(0);
        expect(s.shapes, `svg "${s.title}" draws something`).toBeGreaterThan(3);
      }
      expect(facts.text).not.toMatch(/\bNaN\b|undefined|Infinity|\[object /);
      // The chance level beside the rank distance: a visible dashed line per dataset, a row in Table 2,
      // and the significance table saying when both arms are at chance.
      expect(facts.chanceLines.map((l) => l.title)).toEqual([
        'Random ranking (chance) · mlqa-r: 55.4583',
        'Random ranking (chance) · xquad-r: 60.6000',
      ]);
      for (const l of facts.chanceLines) expect(l.w).toBeGreaterThan(10);
      expect(facts.table2Last).toEqual(['Random ranking (chance)', '55.5', '60.6']);
      expect(facts.text).toContain('both within ±5 % of chance');
      expect(facts.scrollWidth).toBeLessThanOrEqual(1280); // wide tables scroll inside their own box
      expect(consoleErrors).toEqual([]);
      expect(failed).toEqual([]);
      expect(requests).toEqual([url]); // self-contained: the page itself and nothing else

      const png = await page.screenshot({ fullPage: true });
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.length).toBeGreaterThan(50_000);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      writeFileSync(join(SCREENSHOT_DIR, 'report-full.png'), png);
      const table1 = await page.locator('#table-1-map').screenshot();
      writeFileSync(join(SCREENSHOT_DIR, 'table-1.png'), table1);
    } finally {
      await context.close();
      rmSync(userDir, { recursive: true, force: true });
    }
  });
});
