// Sanity test of the eval stage's bitext task (issue #15), a check of the task, not of a model: an
// untrained model (random initialisation, seed 0, the mBERT vocabulary, hidden 64, one layer, mean pooling)
// must find Nigerian Pidgin ↔ English translations far above the chance level (shared words, names,
// numbers) and Yoruba ↔ English ones far less. Real data from the mirror (MAFAND-MT test en-pcm and en-yor;
// NTREX-128 has no pcm) through data-prep's stage and the eval stage, on a slice of 400 aligned groups
// (about 200 per pair), with the code of the minutes-long bitext-untrained-sanity.ts (bitext-sanity.ts).
// Skipped when the mirror is absent.
//
// Measured (wasm): P@1 pcm→eng 0.448, eng→pcm 0.629 (87–122× chance, 1/194); yor→eng 0.034, eng→yor
// 0.058 (7–12× chance, 1/206). The inputs are fixed (mirror files, slice by fnv1a of group_id, seed 0), so
// the numbers move only with backend rounding; the bounds (pcm > 20× chance, yor < ¼ of pcm) leave a
// 4× margin either way, and fail when the task breaks (misaligned qrels or embeddings give ≈ chance).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../packages/models/src/index.js';
import { bitextSanity, leafRows, type MetricRow, untrainedModel } from './bitext-sanity.js';

const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const dataDir = process.env.HBT_DATA_MIRROR || join(REPO, '..', 'shared', 'data');
const mirror =
  existsSync(join(dataDir, 'mafand-mt')) && existsSync(join(dataDir, 'mbert-vocab')) ? dataDir : null;

function row(rows: MetricRow[], q: string, d: string, measure: string): MetricRow {
  const r = rows.find(
    (x) => x.setting === 'cross' && x.query_lang === q && x.doc_lang === d && x.measure === measure,
  );
  if (!r) throw new Error(`no cross ${measure} row for ${q}→${d}`);
  return r;
}

describe.skipIf(!mirror)(
  'bitext task sanity (skipped: the data mirror with mafand-mt and mbert-vocab not found)',
  () => {
    it('an untrained model finds pcm ↔ eng translations far above chance, yor ↔ eng ones far less', async () => {
      await initBackend('wasm');
      const model = await untrainedModel(mirror!);
      const rows = leafRows(
        await bitextSanity({
          mirror: mirror!,
          datasets: [{ name: 'mafand-mt', languages: ['pcm', 'yor'] }],
          groups: 400,
          model,
          maxLength: 48,
          settings: ['cross'],
        }),
      );
      model.encoder.dispose();
      const p1 = (q: string, d: string) => row(rows, q, d, 'P@1').value;
      for (const [q, d] of [
        ['pcm', 'eng'],
        ['eng', 'pcm'],
        ['yor', 'eng'],
        ['eng', 'yor'],
      ] as const) {
        // Two-way sets: one translation per query, so chance is 1 / (candidates = queries).
        const { n_queries } = row(rows, q, d, 'P@1');
        expect(n_queries).toBeGreaterThan(150);
        expect(row(rows, q, d, 'P@1_chance').value).toBeCloseTo(1 / n_queries, 9);
      }
      expect(p1('pcm', 'eng')).toBeGreaterThan(20 * row(rows, 'pcm', 'eng', 'P@1_chance').value);
      expect(p1('eng', 'pcm')).toBeGreaterThan(20 * row(rows, 'eng', 'pcm', 'P@1_chance').value);
      expect(p1('yor', 'eng')).toBeLessThan(0.25 * p1('pcm', 'eng'));
      expect(p1('eng', 'yor')).toBeLessThan(0.25 * p1('eng', 'pcm'));
    }, 120_000);
  },
);
