/*
 * task.c — the joint programme's pure rules: task status and its state machine,
 * categories, comparisons of indicator values with targets, and overdue / at-risk
 * detection (the rules are stated in include/jointenv/programme.h).
 */
#include "jointenv/programme.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[JE_TASK_STATUS_COUNT] = {"planned", "in-progress", "at-risk",
                                                               "done", "dropped"};
static const char *const status_zh[JE_TASK_STATUS_COUNT] = {"计划", "进行中", "有风险", "已完成",
                                                            "已取消"};

const char *je_task_status_name(je_task_status s)
{
    return (unsigned)s < JE_TASK_STATUS_COUNT ? status_names[s] : "?";
}

const char *je_task_status_zh(je_task_status s)
{
    return (unsigned)s < JE_TASK_STATUS_COUNT ? status_zh[s] : "?";
}

je_status je_task_status_parse(const char *s, je_task_status *out, je_error *err)
{
    char norm[24];
    size_t n = 0;
    for (; s && s[n] && n + 1 < sizeof norm; n++)
        norm[n] = s[n] == '_' || s[n] == ' ' ? '-' : s[n];
    norm[n] = '\0';
    for (int i = 0; i < JE_TASK_STATUS_COUNT; i++)
        if (strcmp(norm, status_names[i]) == 0) {
            *out = (je_task_status)i;
            return JE_OK;
        }
    return je_error_set(err, JE_EINVAL,
                        "unknown status '%s' (planned, in-progress, at-risk, done or dropped)",
                        s ? s : "");
}

/* The state machine (programme.h): allowed[from] is a bit set of the statuses `from`
 * may move to. Reopening (done -> in-progress) and reviving (dropped -> planned) are
 * allowed here; who may do them is the store's rule. */
#define BIT(s) (1u << (s))
static const unsigned allowed[JE_TASK_STATUS_COUNT] = {
    [JE_TASK_PLANNED] = BIT(JE_TASK_IN_PROGRESS) | BIT(JE_TASK_DROPPED),
    [JE_TASK_IN_PROGRESS] = BIT(JE_TASK_AT_RISK) | BIT(JE_TASK_DONE) | BIT(JE_TASK_DROPPED),
    [JE_TASK_AT_RISK] = BIT(JE_TASK_IN_PROGRESS) | BIT(JE_TASK_DONE) | BIT(JE_TASK_DROPPED),
    [JE_TASK_DONE] = BIT(JE_TASK_IN_PROGRESS),
    [JE_TASK_DROPPED] = BIT(JE_TASK_PLANNED),
};

int je_task_transition_ok(je_task_status from, je_task_status to)
{
    if ((unsigned)from >= JE_TASK_STATUS_COUNT || (unsigned)to >= JE_TASK_STATUS_COUNT)
        return 0;
    return (allowed[from] & BIT(to)) != 0;
}

char *je_task_transitions_from(je_task_status from, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    buf[0] = '\0';
    for (int i = 0; i < JE_TASK_STATUS_COUNT; i++)
        if (je_task_transition_ok(from, (je_task_status)i)) {
            size_t len = strlen(buf);
            snprintf(buf + len, size - len, "%s%s", len ? ", " : "", status_names[i]);
        }
    return buf;
}

/* The areas of the Sichuan-Chongqing cooperation on ecology and environment (the 2022
 * joint work points group their tasks this way; the wording is ours). */
static const je_task_category categories[] = {
    {"ecological-network", "生态网络", "Ecological network"},
    {"transboundary-pollution", "跨界污染协同治理", "Transboundary pollution"},
    {"green-transformation", "绿色低碳转型", "Green transformation"},
    {"ecological-shield", "生态屏障", "Ecological shield"},
    {"joint-mechanisms", "协同机制", "Joint mechanisms"},
};

const je_task_category *je_task_categories(size_t *out_n)
{
    *out_n = sizeof categories / sizeof categories[0];
    return categories;
}

const je_task_category *je_task_category_find(const char *code)
{
    for (size_t i = 0; code && i < sizeof categories / sizeof categories[0]; i++)
        if (strcmp(categories[i].code, code) == 0)
            return &categories[i];
    return NULL;
}

static const char *const op_names[] = {">=", ">", "<=", "<", "="};

const char *je_cmp_op_name(je_cmp_op op)
{
    return (unsigned)op < 5 ? op_names[op] : "?";
}

