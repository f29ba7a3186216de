/* jointenv import section-flows, compensation settle|ledger|explain and run
 * list|show|verify as a user runs them: a hand-computed exceedance-price settlement
 * (standards.md §5.2 template; GB 3838-2002 Table 1 CODMn III = 6 mg/L), re-settling,
 * verification after a change, bad agreement files (path:line:column), help. */
#include "support/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(cli_comp, .fini = cleanup);

static const char SECTIONS[] =
    "code,name_zh,name_en,river_code,river_zh,river_en,basin_code,basin_zh,basin_en,lon,lat,"
    "kind,owner,upstream,downstream,target_class,waterbody\n"
    "B1,界一,Border One,R1,河,River,B,流域,Basin,106.1,30.1,boundary,500000,510000,500000,III,"
    "river\n";

/* March 2022: CODMn 7 vs III 6 at 100 m³/s: 1 g/m³ × 100 × 31 × 86 400 m³ / 10^6 =
 * 267.84 t × 1 500 yuan/t = 401 760.00 yuan, Sichuan (upstream) pays Chongqing.
 * April: CODMn 5, within: nothing. */
static const char SAMPLES[] = "section,sampled_at,codmn\n"
                              "B1,2022-03-10T10:00,7\n"
                              "B1,2022-04-10T10:00,5\n";
static const char FLOWS[] = "section,month,flow_m3_s\nB1,2022-03,100\nB1,2022-04,80\n";

static const char AGREEMENT[] =
    "{\"id\": \"ex-cli\", \"rule\": \"exceedance-price\",\n"
    " \"period\": {\"from\": 2020, \"to\": 2030}, \"parties\": [\"510000\", \"500000\"],\n"
    " \"indicators\": [\"codmn\"], \"sections\": \"all-boundary\",\n"
    " \"exceedance_price\": {\"payer\": \"upstream\", \"unit_price_yuan_per_t\": {\"codmn\": "
    "1500},\n"
    "  \"clause\": \"test clause\", \"provenance\": \"illustrative\"}}\n";

static int run(char **out, char **err, const char *const *args)
{
    int rc = t_run(out, err, args);
    return rc;
}

static const char *db_with_data(const char **rules)
{
    static char db[512], rp[512];
    snprintf(db, sizeof db, "%s", t_path("c.db"));
    const char *sec = t_path("s.csv");
    t_write(sec, SECTIONS);
    char sp[512], fp[512];
    snprintf(sp, sizeof sp, "%s", t_path("w.csv"));
    t_write(sp, SAMPLES);
    snprintf(fp, sizeof fp, "%s", t_path("f.csv"));
    t_write(fp, FLOWS);
    snprintf(rp, sizeof rp, "%s", t_path("ex.json"));
    t_write(rp, AGREEMENT);
    char sec_copy[512];
    snprintf(sec_copy, sizeof sec_copy, "%s", sec);
    const char *steps[][2] = {{"jurisdictions", t_fixture("jurisdictions.csv")},
                              {"sections", sec_copy},
                              {"water-samples", sp},
                              {"section-flows", fp}};
    for (int i = 0; i < 4; i++) {
        char *o, *e;
        const char *args[] = {"--db", db, "import", steps[i][0], steps[i][1], NULL};
        int rc = run(&o, &e, args);
        cr_assert_eq(rc, 0, "import %s: %d %s", steps[i][0], rc, e);
        free(o);
        free(e);
    }
    *rules = rp;
    return db;
}

