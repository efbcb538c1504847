/**
 * The paper's published numbers (Elmahdy, Lin, Ahmad, arXiv 2408.10536; ICLR 2025 submission), as copied in
 * the project's docs/paper-notes.md §3. They come from a **different model and data**: XLM-R or LaBSE
 * initialisers fine-tuned on a large machine-translated training set (about 40M mMARCO triples plus six
 * QA sets in 9 languages). They frame this project's numbers; they are not comparable to them.
 *
 * Generated from paper-notes.md §3 (Tables 1, 2, 3–8); `paper.test.ts` checks the per-language rows
 * against the printed means.
 */
export type PaperInit = 'XLM-R' | 'LaBSE';
export type PaperSampling = 'X-X-mono' | 'X-Y' | 'Hybrid';
export const PAPER_SAMPLINGS: readonly PaperSampling[] = ['X-X-mono', 'X-Y', 'Hybrid'];
export const PAPER_INITS: readonly PaperInit[] = ['XLM-R', 'LaBSE'];

/** Table 1: mAP macro-averaged, [Mo., Cr., Mul.] per dataset. */
export interface PaperTable1Row {
  init: PaperInit;
  sampling: PaperSampling;
  xquad: [number, number, number];
  mlqa: [number, number, number];
}

export const PAPER_TABLE1: readonly PaperTable1Row[] = [
  { init: 'XLM-R', sampling: 'X-X-mono', xquad: [0.792, 0.674, 0.547], mlqa: [0.648, 0.584, 0.473] },
  { init: 'XLM-R', sampling: 'X-Y', xquad: [0.755, 0.7, 0.593], mlqa: [0.626, 0.62, 0.508] },
  { init: 'XLM-R', sampling: 'Hybrid', xquad: [0.798, 0.705, 0.593], mlqa: [0.648, 0.623, 0.512] },
  { init: 'LaBSE', sampling: 'X-X-mono', xquad: [0.808, 0.752, 0.652], mlqa: [0.681, 0.656, 0.55] },
  { init: 'LaBSE', sampling: 'X-Y', xquad: [0.801, 0.762, 0.679], mlqa: [0.671, 0.677, 0.576] },
  { init: 'LaBSE', sampling: 'Hybrid', xquad: [0.817, 0.767, 0.682], mlqa: [0.686, 0.681, 0.579] },
];

/** Table 2: mean rank distance (lower is better); exact values from Tables 7–8 (Table 2 prints them rounded). */
export interface PaperTable2Row {
  init: PaperInit;
  sampling: PaperSampling;
  xquad: number;
  mlqa: number;
}
export const PAPER_TABLE2: readonly PaperTable2Row[] = [
  { init: 'XLM-R', sampling: 'X-X-mono', xquad: 410.2, mlqa: 287.5 },
  { init: 'XLM-R', sampling: 'X-Y', xquad: 295.4, mlqa: 226.7 },
  { init: 'XLM-R', sampling: 'Hybrid', xquad: 286.6, mlqa: 227.1 },
  { init: 'LaBSE', sampling: 'X-X-mono', xquad: 261.5, mlqa: 225.3 },
  { init: 'LaBSE', sampling: 'X-Y', xquad: 225.2, mlqa: 198.3 },
  { init: 'LaBSE', sampling: 'Hybrid', xquad: 221.1, mlqa: 195.0 },
];

/** Tables 7–8: rank distance per query language, [X-X-mono, X-Y, Hybrid] per initialiser. */
export interface PaperRdRow {
  lang: string;
  xlmr: [number, number, number];
  labse: [number, number, number];
}

