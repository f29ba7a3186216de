/* jointenv ecology survey over the demo's Darwin Core file: groups, richness and N as
 * counted independently (Python over the same CSV: 510000 17 species / 226
 * individuals, 500000 17 / 197, 16 shared), rarefaction to the smaller side's N, the
 * archive written by --export read back to the same table, and bad rows located. */
#include "support/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DWC JE_SOURCE_DIR "/data/demo/chengyu/ecology/survey_dwc.csv"

Test(cli_survey, by_jurisdiction_rarefied_and_shared, .fini = t_cleanup)
{
    const char *zip = t_path("out.zip");
    const char *a[] = {"--format", "csv", "ecology", "survey", "--input", DWC, "--by", "jurisdiction",
                       "--compare", "510000,500000", "--export", zip, NULL};
    char *out = NULL, *err = NULL;
    cr_assert_eq(t_run(&out, &err, a), 0, "%s", err);
    cr_assert(strstr(out, "\n510000,17,226,"), "%s", out);
    cr_assert(strstr(out, "\n500000,17,197,"), "%s", out);
    /* rarefied to n = 197: the smaller side keeps all its 17 */
    cr_assert(strstr(out, ",17.000,197\n"), "%s", out);
    cr_assert(strstr(err, "share 16 species: Sorensen 0.9412, Jaccard 0.8889"), "%s", err);
    const char *b[] = {"--format", "csv", "ecology", "survey", "--input", zip, "--by", "jurisdiction",
                       NULL};
    char *again = NULL;
    cr_assert_eq(t_run(&again, NULL, b), 0);
    cr_assert_str_eq(again, out, "the archive reads back to the same table");
    free(out);
    free(err);
    free(again);
}

Test(cli_survey, bad_rows_located, .fini = t_cleanup)
{
    const char *p = t_path("bad.csv");
    t_write(p, "eventID,eventDate,scientificName,individualCount\nE1,2022-05-01,A a,-2\n");
    const char *a[] = {"ecology", "survey", "--input", p, NULL};
    char *err = NULL;
    cr_assert_eq(t_run(NULL, &err, a), 3);
    char want[700];
    snprintf(want, sizeof want, "%s:2:19:", p);
    cr_assert(strstr(err, want) && strstr(err, "individualCount"), "%s", err);
    free(err);
}

/* Curves on a case computed by hand. Sites A (sp1 ×2, sp2 ×2) and B (sp2, sp3):
 * site frequencies sp1 1, sp2 2, sp3 1 of M = 2.
 * Accumulation, exact (Kindt): k = 1 the mean richness 2, k = 2 all 3 species;
 * Coleman: S(k) = Σ 1 − (1 − k/M)^f_i = 0.5 + 0.75 + 0.5 = 1.75 at k = 1, 3 at k = 2;
 * its SD √Σ q(1 − q), q = (1 − k/M)^f_i: √(0.25 + 0.1875 + 0.25) = 0.829 at k = 1.
 * Rarefaction of A (N = 4): E[S_1] = 1, E[S_2] = 2 (1 − C(2,2)/C(4,2)) = 1.667,
 * E[S_4] = 2. */
Test(cli_survey, accumulation_and_rarefaction_curves, .fini = t_cleanup)
{
    const char *p = t_path("two.csv");
    t_write(p, "eventID,eventDate,scientificName,individualCount,locationID\n"
               "E1,2022-05-01,sp1,2,A\nE1,2022-05-01,sp2,2,A\n"
               "E2,2022-05-01,sp2,1,B\nE2,2022-05-01,sp3,1,B\n");
    const char *a[] = {"--format", "csv", "ecology", "survey", "--input", p, "--curves",
                       "accumulation", NULL};
    char *out = NULL, *err = NULL;
    cr_assert_eq(t_run(&out, &err, a), 0, "%s", err);
    cr_expect_str_eq(out, "units,exact,coleman,coleman_sd\n1,2.000,1.750,0.829\n2,3.000,3.000,"
                          "0.000\n");
    free(out);
    free(err);
    const char *b[] = {"--format", "csv", "ecology", "survey", "--input", p, "--curves",
                       "rarefaction", NULL};
    cr_assert_eq(t_run(&out, &err, b), 0, "%s", err);
    cr_expect(strstr(out, "A,1,1.000\n"), "%s", out);
    cr_expect(strstr(out, "A,2,1.667\n"), "%s", out);
    cr_expect(strstr(out, "A,4,2.000\n"), "%s", out);
    cr_expect(strstr(out, "B,2,2.000\n"), "%s", out);
    free(out);
    free(err);
    const char *bad[] = {"ecology", "survey", "--input", p, "--curves", "lines", NULL};
    cr_expect_eq(t_run(NULL, &err, bad), 2);
    cr_expect(strstr(err, "accumulation or rarefaction"), "%s", err);
    free(err);
}
