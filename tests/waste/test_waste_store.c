/* Zero-waste districts and data in the store (waste_store.c): imports rejected at
 * path:line:column with the database left exactly as it was, a Chongqing analyst
 * refused Sichuan's data, a stored value changed behind the import's back found by
 * audit verify, the evaluation from the store equal to the one from the demo files,
 * and a published run that verifies until its data change. */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/governance.h"
#include "jointenv/run.h"
#include "jointenv/waste.h"

#include <criterion/criterion.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO JE_SOURCE_DIR "/data/demo/chengyu/"
#define SYSTEM JE_SOURCE_DIR "/data/rules/zero-waste-2021.json"

#define DIST_CSV                                                                                   \
    "code,name_zh,name_en,jurisdiction\n"                                                          \
    "510100,成都市,Chengdu,510000\n"                                                               \
    "500103,渝中区,Yuzhong District,500000\n"

/* Change the database as an intruder would: straight SQL, past the library. */
static void intrude(const char *db_path, const char *text)
{
    sqlite3 *s;
    cr_assert_eq(sqlite3_open(db_path, &s), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(s, text, NULL, NULL, &msg);
    cr_assert_eq(rc, SQLITE_OK, "%s: %s", text, msg ? msg : "");
    cr_assert_eq(sqlite3_changes(s), 1, "%s changed %d rows", text, sqlite3_changes(s));
    sqlite3_close(s);
}

static je_db *base(const char *db_path)
{
    je_db *db = t_open_db(db_path);
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions, t_fixture("jurisdictions.csv"), NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_waste_districts, t_file_with("d.csv", DIST_CSV), NULL, &rep);
    cr_assert_eq(rep.inserted, 2);
    je_import_report_free(&rep);
    return db;
}

TestSuite(waste_store, .fini = t_cleanup);

