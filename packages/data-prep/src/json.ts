import { DataError, findSyntaxError, lineColumn } from '@hbt/core';

export { findSyntaxError, lineColumn };

/**
 * JSON parsing whose errors say where: `parseJson` reports the line and column of a syntax error (Node's
 * own message does not always carry a position), and the field helpers name the JSON path of a missing
 * or mistyped field, e.g. `data[3].paragraphs[0].qas[2].question`.
 *
 * @example
 * const doc = parseJson(text, 'en.json');
 * const data = arrayField(doc, 'data', '', 'en.json');
 */
export function parseJson(text: string, file: string, what = 'JSON'): unknown {
  if (text.trim() === '') {
    throw new DataError('file is empty', { file, hint: `expected ${what}; re-fetch or re-create the file` });
  }
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON.parse's own message: it quotes the text around the error (file contents).
    const at = findSyntaxError(text);
    const { line, column } = lineColumn(text, at.offset);
    throw new DataError(`malformed JSON: ${at.message}`, {
      file,
      location: `line ${line}, column ${column}`,
      hint: 'the file is not valid JSON; it may be truncated or edited by hand — re-fetch or fix it',
    });
  }
}

/** A JSON path step: `a.b`, `a[3]`. */
export function pathJoin(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

type Kind = 'string' | 'number' | 'integer' | 'array' | 'object';

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function matches(v: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'array':
      return Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
  }
}

/**
 * A field of a JSON object, checked: throws a {@link DataError} naming the file and JSON path when the
 * parent is not an object, or the field is missing or of the wrong type.
 */
export function field(obj: unknown, key: string, kind: Kind, path: string, file: string): unknown {
  const at = pathJoin(path, key);
  if (!matches(obj, 'object')) {
    throw new DataError(`expected an object, got ${kindOf(obj)}`, { file, location: path || '(top level)' });
  }
  const v = (obj as Record<string, unknown>)[key];
  if (v === undefined) {
    throw new DataError(`missing field "${key}"`, {
      file,
      location: at,
      hint: `every entry at ${path || 'the top level'} needs a "${key}" ${kind}`,
    });
  }
  if (!matches(v, kind)) {
    throw new DataError(`field "${key}" should be ${article(kind)}, got ${kindOf(v)}`, {
      file,
      location: at,
    });
  }
  return v;
}

export const strField = (o: unknown, k: string, p: string, f: string) =>
  field(o, k, 'string', p, f) as string;
export const intField = (o: unknown, k: string, p: string, f: string) =>
  field(o, k, 'integer', p, f) as number;
export const arrField = (o: unknown, k: string, p: string, f: string) =>
  field(o, k, 'array', p, f) as unknown[];
export const objField = (o: unknown, k: string, p: string, f: string) =>
  field(o, k, 'object', p, f) as Record<string, unknown>;

function article(kind: Kind): string {
  return kind === 'array' || kind === 'object' || kind === 'integer' ? `an ${kind}` : `a ${kind}`;
}

/** Parse one line of a JSONL file; a syntax error names the file, line and column. */
export function parseJsonLine(text: string, file: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const at = findSyntaxError(text);
    throw new DataError(`malformed JSON: ${at.message}`, {
      file,
      location: `line ${line}, column ${at.offset + 1}`,
      hint: 'each line of a JSONL file must be one JSON object',
    });
  }
}
