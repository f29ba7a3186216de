/*
 * api_write.c — the API's writes. Each calls the same library function as the CLI
 * command that does the same thing, on the request's logged-in handle, so the
 * store's permission checks and audit log apply to it exactly as they do there.
 */
#include "server/internal.h"

#include "jointenv/governance.h"
#include "jointenv/inspect.h"
#include "jointenv/programme.h"

#include <stdlib.h>

#include <stdio.h>
#include <string.h>

/* The bad rows of a failed import, as [{"line","column","field","message"}]. */
static json_t *bad_rows(const je_import_report *rep)
{
    json_t *a = json_array();
    for (size_t i = 0; i < rep->errors.count; i++) {
        const je_error *e = &rep->errors.items[i];
        json_array_append_new(a, json_pack("{s:I, s:I, s:s, s:s}", "line", (json_int_t)e->line,
                                           "column", (json_int_t)e->column, "field", e->field,
                                           "message", e->message));
    }
    return a;
}

/* POST /api/v1/imports/{kind}: the body is the CSV (or GeoJSON for reaches) that
 * `jointenv import KIND FILE` takes; ?replace=true updates existing records,
 * ?dry_run=true validates against the database and writes nothing. All or nothing:
 * one bad row rejects the whole body (400, the bad rows in error.details). */
je_status api_import_post(req *r, result *out, je_error *err)
{
    const je_import_kind *k = je_import_kind_find(r->path_arg);
    if (k == NULL)
        return je_error_set(err, JE_ENOTFOUND,
                            "no import named '%s'; GET /api/v1/imports/kinds lists them",
                            r->path_arg);
    if (k->path_only)
        return je_error_set(err, JE_EINVAL,
                            "the %s import reads its file by path (it also opens archives): "
                            "use 'jointenv import %s FILE'",
                            k->name, k->name);
    je_import_opts o = {0};
    je_status st = req_bool(r, "replace", &o.replace, err);
    if (st == JE_OK)
        st = req_bool(r, "dry_run", &o.dry_run, err);
    if (st != JE_OK)
        return st;
    if (r->body == NULL || r->body_len == 0)
        return je_error_set(err, JE_EINVAL, "empty body: send the %s file as the request body",
                            k->name);
    o.data = r->body;
    o.data_len = r->body_len;
    char name[64];
    snprintf(name, sizeof name, "upload:%s", k->name); /* messages: upload:KIND:LINE:COL */
    je_import_report rep = {0};
    st = k->fn(r->db, name, &o, &rep, err);
    if (st == JE_EDATA && rep.errors.count > 0) {
        out->details = json_pack("{s:I, s:o}", "bad_rows", (json_int_t)rep.errors.total, "rows",
                                 bad_rows(&rep));
        je_error first = rep.errors.items[0];
        je_error_set(err, JE_EDATA, "%zu bad row(s), nothing imported; first: %s:%ld:%ld: %s",
                     rep.errors.total, name, first.line, first.column, first.message);
    }
    if (st == JE_OK) {
        out->doc = json_pack("{s:s, s:I, s:I, s:I, s:I, s:s, s:b}", "kind", k->name, "batch",
                             (json_int_t)rep.batch_id, "rows", (json_int_t)rep.rows, "inserted",
                             (json_int_t)rep.inserted, "updated", (json_int_t)rep.updated,
                             "sha256", rep.sha256, "dry_run", o.dry_run);
        out->http_status = o.dry_run ? 200 : 201;
    }
    je_import_report_free(&rep);
    return st;
}

/* GET /api/v1/imports/kinds: what POST /api/v1/imports/{kind} takes. */
je_status api_import_kinds(req *r, result *out, je_error *err)
{
    (void)r, (void)err;
    size_t n;
    const je_import_kind *k = je_import_kinds(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s}", "kind", k[i].name, "summary",
                                           k[i].summary));
    out->doc = json_pack("{s:o}", "kinds", a);
    return JE_OK;
}

/* The request body as a JSON object (JE_EINVAL saying what is wrong). */
static je_status body_object(const req *r, json_t **out, je_error *err)
{
    json_error_t je;
    *out = r->body ? json_loadb(r->body, r->body_len, 0, &je) : NULL;
    if (*out == NULL)
        return je_error_set(err, JE_EINVAL, "the body must be a JSON object%s%s",
                            r->body ? ": " : " (none was sent)", r->body ? je.text : "");
    if (!json_is_object(*out)) {
        json_decref(*out);
        return je_error_set(err, JE_EINVAL, "the body must be a JSON object");
    }
    return JE_OK;
}

