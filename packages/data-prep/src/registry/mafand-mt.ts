/**
 * Registry entry `mafand-mt` (issue #15): 61 files of masakhane-io/lafand-mt at a pinned commit, generated from the
 * mirror's `mafand-mt/SOURCE.md` (every sha256 and size checked against the mirror's bytes).
 *
 * @example
 * MAFAND_MT.files.length; // 61
 */
import type { DatasetEntry } from '../registry.js';
import { files, gh } from './rows.js';

const COMMIT = 'd441f8b063d63e95eafb72e84317359e27abf95e';

export const MAFAND_MT: DatasetEntry = {
  name: 'mafand-mt',
  title: 'MAFAND-MT: news translations English/French <-> 16 African languages (train/dev/test TSV)',
  format: 'mafand-mt',
  licence: 'CC-BY-NC-4.0 (NON-COMMERCIAL; code GPL-3.0)',
  languages:
    'en fr amh bam bbj ewe fon hau ibo kin lug luo mos nya pcm sna swa tsn twi wol xho yor zul'.split(' '),
  source: 'masakhane-io/lafand-mt@d441f8b063d63e95eafb72e84317359e27abf95e',
  notes:
    "NON-COMMERCIAL licence: research use only. en-swa train is data/text_files/en-swa/train.{en,swa}; some English test sentences (yor, zul) also occur in other pairs' train files. Codes normalised (en -> eng, fr -> fra); eval split test (bitext per pair), train split train (cross pairs, data.train[].direction).",
  files: files(
    (p) => gh('masakhane-io/lafand-mt', COMMIT, p),
    // biome-ignore format: generated table, one file per line
    [
      ['LICENSE', 35_149, '3972dc9744f6499f0f9b2dbf76696f2ae7ad8af9b23dde66d6af86c9dfb36986'],
      ['README.md', 9_685, '55139bb5448ac18237e09c64e58a89410e275323d0940b35bafa82becb548f21'],
      ['data/text_files/en-swa/train.en', 3_463_084, 'bc6c6f0099aea15ad3a3ffa90d510815d55a004cf1a5c5ebdaba725b3fc52ff1'],
      ['data/text_files/en-swa/train.swa', 3_853_167, '561e4e04014ad64ff6f1878cbcb461b08ad0b1128e4813d554ac0c9830409e67'],
      ['data/tsv_files/en-amh/dev.tsv', 353_888, '4d02d36b338c5aa13372afa8744bd7b0b4cec696d6dad9555308b4c08d23cc5d'],
      ['data/tsv_files/en-amh/test.tsv', 280_292, '4bb0b6ed73222bdc7d0de58eee9cd9a14fc3d4abbf297c49fe8fa0a39efcf120'],
      ['data/tsv_files/en-hau/dev.tsv', 415_686, '944a7d93281318f5c1ee1e99d2ce2bd3c482f1f0efe8e511a5e3a685c0cb5a9d'],
      ['data/tsv_files/en-hau/test.tsv', 452_018, '9ddf29c067d84f6b8622916ae612e82776920a94f07ed90b19c6f5e285dcf693'],
      ['data/tsv_files/en-hau/train.tsv', 1_806_594, '8204bde3dfb0ed81f9edcfcc142a1b0ee207c17beec80ebf085f5ff75babe46d'],
      ['data/tsv_files/en-ibo/dev.tsv', 273_136, 'b502dd9e68105c8678376106aaa5908c1276ffd645af2ac9629ded0214446254'],
      ['data/tsv_files/en-ibo/test.tsv', 264_481, 'b7a0e0b0da313407782943c30612be3dadd9cea3ee533f55ee4e7029c2136099'],
      ['data/tsv_files/en-ibo/train.tsv', 1_693_549, 'ad631d4ac93919f289d91c6291976180a1ac7fb1e066245410136cdf4fa8e50f'],
      ['data/tsv_files/en-kin/dev.tsv', 195_780, '984e1f6580dce29a491f4ef67fa65ff54928958f5b6bb78bc8d097c1ee019ee7'],
      ['data/tsv_files/en-kin/test.tsv', 367_427, '037aac74f75d1c75c9918c87f34083f48e295ce0e5275a0630745321e4bfb99a'],
      ['data/tsv_files/en-lug/dev.tsv', 324_527, 'd8c4223ae6d7f2bde09af5202698abf5504fe76ec0f0f9c1e29d9119bc6a9d4d'],
      ['data/tsv_files/en-lug/test.tsv', 318_655, '0092dcb50660a4e9e91c8b6f8c54661114c7a38a40506e4a73d28e17289309be'],
      ['data/tsv_files/en-lug/train.tsv', 964_978, '52ff08304fa49fa67d034f4837d4027be6f6eb7a0363503b9008ad75a2844849'],
      ['data/tsv_files/en-luo/dev.tsv', 472_770, '488289dfd386902a7c5a6c44cb21da8b2d5b37a5c8dca8d3bce2c7a6a2e07a5f'],
      ['data/tsv_files/en-luo/test.tsv', 439_320, 'aa91c54ad2ea012ea9e0214547739b307d0cdb3029658e5a4bebb654889809b0'],
      ['data/tsv_files/en-luo/train.tsv', 1_355_372, 'de37b44edd9144b9b3ac772d7e79cbf054fb38f4f08a0f7814e4c2ee0332eb3e'],
      ['data/tsv_files/en-nya/dev.tsv', 217_400, 'dccdc931a6022bd0f3a3caec53c0dc90f1d10b42c3818f9929dce541b5a1ea01'],
      ['data/tsv_files/en-nya/test.tsv', 403_187, '789c5693615c7dd1a8d28a1ffee367ca3cb27b08f4b700965f4f0b105ec8b003'],
      ['data/tsv_files/en-pcm/dev.tsv', 402_152, '8a44654371c666105e393025069a2a4abe63d090c3d7c439c19baf42eeee49e8'],
      ['data/tsv_files/en-pcm/test.tsv', 436_144, 'b088757df1f1207c26ea58e619d07a00d04cc18f7eff588386064b6914ddf287'],
      ['data/tsv_files/en-pcm/train.tsv', 1_224_757, 'd32f59b85b7ef72e4afaadd46ccd644648edc9c89c31dd0d8585f742eba04615'],
      ['data/tsv_files/en-sna/dev.tsv', 172_928, '1128ca581c6ce3153d3840c514fb6b97b742374cda3809c2aff72e22790e8cd5'],
      ['data/tsv_files/en-sna/test.tsv', 326_220, '4264c674d79215bab5c6d1dcaa61ae9eaaf62ee5ba0dc2629a6720aede14e6bf'],
      ['data/tsv_files/en-swa/dev.tsv', 446_593, 'b9a81d585640511827e26d546526d20fa65f164320a80dda20c4ca52fcfd0597'],
      ['data/tsv_files/en-swa/test.tsv', 486_650, 'b445874e9734316fd0df5c5bc15839272963c6edffa1e9b2112e8ece696304de'],
      ['data/tsv_files/en-tsn/dev.tsv', 353_490, '48cbc138316f7135a5c172443c6d3dd3bef6a123ab841663fa8458bddf20a243'],
      ['data/tsv_files/en-tsn/test.tsv', 396_531, 'aef139be74bb738069d04aa0103e33a62ca55f9da855d8bc73ef38bffaa4224b'],
      ['data/tsv_files/en-tsn/train.tsv', 553_766, 'a7821951932bdf435f23a3dc588744cf9e397a0ba3938cfc5ec3bc32704ac8cf'],
      ['data/tsv_files/en-twi/dev.tsv', 392_782, '901b86f0f50ca50608b580dd4555c8406241382ae1f948b4bde7042f21d0b5e2'],
      ['data/tsv_files/en-twi/test.tsv', 482_325, 'c04b1f9ff72aaf0ee45cb3176bcefbd83c3f1163f1376c701839393182612447'],
      ['data/tsv_files/en-twi/train.tsv', 796_364, '801b5f58e8e3e0b2d61ecf2d8984c7fcb00539da185f1d2cf919f47a7bc85281'],
      ['data/tsv_files/en-xho/dev.tsv', 133_862, '042c8a978547d475df6f1027085000e2eaf88d6dd1f3d7155e2279e68489c0b8'],
      ['data/tsv_files/en-xho/test.tsv', 270_251, 'ac8b1dfa6d410d87ac966fc8713ee02b7148603edbb8a32859dcbd83a6cbb7c8'],
      ['data/tsv_files/en-yor/dev.tsv', 573_491, 'b6d9d45772984a003924e0319becb7a34dbbe613f68e233a450007036f5fcd51'],
      ['data/tsv_files/en-yor/test.tsv', 522_590, '3e6bf554e603551de9a78f0a1584ec3e2bbba3248689a2e703bbdac39e411fbb'],
      ['data/tsv_files/en-yor/train.tsv', 2_082_327, 'ce6b65a0a312d747a2c96b13a0f090546072dea57ccb14e1fe2c369de13542f5'],
      ['data/tsv_files/en-zul/dev.tsv', 354_311, 'af3ae188fccfe28321e51b8faac678c185e44e97a88de3bf906f38308e1cb74c'],
      ['data/tsv_files/en-zul/test.tsv', 293_589, 'aa575ad49f9ebf603572a7a557e286509f538f5bf5a2633a5d57e4669f7120a6'],
      ['data/tsv_files/en-zul/train.tsv', 1_068_907, '2895bc3429326f23b74809b7ba1e57c59f476e9a29b9785c8b63a5efecb27df8'],
      ['data/tsv_files/fr-bam/dev.tsv', 439_463, '0c73a4bdfc7c58149eb08f5c12410e70cc912bfc78bfe73951736ee0bb44123a'],
      ['data/tsv_files/fr-bam/test.tsv', 415_536, 'e6a97b6cbc55273c7f10b1f3de901e300130d781512719a7e3f5881dd3bb74e8'],
      ['data/tsv_files/fr-bam/train.tsv', 822_784, 'c99db5bc04605bc24a18862f36df40b5e2908d45d2943e74cc7ba0d551c36a46'],
      ['data/tsv_files/fr-bbj/dev.tsv', 193_469, '128eba834f42008e32a1be909c3b96924cfc18fd99c3ec7c2c811eb588c3535d'],
      ['data/tsv_files/fr-bbj/test.tsv', 279_466, '2dca1f5c41fac0ec1615a185e00be45b60ca9808e4b9cc4fa88f86894b377fab'],
      ['data/tsv_files/fr-bbj/train.tsv', 398_504, '66f699b58caddf2015f42b72c8f283b07079fd5dd279ac47728245b3fc29049e'],
      ['data/tsv_files/fr-ewe/dev.tsv', 328_737, 'c8ac4e549baf3d7c8ebda79448fbe280656f79e1801ff8568b568b031f824d0b'],
      ['data/tsv_files/fr-ewe/test.tsv', 366_406, 'd352c1c965c91d9290a3c46bb7d0e0f8184fdc288822a06a398fd7c1233016dc'],
      ['data/tsv_files/fr-ewe/train.tsv', 433_174, '5c39ca5a322f16d2f0b3f017f9f2858f23b0942c66c8786d0406d4703ec8a90c'],
      ['data/tsv_files/fr-fon/dev.tsv', 428_531, 'bba647fc6e864a1647703e9ac4aaba0180555db8040f36cd461e8acf9a6b830d'],
      ['data/tsv_files/fr-fon/test.tsv', 560_112, 'cd59f98d743c0886653ce5daee897bff7a85d26d720d3bcb7050ab4053913cdb'],
      ['data/tsv_files/fr-fon/train.tsv', 875_877, 'cb6b8140785665ee077447c0bc1029f29d8596693c276b04b50bdf9a10be4ef4'],
      ['data/tsv_files/fr-mos/dev.tsv', 428_205, '71f5635606d1c2996869adceff1e65e7ff4fcd6db793c5d015f8e0745fc16df0'],
      ['data/tsv_files/fr-mos/test.tsv', 408_418, '734705d8730069a3cbf10dbeb5e817c29ed7c7983c5ab2fc61bac01b722e7292'],
      ['data/tsv_files/fr-mos/train.tsv', 772_089, '360a91fa231b377805d9ec1a210d7b5f1343200c1267b5e719e4197df9891260'],
      ['data/tsv_files/fr-wol/dev.tsv', 422_465, '7f93b1566c360df2ee1ce441bc4d96c0819bb9ec55d7b8813d7eaf748c6c4eef'],
      ['data/tsv_files/fr-wol/test.tsv', 438_774, '451fa2e166c44f75ec385bcdda91be2787b994af4ec6395644a3bf171c713dd1'],
      ['data/tsv_files/fr-wol/train.tsv', 932_511, 'b2220d272fa3b5b50b92e2b4c161a547486a5a0866a260252cfb260dcb3db8b5'],
    ],
  ),
};
