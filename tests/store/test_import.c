/* Store imports through the library API: jurisdictions, sections and water samples
 * (wide and long layouts), units, detection limits, duplicates and --replace, dry
 * runs, the bad-input matrix (every rejection leaves the database byte-for-byte as
 * it was and says where the problem is), migrations, batches and the audit log. */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/store.h"

#include <criterion/criterion.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(import, .fini = cleanup);

typedef t_import_fn import_fn;

/* ---- helpers ------------------------------------------------------------- */

/* A database at `path` with the jurisdictions and sections fixtures (and the wide
 * samples when asked). */
static je_db *fixture_db(const char *path, int samples)
{
    je_db *db = t_open_db(path);
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions, t_fixture("jurisdictions.csv"), NULL, &rep);
    cr_assert_eq(rep.inserted, 2, "jurisdictions inserted %zu", rep.inserted);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_sections, t_fixture("sections_small.csv"), NULL, &rep);
    cr_assert_eq(rep.inserted, 5, "sections inserted %zu", rep.inserted);
    je_import_report_free(&rep);
    if (samples) {
        t_import_ok(db, je_import_water_samples, t_fixture("samples_small_wide.csv"), NULL, &rep);
        cr_assert_eq(rep.inserted, 5, "samples inserted %zu", rep.inserted);
        je_import_report_free(&rep);
    }
    return db;
}

static long long db_count(const char *db_path, const char *sql)
{
    return t_db_int(db_path, sql);
}

/* One value straight from SQLite: v_<item> of (section, sampled_at). *is_null set. */
static double stored(const char *db_path, const char *section, const char *when, const char *column,
                     int *is_null)
{
    int64_t t;
    cr_assert_eq(je_time_parse(when, strlen(when), 8 * 3600, &t, NULL), JE_OK, "%s", when);
    sqlite3 *db;
    cr_assert_eq(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT %s FROM water_sample w JOIN section s ON s.id = w.section_id"
             " WHERE s.code = '%s' AND w.sampled_at = %lld",
             column, section, (long long)t);
    sqlite3_stmt *s;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    int rc = sqlite3_step(s);
    cr_assert_eq(rc, SQLITE_ROW, "no sample %s at %s", section, when);
    *is_null = sqlite3_column_type(s, 0) == SQLITE_NULL;
    double v = sqlite3_column_double(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

static void expect_stored(const char *db_path, const char *section, const char *when,
                          const char *column, double want)
{
    int null;
    double v = stored(db_path, section, when, column, &null);
    cr_assert(!null, "%s %s %s is NULL, expected %.17g", section, when, column, want);
    cr_assert(memcmp(&v, &want, sizeof v) == 0, "%s %s %s = %.17g, expected %.17g", section, when,
              column, v, want);
}

static void expect_null(const char *db_path, const char *section, const char *when,
                        const char *column)
{
    int null;
    double v = stored(db_path, section, when, column, &null);
    cr_assert(null, "%s %s %s = %.17g, expected NULL", section, when, column, v);
}

/* Expect an import to be rejected: JE_EDATA, the first error at line:col with `msg`
 * in its message, `total` errors (when total > 0), and the database unchanged. */

/* ---- happy path ----------------------------------------------------------------- */

Test(import, happy_path_counts_batches_and_hashes)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("happy.db"));
    je_db *db = t_open_db(dbp);
    const struct {
        import_fn fn;
        const char *file;
        size_t rows;
        const char *kind;
    } steps[] = {{je_import_jurisdictions, "jurisdictions.csv", 2, "jurisdictions"},
                 {je_import_sections, "sections_small.csv", 5, "sections"},
                 {je_import_water_samples, "samples_small_wide.csv", 5, "water-samples"}};
    int64_t prev = 0;
    for (int i = 0; i < 3; i++) {
        const char *f = t_fixture(steps[i].file);
        je_import_report rep;
        t_import_ok(db, steps[i].fn, f, NULL, &rep);
        cr_assert_eq(rep.rows, steps[i].rows, "%s: rows %zu, expected %zu", f, rep.rows,
                     steps[i].rows);
        cr_assert_eq(rep.inserted, steps[i].rows, "%s: inserted %zu", f, rep.inserted);
        cr_assert_eq(rep.updated, 0, "%s: updated %zu", f, rep.updated);
        cr_assert_gt(rep.batch_id, prev, "%s: batch id %lld after %lld", f, (long long)rep.batch_id,
                     (long long)prev);
        prev = rep.batch_id;
        char hex[65];
        je_error e;
        cr_assert_eq(je_sha256_file(f, hex, &e), JE_OK);
        cr_assert_str_eq(rep.sha256, hex, "%s: report sha256 %s, file %s", f, rep.sha256, hex);
        /* the batch row records it */
        char sql[300];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM import_batch WHERE id = %lld AND sha256 = '%s'"
                 " AND row_count = %zu AND inserted = %zu AND updated = 0 AND kind = '%s'"
                 " AND replace = 0 AND actor = 'local-admin'",
                 (long long)rep.batch_id, hex, steps[i].rows, steps[i].rows, steps[i].kind);
        cr_assert_eq(db_count(dbp, sql), 1, "batch row: %s", sql);
        je_import_report_free(&rep);
    }
    int64_t ns = 0, nv = 0;
    je_error e;
    cr_assert_eq(je_store_water_counts(db, &ns, &nv, &e), JE_OK);
    cr_assert_eq(ns, 5, "samples %lld", (long long)ns);
    cr_assert_eq(nv, 25, "values %lld", (long long)nv);
    expect_stored(dbp, "JL01", "2022-01-10T09:00", "v_nh3n", 0.35);
    expect_stored(dbp, "JL02", "2022-01-10T10:00", "v_ph", 7.8);
    expect_stored(dbp, "TJ01", "2022-01-11T00:00", "v_tp", 0.15);
    expect_null(dbp, "TJ01", "2022-01-11T00:00", "v_cod");
    int year = 0;
    cr_assert_eq(je_store_water_latest_year(db, &year, &e), JE_OK);
    cr_assert_eq(year, 2022, "latest year %d", year);

    je_jurisdiction *js;
    size_t nj;
    cr_assert_eq(je_store_jurisdictions(db, &js, &nj, &e), JE_OK);
    cr_assert_eq(nj, 2);
    cr_assert_str_eq(js[0].code, "500000");
    cr_assert_str_eq(js[1].name_zh, "四川省");
    cr_assert_eq(js[1].utc_offset_s, 8 * 3600);
    free(js);

    je_section_list sl;
    cr_assert_eq(je_store_sections(db, NULL, &sl, &e), JE_OK);
    cr_assert_eq(sl.n, 5, "sections %zu", sl.n);
    je_section_list_free(&sl);
    je_section_filter f = {.boundary_only = 1};
    cr_assert_eq(je_store_sections(db, &f, &sl, &e), JE_OK);
    cr_assert_eq(sl.n, 1, "boundary sections %zu", sl.n);
    cr_assert_str_eq(sl.items[0].code, "JL02");
    cr_assert_str_eq(sl.items[0].upstream, "510000");
    cr_assert_str_eq(sl.items[0].downstream, "500000");
    cr_assert_eq(sl.items[0].target, JE_WQ_CLASS_II);
    je_section_list_free(&sl);
    je_section_filter lake = {.section = "TJ02"};
    cr_assert_eq(je_store_sections(db, &lake, &sl, &e), JE_OK);
    cr_assert_eq(sl.n, 1);
    cr_assert_eq(sl.items[0].waterbody, JE_WATERBODY_LAKE);
    cr_assert_str_eq(sl.items[0].basin_code, "TJB");
    je_section_list_free(&sl);
    je_db_close(db);
}

