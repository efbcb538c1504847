import { DataError, ParquetRowRanges } from '@hbt/core';
import type { Pairs } from './pairs.js';

/** The steps of a batch plan as the training loop takes them: one batch (pair rows) per step. */
export interface PlanSteps {
  /** Steps in the plan (cut to `train.max_steps`). */
  readonly steps: number;
  /** The pair rows of step `s` (0 ≤ s < steps), in slot order. */
  batch(s: number): Promise<readonly number[]>;
}

/** Rows of the plan read at a time by {@link PlanReader.cursor}: one Parquet row group. */
export const PLAN_READ_ROWS = 100_000;

const COLUMNS = ['step', 'slot', 'pair_id'] as const;

/**
 * Reads `batches.parquet` by step ranges: {@link PlanReader.open} checks the whole file in one pass, row
 * group by row group (every `pair_id` is a training pair, steps run 0 … n−1 without a gap, rows are in
 * (step, slot) order as `hbt sample` writes them, every step has at least 2 pairs) and keeps only where
 * each step starts (8 bytes per step); {@link PlanReader.read} then reads the `pair_id`s of a step range
 * from the row groups that hold it. So memory follows the range read, not the plan: a plan of any
 * length can be trained on, and a resumed run reads from its checkpoint's step on.
 *
 * @example
 * const plan = await PlanReader.open('variants/default/sample/batches.parquet', pairs);
 * plan.steps; // 2000
 * await plan.read(1000, 1002); // [[pair rows of step 1000], [… of step 1001]]
 */
export class PlanReader {
  private constructor(
    readonly file: string,
    private readonly ranges: ParquetRowRanges,
    private readonly pairs: Pairs,
    /** `stepStart[s]` is the file row of step s's slot 0; `stepStart[steps]` the row count. */
    private readonly stepStart: Float64Array,
  ) {}

  /** Steps in the plan. */
  get steps(): number {
    return this.stepStart.length - 1;
  }

  /** Open and check the plan in `file` against `pairs`. Errors name the file and the row. */
  static async open(file: string, pairs: Pairs): Promise<PlanReader> {
    const ranges = await ParquetRowRanges.open(file);
    let starts = new Float64Array(1024);
    let step = -1;
    let slot = -1;
    const endStep = (s: number, row: number) => {
      const n = row - starts[s]!;
      if (n < 2) {
        throw new DataError(`step ${s} has ${n} pair: in-batch negatives need at least 2`, {
          file,
          hint: 'increase sampler.batch_size or the training data',
        });
      }
    };
    for (const g of ranges.rowGroups) {
      const c = await ranges.read(g.rowStart, g.rowStart + g.numRows, COLUMNS);
      const steps = c.step as number[];
      const slots = c.slot as number[];
      const ids = c.pair_id as string[];
      for (let i = 0; i < steps.length; i++) {
        const r = g.rowStart + i;
        const s = steps[i]!;
        const k = slots[i]!;
        if (pairs.rowOf(ids[i]!) < 0) {
          throw new DataError(`pair_id "${ids[i]}" is not in ${pairs.file}`, {
            file,
            location: `row ${r} (step ${s}, slot ${k})`,
            hint: 'the batch plan is older than the training pairs: re-run `hbt sample`',
          });
        }
        if (!Number.isInteger(s) || s < 0)
          throw new DataError(`bad step ${s}`, { file, location: `row ${r}` });
        if (s === step) {
          if (!(k > slot)) throw orderError(file, r, s, k, step, slot);
        } else {
          if (s < step) throw orderError(file, r, s, k, step, slot);
          if (s > step + 1) {
            throw new DataError(`step ${step + 1} has no rows (steps must run 0, 1, 2, … without a gap)`, {
              file,
              location: `row ${r} (step ${s})`,
              hint: 're-run `hbt sample`',
            });
          }
          if (step >= 0) endStep(step, r);
          step = s;
          if (step + 2 > starts.length) {
            const grown = new Float64Array(starts.length * 2);
            grown.set(starts);
            starts = grown;
          }
          starts[step] = r;
        }
        slot = k;
      }
    }
    if (step >= 0) endStep(step, ranges.numRows);
    starts[step + 1] = ranges.numRows;
    return new PlanReader(file, ranges, pairs, starts.slice(0, step + 2));
  }

  /** Slots (pairs) of steps `[from, to)`. */
  slots(from: number, to: number): number {
    return this.stepStart[Math.min(to, this.steps)]! - this.stepStart[Math.max(0, from)]!;
  }

  /** The pair rows of steps `[from, to)` (clipped to the plan), slots in order. */
  async read(from: number, to: number): Promise<number[][]> {
    const a = Math.max(0, from);
    const b = Math.min(to, this.steps);
    if (b <= a) return [];
    const r0 = this.stepStart[a]!;
    const ids = (await this.ranges.read(r0, this.stepStart[b]!, ['pair_id'])).pair_id as string[];
    const out: number[][] = [];
    for (let s = a; s < b; s++) {
      const batch: number[] = [];
      for (let r = this.stepStart[s]! - r0; r < this.stepStart[s + 1]! - r0; r++) {
        batch.push(this.pairs.rowOf(ids[r]!));
      }
      out.push(batch);
    }
    return out;
  }

  /**
   * The first `steps` steps (all when null) as {@link PlanSteps}, read a window of about
   * `windowRows` slots at a time as the loop asks for them: a loop that starts at step k (resumed)
   * reads from step k.
   */
  cursor(steps: number | null = null, windowRows = PLAN_READ_ROWS): PlanSteps {
    const total = steps === null ? this.steps : Math.min(steps, this.steps);
    let from = 0;
    let window: number[][] = [];
    return {
      steps: total,
      batch: async (s) => {
        if (s < 0 || s >= total) throw new RangeError(`step ${s} is outside the plan's ${total} steps`);
        if (s < from || s >= from + window.length) {
          let to = s + 1;
          while (to < total && this.slots(s, to + 1) <= windowRows) to++;
          window = await this.read(s, to);
          from = s;
        }
        return window[s - from]!;
      },
    };
  }
}

function orderError(file: string, r: number, s: number, k: number, ps: number, pk: number): DataError {
  return new DataError(
    `rows are not in (step, slot) order: step ${s} slot ${k} follows step ${ps} slot ${pk}`,
    { file, location: `row ${r}`, hint: 're-run `hbt sample` (it writes the rows in (step, slot) order)' },
  );
}
