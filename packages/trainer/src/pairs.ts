import { DataError, type PackedStrings, ParquetRowRanges, StringInterner } from '@hbt/core';

/** The `train_pairs` columns the trainer reads (ARTIFACT_SCHEMAS.train_pairs). */
export const PAIR_COLUMNS = [
  'pair_id',
  'group_id',
  'query_text',
  'query_lang',
  'pos_text',
  'pos_lang',
  'neg_text',
] as const;

/**
 * Training (or validation) pairs in file order, held compactly for tens of millions of rows: every
 * string is interned exactly ({@link StringInterner}: UTF-8 in one buffer, typed-array lookup; V8's
 * `Map` stops at 2^24 entries) and a pair is a row of int32 ids. Texts (queries, positives and hard
 * negatives share one numbering) are kept once each, as UTF-8, and decoded only when a batch asks for
 * them. A pair costs 24 bytes (six int32 ids) plus its pair id's bytes + 16 (offset, hash, lookup
 * slots); a distinct text its UTF-8 bytes + 16; a distinct group id its bytes + 4.
 *
 * @example
 * const pairs = await readPairs('artifacts/prep/train_pairs.parquet');
 * pairs.size; // 39_000_000
 * const r = pairs.rowOf('mmarco-17'); // its row, or −1
 * pairs.queryText(r); // 'what is …'
 */
export class Pairs {
  /** @internal use {@link readPairs}. */
  constructor(
    /** The file read (for error messages). */
    readonly file: string,
    private readonly ids: StringInterner,
    /** Per pair: its `group_id`'s number (equal numbers, equal group ids). */
    readonly group: Int32Array,
    /** Per pair: the text number ({@link text}) of its query, its positive, its hard negative (−1: none). */
    readonly query: Int32Array,
    readonly positive: Int32Array,
    readonly negative: Int32Array,
    /** Per pair: the language number ({@link lang}) of its query and of its positive. */
    readonly queryLangId: Int32Array,
    readonly posLangId: Int32Array,
    private readonly langs: PackedStrings,
    /** Every distinct text, numbered by first appearance (row order; query, positive, negative). */
    readonly texts: StringInterner,
  ) {}

  /** Pairs (rows). */
  get size(): number {
    return this.group.length;
  }

  /** The `pair_id` of row `i`. */
  pairId(i: number): string {
    return this.ids.strings.get(i);
  }

  /** The row of `pairId`, or −1 when no pair has it. */
  rowOf(pairId: string): number {
    return this.ids.lookup(pairId);
  }

  /** Text number `t`. */
  text(t: number): string {
    return this.texts.strings.get(t);
  }

  /** Language number `l` (a language code). */
  lang(l: number): string {
    return this.langs.get(l);
  }

  queryText(i: number): string {
    return this.text(this.query[i]!);
  }

  posText(i: number): string {
    return this.text(this.positive[i]!);
  }

  /** The hard negative of row `i`, or null (none, or empty). */
  negText(i: number): string | null {
    const t = this.negative[i]!;
    return t < 0 ? null : this.text(t);
  }

  queryLang(i: number): string {
    return this.lang(this.queryLangId[i]!);
  }

  posLang(i: number): string {
    return this.lang(this.posLangId[i]!);
  }

  /** True when row `i`'s query and positive share a language (a mono pair). */
  isMono(i: number): boolean {
    return this.queryLangId[i] === this.posLangId[i];
  }

  /** Bytes held by the typed arrays and packed strings. */
  get byteLength(): number {
    const cols = [this.group, this.query, this.positive, this.negative, this.queryLangId, this.posLangId];
    return (
      cols.reduce((n, c) => n + c.byteLength, 0) +
      this.ids.byteLength +
      this.texts.byteLength +
      this.langs.byteLength
    );
  }
}

/**
 * Read `train_pairs.parquet` / `val_pairs.parquet` (ARTIFACT_SCHEMAS.train_pairs) a row group at a time
 * into {@link Pairs} (no whole-file read, so no 2 GiB limit; memory follows the distinct strings, not
 * the file). A missing column, a field that is not a string, an empty query_text or pos_text, or a
 * repeated pair_id → {@link DataError} naming the file, the row and the field.
 *
 * @example
 * const pairs = await readPairs('artifacts/prep/val_pairs.parquet');
 */
