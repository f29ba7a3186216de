/* The progress report: grouped by category in the documented order, overdue tasks
 * first (oldest overdue milestone first), then at risk, on track, done, dropped;
 * evidence with its live value and verdict; HTML escaped and self-contained;
 * Markdown table cells safe; Chinese and English. */
#include "jointenv/programme.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(programme_report);

static je_milestone ms[4];
static je_evidence ev[1];

static void make(je_task *t, const char *code, const char *cat, int pct, je_task_status st)
{
    memset(t, 0, sizeof *t);
    snprintf(t->code, sizeof t->code, "%s", code);
    snprintf(t->category, sizeof t->category, "%s", cat);
    snprintf(t->title_en, sizeof t->title_en, "Title %s", code);
    snprintf(t->title_zh, sizeof t->title_zh, "任务%s", code);
    strcpy(t->lead, "510000");
    strcpy(t->co_lead, "500000");
    t->year = 2022;
    t->progress_pct = pct;
    t->status = st;
}

/* Seven tasks in two categories, given in an order the report must not keep. */
static size_t programme(je_task *t)
{
    int64_t jun = je_days_from_civil(2022, 6, 30), may = je_days_from_civil(2022, 5, 31);
    make(&t[0], "T1", "transboundary-pollution", 80, JE_TASK_IN_PROGRESS); /* on track */
    make(&t[1], "T2", "transboundary-pollution", 100, JE_TASK_DONE);
    make(&t[2], "T3", "transboundary-pollution", 60, JE_TASK_IN_PROGRESS); /* overdue (Jun) */
    ms[0] = (je_milestone){1, "节点", "Plan <draft>", jun, 0};
    t[2].milestones = &ms[0];
    t[2].n_milestones = 1;
    make(&t[3], "T4", "transboundary-pollution", 10, JE_TASK_IN_PROGRESS); /* behind: at risk */
    make(&t[4], "T5", "transboundary-pollution", 60, JE_TASK_IN_PROGRESS); /* overdue (May) */
    ms[1] = (je_milestone){1, "节点", "Survey", may, 0};
    t[4].milestones = &ms[1];
    t[4].n_milestones = 1;
    make(&t[5], "E1", "ecological-network", 70, JE_TASK_IN_PROGRESS);
    snprintf(t[5].title_en, sizeof t[5].title_en, "<script>alert(1)</script> & a|b");
    ev[0] = (je_evidence){.seq = 1,
                          .kind = JE_EVIDENCE_INDICATOR,
                          .indicator = "water-boundary-met-pct",
                          .op = JE_CMP_GE,
                          .target = 95,
                          .value = 95.5,
                          .meets = 1,
                          .note = "21 of 22 boundary sections"};
    t[5].evidence = ev;
    t[5].n_evidence = 1;
    make(&t[6], "E2", "ecological-network", 0, JE_TASK_DROPPED);
    return 7;
}

static char *render(je_report_format f, int zh)
{
    je_task t[7];
    size_t n = programme(t);
    je_task_report_opts o = {f, zh, 2022, je_days_from_civil(2022, 9, 30), 20};
    char *out = NULL;
    size_t len = 0;
    je_error e;
    cr_assert_eq(je_task_report(t, n, &o, &out, &len, &e), JE_OK, "%s", e.message);
    cr_assert_eq(strlen(out), len);
    return out;
}

/* Position of s in text; the test fails when it is missing. */
static size_t at(const char *text, const char *s)
{
    const char *p = strstr(text, s);
    cr_assert_not_null(p, "'%s' missing from the report", s);
    return (size_t)(p - text);
}

Test(programme_report, grouped_by_category_overdue_first)
{
    char *md = render(JE_REPORT_MARKDOWN, 0);
    size_t eco = at(md, "## Ecological network (2)"), tp = at(md, "## Transboundary pollution (5)");
    cr_expect_lt(eco, tp, "categories in the order of je_task_categories");
    /* in Transboundary pollution: T5 (overdue since May), T3 (June), T4 (at risk), T1, T2 */
    size_t p5 = at(md, "| T5 |"), p3 = at(md, "| T3 |"), p4 = at(md, "| T4 |"),
           p1 = at(md, "| T1 |"), p2 = at(md, "| T2 |");
    cr_expect(tp < p5 && p5 < p3 && p3 < p4 && p4 < p1 && p1 < p2,
              "order T5 %zu T3 %zu T4 %zu T1 %zu T2 %zu", p5, p3, p4, p1, p2);
    cr_expect_lt(at(md, "| E1 |"), at(md, "| E2 |"), "dropped last");
    cr_expect(strstr(md, "| overdue (1) |") != NULL);
    cr_expect(strstr(md, "7 tasks: 2 overdue, 1 at-risk, 2 on-track, 1 done, 1 dropped") != NULL,
              "summary line:\n%s", md);
    /* the overdue milestone with its age, and the live evidence with its verdict */
    cr_expect(strstr(md, "overdue milestone M1 Survey (2022-05-31, 122 d)") != NULL, "%s", md);
    cr_expect(strstr(md, "Boundary sections meeting their target: 95.5 % (target >= 95) — meets") !=
                  NULL,
              "%s", md);
    /* a | in a title must not split the table cell */
    cr_expect(strstr(md, "a\\|b") != NULL);
    free(md);
}

Test(programme_report, html_is_escaped_and_self_contained)
{
    char *h = render(JE_REPORT_HTML, 0);
    cr_expect(strncmp(h, "<!DOCTYPE html>", 15) == 0);
    cr_expect(strstr(h, "<script>") == NULL, "markup from the data must be escaped");
    cr_expect(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; a|b") != NULL);
    cr_expect(strstr(h, "Plan &lt;draft&gt;") != NULL);
    cr_expect(strstr(h, "<style>") != NULL && strstr(h, "<link") == NULL &&
                  strstr(h, "src=") == NULL,
              "no external resources");
    cr_expect(strstr(h, "<tr class=\"overdue\">") != NULL);
    cr_expect(strstr(h, "class=\"meets\"") != NULL);
    cr_expect(strstr(h, "</html>\n") != NULL);
    free(h);
}

Test(programme_report, chinese)
{
    char *z = render(JE_REPORT_HTML, 1);
    cr_expect(strstr(z, "<html lang=\"zh-CN\">") != NULL);
    cr_expect(strstr(z, "2022 年川渝联合工作任务进展报告") != NULL);
    cr_expect_lt(at(z, "生态网络"), at(z, "跨界污染协同治理"));
    cr_expect(strstr(z, "逾期") != NULL && strstr(z, "任务T5") != NULL);
    cr_expect(strstr(z, "跨界断面水质达标率") != NULL);
    free(z);
}
