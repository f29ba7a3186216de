/* Rectification cases (pure): the whole transition matrix against the table of
 * inspect.h written out again here, names, and overdue escalation at the edges of its
 * levels. */
#include "jointenv/inspect.h"

#include <criterion/criterion.h>
#include <string.h>

Test(case_rules, every_transition_matches_the_documented_table)
{
    static const struct {
        je_case_state from, to;
        je_case_actor who;
    } legal[] = {
        {JE_CASE_OPEN, JE_CASE_RECTIFYING, JE_CASE_ACTOR_RESPONSIBLE},
        {JE_CASE_RECTIFYING, JE_CASE_SUBMITTED, JE_CASE_ACTOR_RESPONSIBLE},
        {JE_CASE_REOPENED, JE_CASE_SUBMITTED, JE_CASE_ACTOR_RESPONSIBLE},
        {JE_CASE_SUBMITTED, JE_CASE_VERIFIED, JE_CASE_ACTOR_FINDER},
        {JE_CASE_SUBMITTED, JE_CASE_REOPENED, JE_CASE_ACTOR_FINDER},
        {JE_CASE_VERIFIED, JE_CASE_CLOSED, JE_CASE_ACTOR_FINDER},
        {JE_CASE_VERIFIED, JE_CASE_REOPENED, JE_CASE_ACTOR_FINDER},
        {JE_CASE_CLOSED, JE_CASE_REOPENED, JE_CASE_ACTOR_FINDER},
    };
    int n_legal = 0;
    for (int f = 0; f < JE_CASE_STATE_COUNT; f++)
        for (int t = 0; t < JE_CASE_STATE_COUNT; t++) {
            je_case_actor want = JE_CASE_ACTOR_NONE;
            for (size_t k = 0; k < sizeof legal / sizeof legal[0]; k++)
                if (legal[k].from == (je_case_state)f && legal[k].to == (je_case_state)t)
                    want = legal[k].who;
            je_case_actor got = je_case_transition((je_case_state)f, (je_case_state)t);
            cr_expect_eq(got, want, "%s -> %s: %d, expected %d", je_case_state_name(f),
                         je_case_state_name(t), got, want);
            n_legal += got != JE_CASE_ACTOR_NONE;
        }
    cr_expect_eq(n_legal, 8);
    /* nothing skips a step: open never jumps to submitted, verified or closed */
    cr_expect_eq(je_case_transition(JE_CASE_OPEN, JE_CASE_CLOSED), JE_CASE_ACTOR_NONE);
    cr_expect_eq(je_case_transition(JE_CASE_RECTIFYING, JE_CASE_VERIFIED), JE_CASE_ACTOR_NONE);
    cr_expect_eq(je_case_transition(JE_CASE_OPEN, JE_CASE_STATE_COUNT), JE_CASE_ACTOR_NONE);
}

Test(case_rules, names_round_trip)
{
    for (int s = 0; s < JE_CASE_STATE_COUNT; s++) {
        je_case_state back;
        cr_expect_eq(je_case_state_parse(je_case_state_name((je_case_state)s), &back, NULL), JE_OK);
        cr_expect_eq(back, s);
    }
    je_case_state x;
    je_error e;
    cr_expect_eq(je_case_state_parse("done", &x, &e), JE_EINVAL);
    cr_expect(strstr(e.message, "reopened") != NULL, "%s", e.message);
    for (int t = 0; t < JE_OUTFALL_TYPE_COUNT; t++) {
        je_outfall_type back;
        cr_expect_eq(je_outfall_type_parse(je_outfall_type_name((je_outfall_type)t), &back, NULL),
                     JE_OK);
        cr_expect_eq(back, t);
    }
}

Test(case_rules, escalation_levels_at_their_edges)
{
    static const struct {
        int64_t as_of;
        int level;
        int64_t days;
    } cases[] = {{1000, 0, 0},  {1001, 1, 1},  {1030, 1, 30}, {1031, 2, 31},
                 {1090, 2, 90}, {1091, 3, 91}, {999, 0, 0},   {5000, 3, 4000}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t d = -1;
        int lv = je_case_escalation(JE_CASE_RECTIFYING, 1000, cases[i].as_of, &d);
        cr_expect_eq(lv, cases[i].level, "as of deadline+%lld: level %d, expected %d",
                     (long long)(cases[i].as_of - 1000), lv, cases[i].level);
        cr_expect_eq(d, cases[i].days);
    }
    int64_t d;
    cr_expect_eq(je_case_escalation(JE_CASE_VERIFIED, 1000, 2000, &d), 0, "verified: done");
    cr_expect_eq(je_case_escalation(JE_CASE_CLOSED, 1000, 2000, &d), 0);
    cr_expect_eq(d, 0);
    cr_expect_eq(je_case_escalation(JE_CASE_SUBMITTED, 1000, 1040, &d), 2,
                 "submitted but not verified is still owed");
    cr_expect_eq(je_case_escalation(JE_CASE_REOPENED, 1000, 1001, &d), 1);
}
