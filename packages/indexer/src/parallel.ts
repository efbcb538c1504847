import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { tf } from '@hbt/models';
import type { BlockJob } from './search.js';
import { rowCount, type VectorSet } from './vectors.js';

/**
 * Exact search on several cores. tfjs's wasm backend runs one thread in Node, so a large search is split
 * by query rows over worker threads, each with its own tfjs engine and backend (the one the main thread
 * uses). Candidates travel once in a SharedArrayBuffer; every worker holds its own copy as tensors. The
 * workers run the **built** `dist/search-worker.js` (also when the caller runs from sources, as in tests):
 * without a build, `auto` stays in-thread. Results equal the in-thread search: each query is searched
 * whole by one worker with the same engine and blocks.
 */
export interface WorkerTask {
  backend: string;
  dim: number;
  queries: Float32Array;
  candidates: Float32Array;
  job: Omit<BlockJob, 'progress'>;
}

export type WorkerMessage =
  | { type: 'tick'; n: number }
  | { type: 'done'; items: Int32Array; scores: Float32Array }
  | { type: 'error'; message: string };

/**
 * Below this many multiply-adds (queries × candidates × dim; about 4 s in-thread on wasm) `auto` searches
 * in-thread: a worker needs about 0.7 s to import tfjs and start its backend.
 */
export const PARALLEL_MIN_WORK = 4e10;

/** The built worker script, or null when @hbt/indexer has not been built. */
export function workerScript(): URL | null {
  for (const rel of ['./search-worker.js', '../dist/search-worker.js']) {
    const u = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(u))) return u;
  }
  return null;
}

/** Worker count for a search: explicit, or `auto` (see {@link SearchOptions.threads}). */
export function resolveThreads(
  pref: number | 'auto',
  nq: number,
  nc: number,
  dim: number,
  blockQueries: number,
): number {
  const maxUseful = Math.max(1, Math.ceil(nq / Math.min(blockQueries, 64)));
  if (pref !== 'auto') {
    if (!Number.isInteger(pref) || pref < 1)
      throw new RangeError(`threads must be a positive integer, got ${pref}`);
    const n = Math.min(pref, maxUseful);
    if (n > 1 && workerScript() === null) {
      throw new Error(
        'threads > 1 needs the built worker script: run `pnpm exec turbo run build --filter @hbt/indexer`',
      );
    }
    return n;
  }
  if (tf.getBackend() === 'tensorflow') return 1;
  if (nq * nc * dim < PARALLEL_MIN_WORK || workerScript() === null) return 1;
  return Math.min(availableParallelism(), 8, maxUseful);
}

/** Split the queries over `threads` workers; results in query order. */
export async function searchInWorkers(
  q: VectorSet,
  cand: VectorSet,
  job: BlockJob,
  threads: number,
): Promise<{ items: Int32Array; scores: Float32Array }> {
  const script = workerScript();
  if (script === null) throw new Error('the search worker script is not built');
  const nq = rowCount(q);
  const dim = q.dim;
  const per = Math.ceil(nq / threads);
  const chunks: Array<[number, number]> = [];
  for (let s = 0; s < nq; s += per) chunks.push([s, Math.min(nq, s + per)]);
  const { progress, ...plain } = job;
  const workers: Worker[] = [];
  const backend = tf.getBackend();
  try {
    const parts = await Promise.all(
      chunks.map(([s, e]) => {
        const task: WorkerTask = {
          backend,
          dim,
          queries: q.vectors.slice(s * dim, e * dim),
          candidates: cand.vectors,
          job: plain,
        };
        // No inherited flags: a test runner's `--conditions source` would point the built worker at .ts files.
        const w = new Worker(script, { workerData: task, execArgv: [] });
        workers.push(w);
        return new Promise<{ items: Int32Array; scores: Float32Array }>((resolve, reject) => {
          w.on('message', (m: WorkerMessage) => {
            if (m.type === 'tick') progress?.tick(m.n);
            else if (m.type === 'done') resolve({ items: m.items, scores: m.scores });
            else reject(new Error(`search worker: ${m.message}`));
          });
          w.on('error', reject);
          w.on('exit', (code) => {
            if (code !== 0) reject(new Error(`search worker exited with code ${code}`));
          });
        });
      }),
    );
    const items = new Int32Array(nq * job.k);
    const scores = new Float32Array(nq * job.k);
    chunks.forEach(([s], i) => {
      items.set(parts[i]!.items, s * job.k);
      scores.set(parts[i]!.scores, s * job.k);
    });
    return { items, scores };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
