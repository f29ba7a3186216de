/*
 * api_inspect.c — the inspection routes (read only): outfalls, recorded draws, cases,
 * patrols. What a caller sees is what the store lets the request's actor read: open
 * draws and open cases stay with the roles that may read them (inspect.h).
 * The server logs each request in (server.c): without a token the caller is
 * anonymous and sees the public view — closed draws, closed cases.
 */
#include "server/internal.h"

#include "jointenv/inspect.h"

#include "jointenv/governance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *jdate(int64_t day)
{
    if (day < 0)
        return json_null();
    char buf[16];
    return json_string(je_time_format_date(day * 86400, 0, buf, sizeof buf));
}

/* Row codes sort as text (ROUTE_LIST pages by "code"): numbers zero-padded. */
static json_t *jcode(int64_t id)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%08lld", (long long)id);
    return json_string(buf);
}

je_status api_outfalls(req *r, result *out, je_error *err)
{
    je_outfall *o = NULL;
    size_t n = 0;
    je_status st = je_store_outfalls(r->db, NULL, req_param(r, "river"), &o, &n, err);
    if (st != JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            out->rows,
            json_pack(
                "{s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, "
                "s:o, s:o}",
                "code", o[i].code, "name_zh", jstr(o[i].name_zh), "name_en", jstr(o[i].name_en),
                "type", je_outfall_type_name(o[i].type), "jurisdiction", o[i].jurisdiction,
                "district", o[i].district, "enterprise", jstr(o[i].enterprise), "town",
                jstr(o[i].town), "river", jstr(o[i].river), "reach", jstr(o[i].reach), "permit",
                jstr(o[i].permit), "risk", jnum(o[i].risk), "active", o[i].active, "last_inspected",
                jdate(o[i].last_inspected_day), "lon", jnum(o[i].lon), "lat", jnum(o[i].lat)));
    free(o);
    return JE_OK;
}

je_status api_draws(req *r, result *out, je_error *err)
{
    je_draw_info *d = NULL;
    size_t n = 0;
    je_status st = je_store_draws(r->db, &d, &n, err);
    if (st != JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = 0; i < n && st == JE_OK; i++) {
        je_draw_info info;
        je_draw_row *rows = NULL;
        size_t nr = 0;
        if ((st = je_store_draw_get(r->db, d[i].id, &info, &rows, &nr, err)) != JE_OK)
            break;
        json_t *targets = json_array();
        for (size_t k = 0; k < nr; k++)
            json_array_append_new(targets, json_pack("{s:i, s:s, s:s, s:s}", "rank", rows[k].rank,
                                                     "outfall", rows[k].outfall, "stratum",
                                                     rows[k].stratum, "team", rows[k].team));
        free(rows);
        json_array_append_new(
            out->rows,
            json_pack("{s:o, s:I, s:o, s:s, s:i, s:i, s:i, s:s, s:o, s:s, s:b, s:s, s:o, s:o}",
                      "code", jcode(d[i].id), "id", (json_int_t)d[i].id, "day", jdate(d[i].day),
                      "seed", d[i].seed, "count", d[i].count, "team_size", d[i].team_size,
                      "exclude_days", d[i].exclude_days, "strata",
                      d[i].by_river ? "river" : "jurisdiction", "jurisdiction",
                      jstr(d[i].jurisdiction), "list_hash", d[i].list_hash, "closed", d[i].closed,
                      "drawn_by", d[i].drawn_by, "warnings", jstr(d[i].warnings), "targets",
                      targets));
    }
    free(d);
    return st;
}

je_status api_cases(req *r, result *out, je_error *err)
{
    je_case_state state = JE_CASE_STATE_COUNT;
    const char *s = req_param(r, "status"), *asof = req_param(r, "as_of");
    je_status st;
    if (s && (st = je_case_state_parse(s, &state, err)) != JE_OK)
        return st;
    int64_t as_of = -1, t;
    if (asof) {
        if (strlen(asof) != 10 || je_time_parse(asof, 10, 0, &t, NULL) != JE_OK)
            return je_error_set(err, JE_EINVAL, "as_of: '%s' is not a date YYYY-MM-DD", asof);
        as_of = je_time_local_day(t, 0);
    }
    je_case *k = NULL;
    size_t n = 0;
    if ((st = je_store_cases(r->db, state, req_param(r, "jurisdiction"), &k, &n, err)) != JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = 0; i < n; i++) {
        int64_t over = 0;
        int level =
            as_of >= 0 ? je_case_escalation(k[i].state, k[i].deadline_day, as_of, &over) : 0;
        json_array_append_new(
            out->rows,
            json_pack("{s:o, s:I, s:s, s:o, s:o, s:s, s:s, s:s, s:b, s:o, s:s, s:I, s:o, s:o, "
                      "s:o, s:i, s:i, s:o, s:o}",
                      "code", jcode(k[i].id), "id", (json_int_t)k[i].id, "state",
                      je_case_state_name(k[i].state), "outfall", jstr(k[i].outfall), "place",
                      jstr(k[i].place), "finding", k[i].finding, "found_by", k[i].found_by, "owner",
                      k[i].owner, "handed_off", k[i].handed_off, "responsible",
                      jstr(k[i].responsible), "source", k[i].source, "source_id",
                      (json_int_t)k[i].source_id, "opened", jdate(k[i].opened_day), "deadline",
                      jdate(k[i].deadline_day), "updated", jdate(k[i].updated_day), "reopened",
                      k[i].reopened, "reinspections", k[i].reinspections, "days_overdue",
                      as_of >= 0 ? json_integer((json_int_t)over) : json_null(), "escalation",
                      as_of >= 0 ? json_integer(level) : json_null()));
    }
    free(k);
    return JE_OK;
}

je_status api_patrols(req *r, result *out, je_error *err)
{
    je_patrol *p = NULL;
    size_t n = 0;
    je_status st = je_store_patrols(r->db, &p, &n, err);
    if (st != JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            out->rows,
            json_pack("{s:o, s:I, s:o, s:s, s:o, s:s, s:s, s:i, s:i}", "code", jcode(p[i].id), "id",
                      (json_int_t)p[i].id, "day", jdate(p[i].day), "jurisdiction", p[i].owner,
                      "title", jstr(p[i].title), "reaches", p[i].reaches, "team", p[i].team,
                      "log_entries", p[i].log_entries, "findings", p[i].findings));
    free(p);
    return JE_OK;
}

/* The routes' parameters (routes.c's table refers to them). */
const param_doc inspect_outfall_params[] = {{"river", "string", "outfalls on one river (code)"},
                                            {NULL, NULL, NULL}};
const param_doc inspect_draw_params[] = {{NULL, NULL, NULL}};
const param_doc inspect_case_params[] = {
    {"status", "string", "open, rectifying, submitted, verified, closed or reopened"},
    {"jurisdiction", "string", "cases owned or found by a jurisdiction"},
    {"as_of", "string", "YYYY-MM-DD: adds days_overdue and escalation (0-3) as of that day"},
    {NULL, NULL, NULL}};
const param_doc inspect_patrol_params[] = {{NULL, NULL, NULL}};
