/* The single-reach formulas of the river model (river.h, src/water/streeter_phelps.c):
 * Streeter–Phelps deficit and critical point, reaeration formulas, DO saturation,
 * temperature correction.
 *
 * Published worked example (MASTERS): Masters & Ela, Introduction to Environmental
 * Engineering and Science, 3rd ed. (2008), ch. 5 (the oxygen sag of a treatment plant's
 * effluent, 1.1 m3/s with BOD_u 50 mg/L and DO 2 mg/L, into a river of 8.7 m3/s with
 * BOD_u 6 mg/L and DO 8.3 mg/L, 20 C, kd 0.2/d, velocity 0.30 m/s, depth 3.0 m). The
 * book mixes to L0 = 10.9 mg/L and DO 7.6 mg/L, takes DO_sat 9.1 (so D0 = 1.5 mg/L),
 * ka = 3.9 u^0.5/H^1.5 = 0.41/d (O'Connor-Dobbins), and finds t_c = 2.67 d, x_c = 69 km,
 * D_c = 3.1 mg/L, minimum DO 6.0 mg/L. We feed the book's rounded inputs and check its
 * rounded answers to half a unit of their last digit (x_c ±0.5 km, D_c and DO
 * ±0.05 mg/L), t_c to ±0.01 d (we get 2.6751; the book rounds intermediate values); from the
 * unrounded inputs (mixing done here, ka by our formula with 3.93, Cs by Benson-Krause) the answers
 * move by less than the book's rounding, checked to ±0.03 d, ±1 km, ±0.05 mg/L. DO saturation: APHA
 * Standard Methods 4500-O Table 4500-O:I (Benson & Krause), fresh water at 1 atm: 0 C 14.621, 10
 * C 11.288, 20 C 9.092, 30 C 7.559 mg/L (±0.0006, the table's rounding). Reaeration: hand values of
 * the formulas in river.h (computed with Python's math). */
#include "jointenv/river.h"

#include <criterion/criterion.h>
#include <math.h>

static void near(const char *what, double got, double want, double abs_tol, double rel_tol)
{
    cr_assert(fabs(got - want) <= abs_tol + rel_tol * fabs(want),
              "%s: %.15g, expected %.15g (tolerance abs %g rel %g)", what, got, want, abs_tol,
              rel_tol);
}

Test(streeter_phelps, masters_ela_example_rounded_inputs)
{
    double tc, dc;
    cr_assert_eq(je_river_sp_critical(10.9, 1.5, 0.2, 0.2, 0.41, &tc, &dc, NULL), JE_OK);
    near("t_c", tc, 2.67, 0.01, 0);
    near("x_c", 0.30 * 86.4 * tc, 69, 0.5, 0);
    near("D_c", dc, 3.1, 0.05, 0);
    near("DO_min", 9.1 - dc, 6.0, 0.05, 0);
    /* D_c from the critical-point identity equals the deficit equation at t_c */
    near("D(t_c)", je_river_sp_deficit(10.9, 1.5, 0.2, 0.2, 0.41, tc), dc, 0, 1e-12);
}

Test(streeter_phelps, masters_ela_example_from_raw_inputs)
{
    double q = 1.1 + 8.7;
    double l0 = (1.1 * 50 + 8.7 * 6) / q, dox = (1.1 * 2 + 8.7 * 8.3) / q;
    double cs = je_river_do_sat(20, 0), ka = je_river_ka20(JE_REAER_OCONNOR_DOBBINS, 0.30, 3.0);
    near("ka", ka, 0.41, 0.005, 0);
    double tc, dc;
    cr_assert_eq(je_river_sp_critical(l0, cs - dox, 0.2, 0.2, ka, &tc, &dc, NULL), JE_OK);
    near("t_c", tc, 2.67, 0.03, 0);
    near("x_c", 0.30 * 86.4 * tc, 69, 1, 0);
    near("D_c", dc, 3.1, 0.05, 0);
    near("DO_min", cs - dc, 6.0, 0.05, 0);
}

