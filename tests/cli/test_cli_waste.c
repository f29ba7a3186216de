/* jointenv waste score|indicators|report over the demo files (--data: the calculator)
 * and over the database (the default): ranks, report sections, provenance, the store
 * giving the files' table byte for byte, a published run that verifies, and bad data
 * rejected at path:line:column with exit 3. */
#include "support/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO JE_SOURCE_DIR "/data/demo/chengyu/"
#define DATA DEMO "waste_data.csv"

Test(cli_waste, score_ranks_every_district, .fini = t_cleanup)
{
    const char *a[] = {"--format", "csv", "waste", "score", "--year", "2022", "--data", DATA, NULL};
    char *out = NULL;
    cr_assert_eq(t_run(&out, NULL, a), 0);
    size_t lines = 0;
    for (char *p = out; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(lines, 10, "%s", out); /* header + 9 districts */
    cr_assert(strncmp(out, "rank,district,", 14) == 0, "%s", out);
    cr_assert(strstr(out, "\n1,") && strstr(out, "\n9,"), "%s", out);
    free(out);
}

Test(cli_waste, indicators_carry_their_inputs_and_report_has_each_area, .fini = t_cleanup)
{
    const char *a[] = {"--format", "csv", "waste", "indicators", "--district", "510100",
                       "--data", DATA, NULL};
    char *out = NULL;
    cr_assert_eq(t_run(&out, NULL, a), 0);
    cr_assert(strstr(out, "2.1.1,") && strstr(out, "ind_sw_used_t="), "%s", out);
    free(out);
    const char *b[] = {"waste", "report", "--district", "510100", "--data", DATA, NULL};
    cr_assert_eq(t_run(&out, NULL, b), 0);
    for (const char *h = "12345"; *h; h++) {
        char want[8];
        snprintf(want, sizeof want, "\n## %c ", *h);
        cr_assert(strstr(out, want), "report lacks area %c:\n%s", *h, out);
    }
    free(out);
    const char *c[] = {"waste", "report", NULL};
    char *err = NULL;
    cr_assert_eq(t_run(NULL, &err, c), 2);
    cr_assert(strstr(err, "--district"), "%s", err);
    free(err);
}

Test(cli_waste, bad_data_rejected_with_place, .fini = t_cleanup)
{
    const char *p = t_path("bad.csv");
    t_write(p, "district,year,variable,value\n510100,2022,ind_sw_t,abc\n");
    const char *a[] = {"waste", "score", "--data", p, NULL};
    char *err = NULL;
    cr_assert_eq(t_run(NULL, &err, a), 3);
    char want[700];
    snprintf(want, sizeof want, "%s:2:22:", p);
    cr_assert(strstr(err, want), "%s", err);
    free(err);
}

Test(cli_waste, the_database_gives_the_files_figures_and_runs_verify, .fini = t_cleanup)
{
    char db[600];
    snprintf(db, sizeof db, "%s", t_path("w.db"));
    const char *imports[][2] = {{"jurisdictions", DEMO "jurisdictions.csv"},
                                {"waste-districts", DEMO "waste_districts.csv"},
                                {"waste-data", DATA}};
    for (size_t i = 0; i < 3; i++) {
        const char *a[] = {"--db", db, "import", imports[i][0], imports[i][1], NULL};
        char *err = NULL;
        cr_assert_eq(t_run(NULL, &err, a), 0, "%s", err);
        free(err);
    }
    const char *f[] = {"--format", "csv", "waste", "score", "--year", "2022", "--data", DATA, NULL};
    const char *d[] = {"--db", db, "--format", "csv", "waste", "score", "--year", "2022",
                       "--publish", NULL};
    char *from_file = NULL, *from_db = NULL, *err = NULL;
    cr_assert_eq(t_run(&from_file, NULL, f), 0);
    cr_assert_eq(t_run(&from_db, &err, d), 0, "%s", err);
    cr_expect_str_eq(from_db, from_file, "the store's table differs from the files'");
    cr_expect(strstr(err, "recorded as run 1"), "%s", err);
    free(from_file), free(from_db), free(err);
    const char *v[] = {"--db", db, "--format", "csv", "waste", "verify", "1", NULL};
    char *out = NULL;
    cr_assert_eq(t_run(&out, NULL, v), 0);
    cr_expect(strstr(out, "identical"), "%s", out);
    free(out);
    /* a corrected value: the run no longer verifies (exit 3) and says the inputs changed */
    const char *p = t_path("fix.csv");
    t_write(p, "district,year,variable,value\n510100,2022,ind_sw_used_t,1\n");
    const char *r[] = {"--db", db, "import", "waste-data", "--replace", p, NULL};
    cr_assert_eq(t_run(NULL, NULL, r), 0);
    cr_assert_eq(t_run(&out, NULL, v), 3);
    cr_expect(strstr(out, "DIFFERENT") && strstr(out, "inputs,\"changed"), "%s", out);
    free(out);
    /* an empty database says what to import */
    const char *e[] = {"--db", t_path("empty.db"), "waste", "score", NULL};
    cr_assert_eq(t_run(NULL, &err, e), 1);
    cr_expect(strstr(err, "jointenv import waste-data"), "%s", err);
    free(err);
}

Test(cli_waste, import_errors_exit_3_with_their_place, .fini = t_cleanup)
{
    char db[600];
    snprintf(db, sizeof db, "%s", t_path("w.db"));
    const char *a[] = {"--db", db, "import", "jurisdictions", DEMO "jurisdictions.csv", NULL};
    cr_assert_eq(t_run(NULL, NULL, a), 0);
    const char *p = t_path("d.csv");
    t_write(p, "code,name_zh,name_en,jurisdiction\n510100,成都市,Chengdu,510001\n");
    const char *b[] = {"--db", db, "import", "waste-districts", p, NULL};
    char *err = NULL;
    cr_assert_eq(t_run(NULL, &err, b), 3);
    char want[700];
    snprintf(want, sizeof want, "%s:2:20: unknown jurisdiction '510001'", p);
    cr_expect(strstr(err, want) && strstr(err, "nothing was imported"), "%s", err);
    free(err);
}
