#!/usr/bin/env python3
"""An independent reference for `hbt evaluate` where trec_eval itself is not built: map, recip_rank,
recall_100 and ndcg_cut_10 with trec_eval 10.0's conventions, in plain Python (development only).

Conventions (trec_eval's): a query's documents are ordered by score descending (scores read as C's atof
reads them: float()), ties by document id descending in byte order; the rank column is ignored;
relevance >= 1 is relevant and is the nDCG gain; queries in both the run and the qrels are averaged.
Prints trec_eval's lines: `name<TAB>all<TAB>value` (4 decimals, rounded from the exact binary value as
printf does). Streams the run one query at a time, so the run's lines must be grouped by query (a query
that comes back after another is an error); memory is one query's documents plus the qrels.

Checked against trec_eval's own test outputs (shared/data/trec_eval-tests: qrels.test + results.test
give out.test's map 0.1785, recip_rank 0.4064, recall_100 0.4980, ndcg_cut_10 0.3016).

Usage: python3 tooling/scripts/trec_eval_ref.py QRELS RUN
"""
import math
import sys


def read_qrels(path):
    qrels = {}
    with open(path, "rb") as f:
        for line in f:
            parts = line.split()
            if not parts or parts[0].startswith(b"#"):
                continue
            qid, _, doc, rel = parts
            qrels.setdefault(qid, {})[doc] = int(rel)
    return qrels


def measures(docs, judged):
    """docs: [(score, docid)], judged: {docid: rel} -> (ap, rr, recall@100, ndcg@10)."""
    docs.sort(reverse=True)  # score descending, then docid descending (bytes compare as strcmp)
    num_rel = sum(1 for r in judged.values() if r > 0)
    ideal = sorted((r for r in judged.values() if r > 0), reverse=True)
    ap = rr = 0.0
    found = found100 = 0
    dcg = 0.0
    for rank, (_, doc) in enumerate(docs, 1):
        rel = judged.get(doc, 0)
        if rel <= 0:
            continue
        found += 1
        ap += found / rank
        if rr == 0.0:
            rr = 1.0 / rank
        if rank <= 100:
            found100 += 1
        if rank <= 10:
            dcg += rel / math.log2(rank + 1)
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal[:10]))
    if num_rel == 0:
        return 0.0, 0.0, 0.0, 0.0
    return ap / num_rel, rr, found100 / num_rel, (dcg / idcg if idcg > 0 else 0.0)


def main(qrels_path, run_path):
    qrels = read_qrels(qrels_path)
    sums = [0.0, 0.0, 0.0, 0.0]
    num_q = 0
    done = set()
    cur, docs = None, []

    def finish():
        nonlocal num_q
        if cur is not None and cur in qrels:
            for i, v in enumerate(measures(docs, qrels[cur])):
                sums[i] += v
            num_q += 1

    with open(run_path, "rb") as f:
        for no, line in enumerate(f, 1):
            parts = line.split()
            if not parts or parts[0].startswith(b"#"):
                continue
            qid = parts[0]
            if qid != cur:
                finish()
                if qid in done:
                    sys.exit(f"{run_path}: line {no}: query {qid!r} comes back: this reference needs grouped runs")
                done.add(qid)
                cur, docs = qid, []
            docs.append((float(parts[4]), parts[2]))
    finish()
    print(f"num_q\tall\t{num_q}")
    for name, s in zip(["map", "recip_rank", "recall_100", "ndcg_cut_10"], sums):
        print(f"{name}\tall\t{(s / num_q if num_q else 0.0):.4f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