/* The deficit is the maximum at t_c: a little before and after it is lower. */
Test(streeter_phelps, critical_point_is_the_maximum)
{
    const double cases[][5] = {{10.9, 1.5, 0.2, 0.2, 0.41},
                               {20, 0, 0.3, 0.35, 0.25}, /* ka < kr */
                               {50, 0, 0.3, 0.3, 0.9},
                               {8, 2, 0.25, 0.4, 0.6}}; /* kr > kd (settling) */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const double *c = cases[i];
        double tc, dc;
        cr_assert_eq(je_river_sp_critical(c[0], c[1], c[2], c[3], c[4], &tc, &dc, NULL), JE_OK);
        cr_assert_gt(tc, 0);
        double before = je_river_sp_deficit(c[0], c[1], c[2], c[3], c[4], tc * 0.99);
        double after = je_river_sp_deficit(c[0], c[1], c[2], c[3], c[4], tc * 1.01);
        cr_assert(before < dc && after < dc, "case %zu: D(0.99 tc) %g, D_c %g, D(1.01 tc) %g", i,
                  before, dc, after);
        near("D(t_c)", je_river_sp_deficit(c[0], c[1], c[2], c[3], c[4], tc), dc, 0, 1e-12);
    }
}

/* Problem with a clean closed form: D0 = 0, kd = kr = 0.3, ka = 0.9 → t_c = ln 3/0.6,
 * D_c = (0.3/0.9)·50·e^(−0.3 t_c) = (50/3)·3^(−1/2). */
Test(streeter_phelps, closed_form_case)
{
    double tc, dc;
    cr_assert_eq(je_river_sp_critical(50, 0, 0.3, 0.3, 0.9, &tc, &dc, NULL), JE_OK);
    near("t_c", tc, log(3.0) / 0.6, 0, 1e-14);
    near("D_c", dc, 50.0 / 3.0 / sqrt(3.0), 0, 1e-13);
}

/* ka = kr: the limit formulas D = (kd L0 t + D0) e^(−ka t), t_c = 1/ka − D0/(kd L0);
 * and continuity as ka → kr from either side. */
Test(streeter_phelps, ka_equal_kr)
{
    double l0 = 10, d0 = 1, k = 0.3, t = 2.5;
    near("D(t)", je_river_sp_deficit(l0, d0, k, k, k, t), (k * l0 * t + d0) * exp(-k * t), 0,
         1e-14);
    double tc, dc;
    cr_assert_eq(je_river_sp_critical(l0, d0, k, k, k, &tc, &dc, NULL), JE_OK);
    near("t_c", tc, 1 / k - d0 / (k * l0), 0, 1e-14);
    near("D_c", dc, (k * l0 * tc + d0) * exp(-k * tc), 0, 1e-13);
    for (int s = -1; s <= 1; s += 2) {
        double ka = k * (1 + s * 1e-9), tc2, dc2;
        cr_assert_eq(je_river_sp_critical(l0, d0, k, k, ka, &tc2, &dc2, NULL), JE_OK);
        near("t_c near ka = kr", tc2, tc, 0, 1e-8);
        near("D_c near ka = kr", dc2, dc, 0, 1e-8);
        near("D near ka = kr", je_river_sp_deficit(l0, d0, k, k, ka, t),
             je_river_sp_deficit(l0, d0, k, k, k, t), 0, 1e-8);
    }
}

/* D0 at or past the critical deficit: the deficit only falls, t_c = 0, D_c = D0. */
Test(streeter_phelps, initial_deficit_past_critical)
{
    double tc, dc;
    /* kd L0 = 2 = ka D0: exactly at the critical point */
    cr_assert_eq(je_river_sp_critical(10, 5, 0.2, 0.2, 0.4, &tc, &dc, NULL), JE_OK);
    cr_assert(tc == 0 && dc == 5, "t_c %g D_c %g", tc, dc);
    cr_assert_eq(je_river_sp_critical(10, 8, 0.2, 0.2, 0.4, &tc, &dc, NULL), JE_OK);
    cr_assert(tc == 0 && dc == 8, "t_c %g D_c %g", tc, dc);
    /* no BOD at all */
    cr_assert_eq(je_river_sp_critical(0, 2, 0.2, 0.2, 0.4, &tc, &dc, NULL), JE_OK);
    cr_assert(tc == 0 && dc == 2);
    /* past critical with ka < kr too */
    cr_assert_eq(je_river_sp_critical(10, 8, 0.2, 0.5, 0.3, &tc, &dc, NULL), JE_OK);
    cr_assert(tc == 0 && dc == 8);
}

