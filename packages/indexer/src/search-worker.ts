/**
 * Worker thread of the parallel exact search (see parallel.ts): start the main thread's tfjs backend,
 * search this worker's share of the queries with `searchBlocks`, post ticks and the result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type BackendPreference, initBackend } from '@hbt/models';
import type { WorkerMessage, WorkerTask } from './parallel.js';
import { searchBlocks } from './search.js';

const task = workerData as WorkerTask;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
try {
  await initBackend(task.backend as BackendPreference);
  const r = await searchBlocks(
    { dim: task.dim, vectors: task.queries },
    { dim: task.dim, vectors: task.candidates },
    { ...task.job, progress: { tick: (n = 1) => post({ type: 'tick', n }) } },
  );
  post({ type: 'done', items: r.items, scores: r.scores }, [
    r.items.buffer as ArrayBuffer,
    r.scores.buffer as ArrayBuffer,
  ]);
} catch (e) {
  post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
