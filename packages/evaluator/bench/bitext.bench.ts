/**
 * Time of the bitext task on a synthetic NTREX-like dataset (not a test; figures depend on the machine):
 * L languages × S aligned sentences, random unit vectors of dimension D (each translation = its group's
 * vector + noise), pairs with the pivot in both directions, ratio margin k = 4, the multi-way pool queried
 * by 100 groups per language.
 *
 *   npx tsx packages/evaluator/bench/bitext.bench.ts [L=10] [S=1997] [D=384]
 */
import { evaluateBitext } from '../src/bitext/evaluate.js';
import type { DatasetData, QueryGroup } from '../src/lareqa/data.js';
import { parseMeasures } from '../src/measures/registry.js';

const [L, S, D] = [
  Number(process.argv[2] ?? 10),
  Number(process.argv[3] ?? 1997),
  Number(process.argv[4] ?? 384),
];
let seed = 12345;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return ((seed >>> 0) / 2 ** 32) * 2 - 1;
};
const base = Float32Array.from({ length: S * D }, rand);
const langs = Array.from({ length: L }, (_, i) =>
  i === 0 ? 'eng' : `l${String(i).padStart(2, '0')}`,
).sort();
const unit = (v: Float32Array) => {
  let n = 0;
  for (const x of v) n += x * x;
  const s = 1 / Math.sqrt(n);
  return v.map((x) => x * s);
};
const vec = () => {
  const out = new Float32Array(L * S * D);
  for (let l = 0; l < L; l++)
    for (let s = 0; s < S; s++) {
      const v = unit(Float32Array.from({ length: D }, (_, k) => base[s * D + k]! + 1.5 * rand()));
      out.set(v, (l * S + s) * D);
    }
  return out;
};
const docVectors = vec();
const qVectors = vec();
const docIds = langs.flatMap((l) =>
  Array.from({ length: S }, (_, s) => `nt/${l}/${String(s).padStart(4, '0')}`),
);
const docGroups = langs.flatMap(() => Array.from({ length: S }, (_, s) => `nt/${s}`));
const order = docIds.map((_, i) => i).sort((a, b) => (docIds[a]! < docIds[b]! ? -1 : 1));
const docKey = new Int32Array(docIds.length);
order.forEach((k, pos) => {
  docKey[k] = pos;
});
const queryGroups: QueryGroup[] = langs.map((lang, l) => ({
  lang,
  ids: docIds.slice(l * S, (l + 1) * S),
  vectors: qVectors.subarray(l * S * D, (l + 1) * S * D),
  relevant: Array.from({ length: S }, (_, s) =>
    Int32Array.from(langs.flatMap((_, m) => (m === l ? [] : [m * S + s]))),
  ),
  gains: Array.from({ length: S }, () => new Float64Array(L - 1).fill(1)),
  groups: docGroups.slice(l * S, (l + 1) * S),
}));
const d: DatasetData = {
  name: 'nt',
  dim: D,
  docLangs: langs,
  segStart: Int32Array.from({ length: L + 1 }, (_, i) => i * S),
  docIds,
  docVectors,
  docKey,
  queryGroups,
  docGroups,
};
const t0 = performance.now();
const r = evaluateBitext(d, {
  settings: ['cross', 'multi'],
  measures: parseMeasures('P@1,AP'),
  perQueryMeasures: new Set(['AP']),
  pivot: 'eng',
  pairs: [],
  poolQueries: 100,
  marginK: 4,
});
const t1 = performance.now();
console.log(
  `${L} languages × ${S} sentences, dim ${D}: ${r.directions.length} directions (+ margin), pool of ${r.poolSize} queried by ${r.poolQueries}: ${((t1 - t0) / 1000).toFixed(1)} s`,
);
