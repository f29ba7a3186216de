/* CLI runs of `air plume` (the Gaussian plume calculator) against published worked
 * examples, its stack-parameter form, its input errors, and `air dispersion` on a tiny
 * constructed case of two clinker lines.
 *
 * Published cases (shared/reference/peer-tests/plume_published_examples.csv and
 * plume_rise_published_examples.csv; tolerances as stated there):
 *  PUB01 De Visscher (2014) Air Dispersion Modeling, Example 2.1 pp. 24-25 (as asserted
 *        in tcarion/GaussianPlume.jl test/concentration.jl): Briggs rural, class D,
 *        Q 100 g/s, u 7 m/s, H 90 m, x 1500 m, y 0, z 0 -> 160.3 ug/m3 (+-0.1).
 *  PUB02 the same 100 m off the centreline -> 107.5 ug/m3 (+-0.1).
 *  PUB03 tcarion/GaussianPlume.jl test/concentration.jl: Briggs rural, D, Q 5, u 2,
 *        H 30, x 1000 -> 201.139895390322 ug/m3 (1e-6 relative).
 *  PUB04 UW CEE 357 handout, as asserted in joshuanunn/really-simple-dispersion
 *        rsdm_test.js and dholstius/plume test.GaussianPlume.R: ISC3 PG fits, D, Q 10,
 *        u 6, H 50, x 500 -> sigma_y 36.146193496038, sigma_z 18.296892641654 m,
 *        19.17230120488 ug/m3 (1e-8 relative; SCREEN3 13043 prints 36.15 / 18.30).
 *  PR01  Texas A&M CVEN 301 lecture 7 (as asserted in really-simple-dispersion): D,
 *        u 6 m/s at stack top, v 20 m/s, d 5 m, Ts 400 K, Ta 280 K: Fb 367.73, final
 *        rise 38.71 Fb^0.6/u = 223.352113600373 m beyond x_f = 119 Fb^0.4 = 1264.03 m
 *        (g = 9.80616, as ISC3). SCREEN3 with a 100 m stack prints a plume height of
 *        323.35 m. Checked at x = 5000 m (final) to 1e-8 relative.
 *  PR02  De Visscher (2014) p. 31 (as asserted in GaussianPlume.jl): Fb 12.539, u 3,
 *        w 6.366 m/s through r = 1 m; rise at 1000 m (beyond x_f = 49 Fb^(5/8) = 238 m)
 *        47.589 m. Expressed with temperatures: Ta 280 K and Ts = 280/(1 - 12.539/(g w
 *        r^2)) = 350.3774325035 K give Fb = 12.539 with g = 9.80616. Tolerance 0.01 m:
 *        the book rounds Fb and writes the final rise as 1.6 Fb^(1/3) x_f^(2/3)/u
 *        (47.5875) where ISC3 writes 21.425 Fb^(3/4)/u (47.5879).
 * Not published, from the header's formula (plume.h, the 2/3 law): PR01 at x = 1000 m,
 * before final rise, 1.6 Fb^(1/3) x^(2/3)/u = 191.0493127913148 m (1e-8 relative). */
#include "support/support.h"

#include "jointenv/store.h"

#include <criterion/criterion.h>
#include <math.h>
#include <tiffio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(cli_plume, .fini = cleanup);

/* ---- a plain CSV reader (the outputs have no quoted fields) ---------------- */

typedef struct table {
    char *text;
    char **cell; /* row-major, row 0 = header */
    size_t ncols, nrows;
} table;

static table parse(char *text)
{
    table t = {.text = text};
    cr_assert_not_null(text, "no output");
    size_t cap = 64, n = 0, width = 0, in_row = 0;
    t.cell = malloc(cap * sizeof *t.cell);
    for (char *p = text; *p;) {
        if (n == cap)
            t.cell = realloc(t.cell, (cap *= 2) * sizeof *t.cell);
        t.cell[n++] = p;
        in_row++;
        p += strcspn(p, ",\r\n");
        char sep = *p;
        if (sep)
            *p++ = '\0';
        if (sep == ',')
            continue;
        if (sep == '\r' && *p == '\n')
            p++;
        if (width == 0)
            width = in_row;
        cr_assert_eq(in_row, width, "a row has %zu fields, the header %zu", in_row, width);
        in_row = 0;
    }
    t.ncols = width;
    t.nrows = width ? n / width : 0;
    return t;
}

