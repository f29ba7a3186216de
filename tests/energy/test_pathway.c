/* The carbon-peak pathway: the Kaya projection reproduces the base year exactly and
 * keeps the identity every year; constant rates compound as hand-computed; peak
 * detection on constructed series; LMDI-I contributions (Ang 2005) sum to the change
 * and match a hand-computed case; the shipped scenario file parses. */
#include "jointenv/energy.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static je_kaya_base base(void)
{
    je_kaya_base b = {2022, 8.374e7, 5.41102e8, 1.744e8, 3.892e8};
    return b;
}

static je_growth_path rate(double r)
{
    je_growth_path g;
    memset(&g, 0, sizeof g);
    g.n = 1;
    g.until[0] = 2100;
    g.rate[0] = r;
    return g;
}

Test(kaya, base_year_exact_and_identity)
{
    je_kaya_base b = base();
    je_kaya_params p;
    memset(&p, 0, sizeof p);
    p.population = rate(0.002);
    p.gdp_per_capita = rate(0.05);
    p.energy_intensity = rate(-0.03);
    p.fossil_carbon = rate(-0.004);
    p.base_non_fossil_share = 0.41;
    p.non_fossil.n = 1;
    p.non_fossil.year[0] = 2035;
    p.non_fossil.share[0] = 0.5;
    je_kaya_series s;
    je_error e;
    cr_assert_eq(je_kaya_project(&b, &p, 2035, &s, &e), JE_OK, "%s", e.message);
    cr_assert_eq(s.n, 14);
    /* exactly, not within a tolerance */
    cr_assert(s.population[0] == b.population && s.gdp_1e4_yuan[0] == b.gdp_1e4_yuan &&
              s.energy_tce[0] == b.energy_tce && s.co2_t[0] == b.co2_t);
    cr_assert(s.non_fossil_share[0] == 0.41);
    /* the Kaya product of the base-year factors gives back the base CO2 */
    double c = s.population[0] * (s.gdp_1e4_yuan[0] / s.population[0]) *
               (s.energy_tce[0] / s.gdp_1e4_yuan[0]) * (s.co2_t[0] / s.energy_tce[0]);
    cr_assert_float_eq(c, b.co2_t, 1e-12 * b.co2_t);
    /* linear share: 0.41 + (0.5 - 0.41) x 5/13 in 2027 */
    cr_assert_float_eq(s.non_fossil_share[5], 0.41 + 0.09 * 5.0 / 13.0, 1e-15);
    /* year t: C = E x (1 - s_t) x phi0 x 0.996^t, E = E0 x (1.002 x 1.05 x 0.97)^t */
    double phi0 = b.co2_t / b.energy_tce / (1 - 0.41);
    for (size_t t = 1; t < s.n; t++) {
        double et = b.energy_tce * pow(1.002 * 1.05 * 0.97, (double)t);
        cr_assert_float_eq(s.energy_tce[t], et, 1e-9 * et);
        double ct = et * (1 - s.non_fossil_share[t]) * phi0 * pow(0.996, (double)t);
        cr_assert_float_eq(s.co2_t[t], ct, 1e-9 * ct, "year %zu: %g vs %g", t, s.co2_t[t], ct);
    }
}

Test(kaya, retirements_are_removed)
{
    je_kaya_base b = base();
    je_kaya_params p;
    memset(&p, 0, sizeof p);
    p.base_non_fossil_share = 0.4;
    p.retired_co2_t.n = 1;
    p.retired_co2_t.year[0] = 2025;
    p.retired_co2_t.share[0] = 1e7;
    je_kaya_series s;
    cr_assert_eq(je_kaya_project(&b, &p, 2027, &s, NULL), JE_OK);
    cr_assert_float_eq(s.co2_t[2], b.co2_t, 1e-6); /* 2024: nothing retired yet */
    cr_assert_float_eq(s.co2_t[3], b.co2_t - 1e7, 1e-6);
    cr_assert_float_eq(s.co2_t[5], b.co2_t - 1e7, 1e-6);
}

Test(kaya, peak_detection)
{
    int peaked;
    const double a[] = {1, 2, 3, 2, 1};
    cr_assert_eq(je_series_peak(a, 5, &peaked), 2);
    cr_assert_eq(peaked, 1);
    const double rising[] = {1, 2, 3};
    cr_assert_eq(je_series_peak(rising, 3, &peaked), 2);
    cr_assert_eq(peaked, 0, "a maximum in the last year is no peak within the horizon");
    const double plateau[] = {1, 3, 3, 2};
    cr_assert_eq(je_series_peak(plateau, 4, &peaked), 1, "the first year of a plateau");
    const double falling[] = {5, 4, 3};
    cr_assert_eq(je_series_peak(falling, 3, &peaked), 0);
    cr_assert_eq(peaked, 1);
}

