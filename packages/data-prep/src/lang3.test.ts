import { UsageError } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { configLangForms, normalizeLang3 } from './lang3.js';

describe('ISO 639-3 codes of the low-resource datasets', () => {
  it('normalises the sources’ spellings to one code, a script only where it is not the usual one', () => {
    const cases: Array<[string, string | null]> = [
      ['swh_Latn', 'swa'], // FLORES names the individual language; NTREX, MAFAND-MT and AfriQA the macrolanguage
      ['swa', 'swa'],
      ['sna-Latn', 'sna'], // NTREX
      ['zho-CN', 'zho'], // NTREX: Simplified
      ['zho_Hans', 'zho'],
      ['zho_Hant', 'zho-Hant'],
      ['zho-TW', 'zho-Hant'],
      ['arb_Arab', 'arb'],
      ['arb_Latn', 'arb-Latn'],
      ['amh_Ethi', 'amh'],
      ['taq_Tfng', 'taq-Tfng'],
      ['en', 'eng'], // MAFAND-MT, AfriQA
      ['fr', 'fra'],
      ['fre', 'fra'], // ISO 639-2 bibliographic
      ['ger', 'deu'],
      ['EN', 'eng'],
      ['ber', 'ber'], // an ISO 639-2 collective code (Tatoeba)
      ['kzj', 'kzj'], // retired in 2016, still in Tatoeba
      ['xq', null],
      ['qqq', null],
      ['english', null],
      ['hau_Latn_extra', null],
    ];
    for (const [code, want] of cases) expect(normalizeLang3(code), code).toBe(want);
  });

  it('config filters accept the ISO 639-1 form and the ISO 639-3 form; unknown codes are usage errors', () => {
    expect(configLangForms('en', 'x')).toEqual(['en', 'eng']);
    expect(configLangForms('swh', 'x')).toEqual(['swa']);
    expect(configLangForms('portuguese', 'x')).toEqual(['pt']);
    expect(() => configLangForms('xq', 'data.pairs.languages[0]')).toThrow(UsageError);
    expect(() => configLangForms('xq', 'data.pairs.languages[0]')).toThrow(
      /data\.pairs\.languages\[0\]: unknown language code "xq"/,
    );
  });
});
