/* test_circuit_ini.c — Circuitscape .ini files (parsing, errors with line numbers, a
 * whole run with its output files), focal and pair files, and raster I/O. */
#include "jointenv/ecology.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static je_status ini_error(const char *text, je_error *err)
{
    const char *p = t_path("x.ini");
    t_write(p, text);
    je_circuit_ini *ini = NULL;
    je_status st = je_circuit_ini_read(p, &ini, err);
    je_circuit_ini_free(ini);
    return st;
}

#define BASE "habitat_file = h.asc\npoint_file = p.txt\noutput_file = out.out\n"

Test(circuit_ini, errors_name_the_line)
{
    je_error err;
    cr_expect_eq(ini_error("[Options]\n" BASE "bogus_option = 3\n", &err), JE_EDATA);
    cr_expect_eq(err.line, 5);
    cr_expect(strstr(err.message, "unknown option 'bogus_option'"), "%s", err.message);
    cr_expect_eq(ini_error(BASE "scenario = sideways\n", &err), JE_EDATA);
    cr_expect_eq(err.line, 4);
    cr_expect(strstr(err.message, "advanced"), "%s", err.message); /* lists what is known */
    /* advanced mode needs its source and ground files */
    cr_expect_eq(ini_error(BASE "scenario = advanced\nsource_file = s.asc\n", &err), JE_EDATA);
    cr_expect(strstr(err.message, "ground_file"), "%s", err.message);
    cr_expect_eq(ini_error(BASE "remove_src_or_gnd = rmvboth\n", &err), JE_EDATA);
    cr_expect_eq(err.line, 4);
    cr_expect_eq(ini_error("data_type = network\n" BASE, &err), JE_EDATA);
    cr_expect_eq(err.line, 1);
    cr_expect_eq(ini_error(BASE "use_variable_source_strengths = True\n", &err), JE_EDATA);
    cr_expect(strstr(err.message, "not supported"), "%s", err.message);
    cr_expect_eq(ini_error(BASE "connect_four_neighbors_only = maybe\n", &err), JE_EDATA);
    cr_expect_eq(err.line, 4);
    cr_expect_eq(ini_error(BASE "just words\n", &err), JE_EDATA);
    cr_expect_eq(ini_error("habitat_file = h.asc\n", &err), JE_EDATA);
    cr_expect(strstr(err.message, "required"), "%s", err.message);
    /* defaults and accepted no-op settings */
    cr_expect_eq(ini_error("[Version]\nversion = 5.0.0\n[Options]\nparallelize = False\n"
                           "use_variable_source_strengths = False\n"
                           "polygon_file = (Browse for a short-circuit region file)\n" BASE,
                           &err),
                 JE_OK, "%s", err.message);
    t_cleanup();
}

static void put_asc(const char *name, int64_t nc, int64_t nr, double xll, double yll, double cs,
                    const double *v)
{
    je_raster *r = NULL;
    cr_assert_eq(je_raster_new(nc, nr, &r, NULL), JE_OK);
    r->gt[0] = xll;
    r->gt[1] = cs;
    r->gt[3] = yll + (double)nr * cs;
    r->gt[5] = -cs;
    for (int64_t i = 0; i < nc * nr; i++)
        r->data[i] = v[i] == -9999 ? NAN : v[i];
    je_error err;
    cr_assert_eq(je_raster_write(r, t_path(name), &err), JE_OK, "%s", err.message);
    je_raster_free(r);
}

