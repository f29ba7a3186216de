/* CLI runs of the river commands on the demo network: the imports, `river model`
 * (every located section, the model-observation fit), `river attribute` (the
 * contributions and the background sum to the modelled concentration of `river
 * model`; the designed story's outfall ranks first), `river cuts` (the jurisdiction
 * upstream pays), `river export` (valid GeoJSON, one feature per reach, located
 * section and load; modelled classes with --month), and the usage errors. */
#include "support/support.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(cli_river, .fini = cleanup);

typedef struct table {
    char **cell; /* row-major, row 0 = header */
    size_t ncols, nrows;
} table;

static void table_free(table *t)
{
    for (size_t i = 0; i < t->ncols * t->nrows; i++)
        free(t->cell[i]);
    free(t->cell);
    memset(t, 0, sizeof *t);
}

/* Parse CSV text (simple quoting); every row must have the header's width. */
static table table_parse(const char *text)
{
    table t = {0};
    cr_assert_not_null(text, "no output");
    size_t cap = 64, n = 0, width = 0, in_row = 0;
    t.cell = malloc(cap * sizeof *t.cell);
    const char *p = text;
    while (*p) {
        char buf[1024];
        size_t k = 0;
        if (*p == '"') {
            for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
                if (*p == '"')
                    p++;
                if (k < sizeof buf - 1)
                    buf[k++] = *p;
            }
            if (*p == '"')
                p++;
        } else {
            while (*p && *p != ',' && *p != '\n')
                if (k < sizeof buf - 1)
                    buf[k++] = *p++;
        }
        buf[k] = '\0';
        if (n == cap)
            t.cell = realloc(t.cell, (cap *= 2) * sizeof *t.cell);
        t.cell[n++] = strdup(buf);
        in_row++;
        if (*p == ',') {
            p++;
            continue;
        }
        if (*p == '\n')
            p++;
        if (width == 0)
            width = in_row;
        cr_assert_eq(in_row, width, "a row has %zu fields, header %zu:\n%s", in_row, width, text);
        in_row = 0;
    }
    t.ncols = width;
    t.nrows = width ? n / width : 0;
    return t;
}

static const char *get(const table *t, size_t row, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->cell[c], name) == 0)
            return t->cell[row * t->ncols + c];
    cr_assert_fail("no column '%s'", name);
    return NULL;
}

static size_t row_where(const table *t, const char *k, const char *v)
{
    for (size_t r = 1; r < t->nrows; r++)
        if (strcmp(get(t, r, k), v) == 0)
            return r;
    cr_assert_fail("no row with %s=%s", k, v);
    return 0;
}

static char *run_expect(int code, char **err_out, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err, args);
    char cmd[512] = "";
    for (int i = 0; args[i] && strlen(cmd) < 400; i++)
        snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), "%s ", args[i]);
    cr_assert_eq(rc, code, "%s: exit %d, expected %d; stderr: %s", cmd, rc, code, err);
    if (err_out)
        *err_out = err;
    else
        free(err);
    return out;
}

static table run_table(const char *const *args)
{
    char *out = run_expect(0, NULL, args);
    table t = table_parse(out);
    free(out);
    return t;
}

/* A database with the demo's jurisdictions, sections, river network and, when asked,
 * its water samples (the slowest file; only the model's fit needs them). */
