/* Store imports of cement clinker lines and population receptors through the library
 * API: measured and derived emission rates (the derivation hand-computed below), the
 * recorded basis, flags and grades read back, --replace, dry runs, the bad-input
 * matrix (every rejection says where the problem is and leaves the database exactly
 * as it was), and the demo files. */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/industry.h"
#include "jointenv/store.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(import_plants, .fini = cleanup);

#define PLANT_HDR                                                                                  \
    "code,plant,name_zh,name_en,jurisdiction,lon,lat,region,capacity_t_d,stack_height_m,"          \
    "stack_diam_m,exit_v_m_s,exit_temp_k,grade,coprocessing,special_cement_pct,carbide_slag,"      \
    "heating_duty,pm_g_s,so2_g_s,nox_g_s,limits\n"
#define REC_HDR "code,name_zh,name_en,jurisdiction,lon,lat,population\n"

enum {
    P_CODE,
    P_PLANT,
    P_NAME_ZH,
    P_NAME_EN,
    P_JUR,
    P_LON,
    P_LAT,
    P_REGION,
    P_CAP,
    P_STACK_H,
    P_STACK_D,
    P_EXIT_V,
    P_EXIT_T,
    P_GRADE,
    P_COPROC,
    P_SPECIAL,
    P_CARBIDE,
    P_HEATING,
    P_PM,
    P_SO2,
    P_NOX,
    P_LIMITS,
    P_NCOLS
};

enum { R_CODE, R_NAME_ZH, R_NAME_EN, R_JUR, R_LON, R_LAT, R_POP, R_NCOLS };

/* Four lines: measured (Sichuan), and derived at the general, special and ultra-low
 * limits (Chongqing / Sichuan), with flags set on some. */
static const char plants_csv[] = PLANT_HDR
    "SC-T-01,测试水泥甲,测试水泥1号线,Test cement line 1,510000,106.70,30.40,SC-NE,4500,100,4.0,"
    "15.5,410,B,1,0,0,0,2.5,10.25,40,\n"
    "CQ-T-01,测试水泥乙,测试水泥乙1号线,Test B line 1,500000,107.40,29.70,CQ-C,5000,110,4.2,16,"
    "420,C,0,100,0,0,,,,general\n"
    "SC-T-02,测试水泥甲,测试水泥2号线,Test cement line 2,510000,106.71,30.41,SC-NE,2500,85,3.0,"
    "12,395,D,0,60,1,1,,,,special\n"
    "CQ-T-02,测试水泥丙,测试水泥丙1号线,Test C line 1,500000,108.38,30.80,CQ-NE,10000,120,5.0,"
    "20,440,A,0,0,0,0,,,,ultra-low\n";

static const char receptors_csv[] = REC_HDR "510100,成都,Chengdu,510000,104.066,30.657,19450000\n"
                                            "500117,合川,Hechuan,500000,106.276,29.972,1250000\n"
                                            "511623,邻水,Linshui,510000,106.930,30.334,770000\n";

/* A database with the jurisdictions fixture (Sichuan 510000, Chongqing 500000). */
static je_db *plant_db(char *dbp, size_t n, const char *name)
{
    snprintf(dbp, n, "%s", t_path(name));
    je_db *db = t_open_db(dbp);
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions, t_fixture("jurisdictions.csv"), NULL, &rep);
    je_import_report_free(&rep);
    return db;
}

static je_db *plant_db_with_lines(char *dbp, size_t n, const char *name)
{
    je_db *db = plant_db(dbp, n, name);
    je_import_report rep;
    t_import_ok(db, je_import_plants, t_file_with("plants.csv", plants_csv), NULL, &rep);
    cr_assert_eq(rep.inserted, 4, "lines inserted %zu", rep.inserted);
    je_import_report_free(&rep);
    return db;
}

static je_plant *plants_of(je_db *db, const char *jur, size_t *n)
{
    je_plant *p = NULL;
    je_error e;
    je_error_clear(&e);
    cr_assert_eq(je_store_plants(db, jur, &p, n, &e), JE_OK, "%s", e.message);
    return p;
}

static const je_plant *find_plant(const je_plant *p, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].code, code) == 0)
            return &p[i];
    cr_assert_fail("line %s not listed", code);
    return NULL;
}