Test(streeter_phelps, ka_below_kd_rises_further)
{
    /* With ka < kd the sag is deeper and later than with the rates swapped. */
    double t1, d1, t2, d2;
    cr_assert_eq(je_river_sp_critical(20, 0, 0.4, 0.4, 0.2, &t1, &d1, NULL), JE_OK);
    cr_assert_eq(je_river_sp_critical(20, 0, 0.2, 0.2, 0.4, &t2, &d2, NULL), JE_OK);
    /* D0 = 0: t_c = ln(ka/kd)/(ka − kd) is symmetric in the two rates */
    near("t_c symmetric", t1, t2, 0, 1e-13);
    near("t_c", t1, log(2.0) / 0.2, 0, 1e-13);
    cr_assert_gt(d1, d2);
}

Test(streeter_phelps, bad_arguments)
{
    je_error e;
    cr_assert_eq(je_river_sp_critical(-1, 0, 0.2, 0.2, 0.4, NULL, NULL, &e), JE_EINVAL);
    cr_assert_eq(je_river_sp_critical(1, 0, 0.2, 0.2, 0, NULL, NULL, &e), JE_EINVAL);
    cr_assert(strstr(e.message, "ka") != NULL, "%s", e.message);
    cr_assert_eq(je_river_sp_critical(NAN, 0, 0.2, 0.2, 0.4, NULL, NULL, &e), JE_EINVAL);
    cr_assert(isnan(je_river_sp_deficit(1, 0, 0.2, 0.2, 0, 1)));
    cr_assert(isnan(je_river_sp_deficit(1, 0, 0.2, 0.2, 0.4, -1)));
}

Test(streeter_phelps, reaeration_formulas)
{
    near("O'Connor-Dobbins", je_river_ka20(JE_REAER_OCONNOR_DOBBINS, 0.3, 3.0), 0.41425837348205763,
         0, 1e-14);
    near("Churchill", je_river_ka20(JE_REAER_CHURCHILL, 1.0, 2.0), 1.5794373050866775, 0, 1e-14);
    near("Owens-Gibbs", je_river_ka20(JE_REAER_OWENS_GIBBS, 0.5, 0.5), 12.0538845395473, 0, 1e-13);
    cr_assert(isnan(je_river_ka20(JE_REAER_FIXED, 1, 1)));
    cr_assert(isnan(je_river_ka20(JE_REAER_CHURCHILL, 1, 0)));
    /* temperature: ka(25) = ka20·1.024^5 */
    near("ka(25)", je_river_rate_at(0.5, 1.024, 25), 0.5 * pow(1.024, 5), 0, 1e-15);
    je_reaeration f;
    cr_assert_eq(je_reaeration_parse("Owens", &f, NULL), JE_OK);
    cr_assert_eq(f, JE_REAER_OWENS_GIBBS);
    cr_assert_str_eq(je_reaeration_name(JE_REAER_CHURCHILL), "churchill");
    cr_assert_eq(je_reaeration_parse("tsivoglou", &f, NULL), JE_EINVAL);
}

Test(streeter_phelps, do_saturation_apha_table)
{
    near("Cs(0)", je_river_do_sat(0, 0), 14.621, 0.0006, 0);
    near("Cs(10)", je_river_do_sat(10, 0), 11.288, 0.0006, 0);
    near("Cs(20)", je_river_do_sat(20, 0), 9.092, 0.0006, 0);
    near("Cs(30)", je_river_do_sat(30, 0), 7.559, 0.0006, 0);
    /* elevation lowers it: 1000 m → e^(−0.1148) */
    near("Cs(20, 1000 m)", je_river_do_sat(20, 1000), je_river_do_sat(20, 0) * exp(-0.1148), 0,
         1e-14);
    cr_assert(isnan(je_river_do_sat(60, 0)));
    cr_assert(isnan(je_river_do_sat(NAN, 0)));
}

Test(streeter_phelps, substance_codes)
{
    cr_assert_str_eq(je_river_sub_code(JE_RIVER_NH3N), "nh3n");
    cr_assert_eq(je_river_sub_item(JE_RIVER_CODMN), JE_WQ_CODMN);
    cr_assert_eq(je_river_sub_item(JE_RIVER_DO), JE_WQ_DO);
    je_river_sub s;
    cr_assert_eq(je_river_sub_find("BOD5", 4, &s), JE_OK);
    cr_assert_eq(s, JE_RIVER_BOD5);
    cr_assert_eq(je_river_sub_find("tn", 2, &s), JE_ENOTFOUND);
}
