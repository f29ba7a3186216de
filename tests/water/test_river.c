/* The river network and the transport model (river.h; src/water/network.c, river.c):
 * validation with the reason named, decay along one reach against the analytic
 * solution, the Streeter–Phelps sag along a reach against the closed form, mass balance
 * at confluences and point loads, distributed loads against the closed form (and the
 * distributed-BOD deficit against a numerical integration), diversions and
 * withdrawals, classification of the sections by GB 3838. Tolerances: 1e-12 relative
 * where the same closed form is evaluated, 1e-7 against the RK4 integration. */
#include "jointenv/river.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void near(const char *what, double got, double want, double abs_tol, double rel_tol)
{
    cr_assert(fabs(got - want) <= abs_tol + rel_tol * fabs(want),
              "%s: %.15g, expected %.15g (tolerance abs %g rel %g)", what, got, want, abs_tol,
              rel_tol);
}

static je_river_hydraulics hyd(double u, double h)
{
    je_river_hydraulics y = je_river_hydraulics_none();
    y.u_m_s = u;
    y.h_m = h;
    return y;
}

static size_t reach(je_river_net *n, const char *code, const char *from, const char *to,
                    je_reach_kind kind, double len, double u, double h)
{
    je_river_reach_spec s = {code, from, to, kind, len, hyd(u, h)};
    size_t i;
    je_error e;
    cr_assert_eq(je_river_net_add_reach(n, &s, &i, &e), JE_OK, "%s", e.message);
    return i;
}

static size_t section(je_river_net *n, const char *code, const char *r, double x)
{
    je_river_section_spec s = {code, r, x, JE_WATERBODY_RIVER, JE_WQ_CLASS_III};
    size_t i;
    je_error e;
    cr_assert_eq(je_river_net_add_section(n, &s, &i, &e), JE_OK, "%s", e.message);
    return i;
}

static size_t point_load(je_river_net *n, const char *code, const char *owner, const char *r,
                         double x, double q, const double conc[JE_RIVER_NSUB])
{
    je_river_load_spec s;
    je_river_load_spec_init(&s);
    s.code = code;
    s.owner = owner;
    s.reach = r;
    s.x_km = x;
    s.q_m3_s = q;
    memcpy(s.conc_mg_l, conc, sizeof s.conc_mg_l);
    size_t i;
    je_error e;
    cr_assert_eq(je_river_net_add_load(n, &s, &i, &e), JE_OK, "%s", e.message);
    return i;
}

static void validate_ok(je_river_net *n)
{
    je_error e;
    je_diag d;
    je_diag_init(&d, 0);
    je_status st = je_river_net_validate(n, &d, &e);
    cr_assert_eq(st, JE_OK, "%s (%zu problems)", e.message, d.total);
    je_diag_free(&d);
}

/* Validation fails, and some problem's message holds every needle. */
static void validate_fails(je_river_net *n, const char *const *needles)
{
    je_error e;
    je_diag d;
    je_diag_init(&d, 0);
    cr_assert_eq(je_river_net_validate(n, &d, &e), JE_EDATA);
    cr_assert_gt(d.count, 0);
    int found = 0;
    for (size_t i = 0; i < d.count && !found; i++) {
        int all = 1;
        for (size_t k = 0; needles[k]; k++)
            all &= strstr(d.items[i].message, needles[k]) != NULL;
        found = all;
    }
    if (!found) {
        for (size_t i = 0; i < d.count; i++)
            cr_log_error("problem: %s", d.items[i].message);
        cr_assert_fail("no problem names all of '%s' …", needles[0]);
    }
    cr_assert_eq(je_river_net_is_valid(n), 0);
    je_diag_free(&d);
}

static const double no_conc[JE_RIVER_NSUB] = {NAN, NAN, NAN, NAN, NAN, NAN};

/* ---- validation ------------------------------------------------------------ */

Test(river_net, rejects_a_cycle)
{
    je_river_net *n;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    reach(n, "r1", "A", "B", JE_REACH_CHANNEL, 10, 0.5, 1);
    reach(n, "r2", "B", "C", JE_REACH_CHANNEL, 10, 0.5, 1);
    reach(n, "r3", "C", "A", JE_REACH_DIVERSION, 10, 0.5, 1);
    reach(n, "r4", "C", "D", JE_REACH_CHANNEL, 10, 0.5, 1);
    validate_fails(n, (const char *const[]){"cycle", "A", "B", "C", NULL});
    je_river_net_free(n);
}

