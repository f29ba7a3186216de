/* Attribution (river.h, src/water/river_attrib.c): on a network with a confluence, a
 * diversion that rejoins the main stem, a withdrawal, point and diffuse loads of two
 * jurisdictions and unequal temperatures, the background plus every load's
 * contribution equals the modelled value at every section (the deficit for DO), to
 * 1e-12 mg/L; each load's contribution equals the difference of two model runs (with
 * and without that load's mass, through load_factor) to 1e-12; sections above a load
 * get nothing from it; the sum by owner equals the sum of its loads. */
#include "jointenv/river.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void near(const char *what, double got, double want, double abs_tol)
{
    cr_assert(fabs(got - want) <= abs_tol, "%s: %.15g, expected %.15g (tolerance %g)", what, got,
              want, abs_tol);
}

static void reach(je_river_net *n, const char *code, const char *from, const char *to,
                  je_reach_kind kind, double len, double u, double h)
{
    je_river_hydraulics y = je_river_hydraulics_none();
    y.u_m_s = u;
    y.h_m = h;
    je_river_reach_spec s = {code, from, to, kind, len, y};
    cr_assert_eq(je_river_net_add_reach(n, &s, NULL, NULL), JE_OK);
}

static void section(je_river_net *n, const char *code, const char *r, double x)
{
    je_river_section_spec s = {code, r, x, JE_WATERBODY_RIVER, JE_WQ_CLASS_III};
    cr_assert_eq(je_river_net_add_section(n, &s, NULL, NULL), JE_OK);
}

static void load(je_river_net *n, const char *code, const char *owner, const char *r, double x,
                 double q, double scale, double do_mg_l)
{
    je_river_load_spec s;
    je_river_load_spec_init(&s);
    s.code = code;
    s.owner = owner;
    s.reach = r;
    s.x_km = x;
    s.q_m3_s = q;
    const double c[JE_RIVER_NSUB] = {120, 30, 15, 2, 40, do_mg_l};
    for (int i = 0; i < JE_RIVER_NSUB; i++)
        s.conc_mg_l[i] = i == JE_RIVER_DO ? c[i] : c[i] * scale;
    cr_assert_eq(je_river_net_add_load(n, &s, NULL, NULL), JE_OK);
}

typedef struct fixture {
    je_river_net *net;
    double q[8], temp[8];
    je_river_month m;
} fixture;

/*   A --a--> C --c--> E --e--> OUT
 *   B --b--> C          ^
 *            C --div--> D --d-->  (D joins E)
 *            C --wd--> (withdrawal)
 */
static void build(fixture *f)
{
    cr_assert_eq(je_river_net_new(&f->net, NULL), JE_OK);
    je_river_net *n = f->net;
    reach(n, "a", "A", "C", JE_REACH_CHANNEL, 40, 0.4, 2.0);
    reach(n, "b", "B", "C", JE_REACH_CHANNEL, 25, 0.3, 1.5);
    reach(n, "c", "C", "E", JE_REACH_CHANNEL, 60, 0.5, 2.5);
    reach(n, "div", "C", "D", JE_REACH_DIVERSION, 15, 0.6, 1.0);
    reach(n, "d", "D", "E", JE_REACH_CHANNEL, 20, 0.3, 1.0);
    reach(n, "e", "E", "OUT", JE_REACH_CHANNEL, 80, 0.6, 3.0);
    reach(n, "wd", "C", NULL, JE_REACH_WITHDRAWAL, NAN, 1, 1);
    reach(n, "f", "F", "D", JE_REACH_CHANNEL, 10, 0.3, 1.0);
    section(n, "a_mid", "a", 20);
    section(n, "a_end", "a", 40);
    section(n, "c_top", "c", 0);
    section(n, "div_end", "div", 15);
    section(n, "e_top", "e", 0);
    section(n, "e_mid", "e", 35);
    section(n, "e_end", "e", 80);
    load(n, "sc1", "510000", "a", 25, 0.8, 1.0, 2.0); /* below a_mid */
    load(n, "cq1", "500000", "b", 5, 0.5, 0.7, NAN);  /* saturated discharge */
    load(n, "sc2", "510000", "c", 10, 1.2, 0.4, 4.0);
    load(n, "cq2", "500000", "e", 35, 0.3, 2.0, 1.0); /* at e_mid: the section is below */
    je_river_load_spec s;
    je_river_load_spec_init(&s);
    s.code = "farm";
    s.owner = "500000";
    s.kind = JE_LOAD_DIFFUSE;
    s.reach = "d";
    s.x_km = 2;
    s.x_end_km = 18;
    const double w[JE_RIVER_NSUB] = {300, 80, 20, 5, 150, NAN};
    memcpy(s.w_kg_d_km, w, sizeof w);
    cr_assert_eq(je_river_net_add_load(n, &s, NULL, NULL), JE_OK);
    je_error e;
    cr_assert_eq(je_river_net_validate(n, NULL, &e), JE_OK, "%s", e.message);
    const double q[8] = {30, 12, 36, 5, 7, 52, 2, 1.5};
    const double t[8] = {18, 22, 20, 20, 21, 19, 20, 23};
    memcpy(f->q, q, sizeof q);
    memcpy(f->temp, t, sizeof t);
    je_river_month_init(&f->m);
    f->m.q_m3_s = f->q;
    f->m.temp_c = f->temp;
    const double bg[JE_RIVER_NSUB] = {8, 2.5, 0.3, 0.05, 1.5, 8.0};
    memcpy(f->m.background_mg_l, bg, sizeof bg);
}