static void table_free(table *t)
{
    free(t->cell);
    free(t->text);
}

static int col_of(const table *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->cell[c], name) == 0)
            return (int)c;
    cr_assert_fail("no column '%s'", name);
    return -1;
}

static double num_at(const table *t, size_t row, const char *name)
{
    const char *s = t->cell[row * t->ncols + (size_t)col_of(t, name)];
    char *end;
    double v = strtod(s, &end);
    cr_assert(*s && *end == '\0', "%s = '%s' is not a number", name, s);
    return v;
}

static size_t row_of(const table *t, const char *key)
{
    for (size_t r = 1; r < t->nrows; r++)
        if (strcmp(t->cell[r * t->ncols], key) == 0)
            return r;
    cr_assert_fail("no row '%s'", key);
    return 0;
}

/* |got − want| ≤ abs_tol + rel_tol·|want|, both printed on failure. */
static void near(const char *what, double got, double want, double abs_tol, double rel_tol)
{
    cr_assert(fabs(got - want) <= abs_tol + rel_tol * fabs(want),
              "%s: %.15g, expected %.15g (tolerance abs %g rel %g)", what, got, want, abs_tol,
              rel_tol);
}

static char *run_expect(int code, char **err_out, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err, args);
    cr_assert_eq(rc, code, "%s %s: exit %d, expected %d; stderr: %s", args[0], args[1], rc, code,
                 err ? err : "");
    if (err_out)
        *err_out = err;
    else
        free(err);
    return out;
}

static table run_plume(const char *csv)
{
    const char *in = t_path("cases.csv");
    t_write(in, csv);
    const char *args[] = {"--format", "csv", "air", "plume", "--input", in, NULL};
    return parse(run_expect(0, NULL, args));
}

/* ---- air plume: published cases ------------------------------------------------ */

Test(cli_plume, published_concentrations)
{
    table t = run_plume("case,q_g_s,u_m_s,h_eff_m,stability,x_m,y_m,z_m,scheme\n"
                        "PUB01,100,7,90,D,1500,0,0,briggs-rural\n"
                        "PUB02,100,7,90,D,1500,100,0,briggs-rural\n"
                        "PUB03,5,2,30,D,1000,0,0,briggs-rural\n"
                        "PUB04,10,6,50,D,500,0,0,pg\n");
    cr_assert_eq(t.nrows, 5);
    cr_assert_str_eq(t.cell[0], "case");
    near("PUB01 conc", num_at(&t, row_of(&t, "PUB01"), "conc_ug_m3"), 160.3, 0.1, 0);
    near("PUB02 conc", num_at(&t, row_of(&t, "PUB02"), "conc_ug_m3"), 107.5, 0.1, 0);
    near("PUB03 conc", num_at(&t, row_of(&t, "PUB03"), "conc_ug_m3"), 201.139895390322, 0, 1e-6);
    size_t r = row_of(&t, "PUB04");
    near("PUB04 sigma_y", num_at(&t, r, "sigma_y_m"), 36.146193496038, 0, 1e-8);
    near("PUB04 sigma_z", num_at(&t, r, "sigma_z_m"), 18.296892641654, 0, 1e-8);
    near("PUB04 conc", num_at(&t, r, "conc_ug_m3"), 19.17230120488, 0, 1e-8);
    table_free(&t);
}

