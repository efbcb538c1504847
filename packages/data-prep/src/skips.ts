import { DataError, type Logger, type Utf8Location } from '@hbt/core';
import type { DataConfig } from './config.js';
import type { TextPolicy } from './text-io.js';

/** Where an example is: the dataset, the file and a row/line/JSON path inside it. */
export interface ExampleWhere {
  dataset: string;
  file: string;
  location: string;
}

export interface SkipRecord extends ExampleWhere {
  /** The kind of problem: skips are counted by it. */
  reason: string;
  /** Specifics of this example (offsets, counts), when any. */
  detail?: string;
}

/** How many skip records the manifest keeps, and how many per (dataset, reason) are logged one by one. */
const KEEP = 50;
const LOG_EACH = 10;

/** `data.on_invalid`: stop, replace invalid UTF-8 (other invalid examples still stop), or skip. */
export type OnInvalid = DataConfig['on_invalid'];

/** A line with invalid UTF-8 that was replaced or skipped. */
export interface InvalidUtf8Record extends Utf8Location {
  dataset: string;
  file: string;
}

/**
 * Invalid and skipped examples, never dropped silently. `invalid()` is for an example that breaks the
 * format (answer outside every sentence, empty text): with `data.on_invalid = "error"` (the default) or
 * `"replace"` it throws a {@link DataError} naming the file and location; with `"skip"` it is counted,
 * logged and left out. `skip()` is for an example that cannot be used but is not wrong (a judged passage
 * missing from a partial corpus): always counted, logged and left out.
 *
 * Every skip is counted per dataset and reason in `summary()` (it goes into the manifest stats); the first
 * {@link LOG_EACH} of each kind are logged with their location, the rest in one line by `logSummary()`.
 *
 * Invalid UTF-8 follows the same setting through `text(dataset)`, the policy the readers decode with:
 * an error naming the file, line and byte offset; or each line with invalid bytes replaced (U+FFFD) or
 * left out, counted per file in `utf8Summary()` (the manifest's `invalid_utf8`) and logged.
 */
export class Skips {
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly kept: SkipRecord[] = [];
  /** Lines with invalid UTF-8 per file (a file read twice, such as a BEIR corpus, counts once). */
  private readonly utf8Lines = new Map<string, Set<number>>();
  private readonly utf8Kept: InvalidUtf8Record[] = [];

  constructor(
    private readonly log: Logger,
    private readonly onInvalid: OnInvalid,
  ) {}

  invalid(where: ExampleWhere, reason: string, opts: { detail?: string; hint?: string } = {}): void {
    const { detail, hint } = opts;
    if (this.onInvalid !== 'skip') {
      throw new DataError(detail ? `${reason} (${detail})` : reason, {
        file: where.file,
        location: where.location,
        hint: `${hint ? `${hint}; ` : ''}to skip such examples (counted in the manifest) set data.on_invalid to "skip"`,
      });
    }
    this.skip(where, reason, detail);
  }

  /** How the readers of `dataset` decode text, recording each line with invalid UTF-8 here. */
  text(dataset: string): TextPolicy {
    return {
      onInvalid: this.onInvalid,
      invalidUtf8: (file, where) => {
        let seen = this.utf8Lines.get(file);
        if (!seen) {
          seen = new Set();
          this.utf8Lines.set(file, seen);
        }
        if (seen.has(where.line)) return;
        seen.add(where.line);
        const n = seen.size;
        if (this.utf8Kept.length < KEEP) this.utf8Kept.push({ dataset, file, ...where });
        if (n <= LOG_EACH) {
          const done = this.onInvalid === 'skip' ? 'left out' : 'replaced by U+FFFD';
          this.log.warn(`invalid UTF-8: ${file}: line ${where.line} (byte offset ${where.offset}): ${done}`);
        }
      },
    };
  }

  /** Lines with invalid UTF-8 that were replaced or left out: per file and the first ones, for the manifest. */
  utf8Summary(): {
    on_invalid: OnInvalid;
    lines: number;
    by_file: Record<string, number>;
    first: InvalidUtf8Record[];
  } {
    const byFile: Record<string, number> = {};
    let lines = 0;
    for (const [file, seen] of [...this.utf8Lines].sort(([a], [b]) => (a < b ? -1 : 1))) {
      byFile[file] = seen.size;
      lines += seen.size;
    }
    return { on_invalid: this.onInvalid, lines, by_file: byFile, first: this.utf8Kept };
  }

  skip(where: ExampleWhere, reason: string, detail?: string): void {
    let byReason = this.counts.get(where.dataset);
    if (!byReason) {
      byReason = new Map();
      this.counts.set(where.dataset, byReason);
    }
    const n = (byReason.get(reason) ?? 0) + 1;
    byReason.set(reason, n);
    if (this.kept.length < KEEP) this.kept.push(detail ? { ...where, reason, detail } : { ...where, reason });
    if (n <= LOG_EACH) {
      this.log.warn(`skipped: ${where.file}: ${where.location}: ${reason}${detail ? ` (${detail})` : ''}`);
    }
  }

  /** Total skipped examples. */
  get total(): number {
    let t = 0;
    for (const m of this.counts.values()) for (const n of m.values()) t += n;
    return t;
  }

  /** Count of one dataset's skips (all reasons). */
  countFor(dataset: string): number {
    let t = 0;
    for (const n of this.counts.get(dataset)?.values() ?? []) t += n;
    return t;
  }

  /** One line per (dataset, reason) with the total, for reasons logged only in part. */
  logSummary(): void {
    const done = this.onInvalid === 'skip' ? 'left out' : 'replaced';
    for (const [file, n] of Object.entries(this.utf8Summary().by_file)) {
      this.log.warn(`invalid UTF-8 on ${n} line(s) of ${file}: ${done}`);
    }
    for (const [ds, m] of [...this.counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const [reason, n] of [...m].sort(([a], [b]) => (a < b ? -1 : 1))) {
        this.log.warn(`skipped ${n} example(s) of ${ds}: ${reason}`);
      }
    }
  }

  /** Deterministic summary for the manifest: counts by dataset and reason, and the first records. */
  summary(): { total: number; by_dataset: Record<string, Record<string, number>>; first: SkipRecord[] } {
    const by: Record<string, Record<string, number>> = {};
    for (const [ds, m] of this.counts) by[ds] = Object.fromEntries(m);
    return { total: this.total, by_dataset: by, first: this.kept };
  }
}
