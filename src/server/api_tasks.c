/*
 * api_tasks.c — the joint programme's read-only routes: the task list (filters year,
 * category, status) and one task with its milestones, evidence (live indicators
 * computed at the time of the request) and sign-offs. The rules are the library's
 * (include/jointenv/programme.h).
 */
#include "server/internal.h"

#include "jointenv/programme.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_MARGIN 20 /* as the command line (docs/programme.md) */

#define JUDGE_PARAMS                                                                               \
    {"as_of", "string", "judge overdue and at-risk on this date YYYY-MM-DD (default today)"},      \
    {                                                                                              \
        "margin", "integer",                                                                       \
            "at risk when progress is more than this many points behind the share of the year "    \
            "elapsed (default 20)"                                                                 \
    }
const param_doc api_tasks_params[] = {
    {"year", "integer", "tasks of one year"},
    {"category", "string",
     "ecological-network, transboundary-pollution, green-transformation, ecological-shield or "
     "joint-mechanisms"},
    {"status", "string", "planned, in-progress, at-risk, done or dropped"},
    JUDGE_PARAMS,
    {NULL, NULL, NULL}};
const param_doc api_task_params[] = {JUDGE_PARAMS, {NULL, NULL, NULL}};

/* ?as_of=YYYY-MM-DD (default today, UTC) and ?margin=N (0-100). */
static je_status judge_params(const req *r, int64_t *as_of, int *margin, je_error *err)
{
    *as_of = je_time_local_day((int64_t)time(NULL), 0);
    *margin = DEFAULT_MARGIN;
    const char *a = req_param(r, "as_of"), *m = req_param(r, "margin");
    int64_t t;
    if (a && (strlen(a) != 10 || je_time_parse(a, 10, 0, &t, NULL) != JE_OK))
        return je_error_set(err, JE_EINVAL, "as_of: '%s' is not a date YYYY-MM-DD", a);
    if (a)
        *as_of = je_time_local_day(t, 0);
    if (m) {
        char *end;
        long v = strtol(m, &end, 10);
        if (*m == '\0' || *end || v < 0 || v > 100)
            return je_error_set(err, JE_EINVAL, "margin: '%s' is not a whole number 0-100", m);
        *margin = (int)v;
    }
    return JE_OK;
}

static json_t *day_json(int64_t day)
{
    char d[16];
    return day ? json_string(je_time_format_date(day * 86400, 0, d, sizeof d)) : json_null();
}

je_status api_tasks(req *r, result *out, je_error *err)
{
    je_task_filter f = {0, NULL, NULL, -1, NULL};
    const char *y = req_param(r, "year"), *s = req_param(r, "status");
    f.category = req_param(r, "category");
    if (y) {
        char *end;
        long v = strtol(y, &end, 10);
        if (*y == '\0' || *end || v < 2000 || v > 2100)
            return je_error_set(err, JE_EINVAL, "year: '%s' is not a year 2000-2100", y);
        f.year = (int)v;
    }
    if (f.category && !je_task_category_find(f.category))
        return je_error_set(err, JE_EINVAL, "category: unknown category '%s'", f.category);
    if (s) {
        je_task_status st;
        je_status ps = je_task_status_parse(s, &st, err);
        if (ps != JE_OK)
            return ps;
        f.status = (int)st;
    }
    int64_t as_of;
    int margin;
    je_status st = judge_params(r, &as_of, &margin, err);
    je_task *t = NULL;
    size_t n = 0;
    if (st != JE_OK || (st = je_store_tasks(r->db, &f, &t, &n, err)) != JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = 0; i < n; i++) {
        je_task_health h;
        je_task_assess(&t[i], as_of, margin, &h);
        json_t *o = json_object();
        json_object_set_new(o, "code", json_string(t[i].code));
        json_object_set_new(o, "year", json_integer(t[i].year));
        json_object_set_new(o, "category", json_string(t[i].category));
        json_object_set_new(o, "title_zh", json_string(t[i].title_zh));
        json_object_set_new(o, "title_en", json_string(t[i].title_en));
        json_object_set_new(o, "lead", json_string(t[i].lead));
        json_object_set_new(o, "co_lead", json_string(t[i].co_lead));
        json_object_set_new(o, "status", json_string(je_task_status_name(t[i].status)));
        json_object_set_new(o, "progress_pct", json_integer(t[i].progress_pct));
        json_object_set_new(o, "milestones", json_integer((json_int_t)t[i].n_milestones));
        json_object_set_new(o, "milestones_done", json_integer((json_int_t)h.n_done));
        json_object_set_new(o, "overdue", json_integer((json_int_t)h.n_overdue));
        json_object_set_new(o, "next_due", day_json(h.next_due_day));
        json_object_set_new(o, "flag", json_string(je_task_flag_name(h.flag)));
        json_object_set_new(o, "signed_lead", json_boolean(je_task_signed(&t[i], t[i].lead, NULL)));
        json_object_set_new(o, "signed_co_lead",
                            json_boolean(je_task_signed(&t[i], t[i].co_lead, NULL)));
        json_array_append_new(out->rows, o);
    }
    je_tasks_free(t, n);
    return JE_OK;
}

