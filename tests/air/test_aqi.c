/* AQI engine: IAQI breakpoints of HJ 633-2012 Table 1 and HJ 633—2026, the daily and
 * real-time reports, rounding, levels, primary and exceeding pollutants, pollutant
 * codes and units, and the choice of version by date.
 *
 * The breakpoints below are an independent copy typed from
 * ../shared/reference/standards.md §2.1 and §2.4 (the boxed "Confirmed from the
 * standard texts" note); the engine's table (src/air/std_hj633.c) is never read, so a
 * typo there fails these tests. */
#include "jointenv/air.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define BIT(item) (1u << (unsigned)(item))

/* Compare doubles with an explicit tolerance, printing both values on failure. */
#define ASSERT_NEAR(actual, expected, eps)                                                         \
    cr_assert_float_eq((actual), (expected), (eps), "%s = %.17g, expected %.17g (tol %g)",         \
                       #actual, (double)(actual), (double)(expected), (double)(eps))
#define ASSERT_NAN(x) cr_assert(isnan(x), "%s = %.17g, expected NAN", #x, (double)(x))

/* Expect `got` to be `want` within `tol`, or NAN when `want` is NAN; `ctx` says where. */
static void expect_value(double got, double want, double tol, const char *ctx)
{
    if (isnan(want))
        cr_expect(isnan(got), "%s: got %.17g, expected NAN", ctx, got);
    else
        cr_expect_float_eq(got, want, tol, "%s: got %.17g, expected %.17g (tol %g)", ctx, got, want,
                           tol);
}

/* ---------------------------------------------------------------------------
 * Independent copy of the IAQI breakpoints. [0] HJ 633-2012 Table 1, [1] HJ 633—2026.
 * ------------------------------------------------------------------------- */
static const double IAQI[8] = {0, 50, 100, 150, 200, 300, 400, 500};

typedef struct bp_col {
    const char *name;
    je_aqi_item item;
    int hourly;      /* the 1-hour column of SO2, NO2 or CO (real-time report only) */
    int n;           /* breakpoints in the column (IAQI[0..n-1]) */
    double bp[2][8]; /* [version] */
    double above[2]; /* IAQI above the top breakpoint, NAN = not rated */
    double step;     /* a probe step: one unit of the 2026 reporting precision */
} bp_col;

#define V2012 0
#define V2026 1
#define SAME8(...)                                                                                 \
    {                                                                                              \
        {__VA_ARGS__},                                                                             \
        {                                                                                          \
            __VA_ARGS__                                                                            \
        }                                                                                          \
    }

static const bp_col COLS[] = {
    {"SO2 24h", JE_AQI_SO2, 0, 8, SAME8(0, 50, 150, 475, 800, 1600, 2100, 2620), {500, 500}, 1},
    /* Note 2: above 800 — 2012 not rated (SO2 by its 24 h mean), 2026 IAQI 200. */
    {"SO2 1h", JE_AQI_SO2, 1, 5, SAME8(0, 150, 500, 650, 800), {NAN, 200}, 1},
    {"NO2 24h", JE_AQI_NO2, 0, 8, SAME8(0, 40, 80, 180, 280, 565, 750, 940), {500, 500}, 1},
    {"NO2 1h", JE_AQI_NO2, 1, 8, SAME8(0, 100, 200, 700, 1200, 2340, 3090, 3840), {500, 500}, 1},
    {"CO 24h", JE_AQI_CO, 0, 8, SAME8(0, 2, 4, 14, 24, 36, 48, 60), {500, 500}, 0.1},
    {"CO 1h", JE_AQI_CO, 1, 8, SAME8(0, 5, 10, 35, 60, 90, 120, 150), {500, 500}, 0.1},
    {"O3 1h", JE_AQI_O3_1H, 0, 8, SAME8(0, 160, 200, 300, 400, 800, 1000, 1200), {500, 500}, 1},
    /* Note 3: above 800 — 2012 not rated (O3 by its 1 h value), 2026 IAQI 300. */
    {"O3 8h", JE_AQI_O3_8H, 0, 6, SAME8(0, 100, 160, 215, 265, 800), {NAN, 300}, 1},
    {"PM10 24h",
     JE_AQI_PM10,
     0,
     8,
     {{0, 50, 150, 250, 350, 420, 500, 600}, {0, 50, 120, 250, 350, 420, 500, 600}},
     {500, 500},
     1},
    {"PM2.5 24h",
     JE_AQI_PM25,
     0,
     8,
     {{0, 35, 75, 115, 150, 250, 350, 500}, {0, 35, 60, 115, 150, 250, 350, 500}},
     {500, 500},
     1},
};
#define NCOLS (sizeof COLS / sizeof COLS[0])

static const je_aq_std STDS[2] = {JE_AQ_STD_HJ633_2012, JE_AQ_STD_HJ633_2026};

/* Expected IAQI before rounding, HJ 633 eq. 1 written as the standard writes it
 * (quotient first), on the segment found by counting the breakpoints below c. */
static double expected_raw(const bp_col *c, int v, double conc)
{
    const double *bp = c->bp[v];
    if (conc > bp[c->n - 1])
        return c->above[v];
    int k = 0; /* number of breakpoints strictly below conc */
    for (int j = 0; j < c->n; j++)
        k += bp[j] < conc;
    if (k == 0)
        return 0;
    return (IAQI[k] - IAQI[k - 1]) / (bp[k] - bp[k - 1]) * (conc - bp[k - 1]) + IAQI[k - 1];
}

/* Which report rates a column: the 1-hour columns are real-time only; O3 1 h is in the
 * real-time report of both versions (it left the 2026 daily report). */
static je_aqi_report report_for(const bp_col *c)
{
    return c->hourly || c->item == JE_AQI_O3_1H ? JE_AQI_HOURLY : JE_AQI_DAILY;
}

/* IAQI of one item through je_aqi_compute, everything else missing. */
static double compute_one(je_aq_std std, je_aqi_report r, je_aqi_item item, double conc,
                          je_aqi_rounding rounding)
{
    je_aqi_input in;
    je_aqi_result res;
    je_aqi_input_clear(&in);
    in.conc[item] = conc;
    cr_assert_eq(je_aqi_compute(&in, r, std, 0, rounding, &res, NULL), JE_OK);
    cr_assert_eq(res.std, std);
    return res.iaqi[item];
}

/* ---------------------------------------------------------------------------
 * Breakpoints
 * ------------------------------------------------------------------------- */

/* Every breakpoint of every column, both versions, by je_aqi_iaqi (no rounding): at the
 * breakpoint exactly its IAQI; 0.01 (CO 0.001) below and above, the interpolated value
 * on either side. */
Test(aqi_iaqi, every_breakpoint_exact_and_neighbours)
{
    char ctx[160];
    for (int v = 0; v < 2; v++) {
        for (size_t k = 0; k < NCOLS; k++) {
            const bp_col *c = &COLS[k];
            double d = c->step / 100;
            for (int j = 0; j < c->n; j++) {
                double b = c->bp[v][j];
                double at = je_aqi_iaqi(STDS[v], c->item, c->hourly, b);
                snprintf(ctx, sizeof ctx, "%s %s at %g", je_aq_std_name(STDS[v]), c->name, b);
                cr_expect_eq(at, IAQI[j], "%s: got %.17g, expected exactly %g", ctx, at, IAQI[j]);
                if (j > 0) {
                    double below = je_aqi_iaqi(STDS[v], c->item, c->hourly, b - d);
                    snprintf(ctx, sizeof ctx, "%s %s at %g - %g", je_aq_std_name(STDS[v]), c->name,
                             b, d);
                    expect_value(below, expected_raw(c, v, b - d), 1e-9, ctx);
                    cr_expect(below < IAQI[j] && below > IAQI[j - 1], "%s: %.17g not in (%g, %g)",
                              ctx, below, IAQI[j - 1], IAQI[j]);
                }
                double above = je_aqi_iaqi(STDS[v], c->item, c->hourly, b + d);
                snprintf(ctx, sizeof ctx, "%s %s at %g + %g", je_aq_std_name(STDS[v]), c->name, b,
                         d);
                expect_value(above, expected_raw(c, v, b + d), 1e-9, ctx);
                if (j < c->n - 1)
                    cr_expect(above > IAQI[j] && above < IAQI[j + 1], "%s: %.17g not in (%g, %g)",
                              ctx, above, IAQI[j], IAQI[j + 1]);
            }
        }
    }
}

/* The same through je_aqi_compute with the standard rounding (CEIL), one step of the
 * 2026 reporting precision (1 µg/m³, CO 0.1 mg/m³) either side, so that the 2026
 * concentration rounding leaves the probes alone: at a breakpoint exactly its IAQI
 * (PM2.5 = 75 is 100, not 101), just below at most that, just above more. */
Test(aqi_compute, every_breakpoint_with_ceil)
{
    char ctx[160];
    for (int v = 0; v < 2; v++) {
        for (size_t k = 0; k < NCOLS; k++) {
            const bp_col *c = &COLS[k];
            je_aqi_report r = report_for(c);
            for (int j = 0; j < c->n; j++) {
                double b = c->bp[v][j];
                snprintf(ctx, sizeof ctx, "%s %s %s at %g", je_aq_std_name(STDS[v]),
                         je_aqi_report_name(r), c->name, b);
                double at = compute_one(STDS[v], r, c->item, b, JE_AQI_CEIL);
                cr_expect_eq(at, IAQI[j], "%s: got %.17g, expected exactly %g", ctx, at, IAQI[j]);
                if (j > 0) {
                    double x = b - c->step;
                    double got = compute_one(STDS[v], r, c->item, x, JE_AQI_CEIL);
                    double want = ceil(expected_raw(c, v, x) - 1e-9);
                    snprintf(ctx, sizeof ctx, "%s %s %s at %g - %g", je_aq_std_name(STDS[v]),
                             je_aqi_report_name(r), c->name, b, c->step);
                    expect_value(got, want, 0, ctx);
                    cr_expect(got <= IAQI[j] && got > IAQI[j - 1], "%s: %g not in (%g, %g]", ctx,
                              got, IAQI[j - 1], IAQI[j]);
                }
                double x = b + c->step;
                double got = compute_one(STDS[v], r, c->item, x, JE_AQI_CEIL);
                double want = expected_raw(c, v, x);
                snprintf(ctx, sizeof ctx, "%s %s %s at %g + %g", je_aq_std_name(STDS[v]),
                         je_aqi_report_name(r), c->name, b, c->step);
                expect_value(got, isnan(want) ? want : ceil(want - 1e-9), 0, ctx);
                if (j < c->n - 1)
                    cr_expect(got > IAQI[j], "%s: %g not above %g", ctx, got, IAQI[j]);
            }
        }
    }
}

/* Top of the scale: the last breakpoint of a full column is 500, and above it (neither
 * text defines it) 500 as well. */
Test(aqi_iaqi, top_of_scale_is_500)
{
    char ctx[160];
    for (int v = 0; v < 2; v++) {
        for (size_t k = 0; k < NCOLS; k++) {
            const bp_col *c = &COLS[k];
            if (c->n != 8)
                continue;
            double top = c->bp[v][7];
            const double probes[] = {top, nextafter(top, INFINITY), top + c->step, top * 10, 1e9};
            for (size_t p = 0; p < sizeof probes / sizeof probes[0]; p++) {
                snprintf(ctx, sizeof ctx, "%s %s at %.17g", je_aq_std_name(STDS[v]), c->name,
                         probes[p]);
                expect_value(je_aqi_iaqi(STDS[v], c->item, c->hourly, probes[p]), 500, 0, ctx);
                expect_value(compute_one(STDS[v], report_for(c), c->item, probes[p], JE_AQI_CEIL),
                             500, 0, ctx);
            }
        }
    }
}

/* standards.md §2.1 test vectors (2012, ceil). */
Test(aqi_iaqi, standards_md_vectors)
{
    je_aq_std s = JE_AQ_STD_HJ633_2012;
    cr_expect_eq(compute_one(s, JE_AQI_DAILY, JE_AQI_PM25, 35, JE_AQI_CEIL), 50);
    cr_expect_eq(compute_one(s, JE_AQI_DAILY, JE_AQI_PM25, 75, JE_AQI_CEIL), 100);
    cr_expect_eq(compute_one(s, JE_AQI_DAILY, JE_AQI_PM25, 40, JE_AQI_CEIL), 57);
    ASSERT_NEAR(je_aqi_iaqi(s, JE_AQI_PM25, 0, 40), 56.25, 1e-12);
    cr_expect_eq(compute_one(s, JE_AQI_HOURLY, JE_AQI_NO2, 700, JE_AQI_CEIL), 150);
    cr_expect_eq(compute_one(s, JE_AQI_HOURLY, JE_AQI_CO, 35, JE_AQI_CEIL), 150);
    cr_expect_eq(compute_one(s, JE_AQI_HOURLY, JE_AQI_O3_1H, 300, JE_AQI_CEIL), 150);
    cr_expect_eq(compute_one(s, JE_AQI_DAILY, JE_AQI_SO2, 475, JE_AQI_CEIL), 150);
    cr_expect_eq(compute_one(s, JE_AQI_DAILY, JE_AQI_PM10, 420, JE_AQI_CEIL), 300);
}

/* Decimal concentrations whose true IAQI is a whole number must not be pushed up by
 * binary representation error: CO 2.2 mg/m³ on 2–4 → 55 exactly in decimal, though
 * the double arithmetic gives 55.00000000000001. Likewise CO 1 h 5.5 → 55, and the
 * 2026 path (2.2 rounded to 0.1 mg/m³ first). */
Test(aqi_iaqi, decimal_inputs_do_not_round_up_by_error)
{
    cr_expect_eq(compute_one(JE_AQ_STD_HJ633_2012, JE_AQI_DAILY, JE_AQI_CO, 2.2, JE_AQI_CEIL), 55);
    cr_expect_eq(compute_one(JE_AQ_STD_HJ633_2026, JE_AQI_DAILY, JE_AQI_CO, 2.2, JE_AQI_CEIL), 55);
    cr_expect_eq(compute_one(JE_AQ_STD_HJ633_2012, JE_AQI_HOURLY, JE_AQI_CO, 5.5, JE_AQI_CEIL), 55);
    cr_expect_eq(compute_one(JE_AQ_STD_HJ633_2012, JE_AQI_DAILY, JE_AQI_CO, 0.7, JE_AQI_CEIL), 18);
    /* ROUND: CO 2.3 → 57.5 in decimal → 58 (half away from zero). */
    cr_expect_eq(compute_one(JE_AQ_STD_HJ633_2012, JE_AQI_DAILY, JE_AQI_CO, 2.3, JE_AQI_ROUND), 58);
}

/* Monotonicity: along every column IAQI never decreases with concentration. */
Test(aqi_iaqi, monotone_in_concentration)
{
    for (int v = 0; v < 2; v++) {
        for (size_t k = 0; k < NCOLS; k++) {
            const bp_col *c = &COLS[k];
            double top = c->bp[v][c->n - 1], prev = -1;
            for (int i = 0; i <= 2000; i++) {
                double x = top * i / 2000.0;
                double y = je_aqi_iaqi(STDS[v], c->item, c->hourly, x);
                cr_expect(y >= prev, "%s %s: IAQI(%g) = %g < %g", je_aq_std_name(STDS[v]), c->name,
                          x, y, prev);
                prev = y;
            }
        }
    }
}

/* A negative or missing concentration is not rated; -0.4 must not round to 0 under
 * 2026 and be rated. AUTO is not a version for je_aqi_iaqi; a bad item is NAN. */
Test(aqi_iaqi, negative_missing_and_bad_arguments_are_nan)
{
    ASSERT_NAN(je_aqi_iaqi(JE_AQ_STD_HJ633_2012, JE_AQI_PM25, 0, -1));
    ASSERT_NAN(je_aqi_iaqi(JE_AQ_STD_HJ633_2026, JE_AQI_PM25, 0, -1e-300));
    ASSERT_NAN(je_aqi_iaqi(JE_AQ_STD_HJ633_2012, JE_AQI_PM25, 0, NAN));
    ASSERT_NAN(je_aqi_iaqi(JE_AQ_STD_AUTO, JE_AQI_PM25, 0, 10));
    ASSERT_NAN(je_aqi_iaqi(JE_AQ_STD_HJ633_2012, JE_AQI_NITEMS, 0, 10));
    ASSERT_NAN(je_aqi_iaqi(JE_AQ_STD_HJ633_2012, (je_aqi_item)-1, 0, 10));
    cr_expect_eq(je_aqi_iaqi(JE_AQ_STD_HJ633_2012, JE_AQI_PM25, 0, 0), 0);
    ASSERT_NAN(compute_one(JE_AQ_STD_HJ633_2026, JE_AQI_DAILY, JE_AQI_PM25, -0.4, JE_AQI_CEIL));
    ASSERT_NAN(compute_one(JE_AQ_STD_HJ633_2012, JE_AQI_DAILY, JE_AQI_PM25, -0.4, JE_AQI_CEIL));
    cr_expect_eq(compute_one(JE_AQ_STD_HJ633_2026, JE_AQI_DAILY, JE_AQI_PM25, 0.4, JE_AQI_CEIL), 0);
}

/* ---------------------------------------------------------------------------
 * The rules above 800 µg/m³
 * ------------------------------------------------------------------------- */

/* HJ 633-2012 Table 1 notes 2 and 3: SO2 1 h and O3 8 h above 800 have no IAQI. */
Test(aqi_over800, hj633_2012_unrated)
{
    je_aq_std s = JE_AQ_STD_HJ633_2012;
    cr_expect_eq(je_aqi_iaqi(s, JE_AQI_SO2, 1, 800), 200);
    ASSERT_NAN(je_aqi_iaqi(s, JE_AQI_SO2, 1, 800.01));
    ASSERT_NAN(je_aqi_iaqi(s, JE_AQI_SO2, 1, 5000));
    cr_expect_eq(je_aqi_iaqi(s, JE_AQI_O3_8H, 0, 800), 300);
    ASSERT_NAN(je_aqi_iaqi(s, JE_AQI_O3_8H, 0, 800.01));
    /* The SO2 24 h column goes on: 900 → 200 + 100·100/800 = 212.5. */
    ASSERT_NEAR(je_aqi_iaqi(s, JE_AQI_SO2, 0, 900), 212.5, 1e-12);
}

/* 2012 real-time report, SO2 1 h above 800: SO2 is rated by in->so2_24h on the 24 h
 * column; without it SO2 is not rated and does not count. */
Test(aqi_over800, hj633_2012_hourly_so2_by_24h_mean)
{
    je_aqi_input in;
    je_aqi_result r;
    je_aqi_input_clear(&in);
    in.conc[JE_AQI_SO2] = 900;
    in.conc[JE_AQI_NO2] = 150; /* 1 h: 50 + 50·50/100 = 75 */
    in.so2_24h = 475;          /* 24 h column: 150 */
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_HOURLY, JE_AQ_STD_HJ633_2012, 0, JE_AQI_CEIL, &r, NULL),
                 JE_OK);
    cr_expect_eq(r.iaqi[JE_AQI_SO2], 150, "SO2 IAQI %g", r.iaqi[JE_AQI_SO2]);
    cr_expect_eq(r.aqi, 150);
    cr_expect_eq(r.primary, BIT(JE_AQI_SO2));
    cr_expect_eq(r.exceeding, BIT(JE_AQI_SO2));

    in.so2_24h = NAN;
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_HOURLY, JE_AQ_STD_HJ633_2012, 0, JE_AQI_CEIL, &r, NULL),
                 JE_OK);
    ASSERT_NAN(r.iaqi[JE_AQI_SO2]);
    cr_expect_eq(r.aqi, 75);
    cr_expect_eq(r.primary, BIT(JE_AQI_NO2));

    /* At or below 800 the 1 h value rates SO2 and so2_24h is ignored. */
    in.conc[JE_AQI_SO2] = 800;
    in.so2_24h = 50;
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_HOURLY, JE_AQ_STD_HJ633_2012, 0, JE_AQI_CEIL, &r, NULL),
                 JE_OK);
    cr_expect_eq(r.iaqi[JE_AQI_SO2], 200);

    /* The daily report rates SO2 on the 24 h column, where 900 is defined. */
    in.conc[JE_AQI_SO2] = 900;
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_DAILY, JE_AQ_STD_HJ633_2012, 0, JE_AQI_CEIL, &r, NULL),
                 JE_OK);
    cr_expect_eq(r.iaqi[JE_AQI_SO2], 213);
}

