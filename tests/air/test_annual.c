/* GB 3095 limits (2012 Table 1; 2026 transitional and final, standards.md §2.4) and the
 * annual assessment of HJ 663-2013: percentiles (§5.3), completeness (GB 3095-2012
 * Table 4: ≥ 324 days, ≥ 27 a month, ≥ 25 in February), compliance with Grade II, AQI
 * day counts and the composite index. */
#include "jointenv/air.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#define ASSERT_NEAR(actual, expected, eps)                                                         \
    cr_assert_float_eq((actual), (expected), (eps), "%s = %.17g, expected %.17g (tol %g)",         \
                       #actual, (double)(actual), (double)(expected), (double)(eps))
#define ASSERT_NAN(actual) cr_assert(isnan(actual), "%s = %.17g, expected NAN", #actual, (actual))

/* ---------------------------------------------------------------------------
 * GB 3095 editions and limits
 * ------------------------------------------------------------------------- */
Test(gb3095, edition_by_day)
{
    cr_assert_eq(je_gb3095_for_day(je_days_from_civil(2026, 2, 28)), JE_GB3095_2012);
    cr_assert_eq(je_gb3095_for_day(je_days_from_civil(2026, 3, 1)), JE_GB3095_2026_T);
    cr_assert_eq(je_gb3095_for_day(JE_AQ_2026_FIRST_DAY), JE_GB3095_2026_T);
    cr_assert_eq(je_gb3095_for_day(je_days_from_civil(2030, 12, 31)), JE_GB3095_2026_T);
    cr_assert_eq(je_gb3095_for_day(je_days_from_civil(2031, 1, 1)), JE_GB3095_2026);
    cr_assert_eq(je_gb3095_for_day(0), JE_GB3095_2012);
    cr_assert_str_eq(je_gb3095_name(JE_GB3095_2012), "GB 3095-2012");
    cr_assert_str_eq(je_gb3095_name(JE_GB3095_2026_T), "GB 3095—2026 (transitional)");
    cr_assert_str_eq(je_gb3095_name(JE_GB3095_2026), "GB 3095—2026");
}

Test(gb3095, limits_2012)
{
    static const struct {
        je_aq_pol p;
        je_aq_avg avg;
        double g1, g2;
    } rows[] = {
        {JE_AQ_SO2, JE_AQ_AVG_ANNUAL, 20, 60},  {JE_AQ_SO2, JE_AQ_AVG_24H, 50, 150},
        {JE_AQ_SO2, JE_AQ_AVG_1H, 150, 500},    {JE_AQ_NO2, JE_AQ_AVG_ANNUAL, 40, 40},
        {JE_AQ_NO2, JE_AQ_AVG_24H, 80, 80},     {JE_AQ_NO2, JE_AQ_AVG_1H, 200, 200},
        {JE_AQ_CO, JE_AQ_AVG_24H, 4, 4},        {JE_AQ_CO, JE_AQ_AVG_1H, 10, 10},
        {JE_AQ_O3, JE_AQ_AVG_MDA8, 100, 160},   {JE_AQ_O3, JE_AQ_AVG_1H, 160, 200},
        {JE_AQ_PM10, JE_AQ_AVG_ANNUAL, 40, 70}, {JE_AQ_PM10, JE_AQ_AVG_24H, 50, 150},
        {JE_AQ_PM25, JE_AQ_AVG_ANNUAL, 15, 35}, {JE_AQ_PM25, JE_AQ_AVG_24H, 35, 75},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2012, rows[i].p, rows[i].avg, 1), rows[i].g1, 0);
        ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2012, rows[i].p, rows[i].avg, 2), rows[i].g2, 0);
    }
}