Test(waste_store, bad_rows_at_line_and_column_and_nothing_written)
{
    const char *dbp = t_path("w.db");
    je_db *db = base(dbp);
    je_import_report rep;
    t_import_ok(db, je_import_waste_values,
                t_file_with("ok.csv", "district,year,variable,value\n510100,2022,ind_sw_t,10\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    /* row 3 has a negative value: the good row 2 is not written either */
    const char *r3 = "510100,2022,ind_hw_t,-1";
    t_expect_rejected(dbp, db, je_import_waste_values,
                      t_file_with("neg.csv", "district,year,variable,value\n"
                                             "510100,2022,ind_va_1e4_yuan,5\n" "510100,2022,ind_hw_t,-1\n"),
                      NULL, 3, t_char_col(r3, 3), "value: '-1'", 1);
    t_expect_rejected(dbp, db, je_import_waste_values,
                      t_file_with("unk.csv", "district,year,variable,value\n999999,2022,x,1\n"),
                      NULL, 2, 1, "unknown district '999999'", 1);
    const char *r2 = "510100,20x2,ind_sw_t,1";
    t_expect_rejected(dbp, db, je_import_waste_values,
                      t_file_with("yr.csv", "district,year,variable,value\n510100,20x2,ind_sw_t,1\n"),
                      NULL, 2, t_char_col(r2, 1), "year: '20x2'", 1);
    /* already stored, without --replace; and twice in one file */
    t_expect_rejected(dbp, db, je_import_waste_values, t_path("ok.csv"), NULL, 2,
                      t_char_col("510100,2022,ind_sw_t,10", 2), "already stored", 1);
    je_import_opts rp = {.replace = 1};
    t_expect_rejected(dbp, db, je_import_waste_values,
                      t_file_with("twice.csv", "district,year,variable,value\n510100,2021,a,1\n"
                                               "510100,2021,a,2\n"),
                      &rp, 3, t_char_col("510100,2021,a,2", 2), "appears twice", 1);
    t_expect_rejected(dbp, db, je_import_waste_districts,
                      t_file_with("dj.csv", "code,name_zh,name_en,jurisdiction\nX,甲,X,440000\n"),
                      NULL, 2, 7, "unknown jurisdiction '440000'", 1);
    t_expect_rejected(dbp, db, je_import_waste_values,
                      t_file_with("hdr.csv", "district,year,variable\n510100,2022,a\n"), NULL, 1,
                      1, "missing column 'value'", 0);
    je_db_close(db);
}

Test(waste_store, the_other_side_may_not_write_a_districts_data)
{
    const char *dbp = t_path("p.db");
    je_db *db = base(dbp);
    je_error err;
    char tok[JE_GOV_TOKEN_CHARS];
    cr_assert_eq(je_gov_user_add(db, "wang", NULL, NULL, &err), JE_OK, "%s", err.message);
    cr_assert_eq(je_gov_role_grant(db, "wang", "500000", JE_ROLE_ANALYST, &err), JE_OK);
    cr_assert_eq(je_gov_token_create(db, "wang", "t", 0, tok, NULL, &err), JE_OK);
    cr_assert_eq(je_gov_login_token(db, tok, &err), JE_OK, "%s", err.message);
    char before[65], after[65];
    t_db_fingerprint(dbp, before);
    je_import_report rep;
    /* row 2 is Chongqing's own district, row 3 Sichuan's Chengdu: all refused */
    const char *f = t_file_with("x.csv", "district,year,variable,value\n500103,2022,a,1\n"
                                         "510100,2022,a,1\n");
    je_status st = je_import_waste_values(db, f, NULL, &rep, &err);
    je_import_report_free(&rep);
    cr_assert_eq(st, JE_EPERM, "%s", err.message);
    cr_expect(strstr(err.message, "user 'wang' (analyst 500000) may not write zero-waste data of "
                                  "district 510100 owned by 510000") != NULL,
              "%s", err.message);
    cr_expect_eq(err.line, 3);
    t_db_fingerprint(dbp, after);
    cr_expect_str_eq(before, after, "a refused import changed the database");
    /* nor take Sichuan's district over by re-importing it as Chongqing's */
    je_import_opts rp = {.replace = 1};
    st = je_import_waste_districts(
        db, t_file_with("d2.csv", "code,name_zh,name_en,jurisdiction\n510100,成都市,Chengdu,500000\n"),
        &rp, &rep, &err);
    je_import_report_free(&rep);
    cr_expect_eq(st, JE_EPERM);
    cr_expect(strstr(err.message, "owned by 510000") != NULL, "%s", err.message);
    /* its own district's data is fine */
    t_import_ok(db, je_import_waste_values, t_file_with("own.csv", "district,year,variable,value\n"
                                                                   "500103,2022,a,1\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    je_db_close(db);
}

static void verify(je_db *db, int want_ok, const char *part)
{
    je_audit_report a;
    je_error err;
    cr_assert_eq(je_audit_verify(db, &a, &err), JE_OK, "%s", err.message);
    cr_expect_eq(a.ok, want_ok, "audit: %s", a.problem);
    if (part)
        cr_expect(strstr(a.problem, part) != NULL, "'%s' lacks '%s'", a.problem, part);
}

Test(waste_store, a_value_changed_after_the_import_is_found)
{
    const char *dbp = t_path("t.db");
    je_db *db = base(dbp);
    je_import_report rep;
    t_import_ok(db, je_import_waste_values,
                t_file_with("v.csv", "district,year,variable,value\n510100,2022,a,1\n"
                                     "510100,2022,b,2\n500103,2022,a,3\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    verify(db, 1, NULL);
    /* --replace of one value moves it to a new batch: the old batch is re-hashed, still ok */
    je_import_opts rp = {.replace = 1};
    t_import_ok(db, je_import_waste_values,
                t_file_with("v2.csv", "district,year,variable,value\n510100,2022,b,5\n"), &rp,
                &rep);
    cr_expect_eq(rep.updated, 1);
    je_import_report_free(&rep);
    verify(db, 1, NULL);
    intrude(dbp, "UPDATE waste_value SET value = 4 WHERE variable = 'a' AND value = 3");
    verify(db, 0, "the waste_value rows of import batch");
    intrude(dbp, "UPDATE waste_value SET value = 3 WHERE variable = 'a' AND value = 4");
    verify(db, 1, NULL);
    /* a row slipped in outside any import */
    intrude(dbp, "INSERT INTO waste_value(district_ref, year, variable, value, batch_id)"
                 " SELECT id, 2023, 'a', 9, 3 FROM waste_district WHERE code = '510100'");
    verify(db, 0, "waste_value");
    je_db_close(db);
}

/* The store's figures are the demo files' figures. */
Test(waste_store, evaluation_from_the_store_equals_the_files, .timeout = 60)
{
    const char *dbp = t_path("e.db");
    je_db *db = t_open_db(dbp);
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions, DEMO "jurisdictions.csv", NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_waste_districts, DEMO "waste_districts.csv", NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_waste_values, DEMO "waste_data.csv", NULL, &rep);
    cr_expect_eq(rep.inserted, 570);
    je_import_report_free(&rep);
    je_waste_district *d1, *d2;
    je_waste_value *v1, *v2;
    size_t nd1, nd2, nv1, nv2;
    je_error err;
    je_diag diag;
    je_diag_init(&diag, 10);
    cr_assert_eq(je_waste_read_districts(DEMO "waste_districts.csv", &d1, &nd1, &diag, &err), JE_OK);
    cr_assert_eq(je_waste_read_values(DEMO "waste_data.csv", &v1, &nv1, &diag, &err), JE_OK);
    je_diag_free(&diag);
    cr_assert_eq(je_store_waste_districts(db, &d2, &nd2, &err), JE_OK, "%s", err.message);
    cr_assert_eq(je_store_waste_values(db, &v2, &nv2, &err), JE_OK, "%s", err.message);
    cr_assert_eq(nd2, nd1);
    cr_assert_eq(nv2, nv1);
    size_t len;
    char *json = t_read(SYSTEM);
    cr_assert_not_null(json);
    len = strlen(json);
    je_waste_system sys;
    cr_assert_eq(je_waste_system_parse(json, len, SYSTEM, &sys, &err), JE_OK);
    free(json);
    /* districts by code in the store, file order in the file: compare per code */
    je_waste_card *c1, *c2;
    cr_assert_eq(je_waste_evaluate(&sys, d1, nd1, v1, nv1, 2022, &c1, &err), JE_OK);
    cr_assert_eq(je_waste_evaluate(&sys, d2, nd2, v2, nv2, 2022, &c2, &err), JE_OK);
    for (size_t i = 0; i < nd1; i++) {
        size_t k = 0;
        while (k < nd2 && strcmp(d2[k].code, d1[i].code) != 0)
            k++;
        cr_assert_lt(k, nd2, "district %s not stored", d1[i].code);
        cr_expect(c1[i].composite == c2[k].composite && c1[i].rank == c2[k].rank &&
                      (c1[i].prev_composite == c2[k].prev_composite ||
                       (isnan(c1[i].prev_composite) && isnan(c2[k].prev_composite))),
                  "%s: file %.6f rank %d, store %.6f rank %d", d1[i].code, c1[i].composite,
                  c1[i].rank, c2[k].composite, c2[k].rank);
        cr_expect_str_eq(d2[k].jurisdiction, d1[i].jurisdiction);
    }
    je_waste_cards_free(c1, nd1);
    je_waste_cards_free(c2, nd2);
    je_waste_system_free(&sys);
    free(d1), free(d2), free(v1), free(v2);
    /* a published run verifies, and stops verifying when a value it used changes */
    int64_t run = 0;
    cr_assert_eq(je_waste_run_record(db, SYSTEM, 2022, &run, &err), JE_OK, "%s", err.message);
    je_waste_verify v;
    cr_assert_eq(je_waste_run_verify(db, run, NULL, &v, &err), JE_OK, "%s", err.message);
    cr_expect(v.identical && !v.inputs_changed && !v.rules_changed);
    cr_expect_eq(v.year, 2022);
    je_import_opts rp = {.replace = 1};
    t_import_ok(db, je_import_waste_values,
                t_file_with("fix.csv", "district,year,variable,value\n510100,2022,ind_sw_used_t,1\n"),
                &rp, &rep);
    je_import_report_free(&rep);
    cr_assert_eq(je_waste_run_verify(db, run, NULL, &v, &err), JE_OK, "%s", err.message);
    cr_expect(!v.identical && v.inputs_changed && !v.rules_changed);
    /* a value of a year the evaluation does not read leaves the inputs unchanged */
    int64_t run2 = 0;
    cr_assert_eq(je_waste_run_record(db, SYSTEM, 2022, &run2, &err), JE_OK);
    t_import_ok(db, je_import_waste_values,
                t_file_with("old.csv", "district,year,variable,value\n510100,2005,ind_sw_t,1\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    cr_assert_eq(je_waste_run_verify(db, run2, NULL, &v, &err), JE_OK);
    cr_expect(v.identical && !v.inputs_changed);
    /* not a zero-waste run */
    cr_expect_eq(je_waste_run_verify(db, run2 + 1, NULL, &v, &err), JE_ENOTFOUND);
    je_db_close(db);
}
