/* Array math (src/core/vmath.h): the vector path (SLEEF, AVX2) and the C library must
 * agree to a few ULP on every element, including the tail that does not fill a
 * vector, special values and results that underflow — the plume model relies on
 * e^x being exactly 0 below −745.2 and on NaN staying NaN. */
#include "core/vmath.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <string.h>

/* |a − b| within k ULP of b (or both NaN, or equal). */
static void ulps(const char *what, double a, double b, double k, double x)
{
    if (isnan(b)) {
        cr_expect(isnan(a), "%s(%.17g) = %.17g, expected NaN", what, x, a);
        return;
    }
    if (a == b)
        return;
    double ulp = fmax(fabs(nextafter(b, INFINITY) - b), DBL_TRUE_MIN);
    cr_expect(fabs(a - b) <= k * ulp, "%s(%.17g) = %.17g, libm %.17g (%.1f ULP)", what, x, a, b,
              fabs(a - b) / ulp);
}

#define N 203 /* not a multiple of 4: the last 3 go through the padded tail */

Test(vmath, exp_log_tan_sin_pow_agree_with_libm)
{
    double x[N], y[N], e[N];
    for (int i = 0; i < N; i++)
        x[i] = -760.0 + 7.5 * i; /* −760 … 755: underflow, normal range, overflow */
    je_vexp(x, y, N);
    for (int i = 0; i < N; i++)
        ulps("exp", y[i], exp(x[i]), 2, x[i]);
    for (int i = 0; i < N; i++)
        x[i] = exp(-40.0 + 0.4 * i); /* log over 35 decades */
    je_vlog(x, y, N);
    for (int i = 0; i < N; i++)
        ulps("log", y[i], log(x[i]), 2, x[i]);
    for (int i = 0; i < N; i++)
        x[i] = -1.5 + 0.0149 * i; /* tan over (−π/2, π/2), as the σy fit uses it */
    je_vtan(x, y, N);
    for (int i = 0; i < N; i++)
        ulps("tan", y[i], tan(x[i]), 2, x[i]);
    je_vsin(x, y, N);
    for (int i = 0; i < N; i++)
        ulps("sin", y[i], sin(x[i]), 2, x[i]);
    for (int i = 0; i < N; i++) {
        x[i] = 1e-3 + 0.37 * i;
        e[i] = (i % 3 == 0) ? 2.0 / 3.0 : (i % 3 == 1) ? 1.0 / 3.0 : 0.625;
    }
    je_vpow(x, e, y, N);
    for (int i = 0; i < N; i++)
        ulps("pow", y[i], pow(x[i], e[i]), 2, x[i]);
}

Test(vmath, special_values_and_underflow)
{
    double x[6] = {-745.3, -1000.0, 0.0, NAN, -INFINITY, 710.0}, y[6];
    je_vexp(x, y, 6);
    cr_expect(y[0] == 0.0 && y[1] == 0.0, "e^-745.3 = %g, e^-1000 = %g", y[0], y[1]);
    cr_expect(y[2] == 1.0 && isnan(y[3]) && y[4] == 0.0 && isinf(y[5]), "%g %g %g %g", y[2], y[3],
              y[4], y[5]);
    double l[4] = {0.0, -1.0, 1.0, INFINITY}, ly[4];
    je_vlog(l, ly, 4);
    cr_expect(isinf(ly[0]) && ly[0] < 0 && isnan(ly[1]) && ly[2] == 0.0 && isinf(ly[3]),
              "%g %g %g %g", ly[0], ly[1], ly[2], ly[3]);
    double p[2] = {0.0, 8.0}, pe[2] = {2.0 / 3.0, 1.0 / 3.0}, py[2];
    je_vpow(p, pe, py, 2);
    cr_expect(py[0] == 0.0, "0^(2/3) = %g", py[0]);
    ulps("pow", py[1], 2.0, 1, 8.0);
}

/* In place (y == x) and every short length 0 … 5, so each tail size is covered. */
Test(vmath, in_place_and_short_lengths)
{
    for (size_t n = 0; n <= 5; n++) {
        double x[6], ref[6];
        for (size_t i = 0; i < 6; i++)
            x[i] = ref[i] = -1.0 - (double)i;
        je_vexp(x, x, n);
        for (size_t i = 0; i < 6; i++) {
            if (i < n)
                ulps("exp", x[i], exp(ref[i]), 2, ref[i]);
            else
                cr_expect(x[i] == ref[i], "n %zu: element %zu past the end was written", n, i);
        }
    }
}

/* On this machine the vector path is what the plume model uses; say which ran. */
Test(vmath, reports_its_path)
{
    int v = je_vmath_vector();
    cr_expect(v == 0 || v == 1);
    cr_log_info("vmath: %s path", v ? "AVX2 (SLEEF)" : "C library");
}
