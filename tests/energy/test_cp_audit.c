/* Cleaner-production audits: the lifecycle's transitions, deadlines and expiry exactly
 * at their days, the rules file, the import's certificate rule, and stage updates
 * through the store (refused transitions change nothing; accepted ones are logged). */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/energy.h"
#include "jointenv/governance.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(cp_audit, .fini = cleanup);

Test(cp_audit, transitions)
{
    for (int f = 0; f < JE_CP_COUNT; f++)
        for (int t = 0; t < JE_CP_COUNT; t++) {
            int want = t == f + 1 || (f == JE_CP_RENEWAL_DUE && t == JE_CP_STARTED);
            if (f == JE_CP_RENEWAL_DUE && t == JE_CP_COUNT)
                want = 0;
            cr_assert_eq(je_cp_transition_ok((je_cp_stage)f, (je_cp_stage)t), want, "%s -> %s",
                         je_cp_stage_name((je_cp_stage)f), je_cp_stage_name((je_cp_stage)t));
        }
    je_cp_stage s;
    je_error e;
    cr_assert_eq(je_cp_stage_parse("pre-assessment", &s, &e), JE_OK);
    cr_assert_eq(s, JE_CP_PREASSESSMENT);
    cr_assert_eq(je_cp_stage_parse("done", &s, &e), JE_EDATA);
}

static je_cp_rules rules(void)
{
    static const char json[] =
        "{\"kind\": \"cleaner-production-rules\", \"id\": \"t\", \"max_days_in_stage\":"
        " {\"listed\": 60, \"options\": 90}, \"certificate_years\": 5,"
        " \"expiring_within_days\": 180}";
    je_cp_rules r;
    je_error e;
    cr_assert_eq(je_cp_rules_parse(json, strlen(json), "r.json", &r, &e), JE_OK, "%s", e.message);
    return r;
}

Test(cp_audit, deadlines_exactly_at_their_day)
{
    je_cp_rules r = rules();
    je_cp_audit a;
    memset(&a, 0, sizeof a);
    a.stage = JE_CP_LISTED;
    a.stage_day = 1000;
    int64_t due;
    cr_assert_eq(je_cp_check(&r, &a, 1060, &due), JE_CP_ON_TIME, "day 60 of 60 is on time");
    cr_assert_eq(due, 1060);
    cr_assert_eq(je_cp_check(&r, &a, 1061, NULL), JE_CP_OVERDUE);
    a.stage = JE_CP_STARTED; /* no limit configured */
    cr_assert_eq(je_cp_check(&r, &a, 99999, &due), JE_CP_ON_TIME);
    cr_assert_eq(due, 0);
    a.stage = JE_CP_CERTIFIED;
    a.expires_day = 5000;
    cr_assert_eq(je_cp_check(&r, &a, 4819, NULL), JE_CP_ON_TIME);
    cr_assert_eq(je_cp_check(&r, &a, 4820, NULL), JE_CP_EXPIRING, "180 days before expiry");
    cr_assert_eq(je_cp_check(&r, &a, 5000, NULL), JE_CP_EXPIRING, "the last valid day");
    cr_assert_eq(je_cp_check(&r, &a, 5001, &due), JE_CP_EXPIRED);
    cr_assert_eq(due, 5000);
}

Test(cp_audit, rules_file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/data/rules/energy-cleaner-production-audit.json",
             JE_SOURCE_DIR);
    je_cp_rules r;
    je_error e;
    cr_assert_eq(je_cp_rules_load(path, &r, &e), JE_OK, "%s", e.message);
    cr_assert_eq(r.max_days[JE_CP_LISTED], 60);
    cr_assert_eq(r.max_days[JE_CP_CERTIFIED], 0);
    const char *bad = "{\"kind\": \"cleaner-production-rules\", \"id\": \"t\","
                      " \"max_days_in_stage\": {\"audit\": 3}, \"certificate_years\": 5,"
                      " \"expiring_within_days\": 1}";
    cr_assert_eq(je_cp_rules_parse(bad, strlen(bad), "r.json", &r, &e), JE_EDATA);
    cr_assert(strstr(e.message, "max_days_in_stage.audit is not a known member"), "%s", e.message);
}

#define CH                                                                                         \
    "enterprise,name,jurisdiction,sector,kind,stage,listed_on,stage_since,certificate,level,"      \
    "expires_on,investment_1e4_yuan,savings_tce,savings_water_t,co2_reduction_t\n"