Test(cli_comp, settle_ledger_explain_and_verify)
{
    const char *rules;
    const char *db = db_with_data(&rules);
    char *o, *e;
    const char *settle[] = {"--db",        db,    "compensation", "settle", "--year", "2022",
                            "--agreement", rules, "--format",     "csv",    NULL};
    cr_assert_eq(run(&o, &e, settle), 0, "%s", e);
    cr_expect(strstr(o, "section,period,outcome,payer,payee,amount_yuan,value,clause,formula\n") ==
                  o,
              "%s", o);
    cr_expect(strstr(o, "B1,2022-03,exceeded,510000,500000,401760.00,267.84,test clause,") != NULL,
              "%s", o);
    cr_expect(strstr(o, "B1,2022-04,within,,,0.00,0,") != NULL, "%s", o);
    cr_expect(strstr(o, "B1,2022-05,no-data,,,0.00,,") != NULL, "%s", o);
    cr_expect(strstr(e, "settled, run 1") != NULL, "%s", e);
    free(o);
    free(e);
    /* again: identical, nothing written */
    cr_assert_eq(run(&o, &e, settle), 0, "%s", e);
    cr_expect(strstr(e, "already settled with identical results by run 1") != NULL, "%s", e);
    free(o);
    free(e);
    const char *ledger[] = {"--db",          db,         "compensation", "ledger", "--pair",
                            "510000,500000", "--format", "csv",          NULL};
    cr_assert_eq(run(&o, &e, ledger), 0, "%s", e);
    cr_expect(strstr(o, "1,1,ex-cli,2022,500000,510000,-401760.00,-401760.00,settlement,510000 "
                        "owes 500000 401760.00 yuan in all") != NULL,
              "%s", o);
    free(o);
    free(e);
    const char *explain[] = {"--db",    db,        "compensation", "explain", "--section", "B1",
                             "--month", "2022-03", "--agreement",  rules,     "--format",  "csv",
                             NULL};
    cr_assert_eq(run(&o, &e, explain), 0, "%s", e);
    cr_expect(strstr(o, "codmn_mg_l,7 (trend basis none)") != NULL, "%s", o);
    cr_expect(strstr(o, "flow_m3_s,100") != NULL, "%s", o);
    cr_expect(strstr(o, "codmn max(0, 7 - 6) x Q / 1e6 = 267.84 t x 1500.00 yuan/t") != NULL, "%s",
              o);
    cr_expect(strstr(o, "payment,510000 pays 500000 401760.00 yuan") != NULL, "%s", o);
    cr_expect(strstr(o, "clause,test clause") != NULL, "%s", o);
    free(o);
    free(e);
    const char *list[] = {"--db", db, "run", "list", "--format", "csv", NULL};
    cr_assert_eq(run(&o, &e, list), 0, "%s", e);
    cr_expect(strstr(o, ",compensation,") != NULL, "%s", o);
    free(o);
    free(e);
    const char *verify[] = {"--db", db, "run", "verify", "1", "--format", "csv", NULL};
    cr_assert_eq(run(&o, &e, verify), 0, "%s", e);
    cr_expect(strstr(o, "verdict,identical") != NULL, "%s", o);
    free(o);
    free(e);
    /* a corrected sample: verify says DIFFERENT (exit 3) and names the input record */
    const char *fix = t_path("w2.csv");
    t_write(fix, "section,sampled_at,codmn\nB1,2022-03-10T10:00,6.5\n");
    const char *imp[] = {"--db", db, "import", "water-samples", "--replace", fix, NULL};
    cr_assert_eq(run(&o, &e, imp), 0, "%s", e);
    free(o);
    free(e);
    cr_assert_eq(run(&o, &e, verify), 3, "%s", e);
    cr_expect(strstr(o, "DIFFERENT") != NULL, "%s", o);
    cr_expect(strstr(o, "inputs,\"changed (stored") != NULL, "%s", o);
    cr_expect(strstr(o, "rules,\"unchanged (stored") != NULL, "%s", o);
    cr_expect(strstr(o, "B1\t2022-03\t510000\t500000\triver\tIII\t1\tIV\t-\t100\t6.5") != NULL,
              "%s", o);
    free(o);
    free(e);
    /* re-settling now is refused without --supersede */
    cr_assert_eq(run(&o, &e, settle), 1, "%s", e);
    cr_expect(strstr(e, "input data changed") != NULL, "%s", e);
    free(o);
    free(e);
    const char *show[] = {"--db", db, "run", "show", "1", "--inputs", NULL};
    cr_assert_eq(run(&o, &e, show), 0, "%s", e);
    cr_expect(strstr(o, "jointenv-compensation-inputs 1\nagreement\tex-cli\n") == o, "%s", o);
    free(o);
    free(e);
}