export const PAPER_TABLE7_XQUAD: readonly PaperRdRow[] = [
  { lang: 'ar', xlmr: [552.8, 371.5, 376.0], labse: [332.4, 279.0, 285.4] },
  { lang: 'de', xlmr: [356.6, 252.8, 242.1], labse: [214.9, 192.0, 175.1] },
  { lang: 'el', xlmr: [431.6, 307.8, 311.9], labse: [251.3, 224.4, 228.4] },
  { lang: 'en', xlmr: [320.0, 239.6, 219.0], labse: [189.3, 162.1, 150.0] },
  { lang: 'es', xlmr: [371.4, 264.5, 267.0], labse: [235.4, 210.0, 188.0] },
  { lang: 'hi', xlmr: [505.6, 368.5, 351.7], labse: [299.8, 250.8, 255.6] },
  { lang: 'ru', xlmr: [367.9, 271.7, 245.6], labse: [226.5, 195.5, 189.3] },
  { lang: 'th', xlmr: [431.6, 316.9, 304.4], labse: [391.5, 325.9, 323.9] },
  { lang: 'tr', xlmr: [422.4, 309.0, 288.4], labse: [253.8, 225.4, 222.9] },
  { lang: 'vi', xlmr: [395.0, 289.4, 295.6], labse: [245.2, 208.6, 204.8] },
  { lang: 'zh', xlmr: [357.3, 258.1, 251.2], labse: [236.3, 203.9, 209.0] },
  { lang: 'Mean', xlmr: [410.2, 295.4, 286.6], labse: [261.5, 225.2, 221.1] },
];

export const PAPER_TABLE8_MLQA: readonly PaperRdRow[] = [
  { lang: 'ar', xlmr: [298.2, 248.1, 247.0], labse: [245.7, 223.5, 208.9] },
  { lang: 'de', xlmr: [248.4, 219.7, 211.5], labse: [204.1, 179.9, 194.7] },
  { lang: 'en', xlmr: [458.4, 371.6, 366.9], labse: [340.6, 304.0, 291.3] },
  { lang: 'es', xlmr: [179.7, 146.7, 135.0], labse: [152.6, 145.0, 143.6] },
  { lang: 'hi', xlmr: [275.0, 200.1, 199.0], labse: [204.8, 186.1, 160.6] },
  { lang: 'vi', xlmr: [296.6, 213.2, 223.4], labse: [225.2, 194.6, 205.5] },
  { lang: 'zh', xlmr: [255.9, 187.4, 207.2], labse: [204.4, 155.1, 160.7] },
  { lang: 'Mean', xlmr: [287.5, 226.7, 227.1], labse: [225.3, 198.3, 195.0] },
];

/**
 * Tables 3–6: per query language, 9 values: Mo. [X-X-mono, X-Y, H], Cr. [X-X-mono, X-Y, H], Mul. [X-X-mono,
 * X-Y, H]. In the Recall tables Mo. and Cr. are R@1 and Mul. is R@10. The last row is the printed Mean.
 */
