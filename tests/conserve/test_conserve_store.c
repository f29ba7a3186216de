/* Gene banks and forests in the store (conserve_store.c): the demo registers stored
 * as read; bad rows rejected at path:line:column with nothing written; the owner of a
 * forest unit from its GB/T 2260 code; a regeneration recorded with its audit entry,
 * refused for the other side and for a date before the last; a forest value changed
 * behind the import's back found by audit verify. */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/conserve.h"
#include "jointenv/governance.h"

#include <criterion/criterion.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO JE_SOURCE_DIR "/data/demo/chengyu/"
#define GB_HDR                                                                                     \
    "code,species_zh,species_en,kind,bank,location,jurisdiction,accessions,samples,"              \
    "last_regeneration\n"

TestSuite(conserve_store, .fini = t_cleanup);

static je_db *demo(const char *db_path)
{
    je_db *db = t_open_db(db_path);
    je_import_report rep;
    static const struct {
        const char *file;
        t_import_fn fn;
    } steps[] = {{DEMO "jurisdictions.csv", je_import_jurisdictions},
                 {DEMO "genebank.csv", je_import_genebank},
                 {DEMO "forests.csv", je_import_forests},
                 {DEMO "forest_targets.csv", je_import_forest_targets}};
    for (size_t i = 0; i < 4; i++) {
        t_import_ok(db, steps[i].fn, steps[i].file, NULL, &rep);
        je_import_report_free(&rep);
    }
    return db;
}

Test(conserve_store, demo_registers_stored_as_read)
{
    const char *dbp = t_path("c.db");
    je_db *db = demo(dbp);
    je_gb_accession *a;
    size_t n;
    je_error err;
    cr_assert_eq(je_store_genebank(db, &a, &n, &err), JE_OK, "%s", err.message);
    cr_assert_eq(n, 9);
    cr_expect_str_eq(a[0].code, "GB-YB-S", "in the file's order");
    cr_expect_str_eq(a[5].code, "GB-RC-E");
    cr_expect_str_eq(a[5].last_regeneration, "2006");
    cr_expect(a[5].samples == 460 && a[5].accessions == 1);
    cr_expect_str_eq(a[8].jurisdiction, "510000");
    free(a);
    je_forest_row *f;
    cr_assert_eq(je_store_forests(db, &f, &n, &err), JE_OK);
    cr_assert_eq(n, 6);
    /* no jurisdiction column: the owner is the code's province (5000 00 -> 500000) */
    cr_expect_str_eq(f[5].unit, "500000");
    cr_expect_str_eq(f[5].jurisdiction, "500000");
    cr_expect(f[5].year == 2022 && f[5].coverage_pct == 55.04 && f[5].stock_m3 == 2.60e8);
    free(f);
    je_forest_target_row *t;
    cr_assert_eq(je_store_forest_targets(db, &t, &n, &err), JE_OK);
    cr_assert_eq(n, 4);
    cr_expect(t[2].t.base == 52.50 && t[2].t.target == 55 && t[2].t.target_year == 2025);
    /* the CLI test's figure from the file (test_conserve.c) from the store: Chongqing's
       2022 coverage is 1.016 of the way at 0.400 of the time */
    je_forest_progress p;
    cr_assert_eq(je_forest_progress_of(&t[2].t, 2022, 55.04, &p, &err), JE_OK);
    cr_expect(fabs(p.progress - 1.016) < 5e-4 && fabs(p.elapsed - 0.4) < 1e-12);
    free(t);
    je_audit_report r;
    cr_assert_eq(je_audit_verify(db, &r, &err), JE_OK);
    cr_expect(r.ok, "%s", r.problem);
    je_db_close(db);
}

Test(conserve_store, bad_rows_at_their_place)
{
    const char *dbp = t_path("b.db");
    je_db *db = demo(dbp);
    const char *spore = "X,甲,A,spore,B,L,510000,1,10,2020";
    char text[512];
    snprintf(text, sizeof text, GB_HDR "%s\n", spore);
    t_expect_rejected(dbp, db, je_import_genebank, t_file_with("k.csv", text), NULL, 2,
                      t_char_col(spore, 3), "kind: 'spore'", 1);
    const char *when = "X,甲,A,seed,B,L,510000,1,10,2020-13";
    snprintf(text, sizeof text, GB_HDR "%s\n", when);
    t_expect_rejected(dbp, db, je_import_genebank, t_file_with("w.csv", text), NULL, 2,
                      t_char_col(when, 9), "last_regeneration: '2020-13'", 1);
    snprintf(text, sizeof text, GB_HDR "GB-YB-S,崖柏,Y,seed,B,L,500000,1,10,2020\n");
    t_expect_rejected(dbp, db, je_import_genebank, t_file_with("e.csv", text), NULL, 2, 1,
                      "already exists", 1);
    const char *cov = "510000,四川省,Sichuan,2023,140,,";
    snprintf(text, sizeof text,
             "unit,name_zh,name_en,year,coverage_pct,stock_m3,afforestation_ha\n%s\n", cov);
    t_expect_rejected(dbp, db, je_import_forests, t_file_with("f.csv", text), NULL, 2,
                      t_char_col(cov, 4), "coverage_pct: '140'", 1);
    const char *yr = "510000,四川省,Sichuan,2022,40.3,,";
    snprintf(text, sizeof text,
             "unit,name_zh,name_en,year,coverage_pct,stock_m3,afforestation_ha\n%s\n", yr);
    t_expect_rejected(dbp, db, je_import_forests, t_file_with("y.csv", text), NULL, 2,
                      t_char_col(yr, 3), "already stored", 1);
    const char *unk = "440000,广东省,Guangdong,2022,58,,";
    snprintf(text, sizeof text,
             "unit,name_zh,name_en,year,coverage_pct,stock_m3,afforestation_ha\n%s\n", unk);
    t_expect_rejected(dbp, db, je_import_forests, t_file_with("u.csv", text), NULL, 2, 1,
                      "province-level jurisdiction 440000 is not stored", 1);
    const char *same = "510000,coverage_pct,2020,40,2025,40";
    snprintf(text, sizeof text, "unit,indicator,base_year,base,target_year,target\n%s\n", same);
    t_expect_rejected(dbp, db, je_import_forest_targets, t_file_with("t.csv", text), NULL, 2,
                      t_char_col(same, 5), "must differ", 1);
    t_expect_rejected(dbp, db, je_import_forest_targets,
                      t_file_with("t2.csv", "unit,indicator,base_year,base,target_year,target\n"
                                            "999999,stock_m3,2020,1,2025,2\n"),
                      NULL, 2, 1, "unknown forest unit '999999'", 1);
    je_db_close(db);
}

