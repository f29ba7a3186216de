/*
 * vmath.h — internal: elementwise exp, log, tan, sin and pow over arrays of doubles, in
 * 4-wide AVX2 vectors through SLEEF where the processor has AVX2 and FMA, else
 * through the C library one element at a time.
 *
 * Accuracy: SLEEF's _u10 functions are within 1.0 ULP of the exact result (SLEEF
 * documentation, "Accuracy"), glibc's within a few ULP; a result may therefore differ
 * from the scalar path in its last bits, never more. The choice depends only on the
 * processor, so a given machine computes the same bits on every call and thread.
 * Never built with -ffast-math: NaN, infinities and underflow to 0 behave as in C.
 *
 * y may alias x (in place). Re-entrant; no state.
 */
#ifndef JE_CORE_VMATH_H
#define JE_CORE_VMATH_H

#include <stddef.h>

void je_vexp(const double *x, double *y, size_t n);
void je_vlog(const double *x, double *y, size_t n);
void je_vtan(const double *x, double *y, size_t n);
void je_vsin(const double *x, double *y, size_t n);
/* y[i] = x[i] ^ e[i]. */
void je_vpow(const double *x, const double *e, double *y, size_t n);

/* 1 when the vector path is in use on this processor (for benchmarks and tests). */
int je_vmath_vector(void);

/* The AVX2 kernels (vmath_avx2.c, compiled with -mavx2 -mfma); call only when
   je_vmath_vector() is 1. */
void je_vexp_avx2(const double *x, double *y, size_t n);
void je_vlog_avx2(const double *x, double *y, size_t n);
void je_vtan_avx2(const double *x, double *y, size_t n);
void je_vsin_avx2(const double *x, double *y, size_t n);
void je_vpow_avx2(const double *x, const double *e, double *y, size_t n);

#endif
