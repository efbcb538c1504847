#!/usr/bin/env python3
"""Golden values for @hbt/evaluator's LAReQA settings on XQuAD-R, from scikit-learn and numpy.

Development-time only (the product never runs Python). Independently of hbt's code, this script:

1. builds XQuAD-R's retrieval structure from the LAReQA JSON files: candidates are the sentences of every
   paragraph (cut from `context` by `sentence_breaks`); a question's relevant set is the sentence holding
   its answer (`answer_start`) in every language, linked by the question id;
2. draws deterministic embeddings (numpy seed 0, dim 8): a vector per question id shared by its
   translations and its answer sentences, a vector per language, plus noise (so that AP spans 0..1 and
   ranks show a language bias), stored as float32;
3. scores with float64 dot products and computes, per query, scikit-learn's `average_precision_score`
   over every candidate of the multilingual pool, the rank distance (max − min rank of the relevant
   candidates, ranks by numpy), and R@10; per (query language, candidate language) pair, the mean AP
   (scikit-learn) and R@1 (numpy) of the monolingual and cross-lingual settings.

Outputs (test-fixtures/evaluator/xquad-r-dim8/):
  queries.arrow, corpus.arrow  embeddings as Arrow IPC files (id, lang, embedding: fixed_size_list<float32, 8>)
  relevant.json                {question id: [candidate ids, one per language]}
  golden.json                  the reference values: multi.ap / multi.rank_distance per query (in
                               queries.arrow order), multi.r10_by_lang, and pairs["X Y"] = {ap, r1, n}
                               (mean over X's queries against Y's candidates; X = Y is mono)

Usage: pip install numpy scikit-learn pyarrow
       python3 tooling/scripts/make-eval-golden.py [--data DIR/xquad-r] [--out DIR]
"""
import argparse
import json
import os
import sys

import numpy as np
import pyarrow as pa
from sklearn.metrics import average_precision_score

DIM = 8
SEED = 0
DATASET = "xquad-r"


def default_data_dir() -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.normpath(os.path.join(here, "..", ".."))
    base = os.environ.get("HBT_DATA_MIRROR") or os.path.join(repo, "..", "shared", "data")
    return os.path.join(base, "xquad-r")


def load_structure(data_dir: str):
    """Candidates, queries and relevance of XQuAD-R, built from the raw JSON."""
    langs = sorted(f[:-5] for f in os.listdir(data_dir) if f.endswith(".json"))
    cands = []  # (id, lang)
    queries = []  # (id, lang, question id)
    answer_of = {}  # question id -> {lang: candidate id}
    for lang in langs:
        with open(os.path.join(data_dir, lang + ".json"), encoding="utf-8") as f:
            data = json.load(f)
        p_index = 0
        for article in data["data"]:
            for para in article["paragraphs"]:
                breaks = para["sentence_breaks"]
                ids = [f"{DATASET}/{lang}/{p_index}-{s}" for s in range(len(breaks))]
                for cid in ids:
                    cands.append((cid, lang))
                for qa in para["qas"]:
                    start = qa["answers"][0]["answer_start"]
                    hits = [s for s, (b, e) in enumerate(breaks) if b <= start < e]
                    if len(hits) != 1:
                        sys.exit(f"{lang}: question {qa['id']}: answer start {start} in {len(hits)} sentences")
                    queries.append((f"{DATASET}/{lang}/{qa['id']}", lang, qa["id"]))
                    answer_of.setdefault(qa["id"], {})[lang] = ids[hits[0]]
                p_index += 1
    return langs, cands, queries, answer_of


def embeddings(langs, cands, queries, answer_of):
    rng = np.random.default_rng(SEED)
    qids = sorted(answer_of)
    base = {q: v for q, v in zip(qids, 2.0 * rng.standard_normal((len(qids), DIM)))}
    lang_vec = {l: v for l, v in zip(langs, 0.7 * rng.standard_normal((len(langs), DIM)))}
    answers = {}  # candidate id -> question ids it answers
    for q, by_lang in answer_of.items():
        for cid in by_lang.values():
            answers.setdefault(cid, []).append(q)
    c_noise = rng.standard_normal((len(cands), DIM))
    C = np.empty((len(cands), DIM))
    for i, (cid, lang) in enumerate(cands):
        if cid in answers:
            C[i] = np.mean([base[q] for q in answers[cid]], axis=0) + lang_vec[lang] + 0.5 * c_noise[i]
        else:
            C[i] = c_noise[i] + lang_vec[lang]
    q_noise = rng.standard_normal((len(queries), DIM))
    Q = np.array([base[q] + lang_vec[lang] + 0.5 * q_noise[i] for i, (_, lang, q) in enumerate(queries)])
    return Q.astype(np.float32), C.astype(np.float32)