static void series_of(je_db *db, je_section_list *sl, je_wq_series_set *set)
{
    je_error e;
    cr_assert_eq(je_store_sections(db, NULL, sl, &e), JE_OK, "%s", e.message);
    je_period p = {JE_PERIOD_YEAR, 2022, 0};
    cr_assert_eq(je_store_water_series(db, sl, &p, set, &e), JE_OK, "%s", e.message);
}

Test(import, wide_and_long_layouts_store_identical_values)
{
    char pa[768];
    snprintf(pa, sizeof pa, "%s", t_path("wide.db"));
    char pb[768];
    snprintf(pb, sizeof pb, "%s", t_path("long.db"));
    je_db *a = fixture_db(pa, 1);
    je_db *b = fixture_db(pb, 0);
    je_import_report rep;
    t_import_ok(b, je_import_water_samples, t_fixture("samples_small_long.csv"), NULL, &rep);
    cr_assert_eq(rep.rows, 25, "long rows %zu", rep.rows);
    cr_assert_eq(rep.inserted, 5, "long inserted %zu", rep.inserted);
    je_import_report_free(&rep);

    je_section_list la, lb;
    je_wq_series_set sa, sb;
    series_of(a, &la, &sa);
    series_of(b, &lb, &sb);
    cr_assert_eq(la.n, lb.n);
    cr_assert_eq(sa.n, 5);
    size_t total = 0;
    for (size_t k = 0; k < sa.n; k++) {
        cr_assert_str_eq(la.items[k].code, lb.items[k].code);
        cr_assert_eq(sa.series[k].n, sb.series[k].n, "%s: %zu wide samples, %zu long",
                     la.items[k].code, sa.series[k].n, sb.series[k].n);
        for (size_t j = 0; j < sa.series[k].n; j++) {
            const je_wq_sample *x = &sa.series[k].samples[j], *y = &sb.series[k].samples[j];
            for (int i = 0; i < JE_WQ_NITEMS; i++) {
                int same = (isnan(x->value[i]) && isnan(y->value[i])) ||
                           memcmp(&x->value[i], &y->value[i], sizeof(double)) == 0;
                cr_assert(same, "%s sample %zu %s: wide %.17g, long %.17g", la.items[k].code, j,
                          je_wq_item_code((je_wq_item)i), x->value[i], y->value[i]);
            }
            cr_assert_eq(x->bdl_mask, y->bdl_mask);
            cr_assert_eq(x->invalid_mask, y->invalid_mask);
            total++;
        }
    }
    cr_assert_eq(total, 5, "samples read back %zu", total);
    /* JL01 has two samples, in time order */
    for (size_t k = 0; k < sa.n; k++)
        if (strcmp(la.items[k].code, "JL01") == 0) {
            cr_assert_eq(sa.series[k].n, 2);
            cr_assert_eq(sa.series[k].samples[0].value[JE_WQ_NH3N], 0.35);
            cr_assert_eq(sa.series[k].samples[1].value[JE_WQ_NH3N], 0.41);
        }
    je_wq_series_set_free(&sa);
    je_wq_series_set_free(&sb);
    je_section_list_free(&la);
    je_section_list_free(&lb);
    je_db_close(a);
    je_db_close(b);
}

Test(import, units_are_converted)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("units.db"));
    je_db *db = fixture_db(dbp, 0);
    je_import_report rep;
    const char *w =
        t_file_with("units_wide.csv", "section,sampled_at,nh3n[ug/L],tp (mg/L),codmn[mg/l],fcoli"
                                      "[MPN/100mL],cd[ng/L]\n"
                                      "JL01,2022-03-01T09:00,150,0.05,2,200,1500\n");
    t_import_ok(db, je_import_water_samples, w, NULL, &rep);
    je_import_report_free(&rep);
    expect_stored(dbp, "JL01", "2022-03-01T09:00", "v_nh3n", 0.15);
    expect_stored(dbp, "JL01", "2022-03-01T09:00", "v_tp", 0.05);
    expect_stored(dbp, "JL01", "2022-03-01T09:00", "v_codmn", 2.0);
    expect_stored(dbp, "JL01", "2022-03-01T09:00", "v_fcoli", 2000.0);
    expect_stored(dbp, "JL01", "2022-03-01T09:00", "v_cd", 0.0015);

    const char *l = t_file_with("units_long.csv", "section,sampled_at,item,value,unit\n"
                                                  "JL02,2022-03-02T09:00,nh3n,150,µg/L\n"
                                                  "JL02,2022-03-02T09:00,tp,50,ug/L\n"
                                                  "JL02,2022-03-02T09:00,ph,7.5,\n"
                                                  "JL02,2022-03-02T09:00,cod,0.015,g/L\n");
    t_import_ok(db, je_import_water_samples, l, NULL, &rep);
    cr_assert_eq(rep.inserted, 1);
    je_import_report_free(&rep);
    expect_stored(dbp, "JL02", "2022-03-02T09:00", "v_nh3n", 0.15);
    expect_stored(dbp, "JL02", "2022-03-02T09:00", "v_tp", 0.05);
    expect_stored(dbp, "JL02", "2022-03-02T09:00", "v_ph", 7.5);
    expect_stored(dbp, "JL02", "2022-03-02T09:00", "v_cod", 15.0);
    je_db_close(db);
}