/* A string member, or NULL; JE_EINVAL when present and not a string. */
static je_status member_text(json_t *o, const char *k, const char **out, je_error *err)
{
    json_t *v = json_object_get(o, k);
    *out = json_is_string(v) ? json_string_value(v) : NULL;
    return v && !json_is_string(v) ? je_error_set(err, JE_EINVAL, "%s must be a string", k) : JE_OK;
}

/* POST /api/v1/tasks/{code}/sign {"jurisdiction": "510000", "note": "..."}: the user
 * signs the task off for that side (je_task_sign: an admin of the side; the second
 * side's sign-off completes the task). */
je_status api_task_sign(req *r, result *out, je_error *err)
{
    json_t *b;
    je_status st = body_object(r, &b, err);
    if (st != JE_OK)
        return st;
    const char *jur = NULL, *note = NULL;
    int done = 0;
    if ((st = member_text(b, "jurisdiction", &jur, err)) == JE_OK &&
        (st = member_text(b, "note", &note, err)) == JE_OK) {
        if (jur == NULL)
            st = je_error_set(err, JE_EINVAL, "jurisdiction: the side signing (lead or co-lead)");
        else
            st = je_task_sign(r->db, r->path_arg, jur, note ? note : "", &done, err);
    }
    if (st == JE_OK)
        out->doc = json_pack("{s:s, s:s, s:s, s:b}", "task", r->path_arg, "jurisdiction", jur,
                             "signed_by", je_gov_whoami(r->db)->user, "done", done);
    json_decref(b);
    return st;
}

/* POST /api/v1/tasks/{code} {"status": "at-risk", "progress_pct": 60, "milestone": 2,
 * "done_on": "2022-06-30"}: a change of a task (je_task_update; sign-offs in force
 * are withdrawn by any change). */
je_status api_task_update(req *r, result *out, je_error *err)
{
    json_t *b;
    je_status st = body_object(r, &b, err);
    if (st != JE_OK)
        return st;
    je_task_change c;
    je_task_change_init(&c);
    const char *status = NULL, *done_on = NULL;
    json_t *pct = json_object_get(b, "progress_pct"), *ms = json_object_get(b, "milestone");
    if ((st = member_text(b, "status", &status, err)) == JE_OK &&
        (st = member_text(b, "done_on", &done_on, err)) == JE_OK) {
        je_task_status ts;
        if (status && (st = je_task_status_parse(status, &ts, err)) == JE_OK)
            c.status = (int)ts;
        if (st == JE_OK && pct && !json_is_integer(pct))
            st = je_error_set(err, JE_EINVAL, "progress_pct must be a whole number 0-100");
        else if (pct)
            c.progress_pct = (int)json_integer_value(pct);
        if (st == JE_OK && ms && !json_is_integer(ms))
            st = je_error_set(err, JE_EINVAL, "milestone must be a milestone's number");
        else if (st == JE_OK && ms) {
            c.milestone = (int)json_integer_value(ms);
            if (done_on)
                st = dash_day("done_on", done_on, &c.done_day, err);
        }
    }
    if (st == JE_OK)
        st = je_task_update(r->db, r->path_arg, &c, err);
    if (st == JE_OK)
        out->doc = json_pack("{s:s, s:s}", "task", r->path_arg, "updated_by",
                             je_gov_whoami(r->db)->user);
    json_decref(b);
    return st;
}

/* POST /api/v1/cases/{id} {"to": "rectifying", "date": "2023-06-01", "note": "..."}:
 * a case's next state (je_store_case_update: the state machine and who may move it). */
je_status api_case_update(req *r, result *out, je_error *err)
{
    char *end;
    long long id = strtoll(r->path_arg, &end, 10);
    if (*end || id < 1)
        return je_error_set(err, JE_ENOTFOUND, "no case '%s' (cases are numbered)", r->path_arg);
    json_t *b;
    je_status st = body_object(r, &b, err);
    if (st != JE_OK)
        return st;
    const char *to = NULL, *date = NULL, *note = NULL;
    je_case_state cs;
    int64_t day = 0;
    if ((st = member_text(b, "to", &to, err)) == JE_OK &&
        (st = member_text(b, "date", &date, err)) == JE_OK &&
        (st = member_text(b, "note", &note, err)) == JE_OK) {
        if (to == NULL || date == NULL)
            st = je_error_set(err, JE_EINVAL, "give to (the next state) and date (YYYY-MM-DD)");
        else if ((st = je_case_state_parse(to, &cs, err)) == JE_OK &&
                 (st = dash_day("date", date, &day, err)) == JE_OK)
            st = je_store_case_update(r->db, id, cs, day, note ? note : "", err);
    }
    if (st == JE_OK)
        out->doc = json_pack("{s:I, s:s, s:s}", "case", (json_int_t)id, "state", to, "by",
                             je_gov_whoami(r->db)->user);
    json_decref(b);
    return st;
}