static void expect_near(double got, double want, double tol, const char *what)
{
    cr_assert(fabs(got - want) <= tol, "%s = %.12g, expected %.12g (tolerance %g)", what, got, want,
              tol);
}

/* ---- the GB 4915 derivation ----------------------------------------------- */

Test(import_plants, gb4915_derive_hand_computed)
{
    double q[JE_GB4915_NPOL];
    char basis[200];
    je_error e;
    /* 5 000 t/d at the general limits (GB 4915-2013 Table 1, 30/200/400 mg/Nm3),
       2 300 Nm3/t:
         PM  30 x 2300 x 5000 / 86400 / 1000 = 345 000 000 / 86 400 000 = 3.993056 g/s
         SO2 200 x 2300 x 5000 / 86 400 000 = 2 300 000 000 / 86 400 000 = 26.62037 g/s
         NOx 400 x ...                                                   = 53.24074 g/s */
    cr_assert_eq(je_gb4915_derive(JE_GB4915_GENERAL, 5000, q, basis, sizeof basis, &e), JE_OK);
    expect_near(q[JE_GB4915_PM], 3.993056, 5e-7, "PM general 5000");
    expect_near(q[JE_GB4915_SO2], 26.62037, 5e-6, "SO2 general 5000");
    expect_near(q[JE_GB4915_NOX], 53.24074, 5e-6, "NOx general 5000");
    cr_assert_str_eq(
        basis, "GB 4915-2013 Table 1 general limits 30/200/400 mg/Nm3 x 2300 Nm3/t x 5000 t/d");
    /* 2 500 t/d at the special limits (Table 2, 20/100/320):
         PM 20 x 2300 x 2500 / 86 400 000 = 115 000 000 / 86 400 000 = 1.331019 g/s
         SO2 100 -> 6.655093, NOx 320 -> 21.29630 g/s */
    cr_assert_eq(je_gb4915_derive(JE_GB4915_SPECIAL, 2500, q, basis, sizeof basis, &e), JE_OK);
    expect_near(q[JE_GB4915_PM], 1.331019, 5e-7, "PM special 2500");
    expect_near(q[JE_GB4915_SO2], 6.655093, 5e-7, "SO2 special 2500");
    expect_near(q[JE_GB4915_NOX], 21.29630, 5e-6, "NOx special 2500");
    cr_assert(strstr(basis, "GB 4915-2013 Table 2 special limits 20/100/320") == basis, "%s",
              basis);
    /* 10 000 t/d ultra-low (10/35/50): PM 10 x 2300 x 10000 / 86 400 000 = 2.662037,
       SO2 9.317130, NOx 13.31019 g/s */
    cr_assert_eq(je_gb4915_derive(JE_GB4915_ULTRA_LOW, 10000, q, NULL, 0, &e), JE_OK);
    expect_near(q[JE_GB4915_PM], 2.662037, 5e-7, "PM ultra-low 10000");
    expect_near(q[JE_GB4915_SO2], 9.317130, 5e-7, "SO2 ultra-low 10000");
    expect_near(q[JE_GB4915_NOX], 13.31019, 5e-6, "NOx ultra-low 10000");
    /* proportional to capacity; invalid input leaves q untouched */
    double q2[JE_GB4915_NPOL];
    cr_assert_eq(je_gb4915_derive(JE_GB4915_ULTRA_LOW, 5000, q2, NULL, 0, NULL), JE_OK);
    expect_near(q2[JE_GB4915_NOX] * 2, q[JE_GB4915_NOX], 1e-12, "linear in capacity");
    cr_assert_eq(je_gb4915_derive(JE_GB4915_GENERAL, 0, q, NULL, 0, &e), JE_EINVAL);
    cr_assert_eq(je_gb4915_derive(JE_GB4915_GENERAL, NAN, q, NULL, 0, &e), JE_EINVAL);
    cr_assert_eq(je_gb4915_derive((je_gb4915_regime)7, 5000, q, NULL, 0, &e), JE_EINVAL);
    expect_near(q[JE_GB4915_NOX], 13.31019, 5e-6, "untouched after EINVAL");
    /* names */
    je_gb4915_regime r;
    cr_assert_eq(je_gb4915_regime_parse("ultra-low", &r, NULL), JE_OK);
    cr_assert_eq(r, JE_GB4915_ULTRA_LOW);
    cr_assert_eq(je_gb4915_regime_parse("General", &r, &e), JE_EINVAL);
    cr_assert_str_eq(je_gb4915_regime_name(JE_GB4915_SPECIAL), "special");
    cr_assert_eq(je_gb4915_limits_of(JE_GB4915_GENERAL)->mg_nm3[JE_GB4915_SO2], 200.0);
}

