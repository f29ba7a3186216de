/* The programme's pure rules: the status state machine (every pair against the table
 * in programme.h), the message naming the allowed statuses, overdue and at-risk at
 * their boundaries (due day, the integer margin rule, done and dropped tasks), and
 * the comparisons indicator evidence is judged with. */
#include "jointenv/programme.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

TestSuite(programme_rules);

Test(programme_rules, state_machine_matches_the_documented_table)
{
    /* rows from, columns to: planned in-progress at-risk done dropped */
    static const int want[5][5] = {
        {0, 1, 0, 0, 1}, /* planned */
        {0, 0, 1, 1, 1}, /* in-progress */
        {0, 1, 0, 1, 1}, /* at-risk */
        {0, 1, 0, 0, 0}, /* done: reopen only */
        {1, 0, 0, 0, 0}, /* dropped: revive only */
    };
    for (int f = 0; f < 5; f++)
        for (int t = 0; t < 5; t++)
            cr_expect_eq(je_task_transition_ok((je_task_status)f, (je_task_status)t), want[f][t],
                         "%s -> %s", je_task_status_name((je_task_status)f),
                         je_task_status_name((je_task_status)t));
    cr_expect_eq(je_task_transition_ok(JE_TASK_STATUS_COUNT, JE_TASK_DONE), 0);
    char buf[128];
    cr_expect_str_eq(je_task_transitions_from(JE_TASK_IN_PROGRESS, buf, sizeof buf),
                     "at-risk, done, dropped");
    cr_expect_str_eq(je_task_transitions_from(JE_TASK_PLANNED, buf, sizeof buf),
                     "in-progress, dropped");
    cr_expect_str_eq(je_task_transitions_from(JE_TASK_DONE, buf, sizeof buf), "in-progress");
}

Test(programme_rules, status_names_parse_both_ways)
{
    je_task_status s;
    for (int i = 0; i < JE_TASK_STATUS_COUNT; i++) {
        cr_assert_eq(je_task_status_parse(je_task_status_name((je_task_status)i), &s, NULL), JE_OK);
        cr_expect_eq((int)s, i);
    }
    cr_expect_eq(je_task_status_parse("in_progress", &s, NULL), JE_OK);
    cr_expect_eq(s, JE_TASK_IN_PROGRESS);
    je_error e;
    cr_expect_eq(je_task_status_parse("finished", &s, &e), JE_EINVAL);
    cr_expect(strstr(e.message, "planned, in-progress, at-risk, done or dropped") != NULL, "%s",
              e.message);
}

static je_task task_2022(int progress, je_task_status st, je_milestone *ms, size_t n)
{
    je_task t;
    memset(&t, 0, sizeof t);
    strcpy(t.code, "T");
    t.year = 2022;
    t.status = st;
    t.progress_pct = progress;
    t.milestones = ms;
    t.n_milestones = n;
    return t;
}

Test(programme_rules, milestone_overdue_the_day_after_its_due_day)
{
    int64_t due = je_days_from_civil(2022, 6, 30);
    je_milestone m = {1, "节点", "milestone", due, 0};
    je_task t = task_2022(100, JE_TASK_IN_PROGRESS, &m, 1);
    je_task_health h;
    je_task_assess(&t, due, 0, &h);
    cr_expect_eq(h.n_overdue, 0, "on its due day a milestone is not overdue");
    cr_expect_eq(h.flag, JE_TASK_FLAG_ON_TRACK);
    je_task_assess(&t, due + 1, 0, &h);
    cr_expect_eq(h.n_overdue, 1);
    cr_expect_eq(h.flag, JE_TASK_FLAG_OVERDUE);
    cr_expect_eq(h.at_risk, 1, "an overdue task is at risk");
    cr_expect_eq(h.oldest_overdue_day, due);
    /* done on any day: never overdue */
    m.done_day = due + 40;
    je_task_assess(&t, due + 100, 0, &h);
    cr_expect_eq(h.n_overdue, 0);
    cr_expect_eq(h.n_done, 1);
    /* a done or dropped task is never overdue, even with an open milestone */
    m.done_day = 0;
    t.status = JE_TASK_DROPPED;
    je_task_assess(&t, due + 100, 0, &h);
    cr_expect_eq(h.flag, JE_TASK_FLAG_DROPPED);
    cr_expect_eq(h.n_overdue, 0);
    cr_expect_eq(h.at_risk, 0);
}

