"""Build the report stage's fixture experiment (development time only; the product never runs Python).

Writes, next to this file:
  experiment/hbt.json                                   config with 6 variants (3 strategies x 2 seeds)
  experiment/fixture-artifacts/variants/<v>/eval/metrics.parquet, per_query.parquet, manifest.json
  experiment/fixture-artifacts/variants/<v>/train/train_log.parquet, manifest.json

The Parquet files are written by DuckDB (write-parquet.mjs, with the workspace's @duckdb/node-api: an
independent Parquet writer, so the test also checks that the report reads other writers' files). Per-query values are synthetic but internally consistent: every
metrics row is computed here from the per-query rows (per pair -> per query language -> macro), the
conventions the evaluator uses. Multi rows carry the rank distance's chance level (RD_chance) of a pool of
POOL candidates; on the zero-shot set (xquad-r) every arm's rank distance sits near it. Run (numpy, scipy; after pnpm install): python3 test-fixtures/report/make_fixture.py
"""
import json
import os
import shutil
import subprocess

import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
EXP = os.path.join(HERE, 'experiment')
ART = os.path.join(EXP, 'fixture-artifacts')

DATASETS = {'mlqa-r': ['de', 'en', 'es'], 'xquad-r': ['ar', 'de', 'en', 'zh']}
N_QUERIES = 8  # per language
ARMS = {'xx': ('x-x-mono', 0.5), 'xy': ('x-y', 0.5), 'hy': ('hybrid', 0.5)}
SEEDS = [1, 2]
# arm effects: (mono AP, cross AP, multi AP, rank distance) centres on the in-domain set
EFFECT = {'xx': (0.62, 0.30, 0.28, 54.0), 'xy': (0.55, 0.42, 0.38, 22.0), 'hy': (0.63, 0.43, 0.39, 20.0)}
# Multilingual pool sizes, and the rank distance's chance level (a random ranking of the pool): a query with
# k relevant among n candidates has (k - 1)(n + 1)/(k + 1). In mlqa-r every fourth query has 2 relevant
# candidates, the others one per language; in xquad-r every query has one per language.
POOL = {'mlqa-r': 120, 'xquad-r': 100}
# On the zero-shot set every arm's rank distance sits near chance (within 5 %): offsets from it.
ZERO_SHOT_RD = {'xx': 1.5, 'xy': 0.0, 'hy': -1.5}


def relevant_count(ds, i):
    langs = len(DATASETS[ds])
    return 2 if ds == 'mlqa-r' and i % 4 == 0 else langs


def chance(ds, i):
    k, n = relevant_count(ds, i), POOL[ds]
    return (k - 1) * (n + 1) / (k + 1)


PARQUET = []  # (rows as a dict of columns, output path, {column: DuckDB type}), written at the end


def parquet(columns, path, types):
    PARQUET.append((columns, path, types))


def write_parquet_files():
    manifest = []
    for i, (columns, path, types) in enumerate(PARQUET):
        names = list(types)
        rows = [dict(zip(names, vals)) for vals in zip(*(columns[c] for c in names))]
        tmp = f'{path}.{i}.json'
        with open(tmp, 'w') as f:
            json.dump([{k: (None if v is None else v.item() if hasattr(v, 'item') else v) for k, v in r.items()} for r in rows], f)
        manifest.append({'json': tmp, 'parquet': path, 'columns': types})
    spec = os.path.join(ART, 'parquet-manifest.json')
    with open(spec, 'w') as f:
        json.dump(manifest, f)
    subprocess.run(['node', os.path.join(HERE, 'write-parquet.mjs'), spec], check=True)
    os.remove(spec)


def main():
    if os.path.exists(ART):
        shutil.rmtree(ART)
    variants = []
    macro = {}  # (arm, dataset, setting, measure) -> [value per seed]
    per_query = {}  # (arm, dataset, setting, measure) -> {unit: [value per seed]}
    for arm, (strategy, alpha) in ARMS.items():
        for seed in SEEDS:
            name = f'{arm}-s{seed}'
            variants.append({'name': name, 'set': {'sampler.strategy': strategy, 'sampler.alpha': alpha, 'seed': seed}})
            m_rows, pq_rows = write_variant(name, arm, seed)
            for ds, st, q, d, meas, v in zip(*(m_rows[k] for k in ['dataset', 'setting', 'query_lang', 'doc_lang', 'measure', 'value'])):
                if q == '*' and d == '*':
                    macro.setdefault((arm, ds, st, meas), []).append(v)
            for ds, st, q, d, qid, meas, v in zip(*(pq_rows[k] for k in pq_rows)):
                per_query.setdefault((arm, ds, st, meas), {}).setdefault((q, d, qid), []).append(v)
    write_expected(macro, per_query)
    write_parquet_files()
    config = {
        'name': 'report-fixture',
        'seed': 13,
        'artifacts': 'fixture-artifacts',
        'data': {'train': [{'name': 'mlqa-r'}], 'eval': [{'name': 'mlqa-r'}, {'name': 'xquad-r'}]},
        'model': {'hidden': 64, 'layers': 2, 'heads': 2},
        'sampler': {'steps': 60, 'batch_size': 8},
        'report': {'permutation_samples': 999, 'bootstrap_samples': 500},
        'variants': variants,
    }
    with open(os.path.join(EXP, 'hbt.json'), 'w') as f:
        json.dump(config, f, indent=2)
        f.write('\n')