Test(circuit_ini, sgVerify5_through_an_ini_file)
{
    /* Circuitscape.jl test/input/raster/pairwise sgVerify5 (polygons, duplicated focal ids
     * given as x y points); expected test/output_verify/sgVerify5_resistances.out */
    const double N = -9999;
    double hab[] = {1, 1, N, 1, 1, 1, N, N, N, N, 1, N, N, 1, 1, 1, N, N, 1, 1, 1, N, N, 1, 1};
    double poly[] = {N, 3, 3, 3, 2, N, N, N, N, N, N, N, 6, N, N, N, N, 5, N, N, N, N, 5, N, 2};
    put_asc("hab.asc", 5, 5, 100, 100, 10, hab);
    put_asc("poly.asc", 5, 5, 100, 100, 10, poly);
    t_write(t_path("pts.txt"), "1 105 145\n2 115 145\n3 105 125\n4 105 115\n1 105 105\n"
                               "2 145 105\n7 135 125\n");
    t_write(t_path("run.ini"),
            "[Circuitscape mode]\ndata_type = raster\nscenario = pairwise\n"
            "[Habitat raster or graph]\nhabitat_file = hab.asc\nhabitat_map_is_resistances = True\n"
            "[Short circuit regions (aka polygons)]\nuse_polygons = True\npolygon_file = poly.asc\n"
            "[Options for pairwise and one-to-all and all-to-one modes]\npoint_file = pts.txt\n"
            "[Connection scheme for raster habitat data]\nconnect_four_neighbors_only = True\n"
            "connect_using_avg_resistances = True\n"
            "[Output options]\nwrite_cur_maps = True\nwrite_cum_cur_map_only = True\n"
            "output_file = sg5.out\n");
    je_circuit_ini *ini = NULL;
    je_error err;
    cr_assert_eq(je_circuit_ini_read(t_path("run.ini"), &ini, &err), JE_OK, "%s", err.message);
    je_circuit_result *r = NULL;
    cr_assert_eq(je_circuit_ini_run(ini, NULL, NULL, NULL, &r, &err), JE_OK, "%s", err.message);
    char *txt = t_read(t_path("sg5_resistances.out"));
    cr_assert(txt);
    cr_expect(!strncmp(txt, "0.0 1.0 2.0 3.0 4.0 7.0\n1.0 0.0 ", 32), "%s", txt);
    double v[6];
    const char *row2 = strchr(txt, '\n') + 1;
    cr_assert_eq(sscanf(row2, "%lf %lf %lf %lf %lf %lf", v, v + 1, v + 2, v + 3, v + 4, v + 5), 6);
    cr_expect(fabs(v[4] - 0.75) < 1e-12 && fabs(v[5] - 3.4) < 1e-12, "%s", row2);
    free(txt);
    static const double want[5][5] = {{0, 1, 1, 0.75, 3.4},
                                      {1, 0, 3, 4, 1.4},
                                      {1, 3, 0, 1, 5.4},
                                      {0.75, 4, 1, 0, 6.4},
                                      {3.4, 1.4, 5.4, 6.4, 0}};
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++)
            cr_expect(fabs(r->resistance[i * 5 + j] - want[i][j]) < 1e-9, "R[%d][%d] = %g", i, j,
                      r->resistance[i * 5 + j]);
    je_raster *cm = NULL;
    cr_assert_eq(je_raster_read(t_path("sg5_cum_curmap.asc"), &cm, &err), JE_OK, "%s", err.message);
    cr_expect_eq(cm->ncols, 5);
    cr_expect(fabs(cm->gt[0] - 100) < 1e-9 && fabs(cm->gt[1] - 10) < 1e-9);
    /* property: a focal cell carries at least the 1 A of each pair it ends */
    cr_expect(cm->data[2 * 5 + 3] >= 4 - 1e-9, "current at focal 7: %g", cm->data[13]);
    je_raster_free(cm);
    je_circuit_result_free(r);
    je_circuit_ini_free(ini);
    t_cleanup();
}

Test(circuit_ini, one_to_all_and_all_to_one)
{
    /* a 1×3 strip of unit resistances, ids at both ends and the middle. One-to-all from
     * an end: the other two grounded, the nearer at 1Ω → 1Ω. From the middle: two 1Ω
     * paths to ground in parallel → 0.5Ω. */
    je_raster *h = NULL;
    cr_assert_eq(je_raster_new(3, 1, &h, NULL), JE_OK);
    for (int i = 0; i < 3; i++)
        h->data[i] = 1;
    je_focal f[] = {{1, 0, 0}, {2, 0, 1}, {3, 0, 2}};
    je_circuit_opts o;
    je_circuit_opts_init(&o);
    o.mode = JE_CIRCUIT_ONE_TO_ALL;
    je_circuit_result *r = NULL;
    cr_assert_eq(je_circuit_raster(h, f, 3, &o, &r, NULL), JE_OK);
    cr_expect(fabs(r->resistance[0] - 1) < 1e-12);
    cr_expect(fabs(r->resistance[1] - 0.5) < 1e-12);
    cr_expect(fabs(r->cum_current[1] - 3) < 1e-12, "middle: 1 + 1 + 1 A, got %g",
              r->cum_current[1]);
    je_circuit_result_free(r);
    o.mode = JE_CIRCUIT_ALL_TO_ONE;
    cr_assert_eq(je_circuit_raster(h, f, 3, &o, &r, NULL), JE_OK);
    cr_expect_null(r->resistance);
    /* ground at 1: 2 A leave cell 0; ground at 2: 1 A in from each side; ground 3 as 1 */
    cr_expect(fabs(r->cum_current[0] - (2 + 1 + 1)) < 1e-12, "%g", r->cum_current[0]);
    cr_expect_eq(je_circuit_write_resistances(r, t_path("x.out"), NULL), JE_EINVAL);
    je_circuit_result_free(r);
    je_raster_free(h);
    t_cleanup();
}