/* ---- good files ------------------------------------------------------------- */

Test(import_plants, good_file_measured_and_derived)
{
    char dbp[768];
    je_db *db = plant_db_with_lines(dbp, sizeof dbp, "good.db");
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM clinker_line"), 4);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM import_batch WHERE kind = 'plants'"
                               " AND row_count = 4 AND inserted = 4"),
                 1);

    size_t n;
    je_plant *p = plants_of(db, NULL, &n);
    cr_assert_eq(n, 4);
    /* ordered by code */
    cr_assert_str_eq(p[0].code, "CQ-T-01");
    cr_assert_str_eq(p[3].code, "SC-T-02");

    /* measured: the given rates, basis "measured", every attribute back */
    const je_plant *m = find_plant(p, n, "SC-T-01");
    cr_assert_str_eq(m->plant, "测试水泥甲");
    cr_assert_str_eq(m->name_zh, "测试水泥1号线");
    cr_assert_str_eq(m->name_en, "Test cement line 1");
    cr_assert_str_eq(m->jurisdiction, "510000");
    cr_assert_str_eq(m->region, "SC-NE");
    expect_near(m->lon, 106.70, 1e-12, "lon");
    expect_near(m->lat, 30.40, 1e-12, "lat");
    expect_near(m->capacity_t_d, 4500, 0, "capacity");
    expect_near(m->stack.height_m, 100, 0, "stack height");
    expect_near(m->stack.diam_m, 4.0, 0, "stack diameter");
    expect_near(m->stack.exit_v_m_s, 15.5, 0, "exit velocity");
    expect_near(m->stack.exit_temp_k, 410, 0, "exit temperature");
    expect_near(m->q_g_s[JE_PLANT_PM], 2.5, 0, "measured PM");
    expect_near(m->q_g_s[JE_PLANT_SO2], 10.25, 0, "measured SO2");
    expect_near(m->q_g_s[JE_PLANT_NOX], 40, 0, "measured NOx");
    cr_assert_str_eq(m->basis, "measured");
    cr_assert_eq(m->grade, 'B');
    cr_assert_eq(m->coprocessing, 1);
    cr_assert_eq(m->special_cement, 0);
    cr_assert_eq(m->carbide_slag, 0);
    cr_assert_eq(m->heating_duty, 0);

    /* general limits, 5 000 t/d: 3.993056 / 26.62037 / 53.24074 g/s (see above) */
    const je_plant *g = find_plant(p, n, "CQ-T-01");
    expect_near(g->q_g_s[JE_PLANT_PM], 3.993056, 5e-7, "derived PM");
    expect_near(g->q_g_s[JE_PLANT_SO2], 26.62037, 5e-6, "derived SO2");
    expect_near(g->q_g_s[JE_PLANT_NOX], 53.24074, 5e-6, "derived NOx");
    cr_assert_str_eq(
        g->basis, "GB 4915-2013 Table 1 general limits 30/200/400 mg/Nm3 x 2300 Nm3/t x 5000 t/d");
    cr_assert_eq(g->grade, 'C');
    cr_assert_eq(g->special_cement, 100);

    /* special limits, 2 500 t/d: 1.331019 / 6.655093 / 21.29630 g/s */
    const je_plant *s = find_plant(p, n, "SC-T-02");
    expect_near(s->q_g_s[JE_PLANT_PM], 1.331019, 5e-7, "special PM");
    expect_near(s->q_g_s[JE_PLANT_SO2], 6.655093, 5e-7, "special SO2");
    expect_near(s->q_g_s[JE_PLANT_NOX], 21.29630, 5e-6, "special NOx");
    cr_assert_str_eq(
        s->basis, "GB 4915-2013 Table 2 special limits 20/100/320 mg/Nm3 x 2300 Nm3/t x 2500 t/d");
    cr_assert_eq(s->grade, 'D');
    cr_assert_eq(s->special_cement, 60);
    cr_assert_eq(s->carbide_slag, 1);
    cr_assert_eq(s->heating_duty, 1);

    /* ultra-low, 10 000 t/d: 2.662037 / 9.317130 / 13.31019 g/s */
    const je_plant *u = find_plant(p, n, "CQ-T-02");
    expect_near(u->q_g_s[JE_PLANT_PM], 2.662037, 5e-7, "ultra-low PM");
    expect_near(u->q_g_s[JE_PLANT_SO2], 9.317130, 5e-7, "ultra-low SO2");
    expect_near(u->q_g_s[JE_PLANT_NOX], 13.31019, 5e-6, "ultra-low NOx");
    cr_assert(strstr(u->basis, "ultra-low limits 10/35/50 mg/Nm3 x 2300 Nm3/t x 10000 t/d"), "%s",
              u->basis);
    cr_assert_eq(u->grade, 'A');
    free(p);

    /* by jurisdiction */
    p = plants_of(db, "500000", &n);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(p[0].code, "CQ-T-01");
    cr_assert_str_eq(p[1].code, "CQ-T-02");
    free(p);
    p = plants_of(db, "440000", &n);
    cr_assert_eq(n, 0);
    free(p);
    je_db_close(db);
}

