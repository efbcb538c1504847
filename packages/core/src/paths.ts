import { realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Path comparisons that see through `..` and symlinks, for the rules that keep outputs and inputs apart
 * (the artifacts folder may not hold an input; a stage may not write where it reads).
 *
 * @example
 * canonicalPath('exp/./data/../artifacts'); // '/abs/exp/artifacts' (symlinks resolved where they exist)
 * isInside('/a/b/c', '/a/b'); // true
 * pathsOverlap('/a/b', '/a'); // true: one holds the other
 */

/**
 * The absolute path with every symlink in its existing part resolved; the part that does not exist yet is
 * appended as written. Two spellings of one place give one string.
 */
export function canonicalPath(p: string): string {
  const abs = resolve(p);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return join(realpathSync.native(cur), ...rest.reverse());
    } catch {
      const parent = dirname(cur);
      if (parent === cur) return abs;
      rest.push(basename(cur));
      cur = parent;
    }
  }
}

/** True when `child` is `parent` or lies below it (both canonical or both plain absolute paths). */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return (
    rel === '' ||
    (rel !== '..' && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel))
  );
}

/** True when one of the two paths holds the other (or they are the same place). */
export function pathsOverlap(a: string, b: string): boolean {
  const ca = canonicalPath(a);
  const cb = canonicalPath(b);
  return isInside(ca, cb) || isInside(cb, ca);
}
