#!/usr/bin/env python3
"""Independent reference counts for the low-resource readers (issue #15), computed with Python's csv and
json modules straight from the mirror's files; `packages/data-prep/src/lowres-readers.test.ts` pins them.

Usage: python3 tooling/scripts/lowres-reference-counts.py [mirror folder, default ../shared/data]
"""
import csv, json, os, re, sys, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
M = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(ROOT), 'shared', 'data')
csv.field_size_limit(1 << 30)


def tsv(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.reader(f, delimiter='\t'))


def key(s):  # the leak normalisation: NFC, lower case, white space collapsed
    return ' '.join(unicodedata.normalize('NFC', s).lower().split())


out = {}
# MAFAND-MT: records per train/test file (header excluded), and records with both sides non-empty.
maf = {}
d = f'{M}/mafand-mt/data/tsv_files'
for pair in sorted(os.listdir(d)):
    for split in ['train', 'dev', 'test']:
        p = f'{d}/{pair}/{split}.tsv'
        if not os.path.exists(p):
            continue
        rows = tsv(p)[1:]
        rows = [r for r in rows if r]
        good = [r for r in rows if len(r) == 2 and r[0].strip() and r[1].strip()]
        maf[f'{pair}/{split}'] = [len(rows), len(good)]
out['mafand'] = maf
# Leak: English test sentences of en-yor / en-zul that occur (normalised) in the train files of other pairs.
train_texts = set()
for pair in os.listdir(d):
    p = f'{d}/{pair}/train.tsv'
    if os.path.exists(p):
        for r in tsv(p)[1:]:
            for t in r:
                train_texts.add(key(t))
for f in ['train.en', 'train.swa']:
    for line in open(f'{M}/mafand-mt/data/text_files/en-swa/{f}', encoding='utf-8'):
        train_texts.add(key(line.rstrip('\n')))
leak = {}
en_swa = [key(l.rstrip('\n')) for l in open(f'{M}/mafand-mt/data/text_files/en-swa/train.en', encoding='utf-8')]
for lang in ['yor', 'zul']:
    eng = [key(r[0]) for r in tsv(f'{d}/en-{lang}/test.tsv')[1:] if r]
    own = {key(r[0]) for r in tsv(f'{d}/en-{lang}/train.tsv')[1:] if r}
    others = set(en_swa)
    for pair in os.listdir(d):
        p = f'{d}/{pair}/train.tsv'
        if pair != f'en-{lang}' and os.path.exists(p):
            others |= {key(r[0]) for r in tsv(p)[1:] if r}
    # Test rows (duplicates counted, as the issue counts them) whose English side is in a train file.
    leak[lang] = {
        'test_rows': len(eng),
        'in_other_pairs_train': sum(1 for e in eng if e in others),
        'in_own_train': sum(1 for e in eng if e in own),
    }
out['leak'] = leak
# The pairs prep must drop with exclude_eval_text when en-yor and en-zul test are evaluated and every
# MAFAND-MT train split is trained on (both directions: 2 pairs per aligned row).
ev = set()
for lang in ['yor', 'zul']:
    for r in tsv(f'{d}/en-{lang}/test.tsv')[1:]:
        if len(r) == 2 and r[0].strip() and r[1].strip():
            ev.add(key(r[0]))
            ev.add(key(r[1]))
dropped = 0
total = 0
for pair in sorted(os.listdir(d)):
    p = f'{d}/{pair}/train.tsv'
    rows = []
    if os.path.exists(p):
        rows = [r for r in tsv(p)[1:] if len(r) == 2 and r[0].strip() and r[1].strip()]
    elif pair == 'en-swa':
        en = open(f'{M}/mafand-mt/data/text_files/en-swa/train.en', encoding='utf-8').read().split('\n')[:-1]
        sw = open(f'{M}/mafand-mt/data/text_files/en-swa/train.swa', encoding='utf-8').read().split('\n')[:-1]
        rows = [[a, b] for a, b in zip(en, sw) if a.strip() and b.strip()]
    for a, b in rows:
        total += 2
        if key(a) in ev or key(b) in ev:
            dropped += 2
out['leak_pairs'] = {'train_pairs_both_directions': total, 'dropped': dropped}
# AfriQA: per language and split, questions and those with a gold passage; pooled unique test passages.
afr = {}
pool = set()
for lang in sorted(os.listdir(f'{M}/afriqa/data/queries')):
    for split in ['train', 'dev', 'test']:
        qd = f'{M}/afriqa/data/queries/{lang}'
        qf = [f for f in os.listdir(qd) if f.endswith(f'.{split}.json')][0]
        qs = [json.loads(l) for l in open(f'{qd}/{qf}', encoding='utf-8') if l.strip()]
        gd = f'{M}/afriqa/data/gold_passages/{lang}'
        gf = [f for f in os.listdir(gd) if f.endswith(f'.{split}.json')] if os.path.isdir(gd) else []
        gold = {}
        pivot = qf.split('.')[3]
        if gf:
            for l in open(f'{gd}/{gf[0]}', encoding='utf-8'):
                if l.strip():
                    g = json.loads(l)
                    # A gold row with no passage (context null: 5 bem test rows, …) retrieves nothing.
                    if isinstance(g.get('context'), str) and g['context'].strip():
                        gold[str(g['id'])] = g
        ret = [q for q in qs if str(q['id']) in gold]
        afr[f'{lang}/{split}'] = [len(qs), len(ret)]
        if split == 'test':
            for q in ret:
                g = gold[str(q['id'])]
                pool.add((pivot, g['title'], g['context']))
out['afriqa'] = afr
out['afriqa_test_pool'] = len(pool)
# MasakhaNEWS: data rows per language and split (csv quoting), those with a headline and text.
news = {}
for lang in sorted(os.listdir(f'{M}/masakhane-news/data')):
    for split in ['train', 'dev', 'test']:
        p = f'{M}/masakhane-news/data/{lang}/{split}.tsv'
        if os.path.exists(p):
            rows = [r for r in tsv(p)[1:] if r]
            news[f'{lang}/{split}'] = [len(rows), sum(1 for r in rows if len(r) == 4 and r[1].strip() and r[2].strip())]
out['news'] = news
# NTREX and Tatoeba: lines per file, non-empty lines.
nt = {}
for f in sorted(os.listdir(f'{M}/ntrex-128/NTREX-128')):
    lines = open(f'{M}/ntrex-128/NTREX-128/{f}', encoding='utf-8').read().split('\n')[:-1]
    nt[f] = [len(lines), sum(1 for l in lines if l.strip())]
out['ntrex'] = nt
tt = {}
td = f'{M}/tatoeba/data/tatoeba/v1'
for f in sorted(os.listdir(td)):
    if f.startswith('tatoeba.'):
        lines = open(f'{td}/{f}', encoding='utf-8').read().split('\n')
        if lines and lines[-1] == '':
            lines = lines[:-1]
        tt[f] = [len(lines), sum(1 for l in lines if l.strip())]
out['tatoeba'] = tt
# SIB-200: rows per language and split (csv quoting).
sib = {}
sd = f'{M}/flores-sib200/data/annotated'
for lang in sorted(os.listdir(sd)):
    sib[lang] = [len([r for r in tsv(f'{sd}/{lang}/{s}.tsv')[1:] if r]) for s in ['train', 'dev', 'test']]
out['sib200'] = sib
json.dump(out, sys.stdout, indent=1, sort_keys=True)
print()
