/**
 * Helpers that build registry file lists: the raw.githubusercontent.com URL of a file at a pinned commit,
 * and {@link RegistryFile}s from `[path, bytes, sha256]` rows.
 *
 * @example
 * files((p) => gh('deepmind/xquad', COMMIT, p), [['xquad.en.json', 609_383, 'e4c5…']]);
 */
import type { RegistryFile } from '../registry.js';

/** The raw URL of `path` in GitHub repository `repo` (owner/name) at `commit`. */
export const gh = (repo: string, commit: string, path: string): string =>
  `https://raw.githubusercontent.com/${repo}/${commit}/${path}`;

/** Registry files from `[path, bytes, sha256]` rows and the rule that gives each path its URL. */
export function files(url: (path: string) => string, rows: Array<[string, number, string]>): RegistryFile[] {
  return rows.map(([path, bytes, sha256]) => ({ path, bytes, sha256, url: url(path) }));
}
