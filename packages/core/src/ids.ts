/**
 * Compare two ids in Unicode code-point order, which is UTF-8 byte order (what trec_eval, DuckDB and
 * Python's `sorted` use). JavaScript's `<` compares UTF-16 code units instead; the two agree for ids
 * made of BMP characters only and differ for astral ones (surrogates sort after every BMP code unit).
 *
 * @example
 * ['b', 'a', '😀', 'ｚ'].sort(compareIds); // ['a', 'b', 'ｚ', '😀']
 */
export function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
