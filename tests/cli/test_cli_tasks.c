/* `jointenv import tasks|milestones|task-evidence` and `tasks list|show|update|sign|
 * report|indicators` on the illustrative 2022 demo programme: --help on every command,
 * the demo's designed story on 2022-09-30, a bad file rejected at path:line:column
 * (exit 3), usage errors (exit 2), refusals (exit 1) with their reasons, and the
 * report written as Markdown and as self-contained HTML. */
#include "support/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(cli_tasks, .fini = cleanup, .timeout = 120);

static const char *demo(const char *name)
{
    static char buf[4][1200];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/data/demo/chengyu/%s", JE_SOURCE_DIR, name);
    return buf[k];
}

static const char *db_with_programme(void)
{
    const char *db = t_path("t.db");
    static const char *const steps[][2] = {{"jurisdictions", "jurisdictions.csv"},
                                           {"tasks", "programme_2022_tasks.csv"},
                                           {"milestones", "programme_2022_milestones.csv"},
                                           {"task-evidence", "programme_2022_evidence.csv"}};
    for (int i = 0; i < 4; i++) {
        char *err = NULL;
        int rc = t_run(
            NULL, &err,
            (const char *const[]){"--db", db, "import", steps[i][0], demo(steps[i][1]), NULL});
        cr_assert_eq(rc, 0, "import %s: %s", steps[i][0], err);
        free(err);
    }
    return db;
}

Test(cli_tasks, help_everywhere)
{
    static const char *const cmds[][2] = {
        {"tasks", "list"},   {"tasks", "show"},        {"tasks", "update"},
        {"tasks", "sign"},   {"tasks", "report"},      {"tasks", "indicators"},
        {"import", "tasks"}, {"import", "milestones"}, {"import", "task-evidence"}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char *out = NULL;
        int rc = t_run(&out, NULL, (const char *const[]){cmds[i][0], cmds[i][1], "--help", NULL});
        cr_expect_eq(rc, 0, "%s %s --help", cmds[i][0], cmds[i][1]);
        cr_expect(out && strstr(out, "Usage: jointenv"), "%s %s: %s", cmds[i][0], cmds[i][1], out);
        free(out);
    }
}

Test(cli_tasks, demo_story_on_2022_09_30)
{
    const char *db = db_with_programme();
    char *out = NULL;
    int rc = t_run(&out, NULL,
                   (const char *const[]){"--db", db, "tasks", "list", "--year", "2022", "--as-of",
                                         "2022-09-30", "--flag", "overdue", NULL});
    cr_assert_eq(rc, 0);
    /* CY22-04 (restoration, due 2022-08-31) is overdue; CY22-09 (on track) is not */
    cr_expect(strstr(out, "\nCY22-04,") != NULL, "%s", out);
    cr_expect(strstr(out, "CY22-09") == NULL, "%s", out);
    free(out);
    rc = t_run(&out, NULL,
               (const char *const[]){"--db", db, "--format", "json", "tasks", "show", "CY22-09",
                                     "--as-of", "2022-09-30", NULL});
    cr_assert_eq(rc, 0);
    cr_expect(strstr(out, "\"indicator\": \"water-boundary-met-pct\"") != NULL, "%s", out);
    cr_expect(strstr(out, "\"value\": null") != NULL,
              "no water samples in this database: no value, not 0: %s", out);
    free(out);
}

Test(cli_tasks, errors_and_refusals)
{
    const char *db = db_with_programme();
    char *err = NULL;
    const char *bad = t_path("bad.csv");
    t_write(bad, "task,seq,title_zh,title_en,due_on,done_on\nCY22-01,9,一,one,2022-13-01,\n");
    int rc =
        t_run(NULL, &err, (const char *const[]){"--db", db, "import", "milestones", bad, NULL});
    cr_expect_eq(rc, 3);
    char want[600];
    snprintf(want, sizeof want, "%s:2:17: invalid due_on '2022-13-01'", bad);
    cr_expect(err && strstr(err, want), "%s", err);
    free(err);
    rc = t_run(
        NULL, &err,
        (const char *const[]){"--db", db, "tasks", "update", "CY22-06", "--status", "done", NULL});
    cr_expect_eq(rc, 1);
    cr_expect(err && strstr(err, "it can move to in-progress, dropped, not to done"), "%s", err);
    free(err);
    rc = t_run(
        NULL, &err,
        (const char *const[]){"--db", db, "tasks", "update", "CY22-06", "--progress", "140", NULL});
    cr_expect_eq(rc, 2);
    free(err);
    rc = t_run(NULL, &err, (const char *const[]){"--db", db, "tasks", "sign", "CY22-06", NULL});
    cr_expect_eq(rc, 2);
    cr_expect(err && strstr(err, "--as J"), "%s", err);
    free(err);
    rc = t_run(NULL, &err, (const char *const[]){"--db", db, "tasks", "show", "CY99-01", NULL});
    cr_expect_eq(rc, 1);
    cr_expect(err && strstr(err, "no task CY99-01"), "%s", err);
    free(err);
    /* the local administrator moves a task on and adds evidence */
    char *out = NULL;
    rc = t_run(&out, &err,
               (const char *const[]){"--db", db, "tasks", "update", "CY22-06", "--status",
                                     "in-progress", "--progress", "10", "--evidence-indicator",
                                     "water-boundary-met-pct", "--op", ">=", "--target", "90",
                                     NULL});
    cr_expect_eq(rc, 0, "%s", err);
    free(out);
    free(err);
    rc = t_run(&out, NULL,
               (const char *const[]){"--db", db, "tasks", "list", "--status", "in-progress", NULL});
    cr_expect(strstr(out, "CY22-06,2022") != NULL, "%s", out);
    free(out);
}

Test(cli_tasks, report_markdown_and_html)
{
    const char *db = db_with_programme();
    const char *md = t_path("r.md"), *html = t_path("r.html");
    char *err = NULL;
    int rc = t_run(NULL, &err,
                   (const char *const[]){"--db", db, "tasks", "report", "--year", "2022", "--as-of",
                                         "2022-09-30", "--out", md, NULL});
    cr_assert_eq(rc, 0, "%s", err);
    free(err);
    char *text = t_read(md);
    cr_assert_not_null(text);
    cr_expect(strncmp(text, "# Joint programme 2022: progress report", 39) == 0);
    cr_expect(strstr(text, "32 tasks") != NULL);
    free(text);
    rc = t_run(NULL, &err,
               (const char *const[]){"--db", db, "tasks", "report", "--year", "2022", "--as-of",
                                     "2022-09-30", "--lang", "zh", "--out", html, NULL});
    cr_assert_eq(rc, 0, "%s", err);
    free(err);
    text = t_read(html);
    cr_assert_not_null(text);
    cr_expect(strstr(text, "<!DOCTYPE html>") == text);
    cr_expect(strstr(text, "生态网络") != NULL);
    free(text);
    rc = t_run(NULL, &err, (const char *const[]){"--db", db, "tasks", "report", NULL});
    cr_expect_eq(rc, 2, "--year is required");
    free(err);
}
