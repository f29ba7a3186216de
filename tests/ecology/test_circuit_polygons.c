/* test_circuit_polygons.c — habitat patches / focal regions given as polygons (any OGR
 * vector file) burned onto the resistance grid by GDAL's rasterizer, with OGR
 * reprojection, through the library, the .ini reader and the CLI.
 *
 * The grid: 10 columns × 8 rows of 100 m cells, lower-left corner (500000, 3300000) in
 * WGS 84 / UTM zone 48N (EPSG:32648, the zone of Chengdu and Chongqing). Column c spans
 * x ∈ [500000 + 100c, +100], centre 500050 + 100c; row r spans
 * y ∈ [3300800 − 100(r+1), 3300800 − 100r], centre 3300750 − 100r.
 *
 * Hand-drawn features, counted by hand:
 *   id 3, rectangle x ∈ [500120, 500520], y ∈ [3300380, 3300780]:
 *     centres inside: columns 1–4 (500150 … 500450; 500550 > 500520) and rows 0–3
 *     (3300750 … 3300450; 3300350 < 3300380) → 16 cells;
 *     touched (ALL_TOUCHED): columns 1–5 (500520 lies in column 5) and rows 0–4
 *     (3300380 lies in row 4) → 25 cells.
 *   id 7, triangle (500700, 3300100), (500920, 3300100), (500700, 3300320): a centre
 *     (x, y) is inside when x ≥ 500700, y ≥ 3300100 and (x − 500700) + (y − 3300100) ≤ 220:
 *     (row 6, col 7) 50 + 50, (row 6, col 8) 150 + 50, (row 5, col 7) 50 + 150 → 3 cells;
 *     (row 5, col 8) has 300 and row 7's centres lie below y = 3300100. */
#include "jointenv/ecology.h"
#include "support/support.h"

#include <cpl_conv.h>
#include <criterion/criterion.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *utm_wkt(void)
{
    OGRSpatialReferenceH s = OSRNewSpatialReference(NULL);
    cr_assert_eq(OSRImportFromEPSG(s, 32648), OGRERR_NONE);
    char *w = NULL;
    OSRExportToWkt(s, &w);
    char *copy = strdup(w);
    CPLFree(w);
    OSRDestroySpatialReference(s);
    return copy;
}

static je_raster *utm_grid(int with_crs)
{
    je_raster *g = NULL;
    cr_assert_eq(je_raster_new(10, 8, &g, NULL), JE_OK);
    double gt[6] = {500000, 100, 0, 3300800, 0, -100};
    memcpy(g->gt, gt, sizeof gt);
    for (int i = 0; i < 80; i++)
        g->data[i] = 1;
    if (with_crs)
        g->crs_wkt = utm_wkt();
    return g;
}

#define UTM_CRS                                                                                    \
    "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32648\"}},"
#define RECT                                                                                       \
    "[[500120,3300380],[500520,3300380],[500520,3300780],[500120,3300780],[500120,3300380]]"
#define TRI "[[500700,3300100],[500920,3300100],[500700,3300320],[500700,3300100]]"

static const char *write_utm_features(const char *name, const char *props_rect,
                                      const char *props_tri)
{
    char buf[2048];
    snprintf(buf, sizeof buf,
             "{\"type\":\"FeatureCollection\"," UTM_CRS "\"features\":["
             "{\"type\":\"Feature\",\"properties\":%s,\"geometry\":{\"type\":\"Polygon\","
             "\"coordinates\":[" RECT "]}},"
             "{\"type\":\"Feature\",\"properties\":%s,\"geometry\":{\"type\":\"Polygon\","
             "\"coordinates\":[" TRI "]}}]}",
             props_rect, props_tri);
    const char *p = t_path(name);
    t_write(p, buf);
    return p;
}

static int count_id(const je_raster *r, double id, int *rmin, int *rmax, int *cmin, int *cmax)
{
    int n = 0;
    *rmin = *cmin = 1 << 30;
    *rmax = *cmax = -1;
    for (int i = 0; i < 80; i++)
        if (r->data[i] == id) {
            int row = i / 10, col = i % 10;
            n++;
            *rmin = row < *rmin ? row : *rmin;
            *rmax = row > *rmax ? row : *rmax;
            *cmin = col < *cmin ? col : *cmin;
            *cmax = col > *cmax ? col : *cmax;
        }
    return n;
}

