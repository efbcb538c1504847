// Helpers shared by the trainer tests: fixture paths and tiny artifact tables.
import { join } from 'node:path';
import { Rng, writeArtifact } from '@hbt/core';

export const REPO = new URL('../../../../', import.meta.url).pathname;
export const FIXTURES = join(REPO, 'test-fixtures');

const WORDS = (
  'river mountain city harbour forest desert island valley castle bridge market school garden temple ' +
  'station museum library tower village lake canyon meadow palace church stadium airport'
).split(' ');
const LANGS = ['en', 'de', 'fr'];

/** Synthetic pairs whose query and passage share two content words, so the task is learnable. */
export function toyPairs(
  n: number,
  prefix = 'p',
  opts: { negatives?: boolean } = {},
): Record<string, unknown[]> {
  const cols: Record<string, unknown[]> = {
    pair_id: [],
    group_id: [],
    query_text: [],
    query_lang: [],
    pos_text: [],
    pos_lang: [],
    neg_text: [],
    dataset: [],
  };
  for (let i = 0; i < n; i++) {
    const a = WORDS[i % WORDS.length]!;
    const b = WORDS[(i * 7 + 3) % WORDS.length]!;
    const c = WORDS[(i * 11 + 5) % WORDS.length]!;
    cols.pair_id!.push(`${prefix}${i}`);
    cols.group_id!.push(`${prefix}g${Math.floor(i / 2)}`);
    cols.query_text!.push(`where is the ${a} near the ${b}`);
    cols.query_lang!.push(LANGS[i % 3]);
    cols.pos_text!.push(`the ${a} stands next to the ${b} and a ${c}`);
    cols.pos_lang!.push(LANGS[(i + 1) % 3]);
    cols.neg_text!.push(opts.negatives && i % 2 === 0 ? `the ${c} is far from every ${a}` : null);
    cols.dataset!.push('toy');
  }
  return cols;
}

/** A batch plan of `steps` batches of `size` distinct pairs drawn with `seed`. */
export function toyPlan(
  nPairs: number,
  steps: number,
  size: number,
  seed = 1,
  prefix = 'p',
): Record<string, unknown[]> {
  const rng = Rng.fromSeed(seed);
  const cols: Record<string, unknown[]> = {
    step: [],
    slot: [],
    pair_id: [],
    kind: [],
    query_lang: [],
    pos_lang: [],
  };
  for (let s = 0; s < steps; s++) {
    const pick = rng.shuffle([...Array(nPairs).keys()]).slice(0, size);
    pick.forEach((p, k) => {
      cols.step!.push(s);
      cols.slot!.push(k);
      cols.pair_id!.push(`${prefix}${p}`);
      cols.kind!.push('cross');
      cols.query_lang!.push(LANGS[p % 3]);
      cols.pos_lang!.push(LANGS[(p + 1) % 3]);
    });
  }
  return cols;
}

/**
 * Write an artifacts tree for one experiment: `<root>/artifacts/prep/{train,val}_pairs.parquet` and
 * `<root>/artifacts/variants/default/sample/batches.parquet`.
 */
export async function writeToyArtifacts(
  root: string,
  opts: { pairs?: number; valPairs?: number; steps?: number; batch?: number; negatives?: boolean } = {},
): Promise<void> {
  const n = opts.pairs ?? 48;
  const art = join(root, 'artifacts');
  await writeArtifact(join(art, 'prep', 'train_pairs.parquet'), 'train_pairs', toyPairs(n, 'p', opts));
  await writeArtifact(
    join(art, 'prep', 'val_pairs.parquet'),
    'val_pairs',
    toyPairs(opts.valPairs ?? 16, 'v', opts),
  );
  await writeArtifact(
    join(art, 'variants', 'default', 'sample', 'batches.parquet'),
    'batches',
    toyPlan(n, opts.steps ?? 20, opts.batch ?? 8),
  );
}

/** The backend the tests run on: $HBT_TEST_BACKEND (wasm or cpu), default wasm. */
export const TEST_BACKEND = (process.env.HBT_TEST_BACKEND ?? 'wasm') as 'wasm' | 'cpu';
