import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedStrings, StringInterner, TextHasher } from './interning.js';

// Against the obvious reference: a Map from string to first-appearance index.
function reference(xs: readonly string[]): number[] {
  const m = new Map<string, number>();
  return xs.map((x) => {
    if (!m.has(x)) m.set(x, m.size);
    return m.get(x)!;
  });
}

const strings = fc.array(
  fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 4 }),
    fc.constantFrom('a', 'é', '\uFEFFa', ''),
  ),
  { maxLength: 300 },
);

describe('interning', () => {
  it('StringInterner and TextHasher number strings by first appearance, as a Map does', () => {
    fc.assert(
      fc.property(strings, (xs) => {
        const exact = new StringInterner();
        const hashed = new TextHasher();
        const want = reference(xs);
        expect(xs.map((x) => exact.intern(x))).toEqual(want);
        expect(xs.map((x) => hashed.intern(x))).toEqual(want);
        expect(exact.size).toBe(new Set(xs).size);
        // lookup finds what was interned, adds nothing, and answers −1 for the rest
        expect(xs.map((x) => exact.lookup(x))).toEqual(want);
        expect(exact.lookup(`${xs.join('')}\u0000absent`)).toBe(-1);
        expect(exact.size).toBe(new Set(xs).size);
        expect(exact.freeze().toArray()).toEqual([...new Set(xs)]);
      }),
      { seed: 5, numRuns: 200 },
    );
  });

  it('keeps 300,000 ids through several rehashes; PackedStrings.pick and get round-trip', () => {
    const ids = new StringInterner();
    const hashed = new TextHasher();
    let wrong = 0;
    for (let i = 0; i < 300_000; i++) {
      if (ids.intern(`mmarco-${i}`) !== i) wrong++;
      if (hashed.intern(`passage text ${i}`) !== i) wrong++;
    }
    for (let i = 0; i < 300_000; i += 97) {
      if (ids.intern(`mmarco-${i}`) !== i) wrong++;
      if (hashed.intern(`passage text ${i}`) !== i) wrong++;
    }
    expect(wrong).toBe(0);
    expect([ids.size, hashed.size]).toEqual([300_000, 300_000]);
    const s = ids.freeze();
    expect(s.get(123_456)).toBe('mmarco-123456');
    const p = new PackedStrings();
    for (const x of ['zürich', '北京', '', '\uFEFFbom']) p.push(x);
    expect(p.pick([3, 0, 2, 1]).toArray()).toEqual(['\uFEFFbom', 'zürich', '', '北京']);
  });
});