/* The default scheme is pg, and --scheme sets it for rows without one. */
Test(cli_plume, scheme_option_and_default)
{
    const char *in = t_path("c.csv");
    t_write(in, "case,q_g_s,u_m_s,h_eff_m,stability,x_m,y_m,z_m\nPUB04,10,6,50,D,500,0,0\n"
                "PUB01,100,7,90,D,1500,0,0\n");
    const char *a1[] = {"--format", "csv", "air", "plume", "--input", in, NULL};
    table t = parse(run_expect(0, NULL, a1));
    near("default pg", num_at(&t, row_of(&t, "PUB04"), "conc_ug_m3"), 19.17230120488, 0, 1e-8);
    table_free(&t);
    const char *a2[] = {"--format", "csv",      "air",          "plume", "--input",
                        in,         "--scheme", "briggs-rural", NULL};
    t = parse(run_expect(0, NULL, a2));
    near("--scheme briggs-rural", num_at(&t, row_of(&t, "PUB01"), "conc_ug_m3"), 160.3, 0.1, 0);
    table_free(&t);
    const char *a3[] = {"air", "plume", "--input", in, "--scheme", "isc4", NULL};
    free(run_expect(2, NULL, a3));
}

Test(cli_plume, published_plume_rise_stack_form)
{
    table t =
        run_plume("case,q_g_s,u_m_s,stack_height_m,diam_m,exit_v_m_s,exit_temp_k,ambient_temp_k,"
                  "stability,x_m,y_m,z_m\n"
                  "PR01,100,6,100,5,20,400,280,D,5000,0,0\n"
                  "PR01-1km,100,6,100,5,20,400,280,D,1000,0,0\n"
                  "PR02,100,3,50,2,6.366,350.3774325035,280,D,1000,0,0\n");
    cr_assert_eq(t.nrows, 4);
    size_t r = row_of(&t, "PR01");
    near("PR01 final rise", num_at(&t, r, "plume_rise_m"), 223.352113600373, 0, 1e-8);
    near("PR01 plume height", num_at(&t, r, "h_eff_m"), 323.352113600373, 0, 1e-8);
    near("PR01 rise at 1 km", num_at(&t, row_of(&t, "PR01-1km"), "plume_rise_m"), 191.0493127913148,
         0, 1e-8);
    near("PR02 rise", num_at(&t, row_of(&t, "PR02"), "plume_rise_m"), 47.589, 0.01, 0);
    table_free(&t);
}

/* The stack form is the effective-height form at h_eff = stack + rise. */
Test(cli_plume, stack_form_matches_effective_height)
{
    table s = run_plume("case,q_g_s,u_m_s,stack_height_m,diam_m,exit_v_m_s,exit_temp_k,"
                        "ambient_temp_k,stability,x_m,y_m,z_m,mixing_height_m,scheme\n"
                        "k1,80,4,90,4,15,420,285,C,3000,150,0,,pg\n"
                        "k2,80,4,90,4,15,420,285,E,8000,-200,1.5,600,briggs-urban\n");
    char csv[1024] = "case,q_g_s,u_m_s,h_eff_m,stability,x_m,y_m,z_m,mixing_height_m,scheme\n";
    char line[256];
    snprintf(line, sizeof line, "k1,80,4,%.17g,C,3000,150,0,,pg\n",
             num_at(&s, row_of(&s, "k1"), "h_eff_m"));
    strcat(csv, line);
    snprintf(line, sizeof line, "k2,80,4,%.17g,E,8000,-200,1.5,600,briggs-urban\n",
             num_at(&s, row_of(&s, "k2"), "h_eff_m"));
    strcat(csv, line);
    table h = run_plume(csv);
    for (size_t r = 1; r < 3; r++) {
        cr_assert_gt(num_at(&s, r, "plume_rise_m"), 0.0);
        cr_assert_gt(num_at(&s, r, "conc_ug_m3"), 0.0);
        near("conc", num_at(&s, r, "conc_ug_m3"), num_at(&h, r, "conc_ug_m3"), 0, 1e-10);
        near("sigma_z", num_at(&s, r, "sigma_z_m"), num_at(&h, r, "sigma_z_m"), 0, 1e-12);
    }
    table_free(&s);
    table_free(&h);
}

/* Crosswind symmetry and the mixing lid: a low lid traps the plume (higher ground
 * concentration far downwind than without a lid). */
