import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ProgressReporter, writeArtifact, writeEmbeddings } from '@hbt/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareIds } from '../measures/judge.js';
import type { EvalInputs } from './data.js';
import { exportTrec } from './export.js';
import { type ScoreKernel, scoreErrorBound } from './score-kernel.js';

/**
 * The export scores each block of queries once and reuses it for every cell and list; with a kernel,
 * float32 products only decide what cannot be listed. Both must write exactly what a straightforward
 * per-list computation writes: every cell's candidates scored from the embeddings (float64), fully
 * sorted (score descending, doc id descending) and cut by the rules of `exportTrec`.
 */

const LANGS = ['de', 'en', 'fr'];
const DIM = 8;
const DOCS_PER_LANG = 40;
const GROUPS = 14;

interface Gen {
  inputs: EvalInputs;
  docs: { id: string; lang: string; v: Float32Array }[];
  queries: { id: string; lang: string; v: Float32Array }[];
  /** query id → (doc id → relevance > 0) */
  rel: Map<string, Map<string, number>>;
}

/** A seeded dataset on a coarse grid (exact score ties) with duplicated candidate vectors. */
async function generate(dir: string): Promise<Gen> {
  let seed = 11;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const vec = () => Float32Array.from({ length: DIM }, () => Math.round((rnd() * 2 - 1) * 4) / 4);
  const docs: Gen['docs'] = [];
  for (const lang of LANGS)
    for (let i = 0; i < DOCS_PER_LANG; i++) {
      // Every 7th candidate repeats an earlier vector of its language: exactly tied scores.
      const v = i % 7 === 6 ? docs[docs.length - 3]!.v : vec();
      docs.push({ id: `g/${lang}/d${String(i).padStart(2, '0')}`, lang, v });
    }
  const queries: Gen['queries'] = [];
  const rel = new Map<string, Map<string, number>>();
  for (const lang of LANGS)
    for (let q = 0; q < GROUPS; q++) {
      const id = `g/${lang}/q${String(q).padStart(2, '0')}`;
      queries.push({ id, lang, v: vec() });
      // Group q's answers: candidate q in each language (not in fr for odd q); group 13 has none.
      const m = new Map<string, number>();
      for (const y of LANGS)
        if (q !== 13 && !(y === 'fr' && q % 2 === 1))
          m.set(`g/${y}/d${String(q).padStart(2, '0')}`, 1 + (q % 2));
      rel.set(id, m);
    }
  const inputs: EvalInputs = {
    queries: join(dir, 'queries.parquet'),
    corpus: join(dir, 'corpus.parquet'),
    qrels: join(dir, 'qrels.parquet'),
    queryEmbeddings: join(dir, 'queries.arrow'),
    corpusEmbeddings: join(dir, 'corpus.arrow'),
  };
  await writeArtifact(inputs.queries, 'queries', {
    query_id: queries.map((q) => q.id),
    lang: queries.map((q) => q.lang),
    text: queries.map((q) => q.id),
    group_id: queries.map(() => null),
    dataset: queries.map(() => 'g'),
  });
  await writeArtifact(inputs.corpus, 'corpus', {
    doc_id: docs.map((d) => d.id),
    lang: docs.map((d) => d.lang),
    text: docs.map((d) => d.id),
    context: docs.map(() => null),
    group_id: docs.map(() => null),
    dataset: docs.map(() => 'g'),
  });
  const qr = [...rel].flatMap(([q, m]) => [...m].map(([d, r]) => [q, d, r] as const));
  await writeArtifact(inputs.qrels, 'qrels', {
    query_id: qr.map((r) => r[0]),
    doc_id: qr.map((r) => r[1]),
    relevance: qr.map((r) => r[2]),
  });
  const flat = (xs: { v: Float32Array }[]) => {
    const out = new Float32Array(xs.length * DIM);
    xs.forEach((x, i) => {
      out.set(x.v, i * DIM);
    });
    return out;
  };
  await writeEmbeddings(inputs.queryEmbeddings, {
    ids: queries.map((q) => q.id),
    langs: queries.map((q) => q.lang),
    dim: DIM,
    vectors: flat(queries),
  });
  await writeEmbeddings(inputs.corpusEmbeddings, {
    ids: docs.map((d) => d.id),
    langs: docs.map((d) => d.lang),
    dim: DIM,
    vectors: flat(docs),
  });
  return { inputs, docs, queries, rel };
}