Test(gb3095, limits_2026)
{
    /* Transitional (2026-03-01 … 2030-12-31): PM2.5 30/60, PM10 60/120 Grade II. */
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026_T, JE_AQ_PM25, JE_AQ_AVG_ANNUAL, 2), 30, 0);
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026_T, JE_AQ_PM25, JE_AQ_AVG_24H, 2), 60, 0);
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026_T, JE_AQ_PM25, JE_AQ_AVG_24H, 1), 35, 0);
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026_T, JE_AQ_PM10, JE_AQ_AVG_ANNUAL, 2), 60, 0);
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026_T, JE_AQ_PM10, JE_AQ_AVG_24H, 2), 120, 0);
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026_T, JE_AQ_SO2, JE_AQ_AVG_1H, 2), 500, 0);
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026_T, JE_AQ_NO2, JE_AQ_AVG_ANNUAL, 2), 40, 0);
    /* Final (from 2031-01-01). */
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026, JE_AQ_PM25, JE_AQ_AVG_ANNUAL, 1), 10, 0);
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026, JE_AQ_PM25, JE_AQ_AVG_ANNUAL, 2), 25, 0);
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026, JE_AQ_PM25, JE_AQ_AVG_24H, 2), 50, 0);
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026, JE_AQ_PM10, JE_AQ_AVG_ANNUAL, 2), 50, 0);
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026, JE_AQ_PM10, JE_AQ_AVG_24H, 2), 100, 0);
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026, JE_AQ_SO2, JE_AQ_AVG_24H, 2), 50, 0);
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026, JE_AQ_SO2, JE_AQ_AVG_ANNUAL, 2), 20, 0);
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026, JE_AQ_NO2, JE_AQ_AVG_ANNUAL, 2), 30, 0);
    ASSERT_NEAR(je_gb3095_limit(JE_GB3095_2026, JE_AQ_NO2, JE_AQ_AVG_24H, 2), 50, 0);
    /* CO and O3 unchanged in every edition. */
    for (int ed = 0; ed <= JE_GB3095_2026; ed++) {
        ASSERT_NEAR(je_gb3095_limit((je_gb3095_ed)ed, JE_AQ_CO, JE_AQ_AVG_24H, 2), 4, 0);
        ASSERT_NEAR(je_gb3095_limit((je_gb3095_ed)ed, JE_AQ_O3, JE_AQ_AVG_MDA8, 2), 160, 0);
        ASSERT_NEAR(je_gb3095_limit((je_gb3095_ed)ed, JE_AQ_O3, JE_AQ_AVG_1H, 2), 200, 0);
    }
}

Test(gb3095, no_limit_is_nan)
{
    for (int ed = 0; ed <= JE_GB3095_2026; ed++) {
        je_gb3095_ed e = (je_gb3095_ed)ed;
        ASSERT_NAN(je_gb3095_limit(e, JE_AQ_CO, JE_AQ_AVG_ANNUAL, 2));
        ASSERT_NAN(je_gb3095_limit(e, JE_AQ_O3, JE_AQ_AVG_ANNUAL, 2));
        ASSERT_NAN(je_gb3095_limit(e, JE_AQ_O3, JE_AQ_AVG_24H, 2));
        ASSERT_NAN(je_gb3095_limit(e, JE_AQ_PM25, JE_AQ_AVG_MDA8, 2));
        ASSERT_NAN(je_gb3095_limit(e, JE_AQ_PM25, JE_AQ_AVG_1H, 2));
    }
    ASSERT_NAN(je_gb3095_limit(JE_GB3095_2012, JE_AQ_PM25, JE_AQ_AVG_24H, 3));
    ASSERT_NAN(je_gb3095_limit(JE_GB3095_2012, JE_AQ_PM25, JE_AQ_AVG_24H, 0));
    ASSERT_NAN(je_gb3095_limit((je_gb3095_ed)3, JE_AQ_PM25, JE_AQ_AVG_24H, 2));
    ASSERT_NAN(je_gb3095_limit(JE_GB3095_2012, JE_AQ_NPOL, JE_AQ_AVG_24H, 2));
}

/* ---------------------------------------------------------------------------
 * Percentiles (HJ 663-2013 §5.3; equal to numpy's 'linear' method)
 * ------------------------------------------------------------------------- */
Test(percentile, one_to_ten)
{
    double x[10] = {7, 3, 10, 1, 9, 2, 8, 5, 4, 6};
    /* k = 1 + 9 × 0.9 = 9.1: X(9) + (X(10) − X(9)) × 0.1 = 9.1 */
    ASSERT_NEAR(je_aq_percentile(x, 10, 90), 9.1, 1e-12);
    ASSERT_NEAR(je_aq_percentile(x, 10, 50), 5.5, 1e-12);
    ASSERT_NEAR(je_aq_percentile(x, 10, 0), 1.0, 0);
    ASSERT_NEAR(je_aq_percentile(x, 10, 100), 10.0, 0);
    cr_assert_eq(x[0], 1.0, "sorted in place");
}

