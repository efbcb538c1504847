"""Golden float32 fma values for src/fma.test.ts, from the C library's fmaf (glibc: correctly rounded),
called through ctypes. Run: python3 test/fmaf-golden.py > test/fmaf-golden.json (development only).

Cases: random float32 triples of mixed magnitudes and signs, plus constructed ones where the exact
a*b + c lies within a tiny distance of a float32 rounding boundary (where a float64 sum rounded again to
float32 goes wrong), with subnormal, overflowing and cancelling cases."""
import ctypes, json, random, struct

libm = ctypes.CDLL("libm.so.6")
libm.fmaf.restype = ctypes.c_float
libm.fmaf.argtypes = [ctypes.c_float] * 3

def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]

def bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]

rng = random.Random(20261207)
cases = []
for _ in range(400):
    a = f32(rng.uniform(-1, 1) * 2.0 ** rng.randint(-30, 30))
    b = f32(rng.uniform(-1, 1) * 2.0 ** rng.randint(-30, 30))
    c = f32(rng.uniform(-1, 1) * 2.0 ** rng.randint(-60, 60))
    cases.append((a, b, c))
# Halfway products nudged by a tiny c: (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 is a float32 midpoint.
for e in range(0, 24):
    u = 1 + 2.0 ** -(12 + (e % 6))
    for c in (2.0 ** -60, -(2.0 ** -60), 2.0 ** -(40 + e), -(2.0 ** -(40 + e)), 0.0):
        for sa, sb in ((1, 1), (-1, 1)):
            cases.append((f32(sa * u * 2.0 ** (e - 12)), f32(sb * u), f32(c * 2.0 ** (e - 12))))
# Cancellation, subnormal results, overflow.
for _ in range(60):
    a = f32(rng.uniform(1, 2))
    b = f32(rng.uniform(1, 2))
    cases.append((a, b, f32(-a * b)))
    cases.append((f32(a * 2.0 ** -70), f32(b * 2.0 ** -70), f32(rng.uniform(-1, 1) * 2.0 ** -140)))
cases.append((f32(3e38), f32(2.0), f32(-3e38)))
cases.append((f32(3e38), f32(3.0), f32(0.0)))
out = [[bits(a), bits(b), bits(c), bits(libm.fmaf(a, b, c))] for a, b, c in cases]
print(json.dumps({"source": "glibc fmaf via ctypes, test/fmaf-golden.py", "cases": out}))
