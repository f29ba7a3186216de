/* `jointenv stagger` with the issue-4 additions on the Sichuan–Chongqing demo: the
 * transfer network (--transfers, demo file clinker_transfers.csv), the alert days'
 * production and transport duties (--show duties, and the summary's truck-ban line),
 * and the plants' optional deep_treatment_a column lowering a line's quota. */
#include "support/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(cli_stagger_transfer, .fini = cleanup, .timeout = 300);

static char demo_dir[1024];

static const char *demo_db(void)
{
    snprintf(demo_dir, sizeof demo_dir, "%s/data/demo/chengyu", JE_SOURCE_DIR);
    const char *db = t_path("demo.db");
    char *err = NULL;
    int rc = t_run(NULL, &err, (const char *const[]){"--db", db, "demo", NULL});
    cr_assert_eq(rc, 0, "demo: %s", err);
    free(err);
    return db;
}

static const char *demo_file(const char *name)
{
    static char buf[4][1200];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", demo_dir, name);
    return buf[k];
}

/* December 2022 (the demo forecast's month) with the heuristic, transfers and alerts. */
static int plan_dec(const char *db, const char *format, const char *show, const char *transfers,
                    const char *out_file, char **out, char **err)
{
    const char *args[] = {"--db",
                          db,
                          "--format",
                          format,
                          "stagger",
                          "plan",
                          "--from",
                          "2022-12-01",
                          "--to",
                          "2022-12-31",
                          "--solver",
                          "heuristic",
                          "--demand",
                          demo_file("clinker_demand.csv"),
                          "--transfers",
                          transfers,
                          "--alerts",
                          demo_file("air_forecast_2022-12.csv"),
                          "--show",
                          show,
                          out_file ? "--out" : NULL,
                          out_file,
                          NULL};
    return t_run(out, err, args);
}

Test(cli_stagger_transfer, duties_and_transfers)
{
    const char *db = demo_db();
    char sched[512];
    snprintf(sched, sizeof sched, "%s", t_path("dec.csv"));
    char *out = NULL, *err = NULL;
    int rc = plan_dec(db, "csv", "duties", demo_file("clinker_transfers.csv"), sched, &out, &err);
    cr_assert_eq(rc, 0, "exit %d: %s", rc, err);
    cr_assert(
        strncmp(out, "line,jurisdiction,grade,city,date,alert,duty,stopped,transport\n", 63) == 0,
        "%.120s", out);
    /* §4.3: D stops and bans all road transport; B and C ban China-IV-or-older heavy
       trucks at every level; A has no duty */
    int d_rows = 0, bc_rows = 0, a_rows = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        char grade[4], duty[16], stopped[8], transport[24];
        if (sscanf(line, "%*[^,],%*[^,],%3[^,],%*[^,],%*[^,],%*[^,],%15[^,],%7[^,],%23s", grade,
                   duty, stopped, transport) != 4)
            continue;
        if (strcmp(grade, "D") == 0) {
            d_rows++;
            cr_assert_str_eq(transport, "ban-all", "%s", line);
            cr_assert_str_eq(stopped, "yes", "a D line runs on an alert day: %s", line);
        } else if (strcmp(grade, "B") == 0 || strcmp(grade, "C") == 0) {
            bc_rows++;
            cr_assert_str_eq(transport, "ban-old-heavy", "%s", line);
        } else if (strcmp(grade, "A") == 0) {
            a_rows++;
            cr_assert_str_eq(transport, "none", "%s", line);
            cr_assert_str_eq(duty, "none", "%s", line);
        }
    }
    cr_assert(d_rows > 0 && bc_rows > 0 && a_rows > 0, "D %d, B/C %d, A %d rows", d_rows, bc_rows,
              a_rows);
    free(out);
    free(err);

    /* the summary's line counts them */
    out = err = NULL;
    rc = plan_dec(db, "table", "summary", demo_file("clinker_transfers.csv"), NULL, &out, &err);
    cr_assert_eq(rc, 0, "%s", err);
    char want[160];
    snprintf(want, sizeof want, "no China-IV-or-older heavy trucks");
    cr_assert(strstr(out, "truck bans:") && strstr(out, want), "%s", out);
    free(out);
    free(err);

    /* the plan meets the transfer network; with every arc at 0 t/d it does not, and the
       checker names the day and the regions short */
    const char *common[] = {"stagger",
                            "check",
                            sched,
                            "--from",
                            "2022-12-01",
                            "--to",
                            "2022-12-31",
                            "--demand",
                            demo_file("clinker_demand.csv"),
                            "--alerts",
                            demo_file("air_forecast_2022-12.csv"),
                            "--transfers"};
    const char *args[16];
    size_t n = 0;
    args[n++] = "--db";
    args[n++] = db;
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
        args[n++] = common[i];
    args[n++] = demo_file("clinker_transfers.csv");
    args[n] = NULL;
    out = err = NULL;
    rc = t_run(&out, &err, args);
    cr_assert_eq(rc, 0, "%s %s", out, err);
    free(out);
    free(err);
    char *arcs = t_read(demo_file("clinker_transfers.csv"));
    cr_assert_not_null(arcs);
    char *zero = malloc(strlen(arcs) + 32), *o = zero;
    o += sprintf(o, "from,to,capacity_t_d\n");
    for (char *line = strtok(strchr(arcs, '\n') + 1, "\n"); line; line = strtok(NULL, "\n")) {
        char a[32], b[32];
        if (sscanf(line, "%31[^,],%31[^,],", a, b) == 2)
            o += sprintf(o, "%s,%s,0\n", a, b); /* every arc's capacity to 0 */
    }
    *o = '\0';
    free(arcs);
    const char *zf = t_path("zero.csv");
    t_write(zf, zero);
    free(zero);
    args[n - 1] = zf;
    out = err = NULL;
    rc = t_run(&out, &err, args);
    cr_assert_eq(rc, 3, "exit %d: %s %s", rc, out, err);
    cr_assert(strstr(out, "supply-transfer") && strstr(out, "short by"), "%s", out);
    free(out);
    free(err);
}

