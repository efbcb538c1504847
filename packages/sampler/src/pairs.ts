import { DataError, PackedStrings, ParquetRowRanges, StringInterner, TextHasher } from '@hbt/core';

/**
 * The training pairs the sampler plans over, held as integer columns: every string that the planner
 * compares (dataset, group, language, passage text) is interned once, so the guard checks are array
 * lookups. Datasets and languages are numbered in sorted name order; groups are numbered per dataset
 * (the same `group_id` in two datasets is two groups); passage texts (positives and hard negatives
 * together) share one numbering, so a negative equal to another slot's positive counts as a duplicate.
 *
 * Compact for tens of millions of pairs: six int32 columns, the pair ids and group ids packed as UTF-8
 * ({@link PackedStrings}), and no text at all — texts are numbered by a 64-bit hash (see `TextHasher`).
 * So a pair costs 24 bytes plus its pair id's bytes + 4, and a group its id's bytes + 4.
 *
 * @example
 * const pairs = indexPairs({ pair_id: ['p1'], group_id: ['g1'], query_lang: ['en'], pos_lang: ['de'],
 *   pos_text: ['Hallo.'], dataset: ['toy'] });
 * pairs.langs[pairs.qLang[0]!]; // 'en'
 */
export interface PairTable {
  /** Number of pairs (rows). */
  n: number;
  /** `pair_id` per pair (`pairId.get(i)`). */
  pairId: PackedStrings;
  /** Dataset index per pair, into {@link PairTable.datasets} (sorted names). */
  dataset: Int32Array;
  datasets: string[];
  /** Group index per pair (unique across datasets). */
  group: Int32Array;
  nGroups: number;
  /** The `group_id` of each group index (length nGroups). */
  groupIds: PackedStrings;
  /** Query and passage language index per pair, into {@link PairTable.langs} (sorted codes). */
  qLang: Int32Array;
  pLang: Int32Array;
  langs: string[];
  /** Positive passage text index per pair. */
  pos: Int32Array;
  /** Hard negative text index per pair, -1 when there is none (or it equals the positive). */
  neg: Int32Array;
  nTexts: number;
  /** Pairs whose hard negative equals their own positive (the negative is ignored by the guard). */
  negEqualsPos: number;
}

/** The columns of `train_pairs` the sampler reads (`query_text` is not needed). */
export interface PairColumns {
  pair_id: ArrayLike<unknown>;
  group_id: ArrayLike<unknown>;
  query_lang: ArrayLike<unknown>;
  pos_lang: ArrayLike<unknown>;
  pos_text: ArrayLike<unknown>;
  neg_text?: ArrayLike<unknown>;
  dataset: ArrayLike<unknown>;
}

export const PAIR_COLUMNS = [
  'pair_id',
  'group_id',
  'query_lang',
  'pos_lang',
  'pos_text',
  'neg_text',
  'dataset',
] as const;

/**
 * Read a `train_pairs` Parquet file and index it, a row group at a time (the file is never held whole,
 * and may be larger than the 2 GiB a whole read allows). Errors name the file, the row and the field.
 */
export async function readPairTable(path: string): Promise<PairTable> {
  const f = await ParquetRowRanges.open(path);
  const b = new PairTableBuilder(f.numRows, path);
  for (const g of f.rowGroups) {
    b.add((await f.read(g.rowStart, g.rowStart + g.numRows, PAIR_COLUMNS)) as unknown as PairColumns);
  }
  return b.finish();
}

/** Index pair columns (see {@link PairTable}). `source` names the input in error messages. */
export function indexPairs(cols: PairColumns, source = 'train_pairs'): PairTable {
  const b = new PairTableBuilder(cols.pair_id.length, source);
  b.add(cols);
  return b.finish();
}

/**
 * Builds a {@link PairTable} from chunks of rows (in file order): {@link PairTableBuilder.add} checks and
 * interns each chunk, {@link PairTableBuilder.finish} numbers datasets and languages in sorted order.
 *
 * @example
 * const b = new PairTableBuilder(totalRows, 'train_pairs.parquet');
 * for (const chunk of chunks) b.add(chunk);
 * const pairs = b.finish();
 */
export class PairTableBuilder {
  private rows = 0;
  private readonly dataset: Int32Array;
  private readonly group: Int32Array;
  private readonly qLang: Int32Array;
  private readonly pLang: Int32Array;
  private readonly pos: Int32Array;
  private readonly neg: Int32Array;
  private readonly ids = new StringInterner();
  private readonly groups = new StringInterner();
  private readonly texts = new TextHasher();
  /** Datasets and languages in order of first appearance (renumbered in sorted order by finish). */
  private readonly dsSeen = new Map<string, number>();
  private readonly langSeen = new Map<string, number>();
  private negEqualsPos = 0;

