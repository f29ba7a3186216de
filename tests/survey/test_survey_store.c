/* Darwin Core surveys in the store (survey_store.c): the demo survey imported, read
 * back and written as an archive that imports into a fresh database to the same rows;
 * rows of one event that disagree, unknown or missing jurisdictions and events already
 * stored rejected at path:line:column with nothing written; --replace replacing an
 * event's occurrences; a changed occurrence found by audit verify; the other side
 * refused. */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/governance.h"
#include "jointenv/survey.h"

#include <criterion/criterion.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DWC JE_SOURCE_DIR "/data/demo/chengyu/ecology/survey_dwc.csv"
#define HDR                                                                                        \
    "eventID,eventDate,samplingProtocol,sampleSizeValue,sampleSizeUnit,locationID,locality,"      \
    "decimalLatitude,decimalLongitude,parentEventID,scientificName,taxonRank,individualCount,"     \
    "recordedBy,higherGeographyID\n"

TestSuite(survey_store, .fini = t_cleanup);

static je_db *base(const char *db_path)
{
    je_db *db = t_open_db(db_path);
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions, t_fixture("jurisdictions.csv"), NULL, &rep);
    je_import_report_free(&rep);
    return db;
}

static void intrude(const char *db_path, const char *text)
{
    sqlite3 *s;
    cr_assert_eq(sqlite3_open(db_path, &s), SQLITE_OK);
    char *msg = NULL;
    cr_assert_eq(sqlite3_exec(s, text, NULL, NULL, &msg), SQLITE_OK, "%s: %s", text, msg);
    sqlite3_close(s);
}

static int same_occ(const je_occurrence *a, const je_occurrence *b)
{
    return strcmp(a->event_id, b->event_id) == 0 && strcmp(a->event_date, b->event_date) == 0 &&
           strcmp(a->protocol, b->protocol) == 0 && strcmp(a->location_id, b->location_id) == 0 &&
           strcmp(a->scientific_name, b->scientific_name) == 0 &&
           strcmp(a->taxon_rank, b->taxon_rank) == 0 && strcmp(a->recorded_by, b->recorded_by) == 0 &&
           strcmp(a->jurisdiction, b->jurisdiction) == 0 &&
           strcmp(a->sample_size_unit, b->sample_size_unit) == 0 &&
           strcmp(a->locality, b->locality) == 0 &&
           strcmp(a->parent_event_id, b->parent_event_id) == 0 && a->count == b->count &&
           (a->lat == b->lat || (isnan(a->lat) && isnan(b->lat))) &&
           (a->lon == b->lon || (isnan(a->lon) && isnan(b->lon))) &&
           (a->sample_size == b->sample_size || (isnan(a->sample_size) && isnan(b->sample_size)));
}

Test(survey_store, demo_survey_stored_as_read_and_archive_round_trip)
{
    const char *dbp = t_path("s.db");
    je_db *db = base(dbp);
    je_import_report rep;
    t_import_ok(db, je_import_dwc, DWC, NULL, &rep);
    cr_expect_eq(rep.inserted, 74);
    cr_expect_eq(rep.rows, 74);
    je_import_report_free(&rep);
    /* 6 events (3 sites a side), each a logged record */
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM survey_event"), 6);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log WHERE tbl = 'survey_event'"), 6);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM survey_event WHERE owner = '500000'"), 3);
    je_occurrence *file, *st1;
    size_t nf, n1;
    je_diag diag;
    je_diag_init(&diag, 10);
    je_error err;
    cr_assert_eq(je_dwc_read(DWC, &file, &nf, &diag, &err), JE_OK);
    je_diag_free(&diag);
    cr_assert_eq(je_store_occurrences(db, NULL, &st1, &n1, &err), JE_OK, "%s", err.message);
    cr_assert_eq(n1, nf);
    for (size_t i = 0; i < nf; i++)
        cr_assert(same_occ(&file[i], &st1[i]), "row %zu: %s %s differs", i, st1[i].event_id,
                  st1[i].scientific_name);
    je_occurrence *cq;
    size_t ncq;
    cr_assert_eq(je_store_occurrences(db, "500000", &cq, &ncq, &err), JE_OK);
    cr_expect_eq(ncq, 39, "Chongqing's rows of the demo (grep -c ,500000$: 39)");
    free(cq);
    /* export the store as an archive; import it into a fresh database; same rows */
    const char *zip = t_path("out.zip");
    cr_assert_eq(je_dwc_write(zip, st1, n1, &err), JE_OK, "%s", err.message);
    je_db *db2 = base(t_path("s2.db"));
    t_import_ok(db2, je_import_dwc, zip, NULL, &rep);
    je_import_report_free(&rep);
    je_occurrence *st2;
    size_t n2;
    cr_assert_eq(je_store_occurrences(db2, NULL, &st2, &n2, &err), JE_OK);
    cr_assert_eq(n2, n1);
    for (size_t i = 0; i < n1; i++)
        cr_assert(same_occ(&st1[i], &st2[i]), "round trip row %zu differs", i);
    free(file), free(st1), free(st2);
    je_db_close(db2);
    je_db_close(db);
}