Test(circuit_ini, focal_and_pair_files)
{
    je_raster *g = NULL;
    cr_assert_eq(je_raster_new(4, 4, &g, NULL), JE_OK); /* unit cells, x 0..4, y 0..4 */
    t_write(t_path("f.txt"), "# id x y\n1 0.5 3.5\n2 3.5 0.5\n\n3 9 9\n");
    je_focal *f = NULL;
    size_t n = 0;
    je_error err;
    cr_expect_eq(je_circuit_focal_read(t_path("f.txt"), g, &f, &n, &err), JE_EDATA);
    cr_expect_eq(err.line, 5);
    t_write(t_path("f.txt"), "1 0.5 3.5\n2,3.5,0.5\n");
    cr_assert_eq(je_circuit_focal_read(t_path("f.txt"), g, &f, &n, &err), JE_OK, "%s", err.message);
    cr_expect_eq(n, 2);
    cr_expect(f[0].row == 0 && f[0].col == 0 && f[1].row == 3 && f[1].col == 3);
    free(f);
    je_circuit_pairs *p = NULL;
    t_write(t_path("p.txt"), "mode exclude\n1 2\n2 3\n");
    cr_assert_eq(je_circuit_pairs_read(t_path("p.txt"), &p, &err), JE_OK, "%s", err.message);
    cr_expect_eq(p->n, 3);
    cr_expect(!p->include[0 * 3 + 1] && p->include[0 * 3 + 2] && !p->include[1 * 3 + 2]);
    je_circuit_pairs_free(p);
    t_write(t_path("p.txt"), "min 1\nmax 5\n0 1 2\n1 0 9\n2 x\n");
    cr_expect_eq(je_circuit_pairs_read(t_path("p.txt"), &p, &err), JE_EDATA);
    cr_expect_eq(err.line, 5);
    t_write(t_path("p.txt"), "1 2\n");
    cr_expect_eq(je_circuit_pairs_read(t_path("p.txt"), &p, &err), JE_EDATA);
    je_raster_free(g);
    t_cleanup();
}

Test(raster, round_trip_asc_and_geotiff)
{
    je_raster *r = NULL;
    cr_assert_eq(je_raster_new(3, 2, &r, NULL), JE_OK);
    double gt[6] = {620000, 30, 0, 3290060, 0, -30};
    memcpy(r->gt, gt, sizeof gt);
    for (int i = 0; i < 6; i++)
        r->data[i] = i * 1.25;
    r->data[4] = NAN;
    const char *names[] = {"a.asc", "a.tif"};
    for (int k = 0; k < 2; k++) {
        je_error err;
        cr_assert_eq(je_raster_write(r, t_path(names[k]), &err), JE_OK, "%s", err.message);
        je_raster *b = NULL;
        cr_assert_eq(je_raster_read(t_path(names[k]), &b, &err), JE_OK, "%s", err.message);
        cr_expect(je_raster_same_grid(r, b), "%s", names[k]);
        for (int i = 0; i < 6; i++)
            cr_expect(i == 4 ? isnan(b->data[i]) : fabs(b->data[i] - r->data[i]) < 1e-9, "%s[%d]",
                      names[k], i);
        je_raster_free(b);
    }
    je_error err;
    cr_expect_eq(je_raster_write(r, t_path("a.png"), &err), JE_EINVAL);
    je_raster *none = NULL;
    cr_expect_eq(je_raster_read(t_path("missing.tif"), &none, &err), JE_EIO);
    cr_expect_null(none);
    cr_expect(err.message[0], "GDAL's message is returned");
    je_raster_free(r);
    t_cleanup();
}
