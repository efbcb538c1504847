import { DataError, type Logger } from '@hbt/core';

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

/**
 * Invalid and skipped examples, never dropped silently. `invalid()` is for an example that breaks the
 * format (answer outside every sentence, empty text): with `data.on_invalid = "error"` (the default) it
 * throws a {@link DataError} naming the file and location; with `"skip"` it is counted, logged and left
 * out. `skip()` is for an example that cannot be used but is not wrong (a judged passage missing from a
 * partial corpus): always counted, logged and left out.
 *
 * Every skip is counted per dataset and reason in `summary()` (it goes into the manifest stats); the first
 * {@link LOG_EACH} of each kind are logged with their location, the rest in one line by `logSummary()`.
 */
export class Skips {
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly kept: SkipRecord[] = [];

  constructor(
    private readonly log: Logger,
    private readonly onInvalid: 'error' | 'skip',
  ) {}

  invalid(where: ExampleWhere, reason: string, opts: { detail?: string; hint?: string } = {}): void {
    const { detail, hint } = opts;
    if (this.onInvalid === 'error') {
      throw new DataError(detail ? `${reason} (${detail})` : reason, {
        file: where.file,
        location: where.location,
        hint: `${hint ? `${hint}; ` : ''}to skip such examples (counted in the manifest) set data.on_invalid to "skip"`,
      });
    }
    this.skip(where, reason, detail);
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