/* numpy.percentile(v, p) with method 'linear': index (n − 1)·p/100 from 0, worked by
 * hand:
 *   [15, 20, 35, 40, 50] p 40: index 1.6 → 20 + 15 × 0.6 = 29
 *   [3.2, 1.5, 7.7, 4.4] p 95: sorted 1.5 3.2 4.4 7.7, index 2.85 → 4.4 + 3.3 × 0.85 = 7.205
 *   [2.5, 9, 4, 1, 6, 8] p 98: sorted 1 2.5 4 6 8 9, index 4.9 → 8 + 1 × 0.9 = 8.9 */
Test(percentile, numpy_linear_vectors)
{
    double a[5] = {15, 20, 35, 40, 50};
    double b[4] = {3.2, 1.5, 7.7, 4.4};
    double c[6] = {2.5, 9, 4, 1, 6, 8};
    ASSERT_NEAR(je_aq_percentile(a, 5, 40), 29.0, 1e-12);
    ASSERT_NEAR(je_aq_percentile(b, 4, 95), 7.205, 1e-12);
    ASSERT_NEAR(je_aq_percentile(c, 6, 98), 8.9, 1e-12);
}

Test(percentile, edge_cases)
{
    double one[1] = {42};
    ASSERT_NEAR(je_aq_percentile(one, 1, 95), 42.0, 0);
    ASSERT_NEAR(je_aq_percentile(one, 1, 0), 42.0, 0);
    ASSERT_NEAR(je_aq_percentile(one, 1, 100), 42.0, 0);
    double two[2] = {5, 1};
    ASSERT_NEAR(je_aq_percentile(two, 2, 100), 5.0, 0);
    ASSERT_NEAR(je_aq_percentile(two, 2, 0), 1.0, 0);
    ASSERT_NEAR(je_aq_percentile(two, 2, 75), 4.0, 1e-12);
    ASSERT_NAN(je_aq_percentile(two, 0, 50));
    ASSERT_NAN(je_aq_percentile(two, 2, 101));
    ASSERT_NAN(je_aq_percentile(two, 2, -1));
}

Test(percentile, ranks)
{
    ASSERT_NEAR(je_aq_percentile_rank(JE_AQ_SO2), 98, 0);
    ASSERT_NEAR(je_aq_percentile_rank(JE_AQ_NO2), 98, 0);
    ASSERT_NEAR(je_aq_percentile_rank(JE_AQ_CO), 95, 0);
    ASSERT_NEAR(je_aq_percentile_rank(JE_AQ_PM10), 95, 0);
    ASSERT_NEAR(je_aq_percentile_rank(JE_AQ_PM25), 95, 0);
    ASSERT_NEAR(je_aq_percentile_rank(JE_AQ_O3), 90, 0);
    ASSERT_NAN(je_aq_percentile_rank(JE_AQ_NPOL));
}

/* ---------------------------------------------------------------------------
 * Annual assessment
 * ------------------------------------------------------------------------- */
#define YEAR 2023 /* not a leap year: 365 days, February 28 */

/* Every day of YEAR with nothing valid. Returns the number of days. */
static size_t empty_year(je_aq_day *days)
{
    int64_t d0 = je_days_from_civil(YEAR, 1, 1);
    size_t n = (size_t)(je_days_from_civil(YEAR + 1, 1, 1) - d0);
    for (size_t i = 0; i < n; i++) {
        memset(&days[i], 0, sizeof days[i]);
        days[i].day = d0 + (int64_t)i;
        for (int p = 0; p < JE_AQ_NPOL; p++)
            days[i].mean24[p] = NAN;
        days[i].o3_mda8 = NAN;
        days[i].o3_max1h = NAN;
        days[i].aqi.aqi = NAN;
    }
    return n;
}

static void fill(je_aq_day *days, size_t n, je_aq_pol p, double v)
{
    for (size_t i = 0; i < n; i++) {
        if (p == JE_AQ_O3)
            days[i].o3_mda8 = v;
        else
            days[i].mean24[p] = v;
    }
}

/* Invalidate the first `k` days of month m (1–12) for pollutant p. */
static void drop(je_aq_day *days, je_aq_pol p, int m, int k)
{
    int64_t first = je_days_from_civil(YEAR, m, 1) - je_days_from_civil(YEAR, 1, 1);
    for (int i = 0; i < k; i++) {
        if (p == JE_AQ_O3)
            days[first + i].o3_mda8 = NAN;
        else
            days[first + i].mean24[p] = NAN;
    }
}

