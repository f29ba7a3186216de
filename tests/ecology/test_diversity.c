/* test_diversity.c — diversity indices. Expected values: scikit-bio's alpha-diversity
 * tests (skbio/diversity/alpha/tests/test_base.py: chao1, ace, shannon, simpson), whose
 * formulas are vegan's (diversity, estimateR); each value below was also checked by
 * hand from the formulas in ecology.h. */
#include "jointenv/ecology.h"

#include <criterion/criterion.h>
#include <math.h>

static int close_to(double a, double b, double tol)
{
    return fabs(a - b) <= tol * (1 + fabs(b));
}
#define CLOSE(a, b, tol)                                                                           \
    cr_expect(close_to((a), (b), (tol)), "%s = %.12g, expected %.12g", #a, (double)(a), (double)(b))

static je_diversity div_of(const double *x, size_t n, double base)
{
    je_diversity d;
    je_error err;
    cr_assert_eq(je_diversity_compute(x, n, base, &d, &err), JE_OK, "%s", err.message);
    return d;
}

Test(diversity, chao1_bias_corrected_and_classic)
{
    /* skbio: chao1([0,1,1,4,2,5,2,4,1,2]) = 9.75, bias_corrected=False → 10.5
     * S = 9, F1 = 3, F2 = 3: 9 + 3·2/(2·4) = 9.75; 9 + 9/6 = 10.5 */
    double x[] = {0, 1, 1, 4, 2, 5, 2, 4, 1, 2};
    je_diversity d = div_of(x, 10, M_E);
    cr_expect_eq(d.S, 9);
    CLOSE(d.N, 22, 0);
    CLOSE(d.chao1, 9.75, 1e-12);
    CLOSE(d.chao1_classic, 10.5, 1e-12);
    /* EstimateS: F2 > 0 → classic with K = 21/22 */
    CLOSE(d.chao1_estimates, 9 + 21.0 / 22 * 9 / 6, 1e-12);
    /* interval by hand: var = 3·2/(2·4) + 3·5²/(4·4²) + 3²·3·2²/(4·4⁴) = 2.02734375,
     * f0 = 0.75, C = exp(1.96·√ln(1 + var/f0²)) */
    CLOSE(d.chao1_var, 2.02734375, 1e-12);
    double C = exp(1.96 * sqrt(log(1 + 2.02734375 / 0.5625)));
    CLOSE(d.chao1_lo, 9 + 0.75 / C, 1e-12);
    CLOSE(d.chao1_hi, 9 + 0.75 * C, 1e-12);
    cr_expect(d.chao1_lo < d.chao1 && d.chao1 < d.chao1_hi);
    cr_expect(d.chao1_lo >= 9, "the interval never goes below S_obs");
}

Test(diversity, ace_published_vectors)
{
    static const struct {
        double x[6];
        size_t n;
        double ace;
    } t[] = {{{2, 0}, 2, 1.0},
             {{12, 0, 9}, 3, 2.0},
             {{12, 2, 8}, 3, 3.0},
             {{12, 2, 1}, 3, 4.0},
             {{12, 1, 2, 1}, 4, 7.0},
             {{12, 3, 2, 1}, 4, 4.6},
             {{12, 3, 6, 1, 10}, 5, 5.62749672}};
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        CLOSE(div_of(t[i].x, t[i].n, M_E).ace, t[i].ace, 1e-8);
}

Test(diversity, shannon_simpson_pielou)
{
    double x[] = {1, 2, 3, 4};
    je_diversity d = div_of(x, 4, 2);
    CLOSE(d.shannon, 1.846439344671, 1e-10); /* skbio shannon([1,2,3,4]) in bits */
    CLOSE(d.simpson, 1 - 0.30, 1e-12);       /* 0.01 + 0.04 + 0.09 + 0.16 = 0.30 */
    CLOSE(d.invsimpson, 1 / 0.30, 1e-12);
    CLOSE(d.pielou, 1.846439344671 / 2, 1e-10); /* H / log2(4) */
    double y[] = {1, 0, 2, 5, 2};
    CLOSE(div_of(y, 5, M_E).simpson, 0.66, 1e-12); /* skbio simpson */
    double z[] = {5, 5};
    CLOSE(div_of(z, 2, 2).shannon, 1, 1e-12);
    CLOSE(div_of(z, 2, 2).pielou, 1, 1e-12);
}

Test(diversity, edge_cases)
{
    double one[] = {7};
    je_diversity d = div_of(one, 1, M_E);
    cr_expect_eq(d.S, 1);
    CLOSE(d.shannon, 0, 0);
    CLOSE(d.simpson, 0, 0);
    CLOSE(d.invsimpson, 1, 0);
    cr_expect(isnan(d.pielou), "Pielou is 0/0 with one species");
    CLOSE(d.chao1, 1, 0);
    CLOSE(d.ace, 1, 0); /* no rare species: ACE = S_abund */

    double singles[] = {1, 1, 1, 1};
    d = div_of(singles, 4, M_E);
    CLOSE(d.chao1, 4 + 4 * 3 / 2.0, 1e-12); /* F2 = 0: S + F1(F1−1)/2 */
    cr_expect(isnan(d.chao1_classic));
    cr_expect(isnan(d.ace), "ACE: coverage 0 when every rare species is a singleton");
    CLOSE(d.shannon, log(4.0), 1e-12);

    double no_f2[] = {1, 1, 3, 5};
    d = div_of(no_f2, 4, M_E);
    CLOSE(d.chao1, 4 + 2 * 1 / 2.0, 1e-12);
    CLOSE(d.chao1_estimates, 4 + 9.0 / 10 * 2 * 1 / 2, 1e-12); /* bias-corrected, K = 9/10 */

    double bad[] = {1, -1};
    je_diversity e;
    cr_expect_eq(je_diversity_compute(bad, 2, M_E, &e, NULL), JE_EINVAL);
    double none[] = {0, 0};
    cr_expect_eq(je_diversity_compute(none, 2, M_E, &e, NULL), JE_EINVAL);
}