Test(cli_comp, a_bad_agreement_names_file_line_column_and_path)
{
    const char *rules;
    const char *db = db_with_data(&rules);
    const char *bad = t_path("bad.json");
    char text[sizeof AGREEMENT + 8];
    const char *p = strstr(AGREEMENT, "1500}");
    snprintf(text, sizeof text, "%.*s-15}%s", (int)(p - AGREEMENT), AGREEMENT, p + 5);
    t_write(bad, text);
    char *o, *e;
    const char *args[] = {"--db", db,  "compensation", "settle", "--year", "2022", "--agreement",
                          bad,    NULL};
    cr_assert_eq(run(&o, &e, args), 3, "%s", e);
    char want[700];
    snprintf(want, sizeof want,
             "%s:4:79: $.exceedance_price.unit_price_yuan_per_t.codmn must be between", bad);
    cr_expect(strstr(e, want) != NULL, "stderr: %s\nwanted: %s", e, want);
    free(o);
    free(e);
}

Test(cli_comp, bad_flows_file_is_rejected_whole)
{
    const char *rules;
    const char *db = db_with_data(&rules);
    const char *f = t_path("bad_flows.csv");
    t_write(f, "section,month,flow_m3_s\nB1,2022-05,1\nB1,2022,2\n");
    char *o, *e;
    const char *args[] = {"--db", db, "import", "section-flows", f, NULL};
    cr_assert_eq(run(&o, &e, args), 3, "%s", e);
    cr_expect(strstr(e, ":3:4: invalid month '2022' (YYYY-MM)") != NULL, "%s", e);
    free(o);
    free(e);
}

Test(cli_comp, every_command_has_help)
{
    const char *cmds[][2] = {{"compensation", "settle"},
                             {"compensation", "ledger"},
                             {"compensation", "explain"},
                             {"run", "list"},
                             {"run", "show"},
                             {"run", "verify"},
                             {"import", "section-flows"}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char *o, *e;
        const char *args[] = {cmds[i][0], cmds[i][1], "--help", NULL};
        cr_expect_eq(run(&o, &e, args), 0, "%s %s --help", cmds[i][0], cmds[i][1]);
        cr_expect(strstr(o, "Usage: jointenv") != NULL, "%s", o);
        free(o);
        free(e);
    }
}

Test(cli_comp, one_month_as_json_then_the_year_conflicts)
{
    const char *rules;
    const char *db = db_with_data(&rules);
    char *o, *e;
    const char *m3[] = {"--db",        db,    "compensation", "settle", "--month", "2022-03",
                        "--agreement", rules, "--format",     "json",   NULL};
    cr_assert_eq(run(&o, &e, m3), 0, "%s", e);
    cr_expect(strstr(o, "\"already_settled\": false") != NULL, "%s", o);
    cr_expect(strstr(o, "\"amount_yuan\": 401760") != NULL, "%s", o);
    cr_expect(strstr(o, "\"net_yuan\": -401760") != NULL, "%s", o);
    free(o);
    free(e);
    const char *year[] = {"--db", db,  "compensation", "settle", "--year", "2022", "--agreement",
                          rules,  NULL};
    cr_assert_eq(run(&o, &e, year), 1, "%s", e);
    cr_expect(strstr(e, "2022-03 of ex-cli is already settled (run 1)") != NULL, "%s", e);
    free(o);
    free(e);
    const char *bad[] = {"--db", db, "compensation", "ledger", "--pair", "510000", NULL};
    cr_assert_eq(run(&o, &e, bad), 2, "%s", e);
    cr_expect(strstr(e, "--pair needs two jurisdiction codes") != NULL, "%s", e);
    free(o);
    free(e);
}
