/**
 * The TREC export's helper thread (started by `export-helper.ts`): exports the query groups the parent
 * thread hands it with `exportDataset`, its kernel a proxy whose products the parent thread computes.
 */
import { parentPort } from 'node:worker_threads';
import { type ExportStats, exportDataset } from './export.js';
import type { HelperJob, HelperMessage, HelperReply } from './export-helper.js';
import type { PreparedCandidates, ScoreKernel } from './score-kernel.js';

const port = parentPort!;
const post = (m: HelperMessage) => port.postMessage(m);
const waiting = new Map<number, { resolve: (a: Float32Array) => void; reject: (e: unknown) => void }>();
let nextId = 0;
let nextReq = 0;
let taking: ((group: number | null) => void) | null = null;

/** The next query group from the parent thread (null: none left). */
function take(): Promise<number | null> {
  return new Promise((resolve) => {
    taking = resolve;
    post({ type: 'take' });
  });
}

/** Products computed by the parent thread's kernel. */
const proxy: ScoreKernel = {
  name: 'parent thread',
  prepare(vectors: Float32Array, n: number, dim: number): PreparedCandidates {
    const id = nextId++;
    post({ type: 'prepare', id, vectors, n, dim });
    let disposed = false;
    return {
      scores(queries: Float32Array, rows: number): Promise<Float32Array> {
        const req = nextReq++;
        return new Promise((resolve, reject) => {
          waiting.set(req, { resolve, reject });
          post({ type: 'scores', id, req, queries, rows });
        });
      },
      dispose() {
        if (disposed) return;
        disposed = true;
        post({ type: 'dispose', id });
      },
    };
  },
};

port.on('message', (m: HelperJob | HelperReply) => {
  if (m.type === 'take') {
    const t = taking;
    taking = null;
    t?.(m.group);
    return;
  }
  if (m.type === 'scores') {
    const w = waiting.get(m.req);
    waiting.delete(m.req);
    if ('error' in m) w?.reject(m.error);
    else w?.resolve(m.result);
    return;
  }
  void runJob(m);
});

async function runJob(job: HelperJob): Promise<void> {
  const stats: ExportStats = { truncated: 0, lines: 0, rescored: 0 };
  try {
    const byGroup = await exportDataset(
      job.d,
      job.opts,
      job.kernel ? proxy : null,
      stats,
      { tick: (n) => post({ type: 'tick', n }) },
      take,
    );
    post({ type: 'done', byGroup: [...byGroup], stats });
  } catch (error) {
    post({ type: 'failed', error });
  }
}
