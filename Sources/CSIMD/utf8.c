// UTF-8 validation 16 (SSSE3) or 32 (AVX2) bytes at a time: the "lookup" algorithm of Keiser and Lemire,
// "Validating UTF-8 in less than one instruction per byte" (Software: Practice and Experience,
// 2021), as simdjson and simdutf implement it. Each byte is checked against the one, two and
// three before it with three 16-entry table lookups (pshufb) on the high and low nibbles;
// a block of ASCII only checks that the block before did not end inside a sequence.
#include "csimd.h"
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define KERNEL __attribute__((target("ssse3")))

enum {
  TOO_SHORT = 1 << 0,       // 11______ 0_______ or 11______ 11______
  TOO_LONG = 1 << 1,        // 0_______ 10______
  OVERLONG_3 = 1 << 2,      // 11100000 100_____
  TOO_LARGE = 1 << 3,       // 11110100 1001____, 11110100 101_____, 11110101+ 1001____ / 101_____
  SURROGATE = 1 << 4,       // 11101101 101_____
  OVERLONG_2 = 1 << 5,      // 1100000_ 10______
  TOO_LARGE_1000 = 1 << 6,  // 11110101+ 1000____
  OVERLONG_4 = 1 << 6,      // 11110000 1000____
  TWO_CONTS = 1 << 7,       // 10______ 10______
  CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

#define LARGE (CARRY | TOO_LARGE | TOO_LARGE_1000)
#define CONT (TOO_LONG | OVERLONG_2 | TWO_CONTS)

// The three tables, indexed by a nibble: the high and the low nibble of the byte before, and
// the high nibble of the byte itself; a byte pair is invalid when all three share a bit.
static const uint8_t byte1High[16] = {
    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,  // ASCII
    TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,                                      // 10__
    TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,           // C, D, E
    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4};                            // F
static const uint8_t byte1Low[16] = {
    CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY,
    CARRY | TOO_LARGE, LARGE, LARGE, LARGE, LARGE, LARGE, LARGE, LARGE, LARGE,
    LARGE | SURROGATE, LARGE, LARGE};
static const uint8_t byte2High[16] = {
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
    CONT | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4, CONT | OVERLONG_3 | TOO_LARGE,
    CONT | SURROGATE | TOO_LARGE, CONT | SURROGATE | TOO_LARGE,
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT};
// The last byte of a block may be the lead of a sequence of 2, 3 or 4 bytes only when it is at
// least C0, E0 or F0 and in the last 1, 2 or 3 places: bytes above these are cut off.
static const uint8_t maxValue[32] = {
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0xF0 - 1, 0xE0 - 1, 0xC0 - 1};

KERNEL static inline __m128i load16(const uint8_t *t) {
  return _mm_loadu_si128((const __m128i *)t);
}

KERNEL static inline __m128i special_cases(__m128i input, __m128i prev1) {
  const __m128i nibble = _mm_set1_epi8(0x0F);
  __m128i a =
      _mm_shuffle_epi8(load16(byte1High), _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble));
  __m128i b = _mm_shuffle_epi8(load16(byte1Low), _mm_and_si128(prev1, nibble));
  __m128i c =
      _mm_shuffle_epi8(load16(byte2High), _mm_and_si128(_mm_srli_epi16(input, 4), nibble));
  return _mm_and_si128(_mm_and_si128(a, b), c);
}

KERNEL static int utf8_valid_ssse3(const uint8_t *p, size_t n) {
  __m128i error = _mm_setzero_si128();
  __m128i previous = _mm_setzero_si128();
  __m128i incomplete = _mm_setzero_si128();
  const __m128i last = load16(maxValue + 16);
  const __m128i third = _mm_set1_epi8(0xE0 - 0x80);
  const __m128i fourth = _mm_set1_epi8((char)(0xF0 - 0x80));
  const __m128i high = _mm_set1_epi8((char)0x80);
  size_t i = 0;
  uint8_t tail[16];
  while (i < n) {
    __m128i input;
    if (i + 16 <= n) {
      input = _mm_loadu_si128((const __m128i *)(p + i));
    } else if (n >= 32) {
      // The last 16 bytes, overlapping the block before (checking a byte twice, each time
      // against the bytes truly before it, changes nothing).
      input = _mm_loadu_si128((const __m128i *)(p + n - 16));
      previous = _mm_loadu_si128((const __m128i *)(p + n - 32));
    } else {
      // The last bytes, padded with NUL (ASCII): a sequence cut off by the end fails.
      memset(tail, 0, sizeof tail);
      memcpy(tail, p + i, n - i);
      input = _mm_loadu_si128((const __m128i *)tail);
    }
    i += 16;
    if (_mm_movemask_epi8(input) == 0) {
      error = _mm_or_si128(error, incomplete);
      incomplete = _mm_setzero_si128();
    } else {
      __m128i prev1 = _mm_alignr_epi8(input, previous, 15);
      __m128i prev2 = _mm_alignr_epi8(input, previous, 14);
      __m128i prev3 = _mm_alignr_epi8(input, previous, 13);
      __m128i sc = special_cases(input, prev1);
      __m128i must23 = _mm_or_si128(_mm_subs_epu8(prev2, third), _mm_subs_epu8(prev3, fourth));
      error = _mm_or_si128(error, _mm_xor_si128(_mm_and_si128(must23, high), sc));
      incomplete = _mm_subs_epu8(input, last);
    }
    previous = input;
  }
  error = _mm_or_si128(error, incomplete);
  return _mm_movemask_epi8(_mm_cmpeq_epi8(error, _mm_setzero_si128())) == 0xFFFF ? 1 : 0;
}

