/*
 * api_stagger.c — the published stop schedule of the clinker lines (stagger_run.h: the
 * newest run of engine "stagger"): per line its stop intervals, per line the stops as
 * rows, per day and region the capacity running against demand, and a summary with
 * the exposure avoided and the run's provenance.
 */
#include "server/internal.h"

#include "jointenv/stagger_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The newest schedule's canonical output, parsed; *run its provenance (strings
   cleared). */
static je_status latest(const req *r, je_run *run, json_t **doc, je_error *err)
{
    je_status st = je_stagger_run_latest(r->db, run, err);
    if (st != JE_OK)
        return st;
    json_error_t jerr;
    *doc = run->output ? json_loads(run->output, 0, &jerr) : NULL;
    je_run_clear(run);
    if (*doc == NULL)
        return je_error_set(err, JE_EINTERNAL, "run %lld: the stored schedule is not JSON",
                            (long long)run->id);
    return JE_OK;
}

/* "from/to;from/to" (ISO 8601 intervals) of a line's stops; *on 1 when `day` (or -1)
   lies in one of them. */
static json_t *stops_text(json_t *stops, const char *day, int *on)
{
    char buf[4096];
    size_t off = 0;
    size_t i;
    json_t *s;
    *on = 0;
    buf[0] = '\0';
    json_array_foreach(stops, i, s)
    {
        const char *f = json_string_value(json_object_get(s, "from"));
        const char *t = json_string_value(json_object_get(s, "to"));
        if (f == NULL || t == NULL)
            continue;
        if (day && strcmp(f, day) <= 0 && strcmp(day, t) <= 0)
            *on = 1;
        if (off + 24 < sizeof buf)
            off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s/%s", i ? ";" : "", f, t);
    }
    return json_string(buf);
}

je_status api_stagger_schedule(req *r, result *out, je_error *err)
{
    const char *region = req_param(r, "region"), *on = req_param(r, "on");
    int64_t d = 0;
    je_status st;
    if (on && (st = dash_day("on", on, &d, err)) != JE_OK)
        return st;
    je_run run;
    json_t *doc;
    if ((st = latest(r, &run, &doc, err)) != JE_OK)
        return st;
    je_plant *p = NULL;
    size_t np = 0;
    if ((st = je_store_plants(r->db, NULL, &p, &np, err)) != JE_OK) {
        json_decref(doc);
        return st;
    }
    out->rows = json_array();
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(doc, "lines"), i, l)
    {
        const char *code = json_string_value(json_object_get(l, "code"));
        const char *reg = json_string_value(json_object_get(l, "region"));
        if (code == NULL || (region && (reg == NULL || strcmp(reg, region) != 0)))
            continue;
        int stopped;
        json_t *text = stops_text(json_object_get(l, "stops"), on, &stopped);
        if (on && !stopped) {
            json_decref(text);
            continue;
        }
        const je_plant *pl = NULL;
        for (size_t k = 0; k < np && pl == NULL; k++)
            if (strcmp(p[k].code, code) == 0)
                pl = &p[k];
        json_t *o = json_object();
        json_object_set_new(o, "code", json_string(code));
        json_object_set_new(o, "name_zh", pl ? jstr(pl->name_zh) : json_null());
        json_object_set_new(o, "name_en", pl ? jstr(pl->name_en) : json_null());
        json_object_set(o, "jurisdiction", json_object_get(l, "jurisdiction"));
        json_object_set(o, "region", json_object_get(l, "region"));
        json_object_set(o, "grade", json_object_get(l, "grade"));
        json_object_set(o, "capacity_t_d", json_object_get(l, "capacity_t_d"));
        json_object_set(o, "stop_days", json_object_get(l, "stop_days"));
        json_object_set_new(o, "stops", text);
        json_object_set(o, "first_day", json_object_get(doc, "first_day"));
        json_object_set(o, "last_day", json_object_get(doc, "last_day"));
        json_object_set_new(o, "run", json_integer(run.id));
        json_object_set_new(o, "lon", pl ? jnum(pl->lon) : json_null());
        json_object_set_new(o, "lat", pl ? jnum(pl->lat) : json_null());
        json_array_append_new(out->rows, o);
    }
    free(p);
    json_decref(doc);
    return JE_OK;
}

je_status api_plant_schedule(req *r, result *out, je_error *err)
{
    je_run run;
    json_t *doc;
    je_status st = latest(r, &run, &doc, err);
    if (st != JE_OK)
        return st;
    json_t *line = NULL;
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(doc, "lines"), i, l)
    {
        const char *code = json_string_value(json_object_get(l, "code"));
        if (code && strcmp(code, r->path_arg) == 0)
            line = l;
    }
    if (line == NULL) {
        json_decref(doc);
        return je_error_set(err, JE_ENOTFOUND,
                            "line '%s' is not in the published schedule (run %lld); the lines "
                            "are listed at /api/v1/stagger/schedule",
                            r->path_arg, (long long)run.id);
    }
    out->rows = json_array();
    json_t *s;
    json_array_foreach(json_object_get(line, "stops"), i, s)
    {
        char code[96];
        snprintf(code, sizeof code, "%s/%s", r->path_arg,
                 json_string_value(json_object_get(s, "from")));
        json_array_append_new(
            out->rows, json_pack("{s:s, s:s, s:O, s:O, s:O, s:O, s:I}", "code", code, "line",
                                 r->path_arg, "jurisdiction", json_object_get(line, "jurisdiction"),
                                 "from", json_object_get(s, "from"), "to", json_object_get(s, "to"),
                                 "days", json_object_get(s, "days"), "run", (json_int_t)run.id));
    }
    json_decref(doc);
    return JE_OK;
}

