/* CLI runs of `ecology diversity`, `ecology circuit` and `ecology corridors`: golden
 * outputs compared field by field with a tolerance (support/compare.h), errors by exit
 * code and message.
 *
 * Diversity golden rows: site A is scikit-bio's chao1 vector [1,1,4,2,5,2,4,1,2]
 * (chao1 9.75) and the other values follow from the formulas in ecology.h (checked by
 * hand: H' = 2.0321139, Simpson 1 − 36/484·… = 0.85123967, ACE 10.8650574); site B one
 * species. Circuit: a 3×3 unit-resistance lattice, corner to corner 1.5 Ω (4
 * neighbours). */
#include "support/compare.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}
TestSuite(cli_ecology, .fini = cleanup);

static void expect_csv(const char *want, const char *got, const char *tol)
{
    char why[512];
    cr_expect(t_csv_compare(want, got, tol, why, sizeof why), "%s\n--- got:\n%s", why, got);
}

Test(cli_ecology, diversity_golden)
{
    const char *in = t_path("survey.csv");
    t_write(in, "site,species,count\nA,sp1,1\nA,sp2,1\nA,sp3,4\nA,sp4,2\nA,sp5,5\nA,sp6,2\n"
                "A,sp7,4\nA,sp8,1\nB,x,5\nA,sp9,2\n");
    char *out = NULL, *err = NULL;
    const char *args[] = {"--format", "csv", "ecology", "diversity", "--input", in, NULL};
    cr_assert_eq(t_run(&out, &err, args), 0, "%s", err);
    expect_csv("site,S,N,shannon,simpson,invsimpson,pielou,chao1,chao1_lo,chao1_hi,ace\n"
               "A,9,22,2.032113929,0.8512396694,6.722222222,0.9248549056,9.75,9.066559448,"
               "17.45109178,10.86505738\n"
               "B,1,5,0,0,1,,1,1,1,1\n",
               out,
               "shannon=rel:1e-8,simpson=rel:1e-8,invsimpson=rel:1e-8,pielou=rel:1e-8,"
               "chao1_lo=rel:1e-8,chao1_hi=rel:1e-8,ace=rel:1e-8");
    free(out);
    free(err);
}

Test(cli_ecology, diversity_errors)
{
    const char *in = t_path("bad.csv");
    t_write(in, "site,species,count\nA,sp1,-2\nA,sp2,x\n");
    char *out = NULL, *err = NULL;
    const char *args[] = {"ecology", "diversity", "--input", in, NULL};
    cr_expect_eq(t_run(&out, &err, args), 3);
    cr_expect(strstr(err, ":2:") && strstr(err, ":3:"), "%s", err);
    free(out);
    free(err);
    t_write(in, "place,species,count\nA,sp1,2\n");
    cr_expect_eq(t_run(&out, &err, args), 3);
    cr_expect(strstr(err, "site, species and count"), "%s", err);
    free(out);
    free(err);
    const char *base[] = {"ecology", "diversity", "--input", in, "--base", "10", NULL};
    cr_expect_eq(t_run(&out, &err, base), 2);
    free(out);
    free(err);
}

Test(cli_ecology, circuit_direct_and_ini)
{
    const char *h = t_path("h.asc");
    t_write(h, "ncols 3\nnrows 3\nxllcorner 0\nyllcorner 0\ncellsize 1\nNODATA_value -9999\n"
               "1 1 1\n1 1 1\n1 1 1\n");
    t_write(t_path("f.txt"), "1 0.5 2.5\n2 2.5 0.5\n");
    char dir[512];
    snprintf(dir, sizeof dir, "%s", t_path("out"));
    char *out = NULL, *err = NULL;
    const char *args[] = {"--format",     "csv",   "ecology", "circuit",
                          "--resistance", h,       "--focal", t_path("f.txt"),
                          "--four",       "--out", dir,       NULL};
    cr_assert_eq(t_run(&out, &err, args), 0, "%s", err);
    expect_csv("from,to,resistance\n1,2,1.5\n", out, "resistance=rel:1e-12");
    free(out);
    free(err);
    char path[600];
    snprintf(path, sizeof path, "%s/circuit_resistances.out", dir);
    char *res = t_read(path);
    cr_assert(res);
    cr_expect(!strncmp(res, "0.0 1.0 2.0\n1.0 0.0 1.5", 23), "%s", res);
    free(res);
    snprintf(path, sizeof path, "%s/circuit_cum_curmap.asc", dir);
    res = t_read(path);
    cr_expect(res && strstr(res, "ncols"), "current map written");
    free(res);

    t_write(t_path("c.ini"), "[Circuitscape mode]\nscenario = pairwise\nhabitat_file = h.asc\n"
                             "point_file = f.txt\nconnect_four_neighbors_only = True\n"
                             "output_file = run.out\nwrite_cur_maps = False\n");
    const char *ini[] = {"--format", "csv", "ecology", "circuit", "--ini", t_path("c.ini"), NULL};
    cr_assert_eq(t_run(&out, &err, ini), 0, "%s", err);
    expect_csv("from,to,resistance\n1,2,1.5\n", out, "resistance=rel:1e-12");
    free(out);
    free(err);
    res = t_read(t_path("run_resistances.out"));
    cr_expect(res != NULL, "the .ini's output_file names the outputs");
    free(res);

    t_write(t_path("c.ini"), "habitat_file = h.asc\npoint_file = f.txt\noutput_file = r.out\n"
                             "use_variable_source_strengths = True\n");
    cr_expect_eq(t_run(&out, &err, ini), 3);
    cr_expect(strstr(err, "c.ini:4") && strstr(err, "use_variable_source_strengths"), "%s", err);
    free(out);
    free(err);
    const char *none[] = {"ecology", "circuit", NULL};
    cr_expect_eq(t_run(&out, &err, none), 2);
    free(out);
    free(err);
}

Test(cli_ecology, corridors_on_the_demo)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s", t_path("corr"));
    const char *demo = JE_SOURCE_DIR "/data/demo/chengyu/ecology/";
    char lc[600], tb[600], pt[600];
    snprintf(lc, sizeof lc, "%slandcover.asc", demo);
    snprintf(tb, sizeof tb, "%sreclass.csv", demo);
    snprintf(pt, sizeof pt, "%spatches.asc", demo);
    char *out = NULL, *err = NULL;
    const char *args[] = {"--format", "csv",     "ecology", "corridors", "--landcover",
                          lc,         "--table", tb,        "--patches", pt,
                          "--out",    dir,       NULL};
    cr_assert_eq(t_run(&out, &err, args), 0, "%s", err);
    cr_expect(!strncmp(out, "rank,from,to,cost,euclid_m,path_cells\n1,", 40), "%s", out);
    size_t lines = 0;
    for (const char *s = out; *s; s++)
        lines += *s == '\n';
    cr_expect_eq(lines, 7, "4 patches: 6 linkages + header");
    free(out);
    free(err);
    char path[600];
    snprintf(path, sizeof path, "%s/linkages.csv", dir);
    char *l = t_read(path);
    cr_expect(l != NULL);
    free(l);
    t_write(t_path("t.csv"), "class,resistance\n1,1\n");
    const char *bad[] = {"ecology",   "corridors", "--landcover", lc,  "--table", t_path("t.csv"),
                         "--patches", pt,          "--out",       dir, NULL};
    cr_expect_eq(t_run(&out, &err, bad), 3);
    cr_expect(strstr(err, "not in the table"), "%s", err);
    free(out);
    free(err);
}
