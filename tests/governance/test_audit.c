/* The audit log: per-record history with before/after JSON; verify finds an entry
 * edited, deleted, inserted or reordered directly in SQLite, a cut tail, and an
 * observation row changed, deleted or added behind the imports' back (through the
 * batches' content hashes), while --replace imports keep verifying; signed bundles
 * verify with the right key only and fail on any flipped byte. */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/governance.h"
#include "jointenv/store.h"

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(audit, .fini = cleanup);

#define SEC_HDR                                                                                    \
    "code,name_zh,name_en,river_code,river_zh,river_en,basin_code,basin_zh,basin_en,lon,lat,"      \
    "kind,owner,upstream,downstream,target_class,waterbody\n"

/* jurisdictions (entries 1-3), sections (4-9), samples (10) */
static je_db *filled(void)
{
    je_db *db = t_open_db(t_path("a.db"));
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions, t_fixture("jurisdictions.csv"), NULL, &rep);
    t_import_ok(db, je_import_sections, t_fixture("sections_small.csv"), NULL, &rep);
    t_import_ok(db, je_import_water_samples, t_fixture("samples_small_wide.csv"), NULL, &rep);
    return db;
}

static void sql(const char *text)
{
    sqlite3 *s;
    cr_assert_eq(sqlite3_open(t_path("a.db"), &s), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(s, text, NULL, NULL, &msg);
    cr_assert_eq(rc, SQLITE_OK, "%s: %s", text, msg ? msg : "");
    sqlite3_close(s);
}

/* verify must fail, naming `seq` (0: not one entry) and saying `what`. */
static void expect_broken(je_db *db, int64_t seq, const char *what)
{
    je_audit_report rep;
    je_error err;
    cr_assert_eq(je_audit_verify(db, &rep, &err), JE_OK, "%s", err.message);
    cr_expect_eq(rep.ok, 0, "tampering not found (wanted: %s)", what);
    cr_expect_eq(rep.bad_seq, seq, "first broken entry %lld, want %lld: %s", (long long)rep.bad_seq,
                 (long long)seq, rep.problem);
    cr_expect(strstr(rep.problem, what) != NULL, "'%s' lacks '%s'", rep.problem, what);
}

static void expect_intact(je_db *db)
{
    je_audit_report rep;
    je_error err;
    cr_assert_eq(je_audit_verify(db, &rep, &err), JE_OK, "%s", err.message);
    cr_expect_eq(rep.ok, 1, "%s", rep.problem);
}

Test(audit, intact_log_verifies_and_records_have_history)
{
    je_db *db = filled();
    expect_intact(db);
    je_import_opts o = {.replace = 1};
    je_import_report rep;
    t_import_ok(db, je_import_sections,
                t_file_with("s.csv", SEC_HDR "JL01,嘉陵江一号,Jialing One (renamed),JLJ,嘉陵江,"
                                             "Jialing River,CJ,长江流域,Yangtze Basin,106.08,"
                                             "30.79,national,510000,,,II,river\n"),
                &o, &rep);
    je_audit_entry *e;
    size_t n;
    je_error err;
    cr_assert_eq(je_audit_entries(db, "section", "JL01", 1, &e, &n, &err), JE_OK);
    cr_assert_eq(n, 2);
    cr_expect_str_eq(e[0].action, "insert");
    cr_expect_str_eq(e[1].action, "update");
    cr_expect_str_eq(e[1].jurisdiction, "510000");
    cr_expect_str_eq(e[1].actor, "local-admin");
    cr_expect(strstr(e[1].before, "\"name_en\":\"Jialing One\"") != NULL, "%s", e[1].before);
    cr_expect(strstr(e[1].after, "\"name_en\":\"Jialing One (renamed)\"") != NULL, "%s",
              e[1].after);
    cr_expect(strstr(e[1].after, "\"target_class\":2") != NULL, "%s", e[1].after);
    je_audit_entries_free(e, n);
    expect_intact(db);
    je_db_close(db);
}

Test(audit, an_edited_entry_is_named)
{
    je_db *db = filled();
    sql("UPDATE audit_log SET after = replace(after, 'Jialing Two', 'Jialing 2') WHERE seq = 5");
    expect_broken(db, 5, "audit entry 5 was altered");
    je_db_close(db);
}

Test(audit, an_edited_actor_or_time_is_named)
{
    je_db *db = filled();
    sql("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 7");
    expect_broken(db, 7, "was altered");
    je_db_close(db);
}

Test(audit, a_deleted_entry_is_named)
{
    je_db *db = filled();
    sql("DELETE FROM audit_log WHERE seq = 4");
    expect_broken(db, 4, "audit entry 4 is missing");
    je_db_close(db);
}

Test(audit, an_inserted_entry_is_named)
{
    je_db *db = filled();
    /* A forger who knows the hash rule: shift 5.. up by one and put a well-formed
       entry 5 after entry 4. Entry 6 (the old 5) no longer follows. */
    sqlite3 *s;
    cr_assert_eq(sqlite3_open(t_path("a.db"), &s), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(s,
                              "UPDATE audit_log SET seq = seq + 1000000 WHERE seq >= 5;"
                              "UPDATE audit_log SET seq = seq - 999999 WHERE seq > 1000000;",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    sqlite3_stmt *q;
    cr_assert_eq(sqlite3_prepare_v2(s, "SELECT hash FROM audit_log WHERE seq = 4", -1, &q, NULL),
                 SQLITE_OK);
    cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
    unsigned char prev[32], h[32];
    memcpy(prev, sqlite3_column_blob(q, 0), 32);
    sqlite3_finalize(q);
    je_audit_entry_hash(prev, 5, 1700000000, "mallory", "510000", "section", "FAKE", "insert", NULL,
                        "{}", h);
    cr_assert_eq(sqlite3_prepare_v2(s,
                                    "INSERT INTO audit_log VALUES (5, 1700000000, 'mallory',"
                                    " '510000', 'section', 'FAKE', 'insert', NULL, '{}', ?, ?)",
                                    -1, &q, NULL),
                 SQLITE_OK);
    sqlite3_bind_blob(q, 1, prev, 32, SQLITE_STATIC);
    sqlite3_bind_blob(q, 2, h, 32, SQLITE_STATIC);
    cr_assert_eq(sqlite3_step(q), SQLITE_DONE);
    sqlite3_finalize(q);
    sqlite3_close(s);
    expect_broken(db, 6, "audit entry 6 does not follow entry 5");
    je_db_close(db);
}

Test(audit, an_entry_appended_with_a_made_up_hash_is_named)
{
    je_db *db = filled();
    sql("INSERT INTO audit_log SELECT seq + 1, at, actor, jurisdiction, tbl, record_key, action,"
        " before, after, hash, prev_hash FROM audit_log WHERE seq = (SELECT max(seq) FROM "
        "audit_log)");
    expect_broken(db, 11, "audit entry 11 was altered");
    je_db_close(db);
}

Test(audit, reordered_entries_are_named)
{
    je_db *db = filled();
    sql("UPDATE audit_log SET seq = 1000 WHERE seq = 5;"
        "UPDATE audit_log SET seq = 5 WHERE seq = 6;"
        "UPDATE audit_log SET seq = 6 WHERE seq = 1000;");
    expect_broken(db, 5, "audit entry 5 does not follow entry 4");
    je_db_close(db);
}

Test(audit, a_cut_tail_is_found_through_the_import_batches)
{
    je_db *db = filled();
    sql("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)");
    expect_broken(db, 0, "import batch 3 has no audit entry");
    je_db_close(db);
}

Test(audit, an_altered_observation_row_is_found_by_its_batch_hash)
{
    je_db *db = filled();
    sql("UPDATE water_sample SET v_nh3n = 0.2 WHERE v_nh3n = 0.35");
    expect_broken(db, 0, "the water_sample rows of import batch 3 were changed");
    je_db_close(db);
}

Test(audit, a_deleted_or_added_observation_row_is_found)
{
    je_db *db = filled();
    sql("DELETE FROM water_sample WHERE (section_id, sampled_at) ="
        " (SELECT section_id, sampled_at FROM water_sample LIMIT 1)");
    expect_broken(db, 0, "import batch 3 were changed");
    je_db_close(db);
}

Test(audit, an_observation_row_added_outside_any_import_is_found)
{
    je_db *db = filled();
    sql("INSERT INTO water_sample(section_id, sampled_at, v_ph, batch_id)"
        " VALUES (1, 1500000000, 7.0, 1)");
    expect_broken(db, 0, "table water_sample holds 6 rows but its imports wrote 5");
    je_db_close(db);
}

Test(audit, replacing_rows_keeps_every_batch_verifiable)
{
    je_db *db = filled();
    je_import_opts o = {.replace = 1};
    je_import_report rep;
    t_import_ok(db, je_import_water_samples,
                t_file_with("r.csv", "section,sampled_at,ph\nJL01,2022-01-10T09:00,7.9\n"), &o,
                &rep);
    cr_expect_eq(rep.updated, 1);
    expect_intact(db);
    cr_expect_eq(t_db_int(t_path("a.db"), "SELECT count(*) FROM audit_log WHERE tbl ="
                                          " 'import_batch' AND record_key = '3' AND action ="
                                          " 'update'"),
                 1, "batch 3's new content hash is logged");
    /* and tampering with a row of the old batch is still found */
    sql("UPDATE water_sample SET v_do = 1.0 WHERE (section_id, sampled_at) ="
        " (SELECT section_id, sampled_at FROM water_sample WHERE batch_id = 3 LIMIT 1)");
    expect_broken(db, 0, "import batch 3 were changed");
    je_db_close(db);
}

Test(audit, air_hours_carry_content_hashes_too)
{
    je_db *db = filled();
    je_import_report rep;
    t_import_ok(db, je_import_air_stations,
                t_file_with("st.csv",
                            "code,name_zh,name_en,city,city_zh,city_en,district,jurisdiction,"
                            "lon,lat,kind\nS1,站一,One,510100,成都,Chengdu,金牛区,510000,104.0,"
                            "30.7,national\n"),
                NULL, &rep);
    t_import_ok(db, je_import_air_hourly,
                t_file_with("h.csv", "station,time,so2,no2\nS1,2022-01-01T00:00,11,37\n"
                                     "S1,2022-01-01T01:00,12,38\n"),
                NULL, &rep);
    expect_intact(db);
    sql("UPDATE air_hourly SET no2 = 10 WHERE no2 = 38");
    expect_broken(db, 0, "the air_hourly rows of import batch");
    je_db_close(db);
}

/* ---- bundles ------------------------------------------------------------------ */

static char *bundle(je_db *db, unsigned char pk[32], size_t *len)
{
    unsigned char sk[64];
    je_audit_keygen(pk, sk);
    je_error err;
    cr_assert_eq(je_audit_key_register(db, "510000", pk, &err), JE_OK, "%s", err.message);
    char *text;
    cr_assert_eq(je_audit_export(db, 1, sk, &text, len, &err), JE_OK, "%s", err.message);
    return text;
}

Test(audit, a_bundle_verifies_with_the_signers_key)
{
    je_db *db = filled();
    unsigned char pk[32];
    size_t len;
    char *text = bundle(db, pk, &len);
    je_bundle_info info;
    je_error err;
    cr_expect_eq(je_audit_verify_bundle(text, len, pk, &info, &err), JE_OK, "%s", err.message);
    cr_expect_str_eq(info.signer, "510000");
    cr_expect_eq(info.from_seq, 1);
    cr_expect_eq(info.entries, 11, "10 entries and the key registration");
    cr_expect_eq(info.to_seq, 11);
    free(text);
    /* a bundle from a later point chains from the entry before it */
    unsigned char sk[64];
    je_audit_keygen(pk, sk);
    cr_assert_eq(je_audit_key_register(db, "510000", pk, &err), JE_OK);
    cr_assert_eq(je_audit_export(db, 5, sk, &text, &len, &err), JE_OK);
    cr_expect_eq(je_audit_verify_bundle(text, len, pk, &info, &err), JE_OK, "%s", err.message);
    cr_expect_eq(info.from_seq, 5);
    free(text);
    je_db_close(db);
}

Test(audit, a_flipped_byte_anywhere_fails_the_signature)
{
    je_db *db = filled();
    unsigned char pk[32];
    size_t len;
    char *text = bundle(db, pk, &len);
    const char *sig = strstr(text, "{\"signature\"");
    cr_assert(sig != NULL);
    size_t signed_len = (size_t)(sig - text);
    je_bundle_info info;
    je_error err;
    size_t step = signed_len / 97 + 1;
    for (size_t i = 0; i < signed_len; i += step) {
        text[i] ^= 0x01;
        cr_expect_eq(je_audit_verify_bundle(text, len, pk, &info, &err), JE_EDATA,
                     "byte %zu flipped, still valid", i);
        text[i] ^= 0x01;
    }
    cr_expect(strstr(err.message, "bad signature") != NULL, "%s", err.message);
    /* a flipped byte in the signature itself */
    text[signed_len + 20] = text[signed_len + 20] == 'a' ? 'b' : 'a';
    cr_expect_eq(je_audit_verify_bundle(text, len, pk, &info, &err), JE_EDATA);
    free(text);
    je_db_close(db);
}

Test(audit, the_wrong_key_fails)
{
    je_db *db = filled();
    unsigned char pk[32], other_pk[32], other_sk[64];
    size_t len;
    char *text = bundle(db, pk, &len);
    je_audit_keygen(other_pk, other_sk);
    je_bundle_info info;
    je_error err;
    cr_expect_eq(je_audit_verify_bundle(text, len, other_pk, &info, &err), JE_EDATA);
    cr_expect(strstr(err.message, "bad signature") != NULL, "%s", err.message);
    /* and an unregistered secret key cannot export */
    char *t2;
    size_t l2;
    cr_expect_eq(je_audit_export(db, 1, other_sk, &t2, &l2, &err), JE_EPERM);
    cr_expect(strstr(err.message, "not registered") != NULL, "%s", err.message);
    free(text);
    je_db_close(db);
}

Test(audit, a_resigned_bundle_with_a_broken_chain_fails)
{
    /* Someone with the key who edits an entry and signs again: the chain check inside
       the bundle still finds it. */
    je_db *db = filled();
    unsigned char pk[32], sk[64];
    je_audit_keygen(pk, sk);
    je_error err;
    cr_assert_eq(je_audit_key_register(db, "510000", pk, &err), JE_OK);
    sql("UPDATE audit_log SET actor = 'x' WHERE seq = 3");
    char *text;
    size_t len;
    cr_assert_eq(je_audit_export(db, 1, sk, &text, &len, &err), JE_OK);
    je_bundle_info info;
    cr_expect_eq(je_audit_verify_bundle(text, len, pk, &info, &err), JE_EDATA);
    cr_expect(strstr(err.message, "bundle entry 3 does not match its hash") != NULL, "%s",
              err.message);
    free(text);
    je_db_close(db);
}

Test(audit, content_hash_of_unordered_and_merged_files_matches_the_stored_rows)
{
    /* Times out of order per section, and a long file whose values of one sample are
       not adjacent (merged into the row already written): the importer cannot hash
       while inserting and re-reads the rows; verify agrees either way. */
    je_db *db = filled();
    je_import_report rep;
    t_import_ok(db, je_import_water_samples,
                t_file_with("u.csv", "section,sampled_at,ph,do\n"
                                     "JL01,2022-06-10T09:00,7.1,8.0\n"
                                     "JL01,2022-05-10T09:00,7.2,8.1\n"
                                     "JL02,2022-05-10T09:00,7.3,8.2\n"),
                NULL, &rep);
    t_import_ok(db, je_import_water_samples,
                t_file_with("l.csv", "section,sampled_at,item,value\n"
                                     "JL03,2022-07-10T09:00,ph,7.0\n"
                                     "JL01,2022-07-10T09:00,ph,7.4\n"
                                     "JL03,2022-07-10T09:00,do,6.5\n"),
                NULL, &rep);
    cr_expect_eq(rep.updated, 1, "the second JL03 value merged into its row");
    expect_intact(db);
    sql("UPDATE water_sample SET v_do = 6.4 WHERE v_do = 6.5");
    expect_broken(db, 0, "were changed");
    je_db_close(db);
}