Test(import_plants, dry_run_writes_nothing)
{
    char dbp[768];
    je_db *db = plant_db(dbp, sizeof dbp, "dry.db");
    char before[65], after[65];
    t_db_fingerprint(dbp, before);
    je_import_opts o = {0};
    o.dry_run = 1;
    je_import_report rep;
    t_import_ok(db, je_import_plants, t_file_with("plants.csv", plants_csv), &o, &rep);
    cr_assert_eq(rep.inserted, 4);
    cr_assert_eq(rep.batch_id, 0);
    je_import_report_free(&rep);
    t_db_fingerprint(dbp, after);
    cr_assert_str_eq(after, before);
    je_db_close(db);
}

/* ---- --replace ------------------------------------------------------------- */

Test(import_plants, replace_updates_and_switches_basis)
{
    char dbp[768];
    je_db *db = plant_db_with_lines(dbp, sizeof dbp, "replace.db");
    /* the measured line becomes derived at the special limits, 6 000 t/d, grade A:
       PM 20 x 2300 x 6000 / 86 400 000 = 276 000 000 / 86 400 000 = 3.194444 g/s */
    const char *text =
        PLANT_HDR "SC-T-01,测试水泥甲,测试水泥1号线,Test cement line 1,510000,106.70,30.40,"
                  "SC-NE,6000,100,4.0,15.5,410,A,0,0,0,0,,,,special\n";
    const char *f = t_file_with("plants2.csv", text);
    /* without --replace: rejected at the code, database unchanged */
    t_expect_rejected(dbp, db, je_import_plants, f, NULL, 2, 1, "already exists", 1);
    je_import_opts o = {0};
    o.replace = 1;
    je_import_report rep;
    t_import_ok(db, je_import_plants, f, &o, &rep);
    cr_assert_eq(rep.inserted, 0);
    cr_assert_eq(rep.updated, 1);
    je_import_report_free(&rep);
    size_t n;
    je_plant *p = plants_of(db, NULL, &n);
    cr_assert_eq(n, 4);
    const je_plant *x = find_plant(p, n, "SC-T-01");
    expect_near(x->capacity_t_d, 6000, 0, "capacity");
    expect_near(x->q_g_s[JE_PLANT_PM], 3.194444, 5e-7, "PM after replace");
    cr_assert(strstr(x->basis, "special limits") != NULL, "%s", x->basis);
    cr_assert_eq(x->grade, 'A');
    cr_assert_eq(x->coprocessing, 0);
    free(p);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM import_batch WHERE kind = 'plants'"
                               " AND replace = 1 AND updated = 1"),
                 1);
    je_db_close(db);
}

