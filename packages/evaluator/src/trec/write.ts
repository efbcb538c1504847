import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writers for TREC run and qrels files, for cross-checking hbt's numbers with trec_eval or ir_measures.
 * Scores are written with the shortest decimal that reads back as the same double, so the order trec_eval
 * rebuilds (score descending, ties by doc id descending) is the order hbt used.
 *
 * @example
 * const w = await TrecWriter.open('out/en.run');
 * w.runLine('q1', 'd7', 1, 0.83, 'hbt');
 * w.close();
 */
export class TrecWriter {
  private readonly tmp: string;
  private fd: number;
  private buf: string[] = [];
  private size = 0;

  private constructor(private readonly path: string) {
    this.tmp = `${path}.tmp-${process.pid}`;
    this.fd = openSync(this.tmp, 'w');
  }

  /** Open `path` for writing (its folder is created); the file appears only on {@link close}. */
  static async open(path: string): Promise<TrecWriter> {
    await mkdir(dirname(path), { recursive: true });
    return new TrecWriter(path);
  }

  /** Add one run line: `qid Q0 docid rank score tag`. */
  runLine(qid: string, docId: string, rank: number, score: number, tag: string): void {
    this.push(`${qid} Q0 ${docId} ${rank} ${String(score)} ${tag}\n`);
  }

  /** Add one qrels line: `qid 0 docid relevance`. */
  qrelLine(qid: string, docId: string, relevance: number): void {
    this.push(`${qid} 0 ${docId} ${relevance}\n`);
  }

  private push(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buf.length === 0) return;
    writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }

  /** Finish and move the file into place. */
  close(): void {
    try {
      this.flush();
      closeSync(this.fd);
    } catch (e) {
      rmSync(this.tmp, { force: true });
      throw e;
    }
    renameSync(this.tmp, this.path);
  }

  /** Give up: remove the temp file. */
  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.tmp, { force: true });
  }
}
