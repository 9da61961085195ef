// The separators of a CSV row up to its newline, 32 (AVX2) or 16 (SSE2) bytes at a time: one
// compare per byte kind, a bit mask per block (movemask), the separators read off its set bits.
#include "csimd.h"

/* The bytes from i on, one at a time, with k separators found before: the end of a row and
   rows on processors without the vector instructions. */
static long scan_rest(const uint8_t *p, size_t i, size_t n, uint8_t sep, uint8_t nl,
                      int32_t *seps, int cap, int k, int *count) {
  for (; i < n; i++) {
    uint8_t c = p[i];
    if (c == sep) {
      if (k == cap) break;
      seps[k++] = (int32_t)i;
    } else if (c == nl) {
      *count = k;
      return (long)i;
    } else if (c == '"') {
      break;
    }
  }
  *count = k;
  return -1;
}

/* One block's separators (bit masks of its separators and of its newlines and quote marks;
   the block starts at i) appended to seps. Returns 1 when the scan ends in the block, with
   *result set, else 0. */
static inline int take_block(const uint8_t *p, size_t i, unsigned s, unsigned stop, uint8_t nl,
                             int32_t *seps, int cap, int *k, long *result) {
  unsigned before = stop ? s & ((stop ^ (stop - 1)) >> 1) : s;
  while (before) {
    if (*k == cap) {
      *result = -1;
      return 1;
    }
    seps[(*k)++] = (int32_t)(i + (size_t)__builtin_ctz(before));
    before &= before - 1;
  }
  if (stop) {
    size_t at = i + (size_t)__builtin_ctz(stop);
    *result = p[at] == nl ? (long)at : -1;
    return 1;
  }
  return 0;
}

#if defined(__x86_64__)
#include <immintrin.h>

// Thirty-two bytes at a time (AVX2).
__attribute__((target("avx2"))) static long scan_row_avx2(
    const uint8_t *p, size_t n, uint8_t sep, uint8_t nl, int32_t *seps, int cap, int *count) {
  int k = 0;
  size_t i = 0;
  const __m256i vsep = _mm256_set1_epi8((char)sep);
  const __m256i vnl = _mm256_set1_epi8((char)nl);
  const __m256i vquote = _mm256_set1_epi8('"');
  for (; i + 32 <= n; i += 32) {
    __m256i x = _mm256_loadu_si256((const __m256i *)(p + i));
    unsigned s = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, vsep));
    unsigned stop = (unsigned)_mm256_movemask_epi8(
        _mm256_or_si256(_mm256_cmpeq_epi8(x, vnl), _mm256_cmpeq_epi8(x, vquote)));
    long result;
    if (take_block(p, i, s, stop, nl, seps, cap, &k, &result)) {
      *count = k;
      return result;
    }
  }
  return scan_rest(p, i, n, sep, nl, seps, cap, k, count);
}
#endif

long rostercheck_scan_row(const uint8_t *p, size_t n, uint8_t sep, uint8_t nl, int32_t *seps,
                          int cap, int *count) {
  return rostercheck_scan_row_at(p, n, sep, nl, seps, cap, count, rostercheck_simd_level());
}

long rostercheck_scan_row_at(const uint8_t *p, size_t n, uint8_t sep, uint8_t nl, int32_t *seps,
                             int cap, int *count, int level) {
  int k = 0;
  size_t i = 0;
#if defined(__x86_64__)
  if (level >= 2 && rostercheck_simd_level() >= 2) {
    return scan_row_avx2(p, n, sep, nl, seps, cap, count);
  }
  if (level >= 1) {
    const __m128i vsep = _mm_set1_epi8((char)sep);
    const __m128i vnl = _mm_set1_epi8((char)nl);
    const __m128i vquote = _mm_set1_epi8('"');
    for (; i + 16 <= n; i += 16) {
      __m128i x = _mm_loadu_si128((const __m128i *)(p + i));
      unsigned s = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vsep));
      unsigned stop = (unsigned)_mm_movemask_epi8(
          _mm_or_si128(_mm_cmpeq_epi8(x, vnl), _mm_cmpeq_epi8(x, vquote)));
      long result;
      if (take_block(p, i, s, stop, nl, seps, cap, &k, &result)) {
        *count = k;
        return result;
      }
    }
  }
#endif
  (void)level;
  return scan_rest(p, i, n, sep, nl, seps, cap, k, count);
}