/* ---- the bad-input matrix ----------------------------------------------------- */

/* A line row: the base row with fields replaced by (index, text) pairs, -1 ends. */
static void plant_row(char *out, size_t size, ...)
{
    const char *f[P_NCOLS] = {"SC-N-01", "新水泥", "新水泥1号线", "New line 1", "510000",
                              "104.05",  "30.66",  "SC-W",        "5000",       "100",
                              "4.0",     "15",     "410",         "B",          "0",
                              "0",       "0",      "0",           "",           "",
                              "",        "general"};
    va_list ap;
    va_start(ap, size);
    int k;
    while ((k = va_arg(ap, int)) >= 0)
        f[k] = va_arg(ap, const char *);
    va_end(ap);
    out[0] = '\0';
    for (int i = 0; i < P_NCOLS; i++) {
        strncat(out, i ? "," : "", size - strlen(out) - 1);
        strncat(out, f[i], size - strlen(out) - 1);
    }
}

static void expect_plant_rejected(const char *dbp, je_db *db, const char *row, int field,
                                  const char *msg)
{
    char text[4096];
    snprintf(text, sizeof text, PLANT_HDR "%s\n", row);
    const char *f = t_file_with("bad_plants.csv", text);
    t_expect_rejected(dbp, db, je_import_plants, f, NULL, 2, t_char_col(row, field), msg, 1);
}

/* One field of the base row replaced by `value` must be rejected at that field. */
static void bad_field(const char *dbp, je_db *db, int field, const char *value, const char *msg)
{
    char row[1024];
    plant_row(row, sizeof row, field, value, -1);
    expect_plant_rejected(dbp, db, row, field, msg);
}