static je_aq_annual annual(const je_aq_day *days, size_t n, je_gb3095_ed ed)
{
    je_aq_annual a;
    je_error err;
    je_status st = je_aq_annual_compute(days, n, YEAR, ed, &a, &err);
    cr_assert_eq(st, JE_OK, "je_aq_annual_compute: %s %s", je_status_name(st), err.message);
    return a;
}

/* Drop `total` days of p spread so that no month falls below its minimum (27; 25 in
 * February): at most 4 from a 31-day month, 3 from a 30-day month and 3 from February,
 * 43 in all, so 365 − 41 = 324 and 365 − 42 = 323 keep every month complete. */
static void drop_spread(je_aq_day *days, je_aq_pol p, int total)
{
    static const int spare[12] = {4, 3, 4, 3, 4, 3, 4, 4, 3, 4, 3, 4};
    for (int m = 0; m < 12 && total > 0; m++) {
        int k = spare[m] < total ? spare[m] : total;
        drop(days, p, m + 1, k);
        total -= k;
    }
}

Test(annual, completeness_324_vs_323_days)
{
    static je_aq_day days[366];
    size_t n = empty_year(days);
    cr_assert_eq(n, 365);
    fill(days, n, JE_AQ_PM10, 50.0);
    je_aq_annual a = annual(days, n, JE_GB3095_2012);
    cr_assert_eq(a.valid_days[JE_AQ_PM10], 365);
    cr_assert_eq(a.mean_complete[JE_AQ_PM10], 1);
    cr_assert_eq(a.mean_complete[JE_AQ_SO2], 0); /* no data */

    drop_spread(days, JE_AQ_PM10, 41);
    a = annual(days, n, JE_GB3095_2012);
    cr_assert_eq(a.valid_days[JE_AQ_PM10], 324);
    cr_assert_eq(a.mean_complete[JE_AQ_PM10], 1);
    cr_assert_eq(a.meets[JE_AQ_PM10], 1);

    drop_spread(days, JE_AQ_PM10, 42);
    a = annual(days, n, JE_GB3095_2012);
    cr_assert_eq(a.valid_days[JE_AQ_PM10], 323);
    cr_assert_eq(a.mean_complete[JE_AQ_PM10], 0);
    cr_assert_eq(a.meets[JE_AQ_PM10], -1, "incomplete data are not judged");
    ASSERT_NEAR(a.mean[JE_AQ_PM10], 50.0, 1e-12); /* the mean is still given */
}

Test(annual, completeness_by_month)
{
    static je_aq_day days[366];
    size_t n = empty_year(days);
    fill(days, n, JE_AQ_NO2, 30.0);
    drop(days, JE_AQ_NO2, 3, 4); /* March 27 */
    je_aq_annual a = annual(days, n, JE_GB3095_2012);
    cr_assert_eq(a.mean_complete[JE_AQ_NO2], 1);
    drop(days, JE_AQ_NO2, 3, 5); /* March 26, 360 days in the year */
    a = annual(days, n, JE_GB3095_2012);
    cr_assert_eq(a.valid_days[JE_AQ_NO2], 360);
    cr_assert_eq(a.mean_complete[JE_AQ_NO2], 0);
}

Test(annual, completeness_february)
{
    static je_aq_day days[366];
    size_t n = empty_year(days);
    fill(days, n, JE_AQ_O3, 100.0); /* O3 by its MDA8 */
    drop(days, JE_AQ_O3, 2, 3);     /* February 25 */
    je_aq_annual a = annual(days, n, JE_GB3095_2012);
    cr_assert_eq(a.valid_days[JE_AQ_O3], 362);
    cr_assert_eq(a.mean_complete[JE_AQ_O3], 1);
    drop(days, JE_AQ_O3, 2, 4); /* February 24 */
    a = annual(days, n, JE_GB3095_2012);
    cr_assert_eq(a.mean_complete[JE_AQ_O3], 0);
}

/* Daily values 1 … 365 (day i has i + 1): the mean is 183, and with n = 365,
 * k = 1 + 364·p/100: p 98 → 357.72, p 95 → 346.8, p 90 → 328.6. */