/* 2012, O3 8 h above 800: the 8 h item is unrated and O3 counts through its 1 h item. */
Test(aqi_over800, hj633_2012_o3_by_1h)
{
    je_aqi_report reports[2] = {JE_AQI_DAILY, JE_AQI_HOURLY};
    for (int k = 0; k < 2; k++) {
        je_aqi_input in;
        je_aqi_result r;
        je_aqi_input_clear(&in);
        in.conc[JE_AQI_O3_8H] = 900;
        in.conc[JE_AQI_O3_1H] = 300; /* 150 */
        cr_assert_eq(
            je_aqi_compute(&in, reports[k], JE_AQ_STD_HJ633_2012, 0, JE_AQI_CEIL, &r, NULL), JE_OK);
        ASSERT_NAN(r.iaqi[JE_AQI_O3_8H]);
        cr_expect_eq(r.iaqi[JE_AQI_O3_1H], 150);
        cr_expect_eq(r.aqi, 150);
        cr_expect_eq(r.primary, BIT(JE_AQI_O3_1H));
    }
}

/* HJ 633—2026: SO2 1 h above 800 → 200; O3 8 h above 800 → 300. */
Test(aqi_over800, hj633_2026_fixed_values)
{
    je_aq_std s = JE_AQ_STD_HJ633_2026;
    cr_expect_eq(je_aqi_iaqi(s, JE_AQI_SO2, 1, 800.01), 200);
    cr_expect_eq(je_aqi_iaqi(s, JE_AQI_SO2, 1, 5000), 200);
    cr_expect_eq(je_aqi_iaqi(s, JE_AQI_O3_8H, 0, 800.01), 300);
    cr_expect_eq(je_aqi_iaqi(s, JE_AQI_O3_8H, 0, 5000), 300);
    cr_expect_eq(compute_one(s, JE_AQI_HOURLY, JE_AQI_SO2, 900, JE_AQI_CEIL), 200);
    cr_expect_eq(compute_one(s, JE_AQI_DAILY, JE_AQI_O3_8H, 900, JE_AQI_CEIL), 300);
    /* 800.4 rounds to 800 first (on the breakpoint), 800.6 to 801 (above): both 200. */
    cr_expect_eq(compute_one(s, JE_AQI_HOURLY, JE_AQI_SO2, 800.4, JE_AQI_CEIL), 200);
    cr_expect_eq(compute_one(s, JE_AQI_HOURLY, JE_AQI_SO2, 800.6, JE_AQI_CEIL), 200);
}