Test(import_plants, bad_lines)
{
    char dbp[768];
    je_db *db = plant_db_with_lines(dbp, sizeof dbp, "bad.db");
    char row[1024];

    /* empty and over-long text */
    bad_field(dbp, db, P_CODE, "", "empty code");
    bad_field(dbp, db, P_PLANT, "", "empty plant");
    bad_field(dbp, db, P_NAME_ZH, "", "empty name_zh");
    bad_field(dbp, db, P_NAME_EN, "", "empty name_en");
    bad_field(dbp, db, P_REGION, "", "empty region");
    bad_field(dbp, db, P_CODE, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "code too long");
    /* jurisdiction */
    bad_field(dbp, db, P_JUR, "", "empty jurisdiction");
    bad_field(dbp, db, P_JUR, "440000", "unknown jurisdiction '440000'");
    /* coordinates */
    bad_field(dbp, db, P_LON, "200", "invalid lon '200'");
    bad_field(dbp, db, P_LON, "abc", "invalid lon");
    bad_field(dbp, db, P_LAT, "-91", "invalid lat");
    bad_field(dbp, db, P_LAT, "", "invalid lat");
    /* ranges: just outside each bound, and not a number */
    bad_field(dbp, db, P_CAP, "99", "invalid capacity_t_d '99' (clinker t/day, 100 to 20000)");
    bad_field(dbp, db, P_CAP, "20001", "invalid capacity_t_d");
    bad_field(dbp, db, P_CAP, "5000t", "invalid capacity_t_d");
    bad_field(dbp, db, P_STACK_H, "9.9", "invalid stack_height_m");
    bad_field(dbp, db, P_STACK_H, "301", "invalid stack_height_m");
    bad_field(dbp, db, P_STACK_D, "0.4", "invalid stack_diam_m");
    bad_field(dbp, db, P_STACK_D, "15.5", "invalid stack_diam_m");
    bad_field(dbp, db, P_EXIT_V, "0.9", "invalid exit_v_m_s");
    bad_field(dbp, db, P_EXIT_V, "41", "invalid exit_v_m_s");
    bad_field(dbp, db, P_EXIT_T, "299", "invalid exit_temp_k");
    bad_field(dbp, db, P_EXIT_T, "701", "invalid exit_temp_k");
    bad_field(dbp, db, P_EXIT_T, "", "invalid exit_temp_k");
    /* grade and flags */
    bad_field(dbp, db, P_GRADE, "E", "invalid grade 'E'");
    bad_field(dbp, db, P_GRADE, "b", "invalid grade");
    bad_field(dbp, db, P_GRADE, "AB", "invalid grade");
    bad_field(dbp, db, P_GRADE, "", "invalid grade");
    bad_field(dbp, db, P_COPROC, "2", "invalid coprocessing '2' (0 or 1)");
    bad_field(dbp, db, P_COPROC, "yes", "invalid coprocessing");
    bad_field(dbp, db, P_CARBIDE, "", "invalid carbide_slag");
    bad_field(dbp, db, P_HEATING, "-1", "invalid heating_duty");
    bad_field(dbp, db, P_SPECIAL, "101", "invalid special_cement_pct");
    bad_field(dbp, db, P_SPECIAL, "-1", "invalid special_cement_pct");
    bad_field(dbp, db, P_SPECIAL, "50.5", "invalid special_cement_pct");
    /* emission rates: limits unknown, missing, or mixed with measured rates */
    bad_field(dbp, db, P_LIMITS, "strict", "invalid limits 'strict'");
    bad_field(dbp, db, P_LIMITS, "", "no emission rates");
    plant_row(row, sizeof row, P_PM, "1", P_SO2, "2", P_NOX, "3", -1);
    expect_plant_rejected(dbp, db, row, P_LIMITS, "given with measured rates");
    plant_row(row, sizeof row, P_PM, "1", P_NOX, "3", P_LIMITS, "", -1);
    expect_plant_rejected(dbp, db, row, P_SO2, "empty so2_g_s: give all of");
    plant_row(row, sizeof row, P_SO2, "1", P_LIMITS, "", -1);
    expect_plant_rejected(dbp, db, row, P_PM, "empty pm_g_s");
    plant_row(row, sizeof row, P_PM, "-0.1", P_SO2, "2", P_NOX, "3", P_LIMITS, "", -1);
    expect_plant_rejected(dbp, db, row, P_PM, "invalid pm_g_s '-0.1' (g/s, 0 to 1000)");
    plant_row(row, sizeof row, P_PM, "1", P_SO2, "2", P_NOX, "1001", P_LIMITS, "", -1);
    expect_plant_rejected(dbp, db, row, P_NOX, "invalid nox_g_s");
    plant_row(row, sizeof row, P_PM, "1", P_SO2, "x", P_NOX, "3", P_LIMITS, "", -1);
    expect_plant_rejected(dbp, db, row, P_SO2, "invalid so2_g_s");
    /* an existing code without --replace */
    bad_field(dbp, db, P_CODE, "SC-T-01", "line SC-T-01 already exists");

    /* every bad field of one row is reported, the first one first */
    plant_row(row, sizeof row, P_CAP, "50", P_GRADE, "Z", -1);
    char text[4096];
    snprintf(text, sizeof text, PLANT_HDR "%s\n", row);
    t_expect_rejected(dbp, db, je_import_plants, t_file_with("two.csv", text), NULL, 2,
                      t_char_col(row, P_CAP), "invalid capacity_t_d", 2);

    /* the same code twice in one file: the second is rejected, nothing is kept, even
       with --replace */
    char r1[1024], r2[1024];
    plant_row(r1, sizeof r1, P_CODE, "SC-D-01", -1);
    plant_row(r2, sizeof r2, P_CODE, "SC-D-01", P_CAP, "6000", -1);
    snprintf(text, sizeof text, PLANT_HDR "%s\n%s\n", r1, r2);
    je_import_opts o = {0};
    o.replace = 1;
    t_expect_rejected(dbp, db, je_import_plants, t_file_with("twice.csv", text), &o, 3, 1,
                      "appears twice in this file", 1);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM clinker_line WHERE code = 'SC-D-01'"), 0);

    /* a good row after bad ones: still nothing is imported */
    plant_row(r1, sizeof r1, P_CODE, "SC-G-01", -1);
    plant_row(r2, sizeof r2, P_CODE, "SC-G-02", P_LON, "x", -1);
    snprintf(text, sizeof text, PLANT_HDR "%s\n%s\n", r1, r2);
    t_expect_rejected(dbp, db, je_import_plants, t_file_with("mixed.csv", text), NULL, 3,
                      t_char_col(r2, P_LON), "invalid lon", 1);

    /* the header: a missing column, an unknown column */
    t_expect_rejected(dbp, db, je_import_plants, t_file_with("nolimits.csv", "code,plant\nX,Y\n"),
                      NULL, 1, 1, "missing column 'name_zh'", 0);
    char hdr[512];
    snprintf(hdr, sizeof hdr, "%.*s,extra", (int)strlen(PLANT_HDR) - 1, PLANT_HDR);
    snprintf(text, sizeof text, "%s\n%s,1\n", hdr, r1);
    t_expect_rejected(dbp, db, je_import_plants, t_file_with("extra.csv", text), NULL, 1,
                      t_char_col(hdr, P_NCOLS), "unknown column 'extra'", 1);

    /* the base row imports */
    plant_row(row, sizeof row, -1);
    snprintf(text, sizeof text, PLANT_HDR "%s\n", row);
    je_import_report rep;
    t_import_ok(db, je_import_plants, t_file_with("ok.csv", text), NULL, &rep);
    cr_assert_eq(rep.inserted, 1);
    je_import_report_free(&rep);
    je_db_close(db);
}

