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