Test(cp_audit, store_import_and_advance)
{
    const char *dbp = t_path("a.db");
    je_db *db = t_open_db(dbp);
    je_import_report rep;
    t_import_ok(
        db, je_import_jurisdictions,
        t_file_with("j.csv", "code,name_zh,name_en,utc_offset\n510000,四川省,Sichuan,+08:00\n"),
        NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_cp_audits,
                t_file_with("a.csv", CH "E1,Kiln Co,510000,cement,mandatory,acceptance,2021-01-04,"
                                        "2023-01-02,,,,120.5,300,4000,790\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    const char *row = "E2,X,510000,cement,mandatory,certified,2021-01-04,2023-01-02,,,,0,0,0,0";
    char text[400];
    snprintf(text, sizeof text, CH "%s\n", row);
    t_expect_rejected(dbp, db, je_import_cp_audits, t_file_with("b.csv", text), NULL, 2,
                      t_char_col(row, 8), "certificate is required for a certified audit", 3);
    /* acceptance -> listed is refused and changes nothing */
    char before[65], after[65];
    t_db_fingerprint(dbp, before);
    je_error e;
    cr_assert_eq(je_store_cp_advance(db, "E1", JE_CP_LISTED, 19400, NULL, NULL, 0, &e),
                 JE_ECONFLICT);
    cr_assert(strstr(e.message, "E1 is at stage acceptance: it cannot move to listed"), "%s",
              e.message);
    cr_assert_eq(je_store_cp_advance(db, "E1", JE_CP_CERTIFIED, 19400, "", "I", 21226, &e),
                 JE_EINVAL);
    cr_assert_eq(je_store_cp_advance(db, "E9", JE_CP_STARTED, 19400, NULL, NULL, 0, &e),
                 JE_ENOTFOUND);
    t_db_fingerprint(dbp, after);
    cr_assert_str_eq(before, after);
    /* only the audit's side moves it: anonymous and a Chongqing analyst are refused */
    je_gov_logout(db);
    cr_assert_eq(je_store_cp_advance(db, "E1", JE_CP_CERTIFIED, 19400, "CP-1", "I", 21226, &e),
                 JE_EPERM);
    je_gov_act_local_admin(db);
    char tok[JE_GOV_TOKEN_CHARS];
    cr_assert_eq(je_gov_user_add(db, "cq", NULL, NULL, &e), JE_OK, "%s", e.message);
    cr_assert_eq(je_import_jurisdictions(db,
                                         t_file_with("j2.csv", "code,name_zh,name_en,utc_offset\n"
                                                               "500000,重庆市,Chongqing,+08:00\n"),
                                         NULL, &rep, &e),
                 JE_OK, "%s", e.message);
    je_import_report_free(&rep);
    cr_assert_eq(je_gov_role_grant(db, "cq", "500000", JE_ROLE_ANALYST, &e), JE_OK, "%s",
                 e.message);
    cr_assert_eq(je_gov_token_create(db, "cq", "t", 0, tok, NULL, &e), JE_OK, "%s", e.message);
    cr_assert_eq(je_gov_login_token(db, tok, &e), JE_OK, "%s", e.message);
    cr_assert_eq(je_store_cp_advance(db, "E1", JE_CP_CERTIFIED, 19400, "CP-1", "I", 21226, &e),
                 JE_EPERM);
    cr_assert(strstr(e.message, "may not write the cleaner-production audit of E1 owned by "
                                "510000"),
              "%s", e.message);
    je_gov_act_local_admin(db);
    long long logs = t_db_int(dbp, "SELECT count(*) FROM audit_log");
    cr_assert_eq(je_store_cp_advance(db, "E1", JE_CP_CERTIFIED, 19400, "CP-1", "I", 21226, &e),
                 JE_OK, "%s", e.message);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log"), logs + 1);
    je_cp_audit *a;
    size_t n;
    cr_assert_eq(je_store_cp_audits(db, NULL, &a, &n, NULL), JE_OK);
    cr_assert_eq(n, 1);
    cr_assert_eq(a[0].stage, JE_CP_CERTIFIED);
    cr_assert_str_eq(a[0].certificate, "CP-1");
    cr_assert_eq(a[0].expires_day, 21226);
    cr_assert_float_eq(a[0].investment_1e4_yuan, 120.5, 1e-12);
    free(a);
    je_db_close(db);
}