Test(polygons, hand_drawn_features_burn_the_cells_counted_by_hand)
{
    je_raster *g = utm_grid(1);
    const char *path = write_utm_features("p.geojson", "{\"id\":3}", "{\"id\":7}");
    cr_expect(je_vector_probe(path));
    je_raster *b = NULL;
    je_error err;
    cr_assert_eq(je_raster_burn_vector(path, g, NULL, &b, &err), JE_OK, "%s", err.message);
    int r0, r1, c0, c1;
    cr_expect_eq(count_id(b, 3, &r0, &r1, &c0, &c1), 16);
    cr_expect(r0 == 0 && r1 == 3 && c0 == 1 && c1 == 4, "rows %d-%d cols %d-%d", r0, r1, c0, c1);
    cr_expect_eq(count_id(b, 7, &r0, &r1, &c0, &c1), 3);
    cr_expect(b->data[6 * 10 + 7] == 7 && b->data[6 * 10 + 8] == 7 && b->data[5 * 10 + 7] == 7);
    int nan = 0;
    for (int i = 0; i < 80; i++)
        nan += isnan(b->data[i]);
    cr_expect_eq(nan, 80 - 19, "cells outside every polygon are NAN");
    je_raster_free(b);
    /* all touched */
    je_burn_opts o = {NULL, 1};
    cr_assert_eq(je_raster_burn_vector(path, g, &o, &b, &err), JE_OK, "%s", err.message);
    cr_expect_eq(count_id(b, 3, &r0, &r1, &c0, &c1), 25);
    cr_expect(r0 == 0 && r1 == 4 && c0 == 1 && c1 == 5, "rows %d-%d cols %d-%d", r0, r1, c0, c1);
    je_raster_free(b);
    je_raster_free(g);
    t_cleanup();
}

Test(polygons, ids_from_a_named_field_or_feature_numbers)
{
    je_raster *g = utm_grid(1);
    je_raster *b = NULL;
    je_error err;
    /* no 'id' field: features are numbered 1, 2 */
    const char *p = write_utm_features("n.geojson", "{\"name\":\"a\"}", "{\"name\":\"b\"}");
    cr_assert_eq(je_raster_burn_vector(p, g, NULL, &b, &err), JE_OK, "%s", err.message);
    cr_expect_eq(b->data[0 * 10 + 1], 1);
    cr_expect_eq(b->data[6 * 10 + 7], 2);
    je_raster_free(b);
    /* a named field */
    p = write_utm_features("f.geojson", "{\"patch\":11}", "{\"patch\":12}");
    je_burn_opts o = {"patch", 0};
    cr_assert_eq(je_raster_burn_vector(p, g, &o, &b, &err), JE_OK, "%s", err.message);
    cr_expect_eq(b->data[0 * 10 + 1], 11);
    cr_expect_eq(b->data[6 * 10 + 7], 12);
    je_raster_free(b);
    /* errors: unknown field; an id that is not > 0 names the feature */
    je_burn_opts bad = {"nosuch", 0};
    cr_expect_eq(je_raster_burn_vector(p, g, &bad, &b, &err), JE_EDATA);
    cr_expect(strstr(err.message, "nosuch"), "%s", err.message);
    p = write_utm_features("z.geojson", "{\"id\":3}", "{\"id\":0}");
    cr_expect_eq(je_raster_burn_vector(p, g, NULL, &b, &err), JE_EDATA);
    cr_expect(strstr(err.message, "feature 2"), "%s", err.message);
    je_raster_free(g);
    t_cleanup();
}

