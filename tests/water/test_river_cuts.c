/* Required cuts (river.h, src/water/river_cuts.c) on a small network with a hand-computed
 * optimum. One reach, COD made conservative (k20 = 0) so that every contribution is
 * mass/flow: river 8.5 m3/s at 10 mg/L; three outfalls of 0.5 m3/s above section S at
 * the end: A (Sichuan, 200 mg/L), B (Chongqing, 100 mg/L), C (Sichuan, 100 mg/L).
 * At S (10 m3/s): background 8.5, A 10, B 5, C 5 → 28.5 mg/L; class III allows 20, so
 * 8.5 mg/L must go, i.e. 8.5 × 86.4 × 10 = 7344 kg/d whichever loads are cut (every
 * load is diluted alike). With costs A 1000, B 3000, C 2000 fen/t the cheapest is A
 * first: A entirely (10 mg/L > 8.5: f_A = 0.85), cost 7344 kg/d × 0.365 t·d/(kg·a) ×
 * 1000 = 2,680,560 fen/a. With one percentage per jurisdiction and the same costs,
 * a mg/L costs Sichuan (A+C, 15 mg/L for 8640 kg/d at 1000 and 4320 at 2000 fen/t)
 * 0.365 × 17.28e6/15 = 0.420e6 fen/a and Chongqing (B, 5 mg/L for 4320 kg/d at 3000)
 * 0.365 × 12.96e6/5 = 0.946e6: Sichuan alone, g = 8.5/15 on both its loads. Tolerance
 * 1e-6 relative (LP). The infeasible case: background 25 mg/L > 20. */
#include "jointenv/river.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

static void near(const char *what, double got, double want, double rel)
{
    cr_assert(fabs(got - want) <= 1e-9 + rel * fabs(want), "%s: %.12g, expected %.12g", what, got,
              want);
}

typedef struct fx {
    je_river_net *net;
    double q;
    je_river_month m;
    je_river_params p;
} fx;

static void add_load(je_river_net *n, const char *code, const char *owner, double x, double cod,
                     double bod)
{
    je_river_load_spec s;
    je_river_load_spec_init(&s);
    s.code = code;
    s.owner = owner;
    s.reach = "r";
    s.x_km = x;
    s.q_m3_s = 0.5;
    s.conc_mg_l[JE_RIVER_COD] = cod;
    s.conc_mg_l[JE_RIVER_BOD5] = bod;
    cr_assert_eq(je_river_net_add_load(n, &s, NULL, NULL), JE_OK);
}

static void build_bod(fx *f, double background_cod, const double bod[3])
{
    cr_assert_eq(je_river_net_new(&f->net, NULL), JE_OK);
    je_river_hydraulics h = je_river_hydraulics_none();
    h.u_m_s = 0.5;
    h.h_m = 2;
    je_river_reach_spec r = {"r", "A", "B", JE_REACH_CHANNEL, 30, h};
    cr_assert_eq(je_river_net_add_reach(f->net, &r, NULL, NULL), JE_OK);
    je_river_section_spec s = {"S", "r", 30, JE_WATERBODY_RIVER, JE_WQ_CLASS_III};
    cr_assert_eq(je_river_net_add_section(f->net, &s, NULL, NULL), JE_OK);
    add_load(f->net, "A", "510000", 5, 200, bod[0]);
    add_load(f->net, "B", "500000", 10, 100, bod[1]);
    add_load(f->net, "C", "510000", 20, 100, bod[2]);
    cr_assert_eq(je_river_net_validate(f->net, NULL, NULL), JE_OK);
    f->q = 8.5;
    je_river_month_init(&f->m);
    f->m.q_m3_s = &f->q;
    f->m.background_mg_l[JE_RIVER_COD] = background_cod;
    je_river_params_default(&f->p);
    f->p.k20_per_d[JE_RIVER_COD] = 0;
}

static void build(fx *f, double background_cod)
{
    const double bod[3] = {50, 25, 25};
    build_bod(f, background_cod, bod);
}

static const je_river_cut_target cod_iii = {0, JE_WQ_CLASS_NONE, 1u << JE_RIVER_COD};

Test(river_cuts, least_mass)
{
    fx f;
    build(&f, 10);
    je_river_cuts_result r;
    je_error e;
    cr_assert_eq(je_river_cuts(f.net, &f.m, &f.p, &cod_iii, 1, NULL, &r, &e), JE_OK, "%s",
                 e.message);
    cr_assert_eq(r.feasible, 1);
    near("total kg/d", r.total_cut_kg_d, 7344, 1e-6);
    near("COD after", r.after_mg_l[JE_RIVER_COD], 20, 1e-6);
    cr_assert(isnan(r.total_cost_fen_a));
    near("owners", r.owner_cut_kg_d[0 * JE_RIVER_NSUB] + r.owner_cut_kg_d[1 * JE_RIVER_NSUB], 7344,
         1e-6);
    for (size_t l = 0; l < 3; l++)
        cr_assert(r.frac[l * JE_RIVER_NSUB] >= 0 && r.frac[l * JE_RIVER_NSUB] <= 1);
    je_river_cuts_free(&r);
    je_river_net_free(f.net);
}

Test(river_cuts, least_cost_per_load)
{
    fx f;
    build(&f, 10);
    const int64_t cost[3] = {1000, 3000, 2000};
    je_river_cut_opts o = {JE_CUT_PER_LOAD, cost, 0};
    je_river_cuts_result r;
    je_error e;
    cr_assert_eq(je_river_cuts(f.net, &f.m, &f.p, &cod_iii, 1, &o, &r, &e), JE_OK, "%s", e.message);
    near("f_A", r.frac[0 * JE_RIVER_NSUB + JE_RIVER_COD], 0.85, 1e-6);
    near("f_B", r.frac[1 * JE_RIVER_NSUB + JE_RIVER_COD], 0, 1e-6);
    near("f_C", r.frac[2 * JE_RIVER_NSUB + JE_RIVER_COD], 0, 1e-6);
    near("cut A kg/d", r.cut_kg_d[0 * JE_RIVER_NSUB + JE_RIVER_COD], 0.85 * 8640, 1e-6);
    near("cost", r.total_cost_fen_a, 2680560, 1e-6);
    je_river_cuts_free(&r);
    je_river_net_free(f.net);
}