/* ---------------------------------------------------------------------------
 * Reports
 * ------------------------------------------------------------------------- */

/* Which items each report rates: with every item at a value that rates, the items
 * outside the report are NAN and do not count toward the AQI. */
Test(aqi_compute, report_items_per_version)
{
    static const struct {
        je_aq_std std;
        je_aqi_report rep;
        uint32_t rated;
    } cases[] = {
        {JE_AQ_STD_HJ633_2012, JE_AQI_DAILY, 0x7f},
        {JE_AQ_STD_HJ633_2012, JE_AQI_HOURLY, 0x7f},
        {JE_AQ_STD_HJ633_2026, JE_AQI_DAILY, 0x7f & ~BIT(JE_AQI_O3_1H)},
        {JE_AQ_STD_HJ633_2026, JE_AQI_HOURLY, 0x7f & ~BIT(JE_AQI_O3_8H)},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        je_aqi_input in;
        je_aqi_result r;
        je_aqi_input_clear(&in);
        for (int i = 0; i < JE_AQI_NITEMS; i++)
            in.conc[i] = 1;
        cr_assert_eq(je_aqi_compute(&in, cases[k].rep, cases[k].std, 0, JE_AQI_CEIL, &r, NULL),
                     JE_OK);
        for (int i = 0; i < JE_AQI_NITEMS; i++) {
            int rated = !isnan(r.iaqi[i]);
            cr_expect_eq(rated, (cases[k].rated & BIT(i)) != 0, "%s %s: %s rated %d",
                         je_aq_std_name(cases[k].std), je_aqi_report_name(cases[k].rep),
                         je_aqi_item_code((je_aqi_item)i), rated);
        }
    }
    /* An item outside the report does not count, however high. */
    je_aqi_input in;
    je_aqi_result r;
    je_aqi_input_clear(&in);
    in.conc[JE_AQI_O3_1H] = 1000;
    in.conc[JE_AQI_PM25] = 40; /* 2026: 50 + 50·5/25 = 60 */
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_DAILY, JE_AQ_STD_HJ633_2026, 0, JE_AQI_CEIL, &r, NULL),
                 JE_OK);
    ASSERT_NAN(r.iaqi[JE_AQI_O3_1H]);
    cr_expect_eq(r.aqi, 60);
    cr_expect_eq(r.primary, BIT(JE_AQI_PM25));
    je_aqi_input_clear(&in);
    in.conc[JE_AQI_O3_8H] = 300;
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_HOURLY, JE_AQ_STD_HJ633_2026, 0, JE_AQI_CEIL, &r, NULL),
                 JE_OK);
    ASSERT_NAN(r.iaqi[JE_AQI_O3_8H]);
    ASSERT_NAN(r.aqi);
    cr_expect_eq(r.level, 0);
    cr_expect_eq(r.primary, 0);
}