Test(river_net, rejects_a_self_loop)
{
    je_river_net *n;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    reach(n, "r1", "A", "A", JE_REACH_DIVERSION, 10, 0.5, 1);
    reach(n, "r2", "A", "B", JE_REACH_CHANNEL, 10, 0.5, 1);
    validate_fails(n, (const char *const[]){"reach r1", "to itself", NULL});
    je_river_net_free(n);
}

Test(river_net, rejects_disconnected_pieces)
{
    je_river_net *n;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    reach(n, "r1", "A", "B", JE_REACH_CHANNEL, 10, 0.5, 1);
    reach(n, "r2", "B", "OUT", JE_REACH_CHANNEL, 10, 0.5, 1);
    reach(n, "r3", "X", "Y", JE_REACH_CHANNEL, 10, 0.5, 1);
    cr_assert_eq(je_river_net_add_node(n, "LONE", NULL, NULL), JE_OK);
    validate_fails(n, (const char *const[]){"node Y", "disconnected", "outlet OUT", NULL});
    validate_fails(n, (const char *const[]){"node LONE", "not connected", NULL});
    je_river_net_free(n);
}

Test(river_net, rejects_bad_lengths_and_places)
{
    je_river_net *n;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    reach(n, "r1", "A", "B", JE_REACH_CHANNEL, -3, 0.5, 1);
    reach(n, "r2", "B", "C", JE_REACH_CHANNEL, 10, 0.5, 1);
    section(n, "S1", "r2", 12.5);
    section(n, "S2", "r2", 10.0); /* at the end: fine */
    point_load(n, "L1", "510000", "r2", -1, 0.1, no_conc);
    validate_fails(n, (const char *const[]){"reach r1", "length -3", NULL});
    validate_fails(n, (const char *const[]){"section S1", "km 12.5", "off reach r2", NULL});
    validate_fails(n, (const char *const[]){"load L1", "off reach r2", NULL});
    je_river_net_free(n);
}

Test(river_net, rejects_two_channels_out_of_a_node_and_missing_velocity)
{
    je_river_net *n;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    reach(n, "r1", "A", "B", JE_REACH_CHANNEL, 10, 0.5, 1);
    reach(n, "r2", "A", "C", JE_REACH_CHANNEL, 10, 0.5, 1);
    reach(n, "r3", "C", "B", JE_REACH_CHANNEL, 10, NAN, 1);
    validate_fails(n, (const char *const[]){"node A", "two channels", NULL});
    validate_fails(n, (const char *const[]){"reach r3", "no velocity", NULL});
    je_river_net_free(n);
}

Test(river_net, add_errors)
{
    je_river_net *n;
    je_error e;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    reach(n, "r1", "A", "B", JE_REACH_CHANNEL, 10, 0.5, 1);
    je_river_reach_spec s = {"r1", "B", "C", JE_REACH_CHANNEL, 5, hyd(1, 1)};
    cr_assert_eq(je_river_net_add_reach(n, &s, NULL, &e), JE_ECONFLICT);
    s.code = "w1";
    s.kind = JE_REACH_WITHDRAWAL;
    cr_assert_eq(je_river_net_add_reach(n, &s, NULL, &e), JE_EINVAL);
    cr_assert(strstr(e.message, "withdrawal") != NULL, "%s", e.message);
    je_river_section_spec sec = {"S", "nope", 1, JE_WATERBODY_RIVER, JE_WQ_CLASS_III};
    cr_assert_eq(je_river_net_add_section(n, &sec, NULL, &e), JE_ENOTFOUND);
    cr_assert(strstr(e.message, "nope") != NULL, "%s", e.message);
    je_river_net_free(n);
}

