// Exact inner-product top-k: a GEMM micro-kernel fused with per-query threshold selection.
//
// Arithmetic (the rule every path follows, so every path gives the same bits): the score of query q and
// candidate c is a sequential float32 fused multiply-add chain over the dimensions,
//   s = 0; for d in 0..dim-1: s = fma(q[d], c[d], s)
// evaluated lane-wise by the AVX-512 and AVX2 kernels and by std::fma in the portable path. No path
// reorders or splits the chain, so results do not depend on the ISA, the thread count or the blocking.
//
// Order (best first): score descending, then candidate index ascending; NaN scores never enter. This is
// @hbt/indexer's TopK order. Each query keeps a buffer of at most `cap` entries and an admission floor:
// a score enters when it is >= the floor. The floor is -inf until the first compaction; a compaction
// keeps the k best (nth_element in that order) and sets the floor to nextUp(k-th best score), since for
// floats s > t <=> s >= nextUp(t). A candidate with a score equal to the k-th best may be refused then:
// candidates reach a query in increasing index order, so it would lose the tie anyway.
#include <node_api.h>

// GCC 12's own AVX-512 headers trip this warning (_mm512_undefined_epi32 in _mm512_min_epi32 & co.).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

// Scores as order-preserving int32 keys: key(a) < key(b) <=> a < b for non-NaN floats. The chain never
// yields -0 (it starts at +0 and a sum is -0 only when both terms are), so keys map back to the scores.
inline int32_t ToKey(float s) {
  int32_t b;
  std::memcpy(&b, &s, 4);
  return b ^ ((b >> 31) & 0x7fffffff);
}

inline float FromKey(int32_t key) {
  const int32_t b = key ^ ((key >> 31) & 0x7fffffff);
  float s;
  std::memcpy(&s, &b, 4);
  return s;
}

