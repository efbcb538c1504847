#!/usr/bin/env python3
"""Reference for sampler.subset (packages/sampler/src/subset.ts), independent of the TypeScript code.

The groups of MLQA-R (a group = a question id, over the 7 language files of ../shared/data/mlqa-r) are
ranked by sha256("<seed>\\0<dataset>\\0<group_id>") in hex order; a fraction f keeps the first ceil(f*n)
(with a 1e-9 tolerance for binary fractions: 0.3 * 10 keeps 3). Prints, per fraction, the groups kept,
the training pairs they hold (every ordered language pair of a question's languages, as
packages/sampler/bench/mlqa-pairs.mjs builds them) and the sha256 of the kept ids in rank order: the
manifest's groups_hash. packages/sampler/src/subset.test.ts pins these numbers.

Usage: python3 tooling/scripts/subset-reference.py [DATA_DIR]   (default: $HBT_DATA_MIRROR or ../shared/data)
"""
import hashlib
import json
import math
import os
import sys
from pathlib import Path

LANGS = ["ar", "de", "en", "es", "hi", "vi", "zh"]


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("HBT_DATA_MIRROR", "../shared/data"))
    langs_of = {}
    for lang in LANGS:
        data = json.loads((root / "mlqa-r" / f"{lang}.json").read_text(encoding="utf-8"))
        for article in data["data"]:
            for para in article["paragraphs"]:
                for qa in para["qas"]:
                    langs_of.setdefault(qa["id"], set()).add(lang)
    seed, dataset = 0, "mlqa-r"
    key = lambda g: hashlib.sha256(f"{seed}\0{dataset}\0{g}".encode()).hexdigest()
    ranked = sorted(langs_of, key=lambda g: (key(g), g))
    n = len(ranked)
    for f in (0.1, 0.3, 1.0):
        k = min(n, math.ceil(f * n - 1e-9))
        kept = ranked[:k]
        pairs = sum(len(langs_of[g]) ** 2 for g in kept)
        h = "sha256:" + hashlib.sha256("\n".join(kept).encode()).hexdigest()
        print(json.dumps({"fraction": f, "groups_total": n, "groups_kept": k, "pairs_kept": pairs, "groups_hash": h}))


if __name__ == "__main__":
    main()