Test(river_net, lookups_and_order)
{
    je_river_net *n;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    reach(n, "down", "C", "D", JE_REACH_CHANNEL, 10, 0.5, 1);
    reach(n, "left", "A", "C", JE_REACH_CHANNEL, 10, 0.5, 1);
    reach(n, "right", "B", "C", JE_REACH_CHANNEL, 10, 0.5, 1);
    point_load(n, "L", "500000", "left", 1, 0.1, no_conc);
    validate_ok(n);
    size_t i, order[3], outlet;
    cr_assert_eq(je_river_net_find_reach(n, "right", &i), JE_OK);
    cr_assert_eq(i, 2);
    cr_assert_eq(je_river_net_find_reach(n, "nope", &i), JE_ENOTFOUND);
    cr_assert_eq(je_river_net_outlet(n, &outlet), JE_OK);
    cr_assert_str_eq(je_river_net_node_code(n, outlet), "D");
    cr_assert_eq(je_river_net_order(n, order), JE_OK);
    cr_assert_eq(order[2], 0, "the reach below the confluence comes last");
    cr_assert_eq(je_river_net_owner_count(n), 1);
    cr_assert_str_eq(je_river_net_owner_code(n, je_river_net_load_owner(n, 0)), "500000");
    je_river_net_free(n);
}

/* ---- transport --------------------------------------------------------------- */

static je_river_params params_od(void)
{
    je_river_params p;
    je_river_params_default(&p);
    return p;
}

/* One reach, headwater concentrations, sections along it: each substance decays as
 * C0·e^(−k(T)·t) with t = x/u, and the deficit follows Streeter–Phelps from L0 =
 * ratio·BOD5 with ka by O'Connor–Dobbins at T. */
Test(river_model, decay_along_one_reach_is_analytic)
{
    je_river_net *n;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    reach(n, "r", "A", "B", JE_REACH_CHANNEL, 100, 0.4, 2.0);
    const double xs[] = {0, 10, 37.5, 100};
    for (size_t i = 0; i < 4; i++) {
        char code[8];
        snprintf(code, sizeof code, "S%zu", i);
        section(n, code, "r", xs[i]);
    }
    validate_ok(n);
    double q = 50;
    je_river_month m;
    je_river_month_init(&m);
    m.q_m3_s = &q;
    m.temp_c_all = 25;
    const double c0[JE_RIVER_NSUB] = {20, 6, 1.2, 0.3, 8, 6.5};
    memcpy(m.background_mg_l, c0, sizeof c0);
    je_river_params p = params_od();
    je_river_result res;
    je_error e;
    cr_assert_eq(je_river_model_run(n, &m, &p, &res, &e), JE_OK, "%s", e.message);
    double cs = je_river_do_sat(25, 0);
    double ka = je_river_rate_at(je_river_ka20(JE_REAER_OCONNOR_DOBBINS, 0.4, 2.0), 1.024, 25);
    double kd = je_river_rate_at(p.k20_per_d[JE_RIVER_BOD5], p.theta_kd, 25);
    for (size_t i = 0; i < 4; i++) {
        double t = xs[i] / (0.4 * 86.4);
        for (int s = 0; s < JE_RIVER_DO; s++) {
            double k = je_river_rate_at(p.k20_per_d[s], p.theta[s], 25);
            near(je_river_sub_code((je_river_sub)s), res.sections[i].conc_mg_l[s],
                 c0[s] * exp(-k * t), 1e-15, 1e-12);
        }
        double d = je_river_sp_deficit(p.bod_u_ratio * 8, cs - 6.5, kd, kd, ka, t);
        near("deficit", res.sections[i].deficit_mg_l, d, 1e-14, 1e-12);
        near("DO", res.sections[i].conc_mg_l[JE_RIVER_DO], cs - d, 1e-14, 1e-12);
        near("Q", res.sections[i].q_m3_s, 50, 0, 0);
    }
    /* the reach's critical point: the closed form */
    double tc, dc;
    cr_assert_eq(je_river_sp_critical(p.bod_u_ratio * 8, cs - 6.5, kd, kd, ka, &tc, &dc, NULL),
                 JE_OK);
    cr_assert_lt(tc * 0.4 * 86.4, 100);
    near("crit t", res.reaches[0].crit_t_d, tc, 0, 1e-10);
    near("crit x", res.reaches[0].crit_x_km, tc * 0.4 * 86.4, 0, 1e-10);
    near("crit DO", res.reaches[0].crit_do_mg_l, cs - dc, 0, 1e-10);
    near("network crit DO", res.crit_do_mg_l, cs - dc, 0, 1e-10);
    near("travel", res.reaches[0].travel_d, 100 / (0.4 * 86.4), 0, 1e-14);
    je_river_result_free(&res);
    je_river_net_free(n);
}

/* Confluence: complete mixing, flow-weighted; unequal temperatures mix DO (not the
 * deficit); a surplus leaving the node is lateral inflow at the background. */
