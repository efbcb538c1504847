/**
 * Registry entry `afriqa` (issue #15): 56 files of masakhane-io/afriqa at a pinned commit, generated from the
 * mirror's `afriqa/SOURCE.md` (every sha256 and size checked against the mirror's bytes).
 *
 * @example
 * AFRIQA.files.length; // 56
 */
import type { DatasetEntry } from '../registry.js';
import { files, gh } from './rows.js';

const COMMIT = '5c29933753692c28773c34ac1f68482007f1d2bb';

export const AFRIQA: DatasetEntry = {
  name: 'afriqa',
  title:
    'AfriQA: questions in 10 African languages, English/French translations, gold pivot-language Wikipedia passages',
  format: 'afriqa',
  licence: 'CC-BY-4.0',
  languages: 'bem fon hau ibo kin swa twi wol yor zul en fr'.split(' '),
  source: 'masakhane-io/afriqa@5c29933753692c28773c34ac1f68482007f1d2bb',
  notes:
    'Cross-lingual QA retrieval; gold passages only (no full corpus): wol has none, swa and yor have no dev gold file. Codes normalised (en -> eng, fr -> fra); qa task over the gold passages; train split: mono and cross pairs.',
  files: files(
    (p) => gh('masakhane-io/afriqa', COMMIT, p),
    // biome-ignore format: generated table, one file per line
    [
      ['LICENSE', 18_650, '7e7170e3cebf88a9f60c7b8421418323c09304da1af4d5e90f4da1dc1c8a2661'],
      ['README.md', 6_937, '095ef9734e0cc0e63d2a57b1a71e1840e4a7ecbb82f949cb535e862f57d94626'],
      ['data/gold_passages/bem/gold_span_passages.afriqa.bem.en.dev.json', 174_401, '3ec8d5a9f74623a940092399970c6140c6c61322169285606daeae67f41371ae'],
      ['data/gold_passages/bem/gold_span_passages.afriqa.bem.en.test.json', 313_662, '72e7f7e3dd207b955968403f9a3699fb11aef996981d142063614e7f434e7c52'],
      ['data/gold_passages/bem/gold_span_passages.afriqa.bem.en.train.json', 234_959, '17dfc33975c94ef5372a72b27108d04a90c2a54096c5fa31c2c1272f0c69037d'],
      ['data/gold_passages/fon/gold_span_passages.afriqa.fon.fr.dev.json', 351_142, '0c94c4405a2b448d647bee4387cbb34b7dfc14f63fc6655f498c2d49254c8a2b'],
      ['data/gold_passages/fon/gold_span_passages.afriqa.fon.fr.test.json', 508_120, '3308b7d0e455912d4e37dd0b9e8b06e6c1d108d2af040a7f7ffbc3e838dfc927'],
      ['data/gold_passages/fon/gold_span_passages.afriqa.fon.fr.train.json', 362_681, '8fd0b5ad42ee3ebdc91ac8d770c6da15718ae5605f754b9934183c09f56b383c'],
      ['data/gold_passages/hau/gold_span_passages.afriqa.hau.en.dev.json', 201_939, 'ef9cb217e8ea4922935c7fb9e7456364e91c2712519390071170a18131e9e132'],
      ['data/gold_passages/hau/gold_span_passages.afriqa.hau.en.test.json', 269_430, 'e1a0d530d75641760387a2947044d69090c15db620fd9a4dbcf8dc52940d7687'],
      ['data/gold_passages/hau/gold_span_passages.afriqa.hau.en.train.json', 202_993, '21d975df45d8e1316c964f4fe8521dd7ab455fbe1b0edea1564824352b67be2e'],
      ['data/gold_passages/ibo/gold_span_passages.afriqa.ibo.en.dev.json', 328_129, '9636bfa38368c69319f1b7a2bca1ab995c7b4ad63c5801a25da53b34a5fa4e02'],
      ['data/gold_passages/ibo/gold_span_passages.afriqa.ibo.en.test.json', 418_201, '490af9c615ec5e56ec50a3da21efed82df5f67c794ac5d8d6c5e7d30845cc48d'],
      ['data/gold_passages/ibo/gold_span_passages.afriqa.ibo.en.train.json', 306_759, '5300a29efc78c3dec1fc68c66eb1fec3a72577de4136a41d7c85aac355f1a5b8'],
      ['data/gold_passages/kin/gold_span_passages.afriqa.kin.en.dev.json', 208_392, '5598ac675fecfc5e7009a3cb1a511e81c69983a763715726d3dda2bcd3ed9d28'],
      ['data/gold_passages/kin/gold_span_passages.afriqa.kin.en.test.json', 312_127, 'fe067f3aa30c581adbaae7d0012eea5290b5f3119396bbb1c70d665d9e6f31eb'],
      ['data/gold_passages/kin/gold_span_passages.afriqa.kin.en.train.json', 201_276, '967a849f4e6d58ebbb3ea81bbbddd4f9d00a30d8752c2354cb894c1596285dc2'],
      ['data/gold_passages/swa/gold_span_passages.afriqa.swa.en.test.json', 324_070, '18609b69d21c37b737426baed0a4f02495ab237285dd524e8f502f756350d0bf'],
      ['data/gold_passages/twi/gold_span_passages.afriqa.twi.en.dev.json', 328_038, 'd9bd337c4a47bb1dbccffb74fa170e418911c7b6c3cbb8c034ae17d6794ada79'],
      ['data/gold_passages/twi/gold_span_passages.afriqa.twi.en.test.json', 454_058, '329221245f9880896b9038405c44b7f8ef48db3067aa556fbd82819de46b954d'],
      ['data/gold_passages/twi/gold_span_passages.afriqa.twi.en.train.json', 331_466, 'cdbba2a4d6a40e6e8fd587d25cb56e57ea2fe888bac254f66fc29409cec1afaa'],
      ['data/gold_passages/yor/gold_span_passages.afriqa.yor.en.test.json', 224_135, '0aa0f6c1769f07788c918fd0dc1848b70ec0f06e8de9a6893d9037b9ff05abaa'],
      ['data/gold_passages/yor/gold_span_passages.afriqa.yor.en.train.json', 155_554, '864d91d1cab11b587b6535e6a293cc21ba2cf62ce7cc44f175f0fd7656f4925c'],
      ['data/gold_passages/zul/gold_span_passages.afriqa.zul.en.dev.json', 269_899, '3332f7063e65d80cad27d6625de1c9681569a357a6e6eab64132416e64871689'],
      ['data/gold_passages/zul/gold_span_passages.afriqa.zul.en.test.json', 363_275, 'e6edc93eed66267a0f8b98a96bc4ef104c66e33a903678fa260219e8c66efd75'],
      ['data/gold_passages/zul/gold_span_passages.afriqa.zul.en.train.json', 271_088, 'a5bd82873ef476aaad58cbfb7f5b4234d5f4798aa09ba934dc23edc397355655'],
      ['data/queries/bem/queries.afriqa.bem.en.dev.json', 146_372, '999f04e1d6e7cfdbc034cdf25c7bad01d6635a1300bd2431258adaa3e0b05402'],
      ['data/queries/bem/queries.afriqa.bem.en.test.json', 98_090, '5974ae571ba51f850ad753763e2ea11d2df3e17f4a94be6119841f3f7a600eda'],
      ['data/queries/bem/queries.afriqa.bem.en.train.json', 147_818, '29846ceed7e34cb1bfe4e579cd6269945a76b2006a5ad2cd5897b1d0715374d6'],
      ['data/queries/fon/queries.afriqa.fon.fr.dev.json', 126_414, 'e1590d65ebeed41c539486fd1b1af84deccd1909b7622dd554179f9646f8a7dd'],
      ['data/queries/fon/queries.afriqa.fon.fr.test.json', 121_664, '8029d503fe07fce1aabc49d0e985a8018c1972ab0abd27e9466d1c46d95d721b'],
      ['data/queries/fon/queries.afriqa.fon.fr.train.json', 129_658, '4a6807d268036cde48c37f9038f978f3e9bad2fbc085bddf2ce02b7c33cbe989'],
      ['data/queries/hau/queries.afriqa.hau.en.dev.json', 120_886, '200d9461b99123297bb585f9ea5f651ae00dbebfd6135d8b7a7d9bfe5730f579'],
      ['data/queries/hau/queries.afriqa.hau.en.test.json', 86_556, '34f89d0110bf5feea02ea956743e76d1e7ca6a0e552133fe75043e9de56d1728'],
      ['data/queries/hau/queries.afriqa.hau.en.train.json', 120_325, '0788dacfad5e295173cc3e1854d18675c9bac62713a4389560dc940a203d6972'],
      ['data/queries/ibo/queries.afriqa.ibo.en.dev.json', 124_724, 'a3bb13f95ef0299e8357ecf38d89a3aaf4bd81b3364e9a6f34816afa469566d2'],
      ['data/queries/ibo/queries.afriqa.ibo.en.test.json', 123_326, 'c02c61f932ea5e82fad2ad44e62eb4a20e7c9fb9f3d8e17ab7110583cbc008c6'],
      ['data/queries/ibo/queries.afriqa.ibo.en.train.json', 125_935, '38a5ecb173df3ac9d4b6ba5407c0cbfb47d0b0a25d4081055eea8b6e89f31c42'],
      ['data/queries/kin/queries.afriqa.kin.en.dev.json', 121_776, '5ed2799994447b7e84d94bf211a42df6ffacc1fe168e078a8f60145b4a797a71'],
      ['data/queries/kin/queries.afriqa.kin.en.test.json', 109_608, '6d74833deed82c8ba6145988bce568a306ed7786adc555f91fc868d062ce44a2'],
      ['data/queries/kin/queries.afriqa.kin.en.train.json', 121_443, 'c6c238bb3514a90a4b71394a0b9f6e8b6f1a55d499e549c21e159c7b6697af1d'],
      ['data/queries/swa/queries.afriqa.swa.en.dev.json', 115_373, 'cdc61a37956592318f98c8d6ca7cc3908bfbc5bf2cb30af4c13203c4f446a054'],
      ['data/queries/swa/queries.afriqa.swa.en.test.json', 87_689, '0804e99d130a7d9357139686db1957aff33e82ab4d8879c65839af35329d690a'],
      ['data/queries/swa/queries.afriqa.swa.en.train.json', 114_297, 'd5d03c1bf62de83e1dcd951483717773c02b1c2d6fd7fdaaa750bcc7c0751776'],
      ['data/queries/twi/queries.afriqa.twi.en.dev.json', 133_857, 'af5830d09eb506b53de9656d8ab25b609559b9bfdbd439ef509394dda2c11ca1'],
      ['data/queries/twi/queries.afriqa.twi.en.test.json', 148_593, '61e3afe84835edc93f4489cbaf27a6b948b41546807988021a85e9090814ed35'],
      ['data/queries/twi/queries.afriqa.twi.en.train.json', 135_336, '8400b59db710752b424df78159fbce4e469e87f74fdd14607426b10d231d0609'],
      ['data/queries/wol/queries.afriqa.wol.fr.dev.json', 138_731, '0a38ad7683ae5f21c03a2cd325d662d17f74f15f5278ebcfad9b7ffa881f07bf'],
      ['data/queries/wol/queries.afriqa.wol.fr.test.json', 97_009, '2522cbcc713f7fc6eb4cb526659764439dda6e99c9279db169c40185cf5eebb0'],
      ['data/queries/wol/queries.afriqa.wol.fr.train.json', 139_771, '9e91dbc2b780a0e613dfa34dce3cd5857916fd21ce600255082cdc58c08be80c'],
      ['data/queries/yor/queries.afriqa.yor.en.dev.json', 106_539, 'c195aafb72f1c38046a52a4e9d3965bb6cb2383533e3b48d836846ffe8c89093'],
      ['data/queries/yor/queries.afriqa.yor.en.test.json', 101_216, '85027dcfd52e5783ac97acd2b35e5e56bc42a2c4baf8c4cb7b5e5de2c925bcde'],
      ['data/queries/yor/queries.afriqa.yor.en.train.json', 108_463, 'e5005c216a0926c0f9f1ca6c34903ac8d52a21b8921bb87ce5f92d479968375f'],
      ['data/queries/zul/queries.afriqa.zul.en.dev.json', 119_274, 'c851f25609ce8b4d4f507a556c09af93e603e079343c4ea613e66ec6bb530785'],
      ['data/queries/zul/queries.afriqa.zul.en.test.json', 103_828, '2fe78d9fe0838277b2bc355483871fe60a2847049ff6c164befb164fa177ea61'],
      ['data/queries/zul/queries.afriqa.zul.en.train.json', 118_962, 'fe52db65b67183543b6014a7b6bb7c7f7dd69b5bd2b5bd6fd1b3cdbc2e56da02'],
    ],
  ),
};
