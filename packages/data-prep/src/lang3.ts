import { UsageError } from '@hbt/core';
import { ALPHA2_TO_3, BIBLIOGRAPHIC_TO_3, CODES_639_3 } from './iso639-3-table.js';
import { normalizeLang } from './languages.js';

/**
 * Language codes of the low-resource datasets (issue #15): **ISO 639-3**, plus a script subtag only
 * where it is not the language's usual script (`arb-Latn`, `zho-Hant`, `taq-Tfng`). The sources name
 * languages in several ways — `swh_Latn` (FLORES), `swa` (NTREX, MAFAND-MT), `sna-Latn`, `zho-CN` (NTREX),
 * `en`/`fr` (MAFAND-MT, AfriQA) — and all become one code; the readers keep the source's code too
 * (`source_lang` in the manifest). The datasets that were there before (XQuAD-R, MLQA-R, …) keep their
 * ISO 639-1 codes ({@link normalizeLang}): committed results depend on them.
 *
 * Rules: lower-case the language, upper-case-first the script; `_` and `-` both separate; a 639-1 code
 * becomes its 639-3 code (`en` → `eng`), a 639-2 bibliographic code its terminology code (`fre` → `fra`); `swh` (Swahili, the individual language) becomes `swa` (the
 * macrolanguage, as NTREX, MAFAND-MT and AfriQA name it); the script is dropped when it is the usual one
 * ({@link DEFAULT_SCRIPT}, else Latin); a region subtag is dropped, except that `zho-TW`/`-HK`/`-MO` mean
 * Traditional characters (`zho-Hant`). A code not in ISO 639-3 / 639-2 is not a language (null).
 *
 * @example
 * normalizeLang3('swh_Latn'); // 'swa'
 * normalizeLang3('zho-CN');   // 'zho'
 * normalizeLang3('zho_Hant'); // 'zho-Hant'
 * normalizeLang3('en');       // 'eng'
 * normalizeLang3('xq');       // null
 */
export function normalizeLang3(input: string): string | null {
  const parts = input.trim().split(/[-_]/);
  let lang = parts[0]!.toLowerCase();
  if (lang.length === 2) lang = ALPHA2_TO_3[lang] ?? '';
  lang = BIBLIOGRAPHIC_TO_3[lang] ?? lang;
  if (!/^[a-z]{3}$/.test(lang) || !CODES.has(lang)) return null;
  if (lang === 'swh') lang = 'swa';
  let script: string | null = null;
  for (const sub of parts.slice(1)) {
    if (/^[A-Za-z]{4}$/.test(sub)) script = sub[0]!.toUpperCase() + sub.slice(1).toLowerCase();
    else if (/^([A-Za-z]{2}|[0-9]{3})$/.test(sub)) {
      if (lang === 'zho' && ['TW', 'HK', 'MO'].includes(sub.toUpperCase())) script ??= 'Hant';
    } else return null;
  }
  if (script === null || script === (DEFAULT_SCRIPT[lang] ?? 'Latn')) return lang;
  return `${lang}-${script}`;
}

/**
 * Every form a language code of the config may take, for filters that must accept both the normalised
 * code and the source's (`data.pairs.languages`, a dataset's `languages`): its ISO 639-1 form (`en`, for
 * the datasets keyed so) and its {@link normalizeLang3} form (`eng`). A code that is neither is a usage
 * error naming `where`.
 *
 * @example
 * configLangForms('en', 'data.pairs.languages[0]');  // ['en', 'eng']
 * configLangForms('swh', 'data.pairs.languages[1]'); // ['swa']
 */
export function configLangForms(code: string, where: string): string[] {
  const forms = [normalizeLang(code), normalizeLang3(code)].filter((c): c is string => c !== null);
  if (forms.length === 0) {
    throw new UsageError(`${where}: unknown language code "${code}"`, {
      hint: 'use ISO 639-1 codes such as en, de, zh, or ISO 639-3 codes (with a script where it matters) such as hau, swa, zho-Hant',
    });
  }
  return [...new Set(forms)];
}

/**
 * The usual script of languages not written in Latin script (from the CLDR likely-subtags data): a code
 * in that script carries no script subtag.
 */
export const DEFAULT_SCRIPT: Readonly<Record<string, string>> = {
  amh: 'Ethi',
  tir: 'Ethi',
  ara: 'Arab',
  arb: 'Arab',
  ary: 'Arab',
  arz: 'Arab',
  fas: 'Arab',
  pes: 'Arab',
  urd: 'Arab',
  pus: 'Arab',
  snd: 'Arab',
  ckb: 'Arab',
  uig: 'Arab',
  ell: 'Grek',
  hin: 'Deva',
  mar: 'Deva',
  npi: 'Deva',
  nep: 'Deva',
  ben: 'Beng',
  asm: 'Beng',
  tam: 'Taml',
  tel: 'Telu',
  kan: 'Knda',
  mal: 'Mlym',
  guj: 'Gujr',
  pan: 'Guru',
  ori: 'Orya',
  sin: 'Sinh',
  tha: 'Thai',
  lao: 'Laoo',
  khm: 'Khmr',
  mya: 'Mymr',
  bod: 'Tibt',
  kat: 'Geor',
  hye: 'Armn',
  heb: 'Hebr',
  yid: 'Hebr',
  rus: 'Cyrl',
  ukr: 'Cyrl',
  bel: 'Cyrl',
  bul: 'Cyrl',
  mkd: 'Cyrl',
  srp: 'Cyrl',
  kaz: 'Cyrl',
  kir: 'Cyrl',
  tgk: 'Cyrl',
  mon: 'Cyrl',
  tat: 'Cyrl',
  div: 'Thaa',
  zho: 'Hans',
  cmn: 'Hans',
  yue: 'Hant',
  wuu: 'Hans',
  jpn: 'Jpan',
  kor: 'Kore',
};

const CODES: ReadonlySet<string> = new Set(CODES_639_3.split(' '));
