/* `jointenv import energy-activity|coal-units`, `energy account|barometer|pathway` and
 * `coal units|plan` on the synthetic demo files: the reported basis and factor sets,
 * the joint row as the sum of the sides, the electricity basis ratio, unit errors at
 * path:line:column (exit 3), a missing grid factor named, the barometer's story, the
 * pathway's peak and series file, and a coal target that cannot be met (exit 3). */
#include "support/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(cli_energy, .fini = cleanup, .timeout = 300);

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
                                           {"renewables", "energy_renewables.csv"},
                                           {"cp-audits", "energy_cp_audits.csv"}};
    for (int i = 0; i < 5; i++) {
        char *err = NULL;
        int rc = t_run(
            NULL, &err,
            (const char *const[]){"--db", db, "import", steps[i][0], demo(steps[i][1]), NULL});
        cr_assert_eq(rc, 0, "import %s: %s", steps[i][0], err);
        free(err);
    }
    return db;
}

/* Field `col` (0-based) of the CSV line that starts with `prefix`. */
static double field(const char *csv, const char *prefix, int col)
{
    const char *p = csv;
    size_t n = strlen(prefix);
    while (p && strncmp(p, prefix, n) != 0) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    cr_assert_not_null(p, "no line starting with '%s' in:\n%s", prefix, csv);
    for (int k = 0; k < col; k++)
        p = strchr(p, ',') + 1;
    return strtod(p, NULL);
}

/* Copy the line of csv that starts with prefix into buf; 0 when there is none. */
static int line_of(const char *csv, const char *prefix, char *buf, size_t size)
{
    for (const char *p = csv; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, prefix, strlen(prefix)) == 0) {
            size_t n = strcspn(p, "\n");
            snprintf(buf, size, "%.*s", (int)n, p);
            return 1;
        }
    }
    return 0;
}

static char *run_ok(const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err, args);
    cr_assert_eq(rc, 0, "exit %d: %s", rc, err);
    free(err);
    return out;
}

Test(cli_energy, account_bases_and_joint_row)
{
    const char *db = db_with_demo();
    char *eq = run_ok((const char *const[]){"--db", db, "--format", "csv", "energy", "account",
                                            "--year", "2022", NULL});
    cr_assert(strstr(eq, "electricity_basis,elec_scope,factors"), "%s", eq);
    cr_assert(strstr(eq, "equivalent,provincial,gbt2589-2020 + cn-guideline-defaults + "
                         "mee-nbs-2021-2022"),
              "%s", eq);
    /* energy_tce is column 4; the joint row is the sum of the two sides */
    double sc = field(eq, "510000,", 4), cq = field(eq, "500000,", 4), j = field(eq, "joint,", 4);
    cr_assert_float_eq(j, sc + cq, 1.5, "%f vs %f + %f", j, sc, cq);
    char *ev =
        run_ok((const char *const[]){"--db", db, "--format", "csv", "energy", "account", "--year",
                                     "2022", "--electricity", "equal-value", NULL});
    /* elec_tce (column 6): equal-value 300.7 gce/kWh vs equivalent 122.9 */
    double r = field(ev, "510000,", 6) / field(eq, "510000,", 6);
    cr_assert_float_eq(r, 300.7 / 122.9, 1e-6, "ratio %.9f", r);
    char *ip =
        run_ok((const char *const[]){"--db", db, "--format", "csv", "energy", "account", "--year",
                                     "2022", "--factors", "ipcc2006", "--by", "sector", NULL});
    cr_assert(strstr(ip, "ipcc2006-defaults"), "%s", ip);
    cr_assert(strstr(ip, "510000,,cement,2022,"), "%s", ip);
    free(eq);
    free(ev);
    free(ip);
}

Test(cli_energy, missing_factor_and_unit_error)
{
    const char *db = db_with_demo();
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err,
                   (const char *const[]){"--db", db, "energy", "account", "--year", "2021",
                                         "--scope", "regional", NULL});
    cr_assert_neq(rc, 0);
    cr_assert(strstr(err, "no electricity CO2 factor for 2021, scope regional, region southwest"),
              "%s", err);
    free(out);
    free(err);
    const char *bad = t_path("bad.csv");
    t_write(bad, "jurisdiction,district,sector,year,item,quantity,unit\n"
                 "510000,,industry,2023,natural_gas,12,t\n");
    rc = t_run(&out, &err,
               (const char *const[]){"--db", db, "import", "energy-activity", bad, NULL});
    cr_assert_eq(rc, 3, "exit %d: %s", rc, err);
    char where[1200];
    snprintf(where, sizeof where, "%s:2:38: unit 't' is not a unit of natural_gas", bad);
    cr_assert(strstr(err, where), "%s", err);
    free(out);
    free(err);
}

Test(cli_energy, barometer_story)
{
    const char *db = db_with_demo();
    char *out = run_ok((const char *const[]){"--db", db, "--format", "csv", "energy", "barometer",
                                             "--year", "2022", NULL});
    /* Chongqing's intensity rose in 2022 (synthetic story): red; Chengdu on schedule */
    char line[1024];
    cr_assert(line_of(out, "500000,,2022,0.4,", line, sizeof line), "%s", out);
    cr_assert(strstr(line, ",red,yellow,red,"), "%s", line); /* intensity, total, overall */
    cr_assert(line_of(out, "510000,510100,2022,", line, sizeof line), "%s", out);
    cr_assert(strstr(line, ",green,green,green,"), "%s", line);
    free(out);
}

