/* Gene-bank status and forest progress (jointenv/conserve.h) at their thresholds, and
 * the commands over the demo registers. */
#include "jointenv/conserve.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

Test(conserve, genebank_status_thresholds)
{
    /* interval 10 years, minimum 1500 samples */
    cr_assert_eq(je_gb_status_of(10.0, 10, 2000, 1500), JE_GB_OK, "at the interval: not yet due");
    cr_assert_eq(je_gb_status_of(10.1, 10, 2000, 1500), JE_GB_REGEN_DUE);
    cr_assert_eq(je_gb_status_of(15.0, 10, 2000, 1500), JE_GB_REGEN_DUE, "1.5 intervals: due");
    cr_assert_eq(je_gb_status_of(15.1, 10, 2000, 1500), JE_GB_REGEN_OVERDUE);
    cr_assert_eq(je_gb_status_of(3, 10, 1499, 1500), JE_GB_LOW_STOCK);
    cr_assert_eq(je_gb_status_of(3, 10, 1500, 1500), JE_GB_OK, "at the minimum: enough");
    /* regeneration comes before stock: a due accession is regenerated anyway */
    cr_assert_eq(je_gb_status_of(12, 10, 10, 1500), JE_GB_REGEN_DUE);
    cr_assert_str_eq(je_gb_status_name(JE_GB_REGEN_OVERDUE), "regeneration_overdue");
}

Test(conserve, forest_progress)
{
    je_forest_target t = {2020, 2025, 40.0, 41.0};
    je_forest_progress p;
    cr_assert_eq(je_forest_progress_of(&t, 2022, 40.4, &p, NULL), JE_OK);
    cr_assert(fabs(p.progress - 0.4) < 1e-12 && fabs(p.elapsed - 0.4) < 1e-12);
    cr_assert(p.on_track, "progress equal to time elapsed is on track");
    cr_assert(!p.met);
    cr_assert_eq(je_forest_progress_of(&t, 2022, 40.39, &p, NULL), JE_OK);
    cr_assert(!p.on_track);
    cr_assert_eq(je_forest_progress_of(&t, 2024, 41.0, &p, NULL), JE_OK);
    cr_assert(p.met && p.on_track);
    /* a target below the base (less of something): met when at or below */
    je_forest_target down = {2020, 2025, 100, 80};
    cr_assert_eq(je_forest_progress_of(&down, 2021, 95, &p, NULL), JE_OK);
    cr_assert(fabs(p.progress - 0.25) < 1e-12 && p.on_track && !p.met);
    cr_assert_eq(je_forest_progress_of(&down, 2025, 79, &p, NULL), JE_OK);
    cr_assert(p.met);
    je_forest_target bad = {2020, 2020, 1, 2};
    cr_assert_eq(je_forest_progress_of(&bad, 2021, 1, &p, NULL), JE_EINVAL);
    je_forest_target same = {2020, 2025, 1, 1};
    cr_assert_eq(je_forest_progress_of(&same, 2021, 1, &p, NULL), JE_EINVAL);
}

Test(conserve, commands_over_the_demo_registers, .fini = t_cleanup)
{
    const char *a[] = {"--format", "csv", "genebank", "status", "--year", "2022", "--input",
                       JE_SOURCE_DIR "/data/demo/chengyu/genebank.csv", NULL};
    char *out = NULL;
    cr_assert_eq(t_run(&out, NULL, a), 0);
    /* Rongchang pig embryos last renewed 2006: 16 years > 15-year interval */
    cr_assert(strstr(out, "GB-RC-E,") && strstr(strstr(out, "GB-RC-E,"), "regeneration_due"),
              "%s", out);
    free(out);
    const char *p = t_path("g.csv");
    t_write(p, "code,species_zh,species_en,kind,bank,location,jurisdiction,accessions,samples,"
               "last_regeneration\nX,甲,A,spore,B,L,510000,1,10,2020\n");
    const char *b[] = {"genebank", "status", "--input", p, "--year", "2022", NULL};
    char *err = NULL;
    cr_assert_eq(t_run(NULL, &err, b), 3);
    cr_assert(strstr(err, ":2:") && strstr(err, "spore"), "%s", err);
    free(err);
    const char *f[] = {"--format", "csv", "forest", "progress", "--input",
                       JE_SOURCE_DIR "/data/demo/chengyu/forests.csv", NULL};
    cr_assert_eq(t_run(&out, NULL, f), 0);
    cr_assert(strstr(out, "500000,重庆市,2022,coverage_pct,55.04,55,2025,1.016,0.400,yes,yes"),
              "%s", out);
    free(out);
}

/* The same tables from the database as from the demo files, byte for byte. */
Test(conserve, commands_over_the_database_equal_the_files, .fini = t_cleanup)
{
    char db[600];
    snprintf(db, sizeof db, "%s", t_path("c.db"));
    const char *imports[][2] = {{"jurisdictions", "jurisdictions.csv"},
                                {"genebank", "genebank.csv"},
                                {"forests", "forests.csv"},
                                {"forest-targets", "forest_targets.csv"}};
    char path[4][700];
    for (size_t i = 0; i < 4; i++) {
        snprintf(path[i], sizeof path[i], "%s/data/demo/chengyu/%s", JE_SOURCE_DIR,
                 imports[i][1]);
        const char *a[] = {"--db", db, "import", imports[i][0], path[i], NULL};
        char *err = NULL;
        cr_assert_eq(t_run(NULL, &err, a), 0, "%s", err);
        free(err);
    }
    const char *g1[] = {"--db", db, "--format", "csv", "genebank", "status", "--year", "2022", NULL};
    const char *g2[] = {"--format", "csv", "genebank", "status", "--year", "2022", "--input",
                        path[1], NULL};
    const char *f1[] = {"--db", db, "--format", "csv", "forest", "progress", NULL};
    const char *f2[] = {"--format", "csv", "forest", "progress", "--input", path[2], NULL};
    const char *const *pairs[2][2] = {{g1, g2}, {f1, f2}};
    for (int k = 0; k < 2; k++) {
        char *a = NULL, *b = NULL;
        cr_assert_eq(t_run(&a, NULL, pairs[k][0]), 0);
        cr_assert_eq(t_run(&b, NULL, pairs[k][1]), 0);
        cr_expect_str_eq(a, b, "database and files differ");
        free(a), free(b);
    }
    /* a regeneration recorded through the CLI changes the status from the database */
    const char *u[] = {"--db", db, "genebank", "update", "GB-RC-E", "--regenerated", "2021",
                       "--samples", "480", NULL};
    char *out = NULL;
    cr_assert_eq(t_run(&out, NULL, u), 0);
    free(out);
    cr_assert_eq(t_run(&out, NULL, g1), 0);
    char *line = strstr(out, "GB-RC-E,");
    cr_assert(line, "%s", out);
    cr_expect(strncmp(strchr(line, '\n') - 3, ",ok", 3) == 0, "%.120s", line);
    free(out);
    const char *bad[] = {"--db", db, "genebank", "update", "GB-RC-E", "--regenerated", "2019", NULL};
    char *err = NULL;
    cr_assert_eq(t_run(NULL, &err, bad), 2 /* JE_EINVAL */);
    cr_expect(strstr(err, "before the recorded last regeneration 2021"), "%s", err);
    free(err);
}