Test(river_model, mass_balance_at_a_confluence)
{
    je_river_net *n;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    reach(n, "a", "A", "C", JE_REACH_CHANNEL, 20, 0.5, 1.5);
    reach(n, "b", "B", "C", JE_REACH_CHANNEL, 30, 0.5, 1.5);
    reach(n, "c", "C", "D", JE_REACH_CHANNEL, 40, 0.5, 1.5);
    section(n, "end_a", "a", 20);
    section(n, "end_b", "b", 30);
    section(n, "top_c", "c", 0);
    validate_ok(n);
    double q[3] = {10, 30, 45}; /* 5 m3/s lateral at C */
    double temp[3] = {15, 25, 20};
    double inflow[4 * JE_RIVER_NSUB];
    for (size_t i = 0; i < 4 * JE_RIVER_NSUB; i++)
        inflow[i] = NAN;
    const double ca[JE_RIVER_NSUB] = {30, 8, 2, 0.4, 6, 7};
    const double cb[JE_RIVER_NSUB] = {10, 3, 0.5, 0.1, 2, 8};
    memcpy(inflow + 0 * JE_RIVER_NSUB, ca, sizeof ca); /* node A (index 0) */
    memcpy(inflow + 2 * JE_RIVER_NSUB, cb, sizeof cb); /* node B (index 2) */
    je_river_month m;
    je_river_month_init(&m);
    m.q_m3_s = q;
    m.temp_c = temp;
    m.inflow_mg_l = inflow;
    const double bg[JE_RIVER_NSUB] = {5, 2, 0.2, 0.05, 1, 9};
    memcpy(m.background_mg_l, bg, sizeof bg);
    je_river_params p = params_od();
    je_river_result res;
    je_error e;
    cr_assert_eq(je_river_model_run(n, &m, &p, &res, &e), JE_OK, "%s", e.message);
    const je_river_section_result *A = &res.sections[0], *B = &res.sections[1],
                                  *C = &res.sections[2];
    for (int s = 0; s < JE_RIVER_NSUB; s++) {
        double mixed = (10 * A->conc_mg_l[s] + 30 * B->conc_mg_l[s] + 5 * bg[s]) / 45;
        near(je_river_sub_code((je_river_sub)s), C->conc_mg_l[s], mixed, 1e-14, 1e-12);
    }
    near("deficit below", C->deficit_mg_l, je_river_do_sat(20, 0) - C->conc_mg_l[JE_RIVER_DO],
         1e-14, 1e-12);
    near("lateral", res.node_lateral_m3_s[1], 5, 0, 1e-15);
    near("Q", C->q_m3_s, 45, 0, 0);
    je_river_result_free(&res);
    je_river_net_free(n);
}

/* A point load mixes flow-weighted into the stretch below it (a section at the same
 * place is below it); its discharge adds to the flow. A loss at a node (less leaving
 * than arriving) keeps the concentration. */
Test(river_model, point_load_mixing_and_node_loss)
{
    je_river_net *n;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    reach(n, "r", "A", "B", JE_REACH_CHANNEL, 10, 0.5, 1.5);
    reach(n, "s", "B", "C", JE_REACH_CHANNEL, 10, 0.5, 1.5);
    section(n, "above", "r", 4);
    section(n, "below", "r", 5);
    section(n, "end", "r", 10);
    section(n, "next", "s", 0);
    const double cl[JE_RIVER_NSUB] = {200, 60, 25, 3, 80, 2};
    point_load(n, "L", "510000", "r", 5, 2, cl);
    validate_ok(n);
    double q[2] = {18, 15}; /* 20 arrive at B, 15 leave: 5 lost */
    je_river_month m;
    je_river_month_init(&m);
    m.q_m3_s = q;
    const double bg[JE_RIVER_NSUB] = {10, 3, 0.3, 0.1, 2, NAN};
    memcpy(m.background_mg_l, bg, sizeof bg);
    je_river_params p = params_od();
    je_river_result res;
    je_error e;
    cr_assert_eq(je_river_model_run(n, &m, &p, &res, &e), JE_OK, "%s", e.message);
    double cs = je_river_do_sat(20, 0);
    for (int s = 0; s < JE_RIVER_DO; s++) {
        double k = p.k20_per_d[s], t1 = 5 / (0.5 * 86.4);
        double above = bg[s] * exp(-k * t1);
        double below = (18 * above + 2 * cl[s]) / 20;
        near("mixed", res.sections[1].conc_mg_l[s], below, 1e-14, 1e-12);
        near("next", res.sections[3].conc_mg_l[s], res.sections[2].conc_mg_l[s], 1e-14, 1e-12);
    }
    /* the headwater is saturated (NAN DO), the discharge carries a deficit cs − 2 */
    double d_above = res.sections[0].deficit_mg_l;
    double d_at5 =
        je_river_sp_deficit(p.bod_u_ratio * bg[JE_RIVER_BOD5], 0, p.k20_per_d[4], p.k20_per_d[4],
                            je_river_ka20(JE_REAER_OCONNOR_DOBBINS, 0.5, 1.5), 5 / (0.5 * 86.4));
    cr_assert_gt(d_above, 0);
    near("deficit below", res.sections[1].deficit_mg_l, (18 * d_at5 + 2 * (cs - 2)) / 20, 1e-14,
         1e-12);
    near("Q below", res.sections[1].q_m3_s, 20, 0, 1e-15);
    near("loss", res.node_lateral_m3_s[1], -5, 0, 1e-15);
    je_river_result_free(&res);
    je_river_net_free(n);
}