Test(programme_rules, at_risk_boundary_is_exact)
{
    /* 2022-03-15 is day 73 of 365: exactly 20 % of the year elapsed. With margin 10 a
       task at 10 % is just within (10 < 20 - 10 is false), at 9 % it is at risk. A
       floating-point 73/365*100 would be 20.000000000000004 and misjudge 10 %. */
    int64_t d = je_days_from_civil(2022, 3, 15);
    cr_assert_eq(d - je_days_from_civil(2022, 1, 1), 73);
    je_task t = task_2022(10, JE_TASK_IN_PROGRESS, NULL, 0);
    je_task_health h;
    je_task_assess(&t, d, 10, &h);
    cr_expect_eq(h.flag, JE_TASK_FLAG_ON_TRACK, "10 %% with 20 %% elapsed, margin 10");
    cr_expect_float_eq(h.expected_pct, 20.0, 1e-9);
    t.progress_pct = 9;
    je_task_assess(&t, d, 10, &h);
    cr_expect_eq(h.flag, JE_TASK_FLAG_AT_RISK);
    cr_expect_eq(h.at_risk, 1);
    /* a wider margin takes it back */
    je_task_assess(&t, d, 11, &h);
    cr_expect_eq(h.flag, JE_TASK_FLAG_ON_TRACK);
    /* before its year nothing has elapsed; after it, all of it */
    je_task_assess(&t, je_days_from_civil(2021, 12, 1), 0, &h);
    cr_expect_float_eq(h.expected_pct, 0.0, 1e-12);
    cr_expect_eq(h.flag, JE_TASK_FLAG_ON_TRACK);
    t.progress_pct = 99;
    je_task_assess(&t, je_days_from_civil(2023, 6, 1), 0, &h);
    cr_expect_float_eq(h.expected_pct, 100.0, 1e-12);
    cr_expect_eq(h.flag, JE_TASK_FLAG_AT_RISK, "99 %% after the year's end is behind");
}

Test(programme_rules, declared_at_risk_stays_at_risk)
{
    je_task t = task_2022(100, JE_TASK_AT_RISK, NULL, 0);
    je_task_health h;
    je_task_assess(&t, je_days_from_civil(2022, 2, 1), 20, &h);
    cr_expect_eq(h.flag, JE_TASK_FLAG_AT_RISK);
    t.status = JE_TASK_DONE;
    je_task_assess(&t, je_days_from_civil(2022, 2, 1), 20, &h);
    cr_expect_eq(h.flag, JE_TASK_FLAG_DONE);
    cr_expect_eq(h.at_risk, 0);
}

Test(programme_rules, comparisons)
{
    cr_expect_eq(je_cmp_eval(JE_CMP_GE, 95.0, 95.0), 1);
    cr_expect_eq(je_cmp_eval(JE_CMP_GT, 95.0, 95.0), 0);
    cr_expect_eq(je_cmp_eval(JE_CMP_LE, 94.9, 95.0), 1);
    cr_expect_eq(je_cmp_eval(JE_CMP_LT, 95.0, 95.0), 0);
    cr_expect_eq(je_cmp_eval(JE_CMP_EQ, 120.0, 120.0), 1);
    cr_expect_eq(je_cmp_eval(JE_CMP_EQ, 119.0, 120.0), 0);
    cr_expect_eq(je_cmp_eval(JE_CMP_EQ, 0.1 + 0.2, 0.3), 1, "= tolerates binary noise");
    cr_expect_eq(je_cmp_eval(JE_CMP_GE, NAN, 1.0), -1, "no value: unknown, not 'fails'");
    je_cmp_op op;
    cr_expect_eq(je_cmp_op_parse("≥", &op, NULL), JE_OK);
    cr_expect_eq(op, JE_CMP_GE);
    cr_expect_eq(je_cmp_op_parse("=>", &op, NULL), JE_EINVAL);
    cr_expect_str_eq(je_cmp_op_name(JE_CMP_LE), "<=");
}

Test(programme_rules, categories_are_known_by_code)
{
    size_t n;
    const je_task_category *c = je_task_categories(&n);
    cr_assert_geq(n, 4);
    cr_expect_str_eq(c[0].code, "ecological-network");
    cr_expect_not_null(je_task_category_find("transboundary-pollution"));
    cr_expect_null(je_task_category_find("Transboundary pollution"));
}