// The k-th largest of keys[0, n) (n >= k >= 1): the largest t with at least k keys >= t.
template <typename Count>
inline int32_t KthKey(int32_t lo, int32_t hi, int k, Count count) {
  while (lo < hi) {
    const int32_t mid = static_cast<int32_t>(lo + (static_cast<int64_t>(hi) - lo + 1) / 2);
    if (count(mid) >= k)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

// Keep the k best of (keys, items)[0, n) in place, in their order; returns the k-th best key.
int32_t KeepPortable(int32_t* kk, int32_t* it, int n, int k) {
  int32_t lo = kk[0];
  int32_t hi = kk[0];
  for (int i = 1; i < n; i++) {
    lo = std::min(lo, kk[i]);
    hi = std::max(hi, kk[i]);
  }
  const int32_t t = KthKey(lo, hi, k, [&](int32_t m) {
    int c = 0;
    for (int i = 0; i < n; i++) c += kk[i] >= m;
    return c;
  });
  int gt = 0;
  for (int i = 0; i < n; i++) gt += kk[i] > t;
  int ties = k - gt;
  int w = 0;
  for (int i = 0; i < n; i++) {
    const int32_t x = kk[i];
    const bool keep = x > t || (x == t && ties > 0);
    ties -= x == t;
    kk[w] = x;
    it[w] = it[i];
    w += keep;
  }
  return t;
}

__attribute__((target("avx512f"))) inline int CountAtLeast512(const int32_t* kk, int full, __mmask16 tail,
                                                              int32_t m) {
  const __m512i tv = _mm512_set1_epi32(m);
  int c = 0;
  for (int i = 0; i < full; i++)
    c += __builtin_popcount(_mm512_cmpge_epi32_mask(_mm512_loadu_si512(kk + 16 * i), tv));
  if (tail != 0)
    c += __builtin_popcount(_mm512_mask_cmpge_epi32_mask(tail, _mm512_maskz_loadu_epi32(tail, kk + 16 * full), tv));
  return c;
}

// CountAtLeast512 as a function object for KthKey (a lambda would not carry the AVX-512 target).
struct Count512 {
  const int32_t* kk;
  int full;
  __mmask16 tail;
  __attribute__((target("avx512f"))) int operator()(int32_t m) const { return CountAtLeast512(kk, full, tail, m); }
};

// The same with 16-lane compares, popcounts and compresses. Buffers are padded to a multiple of 16.
__attribute__((target("avx512f,bmi2"))) int32_t KeepAvx512(int32_t* kk, int32_t* it, int n, int k) {
  const int full = n / 16;
  const __mmask16 tail = static_cast<__mmask16>((1u << (n % 16)) - 1u);
  __m512i vmin = _mm512_set1_epi32(INT32_MAX);
  __m512i vmax = _mm512_set1_epi32(INT32_MIN);
  for (int c = 0; c < full; c++) {
    const __m512i x = _mm512_loadu_si512(kk + 16 * c);
    vmin = _mm512_min_epi32(vmin, x);
    vmax = _mm512_max_epi32(vmax, x);
  }
  if (tail != 0) {
    vmin = _mm512_mask_min_epi32(vmin, tail, vmin, _mm512_maskz_loadu_epi32(tail, kk + 16 * full));
    vmax = _mm512_mask_max_epi32(vmax, tail, vmax, _mm512_maskz_loadu_epi32(tail, kk + 16 * full));
  }
  alignas(64) int32_t mins[16];
  alignas(64) int32_t maxs[16];
  _mm512_store_si512(mins, vmin);
  _mm512_store_si512(maxs, vmax);
  int32_t lo = mins[0];
  int32_t hi = maxs[0];
  for (int i = 1; i < 16; i++) {
    lo = std::min(lo, mins[i]);
    hi = std::max(hi, maxs[i]);
  }
  const int32_t t = KthKey(lo, hi, k, Count512{kk, full, tail});
  const __m512i tv = _mm512_set1_epi32(t);
  int gt = 0;
  for (int c = 0; c <= full; c++) {
    const __mmask16 m = c < full ? static_cast<__mmask16>(0xffff) : tail;
    if (m == 0) break;
    gt += __builtin_popcount(_mm512_mask_cmpgt_epi32_mask(m, _mm512_maskz_loadu_epi32(m, kk + 16 * c), tv));
  }
  uint32_t ties = static_cast<uint32_t>(k - gt);
  int w = 0;
  for (int c = 0; c <= full; c++) {
    const __mmask16 m = c < full ? static_cast<__mmask16>(0xffff) : tail;
    if (m == 0) break;
    const __m512i x = _mm512_maskz_loadu_epi32(m, kk + 16 * c);
    const __m512i y = _mm512_maskz_loadu_epi32(m, it + 16 * c);
    const uint32_t eq = _mm512_mask_cmpeq_epi32_mask(m, x, tv);
    const uint32_t gtm = _mm512_mask_cmpgt_epi32_mask(m, x, tv);
    const uint32_t neq = static_cast<uint32_t>(__builtin_popcount(eq));
    const uint32_t takeEq = neq <= ties ? eq : _pdep_u32((1u << ties) - 1u, eq);
    ties -= std::min(neq, ties);
    const __mmask16 keep = static_cast<__mmask16>(gtm | takeEq);
    // In place: w <= 16c, so the 16 lanes written at w cover only lanes already loaded.
    _mm512_storeu_si512(kk + w, _mm512_maskz_compress_epi32(keep, x));
    _mm512_storeu_si512(it + w, _mm512_maskz_compress_epi32(keep, y));
    w += __builtin_popcount(keep);
  }
  return t;
}



// Per-query selection state for one call; each query belongs to one thread. A query's buffer holds its
// admitted entries in arrival order, which is candidate index order.
struct Selector {
  int k = 0;
  int cap = 0;
  std::unique_ptr<int32_t[]> keys;  // nq * cap (not zeroed: only entries below size[q] are read)
  std::unique_ptr<int32_t[]> items; // nq * cap
  std::vector<int32_t> size;  // nq
  float* admit = nullptr;     // nq padded to a multiple of 32: +inf on the padding lanes
  bool keep512 = false;       // cut back with the AVX-512 code (the avx512 path), else the portable code

  __attribute__((always_inline)) inline void Push(int q, float s, int32_t item) {
    if (!(s >= admit[q])) return;
    const size_t off = static_cast<size_t>(q) * cap;
    int n = size[q];
    keys[off + n] = ToKey(s);
    items[off + n] = item;
    if (++n == cap) {
      Keep(q, n);
      n = k;
    }
    size[q] = n;
  }

  // Keep query q's k best of its n > k entries, in arrival order, and raise its admission floor above the
  // k-th best score. The k-th best key t is found by bisection on the key range (counts of keys >= t, no
  // data-dependent branches); then one stable pass keeps every key > t and the earliest (lowest-index)
  // entries equal to t. The AVX-512 and portable versions compute the same thing.
  __attribute__((noinline)) void Keep(int q, int n) {
    int32_t* kk = keys.get() + static_cast<size_t>(q) * cap;
    int32_t* it = items.get() + static_cast<size_t>(q) * cap;
    const int32_t t = keep512 ? KeepAvx512(kk, it, n, k) : KeepPortable(kk, it, n, k);
    // t + 1 overflows only for the key of NaN patterns above +inf; +inf's successor is a NaN pattern,
    // and a NaN floor admits nothing, which is right: nothing beats +inf at a higher index.
    admit[q] = FromKey(t == INT32_MAX ? t : t + 1);
  }
};

struct Job {
  const float* queries = nullptr; // [nq, dim]
  const float* cands = nullptr;   // [nc, dim]
  int nq = 0;
  int nc = 0;
  int dim = 0;
  Selector* sel = nullptr;
};

// Candidates per cache block: about 384 KiB of candidate rows (L2-resident while the query panels pass).
inline int CandBlock(int dim, int nr) {
  int n = static_cast<int>((384 * 1024) / (static_cast<size_t>(dim) * 4));
  n = std::max(nr, n - n % nr);
  return n;
}

// ---------------------------------------------------------------------------------------------------
// Portable path: one query at a time, candidates in index order.
void RunScalar(const Job& job, int q0, int q1) {
  const int dim = job.dim;
  for (int q = q0; q < q1; q++) {
    const float* qv = job.queries + static_cast<size_t>(q) * dim;
    for (int j = 0; j < job.nc; j++) {
      const float* cv = job.cands + static_cast<size_t>(j) * dim;
      float s = 0.0f;
      for (int d = 0; d < dim; d++) s = std::fma(qv[d], cv[d], s);
      job.sel->Push(q, s, j);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// AVX-512: panels of 32 queries packed [dim][32] (two vectors per dimension); NR candidates broadcast
// from their rows. 2·NR accumulators.
constexpr int kMr512 = 32;
constexpr int kNr512 = 12;

template <int NR>
__attribute__((target("avx512f"))) inline void Tile512(const float* panel, const Job& job, int j0, int qbase,
                                                       uint32_t valid) {
  const int dim = job.dim;
  __m512 a0[NR];
  __m512 a1[NR];
  const float* c[NR];
#pragma GCC unroll 16
  for (int r = 0; r < NR; r++) {
    a0[r] = _mm512_setzero_ps();
    a1[r] = _mm512_setzero_ps();
    c[r] = job.cands + static_cast<size_t>(j0 + r) * dim;
  }
  for (int d = 0; d < dim; d++) {
    const __m512 b0 = _mm512_load_ps(panel + d * kMr512);
    const __m512 b1 = _mm512_load_ps(panel + d * kMr512 + 16);
#pragma GCC unroll 16
    for (int r = 0; r < NR; r++) {
      const __m512 x = _mm512_set1_ps(c[r][d]);
      a0[r] = _mm512_fmadd_ps(b0, x, a0[r]);
      a1[r] = _mm512_fmadd_ps(b1, x, a1[r]);
    }
  }
  Selector& sel = *job.sel;
  __m512 t0 = _mm512_loadu_ps(sel.admit + qbase);
  __m512 t1 = _mm512_loadu_ps(sel.admit + qbase + 16);
#pragma GCC unroll 16
  for (int r = 0; r < NR; r++) {
    const uint32_t m0 = _mm512_cmp_ps_mask(a0[r], t0, _CMP_GE_OQ);
    const uint32_t m1 = _mm512_cmp_ps_mask(a1[r], t1, _CMP_GE_OQ);
    uint32_t m = (m0 | (m1 << 16)) & valid;
    if (m == 0) continue;
    alignas(64) float s[32];
    _mm512_store_ps(s, a0[r]);
    _mm512_store_ps(s + 16, a1[r]);
    while (m != 0) {
      const int lane = __builtin_ctz(m);
      sel.Push(qbase + lane, s[lane], j0 + r);
      m &= m - 1;
    }
    t0 = _mm512_loadu_ps(sel.admit + qbase);
    t1 = _mm512_loadu_ps(sel.admit + qbase + 16);
  }
}

template <int NR>
__attribute__((target("avx512f"))) void Tail512(const float* panel, const Job& job, int j0, int qbase,
                                                uint32_t valid, int left) {
  if constexpr (NR > 0) {
    if (left == NR) {
      Tile512<NR>(panel, job, j0, qbase, valid);
      return;
    }
    Tail512<NR - 1>(panel, job, j0, qbase, valid, left);
  }
}

// ---------------------------------------------------------------------------------------------------
// AVX2 + FMA: panels of 16 queries (two 8-lane vectors), NR = 6 candidates: 12 accumulators.
constexpr int kMr256 = 16;
constexpr int kNr256 = 6;

template <int NR>
__attribute__((target("avx2,fma"))) inline void Tile256(const float* panel, const Job& job, int j0, int qbase,
                                                        uint32_t valid) {
  const int dim = job.dim;
  __m256 a0[NR];
  __m256 a1[NR];
  const float* c[NR];
#pragma GCC unroll 8
  for (int r = 0; r < NR; r++) {
    a0[r] = _mm256_setzero_ps();
    a1[r] = _mm256_setzero_ps();
    c[r] = job.cands + static_cast<size_t>(j0 + r) * dim;
  }
  for (int d = 0; d < dim; d++) {
    const __m256 b0 = _mm256_load_ps(panel + d * kMr256);
    const __m256 b1 = _mm256_load_ps(panel + d * kMr256 + 8);
#pragma GCC unroll 8
    for (int r = 0; r < NR; r++) {
      const __m256 x = _mm256_broadcast_ss(c[r] + d);
      a0[r] = _mm256_fmadd_ps(b0, x, a0[r]);
      a1[r] = _mm256_fmadd_ps(b1, x, a1[r]);
    }
  }
  Selector& sel = *job.sel;
#pragma GCC unroll 8
  for (int r = 0; r < NR; r++) {
    const __m256 t0 = _mm256_loadu_ps(sel.admit + qbase);
    const __m256 t1 = _mm256_loadu_ps(sel.admit + qbase + 8);
    const uint32_t m0 = static_cast<uint32_t>(_mm256_movemask_ps(_mm256_cmp_ps(a0[r], t0, _CMP_GE_OQ)));
    const uint32_t m1 = static_cast<uint32_t>(_mm256_movemask_ps(_mm256_cmp_ps(a1[r], t1, _CMP_GE_OQ)));
    uint32_t m = (m0 | (m1 << 8)) & valid;
    if (m == 0) continue;
    alignas(32) float s[16];
    _mm256_store_ps(s, a0[r]);
    _mm256_store_ps(s + 8, a1[r]);
    while (m != 0) {
      const int lane = __builtin_ctz(m);
      sel.Push(qbase + lane, s[lane], j0 + r);
      m &= m - 1;
    }
  }
}

template <int NR>
__attribute__((target("avx2,fma"))) void Tail256(const float* panel, const Job& job, int j0, int qbase,
                                                 uint32_t valid, int left) {
  if constexpr (NR > 0) {
    if (left == NR) {
      Tile256<NR>(panel, job, j0, qbase, valid);
      return;
    }
    Tail256<NR - 1>(panel, job, j0, qbase, valid, left);
  }
}

// ---------------------------------------------------------------------------------------------------
// The driver of both SIMD paths: queries [q0, q1) packed in panels of MR ([dim][MR] each, zero-padded),
// then candidate blocks (L2-sized) in order, every panel against every NR-candidate tile of the block,
// so each query sees the candidates in index order.
using TileFn = void (*)(const float* panel, const Job& job, int j0, int qbase, uint32_t valid);
using TailFn = void (*)(const float* panel, const Job& job, int j0, int qbase, uint32_t valid, int left);

template <int MR, int NR, TileFn Tile, TailFn Tail>
void RunPanels(const Job& job, int q0, int q1) {
  const int dim = job.dim;
  const int panels = (q1 - q0 + MR - 1) / MR;
  const size_t bytes = static_cast<size_t>(panels) * dim * MR * 4;
  float* packed = static_cast<float*>(std::aligned_alloc(64, bytes));
  if (packed == nullptr) throw std::bad_alloc();
  std::memset(packed, 0, bytes);
  for (int q = q0; q < q1; q++) {
    float* p = packed + static_cast<size_t>((q - q0) / MR) * dim * MR + (q - q0) % MR;
    const float* v = job.queries + static_cast<size_t>(q) * dim;
    for (int d = 0; d < dim; d++) p[d * MR] = v[d];
  }
  const int nb = CandBlock(dim, NR);
  for (int b0 = 0; b0 < job.nc; b0 += nb) {
    const int b1 = std::min(job.nc, b0 + nb);
    for (int p = 0; p < panels; p++) {
      const int qbase = q0 + p * MR;
      const int lanes = std::min(MR, q1 - qbase);
      const uint32_t valid = lanes == 32 ? 0xffffffffu : ((1u << lanes) - 1u);
      const float* panel = packed + static_cast<size_t>(p) * dim * MR;
      int j = b0;
      for (; j + NR <= b1; j += NR) Tile(panel, job, j, qbase, valid);
      if (j < b1) Tail(panel, job, j, qbase, valid, b1 - j);
    }
  }
  std::free(packed);
}

void Run512(const Job& job, int q0, int q1) {
  RunPanels<kMr512, kNr512, Tile512<kNr512>, Tail512<kNr512 - 1>>(job, q0, q1);
}

void Run256(const Job& job, int q0, int q1) {
  RunPanels<kMr256, kNr256, Tile256<kNr256>, Tail256<kNr256 - 1>>(job, q0, q1);
}

// ---------------------------------------------------------------------------------------------------
enum class Isa { kScalar, kAvx2, kAvx512 };

bool Supported(Isa isa) {
  __builtin_cpu_init();
  switch (isa) {
    case Isa::kAvx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("bmi2");
    case Isa::kAvx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    default:
      return true;
  }
}

const char* IsaName(Isa isa) {
  return isa == Isa::kAvx512 ? "avx512" : isa == Isa::kAvx2 ? "avx2" : "scalar";
}

Isa BestIsa() {
  if (Supported(Isa::kAvx512)) return Isa::kAvx512;
  if (Supported(Isa::kAvx2)) return Isa::kAvx2;
  return Isa::kScalar;
}

struct Output {
  std::vector<float> scores; // nq * k
  std::vector<int32_t> items;
  std::vector<int32_t> sizes;
};

// Write queries [q0, q1): each one's k best, best first (score descending, index ascending); missing
// entries stay NaN / -1.
void Finish(Selector& sel, int q0, int q1, Output* out) {
  const int k = sel.k;
  std::vector<uint64_t> order(k);
  for (int q = q0; q < q1; q++) {
    int n = sel.size[q];
    if (n > k) {
      sel.Keep(q, n);
      n = k;
    }
    const int32_t* kk = sel.keys.get() + static_cast<size_t>(q) * sel.cap;
    const int32_t* it = sel.items.get() + static_cast<size_t>(q) * sel.cap;
    for (int i = 0; i < n; i++) {
      const uint64_t hi = static_cast<uint32_t>(kk[i]) ^ 0x80000000u;
      order[i] = (hi << 32) | (0xffffffffu - static_cast<uint32_t>(it[i]));
    }
    std::sort(order.begin(), order.begin() + n, std::greater<uint64_t>());
    for (int i = 0; i < n; i++) {
      const int32_t key = static_cast<int32_t>(static_cast<uint32_t>(order[i] >> 32) ^ 0x80000000u);
      out->scores[static_cast<size_t>(q) * k + i] = FromKey(key);
      out->items[static_cast<size_t>(q) * k + i] = static_cast<int32_t>(0xffffffffu - static_cast<uint32_t>(order[i]));
    }
    out->sizes[q] = n;
  }
}

// Search every query against every candidate on `threads` threads (queries split in contiguous ranges
// of whole panels) and write each query's k best, best first; missing entries are NaN / -1.
void Search(const float* queries, int nq, const float* cands, int nc, int dim, int k, int threads, Isa isa,
            Output* out) {
  const int mr = isa == Isa::kAvx512 ? kMr512 : isa == Isa::kAvx2 ? kMr256 : 1;
  Selector sel;
  sel.k = k;
  sel.keep512 = isa == Isa::kAvx512;
  // Room for k + max(k, 64) entries before a cut-back (a multiple of 16 for the AVX-512 passes); with no
  // more candidates than k, room for all of them, so no cut-back ever happens.
  sel.cap = nc <= k ? (nc + 16) / 16 * 16 : (k + std::max(k, 64) + 15) / 16 * 16;
  sel.keys.reset(new int32_t[static_cast<size_t>(nq) * sel.cap]);
  sel.items.reset(new int32_t[static_cast<size_t>(nq) * sel.cap]);
  sel.size.assign(nq, 0);
  const int padded = (nq + 31) / 32 * 32 + 32;
  std::vector<float> admit(padded, std::numeric_limits<float>::infinity());
  std::fill(admit.begin(), admit.begin() + nq, -std::numeric_limits<float>::infinity());
  sel.admit = admit.data();
  Job job{queries, cands, nq, nc, dim, &sel};
  out->scores.assign(static_cast<size_t>(nq) * k, std::numeric_limits<float>::quiet_NaN());
  out->items.assign(static_cast<size_t>(nq) * k, -1);
  out->sizes.assign(nq, 0);
  std::vector<std::exception_ptr> failed(std::max(1, threads));
  auto run = [&](int w, int q0, int q1) {
    if (q0 >= q1) return;
    try {
      if (isa == Isa::kAvx512)
        Run512(job, q0, q1);
      else if (isa == Isa::kAvx2)
        Run256(job, q0, q1);
      else
        RunScalar(job, q0, q1);
      Finish(sel, q0, q1, out);
    } catch (...) {
      failed[w] = std::current_exception(); // rethrown on the calling thread after the join
    }
  };
  const int panels = (nq + mr - 1) / mr;
  const int t = std::max(1, std::min(threads, panels));
  std::vector<std::thread> pool;
  int start = 0;
  for (int w = 0; w < t; w++) {
    const int np = panels / t + (w < panels % t ? 1 : 0);
    const int end = std::min(nq, start + np * mr);
    if (w + 1 < t)
      pool.emplace_back(run, w, start, end);
    else
      run(w, start, end);
    start = end;
  }
  for (auto& th : pool) th.join();
  for (auto& e : failed)
    if (e) std::rethrow_exception(e);
}

// ---------------------------------------------------------------------------------------------------
// Node-API binding: topk(queries, candidates, dim, k, threads, isa) → Promise<{scores, items, sizes}>.
// The work runs off the JavaScript thread (libuv pool thread + threads-1 more).

#define CHECK(env, call)                                                     \
  do {                                                                       \
    if ((call) != napi_ok) {                                                 \
      napi_throw_error((env), "HBT_TOPK_KERNEL", "Node-API call failed: " #call); \
      return nullptr;                                                        \
    }                                                                        \
  } while (0)

struct AsyncSearch {
  napi_async_work work = nullptr;
  napi_deferred deferred = nullptr;
  napi_ref qref = nullptr;
  napi_ref cref = nullptr;
  const float* q = nullptr;
  const float* c = nullptr;
  int nq = 0, nc = 0, dim = 0, k = 0, threads = 1;
  Isa isa = Isa::kScalar;
  Output out;
  std::string error; // set by Execute when the search failed
};

napi_value Throw(napi_env env, const std::string& msg) {
  napi_throw_type_error(env, "HBT_TOPK_KERNEL", msg.c_str());
  return nullptr;
}

bool Float32Arg(napi_env env, napi_value v, const float** data, size_t* length) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  void* ptr = nullptr;
  napi_value ab;
  size_t off = 0;
  if (napi_get_typedarray_info(env, v, &type, length, &ptr, &ab, &off) != napi_ok) return false;
  if (type != napi_float32_array) return false;
  *data = static_cast<const float*>(ptr);
  return true;
}

napi_value MakeTyped(napi_env env, napi_typedarray_type type, const void* src, size_t n, size_t bytes) {
  void* dst = nullptr;
  napi_value ab;
  napi_value arr;
  if (napi_create_arraybuffer(env, n * bytes, &dst, &ab) != napi_ok) return nullptr;
  if (n > 0) std::memcpy(dst, src, n * bytes);
  if (napi_create_typedarray(env, type, n, ab, 0, &arr) != napi_ok) return nullptr;
  return arr;
}

void Execute(napi_env, void* data) {
  auto* a = static_cast<AsyncSearch*>(data);
  try {
    Search(a->q, a->nq, a->c, a->nc, a->dim, a->k, a->threads, a->isa, &a->out);
  } catch (const std::bad_alloc&) {
    a->error = "out of memory: the selection buffers take about nq × 2k × 8 bytes; search fewer queries per call";
  } catch (const std::exception& e) {
    a->error = e.what();
  }
}

void Complete(napi_env env, napi_status status, void* data) {
  auto* a = static_cast<AsyncSearch*>(data);
  napi_value result = nullptr;
  if (status == napi_ok && a->error.empty()) {
    napi_create_object(env, &result);
    napi_value scores = MakeTyped(env, napi_float32_array, a->out.scores.data(), a->out.scores.size(), 4);
    napi_value items = MakeTyped(env, napi_int32_array, a->out.items.data(), a->out.items.size(), 4);
    napi_value sizes = MakeTyped(env, napi_int32_array, a->out.sizes.data(), a->out.sizes.size(), 4);
    napi_set_named_property(env, result, "scores", scores);
    napi_set_named_property(env, result, "items", items);
    napi_set_named_property(env, result, "sizes", sizes);
    napi_resolve_deferred(env, a->deferred, result);
  } else {
    napi_value msg;
    napi_value err;
    const std::string text = "topk kernel: " + (a->error.empty() ? std::string("the search was cancelled") : a->error);
    napi_create_string_utf8(env, text.c_str(), NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, nullptr, msg, &err);
    napi_reject_deferred(env, a->deferred, err);
  }
  napi_delete_reference(env, a->qref);
  napi_delete_reference(env, a->cref);
  napi_delete_async_work(env, a->work);
  delete a;
}

bool ParseIsa(const std::string& s, Isa* isa) {
  if (s == "auto") {
    *isa = BestIsa();
    return true;
  }
  for (Isa i : {Isa::kAvx512, Isa::kAvx2, Isa::kScalar}) {
    if (s == IsaName(i)) {
      *isa = i;
      return Supported(i);
    }
  }
  return false;
}

napi_value TopK(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc != 6) return Throw(env, "topk(queries, candidates, dim, k, threads, isa) takes 6 arguments");
  const float* q = nullptr;
  const float* c = nullptr;
  size_t ql = 0;
  size_t cl = 0;
  if (!Float32Arg(env, argv[0], &q, &ql)) return Throw(env, "queries must be a Float32Array");
  if (!Float32Arg(env, argv[1], &c, &cl)) return Throw(env, "candidates must be a Float32Array");
  int32_t dim = 0;
  int32_t k = 0;
  int32_t threads = 0;
  if (napi_get_value_int32(env, argv[2], &dim) != napi_ok || dim < 1) return Throw(env, "dim must be >= 1");
  if (napi_get_value_int32(env, argv[3], &k) != napi_ok || k < 1) return Throw(env, "k must be >= 1");
  if (napi_get_value_int32(env, argv[4], &threads) != napi_ok || threads < 1)
    return Throw(env, "threads must be >= 1");
  char isaBuf[16];
  size_t isaLen = 0;
  if (napi_get_value_string_utf8(env, argv[5], isaBuf, sizeof isaBuf, &isaLen) != napi_ok)
    return Throw(env, "isa must be a string");
  Isa isa;
  if (!ParseIsa(std::string(isaBuf, isaLen), &isa))
    return Throw(env, "isa '" + std::string(isaBuf, isaLen) + "' is unknown or not supported by this CPU");
  if (ql % dim != 0 || cl % dim != 0) return Throw(env, "queries and candidates must hold whole rows of dim floats");
  if (ql / dim > static_cast<size_t>(std::numeric_limits<int32_t>::max() / 2) ||
      cl / dim > static_cast<size_t>(std::numeric_limits<int32_t>::max()))
    return Throw(env, "too many rows for one call");
  auto* a = new AsyncSearch();
  a->q = q;
  a->c = c;
  a->nq = static_cast<int>(ql / dim);
  a->nc = static_cast<int>(cl / dim);
  a->dim = dim;
  a->k = k;
  a->threads = threads;
  a->isa = isa;
  napi_value promise;
  napi_value name;
  CHECK(env, napi_create_reference(env, argv[0], 1, &a->qref));
  CHECK(env, napi_create_reference(env, argv[1], 1, &a->cref));
  CHECK(env, napi_create_promise(env, &a->deferred, &promise));
  CHECK(env, napi_create_string_utf8(env, "hbt-topk", NAPI_AUTO_LENGTH, &name));
  CHECK(env, napi_create_async_work(env, nullptr, name, Execute, Complete, a, &a->work));
  CHECK(env, napi_queue_async_work(env, a->work));
  return promise;
}

napi_value Isas(napi_env env, napi_callback_info) {
  napi_value arr;
  CHECK(env, napi_create_array(env, &arr));
  uint32_t n = 0;
  for (Isa i : {Isa::kAvx512, Isa::kAvx2, Isa::kScalar}) {
    if (!Supported(i)) continue;
    napi_value s;
    CHECK(env, napi_create_string_utf8(env, IsaName(i), NAPI_AUTO_LENGTH, &s));
    CHECK(env, napi_set_element(env, arr, n++, s));
  }
  return arr;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  CHECK(env, napi_create_function(env, "topk", NAPI_AUTO_LENGTH, TopK, nullptr, &fn));
  CHECK(env, napi_set_named_property(env, exports, "topk", fn));
  CHECK(env, napi_create_function(env, "isas", NAPI_AUTO_LENGTH, Isas, nullptr, &fn));
  CHECK(env, napi_set_named_property(env, exports, "isas", fn));
  return exports;
}

} // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
