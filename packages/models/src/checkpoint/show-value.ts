/**
 * A JSON value from a model file, for an error message: its JSON text cut to 60 characters, so a message
 * never carries a large part of a file, and never throws (a value too deeply nested to print is named
 * by its type).
 *
 * @example
 * showValue([1, 2]); // '[1,2]'
 * showValue(undefined); // 'nothing'
 */
export function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(v) ?? typeof v;
  } catch {
    s = Array.isArray(v) ? 'a deeply nested list' : 'a deeply nested object';
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
