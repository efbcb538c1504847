#!/usr/bin/env python3
"""Generates packages/data-prep/src/registry/<dataset>.ts for the six low-resource datasets of issue #15 from
each ../shared/data/<name>/SOURCE.md: every file's path, size, sha256 (checked against the mirror's bytes
before a row is written) and canonical raw URL at the pinned commit. Development-time tool.

Usage: python3 tooling/scripts/make-lowres-registry.py [mirror folder, default ../shared/data]
       pnpm exec biome format --write packages/data-prep/src/registry
(The committed files were written this way; some notes were edited by hand afterwards, so a rerun shows
those edits as a diff to review, not to take.)
"""
import hashlib, os, re, sys
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
M = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(ROOT), 'shared', 'data')
OUT = os.path.join(ROOT, 'packages', 'data-prep', 'src', 'registry')
os.makedirs(OUT, exist_ok=True)
META = {
 'ntrex-128': dict(format='ntrex', const='NTREX_128', title='NTREX-128: 1,997 WMT19 news sentences, English + 37 translations (25 African), line-aligned',
   licence='CC-BY-SA-4.0',
   notes='Test data only (never train on it): multi-way parallel, line i of every file is the same sentence. Source language codes as in the file names (sna-Latn, zho-CN). Language codes normalised to ISO 639-3 (sna-Latn -> sna, zho-CN -> zho); bitext task, eval only.',
   langs=lambda ps: [re.match(r'NTREX-128/newstest2019-(?:ref|src)\.(.+)\.txt$',p).group(1) for p in ps if p.startswith('NTREX-128/')]),
 'flores-sib200': dict(format='flores-sib200', const='FLORES_SIB200', title='FLORES-200 via SIB-200: 701/99/204 sentences per language (train/dev/test), 66 language variants, aligned by index_id',
   licence='CC-BY-SA-4.0 (FLORES-200 text); repository Apache-2.0',
   notes='Multi-way parallel by index_id, with a topic label; bitext in any direction, small train split. Codes normalised to ISO 639-3 (+ script where not the usual one: swh_Latn -> swa, arb_Latn -> arb-Latn, zho_Hant -> zho-Hant); eval split test (bitext), train split train.',
   langs=lambda ps: sorted({p.split('/')[2] for p in ps if p.startswith('data/annotated/')})),
 'mafand-mt': dict(format='mafand-mt', const='MAFAND_MT', title='MAFAND-MT: news translations English/French <-> 16 African languages (train/dev/test TSV)',
   licence='CC-BY-NC-4.0 (NON-COMMERCIAL; code GPL-3.0)',
   notes='NON-COMMERCIAL licence: research use only. en-swa train is data/text_files/en-swa/train.{en,swa}; some English test sentences (yor, zul) also occur in other pairs\' train files. Codes normalised (en -> eng, fr -> fra); eval split test (bitext per pair), train split train (cross pairs, data.train[].direction).',
   langs=lambda ps: ['en','fr']+sorted({p.split('/')[2].split('-')[1] for p in ps if p.startswith('data/tsv_files/')})),
 'afriqa': dict(format='afriqa', const='AFRIQA', title='AfriQA: questions in 10 African languages, English/French translations, gold pivot-language Wikipedia passages',
   licence='CC-BY-4.0',
   notes='Cross-lingual QA retrieval; gold passages only (no full corpus): wol has none, swa and yor have no dev gold file. Codes normalised (en -> eng, fr -> fra); qa task over the gold passages; train split: mono and cross pairs.',
   langs=lambda ps: sorted({p.split('/')[2] for p in ps if p.startswith('data/queries/')})+['en','fr']),
 'masakhane-news': dict(format='masakhane-news', const='MASAKHANE_NEWS', title='MasakhaNEWS: news (category, headline, text, url) in 9 languages, train/dev/test TSV',
   licence='no licence at the pinned commit (MIT in c1f6b6b): treat as research use',
   notes='Monolingual headline -> article pairs. train.tsv of eng, hau and swa is not in the mirror (over its size limit). news task (headline -> article, per language); train split: mono pairs.',
   langs=lambda ps: sorted({p.split('/')[1] for p in ps if p.startswith('data/') and p.count('/')==2})),
 'tatoeba': dict(format='tatoeba', const='TATOEBA', title='Tatoeba (XTREME): up to 1,000 sentences x 112 languages aligned with English',
   licence='CC-BY-2.0-FR (Tatoeba sentences); repository BSD',
   notes='Bitext retrieval test sets (XTREME / XTREME-R task): tatoeba.<xxx>-eng.{<xxx>,eng}, line-aligned. bitext task (xx <-> eng), eval only.',
   langs=lambda ps: sorted({re.match(r'data/tatoeba/v1/tatoeba\.(\w+)-eng\.',p).group(1) for p in ps if '/tatoeba.' in p})+['eng']),
}
for name, m in META.items():
    src = open(f'{M}/{name}/SOURCE.md').read()
    o = re.search(r'origin: https://github.com/(\S+) at commit ([0-9a-f]{40})', src)
    repo, commit = o.group(1), o.group(2)
    assert f'https://raw.githubusercontent.com/{repo}/{commit}/<path>' in src
    rows = []
    for line in src.splitlines():
        mm = re.match(r'^\| (\S+) \| ([0-9a-f]{64}) \| (\d+) \|$', line)
        if not mm:
            if line.startswith('| ') and not line.startswith('| path') and not line.startswith('| ---'):
                assert 'missing in the snapshot' in line, line
                print('skip', name, line, file=sys.stderr)
            continue
        p, sha, n = mm.group(1), mm.group(2), int(mm.group(3))
        b = open(f'{M}/{name}/{p}','rb').read()
        assert len(b) == n and hashlib.sha256(b).hexdigest() == sha, (name, p)
        rows.append((p, n, sha))
    paths = [r[0] for r in rows]
    langs = m['langs'](paths)
    print(name, len(rows), len(langs), file=sys.stderr)
    fn = name
    body = '\n'.join(f"    ['{p}', {n:_}, '{s}']," for p, n, s in rows)
    q = lambda s: "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"
    ts = f"""/**
 * Registry entry `{name}` (issue #15): {len(rows)} files of {repo} at a pinned commit, generated from the
 * mirror's `{name}/SOURCE.md` (every sha256 and size checked against the mirror's bytes).
 *
 * @example
 * {m['const']}.files.length; // {len(rows)}
 */
import type {{ DatasetEntry }} from '../registry.js';
import {{ files, gh }} from './rows.js';

const COMMIT = '{commit}';

export const {m['const']}: DatasetEntry = {{
  name: '{name}',
  title: {q(m['title'])},
  format: '{m['format']}',
  licence: {q(m['licence'])},
  languages: '{' '.join(langs)}'.split(' '),
  source: '{repo}@{commit}',
  notes: {q(m['notes'])},
  files: files(
    (p) => gh('{repo}', COMMIT, p),
    // biome-ignore format: generated table, one file per line
    [
{body}
    ],
  ),
}};
"""
    open(f'{OUT}/{fn}.ts','w').write(ts)