/**
 * The run lines (`qid docid rank`) of every cell, computed list by list from the embeddings: each
 * cell's candidates scored, fully sorted, and cut at the depth or at the last relevant candidate within it.
 */
function referenceRuns(g: Gen, depth: number | null, cut: 'relevant' | 'depth'): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const dot = (a: Float32Array, b: Float32Array) => {
    let s = 0;
    for (let k = 0; k < DIM; k++) s += a[k]! * b[k]!;
    return s;
  };
  const cells: Array<[string, string, string | null]> = [];
  for (const x of LANGS) {
    cells.push([`multi/${x}-all`, x, null]);
    for (const y of LANGS) cells.push([`${x === y ? 'mono' : 'cross'}/${x}-${y}`, x, y]);
  }
  for (const [name, x, y] of cells) {
    const lines: string[] = [];
    for (const q of g.queries.filter((q) => q.lang === x).sort((a, b) => compareIds(a.id, b.id))) {
      const ranked = g.docs
        .filter((d) => y === null || d.lang === y)
        .map((d) => ({ id: d.id, s: dot(q.v, d.v) }))
        .sort((a, b) => b.s - a.s || compareIds(b.id, a.id));
      const rel = g.rel.get(q.id)!;
      const ranks = ranked.flatMap((d, i) => (rel.has(d.id) ? [i + 1] : []));
      if (ranks.length === 0) continue;
      const cap = depth ?? ranked.length;
      const within = ranks.filter((r) => r <= cap);
      const n = cut === 'depth' ? Math.min(cap, ranked.length) : within.length > 0 ? within.at(-1)! : 1;
      for (let i = 0; i < n; i++) lines.push(`${q.id} ${ranked[i]!.id} ${i + 1}`);
    }
    if (lines.length > 0) out.set(name, lines);
  }
  return out;
}

/** Float32 products as a BLAS computes them: rounded at every step, summed in another order. */
const float32Kernel: ScoreKernel = {
  name: 'float32 (test)',
  prepare: (vectors, n, dim) => ({
    scores: async (queries, rows) => {
      const out = new Float32Array(rows * n);
      for (let i = 0; i < rows; i++)
        for (let c = 0; c < n; c++) {
          let s = 0;
          for (let k = dim - 1; k >= 0; k--)
            s = Math.fround(s + Math.fround(queries[i * dim + k]! * vectors[c * dim + k]!));
          out[i * n + c] = s;
        }
      return out;
    },
    dispose: () => {},
  }),
};

/**
 * Exact scores moved by up to `scale` × the error bound (the most a float32 product may be off when
 * `scale` < 1; more than a float32 product ever is when `scale` > 1, as a TF32 or bf16 backend would be).
 */
function noisyKernel(scale: number, firstRowExact = false): ScoreKernel {
  let seed = 5;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return {
    name: `noisy ${scale}`,
    prepare: (vectors, n, dim) => {
      let maxNorm = 0;
      for (let c = 0; c < n; c++) {
        let s = 0;
        for (let k = 0; k < dim; k++) s += vectors[c * dim + k]! ** 2;
        maxNorm = Math.max(maxNorm, Math.sqrt(s));
      }
      return {
        scores: async (queries, rows) => {
          const out = new Float32Array(rows * n);
          for (let i = 0; i < rows; i++) {
            let qn = 0;
            for (let k = 0; k < dim; k++) qn += queries[i * dim + k]! ** 2;
            const err = scoreErrorBound(dim, Math.sqrt(qn), maxNorm);
            for (let c = 0; c < n; c++) {
              let s = 0;
              for (let k = 0; k < dim; k++) s += queries[i * dim + k]! * vectors[c * dim + k]!;
              // Float32 rounding takes up to half an ulp itself: keep the sum of both within the bound.
              let room = scale < 1 ? Math.max(0, scale * err - Math.abs(s) * 2 ** -24) : scale * err;
              if (firstRowExact && i === 0) room = 0;
              out[i * n + c] = s + (rnd() * 2 - 1) * room;
            }
          }
          return out;
        },
        dispose: () => {},
      };
    },
  };
}

/** Every file under `dir`, relative path → content (bytes as latin1 text: compared fast). */
function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p).toString('latin1'));
    }
  };
  walk(dir);
  return out;
}

