/**
 * Where a JSON text that `JSON.parse` rejected goes wrong, as a line and column and a message that never
 * quotes the text: V8's own message quotes the text around the error (file contents), so hbt's messages
 * use these instead.
 *
 * @example
 * const at = findSyntaxError('{"a": 1,}'); // { offset: 8, message: 'expected a property name in quotes, got "}"' }
 * lineColumn('{"a": 1,}', at.offset); // { line: 1, column: 9 }
 */

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
