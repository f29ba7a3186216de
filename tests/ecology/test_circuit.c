/* test_circuit.c — circuit theory: analytic networks, Circuitscape's verification
 * cases (tests/data/ecology/circuitscape_verify_cases.json, transcribed from
 * Circuitscape/Circuitscape.jl test/input + test/output_verify, commit 742dd0a, MIT),
 * .ini parsing and the output files. */
#include "jointenv/ecology.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int close_to(double a, double b, double tol)
{
    return fabs(a - b) <= tol * (1 + fabs(b));
}
#define CLOSE(a, b, tol)                                                                           \
    cr_expect(close_to((a), (b), (tol)), "%s = %.12g, expected %.12g", #a, (double)(a), (double)(b))

/* ---- analytic networks --------------------------------------------------- */

static double pair_r(const je_circuit_result *r, int64_t a, int64_t b)
{
    size_t i = 0, j = 0;
    while (r->ids[i] != a)
        i++;
    while (r->ids[j] != b)
        j++;
    return r->resistance[i * r->n_ids + j];
}

Test(circuit, series_and_parallel_network)
{
    /* 1Ω + 2Ω + 3Ω in series: 6Ω; node 3 to 5 through two 2Ω in parallel: 1Ω */
    int64_t from[] = {0, 1, 2, 3, 3}, to[] = {1, 2, 3, 5, 5};
    double r[] = {1, 2, 3, 2, 2};
    int64_t focal[] = {0, 3, 5};
    je_circuit_opts o;
    je_circuit_opts_init(&o);
    je_circuit_result *res = NULL;
    je_error err;
    cr_assert_eq(je_circuit_network(5, from, to, r, 1, focal, 3, &o, &res, &err), JE_OK, "%s",
                 err.message);
    CLOSE(pair_r(res, 0, 3), 6, 1e-12);
    CLOSE(pair_r(res, 3, 5), 1, 1e-12);
    CLOSE(pair_r(res, 0, 5), 7, 1e-12);
    /* property: symmetric, zero diagonal */
    CLOSE(pair_r(res, 5, 0), 7, 1e-12);
    CLOSE(pair_r(res, 3, 3), 0, 0);
    /* currents: 1 A flows through node 1 for every pair that involves node 0 */
    CLOSE(res->cum_current[1], 2, 1e-12);
    je_circuit_result_free(res);
}

static je_raster *grid(int64_t nc, int64_t nr, double v)
{
    je_raster *g = NULL;
    cr_assert_eq(je_raster_new(nc, nr, &g, NULL), JE_OK);
    for (int64_t i = 0; i < nc * nr; i++)
        g->data[i] = v;
    return g;
}

Test(circuit, small_grids_with_known_resistance)
{
    /* unit-resistance lattices (4 neighbours, every edge 1Ω): 2×2 nodes, opposite corners
     * 1Ω and adjacent corners 3/4Ω; 3×3 nodes, opposite corners 3/2Ω */
    je_circuit_opts o;
    je_circuit_opts_init(&o);
    o.four_neighbors = 1;
    je_raster *g2 = grid(2, 2, 1), *g3 = grid(3, 3, 1);
    je_focal f2[] = {{1, 0, 0}, {2, 1, 1}, {3, 0, 1}}, f3[] = {{1, 0, 0}, {2, 2, 2}};
    je_circuit_result *r = NULL;
    cr_assert_eq(je_circuit_raster(g2, f2, 3, &o, &r, NULL), JE_OK);
    CLOSE(pair_r(r, 1, 2), 1, 1e-12);
    CLOSE(pair_r(r, 1, 3), 0.75, 1e-12);
    je_circuit_result_free(r);
    cr_assert_eq(je_circuit_raster(g3, f3, 2, &o, &r, NULL), JE_OK);
    CLOSE(pair_r(r, 1, 2), 1.5, 1e-12);
    /* current conservation: 1 A through each corner, the centre carries 1/2... by symmetry
     * the two corners carry the full 1 A */
    CLOSE(r->cum_current[0], 1, 1e-12);
    CLOSE(r->cum_current[8], 1, 1e-12);
    je_circuit_result_free(r);
    /* the CG path agrees with CHOLMOD */
    o.solver = JE_CIRCUIT_SOLVER_CG;
    cr_assert_eq(je_circuit_raster(g3, f3, 2, &o, &r, NULL), JE_OK);
    CLOSE(pair_r(r, 1, 2), 1.5, 1e-9);
    cr_expect(r->used_cg);
    je_circuit_result_free(r);
    je_raster_free(g2);
    je_raster_free(g3);
}

Test(circuit, eight_neighbours_divide_diagonals_by_sqrt2)
{
    /* 2×2 cells of conductance 1, 8 neighbours: four unit edges and two diagonals of
     * 1/√2. Corner to opposite corner: by symmetry the two side paths give 1Ω, in
     * parallel with the direct diagonal √2Ω (the other diagonal carries nothing). */
    je_circuit_opts o;
    je_circuit_opts_init(&o);
    o.habitat_is_resistance = 0;
    je_raster *g = grid(2, 2, 1);
    je_focal f[] = {{1, 0, 0}, {2, 1, 1}};
    je_circuit_result *r = NULL;
    cr_assert_eq(je_circuit_raster(g, f, 2, &o, &r, NULL), JE_OK);
    CLOSE(pair_r(r, 1, 2), 1 / (1 + 1 / sqrt(2.0)), 1e-12);
    je_circuit_result_free(r);
    je_raster_free(g);
}

Test(circuit, different_components_are_unreachable)
{
    je_raster *g = grid(3, 1, 1);
    g->data[1] = NAN;
    je_focal f[] = {{1, 0, 0}, {2, 0, 2}};
    je_circuit_opts o;
    je_circuit_opts_init(&o);
    je_circuit_result *r = NULL;
    cr_assert_eq(je_circuit_raster(g, f, 2, &o, &r, NULL), JE_OK);
    CLOSE(pair_r(r, 1, 2), -1, 0);
    je_circuit_result_free(r);
    je_raster_free(g);
}

/* ---- Circuitscape verification cases ------------------------------------ */

static json_t *cases(void)
{
    json_error_t e;
    json_t *j =
        json_load_file(JE_SOURCE_DIR "/tests/data/ecology/circuitscape_verify_cases.json", 0, &e);
    cr_assert(j, "cannot load the cases: %s", e.text);
    return j;
}

static json_t *find_case(json_t *all, const char *id)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(all, "cases"), i, c)
    {
        if (!strcmp(json_string_value(json_object_get(c, "id")), id))
            return c;
    }
    cr_assert_fail("no case %s", id);
    return NULL;
}

