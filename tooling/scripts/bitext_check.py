#!/usr/bin/env python3
"""Independent check of @hbt/evaluator's bitext and QA tasks (issue #15 items 2-3), with numpy and sklearn.

Development-time only (the product never runs Python). Independently of hbt's code, this script builds
three small datasets with fixed embeddings (numpy seed 0, dim 8, L2-normalised float32) and computes the
reference values the eval stage must reproduce:

* ``bt`` (task bitext): 24 sentence groups in eng, pcm, yor, zul; zul lacks groups 20-23 and two extra
  groups (x1, x2) exist only in yor and zul. Relevance = same group, other language.
  - per direction X -> Y (X -> eng and eng -> X for every X, and the configured pair yor <-> zul), over the
    pair's aligned set (groups with both languages): P@1 by argmax of the dot products, and P@1 under
    ratio-margin scoring (Artetxe & Schwenk 2019, k = 4): cos(x, y) / ((mean top-k of x's row + mean
    top-k of y's column) / 2); the chance level 1 / |candidates|;
  - the multi-way pool (every sentence; all of them query it, each ranked against every sentence but
    itself, so the pool of a query holds n - 1 candidates): per language P@1, mean AP
    (sklearn.metrics.average_precision_score), mean rank distance (max - min rank of the relevant
    candidates, ranks by numpy argsort) and its chance level (k - 1)(n + 1)/(k + 1); per language pair
    X, Y the mean pool rank of the Y translation of X's queries and its chance level (n + 1)/2.
* ``qa`` (task qa, AfriQA-like): questions in hau and swa, each with a human translation (eng or fra,
  the language of its gold passage), against a pool of 30 gold passages (20 eng, 10 fra). Per cell
  (mono: eng -> eng, fra -> fra; cross: hau/swa -> eng/fra; multi: each language against the pool) the
  mean over queries with a relevant candidate of AP (sklearn), R@1, R@10 (numpy) and nDCG@10
  (sklearn.metrics.ndcg_score, k = 10).
* ``news`` (task news): headlines -> articles in hau and swa, mono only: AP, R@1, R@10, nDCG@10.

Outputs (test-fixtures/evaluator/bitext-qa-dim8/):
  queries.arrow, corpus.arrow  embeddings as Arrow IPC (id, lang, embedding: fixed_size_list<float32, 8>)
  structure.json               the prep tables' rows: queries, corpus, qrels, datasets (task, pivot)
  golden.json                  the reference values (keys described in the file)

Usage: pip install numpy scikit-learn pyarrow
       python3 tooling/scripts/bitext_check.py [--out DIR]
"""
import argparse
import json
import os

import numpy as np
import pyarrow as pa
from sklearn.metrics import average_precision_score, ndcg_score

DIM = 8
SEED = 0
MARGIN_K = 4
BT_LANGS = ["eng", "pcm", "yor", "zul"]
PAIRS = [("yor", "zul")]


