// What hbt exports works in sentence-transformers unchanged: a model trained and indexed by hbt (prep, sample,
// train, index on the smoke fixture, wasm) is loaded by Python's SentenceTransformer from its folder;
// `encode_query` / `encode_document` — which apply the prompts of config_sentence_transformers.json —
// must give the vectors the index stage wrote (cosine ≥ 0.99999), and AutoModel must load the folder
// without reporting missing weights. Skipped, with the reason in its name, when Python or
// sentence-transformers is not installed (`pip install sentence-transformers`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEmbeddings, readTable } from '@hbt/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildCli } from './cli.js';

const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const SMOKE = join(REPO, 'test-fixtures', 'smoke');

/** Null when Python can import sentence_transformers, else why not. */
function missingPython(): string | null {
  const r = spawnSync('python3', ['-c', 'import sentence_transformers, transformers'], { encoding: 'utf8' });
  if (r.error) return `no python3 (${(r.error as NodeJS.ErrnoException).code})`;
  if (r.status !== 0) return 'Python has no sentence-transformers (pip install sentence-transformers)';
  return null;
}
const missing = missingPython();

const PY = `
import json, sys, warnings, io, contextlib
from sentence_transformers import SentenceTransformer
from transformers import AutoModel
folder, texts_path = sys.argv[1], sys.argv[2]
texts = json.load(open(texts_path, encoding="utf-8"))
m = SentenceTransformer(folder, device="cpu")
out = {
  "prompts": m.prompts,
  "query": m.encode_query(texts["query"], batch_size=64).tolist(),
  "document": m.encode_document(texts["document"], batch_size=64).tolist(),
  "plain": m.encode(texts["query"], batch_size=64).tolist(),
}
err = io.StringIO()
with contextlib.redirect_stderr(err), contextlib.redirect_stdout(err):
  AutoModel.from_pretrained(folder)
out["automodel_log"] = err.getvalue()
print(json.dumps(out))
`;

const tmp = mkdtempSync(join(tmpdir(), 'hbt-st-interop-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('sentence-transformers interop', () => {
  it.skipIf(missing !== null)(
    `encode_query / encode_document equal the vectors hbt indexed${missing ? ` (skipped: ${missing})` : ''}`,
    async () => {
      const config = join(tmp, 'hbt.json');
      writeFileSync(
        config,
        JSON.stringify({
          name: 'st-interop',
          seed: 3,
          backend: 'wasm',
          data: {
            train: [{ name: 'smoke-train', format: 'lareqa', path: join(SMOKE, 'train') }],
            eval: [{ name: 'smoke-heldout', format: 'lareqa', path: join(SMOKE, 'heldout') }],
            pairs: { validation_fraction: 0.1, seed: 0 },
          },
          sampler: { strategy: 'hybrid', batch_size: 8, steps: 12 },
          model: {
            tokenizer: { kind: 'wordpiece', vocab_size: 400 },
            hidden: 16,
            layers: 1,
            heads: 2,
            max_length: 24,
          },
          train: {
            checkpoint_every: 6,
            validate_every: 6,
            query_prefix: 'Frage: ',
            passage_prefix: 'Satz: ',
          },
          index: { batch_size: 64, top_k: 5 },
        }),
      );
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        for (const stage of ['prep', 'sample', 'train', 'index', 'eval']) {
          await (await buildCli([stage, '--config', config, '-q'])).parseAsync();
          expect(process.exitCode ?? 0, stage).toBe(0);
        }
      } finally {
        vi.restoreAllMocks();
      }
      const variant = join(tmp, 'artifacts', 'variants', 'default');
      const queries = await readTable(join(tmp, 'artifacts', 'prep', 'queries.parquet'));
      const corpus = await readTable(join(tmp, 'artifacts', 'prep', 'corpus.parquet'));
      const qv = await readEmbeddings(join(variant, 'index', 'queries.arrow'));
      const dv = await readEmbeddings(join(variant, 'index', 'corpus.arrow'));
      // 40 of each, spread over the languages.
      const pick = (ids: string[], n: number) =>
        Array.from({ length: n }, (_, i) => Math.floor((i * ids.length) / n));
      const qRows = pick(qv.ids, 40);
      const dRows = pick(dv.ids, 40);
      const qText = new Map(
        (queries.columns.query_id as string[]).map((id, i) => [id, queries.columns.text![i] as string]),
      );
      const dText = new Map(
        (corpus.columns.doc_id as string[]).map((id, i) => [id, corpus.columns.text![i] as string]),
      );
      const texts = {
        query: qRows.map((r) => qText.get(qv.ids[r]!)!),
        document: dRows.map((r) => dText.get(dv.ids[r]!)!),
      };
      const textsPath = join(tmp, 'texts.json');
      writeFileSync(textsPath, JSON.stringify(texts));
      // The index stage used best/ (it exists after training).
      const folder = join(variant, 'train', 'best');
      const r = spawnSync('python3', ['-c', PY, folder, textsPath], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
        env: { ...process.env, TRANSFORMERS_VERBOSITY: 'info', HF_HUB_OFFLINE: '1' },
      });
      expect(r.status, r.stderr).toBe(0);
      const py = JSON.parse(r.stdout) as {
        prompts: Record<string, string>;
        query: number[][];
        document: number[][];
        plain: number[][];
        automodel_log: string;
      };
      expect(py.prompts).toMatchObject({ query: 'Frage: ', document: 'Satz: ' });
      const worst = (rows: number[], m: typeof qv, st: number[][]) =>
        Math.min(...rows.map((row, i) => cosine(m.vectors.subarray(row * m.dim, (row + 1) * m.dim), st[i]!)));
      expect(worst(qRows, qv, py.query)).toBeGreaterThanOrEqual(0.99999);
      expect(worst(dRows, dv, py.document)).toBeGreaterThanOrEqual(0.99999);
      // Control: without the prompt the vectors differ (what the folder lacked before it had its prompts).
      expect(worst(qRows, qv, py.plain)).toBeLessThan(0.9999);
      expect(py.automodel_log).not.toMatch(/MISSING|newly initialized/);
      // The card names the prompts the model was trained with.
      expect(readFileSync(join(folder, 'README.md'), 'utf8')).toContain('the query prompt `"Frage: "`');
      // The eval stage writes the same card with its measures.
      const evalCard = readFileSync(join(variant, 'eval', 'model_card.md'), 'utf8');
      expect(evalCard).toContain('the query prompt `"Frage: "`');
      expect(evalCard).toMatch(/\*\*smoke-heldout\*\*[\s\S]*\| AP \| 0\.\d{4} \| 0\.\d{4} \| 0\.\d{4} \|/);
    },
    300_000,
  );
});
