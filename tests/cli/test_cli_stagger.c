/* `jointenv stagger plan|check|export` on the Sichuan–Chongqing demo (120 synthetic
 * clinker lines, receptors, winter meteorology, clinker demand): a plan the checker
 * accepts, a corrupted schedule it rejects naming the rule and line, a re-plan that
 * keeps the stops already taken, and a plant's iCalendar. */
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

TestSuite(cli_stagger, .fini = cleanup, .timeout = 300);

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

/* Plan the first quarter of 2023 with the heuristic into `out`. */
static void plan(const char *db, const char *out, const char *replan, const char *today)
{
    const char *args[40];
    int n = 0;
    const char *fixed[] = {"--db",     db,
                           "--format", "csv",
                           "stagger",  "plan",
                           "--from",   "2023-01-01",
                           "--to",     "2023-03-31",
                           "--solver", "heuristic",
                           "--met",    demo_file("met_2022-winter.csv"),
                           "--demand", demo_file("clinker_demand.csv"),
                           "--out",    out};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        args[n++] = fixed[i];
    if (replan) {
        args[n++] = "--replan";
        args[n++] = replan;
        args[n++] = "--today";
        args[n++] = today;
    }
    args[n] = NULL;
    char *outp = NULL, *err = NULL;
    int rc = t_run(&outp, &err, args);
    cr_assert_eq(rc, 0, "stagger plan: exit %d: %s", rc, err);
    /* the summary table: the plan avoids more exposure than the uniform rotation;
       the emissions its stops avoid (t of PM, SO2, NOx) add up over the
       jurisdictions, and equal the uniform rotation's, which stops every line the
       same number of days (no alert cuts here; not in a re-plan) */
    double plan_pct = -1, uni_pct = -1, t_all[2][3] = {{0}}, t_jur[2][3] = {{0}};
    for (char *line = strtok(outp, "\n"); line; line = strtok(NULL, "\n")) {
        char kind[16], jur[16];
        double pct, t[3];
        if (sscanf(line, "%15[^,],%15[^,],%*[^,],%*[^,],%*[^,],%lf,%lf,%lf,%lf", kind, jur, &pct,
                   &t[0], &t[1], &t[2]) != 6)
            continue;
        int k = strcmp(kind, "plan") == 0 ? 0 : strcmp(kind, "uniform") == 0 ? 1 : -1;
        if (k < 0)
            continue;
        for (int q = 0; q < 3; q++)
            *(strcmp(jur, "all") == 0 ? &t_all[k][q] : &t_jur[k][q]) += t[q];
        if (strcmp(jur, "all") == 0)
            *(k == 0 ? &plan_pct : &uni_pct) = pct;
    }
    cr_assert(plan_pct > uni_pct && uni_pct > 0, "plan avoids %.1f %%, uniform %.1f %%", plan_pct,
              uni_pct);
    for (int q = 0; q < 3; q++) {
        cr_assert(t_all[0][q] > 0, "pollutant %d: no emission avoided", q);
        cr_assert(fabs(t_all[0][q] - t_jur[0][q]) <= 0.1 + 1e-9, "pollutant %d: %.1f vs %.1f", q,
                  t_all[0][q], t_jur[0][q]);
        if (!replan) /* a re-plan keeps the old plan's past; the baselines do not */
            cr_assert(fabs(t_all[0][q] - t_all[1][q]) <= 0.05,
                      "pollutant %d: plan %.1f, uniform %.1f", q, t_all[0][q], t_all[1][q]);
    }
    free(outp);
    free(err);
}

static int check(const char *db, const char *schedule, char **out)
{
    char *err = NULL;
    int rc = t_run(out, &err,
                   (const char *const[]){"--db", db, "stagger", "check", schedule, "--from",
                                         "2023-01-01", "--to", "2023-03-31", "--demand",
                                         demo_file("clinker_demand.csv"), NULL});
    free(err);
    return rc;
}

