import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip, gunzipSync } from 'node:zlib';
import { DataError } from '@hbt/core';

/** A whole text file (UTF-8, gunzipped when it ends in `.gz`); read errors name the file. */
export async function readText(file: string): Promise<string> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    throw new DataError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      file,
    });
  }
  if (file.endsWith('.gz')) {
    try {
      buf = gunzipSync(buf);
    } catch (e) {
      throw new DataError(`not a readable gzip file (${(e as Error).message})`, {
        file,
        hint: 'the file may be truncated; re-fetch it',
      });
    }
  }
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * The lines of a text file (gunzipped when it ends in `.gz`), with 1-based line numbers; a final empty
 * line is not returned. Throws a {@link DataError} naming the file when it is empty.
 *
 * @example
 * for await (const { text, line } of readLines('queries.jsonl')) { … }
 */
export async function* readLines(file: string): AsyncGenerator<{ text: string; line: number }> {
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let any = false;
  try {
    for await (const text of rl) {
      line++;
      const t = line === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (t.trim() !== '') any = true;
      yield { text: t, line };
    }
  } catch (e) {
    throw new DataError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      file,
      location: `line ${line + 1}`,
      hint: file.endsWith('.gz') ? 'the gzip file may be truncated; re-fetch it' : undefined,
    });
  } finally {
    rl.close();
    raw.destroy();
  }
  if (!any) throw new DataError('file is empty', { file, hint: 're-fetch or re-create the file' });
}
