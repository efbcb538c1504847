import type { QueryJudgements } from '../measures/judge.js';
import { type IdIndex, IdStore } from './id-store.js';
import { hashLatin1 } from './scan.js';

/** Where a query's judged documents are: the `entries` of `store` (value = relevance). */
export interface JudgedLookup {
  readonly store: IdStore;
  readonly entries: readonly number[];
}

/**
 * One query's judgements as the TREC qrels reader builds them: its judged documents are `entries` of an
 * {@link IdStore} shared by all the queries of the qrels, from which the run reader indexes one query's
 * relevant documents while it reads that query's lines. It is a {@link QueryJudgements}: `relevance` (a
 * `Map` by latin1 id) is built only if asked for.
 *
 * @example
 * const store = new IdStore();
 * const j = new TrecJudgements(store);
 * const i = store.push(Buffer.from('d1'), 0, 2, hashBytes(Buffer.from('d1'), 0, 2));
 * store.values[i] = 2;
 * j.add(i, 2);
 * j.seal();
 * j.numRelevant; // 1
 * j.relevance.get('d1'); // 2
 */
export class TrecJudgements implements QueryJudgements, JudgedLookup {
  /** Indices of this query's entries in `store`. */
  readonly entries: number[] = [];
  /** The relevance levels > 0 added so far (until {@link seal}). */
  private gains: number[] = [];
  /** An index of `entries` of its own, made when the query's lines come back after other queries'. */
  ownIndex: IdIndex | null = null;
  numRelevant = 0;
  idealGains: Float64Array = new Float64Array(0);
  private map: Map<string, number> | null = null;

  constructor(readonly store: IdStore) {}

  /** Record entry `i` of `store` (with relevance `r`) as one of this query's judgements. */
  add(i: number, r: number): void {
    this.entries.push(i);
    if (r > 0) this.gains.push(r);
  }

  /** Compute `numRelevant` and `idealGains` once every judgement is in. */
  seal(): this {
    this.numRelevant = this.gains.length;
    this.idealGains = Float64Array.from(this.gains).sort().reverse();
    this.gains = [];
    this.ownIndex = null;
    return this;
  }

  get relevance(): Map<string, number> {
    if (this.map === null) {
      this.map = new Map();
      for (const i of this.entries) this.map.set(this.store.id(i), this.store.values[i]!);
    }
    return this.map;
  }
}

const built = new WeakMap<QueryJudgements, JudgedLookup>();

/** The judged documents of `j` in an {@link IdStore} (built once for judgements given as a `Map`). */
export function judgedLookup(j: QueryJudgements): JudgedLookup {
  if (j instanceof TrecJudgements) return j;
  let t = built.get(j);
  if (t === undefined) {
    const store = new IdStore(j.relevance.size);
    const entries: number[] = [];
    for (const [d, r] of j.relevance) {
      const b = Buffer.from(d, 'latin1');
      const i = store.push(b, 0, b.length, hashLatin1(d));
      store.values[i] = r;
      entries.push(i);
    }
    t = { store, entries };
    built.set(j, t);
  }
  return t;
}