Test(annual, means_and_percentiles_by_rank)
{
    static je_aq_day days[366];
    size_t n = empty_year(days);
    for (size_t i = 0; i < n; i++) {
        double v = (double)(i + 1);
        days[i].mean24[JE_AQ_SO2] = v;
        days[i].mean24[JE_AQ_PM25] = v;
        days[i].mean24[JE_AQ_CO] = v / 100;
        days[i].o3_mda8 = v;
        days[i].mean24[JE_AQ_O3] = 1000.0; /* not the O3 statistic */
    }
    je_aq_annual a = annual(days, n, JE_GB3095_2012);
    cr_assert_eq(a.year, YEAR);
    cr_assert_eq(a.days, 365);
    cr_assert_eq(a.edition, JE_GB3095_2012);
    ASSERT_NEAR(a.mean[JE_AQ_SO2], 183.0, 1e-9);
    ASSERT_NEAR(a.pct[JE_AQ_SO2], 357.72, 1e-9);
    ASSERT_NEAR(a.pct[JE_AQ_PM25], 346.8, 1e-9);
    ASSERT_NEAR(a.mean[JE_AQ_CO], 1.83, 1e-9);
    ASSERT_NEAR(a.pct[JE_AQ_CO], 3.468, 1e-9);
    ASSERT_NEAR(a.pct[JE_AQ_O3], 328.6, 1e-9);
    ASSERT_NAN(a.mean[JE_AQ_O3]);
    cr_assert_eq(a.valid_days[JE_AQ_O3], 365);
    cr_assert_eq(a.valid_days[JE_AQ_NO2], 0);
    ASSERT_NAN(a.mean[JE_AQ_NO2]);
    ASSERT_NAN(a.pct[JE_AQ_NO2]);
    cr_assert_eq(a.meets[JE_AQ_NO2], -1);
    /* CO 95th 3.468 ≤ 4 meets with no annual limit; O3 328.6 > 160 fails. */
    cr_assert_eq(a.meets[JE_AQ_CO], 1);
    cr_assert_eq(a.meets[JE_AQ_O3], 0);
    cr_assert_eq(a.meets_all, 0);
}

Test(annual, pm25_mean_compliance)
{
    static je_aq_day days[366];
    size_t n = empty_year(days);
    fill(days, n, JE_AQ_PM25, 34.9);
    je_aq_annual a = annual(days, n, JE_GB3095_2012);
    ASSERT_NEAR(a.mean[JE_AQ_PM25], 34.9, 1e-9);
    cr_assert_eq(a.meets[JE_AQ_PM25], 1);
    cr_assert_eq(a.meets_all, 1, "only PM2.5 is judged");

    /* NO2 judged before PM2.5 and failing (45 > 40): the year fails. */
    fill(days, n, JE_AQ_NO2, 45.0);
    a = annual(days, n, JE_GB3095_2012);
    cr_assert_eq(a.meets[JE_AQ_NO2], 0);
    cr_assert_eq(a.meets[JE_AQ_PM25], 1);
    cr_assert_eq(a.meets_all, 0);
    fill(days, n, JE_AQ_NO2, NAN);

    /* The same year against GB 3095—2026's transitional annual limit 30. */
    a = annual(days, n, JE_GB3095_2026_T);
    cr_assert_eq(a.meets[JE_AQ_PM25], 0);

    fill(days, n, JE_AQ_PM25, 35.1);
    a = annual(days, n, JE_GB3095_2012);
    cr_assert_eq(a.meets[JE_AQ_PM25], 0);
    cr_assert_eq(a.meets_all, 0);
}

/* 300 days at 20 and 65 at 100: mean (6000 + 6500)/365 = 34.25 ≤ 35, but the 95th
 * percentile (k = 346.8, inside the 100s) is 100 > 75. */
Test(annual, pm25_percentile_fails_with_mean_ok)
{
    static je_aq_day days[366];
    size_t n = empty_year(days);
    for (size_t i = 0; i < n; i++)
        days[i].mean24[JE_AQ_PM25] = i % 73 < 13 ? 100.0 : 20.0; /* 5 × 13 = 65 days */
    je_aq_annual a = annual(days, n, JE_GB3095_2012);
    ASSERT_NEAR(a.mean[JE_AQ_PM25], 12500.0 / 365, 1e-9);
    ASSERT_NEAR(a.pct[JE_AQ_PM25], 100.0, 1e-9);
    cr_assert_eq(a.mean_complete[JE_AQ_PM25], 1);
    cr_assert_eq(a.meets[JE_AQ_PM25], 0);
}