Test(cli_plume, symmetry_and_lid)
{
    table t = run_plume("case,q_g_s,u_m_s,h_eff_m,stability,x_m,y_m,z_m,mixing_height_m\n"
                        "left,50,5,80,C,4000,-300,0,\n"
                        "right,50,5,80,C,4000,300,0,\n"
                        "open,50,5,80,C,20000,0,0,\n"
                        "lid,50,5,80,C,20000,0,0,300\n");
    near("symmetry", num_at(&t, row_of(&t, "left"), "conc_ug_m3"),
         num_at(&t, row_of(&t, "right"), "conc_ug_m3"), 0, 1e-12);
    double open = num_at(&t, row_of(&t, "open"), "conc_ug_m3");
    double lid = num_at(&t, row_of(&t, "lid"), "conc_ug_m3");
    cr_assert_gt(lid, open, "lid %g, open %g", lid, open);
    table_free(&t);
}

/* ---- air plume: bad input ----------------------------------------------------- */

static void expect_bad(const char *csv, const char *const *needles)
{
    const char *in = t_path("bad.csv");
    t_write(in, csv);
    const char *args[] = {"air", "plume", "--input", in, NULL};
    char *err = NULL;
    char *out = run_expect(3, &err, args);
    cr_assert(out == NULL || out[0] == '\0', "output written despite errors: %s", out);
    for (size_t i = 0; needles[i]; i++) {
        char want[1024];
        snprintf(want, sizeof want, "%s%s", needles[i][0] == ':' ? in : "", needles[i]);
        cr_assert(strstr(err, want) != NULL, "stderr lacks '%s':\n%s", want, err);
    }
    free(out);
    free(err);
}

Test(cli_plume, bad_rows_listed_with_line_and_column)
{
    /* columns: "b1,ten" -> 'ten' at 4; "b2,10,6,50,G" -> G at 12; "b3,10,6,50,D,-100"
     * -> -100 at 14; "b4,10,0" -> the wind 0 at 7; "b5,10,6,50,D,500,0,0,-5" -> -5 at 22 */
    const char *const needles[] = {":3:4:",  "not a number", ":4:12:", "'G'",        ":5:14:",
                                   "upwind", ":6:7:",        ":7:22:", "5 error(s)", NULL};
    expect_bad("case,q_g_s,u_m_s,h_eff_m,stability,x_m,y_m,z_m,mixing_height_m\n"
               "ok,10,6,50,D,500,0,0,\n"
               "b1,ten,6,50,D,500,0,0,\n"
               "b2,10,6,50,G,500,0,0,\n"
               "b3,10,6,50,D,-100,0,0,\n"
               "b4,10,0,50,D,500,0,0,\n"
               "b5,10,6,50,D,500,0,0,-5\n",
               needles);
}

Test(cli_plume, header_errors)
{
    const char *const missing[] = {":1:1:", "missing column 'z_m'", NULL};
    expect_bad("case,q_g_s,u_m_s,h_eff_m,stability,x_m,y_m\nok,10,6,50,D,500,0\n", missing);
    const char *const unknown[] = {"unknown column 'colour'", NULL};
    expect_bad("case,q_g_s,u_m_s,h_eff_m,stability,x_m,y_m,z_m,colour\nok,10,6,50,D,500,0,0,red\n",
               unknown);
    const char *const both[] = {"not both", NULL};
    expect_bad("case,q_g_s,u_m_s,h_eff_m,stack_height_m,diam_m,exit_v_m_s,exit_temp_k,"
               "ambient_temp_k,stability,x_m,y_m,z_m\nok,10,6,50,50,2,10,400,280,D,500,0,0\n",
               both);
    const char *const partial[] = {"missing column 'ambient_temp_k'", NULL};
    expect_bad("case,q_g_s,u_m_s,stack_height_m,diam_m,exit_v_m_s,exit_temp_k,stability,x_m,"
               "y_m,z_m\nok,10,6,50,2,10,400,D,500,0,0\n",
               partial);
}