Test(survey_store, every_event_field_survives_the_round_trip)
{
    je_db *db = base(t_path("f.db"));
    je_import_report rep;
    const char *f = t_file_with("full.csv", HDR
                                "E1,2023-04-02,point count,10,minute,P1,缙云山,29.83,106.38,R2023-1,"
                                "Garrulax canorus,species,3,Li Wei,500000\n"
                                "E1,2023-04-02,point count,10,minute,P1,缙云山,29.83,106.38,R2023-1,"
                                "Pica pica,species,,Li Wei,500000\n");
    t_import_ok(db, je_import_dwc, f, NULL, &rep);
    je_import_report_free(&rep);
    je_occurrence *o;
    size_t n;
    je_error err;
    cr_assert_eq(je_store_occurrences(db, NULL, &o, &n, &err), JE_OK);
    cr_assert_eq(n, 2);
    cr_expect_str_eq(o[0].parent_event_id, "R2023-1");
    cr_expect_str_eq(o[0].sample_size_unit, "minute");
    cr_expect_str_eq(o[0].locality, "缙云山");
    cr_expect(o[0].sample_size == 10 && o[0].lat == 29.83 && o[0].lon == 106.38);
    cr_expect(o[0].count == 3 && o[1].count == 1, "a presence row counts 1");
    const char *zip = t_path("f.zip");
    cr_assert_eq(je_dwc_write(zip, o, n, &err), JE_OK);
    je_occurrence *back;
    size_t nb;
    je_diag diag;
    je_diag_init(&diag, 10);
    cr_assert_eq(je_dwc_read(zip, &back, &nb, &diag, &err), JE_OK);
    cr_assert_eq(diag.total, 0);
    je_diag_free(&diag);
    cr_assert_eq(nb, 2);
    cr_expect(same_occ(&o[0], &back[0]) && same_occ(&o[1], &back[1]));
    free(o), free(back);
    je_db_close(db);
}

Test(survey_store, bad_rows_rejected_at_their_place)
{
    const char *dbp = t_path("b.db");
    je_db *db = base(dbp);
    const char *row2 = "E1,2023-04-02,point count,10,minute,P1,x,29.8,106.3,R1,A a,species,3,Li,500000";
    const char *row3 = "E1,2023-04-03,point count,10,minute,P1,x,29.8,106.3,R1,B b,species,3,Li,500000";
    char text[1024];
    snprintf(text, sizeof text, HDR "%s\n%s\n", row2, row3);
    /* row 3 is the same event on another day */
    t_expect_rejected(dbp, db, je_import_dwc, t_file_with("d.csv", text), NULL, 3,
                      t_char_col(row3, 1), "eventDate '2023-04-03' differs from '2023-04-02'", 1);
    const char *lat = "E1,2023-04-02,point count,10,minute,P1,x,29.9,106.3,R1,B b,species,3,Li,500000";
    snprintf(text, sizeof text, HDR "%s\n%s\n", row2, lat);
    t_expect_rejected(dbp, db, je_import_dwc, t_file_with("l.csv", text), NULL, 3,
                      t_char_col(lat, 7), "decimalLatitude differs", 1);
    const char *unk = "E2,2023-04-02,,,,P1,,,,,A a,species,3,Li,440000";
    snprintf(text, sizeof text, HDR "%s\n", unk);
    t_expect_rejected(dbp, db, je_import_dwc, t_file_with("u.csv", text), NULL, 2,
                      t_char_col(unk, 14), "unknown jurisdiction '440000'", 1);
    t_expect_rejected(dbp, db, je_import_dwc,
                      t_file_with("nj.csv", "eventID,eventDate,scientificName\nE3,2023-01-01,A a\n"),
                      NULL, 1, 1, "no higherGeographyID", 1);
    t_expect_rejected(dbp, db, je_import_dwc,
                      t_file_with("cnt.csv", "eventID,eventDate,scientificName,individualCount,"
                                             "higherGeographyID\nE4,2023-01-01,A a,-2,510000\n"),
                      NULL, 2, t_char_col("E4,2023-01-01,A a,-2,510000", 3), "individualCount", 1);
    /* an event already stored: one error for the event, not one per row */
    je_import_report rep;
    snprintf(text, sizeof text, HDR "%s\n", row2);
    t_import_ok(db, je_import_dwc, t_file_with("ok.csv", text), NULL, &rep);
    je_import_report_free(&rep);
    snprintf(text, sizeof text, HDR "%s\n%s\n", row2,
             "E1,2023-04-02,point count,10,minute,P1,x,29.8,106.3,R1,C c,species,1,Li,500000");
    t_expect_rejected(dbp, db, je_import_dwc, t_file_with("again.csv", text), NULL, 2, 1,
                      "event E1 already exists (use --replace", 1);
    je_db_close(db);
}