/* The real-time report rates SO2, NO2 and CO on the 1 h columns and PM on the 24 h
 * ones (the 2026 ones under 2026); the daily report on the 24 h columns. */
Test(aqi_compute, hourly_columns)
{
    je_aq_std s12 = JE_AQ_STD_HJ633_2012, s26 = JE_AQ_STD_HJ633_2026;
    cr_expect_eq(compute_one(s12, JE_AQI_HOURLY, JE_AQI_SO2, 150, JE_AQI_CEIL), 50);
    cr_expect_eq(compute_one(s12, JE_AQI_DAILY, JE_AQI_SO2, 150, JE_AQI_CEIL), 100);
    cr_expect_eq(compute_one(s12, JE_AQI_HOURLY, JE_AQI_NO2, 200, JE_AQI_CEIL), 100);
    cr_expect_eq(compute_one(s12, JE_AQI_DAILY, JE_AQI_NO2, 200, JE_AQI_CEIL), 160);
    cr_expect_eq(compute_one(s12, JE_AQI_HOURLY, JE_AQI_CO, 10, JE_AQI_CEIL), 100);
    cr_expect_eq(compute_one(s12, JE_AQI_DAILY, JE_AQI_CO, 10, JE_AQI_CEIL), 130);
    cr_expect_eq(compute_one(s12, JE_AQI_HOURLY, JE_AQI_PM25, 75, JE_AQI_CEIL), 100);
    cr_expect_eq(compute_one(s26, JE_AQI_HOURLY, JE_AQI_PM25, 60, JE_AQI_CEIL), 100);
    cr_expect_eq(compute_one(s26, JE_AQI_HOURLY, JE_AQI_PM10, 120, JE_AQI_CEIL), 100);
    cr_expect_eq(compute_one(s26, JE_AQI_HOURLY, JE_AQI_SO2, 500, JE_AQI_CEIL), 100);
}