def write_arrow(path, ids, langs, vecs):
    emb = pa.FixedSizeListArray.from_arrays(pa.array(vecs.reshape(-1), pa.float32()), DIM)
    schema = pa.schema(
        [pa.field("id", pa.utf8(), False), pa.field("lang", pa.utf8(), False),
         pa.field("embedding", pa.list_(pa.field("element", pa.float32(), False), DIM), False)]
    )
    table = pa.Table.from_arrays([pa.array(ids, pa.utf8()), pa.array(langs, pa.utf8()), emb], schema=schema)
    with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, schema) as w:
        w.write_table(table)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=default_data_dir())
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "..", "test-fixtures", "evaluator", "xquad-r-dim8"))
    args = ap.parse_args()
    langs, cands, queries, answer_of = load_structure(args.data)
    Q, C = embeddings(langs, cands, queries, answer_of)
    os.makedirs(args.out, exist_ok=True)
    write_arrow(os.path.join(args.out, "queries.arrow"), [q[0] for q in queries], [q[1] for q in queries], Q)
    write_arrow(os.path.join(args.out, "corpus.arrow"), [c[0] for c in cands], [c[1] for c in cands], C)
    relevant = {q: [by_lang[l] for l in sorted(by_lang)] for q, by_lang in sorted(answer_of.items())}
    with open(os.path.join(args.out, "relevant.json"), "w") as f:
        json.dump(relevant, f, separators=(",", ":"), sort_keys=True)

    cand_index = {cid: i for i, (cid, _) in enumerate(cands)}
    by_lang = {l: np.array([i for i, (_, cl) in enumerate(cands) if cl == l]) for l in langs}
    Q64 = Q.astype(np.float64)
    C64 = C.astype(np.float64)
    multi_ap, multi_rd, multi_r10 = [], [], []  # per query, in queries.arrow order
    pair_ap = {}  # (X, Y) -> list of AP
    pair_r1 = {}
    ties = 0
    block = 512
    for b0 in range(0, len(queries), block):
        S = Q64[b0:b0 + block] @ C64.T  # [block, candidates]
        for i in range(S.shape[0]):
            qid, qlang, group = queries[b0 + i]
            s = S[i]
            rel = np.array([cand_index[c] for c in relevant[group]])
            y = np.zeros(len(cands), dtype=bool)
            y[rel] = True
            multi_ap.append(float(average_precision_score(y, s)))
            ranks = np.array([1 + int(np.sum(s > s[d])) for d in rel])
            ties += sum(int(np.sum(s == s[d])) - 1 for d in rel)
            multi_rd.append(int(ranks.max() - ranks.min()))
            multi_r10.append(float(np.sum(ranks <= 10)) / len(rel))
            for ylang in langs:
                m = by_lang[ylang]
                ys, yy = s[m], y[m]
                pair_ap.setdefault((qlang, ylang), []).append(float(average_precision_score(yy, ys)))
                top = np.argmax(ys)  # no ties (checked above for relevant candidates)
                pair_r1.setdefault((qlang, ylang), []).append(float(yy[top]) / float(yy.sum()))
    if ties:
        sys.exit(f"{ties} ties between a relevant candidate and another: change the seed")

    golden = {
        "source": "tooling/scripts/make-eval-golden.py (numpy %s, scikit-learn)" % np.__version__,
        "dataset": DATASET,
        "dim": DIM,
        "seed": SEED,
        "multi": {
            "ap": multi_ap,
            "rank_distance": multi_rd,
            "r10_by_lang": {
                l: float(np.mean([r for (_, ql, _), r in zip(queries, multi_r10) if ql == l])) for l in langs
            },
        },
        "pairs": {
            f"{x} {y}": {"ap": float(np.mean(v)), "r1": float(np.mean(pair_r1[(x, y)])), "n": len(v)}
            for (x, y), v in sorted(pair_ap.items())
        },
    }
    with open(os.path.join(args.out, "golden.json"), "w") as f:
        json.dump(golden, f, separators=(",", ":"))
    per_lang = {}
    for (qid, lang, _), a, rd in zip(queries, multi_ap, multi_rd):
        per_lang.setdefault(lang, []).append((a, rd))
    print(f"{len(queries)} queries, {len(cands)} candidates, {len(langs)} languages, dim {DIM}")
    print("multi mAP (macro over languages): %.6f" % np.mean([np.mean([a for a, _ in v]) for v in per_lang.values()]))
    print("rank distance (macro): %.3f" % np.mean([np.mean([rd for _, rd in v]) for v in per_lang.values()]))
    mono = [np.mean(v) for (x, y), v in pair_ap.items() if x == y]
    cross = [np.mean(v) for (x, y), v in pair_ap.items() if x != y]
    print("mono mAP %.6f, cross mAP %.6f" % (np.mean(mono), np.mean(cross)))


if __name__ == "__main__":
    main()