Test(import, below_detection_limit_and_invalid_flags)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("bdl.db"));
    je_db *db = fixture_db(dbp, 0);
    je_import_report rep;
    const char *w = t_file_with("bdl.csv", "section,sampled_at,nh3n,tp,do,do_flag,codmn,codmn_flag,"
                                           "cod,cod_flag\n"
                                           "JL01,2022-03-01T09:00,0.01L,<0.01,0.5,L,2.0,X,15,\n");
    t_import_ok(db, je_import_water_samples, w, NULL, &rep);
    je_import_report_free(&rep);
    expect_stored(dbp, "JL01", "2022-03-01T09:00", "v_nh3n", 0.01);
    expect_stored(dbp, "JL01", "2022-03-01T09:00", "v_tp", 0.01);
    expect_stored(dbp, "JL01", "2022-03-01T09:00", "v_do", 0.5);
    expect_stored(dbp, "JL01", "2022-03-01T09:00", "v_codmn", 2.0);
    expect_stored(dbp, "JL01", "2022-03-01T09:00", "v_cod", 15.0);
    double bdl = 0, inv = 0;
    int null;
    bdl = stored(dbp, "JL01", "2022-03-01T09:00", "bdl_mask", &null);
    inv = stored(dbp, "JL01", "2022-03-01T09:00", "invalid_mask", &null);
    unsigned want_bdl = (1u << JE_WQ_NH3N) | (1u << JE_WQ_TP) | (1u << JE_WQ_DO);
    cr_assert_eq((unsigned)bdl, want_bdl, "bdl_mask 0x%x, expected 0x%x", (unsigned)bdl, want_bdl);
    cr_assert_eq((unsigned)inv, 1u << JE_WQ_CODMN, "invalid_mask 0x%x, expected 0x%x",
                 (unsigned)inv, 1u << JE_WQ_CODMN);

    const char *l = t_file_with("bdl_long.csv", "section,sampled_at,item,value,unit,flag\n"
                                                "JL02,2022-03-01T09:00,nh3n,0.025,mg/L,ND\n"
                                                "JL02,2022-03-01T09:00,tp,0.01,mg/L,<\n"
                                                "JL02,2022-03-01T09:00,cod,20,mg/L,\n"
                                                "JL02,2022-03-01T09:00,tn,0.05L,mg/L,\n");
    t_import_ok(db, je_import_water_samples, l, NULL, &rep);
    je_import_report_free(&rep);
    bdl = stored(dbp, "JL02", "2022-03-01T09:00", "bdl_mask", &null);
    want_bdl = (1u << JE_WQ_NH3N) | (1u << JE_WQ_TP) | (1u << JE_WQ_TN);
    cr_assert_eq((unsigned)bdl, want_bdl, "long bdl_mask 0x%x, expected 0x%x", (unsigned)bdl,
                 want_bdl);
    expect_stored(dbp, "JL02", "2022-03-01T09:00", "v_tn", 0.05);
    expect_stored(dbp, "JL02", "2022-03-01T09:00", "v_nh3n", 0.025);

    /* the masks reach the engines through the series */
    je_section_filter f = {.section = "JL01"};
    je_section_list sl;
    je_wq_series_set set;
    je_error e;
    cr_assert_eq(je_store_sections(db, &f, &sl, &e), JE_OK);
    je_period p = {JE_PERIOD_MONTH, 2022, 3};
    cr_assert_eq(je_store_water_series(db, &sl, &p, &set, &e), JE_OK);
    cr_assert_eq(set.series[0].n, 1);
    cr_assert_eq(set.series[0].samples[0].bdl_mask,
                 (1u << JE_WQ_NH3N) | (1u << JE_WQ_TP) | (1u << JE_WQ_DO));
    cr_assert_eq(set.series[0].samples[0].invalid_mask, 1u << JE_WQ_CODMN);
    je_wq_series_set_free(&set);
    je_section_list_free(&sl);
    je_db_close(db);
}

/* ---- duplicates and replace --------------------------------------------------------- */

Test(import, reimport_is_rejected_unless_replace)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("dup.db"));
    je_db *db = fixture_db(dbp, 1);
    const char *f = t_fixture("samples_small_wide.csv");
    /* every value of the 5 rows is already stored: 25 errors, the first at JL01's ph */
    t_expect_rejected(dbp, db, je_import_water_samples, f, NULL, 2, 23, "already has a value", 25);

    je_import_opts o = {.replace = 1};
    je_import_report rep;
    t_import_ok(db, je_import_water_samples, f, &o, &rep);
    cr_assert_eq(rep.inserted, 0, "inserted %zu", rep.inserted);
    cr_assert_eq(rep.updated, 5, "updated %zu", rep.updated);
    cr_assert_gt(rep.batch_id, 0);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT replace FROM import_batch WHERE id = %lld",
             (long long)rep.batch_id);
    cr_assert_eq(db_count(dbp, sql), 1, "batch not marked replace");
    je_import_report_free(&rep);
    expect_stored(dbp, "JL01", "2022-01-10T09:00", "v_nh3n", 0.35);

    /* new values replace the old ones; items not in the file stay */
    const char *g = t_file_with("new.csv", "section,sampled_at,nh3n,cod\n"
                                           "JL01,2022-01-10T09:00,0.99,12\n"
                                           "TJ02,2022-01-12T08:30,1.5,\n");
    t_import_ok(db, je_import_water_samples, g, &o, &rep);
    cr_assert_eq(rep.updated, 2, "updated %zu", rep.updated);
    cr_assert_eq(rep.inserted, 0);
    je_import_report_free(&rep);
    expect_stored(dbp, "JL01", "2022-01-10T09:00", "v_nh3n", 0.99);
    expect_stored(dbp, "JL01", "2022-01-10T09:00", "v_cod", 12.0);
    expect_stored(dbp, "JL01", "2022-01-10T09:00", "v_ph", 7.6);
    expect_stored(dbp, "TJ02", "2022-01-12T08:30", "v_nh3n", 1.5);
    expect_stored(dbp, "TJ02", "2022-01-12T08:30", "v_tp", 0.02);
    expect_null(dbp, "TJ02", "2022-01-12T08:30", "v_cod");
    je_db_close(db);
}

