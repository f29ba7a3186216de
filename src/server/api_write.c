/*
 * api_write.c — the API's writes. Each calls the same library function as the CLI
 * command that does the same thing, on the request's logged-in handle, so the
 * store's permission checks and audit log apply to it exactly as they do there.
 */
#include "server/internal.h"

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
