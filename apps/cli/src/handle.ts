import { exitCodeOf, HbtError } from '@hbt/core/errors';

/**
 * The error handling every command shares, in a module of its own that loads only `@hbt/core/errors`:
 * `hbt evaluate` imports it without the rest of @hbt/core (Arrow, Parquet, zod), so it starts fast.
 */

/**
 * Wrap a command handler: print HbtErrors as `hbt: error: …` and set the exit code (2 usage, 1 data or
 * runtime). Unexpected errors print their stack with --verbose.
 */
export function handle<A>(fn: (argv: A) => Promise<void> | void): (argv: A) => Promise<void> {
  return async (argv: A) => {
    try {
      await fn(argv);
    } catch (e) {
      const verbose = (argv as { verbose?: boolean }).verbose;
      if (e instanceof HbtError) process.stderr.write(`hbt: error: ${e.message}\n`);
      else process.stderr.write(`hbt: error: ${verbose ? (e as Error).stack : (e as Error).message}\n`);
      process.exitCode = exitCodeOf(e);
    }
  };
}