def write_variant(name, arm, seed):
    rng = np.random.default_rng(1000 * seed + sum(map(ord, arm)))
    mono_c, cross_c, multi_c, rd_c = EFFECT[arm]
    pq_rows = {k: [] for k in ['dataset', 'setting', 'query_lang', 'doc_lang', 'query_id', 'measure', 'value']}
    m_rows = {k: [] for k in ['dataset', 'setting', 'query_lang', 'doc_lang', 'measure', 'value', 'n_queries']}

    def add_pq(ds, setting, q, d, qid, measure, v):
        for k, x in zip(pq_rows, [ds, setting, q, d, qid, measure, float(v)]):
            pq_rows[k].append(x)

    def add_m(ds, setting, q, d, measure, v, n):
        for k, x in zip(m_rows, [ds, setting, q, d, measure, float(v), int(n)]):
            m_rows[k].append(x)

    for ds, langs in DATASETS.items():
        shift = 0.0 if ds == 'mlqa-r' else -0.15  # zero-shot set: lower
        for setting in ['mono', 'cross', 'multi']:
            centre = {'mono': mono_c, 'cross': cross_c, 'multi': multi_c}[setting] + shift
            per_lang = {m: {} for m in ['AP', 'R@1', 'R@10', 'RD', 'RD_chance']}
            for q in langs:
                targets = [q] if setting == 'mono' else ([d for d in langs if d != q] if setting == 'cross' else ['*'])
                pair_vals = {m: [] for m in per_lang}
                for d in targets:
                    ap = np.clip(centre + rng.normal(0, 0.12, N_QUERIES), 0.01, 1.0)
                    r1 = (rng.random(N_QUERIES) < ap).astype(float)
                    r10 = np.clip(ap + 0.25, 0, 1)
                    for i in range(N_QUERIES):
                        qid = f'{ds}-{q}-{i}'
                        add_pq(ds, setting, q, d, qid, 'AP', ap[i])
                        add_pq(ds, setting, q, d, qid, 'R@1', r1[i])
                        add_pq(ds, setting, q, d, qid, 'R@10', r10[i])
                    add_m(ds, setting, q, d, 'AP', ap.mean(), N_QUERIES)
                    add_m(ds, setting, q, d, 'R@1', r1.mean(), N_QUERIES)
                    add_m(ds, setting, q, d, 'R@10', r10.mean(), N_QUERIES)
                    pair_vals['AP'].append(ap.mean())
                    pair_vals['R@1'].append(r1.mean())
                    pair_vals['R@10'].append(r10.mean())
                    if setting == 'multi':
                        ch = np.array([chance(ds, i) for i in range(N_QUERIES)])
                        if ds == 'mlqa-r':
                            rd = np.maximum(0, np.round(rd_c + rng.normal(0, 6, N_QUERIES)))
                        else:
                            rd = np.round(ch.mean() + ZERO_SHOT_RD[arm] + rng.normal(0, 3, N_QUERIES))
                        for i in range(N_QUERIES):
                            add_pq(ds, setting, q, d, f'{ds}-{q}-{i}', 'RD', rd[i])
                            add_pq(ds, setting, q, d, f'{ds}-{q}-{i}', 'RD_chance', ch[i])
                        add_m(ds, setting, q, d, 'RD', rd.mean(), N_QUERIES)
                        add_m(ds, setting, q, d, 'RD_chance', ch.mean(), N_QUERIES)
                        pair_vals['RD'].append(rd.mean())
                        pair_vals['RD_chance'].append(ch.mean())
                for m, vals in pair_vals.items():
                    if vals:
                        per_lang[m][q] = float(np.mean(vals))
                        if setting == 'cross':  # per-query-language rows (multi's pair row is already (q, '*'))
                            add_m(ds, setting, q, '*', m, per_lang[m][q], N_QUERIES)
            for m, by_lang in per_lang.items():
                if by_lang:
                    add_m(ds, setting, '*', '*', m, np.mean(list(by_lang.values())), N_QUERIES * len(langs))

    eval_dir = os.path.join(ART, 'variants', name, 'eval')
    train_dir = os.path.join(ART, 'variants', name, 'train')
    os.makedirs(eval_dir)
    os.makedirs(train_dir)
    parquet(m_rows, os.path.join(eval_dir, 'metrics.parquet'),
            {k: ('DOUBLE' if k == 'value' else 'INTEGER' if k == 'n_queries' else 'VARCHAR') for k in m_rows})
    parquet(pq_rows, os.path.join(eval_dir, 'per_query.parquet'),
            {k: ('DOUBLE' if k == 'value' else 'VARCHAR') for k in pq_rows})

    steps = np.arange(0, 60, 5, dtype=np.int32)
    loss = 3.5 * np.exp(-steps / (25 + 5 * seed)) + 0.4 + rng.normal(0, 0.05, len(steps))
    tau = {'xx': 26, 'xy': 30, 'hy': 34}[arm] + 2 * seed
    val = [float(3.6 * np.exp(-s / tau) + 0.6) if s % 10 == 0 else None for s in steps]
    log = {
        'step': [int(x) for x in steps],
        'loss': [float(x) for x in loss],
        'lr': [float(x) for x in np.linspace(5e-4, 0, len(steps))],
        'grad_norm': [float(x) for x in np.abs(rng.normal(1, 0.2, len(steps)))],
        'pairs_per_s': [40.0] * len(steps),
        'val_loss': val,
    }
    parquet(log, os.path.join(train_dir, 'train_log.parquet'),
            {'step': 'INTEGER', 'loss': 'DOUBLE', 'lr': 'DOUBLE', 'grad_norm': 'DOUBLE', 'pairs_per_s': 'DOUBLE',
             'val_loss': 'DOUBLE'})
    ret = (m_rows, pq_rows)
    for d, stage in [(train_dir, 'train'), (eval_dir, 'eval')]:
        with open(os.path.join(d, 'manifest.json'), 'w') as f:
            json.dump({'stage': stage, 'backend': 'wasm' if stage == 'train' else None, 'stats': {}}, f, indent=2)
            f.write('\n')
    return ret