je_status je_cmp_op_parse(const char *s, je_cmp_op *out, je_error *err)
{
    static const struct {
        const char *text;
        je_cmp_op op;
    } ops[] = {{">=", JE_CMP_GE}, {"≥", JE_CMP_GE}, {">", JE_CMP_GT}, {"<=", JE_CMP_LE},
               {"≤", JE_CMP_LE},  {"<", JE_CMP_LT}, {"=", JE_CMP_EQ}, {"==", JE_CMP_EQ}};
    for (size_t i = 0; s && i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp(s, ops[i].text) == 0) {
            *out = ops[i].op;
            return JE_OK;
        }
    return je_error_set(err, JE_EINVAL, "unknown comparison '%s' (>=, >, <=, < or =)", s ? s : "");
}

int je_cmp_eval(je_cmp_op op, double value, double target)
{
    if (isnan(value) || isnan(target))
        return -1;
    switch (op) {
    case JE_CMP_GE:
        return value >= target;
    case JE_CMP_GT:
        return value > target;
    case JE_CMP_LE:
        return value <= target;
    case JE_CMP_LT:
        return value < target;
    case JE_CMP_EQ:
        return fabs(value - target) <= 1e-9 * fmax(1.0, fabs(target));
    }
    return -1;
}

const char *je_evidence_kind_name(je_evidence_kind k)
{
    static const char *const names[] = {"text", "file", "indicator"};
    return (unsigned)k < 3 ? names[k] : "?";
}

void je_tasks_free(je_task *tasks, size_t n)
{
    for (size_t i = 0; tasks && i < n; i++) {
        free(tasks[i].milestones);
        free(tasks[i].evidence);
        free(tasks[i].signoffs);
    }
    free(tasks);
}

int je_task_signed(const je_task *t, const char *jurisdiction, char *user)
{
    for (size_t i = 0; i < t->n_signoffs; i++) {
        const je_signoff *s = &t->signoffs[i];
        if (s->revoked_at == 0 && strcmp(s->jurisdiction, jurisdiction) == 0) {
            if (user)
                snprintf(user, 64, "%s", s->user);
            return 1;
        }
    }
    return 0;
}

static const char *const flag_names[] = {"done", "dropped", "overdue", "at-risk", "on-track"};
static const char *const flag_zh[] = {"已完成", "已取消", "逾期", "有风险", "正常"};

const char *je_task_flag_name(je_task_flag f)
{
    return (unsigned)f < 5 ? flag_names[f] : "?";
}

const char *je_task_flag_zh(je_task_flag f)
{
    return (unsigned)f < 5 ? flag_zh[f] : "?";
}

int je_milestone_overdue(const je_milestone *m, int64_t as_of_day)
{
    return m->done_day == 0 && m->due_day < as_of_day;
}

void je_task_assess(const je_task *t, int64_t as_of_day, int margin_pct, je_task_health *out)
{
    memset(out, 0, sizeof *out);
    int open = t->status != JE_TASK_DONE && t->status != JE_TASK_DROPPED;
    for (size_t i = 0; i < t->n_milestones; i++) {
        const je_milestone *m = &t->milestones[i];
        if (m->done_day != 0) {
            out->n_done++;
            continue;
        }
        if (out->next_due_day == 0 || m->due_day < out->next_due_day)
            out->next_due_day = m->due_day;
        if (open && je_milestone_overdue(m, as_of_day)) {
            out->n_overdue++;
            if (out->oldest_overdue_day == 0 || m->due_day < out->oldest_overdue_day)
                out->oldest_overdue_day = m->due_day;
        }
    }
    /* elapsed share of the task's year, in whole days (exact comparison below) */
    int64_t jan1 = je_days_from_civil(t->year, 1, 1);
    int64_t days = je_days_from_civil(t->year + 1, 1, 1) - jan1;
    int64_t elapsed = as_of_day - jan1;
    if (elapsed < 0)
        elapsed = 0;
    if (elapsed > days)
        elapsed = days;
    out->expected_pct = 100.0 * (double)elapsed / (double)days;
    /* progress < 100 × elapsed / days − margin  ⇔  (progress + margin) × days < 100 × elapsed */
    int behind = ((int64_t)t->progress_pct + margin_pct) * days < 100 * elapsed;
    /* a task its leads declared at risk stays at risk until they say otherwise */
    behind = behind || t->status == JE_TASK_AT_RISK;
    out->at_risk = open && (out->n_overdue > 0 || behind);
    if (t->status == JE_TASK_DONE)
        out->flag = JE_TASK_FLAG_DONE;
    else if (t->status == JE_TASK_DROPPED)
        out->flag = JE_TASK_FLAG_DROPPED;
    else if (out->n_overdue > 0)
        out->flag = JE_TASK_FLAG_OVERDUE;
    else if (behind)
        out->flag = JE_TASK_FLAG_AT_RISK;
    else
        out->flag = JE_TASK_FLAG_ON_TRACK;
}