Test(import, same_key_twice_in_one_file_is_an_error_even_with_replace)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("twice.db"));
    je_db *db = fixture_db(dbp, 0);
    const char *f = t_file_with("twice.csv", "section,sampled_at,ph,do,nh3n\n"
                                             "JL01,2022-03-01T09:00,7.5,8.1,0.3\n"
                                             "JL01,2022-03-01T09:00,7.5,8.1,0.3\n");
    t_expect_rejected(dbp, db, je_import_water_samples, f, NULL, 3, 23, "twice in this file", 3);
    je_import_opts o = {.replace = 1};
    t_expect_rejected(dbp, db, je_import_water_samples, f, &o, 3, 23, "twice in this file", 3);

    /* the same time written differently is the same key */
    const char *g = t_file_with("twice2.csv", "section,sampled_at,nh3n\n"
                                              "JL01,2022-03-01T09:00,0.3\n"
                                              "JL01,2022-03-01T01:00Z,0.4\n");
    t_expect_rejected(dbp, db, je_import_water_samples, g, &o, 3, 24, "twice in this file", 1);

    /* long layout: the same item again later in the file */
    const char *h = t_file_with("twice3.csv", "section,sampled_at,item,value\n"
                                              "JL01,2022-03-01T09:00,nh3n,0.3\n"
                                              "JL02,2022-03-01T09:00,nh3n,0.3\n"
                                              "JL01,2022-03-01T09:00,nh3n,0.4\n");
    t_expect_rejected(dbp, db, je_import_water_samples, h, &o, 4, 28, "twice in this file", 1);
    /* and right after itself */
    const char *k = t_file_with("twice4.csv", "section,sampled_at,item,value\n"
                                              "JL01,2022-03-01T09:00,nh3n,0.3\n"
                                              "JL01,2022-03-01T09:00,nh3n,0.4\n");
    t_expect_rejected(dbp, db, je_import_water_samples, k, &o, 3, 28, "twice", 1);
    je_db_close(db);
}

Test(import, long_file_adding_an_item_to_a_stored_sample_merges)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("merge.db"));
    je_db *db = fixture_db(dbp, 1);
    const char *f = t_file_with("add.csv", "section,sampled_at,item,value,unit\n"
                                           "JL01,2022-01-10T09:00,cod,15,mg/L\n"
                                           "JL01,2022-01-10T09:00,tn,1.1,mg/L\n"
                                           "JL03,2022-01-10T09:00,cod,9,mg/L\n");
    je_import_report rep;
    t_import_ok(db, je_import_water_samples, f, NULL, &rep);
    cr_assert_eq(rep.updated, 1, "updated %zu", rep.updated);
    cr_assert_eq(rep.inserted, 1, "inserted %zu", rep.inserted);
    je_import_report_free(&rep);
    expect_stored(dbp, "JL01", "2022-01-10T09:00", "v_cod", 15.0);
    expect_stored(dbp, "JL01", "2022-01-10T09:00", "v_tn", 1.1);
    expect_stored(dbp, "JL01", "2022-01-10T09:00", "v_ph", 7.6);
    expect_stored(dbp, "JL01", "2022-01-10T09:00", "v_nh3n", 0.35);
    expect_stored(dbp, "JL03", "2022-01-10T09:00", "v_cod", 9.0);
    int64_t ns, nv;
    cr_assert_eq(je_store_water_counts(db, &ns, &nv, NULL), JE_OK);
    cr_assert_eq(ns, 6, "samples %lld", (long long)ns);
    cr_assert_eq(nv, 28, "values %lld", (long long)nv);

    /* rows of one sample need not be consecutive */
    const char *g = t_file_with("split.csv", "section,sampled_at,item,value\n"
                                             "TJ01,2022-05-01T09:00,ph,7.1\n"
                                             "TJ02,2022-05-01T09:00,ph,7.2\n"
                                             "TJ01,2022-05-01T09:00,do,6.6\n");
    t_import_ok(db, je_import_water_samples, g, NULL, &rep);
    cr_assert_eq(rep.inserted, 2, "inserted %zu", rep.inserted);
    je_import_report_free(&rep);
    expect_stored(dbp, "TJ01", "2022-05-01T09:00", "v_ph", 7.1);
    expect_stored(dbp, "TJ01", "2022-05-01T09:00", "v_do", 6.6);
    expect_stored(dbp, "TJ02", "2022-05-01T09:00", "v_ph", 7.2);
    /* a wide file adding items to a stored sample merges too */
    const char *w = t_file_with("addw.csv", "section,sampled_at,cu,zn\n"
                                            "TJ02,2022-05-01T09:00,0.01,0.05\n");
    t_import_ok(db, je_import_water_samples, w, NULL, &rep);
    cr_assert_eq(rep.updated, 1);
    je_import_report_free(&rep);
    expect_stored(dbp, "TJ02", "2022-05-01T09:00", "v_zn", 0.05);
    expect_stored(dbp, "TJ02", "2022-05-01T09:00", "v_ph", 7.2);
    je_db_close(db);
}

/* ---- dry run ------------------------------------------------------------------------ */

Test(import, dry_run_writes_nothing_and_reports_the_same)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("dry.db"));
    je_db *db = fixture_db(dbp, 0);
    char before[65], after[65];
    t_db_fingerprint(dbp, before);
    je_import_opts dry = {.dry_run = 1};
    je_import_report rep;
    t_import_ok(db, je_import_water_samples, t_fixture("samples_small_wide.csv"), &dry, &rep);
    cr_assert_eq(rep.rows, 5);
    cr_assert_eq(rep.inserted, 5, "dry run would insert %zu", rep.inserted);
    cr_assert_eq(rep.batch_id, 0, "dry run batch id %lld", (long long)rep.batch_id);
    je_import_report_free(&rep);
    t_db_fingerprint(dbp, after);
    cr_assert_str_eq(after, before, "dry run changed the database");
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM water_sample"), 0);

    /* a bad file: the dry run finds exactly what the real import finds */
    const char *bad = t_file_with("dry_bad.csv", "section,sampled_at,ph,nh3n\n"
                                                 "JL01,2022-03-01T09:00,7.5,x\n"
                                                 "XX,2022-03-01T09:00,7.5,0.1\n"
                                                 "JL01,2022-03-02,7.5,-1\n");
    je_import_report r1, r2;
    je_error e;
    cr_assert_eq(je_import_water_samples(db, bad, &dry, &r1, &e), JE_EDATA);
    cr_assert_eq(je_import_water_samples(db, bad, NULL, &r2, &e), JE_EDATA);
    cr_assert_eq(r1.errors.total, 3, "dry run errors %zu", r1.errors.total);
    cr_assert_eq(r1.errors.total, r2.errors.total, "dry %zu errors, real %zu", r1.errors.total,
                 r2.errors.total);
    for (size_t i = 0; i < r1.errors.count; i++) {
        const je_error *a = &r1.errors.items[i], *b = &r2.errors.items[i];
        cr_assert(a->line == b->line && a->column == b->column &&
                      strcmp(a->message, b->message) == 0,
                  "error %zu: dry %ld:%ld %s, real %ld:%ld %s", i, a->line, a->column, a->message,
                  b->line, b->column, b->message);
    }
    je_import_report_free(&r1);
    je_import_report_free(&r2);
    t_db_fingerprint(dbp, after);
    cr_assert_str_eq(after, before);

    /* a dry run sees duplicates against the database */
    je_db_close(db);
    char dbq[768];
    snprintf(dbq, sizeof dbq, "%s", t_path("dry2.db"));
    db = fixture_db(dbq, 1);
    t_expect_rejected(dbq, db, je_import_water_samples, t_fixture("samples_small_wide.csv"), &dry,
                      2, 23, "already has a value", 25);
    je_db_close(db);
}