Test(river_attrib, contributions_sum_to_the_model)
{
    fixture f;
    build(&f);
    je_river_attrib a;
    je_error e;
    cr_assert_eq(je_river_attribute(f.net, &f.m, NULL, NULL, 0, &a, &e), JE_OK, "%s", e.message);
    cr_assert_eq(a.n_sections, 7);
    cr_assert_eq(a.n_loads, 5);
    je_river_result res;
    cr_assert_eq(je_river_model_run(f.net, &f.m, NULL, &res, &e), JE_OK, "%s", e.message);
    for (size_t j = 0; j < a.n_sections; j++) {
        for (size_t s = 0; s < JE_RIVER_NSUB; s++) {
            double sum = a.background_mg_l[j * JE_RIVER_NSUB + s];
            for (size_t l = 0; l < a.n_loads; l++)
                sum += a.load_mg_l[(j * a.n_loads + l) * JE_RIVER_NSUB + s];
            double model = a.conc_mg_l[j * JE_RIVER_NSUB + s];
            near(je_river_sub_code((je_river_sub)s), sum, model, 1e-12);
        }
        near("modelled deficit", a.conc_mg_l[j * JE_RIVER_NSUB + JE_RIVER_DO],
             res.sections[j].deficit_mg_l, 0);
        near("DO", res.sections[j].conc_mg_l[JE_RIVER_DO],
             a.do_sat_mg_l[j] - a.conc_mg_l[j * JE_RIVER_NSUB + JE_RIVER_DO], 1e-12);
    }
    /* a_mid lies above sc1: nothing from it; every load reaches e_end */
    for (size_t s = 0; s < JE_RIVER_NSUB; s++)
        cr_assert_eq(a.load_mg_l[(0 * a.n_loads + 0) * JE_RIVER_NSUB + s], 0.0);
    for (size_t l = 0; l < a.n_loads; l++)
        cr_assert_gt(a.load_mg_l[(6 * a.n_loads + l) * JE_RIVER_NSUB + JE_RIVER_COD], 0.0);
    je_river_result_free(&res);
    je_river_attrib_free(&a);
    je_river_net_free(f.net);
}

