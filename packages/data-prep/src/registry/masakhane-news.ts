/**
 * Registry entry `masakhane-news` (issue #15): 34 files of masakhane-io/masakhane-news at a pinned commit, generated from the
 * mirror's `masakhane-news/SOURCE.md` (every sha256 and size checked against the mirror's bytes).
 *
 * @example
 * MASAKHANE_NEWS.files.length; // 34
 */
import type { DatasetEntry } from '../registry.js';
import { files, gh } from './rows.js';

const COMMIT = '819be052e79e0a600e0ed4a7356594681cb5c4f3';

export const MASAKHANE_NEWS: DatasetEntry = {
  name: 'masakhane-news',
  title: 'MasakhaNEWS: news (category, headline, text, url) in 9 languages, train/dev/test TSV',
  format: 'masakhane-news',
  licence: 'no licence at the pinned commit (MIT in c1f6b6b): treat as research use',
  languages: 'eng hau ibo lug pcm sna swa xho yor'.split(' '),
  source: 'masakhane-io/masakhane-news@819be052e79e0a600e0ed4a7356594681cb5c4f3',
  notes:
    'Monolingual headline -> article pairs. train.tsv of eng, hau and swa is not in the mirror (over its size limit). news task (headline -> article, per language); train split: mono pairs.',
  files: files(
    (p) => gh('masakhane-io/masakhane-news', COMMIT, p),
    // biome-ignore format: generated table, one file per line
    [
      ['README.md', 5_765, 'c8a852cb0ca26c1bf5a28e26bd37463a215b6a9106b588920454cf9fd1365db0'],
      ['data/eng/dev.tsv', 1_484_935, '0b524e10acf3e6b1ac8d112dda399386d81a8dd084cd361162654be2e23d4b0f'],
      ['data/eng/labels.txt', 57, '37bb6d6acc7d5ee79bc500e434ee05e978d6503ed2e993ab2fdf49318a23617b'],
      ['data/eng/test.tsv', 3_026_104, 'd7e4fdf4f71a8ec5b3cb4a183030a64501a2cbc9d1ee011eb430f4fdd465800e'],
      ['data/hau/dev.tsv', 770_002, 'd117ca9ab9c61b2ea0a07b1aab7887597d4c10398eb2b3e02a4f1c87fa62f804'],
      ['data/hau/labels.txt', 66, '1bc5cc3ca8e56ee29986723a6bdeeff63fc74f51dd8186b0912a29de573e270c'],
      ['data/hau/test.tsv', 1_713_372, '7e88ffaf6a4744611c41e95df6a28c6eb3c7bb6d4f60a381e2f9d1021ef97c51'],
      ['data/ibo/dev.tsv', 484_679, 'd3d2db2d4f558508c5cfe38e5b27b3a4a532be93919986fb104c8a47ffc68a0a'],
      ['data/ibo/labels.txt', 55, 'd696b924f4e6861966a7e87dcdf9b31a772c5f6c1d40c782841f63a64921d1a5'],
      ['data/ibo/test.tsv', 936_212, '448c461a5c230a1f860807344983e785bc6b1e043d64701e1cd23d8da5a829cc'],
      ['data/ibo/train.tsv', 3_229_418, 'a26239aefe170350816dbd9fd7725cadd97891be398e834a5d9b7b263df8c69d'],
      ['data/lug/dev.tsv', 219_087, '2c7eae3da302aec81649590c178e55961cb2ef06638352c7218e52735bbaf892'],
      ['data/lug/labels.txt', 41, '3ee639f327d0dbe90b72c6b3fb6e77bd8aeca1dfa6a15c89b90e82cbc112dce2'],
      ['data/lug/test.tsv', 431_399, '4f9ea6f76f596e875b4f6cc17aa5758fa6f32cebe113a33a9da4d65d1cd6a43f'],
      ['data/lug/train.tsv', 1_501_751, '48a4647c0fb3c61a2ddbac3c36e6d2e4baf41bad32b49b4b5fa555c172e6f3dd'],
      ['data/pcm/dev.tsv', 388_592, '1735622f844efb837c2233526921be3ecf4f666cd9eacaa8add560de4f477037'],
      ['data/pcm/labels.txt', 46, '40c392da00e1659011980f302247a34b989dc9236e91e86f9c23cc2837071ae0'],
      ['data/pcm/test.tsv', 780_789, 'e0b90b84957bef7207400e89a407c3630c5e08c3cac605660401accdcd1ea92b'],
      ['data/pcm/train.tsv', 2_484_953, '1aa011e017994435f8f9da9f80050c220379ac3985e011230ad0721c8bd61846'],
      ['data/sna/dev.tsv', 368_622, '84a51b5f4018926f4d42b26776592bc6639e8dfcb7e846db2299e76db74887d7'],
      ['data/sna/labels.txt', 32, 'fd0fc44f1895a215db56b1c5ec83fa2706c01b0c869865d6facd3f3451a5350a'],
      ['data/sna/test.tsv', 800_108, '8a6a17fdfd74f4c5cbf584c954241f89ece01cc8459604587ee08155fd96e71c'],
      ['data/sna/train.tsv', 2_722_918, 'eada07754d82fdc2a1981df2a37ffe50a2382ac552112fd92f66597a261df75d'],
      ['data/swa/dev.tsv', 859_264, '3bdbcea3c4a2dc878181c24ce2570ba49fe6a2d90bc8d604d22f35d317d02054'],
      ['data/swa/labels.txt', 66, '1bc5cc3ca8e56ee29986723a6bdeeff63fc74f51dd8186b0912a29de573e270c'],
      ['data/swa/test.tsv', 1_760_033, '6d7e076f2fb53e46c7b2ed855fd77aa5e3351435e2bddafcd07cceeceada61aa'],
      ['data/xho/dev.tsv', 286_562, 'd0f20df11816eb0281493548819ef2cdf126b0e10c78d0a23d16a1e97c250aa7'],
      ['data/xho/labels.txt', 46, '40c392da00e1659011980f302247a34b989dc9236e91e86f9c23cc2837071ae0'],
      ['data/xho/test.tsv', 588_526, '5687dc04056e19403253e28ee52b921351c5cb0257aec21de0a23cb4f9f0ee9a'],
      ['data/xho/train.tsv', 2_065_519, '2b01638bee3dca87557ffcbc7507dc1a2bec67e9e2b6426b1e7c87758dccf5f2'],
      ['data/yor/dev.tsv', 516_641, '60bae7b98606a123becd9b5a8e958e350a3439f26e65f540ea5ed35343b03c89'],
      ['data/yor/labels.txt', 46, '89d500be4b2ca7412b8f9bf03b05c7280c0da822394fb99f4bd1495936980546'],
      ['data/yor/test.tsv', 1_069_692, '4645271b425351ea3ae88d763dff46303aa6aaaf7b28caa6c4508f07141c35e9'],
      ['data/yor/train.tsv', 3_784_546, '1f00b8d500cc771c1756221d76544c0589ca806bb7c4570c64fcf3be524dae34'],
    ],
  ),
};