/* ---- the bad-input matrix: water samples ---------------------------------------------- */

#define HDR "section,sampled_at,ph,do,nh3n\n"
#define GOOD "JL01,2022-03-01T09:00,7.5,8.1,0.3\n"

typedef struct bad_case {
    const char *name, *text;
    long line, col;
    const char *msg;
    size_t total;
} bad_case;

static void run_matrix(const bad_case *cases, size_t n, int with_samples)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("matrix.db"));
    je_db *db = fixture_db(dbp, with_samples);
    for (size_t i = 0; i < n; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s.csv", cases[i].name);
        const char *f = t_path(name);
        t_write(f, cases[i].text);
        t_expect_rejected(dbp, db, je_import_water_samples, f, NULL, cases[i].line, cases[i].col,
                          cases[i].msg, cases[i].total);
    }
    je_db_close(db);
}

Test(import, bad_values)
{
    const bad_case cases[] = {
        {"nonnumeric", HDR GOOD "JL01,2022-03-02T09:00,7.5,abc,0.3\n", 3, 27, "not a number", 1},
        {"negative", HDR GOOD "JL01,2022-03-02T09:00,7.5,8.1,-0.3\n", 3, 31, "negative", 1},
        {"ph_scale", HDR "JL01,2022-03-02T09:00,15,8.1,0.3\n", 2, 23, "pH", 1},
        {"bad_flag", "section,sampled_at,nh3n,nh3n_flag\nJL01,2022-03-02T09:00,0.3,Q\n", 2, 27,
         "unknown flag", 1},
        {"no_values", HDR "JL01,2022-03-02T09:00,,,\n", 2, 1, "no values", 1},
        {"unknown_section", HDR GOOD "XX99,2022-03-02T09:00,7.5,8.1,0.3\n", 3, 1,
         "unknown section 'XX99'", 1},
        {"bad_time", HDR "JL01,2022-02-30T09:00,7.5,8.1,0.3\n", 2, 6, "sampled_at", 1},
        {"bad_time2", HDR "JL01,2022-03-01 9:00,7.5,8.1,0.3\n", 2, 6, "sampled_at", 1},
        {"future", HDR "JL01,2099-01-01,7.5,8.1,0.3\n", 2, 6, "future", 1},
        {"dup_row", HDR GOOD GOOD, 3, 23, "twice in this file", 3},
        {"long_unknown_item", "section,sampled_at,item,value\nJL01,2022-03-01T09:00,xyz,1\n", 2, 23,
         "unknown item 'xyz'", 1},
        {"long_nonnumeric", "section,sampled_at,item,value\nJL01,2022-03-01T09:00,do,n/a\n", 2, 26,
         "not a number", 1},
        {"long_empty_value", "section,sampled_at,item,value\nJL01,2022-03-01T09:00,do,\n", 2, 26,
         "empty value", 1},
    };
    run_matrix(cases, sizeof cases / sizeof cases[0], 0);
}

Test(import, bad_value_is_also_found_in_a_quoted_field)
{
    const bad_case cases[] = {
        {"quoted", HDR "\"JL01\",\"2022-03-02T09:00\",\"7.5\",\"8,1\",0.3\n", 2, 33, "not a number",
         1},
        {"multiline", HDR "\"JL\n01\",2022-03-02T09:00,7.5,8.1,0.3\n", 2, 1, "unknown section", 1},
    };
    run_matrix(cases, sizeof cases / sizeof cases[0], 0);
}

Test(import, bad_headers)
{
    const bad_case cases[] = {
        {"unknown_column", "section,sampled_at,ph,xyz\nJL01,2022-03-01T09:00,7,1\n", 1, 23,
         "unknown column 'xyz'", 1},
        {"unknown_unit", "section,sampled_at,nh3n[furlong]\nJL01,2022-03-01T09:00,1\n", 1, 20,
         "unknown unit 'furlong'", 1},
        {"unit_mismatch", "section,sampled_at,ph[mg/L]\nJL01,2022-03-01T09:00,7\n", 1, 20,
         "does not fit", 1},
        {"missing_time", "section,ph\nJL01,7\n", 1, 1, "sampled_at", 0},
        {"two_columns", "section,sampled_at,nh3n,NH3N[ug/L]\nJL01,2022-03-01T09:00,1,2\n", 1, 25,
         "two columns", 1},
        {"dup_header", "section,sampled_at,ph,PH\nJL01,2022-03-01T09:00,7,7\n", 1, 23,
         "duplicate column", 1},
        {"flag_without_value", "section,sampled_at,ph,nh3n_flag\nJL01,2022-03-01T09:00,7,L\n", 1,
         23, "no value column", 1},
        {"long_unknown_column",
         "section,sampled_at,item,value,comment\nJL01,2022-03-01T09:00,ph,7,x\n", 1, 31,
         "unknown column 'comment'", 1},
    };
    run_matrix(cases, sizeof cases / sizeof cases[0], 0);
}

Test(import, long_unknown_unit)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("unit.db"));
    je_db *db = fixture_db(dbp, 0);
    const char *f = t_file_with("unit_long.csv", "section,sampled_at,item,value,unit\n"
                                                 "JL01,2022-03-01T09:00,nh3n,1,bogus\n");
    char before[65], after[65];
    t_db_fingerprint(dbp, before);
    je_import_report rep;
    je_error e;
    cr_assert_eq(je_import_water_samples(db, f, NULL, &rep, &e), JE_EDATA);
    cr_assert_eq(rep.errors.total, 1, "%zu errors", rep.errors.total);
    const je_error *x = &rep.errors.items[0];
    cr_assert_eq(x->line, 2, "line %ld", x->line);
    /* the error points at the unit itself (col 30), not the value (col 28) */
    cr_assert_eq(x->column, 30, "column %ld, expected 30 (the unit)", x->column);
    cr_assert(strstr(x->message, "unknown unit 'bogus'") != NULL, "message '%s'", x->message);
    je_import_report_free(&rep);
    t_db_fingerprint(dbp, after);
    cr_assert_str_eq(after, before);
    je_db_close(db);
}

