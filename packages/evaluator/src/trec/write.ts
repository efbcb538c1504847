import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';
import type { ScoreDigits } from './score-text.js';

const gzipAsync = promisify(gzip);

/**
 * Writers for TREC run and qrels files, for cross-checking hbt's numbers with trec_eval or ir_measures.
 * `runLine` writes a score as the shortest decimal that reads back as the same double, `runLineEncoded`
 * as the text it is given (`scoreTexts` keeps a list's order in fewer digits), so the order trec_eval
 * rebuilds (score descending, ties by doc id descending) is the order hbt used. A path ending in `.gz` is
 * written gzip-compressed (one gzip member per 2 MiB of text, as `gzip`, `zcat`, Python's `gzip`, Node's
 * zlib and `hbt evaluate` read them: `zcat x.run.gz | trec_eval q.qrels -`), compressed on
 * libuv's thread pool while the caller formats the next lines; {@link drain} bounds what is in flight.
 *
 * @example
 * const w = await TrecWriter.open('out/en.run');
 * w.runLine('q1', 'd7', 1, 0.83, 'hbt');
 * await w.close();
 */
/** gzip level of `.gz` files: level 1 makes TREC text about 5× smaller at a fraction of the default level's time. */
export const DEFAULT_GZIP_LEVEL = 1;

/** Bytes of text per write (and per gzip member). */
const CHUNK_BYTES = 2 << 20;

/** First size of a writer's buffer, which grows to {@link CHUNK_BYTES} as lines come. */
const FIRST_BYTES = 64 << 10;

export class TrecWriter {
  private readonly tmp: string;
  private fd: number;
  /** Lines are encoded straight into this buffer (no string array to join: little garbage). */
  private chunk: Buffer | null = null;
  /**
   * Where the current chunk ends (a gzip member): {@link CHUNK_BYTES}, or a longer line alone. The
   * buffer itself starts small and grows to it, so that the many small files of an export do not each
   * allocate 2 MiB (garbage collection): the chunks, and so the bytes of a file, are the same.
   */
  private limit = 0;
  private pos = 0;
  private readonly gzip: boolean;
  private members = 0;
  /** Chunks being compressed, written in order. */
  private pending: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private failed: unknown = null;

  private constructor(
    private readonly path: string,
    private readonly level: number,
  ) {
    this.tmp = `${path}.tmp-${process.pid}`;
    this.fd = openSync(this.tmp, 'w');
    this.gzip = path.endsWith('.gz');
  }

  /**
   * Open `path` for writing (its folder is created); the file appears only on {@link close}. `level`:
   * the gzip level of a `.gz` path (default {@link DEFAULT_GZIP_LEVEL}).
   */
  static async open(path: string, opts: { level?: number } = {}): Promise<TrecWriter> {
    await mkdir(dirname(path), { recursive: true });
    return new TrecWriter(path, opts.level ?? DEFAULT_GZIP_LEVEL);
  }

  /** Add one run line: `qid Q0 docid rank score tag`. */
  runLine(qid: string, docId: string, rank: number, score: number, tag: string): void {
    this.push(`${qid} Q0 ${docId} ${rank} ${String(score)} ${tag}\n`);
  }

  /**
   * Add one run line from ids already encoded (UTF-8) and a score text (ASCII, e.g. from
   * `scoreTexts`): the fast path of large exports, with no string built per line.
   */
  runLineEncoded(qid: Uint8Array, docId: Uint8Array, rank: number, score: string, tag: Uint8Array): void {
    let p = this.lineStart(qid, docId, rank, score.length, tag);
    const c = this.chunk!;
    for (let k = 0; k < score.length; k++) c[p++] = score.charCodeAt(k);
    this.lineEnd(p, tag);
  }

  /** As {@link runLineEncoded}, the score being text `i` of `digits` (no string at all). */
  runLineDigits(
    qid: Uint8Array,
    docId: Uint8Array,
    rank: number,
    digits: ScoreDigits,
    i: number,
    tag: Uint8Array,
  ): void {
    // The exact length: where a chunk ends (a gzip member) depends on it, as with a score string.
    const p = this.lineStart(qid, docId, rank, digits.bytes(i), tag);
    this.lineEnd(digits.write(i, this.chunk!, p), tag);
  }