/* A diffuse load w kg/(d km) over a stretch: C = S/k (1 − e^(−k t)) with S = w u/Q, and
 * the deficit of distributed BOD against an RK4 integration of dL/dt = −kr L + SL,
 * dD/dt = kd L − ka D. */
static void rk4(double kr, double kd, double ka, double sl, double t, double *l, double *d)
{
    int n = 20000;
    double h = t / n, L = *l, D = *d;
    for (int i = 0; i < n; i++) {
        double l1 = -kr * L + sl, d1 = kd * L - ka * D;
        double l2 = -kr * (L + h / 2 * l1) + sl, d2 = kd * (L + h / 2 * l1) - ka * (D + h / 2 * d1);
        double l3 = -kr * (L + h / 2 * l2) + sl, d3 = kd * (L + h / 2 * l2) - ka * (D + h / 2 * d2);
        double l4 = -kr * (L + h * l3) + sl, d4 = kd * (L + h * l3) - ka * (D + h * d3);
        L += h / 6 * (l1 + 2 * l2 + 2 * l3 + l4);
        D += h / 6 * (d1 + 2 * d2 + 2 * d3 + d4);
    }
    *l = L;
    *d = D;
}

Test(river_model, diffuse_load_closed_form_and_ode)
{
    je_river_net *n;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    reach(n, "r", "A", "B", JE_REACH_CHANNEL, 60, 0.3, 1.2);
    section(n, "mid", "r", 30);
    section(n, "end", "r", 60);
    je_river_load_spec s;
    je_river_load_spec_init(&s);
    s.code = "farm";
    s.owner = "500000";
    s.kind = JE_LOAD_DIFFUSE;
    s.reach = "r";
    s.x_km = 10;
    s.x_end_km = 40;
    const double w[JE_RIVER_NSUB] = {500, 100, 40, 8, 200, NAN};
    memcpy(s.w_kg_d_km, w, sizeof w);
    cr_assert_eq(je_river_net_add_load(n, &s, NULL, NULL), JE_OK);
    validate_ok(n);
    double q = 12;
    je_river_month m;
    je_river_month_init(&m);
    m.q_m3_s = &q;
    m.temp_c_all = 20;
    for (int i = 0; i < JE_RIVER_NSUB; i++)
        m.background_mg_l[i] = 0;
    m.background_mg_l[JE_RIVER_DO] = NAN;
    je_river_params p = params_od();
    je_river_result res;
    je_error e;
    cr_assert_eq(je_river_model_run(n, &m, &p, &res, &e), JE_OK, "%s", e.message);
    double u_km_d = 0.3 * 86.4;
    double t_in = 20 / u_km_d, t_after = 20 / u_km_d;
    for (int i = 0; i < JE_RIVER_BOD5; i++) {
        double k = p.k20_per_d[i], src = w[i] * 0.3 / q;
        double mid = src / k * (1 - exp(-k * t_in));
        near("mid", res.sections[0].conc_mg_l[i], mid, 1e-14, 1e-12);
        double at40 = src / k * (1 - exp(-k * 30 / u_km_d));
        near("end", res.sections[1].conc_mg_l[i], at40 * exp(-k * t_after), 1e-14, 1e-12);
        /* mass: with k → 0 the concentration would be W/(86.4 Q) for W kg/d in all */
    }
    double kr = p.k20_per_d[JE_RIVER_BOD5];
    double ka = je_river_ka20(JE_REAER_OCONNOR_DOBBINS, 0.3, 1.2);
    double L = 0, D = 0;
    rk4(kr, kr, ka, p.bod_u_ratio * w[JE_RIVER_BOD5] * 0.3 / q, 30 / u_km_d, &L, &D);
    rk4(kr, kr, ka, 0, 20 / u_km_d, &L, &D);
    near("BOD5 end", res.sections[1].conc_mg_l[JE_RIVER_BOD5], L / p.bod_u_ratio, 0, 1e-7);
    near("deficit end", res.sections[1].deficit_mg_l, D, 0, 1e-7);
    je_river_result_free(&res);

    /* the mass balance of a conservative substance: k = 0 → C = W/(86.4 Q) */
    p.k20_per_d[JE_RIVER_COD] = 0;
    cr_assert_eq(je_river_model_run(n, &m, &p, &res, &e), JE_OK, "%s", e.message);
    near("conservative", res.sections[1].conc_mg_l[JE_RIVER_COD], 500 * 30 / (86.4 * q), 0, 1e-12);
    je_river_result_free(&res);
    je_river_net_free(n);
}

