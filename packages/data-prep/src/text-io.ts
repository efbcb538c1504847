import { gunzipSync } from 'node:zlib';
import {
  DataError,
  decodeUtf8Strict,
  formatBytes,
  type OnInvalidUtf8,
  readBoundedFile,
  readTextLines,
  type Utf8Location,
} from '@hbt/core';
import { DATA_FILE } from './files.js';

/**
 * How prep reads text: only regular files, bounded, strictly UTF-8. A whole document (JSON) may be at
 * most {@link MAX_DOCUMENT_BYTES} (after gunzip); line files (TSV, JSONL) are streamed, each line at most
 * {@link MAX_LINE_BYTES}. Invalid UTF-8 follows `data.on_invalid` ({@link TextPolicy}).
 */

/** The largest JSON document prep reads whole (V8 strings stop near 512 Mi characters). */
export const MAX_DOCUMENT_BYTES = 256 * 2 ** 20;
/** The longest line of a TSV or JSONL file prep reads. */
export const MAX_LINE_BYTES = 64 * 2 ** 20;

/** What to do with invalid UTF-8 (`data.on_invalid`), and where to record each replaced or skipped case. */
export interface TextPolicy {
  onInvalid: OnInvalidUtf8;
  /** Called for each line of `file` with invalid UTF-8 that was replaced or left out. */
  invalidUtf8(file: string, where: Utf8Location): void;
}

/** Strict UTF-8 and nothing recorded: for callers without a config. */
export const STRICT_UTF8: TextPolicy = { onInvalid: 'error', invalidUtf8() {} };

const HINT =
  'the file is not UTF-8 (another encoding, or damaged): convert it to UTF-8, or set data.on_invalid ' +
  '(--on-invalid) to "replace" (U+FFFD, counted in the manifest) or "skip"';

/**
 * A whole text file (gunzipped when it ends in `.gz`), decoded under `policy`. With `"skip"`, invalid
 * bytes are left out of the text (a document has no lines to leave out); each line they were on is
 * recorded, as with `"replace"`.
 */
export async function readText(file: string, policy: TextPolicy): Promise<string> {
  let buf = await readBoundedFile(file, { maxBytes: MAX_DOCUMENT_BYTES, what: DATA_FILE });
  if (file.endsWith('.gz')) {
    try {
      buf = gunzipSync(buf, { maxOutputLength: MAX_DOCUMENT_BYTES });
    } catch (e) {
      const tooBig = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      throw new DataError(
        tooBig
          ? `gunzipped, the ${DATA_FILE} is more than the ${formatBytes(MAX_DOCUMENT_BYTES)} hbt reads`
          : `not a readable gzip file (${(e as NodeJS.ErrnoException).code ?? 'damaged'})`,
        {
          file,
          hint: tooBig ? 'check that this is the right file' : 'the file may be truncated; re-fetch it',
        },
      );
    }
  }
  return decodeUtf8Strict(buf, {
    file,
    onInvalid: policy.onInvalid,
    hint: HINT,
    onInvalidLine: (where) => policy.invalidUtf8(file, where),
  }).text;
}

/**
 * The lines of a text file (gunzipped when it ends in `.gz`), streamed, with 1-based line numbers; a
 * final empty line is not returned. Invalid UTF-8 follows `policy` (`"skip"` leaves the line out).
 * Throws a {@link DataError} naming the file when it is empty.
 *
 * @example
 * for await (const { text, line } of readLines('queries.jsonl', skips.text('beir'))) { … }
 */
export async function* readLines(
  file: string,
  policy: TextPolicy,
): AsyncGenerator<{ text: string; line: number }> {
  let any = false;
  for await (const l of readTextLines(file, {
    maxLineBytes: MAX_LINE_BYTES,
    what: DATA_FILE,
    gunzip: file.endsWith('.gz'),
    onInvalid: policy.onInvalid,
    onInvalidLine: (where) => {
      any = true; // a line left out for invalid UTF-8 is counted, not "empty"
      policy.invalidUtf8(file, where);
    },
    invalidHint: HINT,
  })) {
    if (l.text.trim() !== '') any = true;
    yield l;
  }
  if (!any) throw new DataError('file is empty', { file, hint: 're-fetch or re-create the file' });
}
