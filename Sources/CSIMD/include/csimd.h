#ifndef ROSTERCHECK_CSIMD_H
#define ROSTERCHECK_CSIMD_H
#include <stddef.h>
#include <stdint.h>

/* Vector kernels the pure-Swift code cannot express (byte shuffles, bit masks of a compare),
   each with a plain Swift fallback on the caller's side.

   rostercheck_utf8_valid: 1 when the n bytes at p are valid UTF-8 (RFC 3629: no overlong
   forms, no surrogates, nothing past U+10FFFF), 0 when not, and -1 when this processor has no
   SSSE3 (or is not x86-64): the caller then checks the bytes itself. */
int rostercheck_utf8_valid(const uint8_t *p, size_t n);

/* What the kernels use on this processor: 2 AVX2 (32 bytes at a time), 1 SSSE3 (16),
   0 neither (rostercheck_utf8_valid returns -1; rostercheck_scan_row uses SSE2 on x86-64). */
int rostercheck_simd_level(void);

/* The kernels at a given level (at most rostercheck_simd_level(); for tests): 0 is plain C for
   the row scan and -1 (not available) for the UTF-8 check. */
int rostercheck_utf8_valid_at(const uint8_t *p, size_t n, int level);
long rostercheck_scan_row_at(const uint8_t *p, size_t n, uint8_t sep, uint8_t nl, int32_t *seps,
                             int cap, int *count, int level);


/* rostercheck_scan_row: the fast path of a CSV row without quote marks. Scans the n bytes at
   p for the separator `sep`, the newline `nl` and the quote mark `"`. Writes the offset of each
   separator before the first newline or quote mark into seps (at most cap; *count says how
   many) and returns the offset of the newline; returns -1 when a quote mark comes first or no
   newline is in the n bytes, or when cap separators were written before either (then *count
   == cap and the scan goes on after the last one). Sixteen bytes at a time (SSE2) on x86-64. */
long rostercheck_scan_row(const uint8_t *p, size_t n, uint8_t sep, uint8_t nl, int32_t *seps,
                          int cap, int *count);

#endif