export interface PaperPerLanguageTable {
  table: number;
  init: PaperInit;
  dataset: 'xquad-r' | 'mlqa-r';
  kind: 'MAP' | 'Recall';
  rows: ReadonlyArray<{ lang: string; values: readonly number[] }>;
}
export const PAPER_PER_LANGUAGE: readonly PaperPerLanguageTable[] = [
  {
    table: 3,
    init: 'XLM-R',
    dataset: 'xquad-r',
    kind: 'MAP',
    rows: [
      { lang: 'ar', values: [0.7581, 0.7318, 0.7619, 0.6064, 0.6607, 0.6564, 0.487, 0.5519, 0.5416] },
      { lang: 'de', values: [0.7893, 0.7694, 0.8033, 0.6979, 0.7147, 0.7222, 0.5653, 0.6113, 0.6133] },
      { lang: 'el', values: [0.7749, 0.7226, 0.7844, 0.6492, 0.6791, 0.683, 0.5127, 0.5638, 0.5599] },
      { lang: 'en', values: [0.8327, 0.7892, 0.8389, 0.7247, 0.7319, 0.7473, 0.5984, 0.631, 0.6436] },
      { lang: 'es', values: [0.8019, 0.7617, 0.8089, 0.7072, 0.7178, 0.7332, 0.582, 0.6123, 0.6245] },
      { lang: 'hi', values: [0.778, 0.7461, 0.787, 0.641, 0.6835, 0.676, 0.5171, 0.5787, 0.5666] },
      { lang: 'ru', values: [0.802, 0.7758, 0.8125, 0.694, 0.7103, 0.7186, 0.5763, 0.6076, 0.6104] },
      { lang: 'th', values: [0.7634, 0.7312, 0.7697, 0.6623, 0.6963, 0.6978, 0.5442, 0.5862, 0.5876] },
      { lang: 'tr', values: [0.7801, 0.7479, 0.7913, 0.6748, 0.7013, 0.7078, 0.5524, 0.6005, 0.5989] },
      { lang: 'vi', values: [0.8113, 0.7624, 0.8025, 0.6742, 0.6904, 0.7017, 0.5417, 0.5817, 0.5781] },
      { lang: 'zh', values: [0.8178, 0.771, 0.8146, 0.6795, 0.7105, 0.7144, 0.5496, 0.6023, 0.5957] },
      { lang: 'Mean', values: [0.7918, 0.7554, 0.7977, 0.6737, 0.6997, 0.7053, 0.5479, 0.5934, 0.5927] },
    ],
  },
  {
    table: 3,
    init: 'XLM-R',
    dataset: 'xquad-r',
    kind: 'Recall',
    rows: [
      { lang: 'ar', values: [0.6596, 0.6276, 0.6639, 0.4907, 0.5463, 0.5419, 0.4272, 0.4811, 0.4722] },
      { lang: 'de', values: [0.698, 0.6726, 0.7149, 0.5883, 0.6053, 0.6148, 0.4929, 0.5308, 0.5322] },
      { lang: 'el', values: [0.6875, 0.6166, 0.6968, 0.531, 0.5666, 0.5726, 0.4495, 0.4904, 0.4923] },
      { lang: 'en', values: [0.7523, 0.6942, 0.7582, 0.62, 0.6246, 0.6447, 0.5196, 0.5445, 0.5594] },
      { lang: 'es', values: [0.7207, 0.6624, 0.7232, 0.5986, 0.6096, 0.6287, 0.5067, 0.5303, 0.5439] },
      { lang: 'hi', values: [0.6881, 0.6517, 0.6999, 0.5276, 0.574, 0.5664, 0.4514, 0.5043, 0.4957] },
      { lang: 'ru', values: [0.7108, 0.6788, 0.7277, 0.5848, 0.5994, 0.6115, 0.5047, 0.5299, 0.5323] },
      { lang: 'th', values: [0.6703, 0.6272, 0.6729, 0.5481, 0.5875, 0.5871, 0.4781, 0.5127, 0.5141] },
      { lang: 'tr', values: [0.69, 0.6453, 0.6959, 0.5669, 0.5932, 0.6026, 0.4825, 0.5196, 0.5219] },
      { lang: 'vi', values: [0.7301, 0.6599, 0.7132, 0.5631, 0.5798, 0.5949, 0.4703, 0.5038, 0.5015] },
      { lang: 'zh', values: [0.7307, 0.6732, 0.7282, 0.5666, 0.6011, 0.6081, 0.4806, 0.523, 0.5208] },
      { lang: 'Mean', values: [0.7035, 0.6554, 0.7086, 0.5623, 0.5898, 0.5976, 0.4785, 0.5155, 0.5169] },
    ],
  },
  {
    table: 4,
    init: 'XLM-R',
    dataset: 'mlqa-r',
    kind: 'MAP',
    rows: [
      { lang: 'ar', values: [0.5973, 0.577, 0.6006, 0.5351, 0.5837, 0.5787, 0.4091, 0.456, 0.4602] },
      { lang: 'de', values: [0.5915, 0.5839, 0.5999, 0.6311, 0.6531, 0.6687, 0.5095, 0.532, 0.5426] },
      { lang: 'en', values: [0.7154, 0.6932, 0.7098, 0.5771, 0.6029, 0.604, 0.4733, 0.5092, 0.5143] },
      { lang: 'es', values: [0.6829, 0.6649, 0.6809, 0.6328, 0.6528, 0.6626, 0.5468, 0.5634, 0.5751] },
      { lang: 'hi', values: [0.6426, 0.6155, 0.6397, 0.5529, 0.6, 0.6079, 0.4425, 0.4922, 0.4949] },
      { lang: 'vi', values: [0.6405, 0.6165, 0.6397, 0.573, 0.6122, 0.6069, 0.4638, 0.4908, 0.4898] },
      { lang: 'zh', values: [0.662, 0.628, 0.6659, 0.588, 0.6352, 0.6349, 0.4668, 0.5094, 0.5081] },
      { lang: 'Mean', values: [0.6475, 0.6256, 0.6481, 0.5843, 0.62, 0.6234, 0.4731, 0.5076, 0.5121] },
    ],
  },
  {
    table: 4,
    init: 'XLM-R',
    dataset: 'mlqa-r',
    kind: 'Recall',
    rows: [
      { lang: 'ar', values: [0.4971, 0.4778, 0.4952, 0.4142, 0.4639, 0.4583, 0.528, 0.5817, 0.5811] },
      { lang: 'de', values: [0.4883, 0.4785, 0.498, 0.5247, 0.5394, 0.5599, 0.619, 0.6462, 0.6558] },
      { lang: 'en', values: [0.6307, 0.6028, 0.6237, 0.4648, 0.4916, 0.4939, 0.5833, 0.6222, 0.619] },
      { lang: 'es', values: [0.58, 0.56, 0.584, 0.5174, 0.5434, 0.5587, 0.651, 0.6738, 0.675] },
      { lang: 'hi', values: [0.5404, 0.5168, 0.5325, 0.4306, 0.4746, 0.4821, 0.5656, 0.6187, 0.6264] },
      { lang: 'vi', values: [0.544, 0.5108, 0.544, 0.4536, 0.4969, 0.491, 0.5752, 0.6076, 0.6058] },
      { lang: 'zh', values: [0.5437, 0.5079, 0.5556, 0.4706, 0.5193, 0.5295, 0.589, 0.6417, 0.6344] },
      { lang: 'Mean', values: [0.5463, 0.5221, 0.5476, 0.468, 0.5042, 0.5105, 0.5873, 0.6274, 0.6282] },
    ],
  },
  {
    table: 5,
    init: 'LaBSE',
    dataset: 'xquad-r',
    kind: 'MAP',
    rows: [
      { lang: 'ar', values: [0.7901, 0.7848, 0.7963, 0.7257, 0.7351, 0.7356, 0.6218, 0.6481, 0.6453] },
      { lang: 'de', values: [0.8152, 0.8135, 0.8222, 0.7667, 0.774, 0.7799, 0.6632, 0.6916, 0.6945] },
      { lang: 'el', values: [0.8022, 0.7991, 0.8121, 0.7483, 0.7603, 0.762, 0.6473, 0.6783, 0.6783] },
      { lang: 'en', values: [0.8464, 0.8349, 0.8536, 0.7932, 0.7915, 0.8074, 0.6952, 0.7183, 0.7278] },
      { lang: 'es', values: [0.812, 0.8186, 0.8331, 0.7724, 0.781, 0.7892, 0.6726, 0.7021, 0.7074] },
      { lang: 'hi', values: [0.796, 0.7824, 0.8121, 0.7382, 0.7459, 0.7582, 0.6398, 0.6625, 0.6731] },
      { lang: 'ru', values: [0.8243, 0.8194, 0.8314, 0.7643, 0.7745, 0.7784, 0.6684, 0.6945, 0.6948] },
      { lang: 'th', values: [0.7611, 0.7371, 0.7555, 0.7123, 0.7315, 0.7294, 0.6079, 0.6377, 0.6372] },
      { lang: 'tr', values: [0.8086, 0.794, 0.8143, 0.7541, 0.7627, 0.7691, 0.655, 0.6824, 0.685] },
      { lang: 'vi', values: [0.8136, 0.8154, 0.8285, 0.7508, 0.7646, 0.7676, 0.6506, 0.6828, 0.6809] },
      { lang: 'zh', values: [0.8213, 0.8096, 0.8249, 0.7451, 0.759, 0.7622, 0.6464, 0.672, 0.6749] },
      { lang: 'Mean', values: [0.8083, 0.8008, 0.8167, 0.7519, 0.7618, 0.7672, 0.6517, 0.6791, 0.6817] },
    ],
  },
  {
    table: 5,
    init: 'LaBSE',
    dataset: 'xquad-r',
    kind: 'Recall',
    rows: [
      { lang: 'ar', values: [0.7001, 0.695, 0.7127, 0.6257, 0.6349, 0.6367, 0.5438, 0.5657, 0.5671] },
      { lang: 'de', values: [0.7293, 0.7276, 0.7386, 0.6695, 0.6784, 0.6861, 0.5742, 0.6074, 0.609] },
      { lang: 'el', values: [0.7162, 0.7137, 0.7255, 0.6517, 0.6649, 0.668, 0.5673, 0.5918, 0.5967] },
      { lang: 'en', values: [0.77, 0.7582, 0.7784, 0.6996, 0.6983, 0.7189, 0.6023, 0.6308, 0.6348] },
      { lang: 'es', values: [0.7266, 0.7401, 0.7603, 0.6752, 0.6889, 0.699, 0.5828, 0.6176, 0.6186] },
      { lang: 'hi', values: [0.7025, 0.6805, 0.721, 0.6396, 0.6469, 0.6623, 0.5599, 0.58, 0.5905] },
      { lang: 'ru', values: [0.7445, 0.7378, 0.7538, 0.6636, 0.677, 0.6832, 0.5823, 0.6088, 0.6066] },
      { lang: 'th', values: [0.6703, 0.6331, 0.661, 0.6108, 0.6326, 0.632, 0.5322, 0.5571, 0.5594] },
      { lang: 'tr', values: [0.7221, 0.701, 0.728, 0.6561, 0.6679, 0.6733, 0.5672, 0.5971, 0.5974] },
      { lang: 'vi', values: [0.7276, 0.7318, 0.7487, 0.6526, 0.669, 0.6732, 0.5661, 0.5979, 0.5964] },
      { lang: 'zh', values: [0.7392, 0.718, 0.7409, 0.6452, 0.6607, 0.6684, 0.5624, 0.5882, 0.5927] },
      { lang: 'Mean', values: [0.7226, 0.7124, 0.7335, 0.6536, 0.6654, 0.6728, 0.5673, 0.5948, 0.5972] },
    ],
  },
  {
    table: 6,
    init: 'LaBSE',
    dataset: 'mlqa-r',
    kind: 'MAP',
    rows: [
      { lang: 'ar', values: [0.6293, 0.6122, 0.6283, 0.6253, 0.638, 0.6441, 0.5024, 0.5271, 0.5206] },
      { lang: 'de', values: [0.6335, 0.625, 0.6405, 0.6955, 0.7095, 0.7153, 0.5756, 0.5967, 0.6013] },
      { lang: 'en', values: [0.7347, 0.7302, 0.751, 0.6534, 0.6668, 0.6733, 0.5558, 0.5787, 0.5862] },
      { lang: 'es', values: [0.7186, 0.7052, 0.7106, 0.6912, 0.7073, 0.709, 0.6037, 0.6205, 0.6235] },
      { lang: 'hi', values: [0.6783, 0.6894, 0.694, 0.6478, 0.6707, 0.6883, 0.5517, 0.5792, 0.5885] },
      { lang: 'vi', values: [0.6699, 0.663, 0.6883, 0.626, 0.6521, 0.6465, 0.5258, 0.5517, 0.5573] },
      { lang: 'zh', values: [0.7009, 0.6722, 0.6924, 0.6538, 0.6926, 0.6914, 0.5375, 0.5743, 0.5721] },
      { lang: 'Mean', values: [0.6807, 0.671, 0.6864, 0.6561, 0.6767, 0.6811, 0.5504, 0.5755, 0.5785] },
    ],
  },
  {
    table: 6,
    init: 'LaBSE',
    dataset: 'mlqa-r',
    kind: 'Recall',
    rows: [
      { lang: 'ar', values: [0.53, 0.5106, 0.5261, 0.5145, 0.5185, 0.5359, 0.6152, 0.6438, 0.6341] },
      { lang: 'de', values: [0.5352, 0.5234, 0.5391, 0.593, 0.6021, 0.6158, 0.6886, 0.7153, 0.7153] },
      { lang: 'en', values: [0.6376, 0.6324, 0.6672, 0.546, 0.5564, 0.5682, 0.6773, 0.6976, 0.6987] },
      { lang: 'es', values: [0.618, 0.6, 0.602, 0.5844, 0.6012, 0.6007, 0.7263, 0.7325, 0.7358] },
      { lang: 'hi', values: [0.5779, 0.5878, 0.6036, 0.5371, 0.5572, 0.5845, 0.6788, 0.7081, 0.7097] },
      { lang: 'vi', values: [0.5636, 0.5577, 0.591, 0.5054, 0.542, 0.5318, 0.6523, 0.668, 0.6691] },
      { lang: 'zh', values: [0.6071, 0.5556, 0.5873, 0.5412, 0.5853, 0.5907, 0.6572, 0.7002, 0.6959] },
      { lang: 'Mean', values: [0.5813, 0.5668, 0.588, 0.5459, 0.5661, 0.5754, 0.6708, 0.6951, 0.6941] },
    ],
  },
];