Test(cli_energy, pathway_peak_and_series)
{
    const char *db = db_with_demo();
    const char *series = t_path("series.json");
    char scen[1200];
    snprintf(scen, sizeof scen, "%s/data/scenarios/pathway-chengyu.json", JE_SOURCE_DIR);
    char *out = run_ok((const char *const[]){"--db", db, "--format", "csv", "energy", "pathway",
                                             "--scenario", scen, "--series", series, NULL});
    /* baseline, both sides together: peak in 2030 (illustrative scenario) */
    cr_assert_eq((int)field(out, "baseline,joint,", 4), 2030, "%s", out);
    /* LMDI contributions (columns 9-12) sum to the change (column 13) */
    double sum = 0;
    for (int k = 9; k <= 12; k++)
        sum += field(out, "baseline,joint,", k);
    cr_assert_float_eq(sum, field(out, "baseline,joint,", 13), 4, "%s", out);
    char *js = t_read(series);
    cr_assert_not_null(js);
    cr_assert(strstr(js, "\"co2_t\"") && strstr(js, "\"accelerated\""), "%.300s", js);
    free(js);
    free(out);
}

Test(cli_energy, coal_plan_and_infeasible_target)
{
    const char *db = db_with_demo();
    char tgt[1200];
    snprintf(tgt, sizeof tgt, "%s/data/scenarios/coal-target-chengyu.json", JE_SOURCE_DIR);
    char *out = run_ok((const char *const[]){"--db", db, "--format", "csv", "coal", "plan",
                                             "--target", tgt, NULL});
    cr_assert(strstr(out, "milp,yes,"), "%s", out);
    cr_assert(strstr(out, "by-age,") && strstr(out, "by-efficiency,"), "%s", out);
    /* the MILP strands no more design life than either ranked rule */
    double m = field(out, "milp,", 3), a = field(out, "by-age,", 3),
           e = field(out, "by-efficiency,", 3);
    cr_assert(m <= a + 1e-6 && m <= e + 1e-6, "%s", out);
    free(out);
    const char *bad = t_path("t.json");
    t_write(bad,
            "{\"id\": \"too-deep\", \"reserve_margin\": 0.12, \"firm_factor\": 0.9,"
            " \"design_life_years\": 30, \"years\": [{\"year\": 2025, \"max_capacity_mw\": 2000,"
            " \"peak_demand_mw\": 95000, \"other_firm_mw\": 94000}]}");
    char *err = NULL;
    int rc = t_run(&out, &err,
                   (const char *const[]){"--db", db, "coal", "plan", "--target", bad, "--method",
                                         "milp", NULL});
    cr_assert_eq(rc, 3, "exit %d: %s", rc, err);
    cr_assert(strstr(err, "target too-deep cannot be met (milp): 2025: the capacity cap and firm "
                          "capacity >= 106400 MW"),
              "%s", err);
    free(out);
    free(err);
}

Test(cli_energy, nonfossil_shares)
{
    const char *db = db_with_demo();
    char *out = run_ok((const char *const[]){"--db", db, "--format", "csv", "energy", "nonfossil",
                                             "--year", "2022", NULL});
    cr_assert(strstr(out, "share_of_electricity"), "%s", out);
    /* share of electricity = generation / end-use electricity (columns 6, 7, 8) */
    double g = field(out, "510000,", 6), el = field(out, "510000,", 7),
           sh = field(out, "510000,", 8);
    cr_assert_float_eq(sh, g / el, 1e-4, "%s", out);
    cr_assert_eq((int)field(out, "500000,", 12), 2025, "%s", out);
    free(out);
}

Test(cli_energy, audits_lifecycle)
{
    const char *db = db_with_demo();
    /* SC-E001 is listed in the demo: it may start, not be certified */
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err,
                   (const char *const[]){"--db", db, "audits", "update", "SC-E001", "--stage",
                                         "certified", "--date", "2023-07-01", NULL});
    cr_assert_neq(rc, 0);
    cr_assert(strstr(err, "SC-E001 is at stage listed: it cannot move to certified"), "%s", err);
    free(out);
    free(err);
    free(run_ok((const char *const[]){"--db", db, "audits", "update", "SC-E001", "--stage",
                                      "started", "--date", "2023-07-01", NULL}));
    char *show = run_ok((const char *const[]){"--db", db, "--format", "csv", "audits", "show",
                                              "SC-E001", "--today", "2023-07-01", NULL});
    cr_assert(strstr(show, ",started,2023-07-01,2023-08-30,on-time,"), "%s", show);
    free(show);
    char *sum = run_ok((const char *const[]){"--db", db, "--format", "csv", "audits", "summary",
                                             "--today", "2023-06-30", NULL});
    cr_assert(strstr(sum, "jurisdiction,sector,audits,mandatory,certified,overdue"), "%s", sum);
    free(sum);
}