static json_t *evidence_json(const je_evidence *e)
{
    json_t *x = json_object();
    json_object_set_new(x, "seq", json_integer(e->seq));
    json_object_set_new(x, "kind", json_string(je_evidence_kind_name(e->kind)));
    json_object_set_new(x, "text", jstr(e->text));
    if (e->kind == JE_EVIDENCE_INDICATOR) {
        const je_task_indicator *ind = je_task_indicator_find(e->indicator);
        json_object_set_new(x, "indicator", json_string(e->indicator));
        json_object_set_new(x, "label_zh", ind ? json_string(ind->label_zh) : json_null());
        json_object_set_new(x, "label_en", ind ? json_string(ind->label_en) : json_null());
        json_object_set_new(x, "unit", ind ? json_string(ind->unit) : json_null());
        json_object_set_new(x, "scope", jstr(e->scope));
        json_object_set_new(x, "op", json_string(je_cmp_op_name(e->op)));
        json_object_set_new(x, "target", jnum(e->target));
        json_object_set_new(x, "value", jnum(e->value));
        json_object_set_new(x, "meets", e->meets < 0 ? json_null() : json_boolean(e->meets));
        json_object_set_new(x, "note", jstr(e->note));
    }
    return x;
}

je_status api_task(req *r, result *out, je_error *err)
{
    int64_t as_of;
    int margin;
    je_status st = judge_params(r, &as_of, &margin, err);
    if (st != JE_OK)
        return st;
    je_task_filter f = {0, NULL, r->path_arg, -1, NULL};
    je_task *t = NULL;
    size_t n = 0;
    if ((st = je_store_tasks(r->db, &f, &t, &n, err)) != JE_OK)
        return st;
    if (n == 0) {
        je_tasks_free(t, n);
        return je_error_set(err, JE_ENOTFOUND, "no task '%s'", r->path_arg);
    }
    /* the shipped staggered-production rule set decides which clinker lines owe stop
       days (as the CLI's default); a server without a data folder reports that figure
       as unknown */
    char rules[1200];
    je_error ignore;
    je_task_env env = {NULL};
    if (dash_rules_path(r, "stagger-chengyu-2023.json", rules, sizeof rules, &ignore) == JE_OK)
        env.stagger_rules_path = rules;
    if ((st = je_store_task_evaluate(r->db, t, n, &env, err)) != JE_OK) {
        je_tasks_free(t, n);
        return st;
    }
    je_task_health h;
    je_task_assess(t, as_of, margin, &h);
    char allowed[128];
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(t->code));
    json_object_set_new(o, "year", json_integer(t->year));
    json_object_set_new(o, "category", json_string(t->category));
    json_object_set_new(o, "title_zh", json_string(t->title_zh));
    json_object_set_new(o, "title_en", json_string(t->title_en));
    json_object_set_new(o, "lead", json_string(t->lead));
    json_object_set_new(o, "lead_agency", json_string(t->lead_agency));
    json_object_set_new(o, "co_lead", json_string(t->co_lead));
    json_object_set_new(o, "co_lead_agency", json_string(t->co_lead_agency));
    json_object_set_new(o, "status", json_string(je_task_status_name(t->status)));
    json_object_set_new(o, "next_statuses",
                        json_string(je_task_transitions_from(t->status, allowed, sizeof allowed)));
    json_object_set_new(o, "progress_pct", json_integer(t->progress_pct));
    json_object_set_new(o, "as_of", day_json(as_of));
    json_object_set_new(o, "flag", json_string(je_task_flag_name(h.flag)));
    json_object_set_new(o, "expected_pct", jnum(round(h.expected_pct * 10) / 10));
    json_t *ms = json_array();
    for (size_t i = 0; i < t->n_milestones; i++) {
        const je_milestone *m = &t->milestones[i];
        json_array_append_new(ms, json_pack("{s:i, s:s, s:s, s:o, s:o, s:b}", "seq", m->seq,
                                            "title_zh", m->title_zh, "title_en", m->title_en, "due",
                                            day_json(m->due_day), "done", day_json(m->done_day),
                                            "overdue", je_milestone_overdue(m, as_of)));
    }
    json_object_set_new(o, "milestones", ms);
    json_t *ev = json_array();
    for (size_t i = 0; i < t->n_evidence; i++)
        json_array_append_new(ev, evidence_json(&t->evidence[i]));
    json_object_set_new(o, "evidence", ev);
    json_t *so = json_array();
    for (size_t i = 0; i < t->n_signoffs; i++) {
        const je_signoff *g = &t->signoffs[i];
        char w1[32], w2[32];
        json_array_append_new(
            so, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "jurisdiction", g->jurisdiction, "user",
                          g->user, "signed_at", je_time_format(g->signed_at, 0, w1, 32), "note",
                          jstr(g->note), "withdrawn_at",
                          g->revoked_at ? json_string(je_time_format(g->revoked_at, 0, w2, 32))
                                        : json_null(),
                          "withdrawn_because", jstr(g->revoked_reason)));
    }
    json_object_set_new(o, "signoffs", so);
    je_tasks_free(t, n);
    out->doc = o;
    return JE_OK;
}
