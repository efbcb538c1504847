#!/usr/bin/env python3
"""Read a prep directory back with pyarrow and check what the evaluator and sampler rely on, independently
of hbt's own reader: unique ids, every qrel pointing at existing rows, bitext groups spanning two or more
languages with query_id == doc_id, qa/news queries each with a qrel, datasets.parquet naming a known task
for every evaluated dataset, and no training pair sharing a text with an eval set when
data.pairs.exclude_eval_text was on. Prints counts; exits 1 on the first violation.

Usage: python3 tooling/scripts/check-prep-tables.py <artifacts>/prep
"""
import collections, json, sys, unicodedata
import pyarrow.parquet as pq

d = sys.argv[1]
t = {n: pq.read_table(f'{d}/{n}.parquet').to_pylist() for n in ['corpus', 'queries', 'qrels', 'train_pairs', 'val_pairs', 'datasets']}
manifest = json.load(open(f'{d}/manifest.json'))


def fail(msg):
    print('FAIL:', msg)
    sys.exit(1)


for name, key in [('corpus', 'doc_id'), ('queries', 'query_id')]:
    ids = [r[key] for r in t[name]]
    if len(ids) != len(set(ids)):
        fail(f'duplicate {key} in {name}')
docs = {r['doc_id']: r for r in t['corpus']}
queries = {r['query_id']: r for r in t['queries']}
for q in t['qrels']:
    if q['query_id'] not in queries or q['doc_id'] not in docs:
        fail(f'qrel {q} points at a missing row')
tasks = {r['dataset']: r for r in t['datasets']}
for r in t['datasets']:
    if r['task'] not in ('lareqa', 'trec', 'bitext', 'qa', 'news'):
        fail(f'unknown task {r}')
judged = collections.Counter(q['query_id'] for q in t['qrels'])
for ds in sorted({r['dataset'] for r in t['queries']}):
    task = tasks.get(ds, {}).get('task')
    if task is None:
        fail(f'{ds} has eval rows but no datasets.parquet row')
    rows = [r for r in t['queries'] if r['dataset'] == ds]
    if task == 'bitext':
        groups = collections.defaultdict(set)
        for r in rows:
            groups[r['group_id']].add(r['lang'])
            if r['query_id'] not in docs:
                fail(f'bitext query {r["query_id"]} is not a corpus row')
        if any(len(g) < 2 for g in groups.values()):
            fail(f'{ds}: a bitext group with one language')
        print(f'{ds}: bitext, {len(rows)} sentences, {len(groups)} groups, languages {sorted(tasks[ds]["languages"])}, pivot {tasks[ds]["pivot"]}')
    elif task in ('qa', 'news'):
        if any(judged[r['query_id']] == 0 for r in rows):
            fail(f'{ds}: a {task} query without a qrel')
        pool = sum(1 for r in t['corpus'] if r['dataset'] == ds)
        print(f'{ds}: {task}, {len(rows)} queries, pool {pool}, languages {sorted(tasks[ds]["languages"])}')
if manifest['config']['data']['pairs'].get('exclude_eval_text'):
    key = lambda s: ' '.join(unicodedata.normalize('NFC', s).lower().split())
    evalnames = {r['name'] for r in manifest['config']['data']['eval']}
    ev = {key(r['text']) for r in t['queries'] + t['corpus'] if r['dataset'] in evalnames}
    for p in t['train_pairs'] + t['val_pairs']:
        if key(p['query_text']) in ev or key(p['pos_text']) in ev:
            fail(f'pair {p["pair_id"]} shares a text with an eval set')
    print('no training pair shares a text with an eval set')
print(f'train pairs {len(t["train_pairs"])}, val pairs {len(t["val_pairs"])}: OK')