Test(survey_store, replace_swaps_an_events_occurrences_and_verify_still_holds)
{
    const char *dbp = t_path("r.db");
    je_db *db = base(dbp);
    je_import_report rep;
    t_import_ok(db, je_import_dwc,
                t_file_with("a.csv", "eventID,eventDate,scientificName,individualCount,"
                                     "higherGeographyID\nE1,2023-01-01,A a,2,510000\n"
                                     "E1,2023-01-01,B b,3,510000\nE2,2023-01-02,A a,1,510000\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    je_import_opts rp = {.replace = 1};
    t_import_ok(db, je_import_dwc,
                t_file_with("b.csv", "eventID,eventDate,scientificName,individualCount,"
                                     "higherGeographyID\nE1,2023-01-01,C c,7,510000\n"),
                &rp, &rep);
    cr_expect_eq(rep.updated, 1);
    cr_expect_eq(rep.inserted, 0);
    je_import_report_free(&rep);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM survey_occurrence"), 2, "E1: C c; E2: A a");
    cr_expect_eq(t_db_int(dbp, "SELECT sum(individual_count) FROM survey_occurrence"), 8);
    je_audit_report a;
    je_error err;
    cr_assert_eq(je_audit_verify(db, &a, &err), JE_OK);
    cr_expect(a.ok, "%s", a.problem);
    /* an occurrence changed behind the imports' back is found */
    intrude(dbp, "UPDATE survey_occurrence SET individual_count = 70 WHERE individual_count = 7");
    cr_assert_eq(je_audit_verify(db, &a, &err), JE_OK);
    cr_expect(!a.ok);
    cr_expect(strstr(a.problem, "survey_occurrence rows of import batch") != NULL, "%s",
              a.problem);
    je_db_close(db);
}

Test(survey_store, the_other_side_may_not_write_an_event)
{
    const char *dbp = t_path("p.db");
    je_db *db = base(dbp);
    je_error err;
    char tok[JE_GOV_TOKEN_CHARS];
    cr_assert_eq(je_gov_user_add(db, "wang", NULL, NULL, &err), JE_OK);
    cr_assert_eq(je_gov_role_grant(db, "wang", "500000", JE_ROLE_ANALYST, &err), JE_OK);
    cr_assert_eq(je_gov_token_create(db, "wang", "t", 0, tok, NULL, &err), JE_OK);
    cr_assert_eq(je_gov_login_token(db, tok, &err), JE_OK);
    char before[65], after[65];
    t_db_fingerprint(dbp, before);
    je_import_report rep;
    je_status st = je_import_dwc(
        db, t_file_with("x.csv", "eventID,eventDate,scientificName,higherGeographyID\n"
                                 "CQ1,2023-01-01,A a,500000\nSC1,2023-01-01,A a,510000\n"),
        NULL, &rep, &err);
    je_import_report_free(&rep);
    cr_expect_eq(st, JE_EPERM);
    cr_expect(strstr(err.message, "may not write survey event SC1 owned by 510000") != NULL, "%s",
              err.message);
    t_db_fingerprint(dbp, after);
    cr_expect_str_eq(before, after);
    je_db_close(db);
}