/* ---- receptors ------------------------------------------------------------- */

static je_receptor *receptors_of(je_db *db, const char *jur, size_t *n)
{
    je_receptor *r = NULL;
    je_error e;
    je_error_clear(&e);
    cr_assert_eq(je_store_receptors(db, jur, &r, n, &e), JE_OK, "%s", e.message);
    return r;
}

Test(import_plants, receptors_good_and_replace)
{
    char dbp[768];
    je_db *db = plant_db(dbp, sizeof dbp, "rec.db");
    je_import_report rep;
    t_import_ok(db, je_import_receptors, t_file_with("receptors.csv", receptors_csv), NULL, &rep);
    cr_assert_eq(rep.inserted, 3);
    je_import_report_free(&rep);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM import_batch WHERE kind = 'receptors'"), 1);
    size_t n;
    je_receptor *r = receptors_of(db, NULL, &n);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(r[0].code, "500117"); /* ordered by code */
    cr_assert_str_eq(r[1].code, "510100");
    cr_assert_str_eq(r[1].name_zh, "成都");
    cr_assert_str_eq(r[1].name_en, "Chengdu");
    cr_assert_str_eq(r[1].jurisdiction, "510000");
    expect_near(r[1].lon, 104.066, 1e-12, "lon");
    expect_near(r[1].lat, 30.657, 1e-12, "lat");
    expect_near(r[1].population, 19450000, 0, "population");
    free(r);
    r = receptors_of(db, "510000", &n);
    cr_assert_eq(n, 2);
    free(r);

    const char *upd = t_file_with("rec2.csv", REC_HDR "511623,邻水县,Linshui County,510000,"
                                                      "106.93,30.33,780000\n");
    t_expect_rejected(dbp, db, je_import_receptors, upd, NULL, 2, 1, "already exists", 1);
    je_import_opts o = {0};
    o.replace = 1;
    t_import_ok(db, je_import_receptors, upd, &o, &rep);
    cr_assert_eq(rep.updated, 1);
    je_import_report_free(&rep);
    r = receptors_of(db, NULL, &n);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(r[2].name_en, "Linshui County");
    expect_near(r[2].population, 780000, 0, "population after replace");
    free(r);
    je_db_close(db);
}

static void receptor_row(char *out, size_t size, int k, const char *value)
{
    const char *f[R_NCOLS] = {"R-1", "某镇", "Some town", "510000", "104.5", "30.5", "25000"};
    if (k >= 0)
        f[k] = value;
    out[0] = '\0';
    for (int i = 0; i < R_NCOLS; i++) {
        strncat(out, i ? "," : "", size - strlen(out) - 1);
        strncat(out, f[i], size - strlen(out) - 1);
    }
}

static void bad_receptor(const char *dbp, je_db *db, int k, const char *value, const char *msg)
{
    char row[512], text[1024];
    receptor_row(row, sizeof row, k, value);
    snprintf(text, sizeof text, REC_HDR "%s\n", row);
    t_expect_rejected(dbp, db, je_import_receptors, t_file_with("bad_rec.csv", text), NULL, 2,
                      t_char_col(row, k), msg, 1);
}