Test(conserve_store, regeneration_recorded_logged_and_guarded)
{
    const char *dbp = t_path("g.db");
    je_db *db = demo(dbp);
    je_error err;
    long long entries = t_db_int(dbp, "SELECT count(*) FROM audit_log");
    cr_assert_eq(je_gb_update(db, "GB-RC-E", "2023-04", 500, "new embryo lot", &err), JE_OK, "%s",
                 err.message);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log"), entries + 1);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log WHERE tbl = 'genebank_accession'"
                               " AND record_key = 'GB-RC-E' AND action = 'update' AND"
                               " before LIKE '%\"last_regeneration\":\"2006\"%' AND"
                               " after LIKE '%\"last_regeneration\":\"2023-04\"%'"),
                 1);
    je_gb_accession *a;
    size_t n;
    cr_assert_eq(je_store_genebank(db, &a, &n, &err), JE_OK);
    cr_expect_str_eq(a[5].last_regeneration, "2023-04");
    cr_expect(a[5].samples == 500);
    cr_expect_str_eq(a[5].note, "new embryo lot");
    /* and its status: 2024 − 2023.29 = 0.7 years of a 15-year interval, 500 ≥ 200: ok */
    cr_expect_eq(je_gb_status_of(2024 - 2023 + (6.5 - 4) / 12.0, 15, a[5].samples, 200), JE_GB_OK);
    free(a);
    char before[65], after[65];
    t_db_fingerprint(dbp, before);
    cr_expect_eq(je_gb_update(db, "GB-RC-E", "2022", NAN, NULL, &err), JE_EINVAL);
    cr_expect(strstr(err.message, "before the recorded last regeneration 2023-04") != NULL, "%s",
              err.message);
    cr_expect_eq(je_gb_update(db, "NOPE", NULL, 1, NULL, &err), JE_ENOTFOUND);
    cr_expect_eq(je_gb_update(db, "GB-RC-E", NULL, NAN, NULL, &err), JE_EINVAL);
    /* Sichuan's analyst may not update Chongqing's accession */
    char tok[JE_GOV_TOKEN_CHARS];
    cr_assert_eq(je_gov_user_add(db, "li", NULL, NULL, &err), JE_OK);
    cr_assert_eq(je_gov_role_grant(db, "li", "510000", JE_ROLE_ANALYST, &err), JE_OK);
    cr_assert_eq(je_gov_token_create(db, "li", "t", 0, tok, NULL, &err), JE_OK);
    t_db_fingerprint(dbp, before);
    cr_assert_eq(je_gov_login_token(db, tok, &err), JE_OK);
    cr_expect_eq(je_gb_update(db, "GB-RC-E", NULL, 1, NULL, &err), JE_EPERM);
    cr_expect(strstr(err.message, "may not write gene-bank accession GB-RC-E owned by 500000"),
              "%s", err.message);
    cr_expect_eq(je_gb_update(db, "GB-CQ-T", NULL, 1300, NULL, &err), JE_OK, "its own: %s",
                 err.message);
    t_db_fingerprint(dbp, after);
    cr_expect_str_neq(before, after);
    je_db_close(db);
}

Test(conserve_store, a_forest_value_changed_after_the_import_is_found)
{
    const char *dbp = t_path("t.db");
    je_db *db = demo(dbp);
    sqlite3 *s;
    cr_assert_eq(sqlite3_open(dbp, &s), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(s, "UPDATE forest_value SET coverage_pct = 41 WHERE year = 2022 AND"
                                 " coverage_pct = 40.3",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    cr_assert_eq(sqlite3_changes(s), 1);
    sqlite3_close(s);
    je_audit_report r;
    je_error err;
    cr_assert_eq(je_audit_verify(db, &r, &err), JE_OK);
    cr_expect(!r.ok);
    cr_expect(strstr(r.problem, "the forest_value rows of import batch 3") != NULL, "%s",
              r.problem);
    je_db_close(db);
}