/* GDP per capita +4 %/yr to 2027, then energy intensity falls faster than growth:
 * CO2 rises to 2027 and falls after, so the peak is 2027. */
Test(kaya, peak_year_of_a_projection)
{
    je_kaya_base b = base();
    je_kaya_params p;
    memset(&p, 0, sizeof p);
    p.gdp_per_capita = rate(0.04);
    p.energy_intensity.n = 2;
    p.energy_intensity.until[0] = 2027;
    p.energy_intensity.rate[0] = -0.02;
    p.energy_intensity.until[1] = 2035;
    p.energy_intensity.rate[1] = -0.06;
    p.base_non_fossil_share = 0.3;
    je_kaya_series s;
    cr_assert_eq(je_kaya_project(&b, &p, 2035, &s, NULL), JE_OK);
    int peaked;
    size_t k = je_series_peak(s.co2_t, s.n, &peaked);
    cr_assert_eq(s.year0 + (int)k, 2027);
    cr_assert_eq(peaked, 1);
}

Test(lmdi, hand_computed)
{
    /* C0 = 2 x 3 = 6, CT = 4 x 3 = 12: L(12, 6) = 6 / ln 2, so the first factor
       contributes 6 / ln 2 x ln 2 = 6 and the unchanged one 0 */
    const double x0[] = {2, 3}, xt[] = {4, 3};
    double d[2];
    cr_assert_eq(je_lmdi_additive(x0, xt, 2, d, NULL), JE_OK);
    cr_assert_float_eq(d[0], 6, 1e-12);
    cr_assert(d[1] == 0);
}

Test(lmdi, contributions_sum_to_the_change)
{
    const double x0[] = {8.374e7, 6.46, 0.3223, 2.231}, xt[] = {8.5e7, 11.2, 0.221, 1.9};
    double d[4];
    cr_assert_eq(je_lmdi_additive(x0, xt, 4, d, NULL), JE_OK);
    double c0 = x0[0] * x0[1] * x0[2] * x0[3], ct = xt[0] * xt[1] * xt[2] * xt[3];
    double sum = d[0] + d[1] + d[2] + d[3];
    cr_assert_float_eq(sum, ct - c0, 1e-9 * c0, "sum %.12g change %.12g", sum, ct - c0);
    cr_assert(d[0] > 0 && d[1] > 0 && d[2] < 0 && d[3] < 0);
    /* no change at all: every contribution 0 (L(a, a) = a) */
    cr_assert_eq(je_lmdi_additive(x0, x0, 4, d, NULL), JE_OK);
    for (int k = 0; k < 4; k++)
        cr_assert(d[k] == 0);
    const double zero[] = {1, 0};
    je_error e;
    cr_assert_eq(je_lmdi_additive(zero, x0, 2, d, &e), JE_EDATA);
}

Test(pathway, shipped_scenarios_parse)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/data/scenarios/pathway-chengyu.json", JE_SOURCE_DIR);
    je_pathway_file *pf = malloc(sizeof *pf);
    je_error e;
    cr_assert_eq(je_pathway_load(path, pf, &e), JE_OK, "%s", e.message);
    cr_assert_eq(pf->base_year, 2022);
    cr_assert_eq(pf->n_scenarios, 2);
    cr_assert_eq(pf->scenarios[0].n, 2);
    cr_assert_str_eq(pf->scenarios[0].jurisdiction[1], "500000");
    cr_assert_float_eq(pf->scenarios[0].params[1].base_non_fossil_share, 0.22, 1e-15);
    cr_assert_float_eq(pf->scenarios[0].params[1].population.rate[0], 0.001, 1e-15);
    free(pf);
    const char *bad =
        "{\"id\": \"x\", \"base_year\": 2022, \"end_year\": 2030,"
        " \"jurisdictions\": [\"510000\"], \"base_non_fossil_share\": {\"510000\": 0.4},"
        " \"scenarios\": [{\"name\": \"a\", \"population\": {\"500000\": 0},"
        " \"gdp_per_capita\": 0, \"energy_intensity\": 0, \"fossil_carbon\": 0,"
        " \"non_fossil_share\": []}]}";
    pf = malloc(sizeof *pf);
    cr_assert_eq(je_pathway_parse(bad, strlen(bad), "s.json", pf, &e), JE_EDATA);
    cr_assert(strstr(e.message, "scenarios[0].population.510000 is missing"), "%s", e.message);
    free(pf);
}