je_status api_stagger_capacity(req *r, result *out, je_error *err)
{
    const char *region = req_param(r, "region");
    je_run run;
    json_t *doc;
    je_status st = latest(r, &run, &doc, err);
    if (st != JE_OK)
        return st;
    out->rows = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(doc, "capacity"), i, c)
    {
        const char *reg = json_string_value(json_object_get(c, "region"));
        const char *date = json_string_value(json_object_get(c, "date"));
        if (reg == NULL || date == NULL || (region && strcmp(reg, region) != 0))
            continue;
        double cap = json_number_value(json_object_get(c, "capacity_t_d"));
        double run_t = json_number_value(json_object_get(c, "running_t_d"));
        json_t *dem = json_object_get(c, "demand_t_d");
        char code[96];
        snprintf(code, sizeof code, "%s/%s", date, reg);
        json_array_append_new(
            out->rows, json_pack("{s:s, s:s, s:s, s:f, s:f, s:f, s:O, s:o}", "code", code, "date",
                                 date, "region", reg, "capacity_t_d", cap, "running_t_d", run_t,
                                 "stopped_t_d", cap - run_t, "demand_t_d", dem, "margin_t_d",
                                 json_is_number(dem) ? json_real(run_t - json_number_value(dem))
                                                     : json_null()));
    }
    json_decref(doc);
    return JE_OK;
}

je_status api_stagger_summary(req *r, result *out, je_error *err)
{
    je_run run;
    je_status st = je_stagger_run_latest(r->db, &run, err);
    if (st != JE_OK)
        return st;
    json_t *doc = run.output ? json_loads(run.output, 0, NULL) : NULL;
    if (doc == NULL) {
        je_run_clear(&run);
        return je_error_set(err, JE_EINTERNAL, "run %lld: the stored schedule is not JSON",
                            (long long)run.id);
    }
    json_int_t stop_days = 0;
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(doc, "lines"), i, l) stop_days +=
        json_integer_value(json_object_get(l, "stop_days"));
    char when[32];
    je_time_format(run.created_at, 0, when, sizeof when);
    out->doc =
        json_pack("{s:I, s:s, s:s, s:s, s:O, s:O, s:O, s:I, s:I, s:O, s:O, s:O}", "run",
                  (json_int_t)run.id, "published_at", when, "actor", run.actor, "output_sha256",
                  run.output_sha256, "first_day", json_object_get(doc, "first_day"), "last_day",
                  json_object_get(doc, "last_day"), "rules", json_object_get(doc, "rules"), "lines",
                  (json_int_t)json_array_size(json_object_get(doc, "lines")), "stop_days",
                  stop_days, "jurisdictions", json_object_get(doc, "jurisdictions"), "regions",
                  json_object_get(doc, "regions"), "exposure", json_object_get(doc, "exposure"));
    je_run_clear(&run);
    json_decref(doc);
    return out->doc ? JE_OK : je_error_set(err, JE_ENOMEM, "out of memory");
}

/* GET /api/v1/plants/{code}/calendar.ics: the line's stop periods of the published
 * schedule as iCalendar (je_stagger_ics), its names from the registry. */
je_status api_plant_calendar(req *r, result *out, je_error *err)
{
    result rows = {0};
    je_status st = api_plant_schedule(r, &rows, err);
    if (st != JE_OK)
        return st;
    size_t n = json_array_size(rows.rows);
    int64_t *d0 = calloc(n + 1, sizeof *d0), *d1 = calloc(n + 1, sizeof *d1);
    for (size_t i = 0; d0 && d1 && st == JE_OK && i < n; i++) {
        json_t *s = json_array_get(rows.rows, i);
        st = dash_day("from", json_string_value(json_object_get(s, "from")), &d0[i], err);
        if (st == JE_OK)
            st = dash_day("to", json_string_value(json_object_get(s, "to")), &d1[i], err);
    }
    json_decref(rows.rows);
    char name[300];
    snprintf(name, sizeof name, "%s", r->path_arg);
    je_plant *p = NULL;
    size_t np = 0;
    if (st == JE_OK && je_store_plants(r->db, NULL, &p, &np, NULL) == JE_OK)
        for (size_t i = 0; i < np; i++)
            if (strcmp(p[i].code, r->path_arg) == 0)
                snprintf(name, sizeof name, "%s / %s", p[i].name_zh, p[i].name_en);
    free(p);
    FILE *fp = st == JE_OK && d0 && d1 ? open_memstream(&out->raw, &out->raw_len) : NULL;
    if (fp) {
        je_stagger_ics(fp, r->path_arg, name, d0, d1, n);
        if (fclose(fp) != 0) {
            free(out->raw);
            out->raw = NULL;
        }
    }
    free(d0);
    free(d1);
    if (st != JE_OK)
        return st;
    if (out->raw == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    out->raw_type = "text/calendar; charset=utf-8";
    return JE_OK;
}
