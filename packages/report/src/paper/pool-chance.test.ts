import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAPER_POOL_CHANCE } from './pool-chance.js';

/** `$HBT_DATA_MIRROR`, else `<repo>/../shared/data`; null when absent. */
function mirror(): string | null {
  const env = process.env.HBT_DATA_MIRROR;
  const dir = env ? resolve(env) : resolve(import.meta.dirname, '../../../../../shared/data');
  return existsSync(join(dir, 'xquad-r')) && existsSync(join(dir, 'mlqa-r')) ? dir : null;
}

interface LareqaJson {
  data: Array<{
    paragraphs: Array<{
      context: string;
      sentence_breaks: Array<[number, number]>;
      qas: Array<{ id: string; answers: Array<{ answer_start: number }> }>;
    }>;
  }>;
}

/**
 * A LAReQA folder's pool, read here on its own: candidates are the sentences of every paragraph; a
 * question's relevant candidates are, in every language that has the question, the sentence holding its
 * answer and the sentences of the paragraph with the same text.
 */
function pool(dir: string): { size: number; queries: Array<{ lang: string; k: number }> } {
  let size = 0;
  const relevant = new Map<string, Set<number>>();
  const queries: Array<{ lang: string; id: string }> = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const lang = file.slice(0, -5);
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as LareqaJson;
    for (const article of doc.data) {
      for (const p of article.paragraphs) {
        const texts = p.sentence_breaks.map(([s, e]) => p.context.slice(s, e));
        const base = size;
        size += texts.length;
        for (const qa of p.qas) {
          const start = qa.answers[0]!.answer_start;
          const at = p.sentence_breaks.findIndex(([s, e]) => s <= start && start < e);
          const set = relevant.get(qa.id) ?? new Set<number>();
          texts.forEach((t, i) => {
            if (t === texts[at]) set.add(base + i);
          });
          relevant.set(qa.id, set);
          queries.push({ lang, id: qa.id });
        }
      }
    }
  }
  return { size, queries: queries.map((q) => ({ lang: q.lang, k: relevant.get(q.id)!.size })) };
}

/** Per language and macro mean of (k − 1)(n + 1)/(k + 1) over the queries with k ≥ 2. */
function chanceOf(p: ReturnType<typeof pool>) {
  const sums = new Map<string, { s: number; n: number }>();
  for (const q of p.queries) {
    if (q.k < 2) continue;
    const e = sums.get(q.lang) ?? { s: 0, n: 0 };
    e.s += ((q.k - 1) * (p.size + 1)) / (q.k + 1);
    e.n++;
    sums.set(q.lang, e);
  }
  const perLanguage = Object.fromEntries([...sums].map(([l, e]) => [l, e.s / e.n]));
  const vals = Object.values(perLanguage);
  return { perLanguage, mean: vals.reduce((a, b) => a + b, 0) / vals.length };
}

describe('the chance level of the paper pools', () => {
  it('XQuAD-R follows from the paper’s own counts: 11 relevant among 13,014 → 10 · 13,015 / 12', () => {
    const x = PAPER_POOL_CHANCE['xquad-r'];
    expect(x.poolSize).toBe(1222 + 1276 + 1234 + 1180 + 1215 + 1244 + 1219 + 852 + 1167 + 1209 + 1196);
    expect(Object.keys(x.perLanguage)).toHaveLength(11);
    for (const v of Object.values(x.perLanguage)) expect(v).toBeCloseTo(10845.8333, 4);
    expect(x.mean).toBeCloseTo(10845.8333, 4);
    const m = PAPER_POOL_CHANCE['mlqa-r'];
    expect(m.poolSize).toBe(2545 + 2362 + 6264 + 1787 + 2426 + 2828 + 2322);
    const langs = Object.values(m.perLanguage);
    expect(m.mean).toBeCloseTo(langs.reduce((a, b) => a + b, 0) / langs.length, 9);
  });

  const data = mirror();
  describe.skipIf(data === null)(
    'recomputed from the LAReQA files (needs ../shared/data or HBT_DATA_MIRROR)',
    () => {
      it('equals the stored values, and XQuAD-R matches the reference’s random ranking (10,844)', () => {
        for (const name of ['xquad-r', 'mlqa-r'] as const) {
          const p = pool(join(data!, name));
          const stored = PAPER_POOL_CHANCE[name];
          expect(p.size).toBe(stored.poolSize);
          const c = chanceOf(p);
          expect(Object.keys(c.perLanguage).sort()).toEqual(Object.keys(stored.perLanguage).sort());
          for (const [l, v] of Object.entries(stored.perLanguage)) expect(c.perLanguage[l]).toBeCloseTo(v, 8);
          expect(c.mean).toBeCloseTo(stored.mean, 8);
        }
        // shared/reference/README.md: "random ranking … rank distance 10844", one random ranking's value.
        // The range of 11 of 13,014 random positions has variance 2(k − 1)(n + 1)(n − k)/((k + 1)²(k + 2));
        // over 13,090 queries its mean has a standard error of about 11.75: the expectation is within 3.
        const se = Math.sqrt((2 * 10 * 13015 * (13014 - 11)) / (12 * 12 * 13) / 13090);
        expect(Math.abs(PAPER_POOL_CHANCE['xquad-r'].mean - 10844)).toBeLessThan(3 * se);
      });
    },
  );
});
