/*
 * api_air_hourly.c — the real-time AQI of each station and hour (air_hourly.h: HJ 633
 * 实时报 from the stored hours) and the heavy-pollution alert episodes with the joint
 * regional alerts (air_alerts.h: the same code as `jointenv air alerts`).
 */
#include "server/internal.h"

#include "jointenv/air_hourly.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest range of one hourly request: 31 days (40 stations: 29,760 rows). */
#define MAX_HOURLY_DAYS 31

/* from/to of the air routes: given, or ending at the last day with data and beginning
   dflt_days before (0: on the first day of the year of `to`). */
static je_status range(const req *r, int dflt_days, int max_days, int64_t *d0, int64_t *d1,
                       je_error *err)
{
    const char *from = req_param(r, "from"), *to = req_param(r, "to");
    int64_t year_first = 0;
    je_status st = JE_OK;
    if (to)
        st = dash_day("to", to, d1, err);
    else
        st = dash_air_last(r, &year_first, d1, err);
    if (st != JE_OK)
        return st;
    if (from) {
        if ((st = dash_day("from", from, d0, err)) != JE_OK)
            return st;
    } else if (dflt_days) {
        *d0 = *d1 - dflt_days + 1;
    } else {
        int y, m, d;
        je_civil_from_days(*d1, &y, &m, &d);
        *d0 = je_days_from_civil(y, 1, 1);
    }
    if (*d1 < *d0 || *d1 - *d0 >= max_days)
        return je_error_set(err, JE_EINVAL, "from … to must be 1 to %d days", max_days);
    return JE_OK;
}

static json_t *hour_row(const je_air_hourly *h, size_t s, size_t hour)
{
    const je_air_station *st = &h->stations[s];
    const je_aqi_result *a = je_air_hourly_at(h, s, hour);
    int64_t t =
        (h->day0 + (int64_t)(hour / 24)) * 86400 - st->utc_offset_s + (int64_t)(hour % 24) * 3600;
    char when[32], code[80], date[16], primary[64];
    je_time_format(t, st->utc_offset_s, when, sizeof when);
    dash_date(h->day0 + (int64_t)(hour / 24), date);
    snprintf(code, sizeof code, "%s/%s", st->code, when);
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(code));
    json_object_set_new(o, "station", json_string(st->code));
    json_object_set_new(o, "name_zh", jstr(st->name_zh));
    json_object_set_new(o, "name_en", jstr(st->name_en));
    json_object_set_new(o, "city", json_string(st->city));
    json_object_set_new(o, "city_zh", jstr(st->city_zh));
    json_object_set_new(o, "city_en", jstr(st->city_en));
    json_object_set_new(o, "jurisdiction", json_string(st->jurisdiction));
    json_object_set_new(o, "time", json_string(when));
    json_object_set_new(o, "date", json_string(date));
    json_object_set_new(o, "hour", json_integer((json_int_t)(hour % 24)));
    json_object_set_new(o, "aqi", jnum(a->aqi));
    json_object_set_new(o, "level", a->level ? json_integer(a->level) : json_null());
    json_object_set_new(o, "category_zh",
                        a->level ? json_string(je_aqi_category_zh(a->level)) : json_null());
    json_object_set_new(o, "category_en",
                        a->level ? json_string(je_aqi_category_en(a->level)) : json_null());
    json_object_set_new(o, "colour", a->level ? json_string(je_aqi_colour(a->level)) : json_null());
    json_object_set_new(o, "primary",
                        jstr(je_aqi_primary_format(a->primary, primary, sizeof primary)));
    for (int i = 0; i < JE_AQI_NITEMS; i++) {
        char key[24];
        snprintf(key, sizeof key, "iaqi_%s", je_aqi_item_code((je_aqi_item)i));
        json_object_set_new(o, key, jnum(a->iaqi[i]));
    }
    json_object_set_new(o, "standard", json_string(je_aq_std_name(a->std)));
    json_object_set_new(o, "lon", jnum(st->lon));
    json_object_set_new(o, "lat", jnum(st->lat));
    return o;
}

je_status api_air_hourly(req *r, result *out, je_error *err)
{
    je_air_filter f = {0};
    f.city = req_param(r, "city");
    f.station = req_param(r, "station");
    f.jurisdiction = req_param(r, "jurisdiction");
    int64_t d0 = 0, d1 = 0;
    je_status st = range(r, 1, MAX_HOURLY_DAYS, &d0, &d1, err);
    if (st != JE_OK)
        return st;
    je_air_hourly h;
    if ((st = je_air_hourly_load(r->db, &f, d0, (size_t)(d1 - d0 + 1), JE_AQ_STD_AUTO, JE_AQI_CEIL,
                                 &h, err)) != JE_OK) {
        je_air_hourly_free(&h);
        return st;
    }
    out->rows = json_array();
    for (size_t s = 0; s < h.n_stations; s++)
        for (size_t k = 0; k < 24 * h.n_days; k++)
            json_array_append_new(out->rows, hour_row(&h, s, k));
    je_air_hourly_free(&h);
    return JE_OK;
}