  constructor(
    private readonly n: number,
    private readonly source = 'train_pairs',
  ) {
    this.dataset = new Int32Array(n);
    this.group = new Int32Array(n);
    this.qLang = new Int32Array(n);
    this.pLang = new Int32Array(n);
    this.pos = new Int32Array(n);
    this.neg = new Int32Array(n);
  }

  /** Check and intern the next rows. */
  add(cols: PairColumns): void {
    const source = this.source;
    const m = cols.pair_id.length;
    const first = this.rows;
    for (const c of ['group_id', 'query_lang', 'pos_lang', 'pos_text', 'dataset'] as const) {
      if (cols[c].length !== m) {
        throw new DataError(`column "${c}" has ${cols[c].length} rows, expected ${m}`, { file: source });
      }
    }
    if (first + m > this.n) throw new Error(`PairTableBuilder: more than the ${this.n} rows announced`);
    const str = (name: keyof PairColumns, i: number): string => {
      const v = (cols[name] as ArrayLike<unknown>)[i];
      if (typeof v !== 'string' || v === '') {
        throw new DataError(
          `field "${name}" is ${v === '' ? 'empty' : String(v)}, expected a non-empty string`,
          {
            file: source,
            location: `row ${first + i}`,
            hint: 'every training pair needs pair_id, group_id, query_lang, pos_lang, pos_text and dataset',
          },
        );
      }
      return v;
    };
    const negCol = cols.neg_text;
    for (let i = 0; i < m; i++) {
      const row = first + i;
      const id = str('pair_id', i);
      const prev = this.ids.intern(id);
      if (prev !== row) {
        throw new DataError(`pair_id "${id}" appears twice (rows ${prev} and ${row})`, {
          file: source,
          location: `row ${row}, field pair_id`,
          hint: 'pair ids must be unique: the trainer looks pairs up by id',
        });
      }
      const ds = seen(this.dsSeen, str('dataset', i));
      this.dataset[row] = ds;
      this.group[row] = this.groups.intern(`${ds}\u0000${str('group_id', i)}`);
      this.qLang[row] = seen(this.langSeen, str('query_lang', i));
      this.pLang[row] = seen(this.langSeen, str('pos_lang', i));
      const pos = this.texts.intern(str('pos_text', i));
      this.pos[row] = pos;
      const nt = negCol === undefined ? null : negCol[i];
      if (nt === null || nt === undefined || nt === '') this.neg[row] = -1;
      else if (typeof nt !== 'string') {
        throw new DataError(`field "neg_text" is ${String(nt)}, expected a string or null`, {
          file: source,
          location: `row ${row}`,
        });
      } else {
        const t = this.texts.intern(nt);
        if (t === pos) {
          this.negEqualsPos++;
          this.neg[row] = -1;
        } else this.neg[row] = t;
      }
    }
    this.rows += m;
  }

  /** The table (every announced row must have been added). */
  finish(): PairTable {
    const n = this.rows;
    if (n === 0) {
      throw new DataError('the training pair table is empty', {
        file: this.source,
        hint: 'check the data.train datasets of the config and re-run `hbt prep`',
      });
    }
    if (n !== this.n) throw new Error(`PairTableBuilder: ${n} rows added, ${this.n} announced`);
    const datasets = renumberSorted(this.dsSeen, this.dataset);
    const langs = renumberSorted(this.langSeen, this.qLang, this.pLang);
    // group keys are "<first-seen dataset index>\0<group_id>": keep the group_id, after the first 0 byte
    const keys = this.groups.freeze();
    const groupIds = new PackedStrings();
    for (let g = 0; g < keys.length; g++) {
      const k = keys.bytesOf(g);
      groupIds.pushUtf8(k.subarray(k.indexOf(0) + 1));
    }
    return {
      n,
      pairId: this.ids.freeze(),
      dataset: this.dataset,
      datasets,
      group: this.group,
      nGroups: keys.length,
      groupIds: groupIds.trim(),
      qLang: this.qLang,
      pLang: this.pLang,
      langs,
      pos: this.pos,
      neg: this.neg,
      nTexts: this.texts.size,
      negEqualsPos: this.negEqualsPos,
    };
  }
}

function seen(m: Map<string, number>, k: string): number {
  let v = m.get(k);
  if (v === undefined) {
    v = m.size;
    m.set(k, v);
  }
  return v;
}

/** The names of `m` in sorted order; `cols` (first-seen indices) rewritten to sorted indices. */
function renumberSorted(m: Map<string, number>, ...cols: Int32Array[]): string[] {
  const names = [...m.keys()].sort();
  const to = new Int32Array(m.size);
  names.forEach((name, i) => {
    to[m.get(name)!] = i;
  });
  for (const c of cols) for (let i = 0; i < c.length; i++) c[i] = to[c[i]!]!;
  return names;
}
