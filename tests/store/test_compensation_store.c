/* The store's side of ecological compensation: monthly flows import, settlements
 * recorded as runs, the ledger's running balance per pair, re-settling (identical →
 * nothing written; different → refused, or superseded with reversal lines), the
 * year/month overlap, and re-running a run after a sample or the rule file changed.
 * Amounts are hand-computed from the target-and-trend agreement below (NH3-N classes
 * by GB 3838-2002 Table 1 item 7: ≤ 0.5 II, ≤ 1.0 III, ≤ 1.5 IV). */
#include "jointenv/compensation.h"
#include "jointenv/governance.h"
#include "jointenv/run.h"
#include "support/store_support.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(comp_store, .fini = cleanup);

static const char SECTIONS[] =
    "code,name_zh,name_en,river_code,river_zh,river_en,basin_code,basin_zh,basin_en,lon,lat,"
    "kind,owner,upstream,downstream,target_class,waterbody\n"
    "B1,界一,Border One,R1,河,River,B,流域,Basin,106.1,30.1,boundary,500000,510000,500000,III,"
    "river\n"
    "N1,内一,Inner One,R1,河,River,B,流域,Basin,106.0,30.2,national,510000,,,III,river\n";

/* Jan: III (0.8) → II (0.4) met-improved: Chongqing pays Sichuan 1 000 000 yuan.
 * Feb: II → III met-worse: Sichuan pays Chongqing 1 000 000 yuan.
 * Mar: IV (1.2) failed: Sichuan pays Chongqing 1 500 000.50 yuan. */
static const char SAMPLES[] = "section,sampled_at,nh3n\n"
                              "B1,2021-01-10T10:00,0.8\n"
                              "B1,2021-02-10T10:00,0.4\n"
                              "B1,2021-03-10T10:00,0.4\n"
                              "B1,2022-01-10T10:00,0.4\n"
                              "B1,2022-02-10T10:00,0.8\n"
                              "B1,2022-03-10T10:00,1.2\n";

static const char AGREEMENT[] =
    "{\"id\": \"tt-test\", \"rule\": \"target-and-trend\", \"period\": {\"from\": 2018, \"to\": "
    "2030},\n"
    " \"parties\": [\"510000\", \"500000\"], \"sections\": \"all-boundary\",\n"
    " \"target_and_trend\": {\n"
    "  \"met_improved\": {\"payer\": \"downstream\", \"amount_yuan\": 1000000, \"clause\": "
    "\"c1\", \"provenance\": \"official\"},\n"
    "  \"met_same\": {\"payer\": \"none\", \"amount_yuan\": 0, \"clause\": \"c2\", "
    "\"provenance\": \"illustrative\"},\n"
    "  \"met_worse\": {\"payer\": \"upstream\", \"amount_yuan\": 1000000, \"clause\": \"c3\", "
    "\"provenance\": \"official\"},\n"
    "  \"failed\": {\"payer\": \"upstream\", \"amount_yuan\": 1500000.50, \"clause\": \"c4\", "
    "\"provenance\": \"illustrative\"}}}\n";

typedef struct fx {
    const char *db_path;
    je_db *db;
    je_comp_agreement a;
    char rules[512];
    char sha[65];
} fx;

