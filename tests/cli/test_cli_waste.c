/* jointenv waste score|indicators|report over the demo files: ranks, report sections,
 * provenance, and bad data rejected at path:line:column with exit 3. */
#include "support/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(cli_waste, score_ranks_every_district, .fini = t_cleanup)
{
    const char *a[] = {"--format", "csv", "waste", "score", "--year", "2022", NULL};
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
    const char *a[] = {"--format", "csv", "waste", "indicators", "--district", "510100", NULL};
    char *out = NULL;
    cr_assert_eq(t_run(&out, NULL, a), 0);
    cr_assert(strstr(out, "2.1.1,") && strstr(out, "ind_sw_used_t="), "%s", out);
    free(out);
    const char *b[] = {"waste", "report", "--district", "510100", NULL};
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