static je_raster *grid_of(json_t *g)
{
    int64_t nc = json_integer_value(json_object_get(g, "ncols"));
    int64_t nr = json_integer_value(json_object_get(g, "nrows"));
    double cs = json_number_value(json_object_get(g, "cellsize"));
    double nd = json_number_value(json_object_get(g, "nodata"));
    je_raster *r = grid(nc, nr, 0);
    r->gt[0] = json_number_value(json_object_get(g, "xllcorner"));
    r->gt[1] = cs;
    r->gt[3] = json_number_value(json_object_get(g, "yllcorner")) + (double)nr * cs;
    r->gt[5] = -cs;
    json_t *rows = json_object_get(g, "rows");
    for (int64_t i = 0; i < nr; i++)
        for (int64_t j = 0; j < nc; j++) {
            double v =
                json_number_value(json_array_get(json_array_get(rows, (size_t)i), (size_t)j));
            r->data[i * nc + j] = v == nd ? NAN : v;
        }
    return r;
}

static void run_case_with(const char *id, je_circuit_solver solver)
{
    json_t *all = cases(), *c = find_case(all, id);
    je_raster *h = grid_of(json_object_get(c, "habitat")), *poly = NULL, *mask = NULL;
    je_circuit_opts o;
    je_circuit_opts_init(&o);
    o.habitat_is_resistance = json_is_true(json_object_get(c, "habitat_map_is_resistances"));
    o.four_neighbors = json_is_true(json_object_get(c, "connect_four_neighbors_only"));
    o.avg_resistances = json_is_true(json_object_get(c, "connect_using_avg_resistances"));
    o.solver = solver;
    if (json_object_get(c, "polygons_grid"))
        o.polygons = poly = grid_of(json_object_get(c, "polygons_grid"));
    if (json_object_get(c, "mask_grid"))
        o.mask = mask = grid_of(json_object_get(c, "mask_grid"));
    je_circuit_pairs *pairs = NULL;
    if (json_object_get(c, "included_pairs_file_text")) {
        const char *p = t_path("pairs.txt");
        t_write(p, json_string_value(json_object_get(c, "included_pairs_file_text")));
        je_error err;
        cr_assert_eq(je_circuit_pairs_read(p, &pairs, &err), JE_OK, "%s", err.message);
        o.pairs = pairs;
    }
    je_focal f[4096];
    size_t nf = 0;
    if (json_object_get(c, "points_grid")) {
        je_raster *pg = grid_of(json_object_get(c, "points_grid"));
        for (int64_t i = 0; i < pg->nrows * pg->ncols; i++)
            if (!isnan(pg->data[i]) && pg->data[i] != 0)
                f[nf++] = (je_focal){(int64_t)pg->data[i], i / pg->ncols, i % pg->ncols};
        je_raster_free(pg);
    } else {
        size_t i;
        json_t *p;
        json_array_foreach(json_object_get(c, "points_xy"), i, p)
        {
            int64_t r, col;
            cr_assert_eq(je_raster_cell_of(h, json_number_value(json_array_get(p, 1)),
                                           json_number_value(json_array_get(p, 2)), &r, &col),
                         0);
            f[nf++] = (je_focal){(int64_t)json_number_value(json_array_get(p, 0)), r, col};
        }
    }
    je_circuit_result *r = NULL;
    je_error err;
    cr_assert_eq(je_circuit_raster(h, f, nf, &o, &r, &err), JE_OK, "%s", err.message);
    json_t *exp = json_object_get(c, "expected_resistances");
    json_t *ids = json_object_get(exp, "ids"), *m = json_object_get(exp, "matrix");
    cr_assert_eq(r->n_ids, json_array_size(ids), "%s: %zu ids, expected %zu", id, r->n_ids,
                 json_array_size(ids));
    for (size_t i = 0; i < r->n_ids; i++) {
        cr_expect_eq(r->ids[i], json_integer_value(json_array_get(ids, i)));
        for (size_t j = 0; j < r->n_ids; j++) {
            double want = json_number_value(json_array_get(json_array_get(m, i), j));
            double got = r->resistance[i * r->n_ids + j];
            /* Circuitscape's published outputs come from its CG+AMG solver (relative
             * tolerance 1e-6): sgVerify12 and 17 differ from the exact values by ~1e-7 */
            cr_expect(fabs(got - want) <= 1e-6 * (1 + fabs(want)),
                      "%s: R(%lld,%lld) = %.10g, expected %.10g", id, (long long)r->ids[i],
                      (long long)r->ids[j], got, want);
        }
    }
    je_circuit_result_free(r);
    je_circuit_pairs_free(pairs);
    je_raster_free(h);
    je_raster_free(poly);
    je_raster_free(mask);
    json_decref(all);
    t_cleanup();
}