def unit(v):
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def build(rng):
    queries = []  # dict(id, lang, group, dataset)
    corpus = []
    qrels = []
    # --- bitext: a vector per group, a small one per language, noise per sentence.
    groups = [f"bt/{i}" for i in range(24)] + ["bt/x1", "bt/x2"]
    gvec = {g: rng.standard_normal(DIM) for g in groups}
    lvec = {lang: 0.6 * rng.standard_normal(DIM) for lang in BT_LANGS}
    vec = {}
    for lang in BT_LANGS:
        for i, g in enumerate(groups):
            extra = g.startswith("bt/x")
            if extra and lang not in ("yor", "zul"):
                continue
            if lang == "zul" and not extra and i >= 20:
                continue
            sid = f"bt/{lang}/{g.split('/')[1]}"
            # pcm sentences share much with English (names, numbers); yor and zul less.
            noise = {"eng": 0.8, "pcm": 0.6, "yor": 1.2, "zul": 1.1}[lang]
            base = gvec[g] + lvec[lang] + noise * rng.standard_normal(DIM)
            vec[sid] = base
            queries.append(dict(id=sid, lang=lang, group=g, dataset="bt"))
            corpus.append(dict(id=sid, lang=lang, group=g, dataset="bt"))
    # --- qa: 30 passages (20 eng, 10 fra); questions in hau and swa with their translations.
    pvec = {}
    for i in range(30):
        lang = "eng" if i < 20 else "fra"
        pid = f"qa/{lang}/p{i:02d}"
        pvec[pid] = rng.standard_normal(DIM)
        corpus.append(dict(id=pid, lang=lang, group=None, dataset="qa"))
    lq = {lang: 0.5 * rng.standard_normal(DIM) for lang in ("hau", "swa", "eng", "fra")}
    for lang, n in (("hau", 12), ("swa", 10)):
        for i in range(n):
            qid = f"{lang}{i:02d}"
            gold = None if i == n - 1 else f"qa/{'eng' if i % 3 else 'fra'}/p{(i * 7 + (0 if lang == 'hau' else 3)) % (20 if i % 3 else 10) + (0 if i % 3 else 20):02d}"
            tl = "eng" if i % 3 else "fra"
            anchor = pvec[gold] if gold else rng.standard_normal(DIM)
            for ql, noise in ((lang, 1.4), (tl, 0.9)):
                xid = f"qa/{ql}/{qid}"
                vec[xid] = anchor + lq[ql] + noise * rng.standard_normal(DIM)
                queries.append(dict(id=xid, lang=ql, group=f"qa/{qid}", dataset="qa"))
                if gold:
                    qrels.append(dict(query_id=xid, doc_id=gold, relevance=1))
    # --- news: per language 10 articles and their headlines.
    for lang in ("hau", "swa"):
        for i in range(10):
            aid = f"news/{lang}/a{i}"
            a = rng.standard_normal(DIM)
            pvec[aid] = a
            corpus.append(dict(id=aid, lang=lang, group=None, dataset="news"))
            hid = f"news/{lang}/h{i}"
            vec[hid] = a + 1.3 * rng.standard_normal(DIM)
            queries.append(dict(id=hid, lang=lang, group=None, dataset="news"))
            qrels.append(dict(query_id=hid, doc_id=aid, relevance=1))
    # Query and candidate embeddings of one sentence differ (the index stage encodes them with
    # different prompts): a little noise on each side.
    Q = np.stack([unit(vec[q["id"]] + 0.2 * rng.standard_normal(DIM)) for q in queries]).astype(np.float32)
    cvec = {**vec, **pvec}
    C = np.stack([unit(cvec[c["id"]] + 0.2 * rng.standard_normal(DIM)) for c in corpus]).astype(np.float32)
    datasets = [
        dict(dataset="bt", role="eval", format="parallel", task="bitext", pivot="eng", languages=BT_LANGS),
        dict(dataset="qa", role="eval", format="afriqa", task="qa", pivot="eng", languages=["eng", "fra", "hau", "swa"]),
        dict(dataset="news", role="eval", format="masakhane-news", task="news", pivot=None, languages=["hau", "swa"]),
    ]
    return queries, corpus, qrels, datasets, Q, C


def rank_of(scores, j):
    """1 + number of candidates scored above candidate j (no ties in these data; checked)."""
    assert np.sum(scores == scores[j]) == 1
    return 1 + int(np.sum(scores > scores[j]))


def knn_mean(S, k, axis):
    k = min(k, S.shape[axis])
    return np.mean(-np.sort(-S, axis=axis).take(range(k), axis=axis), axis=axis)


def bitext_golden(queries, corpus, Q, C):
    qi = [i for i, q in enumerate(queries) if q["dataset"] == "bt"]
    ci = [i for i, c in enumerate(corpus) if c["dataset"] == "bt"]
    out = {"pairs": {}, "multi": {}}
    directions = []
    for x in BT_LANGS:
        if x != "eng":
            directions += [(x, "eng"), ("eng", x)]
    for a, b in PAIRS:
        directions += [(a, b), (b, a)]
    for x, y in directions:
        qx = [i for i in qi if queries[i]["lang"] == x]
        cy = [i for i in ci if corpus[i]["lang"] == y]
        common = {queries[i]["group"] for i in qx} & {corpus[i]["group"] for i in cy}
        qx = [i for i in qx if queries[i]["group"] in common]
        cy = [i for i in cy if corpus[i]["group"] in common]
        S = Q[qx].astype(np.float64) @ C[cy].astype(np.float64).T
        gold = np.array([[corpus[c]["group"] for c in cy].index(queries[q]["group"]) for q in qx])
        M = S / ((knn_mean(S, MARGIN_K, 1)[:, None] + knn_mean(S, MARGIN_K, 0)[None, :]) / 2)
        out["pairs"][f"{x} {y}"] = {
            "p1": float(np.mean(S.argmax(1) == gold)),
            "p1_margin": float(np.mean(M.argmax(1) == gold)),
            "n": len(qx),
            "candidates": len(cy),
        }
    n = len(ci) - 1
    per = {}
    pair_ranks = {}
    for q in qi:
        pool = [c for c in ci if corpus[c]["id"] != queries[q]["id"]]  # every sentence but the query's own
        assert len(pool) == n
        s = Q[q].astype(np.float64) @ C[pool].astype(np.float64).T
        rel = np.array([corpus[c]["group"] == queries[q]["group"] and corpus[c]["lang"] != queries[q]["lang"] for c in pool])
        if not rel.any():
            continue
        for j in np.flatnonzero(rel):
            pair_ranks.setdefault(f"{queries[q]['lang']} {corpus[pool[j]]['lang']}", []).append(rank_of(s, j))
        ranks = sorted(rank_of(s, j) for j in np.flatnonzero(rel))
        k = len(ranks)
        e = per.setdefault(queries[q]["lang"], {"p1": [], "ap": [], "rd": [], "rd_chance": []})
        e["p1"].append(float(rel[int(np.argmax(s))]))
        e["ap"].append(float(average_precision_score(rel, s)))
        if k >= 2:
            e["rd"].append(ranks[-1] - ranks[0])
            e["rd_chance"].append((k - 1) * (n + 1) / (k + 1))
    for lang, e in per.items():
        out["multi"][lang] = {m: float(np.mean(v)) for m, v in e.items()} | {"n": len(e["p1"]), "rd_n": len(e["rd"])}
    out["multi_pool"] = n
    out["multi_pairs"] = {k: {"rank": float(np.mean(v)), "chance": (n + 1) / 2, "n": len(v)} for k, v in pair_ranks.items()}
    return out


