import { DataError } from '@hbt/core';

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

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNl = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: offset - lastNl };
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

/** Deeper nesting than this is reported as the error (the scan below recurses once per level). */
const MAX_DEPTH = 1000;

/**
 * Find the first syntax error in a text JSON.parse rejected: a small recursive-descent scan that only
 * runs on the failure path, so its speed does not matter. Characters are described by code point, never
 * quoted, except JSON's own punctuation.
 */
export function findSyntaxError(text: string): { offset: number; message: string } {
  let i = 0;
  let depth = 0;
  const n = text.length;
  const fail = (message: string): never => {
    throw { offset: Math.min(i, n), message };
  };
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const lit = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe(text[i])}`);
  };
  const str = () => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c === 92) {
        i++;
        const e = text[i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('bad \\u escape in string');
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail('bad escape in string');
      } else if (c < 32) fail('control character in string (unescaped newline?)');
      else i++;
    }
    fail('unterminated string (file truncated?)');
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail(`unexpected ${describe(text[i])}`);
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === undefined) fail('unexpected end of input (file truncated?)');
    if ((c === '{' || c === '[') && ++depth > MAX_DEPTH)
      fail(`nested more than ${MAX_DEPTH} levels deep (the error is at or after this point)`);
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        depth--;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in quotes, got ${describe(text[i])}`);
        str();
        ws();
        if (text[i] !== ':') fail(`expected ":" after a property name, got ${describe(text[i])}`);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          depth--;
          return;
        }
        fail(`expected "," or "}" in an object, got ${describe(text[i])}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        depth--;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          depth--;
          return;
        }
        fail(`expected "," or "]" in an array, got ${describe(text[i])}`);
      }
    }
    if (c === '"') str();
    else if (c === 't') lit('true');
    else if (c === 'f') lit('false');
    else if (c === 'n') lit('null');
    else num();
  };
  try {
    value();
    ws();
    if (i < n) fail(`unexpected ${describe(text[i])} after the end of the JSON value`);
  } catch (e) {
    if (typeof e === 'object' && e !== null && 'offset' in e) return e as { offset: number; message: string };
    throw e;
  }
  return { offset: n, message: 'unexpected end of input' };
}

function describe(c: string | undefined): string {
  if (c === undefined) return 'end of input (file truncated?)';
  if ('{}[]:,'.includes(c)) return `"${c}"`;
  if (c === '"') return 'a quote';
  const cp = c.codePointAt(0)!;
  return `character U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
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