static void run_case(const char *id)
{
    run_case_with(id, JE_CIRCUIT_SOLVER_AUTO);
}

/* Each raster case again through the AMG-preconditioned CG (hypre), which must meet the
 * same 1e-6 tolerance as Circuitscape's own CG+AMG outputs. */
#define CASE(n)                                                                                    \
    Test(circuitscape_verify, sgVerify##n)                                                         \
    {                                                                                              \
        run_case("sgVerify" #n);                                                                   \
    }                                                                                              \
    Test(circuitscape_verify_amg, sgVerify##n)                                                     \
    {                                                                                              \
        run_case_with("sgVerify" #n, JE_CIRCUIT_SOLVER_AMG);                                       \
    }
CASE(2)
CASE(3)
CASE(4)
CASE(5)
CASE(6)
CASE(7)
CASE(8)
CASE(9)
CASE(10)
CASE(11)
CASE(12)
CASE(13)
CASE(14)
CASE(15)
CASE(16)
CASE(17)

static void run_network(const char *id)
{
    json_t *all = cases(), *c = find_case(all, id);
    json_t *edges = json_object_get(c, "edges"), *fn = json_object_get(c, "focal_nodes");
    size_t ne = json_array_size(edges), nf = json_array_size(fn);
    int64_t *from = malloc(ne * sizeof *from), *to = malloc(ne * sizeof *to);
    double *v = malloc(ne * sizeof *v);
    int64_t *focal = malloc(nf * sizeof *focal);
    for (size_t e = 0; e < ne; e++) {
        json_t *row = json_array_get(edges, e);
        from[e] = (int64_t)json_number_value(json_array_get(row, 0));
        to[e] = (int64_t)json_number_value(json_array_get(row, 1));
        v[e] = json_number_value(json_array_get(row, 2));
    }
    for (size_t i = 0; i < nf; i++)
        focal[i] = (int64_t)json_number_value(json_array_get(fn, i));
    je_circuit_opts o;
    je_circuit_opts_init(&o);
    je_circuit_result *r = NULL;
    je_error err;
    cr_assert_eq(je_circuit_network(ne, from, to, v,
                                    json_is_true(json_object_get(c, "edge_values_are_resistances")),
                                    focal, nf, &o, &r, &err),
                 JE_OK, "%s", err.message);
    json_t *exp = json_object_get(c, "expected_resistances"), *m = json_object_get(exp, "matrix");
    cr_assert_eq(r->n_ids, json_array_size(json_object_get(exp, "ids")));
    for (size_t i = 0; i < r->n_ids; i++)
        for (size_t j = 0; j < r->n_ids; j++) {
            double want = json_number_value(json_array_get(json_array_get(m, i), j));
            double got = r->resistance[i * r->n_ids + j];
            cr_expect(fabs(got - want) <= 1e-8 * (1 + fabs(want)),
                      "%s: R[%zu][%zu] = %.10g, expected %.10g", id, i, j, got, want);
        }
    je_circuit_result_free(r);
    free(from);
    free(to);
    free(v);
    free(focal);
    json_decref(all);
}

Test(circuitscape_verify, sgNetworkVerify1)
{
    run_network("sgNetworkVerify1");
}
Test(circuitscape_verify, sgNetworkVerify2)
{
    run_network("sgNetworkVerify2");
}
Test(circuitscape_verify, sgNetworkVerify3)
{
    run_network("sgNetworkVerify3");
}

/* ---- properties on a generated raster ------------------------------------ */

Test(circuit, properties_metric_symmetry_and_solvers_agree)
{
    /* 30×30 resistances 1…10 from a fixed LCG, a few nodata cells, 5 focal points */
    je_raster *h = grid(30, 30, 1);
    uint64_t s = 12345;
    for (int i = 0; i < 900; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u = (double)(s >> 11) * 0x1p-53;
        h->data[i] = u < 0.05 ? NAN : 1 + 9 * u;
    }
    je_focal f[] = {{1, 2, 2}, {2, 2, 27}, {3, 27, 2}, {4, 27, 27}, {5, 15, 15}};
    for (int k = 0; k < 5; k++)
        h->data[f[k].row * 30 + f[k].col] = 1;
    je_circuit_opts o;
    je_circuit_opts_init(&o);
    je_circuit_result *a = NULL, *b = NULL;
    cr_assert_eq(je_circuit_raster(h, f, 5, &o, &a, NULL), JE_OK);
    o.solver = JE_CIRCUIT_SOLVER_AUTO;
    o.cg_above_nodes = 10; /* AUTO switches to CG above this size */
    cr_assert_eq(je_circuit_raster(h, f, 5, &o, &b, NULL), JE_OK);
    cr_expect(!a->used_cg && b->used_cg);
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 5; j++) {
            double rij = a->resistance[i * 5 + j];
            CLOSE(rij, a->resistance[j * 5 + i], 1e-12);
            CLOSE(b->resistance[i * 5 + j], rij, 1e-8);
            for (size_t k = 0; k < 5; k++)
                cr_expect(rij <= a->resistance[i * 5 + k] + a->resistance[k * 5 + j] + 1e-12,
                          "triangle inequality R(%zu,%zu)", i, j);
        }
    /* each focal cell ends 4 pairs, 1 A each */
    for (int k = 0; k < 5; k++)
        cr_expect(a->cum_current[f[k].row * 30 + f[k].col] >= 4 - 1e-9, "focal %d: %g", k,
                  a->cum_current[f[k].row * 30 + f[k].col]);
    je_circuit_result_free(a);
    je_circuit_result_free(b);
    je_raster_free(h);
}
