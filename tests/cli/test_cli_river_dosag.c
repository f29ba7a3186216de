/* CLI runs of `river dosag` (the Streeter–Phelps oxygen-sag calculator).
 *
 * Golden values: the published case (Masters & Ela 2008, ch. 5: L0 10.9, D0 1.5, kd 0.2,
 * ka 0.41, u 0.30 m/s, Cs 9.1 → t_c 2.67 d, x_c 69 km, D_c 3.1, DO_min 6.0; see
 * tests/water/test_streeter_phelps.c) and constructed cases — ka = kd (t_c = 1/ka −
 * D0/(kd L0) = 3 d exactly, D_c = 10 e^(−0.9)), D0 past the critical deficit (t_c = 0),
 * ka < kd, kr ≠ kd, and a closed form (D0 0, kd 0.3, ka 0.9: t_c = ln 3/0.6) — with
 * every figure as written by bench/river_numpy.py (an independent numpy implementation
 * of the textbook formulas), compared at 1e-9 relative; the published case is also
 * checked against the book's rounded answers. Errors: path:line:column and exit 3, no
 * output. */
#include "support/compare.h"
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

TestSuite(cli_river_dosag, .fini = cleanup);

static char *run_expect(int code, char **err_out, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err, args);
    cr_assert_eq(rc, code, "exit %d, expected %d; stderr: %s", rc, code, err ? err : "");
    if (err_out)
        *err_out = err;
    else
        free(err);
    return out;
}

static const char input[] =
    "case,l0_mg_l,d0_mg_l,kd_per_d,ka_per_d,u_m_s,kr_per_d,do_sat_mg_l,x_km\n"
    "masters,10.9,1.5,0.2,0.41,0.3,,9.1,69\n"
    "equal,10,1,0.3,0.3,0.2,,9,10\n"
    "past,10,8,0.2,0.4,0.3,,9,5\n"
    "ka_below,20,0,0.4,0.2,0.25,,9.092,\n"
    "settling,8,2,0.25,0.6,0.4,0.4,,20\n"
    "closed,50,0,0.3,0.9,0.5556,,10,0\n";

/* bench/river_numpy.py on `input` */
static const char expected[] =
    "case,t_crit_d,x_crit_km,d_crit_mg_l,do_min_mg_l,d_at_x_mg_l,do_at_x_mg_l\n"
    "masters,2.67512366402,69.3392053715,3.1139694514,5.9860305486,3.11394752792,5.98605247208\n"
    "equal,3,51.84,4.06569659741,4.93430340259,2.3000399644,6.6999600356\n"
    "past,0,0,8,1,7.77006238529,1.22993761471\n"
    "ka_below,3.4657359028,74.8598955005,10,-0.908,,\n"
    "settling,0.91160778397,31.505165014,2.31481481481,,2.28038764884,\n"
    "closed,1.83102048111,87.8960142121,9.62250448649,0.377495513506,0,10\n";

static const char tolerances[] = "t_crit_d=rel:1e-9,x_crit_km=rel:1e-9,d_crit_mg_l=rel:1e-9,"
                                 "do_min_mg_l=rel:1e-9,d_at_x_mg_l=rel:1e-9,do_at_x_mg_l=rel:1e-9";

Test(cli_river_dosag, golden)
{
    const char *in = t_path("cases.csv");
    t_write(in, input);
    const char *args[] = {"--format", "csv", "river", "dosag", "--input", in, NULL};
    char *out = run_expect(0, NULL, args);
    char why[512];
    cr_assert(t_csv_compare(expected, out, tolerances, why, sizeof why), "%s\n%s", why, out);
    /* the published answers, rounded as in the book */
    double tc, xc, dc, dmin;
    const char *row = strstr(out, "masters,");
    cr_assert_not_null(row);
    cr_assert_eq(sscanf(row, "masters,%lf,%lf,%lf,%lf", &tc, &xc, &dc, &dmin), 4);
    cr_assert(fabs(tc - 2.67) <= 0.01 && fabs(xc - 69) <= 0.5 && fabs(dc - 3.1) <= 0.05 &&
                  fabs(dmin - 6.0) <= 0.05,
              "t_c %g x_c %g D_c %g DO_min %g", tc, xc, dc, dmin);
    free(out);
}

Test(cli_river_dosag, json_and_minimal_columns)
{
    const char *in = t_path("min.csv");
    t_write(in, "case,l0_mg_l,d0_mg_l,kd_per_d,ka_per_d,u_m_s\nc1,50,0,0.3,0.9,0.5556\n");
    const char *args[] = {"--format", "json", "river", "dosag", "--input", in, NULL};
    char *out = run_expect(0, NULL, args);
    cr_assert(strstr(out, "\"t_crit_d\": 1.83102048111") ||
                  strstr(out, "\"t_crit_d\":1.83102048111"),
              "%s", out);
    cr_assert(strstr(out, "do_min_mg_l") && strstr(out, "null"), "%s", out);
    cr_assert(strstr(out, "do_at_x_mg_l") == NULL, "%s", out);
    free(out);
}

static void expect_bad(const char *csv, const char *const *needles)
{
    const char *in = t_path("bad.csv");
    t_write(in, csv);
    const char *args[] = {"river", "dosag", "--input", in, NULL};
    char *err = NULL;
    char *out = run_expect(3, &err, args);
    cr_assert(out == NULL || out[0] == '\0', "output written despite errors: %s", out);
    for (size_t i = 0; needles[i]; i++) {
        char want[1024];
        snprintf(want, sizeof want, "%s%s", needles[i][0] == ':' ? in : "", needles[i]);
        cr_assert(strstr(err, want) != NULL, "stderr lacks '%s':\n%s", want, err);
    }
    free(out);
    free(err);
}

Test(cli_river_dosag, bad_rows_are_located)
{
    expect_bad("case,l0_mg_l,d0_mg_l,kd_per_d,ka_per_d,u_m_s,do_sat_mg_l\n"
               "ok,10,1,0.2,0.4,0.3,9\n"
               "neg,10,1,0.2,-0.4,0.3,9\n"
               "text,10,abc,0.2,0.4,0.3,9\n"
               "over,10,12,0.2,0.4,0.3,9\n",
               (const char *const[]){":3:14:", "ka_per_d", ":4:9:", "'abc' is not a number",
                                     ":5:9:", "exceeds the DO saturation", NULL});
}

Test(cli_river_dosag, bad_header)
{
    expect_bad("case,l0_mg_l,d0_mg_l,kd_per_d,u_m_s,depth_m\nx,1,1,1,1,1\n",
               (const char *const[]){":1:", "missing column 'ka_per_d'", "unknown column 'depth_m'",
                                     NULL});
}

Test(cli_river_dosag, usage)
{
    const char *args[] = {"river", "dosag", NULL};
    char *err = NULL;
    char *out = run_expect(2, &err, args);
    cr_assert(strstr(err, "--input"), "%s", err);
    free(out);
    free(err);
    const char *help[] = {"river", "dosag", "--help", NULL};
    out = run_expect(0, NULL, help);
    cr_assert(strstr(out, "Streeter-Phelps") && strstr(out, "x_km"), "%s", out);
    free(out);
}