static const char *demo_db_with(int samples)
{
    static char db[512];
    snprintf(db, sizeof db, "%s", t_path("river.db"));
    static const char *const steps[][2] = {
        {"jurisdictions", "jurisdictions.csv"}, {"sections", "sections.csv"},
        {"water-samples", "water_samples.csv"}, {"river-nodes", "river_nodes.csv"},
        {"reaches", "river_reaches.csv"},       {"reach-conditions", "river_conditions.csv"},
        {"headwaters", "river_headwaters.csv"}, {"river-sections", "river_sections.csv"},
        {"river-loads", "river_loads.csv"},     {"load-values", "river_load_values.csv"}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (!samples && strcmp(steps[i][0], "water-samples") == 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/data/demo/chengyu/%s", JE_SOURCE_DIR, steps[i][1]);
        const char *args[] = {"--db", db, "import", steps[i][0], path, NULL};
        free(run_expect(0, NULL, args));
    }
    return db;
}

static const char *demo_db(void)
{
    return demo_db_with(0);
}

static double num(const char *s)
{
    cr_assert(s && *s, "empty number");
    return strtod(s, NULL);
}

Test(cli_river, model_every_section_and_the_fit)
{
    const char *db = demo_db_with(1);
    const char *args[] = {"--db",    db,        "--format", "csv",      "river", "model",
                          "--month", "2022-03", "--show",   "sections", NULL};
    table t = run_table(args);
    cr_assert_eq(t.nrows - 1, 62, "%zu sections", t.nrows - 1);
    size_t r = row_where(&t, "section", "SC-TB-02");
    cr_assert(num(get(&t, r, "nh3n")) > 0.5, "the story's dry-season NH3-N at SC-TB-02: %s",
              get(&t, r, "nh3n"));
    cr_assert_str_neq(get(&t, r, "observed_class"), "");
    table_free(&t);
    const char *fargs[] = {"--db",    db,        "--format", "csv", "river", "model",
                           "--month", "2022-03", "--show",   "fit", NULL};
    t = run_table(fargs);
    cr_assert_eq(t.nrows - 1, 6);
    for (size_t i = 1; i < t.nrows; i++) {
        cr_assert_eq(num(get(&t, i, "n")), 62, "%s n", get(&t, i, "item"));
        double obs = num(get(&t, i, "mean_observed")), model = num(get(&t, i, "mean_model"));
        /* not absurd: the mean model within a factor 2 of the mean observation */
        cr_assert(model > obs / 2 && model < obs * 2, "%s: model %g, observed %g",
                  get(&t, i, "item"), model, obs);
        cr_assert(num(get(&t, i, "rmse")) >= fabs(num(get(&t, i, "bias"))) - 1e-3);
    }
    table_free(&t);
}

Test(cli_river, attribute_sums_to_the_model)
{
    const char *db = demo_db();
    const char *margs[] = {"--db",    db,        "--format", "csv",      "river", "model",
                           "--month", "2022-03", "--show",   "sections", NULL};
    table m = run_table(margs);
    double model = num(get(&m, row_where(&m, "section", "SC-TB-02"), "nh3n"));
    table_free(&m);
    const char *args[] = {"--db",      db,          "--format", "csv",     "river",
                          "attribute", "--section", "SC-TB-02", "--month", "2022-03",
                          "--item",    "nh3n",      "--by",     "load",    NULL};
    table t = run_table(args);
    double sum = 0, total = NAN;
    for (size_t i = 1; i < t.nrows; i++) {
        const char *src = get(&t, i, "source");
        if (strcmp(src, "modelled") == 0)
            total = num(get(&t, i, "contribution_mg_l"));
        else
            sum += num(get(&t, i, "contribution_mg_l"));
    }
    cr_assert(fabs(sum - total) < 5e-4 * 30, "contributions %g, modelled %g", sum, total);
    cr_assert(fabs(total - model) < 1e-3, "attribute %g, model %g", total, model);
    /* the story: the Liangping outfall (Chongqing) upstream of the boundary ranks first */
    cr_assert_str_eq(get(&t, 1, "source"), "CQ-OF-TB");
    cr_assert_str_eq(get(&t, 1, "owner"), "500000");
    table_free(&t);
    const char *jargs[] = {"--db",      db,          "--format", "csv",          "river",
                           "attribute", "--section", "SC-TB-02", "--month",      "2022-03",
                           "--item",    "nh3n",      "--by",     "jurisdiction", NULL};
    t = run_table(jargs);
    cr_assert_str_eq(get(&t, 1, "source"), "500000");
    table_free(&t);
}

Test(cli_river, cuts_fall_on_the_upstream_side)
{
    const char *db = demo_db();
    const char *args[] = {"--db",      db,         "--format", "csv",          "river",   "cuts",
                          "--section", "SC-TB-02", "--target", "III",          "--month", "2022-03",
                          "--items",   "nh3n",     "--by",     "jurisdiction", NULL};
    table t = run_table(args);
    double cq = NAN, sc = NAN;
    for (size_t i = 1; i < t.nrows; i++)
        if (strcmp(get(&t, i, "item"), "nh3n") == 0) {
            if (strcmp(get(&t, i, "jurisdiction"), "500000") == 0)
                cq = num(get(&t, i, "cut_kg_d"));
            else if (strcmp(get(&t, i, "jurisdiction"), "510000") == 0)
                sc = num(get(&t, i, "cut_kg_d"));
        }
    cr_assert(cq > 0, "Chongqing cuts %g kg/d", cq);
    cr_assert(isnan(sc) || sc <= cq, "Sichuan %g, Chongqing %g", sc, cq);
    table_free(&t);
    /* equal-percent rule, per-load table */
    const char *eargs[] = {"--db",    db,          "--format", "csv",           "river",
                           "cuts",    "--section", "SC-TB-02", "--month",       "2022-03",
                           "--items", "nh3n",      "--rule",   "equal-percent", "--by",
                           "load",    NULL};
    t = run_table(eargs);
    cr_assert_geq(t.nrows, 2, "no load is cut");
    table_free(&t);
}

Test(cli_river, export_is_geojson_with_every_feature)
{
    const char *db = demo_db();
    const char *args[] = {"--db", db, "river", "export", "--month", "2022-03", NULL};
    char *out = run_expect(0, NULL, args);
    json_error_t je;
    json_t *root = json_loads(out, 0, &je);
    cr_assert_not_null(root, "not JSON: %s at %d:%d", je.text, je.line, je.column);
    cr_assert_str_eq(json_string_value(json_object_get(root, "type")), "FeatureCollection");
    json_t *features = json_object_get(root, "features");
    size_t i, reaches = 0, sections = 0, loads = 0;
    json_t *f;
    json_array_foreach(features, i, f)
    {
        json_t *p = json_object_get(f, "properties");
        const char *layer = json_string_value(json_object_get(p, "layer"));
        const char *gtype =
            json_string_value(json_object_get(json_object_get(f, "geometry"), "type"));
        cr_assert_not_null(layer);
        if (strcmp(layer, "reach") == 0) {
            reaches++;
            cr_assert_str_eq(gtype, "LineString");
            cr_assert_not_null(json_string_value(json_object_get(p, "class")));
        } else if (strcmp(layer, "section") == 0) {
            sections++;
            cr_assert_str_eq(gtype, "Point");
            cr_assert_not_null(json_string_value(json_object_get(p, "class")));
        } else {
            loads++;
            cr_assert_str_eq(gtype, "Point");
        }
    }
    long long nr = t_db_int(db, "SELECT count(*) FROM river_reach");
    long long nl = t_db_int(db, "SELECT count(*) FROM river_load");
    cr_assert_eq((long long)reaches, nr);
    cr_assert_eq(sections, 62);
    cr_assert_eq((long long)loads, nl);
    json_decref(root);
    free(out);
}

Test(cli_river, usage_and_data_errors)
{
    const char *db = demo_db();
    char *err = NULL;
    const char *a1[] = {"--db", db, "river", "model", NULL};
    free(run_expect(2, &err, a1));
    cr_assert(strstr(err, "--month") != NULL, "%s", err);
    free(err);
    const char *a2[] = {"--db",    db,        "river", "attribute", "--section", "NOPE",
                        "--month", "2022-03", "--by",  "load",      NULL};
    free(run_expect(1, &err, a2));
    cr_assert(strstr(err, "NOPE") != NULL, "%s", err);
    free(err);
    const char *a3[] = {"--db",    db,       "river",    "model", "--month",
                        "2019-01", "--show", "sections", NULL};
    free(run_expect(1, &err, a3));
    cr_assert(strstr(err, "no flow for 2019-01") != NULL, "%s", err);
    free(err);
    const char *scen = t_path("scenario.csv");
    t_write(scen, "load,factor\nCQ-OF-TB,0.2\nNOPE,1\n");
    const char *a4[] = {"--db",       db,   "river",  "model",    "--month", "2022-03",
                        "--scenario", scen, "--show", "sections", NULL};
    free(run_expect(3, &err, a4));
    cr_assert(strstr(err, "unknown load 'NOPE'") != NULL, "%s", err);
    free(err);
    static const char *const cmds[] = {"model", "attribute", "cuts", "export"};
    for (size_t i = 0; i < 4; i++) {
        const char *h[] = {"river", cmds[i], "--help", NULL};
        char *out = run_expect(0, NULL, h);
        cr_assert(strstr(out, "Usage: jointenv river") != NULL, "%s", out);
        free(out);
    }
}

Test(cli_river, scenario_lowers_the_section)
{
    const char *db = demo_db();
    const char *scen = t_path("upgrade.csv");
    t_write(scen, "load,factor\nCQ-OF-TB,0.2\n");
    const char *a[] = {"--db",    db,        "--format", "csv",      "river", "model",
                       "--month", "2022-03", "--show",   "sections", NULL};
    table base = run_table(a);
    const char *b[] = {"--db",    db,       "--format", "csv",        "river", "model", "--month",
                       "2022-03", "--show", "sections", "--scenario", scen,    NULL};
    table s = run_table(b);
    double before = num(get(&base, row_where(&base, "section", "SC-TB-02"), "nh3n"));
    double after = num(get(&s, row_where(&s, "section", "SC-TB-02"), "nh3n"));
    cr_assert(after < before * 0.7, "NH3-N %g -> %g", before, after);
    table_free(&base);
    table_free(&s);
}

/* --costs: the objective becomes the yearly cost of the removed tonnes; the cost
   reported equals Σ cut kg/d × 365/1000 t × yuan/t over the per-load table, and a
   costs file that misses loads or names unknown ones is rejected (exit 3). */
Test(cli_river, cuts_by_cost)
{
    const char *db = demo_db();
    const char *costs = t_path("costs.csv");
    char *loads = t_read(JE_SOURCE_DIR "/data/demo/chengyu/river_loads.csv");
    cr_assert_not_null(loads);
    char text[8192] = "load,cost_yuan_per_t\n";
    int k = 0;
    for (char *line = strchr(loads, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
        size_t n = strcspn(line + 1, ",\n");
        snprintf(text + strlen(text), sizeof text - strlen(text), "%.*s,%d\n", (int)n, line + 1,
                 k++ % 2 ? 8000 : 3000);
    }
    free(loads);
    t_write(costs, text);
    const char *args[] = {"--db",    db,        "--format", "csv",   "river", "cuts",
                          "--section", "SC-TB-02", "--month", "2022-03", "--items", "nh3n",
                          "--by",    "load",    "--costs",  costs,   NULL};
    char *err = NULL;
    char *out = run_expect(0, &err, args);
    table t = table_parse(out);
    double want = 0, tol = 0.01; /* the table prints kg/d to 2 decimals: ±0.005 each */
    for (size_t i = 1; i < t.nrows; i++) {
        const char *code = get(&t, i, "load");
        char key[80];
        snprintf(key, sizeof key, "\n%s,", code);
        const char *at = strstr(text, key);
        cr_assert_not_null(at, "%s has no cost", code);
        double yuan_t = strtod(at + strlen(key), NULL);
        want += num(get(&t, i, "cut_kg_d")) * 365.0 / 1000.0 * yuan_t;
        tol += 0.005 * 365.0 / 1000.0 * yuan_t;
    }
    double got = NAN;
    const char *c = strstr(err, "cost of the cuts: ");
    cr_assert(c && sscanf(c, "cost of the cuts: %lf", &got) == 1, "%s", err);
    cr_assert(fabs(got - want) <= tol, "cost %.2f, from the table %.2f (tolerance %.2f)", got,
              want, tol);
    table_free(&t);
    free(out);
    free(err);
    t_write(costs, "load,cost_yuan_per_t\nNOPE,5\n");
    char *e2 = NULL;
    free(run_expect(3, &e2, args));
    cr_assert(strstr(e2, ":2:1: no load 'NOPE'") && strstr(e2, "no cost for load"), "%s", e2);
    free(e2);
}