/* Ties: two items with the same IAQI are both primary, listed in item order. */
Test(aqi_compute, tie_primaries)
{
    je_aqi_input in;
    je_aqi_result r;
    char buf[64];
    je_aqi_input_clear(&in);
    in.conc[JE_AQI_PM25] = 115; /* 150 */
    in.conc[JE_AQI_PM10] = 250; /* 150 */
    in.conc[JE_AQI_NO2] = 80;   /* 100 */
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_DAILY, JE_AQ_STD_HJ633_2012, 0, JE_AQI_CEIL, &r, NULL),
                 JE_OK);
    cr_expect_eq(r.aqi, 150);
    cr_expect_eq(r.level, 3);
    cr_expect_eq(r.primary, BIT(JE_AQI_PM10) | BIT(JE_AQI_PM25), "primary %#x", r.primary);
    cr_expect_str_eq(je_aqi_primary_format(r.primary, buf, sizeof buf), "pm10;pm25");
    /* NO2 at 100 is not exceeding (IAQI > 100 is). */
    cr_expect_eq(r.exceeding, BIT(JE_AQI_PM10) | BIT(JE_AQI_PM25), "exceeding %#x", r.exceeding);

    /* A tie made by rounding: 56.25 (PM2.5 40) and 56.5 (PM10 63) both ceil to 57. */
    je_aqi_input_clear(&in);
    in.conc[JE_AQI_PM25] = 40;
    in.conc[JE_AQI_PM10] = 63;
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_DAILY, JE_AQ_STD_HJ633_2012, 0, JE_AQI_CEIL, &r, NULL),
                 JE_OK);
    cr_expect_eq(r.primary, BIT(JE_AQI_PM10) | BIT(JE_AQI_PM25), "primary %#x", r.primary);
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_DAILY, JE_AQ_STD_HJ633_2012, 0, JE_AQI_NONE, &r, NULL),
                 JE_OK);
    cr_expect_eq(r.primary, BIT(JE_AQI_PM10), "primary %#x", r.primary);
}

/* No primary pollutant when AQI ≤ 50 (HJ 633: 首要污染物 only above 50). */
Test(aqi_compute, no_primary_at_or_below_50)
{
    je_aqi_input in;
    je_aqi_result r;
    char buf[64];
    je_aqi_input_clear(&in);
    in.conc[JE_AQI_PM25] = 35; /* 50 */
    in.conc[JE_AQI_PM10] = 50; /* 50 */
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_DAILY, JE_AQ_STD_HJ633_2012, 0, JE_AQI_CEIL, &r, NULL),
                 JE_OK);
    cr_expect_eq(r.aqi, 50);
    cr_expect_eq(r.level, 1);
    cr_expect_eq(r.primary, 0);
    cr_expect_eq(r.exceeding, 0);
    cr_expect_str_eq(je_aqi_primary_format(r.primary, buf, sizeof buf), "");
    in.conc[JE_AQI_PM25] = 35.5; /* 50.625 → 51 */
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_DAILY, JE_AQ_STD_HJ633_2012, 0, JE_AQI_CEIL, &r, NULL),
                 JE_OK);
    cr_expect_eq(r.aqi, 51);
    cr_expect_eq(r.level, 2);
    cr_expect_eq(r.primary, BIT(JE_AQI_PM25));
}

/* Exceeding pollutants: every item with IAQI > 100, primary or not. */
Test(aqi_compute, exceeding_mask)
{
    je_aqi_input in;
    je_aqi_result r;
    je_aqi_input_clear(&in);
    in.conc[JE_AQI_PM25] = 115;  /* 150 */
    in.conc[JE_AQI_PM10] = 200;  /* 125 */
    in.conc[JE_AQI_NO2] = 80;    /* 100, not exceeding */
    in.conc[JE_AQI_CO] = 4.1;    /* 100.5 → 101, exceeding */
    in.conc[JE_AQI_O3_8H] = 100; /* 50 */
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_DAILY, JE_AQ_STD_HJ633_2012, 0, JE_AQI_CEIL, &r, NULL),
                 JE_OK);
    cr_expect_eq(r.exceeding, BIT(JE_AQI_PM25) | BIT(JE_AQI_PM10) | BIT(JE_AQI_CO), "exceeding %#x",
                 r.exceeding);
    cr_expect_eq(r.primary, BIT(JE_AQI_PM25));
    cr_expect_eq(r.iaqi[JE_AQI_CO], 101);
}

/* Rounding modes, standards.md §2.1: PM2.5 40 → 56.25 → ceil 57, round 56, none 56.25;
 * ROUND is half away from zero (PM2.5 37 → 52.5 → 53, where half-even would give 52);
 * NONE keeps the fraction for the level too (50.2 is level 2). */
Test(aqi_compute, rounding_modes)
{
    je_aq_std s = JE_AQ_STD_HJ633_2012;
    cr_expect_eq(compute_one(s, JE_AQI_DAILY, JE_AQI_PM25, 40, JE_AQI_CEIL), 57);
    cr_expect_eq(compute_one(s, JE_AQI_DAILY, JE_AQI_PM25, 40, JE_AQI_ROUND), 56);
    ASSERT_NEAR(compute_one(s, JE_AQI_DAILY, JE_AQI_PM25, 40, JE_AQI_NONE), 56.25, 1e-12);
    cr_expect_eq(compute_one(s, JE_AQI_DAILY, JE_AQI_PM25, 37, JE_AQI_ROUND), 53);
    cr_expect_eq(compute_one(s, JE_AQI_DAILY, JE_AQI_PM25, 37, JE_AQI_CEIL), 53);
    cr_expect_eq(compute_one(s, JE_AQI_DAILY, JE_AQI_PM25, 36, JE_AQI_ROUND), 51); /* 51.25 */
    cr_expect_eq(compute_one(s, JE_AQI_DAILY, JE_AQI_PM25, 36, JE_AQI_CEIL), 52);
    cr_expect_eq(compute_one(s, JE_AQI_DAILY, JE_AQI_PM25, 0, JE_AQI_CEIL), 0);
    cr_expect(!signbit(compute_one(s, JE_AQI_DAILY, JE_AQI_PM25, 0, JE_AQI_CEIL)), "-0 IAQI");

    je_aqi_input in;
    je_aqi_result r;
    je_aqi_input_clear(&in);
    in.conc[JE_AQI_PM25] = 35.16; /* 50.2 */
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_DAILY, s, 0, JE_AQI_NONE, &r, NULL), JE_OK);
    ASSERT_NEAR(r.aqi, 50.2, 1e-9);
    cr_expect_eq(r.level, 2);
    cr_expect_eq(r.primary, BIT(JE_AQI_PM25));
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_DAILY, s, 0, JE_AQI_ROUND, &r, NULL), JE_OK);
    cr_expect_eq(r.aqi, 50);
    cr_expect_eq(r.level, 1);
    cr_expect_eq(r.primary, 0);
}

/* HJ 633—2026 §4.2.2: concentrations are rounded first, half to even (GB/T 8170) —
 * whole µg/m³, CO to 0.1 mg/m³. Decimal ties that binary cannot hold exactly (0.35,
 * 1.15) are still ties. 2012 does not round. */