export async function readPairs(file: string): Promise<Pairs> {
  const f = await ParquetRowRanges.open(file);
  const b = new PairsBuilder(f.numRows, file);
  for (const g of f.rowGroups) b.add(await f.read(g.rowStart, g.rowStart + g.numRows, PAIR_COLUMNS));
  return b.finish();
}

/**
 * {@link Pairs} from `train_pairs` columns held in memory (tests, small tables); `file` names them in
 * errors.
 *
 * @example
 * indexPairs({ pair_id: ['p1'], group_id: ['g1'], query_text: ['hi'], query_lang: ['en'],
 *   pos_text: ['hallo'], pos_lang: ['de'], neg_text: [null] }).posText(0); // 'hallo'
 */
export function indexPairs(cols: Record<string, ArrayLike<unknown>>, file = 'train_pairs'): Pairs {
  const b = new PairsBuilder(cols.pair_id?.length ?? 0, file);
  b.add(cols);
  return b.finish();
}

/** Builds {@link Pairs} from chunks of rows in file order (checks and interns each chunk). */
class PairsBuilder {
  private rows = 0;
  private readonly ids = new StringInterner();
  private readonly groups = new StringInterner();
  private readonly langs = new StringInterner();
  private readonly texts = new StringInterner();
  private readonly group: Int32Array;
  private readonly query: Int32Array;
  private readonly positive: Int32Array;
  private readonly negative: Int32Array;
  private readonly queryLang: Int32Array;
  private readonly posLang: Int32Array;

  constructor(
    private readonly n: number,
    private readonly file: string,
  ) {
    this.group = new Int32Array(n);
    this.query = new Int32Array(n);
    this.positive = new Int32Array(n);
    this.negative = new Int32Array(n);
    this.queryLang = new Int32Array(n);
    this.posLang = new Int32Array(n);
  }

  add(c: Record<string, ArrayLike<unknown>>): void {
    const file = this.file;
    for (const col of PAIR_COLUMNS) {
      if (c[col] === undefined) throw new DataError(`no column ${col}`, { file, hint: 're-run `hbt prep`' });
    }
    const m = c.pair_id!.length;
    if (this.rows + m > this.n) throw new Error(`PairsBuilder: more than the ${this.n} rows announced`);
    for (let i = 0; i < m; i++) {
      const row = this.rows + i;
      const str = (col: (typeof PAIR_COLUMNS)[number], nonEmpty: boolean): string => {
        const v = c[col]![i];
        if (typeof v !== 'string' || (nonEmpty && v === '')) {
          const id = c.pair_id![i];
          throw new DataError(v === '' ? `empty ${col}` : `${col} is ${String(v)}, expected a string`, {
            file,
            location: `row ${row}, field ${col}${typeof id === 'string' ? ` (pair_id ${id})` : ''}`,
            hint: 're-run `hbt prep`: every pair needs a pair_id, group_id, languages, query_text and pos_text',
          });
        }
        return v;
      };
      const id = str('pair_id', false);
      const prev = this.ids.intern(id);
      if (prev !== row) {
        throw new DataError(`pair_id "${id}" appears twice (rows ${prev} and ${row})`, {
          file,
          location: `row ${row}, field pair_id`,
          hint: 're-run `hbt prep`: pair ids must be unique',
        });
      }
      this.group[row] = this.groups.intern(str('group_id', false));
      this.queryLang[row] = this.langs.intern(str('query_lang', false));
      this.posLang[row] = this.langs.intern(str('pos_lang', false));
      this.query[row] = this.texts.intern(str('query_text', true));
      this.positive[row] = this.texts.intern(str('pos_text', true));
      const neg = c.neg_text![i];
      if (neg === null || neg === undefined || neg === '') this.negative[row] = -1;
      else if (typeof neg !== 'string') {
        throw new DataError(`neg_text is ${String(neg)}, expected a string or null`, {
          file,
          location: `row ${row}, field neg_text (pair_id ${id})`,
        });
      } else this.negative[row] = this.texts.intern(neg);
    }
    this.rows += m;
  }

  finish(): Pairs {
    if (this.rows !== this.n) throw new Error(`PairsBuilder: ${this.rows} rows added, ${this.n} announced`);
    return new Pairs(
      this.file,
      this.ids,
      this.group,
      this.query,
      this.positive,
      this.negative,
      this.queryLang,
      this.posLang,
      this.langs.freeze(),
      this.texts,
    );
  }
}
