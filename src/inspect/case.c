/*
 * case.c — rectification cases: the state table, who may make each move, and overdue
 * escalation. The table is the whole rule (include/jointenv/inspect.h lists it); it is
 * this project's decision for the joint programme, not taken from a published text.
 */
#include "jointenv/inspect.h"

#include <string.h>

static const char *const state_names[JE_CASE_STATE_COUNT] = {"open",     "rectifying", "submitted",
                                                             "verified", "closed",     "reopened"};

#define R JE_CASE_ACTOR_RESPONSIBLE
#define F JE_CASE_ACTOR_FINDER
/* moves[from][to]: who may make the move (0 = nobody). */
static const je_case_actor moves[JE_CASE_STATE_COUNT][JE_CASE_STATE_COUNT] = {
    [JE_CASE_OPEN] = {[JE_CASE_RECTIFYING] = R},
    [JE_CASE_RECTIFYING] = {[JE_CASE_SUBMITTED] = R},
    [JE_CASE_REOPENED] = {[JE_CASE_SUBMITTED] = R},
    [JE_CASE_SUBMITTED] = {[JE_CASE_VERIFIED] = F, [JE_CASE_REOPENED] = F},
    [JE_CASE_VERIFIED] = {[JE_CASE_CLOSED] = F, [JE_CASE_REOPENED] = F},
    [JE_CASE_CLOSED] = {[JE_CASE_REOPENED] = F},
};
#undef R
#undef F

/* Escalation levels by days overdue: local policy of the joint programme (illustrative
 * thresholds, docs/inspect.md). Level i applies from min_days[i]. */
static const int64_t min_days[] = {1, 31, 91};

const char *je_case_state_name(je_case_state s)
{
    return (unsigned)s < JE_CASE_STATE_COUNT ? state_names[s] : "?";
}

je_status je_case_state_parse(const char *name, je_case_state *out, je_error *err)
{
    for (int s = 0; s < JE_CASE_STATE_COUNT; s++)
        if (name && strcmp(name, state_names[s]) == 0) {
            *out = (je_case_state)s;
            return JE_OK;
        }
    return je_error_set(err, JE_EINVAL,
                        "unknown case state '%s' (open, rectifying, submitted, verified, "
                        "closed or reopened)",
                        name ? name : "");
}

je_case_actor je_case_transition(je_case_state from, je_case_state to)
{
    if ((unsigned)from >= JE_CASE_STATE_COUNT || (unsigned)to >= JE_CASE_STATE_COUNT)
        return JE_CASE_ACTOR_NONE;
    return moves[from][to];
}

int je_case_escalation(je_case_state s, int64_t deadline_day, int64_t as_of,
                       int64_t *out_days_overdue)
{
    int64_t days = as_of - deadline_day;
    if (s == JE_CASE_VERIFIED || s == JE_CASE_CLOSED || days < 1)
        days = 0;
    if (out_days_overdue)
        *out_days_overdue = days;
    int level = 0;
    for (size_t i = 0; i < sizeof min_days / sizeof min_days[0]; i++)
        if (days >= min_days[i])
            level = (int)i + 1;
    return level;
}