Test(aqi_compute, hj633_2026_concentration_rounding)
{
    je_aq_std s26 = JE_AQ_STD_HJ633_2026, s12 = JE_AQ_STD_HJ633_2012;
    /* 60.5 → 60 (even) → 100; 61.5 → 62 → 100 + 50·2/55 = 101.8 → 102; 59.5 → 60. */
    cr_expect_eq(compute_one(s26, JE_AQI_DAILY, JE_AQI_PM25, 60.5, JE_AQI_CEIL), 100);
    cr_expect_eq(compute_one(s26, JE_AQI_DAILY, JE_AQI_PM25, 61.5, JE_AQI_CEIL), 102);
    cr_expect_eq(compute_one(s26, JE_AQI_DAILY, JE_AQI_PM25, 59.5, JE_AQI_CEIL), 100);
    cr_expect_eq(compute_one(s26, JE_AQI_DAILY, JE_AQI_PM25, 60.49, JE_AQI_CEIL), 100);
    cr_expect_eq(compute_one(s26, JE_AQI_DAILY, JE_AQI_PM25, 60.51, JE_AQI_CEIL), 101);
    /* NONE shows the rounded concentration: 61.4 → 61 → 100 + 50·1/55; 40.6 → 41 → 62. */
    ASSERT_NEAR(compute_one(s26, JE_AQI_DAILY, JE_AQI_PM25, 61.4, JE_AQI_NONE), 100.0 + 50.0 / 55.0,
                1e-9);
    ASSERT_NEAR(compute_one(s26, JE_AQI_DAILY, JE_AQI_PM25, 40.6, JE_AQI_NONE), 62.0, 1e-9);
    /* 2012 uses the value as given: 60.5 → 50 + 50·25.5/40 = 81.875 → 82. */
    cr_expect_eq(compute_one(s12, JE_AQI_DAILY, JE_AQI_PM25, 60.5, JE_AQI_CEIL), 82);
    /* CO (0–2 mg/m³ → 0–50, 25 per mg/m³): 0.25 → 0.2 → 5; 0.35 → 0.4 → 10;
       0.45 → 0.4 → 10; 0.15 → 0.2 → 5; 1.15 → 1.2 → 30; 1.25 → 1.2 → 30; 0.26 → 0.3. */
    static const struct {
        double in, iaqi;
    } co[] = {{0.25, 5},  {0.35, 10},  {0.45, 10}, {0.15, 5},    {1.15, 30},
              {1.25, 30}, {0.26, 7.5}, {0.05, 0},  {0.051, 2.5}, {2.05, 50}};
    for (size_t k = 0; k < sizeof co / sizeof co[0]; k++) {
        double got = compute_one(s26, JE_AQI_DAILY, JE_AQI_CO, co[k].in, JE_AQI_NONE);
        cr_expect_float_eq(got, co[k].iaqi, 1e-9, "CO %.17g mg/m3: IAQI %.17g, expected %g",
                           co[k].in, got, co[k].iaqi);
    }
    /* A value computed in binary (a mean, a unit conversion) may sit an ulp or two off
       the decimal tie it stands for; it is still the tie: 0.25 + 1 ulp → 0.2 (not 0.3),
       60.5 + 1 ulp → 60 (not 61), 61.5 − 1 ulp → 62 (not 61). */
    cr_expect_float_eq(compute_one(s26, JE_AQI_DAILY, JE_AQI_CO, nextafter(0.25, 1), JE_AQI_NONE),
                       5, 1e-9, "CO 0.25 + 1 ulp");
    cr_expect_eq(compute_one(s26, JE_AQI_DAILY, JE_AQI_PM25, nextafter(60.5, 100), JE_AQI_CEIL),
                 100);
    cr_expect_eq(compute_one(s26, JE_AQI_DAILY, JE_AQI_PM25, nextafter(61.5, 0), JE_AQI_CEIL), 102);
}

/* AUTO picks the version by local day: 2026-02-28 is 2012, 2026-03-01 is 2026. PM2.5 60
 * is ceil(50 + 50·25/40) = 82 under 2012 and exactly 100 under 2026. */
Test(aqi_compute, auto_switches_on_2026_03_01)
{
    int64_t feb28 = je_days_from_civil(2026, 2, 28), mar1 = je_days_from_civil(2026, 3, 1);
    cr_assert_eq(mar1, JE_AQ_2026_FIRST_DAY);
    cr_assert_eq(feb28, JE_AQ_2026_FIRST_DAY - 1);
    je_aqi_input in;
    je_aqi_result r;
    je_aqi_input_clear(&in);
    in.conc[JE_AQI_PM25] = 60;
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_DAILY, JE_AQ_STD_AUTO, feb28, JE_AQI_CEIL, &r, NULL),
                 JE_OK);
    cr_expect_eq(r.std, JE_AQ_STD_HJ633_2012);
    cr_expect_eq(r.aqi, 82, "aqi %g", r.aqi);
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_DAILY, JE_AQ_STD_AUTO, mar1, JE_AQI_CEIL, &r, NULL),
                 JE_OK);
    cr_expect_eq(r.std, JE_AQ_STD_HJ633_2026);
    cr_expect_eq(r.aqi, 100, "aqi %g", r.aqi);
    /* An explicit version overrides the day. */
    cr_assert_eq(
        je_aqi_compute(&in, JE_AQI_DAILY, JE_AQ_STD_HJ633_2012, mar1, JE_AQI_CEIL, &r, NULL),
        JE_OK);
    cr_expect_eq(r.aqi, 82);

    cr_expect_eq(je_aq_std_for_day(feb28), JE_AQ_STD_HJ633_2012);
    cr_expect_eq(je_aq_std_for_day(mar1), JE_AQ_STD_HJ633_2026);
    cr_expect_eq(je_aq_std_for_day(0), JE_AQ_STD_HJ633_2012);
    cr_expect_eq(je_aq_std_resolve(JE_AQ_STD_AUTO, mar1), JE_AQ_STD_HJ633_2026);
    cr_expect_eq(je_aq_std_resolve(JE_AQ_STD_HJ633_2012, mar1), JE_AQ_STD_HJ633_2012);
    cr_expect_eq(je_aq_std_resolve(JE_AQ_STD_HJ633_2026, feb28), JE_AQ_STD_HJ633_2026);
}

/* No item rated → AQI NAN, level 0, no pollutants; bad enums → JE_EINVAL. */
Test(aqi_compute, empty_and_bad_arguments)
{
    je_aqi_input in;
    je_aqi_result r;
    je_error err;
    je_aqi_input_clear(&in);
    for (int i = 0; i < JE_AQI_NITEMS; i++)
        ASSERT_NAN(in.conc[i]);
    ASSERT_NAN(in.so2_24h);
    cr_assert_eq(je_aqi_compute(&in, JE_AQI_DAILY, JE_AQ_STD_HJ633_2012, 0, JE_AQI_CEIL, &r, NULL),
                 JE_OK);
    ASSERT_NAN(r.aqi);
    cr_expect_eq(r.level, 0);
    cr_expect_eq(r.primary, 0);
    cr_expect_eq(r.exceeding, 0);
    for (int i = 0; i < JE_AQI_NITEMS; i++)
        ASSERT_NAN(r.iaqi[i]);
    cr_expect_eq(
        je_aqi_compute(&in, (je_aqi_report)2, JE_AQ_STD_HJ633_2012, 0, JE_AQI_CEIL, &r, &err),
        JE_EINVAL);
    cr_expect_eq(err.status, JE_EINVAL);
    cr_expect_eq(je_aqi_compute(&in, JE_AQI_DAILY, (je_aq_std)3, 0, JE_AQI_CEIL, &r, &err),
                 JE_EINVAL);
    cr_expect_eq(
        je_aqi_compute(&in, JE_AQI_DAILY, JE_AQ_STD_HJ633_2012, 0, (je_aqi_rounding)3, &r, &err),
        JE_EINVAL);
    cr_expect_eq(je_aqi_compute(NULL, JE_AQI_DAILY, JE_AQ_STD_HJ633_2012, 0, JE_AQI_CEIL, &r, &err),
                 JE_EINVAL);
}

