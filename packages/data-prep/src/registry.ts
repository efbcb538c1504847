/**
 * The dataset registry: every dataset `hbt data fetch` knows, with each file's canonical public URL
 * (raw.githubusercontent.com at a pinned commit, so the bytes never change), its sha256 and size, the
 * licence and the languages. Checksums were computed from the files in the project's data mirror
 * (`../shared/data`, whose SOURCE.md files record where each file came from); a fetched file is kept only
 * when its checksum matches.
 *
 * Files keep the mirror layout: `<root>/<dataset>/<path>`, e.g. `xquad-r/en.json`. Entries with many files
 * (the low-resource datasets of issue #15) live one per file in `registry/`.
 *
 * @example
 * getDataset('xquad-r').files.length; // 12 (11 languages + LICENSE)
 */
import { UsageError } from '@hbt/core';
import type { DatasetFormat } from './config.js';
import { AFRIQA } from './registry/afriqa.js';
import { FLORES_SIB200 } from './registry/flores-sib200.js';
import { MAFAND_MT } from './registry/mafand-mt.js';
import { MASAKHANE_NEWS } from './registry/masakhane-news.js';
import { NTREX_128 } from './registry/ntrex-128.js';
import { files, gh } from './registry/rows.js';
import { TATOEBA } from './registry/tatoeba.js';

export interface RegistryFile {
  /** Path inside the dataset folder (and inside a mirror's `<dataset>/` folder). */
  path: string;
  bytes: number;
  /** Hex sha256 of the file's bytes. */
  sha256: string;
  /** Canonical public source. */
  url: string;
}

export interface DatasetEntry {
  name: string;
  title: string;
  /** Reader prep uses for it; `null` for resources that are not datasets (a vocabulary). */
  format: DatasetFormat | null;
  licence: string;
  languages: string[];
  /** Upstream repository and commit. */
  source: string;
  /** What the data is for and what is missing. */
  notes: string;
  files: RegistryFile[];
}

const lareqa = (commit: string, path: string) => gh('google-research-datasets/lareqa', commit, path);
const xquad = (path: string) => gh('deepmind/xquad', '60cac411649156efb6aab9dd4c9cde787a2c0345', path);
const anserini = (path: string) =>
  gh('castorini/anserini-tools', '5b819c1a45c8a0a3ec9426f476694f44a29dfaf3', `topics-and-qrels/${path}`);
const mintaka = (commit: string, path: string) => gh('amazon-science/mintaka', commit, path);
const tydi = (path: string) =>
  gh('google-research-datasets/tydiqa', '43cde6d598c1cf88c1a8b9ed32e89263ffb5e03b', path);
const LAREQA_XQUAD_R = '9bc8c7fb6dd8d01d72a05a93c2cb96882b0d299c';
const LAREQA_MLQA_R = '354d67d1cd066854cdfbf5ad0e6105528976141d';
const MINTAKA_DATA = 'cbb87072c9e0c92a2baf585f1d67b5a9003081a0';
const MINTAKA_LICENSE = 'b6146ffb41562803c45df3c028b4cdad8c09dd4d';

