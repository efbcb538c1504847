/**
 * Registry entry `ntrex-128` (issue #15): 42 files of MicrosoftTranslator/NTREX at a pinned commit, generated from the
 * mirror's `ntrex-128/SOURCE.md` (every sha256 and size checked against the mirror's bytes).
 *
 * @example
 * NTREX_128.files.length; // 42
 */
import type { DatasetEntry } from '../registry.js';
import { files, gh } from './rows.js';

const COMMIT = '8561f6a622db9edad1217683e5c83daefd8bb2bf';

export const NTREX_128: DatasetEntry = {
  name: 'ntrex-128',
  title: 'NTREX-128: 1,997 WMT19 news sentences, English + 37 translations (25 African), line-aligned',
  format: 'ntrex',
  licence: 'CC-BY-SA-4.0',
  languages:
    'afr amh arb bem deu ell ewe fra fuc hau hin ibo kin mlg nde nso nya orm por rus shi sna-Latn som spa ssw swa tha tir tsn tur ven vie wol xho yor zho-CN zul eng'.split(
      ' ',
    ),
  source: 'MicrosoftTranslator/NTREX@8561f6a622db9edad1217683e5c83daefd8bb2bf',
  notes:
    'Test data only (never train on it): multi-way parallel, line i of every file is the same sentence. Source language codes as in the file names (sna-Latn, zho-CN). Language codes normalised to ISO 639-3 (sna-Latn -> sna, zho-CN -> zho); bitext task, eval only.',
  files: files(
    (p) => gh('MicrosoftTranslator/NTREX', COMMIT, p),
    // biome-ignore format: generated table, one file per line
    [
      ['DOCUMENT_IDS.tsv', 30_754, '88a8b0ff1eae47e83f60dcde01075b8c87d75ced59ca09e0af1eb539958e05d5'],
      ['LANGUAGES.tsv', 1_862, '06b295e71976aa7adfef358d7c24a91b61212ca7aafb244c199619661f808158'],
      ['LICENSE.md', 20_137, '5e436ff8ffbb77d8607220e9bce20c8915d860010feeb6c1ebef5a85688e9b39'],
      ['NTREX-128/newstest2019-ref.afr.txt', 275_936, 'f33cbe111c393699208c504348e3206a5aeb0d2d01cae733e90407a71adb6fc2'],
      ['NTREX-128/newstest2019-ref.amh.txt', 430_093, '9383b4681e1fc24c285af145f0d70a76997763df9aa366623c458ea2bcc19823'],
      ['NTREX-128/newstest2019-ref.arb.txt', 423_901, 'd271c8645933421f760eba8ed8cc1ceaaa052f917d9c2839b8abb27e0ded71e6'],
      ['NTREX-128/newstest2019-ref.bem.txt', 302_834, '407d7b9a2b4c638378c049c2e61fa274608ce2d59e88fee0a26614d8486b928a'],
      ['NTREX-128/newstest2019-ref.deu.txt', 306_436, '259d7406a07b63e6b5b9c4a22fb76b85e2578a3fa0a4e541a50f4f7348e5c1b2'],
      ['NTREX-128/newstest2019-ref.ell.txt', 544_996, 'cd9c8eda1b54f4b504b33769db7e56e26ba9ae768a64e13e0eef02a9ee9867fc'],
      ['NTREX-128/newstest2019-ref.ewe.txt', 264_233, '5eae7b6f06a2eae8d7fe8eae7ce5ddce4014004745df5b2128122c12e07a7332'],
      ['NTREX-128/newstest2019-ref.fra.txt', 314_688, '1dd80d337f6a75c6ed579a95f09ca9b85d87d6e488d0a428c5f89cca99553136'],
      ['NTREX-128/newstest2019-ref.fuc.txt', 237_540, 'ccd0e821c0f006a745b19cf8aa4fc904034a9f270872209ef036d8f5306fa405'],
      ['NTREX-128/newstest2019-ref.hau.txt', 278_324, 'e6665dd99bf833d328928cf8a5522613833dc64c4df78851071faa1bad736b36'],
      ['NTREX-128/newstest2019-ref.hin.txt', 674_699, '10d612b3960dc1f90d297aff7e3c6d39e6eb7221b912cef0c053d9f510e41bbc'],
      ['NTREX-128/newstest2019-ref.ibo.txt', 298_675, 'e6374641c40a31b9954171accc4c47c70c76fd9ab64bde8d299d6086c8a7c01e'],
      ['NTREX-128/newstest2019-ref.kin.txt', 313_908, 'c3bed9c60e97bf9cdcc2ddff3e4a36070fbc0274a0750af3c04f461f5ef7bf39'],
      ['NTREX-128/newstest2019-ref.mlg.txt', 334_001, '504ea241d04f53acb23ab25bf74864f52354be244ed8e20cb7b72a1cb92ec566'],
      ['NTREX-128/newstest2019-ref.nde.txt', 302_387, '1177d26c0f037e7e2154310c4a378cde612081a4b9c7cdf628dbddddb8f7ecbc'],
      ['NTREX-128/newstest2019-ref.nso.txt', 296_771, '63ba7ad4dcc55c4cec41817a5596baf3b9b0ca0ff8da311b3089066f6907fb31'],
      ['NTREX-128/newstest2019-ref.nya.txt', 289_144, 'a94385a8922cacbcd7a91e56ce2ca47747a80f1d3c8a094bd25b0418dc4783c0'],
      ['NTREX-128/newstest2019-ref.orm.txt', 244_453, '8b0dc2e4589ca4f87f22534606bb64c4dbc183e05ea2a260846fabe749ca570a'],
      ['NTREX-128/newstest2019-ref.por.txt', 288_192, 'ad2b8c2d91be6a17f9c0df0dd25e358b8de6168212b4bbc9718ea41c4df9ecd8'],
      ['NTREX-128/newstest2019-ref.rus.txt', 505_414, 'a7e3601298b0368659a5c006c52809cf6792e02eb94bde9b9693333278d85732'],
      ['NTREX-128/newstest2019-ref.shi.txt', 391_906, '271ebfcb1cd8110c53e0307b34c8d29526c94f214f991c92d477d828df8840ad'],
      ['NTREX-128/newstest2019-ref.sna-Latn.txt', 302_576, 'e864bffdb054ae858e1b176cf12ef628a05cc8f5b45a8fd2313f9ca283ed0493'],
      ['NTREX-128/newstest2019-ref.som.txt', 296_643, '2d13c10e31abc537f66c92d5c5f6fac17348d30d3fe119dc7c11bd6d6ce63240'],
      ['NTREX-128/newstest2019-ref.spa.txt', 299_333, '0ad8129e5ce0bea86ba7e0ea0db0504d6626b8a4d2a7cf4c44b7791c70e99b84'],
      ['NTREX-128/newstest2019-ref.ssw.txt', 293_182, 'ec4d6e3e3f98bc189999c5653614ad02f1e686bc696f21c1ebec8b4aeae628bd'],
      ['NTREX-128/newstest2019-ref.swa.txt', 276_611, '076cec7296ec0d458d4762ddcffcd1d79ce2e7d8ee641467977d0b9f4ec95e8d'],
      ['NTREX-128/newstest2019-ref.tha.txt', 658_582, '45a57c4f9fdbae282eb2c94821535ae3c88b09186a23c5506eb0907ba429d6a5'],
      ['NTREX-128/newstest2019-ref.tir.txt', 422_182, '3babe69f9e1081db0a1fdb3d9334bcf62d9a8bb586b387f263a44d7c3ac26a7f'],
      ['NTREX-128/newstest2019-ref.tsn.txt', 338_604, '571320f1446874e954904e0ac1f976741a184e4c50754bd3bc19a8f49b3951bc'],
      ['NTREX-128/newstest2019-ref.tur.txt', 293_653, 'bd0c3978cb7d283ee5f8834d90a32fe2ffd0c71e4b133c677cff259d07a70ea9'],
      ['NTREX-128/newstest2019-ref.ven.txt', 317_518, '49fe1680578b1ee17898cdb9ae148ea7c71da2ce1e42fa0c7f28f4114bcc2c5e'],
      ['NTREX-128/newstest2019-ref.vie.txt', 359_879, 'dd5d16cf246da57f5ccb7490ae13b8df428e7cb53e17fa04552406d657abfe3c'],
      ['NTREX-128/newstest2019-ref.wol.txt', 248_809, 'e910ed74ddcc3431edfa0567e39e3a088adb94121d8f60f2bf390de87a55e85e'],
      ['NTREX-128/newstest2019-ref.xho.txt', 273_174, '73fedcac7ccbbc1838d775f2718028cb4bab0972c1b4674dd861a53776fa5d20'],
      ['NTREX-128/newstest2019-ref.yor.txt', 408_305, '949526fa834746b6bf85e5014ccaae993b94d4d9ac1452350eb715e30ecd62f2'],
      ['NTREX-128/newstest2019-ref.zho-CN.txt', 241_603, '8bcd6f0868d33f26c8da12f55a82f66088a7b60a5f7b0b1a99dcec51daa8054a'],
      ['NTREX-128/newstest2019-ref.zul.txt', 262_351, '498c1d15998c7e418feba7362f23f6c763687013bf59ed45ef3fe8b3a53e258d'],
      ['NTREX-128/newstest2019-src.eng.txt', 251_739, '389e8f5796c66db4f646dfad33e1ec622d74767af5ef112b42a1f2cd814df3cc'],
      ['README.md', 3_757, 'd00240af5232e2b89d1e1fb1af23117339fabee04d0d01f72df64162cc207f35'],
    ],
  ),
};
