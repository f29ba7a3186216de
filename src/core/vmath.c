/*
 * vmath.c — dispatch of the array math functions (vmath.h): the AVX2 kernels where the
 * processor has AVX2 and FMA, the C library otherwise. __builtin_cpu_supports reads
 * the CPU features libgcc detected at start-up, so the check costs a load and a test.
 */
#include "core/vmath.h"

#include <math.h>

int je_vmath_vector(void)
{
#if defined(__x86_64__) && defined(JE_HAVE_SLEEF)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

#if defined(__x86_64__) && defined(JE_HAVE_SLEEF)
#define VECTOR(call)                                                                               \
    if (je_vmath_vector()) {                                                                       \
        call;                                                                                      \
        return;                                                                                    \
    }
#else
#define VECTOR(call)
#endif

void je_vexp(const double *x, double *y, size_t n)
{
    VECTOR(je_vexp_avx2(x, y, n))
    for (size_t i = 0; i < n; i++)
        y[i] = exp(x[i]);
}

void je_vlog(const double *x, double *y, size_t n)
{
    VECTOR(je_vlog_avx2(x, y, n))
    for (size_t i = 0; i < n; i++)
        y[i] = log(x[i]);
}

void je_vtan(const double *x, double *y, size_t n)
{
    VECTOR(je_vtan_avx2(x, y, n))
    for (size_t i = 0; i < n; i++)
        y[i] = tan(x[i]);
}

void je_vsin(const double *x, double *y, size_t n)
{
    VECTOR(je_vsin_avx2(x, y, n))
    for (size_t i = 0; i < n; i++)
        y[i] = sin(x[i]);
}

void je_vpow(const double *x, const double *e, double *y, size_t n)
{
    VECTOR(je_vpow_avx2(x, e, y, n))
    for (size_t i = 0; i < n; i++)
        y[i] = pow(x[i], e[i]);
}
