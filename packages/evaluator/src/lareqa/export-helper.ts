import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DatasetData } from './data.js';
import type { ExportOptions, ExportStats } from './export.js';
import type { PreparedCandidates, ScoreKernel } from './score-kernel.js';

/** What the helper thread is sent: one dataset's query groups to export. */
export interface HelperJob {
  type: 'job';
  d: DatasetData;
  /** The options that cross threads (no kernel, no progress). */
  opts: Omit<ExportOptions, 'kernel' | 'progress'>;
  /** Whether products come from this thread's kernel (else exact float64 scores there). */
  kernel: boolean;
}

/** Messages from the helper thread. */
export type HelperMessage =
  | { type: 'prepare'; id: number; vectors: Float32Array; n: number; dim: number }
  | { type: 'scores'; id: number; req: number; queries: Float32Array; rows: number }
  | { type: 'dispose'; id: number }
  | { type: 'tick'; n: number }
  | { type: 'take' }
  | { type: 'done'; byGroup: [number, string[]][]; stats: ExportStats }
  | { type: 'failed'; error: unknown };

/** Replies to the helper's score requests. */
export type HelperReply =
  | { type: 'take'; group: number | null }
  | { type: 'scores'; req: number; result: Float32Array }
  | { type: 'scores'; req: number; error: unknown };

const SCRIPT = new URL('./export-worker.js', import.meta.url);

/**
 * This process's flags less any `--conditions` (`-C`): the script is built output and imports the built
 * packages, not the TypeScript sources a `source` condition (as in the tests) would pick.
 */
function builtExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--conditions' || a === '-C') i++;
    else if (!a.startsWith('--conditions=') && !a.startsWith('-C=')) out.push(a);
  }
  return out;
}

/**
 * The TREC export's helper thread (`export-worker.ts`): it ranks and writes the query groups `take`
 * hands it, one at a time, asking this thread for the kernel's products (tfjs's native backend lives here). Jobs run one at a
 * time. Absent where the built script is not there (e.g. run from the TypeScript sources).
 *
 * @example
 * const helper = ExportHelper.start(opts);
 * const r = await helper?.run(d, take, kernel, bar); // r.byGroup: group → files
 * await helper?.stop();
 */
export class ExportHelper {
  private prepared = new Map<number, PreparedCandidates>();
  private job: {
    resolve: (r: { byGroup: Map<number, string[]>; stats: ExportStats }) => void;
    reject: (e: unknown) => void;
    kernel: ScoreKernel | null;
    take: () => Promise<number | null>;
    bar: { tick(n: number): void } | undefined;
  } | null = null;
  private dead: unknown = null;

  private constructor(
    private readonly worker: Worker,
    private readonly opts: HelperJob['opts'],
  ) {
    worker.on('message', (m: HelperMessage) => this.onMessage(m));
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(new Error(`TREC export helper thread exited (code ${code})`)));
  }

  /** A helper thread for exports with `opts`, or null when its script is not built. */
  static start(opts: ExportOptions): ExportHelper | null {
    if (!existsSync(fileURLToPath(SCRIPT))) return null;
    const { kernel: _k, progress: _p, ...rest } = opts;
    return new ExportHelper(new Worker(SCRIPT, { execArgv: builtExecArgv() }), rest);
  }

  /** Export the groups of `d` that `take` hands out there; resolves with their files per group and the counters. */
  run(
    d: DatasetData,
    take: () => Promise<number | null>,
    kernel: ScoreKernel | null,
    bar: { tick(n: number): void } | undefined,
  ): Promise<{ byGroup: Map<number, string[]>; stats: ExportStats }> {
    if (this.dead !== null) return Promise.reject(this.dead);
    if (this.job !== null) return Promise.reject(new Error('ExportHelper.run: one job at a time'));
    return new Promise((resolve, reject) => {
      this.job = { resolve, reject, kernel, take, bar };
      const job: HelperJob = { type: 'job', d, opts: this.opts, kernel: kernel !== null };
      this.worker.postMessage(job);
    });
  }

  /** End the thread (after the last job). */
  async stop(): Promise<void> {
    this.dead ??= new Error('ExportHelper stopped');
    this.disposeAll();
    await this.worker.terminate();
  }

  private onMessage(m: HelperMessage): void {
    const job = this.job;
    if (job === null) return;
    switch (m.type) {
      case 'prepare':
        this.prepared.set(m.id, job.kernel!.prepare(m.vectors, m.n, m.dim));
        return;
      case 'scores': {
        const p = this.prepared.get(m.id);
        const reply = (r: HelperReply, transfer: ArrayBuffer[] = []) => {
          try {
            this.worker.postMessage(r, transfer);
          } catch {
            this.worker.postMessage(r); // a buffer that cannot be moved is copied
          }
        };
        if (p === undefined) {
          reply({ type: 'scores', req: m.req, error: new Error(`no prepared candidates ${m.id}`) });
          return;
        }
        p.scores(m.queries, m.rows).then(
          (result) => reply({ type: 'scores', req: m.req, result }, [result.buffer as ArrayBuffer]),
          (error: unknown) => reply({ type: 'scores', req: m.req, error }),
        );
        return;
      }
      case 'dispose':
        this.prepared.get(m.id)?.dispose();
        this.prepared.delete(m.id);
        return;
      case 'tick':
        job.bar?.tick(m.n);
        return;
      case 'take':
        job.take().then(
          (group) => this.worker.postMessage({ type: 'take', group } satisfies HelperReply),
          (e: unknown) => this.fail(e),
        );
        return;
      case 'done':
        this.job = null;
        this.disposeAll();
        job.resolve({ byGroup: new Map(m.byGroup), stats: m.stats });
        return;
      case 'failed':
        this.job = null;
        this.disposeAll();
        job.reject(m.error);
        return;
    }
  }

  private fail(e: unknown): void {
    this.dead ??= e;
    const job = this.job;
    this.job = null;
    this.disposeAll();
    job?.reject(e);
  }

  private disposeAll(): void {
    for (const p of this.prepared.values()) p.dispose();
    this.prepared.clear();
  }
}