/* A diversion takes water at the node's concentration to another branch; a withdrawal
 * takes it out; the downstream reach carries the rest. */
Test(river_model, diversion_and_withdrawal)
{
    je_river_net *n;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    reach(n, "main1", "A", "B", JE_REACH_CHANNEL, 10, 0.5, 1.5);
    reach(n, "main2", "B", "OUT", JE_REACH_CHANNEL, 10, 0.5, 1.5);
    reach(n, "canal", "B", "D", JE_REACH_DIVERSION, 5, 0.5, 1.5);
    reach(n, "other", "E", "D", JE_REACH_CHANNEL, 8, 0.5, 1.5);
    reach(n, "other2", "D", "OUT", JE_REACH_CHANNEL, 8, 0.5, 1.5);
    reach(n, "intake", "B", NULL, JE_REACH_WITHDRAWAL, NAN, 0.5, 1.5);
    section(n, "canal_top", "canal", 0);
    section(n, "main2_top", "main2", 0);
    section(n, "other2_top", "other2", 0);
    validate_ok(n);
    double q[6] = {20, 12, 5, 10, 15, 3};
    je_river_month m;
    je_river_month_init(&m);
    m.q_m3_s = q;
    double inflow[5 * JE_RIVER_NSUB];
    for (size_t i = 0; i < 5 * JE_RIVER_NSUB; i++)
        inflow[i] = NAN;
    inflow[0 * JE_RIVER_NSUB + JE_RIVER_COD] = 40; /* A */
    size_t e_node;
    cr_assert_eq(je_river_net_find_node(n, "E", &e_node), JE_OK);
    inflow[e_node * JE_RIVER_NSUB + JE_RIVER_COD] = 10;
    m.inflow_mg_l = inflow;
    je_river_params p = params_od();
    je_river_result res;
    je_error e;
    cr_assert_eq(je_river_model_run(n, &m, &p, &res, &e), JE_OK, "%s", e.message);
    double k = p.k20_per_d[JE_RIVER_COD], u = 0.5 * 86.4;
    double at_b = 40 * exp(-k * 10 / u);
    near("canal", res.sections[0].conc_mg_l[JE_RIVER_COD], at_b, 0, 1e-12);
    near("main", res.sections[1].conc_mg_l[JE_RIVER_COD], at_b, 0, 1e-12);
    near("withdrawal", res.reaches[5].conc_out_mg_l[JE_RIVER_COD], at_b, 0, 1e-12);
    double canal_end = at_b * exp(-k * 5 / u), other_end = 10 * exp(-k * 8 / u);
    near("joined", res.sections[2].conc_mg_l[JE_RIVER_COD], (5 * canal_end + 10 * other_end) / 15,
         0, 1e-12);
    je_river_result_free(&res);
    je_river_net_free(n);
}

