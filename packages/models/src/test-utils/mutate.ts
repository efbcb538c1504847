import type { Rng } from '@hbt/core';

/**
 * Seeded mutations of fixture files for the fuzz tests: damage at the byte level (truncation, flipped
 * bytes, inserted garbage, an empty file) and at the JSON level (a value replaced by one of the wrong
 * type, a huge or negative number, deep nesting, a long string; a key removed). Each returns what it did,
 * so a failing case can be reproduced from its seed.
 *
 * @example
 * const rng = Rng.fromSeed(13).derive('fuzz', i);
 * const { bytes, what } = mutateBytes(fixtureBytes, rng);
 */

/** Values that break typed readers: wrong types, huge, negative, fractional, deep, long. */
export function nastyValue(rng: Rng): { value: unknown; what: string } {
  const pool: Array<[string, () => unknown]> = [
    ['null', () => null],
    ['true', () => true],
    ['a string', () => 'x'],
    ['an empty string', () => ''],
    ['a long string', () => 'y'.repeat(100_000)],
    ['zero', () => 0],
    ['-1', () => -1],
    ['1.5', () => 1.5],
    ['1e308', () => 1e308],
    ['-1e308', () => -1e308],
    ['2^53 + 2', () => 2 ** 53 + 2],
    ['2^32', () => 2 ** 32],
    ['1e9', () => 1e9],
    ['an empty list', () => []],
    ['an empty object', () => ({})],
    ['a list of 100,000 numbers', () => Array.from({ length: 100_000 }, (_, i) => i)],
    ['100,000 nested lists', () => DEEP],
    ['a list of mixed values', () => [1, 'a', null, {}, [2]]],
  ];
  const [what, make] = rng.choice(pool);
  return { value: make(), what };
}

/** A number that breaks sizes and offsets: huge, negative, fractional, beyond 2^53. */
function hugeNumber(rng: Rng): { value: number; what: string } {
  const value = rng.choice([1e9, 2 ** 31, 2 ** 32, 2 ** 53 + 2, 1e308, -1, -1e308, 0.5, 1e6 + 1]);
  return { value, what: String(value) };
}

/** Stands for 100,000 nested lists until {@link jsonText} writes it (too deep to build as a value). */
const DEEP = '\u0000hbt-deep-nesting\u0000';

/** The JSON text of a mutated document ({@link nastyValue}'s deep nesting written out). */
export function jsonText(doc: unknown): string {
  const text = JSON.stringify(doc) ?? 'null';
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  return text.split(JSON.stringify(DEEP)).join(deep);
}

/** Paths to the values of a JSON document (root excluded; the first 1,000 items of a list). */
function paths(doc: unknown, limit = 50_000): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  const stack: Array<[unknown, Array<string | number>]> = [[doc, []]];
  while (stack.length > 0 && out.length < limit) {
    const [v, p] = stack.pop()!;
    if (p.length > 0) out.push(p);
    if (Array.isArray(v)) for (let i = 0; i < Math.min(v.length, 1000); i++) stack.push([v[i], [...p, i]]);
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) stack.push([x, [...p, k]]);
  }
  return out;
}

/**
 * One to three JSON-level mutations of a deep copy of `doc`: a value replaced by a {@link nastyValue}, a
 * key removed, or the whole document replaced.
 */
export function mutateJson(doc: unknown, rng: Rng): { doc: unknown; what: string } {
  let out = structuredClone(doc);
  const done: string[] = [];
  const n = 1 + rng.int(3);
  for (let k = 0; k < n; k++) {
    const all = paths(out);
    if (all.length === 0 || rng.bernoulli(0.03)) {
      const { value, what } = nastyValue(rng);
      out = value;
      done.push(`document → ${what}`);
      continue;
    }
    // Favour short paths (the keys readers look at first) and numbers (sizes, ids, offsets), but reach
    // every value too.
    const at = (p: Array<string | number>) =>
      p.reduce<unknown>((v, key) => (v as Record<string | number, unknown>)[key], out);
    const pick = rng.int(3);
    const some =
      pick === 0
        ? all.filter((p) => p.length <= 2)
        : pick === 1
          ? all.filter((p) => typeof at(p) === 'number')
          : all;
    const path = rng.choice(some.length > 0 ? some : all);
    const parent = at(path.slice(0, -1)) as Record<string | number, unknown> | unknown[];
    const key = path.at(-1)!;
    if (rng.bernoulli(0.2) && !Array.isArray(parent)) {
      delete (parent as Record<string, unknown>)[key as string];
      done.push(`${path.join('.')} removed`);
    } else {
      const { value, what } = pick === 1 && rng.bernoulli(0.7) ? hugeNumber(rng) : nastyValue(rng);
      (parent as Record<string | number, unknown>)[key] = value;
      done.push(`${path.join('.')} → ${what}`);
    }
  }
  return { doc: out, what: done.join('; ') };
}

/** A byte-level mutation: truncation, 1–16 flipped bytes, inserted random bytes, or an empty file. */
export function mutateBytes(
  bytes: Uint8Array,
  rng: Rng,
  focus = bytes.length,
): { bytes: Uint8Array; what: string } {
  const kind = rng.int(4);
  const at = (n: number) => rng.int(Math.max(1, Math.min(n, focus)));
  if (kind === 0) {
    const len = rng.bernoulli(0.5) ? at(bytes.length) : rng.int(bytes.length);
    return { bytes: new Uint8Array(bytes.subarray(0, len)), what: `truncated to ${len} bytes` };
  }
  if (kind === 1) {
    const out = new Uint8Array(bytes); // a copy (Buffer#slice would be a view)
    const flips = 1 + rng.int(16);
    for (let i = 0; i < flips; i++) {
      const pos = at(out.length);
      out[pos] = out[pos]! ^ (1 << rng.int(8));
    }
    return { bytes: out, what: `${flips} bit flips` };
  }
  if (kind === 2) {
    const pos = at(bytes.length);
    const junk = Uint8Array.from({ length: 1 + rng.int(64) }, () => rng.int(256));
    const out = new Uint8Array(bytes.length + junk.length);
    out.set(bytes.subarray(0, pos));
    out.set(junk, pos);
    out.set(bytes.subarray(pos), pos + junk.length);
    return { bytes: out, what: `${junk.length} random bytes inserted at ${pos}` };
  }
  return { bytes: new Uint8Array(0), what: 'empty' };
}
