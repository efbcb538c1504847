import { LANGUAGES } from './language-table.js';

const BY_NAME = new Map<string, string>(
  Object.entries(LANGUAGES).map(([code, name]) => [name.toLowerCase(), code]),
);

/**
 * The ISO 639-1 code for a language code or English language name, or `null` when it is not one.
 * Case and surrounding spaces are ignored; `_`/`-` region or script subtags are not accepted (hbt keys
 * languages by their two-letter code only).
 *
 * @example
 * normalizeLang('EN');         // 'en'
 * normalizeLang('portuguese'); // 'pt' (mMARCO names its files by language name)
 * normalizeLang('xx');         // null
 */
export function normalizeLang(input: string): string | null {
  const s = input.trim().toLowerCase();
  if (Object.hasOwn(LANGUAGES, s)) return s;
  return BY_NAME.get(s) ?? null;
}

/** The English name of a code (`'de'` → `'German'`), or the code itself when unknown. */
export function languageName(code: string): string {
  return Object.hasOwn(LANGUAGES, code) ? LANGUAGES[code]! : code;
}

/** Every known ISO 639-1 code, sorted. */
export function knownLanguages(): string[] {
  return Object.keys(LANGUAGES).sort();
}

/**
 * Sort language codes the one way hbt orders them everywhere (plain code-point order of the codes), so
 * output order never depends on file listing order.
 */
export function sortLangs(langs: Iterable<string>): string[] {
  return [...new Set(langs)].sort();
}
