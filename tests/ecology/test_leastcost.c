/* test_leastcost.c — cost distance, paths and corridors. Expected values:
 * scikit-image skimage/graph/tests/test_mcp.py (tests/data/ecology/skimage_mcp_tests.json)
 * and small rasters computed by hand. */
#include "jointenv/ecology.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int close_to(double a, double b, double tol)
{
    return fabs(a - b) <= tol * (1 + fabs(b));
}
#define CLOSE(a, b, tol)                                                                           \
    cr_expect(close_to((a), (b), (tol)), "%s = %.12g, expected %.12g", #a, (double)(a), (double)(b))

static json_t *mcp(void)
{
    json_error_t e;
    json_t *j = json_load_file(JE_SOURCE_DIR "/tests/data/ecology/skimage_mcp_tests.json", 0, &e);
    cr_assert(j, "%s", e.text);
    return j;
}

static void load_grid(json_t *j, double *g)
{
    json_t *rows = json_object_get(j, "grid");
    for (size_t r = 0; r < 8; r++)
        for (size_t c = 0; c < 8; c++)
            g[r * 8 + c] = json_number_value(json_array_get(json_array_get(rows, r), c));
}

static void check_costs(const char *name, int four)
{
    json_t *j = mcp(), *cs = json_object_get(j, "cases"), *c = NULL;
    for (size_t i = 0; i < json_array_size(cs); i++)
        if (!strcmp(json_string_value(json_object_get(json_array_get(cs, i), "name")), name))
            c = json_array_get(cs, i);
    cr_assert(c);
    double g[64], d[64];
    int64_t pred[64];
    load_grid(j, g);
    int64_t src = 1 * 8 + 6;
    je_cost_opts o = {JE_COST_ENTERED, four, 1};
    cr_assert_eq(je_cost_distance(g, 8, 8, &src, 1, &o, d, pred, NULL), JE_OK);
    json_t *exp = json_object_get(c, "expected_costs");
    for (size_t r = 0; r < 8; r++)
        for (size_t k = 0; k < 8; k++) {
            double want = json_number_value(json_array_get(json_array_get(exp, r), k));
            cr_expect(d[r * 8 + k] == want, "%s (%zu,%zu): %g, expected %g", name, r, k,
                      d[r * 8 + k], want);
        }
    /* the path's cells, entered in turn, sum to the cost (ties make several paths equal) */
    int64_t at = 7 * 8 + 2;
    double sum = 0;
    for (; pred[at] >= 0; at = pred[at])
        sum += g[at];
    cr_expect_eq(at, src);
    CLOSE(sum, d[7 * 8 + 2], 0);
    json_decref(j);
}

Test(leastcost, skimage_basic_8_connected)
{
    check_costs("test_basic", 0);
}
Test(leastcost, skimage_no_diagonal)
{
    check_costs("test_no_diagonal", 1);
}

Test(leastcost, skimage_route_geometric)
{
    json_t *j = mcp();
    double g[64], d[64];
    load_grid(j, g);
    int64_t src = 1 * 8 + 6;
    je_cost_opts o = {JE_COST_GEOMETRIC, 0, 1};
    cr_assert_eq(je_cost_distance(g, 8, 8, &src, 1, &o, d, NULL, NULL), JE_OK);
    CLOSE(d[7 * 8 + 2], sqrt(2.0) / 2, 1e-15); /* also GRASS r.cost */
    json_decref(j);
}

Test(leastcost, hand_computed_geometric_with_cellsize)
{
    /* 1×3 strip, costs 1 2 4 per metre, 30 m cells: (1+2)/2·30 + (2+4)/2·30 = 135 */
    double g[] = {1, 2, 4};
    double d[3];
    int64_t src = 0;
    je_cost_opts o = {JE_COST_GEOMETRIC, 0, 30};
    cr_assert_eq(je_cost_distance(g, 1, 3, &src, 1, &o, d, NULL, NULL), JE_OK);
    CLOSE(d[1], 45, 1e-15);
    CLOSE(d[2], 135, 1e-15);
    /* 2×2: the diagonal (1+1)/2·√2 beats going around through a 9 */
    double h[] = {1, 9, 9, 1};
    double e[4];
    cr_assert_eq(
        je_cost_distance(h, 2, 2, &src, 1, &(je_cost_opts){JE_COST_GEOMETRIC, 0, 1}, e, NULL, NULL),
        JE_OK);
    CLOSE(e[3], sqrt(2.0), 1e-15);
    /* an impassable (NAN) wall leaves the far side unreachable; multi-source takes the nearest */
    double w[] = {1, NAN, 1};
    int64_t two[] = {0};
    cr_assert_eq(je_cost_distance(w, 1, 3, two, 1, &o, d, NULL, NULL), JE_OK);
    cr_expect(isinf(d[2]));
    double s[] = {1, 1, 1, 1, 1};
    double ds[5];
    int64_t ends[] = {0, 4};
    cr_assert_eq(je_cost_distance(s, 1, 5, ends, 2, &(je_cost_opts){JE_COST_GEOMETRIC, 0, 1}, ds,
                                  NULL, NULL),
                 JE_OK);
    CLOSE(ds[2], 2, 0);
    CLOSE(ds[3], 1, 0);
    cr_expect_eq(je_cost_distance(w, 1, 3, (int64_t[]){1}, 1, &o, d, NULL, NULL), JE_EINVAL);
}

Test(leastcost, reclass_and_corridors)
{
    /* 3×5 land cover: class 1 forest (resistance 1), 2 farmland (10); patches 1 and 2 at
     * the two ends of the forest row 1 */
    je_raster *lc = NULL, *pt = NULL, *res = NULL;
    cr_assert_eq(je_raster_new(5, 3, &lc, NULL), JE_OK);
    cr_assert_eq(je_raster_new(5, 3, &pt, NULL), JE_OK);
    for (int i = 0; i < 15; i++)
        lc->data[i] = (i / 5 == 1) ? 1 : 2;
    pt->data[5] = 1;
    pt->data[9] = 2;
    double cls[] = {1, 2}, val[] = {1, 10};
    cr_assert_eq(je_reclass(lc, cls, val, 2, &res, NULL), JE_OK);
    CLOSE(res->data[0], 10, 0);
    je_corridors *c = NULL;
    cr_assert_eq(je_corridors_compute(res, pt, JE_COST_GEOMETRIC, 0.5, NULL, NULL, &c, NULL),
                 JE_OK);
    cr_assert_eq(c->n_links, 1);
    CLOSE(c->links[0].cost, 4, 1e-12); /* four forest steps of cost 1 */
    cr_expect_eq(c->links[0].path_cells, 5);
    CLOSE(c->links[0].euclid, 4, 1e-12);
    cr_expect_eq(c->links[0].rank, 1);
    for (int k = 5; k < 10; k++) {
        cr_expect_eq(c->path_rank[k], 1);
        CLOSE(c->corridor[k], 0, 1e-12);
    }
    cr_expect(isnan(c->corridor[0]), "farmland is outside a corridor of width 0.5");
    je_corridors_free(c);
    double cls1[] = {1};
    je_raster *bad = NULL;
    je_error err;
    cr_expect_eq(je_reclass(lc, cls1, val, 1, &bad, &err), JE_EDATA);
    cr_expect(strstr(err.message, "class 2") != NULL, "%s", err.message);
    je_raster_free(lc);
    je_raster_free(pt);
    je_raster_free(res);
}
