import { type Mutated, mutationOf } from '@hbt/core/test-utils/mutate';
import fc from 'fast-check';

/**
 * Mutations of a model's JSON files (config.json, tokenizer.json, a safetensors header) for the fuzz
 * tests: `@hbt/core`'s fixture mutations (truncation, byte flips, invalid UTF-8, empty, garbage, a value
 * of another type, huge numbers) plus what model files add — a numeric value (a size, an id, an offset)
 * replaced by one that breaks allocation or indexing, a value replaced by 100,000 nested lists or a long
 * list, a key removed; one to three of these at once.
 *
 * @example
 * fc.assert(fc.asyncProperty(modelJsonMutation(configBytes), async ({ bytes }) => { … }), { seed: 13, numRuns: 150 });
 */

/** Numbers that break sizes, ids and offsets. */
export const SIZE_BREAKERS: readonly number[] = [
  1e9,
  2 ** 31,
  2 ** 32,
  2 ** 53 + 2,
  1e308,
  -1,
  -1e308,
  0.5,
  1e6 + 1,
];

const DEEP = '\u0000hbt-deep\u0000';
const DEEP_TEXT = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

type Path = Array<string | number>;
type Edit = { path: Path; value: unknown; what: string };

/** Paths to the values of a JSON document (root excluded; the first 1,000 items of a list). */
function paths(doc: unknown): { all: Path[]; numbers: Path[] } {
  const all: Path[] = [];
  const numbers: Path[] = [];
  const stack: Array<[unknown, Path]> = [[doc, []]];
  while (stack.length > 0 && all.length < 50_000) {
    const [v, p] = stack.pop()!;
    if (p.length > 0) all.push(p);
    if (typeof v === 'number') numbers.push(p);
    if (Array.isArray(v)) for (let i = 0; i < Math.min(v.length, 1000); i++) stack.push([v[i], [...p, i]]);
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) stack.push([x, [...p, k]]);
  }
  return { all, numbers };
}

/** The mutations model files add to `@hbt/core`'s, for a JSON fixture. */
export function modelOnlyMutation(fixture: Buffer): fc.Arbitrary<Mutated> {
  const doc = JSON.parse(fixture.toString('utf8')) as unknown;
  const { all, numbers } = paths(doc);
  const edits: Array<fc.Arbitrary<Edit>> = [
    fc.tuple(fc.nat(all.length - 1), fc.constantFrom('deep', 'long list', 'removed')).map(([i, op]) => ({
      path: all[i]!,
      value:
        op === 'deep' ? DEEP : op === 'long list' ? Array.from({ length: 100_000 }, (_, k) => k) : undefined,
      what:
        op === 'deep'
          ? ':= 100,000 nested lists'
          : op === 'long list'
            ? ':= a list of 100,000 numbers'
            : 'removed',
    })),
  ];
  if (numbers.length > 0) {
    edits.push(
      fc
        .tuple(fc.nat(numbers.length - 1), fc.constantFrom(...SIZE_BREAKERS))
        .map(([i, v]) => ({ path: numbers[i]!, value: v, what: `:= ${v}` })),
    );
  }
  return fc.array(fc.oneof(...edits), { minLength: 1, maxLength: 3 }).map((list) => {
    const out = structuredClone(doc);
    for (const { path, value } of list) {
      let parent: unknown = out;
      for (const k of path.slice(0, -1)) parent = isContainer(parent) ? parent[k as never] : undefined;
      if (!isContainer(parent)) continue; // an earlier edit replaced this part
      const key = path.at(-1)!;
      if (value === undefined && !Array.isArray(parent))
        delete (parent as Record<string, unknown>)[key as string];
      else (parent as Record<string | number, unknown>)[key] = value;
    }
    const text = JSON.stringify(out).split(JSON.stringify(DEEP)).join(DEEP_TEXT);
    const what = list.map((e) => `${e.path.join('.')} ${e.what}`).join('; ');
    return { what: what.slice(0, 300), bytes: Buffer.from(text) };
  });
}

function isContainer(v: unknown): v is Record<string | number, unknown> {
  return v !== null && typeof v === 'object';
}

/** A mutation of a JSON model file: `@hbt/core`'s or {@link modelOnlyMutation}'s, as often. */
export function modelJsonMutation(fixture: Buffer): fc.Arbitrary<Mutated> {
  return fc.oneof(mutationOf(fixture, 'json'), modelOnlyMutation(fixture));
}