Test(cli_stagger, plan_check_corrupt_replan_export)
{
    const char *db = demo_db();
    char sched[512];
    snprintf(sched, sizeof sched, "%s", t_path("plan.csv"));
    plan(db, sched, NULL, NULL);

    /* the checker accepts the plan */
    char *out = NULL;
    cr_assert_eq(check(db, sched, &out), 0, "%s", out);
    cr_assert(strstr(out, "feasible") != NULL, "%s", out);
    free(out);

    /* drop every stop of one line: its quarter quota (45 days, grade B) is missed */
    char *text = t_read(sched);
    cr_assert_not_null(text);
    char line[64] = "";
    sscanf(strchr(text, '\n') + 1, "%63[^,]", line);
    size_t len = strlen(text);
    char *bad = malloc(len + 1), *o = bad;
    for (char *p = text; *p;) {
        char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) + 1 : strlen(p);
        if (!(strncmp(p, line, strlen(line)) == 0 && p[strlen(line)] == ','))
            memcpy(o, p, n), o += n;
        p += n;
    }
    *o = '\0';
    const char *badf = t_path("bad.csv");
    t_write(badf, bad);
    out = NULL;
    cr_assert_eq(check(db, badf, &out), 3, "%s", out);
    cr_assert(strstr(out, "quarter") != NULL && strstr(out, line) != NULL,
              "no quarter violation of %s in: %s", line, out);
    free(out);
    free(bad);

    /* re-plan from 2023-02-01: January's stops are kept exactly */
    char replanned[512];
    snprintf(replanned, sizeof replanned, "%s", t_path("replan.csv"));
    plan(db, replanned, sched, "2023-02-01");
    char *after = t_read(replanned);
    cr_assert_not_null(after);
    size_t jan_before = 0, jan_after = 0;
    for (char *p = strstr(text, "2023-01-"); p; p = strstr(p + 1, "2023-01-"))
        jan_before++;
    for (char *p = strstr(after, "2023-01-"); p; p = strstr(p + 1, "2023-01-"))
        jan_after++;
    cr_assert_eq(jan_after, jan_before, "January stop-days %zu, were %zu", jan_after, jan_before);
    out = NULL;
    cr_assert_eq(check(db, replanned, &out), 0, "%s", out);
    free(out);
    free(after);

    /* the line's calendar: one all-day event per stop period, DTEND exclusive */
    out = NULL;
    char *err = NULL;
    int rc = t_run(&out, &err,
                   (const char *const[]){"stagger", "export", "--schedule", sched, "--plant", line,
                                         "--ics", NULL});
    cr_assert_eq(rc, 0, "%s", err);
    cr_assert(strncmp(out, "BEGIN:VCALENDAR\r\n", 17) == 0, "%.80s", out);
    cr_assert(strstr(out, "DTSTART;VALUE=DATE:2023") != NULL, "%.400s", out);
    cr_assert(strstr(out, "END:VCALENDAR\r\n") != NULL);
    free(out);
    free(err);
    free(text);
}

Test(cli_stagger, usage_and_input_errors)
{
    char *out = NULL, *err = NULL;
    /* no horizon */
    cr_assert_eq(t_run(&out, &err, (const char *const[]){"stagger", "plan", NULL}), 2, "%s", err);
    free(out);
    free(err);
    /* --replan without --today */
    out = err = NULL;
    cr_assert_eq(t_run(&out, &err,
                       (const char *const[]){"stagger", "plan", "--from", "2023-01-01", "--to",
                                             "2023-01-31", "--replan", "x.csv", NULL}),
                 2, "%s", err);
    free(out);
    free(err);
    /* a schedule naming a line that is not stored */
    const char *db = t_path("empty.db");
    const char *f = t_path("s.csv");
    t_write(f, "line,date\nNO-SUCH,2023-01-02\n");
    out = err = NULL;
    int rc = t_run(&out, &err,
                   (const char *const[]){"--db", db, "stagger", "check", f, "--from", "2023-01-01",
                                         "--to", "2023-01-31", NULL});
    cr_assert_neq(rc, 0, "an empty store has no lines");
    free(out);
    free(err);
}

/* The MILP from the command line: --gap and --write-lp. A month of the demo with a
 * 0.5 % target and a 15 s limit: the plan is reported with its proven gap (optimal
 * or not, the gap is shown), and the model file is a CPLEX LP file with the
 * objective and a binary section. --gap outside (0, 100) is a usage error. */
Test(cli_stagger, mip_gap_and_model_file)
{
    const char *db = demo_db();
    const char *lp = t_path("model.lp");
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err,
                   (const char *const[]){"--db", db, "--format", "table", "stagger", "plan",
                                         "--from", "2023-01-01", "--to", "2023-01-31",
                                         "--solver", "mip", "--gap", "0.5",
                                         "--time-limit", "15", "--write-lp", lp, "--met",
                                         demo_file("met_2022-winter.csv"), "--demand",
                                         demo_file("clinker_demand.csv"), NULL});
    cr_assert_eq(rc, 0, "exit %d: %s", rc, err);
    cr_assert(strstr(out, "MILP (CBC)") != NULL, "%s", out);
    cr_assert(strstr(out, "proven gap") != NULL, "%s", out);
    free(out);
    free(err);
    char *text = t_read(lp);
    cr_assert_not_null(text, "no model written to %s", lp);
    cr_assert(strncmp(text, "Minimize", 8) == 0, "%.40s", text);
    cr_assert(strstr(text, "Subject To") != NULL);
    cr_assert(strstr(text, "Binar") != NULL || strstr(text, "General") != NULL);
    free(text);
    static const char *bad[] = {"0", "100", "-1", "x"};
    for (size_t i = 0; i < 4; i++) {
        out = err = NULL;
        rc = t_run(&out, &err,
                   (const char *const[]){"stagger", "plan", "--from", "2023-01-01", "--to",
                                         "2023-01-31", "--gap", bad[i], NULL});
        cr_assert_eq(rc, 2, "--gap %s: exit %d", bad[i], rc);
        cr_assert(strstr(err, "--gap") != NULL, "%s", err);
        free(out);
        free(err);
    }
}
