import fc from 'fast-check';

/**
 * Seeded random mutations of a fixture file, for fuzz tests of readers: each reader must turn every one
 * of them into a clean result or a clear UsageError/DataError, never a crash, a hang or an unbounded
 * allocation. Drawn with fast-check, so a failure prints the seed and the shrunk case.
 *
 * Mutations: truncation, byte flips, invalid UTF-8 inserted, an empty or blank file, lines deleted,
 * duplicated or with their tabs turned into spaces, a line of binary garbage, a JSON value replaced by
 * one of another type or a huge/odd number (in a JSON document, or in one line of a JSONL file), digits
 * replaced by huge numbers — and two of these in a row.
 *
 * @example
 * fc.assert(fc.asyncProperty(mutationOf(fixture, 'lines'), async ({ bytes }) => { … }), { seed: 1, numRuns: 300 });
 */
export interface Mutated {
  /** What was done, for the failure message. */
  what: string;
  bytes: Buffer;
}

/** How the fixture is structured: one JSON document, JSON lines, or other text lines (TSV). */
export type FixtureKind = 'json' | 'jsonl' | 'text';

/** Values of the wrong type, or numbers no reader expects. */
export const ODD_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  -0.5,
  2 ** 53 + 1,
  1e308,
  -1e308,
  '',
  ' ',
  'x',
  '\u0000',
  '\uFFFD',
  'x'.repeat(5000),
  [],
  [[]],
  [1, 2],
  {},
  { a: 1 },
];

const INVALID_UTF8 = [
  [0xff],
  [0xc3],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xc0, 0xaf],
];

function lines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (let nl = b.indexOf(10); nl >= 0; nl = b.indexOf(10, from)) {
    out.push(b.subarray(from, nl));
    from = nl + 1;
  }
  if (from < b.length) out.push(b.subarray(from));
  return out;
}

const joinLines = (ls: Buffer[]) => Buffer.concat(ls.flatMap((l) => [l, Buffer.from('\n')]));

/** Every [container, key] of a parsed JSON value, in document order. */
function slots(v: unknown, out: Array<[Record<string | number, unknown>, string | number]> = []) {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([v as unknown as Record<number, unknown>, i]);
      slots(x, out);
    });
  } else if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      out.push([v as Record<string, unknown>, k]);
      slots((v as Record<string, unknown>)[k], out);
    }
  }
  return out;
}

/** Replace the `at`-th value of a JSON text by `value`; the text unchanged when it is not JSON. */
function replaceJsonValue(text: string, at: number, value: unknown): string | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  const s = slots(doc);
  if (s.length === 0) return JSON.stringify(value);
  const [obj, key] = s[at % s.length]!;
  obj[key] = value;
  return JSON.stringify(doc);
}

function oneMutation(fixture: Buffer, kind: FixtureKind): fc.Arbitrary<Mutated> {
  const n = fixture.length;
  const ls = lines(fixture);
  const base: Array<fc.Arbitrary<Mutated>> = [
    fc.nat(n).map((k) => ({ what: `truncated to ${k} bytes`, bytes: fixture.subarray(0, k) })),
    fc
      .array(fc.tuple(fc.nat(Math.max(n - 1, 0)), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 8,
      })
      .map((flips) => {
        const b = Buffer.from(fixture);
        for (const [i, v] of flips) if (i < b.length) b[i] = v;
        return { what: `bytes set: ${JSON.stringify(flips)}`, bytes: b };
      }),
    fc.tuple(fc.nat(n), fc.constantFrom(...INVALID_UTF8)).map(([i, seq]) => ({
      what: `invalid UTF-8 ${JSON.stringify(seq)} at ${i}`,
      bytes: Buffer.concat([fixture.subarray(0, i), Buffer.from(seq), fixture.subarray(i)]),
    })),
    fc.constantFrom(
      { what: 'empty', bytes: Buffer.alloc(0) },
      { what: 'blank', bytes: Buffer.from('\n \n\t\n') },
      { what: 'a NUL byte', bytes: Buffer.from([0]) },
    ),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((g) => ({
      what: `garbage ${Buffer.from(g).toString('hex')}`,
      bytes: Buffer.from(g),
    })),
    fc.stringMatching(/^\d{1,4}$/).map((d) => {
      const huge = ['9'.repeat(400), '1e400', '-1e400', '18446744073709551616', '0.0000001'][Number(d) % 5]!;
      return {
        what: `numbers replaced by ${huge.slice(0, 12)}`,
        bytes: Buffer.from(fixture.toString('latin1').replace(/\d+/g, huge), 'latin1'),
      };
    }),
  ];
  if (ls.length > 0) {
    base.push(
      fc
        .tuple(fc.nat(ls.length - 1), fc.constantFrom('delete', 'duplicate', 'tabs', 'garbage'))
        .map(([i, op]) => {
          const out = [...ls];
          if (op === 'delete') out.splice(i, 1);
          if (op === 'duplicate') out.splice(i, 0, ls[i]!);
          if (op === 'tabs') out[i] = Buffer.from(ls[i]!.toString('latin1').replace(/\t/g, ' '), 'latin1');
          if (op === 'garbage') out[i] = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x09, 0x7b, 0x22]);
          return { what: `line ${i + 1}: ${op}`, bytes: joinLines(out) };
        }),
    );
  }
  if (kind === 'json') {
    base.push(
      fc.tuple(fc.nat(10_000), fc.constantFrom(...ODD_VALUES)).map(([at, v]) => {
        const t = replaceJsonValue(fixture.toString('utf8'), at, v);
        return {
          what: `JSON value ${at} := ${JSON.stringify(v)?.slice(0, 20)}`,
          bytes: Buffer.from(t ?? ''),
        };
      }),
    );
  }
  if (kind === 'jsonl' && ls.length > 0) {
    base.push(
      fc.tuple(fc.nat(ls.length - 1), fc.nat(100), fc.constantFrom(...ODD_VALUES)).map(([i, at, v]) => {
        const out = [...ls];
        const t = replaceJsonValue(ls[i]!.toString('utf8'), at, v);
        if (t !== null) out[i] = Buffer.from(t);
        return {
          what: `line ${i + 1}: JSON value ${at} := ${JSON.stringify(v)?.slice(0, 20)}`,
          bytes: joinLines(out),
        };
      }),
    );
  }
  return fc.oneof(...base);
}

/** One or two mutations of `fixture` in a row. */
export function mutationOf(fixture: Buffer, kind: FixtureKind): fc.Arbitrary<Mutated> {
  return fc.oneof(
    { weight: 3, arbitrary: oneMutation(fixture, kind) },
    {
      weight: 1,
      arbitrary: oneMutation(fixture, kind).chain((m) =>
        oneMutation(m.bytes, kind).map((m2) => ({ what: `${m.what}; then ${m2.what}`, bytes: m2.bytes })),
      ),
    },
  );
}
