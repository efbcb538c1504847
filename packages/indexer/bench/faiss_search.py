"""Reference timing for search.bench.mjs: faiss IndexFlatIP (exact inner product) on the same vectors.

Usage: python3 faiss_search.py QUERIES.f32 CANDIDATES.f32 DIM K REPEATS OUT.json
The .f32 files are raw little-endian float32, row-major. Prints nothing; writes
{"seconds": [...], "threads": n, "faiss": version, "top": [[ids of query 0's top k], ...first 20 queries]}.
Exit code 3 when faiss is not installed (the bench then prints a skip message).
"""
import json
import sys
import time

try:
    import faiss  # type: ignore
    import numpy as np
except ImportError as e:  # pragma: no cover
    print(f"faiss unavailable: {e}", file=sys.stderr)
    sys.exit(3)


def main() -> None:
    qf, cf, dim, k, repeats, out = sys.argv[1:7]
    dim, k, repeats = int(dim), int(k), int(repeats)
    q = np.fromfile(qf, dtype="<f4").reshape(-1, dim)
    c = np.fromfile(cf, dtype="<f4").reshape(-1, dim)
    index = faiss.IndexFlatIP(dim)
    index.add(c)
    index.search(q[:10], k)  # warm-up
    seconds = []
    ids = None
    for _ in range(repeats):
        t = time.perf_counter()
        _, ids = index.search(q, k)
        seconds.append(time.perf_counter() - t)
    with open(out, "w") as f:
        json.dump(
            {
                "seconds": seconds,
                "threads": faiss.omp_get_max_threads(),
                "faiss": faiss.__version__,
                "top": ids[:20].tolist(),
            },
            f,
        )


if __name__ == "__main__":
    main()
