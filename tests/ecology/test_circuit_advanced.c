/* test_circuit_advanced.c — Circuitscape's advanced scenario (sources and grounds),
 * on circuits small enough to solve by hand. Circuitscape's published verification
 * suite (/work/shared/reference/peer-tests/circuitscape_verify_cases.json) has no
 * advanced-mode case, so every expected value here is worked out in the comments.
 *
 * The chain used throughout: a 1 × 3 grid of resistances 2, 4, 6 Ω with
 * connect_using_avg_resistances, so the two edges are (2+4)/2 = 3 Ω and (4+6)/2 = 5 Ω. */
#include "jointenv/ecology.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-10
#define CLOSE(a, b)                                                                                \
    cr_expect(fabs((double)(a) - (double)(b)) <= TOL * (1 + fabs((double)(b))),                    \
              "%s = %.15g, expected %.15g", #a, (double)(a), (double)(b))

static je_raster *row_of(int64_t n, const double *v)
{
    je_raster *r = NULL;
    cr_assert_eq(je_raster_new(n, 1, &r, NULL), JE_OK);
    for (int64_t i = 0; i < n; i++)
        r->data[i] = v[i];
    return r;
}

typedef struct {
    double src[3], gnd[3];
    je_circuit_adv_opts a;
    je_circuit_solver solver;
} chain_case;

static je_status chain(const chain_case *k, je_circuit_adv_result **out, je_error *err)
{
    static const double res[3] = {2, 4, 6};
    je_raster *h = row_of(3, res), *s = row_of(3, k->src), *g = row_of(3, k->gnd);
    je_circuit_opts o;
    je_circuit_opts_init(&o);
    o.avg_resistances = 1;
    o.four_neighbors = 1;
    o.solver = k->solver;
    je_status st = je_circuit_advanced(h, s, g, &o, &k->a, out, err);
    je_raster_free(h);
    je_raster_free(s);
    je_raster_free(g);
    return st;
}

static chain_case base(void)
{
    chain_case k = {{NAN, NAN, 1}, {0, NAN, NAN}, {0}, JE_CIRCUIT_SOLVER_AUTO};
    je_circuit_adv_opts_init(&k.a);
    return k;
}

Test(circuit_advanced, one_amp_into_a_chain_with_a_zero_ohm_ground)
{
    /* 1 A at cell 3, cell 1 grounded through 0 Ω: V = I·R along the chain,
     * V1 = 0, V2 = 3, V3 = 3 + 5 = 8; 1 A passes through every node */
    /* Jacobi CG (OpenMP threads) runs in a test of its own: LeakSanitizer's exit scan
     * trips over OpenMP's and OpenMPI's threads together in one process */
    je_circuit_solver solvers[] = {JE_CIRCUIT_SOLVER_CHOLMOD, JE_CIRCUIT_SOLVER_AMG};
    for (int s = 0; s < 2; s++) {
        chain_case k = base();
        k.solver = solvers[s];
        je_circuit_adv_result *r = NULL;
        je_error err;
        cr_assert_eq(chain(&k, &r, &err), JE_OK, "%s", err.message);
        cr_expect(fabs(r->voltage[0]) <= 1e-9, "V1 = %g", r->voltage[0]);
        cr_expect(fabs(r->voltage[1] - 3) <= 1e-8, "solver %d: V2 = %.12g", s, r->voltage[1]);
        cr_expect(fabs(r->voltage[2] - 8) <= 1e-8, "solver %d: V3 = %.12g", s, r->voltage[2]);
        for (int i = 0; i < 3; i++)
            cr_expect(fabs(r->current[i] - 1) <= 1e-8, "I%d = %g", i + 1, r->current[i]);
        cr_expect_eq(r->n_solved, 1);
        CLOSE(r->source_total_a, 1);
        je_circuit_adv_result_free(r);
    }
}

Test(circuit_advanced, chain_by_jacobi_cg)
{
    chain_case k = base();
    k.solver = JE_CIRCUIT_SOLVER_CG;
    je_circuit_adv_result *r = NULL;
    cr_assert_eq(chain(&k, &r, NULL), JE_OK);
    cr_expect(fabs(r->voltage[2] - 8) <= 1e-8, "V3 = %.12g", r->voltage[2]);
    cr_expect_eq(r->used_cg, 1);
    je_circuit_adv_result_free(r);
}

Test(circuit_advanced, finite_ground_resistance_and_conductance)
{
    /* ground 10 Ω at cell 1: the 1 A also crosses it, V1 = 10, V2 = 13, V3 = 18; the
     * ground's current (g·V1 = 0.1 · 10 = 1 A) counts as leaving node 1 */
    chain_case k = base();
    k.gnd[0] = 10;
    je_circuit_adv_result *r = NULL;
    cr_assert_eq(chain(&k, &r, NULL), JE_OK);
    CLOSE(r->voltage[0], 10);
    CLOSE(r->voltage[1], 13);
    CLOSE(r->voltage[2], 18);
    CLOSE(r->current[0], 1);
    je_circuit_adv_result_free(r);
    /* the same ground as a conductance of 0.1 S */
    k.gnd[0] = 0.1;
    k.a.ground_is_resistance = 0;
    cr_assert_eq(chain(&k, &r, NULL), JE_OK);
    CLOSE(r->voltage[2], 18);
    je_circuit_adv_result_free(r);
    /* direct grounds: any ground cell is 0 Ω, whatever its value */
    k.a.direct_grounds = 1;
    cr_assert_eq(chain(&k, &r, NULL), JE_OK);
    CLOSE(r->voltage[0], 0);
    CLOSE(r->voltage[2], 8);
    je_circuit_adv_result_free(r);
    /* a conductance of 0 S is no ground at all: nothing to solve */
    k.gnd[0] = 0;
    je_error err;
    cr_expect_eq(chain(&k, &r, &err), JE_EDATA);
    cr_expect(strstr(err.message, "both a source and a ground"), "%s", err.message);
}

Test(circuit_advanced, source_strengths_and_unit_currents)
{
    /* 5 A: every voltage × 5; with use_unit_currents the source counts 1 A */
    chain_case k = base();
    k.src[2] = 5;
    je_circuit_adv_result *r = NULL;
    cr_assert_eq(chain(&k, &r, NULL), JE_OK);
    CLOSE(r->voltage[2], 40);
    CLOSE(r->current[1], 5);
    je_circuit_adv_result_free(r);
    k.a.unit_currents = 1;
    cr_assert_eq(chain(&k, &r, NULL), JE_OK);
    CLOSE(r->voltage[2], 8);
    je_circuit_adv_result_free(r);
}

Test(circuit_advanced, conflicts_follow_remove_src_or_gnd)
{
    /* cell 3 is a 1 A source AND a 10 Ω ground; cell 1 a 0 Ω ground.
     * keepall: node 2: V2/3 + (V2 − V3)/5 = 0 → V2 = 3 V3 / 8;
     *          node 3: (V3 − V2)/5 + V3/10 = 1 → 9 V3 / 40 = 1 → V3 = 40/9, V2 = 5/3 */
    chain_case k = base();
    k.gnd[2] = 10;
    je_circuit_adv_result *r = NULL;
    je_error err;
    cr_assert_eq(chain(&k, &r, &err), JE_OK, "%s", err.message);
    CLOSE(r->voltage[2], 40.0 / 9);
    CLOSE(r->voltage[1], 5.0 / 3);
    /* node 3: 1 A enters from the source; it leaves through the edge (V3−V2)/5 = 5/9 A
     * and the ground V3/10 = 4/9 A: node current 1 A */
    CLOSE(r->current[2], 1);
    je_circuit_adv_result_free(r);
    /* rmvgnd: the 10 Ω ground goes, back to the plain chain */
    k.a.conflict = JE_CIRCUIT_RM_GND;
    cr_assert_eq(chain(&k, &r, NULL), JE_OK);
    CLOSE(r->voltage[2], 8);
    je_circuit_adv_result_free(r);
    /* rmvsrc / rmvall: the only source goes, nothing to solve */
    k.a.conflict = JE_CIRCUIT_RM_SRC;
    cr_expect_eq(chain(&k, &r, NULL), JE_EDATA);
    k.a.conflict = JE_CIRCUIT_RM_ALL;
    cr_expect_eq(chain(&k, &r, NULL), JE_EDATA);
    /* a source on a direct (0 Ω) ground is dropped under every policy */
    chain_case d = base();
    d.src[0] = 3; /* on the 0 Ω ground: no effect */
    cr_assert_eq(chain(&d, &r, NULL), JE_OK);
    CLOSE(r->voltage[2], 8);
    CLOSE(r->source_total_a, 1);
    je_circuit_adv_result_free(r);
    je_circuit_conflict c;
    cr_expect_eq(je_circuit_conflict_parse("rmvgnd", &c, NULL), JE_OK);
    cr_expect_eq(c, JE_CIRCUIT_RM_GND);
    cr_expect_eq(je_circuit_conflict_parse("remove", &c, NULL), JE_EINVAL);
}

Test(circuit_advanced, components_without_ground_stay_unsolved)
{
    /* 1 × 5: cells 1–2 | nodata | 4–5; source and ground only on the left part */
    double res[5] = {1, 1, NAN, 1, 1}, src[5] = {NAN, 1, NAN, 1, NAN},
           gnd[5] = {0, NAN, NAN, NAN, NAN};
    je_raster *h = row_of(5, res), *s = row_of(5, src), *g = row_of(5, gnd);
    je_circuit_opts o;
    je_circuit_opts_init(&o);
    je_circuit_adv_opts a;
    je_circuit_adv_opts_init(&a);
    je_circuit_adv_result *r = NULL;
    cr_assert_eq(je_circuit_advanced(h, s, g, &o, &a, &r, NULL), JE_OK);
    CLOSE(r->voltage[1], 1); /* conductance-average edge: (1 + 1)/2 = 1 S */
    cr_expect(isnan(r->voltage[2]) && isnan(r->voltage[3]) && isnan(r->voltage[4]));
    CLOSE(r->current[3], 0);
    cr_expect_eq(r->n_components, 2);
    cr_expect_eq(r->n_solved, 1);
    CLOSE(r->source_total_a, 1);
    je_circuit_adv_result_free(r);
    /* negative sources are refused with the cell named */
    s->data[1] = -1;
    je_error err;
    cr_expect_eq(je_circuit_advanced(h, s, g, &o, &a, &r, &err), JE_EDATA);
    cr_expect(strstr(err.message, "row 0, column 1"), "%s", err.message);
    je_raster_free(h);
    je_raster_free(s);
    je_raster_free(g);
}

Test(circuit_advanced, polygon_sources_add_up)
{
    /* 1 × 4 chain of 1 Ω cells (4 neighbours, conductance average: each edge 1 Ω);
     * cells 3 and 4 are one polygon, so they are one node with both 1 A sources:
     * 2 A through two 1 Ω edges from the ground at cell 1: V2 = 2, V(3,4) = 4 */
    double res[4] = {1, 1, 1, 1}, src[4] = {NAN, NAN, 1, 1}, gnd[4] = {0, NAN, NAN, NAN},
           pol[4] = {NAN, NAN, 9, 9};
    je_raster *h = row_of(4, res), *s = row_of(4, src), *g = row_of(4, gnd), *p = row_of(4, pol);
    je_circuit_opts o;
    je_circuit_opts_init(&o);
    o.polygons = p;
    je_circuit_adv_opts a;
    je_circuit_adv_opts_init(&a);
    je_circuit_adv_result *r = NULL;
    cr_assert_eq(je_circuit_advanced(h, s, g, &o, &a, &r, NULL), JE_OK);
    CLOSE(r->voltage[1], 2);
    CLOSE(r->voltage[2], 4);
    CLOSE(r->voltage[3], 4);
    je_circuit_adv_result_free(r);
    je_raster_free(h);
    je_raster_free(s);
    je_raster_free(g);
    je_raster_free(p);
}

static void put_asc(const char *name, int64_t n, const double *v)
{
    je_raster *r = row_of(n, v);
    je_error err;
    cr_assert_eq(je_raster_write(r, t_path(name), &err), JE_OK, "%s", err.message);
    je_raster_free(r);
}

Test(circuit_advanced, ini_writes_voltmap_and_curmap)
{
    double res[3] = {2, 4, 6}, src[3] = {NAN, NAN, 1}, gnd[3] = {0, NAN, NAN};
    put_asc("h.asc", 3, res);
    put_asc("s.asc", 3, src);
    put_asc("g.asc", 3, gnd);
    t_write(t_path("adv.ini"), "[Circuitscape mode]\ndata_type = raster\nscenario = advanced\n"
                               "habitat_file = h.asc\nhabitat_map_is_resistances = True\n"
                               "connect_four_neighbors_only = True\n"
                               "connect_using_avg_resistances = True\n"
                               "[Options for advanced mode]\nsource_file = s.asc\n"
                               "ground_file = g.asc\nground_file_is_resistances = True\n"
                               "use_unit_currents = False\nuse_direct_grounds = False\n"
                               "remove_src_or_gnd = keepall\n"
                               "[Output options]\nwrite_volt_maps = True\nwrite_cur_maps = True\n"
                               "output_file = run.out\n");
    je_circuit_ini *ini = NULL;
    je_error err;
    cr_assert_eq(je_circuit_ini_read(t_path("adv.ini"), &ini, &err), JE_OK, "%s", err.message);
    cr_expect_eq(ini->opts.mode, JE_CIRCUIT_ADVANCED);
    cr_assert_eq(je_circuit_ini_run(ini, NULL, NULL, NULL, NULL, &err), JE_OK, "%s", err.message);
    je_raster *v = NULL, *c = NULL;
    cr_assert_eq(je_raster_read(t_path("run_voltmap.asc"), &v, &err), JE_OK, "%s", err.message);
    cr_assert_eq(je_raster_read(t_path("run_curmap.asc"), &c, &err), JE_OK, "%s", err.message);
    cr_expect(fabs(v->data[0]) <= 1e-9 && fabs(v->data[1] - 3) <= 1e-9 &&
                  fabs(v->data[2] - 8) <= 1e-9,
              "voltmap %g %g %g", v->data[0], v->data[1], v->data[2]);
    for (int i = 0; i < 3; i++)
        cr_expect(fabs(c->data[i] - 1) <= 1e-9, "curmap[%d] = %g", i, c->data[i]);
    je_raster_free(v);
    je_raster_free(c);
    je_circuit_ini_free(ini);
    t_cleanup();
}

Test(circuit_advanced, cli_mode_advanced_and_ini)
{
    double res[3] = {2, 4, 6}, src[3] = {NAN, NAN, 1}, gnd[3] = {0, NAN, NAN};
    put_asc("h.asc", 3, res);
    put_asc("s.asc", 3, src);
    put_asc("g.asc", 3, gnd);
    char h[512], s[512], g[512], dir[512];
    snprintf(h, sizeof h, "%s", t_path("h.asc"));
    snprintf(s, sizeof s, "%s", t_path("s.asc"));
    snprintf(g, sizeof g, "%s", t_path("g.asc"));
    snprintf(dir, sizeof dir, "%s", t_path("out"));
    const char *args[] = {"ecology", "circuit",          "--mode", "advanced",  "--resistance",
                          h,         "--sources",        s,        "--grounds", g,
                          "--four",  "--avg-resistance", "--out",  dir,         NULL};
    char *out = NULL, *err = NULL;
    cr_assert_eq(t_run(&out, &err, args), 0, "%s", err ? err : "");
    cr_expect(strstr(err, "1 solved"), "%s", err);
    je_raster *v = NULL;
    cr_assert_eq(je_raster_read(t_path("out/circuit_voltmap.asc"), &v, NULL), JE_OK);
    cr_expect(fabs(v->data[2] - 8) <= 1e-9, "V3 = %g", v->data[2]);
    je_raster_free(v);
    free(out);
    free(err);
    /* --focal does not belong to advanced mode: a usage error (exit 2) */
    const char *bad[] = {"ecology", "circuit", "--mode", "advanced", "--resistance", h, "--focal",
                         s,         "--out",   dir,      NULL};
    cr_expect_eq(t_run(NULL, NULL, bad), 2);
    t_cleanup();
}
