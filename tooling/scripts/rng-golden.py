"""Independent reference for @hbt/core's Rng (xoshiro128** seeded by SplitMix32 from an FNV-1a key).

Writes test-fixtures/core/rng-golden.json. Run: python3 tooling/scripts/rng-golden.py
"""
import json
import pathlib

M = 0xFFFFFFFF


def fnv1a(text: str) -> int:
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x01000193) & M
    return h


def seed_state(key: str):
    z = fnv1a(key)
    s = []
    for _ in range(4):
        z = (z + 0x9E3779B9) & M
        t = z
        t = ((t ^ (t >> 16)) * 0x21F0AAAD) & M
        t = ((t ^ (t >> 15)) * 0x735A2D97) & M
        s.append((t ^ (t >> 15)) & M)
    if s == [0, 0, 0, 0]:
        s[0] = 1
    return s


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M


def next_u32(s):
    result = (rotl((s[1] * 5) & M, 7) * 9) & M
    t = (s[1] << 9) & M
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 11)
    return result


def stream(key, n):
    s = seed_state(key)
    return [next_u32(s) for _ in range(n)]


out = {
    "seed:13": stream("seed:13", 8),
    "seed:0": stream("seed:0", 8),
    "seed:13/sampler/epoch/2": stream("seed:13/sampler/epoch/2", 8),
    "seed:héllo": stream("seed:héllo", 4),
}
p = pathlib.Path(__file__).resolve().parents[2] / "test-fixtures" / "core" / "rng-golden.json"
p.write_text(json.dumps(out, indent=1) + "\n")
print(p)