Test(river_model, classes_by_gb3838)
{
    je_river_net *n;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    reach(n, "r", "A", "B", JE_REACH_CHANNEL, 10, 0.5, 1.5);
    section(n, "S", "r", 0);
    validate_ok(n);
    double q = 10;
    je_river_month m;
    je_river_month_init(&m);
    m.q_m3_s = &q;
    /* COD 25 → IV (≤ 30); NH3-N 0.4 → II; TP 0.1 → II; BOD5 3 → I; CODMn 6 → III */
    const double bg[JE_RIVER_NSUB] = {25, 6, 0.4, 0.1, 3, NAN};
    memcpy(m.background_mg_l, bg, sizeof bg);
    je_river_result res;
    cr_assert_eq(je_river_model_run(n, &m, NULL, &res, NULL), JE_OK);
    cr_assert_eq(res.sections[0].item_class[JE_RIVER_COD], JE_WQ_CLASS_IV);
    cr_assert_eq(res.sections[0].item_class[JE_RIVER_CODMN], JE_WQ_CLASS_III);
    cr_assert_eq(res.sections[0].item_class[JE_RIVER_DO], JE_WQ_CLASS_I);
    cr_assert_eq(res.sections[0].cls, JE_WQ_CLASS_IV);
    je_river_result_free(&res);
    je_river_net_free(n);
}

Test(river_model, input_errors_name_the_reach)
{
    je_river_net *n;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    reach(n, "upper", "A", "B", JE_REACH_CHANNEL, 10, 0.5, NAN);
    je_river_month m;
    je_river_month_init(&m);
    double q = 0;
    m.q_m3_s = &q;
    je_river_result res;
    je_error e;
    cr_assert_eq(je_river_model_run(n, &m, NULL, &res, &e), JE_EINVAL, "not validated");
    je_river_result_free(&res);
    validate_ok(n);
    cr_assert_eq(je_river_model_run(n, &m, NULL, &res, &e), JE_EDATA);
    cr_assert(strstr(e.message, "upper") && strstr(e.message, "flow"), "%s", e.message);
    je_river_result_free(&res);
    q = 5;
    cr_assert_eq(je_river_model_run(n, &m, NULL, &res, &e), JE_EDATA);
    cr_assert(strstr(e.message, "upper") && strstr(e.message, "depth"), "%s", e.message);
    je_river_result_free(&res);
    je_river_params p = params_od();
    p.reaeration = JE_REAER_FIXED;
    p.ka20_per_d = 0.8;
    cr_assert_eq(je_river_model_run(n, &m, &p, &res, &e), JE_OK, "%s", e.message);
    je_river_result_free(&res);
    m.temp_c_all = 70;
    cr_assert_eq(je_river_model_run(n, &m, &p, &res, &e), JE_EDATA);
    cr_assert(strstr(e.message, "temperature"), "%s", e.message);
    je_river_result_free(&res);
    je_river_net_free(n);
}

/* Hydraulic geometry: u = a Q^b, H = c Q^d change with the flow below a load. */
Test(river_model, hydraulic_geometry)
{
    je_river_net *n;
    cr_assert_eq(je_river_net_new(&n, NULL), JE_OK);
    je_river_hydraulics h = je_river_hydraulics_none();
    h.vel_a = 0.1;
    h.vel_b = 0.4;
    h.depth_c = 0.3;
    h.depth_d = 0.5;
    je_river_reach_spec s = {"r", "A", "B", JE_REACH_CHANNEL, 50, h};
    cr_assert_eq(je_river_net_add_reach(n, &s, NULL, NULL), JE_OK);
    section(n, "end", "r", 50);
    validate_ok(n);
    double q = 40;
    je_river_month m;
    je_river_month_init(&m);
    m.q_m3_s = &q;
    m.background_mg_l[JE_RIVER_COD] = 20;
    je_river_params p = params_od();
    p.reaeration = JE_REAER_CHURCHILL;
    je_river_result res;
    cr_assert_eq(je_river_model_run(n, &m, &p, &res, NULL), JE_OK);
    double u = 0.1 * pow(40, 0.4), d = 0.3 * pow(40, 0.5);
    near("u", res.reaches[0].u_m_s, u, 0, 1e-15);
    near("h", res.reaches[0].h_m, d, 0, 1e-15);
    near("ka", res.reaches[0].ka_per_d, je_river_ka20(JE_REAER_CHURCHILL, u, d), 0, 1e-15);
    near("COD", res.sections[0].conc_mg_l[JE_RIVER_COD], 20 * exp(-0.2 * 50 / (u * 86.4)), 0,
         1e-12);
    je_river_result_free(&res);
    je_river_net_free(n);
}
