/**
 * The benches' deterministic generator (xorshift32): `xorshift(seed)()` gives uniform floats in [0, 1),
 * the same sequence for the same seed on every run, so generated runs and qrels are reproducible.
 */
export function xorshift(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}