export const REGISTRY: readonly DatasetEntry[] = [
  {
    name: 'xquad-r',
    title: 'XQuAD-R (LAReQA): 11 languages x 1190 parallel questions, sentence candidates',
    format: 'lareqa',
    licence: 'CC-BY-SA-4.0',
    languages: ['ar', 'de', 'el', 'en', 'es', 'hi', 'ru', 'th', 'tr', 'vi', 'zh'],
    source: 'google-research-datasets/lareqa@9bc8c7fb6dd8d01d72a05a93c2cb96882b0d299c',
    notes: 'Evaluation data (from SQuAD v1.1 dev); question ids are shared by all 11 languages.',
    files: files(
      (p) => (p === 'LICENSE' ? lareqa(LAREQA_XQUAD_R, p) : lareqa(LAREQA_XQUAD_R, `xquad-r/${p}`)),
      [
        ['LICENSE', 15_058, '25ddafc153e4cfdafd70729574ef1b44348e1814709e57680d55347038d3f92c'],
        ['ar.json', 2_234_875, 'c52922d3b8ac1ae03ed5ac38647ad59870dca3dda2beefe18ecdc30729acb69d'],
        ['de.json', 732_156, '16fb0f4bf4916154b585a20c24c66074591c9718a1affe764ff4697572328949'],
        ['el.json', 2_810_127, '163fd43ee785a30eb534ae2061e9eaa766a7ee4e8ffce5e4b422480c150f64b6'],
        ['en.json', 628_651, '7b0954f39297c27a31fef610f0883337dd2907fa8699151dc922afdd0fa12ffe'],
        ['es.json', 746_335, 'f8e836b2d91009c4363e04315f7ede363eedbbb49c67dda60de6c4aa782f58de'],
        ['hi.json', 2_408_404, 'ea45ba8ae4513d1533b222bebdc02a90bc319c055d3aeea68584a053d2e92872'],
        ['ru.json', 2_764_904, '7f4dff853538b9a5fcc28c070b8bb983a5c5d190ac747b8e005a1ada9cab18f1'],
        ['th.json', 2_618_544, 'c3a041864c3a9fb0b4dd91cfdf99cf36b411b3e704c58a303c97bc6dc786cfe4'],
        ['tr.json', 827_827, 'f3e8c13002bbce154a4578f535f7533cb70f3da08840e6b62735935baec7bd94'],
        ['vi.json', 1_132_303, 'e35926bf5cc6fc6ecbdfca49467aabeb454f08d152d7818143a906bd31dde995'],
        ['zh.json', 959_291, '80c2cde7b9c2fb134c303cbb52f2ba396ead9eb0014aec43993543d2ba9e93ed'],
      ],
    ),
  },
  {
    name: 'mlqa-r',
    title: 'MLQA-R (LAReQA, MLQA dev): 7 languages, 4199 questions, sentence candidates',
    format: 'lareqa',
    licence: 'CC-BY-NC-4.0',
    languages: ['ar', 'de', 'en', 'es', 'hi', 'vi', 'zh'],
    source: 'google-research-datasets/lareqa@354d67d1cd066854cdfbf5ad0e6105528976141d',
    notes:
      'Removed from the lareqa repository in b91469b; pinned to the commit that still has it. Non-commercial licence.',
    files: files(
      (p) => lareqa(LAREQA_MLQA_R, `mlqa-r/${p}`),
      [
        ['LICENSE', 19_333, '336255dc30193e8e15d689d9481bb05673d89055718f3a96923a7ffb99adbbaf'],
        ['ar.json', 3_329_081, '2132fbc03208535c0fe01f2e2c5121d06f9c2aa799af93b0a719dbc105bdf137'],
        ['de.json', 887_185, 'ce9454dc5aa6f2d85c23cd6e49cb367fbb7c4c6e62d7f71e355c6b5dae4d0886'],
        ['en.json', 2_251_129, 'fedd9a5cc0848dda80caf84aa36f482adaae230526a3f6e9e86926a93ef3b1e4'],
        ['es.json', 819_818, '70ecba276b8c96a692b120693a595d076ce94ad21d4b28311538a9fcbfe0f9d7'],
        ['hi.json', 3_179_023, '4dd0fb3c06f737a5481d705bc1dcac7876712a5815c9265908fbb3a0696cb654'],
        ['vi.json', 1_807_239, '9d3baff6ba03e6793b25594217265ea59a136b9733833dca8a9582a84a78ff85'],
        ['zh.json', 1_360_698, '57f01d2fff50cf3392805635b01445339f225ad5bf28ba8443b12f8dbd1e69dc'],
      ],
    ),
  },
  {
    name: 'xquad',
    title: 'XQuAD (original): 12 languages x 1190 questions, paragraphs without sentence breaks',
    format: 'squad',
    licence: 'CC-BY-SA-4.0',
    languages: ['ar', 'de', 'el', 'en', 'es', 'hi', 'ro', 'ru', 'th', 'tr', 'vi', 'zh'],
    source: 'deepmind/xquad@60cac411649156efb6aab9dd4c9cde787a2c0345',
    notes: 'Same content as XQuAD-R plus Romanian; read as paragraph candidates (format "squad").',
    files: files(xquad, [
      ['CC-BY-SA4.0.txt', 15_058, '25ddafc153e4cfdafd70729574ef1b44348e1814709e57680d55347038d3f92c'],
      ['xquad.ar.json', 1_582_988, 'abdabd7afed5c635d99cca0f3f0d0c9d9ed0bc77451e963c2e4e0638c29e486d'],
      ['xquad.de.json', 669_810, '990b5d746746ed65ed4702ea5f35f99ffa4e2f1c390c07d003642acd937916f9'],
      ['xquad.el.json', 1_918_889, '821cf0f88e73fa258fd2f548b19b6ec39f7025059e16f6f9fc8cd797c9c3663e'],
      ['xquad.en.json', 609_383, 'e4c57d1c9143aaa1c5d265ba5987a65f4e69528d2a98f29d6e75019b10344f29'],
      ['xquad.es.json', 684_322, 'dcbae93ec3a9f4b9e78fd834a171d6f96c1a875e10e15b7530b7e4ef4971e37e'],
      ['xquad.hi.json', 1_680_538, 'df2cce3532b37e9beb8979704b5c9a4bf874358f105395a298b89427b43b9d24'],
      ['xquad.ro.json', 661_158, '94f8d54e93ad2b7dd2e76dd921a666b5b8eff2d4379df9f179c42b445f09643f'],
      ['xquad.ru.json', 1_896_368, '208d5b1aa154c52b1b5c5eda16281e455e8fd198cdb9af3f469f0d6037d973bf'],
      ['xquad.th.json', 1_809_143, '5cdda11d0e1e075f7872abf4e6ae830388ce7f617964d542308e9ae4257e0f43'],
      ['xquad.tr.json', 729_506, '92179a564774b7696100d144c1e10870d0a966b6fccbdd254a65b9d2ab1971cc'],
      ['xquad.vi.json', 911_401, 'f619a1eb11fb42d3ab0834259e488a65f585447ef6154437bfb7199d85161a04'],
      ['xquad.zh.json', 808_652, '691d0b3359bc6b8faa8de931dfdfe21d50a65861ae348e32a0d1a0190b0c8835'],
    ]),
  },
  {
    name: 'miracl',
    title: 'MIRACL v1.0 dev topics and graded qrels, 18 languages (no corpus)',
    format: 'miracl',
    licence: 'not stated upstream: check the MIRACL dataset card before redistributing',
    languages: [
      'ar',
      'bn',
      'de',
      'en',
      'es',
      'fa',
      'fi',
      'fr',
      'hi',
      'id',
      'ja',
      'ko',
      'ru',
      'sw',
      'te',
      'th',
      'yo',
      'zh',
    ],
    source: 'castorini/anserini-tools@5b819c1a45c8a0a3ec9426f476694f44a29dfaf3',
    notes:
      'Passages are not included: give the corpus as JSONL (docid, title, text) with the dataset\'s "corpus" key.',
    files: files(anserini, [
      [
        'qrels.miracl-v1.0-ar-dev.tsv',
        572_724,
        '3670a7804dedd5a602dad0661f6adb1e65b197829d5571f428e0af7fc46aa313',
      ],
      [
        'qrels.miracl-v1.0-bn-dev.tsv',
        75_970,
        '0aab3bcb0bbc5d3e5ed1566a9e3965800239438b5b5f68d5b6bb4acb7f0fec0e',
      ],
      [
        'qrels.miracl-v1.0-de-dev.tsv',
        77_351,
        '5d4a0d7ac42c7839a0513ba6deb6b27fc62803f318be8a7c411e10dbbde7578c',
      ],
      [
        'qrels.miracl-v1.0-en-dev.tsv',
        167_817,
        'a0af836c300e85088c4d73449492e2378280f967cac032853c9e11f3bc8a8d81',
      ],
      [
        'qrels.miracl-v1.0-es-dev.tsv',
        157_701,
        '2d9441de1e25d7d2faf54f757db618ad5a2927337862a367f1a60e87ef7e40b2',
      ],
      [
        'qrels.miracl-v1.0-fa-dev.tsv',
        157_653,
        '3cec8ea8fb1f056110e5282df3aa37e14fb5f44c6f885528b6072c0243c1efc4',
      ],
      [
        'qrels.miracl-v1.0-fi-dev.tsv',
        226_188,
        '4e534e96878729bd2566233d7499c991463052d91d34738dfe84d79f110255cd',
      ],
      [
        'qrels.miracl-v1.0-fr-dev.tsv',
        84_975,
        '823e8f6fd297064d67efe37991cd3953414dc040c290f249b0895925f03509ad',
      ],
      [
        'qrels.miracl-v1.0-hi-dev.tsv',
        79_771,
        '4cec99e7012ffca7fd129eeea01f37984bb21702706a8398208e8fba1c14e963',
      ],
      [
        'qrels.miracl-v1.0-id-dev.tsv',
        176_946,
        '6270863499b1be946be0883e8815b52ffb21e56181e9dc67596eaeb61494a61c',
      ],
      [
        'qrels.miracl-v1.0-ja-dev.tsv',
        160_882,
        '1e2a60ba96b889bd076adea950e7e83a2d083f671955a5ab3e9bdc332b492e5f',
      ],
      [
        'qrels.miracl-v1.0-ko-dev.tsv',
        55_675,
        '88827ccc5b64e531b25f70eef30202d33daa9bfa3ac8cceadf5cdbd5ca5034df',
      ],
      [
        'qrels.miracl-v1.0-ru-dev.tsv',
        255_921,
        'f877b43c7f53b76aab25e406e5a607ef1c5adba4ffaa11e1b252a4326735a19b',
      ],
      [
        'qrels.miracl-v1.0-sw-dev.tsv',
        89_581,
        'a1e6438ac732dabd9a24fd5c8dfc0c64168aea81ff477d8b1986fde5ad193a63',
      ],
      [
        'qrels.miracl-v1.0-te-dev.tsv',
        28_814,
        '576a7ded402697a7bb521b4b8bb1a27806b927556001450405d3a5b85590a0c9',
      ],
      [
        'qrels.miracl-v1.0-th-dev.tsv',
        139_845,
        '81097e891775f67a9b98d41309f9c452dc4e09572b0cbf4952d4107ed0fe1407',
      ],
      [
        'qrels.miracl-v1.0-yo-dev.tsv',
        24_820,
        '39a219ef0b593f6056e4ad1d65b9c03345730efa5107f0abd4a4a44ef2f6f0d2',
      ],
      [
        'qrels.miracl-v1.0-zh-dev.tsv',
        94_140,
        '5546474d3dc8139014e6571e9f4041848bb0a314ca6d2d4bac708174d71c59eb',
      ],
      [
        'topics.miracl-v1.0-ar-dev.tsv',
        174_692,
        '10b534b889ec46e23df478eee09410ef2880d90d419644dfed5d05d39b57ece0',
      ],
      [
        'topics.miracl-v1.0-bn-dev.tsv',
        53_473,
        '46fbf50f1f3972b6908543bad6b6dfc60a75eec80d54aae603efd884ba608d2f',
      ],
      [
        'topics.miracl-v1.0-de-dev.tsv',
        17_620,
        '6b66ec2cfb4af383e6fe18a08899bfa3a0deeb5e6010758743fa93ab598321c9',
      ],
      [
        'topics.miracl-v1.0-en-dev.tsv',
        36_782,
        '25d9e6d17656674fd7aa3b67ee912c71545e664a842b147bfc17e9ff391db3da',
      ],
      [
        'topics.miracl-v1.0-es-dev.tsv',
        39_616,
        '5e93b5a1cea22a44912e6ad242147c58719dd8ce4bb6304264a53876b70e65ac',
      ],
      [
        'topics.miracl-v1.0-fa-dev.tsv',
        54_322,
        'df0ece36ab8048f765aa0bb2dde948f5c764cc25bdfc09fb1f5317ef24ff8b49',
      ],
      [
        'topics.miracl-v1.0-fi-dev.tsv',
        58_112,
        '71766986e9bef80118d60b989bdbd3ed965a845db6986847cbfd791fa00990b3',
      ],
      [
        'topics.miracl-v1.0-fr-dev.tsv',
        19_375,
        'dd471f3a0a594d212b30495f8b1d9759451aea399b44e02de6ca9c5550930106',
      ],
      [
        'topics.miracl-v1.0-hi-dev.tsv',
        52_022,
        '94bed8e649806246f59edfb6434ea0c59920a44f2f60a56e01d205c6bf58ef60',
      ],
      [
        'topics.miracl-v1.0-id-dev.tsv',
        42_043,
        'c5d9d5de2913beeb003ee0ef63e4537c2f632940ed077bfb2e9e8a3b5943096d',
      ],
      [
        'topics.miracl-v1.0-ja-dev.tsv',
        50_019,
        '1904b9bf0fc52e1b684daa7539b2bcfdd90122e603ffbcf6b5065a0e210525b0',
      ],
      [
        'topics.miracl-v1.0-ko-dev.tsv',
        12_597,
        'a365552cfc997a8915e948a3b5994883f641e7c3f12b6af87bbfaf89729e32a8',
      ],
      [
        'topics.miracl-v1.0-ru-dev.tsv',
        108_525,
        '91a7c3b6d21f79a12b5330f0a62811962f9370a0bf539cba8b3fecaa095f0616',
      ],
      [
        'topics.miracl-v1.0-sw-dev.tsv',
        21_465,
        '15cde3f614cb75b3106fb4606a16162140ee157da22c4a57aae756571788b722',
      ],
      [
        'topics.miracl-v1.0-te-dev.tsv',
        90_134,
        '3ac8a9a20bdf93ffcc36d554a5fff76ec4435131ae995010814df5881fff07d6',
      ],
      [
        'topics.miracl-v1.0-th-dev.tsv',
        94_299,
        '6ef23316d1224d9fef9e3f8bc2fdf527dad1a3bba98657617398c226503f5a46',
      ],
      [
        'topics.miracl-v1.0-yo-dev.tsv',
        5_983,
        'b24558e43e1965d5cfe7440a5bf3bf66d70529474ff76e64bfa72026129b2d2e',
      ],
      [
        'topics.miracl-v1.0-zh-dev.tsv',
        16_903,
        '5b284a9aabf08bb2d1c88ed7ea276025c9d23846457c5350dc8d391b5e0d0a13',
      ],
    ]),
  },
  {
    name: 'mintaka',
    title: 'Mintaka v1.0 dev: 2000 questions, each in 9 languages (parallel questions, no passages)',
    format: 'mintaka',
    licence: 'CC-BY-4.0',
    languages: ['ar', 'de', 'en', 'es', 'fr', 'hi', 'it', 'ja', 'pt'],
    source: 'amazon-science/mintaka@cbb87072c9e0c92a2baf585f1d67b5a9003081a0',
    notes: 'Training signal only: parallel query-query pairs (question in X <-> the same question in Y).',
    files: files(
      (p) => (p === 'LICENSE.md' ? mintaka(MINTAKA_LICENSE, p) : mintaka(MINTAKA_DATA, `data/${p}`)),
      [
        ['LICENSE.md', 18_150, '67e2204631e48323a0ca003d5788a36b18c0691133baa87e7d37978106f5a1f7'],
        ['mintaka_dev.json', 3_836_121, '5b2fb7a531c475fdd92826837974a27b896be12fc5bcd8ad2a88516f054d6fa7'],
      ],
    ),
  },
  {
    name: 'mbert-vocab',
    title: 'Multilingual BERT WordPiece vocabulary (TyDi QA version, 119547 tokens)',
    format: null,
    licence: 'Apache-2.0',
    languages: [],
    source: 'google-research-datasets/tydiqa@43cde6d598c1cf88c1a8b9ed32e89263ffb5e03b',
    notes: 'A tokenizer resource for @hbt/models, not a dataset: prep does not read it.',
    files: files(
      (p) => tydi(p === 'LICENSE' ? p : `baseline/${p}`),
      [
        ['LICENSE', 11_358, 'cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30'],
        [
          'mbert_modified_vocab.txt',
          995_864,
          'c360819651a5a9e73795d55545c5ed9be07a16ae7046380137ac346b6b300ca4',
        ],
      ],
    ),
  },
  // Low-resource languages (issue #15): one file per dataset under registry/, generated from SOURCE.md.
  NTREX_128,
  FLORES_SIB200,
  MAFAND_MT,
  AFRIQA,
  MASAKHANE_NEWS,
  TATOEBA,
];

/** A registry entry by name; a {@link UsageError} listing the known names otherwise. */
export function getDataset(name: string): DatasetEntry {
  const e = findDataset(name);
  if (e) return e;
  throw new UsageError(`unknown dataset "${name}"`, {
    hint: `known datasets: ${REGISTRY.map((d) => d.name).join(', ')} (see hbt data list)`,
  });
}

/** A registry entry by name, or `undefined`. */
export function findDataset(name: string): DatasetEntry | undefined {
  return REGISTRY.find((d) => d.name === name);
}
