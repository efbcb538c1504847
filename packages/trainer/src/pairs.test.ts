// The compact pairs (typed arrays + exact interning) against the obvious reference: the columns as read
// whole, and a Set of prefixed texts for the texts the encoder sees.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROW_GROUP_ROWS, readTable, writeArtifact } from '@hbt/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encoderTexts } from './batch.js';
import { indexPairs, readPairs } from './pairs.js';
import { toyPairs } from './test-utils/fixtures.js';

describe('readPairs', () => {
  it('reads a file of two row groups equal to the columns read whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hbt-trainer-pairs-'));
    const file = join(dir, 'pairs.parquet');
    const n = ROW_GROUP_ROWS + 37; // strings repeat across the row-group boundary
    await writeArtifact(file, 'train_pairs', toyPairs(n, 'p', { negatives: true }));
    const pairs = await readPairs(file);
    const t = await readTable(file);
    const c = t.columns as Record<string, Array<string | null>>;
    expect(pairs.size).toBe(n);
    const groupOf = new Map<string, number>();
    let wrong = 0;
    for (let i = 0; i < n; i += i < 200 || i > ROW_GROUP_ROWS - 200 ? 1 : 101) {
      const g = c.group_id![i]!;
      if (!groupOf.has(g)) groupOf.set(g, pairs.group[i]!);
      const neg = c.neg_text![i];
      const ok =
        pairs.pairId(i) === c.pair_id![i] &&
        pairs.rowOf(c.pair_id![i]!) === i &&
        pairs.queryText(i) === c.query_text![i] &&
        pairs.posText(i) === c.pos_text![i] &&
        pairs.negText(i) === (neg === '' ? null : neg) &&
        pairs.queryLang(i) === c.query_lang![i] &&
        pairs.posLang(i) === c.pos_lang![i] &&
        pairs.isMono(i) === (c.query_lang![i] === c.pos_lang![i]) &&
        groupOf.get(g) === pairs.group[i];
      if (!ok) wrong++;
    }
    expect(wrong).toBe(0);
    expect(new Set(groupOf.values()).size).toBe(groupOf.size); // distinct group ids, distinct numbers
    expect(pairs.rowOf('nope')).toBe(-1);
  });

  it('names the file, row and field of a repeated pair_id, an empty text or a non-string', () => {
    const cols = toyPairs(4, 'p');
    (cols.pair_id as string[])[3] = 'p1';
    expect(() => indexPairs(cols, 'x.parquet')).toThrow(/pair_id "p1" appears twice \(rows 1 and 3\)/);
    const empty = toyPairs(4, 'p');
    (empty.pos_text as string[])[2] = '';
    expect(() => indexPairs(empty, 'x.parquet')).toThrow(
      /row 2, field pos_text \(pair_id p2\).*empty pos_text/,
    );
    const wrongType = toyPairs(4, 'p');
    (wrongType.query_lang as unknown[])[1] = 7;
    expect(() => indexPairs(wrongType, 'x.parquet')).toThrow(/row 1, field query_lang.*query_lang is 7/);
  });
});

describe('encoderTexts', () => {
  // Texts and prefixes from a tiny alphabet, so that a prefixed query often equals a prefixed passage.
  const text = fc.string({ unit: fc.constantFrom('a', 'b', ' '), minLength: 1, maxLength: 3 });
  const prefix = fc.constantFrom('', 'a', 'ab', 'b', 'a ');
  const rows = fc.array(fc.tuple(text, text, fc.option(text, { nil: null })), {
    minLength: 1,
    maxLength: 30,
  });

  it('equals a Set of every pair’s prefixed texts, in order of first appearance', () => {
    fc.assert(
      fc.property(rows, prefix, prefix, fc.boolean(), (rs, qp, pp, hard) => {
        const pairs = indexPairs({
          pair_id: rs.map((_, i) => `p${i}`),
          group_id: rs.map((_, i) => `g${i}`),
          query_text: rs.map((r) => r[0]),
          query_lang: rs.map(() => 'en'),
          pos_text: rs.map((r) => r[1]),
          pos_lang: rs.map(() => 'de'),
          neg_text: rs.map((r) => r[2]),
        });
        const want = new Set<string>();
        for (const [q, p, n] of rs) {
          want.add(qp + q);
          want.add(pp + p);
          if (hard && n !== null) want.add(pp + n);
        }
        const got = [...encoderTexts(pairs, { queryPrefix: qp, passagePrefix: pp, hardNegatives: hard })];
        expect(got).toEqual([...want]);
      }),
      { seed: 18, numRuns: 300 },
    );
  });
});
