/*
 * richness.c — rarefaction, species accumulation, incidence estimators and list
 * similarity (jointenv/survey.h; formulas and sources there).
 */
#include "jointenv/survey.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ln C(a, b), as vegan's lchoose through lgamma. */
static double lchoose(double a, double b)
{
    return lgamma(a + 1) - lgamma(b + 1) - lgamma(a - b + 1);
}

double je_rarefy(const double *counts, size_t n, double size)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += counts[i] > 0 ? counts[i] : 0;
    if (!(size >= 0) || size > total)
        return NAN;
    const double ldiv = lchoose(total, size);
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(counts[i] > 0))
            continue;
        /* 1 − C(N − n_i, n) / C(N, n); the ratio is 0 when N − n_i < n */
        s += total - counts[i] < size ? 1.0 : 1.0 - exp(lchoose(total - counts[i], size) - ldiv);
    }
    return s;
}

void je_accumulation(const double *freq, size_t n_species, size_t m_sites, double *exact,
                     double *coleman, double *coleman_sd)
{
    const double m = (double)m_sites;
    for (size_t k = 1; k <= m_sites; k++) {
        const double kk = (double)k, ldiv = lchoose(m, kk);
        double se = 0, sc = 0, var = 0;
        for (size_t i = 0; i < n_species; i++) {
            const double f = freq[i];
            se += m - f < kk ? 1.0 : 1.0 - exp(lchoose(m - f, kk) - ldiv);
            const double r = pow(1.0 - kk / m, f);
            sc += 1.0 - r;
            var += r * (1.0 - r);
        }
        exact[k - 1] = se;
        coleman[k - 1] = sc;
        if (coleman_sd)
            coleman_sd[k - 1] = sqrt(var);
    }
}

void je_specpool_compute(const double *freq, size_t n_species, size_t m_sites, je_specpool *out)
{
    const double m = (double)m_sites;
    double s0 = 0, a1 = 0, a2 = 0, boot = 0;
    for (size_t i = 0; i < n_species; i++) {
        if (!(freq[i] > 0))
            continue;
        s0++;
        a1 += freq[i] == 1;
        a2 += freq[i] == 2;
        boot += pow(1.0 - freq[i] / m, m);
    }
    out->s0 = s0;
    out->a1 = a1;
    out->a2 = a2;
    out->m_sites = m_sites;
    if (m_sites == 0) {
        out->chao = out->jack1 = out->jack2 = out->boot = s0;
        return;
    }
    const double f = (m - 1) / m;
    out->chao = a2 > 0 ? s0 + a1 * a1 / (2 * a2) * f : s0 + a1 * (a1 - 1) / (2 * (a2 + 1)) * f;
    out->jack1 = s0 + a1 * f;
    out->jack2 = m > 1 ? s0 + a1 * (2 * m - 3) / m - a2 * (m - 2) * (m - 2) / (m * (m - 1)) : s0;
    out->boot = s0 + boot;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort a copy and drop duplicates; the count. NULL copy when out of memory. */
static size_t unique_sorted(const char *const *v, size_t n, const char ***out)
{
    *out = malloc((n ? n : 1) * sizeof **out);
    if (*out == NULL)
        return 0;
    memcpy(*out, v, n * sizeof *v);
    qsort(*out, n, sizeof **out, cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || strcmp((*out)[k - 1], (*out)[i]) != 0)
            (*out)[k++] = (*out)[i];
    return k;
}

void je_similarity(const char *const *a, size_t na, const char *const *b, size_t nb,
                   size_t *shared, double *sorensen, double *jaccard)
{
    const char **ua, **ub;
    size_t ka = unique_sorted(a, na, &ua), kb = unique_sorted(b, nb, &ub);
    size_t s = 0;
    for (size_t i = 0, j = 0; ua && ub && i < ka && j < kb;) {
        int c = strcmp(ua[i], ub[j]);
        if (c == 0)
            s++, i++, j++;
        else if (c < 0)
            i++;
        else
            j++;
    }
    *shared = s;
    *sorensen = ka + kb ? 2.0 * (double)s / (double)(ka + kb) : NAN;
    *jaccard = ka + kb - s ? (double)s / (double)(ka + kb - s) : NAN;
    free(ua);
    free(ub);
}
