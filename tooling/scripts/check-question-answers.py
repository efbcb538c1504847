#!/usr/bin/env python3
"""Recompute the research-question answers of an hbt report with numpy/scipy, independently of the TS code.

For every `compare` question and every one-arm `scaling` question in <artifacts>/report/summary.json it
reads the arms' variants' eval outputs and recomputes
  - the query-level difference: per-query values averaged over each arm's seeds, paired by
    (query_lang, doc_lang, query_id), mean per (query_lang, doc_lang) stratum, then the mean of strata;
  - the difference over seeds: the macro metric per seed, paired by seed (the variant's config seed is
    not in the artifacts, so seeds pair in the order summary.json lists the arm's variants: by seed), its
    mean and Student-t interval;
and prints them beside summary.json's `diff` and `seeds_*`, failing (exit 1) on a mismatch above 1e-9.
The bootstrap interval and the randomization p are resampling results and are not recomputed.

Usage: python3 tooling/scripts/check-question-answers.py ARTIFACTS_DIR
"""
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
from scipy import stats


def rows(path, dataset, setting, measure):
    t = pq.read_table(path).to_pylist()
    return [r for r in t if r["dataset"] == dataset and r["setting"] == setting and r["measure"] == measure]


def macro(art, variant, q):
    rs = rows(art / "variants" / variant / "eval" / "metrics.parquet", q["dataset"], q["setting"], q["measure"])
    m = [r["value"] for r in rs if r["query_lang"] == "*" and r["doc_lang"] == "*"]
    return m[0]


def seed_averaged(art, variants, q):
    acc = defaultdict(list)
    for v in variants:
        for r in rows(art / "variants" / v / "eval" / "per_query.parquet", q["dataset"], q["setting"], q["measure"]):
            acc[(r["query_lang"], r["doc_lang"], r["query_id"])].append(r["value"])
    return {k: float(np.mean(x)) for k, x in acc.items() if len(x) == len(variants)}


def main():
    art = Path(sys.argv[1])
    s = json.loads((art / "report" / "summary.json").read_text())
    conf = s["confidence"]
    arms = {a["label"]: a["variants"] for a in s["arms"]}
    bad = 0
    for q in s["questions"]:
        if q["verdict"] == "not-answered" or not (q["kind"] == "compare" or (q["kind"] == "scaling" and q["b"] is None)):
            print(f"{q['id']}: skipped ({q['kind']})")
            continue
        if q["kind"] == "compare":
            a, b = arms[q["cells"][0]["label"]], arms[q["cells"][1]["label"]]
        else:  # one arm across sizes: largest − smallest
            a, b = arms[q["cells"][1]["label"]], arms[q["cells"][0]["label"]]
        ua, ub = seed_averaged(art, a, q), seed_averaged(art, b, q)
        strata = defaultdict(list)
        for k, x in ua.items():
            if k in ub:
                strata[k[:2]].append(x - ub[k])
        diff = float(np.mean([np.mean(v) for v in strata.values()]))
        n = min(len(a), len(b))
        d = np.array([macro(art, a[i], q) - macro(art, b[i], q) for i in range(n)])
        line = f"{q['id']}: diff {diff:.9f} (summary {q['diff']:.9f})"
        ok = abs(diff - q["diff"]) < 1e-9
        if n >= 2 and q["seeds_diff"] is not None:
            h = stats.t.ppf(0.5 + conf / 2, n - 1) * d.std(ddof=1) / np.sqrt(n)
            lo, hi = d.mean() - h, d.mean() + h
            line += f"; seeds {d.mean():.9f} [{lo:.9f}, {hi:.9f}] (summary {q['seeds_diff']:.9f} [{q['seeds_ci_low']:.9f}, {q['seeds_ci_high']:.9f}])"
            ok = ok and abs(lo - q["seeds_ci_low"]) < 1e-9 and abs(hi - q["seeds_ci_high"]) < 1e-9
        print(("ok   " if ok else "DIFF ") + line)
        bad += not ok
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