Test(cli_plume, usage_errors)
{
    const char *a1[] = {"air", "plume", NULL};
    free(run_expect(2, NULL, a1));
    const char *a2[] = {"air", "plume", "--input", "x.csv", "--reflections", "-1", NULL};
    free(run_expect(2, NULL, a2));
    const char *a3[] = {"air", "plume", "--help", NULL};
    char *out = run_expect(0, NULL, a3);
    cr_assert(strstr(out, "stack_height_m") && strstr(out, "plume_rise_m"), "%s", out);
    free(out);
}

/* ---- air dispersion ---------------------------------------------------------- */

/* Two lines 20 km apart, one per jurisdiction, PM only from the first. */
static const char plants_csv[] =
    "code,plant,name_zh,name_en,jurisdiction,lon,lat,region,capacity_t_d,stack_height_m,"
    "stack_diam_m,exit_v_m_s,exit_temp_k,grade,coprocessing,special_cement_pct,carbide_slag,"
    "heating_duty,pm_g_s,so2_g_s,nox_g_s,limits\n"
    "SC-L1,Test Cement A,测试水泥甲,Test line A,510000,106.0,30.0,east,4500,100,4,15,400,B,0,0,0,"
    "0,10,5,80,\n"
    "CQ-L1,Test Cement B,测试水泥乙,Test line B,500000,106.2,30.0,east,4500,80,3.5,12,390,C,0,0,0,"
    "0,0,6,70,\n";

/* A database with the two lines; returns its path (static). */
static const char *plant_db(void)
{
    static char db[768];
    snprintf(db, sizeof db, "%s", t_path("plume.db"));
    const char *a1[] = {"--db", db, "import", "jurisdictions", t_fixture("jurisdictions.csv"),
                        NULL};
    free(run_expect(0, NULL, a1));
    const char *pl = t_path("plants.csv");
    t_write(pl, plants_csv);
    const char *a2[] = {"--db", db, "import", "plants", pl, NULL};
    free(run_expect(0, NULL, a2));
    return db;
}

/* Hour 1 from the west, class D, 800 m lid; hour 2 calm (skipped: counts as zero);
 * hour 3 has no class but a cloud cover (Turner's method). */
static const char met_csv[] = "time,u_m_s,dir_from_deg,temp_k,mixing_height_m,stability,"
                              "cloud_tenths\n"
                              "2022-12-01T10:00,5,270,283,800,D,\n"
                              "2022-12-01T11:00,0.4,270,284,800,D,\n"
                              "2022-12-01T12:00,5,270,285,,,10\n";

static table run_disp(const char *db, const char *hours, const char *extra)
{
    const char *met = t_path("met.csv");
    t_write(met, met_csv);
    const char *args[] = {"--db",   db,  "air",     "dispersion", "--met", met,
                          "--grid", "2", "--hours", hours,        extra,   NULL};
    return parse(run_expect(0, NULL, args));
}

Test(cli_plume, dispersion_field)
{
    const char *db = plant_db();
    table one = run_disp(db, "1", NULL);
    table two = run_disp(db, "2", NULL);
    cr_assert_str_eq(one.cell[0], "lon");
    cr_assert_eq(one.ncols, 5);
    cr_assert_eq(one.nrows, two.nrows);
    cr_assert_gt(one.nrows, 100);
    double best = 0;
    size_t at = 0;
    for (size_t r = 1; r < one.nrows; r++) {
        double c1 = num_at(&one, r, "conc_ug_m3"), c2 = num_at(&two, r, "conc_ug_m3");
        /* the calm hour counts as zero in the mean (rounding: 6 significant digits) */
        near("two-hour mean", c2, c1 / 2, 1e-300, 1e-5);
        /* wind from the west: nothing west of the western line */
        if (num_at(&one, r, "lon") < 105.99)
            cr_assert(c1 == 0, "conc %g west of the source at %s", c1, one.cell[r * one.ncols]);
        if (c1 > best) {
            best = c1;
            at = r;
        }
    }
    cr_assert_gt(best, 0.0);
    /* the maximum lies east of the PM line, close to its latitude */
    cr_assert_gt(num_at(&one, at, "lon"), 106.0);
    near("latitude of the maximum", num_at(&one, at, "lat"), 30.0, 0.02, 0);
    /* Turner's method fills in the third hour's class (overcast: D); that hour adds to
     * the field */
    table three = run_disp(db, "3", NULL);
    cr_assert_eq(three.nrows, one.nrows);
    double sum2 = 0, sum3 = 0;
    for (size_t r = 1; r < three.nrows; r++) {
        sum2 += num_at(&two, r, "conc_ug_m3");
        sum3 += num_at(&three, r, "conc_ug_m3");
    }
    cr_assert_gt(sum3 * 3, sum2 * 2 * 1.5, "3-hour sum %g, 2-hour %g", sum3, sum2);
    table_free(&three);
    table_free(&one);
    table_free(&two);
}