static void setup(fx *f)
{
    static char dbp[512];
    snprintf(dbp, sizeof dbp, "%s", t_path("comp.db"));
    f->db_path = dbp;
    f->db = t_open_db(dbp);
    je_import_report rep;
    t_import_ok(f->db, je_import_jurisdictions, t_fixture("jurisdictions.csv"), NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(f->db, je_import_sections, t_file_with("s.csv", SECTIONS), NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(f->db, je_import_water_samples, t_file_with("w.csv", SAMPLES), NULL, &rep);
    je_import_report_free(&rep);
    snprintf(f->rules, sizeof f->rules, "%s", t_file_with("tt.json", AGREEMENT));
    je_error err;
    cr_assert_eq(je_comp_agreement_load(f->rules, &f->a, f->sha, &err), JE_OK, "%s", err.message);
}

static void teardown(fx *f)
{
    je_comp_agreement_free(&f->a);
    je_db_close(f->db);
}

static je_comp_settle_report settle(fx *f, int month, int supersede, je_status want)
{
    je_comp_settle_report rep;
    je_error err;
    je_error_clear(&err);
    je_status st =
        je_comp_settle_store(f->db, &f->a, f->rules, f->sha, 2022, month, supersede, &rep, &err);
    cr_assert_eq(st, want, "settle 2022-%02d: %s: %s", month, je_status_name(st), err.message);
    return rep;
}

static void expect_balance(fx *f, size_t n_expected, const int64_t *balances)
{
    je_comp_ledger_row *v;
    size_t n;
    je_error err;
    cr_assert_eq(je_comp_ledger(f->db, "510000", "500000", &v, &n, &err), JE_OK, "%s", err.message);
    cr_assert_eq(n, n_expected, "%zu ledger lines, expected %zu", n, n_expected);
    for (size_t k = 0; k < n; k++) {
        cr_expect_str_eq(v[k].party_a, "500000");
        cr_expect_str_eq(v[k].party_b, "510000");
        cr_expect_eq(v[k].balance_fen, balances[k], "line %zu: balance %lld, expected %lld", k,
                     (long long)v[k].balance_fen, (long long)balances[k]);
    }
    free(v);
}

Test(comp_store, monthly_settlements_build_a_running_balance)
{
    fx f;
    setup(&f);
    for (int m = 1; m <= 3; m++) {
        je_comp_settle_report r = settle(&f, m, 0, JE_OK);
        cr_expect_eq(r.already, 0);
        cr_expect_gt(r.run_id, 0);
        cr_assert_eq(r.result.n, 1, "one boundary section, one month");
        je_comp_settle_report_free(&r);
    }
    /* 500000 pays 510000 > 0: +10^8, then −10^8 (balance 0), then −150 000 050 */
    const int64_t bal[] = {100000000, 0, -150000050};
    expect_balance(&f, 3, bal);
    /* only the boundary section was settled; each settlement is a run with its hashes */
    cr_expect_eq(t_db_int(f.db_path, "SELECT count(*) FROM comp_line WHERE section = 'N1'"), 0);
    cr_expect_eq(t_db_int(f.db_path, "SELECT count(*) FROM run WHERE engine = 'compensation'"
                                     " AND length(output_sha256) = 64 AND length(input_sha256) = 64"
                                     " AND length(ruleset_sha256) = 64"),
                 3);
    teardown(&f);
}

Test(comp_store, resettling_the_same_period_is_idempotent)
{
    fx f;
    setup(&f);
    je_comp_settle_report r1 = settle(&f, 1, 0, JE_OK);
    char before[65], after[65];
    t_db_fingerprint(f.db_path, before);
    je_comp_settle_report r2 = settle(&f, 1, 0, JE_OK);
    t_db_fingerprint(f.db_path, after);
    cr_expect_eq(r2.already, 1);
    cr_expect_eq(r2.run_id, r1.run_id, "the identical settlement's run is reported");
    cr_expect_str_eq(r2.output_sha256, r1.output_sha256);
    cr_expect_str_eq(before, after, "re-settling identically wrote something");
    const int64_t bal[] = {100000000};
    expect_balance(&f, 1, bal);
    je_comp_settle_report_free(&r1);
    je_comp_settle_report_free(&r2);
    teardown(&f);
}

Test(comp_store, changed_data_is_refused_then_superseded_with_a_reversal)
{
    fx f;
    setup(&f);
    je_comp_settle_report r1 = settle(&f, 1, 0, JE_OK);
    /* January 2022 corrected: NH3-N 1.2 (IV) → failed: Sichuan pays 1 500 000.50 */
    je_import_opts o = {0};
    o.replace = 1;
    je_import_report rep;
    t_import_ok(f.db, je_import_water_samples,
                t_file_with("w2.csv", "section,sampled_at,nh3n\nB1,2022-01-10T10:00,1.2\n"), &o,
                &rep);
    je_import_report_free(&rep);
    je_comp_settle_report rep2;
    je_error err;
    cr_assert_eq(je_comp_settle_store(f.db, &f.a, f.rules, f.sha, 2022, 1, 0, &rep2, &err),
                 JE_ECONFLICT);
    cr_expect(strstr(err.message, "input data changed") != NULL, "%s", err.message);
    cr_expect(strstr(err.message, "--supersede") != NULL, "%s", err.message);
    je_comp_settle_report r3 = settle(&f, 1, 1, JE_OK);
    cr_expect_eq(r3.superseded, r1.run_id);
    /* +10^8, its reversal −10^8 → 0, then the new −150 000 050 */
    const int64_t bal[] = {100000000, 0, -150000050};
    expect_balance(&f, 3, bal);
    cr_expect_eq(t_db_int(f.db_path, "SELECT count(*) FROM comp_ledger WHERE kind = 'reversal'"),
                 1);
    cr_expect_eq(t_db_int(f.db_path, "SELECT count(*) FROM comp_settlement WHERE superseded_by"
                                     " IS NULL"),
                 1);
    je_comp_settle_report_free(&r1);
    je_comp_settle_report_free(&r3);
    teardown(&f);
}

Test(comp_store, a_year_and_its_months_cannot_both_be_settled)
{
    fx f;
    setup(&f);
    je_comp_settle_report r = settle(&f, 2, 0, JE_OK);
    je_comp_settle_report_free(&r);
    je_comp_settle_report y;
    je_error err;
    cr_assert_eq(je_comp_settle_store(f.db, &f.a, f.rules, f.sha, 2022, 0, 0, &y, &err),
                 JE_ECONFLICT);
    cr_expect(strstr(err.message, "2022-02") != NULL && strstr(err.message, "twice") != NULL, "%s",
              err.message);
    teardown(&f);
}

Test(comp_store, verify_names_a_changed_sample_and_a_changed_rule_file)
{
    fx f;
    setup(&f);
    je_comp_settle_report r = settle(&f, 0, 0, JE_OK); /* the whole year */
    cr_expect_eq(r.result.n, 12);
    int64_t run = r.run_id;
    je_comp_settle_report_free(&r);
    je_comp_verify v;
    je_error err;
    cr_assert_eq(je_comp_run_verify(f.db, run, NULL, &v, &err), JE_OK, "%s", err.message);
    cr_expect(v.identical && !v.rules_changed && !v.inputs_changed, "fresh run not identical");
    /* a changed sample: February 2022 NH3-N 0.8 → 0.45 (II: met-same, nothing paid) */
    je_import_opts o = {0};
    o.replace = 1;
    je_import_report rep;
    t_import_ok(f.db, je_import_water_samples,
                t_file_with("w3.csv", "section,sampled_at,nh3n\nB1,2022-02-10T10:00,0.45\n"), &o,
                &rep);
    je_import_report_free(&rep);
    cr_assert_eq(je_comp_run_verify(f.db, run, NULL, &v, &err), JE_OK, "%s", err.message);
    cr_expect(!v.identical, "a changed sample went unnoticed");
    cr_expect(v.inputs_changed && !v.rules_changed);
    /* the agreement lists no indicators: its inputs are the classes (III → II now) */
    cr_expect(strstr(v.changes, "- stored: B1\t2022-02\t510000\t500000\triver\tIII\t1\tIII\tII") !=
                  NULL,
              "changes: %s", v.changes);
    cr_expect(strstr(v.changes, "+ now:    B1\t2022-02\t510000\t500000\triver\tIII\t1\tII\tII") !=
                  NULL,
              "changes: %s", v.changes);
    /* put it back: identical again */
    t_import_ok(f.db, je_import_water_samples,
                t_file_with("w4.csv", "section,sampled_at,nh3n\nB1,2022-02-10T10:00,0.8\n"), &o,
                &rep);
    je_import_report_free(&rep);
    cr_assert_eq(je_comp_run_verify(f.db, run, NULL, &v, &err), JE_OK, "%s", err.message);
    cr_expect(v.identical && !v.inputs_changed);
    /* a changed rule file: the failed branch pays 2 000 000 yuan */
    const char *p = strstr(AGREEMENT, "1500000.50");
    char changed[sizeof AGREEMENT + 8];
    snprintf(changed, sizeof changed, "%.*s2000000%s", (int)(p - AGREEMENT), AGREEMENT,
             p + strlen("1500000.50"));
    t_write(f.rules, changed);
    cr_assert_eq(je_comp_run_verify(f.db, run, NULL, &v, &err), JE_OK, "%s", err.message);
    cr_expect(!v.identical && v.rules_changed && !v.inputs_changed);
    teardown(&f);
}

Test(comp_store, verify_of_a_missing_run_or_rule_file)
{
    fx f;
    setup(&f);
    je_comp_verify v;
    je_error err;
    cr_expect_eq(je_comp_run_verify(f.db, 99, NULL, &v, &err), JE_ENOTFOUND);
    je_comp_settle_report r = settle(&f, 1, 0, JE_OK);
    cr_expect_eq(je_comp_run_verify(f.db, r.run_id, t_path("nope.json"), &v, &err), JE_EIO);
    je_comp_settle_report_free(&r);
    teardown(&f);
}

Test(comp_store, flows_import_and_rejections)
{
    fx f;
    setup(&f);
    je_import_report rep;
    t_import_ok(f.db, je_import_section_flows,
                t_file_with("f.csv", "section,month,flow_m3_s\nB1,2022-03,100\nB1,2022-04,50.5\n"),
                NULL, &rep);
    cr_expect_eq(rep.inserted, 2);
    je_import_report_free(&rep);
    double q;
    je_error err;
    cr_assert_eq(je_store_section_flow(f.db, "B1", 2022, 3, &q, &err), JE_OK);
    cr_expect_float_eq(q, 100, 1e-12, "%g", q);
    cr_assert_eq(je_store_section_flow(f.db, "B1", 2022, 0, &q, &err), JE_OK);
    cr_expect_float_eq(q, 75.25, 1e-12, "annual mean of the monitored months: %g", q);
    cr_assert_eq(je_store_section_flow(f.db, "B1", 2022, 5, &q, &err), JE_OK);
    cr_expect(isnan(q), "an unmonitored month has no flow (%g)", q);
    const char *hdr = "section,month,flow_m3_s\n";
    char buf[256];
    snprintf(buf, sizeof buf, "%sXX,2022-03,1\n", hdr);
    t_expect_rejected(f.db_path, f.db, je_import_section_flows, t_file_with("b1.csv", buf), NULL, 2,
                      1, "unknown section 'XX'", 1);
    snprintf(buf, sizeof buf, "%sB1,2022-13,1\n", hdr);
    t_expect_rejected(f.db_path, f.db, je_import_section_flows, t_file_with("b2.csv", buf), NULL, 2,
                      4, "invalid month", 1);
    snprintf(buf, sizeof buf, "%sB1,2022-05,-3\n", hdr);
    t_expect_rejected(f.db_path, f.db, je_import_section_flows, t_file_with("b3.csv", buf), NULL, 2,
                      12, "invalid flow_m3_s", 1);
    snprintf(buf, sizeof buf, "%sB1,2022-03,7\n", hdr);
    t_expect_rejected(f.db_path, f.db, je_import_section_flows, t_file_with("b4.csv", buf), NULL, 2,
                      4, "already stored", 1);
    snprintf(buf, sizeof buf, "%sB1,2022-06,7\nB1,2022-06,8\n", hdr);
    t_expect_rejected(f.db_path, f.db, je_import_section_flows, t_file_with("b5.csv", buf), NULL, 3,
                      4, "twice in this file", 1);
    je_import_opts o = {0};
    o.replace = 1;
    snprintf(buf, sizeof buf, "%sB1,2022-03,7\n", hdr);
    t_import_ok(f.db, je_import_section_flows, t_file_with("r.csv", buf), &o, &rep);
    cr_expect_eq(rep.updated, 1);
    je_import_report_free(&rep);
    teardown(&f);
}

Test(comp_store, listed_sections_must_exist)
{
    fx f;
    setup(&f);
    const char *j = t_file_with(
        "ex.json",
        "{\"id\": \"ex\", \"rule\": \"exceedance-price\", \"period\": {\"from\": 2020, \"to\": "
        "2030}, \"parties\": [\"510000\", \"500000\"], \"indicators\": [\"nh3n\"],"
        " \"sections\": [{\"code\": \"ZZ\"}], \"exceedance_price\": {\"payer\": \"upstream\","
        " \"unit_price_yuan_per_t\": {\"nh3n\": 1}, \"clause\": \"x\", \"provenance\": "
        "\"illustrative\"}}");
    je_comp_agreement a;
    je_error err;
    cr_assert_eq(je_comp_agreement_load(j, &a, NULL, &err), JE_OK, "%s", err.message);
    je_comp_input *in;
    size_t n;
    cr_expect_eq(je_comp_load_inputs(f.db, &a, 2022, 0, &in, &n, &err), JE_ENOTFOUND);
    cr_expect(strstr(err.message, "ZZ") != NULL, "%s", err.message);
    je_comp_agreement_free(&a);
    teardown(&f);
}

Test(comp_store, annual_pindex_inputs_and_previous_year_trend)
{
    fx f;
    setup(&f);
    /* p-index on B1 with NH3-N only: 2022 mean (0.4 + 0.8 + 1.2) / 3 = 0.8; baseline 0.8,
       k0 1 → P = 1 ≤ 1: Chongqing (downstream) pays Sichuan 10 yuan */
    const char *pj = t_file_with(
        "pi.json",
        "{\"id\": \"pi\", \"rule\": \"p-index\", \"period\": {\"from\": 2020, \"to\": 2030},"
        " \"parties\": [\"510000\", \"500000\"], \"indicators\": [\"nh3n\"],"
        " \"sections\": [{\"code\": \"B1\", \"baseline_mg_l\": {\"nh3n\": 0.8}}],"
        " \"p_index\": {\"k0\": 1, \"weights\": {\"nh3n\": 1}, \"amount_yuan\": 10,"
        " \"provenance\": \"illustrative\", \"p_le1\": {\"payer\": \"downstream\", \"clause\":"
        " \"le\", \"provenance\": \"illustrative\"}, \"p_gt1\": {\"payer\": \"upstream\","
        " \"clause\": \"gt\", \"provenance\": \"illustrative\"}}}");
    je_comp_agreement a;
    je_error err;
    cr_assert_eq(je_comp_agreement_load(pj, &a, NULL, &err), JE_OK, "%s", err.message);
    je_comp_input *in;
    size_t n;
    cr_assert_eq(je_comp_load_inputs(f.db, &a, 2022, 0, &in, &n, &err), JE_OK, "%s", err.message);
    cr_assert_eq(n, 1);
    cr_expect_float_eq(in[0].conc_mg_l[0], 0.8, 1e-12, "%.17g", in[0].conc_mg_l[0]);
    cr_expect_eq(in[0].n_samples, 3);
    je_comp_result r;
    cr_assert_eq(je_comp_settle(&a, in, n, &r, &err), JE_OK);
    cr_expect_str_eq(r.lines[0].outcome, "p<=1");
    cr_expect_str_eq(r.lines[0].payer, "500000");
    cr_expect_eq(r.lines[0].amount_fen, 1000);
    je_comp_result_free(&r);
    free(in);
    cr_expect_eq(je_comp_load_inputs(f.db, &a, 2022, 3, &in, &n, &err), JE_EINVAL,
                 "a month of an annual rule");
    je_comp_agreement_free(&a);
    /* trend against the previous year's mean: 2021 NH3-N mean (0.8 + 0.4 + 0.4) / 3 =
       0.533 → III; January 2022 (II) improved, February (III) unchanged */
    f.a.trend = JE_COMP_TREND_PREV_YEAR;
    cr_assert_eq(je_comp_load_inputs(f.db, &f.a, 2022, 0, &in, &n, &err), JE_OK);
    cr_assert_eq(n, 12);
    cr_expect_eq(in[0].prev_cls, JE_WQ_CLASS_III);
    cr_expect_eq(in[0].cls, JE_WQ_CLASS_II);
    cr_expect_eq(in[1].cls, JE_WQ_CLASS_III);
    cr_assert_eq(je_comp_settle(&f.a, in, n, &r, &err), JE_OK);
    cr_expect_str_eq(r.lines[0].outcome, "met-improved");
    cr_expect_str_eq(r.lines[1].outcome, "met-same");
    cr_expect_str_eq(r.lines[3].outcome, "no-data", "April has no sample");
    je_comp_result_free(&r);
    free(in);
    teardown(&f);
}

/* A settlement binds both sides: only the joint office posts it. A side's analyst is
   refused with the rule named, and nothing is written; a joint-office analyst may. */
Test(comp_store, only_the_joint_office_posts_a_settlement)
{
    fx f;
    setup(&f);
    je_error err;
    const char *who[] = {"sc", "joint_an"};
    const char *jur[] = {"510000", "joint"};
    char tok[2][JE_GOV_TOKEN_CHARS];
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(je_gov_user_add(f.db, who[i], NULL, NULL, &err), JE_OK, "%s", err.message);
        cr_assert_eq(je_gov_role_grant(f.db, who[i], jur[i], JE_ROLE_ANALYST, &err), JE_OK);
        cr_assert_eq(je_gov_token_create(f.db, who[i], "t", 0, tok[i], NULL, &err), JE_OK);
    }
    char before[65], after[65];
    cr_assert_eq(je_gov_login_token(f.db, tok[0], &err), JE_OK, "%s", err.message);
    t_db_fingerprint(f.db_path, before); /* after the login, which notes the token's use */
    je_comp_settle_report rep;
    cr_assert_eq(je_comp_settle_store(f.db, &f.a, f.rules, f.sha, 2022, 1, 0, &rep, &err),
                 JE_EPERM);
    cr_expect(strstr(err.message, "may not write the settlement of agreement tt-test owned by "
                                  "joint") != NULL,
              "%s", err.message);
    t_db_fingerprint(f.db_path, after);
    cr_expect_str_eq(before, after, "a refused settlement wrote something");
    cr_assert_eq(je_gov_login_token(f.db, tok[1], &err), JE_OK, "%s", err.message);
    rep = settle(&f, 1, 0, JE_OK);
    cr_expect_gt(rep.run_id, 0);
    je_comp_settle_report_free(&rep);
    teardown(&f);
}
