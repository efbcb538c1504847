import { lstat, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import { DataError, decodeUtf8Strict, readBoundedFile, statRegularFile } from '@hbt/core';
import { showValue } from './show-value.js';

/**
 * The files of a Hugging Face model folder, kept inside it: every file a model load reads is named
 * relative to the folder (by hbt, by `modules.json` or by `model.safetensors.index.json`), and a name
 * that is absolute, has a `..` segment, or resolves (through symbolic links) outside the folder's real
 * path is a {@link DataError}. Files are read with a size bound, and only regular files are read (a FIFO
 * or a device is refused at once, see `@hbt/core` `readBoundedFile`).
 *
 * @example
 * const folder = await ModelFolder.open('models/labse');
 * const cfg = await folder.find('config.json', 'config.json'); // '<folder>/config.json' or null
 * const st = await folder.sub('0_Transformer', 'modules.json');  // a module's folder, same root
 */

/** Size bounds of the files of a model folder (far above any real model's). */
export const MODEL_FILE_BYTES = {
  /** config.json, tokenizer_config.json, modules.json, model.safetensors.index.json, … */
  json: 16 << 20,
  tokenizer: 256 << 20,
  vocab: 64 << 20,
} as const;

const INSIDE_HINT =
  'a model folder must hold its own files: copy them in (e.g. `cp -rL`) instead of naming or linking paths outside it';

export class ModelFolder {
  private constructor(
    /** The folder the user named. */
    readonly root: string,
    /** Its real path (symbolic links resolved). */
    private readonly realRoot: string,
    /** This folder, relative to the root ('' for the root). */
    private readonly base: string,
  ) {}

  /** The folder the user named; it must exist and be a directory. */
  static async open(dir: string): Promise<ModelFolder> {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new DataError(
        code === 'ENOENT' ? 'model folder not found' : `cannot open the model folder (${code})`,
        {
          file: dir,
        },
      );
    }
    if (!(await stat(real)).isDirectory()) {
      throw new DataError('not a folder', {
        file: dir,
        hint: 'point --model at a Hugging Face model folder (config.json, model.safetensors, tokenizer files)',
      });
    }
    return new ModelFolder(dir, real, '');
  }

  /** The path of this folder. */
  get path(): string {
    return join(this.root, this.base);
  }

  /**
   * The path of `rel` inside this folder, or null when nothing is there. `rel` comes from hbt or from a
   * file of the folder (`namedIn`, for messages); one that leaves the folder → {@link DataError}.
   */
  async find(rel: string, what: string, namedIn?: string): Promise<string | null> {
    const path = this.resolve(rel, what, namedIn);
    let real: string;
    try {
      real = await realpath(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        const link = await lstat(path).catch(() => null);
        if (link === null) return null; // nothing there
      }
      await statRegularFile(path, what); // a dangling link, a loop, no permission: its own clear error
      throw new DataError(`cannot resolve ${what} (${code})`, { file: path });
    }
    if (real !== this.realRoot && !real.startsWith(this.realRoot + sep)) {
      throw new DataError(`${named(what, rel)} is outside the model folder (it resolves to ${real})`, {
        file: namedIn ?? path,
        hint: INSIDE_HINT,
      });
    }
    return path;
  }

  /** A sub-folder (a sentence-transformers module), with the same root. */
  async sub(rel: string, namedIn: string): Promise<ModelFolder> {
    const path = await this.find(rel, 'module folder', namedIn);
    if (path === null || !(await stat(path)).isDirectory()) {
      throw new DataError(`module folder ${showValue(rel)} not found`, { file: namedIn });
    }
    return new ModelFolder(this.root, this.realRoot, join(this.base, rel));
  }

  private resolve(rel: string, what: string, namedIn?: string): string {
    const segments = rel.split(/[/\\]/);
    if (isAbsolute(rel) || /^[A-Za-z]:/.test(rel) || segments.includes('..') || rel.includes('\0')) {
      throw new DataError(`${named(what, rel)} is outside the model folder`, {
        file: namedIn ?? this.path,
        hint: `${INSIDE_HINT}; names are relative to the folder, without ".."`,
      });
    }
    return join(this.root, this.base, rel);
  }
}

/** `config.json`, or `shard "../x.safetensors"` when the name comes from a file. */
function named(what: string, rel: string): string {
  return what === rel ? what : `${what} ${showValue(rel)}`;
}

/**
 * A JSON file of a model folder, read with a size bound (a regular file only), decoded as strict UTF-8.
 * Errors name the file and never quote its contents.
 *
 * @example
 * const cfg = await readJsonFile('model/config.json', 'config.json');
 */
export async function readJsonFile(
  path: string,
  what: string,
  maxBytes: number = MODEL_FILE_BYTES.json,
): Promise<unknown> {
  const bytes = await readBoundedFile(path, { maxBytes, what });
  const { text } = decodeUtf8Strict(bytes, {
    file: path,
    hint: 'model files are UTF-8 JSON; re-download or re-export the model',
  });
  if (text.trim() === '')
    throw new DataError(`${what} is empty`, { file: path, hint: 're-download or re-export the model' });
  try {
    return JSON.parse(text);
  } catch (e) {
    // V8 quotes the text around the error ("…" is not valid JSON): keep the reason, not the contents.
    const reason = (e as Error).message.replace(/, ".*" is not valid JSON$/s, '');
    throw new DataError(`${what} is not valid JSON (${reason})`, {
      file: path,
      hint: 'the file is truncated or damaged; re-download or re-export the model',
    });
  }
}

/** {@link readJsonFile} for a file that must hold a JSON object. */
export async function readJsonObject(
  path: string,
  what: string,
  maxBytes: number = MODEL_FILE_BYTES.json,
): Promise<Record<string, unknown>> {
  const v = await readJsonFile(path, what, maxBytes);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new DataError(
      `${what} must be a JSON object, got ${v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v}`,
      {
        file: path,
      },
    );
  }
  return v as Record<string, unknown>;
}