/* Alert colours: the level names are colours (GB/T 27962-2011 气象灾害预警信号 colours
   as the plans use them); the hex values are ours, for maps and charts. */
static const char *level_colour(je_alert_level l)
{
    static const char *const c[] = {NULL, "#1f6fd1", "#e6c200", "#ff7e00", "#e02020"};
    return (unsigned)l < 5 ? c[l] : NULL;
}

static json_t *alert_row(const char *code, const char *kind, const je_alert_series *s,
                         const char *jurisdiction, je_alert_level level, int64_t start, int64_t end,
                         int32_t off, double peak, int reduction, const char *rules, long n_cities)
{
    char a[16], b[16];
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(code));
    json_object_set_new(o, "kind", json_string(kind));
    json_object_set_new(o, "city", s ? json_string(s->city->city) : json_null());
    json_object_set_new(o, "name_zh", s ? jstr(s->city->city_zh) : json_null());
    json_object_set_new(o, "name_en", s ? jstr(s->city->city_en) : json_null());
    json_object_set_new(o, "jurisdiction", json_string(jurisdiction));
    json_object_set_new(o, "level", json_string(je_alert_level_name(level)));
    json_object_set_new(o, "level_zh", json_string(je_alert_level_name_zh(level)));
    json_object_set_new(o, "colour", jstr(level_colour(level)));
    json_object_set_new(o, "start", json_string(je_time_format_date(start, off, a, sizeof a)));
    /* the last day covered, inclusive (as the CLI prints it) */
    json_object_set_new(o, "end", json_string(je_time_format_date(end - 86400, off, b, sizeof b)));
    json_object_set_new(o, "days", json_real((double)(end - start) / 86400.0));
    json_object_set_new(o, "peak_aqi", jnum(peak));
    json_object_set_new(o, "reduction_pct", json_integer(reduction));
    json_object_set_new(o, "rules", jstr(rules));
    json_object_set_new(o, "n_cities", n_cities >= 0 ? json_integer(n_cities) : json_null());
    return o;
}

je_status api_air_alerts(req *r, result *out, je_error *err)
{
    const char *kind = req_param(r, "kind");
    if (kind && strcmp(kind, "city") && strcmp(kind, "joint"))
        return je_error_set(err, JE_EINVAL, "kind: '%s' is not city or joint", kind);
    int64_t d0 = 0, d1 = 0;
    je_status st = range(r, 0, 3660, &d0, &d1, err);
    if (st != JE_OK)
        return st;
    dash_alerts a;
    if ((st = dash_alerts_load(r, d0, d1, req_param(r, "rules"), req_param(r, "rules_for"), &a,
                               err)) != JE_OK)
        return st;
    out->rows = json_array();
    const je_alert_set *set = &a.set;
    for (size_t k = 0; (!kind || kind[0] == 'c') && k < set->n; k++) {
        const je_alert_series *s = &set->s[k];
        for (size_t i = 0; i < s->n_ep; i++) {
            const je_alert_episode *e = &s->ep[i];
            char code[64], day[16];
            snprintf(code, sizeof code, "city/%s/%s", s->city->city,
                     je_time_format_date(e->start, s->city->utc_offset_s, day, sizeof day));
            json_array_append_new(out->rows,
                                  alert_row(code, "city", s, s->city->jurisdiction, e->level,
                                            e->start, e->end, s->city->utc_offset_s, e->peak_aqi,
                                            e->reduction_pct, je_alert_rules_id(s->rules), -1));
        }
    }
    int32_t off = set->n ? set->s[0].city->utc_offset_s : 8 * 3600;
    for (size_t i = 0; (!kind || kind[0] == 'j') && i < set->n_joint; i++) {
        const je_alert_joint *j = &set->joint[i];
        for (size_t k = 0; k < j->n_sides; k++) {
            char code[64], day[16];
            snprintf(code, sizeof code, "joint/%s/%s",
                     je_time_format_date(j->start, off, day, sizeof day), j->side[k].jurisdiction);
            json_array_append_new(out->rows, alert_row(code, "joint", NULL, j->side[k].jurisdiction,
                                                       j->side[k].level, j->start, j->end, off, NAN,
                                                       j->side[k].reduction_pct, NULL,
                                                       (long)j->side[k].n_cities));
        }
    }
    dash_alerts_free(&a);
    return JE_OK;
}
