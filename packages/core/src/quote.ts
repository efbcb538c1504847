/**
 * A value from an input file, for an error message: JSON-quoted (control characters and invalid text
 * escaped) and cut to `max` characters. Messages never print file contents beyond such a short, escaped
 * identifier (an id, a language code, a number); the file and its line, row or JSON path say where the
 * rest is.
 *
 * @example
 * quoteValue('q-17'); // '"q-17"'
 * quoteValue('x'.repeat(100)); // '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (100 characters)'
 */
export function quoteValue(value: string, max = 40): string {
  const chars = [...value];
  if (chars.length <= max) return JSON.stringify(value);
  return `${JSON.stringify(chars.slice(0, max).join('')).slice(0, -1)}…" (${chars.length} characters)`;
}
