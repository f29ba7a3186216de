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

/* name(x, y, n): the kernel where the processor allows, else libm's fn per element. */
#define DISPATCH1(name, fn)                                                                        \
    void name(const double *x, double *y, size_t n)                                                \
    {                                                                                              \
        VECTOR(name##_avx2(x, y, n))                                                               \
        for (size_t i = 0; i < n; i++)                                                             \
            y[i] = fn(x[i]);                                                                       \
    }

DISPATCH1(je_vexp, exp)
DISPATCH1(je_vlog, log)
DISPATCH1(je_vtan, tan)
DISPATCH1(je_vsin, sin)

void je_vpow(const double *x, const double *e, double *y, size_t n)
{
    VECTOR(je_vpow_avx2(x, e, y, n))
    for (size_t i = 0; i < n; i++)
        y[i] = pow(x[i], e[i]);
}
