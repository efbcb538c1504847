import { describe, expect, it } from 'vitest';
import { quoteValue } from './quote.js';

describe('quoteValue', () => {
  it('quotes short values and escapes control characters', () => {
    expect(quoteValue('q-17')).toBe('"q-17"');
    expect(quoteValue('a\u0000b\n')).toBe('"a\\u0000b\\n"');
  });

  it('cuts long values to max characters (code points, not UTF-16 units) and says how long they were', () => {
    expect(quoteValue('x'.repeat(100))).toBe(`"${'x'.repeat(40)}…" (100 characters)`);
    expect(quoteValue('😀'.repeat(5), 3)).toBe('"😀😀😀…" (5 characters)');
  });
});