Test(polygons, another_crs_is_reprojected_through_ogr)
{
    /* the rectangle's corners in WGS 84 longitude/latitude (GeoJSON's default CRS) */
    OGRSpatialReferenceH utm = OSRNewSpatialReference(NULL), ll = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(utm, 32648);
    OSRImportFromEPSG(ll, 4326);
    OSRSetAxisMappingStrategy(utm, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(ll, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(utm, ll);
    double x[5] = {500120, 500520, 500520, 500120, 500120};
    double y[5] = {3300380, 3300380, 3300780, 3300780, 3300380};
    cr_assert(OCTTransform(ct, 5, x, y, NULL));
    cr_expect(x[0] > 104 && x[0] < 106 && y[0] > 29 && y[0] < 30.5, "lon %g lat %g", x[0], y[0]);
    char buf[1024];
    int n = snprintf(buf, sizeof buf,
                     "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                     "\"properties\":{\"id\":3},\"geometry\":{\"type\":\"Polygon\","
                     "\"coordinates\":[[");
    for (int i = 0; i < 5; i++)
        n += snprintf(buf + n, sizeof buf - (size_t)n, "%s[%.10f,%.10f]", i ? "," : "", x[i], y[i]);
    snprintf(buf + n, sizeof buf - (size_t)n, "]]}}]}");
    OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(utm);
    OSRDestroySpatialReference(ll);
    const char *p = t_path("ll.geojson");
    t_write(p, buf);
    je_raster *g = utm_grid(1), *b = NULL;
    je_error err;
    cr_assert_eq(je_raster_burn_vector(p, g, NULL, &b, &err), JE_OK, "%s", err.message);
    int r0, r1, c0, c1;
    cr_expect_eq(count_id(b, 3, &r0, &r1, &c0, &c1), 16, "the same 16 cells after reprojection");
    cr_expect(r0 == 0 && r1 == 3 && c0 == 1 && c1 == 4, "rows %d-%d cols %d-%d", r0, r1, c0, c1);
    je_raster_free(b);
    /* a grid without a CRS cannot receive polygons that have one: refused, not guessed */
    je_raster *bare = utm_grid(0);
    cr_expect_eq(je_raster_burn_vector(p, bare, NULL, &b, &err), JE_EDATA);
    cr_expect(strstr(err.message, "coordinate system") && strstr(err.message, "no"), "%s",
              err.message);
    je_raster_free(bare);
    je_raster_free(g);
    t_cleanup();
}

Test(polygons, short_circuit_regions_from_a_vector_file_in_an_ini)
{
    /* the same project twice: polygon_file as GeoJSON and as the equivalent raster */
    je_raster *g = utm_grid(1);
    je_error err;
    cr_assert_eq(je_raster_write(g, t_path("h.tif"), &err), JE_OK, "%s", err.message);
    write_utm_features("poly.geojson", "{\"id\":3}", "{\"id\":7}");
    je_raster *b = NULL;
    cr_assert_eq(je_raster_burn_vector(t_path("poly.geojson"), g, NULL, &b, &err), JE_OK);
    cr_assert_eq(je_raster_write(b, t_path("poly.tif"), &err), JE_OK, "%s", err.message);
    je_raster_free(b);
    t_write(t_path("pts.txt"), "1 500050 3300050\n2 500950 3300750\n3 500950 3300050\n");
    const char *fmt = "scenario = pairwise\nhabitat_file = h.tif\npoint_file = pts.txt\n"
                      "use_polygons = True\npolygon_file = %s\noutput_file = %s\n";
    char ini[512];
    je_circuit_result *r[2] = {NULL, NULL};
    const char *poly[2] = {"poly.geojson", "poly.tif"}, *out[2] = {"a.out", "b.out"};
    for (int k = 0; k < 2; k++) {
        snprintf(ini, sizeof ini, fmt, poly[k], out[k]);
        t_write(t_path("c.ini"), ini);
        je_circuit_ini *c = NULL;
        cr_assert_eq(je_circuit_ini_read(t_path("c.ini"), &c, &err), JE_OK, "%s", err.message);
        cr_assert_eq(je_circuit_ini_run(c, NULL, NULL, NULL, &r[k], &err), JE_OK, "%s",
                     err.message);
        je_circuit_ini_free(c);
    }
    /* merging 19 cells into two nodes lowers the resistances below the plain grid's */
    cr_expect(r[0]->n_nodes == 80 - 16 - 3 + 2, "nodes %lld", (long long)r[0]->n_nodes);
    for (size_t i = 0; i < 9; i++)
        cr_expect(r[0]->resistance[i] == r[1]->resistance[i], "R[%zu] %.17g vs %.17g", i,
                  r[0]->resistance[i], r[1]->resistance[i]);
    je_circuit_result_free(r[0]);
    je_circuit_result_free(r[1]);
    je_raster_free(g);
    t_cleanup();
}

Test(polygons, cli_corridors_take_polygon_patches)
{
    /* land cover of class 1 everywhere (resistance 1); patches 3 and 7 as polygons */
    je_raster *g = utm_grid(1);
    je_error err;
    cr_assert_eq(je_raster_write(g, t_path("lc.tif"), &err), JE_OK, "%s", err.message);
    t_write(t_path("t.csv"), "class,resistance\n1,1\n");
    write_utm_features("patches.geojson", "{\"id\":3}", "{\"id\":7}");
    char *out = NULL, *errs = NULL;
    char lc[512], tab[512], pat[512], dir[512];
    snprintf(lc, sizeof lc, "%s", t_path("lc.tif"));
    snprintf(tab, sizeof tab, "%s", t_path("t.csv"));
    snprintf(pat, sizeof pat, "%s", t_path("patches.geojson"));
    snprintf(dir, sizeof dir, "%s", t_path("o"));
    const char *args[] = {"--format", "csv",     "ecology", "corridors", "--landcover",
                          lc,         "--table", tab,       "--patches", pat,
                          "--out",    dir,       NULL};
    int rc = t_run(&out, &errs, args);
    cr_assert_eq(rc, 0, "%s", errs ? errs : "");
    /* one linkage 3–7: from (row 3, col 4) down-right to (row 5, col 7): two diagonal
     * steps and one straight, or equivalent: cost 2·√2·100 + 100 */
    cr_expect(strstr(out, "1,3,7,"), "%s", out);
    double cost = 0;
    const char *l = strstr(out, "1,3,7,");
    cr_assert(l && sscanf(l, "1,3,7,%lf", &cost) == 1, "%s", out);
    cr_expect(fabs(cost - (200 * sqrt(2.0) + 100)) < 1e-6, "cost %.10g", cost);
    free(out);
    free(errs);
    je_raster_free(g);
    t_cleanup();
}