Test(import, malformed_files)
{
    const bad_case cases[] = {
        {"truncated_quote", HDR GOOD "JL01,2022-03-02T09:00,7.5,\"8.1,0.3\n", 3, 27,
         "unterminated quoted field", 1},
        {"truncated_quote_eof", HDR "JL01,2022-03-02T09:00,7.5,8.1,\"0.3", 2, 31, "unterminated",
         1},
        {"empty_file", "", 1, 1, "empty file", 1},
        {"header_only", HDR, 2, 1, "no data rows", 1},
        {"header_only_blank_lines", HDR "\n\n", 2, 1, "no data rows", 1},
        {"non_utf8", HDR GOOD "JL01,段,7.5,\xff,0.3\n", 3, 12, "invalid UTF-8", 1},
        {"non_utf8_header", "section,sampled_at,\xC0\x80\n" GOOD, 1, 20, "invalid UTF-8", 1},
        {"field_count", HDR "JL01,2022-03-02T09:00,7.5,8.1\n", 2, 30, "fields", 1},
        {"stray_quote", HDR "JL01,2022-03-02T09:00,7\"5,8.1,0.3\n", 2, 24, "quote", 1},
    };
    run_matrix(cases, sizeof cases / sizeof cases[0], 0);
}

Test(import, first_50_errors_kept_all_counted)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("many.db"));
    je_db *db = fixture_db(dbp, 0);
    size_t cap = 64 * 130, n = 0;
    char *text = malloc(cap);
    n += (size_t)snprintf(text + n, cap - n, HDR);
    for (int i = 0; i < 120; i++)
        n += (size_t)snprintf(text + n, cap - n, "JL01,2022-03-01T%02d:%02d,7.5,bad,0.3\n", i / 60,
                              i % 60);
    const char *f = t_file_with("many.csv", text);
    free(text);
    char before[65], after[65];
    t_db_fingerprint(dbp, before);
    je_import_report rep;
    je_error e;
    cr_assert_eq(je_import_water_samples(db, f, NULL, &rep, &e), JE_EDATA);
    cr_assert_eq(rep.errors.count, 50, "kept %zu errors, expected 50", rep.errors.count);
    cr_assert_eq(rep.errors.total, 120, "counted %zu errors, expected 120", rep.errors.total);
    cr_assert_eq(rep.rows, 120, "rows %zu", rep.rows);
    cr_assert_eq(rep.errors.items[0].line, 2, "first error line %ld", rep.errors.items[0].line);
    cr_assert_eq(rep.errors.items[49].line, 51, "50th error line %ld", rep.errors.items[49].line);
    for (size_t i = 0; i < 50; i++)
        cr_assert_eq(rep.errors.items[i].column, 27, "error %zu column %ld", i,
                     rep.errors.items[i].column);
    cr_assert(strstr(e.message, "120") != NULL, "summary '%s' lacks the total", e.message);
    je_import_report_free(&rep);

    je_import_opts o = {.max_errors = 5};
    cr_assert_eq(je_import_water_samples(db, f, &o, &rep, &e), JE_EDATA);
    cr_assert_eq(rep.errors.count, 5, "kept %zu errors with max_errors 5", rep.errors.count);
    cr_assert_eq(rep.errors.total, 120);
    je_import_report_free(&rep);
    t_db_fingerprint(dbp, after);
    cr_assert_str_eq(after, before);
    je_db_close(db);
}

Test(import, missing_file_is_an_io_error)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("io.db"));
    je_db *db = fixture_db(dbp, 0);
    char before[65], after[65];
    t_db_fingerprint(dbp, before);
    je_import_report rep;
    je_error e;
    je_error_clear(&e);
    je_status st = je_import_water_samples(db, t_path("nope.csv"), NULL, &rep, &e);
    cr_assert_eq(st, JE_EIO, "got %s", je_status_name(st));
    cr_assert_eq(rep.batch_id, 0);
    je_import_report_free(&rep);
    t_db_fingerprint(dbp, after);
    cr_assert_str_eq(after, before);
    /* and the handle still works */
    t_import_ok(db, je_import_water_samples, t_fixture("samples_small_wide.csv"), NULL, &rep);
    je_import_report_free(&rep);
    je_db_close(db);
}

/* ---- the bad-input matrix: sections and jurisdictions --------------------------------- */

#define SEC_HDR                                                                                    \
    "code,name_zh,name_en,river_code,river_zh,river_en,basin_code,basin_zh,basin_en,lon,lat,"      \
    "kind,owner,upstream,downstream,target_class,waterbody\n"

enum {
    C_CODE,
    C_RIVER = 3,
    C_RIVER_ZH = 4,
    C_BASIN = 6,
    C_LON = 9,
    C_LAT = 10,
    C_KIND = 11,
    C_OWNER = 12,
    C_UP = 13,
    C_DOWN = 14,
    C_TARGET = 15,
    C_WB = 16
};

/* A section row: the base row with fields replaced by (index, text) pairs, -1 ends. */
static void section_row(char *out, size_t size, ...)
{
    const char *f[17] = {
        "NEW1",     "新断面",        "New One", "JLJ",  "嘉陵江",   "Jialing River", "CJ",
        "长江流域", "Yangtze Basin", "106.5",   "29.9", "national", "500000",        "",
        "",         "III",           "river"};
    va_list ap;
    va_start(ap, size);
    int k;
    while ((k = va_arg(ap, int)) >= 0)
        f[k] = va_arg(ap, const char *);
    va_end(ap);
    out[0] = '\0';
    for (int i = 0; i < 17; i++) {
        strncat(out, i ? "," : "", size - strlen(out) - 1);
        strncat(out, f[i], size - strlen(out) - 1);
    }
}

static void expect_section_rejected(const char *dbp, je_db *db, const char *row, int field,
                                    const char *msg)
{
    char text[1024];
    snprintf(text, sizeof text, SEC_HDR "%s\n", row);
    const char *f = t_file_with("bad_sections.csv", text);
    t_expect_rejected(dbp, db, je_import_sections, f, NULL, 2, t_char_col(row, field), msg, 0);
}