/* ---------------------------------------------------------------------------
 * Levels, names, colours (HJ 633 Table 2, Appendix A)
 * ------------------------------------------------------------------------- */
Test(aqi_level, every_boundary)
{
    static const struct {
        double aqi;
        int level;
        const char *zh, *cat_zh, *cat_en, *colour;
    } cases[] = {
        {0, 1, "一级", "优", "Excellent", "#00E400"},
        {50, 1, "一级", "优", "Excellent", "#00E400"},
        {51, 2, "二级", "良", "Good", "#FFFF00"},
        {100, 2, "二级", "良", "Good", "#FFFF00"},
        {101, 3, "三级", "轻度污染", "Lightly polluted", "#FF7E00"},
        {150, 3, "三级", "轻度污染", "Lightly polluted", "#FF7E00"},
        {151, 4, "四级", "中度污染", "Moderately polluted", "#FF0000"},
        {200, 4, "四级", "中度污染", "Moderately polluted", "#FF0000"},
        {201, 5, "五级", "重度污染", "Heavily polluted", "#99004C"},
        {300, 5, "五级", "重度污染", "Heavily polluted", "#99004C"},
        {301, 6, "六级", "严重污染", "Severely polluted", "#7E0023"},
        {500, 6, "六级", "严重污染", "Severely polluted", "#7E0023"},
        {50.2, 2, "二级", "良", "Good", "#FFFF00"},
        {300.5, 6, "六级", "严重污染", "Severely polluted", "#7E0023"},
        {NAN, 0, "", "", "", ""},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int lv = je_aqi_level(cases[k].aqi);
        cr_expect_eq(lv, cases[k].level, "AQI %g: level %d, expected %d", cases[k].aqi, lv,
                     cases[k].level);
        cr_expect_str_eq(je_aqi_level_name_zh(lv), cases[k].zh, "AQI %g", cases[k].aqi);
        cr_expect_str_eq(je_aqi_category_zh(lv), cases[k].cat_zh, "AQI %g", cases[k].aqi);
        cr_expect_str_eq(je_aqi_category_en(lv), cases[k].cat_en, "AQI %g", cases[k].aqi);
        cr_expect_str_eq(je_aqi_colour(lv), cases[k].colour, "AQI %g", cases[k].aqi);
    }
    cr_expect_str_eq(je_aqi_colour(7), "");
    cr_expect_str_eq(je_aqi_category_en(-1), "");
}

/* ---------------------------------------------------------------------------
 * Codes, names, parsing
 * ------------------------------------------------------------------------- */
Test(aqi_names, item_codes_round_trip)
{
    static const char *codes[JE_AQI_NITEMS] = {"so2",   "no2",  "co",  "o3_1h",
                                               "o3_8h", "pm10", "pm25"};
    static const char *names[JE_AQI_NITEMS] = {"SO2",   "NO2",  "CO",   "O3_1h",
                                               "O3_8h", "PM10", "PM2.5"};
    for (int i = 0; i < JE_AQI_NITEMS; i++) {
        const char *c = je_aqi_item_code((je_aqi_item)i);
        cr_assert_not_null(c);
        cr_expect_str_eq(c, codes[i]);
        cr_expect_str_eq(je_aqi_item_name((je_aqi_item)i), names[i]);
        je_aqi_item got = JE_AQI_NITEMS;
        cr_expect_eq(je_aqi_item_find(c, strlen(c), &got), JE_OK, "%s", c);
        cr_expect_eq(got, (je_aqi_item)i, "%s", c);
    }
    je_aqi_item got;
    cr_expect_eq(je_aqi_item_find("PM2.5", 5, &got), JE_OK);
    cr_expect_eq(got, JE_AQI_PM25);
    cr_expect_eq(je_aqi_item_find("O3_8H", 5, &got), JE_OK);
    cr_expect_eq(got, JE_AQI_O3_8H);
    cr_expect_eq(je_aqi_item_find("o3_8h,", 5, &got), JE_OK); /* length-bounded */
    cr_expect_eq(je_aqi_item_find("o3", 2, &got), JE_ENOTFOUND);
    cr_expect_eq(je_aqi_item_find("pm", 2, &got), JE_ENOTFOUND);
    cr_expect_null(je_aqi_item_code(JE_AQI_NITEMS));
    cr_expect_null(je_aqi_item_name((je_aqi_item)-1));
}

Test(aqi_names, pollutant_codes_round_trip)
{
    static const struct {
        const char *code, *name, *zh, *unit;
    } want[JE_AQ_NPOL] = {
        {"so2", "SO2", "二氧化硫", "ug/m3"},       {"no2", "NO2", "二氧化氮", "ug/m3"},
        {"co", "CO", "一氧化碳", "mg/m3"},         {"o3", "O3", "臭氧", "ug/m3"},
        {"pm10", "PM10", "可吸入颗粒物", "ug/m3"}, {"pm25", "PM2.5", "细颗粒物", "ug/m3"},
    };
    for (int p = 0; p < JE_AQ_NPOL; p++) {
        cr_expect_str_eq(je_aq_pol_code((je_aq_pol)p), want[p].code);
        cr_expect_str_eq(je_aq_pol_name((je_aq_pol)p), want[p].name);
        cr_expect_str_eq(je_aq_pol_name_zh((je_aq_pol)p), want[p].zh);
        cr_expect_str_eq(je_aq_pol_unit((je_aq_pol)p), want[p].unit);
        je_aq_pol got = JE_AQ_NPOL;
        cr_expect_eq(je_aq_pol_find(want[p].code, strlen(want[p].code), &got), JE_OK);
        cr_expect_eq(got, (je_aq_pol)p);
        got = JE_AQ_NPOL;
        cr_expect_eq(je_aq_pol_find(want[p].name, strlen(want[p].name), &got), JE_OK, "%s",
                     want[p].name);
        cr_expect_eq(got, (je_aq_pol)p);
    }
    static const char *pm25[] = {"pm2.5", "PM2_5", "Pm25", "PM2.5"};
    for (size_t k = 0; k < 4; k++) {
        je_aq_pol got = JE_AQ_NPOL;
        cr_expect_eq(je_aq_pol_find(pm25[k], strlen(pm25[k]), &got), JE_OK, "%s", pm25[k]);
        cr_expect_eq(got, JE_AQ_PM25, "%s", pm25[k]);
    }
    je_aq_pol got;
    cr_expect_eq(je_aq_pol_find("pm2", 3, &got), JE_ENOTFOUND);
    cr_expect_eq(je_aq_pol_find("nox", 3, &got), JE_ENOTFOUND);
    cr_expect_null(je_aq_pol_code(JE_AQ_NPOL));
}

/* Units: CO 1000 µg/m³ → exactly 1 mg/m³; µg pollutants ×1000 from mg/m³; "" is
 * canonical; an unknown unit is JE_EINVAL with a message naming it. */