/* One jurisdiction's line alone: the grid is centred on it, so the field is symmetric
 * about its latitude row (the wind blows along x). */
Test(cli_plume, dispersion_one_jurisdiction_symmetric)
{
    const char *db = plant_db();
    table t = run_disp(db, "1", "--jurisdiction=510000");
    double sum_n = 0, sum_s = 0;
    for (size_t r = 1; r < t.nrows; r++) {
        double y = num_at(&t, r, "y_m"), c = num_at(&t, r, "conc_ug_m3");
        if (y > 0)
            sum_n += c;
        else
            sum_s += c;
    }
    cr_assert_gt(sum_n, 0.0);
    near("north vs south", sum_n, sum_s, 0, 1e-4);
    table_free(&t);
    /* SO2 of the Chongqing line only */
    const char *met = t_path("met.csv");
    const char *a[] = {"--db",   db,  "air",         "dispersion", "--met",          met,
                       "--grid", "2", "--pollutant", "so2",        "--jurisdiction", "500000",
                       NULL};
    t = parse(run_expect(0, NULL, a));
    cr_assert_gt(t.nrows, 10);
    table_free(&t);
    /* no PM from the Chongqing line */
    const char *b[] = {"--db",           db,       "air", "dispersion", "--met", met, "--grid", "2",
                       "--jurisdiction", "500000", NULL};
    char *err = NULL;
    free(run_expect(1, &err, b));
    cr_assert(strstr(err, "emits") != NULL, "%s", err);
    free(err);
}

