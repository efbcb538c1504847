/**
 * Sanity check of the eval stage's bitext task (issue #15): an untrained model (random initialisation,
 * seed 0, mBERT vocabulary, mean pooling) must retrieve Nigerian Pidgin ↔ English translations well above
 * the chance level (pcm shares most of its words, names and numbers with English) and Yoruba ↔ English
 * ones far less. A check of the task, not of a model.
 *
 * It runs `bitextSanity` (bitext-sanity.ts, shared with the CI test bitext-sanity.test.ts): data-prep's
 * stage on the mirror (MAFAND-MT test en-pcm and en-yor — NTREX-128 has no pcm — and
 * NTREX-128 eng/yor/hau, whose three-way alignment gives the multi-way pool a rank distance), embeds every
 * query and candidate with the untrained model, and runs the eval stage on the prep tables and
 * datasets.parquet exactly as `hbt eval` would. To keep it to minutes on a small CPU it keeps `groups`
 * aligned rows per dataset (default 300, chosen by fnv1a of group_id) and a small model (hidden 64, one
 * layer). Prints the P@1 rows with their chance levels and the pool's rank distance.
 *
 * Usage (imports the packages' sources; development-time only, minutes on a small machine):
 *   HBT_DATA_MIRROR=/work/shared/data npx tsx tooling/scripts/bitext-untrained-sanity.ts [groups]
 */
import { bitextSanity, leafRows, untrainedModel } from './bitext-sanity.js';

const mirror = process.env.HBT_DATA_MIRROR ?? '/work/shared/data';
const groups = Number(process.argv[2] ?? 300);

const rows = await bitextSanity({
  mirror,
  datasets: [
    { name: 'mafand-mt', languages: ['pcm', 'yor'] },
    { name: 'ntrex-128', languages: ['yor', 'hau'] },
  ],
  groups,
  model: await untrainedModel(mirror),
  maxLength: 48,
});
for (const r of leafRows(rows))
  if (['P@1', 'P@1_chance', 'P@1_margin', 'RD', 'RD_chance'].includes(r.measure))
    console.log(
      `${r.dataset}\t${r.setting}\t${r.query_lang}→${r.doc_lang}\t${r.measure}\t${r.value.toFixed(4)}\t(n=${r.n_queries})`,
    );
