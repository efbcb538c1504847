// Shared by the CLI tests: the repository root, and hbt run in-process as a user runs it.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { buildCli } from '../cli.js';

/** The repository root (for test-fixtures/). */
export const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

/**
 * Run `hbt <args>` in-process: the exit code it set (0 when none) and everything it wrote to stderr.
 * `process.exitCode` is cleared before and after, and the stderr spy removed.
 *
 * @example
 * const { code, err } = await runCli(['prep', '-c', 'hbt.json']);
 */
export async function runCli(args: string[]): Promise<{ code: number; err: string }> {
  process.exitCode = undefined;
  let err = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
  try {
    await (await buildCli(args)).parseAsync();
    return { code: Number(process.exitCode ?? 0), err };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
}
