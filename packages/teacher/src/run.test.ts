import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  compareIds,
  type ResolvedConfig,
  readTable,
  readTeacherEmbeddings,
  runStage,
  TIMING_FILE,
} from '@hbt/core';
import { embedTexts, initBackend, loadModel, tf } from '@hbt/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, teacherEmbeddingsPath, teacherStageSpec } from './run.js';
import {
  experiment,
  LABSE_GOLDEN,
  type PairRow,
  quietEnv,
  TEST_BACKEND,
  TINY_LABSE,
  writePairs,
} from './test-utils/fixtures.js';

const G = LABSE_GOLDEN;
// The golden texts as English sources: on the query side with a German translation, once more on the
// passage side (a duplicate: embedded once), plus one pair with both sides English and one with none.
const PAIRS: PairRow[] = [
  ...G.texts.map((t, i): PairRow => [t, 'en', `Übersetzung ${i}`, 'de']),
  ['Swali la kwanza', 'sw', G.texts[1]!, 'EN'],
  ['Hello world!', 'en', 'An English answer.', 'en'],
  ['Guten Tag', 'de', 'Bonjour', 'fr'],
];

let root: string;
let backend: string;
beforeAll(async () => {
  backend = await initBackend(TEST_BACKEND);
  root = await mkdtemp(join(tmpdir(), 'hbt-teacher-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function variant(teacher: Record<string, unknown>): Promise<ResolvedConfig> {
  const [v] = await experiment(root, {
    train: { teacher: { model: TINY_LABSE, max_length: G.max_length, batch_size: 5, ...teacher } },
  });
  return v!;
}

async function stage(rc: ResolvedConfig, force = false) {
  const { spec, inputs } = await teacherStageSpec(rc, { ...quietEnv(backend), force });
  return runStage(spec, (ctx) => run(inputs, rc.config, ctx));
}

describe('the teacher stage', () => {
  it("embeds each unique source text once, equal to embedTexts and to sentence-transformers' encode()", async () => {
    await writePairs(root, PAIRS);
    const rc = await variant({});
    const before = tf.memory().numTensors;
    const r = await stage(rc);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.cached).toBe(false);
    const path = teacherEmbeddingsPath(rc);
    const e = await readTeacherEmbeddings(path);
    const expected = [...new Set(G.texts)].sort(compareIds);
    expect(e.texts).toEqual(expected);
    expect(e.dim).toBe(G.embeddings[0]!.length);

    const model = await loadModel(TINY_LABSE, { maxLength: G.max_length });
    const ref = await embedTexts(model, expected, { batchSize: 5 });
    model.encoder.dispose();
    expect(Array.from(e.vectors)).toEqual(Array.from(ref));
    // Independent reference: PyTorch sentence-transformers encode() of the same texts.
    for (const [i, text] of G.texts.entries()) {
      const got = e.get(text)!;
      const want = G.embeddings[i]!;
      const diff = Math.max(...want.map((w, d) => Math.abs(w - got[d]!)));
      expect(diff, JSON.stringify(text)).toBeLessThan(1e-4);
    }

    const s = r.manifest.stats;
    expect(s.texts).toBe(expected.length);
    expect(s.pairs_distilled).toBe(G.texts.length + 1);
    expect(s.pairs_skipped_both_source).toBe(1);
    expect(s.pairs_skipped_no_source).toBe(1);
    expect(s.source_pairs_per_language).toEqual({ EN: 1, en: G.texts.length });
    expect(s.sequences_per_s).toBeUndefined(); // the speed is in .timing.json (next test)
    expect(s.seconds).toBeUndefined();
    expect(r.manifest.outputs.map((o) => [o.name, o.rows])).toEqual([
      ['embeddings.parquet', expected.length],
    ]);
    const meta = (await readTable(path)).metadata;
    expect(meta['hbt.artifact']).toBe('teacher_embeddings');
  });

  it("embeds the validation pairs' source texts too", async () => {
    const root2 = await mkdtemp(join(tmpdir(), 'hbt-teacher-val-'));
    try {
      await writePairs(root2, PAIRS.slice(0, 3));
      await writePairs(
        root2,
        [
          ['Held-out question?', 'en', 'Ausgelassen?', 'de'],
          [G.texts[0]!, 'en', 'Hallo Welt!', 'de'],
          ['Hola', 'es', 'Salut', 'fr'],
        ],
        'val_pairs',
      );
      const [rc] = await experiment(root2, {
        train: { teacher: { model: TINY_LABSE, max_length: G.max_length, batch_size: 5 } },
      });
      const r = await stage(rc!);
      const e = await readTeacherEmbeddings(teacherEmbeddingsPath(rc!));
      expect(e.texts).toEqual([...G.texts.slice(0, 3), 'Held-out question?'].sort(compareIds));
      expect(r.manifest.stats.pairs_distilled).toBe(3);
      expect(r.manifest.stats.val_pairs_distilled).toBe(2);
    } finally {
      await rm(root2, { recursive: true, force: true });
    }
  });

  it('is cached by content: a rerun and new translations are hits, a new prompt is not', async () => {
    await writePairs(root, PAIRS);
    const rc = await variant({});
    const first = await stage(rc);
    const bytes = await readFile(teacherEmbeddingsPath(rc));
    expect((await stage(rc)).cached).toBe(true);
    // Only the non-source side changes: same source texts, same key.
    await writePairs(
      root,
      PAIRS.map((p) => (p[3] === 'de' ? [p[0], p[1], `${p[2]} (neu)`, p[3]] : p)),
    );
    expect((await stage(rc)).cached).toBe(true);
    // Forced: the same bytes again.
    const forced = await stage(rc, true);
    expect(forced.cached).toBe(false);
    expect(forced.manifest.key).toBe(first.manifest.key);
    expect(await readFile(teacherEmbeddingsPath(rc))).toEqual(bytes);
  });

  it('writes byte-identical manifest.json and embeddings.parquet on two runs; the speed goes to .timing.json', async () => {
    await writePairs(root, PAIRS);
    const rc = await variant({});
    const dir = dirname(teacherEmbeddingsPath(rc));
    const files = async () => ({
      manifest: await readFile(join(dir, 'manifest.json')),
      embeddings: await readFile(teacherEmbeddingsPath(rc)),
      timing: JSON.parse(await readFile(join(dir, TIMING_FILE), 'utf8')) as Record<string, unknown>,
    });
    const first = await stage(rc, true);
    const a = await files();
    const second = await stage(rc, true);
    const b = await files();
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(false);
    expect(b.manifest.equals(a.manifest)).toBe(true);
    expect(b.embeddings.equals(a.embeddings)).toBe(true);
    expect(second.manifest.side_files).toEqual([TIMING_FILE]);
    expect(second.manifest.outputs.map((o) => o.name)).toEqual(['embeddings.parquet']);
    // The speed: reported, not tested (it differs between runs, which is why it is not in the manifest).
    expect(Object.keys(b.timing).sort()).toEqual(['backend', 'seconds', 'sequences_per_s', 'texts']);
    expect(b.timing.texts).toBe(second.manifest.stats.texts);

    const prompted = await variant({ prompt: 'query: ' });
    const r = await stage(prompted);
    expect(r.cached).toBe(false);
    const e = await readTeacherEmbeddings(teacherEmbeddingsPath(prompted));
    const model = await loadModel(TINY_LABSE, { maxLength: G.max_length });
    const ref = await embedTexts(model, e.texts, { batchSize: 5, prefix: 'query: ' });
    model.encoder.dispose();
    expect(e.texts).toContain('Hello world!'); // the text column holds the text without the prompt
    expect(Array.from(e.vectors)).toEqual(Array.from(ref));
  });
});