Test(annual, aqi_days_and_levels)
{
    static je_aq_day days[366];
    empty_year(days);
    static const double aqi[11] = {30, 50, 51, 100, 101, 150, 151, 200, 250, 301, NAN};
    for (size_t i = 0; i < 11; i++)
        days[i].aqi.aqi = aqi[i];
    je_aq_annual a = annual(days, 11, JE_GB3095_2012);
    cr_assert_eq(a.days, 11);
    cr_assert_eq(a.aqi_days, 10);
    cr_assert_eq(a.good_days, 4);
    ASSERT_NEAR(a.good_ratio, 0.4, 1e-12);
    static const int expect[7] = {0, 2, 2, 2, 2, 1, 1};
    for (int l = 0; l < 7; l++)
        cr_assert_eq(a.level_days[l], expect[l], "level %d: %d days, expected %d", l,
                     a.level_days[l], expect[l]);
    cr_assert_eq(a.meets_all, -1, "no pollutant data");
}

/* A partial year of 10 days, each with the same values, so means and percentiles are
 * those values. Against GB 3095-2012 Grade II:
 *   SO2 12/60 + NO2 30/40 + PM10 56/70 + PM2.5 28/35 + CO 1.2/4 + O3 144/160
 *   = 0.2 + 0.75 + 0.8 + 0.8 + 0.3 + 0.9 = 3.75.
 * Against GB 3095—2026 final (annual SO2 20, NO2 30, PM10 50, PM2.5 25):
 *   0.6 + 1 + 1.12 + 1.12 + 0.3 + 0.9 = 5.04. */
Test(annual, composite_index)
{
    static je_aq_day days[366];
    empty_year(days);
    const size_t n = 10;
    fill(days, n, JE_AQ_SO2, 12);
    fill(days, n, JE_AQ_NO2, 30);
    fill(days, n, JE_AQ_PM10, 56);
    fill(days, n, JE_AQ_PM25, 28);
    fill(days, n, JE_AQ_CO, 1.2);
    fill(days, n, JE_AQ_O3, 144);
    je_aq_annual a = annual(days, n, JE_GB3095_2012);
    ASSERT_NEAR(a.composite, 3.75, 1e-9);
    cr_assert_eq(a.meets[JE_AQ_PM25], -1, "a partial year is not judged");
    a = annual(days, n, JE_GB3095_2026);
    ASSERT_NEAR(a.composite, 5.04, 1e-9);

    fill(days, n, JE_AQ_CO, NAN);
    a = annual(days, n, JE_GB3095_2012);
    ASSERT_NAN(a.composite);
}

Test(annual, errors_and_empty)
{
    static je_aq_day days[366];
    size_t n = empty_year(days);
    je_aq_annual a;
    je_error err;
    cr_assert_eq(je_aq_annual_compute(days, n, YEAR, JE_GB3095_2012, NULL, &err), JE_EINVAL);
    cr_assert_eq(je_aq_annual_compute(NULL, 3, YEAR, JE_GB3095_2012, &a, &err), JE_EINVAL);
    cr_assert_eq(je_aq_annual_compute(days, n, YEAR + 1, JE_GB3095_2012, &a, &err), JE_EINVAL);
    cr_assert_eq(je_aq_annual_compute(days, n, YEAR, (je_gb3095_ed)7, &a, &err), JE_EINVAL);
    je_aq_day swapped[2] = {days[1], days[0]};
    cr_assert_eq(je_aq_annual_compute(swapped, 2, YEAR, JE_GB3095_2012, &a, &err), JE_EINVAL);

    cr_assert_eq(je_aq_annual_compute(NULL, 0, YEAR, JE_GB3095_2012, &a, &err), JE_OK);
    cr_assert_eq(a.days, 0);
    cr_assert_eq(a.aqi_days, 0);
    cr_assert_eq(a.meets_all, -1);
    ASSERT_NAN(a.good_ratio);
    ASSERT_NAN(a.composite);
    for (int p = 0; p < JE_AQ_NPOL; p++) {
        cr_assert_eq(a.valid_days[p], 0);
        cr_assert_eq(a.meets[p], -1);
        ASSERT_NAN(a.pct[p]);
    }
}

