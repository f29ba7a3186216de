/*
 * vmath_avx2.c — the AVX2 kernels of vmath.h: SLEEF's 1.0-ULP vector functions
 * (Sleef_*d4_u10avx2), 4 doubles at a time; the tail of fewer than 4 goes through a
 * zero-padded vector so that every element takes the same path. This file alone is
 * compiled with -mavx2 -mfma (CMakeLists.txt); vmath.c calls it only on processors
 * that have both.
 */
#include "core/vmath.h"

#if defined(__x86_64__) && defined(JE_HAVE_SLEEF)
#include <sleef.h>
#include <string.h>

#define KERNEL1(name, fn)                                                                          \
    void name(const double *x, double *y, size_t n)                                                \
    {                                                                                              \
        size_t i = 0;                                                                              \
        for (; i + 4 <= n; i += 4)                                                                 \
            _mm256_storeu_pd(y + i, fn(_mm256_loadu_pd(x + i)));                                   \
        if (i < n) {                                                                               \
            double in[4] = {0, 0, 0, 0}, out[4];                                                   \
            memcpy(in, x + i, (n - i) * sizeof *in);                                               \
            _mm256_storeu_pd(out, fn(_mm256_loadu_pd(in)));                                        \
            memcpy(y + i, out, (n - i) * sizeof *out);                                             \
        }                                                                                          \
    }

KERNEL1(je_vexp_avx2, Sleef_expd4_u10avx2)
KERNEL1(je_vlog_avx2, Sleef_logd4_u10avx2)
KERNEL1(je_vtan_avx2, Sleef_tand4_u10avx2)
KERNEL1(je_vsin_avx2, Sleef_sind4_u10avx2)

void je_vpow_avx2(const double *x, const double *e, double *y, size_t n)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        _mm256_storeu_pd(y + i,
                         Sleef_powd4_u10avx2(_mm256_loadu_pd(x + i), _mm256_loadu_pd(e + i)));
    if (i < n) {
        double in[4] = {1, 1, 1, 1}, ex[4] = {1, 1, 1, 1}, out[4];
        memcpy(in, x + i, (n - i) * sizeof *in);
        memcpy(ex, e + i, (n - i) * sizeof *ex);
        _mm256_storeu_pd(out, Sleef_powd4_u10avx2(_mm256_loadu_pd(in), _mm256_loadu_pd(ex)));
        memcpy(y + i, out, (n - i) * sizeof *out);
    }
}
#else
/* Without SLEEF (or off x86-64) the kernels are never called; ISO C wants a
   declaration in every translation unit. */
typedef int je_vmath_avx2_unused;
#endif