  /** `qid Q0 docid rank ` into the chunk (room made for a score of `scoreBytes`); the score's position. */
  private lineStart(
    qid: Uint8Array,
    docId: Uint8Array,
    rank: number,
    scoreBytes: number,
    tag: Uint8Array,
  ): number {
    this.reserve(qid.length + docId.length + tag.length + scoreBytes + 32);
    const c = this.chunk!;
    let p = this.pos;
    c.set(qid, p);
    p += qid.length;
    c[p++] = 32;
    c[p++] = 81; // Q
    c[p++] = 48; // 0
    c[p++] = 32;
    c.set(docId, p);
    p += docId.length;
    c[p++] = 32;
    // The rank's decimal digits.
    let len = 1;
    for (let x = rank; x >= 10; x = Math.floor(x / 10)) len++;
    let r = rank;
    for (let k = len - 1; k >= 0; k--) {
      c[p + k] = 48 + (r % 10);
      r = Math.floor(r / 10);
    }
    p += len;
    c[p++] = 32;
    return p;
  }

  /** ` tag\n` after the score, which ends at `p`. */
  private lineEnd(p: number, tag: Uint8Array): void {
    const c = this.chunk!;
    c[p++] = 32;
    c.set(tag, p);
    p += tag.length;
    c[p++] = 10;
    this.pos = p;
  }

  /** Add one qrels line: `qid 0 docid relevance`. */
  qrelLine(qid: string, docId: string, relevance: number): void {
    this.push(`${qid} 0 ${docId} ${relevance}\n`);
  }

  private push(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.reserve(3 * s.length);
    this.pos += this.chunk!.write(s, this.pos);
  }

  /** Room for `need` more bytes: the chunk ends first if they would take it past its limit. */
  private reserve(need: number): void {
    if (this.chunk === null) {
      this.limit = Math.max(CHUNK_BYTES, need);
      this.chunk = Buffer.allocUnsafe(Math.min(this.limit, Math.max(FIRST_BYTES, need)));
    }
    if (this.pos + need > this.limit) {
      this.flush();
      if (need > this.limit) this.limit = need;
    }
    if (this.pos + need > this.chunk.length) {
      const grown = Buffer.allocUnsafe(
        Math.min(this.limit, Math.max(2 * this.chunk.length, this.pos + need)),
      );
      grown.set(this.chunk.subarray(0, this.pos));
      this.chunk = grown;
    }
  }

  private flush(): void {
    if (this.chunk === null || this.pos === 0) return;
    if (this.gzip) {
      const bytes = Buffer.from(this.chunk.subarray(0, this.pos));
      const level = this.level;
      this.inFlight++;
      this.pending = this.pending
        .then(() => gzipAsync(bytes, { level }))
        .then((z) => {
          writeSync(this.fd, z);
        })
        .catch((e: unknown) => {
          this.failed ??= e;
        })
        .finally(() => {
          this.inFlight--;
        });
    } else writeSync(this.fd, this.chunk.subarray(0, this.pos));
    this.members++;
    this.pos = 0;
  }

  /** Wait while more than a few chunks are being compressed (bounds the memory in flight). */
  async drain(): Promise<void> {
    if (this.inFlight > 2) await this.pending;
  }

  /** Finish and move the file into place. */
  async close(): Promise<void> {
    try {
      this.flush();
      await this.pending;
      if (this.failed !== null) throw this.failed;
      // An empty .gz is still a gzip file (one empty member).
      if (this.gzip && this.members === 0) writeSync(this.fd, gzipSync(''));
      closeSync(this.fd);
    } catch (e) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      rmSync(this.tmp, { force: true });
      throw e;
    }
    renameSync(this.tmp, this.path);
  }

  /** Give up: remove the temp file (chunks still compressing are dropped). */
  async abort(): Promise<void> {
    await this.pending;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.tmp, { force: true });
  }
}