/* Each contribution = model(all loads) − model(all but that load's mass). */
Test(river_attrib, contribution_equals_the_difference_of_two_runs)
{
    fixture f;
    build(&f);
    je_river_attrib a;
    je_error e;
    size_t secs[3] = {6, 4, 3};
    cr_assert_eq(je_river_attribute(f.net, &f.m, NULL, secs, 3, &a, &e), JE_OK, "%s", e.message);
    je_river_result all;
    cr_assert_eq(je_river_model_run(f.net, &f.m, NULL, &all, &e), JE_OK);
    for (size_t l = 0; l < 5; l++) {
        double factor[5] = {1, 1, 1, 1, 1};
        factor[l] = 0;
        je_river_month m = f.m;
        m.load_factor = factor;
        je_river_result without;
        cr_assert_eq(je_river_model_run(f.net, &m, NULL, &without, &e), JE_OK);
        for (size_t j = 0; j < 3; j++) {
            const je_river_section_result *x = &all.sections[secs[j]],
                                          *y = &without.sections[secs[j]];
            for (size_t s = 0; s < JE_RIVER_DO; s++)
                near("contribution", a.load_mg_l[(j * 5 + l) * JE_RIVER_NSUB + s],
                     x->conc_mg_l[s] - y->conc_mg_l[s], 1e-12);
            near("deficit contribution", a.load_mg_l[(j * 5 + l) * JE_RIVER_NSUB + JE_RIVER_DO],
                 x->deficit_mg_l - y->deficit_mg_l, 1e-12);
        }
        je_river_result_free(&without);
    }
    je_river_result_free(&all);
    je_river_attrib_free(&a);
    je_river_net_free(f.net);
}

/* The BOD part of a deficit contribution: removing the load's BOD5 alone (a load with
 * the same discharge and DO but BOD5 0) lowers the deficit by exactly that part. */
Test(river_attrib, bod_part_of_the_deficit)
{
    fixture f;
    build(&f);
    je_river_attrib a;
    cr_assert_eq(je_river_attribute(f.net, &f.m, NULL, NULL, 0, &a, NULL), JE_OK);
    /* load sc1 has DO 2 mg/L: its deficit has an own part and a BOD part */
    size_t j = 6, l = 0;
    double total = a.load_mg_l[(j * 5 + l) * JE_RIVER_NSUB + JE_RIVER_DO];
    double bod = a.load_do_bod_mg_l[j * 5 + l];
    cr_assert_gt(bod, 0);
    cr_assert_gt(total, bod);
    /* a saturated discharge (cq1): all of its deficit comes from its BOD */
    near("cq1 all BOD", a.load_do_bod_mg_l[j * 5 + 1],
         a.load_mg_l[(j * 5 + 1) * JE_RIVER_NSUB + JE_RIVER_DO], 1e-15);
    je_river_attrib_free(&a);
    je_river_net_free(f.net);
}

Test(river_attrib, by_owner)
{
    fixture f;
    build(&f);
    je_river_attrib a;
    cr_assert_eq(je_river_attribute(f.net, &f.m, NULL, NULL, 0, &a, NULL), JE_OK);
    size_t no = je_river_net_owner_count(f.net);
    cr_assert_eq(no, 2);
    double *o = calloc(a.n_sections * no * JE_RIVER_NSUB, sizeof *o);
    cr_assert_eq(je_river_attrib_by_owner(f.net, &a, o, NULL), JE_OK);
    size_t sc, cq;
    cr_assert_eq(je_river_net_find_owner(f.net, "510000", &sc), JE_OK);
    cr_assert_eq(je_river_net_find_owner(f.net, "500000", &cq), JE_OK);
    size_t j = 6;
    const double *L = a.load_mg_l + j * 5 * JE_RIVER_NSUB;
    for (size_t s = 0; s < JE_RIVER_NSUB; s++) {
        near("Sichuan", o[(j * no + sc) * JE_RIVER_NSUB + s],
             L[0 * JE_RIVER_NSUB + s] + L[2 * JE_RIVER_NSUB + s], 1e-15);
        near("Chongqing", o[(j * no + cq) * JE_RIVER_NSUB + s],
             L[1 * JE_RIVER_NSUB + s] + L[3 * JE_RIVER_NSUB + s] + L[4 * JE_RIVER_NSUB + s], 1e-15);
    }
    free(o);
    je_river_attrib_free(&a);
    je_river_net_free(f.net);
}

Test(river_attrib, bad_section_list)
{
    fixture f;
    build(&f);
    je_river_attrib a;
    je_error e;
    size_t twice[2] = {1, 1};
    cr_assert_eq(je_river_attribute(f.net, &f.m, NULL, twice, 2, &a, &e), JE_EINVAL);
    cr_assert(strstr(e.message, "twice"), "%s", e.message);
    je_river_attrib_free(&a);
    size_t out[1] = {99};
    cr_assert_eq(je_river_attribute(f.net, &f.m, NULL, out, 1, &a, &e), JE_EINVAL);
    je_river_attrib_free(&a);
    je_river_net_free(f.net);
}