Test(import, bad_sections)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("sec.db"));
    je_db *db = fixture_db(dbp, 0);
    char row[512];

    /* the base row itself is fine (checked last, after the rejections) */
    section_row(row, sizeof row, C_KIND, "boundary", C_UP, "", C_DOWN, "500000", -1);
    expect_section_rejected(dbp, db, row, C_UP, "needs upstream and downstream");
    section_row(row, sizeof row, C_KIND, "boundary", C_UP, "510000", C_DOWN, "", -1);
    expect_section_rejected(dbp, db, row, C_DOWN, "needs upstream and downstream");
    section_row(row, sizeof row, C_UP, "510000", C_DOWN, "500000", -1);
    expect_section_rejected(dbp, db, row, C_UP, "only for boundary");
    section_row(row, sizeof row, C_KIND, "boundary", C_UP, "500000", C_DOWN, "500000", -1);
    expect_section_rejected(dbp, db, row, C_DOWN, "same jurisdiction");
    section_row(row, sizeof row, C_OWNER, "999999", -1);
    expect_section_rejected(dbp, db, row, C_OWNER, "unknown jurisdiction '999999'");
    section_row(row, sizeof row, C_KIND, "boundary", C_UP, "510000", C_DOWN, "440000", -1);
    expect_section_rejected(dbp, db, row, C_DOWN, "unknown jurisdiction '440000'");
    section_row(row, sizeof row, C_LON, "200", -1);
    expect_section_rejected(dbp, db, row, C_LON, "invalid longitude");
    section_row(row, sizeof row, C_LON, "abc", -1);
    expect_section_rejected(dbp, db, row, C_LON, "invalid longitude");
    section_row(row, sizeof row, C_LAT, "-91", -1);
    expect_section_rejected(dbp, db, row, C_LAT, "invalid latitude");
    section_row(row, sizeof row, C_TARGET, "VII", -1);
    expect_section_rejected(dbp, db, row, C_TARGET, "invalid target_class");
    section_row(row, sizeof row, C_TARGET, "劣V", -1);
    expect_section_rejected(dbp, db, row, C_TARGET, "invalid target_class");
    section_row(row, sizeof row, C_KIND, "county", -1);
    expect_section_rejected(dbp, db, row, C_KIND, "invalid kind");
    section_row(row, sizeof row, C_WB, "sea", -1);
    expect_section_rejected(dbp, db, row, C_WB, "invalid waterbody");
    section_row(row, sizeof row, C_CODE, "", -1);
    expect_section_rejected(dbp, db, row, C_CODE, "empty code");
    /* a river code reused with other names, or in another basin */
    section_row(row, sizeof row, C_RIVER_ZH, "别的江", -1);
    expect_section_rejected(dbp, db, row, C_RIVER_ZH, "exists with other names");
    section_row(row, sizeof row, C_RIVER, "TJ", C_RIVER_ZH, "沱江", C_RIVER + 2, "Tuo River", -1);
    expect_section_rejected(dbp, db, row, C_BASIN, "belongs to basin TJB");
    /* an existing section code without replace */
    section_row(row, sizeof row, C_CODE, "JL01", -1);
    expect_section_rejected(dbp, db, row, C_CODE, "already exists");

    /* the base row imports */
    section_row(row, sizeof row, -1);
    char text[1024];
    snprintf(text, sizeof text, SEC_HDR "%s\n", row);
    je_import_report rep;
    t_import_ok(db, je_import_sections, t_file_with("good_section.csv", text), NULL, &rep);
    cr_assert_eq(rep.inserted, 1);
    je_import_report_free(&rep);
    je_db_close(db);
}

Test(import, sections_replace_updates)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("secrep.db"));
    je_db *db = fixture_db(dbp, 0);
    char row[512];
    section_row(row, sizeof row, C_CODE, "JL03", C_LON, "106.99", C_TARGET, "II", -1);
    char text[1024];
    snprintf(text, sizeof text, SEC_HDR "%s\n", row);
    je_import_opts o = {.replace = 1};
    je_import_report rep;
    t_import_ok(db, je_import_sections, t_file_with("rep_section.csv", text), &o, &rep);
    cr_assert_eq(rep.updated, 1, "updated %zu", rep.updated);
    cr_assert_eq(rep.inserted, 0);
    je_import_report_free(&rep);
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM section WHERE code = 'JL03'"
                               " AND abs(lon - 106.99) < 1e-9 AND target_class = 2"),
                 1);
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM section"), 5);
    je_db_close(db);
}

Test(import, bad_jurisdictions)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("jur.db"));
    je_db *db = t_open_db(dbp);
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions, t_fixture("jurisdictions.csv"), NULL, &rep);
    je_import_report_free(&rep);
    const char *h = "code,name_zh,name_en,utc_offset\n";
    struct {
        const char *row;
        int field;
        const char *msg;
    } cases[] = {
        {"51000,成都,Chengdu,+08:00", 0, "invalid jurisdiction code"},
        {"5100001,成都,Chengdu,+08:00", 0, "invalid jurisdiction code"},
        {"51a100,成都,Chengdu,+08:00", 0, "invalid jurisdiction code"},
        {"510100,,Chengdu,+08:00", 1, "empty name_zh"},
        {"510000,四川,Sichuan,+08:00", 0, "already exists"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "%s%s\n", h, cases[i].row);
        const char *f = t_file_with("bad_jur.csv", text);
        t_expect_rejected(dbp, db, je_import_jurisdictions, f, NULL, 2,
                          t_char_col(cases[i].row, cases[i].field), cases[i].msg, 0);
    }
    t_expect_rejected(dbp, db, je_import_jurisdictions,
                      t_file_with("bad_jur_hdr.csv", "code,name_zh,name_en\n510100,成都,Chengdu\n"),
                      NULL, 1, 1, "missing column 'utc_offset'", 1);
    t_expect_rejected(dbp, db, je_import_jurisdictions,
                      t_file_with("bad_jur_hdr2.csv", "code,name_zh,name_en,utc_offset,x\n"
                                                      "510100,成都,Chengdu,+08:00,1\n"),
                      NULL, 1, 33, "unknown column 'x'", 1);
    /* replace updates */
    je_import_opts o = {.replace = 1};
    t_import_ok(db, je_import_jurisdictions,
                t_file_with("rep_jur.csv", "code,name_zh,name_en,utc_offset\n"
                                           "510000,四川省,Sichuan,+07:00\n"),
                &o, &rep);
    je_import_report_free(&rep);
    cr_assert_eq(db_count(dbp, "SELECT utc_offset_s FROM jurisdiction WHERE code = '510000'"),
                 7 * 3600);
    je_db_close(db);
}