Test(cli_stagger_transfer, bad_transfer_files_and_usage)
{
    const char *db = demo_db();
    const char *bad = t_path("bad.csv");
    t_write(bad, "from,to,capacity_t_d\nSC-W,XX,5\nSC-W,SC-W,3\nSC-W,SC-N,-1\nSC-W,SC-N,4\n"
                 "SC-W,SC-N,4\n");
    char *out = NULL, *err = NULL;
    int rc = plan_dec(db, "csv", "summary", bad, NULL, &out, &err);
    cr_assert_eq(rc, 3, "exit %d: %s", rc, err);
    char want[1200];
    snprintf(want, sizeof want, "%s:2:6: unknown market region 'XX'", bad);
    cr_assert(strstr(err, want), "%s", err);
    snprintf(want, sizeof want, "%s:3:6: an arc from region 'SC-W' to itself", bad);
    cr_assert(strstr(err, want), "%s", err);
    snprintf(want, sizeof want, "%s:4:11:", bad);
    cr_assert(strstr(err, want), "%s", err);
    cr_assert(strstr(err, "SC-W → SC-N is given twice"), "%s", err);
    free(out);
    free(err);
    /* --transfers without --demand */
    out = err = NULL;
    rc = t_run(&out, &err,
               (const char *const[]){"stagger", "plan", "--from", "2023-01-01", "--to",
                                     "2023-01-31", "--transfers", bad, NULL});
    cr_assert_eq(rc, 2, "%s", err);
    cr_assert(strstr(err, "--transfers needs --demand"), "%s", err);
    free(out);
    free(err);
}

/* plants.csv may carry deep_treatment_a; 1 takes 10 days/yr of relief, pro rata: a
 * grade-B line owes 43 days in 2023-Q1 instead of 45. */
Test(cli_stagger_transfer, deep_treatment_column_lowers_the_quota)
{
    const char *db = demo_db();
    char *plants = t_read(demo_file("plants.csv"));
    cr_assert_not_null(plants);
    char *row = strstr(plants, "\nSC-GA-L02,");
    cr_assert_not_null(row);
    char *eol = strchr(row + 1, '\n');
    *strchr(plants, '\n') = '\0';
    if (eol)
        *eol = '\0';
    char text[4096];
    snprintf(text, sizeof text, "%s,deep_treatment_a\n%s,1\n", plants, row + 1);
    const char *f = t_path("deep.csv");
    t_write(f, text);
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err,
                   (const char *const[]){"--db", db, "import", "plants", f, "--replace", NULL});
    cr_assert_eq(rc, 0, "%s", err);
    free(out);
    free(err);
    out = err = NULL;
    rc = t_run(&out, &err,
               (const char *const[]){"--db", db, "--format", "csv", "stagger", "plan", "--from",
                                     "2023-01-01", "--to", "2023-03-31", "--solver", "heuristic",
                                     "--show", "lines", NULL});
    cr_assert_eq(rc, 0, "%s", err);
    cr_assert(strstr(out, "\nSC-GA-L02,510000,SC-NE,B,43,43,"), "%.2000s", out);
    cr_assert(strstr(out, "\nSC-GA-L01,510000,SC-NE,D,45,45,"), "%.2000s", out);
    free(out);
    free(err);
    /* a value other than 0/1 is rejected with its place */
    snprintf(text, sizeof text, "%s,deep_treatment_a\n%s,2\n", plants, row + 1);
    t_write(f, text);
    out = err = NULL;
    rc = t_run(&out, &err,
               (const char *const[]){"--db", db, "import", "plants", f, "--replace", NULL});
    cr_assert_eq(rc, 3, "%s", err);
    cr_assert(strstr(err, "invalid deep_treatment_a '2' (0 or 1)"), "%s", err);
    free(out);
    free(err);
    free(plants);
}
