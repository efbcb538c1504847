/**
 * The benches' synthetic mMARCO-shaped training set, written once for `scale-plan.bench.mjs` (sampler)
 * and `trainer/bench/scale-train.bench.mjs`: N triples in N/100 queries (groups) of 100, 13 languages,
 * the query in its group's language, the positive in the same language (mono) for even triples and in
 * another (cross) for odd ones, 3 positives per group, hard negatives drawn (xorshift32) from 8.8 M
 * passages scaled by N/39 M (exactly 8.8 M at the default 39 M), numbered after every positive. Texts are
 * short ("query 12", "passage 345"). Deterministic: the same N gives the same rows.
 *
 * @example
 * const s = syntheticTriples(39_000_000);
 * s.columns(0, 100_000); // the first 100,000 rows as train_pairs columns
 */
export const LANGS = ['ar', 'de', 'en', 'es', 'fr', 'hi', 'id', 'it', 'ja', 'nl', 'pt', 'ru', 'vi'];
export const PER_GROUP = 100;

/** One step of xorshift32 from `seed` (a hash of the row number, not a stream). */
function xorshift(seed) {
  let x = seed >>> 0 || 1;
  x ^= x << 13;
  x >>>= 0;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
}

/** The generator of N triples: its sizes, the numbers behind each row, and rows as columns. */
export function syntheticTriples(n) {
  const groups = Math.ceil(n / PER_GROUP);
  const passages = Math.max(1, Math.round((8_800_000 * n) / 39_000_000));
  /** Query language of group g, and passage language of its triple j, as LANGS indices. */
  const qLangOf = (g) => g % LANGS.length;
  const pLangOf = (g, j) =>
    j % 2 === 0 ? qLangOf(g) : (qLangOf(g) + 1 + (j % (LANGS.length - 1))) % LANGS.length;
  /** Positive passage of triple j of group g: 3 per group. */
  const posText = (g, j) => g * 3 + (j % 3);
  /** Hard negative of triple i: one of `passages`, numbered after every positive. */
  const negText = (i) => 3 * groups + (xorshift(i + 1) % passages);
  /** Rows [from, to) as `train_pairs` columns. */
  const columns = (from, to) => {
    const m = to - from;
    const c = {
      pair_id: new Array(m),
      group_id: new Array(m),
      query_text: new Array(m),
      query_lang: new Array(m),
      pos_text: new Array(m),
      pos_lang: new Array(m),
      neg_text: new Array(m),
      dataset: new Array(m).fill('mmarco-synth'),
    };
    for (let k = 0; k < m; k++) {
      const i = from + k;
      const g = Math.floor(i / PER_GROUP);
      const j = i % PER_GROUP;
      c.pair_id[k] = `mmarco-synth-${i}`;
      c.group_id[k] = `q${g}`;
      c.query_text[k] = `query ${g}`;
      c.query_lang[k] = LANGS[qLangOf(g)];
      c.pos_text[k] = `passage ${posText(g, j)}`;
      c.pos_lang[k] = LANGS[pLangOf(g, j)];
      c.neg_text[k] = `passage ${negText(i)}`;
    }
    return c;
  };
  return { n, groups, passages, qLangOf, pLangOf, posText, negText, columns };
}