describe('exportTrec: one scoring per block, kernel products', () => {
  let dir: string;
  let gen: Gen;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hbt-export-kernel-'));
    gen = await generate(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['relevant', 3],
    ['relevant', 1],
    ['relevant', 20],
    ['relevant', null],
    ['depth', 5],
    ['depth', 1],
    ['depth', null],
  ] as const)(
    'cut %s, depth %s: the lists of a per-list full sort, with and without a kernel',
    async (cut, depth) => {
      const base = join(dir, `${cut}-${depth}`);
      const plain = await exportTrec(gen.inputs, {
        dir: join(base, 'js'),
        settings: ['mono', 'cross', 'multi'],
        depth,
        cut,
        gzip: false,
      });
      const ref = referenceRuns(gen, depth, cut);
      const files = readTree(join(base, 'js'));
      expect([...files.keys()].filter((f) => f.endsWith('.run')).sort()).toEqual(
        [...ref.keys()].map((c) => `g/${c}.run`).sort(),
      );
      for (const [cell, lines] of ref) {
        const got = files
          .get(`g/${cell}.run`)!
          .toString()
          .trim()
          .split('\n')
          .map((l) => l.split(' '))
          .map((f) => `${f[0]} ${f[2]} ${f[3]}`);
        expect(got, cell).toEqual(lines);
      }
      expect(plain.lines).toBe([...ref.values()].reduce((n, l) => n + l.length, 0));
      // The same bytes from float32 products and from products anywhere within the bound.
      for (const kernel of [float32Kernel, noisyKernel(0.99)]) {
        const out = join(base, kernel.name);
        const r = await exportTrec(gen.inputs, {
          dir: out,
          settings: ['mono', 'cross', 'multi'],
          depth,
          cut,
          gzip: false,
          kernel,
        });
        expect(r, kernel.name).toEqual({ ...plain, rescored: 0 });
        expect(readTree(out), kernel.name).toEqual(files);
      }
    },
  );

  it('a kernel less precise than float32 is caught: those queries are scored exactly, the files are the same', async () => {
    const opts = { settings: ['mono', 'cross', 'multi'] as const, depth: 4, gzip: true } as const;
    const plain = await exportTrec(gen.inputs, { ...opts, dir: join(dir, 'bad-js') });
    const r = await exportTrec(gen.inputs, { ...opts, dir: join(dir, 'bad'), kernel: noisyKernel(40) });
    expect(r.rescored).toBeGreaterThan(0);
    expect({ ...r, rescored: 0 }).toEqual(plain);
    expect(readTree(join(dir, 'bad'))).toEqual(readTree(join(dir, 'bad-js')));
    // Precise on the rows checked in full, imprecise elsewhere: each exact score the lists need is
    // checked too (the relevant candidates' always), and a query that fails is scored again exactly.
    const sly = await exportTrec(gen.inputs, {
      ...opts,
      dir: join(dir, 'sly'),
      kernel: noisyKernel(40, true),
    });
    expect(sly.rescored).toBeGreaterThan(0);
    expect({ ...sly, rescored: 0 }).toEqual(plain);
    expect(readTree(join(dir, 'sly'))).toEqual(readTree(join(dir, 'bad-js')));
  });

  // The helper thread runs the built script (dist/lareqa/export-worker.js): from the sources alone the
  // export runs on one thread, so this compares the built export, with its helper, to the sources'.
  const built = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'lareqa', 'export.js');
  it.skipIf(!existsSync(built))(
    'on two threads (the built export and its helper thread): the same files, listed in the same order',
    async () => {
      const mod = (await import(pathToFileURL(built).href)) as { exportTrec: typeof exportTrec };
      for (const [name, kernel, depth] of [
        ['js', null, 3],
        ['float32', float32Kernel, 3],
        ['noisy', noisyKernel(40), 4],
        ['float32-none', float32Kernel, null],
      ] as const) {
        const opts = { settings: ['mono', 'cross', 'multi'] as const, depth, kernel, gzip: true } as const;
        const one = await exportTrec(gen.inputs, { ...opts, dir: join(dir, `one-${name}`), parallel: false });
        const ticks: number[] = [];
        const progress = {
          start: () => ({ tick: (n: number) => ticks.push(n), done: () => {} }),
        } as unknown as ProgressReporter;
        const two = await mod.exportTrec(gen.inputs, { ...opts, dir: join(dir, `two-${name}`), progress });
        expect(two, name).toEqual(one);
        expect(readTree(join(dir, `two-${name}`)), name).toEqual(readTree(join(dir, `one-${name}`)));
        expect(
          ticks.reduce((a, b) => a + b, 0),
          name,
        ).toBe(GROUPS * LANGS.length);
      }
    },
  );
});