Test(aqi_names, unit_convert)
{
    double v = NAN;
    je_error err;
    cr_assert_eq(je_aq_unit_convert(JE_AQ_CO, "ug/m3", 5, 1000, &v, NULL), JE_OK);
    cr_expect_eq(v, 1.0, "CO 1000 ug/m3 = %.17g mg/m3", v);
    cr_assert_eq(je_aq_unit_convert(JE_AQ_CO, "µg/m³", strlen("µg/m³"), 2500, &v, NULL), JE_OK);
    cr_expect_eq(v, 2.5, "%.17g", v);
    /* Division by 1000 is correctly rounded: 13 µg/m³ is the double nearest 0.013 (a
       multiplication by 0.001 is not). */
    cr_assert_eq(je_aq_unit_convert(JE_AQ_CO, "ug/m3", 5, 13, &v, NULL), JE_OK);
    cr_expect_eq(v, 0.013, "%.17g", v);
    cr_assert_eq(je_aq_unit_convert(JE_AQ_CO, "mg/m3", 5, 1.2, &v, NULL), JE_OK);
    cr_expect_eq(v, 1.2, "%.17g", v);
    cr_assert_eq(je_aq_unit_convert(JE_AQ_PM25, "mg/m3", 5, 0.035, &v, NULL), JE_OK);
    ASSERT_NEAR(v, 35.0, 1e-9);
    cr_assert_eq(je_aq_unit_convert(JE_AQ_SO2, "μg/m3", strlen("μg/m3"), 42, &v, NULL), JE_OK);
    cr_expect_eq(v, 42.0, "%.17g", v);
    cr_assert_eq(je_aq_unit_convert(JE_AQ_NO2, "", 0, 17, &v, NULL), JE_OK);
    cr_expect_eq(v, 17.0);
    cr_assert_eq(je_aq_unit_convert(JE_AQ_CO, "", 0, 0.7, &v, NULL), JE_OK);
    cr_expect_eq(v, 0.7);
    cr_assert_eq(je_aq_unit_convert(JE_AQ_O3, " ug/m3 ", 7, 160, &v, NULL), JE_OK);
    cr_expect_eq(v, 160.0);
    v = 123;
    cr_expect_eq(je_aq_unit_convert(JE_AQ_O3, "ppm", 3, 0.1, &v, &err), JE_EINVAL);
    cr_expect_eq(err.status, JE_EINVAL);
    cr_expect(strstr(err.message, "ppm") != NULL, "message: %s", err.message);
    cr_expect_eq(v, 123.0, "output untouched on error");
    cr_expect_eq(je_aq_unit_convert(JE_AQ_CO, "mg/L", 4, 1, &v, &err), JE_EINVAL);
}

Test(aqi_names, std_rounding_report_names_and_parse)
{
    static const struct {
        const char *s;
        je_aq_std std;
    } ok[] = {{"auto", JE_AQ_STD_AUTO},
              {"AUTO", JE_AQ_STD_AUTO},
              {"hj633-2012", JE_AQ_STD_HJ633_2012},
              {"HJ633-2012", JE_AQ_STD_HJ633_2012},
              {"2012", JE_AQ_STD_HJ633_2012},
              {"hj633-2026", JE_AQ_STD_HJ633_2026},
              {"Hj633-2026", JE_AQ_STD_HJ633_2026},
              {"2026", JE_AQ_STD_HJ633_2026}};
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        je_aq_std got = (je_aq_std)99;
        cr_expect_eq(je_aq_std_parse(ok[k].s, &got, NULL), JE_OK, "%s", ok[k].s);
        cr_expect_eq(got, ok[k].std, "%s", ok[k].s);
    }
    je_error err;
    je_aq_std s;
    cr_expect_eq(je_aq_std_parse("2013", &s, &err), JE_EINVAL);
    cr_expect(strstr(err.message, "hj633-2012") && strstr(err.message, "hj633-2026") &&
                  strstr(err.message, "auto"),
              "message lists the choices: %s", err.message);
    cr_expect_eq(je_aq_std_parse("", &s, &err), JE_EINVAL);
    cr_expect_str_eq(je_aq_std_name(JE_AQ_STD_AUTO), "auto");
    cr_expect_str_eq(je_aq_std_name(JE_AQ_STD_HJ633_2012), "hj633-2012");
    cr_expect_str_eq(je_aq_std_name(JE_AQ_STD_HJ633_2026), "hj633-2026");
    for (int k = 0; k < 3; k++) {
        je_aq_std back;
        cr_expect_eq(je_aq_std_parse(je_aq_std_name((je_aq_std)k), &back, NULL), JE_OK);
        cr_expect_eq(back, (je_aq_std)k);
    }

    static const char *rnames[3] = {"ceil", "round", "none"};
    for (int k = 0; k < 3; k++) {
        cr_expect_str_eq(je_aqi_rounding_name((je_aqi_rounding)k), rnames[k]);
        je_aqi_rounding back = (je_aqi_rounding)9;
        cr_expect_eq(je_aqi_rounding_parse(rnames[k], &back, NULL), JE_OK);
        cr_expect_eq(back, (je_aqi_rounding)k);
    }
    je_aqi_rounding rr;
    cr_expect_eq(je_aqi_rounding_parse("CEIL", &rr, NULL), JE_OK);
    cr_expect_eq(rr, JE_AQI_CEIL);
    cr_expect_eq(je_aqi_rounding_parse("floor", &rr, &err), JE_EINVAL);
    cr_expect(strstr(err.message, "ceil") != NULL, "%s", err.message);
    cr_expect_null(je_aqi_rounding_name((je_aqi_rounding)3));

    cr_expect_str_eq(je_aqi_report_name(JE_AQI_DAILY), "daily");
    cr_expect_str_eq(je_aqi_report_name(JE_AQI_HOURLY), "hourly");
}

/* je_aqi_primary_format: codes in item order joined by ';'; a short buffer holds only
 * whole codes, NUL-terminated. */
Test(aqi_names, primary_format)
{
    char buf[64];
    cr_expect_str_eq(je_aqi_primary_format(0, buf, sizeof buf), "");
    cr_expect_str_eq(je_aqi_primary_format(BIT(JE_AQI_PM25) | BIT(JE_AQI_PM10), buf, sizeof buf),
                     "pm10;pm25");
    cr_expect_str_eq(je_aqi_primary_format(BIT(JE_AQI_O3_8H) | BIT(JE_AQI_SO2) | BIT(JE_AQI_CO),
                                           buf, sizeof buf),
                     "so2;co;o3_8h");
    cr_expect_str_eq(je_aqi_primary_format(0x7f, buf, sizeof buf),
                     "so2;no2;co;o3_1h;o3_8h;pm10;pm25");
    char small[8];
    cr_expect_str_eq(
        je_aqi_primary_format(BIT(JE_AQI_PM25) | BIT(JE_AQI_PM10), small, sizeof small), "pm10");
    char one[1] = {'x'};
    cr_expect_eq(je_aqi_primary_format(BIT(JE_AQI_PM10), one, 1), one);
    cr_expect_eq(one[0], '\0');
}
