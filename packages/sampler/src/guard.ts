import type { PairTable } from './pairs.js';

/**
 * The duplicate guard of one batch: no two slots share a `group_id` (translations of one item would be
 * false negatives), and no passage text (positive or hard negative) appears twice. Membership is a
 * stamp per group and per text, so `begin()` is O(1) and each check is two or three array reads.
 *
 * @example
 * const guard = new BatchGuard(pairs);
 * guard.begin();
 * if (guard.accepts(p)) guard.take(p);
 */
export class BatchGuard {
  private readonly groupStamp: Int32Array;
  private readonly textStamp: Int32Array;
  private stamp = 0;

  constructor(private readonly pairs: PairTable) {
    this.groupStamp = new Int32Array(pairs.nGroups);
    this.textStamp = new Int32Array(pairs.nTexts);
  }

  /** Start an empty batch. */
  begin(): void {
    this.stamp++;
  }

  /** Whether pair `p` can join the current batch. */
  accepts(p: number): boolean {
    const s = this.stamp;
    const pr = this.pairs;
    if (this.groupStamp[pr.group[p]!] === s || this.textStamp[pr.pos[p]!] === s) return false;
    const ng = pr.neg[p]!;
    return ng < 0 || this.textStamp[ng] !== s;
  }

  /** Add pair `p` to the current batch (call only after {@link BatchGuard.accepts}). */
  take(p: number): void {
    const s = this.stamp;
    const pr = this.pairs;
    this.groupStamp[pr.group[p]!] = s;
    this.textStamp[pr.pos[p]!] = s;
    const ng = pr.neg[p]!;
    if (ng >= 0) this.textStamp[ng] = s;
  }
}