// The same, thirty-two bytes at a time. AVX2 shuffles and byte shifts work within each half
// of a register: the tables are given twice, and the bytes before a block come from a
// register whose halves are the previous block's high half and this block's low half.
#define KERNEL_AVX2 __attribute__((target("avx2")))

KERNEL_AVX2 static inline __m256i table32(const uint8_t *t) {
  return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t));
}

KERNEL_AVX2 static int utf8_valid_avx2(const uint8_t *p, size_t n) {
  const __m256i table1High = table32(byte1High);
  const __m256i table1Low = table32(byte1Low);
  const __m256i table2High = table32(byte2High);
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  const __m256i last = _mm256_loadu_si256((const __m256i *)maxValue);
  const __m256i third = _mm256_set1_epi8(0xE0 - 0x80);
  const __m256i fourth = _mm256_set1_epi8((char)(0xF0 - 0x80));
  const __m256i high = _mm256_set1_epi8((char)0x80);
  __m256i error = _mm256_setzero_si256();
  __m256i previous = _mm256_setzero_si256();
  __m256i incomplete = _mm256_setzero_si256();
  uint8_t tail[32];
  size_t i = 0;
  while (i < n) {
    __m256i input;
    if (i + 32 <= n) {
      input = _mm256_loadu_si256((const __m256i *)(p + i));
    } else if (n >= 64) {
      input = _mm256_loadu_si256((const __m256i *)(p + n - 32));
      previous = _mm256_loadu_si256((const __m256i *)(p + n - 64));
    } else {
      memset(tail, 0, sizeof tail);
      memcpy(tail, p + i, n - i);
      input = _mm256_loadu_si256((const __m256i *)tail);
    }
    i += 32;
    if (_mm256_movemask_epi8(input) == 0) {
      error = _mm256_or_si256(error, incomplete);
      incomplete = _mm256_setzero_si256();
    } else {
      __m256i before = _mm256_permute2x128_si256(previous, input, 0x21);
      __m256i prev1 = _mm256_alignr_epi8(input, before, 15);
      __m256i prev2 = _mm256_alignr_epi8(input, before, 14);
      __m256i prev3 = _mm256_alignr_epi8(input, before, 13);
      __m256i a =
          _mm256_shuffle_epi8(table1High, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble));
      __m256i b = _mm256_shuffle_epi8(table1Low, _mm256_and_si256(prev1, nibble));
      __m256i c =
          _mm256_shuffle_epi8(table2High, _mm256_and_si256(_mm256_srli_epi16(input, 4), nibble));
      __m256i sc = _mm256_and_si256(_mm256_and_si256(a, b), c);
      __m256i must23 =
          _mm256_or_si256(_mm256_subs_epu8(prev2, third), _mm256_subs_epu8(prev3, fourth));
      error = _mm256_or_si256(error, _mm256_xor_si256(_mm256_and_si256(must23, high), sc));
      incomplete = _mm256_subs_epu8(input, last);
    }
    previous = input;
  }
  error = _mm256_or_si256(error, incomplete);
  return _mm256_testz_si256(error, error) ? 1 : 0;
}
#endif

/* 2: AVX2, 1: SSSE3, 0: neither (x86-64 only). */
int rostercheck_simd_level(void) {
#if defined(__x86_64__)
  static int level = -1;
  if (__builtin_expect(level < 0, 0)) {
    __builtin_cpu_init();
    level = __builtin_cpu_supports("avx2") ? 2 : __builtin_cpu_supports("ssse3") ? 1 : 0;
  }
  return level;
#else
  return 0;
#endif
}

int rostercheck_utf8_valid(const uint8_t *p, size_t n) {
  return rostercheck_utf8_valid_at(p, n, rostercheck_simd_level());
}

int rostercheck_utf8_valid_at(const uint8_t *p, size_t n, int level) {
  if (level > rostercheck_simd_level()) return -1;
#if defined(__x86_64__)
  switch (level) {
  case 2: return utf8_valid_avx2(p, n);
  case 1: return utf8_valid_ssse3(p, n);
  default: break;
  }
#endif
  (void)p;
  (void)n;
  return -1;
}