LABEL = {'xx': 'X-X-mono', 'xy': 'X-Y', 'hy': 'Hybrid α=0.5'}


def write_expected(macro, per_query):
    """Independent golden values (numpy/scipy) for the report's tables and paired differences."""
    tables = []
    for (arm, ds, st, meas), vals in sorted(macro.items()):
        x = np.array(vals)
        half = stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x))
        tables.append({'arm': LABEL[arm], 'dataset': ds, 'setting': st, 'measure': meas, 'mean': x.mean(),
                       'std': x.std(ddof=1), 'ci_low': x.mean() - half, 'ci_high': x.mean() + half})
    diffs = []
    for (arm, ds, st, meas), units in sorted(per_query.items()):
        if arm != 'hy' or meas not in ('AP', 'RD'):
            continue
        for base in ('xx', 'xy'):
            other = per_query[(base, ds, st, meas)]
            by_stratum = {}
            for key, v in units.items():
                by_stratum.setdefault((key[0], key[1]), []).append(np.mean(v) - np.mean(other[key]))
            diff = np.mean([np.mean(d) for d in by_stratum.values()])
            row = {'hybrid': LABEL['hy'], 'baseline': LABEL[base], 'dataset': ds, 'setting': st,
                   'measure': meas, 'diff': diff, 'n_units': len(units)}
            if meas == 'RD':
                # chance level over the paired queries, macro over strata; each arm within 5 % of it?
                ch_units = per_query[('hy', ds, st, 'RD_chance')]
                strata = {}
                for key in units:
                    strata.setdefault((key[0], key[1]), []).append(np.mean(ch_units[key]))
                level = np.mean([np.mean(v) for v in strata.values()])

                def macro(arm_units):
                    by = {}
                    for key, v in arm_units.items():
                        by.setdefault((key[0], key[1]), []).append(np.mean(v))
                    return np.mean([np.mean(v) for v in by.values()])

                h_at = abs(macro(units) - level) <= 0.05 * level
                b_at = abs(macro(other) - level) <= 0.05 * level
                row['chance_level'] = level
                row['at_chance'] = 'both' if h_at and b_at else 'hybrid' if h_at else 'baseline' if b_at else 'neither'
            diffs.append(row)
    with open(os.path.join(HERE, 'expected.json'), 'w') as f:
        json.dump({'tables': tables, 'differences': diffs}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
