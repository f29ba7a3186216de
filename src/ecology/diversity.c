/* diversity.c — diversity indices of one sample (formulas and sources in ecology.h and
 * docs/ecology.md: vegan `diversity` and `estimateR`, EstimateS 9 user's guide). */
#include "jointenv/ecology.h"

#include <math.h>

/* The EstimateS estimate (classic with K = (N − 1)/N when F2 > 0, bias-corrected when
 * F2 = 0), and the 95 % log-normal interval of the bias-corrected (vegan) estimate from
 * its variance (Chao 2005; EstimateS 9 user's guide, appendix B), taken with K = 1 as
 * vegan's estimate has no small-sample factor. */
static void chao_interval(double S, double N, double f1, double f2, je_diversity *d)
{
    double K = (N - 1) / N;
    d->chao1_estimates = f2 > 0 ? S + K * f1 * f1 / (2 * f2) : S + K * f1 * (f1 - 1) / 2;
    if (f2 > 0) {
        double a = f2 + 1;
        d->chao1_var = f1 * (f1 - 1) / (2 * a) + f1 * (2 * f1 - 1) * (2 * f1 - 1) / (4 * a * a) +
                       f1 * f1 * f2 * (f1 - 1) * (f1 - 1) / (4 * a * a * a * a);
    } else {
        d->chao1_var = f1 * (f1 - 1) / 2 + f1 * (2 * f1 - 1) * (2 * f1 - 1) / 4 -
                       f1 * f1 * f1 * f1 / (4 * d->chao1);
    }
    double f0 = d->chao1 - S;
    if (f0 > 0 && d->chao1_var > 0) {
        double k = exp(1.96 * sqrt(log(1 + d->chao1_var / (f0 * f0))));
        d->chao1_lo = S + f0 / k;
        d->chao1_hi = S + f0 * k;
    } else {
        d->chao1_lo = d->chao1_hi = d->chao1;
    }
}

je_status je_diversity_compute(const double *x, size_t n, double base, je_diversity *d,
                               je_error *err)
{
    if (!(base > 1) || !isfinite(base))
        return je_error_set(err, JE_EINVAL, "log base must be > 1, not %g", base);
    double N = 0, f[11] = {0}, S = 0, s_rare = 0, n_rare = 0, s_abund = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(isfinite(x[i]) && x[i] >= 0))
            return je_error_set(err, JE_EINVAL, "abundance %zu is %g; counts must be ≥ 0", i + 1,
                                x[i]);
        if (x[i] == 0)
            continue;
        N += x[i];
        S++;
        if (x[i] <= 10) {
            s_rare++;
            n_rare += x[i];
            if (x[i] == floor(x[i]))
                f[(int)x[i]]++;
        } else {
            s_abund++;
        }
    }
    if (N == 0)
        return je_error_set(err, JE_EINVAL, "the sample has no individuals");
    double H = 0, sum_p2 = 0;
    for (size_t i = 0; i < n; i++) {
        if (x[i] == 0)
            continue;
        double p = x[i] / N;
        H -= p * log(p);
        sum_p2 += p * p;
    }
    d->S = (int64_t)S;
    d->N = N;
    d->shannon = H / log(base);
    d->simpson = 1 - sum_p2;
    d->invsimpson = 1 / sum_p2;
    d->pielou = S > 1 ? H / log(S) : NAN;
    double f1 = f[1], f2 = f[2];
    d->chao1 = S + f1 * (f1 - 1) / (2 * (f2 + 1));
    d->chao1_classic = f2 > 0 ? S + f1 * f1 / (2 * f2) : NAN;
    chao_interval(S, N, f1, f2, d);
    double C = n_rare > 0 ? 1 - f1 / n_rare : NAN, sum = 0;
    for (int i = 1; i <= 10; i++)
        sum += i * (i - 1) * f[i];
    if (s_rare == 0) {
        d->ace = S;
    } else if (C > 0) {
        double g2 = s_rare * sum / (C * n_rare * (n_rare - 1)) - 1;
        if (!(g2 > 0))
            g2 = 0;
        d->ace = s_abund + s_rare / C + f1 / C * g2;
    } else {
        d->ace = NAN;
    }
    return JE_OK;
}
