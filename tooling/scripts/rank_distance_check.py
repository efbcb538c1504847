#!/usr/bin/env python3
"""Independent check of hbt's rank distance (language bias) on one variant's own embeddings.

Reads an experiment's artifacts (prep/corpus.parquet, prep/queries.parquet, prep/qrels.parquet and
variants/<variant>/index/{corpus,queries}.arrow), scores every query of one LAReQA dataset against that
dataset's whole pool with numpy (dot products of hbt's L2-normalised embeddings), and computes the
multilingual rank distance (max - min rank of a query's relevant candidates, mean per query language, macro
over languages) twice: score ties broken by pool order (the PyTorch reference's rule) and by doc id
descending (trec_eval's rule, hbt's). Prints both next to the number of duplicate vectors in the pool, to
compare with the `RD` row of the variant's eval/metrics.parquet. Development-time tool (needs numpy and
pyarrow); hbt never needs Python.

Usage: python3 tooling/scripts/rank_distance_check.py apps/reference-protocol/artifacts hybrid-s0 xquad-r
"""

import sys

import numpy as np
import pyarrow.ipc as ipc
import pyarrow.parquet as pq


def embeddings(path):
    t = ipc.open_file(open(path, "rb")).read_all()
    ids = t.column("id").to_pylist()
    e = np.asarray(t.column("embedding").combine_chunks().flatten(), dtype=np.float32).reshape(len(ids), -1)
    return ids, t.column("lang").to_pylist(), e


def main(art, variant, dataset):
    cid, _, c = embeddings(f"{art}/variants/{variant}/index/corpus.arrow")
    qid, qlang, q = embeddings(f"{art}/variants/{variant}/index/queries.arrow")
    corpus = pq.read_table(f"{art}/prep/corpus.parquet", columns=["doc_id", "dataset"]).to_pydict()
    queries = pq.read_table(f"{art}/prep/queries.parquet", columns=["query_id", "dataset"]).to_pydict()
    in_c = {d for d, ds in zip(corpus["doc_id"], corpus["dataset"]) if ds == dataset}
    in_q = {x for x, ds in zip(queries["query_id"], queries["dataset"]) if ds == dataset}
    ci = [i for i, d in enumerate(cid) if d in in_c]
    qi = [i for i, x in enumerate(qid) if x in in_q]
    c, cids = c[ci], [cid[i] for i in ci]
    q, qids, qlangs = q[qi], [qid[i] for i in qi], [qlang[i] for i in qi]
    pos = {d: i for i, d in enumerate(cids)}
    qrels = pq.read_table(f"{art}/prep/qrels.parquet").to_pydict()
    rel = {}
    for x, d, r in zip(qrels["query_id"], qrels["doc_id"], qrels["relevance"]):
        if r > 0 and d in pos:
            rel.setdefault(x, []).append(pos[d])
    _, inv, cnt = np.unique(c, axis=0, return_inverse=True, return_counts=True)
    key = np.empty(len(cids), dtype=np.int64)
    key[np.argsort(np.array(cids, dtype=object))] = np.arange(len(cids))
    by_pool, by_id = {}, {}
    for s in range(0, len(qids), 256):
        scores = q[s:s + 256] @ c.T
        for j, row in enumerate(scores):
            relevant = rel.get(qids[s + j])
            if not relevant:
                continue
            rp, ri = [], []
            for r in relevant:
                above = int((row > row[r]).sum())
                tied = np.nonzero(row == row[r])[0]
                rp.append(above + int((tied < r).sum()) + 1)
                ri.append(above + int((key[tied] > key[r]).sum()) + 1)
            by_pool.setdefault(qlangs[s + j], []).append(max(rp) - min(rp))
            by_id.setdefault(qlangs[s + j], []).append(max(ri) - min(ri))
    macro = lambda d: float(np.mean([np.mean(v) for v in d.values()]))
    print(f"{dataset} {variant}: pool {len(cids)}, queries {len(qids)}, "
          f"vectors shared by several candidates {int((cnt[inv] > 1).sum())}")
    print(f"rank distance, ties by pool order: {macro(by_pool):.2f}; ties by doc id descending: {macro(by_id):.2f}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