/* A bad utc_offset must be rejected at its column with the offset parser's reason. */
Test(import, bad_jurisdiction_offset)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("jur_off.db"));
    je_db *db = t_open_db(dbp);
    const char *rows[] = {"510100,成都市,Chengdu,+8", "510100,成都市,Chengdu,UTC+8",
                          "510100,成都市,Chengdu,+08:61"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "code,name_zh,name_en,utc_offset\n%s\n", rows[i]);
        const char *f = t_file_with("bad_offset.csv", text);
        t_expect_rejected(dbp, db, je_import_jurisdictions, f, NULL, 2, t_char_col(rows[i], 3),
                          "invalid UTC offset", 1);
    }
    je_db_close(db);
}

Test(import, local_time_is_the_section_owners_offset)
{
    /* a jurisdiction at -05:30 owns a section: a sample without an offset is local */
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("tz.db"));
    je_db *db = fixture_db(dbp, 0);
    je_import_report rep;
    t_import_ok(
        db, je_import_jurisdictions,
        t_file_with("tz_j.csv", "code,name_zh,name_en,utc_offset\n990000,测试,Test,-05:30\n"), NULL,
        &rep);
    je_import_report_free(&rep);
    char row[512], text[1024];
    section_row(row, sizeof row, C_CODE, "FAR1", C_OWNER, "990000", -1);
    snprintf(text, sizeof text, SEC_HDR "%s\n", row);
    t_import_ok(db, je_import_sections, t_file_with("tz_s.csv", text), NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_water_samples,
                t_file_with("tz_w.csv", "section,sampled_at,ph\nFAR1,2022-03-01T00:00,7\n"
                                        "JL01,2022-03-01T00:00,7\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    int64_t far = (int64_t)1646092800 + 5 * 3600 + 1800, jl = (int64_t)1646092800 - 8 * 3600;
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM water_sample w JOIN section s ON s.id = w.section_id"
             " WHERE (s.code = 'FAR1' AND sampled_at = %lld)"
             " OR (s.code = 'JL01' AND sampled_at = %lld)",
             (long long)far, (long long)jl);
    cr_assert_eq(db_count(dbp, sql), 2, "samples not stored at local time: %s", sql);
    je_db_close(db);
}

/* ---- migrations, batches and the audit log ------------------------------------------ */

Test(import, migrations_apply_once)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("mig.db"));
    je_db *db = t_open_db(dbp);
    cr_assert_geq(je_db_schema_latest(), 1);
    cr_assert_eq(je_db_schema_version(db), je_db_schema_latest(), "version %d, latest %d",
                 je_db_schema_version(db), je_db_schema_latest());
    je_db_close(db);
    db = t_open_db(dbp);
    cr_assert_eq(je_db_schema_version(db), je_db_schema_latest());
    /* a second handle at the same time */
    je_db *db2 = t_open_db(dbp);
    cr_assert_eq(je_db_schema_version(db2), je_db_schema_latest());
    je_db_close(db2);
    je_db_close(db);
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM schema_version"), je_db_schema_latest());
    cr_assert_eq(db_count(dbp, "SELECT max(version) FROM schema_version"), je_db_schema_latest());
    /* a file from a newer jointenv is refused */
    sqlite3 *raw;
    cr_assert_eq(sqlite3_open(dbp, &raw), SQLITE_OK);
    char sql[200];
    snprintf(sql, sizeof sql,
             "INSERT INTO schema_version(version, name, applied_at) VALUES (%d, 'future', 0)",
             je_db_schema_latest() + 1);
    cr_assert_eq(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    je_error e;
    je_db *nd = (je_db *)1;
    cr_assert_eq(je_db_open(dbp, &nd, &e), JE_ESCHEMA);
    cr_assert_null(nd);
    /* not a database */
    const char *junk = t_file_with("junk.db", "this is not a database file at all, not even close"
                                              " to one, and long enough to have a header\n");
    je_status st = je_db_open(junk, &nd, &e);
    cr_assert_neq(st, JE_OK, "a text file opened as a database");
}

Test(import, batch_and_audit_rows_only_for_successful_imports)
{
    char dbp[768];
    snprintf(dbp, sizeof dbp, "%s", t_path("audit.db"));
    je_db *db = t_open_db(dbp);
    je_db_set_actor(db, "tester-1");
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM import_batch"), 0);
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM audit_log"), 0);
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions, t_fixture("jurisdictions.csv"), NULL, &rep);
    int64_t id = rep.batch_id;
    je_import_report_free(&rep);
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM import_batch"), 1);
    char sql[300];
    /* one entry per jurisdiction (governance: registry records are logged per record),
       then the batch's own */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit_log WHERE action = 'import' AND tbl = 'import_batch'"
             " AND record_key = '%lld' AND actor = 'tester-1' AND seq = 3"
             " AND length(hash) = 32",
             (long long)id);
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM audit_log WHERE seq = 1"
                               " AND prev_hash = zeroblob(32) AND tbl = 'jurisdiction'"),
                 1);
    cr_assert_eq(db_count(dbp, sql), 1, "audit row for batch %lld: %s", (long long)id, sql);
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM import_batch WHERE actor = 'tester-1'"), 1);

    /* a failed import adds neither */
    t_expect_rejected(dbp, db, je_import_jurisdictions, t_fixture("jurisdictions.csv"), NULL, 2, 1,
                      "already exists", 2);
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM import_batch"), 1);
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM audit_log"), 3);
    /* nor does a dry run */
    je_import_opts dry = {.dry_run = 1};
    t_import_ok(db, je_import_sections, t_fixture("sections_small.csv"), &dry, &rep);
    je_import_report_free(&rep);
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM import_batch"), 1);
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM audit_log"), 3);

    /* the next one chains from the first: five sections and the batch */
    t_import_ok(db, je_import_sections, t_fixture("sections_small.csv"), NULL, &rep);
    je_import_report_free(&rep);
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM audit_log"), 9);
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM audit_log a JOIN audit_log b"
                               " ON b.seq = a.seq + 1 WHERE b.prev_hash = a.hash"),
                 8, "an audit entry does not chain from the one before");
    cr_assert_eq(db_count(dbp, "SELECT count(*) FROM section WHERE batch_id IS NULL"), 0);
    je_db_close(db);
}