Test(cli_plume, dispersion_ascii_grid)
{
    const char *db = plant_db();
    const char *met = t_path("met.csv");
    t_write(met, met_csv);
    char asc[768], prj[768];
    snprintf(asc, sizeof asc, "%s", t_path("conc.asc"));
    snprintf(prj, sizeof prj, "%s", t_path("conc.prj"));
    const char *args[] = {"--db", db,        "air", "dispersion", "--met", met, "--grid",
                          "2",    "--hours", "1",   "--out",      asc,     NULL};
    char *err = NULL;
    free(run_expect(0, &err, args));
    cr_assert(strstr(err, "written to") != NULL, "%s", err);
    free(err);
    char *text = t_read(asc);
    cr_assert_not_null(text);
    long ncols = 0, nrows = 0;
    double xll, yll, cell;
    int nodata;
    cr_assert_eq(sscanf(text,
                        "ncols %ld\nnrows %ld\nxllcorner %lf\nyllcorner %lf\ncellsize %lf\n"
                        "NODATA_value %d",
                        &ncols, &nrows, &xll, &yll, &cell, &nodata),
                 6, "%.200s", text);
    cr_assert(cell == 2000 && nodata == -9999, "cellsize %g nodata %d", cell, nodata);
    /* 20 km between the lines + 2 × 10 km margin = 40 km: 20 columns; 20 km: 10 rows */
    cr_assert_eq(ncols, 20);
    cr_assert_eq(nrows, 10);
    near("centred x", xll + (double)ncols * cell / 2, 0, 200, 0);
    long lines = 0;
    for (char *p = text; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(lines, 6 + nrows);
    free(text);
    char *wkt = t_read(prj);
    cr_assert(wkt && strstr(wkt, "Azimuthal_Equidistant"), "%s", wkt ? wkt : "(no .prj)");
    free(wkt);
}

/* The GeoTIFF holds the same field as the ASCII grid (which prints 6 significant
   digits, hence the tolerance), in the same row order. */
Test(cli_plume, dispersion_geotiff_matches_ascii_grid)
{
    const char *db = plant_db();
    const char *met = t_path("met.csv");
    t_write(met, met_csv);
    char asc[768], tif[768];
    snprintf(asc, sizeof asc, "%s", t_path("conc.asc"));
    snprintf(tif, sizeof tif, "%s", t_path("conc.tif"));
    const char *a1[] = {"--db",    db, "air",   "dispersion", "--met", met, "--grid", "2",
                        "--hours", "1", "--out", asc,          NULL};
    free(run_expect(0, NULL, a1));
    const char *a2[] = {"--db",    db, "air",   "dispersion", "--met", met, "--grid", "2",
                        "--hours", "1", "--out", tif,          NULL};
    free(run_expect(0, NULL, a2));
    char *text = t_read(asc);
    cr_assert_not_null(text);
    long ncols = 0, nrows = 0;
    int used = 0;
    cr_assert_eq(sscanf(text, "ncols %ld\nnrows %ld\n%*[^\n]\n%*[^\n]\n%*[^\n]\n%*[^\n]\n%n",
                        &ncols, &nrows, &used),
                 2);
    TIFFSetWarningHandler(NULL); /* the test reads GeoTIFF tags libtiff alone does not know */
    TIFF *t = TIFFOpen(tif, "r");
    cr_assert_not_null(t, "cannot read %s", tif);
    uint32_t w = 0, h = 0;
    TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(t, TIFFTAG_IMAGELENGTH, &h);
    cr_assert(w == (uint32_t)ncols && h == (uint32_t)nrows, "tif %ux%u, asc %ldx%ld", w, h, ncols,
              nrows);
    double *row = malloc(w * sizeof *row);
    const char *q = text + used;
    double max = 0;
    for (uint32_t r = 0; r < h; r++) {
        cr_assert_eq(TIFFReadScanline(t, row, r, 0), 1);
        for (uint32_t i = 0; i < w; i++) {
            char *end;
            double a = strtod(q, &end);
            cr_assert(end != q, "asc ends early at row %u", r);
            q = end;
            near("cell", row[i], a, 0, 1e-5);
            max = fmax(max, row[i]);
        }
    }
    cr_assert_gt(max, 0.0);
    free(row);
    TIFFClose(t);
    free(text);
}

Test(cli_plume, dispersion_bad_met)
{
    const char *db = plant_db();
    const char *met = t_path("badmet.csv");
    t_write(met, "time,u_m_s,dir_from_deg,temp_k,mixing_height_m,stability\n"
                 "2022-12-01T10:00,5,270,283,800,D\n"
                 "2022-12-01T11:00,5,400,283,800,D\n"
                 "2022-12-01T12:00,5,270,283,800,\n");
    const char *args[] = {"--db", db, "air", "dispersion", "--met", met, "--grid", "2", NULL};
    char *err = NULL;
    free(run_expect(3, &err, args));
    char want[800];
    snprintf(want, sizeof want, "%s:3:", met);
    cr_assert(strstr(err, want) != NULL, "%s", err);
    snprintf(want, sizeof want, "%s:4:", met);
    cr_assert(strstr(err, want) != NULL && strstr(err, "cloud_tenths"), "%s", err);
    free(err);
    const char *a2[] = {"--db", db, "air", "dispersion", "--met", met, NULL};
    free(run_expect(2, NULL, a2));
    const char *a3[] = {"--db",   db,  "air",   "dispersion",    "--met", met,
                        "--grid", "1", "--out", t_path("x.png"), NULL};
    free(run_expect(2, NULL, a3));
}
