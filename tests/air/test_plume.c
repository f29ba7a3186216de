/* Gaussian plume engine: published worked examples, σ curves at tabulated distances,
 * Briggs plume rise, mixing-lid reflection, symmetry and mass balance, the transfer
 * matrix (wind frame, calms, hourly means, thread-count independence), attribution,
 * Turner's stability classes and the solar elevation.
 *
 * Expected values are typed here from their sources (named at each test) or computed
 * by hand from the formulas written beside them; the engine's tables
 * (src/air/std_plume.c) are never read, so a typo there fails these tests. */
#include "jointenv/plume.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Compare doubles with an explicit absolute tolerance, printing both values. */
#define ASSERT_NEAR(actual, expected, eps)                                                         \
    cr_assert_float_eq((actual), (expected), (eps), "%s = %.17g, expected %.17g (tol %g)",         \
                       #actual, (double)(actual), (double)(expected), (double)(eps))

/* Expect got ≈ want within rel·|want| (relative), printing both values and `ctx`. */
static void expect_rel(double got, double want, double rel, const char *ctx)
{
    cr_expect(fabs(got - want) <= rel * fabs(want),
              "%s: got %.15g, expected %.15g (relative tol %g, off by %.3g)", ctx, got, want, rel,
              want != 0 ? (got - want) / want : got);
}

static void expect_abs(double got, double want, double tol, const char *ctx)
{
    cr_expect(fabs(got - want) <= tol, "%s: got %.15g, expected %.15g (tol %g)", ctx, got, want,
              tol);
}

/* ---------------------------------------------------------------------------
 * Published worked examples
 * ../shared/reference/peer-tests/plume_published_examples.csv, typed in as constants.
 * ------------------------------------------------------------------------- */
typedef struct pub_case {
    const char *id;
    je_sigma_scheme scheme;
    je_stability st;
    double q, u, h, x, y, z;
    double sy, sz; /* NAN = not published */
    double conc;
    double tol;
    int relative;
} pub_case;

static const pub_case PUB[] = {
    /* PUB01: De Visscher (2014), Air Dispersion Modeling: Foundations and Applications,
     * Example 2.1 p. 24–25 (as asserted in tcarion/GaussianPlume.jl
     * test/concentration.jl): Briggs rural D, Q = 100 g/s, u = 7 m/s, H = 90 m,
     * x = 1500 m, ground reflection, no lid: 160.3 µg/m³ ± 0.1. */
    {"PUB01", JE_SIGMA_BRIGGS_RURAL, JE_STAB_D, 100, 7, 90, 1500, 0, 0, NAN, NAN, 160.3, 0.1, 0},
    /* PUB02: same, 100 m off the centreline: 107.5 ± 0.1. */
    {"PUB02", JE_SIGMA_BRIGGS_RURAL, JE_STAB_D, 100, 7, 90, 1500, 100, 0, NAN, NAN, 107.5, 0.1, 0},
    /* PUB03: tcarion/GaussianPlume.jl test/concentration.jl (De Visscher p. 25):
     * Briggs rural D, Q = 5, u = 2, H = 30, x = 1000: 201.139895390322, 1e-6 relative. */
    {"PUB03", JE_SIGMA_BRIGGS_RURAL, JE_STAB_D, 5, 2, 30, 1000, 0, 0, NAN, NAN, 201.139895390322,
     1e-6, 1},
    /* PUB04: UW CEE 357 handout, as asserted in joshuanunn/really-simple-dispersion
     * rsdm/rsdm_test.js (1.917230120488e-05 g/m³) and dholstius/plume: ISC3 rural PG D,
     * Q = 10, u = 6, H = 50, x = 500: σy 36.146193496038, σz 18.296892641654 (SCREEN3:
     * 36.15 / 18.30), C 19.17230120488 µg/m³, all 1e-8 relative. */
    {"PUB04", JE_SIGMA_PG, JE_STAB_D, 10, 6, 50, 500, 0, 0, 36.146193496038, 18.296892641654,
     19.17230120488, 1e-8, 1},
};

Test(plume_published, concentration_examples)
{
    char ctx[96];
    for (size_t k = 0; k < sizeof PUB / sizeof PUB[0]; k++) {
        const pub_case *c = &PUB[k];
        double sy, sz;
        je_plume_sigmas(c->scheme, c->st, c->x, &sy, &sz);
        if (!isnan(c->sy)) {
            snprintf(ctx, sizeof ctx, "%s sigma_y", c->id);
            expect_rel(sy, c->sy, c->tol, ctx);
            snprintf(ctx, sizeof ctx, "%s sigma_z", c->id);
            expect_rel(sz, c->sz, c->tol, ctx);
        }
        const double conc = je_plume_conc(c->q, c->u, c->h, sy, sz, c->y, c->z, NAN, 4);
        snprintf(ctx, sizeof ctx, "%s conc", c->id);
        if (c->relative)
            expect_rel(conc, c->conc, c->tol, ctx);
        else
            expect_abs(conc, c->conc, c->tol, ctx);
    }
}

/* PR01: Texas A&M CVEN 301 lecture 7, as asserted in joshuanunn/really-simple-dispersion
 * rsdm/rsdm_test.js (cross-checked against SCREEN3 13043): D, u_stack = 6 m/s,
 * v = 20 m/s, d = 5 m, Ts = 400 K, Ta = 280 K: Fb = 367.73, final rise
 * 223.352113600373 m at x_f = 1264.034881130080 m (F ≥ 55: 38.71 F^0.6/u, 119 F^0.4). */
Test(plume_published, rise_tamu_final)
{
    const je_stack s = {100, 5, 20, 400};
    ASSERT_NEAR(je_briggs_buoyancy_flux(&s, 280), 367.73, 0.005);
    double xf = 0;
    const double dh = je_briggs_rise(&s, 280, 6, JE_STAB_D, INFINITY, &xf);
    expect_rel(dh, 223.352113600373, 1e-9, "PR01 final rise");
    expect_rel(xf, 1264.034881130080, 1e-9, "PR01 x_final");
    /* Past x_final the rise is the final rise. */
    expect_rel(je_briggs_rise(&s, 280, 6, JE_STAB_D, 5000, NULL), 223.352113600373, 1e-9,
               "PR01 at 5 km");
}

/* PR02: De Visscher (2014) p. 31, as asserted in tcarion/GaussianPlume.jl: 20 m³/s
 * through r = 1 m (w = 6.366 m/s), ρa = 1.17, ρs = 0.935 kg/m³: Fb = g (1 − ρs/ρa) w r²
 * = 12.539 m⁴/s³, u = 3 m/s, x = 1000 m: ΔH = 1.6 Fb^⅓ min(x, x_f)^⅔ / u = 47.589 m with
 * x_f = 49 Fb^⅝ (Fb ≤ 55). The densities become temperatures by the ideal-gas law
 * (ρs/ρa = Ta/Ts): Ta = 293.15 K and Ts chosen so that Fb is 12.539 exactly with
 * ISC3's g. */
Test(plume_published, rise_de_visscher_two_thirds)
{
    const double g = 9.80616, w = 6.366, d = 2.0, fb = 12.539, ta = 293.15;
    const double ts = ta / (1.0 - fb / (g * w * d * d / 4.0));
    const je_stack s = {75, d, w, ts};
    ASSERT_NEAR(je_briggs_buoyancy_flux(&s, ta), fb, 1e-9);
    double xf = 0;
    const double dh = je_briggs_rise(&s, ta, 3, JE_STAB_D, 1000, &xf);
    /* The published value is given to 3 decimals. */
    expect_abs(dh, 47.589, 0.005, "PR02 rise at 1 km");
    /* x_f = 49 · 12.539^0.625 = 238.0 m. */
    expect_rel(xf, 49.0 * pow(fb, 0.625), 1e-12, "PR02 x_final");
    ASSERT_NEAR(xf, 238.0, 0.5);
}

/* ---------------------------------------------------------------------------
 * σ curves
 * ------------------------------------------------------------------------- */

/* ISC3 vol. II Table 1-1 (σy) and 1-2 (σz), at 0.1, 1 and 10 km, computed by hand:
 * σy = 465.11628 · x · tan(TH), TH = c − d ln x (degrees), x in km;
 * σz = a · x^b on the range that holds x (ranges up to and including their upper
 * bound, as in ISC3's code), at most 5000 m.
 *   A c 24.1670 d 2.5334 | σz: x ≤ 0.10 122.800 x^0.94470; 0.51–3.11 453.850 x^2.11660;
 *                           > 3.11 km: 5000
 *     0.1: TH = 24.1670 + 2.5334·2.302585 = 30.00037°, σy = 46.511628·tan = 26.854,
 *          σz = 122.8·0.1^0.9447 = 13.948
 *     1:   TH = 24.1670°, σy = 465.11628·0.448733 = 208.710, σz = 453.850
 *     10:  TH = 18.33363°, σy = 4651.1628·0.331372 = 1541.25, σz = 5000
 *   B c 18.3330 d 1.8096 | σz: ≤ 0.20 90.673 x^0.93198; > 0.40 109.300 x^1.09710
 *     0.1: TH = 22.49976°, σy = 19.2655, σz = 10.6047
 *     1:   TH = 18.3330°, σy = 154.120, σz = 109.300
 *     10:  TH = 14.16624°, σy = 1174.01, σz = 109.3·10^1.0971 = 1366.85
 *   C c 12.5000 d 1.0857 | σz: 61.141 x^0.91465
 *     0.1: 12.4627 / 7.4419;  1: 103.114 / 61.141;  10: 820.132 / 502.322
 *   D c 8.3330 d 0.72382 | σz: ≤ 0.30 34.459 x^0.86974; 0.31–1.00 32.093 x^0.81066;
 *                           3.01–10.00 33.504 x^0.60486
 *     0.1: 8.2010 / 4.6512;  1: 68.1267 / 32.093;  10: 543.616 / 134.883
 *   E c 6.2500 d 0.54287 | σz: ≤ 0.10 24.260 x^0.83660; 0.31–1.00 21.628 x^0.75660;
 *                           4.01–10.00 24.703 x^0.50527
 *     0.1: 6.1234 / 3.5342;  1: 50.9385 / 21.628;  10: 406.924 / 79.0714
 *   F c 4.1667 d 0.36191 | σz: ≤ 0.20 15.209 x^0.81558; 0.71–1.00 13.953 x^0.68465;
 *                           7.01–15.00 17.836 x^0.41507
 *     0.1: 4.0693 / 2.3255;  1: 33.8842 / 13.953;  10: 270.903 / 46.3839 */
Test(plume_sigma, pg_tabulated_distances)
{
    static const double X[3] = {100, 1000, 10000};
    static const double SY[6][3] = {
        {26.8539, 208.7096, 1541.2544}, {19.2655, 154.1198, 1174.0097},
        {12.4627, 103.1138, 820.1325},  {8.2010, 68.1267, 543.6163},
        {6.1234, 50.9385, 406.9237},    {4.0693, 33.8842, 270.9025},
    };
    static const double SZ[6][3] = {
        {13.9476, 453.8500, 5000.0}, {10.6047, 109.3000, 1366.8478}, {7.4419, 61.1410, 502.3224},
        {4.6512, 32.0930, 134.8828}, {3.5342, 21.6280, 79.0714},     {2.3255, 13.9530, 46.3839},
    };
    char ctx[64];
    for (int c = 0; c < 6; c++) {
        for (int k = 0; k < 3; k++) {
            double sy, sz;
            je_plume_sigmas(JE_SIGMA_PG, (je_stability)c, X[k], &sy, &sz);
            snprintf(ctx, sizeof ctx, "PG %c sigma_y at %g m", 'A' + c, X[k]);
            expect_rel(sy, SY[c][k], 2e-5, ctx);
            snprintf(ctx, sizeof ctx, "PG %c sigma_z at %g m", 'A' + c, X[k]);
            expect_rel(sz, SZ[c][k], 2e-5, ctx);
        }
    }
}

/* The ISC3 σz cap: class A beyond 3.11 km and class B once a x^b passes 5000 m
 * (109.3 x^1.0971 = 5000 at x ≈ 32.6 km). */
Test(plume_sigma, pg_sigma_z_cap)
{
    double sy, sz;
    je_plume_sigmas(JE_SIGMA_PG, JE_STAB_A, 3200, &sy, &sz);
    ASSERT_NEAR(sz, 5000.0, 0.0);
    je_plume_sigmas(JE_SIGMA_PG, JE_STAB_A, 3100, &sy, &sz);
    ASSERT_NEAR(sz, 453.85 * pow(3.1, 2.1166), 1e-9); /* 4743.6, below the cap */
    je_plume_sigmas(JE_SIGMA_PG, JE_STAB_B, 50000, &sy, &sz);
    ASSERT_NEAR(sz, 5000.0, 0.0);
    je_plume_sigmas(JE_SIGMA_PG, JE_STAB_B, 30000, &sy, &sz);
    ASSERT_NEAR(sz, 109.3 * pow(30.0, 1.0971), 1e-9); /* 4562.9 */
}

Test(plume_sigma, zero_upwind_and_nan_for_invalid)
{
    double sy = 1, sz = 1;
    je_plume_sigmas(JE_SIGMA_PG, JE_STAB_D, 0, &sy, &sz);
    ASSERT_NEAR(sy, 0.0, 0.0);
    ASSERT_NEAR(sz, 0.0, 0.0);
    je_plume_sigmas(JE_SIGMA_BRIGGS_URBAN, JE_STAB_D, -5, &sy, &sz);
    ASSERT_NEAR(sy, 0.0, 0.0);
    je_plume_sigmas(JE_SIGMA_PG, (je_stability)6, 100, &sy, &sz);
    cr_assert(isnan(sy) && isnan(sz));
    je_plume_sigmas((je_sigma_scheme)7, JE_STAB_A, 100, &sy, &sz);
    cr_assert(isnan(sy) && isnan(sz));
    je_plume_sigmas(JE_SIGMA_PG, JE_STAB_A, 100, NULL, NULL); /* NULL outputs allowed */
}

/* Briggs (1973) via Gifford (1976) / Hanna et al. (1982) Table 4.5, by hand:
 *   rural A 500 m: σy = 0.22·500/√1.05 = 107.349, σz = 0.20·500 = 100
 *   rural C 1 km:  σy = 110/√1.1 = 104.881, σz = 80/√1.2 = 73.030
 *   rural D 1.5 km: σy = 120/√1.15 = 111.901, σz = 90/√3.25 = 49.923
 *   rural E 1 km:  σy = 60/√1.1 = 57.208, σz = 30/1.3 = 23.077
 *   rural F 2 km:  σy = 80/√1.2 = 73.030, σz = 32/1.6 = 20
 *   urban A 1 km:  σy = 320/√1.4 = 270.449, σz = 240·√2 = 339.411
 *   urban B 1 km:  same as A
 *   urban C 1 km:  σy = 220/√1.4 = 185.934, σz = 200
 *   urban D 1 km:  σy = 160/√1.4 = 135.225, σz = 140/√1.3 = 122.788
 *   urban F 1 km:  σy = 110/√1.4 = 92.967, σz = 80/√2.5 = 50.596 */
Test(plume_sigma, briggs_spot_values)
{
    static const struct {
        je_sigma_scheme sch;
        je_stability st;
        double x, sy, sz;
    } C[] = {
        {JE_SIGMA_BRIGGS_RURAL, JE_STAB_A, 500, 107.349, 100.0},
        {JE_SIGMA_BRIGGS_RURAL, JE_STAB_C, 1000, 104.881, 73.030},
        {JE_SIGMA_BRIGGS_RURAL, JE_STAB_D, 1500, 111.901, 49.923},
        {JE_SIGMA_BRIGGS_RURAL, JE_STAB_E, 1000, 57.208, 23.077},
        {JE_SIGMA_BRIGGS_RURAL, JE_STAB_F, 2000, 73.030, 20.0},
        {JE_SIGMA_BRIGGS_URBAN, JE_STAB_A, 1000, 270.449, 339.411},
        {JE_SIGMA_BRIGGS_URBAN, JE_STAB_B, 1000, 270.449, 339.411},
        {JE_SIGMA_BRIGGS_URBAN, JE_STAB_C, 1000, 185.934, 200.0},
        {JE_SIGMA_BRIGGS_URBAN, JE_STAB_D, 1000, 135.225, 122.788},
        {JE_SIGMA_BRIGGS_URBAN, JE_STAB_F, 1000, 92.967, 50.596},
    };
    char ctx[80];
    for (size_t k = 0; k < sizeof C / sizeof C[0]; k++) {
        double sy, sz;
        je_plume_sigmas(C[k].sch, C[k].st, C[k].x, &sy, &sz);
        snprintf(ctx, sizeof ctx, "%s %s sigma_y at %g", je_sigma_scheme_name(C[k].sch),
                 je_stability_name(C[k].st), C[k].x);
        expect_abs(sy, C[k].sy, 0.001, ctx);
        snprintf(ctx, sizeof ctx, "%s %s sigma_z at %g", je_sigma_scheme_name(C[k].sch),
                 je_stability_name(C[k].st), C[k].x);
        expect_abs(sz, C[k].sz, 0.001, ctx);
    }
}

/* σ grows with distance and from stable to unstable. */
Test(plume_sigma, monotone_in_distance_and_class)
{
    for (int sch = 0; sch < 3; sch++) {
        for (int c = 0; c < 6; c++) {
            double py = 0, pz = 0;
            for (double x = 50; x < 50000; x *= 1.1) {
                double sy, sz;
                je_plume_sigmas((je_sigma_scheme)sch, (je_stability)c, x, &sy, &sz);
                cr_expect(sy > py && sz >= pz, "scheme %d class %d x %g: %g %g after %g %g", sch, c,
                          x, sy, sz, py, pz);
                py = sy;
                pz = sz;
            }
        }
        for (int c = 1; c < 6; c++) {
            double sa, sb, za, zb;
            je_plume_sigmas((je_sigma_scheme)sch, (je_stability)(c - 1), 1000, &sa, &za);
            je_plume_sigmas((je_sigma_scheme)sch, (je_stability)c, 1000, &sb, &zb);
            cr_expect(sa >= sb && za >= zb, "scheme %d class %d at 1 km", sch, c);
        }
    }
}

/* ---------------------------------------------------------------------------
 * Names
 * ------------------------------------------------------------------------- */
Test(plume_names, stability_and_scheme)
{
    je_stability st;
    cr_assert_eq(je_stability_parse("a", &st, NULL), JE_OK);
    cr_assert_eq(st, JE_STAB_A);
    cr_assert_eq(je_stability_parse("F", &st, NULL), JE_OK);
    cr_assert_eq(st, JE_STAB_F);
    cr_assert_eq(je_stability_parse("4", &st, NULL), JE_OK);
    cr_assert_eq(st, JE_STAB_D);
    je_error err;
    cr_assert_eq(je_stability_parse("G", &st, &err), JE_EINVAL);
    cr_assert(strstr(err.message, "'G'") != NULL, "%s", err.message);
    cr_assert_eq(je_stability_parse("7", &st, NULL), JE_EINVAL);
    cr_assert_eq(je_stability_parse("AB", &st, NULL), JE_EINVAL);
    cr_assert_eq(je_stability_parse("", &st, NULL), JE_EINVAL);
    cr_assert_str_eq(je_stability_name(JE_STAB_E), "E");
    cr_assert_null(je_stability_name((je_stability)6));

    je_sigma_scheme sc;
    cr_assert_eq(je_sigma_scheme_parse("isc3-rural", &sc, NULL), JE_OK);
    cr_assert_eq(sc, JE_SIGMA_PG);
    cr_assert_eq(je_sigma_scheme_parse("Briggs-Urban", &sc, NULL), JE_OK);
    cr_assert_eq(sc, JE_SIGMA_BRIGGS_URBAN);
    cr_assert_eq(je_sigma_scheme_parse("briggs", &sc, &err), JE_EINVAL);
    for (int k = 0; k < 3; k++) {
        cr_assert_eq(je_sigma_scheme_parse(je_sigma_scheme_name((je_sigma_scheme)k), &sc, NULL),
                     JE_OK);
        cr_assert_eq((int)sc, k);
    }
}

/* ---------------------------------------------------------------------------
 * Wind profile
 * ------------------------------------------------------------------------- */

/* ISC3 exponents (rural A–F 0.07 0.07 0.10 0.15 0.35 0.55; urban 0.15 0.15 0.20 0.25
 * 0.30 0.30): 5 m/s at 10 m raised to 100 m is 5·10^p. */
Test(plume_wind, power_law_exponents)
{
    static const double P[2][6] = {{0.07, 0.07, 0.10, 0.15, 0.35, 0.55},
                                   {0.15, 0.15, 0.20, 0.25, 0.30, 0.30}};
    char ctx[48];
    for (int urban = 0; urban < 2; urban++) {
        for (int c = 0; c < 6; c++) {
            snprintf(ctx, sizeof ctx, "%s class %c", urban ? "urban" : "rural", 'A' + c);
            expect_rel(je_wind_at_height(5, 10, 100, (je_stability)c, urban),
                       5.0 * pow(10.0, P[urban][c]), 1e-14, ctx);
        }
    }
    ASSERT_NEAR(je_wind_at_height(5, 10, 10, JE_STAB_F, 0), 5.0, 1e-15);
    ASSERT_NEAR(je_wind_at_height(5, 10, 0, JE_STAB_F, 0), 0.0, 0.0);
    cr_assert(isnan(je_wind_at_height(5, 0, 10, JE_STAB_F, 0)));
}

/* ---------------------------------------------------------------------------
 * Plume rise (ISC3 vol. II §1.1.4)
 * ------------------------------------------------------------------------- */
#define G 9.80616

/* Buoyancy-dominated, Fb < 55 (A–D): final 21.425 Fb^¾/u at x_f = 49 Fb^⅝, and the 2/3 law
 * 1.6 Fb^⅓ x^⅔/u below x_f. Stack d = 2, v = 10, Ts = 400, Ta = 290:
 * Fb = 9.80616·10·4·110/(4·400) = 26.9669; (ΔT)c = 0.0297·400·10^⅓/2^⅔ = 16.2 < 110. */
Test(plume_rise, buoyant_small_flux)
{
    const je_stack s = {60, 2, 10, 400};
    const double fb = G * 10 * 4 * 110 / (4 * 400.0), u = 4;
    ASSERT_NEAR(je_briggs_buoyancy_flux(&s, 290), fb, 1e-12);
    ASSERT_NEAR(fb, 26.9669, 1e-4);
    double xf;
    const double final = je_briggs_rise(&s, 290, u, JE_STAB_C, INFINITY, &xf);
    expect_rel(final, 21.425 * pow(fb, 0.75) / u, 1e-12, "final");
    expect_rel(xf, 49 * pow(fb, 0.625), 1e-12, "x_final");
    for (double x = 10; x < xf; x += 25) {
        char ctx[48];
        snprintf(ctx, sizeof ctx, "gradual at %g m", x);
        expect_rel(je_briggs_rise(&s, 290, u, JE_STAB_C, x, NULL),
                   1.6 * cbrt(fb) * pow(x, 2.0 / 3.0) / u, 1e-12, ctx);
    }
    /* Continuous at x_f to the rounding of the constants (1.6·49^⅔ = 21.4249). */
    expect_rel(je_briggs_rise(&s, 290, u, JE_STAB_C, xf * (1 - 1e-12), NULL), final, 1e-4,
               "just below x_f");
    ASSERT_NEAR(je_briggs_rise(&s, 290, u, JE_STAB_C, 0, NULL), 0.0, 0.0);
}

/* The 2/3 law below x_f for the TAMU stack (PR01): D, u = 6, x = 500 m < x_f = 1264 m:
 * 1.6·367.73^⅓·500^⅔/6 = 1.6·7.1654·62.996/6 = 120.35 m. */
Test(plume_rise, buoyant_gradual_large_flux)
{
    const je_stack s = {100, 5, 20, 400};
    const double fb = G * 20 * 25 * 120 / (4 * 400.0);
    const double dh = je_briggs_rise(&s, 280, 6, JE_STAB_D, 500, NULL);
    expect_rel(dh, 1.6 * cbrt(fb) * pow(500, 2.0 / 3.0) / 6, 1e-12, "gradual 500 m");
    ASSERT_NEAR(dh, 120.35, 0.01);
}

/* Momentum-dominated (A–D), a cold jet Ts = Ta = 293 K, v = 20, d = 1, u = 5: Fb = 0,
 * Fm = 400·1·293/(4·293) = 100; final 3 d v/u = 12 m at
 * x_f = 4 d (v + 3u)²/(v u) = 4·35²/100 = 49 m; gradual (3 Fm x/(βj² u²))^⅓,
 * βj = 1/3 + u/v = 0.58333: at x = 10 m (3000/(0.340278·25))^⅓ = 7.0651 m. */
Test(plume_rise, momentum_dominated_neutral)
{
    const je_stack s = {30, 1, 20, 293};
    ASSERT_NEAR(je_briggs_buoyancy_flux(&s, 293), 0.0, 0.0);
    ASSERT_NEAR(je_briggs_momentum_flux(&s, 293), 100.0, 1e-12);
    double xf;
    ASSERT_NEAR(je_briggs_rise(&s, 293, 5, JE_STAB_D, INFINITY, &xf), 12.0, 1e-12);
    ASSERT_NEAR(xf, 49.0, 1e-12);
    const double bj = 1.0 / 3.0 + 5.0 / 20.0;
    const double want = cbrt(3 * 100 * 10 / (bj * bj * 25));
    expect_rel(je_briggs_rise(&s, 293, 5, JE_STAB_D, 10, NULL), want, 1e-12, "gradual 10 m");
    ASSERT_NEAR(want, 7.0651, 1e-4);
    /* Warm but slow-to-cross: Ts = 300, Ta = 293, v = 30, d = 0.5: Fb = 0.43 > 0 but
     * ΔT = 7 < (ΔT)c = 0.0297·300·30^⅓/0.5^⅔ = 43.9, so the momentum rise 3·0.5·30/5 = 9. */
    const je_stack w = {30, 0.5, 30, 300};
    cr_assert(je_briggs_buoyancy_flux(&w, 293) > 0);
    ASSERT_NEAR(je_briggs_rise(&w, 293, 5, JE_STAB_B, INFINITY, NULL), 9.0, 1e-12);
}

/* Stable buoyant (F, dθ/dz 0.035 K/m): TAMU stack at u = 3, Ta = 280:
 * s = 9.80616·0.035/280 = 1.22577e-3, (ΔT)c = 0.019582·400·20·√s = 5.48 < 120;
 * ΔH = 2.6 (Fb/(u s))^⅓ = 2.6·(367.73/3.6773e-3)^⅓ = 2.6·46.416 = 120.68 m at
 * x_f = 2.0715 u/√s = 177.5 m. E (0.020 K/m): s = 7.0044e-4,
 * ΔH = 2.6 (367.73/(3·7.0044e-4))^⅓ = 145.43 m. */
Test(plume_rise, stable_buoyant)
{
    const je_stack s = {100, 5, 20, 400};
    const double fb = G * 20 * 25 * 120 / (4 * 400.0);
    const double sf = G * 0.035 / 280, se = G * 0.020 / 280;
    double xf;
    const double dh = je_briggs_rise(&s, 280, 3, JE_STAB_F, INFINITY, &xf);
    expect_rel(dh, 2.6 * cbrt(fb / (3 * sf)), 1e-12, "F final");
    ASSERT_NEAR(dh, 120.68, 0.01);
    ASSERT_NEAR(xf, 177.50, 0.01);
    expect_rel(xf, 2.0715 * 3 / sqrt(sf), 1e-12, "F x_final");
    expect_rel(je_briggs_rise(&s, 280, 3, JE_STAB_E, INFINITY, NULL), 2.6 * cbrt(fb / (3 * se)),
               1e-12, "E final");
    /* 2/3 law below x_f in stable air too. */
    expect_rel(je_briggs_rise(&s, 280, 3, JE_STAB_F, 100, NULL),
               1.6 * cbrt(fb) * pow(100, 2.0 / 3.0) / 3, 1e-12, "F gradual 100 m");
    /* Stable rise is lower than the neutral rise in the same wind. */
    cr_assert(dh < je_briggs_rise(&s, 280, 3, JE_STAB_D, INFINITY, NULL));
}

/* Stable momentum (E), cold jet Ts = Ta = 280, v = 15, d = 1: Fm = 56.25,
 * s = 9.80616·0.020/280 = 7.00440e-4, √s = 0.0264658.
 * u = 2: 1.5 (Fm/(u √s))^⅓ = 1.5·(1062.7)^⅓ = 15.31 < 3 d v/u = 22.5 → 15.31;
 * u = 4: 1.5·(531.3)^⅓ = 12.15 > 3·15/4 = 11.25 → 11.25 (the neutral limit). */
Test(plume_rise, stable_momentum)
{
    const je_stack s = {30, 1, 15, 280};
    const double se = G * 0.020 / 280;
    double xf;
    const double dh2 = je_briggs_rise(&s, 280, 2, JE_STAB_E, INFINITY, &xf);
    expect_rel(dh2, 1.5 * cbrt(56.25 / (2 * sqrt(se))), 1e-12, "E momentum u=2");
    ASSERT_NEAR(dh2, 15.31, 0.01);
    expect_rel(xf, 0.5 * M_PI * 2 / sqrt(se), 1e-12, "x_final = pi u / (2 sqrt s)");
    ASSERT_NEAR(je_briggs_rise(&s, 280, 4, JE_STAB_E, INFINITY, NULL), 11.25, 1e-12);
    /* Gradual: (3 Fm sin(x √s/u)/(βj² u √s))^⅓ at x = 5 m, βj = 1/3 + 2/15: 9.892 m;
     * at 20 m the formula gives 15.64 m, above the final rise, which caps it. */
    const double bj = 1.0 / 3.0 + 2.0 / 15.0;
    const double want = cbrt(3 * 56.25 * sin(5 * sqrt(se) / 2) / (bj * bj * 2 * sqrt(se)));
    expect_rel(je_briggs_rise(&s, 280, 2, JE_STAB_E, 5, NULL), want, 1e-12, "gradual 5 m");
    ASSERT_NEAR(want, 9.892, 0.001);
    expect_rel(je_briggs_rise(&s, 280, 2, JE_STAB_E, 20, NULL), dh2, 1e-12, "capped at 20 m");
}

Test(plume_rise, degenerate_inputs)
{
    const je_stack s = {30, 1, 15, 400};
    double xf = 1;
    ASSERT_NEAR(je_briggs_rise(&s, 280, 0, JE_STAB_D, INFINITY, &xf), 0.0, 0.0);
    ASSERT_NEAR(xf, 0.0, 0.0);
    ASSERT_NEAR(je_briggs_rise(NULL, 280, 3, JE_STAB_D, INFINITY, NULL), 0.0, 0.0);
    const je_stack noflow = {30, 1, 0, 400};
    ASSERT_NEAR(je_briggs_rise(&noflow, 280, 3, JE_STAB_D, INFINITY, NULL), 0.0, 0.0);
    ASSERT_NEAR(je_briggs_buoyancy_flux(&s, 450), 0.0, 0.0); /* colder than ambient */
}

/* ISC3's crossover temperature differences decide buoyant vs momentum rise; stacks just
 * either side of each, by hand (Ta = 293 K, u = 4 m/s):
 *   A–D, Fb < 55: (ΔT)c = 0.0297 Ts v^⅓ / d^⅔; v = 10, d = 1: 0.063987 Ts, so buoyant
 *     from Ts = 293/0.936013 = 313.03 K: Ts 312.9 momentum (3 d v/u = 7.5 m), 313.2
 *     buoyant (21.425 Fb^¾/u);
 *   A–D, Fb ≥ 55: (ΔT)c = 0.00575 Ts v^⅔ / d^⅓; v = 30, d = 8: 0.027758 Ts, buoyant from
 *     Ts = 301.37 K: 301.2 momentum (3·8·30/4 = 180 m), 301.5 buoyant (38.71 Fb^⅗/u);
 *   E: (ΔT)c = 0.019582 Ts v √s, s = g·0.020/293; v = 10: 0.0050663 Ts, buoyant from
 *     293/(1 − 0.0050663) = 294.492 K: 294.48 momentum (1.5 (Fm/(u √s))^⅓, at most
 *     3 d v/u), 294.51 buoyant (2.6 (Fb/(u s))^⅓). */
Test(plume_rise, crossover_temperature)
{
    const double ta = 293, u = 4;
    const je_stack s1 = {50, 1, 10, 312.9}, s2 = {50, 1, 10, 313.2};
    ASSERT_NEAR(je_briggs_rise(&s1, ta, u, JE_STAB_D, INFINITY, NULL), 7.5, 1e-12);
    expect_rel(je_briggs_rise(&s2, ta, u, JE_STAB_D, INFINITY, NULL),
               21.425 * pow(je_briggs_buoyancy_flux(&s2, ta), 0.75) / u, 1e-12, "Fb<55 buoyant");
    const je_stack b1 = {50, 8, 30, 301.2}, b2 = {50, 8, 30, 301.5};
    cr_assert(je_briggs_buoyancy_flux(&b1, ta) >= 55);
    ASSERT_NEAR(je_briggs_rise(&b1, ta, u, JE_STAB_D, INFINITY, NULL), 180.0, 1e-12);
    expect_rel(je_briggs_rise(&b2, ta, u, JE_STAB_D, INFINITY, NULL),
               38.71 * pow(je_briggs_buoyancy_flux(&b2, ta), 0.6) / u, 1e-12, "Fb>=55 buoyant");
    const double se = G * 0.020 / ta;
    const je_stack e1 = {50, 1, 10, 294.48}, e2 = {50, 1, 10, 294.51};
    const double fm = 100 * ta / (4 * 294.48);
    expect_rel(je_briggs_rise(&e1, ta, u, JE_STAB_E, INFINITY, NULL),
               fmin(1.5 * cbrt(fm / (u * sqrt(se))), 3 * 10.0 / u), 1e-12, "E momentum");
    expect_rel(je_briggs_rise(&e2, ta, u, JE_STAB_E, INFINITY, NULL),
               2.6 * cbrt(je_briggs_buoyancy_flux(&e2, ta) / (u * se)), 1e-12, "E buoyant");
}

/* ---------------------------------------------------------------------------
 * Concentration: reflections, symmetry, mass balance
 * ------------------------------------------------------------------------- */

/* Far downwind under a lid the ground-level concentration tends to Q/(√(2π) u σy L);
 * the switch at σz = 1.6 L is continuous to a few per cent. */
Test(plume_conc, lid_well_mixed_limit)
{
    const double q = 100, u = 5, h = 80, lid = 500;
    /* As a function of σz, at fixed σy. */
    const double sy = 300;
    const double mixed = q * 1e6 / (sqrt(2 * M_PI) * u * sy * lid);
    const double below = je_plume_conc(q, u, h, sy, 1.6 * lid * (1 - 1e-9), 0, 0, lid, 4);
    const double above = je_plume_conc(q, u, h, sy, 1.6 * lid * (1 + 1e-9), 0, 0, lid, 4);
    expect_rel(above, mixed, 1e-12, "well-mixed form above 1.6 L");
    expect_rel(below, mixed, 0.03, "series just below 1.6 L");
    /* The switch is at 1.6 L: below it the result depends on the number of image terms
     * (the series), above it not (the well-mixed form). */
    cr_expect(je_plume_conc(q, u, h, sy, 1.55 * lid, 0, 0, lid, 0) !=
                  je_plume_conc(q, u, h, sy, 1.55 * lid, 0, 0, lid, 4),
              "series at 1.55 L");
    cr_expect(je_plume_conc(q, u, h, sy, 1.65 * lid, 0, 0, lid, 0) ==
                  je_plume_conc(q, u, h, sy, 1.65 * lid, 0, 0, lid, 4),
              "well mixed at 1.65 L");
    /* The series approaches the well-mixed value as σz grows (L/σz → 0). */
    double prev_err = INFINITY;
    for (double f = 0.6; f < 1.6; f += 0.2) {
        const double c = je_plume_conc(q, u, h, sy, f * lid, 0, 0, lid, 20);
        const double e = fabs(c / mixed - 1);
        cr_expect(e < prev_err, "sigma_z = %g L: |C/Cmix - 1| = %g after %g", f, e, prev_err);
        prev_err = e;
    }
    cr_expect(prev_err < 0.01, "at 1.4 L: %g", prev_err);

    /* Along x with PG B (σz = 800 m at x ≈ 6.1 km): continuous across the switch and
     * the well-mixed value far downwind. */
    double x_sw = 0;
    for (double x = 1000; x < 20000; x += 1) {
        double syx, szx;
        je_plume_sigmas(JE_SIGMA_PG, JE_STAB_B, x, &syx, &szx);
        if (szx > 1.6 * lid) {
            x_sw = x;
            break;
        }
    }
    cr_assert(x_sw > 0);
    double sy0, sz0, sy1, sz1;
    je_plume_sigmas(JE_SIGMA_PG, JE_STAB_B, x_sw - 1, &sy0, &sz0);
    je_plume_sigmas(JE_SIGMA_PG, JE_STAB_B, x_sw, &sy1, &sz1);
    const double c0 = je_plume_conc(q, u, h, sy0, sz0, 0, 0, lid, 4);
    const double c1 = je_plume_conc(q, u, h, sy1, sz1, 0, 0, lid, 4);
    expect_rel(c0, c1, 0.03, "across the 1.6 L switch along x");
    double syf, szf;
    je_plume_sigmas(JE_SIGMA_PG, JE_STAB_B, 20000, &syf, &szf);
    expect_rel(je_plume_conc(q, u, h, syf, szf, 0, 0, lid, 4),
               q * 1e6 / (sqrt(2 * M_PI) * u * syf * lid), 1e-12, "20 km");
}

Test(plume_conc, plume_above_lid_gives_zero)
{
    ASSERT_NEAR(je_plume_conc(100, 5, 600, 100, 50, 0, 0, 500, 4), 0.0, 0.0);
    ASSERT_NEAR(je_plume_conc(100, 5, 600, 100, 50, 0, 500, 500, 4), 0.0, 0.0);
    ASSERT_NEAR(je_plume_conc(100, 5, 600, 100, 2000, 30, 0, 500, 4), 0.0, 0.0);
    /* A receptor above a lid that traps the plume below it. */
    ASSERT_NEAR(je_plume_conc(100, 5, 100, 100, 50, 0, 550, 500, 4), 0.0, 0.0);
    /* Without a lid the same plume reaches the ground. */
    cr_assert(je_plume_conc(100, 5, 600, 100, 300, 0, 0, NAN, 4) > 0);
    cr_assert(je_plume_conc(100, 5, 600, 100, 300, 0, 0, INFINITY, 4) > 0);
}

/* The image series converges: successive partial sums approach the 60-term value, and
 * with no lid the result equals the ground-reflected formula. */
Test(plume_conc, more_reflections_converge)
{
    const double q = 10, u = 3, h = 150, lid = 400, sy = 200, sz = 350; /* σz < 1.6 L */
    const double lim = je_plume_conc(q, u, h, sy, sz, 0, 0, lid, 60);
    double prev = INFINITY;
    for (int n = 0; n <= 8; n++) {
        const double e = fabs(je_plume_conc(q, u, h, sy, sz, 0, 0, lid, n) - lim);
        cr_expect(e < prev || e == 0, "n = %d: error %g after %g", n, e, prev);
        prev = e;
    }
    expect_rel(je_plume_conc(q, u, h, sy, sz, 0, 0, lid, 8), lim, 1e-9, "8 terms");
    /* The lid adds concentration relative to the unbounded plume. */
    cr_assert(lim > je_plume_conc(q, u, h, sy, sz, 0, 0, NAN, 60));
    /* Lid far above the plume: the ground-reflected formula. */
    const double g2 = q * 1e6 / (2 * M_PI * u * sy * 40) *
                      (exp(-pow(10 - h, 2) / (2 * 1600.0)) + exp(-pow(10 + h, 2) / (2 * 1600.0)));
    expect_rel(je_plume_conc(q, u, h, sy, 40, 0, 10, 1e5, 4), g2, 1e-12, "lid at 100 km");
    expect_rel(je_plume_conc(q, u, h, sy, 40, 0, 10, NAN, 4), g2, 1e-12, "no lid");
}

/* One reflection each side, written out: images at z − h, z + h, z − h ± 2L, z + h ± 2L
 * ([ISC3] §1.1.6 / De Visscher ch. 2). */
Test(plume_conc, one_reflection_written_out)
{
    const double q = 10, u = 3, h = 150, lid = 400, sy = 200, sz = 250, y = 50, z = 20;
    double v = 0;
    const double d[6] = {z - h,           z + h,           z - h + 2 * lid,
                         z - h - 2 * lid, z + h + 2 * lid, z + h - 2 * lid};
    for (int k = 0; k < 6; k++)
        v += exp(-d[k] * d[k] / (2 * sz * sz));
    const double want = q * 1e6 / (2 * M_PI * u * sy * sz) * exp(-y * y / (2 * sy * sy)) * v;
    expect_rel(je_plume_conc(q, u, h, sy, sz, y, z, lid, 1), want, 1e-13, "one reflection");
}

Test(plume_conc, symmetric_in_y)
{
    for (double y = 0; y < 500; y += 37) {
        const double a = je_plume_conc(50, 4, 70, 120, 60, y, 3, NAN, 4);
        const double b = je_plume_conc(50, 4, 70, 120, 60, -y, 3, NAN, 4);
        cr_expect(a == b, "y = %g: %.17g vs %.17g", y, a, b);
        const double al = je_plume_conc(50, 4, 70, 120, 260, y, 3, 300, 4);
        const double bl = je_plume_conc(50, 4, 70, 120, 260, -y, 3, 300, 4);
        cr_expect(al == bl, "lid, y = %g: %.17g vs %.17g", y, al, bl);
    }
}

Test(plume_conc, zero_for_bad_wind_or_sigma)
{
    ASSERT_NEAR(je_plume_conc(10, 0, 50, 10, 10, 0, 0, NAN, 4), 0.0, 0.0);
    ASSERT_NEAR(je_plume_conc(10, 3, 50, 0, 10, 0, 0, NAN, 4), 0.0, 0.0);
    ASSERT_NEAR(je_plume_conc(10, 3, 50, 10, -1, 0, 0, NAN, 4), 0.0, 0.0);
}

/* ∫∫ u C dy dz = Q (in µg/s: Q·10⁶) by Simpson's rule over y ∈ ±10 σy and z from 0 to
 * h + 10 σz (or to the lid), at several distances: the ground reflection (and the lid)
 * neither create nor lose mass. */
static double flux(double q, double u, double h, double sy, double sz, double lid, int nrefl)
{
    const int ny = 400, nz = 800;
    const double y0 = -10 * sy, y1 = 10 * sy;
    const double z1 = isnan(lid) ? h + 10 * sz : lid;
    const double dy = (y1 - y0) / ny, dz = z1 / nz;
    double total = 0;
    for (int j = 0; j <= nz; j++) {
        const double wz = (j == 0 || j == nz) ? 1 : (j % 2 ? 4 : 2);
        double line = 0;
        for (int i = 0; i <= ny; i++) {
            const double wy = (i == 0 || i == ny) ? 1 : (i % 2 ? 4 : 2);
            line += wy * je_plume_conc(q, u, h, sy, sz, y0 + i * dy, j * dz, lid, nrefl);
        }
        total += wz * line * dy / 3;
    }
    return u * total * dz / 3;
}

Test(plume_conc, mass_balance)
{
    const double q = 20, u = 4, h = 60;
    static const double X[] = {200, 1000, 5000};
    char ctx[64];
    for (size_t k = 0; k < 3; k++) {
        double sy, sz;
        je_plume_sigmas(JE_SIGMA_BRIGGS_RURAL, JE_STAB_C, X[k], &sy, &sz);
        snprintf(ctx, sizeof ctx, "flux at %g m, no lid", X[k]);
        expect_rel(flux(q, u, h, sy, sz, NAN, 4), q * 1e6, 1e-3, ctx);
        /* With a lid at 400 m: the image series (σz < 1.6 L) or the well-mixed form. */
        snprintf(ctx, sizeof ctx, "flux at %g m, lid 400 m", X[k]);
        expect_rel(flux(q, u, h, sy, sz, 400, 10), q * 1e6, 1e-3, ctx);
    }
}

/* ---------------------------------------------------------------------------
 * Transfer matrix
 * ------------------------------------------------------------------------- */
static je_plume_opts opts_no_rise(void)
{
    je_plume_opts o;
    je_plume_opts_default(&o);
    o.plume_rise = 0;
    return o;
}

/* Independent centreline value per g/s: wind at stack top 5·(50/10)^0.15 (rural D), σ
 * by PG D at 1 km, ground reflection. */
static double centreline_d_1km(double u10, double hs)
{
    const double us = u10 * pow(hs / 10.0, 0.15);
    double sy, sz;
    je_plume_sigmas(JE_SIGMA_PG, JE_STAB_D, 1000, &sy, &sz);
    return 1e6 / (2 * M_PI * us * sy * sz) * 2 * exp(-hs * hs / (2 * sz * sz));
}

Test(plume_transfer, defaults)
{
    je_plume_opts o;
    memset(&o, 0xff, sizeof o);
    je_plume_opts_default(&o);
    cr_assert_eq(o.scheme, JE_SIGMA_PG);
    cr_assert_eq(o.urban, 0);
    ASSERT_NEAR(o.anemometer_m, 10.0, 0.0);
    cr_assert_eq(o.calm, JE_CALM_SKIP);
    ASSERT_NEAR(o.calm_m_s, 1.0, 0.0);
    cr_assert_eq(o.reflections, 4);
    cr_assert_eq(o.plume_rise, 1);
}

/* A receptor 1 km east of the stack is directly downwind in a west wind (from 270°)
 * and gets the centreline value; in an east wind (from 90°) it is upwind and gets 0.
 * Same for a north wind (from 0°) and a receptor to the south, and from 225° (SW) with
 * a receptor to the north-east. */
Test(plume_transfer, wind_direction_frame)
{
    const je_plume_source src = {0, 0, {50, 3, 15, 420}};
    const je_plume_opts o = opts_no_rise();
    const double want = centreline_d_1km(5, 50);
    const struct {
        double dir, rx, ry, expect;
    } C[] = {
        {270, 1000, 0, want},
        {90, 1000, 0, 0},
        {0, 0, -1000, want},
        {180, 0, -1000, 0},
        {225, 1000 / M_SQRT2, 1000 / M_SQRT2, want},
        {45, 1000 / M_SQRT2, 1000 / M_SQRT2, 0},
    };
    for (size_t k = 0; k < sizeof C / sizeof C[0]; k++) {
        const je_plume_receptor rec = {C[k].rx, C[k].ry, 0};
        const je_met_hour m = {0, 5, C[k].dir, 293, NAN, JE_STAB_D};
        double mean = -1;
        size_t used = 0;
        cr_assert_eq(je_plume_transfer(&src, 1, &rec, 1, &m, 1, &o, NULL, &mean, &used, NULL),
                     JE_OK);
        cr_expect_eq(used, 1);
        char ctx[48];
        snprintf(ctx, sizeof ctx, "wind from %g", C[k].dir);
        if (C[k].expect == 0)
            cr_expect(mean == 0, "%s: %g, expected 0", ctx, mean);
        else
            expect_rel(mean, C[k].expect, 1e-9, ctx);
    }
}

/* Crosswind offset: 200 m north of the axis of a west wind, exp(−y²/2σy²) of the axis. */
Test(plume_transfer, crosswind_offset)
{
    const je_plume_source src = {100, 100, {50, 3, 15, 420}};
    const je_plume_opts o = opts_no_rise();
    const je_plume_receptor rec[2] = {{1100, 300, 0}, {1100, -100, 0}};
    const je_met_hour m = {0, 5, 270, 293, NAN, JE_STAB_D};
    double mean[2];
    cr_assert_eq(je_plume_transfer(&src, 1, rec, 2, &m, 1, &o, NULL, mean, NULL, NULL), JE_OK);
    double sy, sz;
    je_plume_sigmas(JE_SIGMA_PG, JE_STAB_D, 1000, &sy, &sz);
    const double want = centreline_d_1km(5, 50) * exp(-200.0 * 200.0 / (2 * sy * sy));
    expect_rel(mean[0], want, 1e-9, "200 m north");
    expect_rel(mean[1], want, 1e-9, "200 m south");
}

/* With plume rise the effective height is the stack plus the Briggs rise at x in the
 * stack-top wind. */
Test(plume_transfer, with_plume_rise)
{
    const je_plume_source src = {0, 0, {50, 3, 15, 420}};
    je_plume_opts o;
    je_plume_opts_default(&o);
    const je_plume_receptor rec = {1000, 0, 0};
    const je_met_hour m = {0, 5, 270, 293, NAN, JE_STAB_D};
    double mean;
    cr_assert_eq(je_plume_transfer(&src, 1, &rec, 1, &m, 1, &o, NULL, &mean, NULL, NULL), JE_OK);
    const double us = 5 * pow(5.0, 0.15);
    const double he = 50 + je_briggs_rise(&src.stack, 293, us, JE_STAB_D, 1000, NULL);
    cr_assert(he > 60, "effective height %g", he);
    double sy, sz;
    je_plume_sigmas(JE_SIGMA_PG, JE_STAB_D, 1000, &sy, &sz);
    const double want = 1e6 / (2 * M_PI * us * sy * sz) * 2 * exp(-he * he / (2 * sz * sz));
    expect_rel(mean, want, 1e-9, "with rise");
}

/* ISC3 keeps the stack-top wind at least 1 m/s (here: the calm threshold): a 5 m stack
 * in class F with 1.2 m/s at 10 m would have 1.2·0.5^0.55 = 0.82 m/s; it gets 1.0. */
Test(plume_transfer, stack_top_wind_floor)
{
    const je_plume_source src = {0, 0, {5, 0.5, 5, 350}};
    const je_plume_opts o = opts_no_rise();
    const je_plume_receptor rec = {1000, 0, 0};
    const je_met_hour m = {0, 1.2, 270, 280, NAN, JE_STAB_F};
    double mean;
    cr_assert_eq(je_plume_transfer(&src, 1, &rec, 1, &m, 1, &o, NULL, &mean, NULL, NULL), JE_OK);
    double sy, sz;
    je_plume_sigmas(JE_SIGMA_PG, JE_STAB_F, 1000, &sy, &sz);
    const double want = 1e6 / (2 * M_PI * 1.0 * sy * sz) * 2 * exp(-25 / (2 * sz * sz));
    expect_rel(mean, want, 1e-9, "floored stack-top wind");
}

/* A calm hour (0.5 m/s < 1 m/s): SKIP → zero and not counted; FLOOR → computed at 1 m/s
 * and counted. The mean is over all hours. */
Test(plume_transfer, calm_skip_vs_floor_and_mean)
{
    const je_plume_source src = {0, 0, {50, 3, 15, 420}};
    const je_plume_receptor rec = {1000, 0, 0};
    const je_met_hour m[3] = {
        {0, 0.5, 270, 293, NAN, JE_STAB_D},
        {3600, 5, 270, 293, NAN, JE_STAB_D},
        {7200, 2.5, 270, 293, NAN, JE_STAB_D},
    };
    je_plume_opts o = opts_no_rise();
    double hourly[3], mean;
    size_t used;
    cr_assert_eq(je_plume_transfer(&src, 1, &rec, 1, m, 3, &o, hourly, &mean, &used, NULL), JE_OK);
    cr_expect_eq(used, 2);
    cr_expect(hourly[0] == 0, "calm hour skipped: %g", hourly[0]);
    expect_rel(hourly[1], centreline_d_1km(5, 50), 1e-9, "hour 1");
    expect_rel(hourly[2], centreline_d_1km(2.5, 50), 1e-9, "hour 2");
    expect_rel(mean, (hourly[1] + hourly[2]) / 3, 1e-12, "mean over 3 hours");

    o.calm = JE_CALM_FLOOR;
    cr_assert_eq(je_plume_transfer(&src, 1, &rec, 1, m, 3, &o, hourly, &mean, &used, NULL), JE_OK);
    cr_expect_eq(used, 3);
    expect_rel(hourly[0], centreline_d_1km(1.0, 50), 1e-9, "calm hour floored to 1 m/s");
    expect_rel(mean, (hourly[0] + hourly[1] + hourly[2]) / 3, 1e-12, "mean, floor");

    /* Only the mean asked for: the same mean. */
    double mean2;
    cr_assert_eq(je_plume_transfer(&src, 1, &rec, 1, m, 3, &o, NULL, &mean2, NULL, NULL), JE_OK);
    cr_expect(mean2 == mean, "%.17g vs %.17g", mean2, mean);
}

/* Hourly layout out_hourly[(h·n_rec + r)·n_src + s] and out_mean[r·n_src + s] with two
 * sources, three receptors, two hours; each entry checked against a one-by-one run. */
Test(plume_transfer, layout_and_superposition)
{
    const je_plume_source src[2] = {{0, 0, {60, 3, 15, 420}}, {500, -300, {40, 2, 10, 400}}};
    const je_plume_receptor rec[3] = {{2000, 0, 0}, {1500, -200, 10}, {-800, 400, 0}};
    const je_met_hour m[2] = {{0, 4, 260, 290, 800, JE_STAB_C},
                              {3600, 3, 250, 285, NAN, JE_STAB_E}};
    je_plume_opts o;
    je_plume_opts_default(&o);
    double hourly[2 * 3 * 2], mean[3 * 2];
    cr_assert_eq(je_plume_transfer(src, 2, rec, 3, m, 2, &o, hourly, mean, NULL, NULL), JE_OK);
    for (size_t h = 0; h < 2; h++)
        for (size_t r = 0; r < 3; r++)
            for (size_t s = 0; s < 2; s++) {
                double one;
                cr_assert_eq(
                    je_plume_transfer(&src[s], 1, &rec[r], 1, &m[h], 1, &o, &one, NULL, NULL, NULL),
                    JE_OK);
                cr_expect(hourly[(h * 3 + r) * 2 + s] == one, "h %zu r %zu s %zu: %g vs %g", h, r,
                          s, hourly[(h * 3 + r) * 2 + s], one);
            }
    for (size_t i = 0; i < 6; i++)
        expect_rel(mean[i], (hourly[i] + hourly[6 + i]) / 2, 1e-12, "mean");
    cr_expect(hourly[(0 * 3 + 0) * 2 + 0] > 0, "downwind receptor gets something");
    cr_expect(hourly[(0 * 3 + 2) * 2 + 0] == 0, "upwind receptor gets 0");
}

/* Results do not depend on the number of threads (bitwise). */
Test(plume_transfer, thread_count_independent)
{
    enum { NS = 7, NR = 300, NH = 5 };
    je_plume_source src[NS];
    je_plume_receptor rec[NR];
    je_met_hour m[NH];
    for (int s = 0; s < NS; s++)
        src[s] = (je_plume_source){s * 300.0, -s * 200.0, {40.0 + 10 * s, 2.5, 12, 410}};
    for (int r = 0; r < NR; r++)
        rec[r] = (je_plume_receptor){(r % 20) * 400.0 - 2000, (r / 20) * 400.0 - 3000, 0};
    for (int h = 0; h < NH; h++)
        m[h] = (je_met_hour){h * 3600, 1.5 + h,           200.0 + 30 * h,
                             285,      h % 2 ? 900 : NAN, (je_stability)(h % 6)};
    je_plume_opts o;
    je_plume_opts_default(&o);
    double *a = malloc(sizeof(double) * NS * NR), *b = malloc(sizeof(double) * NS * NR);
    cr_assert(a && b);
#ifdef _OPENMP
    const int saved = omp_get_max_threads();
    omp_set_num_threads(1);
#endif
    cr_assert_eq(je_plume_transfer(src, NS, rec, NR, m, NH, &o, NULL, a, NULL, NULL), JE_OK);
#ifdef _OPENMP
    omp_set_num_threads(4);
#endif
    cr_assert_eq(je_plume_transfer(src, NS, rec, NR, m, NH, &o, NULL, b, NULL, NULL), JE_OK);
#ifdef _OPENMP
    omp_set_num_threads(saved);
#endif
    cr_expect(memcmp(a, b, sizeof(double) * NS * NR) == 0);
    double sum = 0;
    for (int i = 0; i < NS * NR; i++)
        sum += a[i];
    cr_expect(sum > 0);
    free(a);
    free(b);
}

Test(plume_transfer, invalid_arguments)
{
    const je_plume_source src = {0, 0, {50, 3, 15, 420}};
    const je_plume_receptor rec = {1000, 0, 0};
    const je_met_hour m = {0, 5, 270, 293, NAN, JE_STAB_D};
    double mean;
    je_error err;

    je_plume_source bad = src;
    bad.stack.height_m = -1;
    cr_assert_eq(je_plume_transfer(&bad, 1, &rec, 1, &m, 1, NULL, NULL, &mean, NULL, &err),
                 JE_EINVAL);
    cr_assert(strstr(err.message, "height") != NULL, "%s", err.message);

    je_met_hour cold = m;
    cold.temp_k = 0;
    cr_assert_eq(je_plume_transfer(&src, 1, &rec, 1, &cold, 1, NULL, NULL, &mean, NULL, &err),
                 JE_EINVAL);
    cr_assert(strstr(err.message, "temperature") != NULL, "%s", err.message);

    je_met_hour lid = m;
    lid.mixing_height_m = 0;
    cr_assert_eq(je_plume_transfer(&src, 1, &rec, 1, &lid, 1, NULL, NULL, &mean, NULL, NULL),
                 JE_EINVAL);
    je_met_hour st = m;
    st.stability = (je_stability)9;
    cr_assert_eq(je_plume_transfer(&src, 1, &rec, 1, &st, 1, NULL, NULL, &mean, NULL, NULL),
                 JE_EINVAL);
    je_plume_receptor under = rec;
    under.z_m = -2;
    cr_assert_eq(je_plume_transfer(&src, 1, &under, 1, &m, 1, NULL, NULL, &mean, NULL, NULL),
                 JE_EINVAL);
    je_plume_opts o;
    je_plume_opts_default(&o);
    o.reflections = -1;
    cr_assert_eq(je_plume_transfer(&src, 1, &rec, 1, &m, 1, &o, NULL, &mean, NULL, NULL),
                 JE_EINVAL);
    cr_assert_eq(je_plume_transfer(NULL, 1, &rec, 1, &m, 1, NULL, NULL, &mean, NULL, NULL),
                 JE_EINVAL);
    /* No hours: zero mean, no hour used. */
    size_t used = 9;
    mean = -1;
    cr_assert_eq(je_plume_transfer(&src, 1, &rec, 1, NULL, 0, NULL, NULL, &mean, &used, NULL),
                 JE_OK);
    cr_expect(mean == 0 && used == 0);
}

/* ---------------------------------------------------------------------------
 * Attribution
 * ------------------------------------------------------------------------- */

/* Two groups (0 Sichuan, 1 Chongqing); T 3 receptors × 3 sources, by hand:
 *   out[gr·2 + gs] = Σ w[r]·T[r][s]·q[s]
 *   r0 (grp 0, w 100): s0 (grp 0, q 2) 1.0, s1 (grp 1, q 3) 0.5, s2 (grp 0, q 1) 0.2
 *   r1 (grp 1, w 50):  2.0, 0.1, 0.0
 *   r2 (grp 1, w 10):  0.0, 4.0, 1.0
 *   [0][0] = 100·(1.0·2 + 0.2·1) = 220;  [0][1] = 100·0.5·3 = 150
 *   [1][0] = 50·2.0·2 + 10·1.0·1 = 210;  [1][1] = 50·0.1·3 + 10·4.0·3 = 135 */
Test(plume_attribution, sums_by_group)
{
    const double t[9] = {1.0, 0.5, 0.2, 2.0, 0.1, 0.0, 0.0, 4.0, 1.0};
    const double q[3] = {2, 3, 1}, w[3] = {100, 50, 10};
    const int gs[3] = {0, 1, 0}, gr[3] = {0, 1, 1};
    double out[4];
    cr_assert_eq(je_plume_attribution(t, 3, 3, q, w, gs, gr, 2, out, NULL), JE_OK);
    ASSERT_NEAR(out[0], 220.0, 1e-12);
    ASSERT_NEAR(out[1], 150.0, 1e-12);
    ASSERT_NEAR(out[2], 210.0, 1e-12);
    ASSERT_NEAR(out[3], 135.0, 1e-12);
    /* The groups add up to the total weighted exposure. */
    double total = 0;
    for (int r = 0; r < 3; r++)
        for (int s = 0; s < 3; s++)
            total += w[r] * t[r * 3 + s] * q[s];
    ASSERT_NEAR(out[0] + out[1] + out[2] + out[3], total, 1e-12);
    /* NULL weights = 1. */
    cr_assert_eq(je_plume_attribution(t, 3, 3, q, NULL, gs, gr, 2, out, NULL), JE_OK);
    ASSERT_NEAR(out[0], 2.2, 1e-12);
    ASSERT_NEAR(out[3], 0.3 + 12.0, 1e-12);
    /* Out-of-range group. */
    const int bad[3] = {0, 2, 0};
    je_error err;
    cr_assert_eq(je_plume_attribution(t, 3, 3, q, w, bad, gr, 2, out, &err), JE_EINVAL);
    cr_assert(strstr(err.message, "source 1") != NULL, "%s", err.message);
    cr_assert_eq(je_plume_attribution(t, 3, 3, q, w, gs, gr, 0, out, NULL), JE_EINVAL);
}

/* ---------------------------------------------------------------------------
 * Turner's stability classes
 * ------------------------------------------------------------------------- */

/* Textbook situations (Turner 1964; EPA-454/R-99-005 Table 6-4):
 *   strong sun (elevation 65° → insolation 4), clear, 2 m/s → A
 *   night, clear, 2 m/s (NRI −2) → F
 *   overcast 10/10 below 7000 ft (NRI 0), day or night, any wind → D
 *   moderate sun (40° → 3), 3/10 cloud, 4 m/s (row 3.9–4.9) → C
 *   night, 8/10 cloud (NRI −1), 3 m/s (row 2.9–3.3) → E
 *   strong sun, 7/10 cloud at 3000 m (7000–16000 ft: 4 − 1 = 3), 2 m/s → B
 *   strong sun, clear, 7 m/s (row ≥ 6) → C
 *   slight sun (20° → 2), 10/10 at 3000 m (2 − 1 − 1 = 0 → 1), 1 m/s → C
 *   night, clear, 0.5 m/s (Turner's G) → F
 *   night, clear, 6.5 m/s → D */
Test(plume_turner, textbook_classes)
{
    static const struct {
        double u, elev, cloud, ceiling;
        je_stability want;
    } C[] = {
        {2, 65, 0, NAN, JE_STAB_A},
        {2, -10, 0, NAN, JE_STAB_F},
        {2, 50, 10, 1000, JE_STAB_D},
        {2, -10, 10, 1000, JE_STAB_D},
        {8, 65, 10, 500, JE_STAB_D},
        {4, 40, 3, NAN, JE_STAB_C},
        {3, -5, 8, 3000, JE_STAB_E},
        {2, 65, 7, 3000, JE_STAB_B},
        {7, 65, 0, NAN, JE_STAB_C},
        {1, 20, 10, 3000, JE_STAB_C},
        {0.5, -5, 0, NAN, JE_STAB_F},
        {6.5, -5, 0, NAN, JE_STAB_D},
        /* night, exactly 4/10 (NRI −2) and 5/10 (−1), 3 m/s (row 2.9–3.3): F, E */
        {3, -5, 4, NAN, JE_STAB_F},
        {3, -5, 5, NAN, JE_STAB_E},
        /* strong sun, 7/10 above 16000 ft (5000 m) or unlimited: NRI 4 unchanged → A */
        {2, 65, 7, 5000, JE_STAB_A},
        {2, 65, 7, NAN, JE_STAB_A},
        /* strong sun, 7/10 below 7000 ft: 4 − 2 = 2 → C at 2 m/s */
        {2, 65, 7, 1500, JE_STAB_C},
    };
    for (size_t k = 0; k < sizeof C / sizeof C[0]; k++) {
        const je_stability got = je_turner_stability(C[k].u, C[k].elev, C[k].cloud, C[k].ceiling);
        cr_expect_eq(got, C[k].want, "u %g elev %g cloud %g ceiling %g: %s, expected %s", C[k].u,
                     C[k].elev, C[k].cloud, C[k].ceiling, je_stability_name(got),
                     je_stability_name(C[k].want));
    }
}

/* ---------------------------------------------------------------------------
 * Solar elevation
 * ------------------------------------------------------------------------- */

/* Independent check: the Astronomical Almanac's low-precision solar position
 * (Michalsky 1988, J. Solar Energy 40:227), n = JD − 2451545:
 * L = 280.460 + 0.9856474 n, g = 357.528 + 0.9856003 n, λ = L + 1.915 sin g + 0.020 sin 2g,
 * ε = 23.439 − 4e−7 n, δ = asin(sin ε sin λ), α = atan2(cos ε sin λ, cos λ),
 * GMST = 18.697374558 h + 24.06570982441908 h · n, hour angle = GMST·15 + lon − α. */
static double aa_elevation(double lon, double lat, int64_t t)
{
    const double d2r = M_PI / 180;
    const double n = (double)t / 86400.0 + 2440587.5 - 2451545.0;
    const double l = fmod(280.460 + 0.9856474 * n, 360);
    const double g = fmod(357.528 + 0.9856003 * n, 360) * d2r;
    const double lam = (l + 1.915 * sin(g) + 0.020 * sin(2 * g)) * d2r;
    const double eps = (23.439 - 4e-7 * n) * d2r;
    const double dec = asin(sin(eps) * sin(lam));
    const double ra = atan2(cos(eps) * sin(lam), cos(lam));
    const double gmst = fmod(18.697374558 + 24.06570982441908 * n, 24);
    const double ha = (gmst * 15 + lon) * d2r - ra;
    return asin(sin(lat * d2r) * sin(dec) + cos(lat * d2r) * cos(dec) * cos(ha)) / d2r;
}

Test(plume_solar, known_places_and_times)
{
    /* Chengdu (104.07° E, 30.67° N) at solar noon on the June solstice 2024
     * (2024-06-21 05:05 UTC = 1718946300): 90 − 30.67 + 23.44 = 82.77°. */
    ASSERT_NEAR(je_solar_elevation(104.07, 30.67, 1718946300), 82.77, 0.5);
    /* Against the Almanac algorithm at several places and times through the year. */
    static const struct {
        double lon, lat;
        int64_t t;
    } C[] = {
        {104.07, 30.67, 1705287600},  /* Chengdu 2024-01-15 03:00 UTC */
        {106.55, 29.56, 1711094400},  /* Chongqing 2024-03-22 08:00 UTC */
        {106.55, 29.56, 1727000000},  /* Chongqing 2024-09-22 10:13 UTC (late afternoon) */
        {104.07, 30.67, 1734746400},  /* Chengdu 2024-12-21 02:00 UTC */
        {-0.13, 51.51, 1688990400},   /* London 2023-07-10 12:00 UTC */
        {151.21, -33.87, 1672531200}, /* Sydney 2023-01-01 00:00 UTC */
        {-74.0, 40.7, 1700000000},    /* New York 2023-11-14 22:13 UTC */
    };
    for (size_t k = 0; k < sizeof C / sizeof C[0]; k++) {
        const double got = je_solar_elevation(C[k].lon, C[k].lat, C[k].t);
        const double want = aa_elevation(C[k].lon, C[k].lat, C[k].t);
        cr_expect(fabs(got - want) < 0.5, "lon %g lat %g t %lld: %g, expected %g", C[k].lon,
                  C[k].lat, (long long)C[k].t, got, want);
    }
    /* Night in Chengdu at 16:00 UTC (midnight local). */
    cr_expect(je_solar_elevation(104.07, 30.67, 1718985600) < -30);
}
