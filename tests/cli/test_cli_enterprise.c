/* `jointenv import enterprises|enterprise-links|cp-options`, `enterprise list|show|
 * check`, `audits show|summary` with options, and `energy account --publish` with
 * `run verify` on the synthetic demo files: exit codes, path:line:column errors, the
 * JSON shape of multi-table output, one enterprise seen across three registries, and
 * a published account that verify finds changed after one activity value changes. */
#include "support/support.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(cli_enterprise, .fini = cleanup, .timeout = 300);

static const char *demo(const char *name)
{
    static char buf[4][1200];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/data/demo/chengyu/%s", JE_SOURCE_DIR, name);
    return buf[k];
}

static const char *db_with_demo(void)
{
    const char *db = t_path("e.db");
    static const char *const steps[][2] = {{"jurisdictions", "jurisdictions.csv"},
                                           {"energy-activity", "energy_activity.csv"},
                                           {"coal-units", "coal_units.csv"},
                                           {"cp-audits", "energy_cp_audits.csv"},
                                           {"plants", "plants.csv"},
                                           {"enterprises", "enterprises.csv"},
                                           {"enterprise-links", "enterprise_links.csv"},
                                           {"cp-options", "energy_cp_options.csv"}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        char *err = NULL;
        int rc = t_run(
            NULL, &err,
            (const char *const[]){"--db", db, "import", steps[i][0], demo(steps[i][1]), NULL});
        cr_assert_eq(rc, 0, "import %s: %s", steps[i][0], err);
        free(err);
    }
    return db;
}

/* The first enterprise code of a sector in the demo's enterprises.csv. */
static void first_of_sector(const char *sector, char code[19])
{
    char *text = t_read(demo("enterprises.csv"));
    cr_assert_not_null(text);
    char pat[40];
    snprintf(pat, sizeof pat, ",%s\n", sector);
    char *p = strstr(text, pat);
    cr_assert_not_null(p, "no %s enterprise", sector);
    while (p > text && p[-1] != '\n')
        p--;
    memcpy(code, p, 18);
    code[18] = '\0';
    free(text);
}

Test(cli_enterprise, one_enterprise_across_three_registries)
{
    const char *db = db_with_demo();
    char code[19];
    first_of_sector("power", code);
    char *out = NULL, *err = NULL;
    int rc = t_run(
        &out, &err,
        (const char *const[]){"--db", db, "--format", "json", "enterprise", "show", code, NULL});
    cr_assert_eq(rc, 0, "%s", err);
    json_error_t je;
    json_t *doc = json_loads(out, 0, &je);
    cr_assert_not_null(doc, "not JSON: %s\n%s", je.text, out);
    json_t *ent = json_object_get(doc, "enterprise"), *rec = json_object_get(doc, "records");
    cr_assert(json_is_array(ent) && json_array_size(ent) == 1);
    cr_assert(json_is_array(rec));
    int units = 0, audits = 0;
    for (size_t i = 0; i < json_array_size(rec); i++) {
        const char *reg = json_string_value(json_object_get(json_array_get(rec, i), "registry"));
        units += strcmp(reg, "coal-unit") == 0;
        audits += strcmp(reg, "cp-audit") == 0;
    }
    /* the list's counts agree with what show lists */
    json_t *row = json_array_get(ent, 0);
    cr_expect_eq(json_integer_value(json_object_get(row, "coal_units")), units);
    cr_expect_eq(json_integer_value(json_object_get(row, "audits")), audits);
    cr_expect_geq(units, 1, "a power enterprise owns coal units");
    cr_expect_geq(audits, 1, "the power audit points to the coal plant's enterprise");
    json_decref(doc);
    free(out);
    free(err);
    /* an unknown code: exit 1 (not found), named */
    rc = t_run(&out, &err,
               (const char *const[]){"--db", db, "enterprise", "show", "91330100799655058B", NULL});
    cr_expect_neq(rc, 0);
    cr_expect(strstr(err, "no enterprise 91330100799655058B") != NULL, "%s", err);
    free(out);
    free(err);
}

