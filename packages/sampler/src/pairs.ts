import { DataError, readTable } from '@hbt/core';

/**
 * The training pairs the sampler plans over, held as integer columns: every string that the planner
 * compares (dataset, group, language, passage text) is interned once, so the guard checks are array
 * lookups. Datasets and languages are numbered in sorted name order; groups are numbered per dataset
 * (the same `group_id` in two datasets is two groups); passage texts (positives and hard negatives
 * together) share one numbering, so a negative equal to another slot's positive counts as a duplicate.
 *
 * @example
 * const pairs = indexPairs({ pair_id: ['p1'], group_id: ['g1'], query_lang: ['en'], pos_lang: ['de'],
 *   pos_text: ['Hallo.'], dataset: ['toy'] });
 * pairs.langs[pairs.qLang[0]!]; // 'en'
 */
export interface PairTable {
  /** Number of pairs (rows). */
  n: number;
  pairId: string[];
  /** Dataset index per pair, into {@link PairTable.datasets} (sorted names). */
  dataset: Int32Array;
  datasets: string[];
  /** Group index per pair (unique across datasets). */
  group: Int32Array;
  nGroups: number;
  /** The `group_id` of each group index (length nGroups). */
  groupIds: string[];
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

/** Read a `train_pairs` Parquet file and index it. Errors name the file, the row and the field. */
export async function readPairTable(path: string): Promise<PairTable> {
  const t = await readTable(path, { columns: [...PAIR_COLUMNS] });
  return indexPairs(t.columns as unknown as PairColumns, path);
}

/** Index pair columns (see {@link PairTable}). `source` names the input in error messages. */
export function indexPairs(cols: PairColumns, source = 'train_pairs'): PairTable {
  const n = cols.pair_id.length;
  if (n === 0) {
    throw new DataError('the training pair table is empty', {
      file: source,
      hint: 'check the data.train datasets of the config and re-run `hbt prep`',
    });
  }
  const str = (name: keyof PairColumns, i: number): string => {
    const v = (cols[name] as ArrayLike<unknown>)[i];
    if (typeof v !== 'string' || v === '') {
      throw new DataError(
        `field "${name}" is ${v === '' ? 'empty' : String(v)}, expected a non-empty string`,
        {
          file: source,
          location: `row ${i}`,
          hint: 'every training pair needs pair_id, group_id, query_lang, pos_lang, pos_text and dataset',
        },
      );
    }
    return v;
  };
  for (const c of ['group_id', 'query_lang', 'pos_lang', 'pos_text', 'dataset'] as const) {
    if (cols[c].length !== n) {
      throw new DataError(`column "${c}" has ${cols[c].length} rows, expected ${n}`, { file: source });
    }
  }

  const datasets = sortedDistinct(n, (i) => str('dataset', i));
  const langs = sortedDistinct(
    n,
    (i) => str('query_lang', i),
    (i) => str('pos_lang', i),
  );
  const dsIndex = new Map(datasets.map((d, i) => [d, i]));
  const langIndex = new Map(langs.map((l, i) => [l, i]));

  const pairId = new Array<string>(n);
  const seen = new Map<string, number>();
  const dataset = new Int32Array(n);
  const group = new Int32Array(n);
  const qLang = new Int32Array(n);
  const pLang = new Int32Array(n);
  const pos = new Int32Array(n);
  const neg = new Int32Array(n);
  const groupIds = new Map<string, number>();
  const groupNames: string[] = [];
  const texts = new Map<string, number>();
  const intern = (m: Map<string, number>, k: string): number => {
    let v = m.get(k);
    if (v === undefined) {
      v = m.size;
      m.set(k, v);
    }
    return v;
  };
  let negEqualsPos = 0;
  const negCol = cols.neg_text;
  for (let i = 0; i < n; i++) {
    const id = str('pair_id', i);
    const prev = seen.get(id);
    if (prev !== undefined) {
      throw new DataError(`pair_id "${id}" appears twice (rows ${prev} and ${i})`, {
        file: source,
        location: `row ${i}, field pair_id`,
        hint: 'pair ids must be unique: the trainer looks pairs up by id',
      });
    }
    seen.set(id, i);
    pairId[i] = id;
    const ds = dsIndex.get(str('dataset', i))!;
    dataset[i] = ds;
    const gid = str('group_id', i);
    const g = intern(groupIds, `${ds}\u0000${gid}`);
    if (g === groupNames.length) groupNames.push(gid);
    group[i] = g;
    qLang[i] = langIndex.get(str('query_lang', i))!;
    pLang[i] = langIndex.get(str('pos_lang', i))!;
    pos[i] = intern(texts, str('pos_text', i));
    const nt = negCol === undefined ? null : negCol[i];
    if (nt === null || nt === undefined || nt === '') neg[i] = -1;
    else if (typeof nt !== 'string') {
      throw new DataError(`field "neg_text" is ${String(nt)}, expected a string or null`, {
        file: source,
        location: `row ${i}`,
      });
    } else {
      const t = intern(texts, nt);
      if (t === pos[i]) {
        negEqualsPos++;
        neg[i] = -1;
      } else neg[i] = t;
    }
  }
  return {
    n,
    pairId,
    dataset,
    datasets,
    group,
    nGroups: groupIds.size,
    groupIds: groupNames,
    qLang,
    pLang,
    langs,
    pos,
    neg,
    nTexts: texts.size,
    negEqualsPos,
  };
}

function sortedDistinct(n: number, ...keys: Array<(i: number) => string>): string[] {
  const s = new Set<string>();
  for (const key of keys) for (let i = 0; i < n; i++) s.add(key(i));
  return [...s].sort();
}
