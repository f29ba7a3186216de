/* Daily statistics (HJ 663; GB 3095-2012 Table 4 minimum data: ≥ 20 hours for a
 * 24-hour mean, ≥ 6 hours for an 8-hour mean, ≥ 14 of 17 windows for the daily
 * maximum 8-hour O3 unless it exceeds the Grade II limit 160 µg/m³), moving means and
 * city hourly means (HJ 663 §4.1). */
#include "jointenv/air.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stddef.h>

#define ASSERT_NEAR(actual, expected, eps)                                                         \
    cr_assert_float_eq((actual), (expected), (eps), "%s = %.17g, expected %.17g (tol %g)",         \
                       #actual, (double)(actual), (double)(expected), (double)(eps))
#define ASSERT_NAN(actual) cr_assert(isnan(actual), "%s = %.17g, expected NAN", #actual, (actual))

#define NDAYS_MAX 3

/* 2025-06-01 and 2026-02-28: the last day of GB 3095-2012 and HJ 633-2012. */
static const int64_t DAY_2025_06_01 = 20240;
static const int64_t DAY_2026_02_28 = 20512;

/* Hourly values of every pollutant for up to NDAYS_MAX days, all NAN. */
typedef struct {
    double v[JE_AQ_NPOL][24 * NDAYS_MAX];
    const double *ptr[JE_AQ_NPOL]; /* NULL: not measured */
} series;

static void series_init(series *s)
{
    for (int p = 0; p < JE_AQ_NPOL; p++) {
        for (size_t h = 0; h < 24 * NDAYS_MAX; h++)
            s->v[p][h] = NAN;
        s->ptr[p] = NULL;
    }
}

/* Pollutant p measured; hours [from, to) of the series set to `value`. */
static void set_hours(series *s, je_aq_pol p, size_t from, size_t to, double value)
{
    s->ptr[p] = s->v[p];
    for (size_t h = from; h < to; h++)
        s->v[p][h] = value;
}

static je_aq_day one_day(const series *s, int64_t day)
{
    je_aq_day d;
    je_error err;
    je_status st = je_aq_daily(s->ptr, day, 1, NULL, &d, &err);
    cr_assert_eq(st, JE_OK, "je_aq_daily: %s %s", je_status_name(st), err.message);
    return d;
}

/* ---------------------------------------------------------------------------
 * 24-hour means
 * ------------------------------------------------------------------------- */
Test(daily, mean24_needs_20_hours)
{
    series s;
    series_init(&s);
    set_hours(&s, JE_AQ_PM10, 0, 20, 100.0); /* hours 0–19 valid, 20–23 missing */
    s.v[JE_AQ_PM10][0] = 80.0;
    je_aq_day d = one_day(&s, DAY_2025_06_01);
    cr_assert_eq(d.hours[JE_AQ_PM10], 20);
    ASSERT_NEAR(d.mean24[JE_AQ_PM10], (80.0 + 19 * 100.0) / 20, 1e-12);

    s.v[JE_AQ_PM10][19] = NAN; /* 19 valid hours */
    d = one_day(&s, DAY_2025_06_01);
    cr_assert_eq(d.hours[JE_AQ_PM10], 19);
    ASSERT_NAN(d.mean24[JE_AQ_PM10]);
}

Test(daily, unmeasured_pollutants_are_nan)
{
    series s;
    series_init(&s);
    set_hours(&s, JE_AQ_PM25, 0, 24, 40.0);
    je_aq_day d = one_day(&s, DAY_2025_06_01);
    cr_assert_eq(d.day, DAY_2025_06_01);
    for (int p = 0; p < JE_AQ_NPOL; p++) {
        if (p == JE_AQ_PM25)
            continue;
        ASSERT_NAN(d.mean24[p]);
        cr_assert_eq(d.hours[p], 0, "pollutant %d hours %d", p, d.hours[p]);
    }
    ASSERT_NAN(d.o3_mda8);
    ASSERT_NAN(d.o3_max1h);
    cr_assert_eq(d.o3_windows, 0);
    ASSERT_NEAR(d.mean24[JE_AQ_PM25], 40.0, 1e-12);
    cr_assert_eq(d.hours[JE_AQ_PM25], 24);
}

/* ---------------------------------------------------------------------------
 * O3: 8-hour windows, daily maximum 8 h, daily maximum 1 h
 * ------------------------------------------------------------------------- */
Test(daily, o3_window_needs_6_hours)
{
    series s;
    series_init(&s);
    /* Hours 0–5 valid: only the window beginning 00:00 holds 6 of them (the window
     * beginning 01:00 holds 5). */
    set_hours(&s, JE_AQ_O3, 0, 6, 100.0);
    je_aq_day d = one_day(&s, DAY_2025_06_01);
    cr_assert_eq(d.o3_windows, 1, "windows %d", d.o3_windows);

    s.v[JE_AQ_O3][5] = NAN; /* hours 0–4: 5 in every window */
    d = one_day(&s, DAY_2025_06_01);
    cr_assert_eq(d.o3_windows, 0, "windows %d", d.o3_windows);
    ASSERT_NAN(d.o3_mda8);
}

/* With hours 0 … H−1 valid, the window beginning at w holds min(8, H − w) of them,
 * so H − 5 windows are valid: H = 19 gives 14, H = 18 gives 13. */
Test(daily, mda8_needs_14_windows)
{
    series s;
    series_init(&s);
    set_hours(&s, JE_AQ_O3, 0, 19, 120.0);
    je_aq_day d = one_day(&s, DAY_2025_06_01);
    cr_assert_eq(d.o3_windows, 14, "windows %d", d.o3_windows);
    ASSERT_NEAR(d.o3_mda8, 120.0, 1e-12);

    s.v[JE_AQ_O3][18] = NAN;
    d = one_day(&s, DAY_2025_06_01);
    cr_assert_eq(d.o3_windows, 13, "windows %d", d.o3_windows);
    ASSERT_NAN(d.o3_mda8);
}

Test(daily, mda8_exceedance_with_13_windows_counts)
{
    series s;
    series_init(&s);
    set_hours(&s, JE_AQ_O3, 0, 18, 170.0); /* 13 windows, max 170 > 160 */
    je_aq_day d = one_day(&s, DAY_2025_06_01);
    cr_assert_eq(d.o3_windows, 13);
    ASSERT_NEAR(d.o3_mda8, 170.0, 1e-12);

    set_hours(&s, JE_AQ_O3, 0, 18, 160.0); /* equal to the limit is no exceedance */
    d = one_day(&s, DAY_2025_06_01);
    ASSERT_NAN(d.o3_mda8);

    /* The same rule on a 2026 day (GB 3095—2026 keeps 160). */
    set_hours(&s, JE_AQ_O3, 0, 18, 161.0);
    d = one_day(&s, JE_AQ_2026_FIRST_DAY);
    ASSERT_NEAR(d.o3_mda8, 161.0, 1e-12);
}

/* Day 0: 50 everywhere but 250 at 23:00. The window beginning 16:00 (16–23) is the
 * last one: (7 × 50 + 250)/8 = 75. Day 1: 250 at 00:00–06:00, 50 after; its first
 * window is (7 × 250 + 50)/8 = 225 — a window reaching back to day 0's 23:00 (8 × 250
 * = 250) must not count for either day. */
Test(daily, mda8_window_boundaries)
{
    series s;
    series_init(&s);
    set_hours(&s, JE_AQ_O3, 0, 48, 50.0);
    s.v[JE_AQ_O3][23] = 250.0;
    set_hours(&s, JE_AQ_O3, 24, 31, 250.0);
    je_aq_day d[2];
    je_error err;
    cr_assert_eq(je_aq_daily(s.ptr, DAY_2025_06_01, 2, NULL, d, &err), JE_OK, "%s", err.message);
    cr_assert_eq(d[0].o3_windows, 17);
    ASSERT_NEAR(d[0].o3_mda8, 75.0, 1e-12);
    ASSERT_NEAR(d[1].o3_mda8, 225.0, 1e-12);
    cr_assert_eq(d[1].day, DAY_2025_06_01 + 1);
    /* The 24-hour means do not mix days either. */
    ASSERT_NEAR(d[0].mean24[JE_AQ_O3], (23 * 50.0 + 250.0) / 24, 1e-12);
    ASSERT_NEAR(d[1].mean24[JE_AQ_O3], (7 * 250.0 + 17 * 50.0) / 24, 1e-12);
}

Test(daily, o3_max1h_rule)
{
    series s;
    series_init(&s);
    set_hours(&s, JE_AQ_O3, 0, 20, 100.0);
    s.v[JE_AQ_O3][7] = 150.0; /* 20 valid hours */
    je_aq_day d = one_day(&s, DAY_2025_06_01);
    ASSERT_NEAR(d.o3_max1h, 150.0, 1e-12);

    s.v[JE_AQ_O3][19] = NAN; /* 19 hours, max 150 ≤ 200 */
    d = one_day(&s, DAY_2025_06_01);
    ASSERT_NAN(d.o3_max1h);

    s.v[JE_AQ_O3][7] = 200.0; /* equal to the 1-hour Grade II limit: not an exceedance */
    d = one_day(&s, DAY_2025_06_01);
    ASSERT_NAN(d.o3_max1h);

    s.v[JE_AQ_O3][7] = 210.0; /* 19 hours, max 210 > 200: counts */
    d = one_day(&s, DAY_2025_06_01);
    ASSERT_NEAR(d.o3_max1h, 210.0, 1e-12);
}

/* ---------------------------------------------------------------------------
 * The daily report's AQI
 * ------------------------------------------------------------------------- */
Test(daily, aqi_is_computed_2012)
{
    series s;
    series_init(&s);
    set_hours(&s, JE_AQ_PM25, 0, 24, 75.0); /* HJ 633-2012: PM2.5 75 → IAQI 100 */
    set_hours(&s, JE_AQ_SO2, 0, 24, 10.0);  /* IAQI 10 */
    je_aq_day d = one_day(&s, DAY_2025_06_01);
    cr_assert_eq(d.aqi.std, JE_AQ_STD_HJ633_2012);
    ASSERT_NEAR(d.aqi.aqi, 100.0, 1e-9);
    ASSERT_NEAR(d.aqi.iaqi[JE_AQI_PM25], 100.0, 1e-9);
    ASSERT_NEAR(d.aqi.iaqi[JE_AQI_SO2], 10.0, 1e-9);
    cr_assert_eq(d.aqi.primary, 1u << JE_AQI_PM25, "primary %#x", d.aqi.primary);
    cr_assert_eq(d.aqi.level, 2);
}

Test(daily, aqi_uses_2026_tables_from_2026_03_01)
{
    series s;
    series_init(&s);
    set_hours(&s, JE_AQ_PM25, 0, 48, 60.0);
    je_aq_day d[2];
    je_error err;
    /* 2026-02-28 and 2026-03-01 */
    cr_assert_eq(je_aq_daily(s.ptr, DAY_2026_02_28, 2, NULL, d, &err), JE_OK, "%s", err.message);
    /* 2012: 50 + (60 − 35)·50/40 = 81.25 → 82; 2026: 60 is the IAQI 100 breakpoint. */
    cr_assert_eq(d[0].aqi.std, JE_AQ_STD_HJ633_2012);
    ASSERT_NEAR(d[0].aqi.aqi, 82.0, 1e-9);
    cr_assert_eq(d[1].day, JE_AQ_2026_FIRST_DAY);
    cr_assert_eq(d[1].aqi.std, JE_AQ_STD_HJ633_2026);
    ASSERT_NEAR(d[1].aqi.aqi, 100.0, 1e-9);
    cr_assert_eq(d[1].aqi.primary, 1u << JE_AQI_PM25, "primary %#x", d[1].aqi.primary);

    /* Options are passed through: the 2012 version asked for on a 2026 day. */
    je_aq_daily_opts o = {JE_AQ_STD_HJ633_2012, JE_AQI_CEIL};
    cr_assert_eq(je_aq_daily(s.ptr, JE_AQ_2026_FIRST_DAY, 1, &o, d, &err), JE_OK);
    ASSERT_NEAR(d[0].aqi.aqi, 82.0, 1e-9);
}

Test(daily, o3_items_feed_the_aqi)
{
    series s;
    series_init(&s);
    set_hours(&s, JE_AQ_O3, 0, 24, 160.0); /* HJ 633-2012: O3 8 h 160 → IAQI 100 */
    je_aq_day d = one_day(&s, DAY_2025_06_01);
    ASSERT_NEAR(d.aqi.iaqi[JE_AQI_O3_8H], 100.0, 1e-9);
    ASSERT_NEAR(d.aqi.iaqi[JE_AQI_O3_1H], 50.0, 1e-9); /* 1 h 160 → 50 */
    ASSERT_NEAR(d.aqi.aqi, 100.0, 1e-9);
}

Test(daily, errors)
{
    series s;
    series_init(&s);
    je_aq_day d;
    je_error err;
    cr_assert_eq(je_aq_daily(s.ptr, DAY_2025_06_01, 1, NULL, NULL, &err), JE_EINVAL);
    cr_assert_eq(je_aq_daily(NULL, DAY_2025_06_01, 1, NULL, &d, &err), JE_EINVAL);
    cr_assert_eq(je_aq_daily(s.ptr, DAY_2025_06_01, 0, NULL, NULL, &err), JE_OK);
    je_aq_daily_opts bad = {(je_aq_std)9, JE_AQI_CEIL};
    cr_assert_eq(je_aq_daily(s.ptr, DAY_2025_06_01, 1, &bad, &d, &err), JE_EINVAL);
}

/* ---------------------------------------------------------------------------
 * Moving means
 * ------------------------------------------------------------------------- */
Test(moving_mean, window_and_min_valid)
{
    const double x[6] = {1, 2, 3, NAN, 5, 6};
    double out[6];
    je_aq_moving_mean(x, 6, 3, 2, out);
    ASSERT_NAN(out[0]); /* the window reaches before x[0] */
    ASSERT_NAN(out[1]);
    ASSERT_NEAR(out[2], 2.0, 1e-12);
    ASSERT_NEAR(out[3], 2.5, 1e-12); /* (2 + 3)/2: NAN skipped */
    ASSERT_NEAR(out[4], 4.0, 1e-12);
    ASSERT_NEAR(out[5], 5.5, 1e-12);

    je_aq_moving_mean(x, 6, 3, 3, out);
    ASSERT_NEAR(out[2], 2.0, 1e-12);
    ASSERT_NAN(out[3]); /* 2 valid of 3 */
    ASSERT_NAN(out[4]);
    ASSERT_NAN(out[5]);
}

Test(moving_mean, eight_hour_o3)
{
    double x[30], out[30];
    for (size_t i = 0; i < 30; i++)
        x[i] = (double)i;
    x[10] = x[11] = NAN;
    je_aq_moving_mean(x, 30, JE_AQ_MIN_HOURS_8H + 2, JE_AQ_MIN_HOURS_8H, out);
    ASSERT_NAN(out[6]);
    ASSERT_NEAR(out[7], 3.5, 1e-12);                             /* 0 … 7 */
    ASSERT_NEAR(out[12], (5 + 6 + 7 + 8 + 9 + 12) / 6.0, 1e-12); /* 5 … 12 less 10, 11 */
}

/* ---------------------------------------------------------------------------
 * City hourly values
 * ------------------------------------------------------------------------- */
Test(city_hours, mean_of_valid_stations)
{
    const double a_pm25[2] = {10, NAN}, b_pm25[2] = {20, 30}, c_so2[2] = {NAN, 5};
    const double a_so2[2] = {NAN, NAN};
    const double *a[JE_AQ_NPOL] = {[JE_AQ_PM25] = a_pm25, [JE_AQ_SO2] = a_so2};
    const double *b[JE_AQ_NPOL] = {[JE_AQ_PM25] = b_pm25};
    const double *c[JE_AQ_NPOL] = {[JE_AQ_SO2] = c_so2};
    const double *const *stations[4] = {a, b, NULL, c};
    double pm25[2], so2[2], no2[2];
    double *out[JE_AQ_NPOL] = {[JE_AQ_PM25] = pm25, [JE_AQ_SO2] = so2, [JE_AQ_NO2] = no2};
    int n[2] = {-1, -1};
    je_aq_city_hours(stations, 4, 2, out, n);
    ASSERT_NEAR(pm25[0], 15.0, 1e-12);
    ASSERT_NEAR(pm25[1], 30.0, 1e-12); /* a's NAN ignored, not counted as 0 */
    ASSERT_NAN(so2[0]);
    ASSERT_NEAR(so2[1], 5.0, 1e-12);
    ASSERT_NAN(no2[0]);
    ASSERT_NAN(no2[1]);
    cr_assert_eq(n[0], 2, "hour 0: %d stations", n[0]); /* a, b */
    cr_assert_eq(n[1], 2, "hour 1: %d stations", n[1]); /* b, c */
}