Test(cli_enterprise, bad_codes_rejected_with_position)
{
    const char *db = db_with_demo();
    const char *bad = t_path("bad.csv");
    t_write(bad, "code,name_zh,name_en,jurisdiction,district,sector\n"
                 "91330100799655058B,甲,,510000,,x\n"
                 "91330100799655085B,乙,,510000,,x\n");
    char *out = NULL, *err = NULL;
    int rc =
        t_run(&out, &err, (const char *const[]){"--db", db, "import", "enterprises", bad, NULL});
    cr_expect_eq(rc, 3, "%s", err);
    char want[1300];
    snprintf(want, sizeof want, "%s:3:1: '91330100799655085B': check character", bad);
    cr_expect(strstr(err, want) != NULL, "%s", err);
    cr_expect(strstr(err, "nothing was imported") != NULL, "%s", err);
    free(out);
    free(err);
    rc = t_run(&out, &err,
               (const char *const[]){"enterprise", "check", "914403001922038216",
                                     "914403001922038261", NULL});
    cr_expect_eq(rc, 3);
    cr_expect(strstr(out, "914403001922038216: valid") != NULL, "%s", out);
    cr_expect(strstr(err, "914403001922038261") != NULL, "%s", err);
    free(out);
    free(err);
}

Test(cli_enterprise, audit_options_shown_and_rolled_up)
{
    const char *db = db_with_demo();
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err,
                   (const char *const[]){"--db", db, "--format", "json", "audits", "show",
                                         "SC-E004", "--today", "2023-06-30", NULL});
    cr_assert_eq(rc, 0, "%s", err);
    json_t *doc = json_loads(out, 0, NULL);
    cr_assert_not_null(doc, "%s", out);
    json_t *opts = json_object_get(doc, "options");
    cr_assert(json_is_array(opts) && json_array_size(opts) >= 3, "%s", out);
    /* the last two rows are the totals: proposed >= realised */
    size_t n = json_array_size(opts);
    json_t *prop = json_array_get(opts, n - 2), *real = json_array_get(opts, n - 1);
    cr_expect_str_eq(json_string_value(json_object_get(prop, "option")), "proposed");
    cr_expect_str_eq(json_string_value(json_object_get(real, "option")), "realised");
    cr_expect_geq(json_number_value(json_object_get(prop, "savings_tce")),
                  json_number_value(json_object_get(real, "savings_tce")));
    json_decref(doc);
    free(out);
    free(err);
    rc = t_run(&out, &err,
               (const char *const[]){"--db", db, "--format", "csv", "audits", "summary", "--today",
                                     "2023-06-30", NULL});
    cr_assert_eq(rc, 0, "%s", err);
    cr_expect(strstr(out, "jurisdiction,sector,measure,proposed,realised,share_realised\n"), "%s",
              out);
    cr_expect(strstr(out, ",savings_tce,") != NULL);
    free(out);
    free(err);
}

Test(cli_enterprise, published_account_verified_then_changed)
{
    const char *db = db_with_demo();
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err,
                   (const char *const[]){"--db", db, "energy", "account", "--year", "2022",
                                         "--publish", NULL});
    cr_assert_eq(rc, 0, "%s", err);
    cr_expect(strstr(err, "published the 2022 account as run 1") != NULL, "%s", err);
    free(out);
    free(err);
    rc = t_run(&out, &err, (const char *const[]){"--db", db, "run", "verify", "1", NULL});
    cr_expect_eq(rc, 0, "%s%s", out, err);
    cr_expect(strstr(out, "identical") != NULL, "%s", out);
    free(out);
    free(err);
    const char *chg = t_path("chg.csv");
    t_write(chg, "jurisdiction,district,sector,year,item,quantity,unit\n"
                 "500000,,industry,2022,raw_coal,1234,t\n");
    rc = t_run(
        &out, &err,
        (const char *const[]){"--db", db, "import", "energy-activity", chg, "--replace", NULL});
    cr_assert_eq(rc, 0, "%s", err);
    free(out);
    free(err);
    rc = t_run(&out, &err, (const char *const[]){"--db", db, "run", "verify", "1", NULL});
    cr_expect_eq(rc, 3, "%s%s", out, err);
    cr_expect(strstr(out, "DIFFERENT") != NULL, "%s", out);
    cr_expect(strstr(out, "+ now:    500000,,industry,,2022,raw_coal,1234") != NULL, "%s", out);
    free(out);
    free(err);
    rc = t_run(&out, &err,
               (const char *const[]){"--db", db, "energy", "barometer", "--year", "2022",
                                     "--publish", NULL});
    cr_expect_eq(rc, 2, "%s", err);
    free(out);
    free(err);
}