Test(river_cuts, equal_percentage_per_jurisdiction)
{
    fx f;
    build(&f, 10);
    const int64_t cost[3] = {1000, 3000, 2000};
    je_river_cut_opts o = {JE_CUT_EQUAL_PER_OWNER, cost, 0};
    je_river_cuts_result r;
    je_error e;
    cr_assert_eq(je_river_cuts(f.net, &f.m, &f.p, &cod_iii, 1, &o, &r, &e), JE_OK, "%s", e.message);
    double g = 8.5 / 15;
    near("f_A", r.frac[0 * JE_RIVER_NSUB], g, 1e-6);
    near("f_C = f_A", r.frac[2 * JE_RIVER_NSUB], g, 1e-6);
    near("f_B", r.frac[1 * JE_RIVER_NSUB], 0, 1e-6);
    size_t sc;
    cr_assert_eq(je_river_net_find_owner(f.net, "510000", &sc), JE_OK);
    near("Sichuan kg/d", r.owner_cut_kg_d[sc * JE_RIVER_NSUB], g * (8640 + 4320), 1e-6);
    near("COD after", r.after_mg_l[JE_RIVER_COD], 20, 1e-6);
    je_river_cuts_free(&r);
    je_river_net_free(f.net);
}

/* Already within the target: no cut. */
Test(river_cuts, nothing_to_cut)
{
    fx f;
    build(&f, 10);
    je_river_cut_target t = {0, JE_WQ_CLASS_V, 1u << JE_RIVER_COD}; /* V allows 40 */
    je_river_cuts_result r;
    cr_assert_eq(je_river_cuts(f.net, &f.m, &f.p, &t, 1, NULL, &r, NULL), JE_OK);
    cr_assert_eq(r.total_cut_kg_d, 0);
    near("COD", r.after_mg_l[JE_RIVER_COD], 28.5, 1e-12);
    je_river_cuts_free(&r);
    je_river_net_free(f.net);
}

/* DO target: BOD5 cuts raise DO to the class minimum. Checked with the model itself:
 * the network rebuilt with each load's BOD5 times (1 − f) gives DO 5.0 at S. */
Test(river_cuts, dissolved_oxygen_through_bod)
{
    fx f;
    const double bod[3] = {400, 300, 350};
    build_bod(&f, 10, bod);
    je_river_result res;
    cr_assert_eq(je_river_model_run(f.net, &f.m, &f.p, &res, NULL), JE_OK);
    double do_now = res.sections[0].conc_mg_l[JE_RIVER_DO];
    je_river_result_free(&res);
    cr_assert(do_now < 5 && do_now > 2, "DO %g", do_now);
    je_river_cut_target t = {0, JE_WQ_CLASS_III, 1u << JE_RIVER_DO};
    je_river_cuts_result r;
    je_error e;
    cr_assert_eq(je_river_cuts(f.net, &f.m, &f.p, &t, 1, NULL, &r, &e), JE_OK, "%s", e.message);
    near("DO after", r.after_mg_l[JE_RIVER_DO], 5.0, 1e-6);
    cr_assert_gt(r.total_cut_kg_d, 0);
    double cut_bod[3];
    for (size_t l = 0; l < 3; l++) {
        cr_assert_eq(r.frac[l * JE_RIVER_NSUB + JE_RIVER_COD], 0);
        cut_bod[l] = bod[l] * (1 - r.frac[l * JE_RIVER_NSUB + JE_RIVER_BOD5]);
    }
    fx g;
    build_bod(&g, 10, cut_bod);
    cr_assert_eq(je_river_model_run(g.net, &g.m, &g.p, &res, NULL), JE_OK);
    near("DO by the model", res.sections[0].conc_mg_l[JE_RIVER_DO], 5.0, 1e-6);
    je_river_result_free(&res);
    je_river_net_free(g.net);
    je_river_cuts_free(&r);
    je_river_net_free(f.net);
}

Test(river_cuts, infeasible_background_is_named)
{
    fx f;
    build(&f, 25 / 0.85); /* 25 mg/L at S after dilution */
    je_river_cuts_result r;
    je_error e;
    cr_assert_eq(je_river_cuts(f.net, &f.m, &f.p, &cod_iii, 1, NULL, &r, &e), JE_EDATA);
    cr_assert_eq(r.feasible, 0);
    cr_assert_eq(r.n_issues, 1);
    cr_assert_eq(r.issues[0].sub, JE_RIVER_COD);
    near("floor", r.issues[0].floor_mg_l, 25, 1e-12);
    near("limit", r.issues[0].limit_mg_l, 20, 0);
    cr_assert(strstr(e.message, "section S") && strstr(e.message, "cod") &&
                  strstr(e.message, "background"),
              "%s", e.message);
    je_river_cuts_free(&r);
    je_river_net_free(f.net);
}

Test(river_cuts, bad_target)
{
    fx f;
    build(&f, 10);
    je_river_cut_target t = {7, JE_WQ_CLASS_III, 0};
    je_river_cuts_result r;
    je_error e;
    cr_assert_eq(je_river_cuts(f.net, &f.m, &f.p, &t, 1, NULL, &r, &e), JE_EINVAL);
    je_river_cuts_free(&r);
    je_river_net_free(f.net);
}