Test(import_plants, bad_receptors)
{
    char dbp[768];
    je_db *db = plant_db(dbp, sizeof dbp, "badrec.db");
    je_import_report rep;
    t_import_ok(db, je_import_receptors, t_file_with("receptors.csv", receptors_csv), NULL, &rep);
    je_import_report_free(&rep);

    bad_receptor(dbp, db, R_CODE, "", "empty code");
    bad_receptor(dbp, db, R_NAME_ZH, "", "empty name_zh");
    bad_receptor(dbp, db, R_NAME_EN, "", "empty name_en");
    bad_receptor(dbp, db, R_JUR, "440000", "unknown jurisdiction '440000'");
    bad_receptor(dbp, db, R_LON, "181", "invalid lon");
    bad_receptor(dbp, db, R_LAT, "north", "invalid lat");
    bad_receptor(dbp, db, R_POP, "0", "invalid population '0'");
    bad_receptor(dbp, db, R_POP, "-5", "invalid population");
    bad_receptor(dbp, db, R_POP, "", "invalid population");
    bad_receptor(dbp, db, R_POP, "many", "invalid population");
    bad_receptor(dbp, db, R_CODE, "510100", "receptor 510100 already exists");
    char row[512], text[2048];
    receptor_row(row, sizeof row, -1, NULL);
    snprintf(text, sizeof text, REC_HDR "%s\n%s\n", row, row);
    t_expect_rejected(dbp, db, je_import_receptors, t_file_with("twice.csv", text), NULL, 3, 1,
                      "appears twice", 1);
    snprintf(text, sizeof text, REC_HDR "%s\n", row);
    t_import_ok(db, je_import_receptors, t_file_with("ok.csv", text), NULL, &rep);
    cr_assert_eq(rep.inserted, 1);
    je_import_report_free(&rep);
    je_db_close(db);
}

/* ---- the demo files ---------------------------------------------------------- */

Test(import_plants, demo_files_import_cleanly)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("demo.db"));
    je_db *db = t_open_db(dbp);
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions, JE_SOURCE_DIR "/data/demo/chengyu/jurisdictions.csv",
                NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_plants, JE_SOURCE_DIR "/data/demo/chengyu/plants.csv", NULL, &rep);
    cr_assert_eq(rep.inserted, 120, "demo lines %zu", rep.inserted);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_receptors, JE_SOURCE_DIR "/data/demo/chengyu/receptors.csv", NULL,
                &rep);
    cr_assert_eq(rep.inserted, 30, "demo receptors %zu", rep.inserted);
    je_import_report_free(&rep);

    /* both jurisdictions have lines; measured and derived rates both occur; the
       exemptions are there */
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM clinker_line WHERE owner = '510000'"), 74);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM clinker_line WHERE owner = '500000'"), 46);
    cr_assert_gt(t_db_int(dbp, "SELECT count(*) FROM clinker_line WHERE basis = 'measured'"), 20);
    cr_assert_gt(t_db_int(dbp, "SELECT count(*) FROM clinker_line WHERE basis LIKE 'GB 4915%'"),
                 20);
    cr_assert_gt(t_db_int(dbp, "SELECT count(*) FROM clinker_line WHERE coprocessing = 1"), 0);
    cr_assert_gt(t_db_int(dbp, "SELECT count(*) FROM clinker_line WHERE special_cement = 100"), 0);
    cr_assert_gt(t_db_int(dbp, "SELECT count(*) FROM clinker_line WHERE carbide_slag = 1"), 0);
    for (char g = 'A'; g <= 'D'; g++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM clinker_line WHERE grade = '%c'", g);
        cr_assert_gt(t_db_int(dbp, sql), 0, "no grade %c line", g);
    }
    /* every air-demo city is a receptor */
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM receptor WHERE code IN ('510100','511600',"
                               "'511700','510900','512000','511000','510500','500100','500117',"
                               "'500151','500111','500153','500118','500152')"),
                 14);
    size_t n;
    je_plant *p = plants_of(db, NULL, &n);
    cr_assert_eq(n, 120);
    free(p);
    je_db_close(db);
}