/* ---------------------------------------------------------------------------
 * Limits from a file (je_aq_limits_parse, src/air/limits.c) and the assessment
 * against them (je_aq_annual_compute_limits).
 * ------------------------------------------------------------------------- */
static je_status parse_limits(const char *json, je_aq_limits *lim, je_error *err)
{
    char title[64];
    return je_aq_limits_parse(json, strlen(json), "lim.json", lim, title, sizeof title, err);
}

Test(limits, base_edition_and_overrides)
{
    je_aq_limits lim;
    je_error err;
    je_status st = parse_limits("{\"name\": \"checked\", \"base\": \"2026-transitional\","
                                " \"limits\": {\"pm10\": {\"annual\": 55, \"24h\": 110},"
                                " \"o3\": {\"8h\": 150}, \"co\": {\"24h\": 3.5}}}",
                                &lim, &err);
    cr_assert_eq(st, JE_OK, "%s", err.message);
    /* overridden */
    ASSERT_NEAR(lim.annual[JE_AQ_PM10], 55, 0);
    ASSERT_NEAR(lim.short_term[JE_AQ_PM10], 110, 0);
    ASSERT_NEAR(lim.short_term[JE_AQ_O3], 150, 0);
    ASSERT_NEAR(lim.short_term[JE_AQ_CO], 3.5, 0);
    /* from the base: the transitional PM2.5 Grade II limits 30 and 60 */
    ASSERT_NEAR(lim.annual[JE_AQ_PM25], 30, 0);
    ASSERT_NEAR(lim.short_term[JE_AQ_PM25], 60, 0);
    ASSERT_NAN(lim.annual[JE_AQ_CO]);
    /* no base: 2012, grade 1 when asked */
    st = parse_limits("{\"grade\": 1, \"limits\": {}}", &lim, &err);
    cr_assert_eq(st, JE_OK, "%s", err.message);
    ASSERT_NEAR(lim.annual[JE_AQ_PM25], 15, 0);
    ASSERT_NEAR(lim.short_term[JE_AQ_O3], 100, 0);
}

Test(limits, bad_files)
{
    static const struct {
        const char *json, *msg;
    } cases[] = {
        {"{\"limits\": {\"pm25\": {\"annual\": 30,}}}", "lim.json:1:"},
        {"{\"base\": \"2013\", \"limits\": {}}", "base must be"},
        {"{\"limits\": {\"pm1\": {\"annual\": 10}}}", "unknown pollutant"},
        {"{\"limits\": {\"pm25\": {\"annual\": -1}}}", "limits.pm25.annual must be a positive"},
        {"{\"limits\": {\"o3\": {\"annual\": 100}}}", "not a limit an annual assessment uses"},
        {"{\"limits\": {\"co\": {\"8h\": 4}}}", "not a limit an annual assessment uses"},
        {"{\"limit\": {}}", "unknown member limit"},
        {"{\"name\": \"x\"}", "missing object \"limits\""},
        {"[]", "one JSON object"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        je_aq_limits lim;
        je_error err;
        je_status st = parse_limits(cases[i].json, &lim, &err);
        cr_assert_eq(st, JE_EDATA, "case %zu: %s", i, je_status_name(st));
        cr_assert(strstr(err.message, cases[i].msg), "case %zu: '%s' lacks '%s'", i, err.message,
                  cases[i].msg);
    }
}

/* A PM2.5 year at 34.9 meets GB 3095-2012 (35) but not a file's limit of 30. */
Test(limits, annual_judged_against_file_limits)
{
    static je_aq_day days[366];
    size_t n = empty_year(days);
    fill(days, n, JE_AQ_PM25, 34.9);
    je_aq_limits lim;
    je_error err;
    cr_assert_eq(parse_limits("{\"limits\": {\"pm25\": {\"annual\": 30}}}", &lim, &err), JE_OK);
    je_aq_annual a;
    cr_assert_eq(je_aq_annual_compute_limits(days, n, YEAR, &lim, &a, &err), JE_OK, "%s",
                 err.message);
    cr_assert_eq(a.meets[JE_AQ_PM25], 0);
    cr_assert_eq(annual(days, n, JE_GB3095_2012).meets[JE_AQ_PM25], 1);
    cr_assert_eq(a.edition, JE_GB3095_2012, "the edition in force at the end of %d", YEAR);
}
