import { z } from 'zod';
import { UsageError } from '../errors.js';

/**
 * A variant name becomes one folder, `<artifacts>/variants/<name>/`, so it is one path segment of safe
 * characters: a letter or digit, then letters, digits, ".", "_" or "-" (at most 64). `.`, `..`, `a/b` and
 * names starting with "." or "-" are refused.
 *
 * @example
 * isVariantName('hybrid-0.5'); // true
 * isVariantName('..'); // false
 */
export const VARIANT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const VARIANT_NAME_RULE =
  'a variant name is one folder name: a letter or digit, then letters, digits, ".", "_" or "-" (at most 64)';

export function isVariantName(name: string): boolean {
  return VARIANT_NAME_PATTERN.test(name);
}

/** The zod type of a variant name (config files). */
export const variantName = z.string().regex(VARIANT_NAME_PATTERN, VARIANT_NAME_RULE);

/**
 * Throw a {@link UsageError} (exit 2) unless `name` is a safe variant name; `source` says where it came
 * from (`--variant`, a config file).
 */
export function checkVariantName(name: string, source: string): void {
  if (!isVariantName(name)) {
    throw new UsageError(`${source}: ${JSON.stringify(name)} is not a valid variant name`, {
      hint: VARIANT_NAME_RULE,
    });
  }
}