def retrieval_golden(dataset, queries, corpus, qrels, Q, C, settings):
    qi = [i for i, q in enumerate(queries) if q["dataset"] == dataset]
    ci = [i for i, c in enumerate(corpus) if c["dataset"] == dataset]
    rel_of = {}
    for r in qrels:
        rel_of.setdefault(r["query_id"], set()).add(r["doc_id"])
    langs = sorted({corpus[c]["lang"] for c in ci})
    cells = {}
    for q in qi:
        x = queries[q]["lang"]
        pools = []
        if "multi" in settings:
            pools.append((f"multi {x} *", ci))
        for y in langs:
            s = "mono" if y == x else "cross"
            if s in settings:
                pools.append((f"{s} {x} {y}", [c for c in ci if corpus[c]["lang"] == y]))
        for key, pool in pools:
            rel = np.array([corpus[c]["id"] in rel_of.get(queries[q]["id"], ()) for c in pool])
            if not rel.any():
                continue
            s = Q[q].astype(np.float64) @ C[pool].astype(np.float64).T
            ranks = sorted(rank_of(s, j) for j in np.flatnonzero(rel))
            e = cells.setdefault(key, {"AP": [], "R@1": [], "R@10": [], "nDCG@10": [], "n_candidates": []})
            e["AP"].append(float(average_precision_score(rel, s)))
            e["R@1"].append(sum(r <= 1 for r in ranks) / len(ranks))
            e["R@10"].append(sum(r <= 10 for r in ranks) / len(ranks))
            e["nDCG@10"].append(float(ndcg_score(rel[None, :].astype(float), s[None, :], k=10)))
            e["n_candidates"].append(len(pool))
    return {k: {m: float(np.mean(v)) for m, v in e.items()} | {"n": len(e["AP"])} for k, e in cells.items()}


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
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(here, "..", "..", "test-fixtures", "evaluator", "bitext-qa-dim8"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(SEED)
    queries, corpus, qrels, datasets, Q, C = build(rng)
    write_arrow(os.path.join(args.out, "queries.arrow"), [q["id"] for q in queries], [q["lang"] for q in queries], Q)
    write_arrow(os.path.join(args.out, "corpus.arrow"), [c["id"] for c in corpus], [c["lang"] for c in corpus], C)
    with open(os.path.join(args.out, "structure.json"), "w", encoding="utf-8") as f:
        json.dump({"queries": queries, "corpus": corpus, "qrels": qrels, "datasets": datasets}, f, indent=1)
        f.write("\n")
    golden = {
        "about": "tooling/scripts/bitext_check.py: bitext.pairs['X Y'] = direction X -> Y over the aligned set "
                 "(p1, p1_margin with k = %d, n queries, candidates); bitext.multi[lang] = the multi-way pool "
                 "(all sentences query it): p1, ap, rd, rd_chance; qa/news['setting X Y'] = mean AP, R@1, "
                 "R@10, nDCG@10, n_candidates over the n queries with a relevant candidate" % MARGIN_K,
        "margin_k": MARGIN_K,
        "pairs_config": [list(p) for p in PAIRS],
        "bitext": bitext_golden(queries, corpus, Q, C),
        "qa": retrieval_golden("qa", queries, corpus, qrels, Q, C, {"mono", "cross", "multi"}),
        "news": retrieval_golden("news", queries, corpus, qrels, Q, C, {"mono"}),
    }
    with open(os.path.join(args.out, "golden.json"), "w", encoding="utf-8") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
        f.write("\n")
    b = golden["bitext"]
    print("bitext P@1 (plain / margin):", {k: (v["p1"], v["p1_margin"]) for k, v in b["pairs"].items()})
    print("bitext multi:", {k: (round(v["p1"], 3), round(v["rd"], 2), round(v["rd_chance"], 2)) for k, v in b["multi"].items()})
    print("qa:", {k: round(v["AP"], 4) for k, v in golden["qa"].items()})


if __name__ == "__main__":
    main()
