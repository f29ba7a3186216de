/*
 * api_air.c — air routes: the daily AQI and concentrations of cities (or stations)
 * computed from the stored hours (jointenv/air_days.h: HJ 663 city means, GB 3095
 * Table 4 validity, HJ 633 AQI), on each request and cached until the data change.
 */
#include "server/internal.h"

#include "jointenv/air_days.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest range one request may compute: ten years of days. */
#define MAX_DAYS 3660

static je_status parse_day(const char *name, const char *s, int64_t *out, je_error *err)
{
    int y, m, d;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return je_error_set(err, JE_EINVAL, "%s: '%s' is not a date YYYY-MM-DD", name, s);
    *out = je_days_from_civil(y, m, d);
    int yy, mm, dd;
    je_civil_from_days(*out, &yy, &mm, &dd);
    if (yy != y || mm != m || dd != d)
        return je_error_set(err, JE_EINVAL, "%s: %s is not a day of the calendar", name, s);
    return JE_OK;
}

/* from/to, defaulting to the last 31 days with stored data. */
static je_status day_range(const req *r, int64_t *d0, int64_t *d1, je_error *err)
{
    const char *from = req_param(r, "from"), *to = req_param(r, "to");
    je_status st;
    int64_t first = 0, last = 0;
    if ((from == NULL || to == NULL) &&
        (st = je_store_air_days(r->db, &first, &last, err)) != JE_OK)
        return st == JE_ENOTFOUND ? je_error_set(err, JE_ENOTFOUND, "no hourly air data stored")
                                  : st;
    if (to)
        st = parse_day("to", to, d1, err);
    else
        *d1 = last, st = JE_OK;
    if (st == JE_OK && from)
        st = parse_day("from", from, d0, err);
    else if (st == JE_OK)
        *d0 = *d1 - 30 > first ? *d1 - 30 : first;
    if (st != JE_OK)
        return st;
    if (*d1 < *d0 || *d1 - *d0 >= MAX_DAYS)
        return je_error_set(err, JE_EINVAL, "from … to must be 1 to %d days", MAX_DAYS);
    return JE_OK;
}

/* One unit-day as a row. */
static json_t *day_row(const je_air_units *u, const je_air_unit *c, const je_aq_day *x,
                       int by_station)
{
    const je_air_station *s0 = &u->stations[c->first];
    double lon = 0, lat = 0;
    for (size_t k = 0; k < c->n_stations; k++) {
        lon += u->stations[c->first + k].lon / (double)c->n_stations;
        lat += u->stations[c->first + k].lat / (double)c->n_stations;
    }
    char date[16], code[64], primary[64];
    int y, m, d;
    je_civil_from_days(x->day, &y, &m, &d);
    snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
    const char *unit = by_station ? s0->code : s0->city;
    snprintf(code, sizeof code, "%s/%s", unit, date);
    int valid = 0;
    for (int p = 0; p < JE_AQ_NPOL; p++)
        valid += x->hours[p];
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(code));
    json_object_set_new(o, "unit", json_string(unit));
    json_object_set_new(o, "name_zh", jstr(by_station ? s0->name_zh : s0->city_zh));
    json_object_set_new(o, "name_en", jstr(by_station ? s0->name_en : s0->city_en));
    json_object_set_new(o, "jurisdiction", json_string(s0->jurisdiction));
    json_object_set_new(o, "date", json_string(date));
    json_object_set_new(o, "aqi", jnum(x->aqi.aqi));
    json_object_set_new(o, "level", x->aqi.level ? json_integer(x->aqi.level) : json_null());
    json_object_set_new(o, "category_zh", x->aqi.level ? json_string(je_aqi_category_zh(x->aqi.level)) : json_null());
    json_object_set_new(o, "category_en", x->aqi.level ? json_string(je_aqi_category_en(x->aqi.level)) : json_null());
    json_object_set_new(o, "colour", x->aqi.level ? json_string(je_aqi_colour(x->aqi.level)) : json_null());
    json_object_set_new(o, "primary", jstr(je_aqi_primary_format(x->aqi.primary, primary, sizeof primary)));
    json_object_set_new(o, "so2", jnum(x->mean24[JE_AQ_SO2]));
    json_object_set_new(o, "no2", jnum(x->mean24[JE_AQ_NO2]));
    json_object_set_new(o, "co", jnum(x->mean24[JE_AQ_CO]));
    json_object_set_new(o, "o3_1h", jnum(x->o3_max1h));
    json_object_set_new(o, "o3_8h", jnum(x->o3_mda8));
    json_object_set_new(o, "pm10", jnum(x->mean24[JE_AQ_PM10]));
    json_object_set_new(o, "pm25", jnum(x->mean24[JE_AQ_PM25]));
    json_object_set_new(o, "valid_hours", json_integer(valid));
    json_object_set_new(o, "standard", json_string(je_aq_std_name(x->aqi.std)));
    json_object_set_new(o, "lon", jnum(lon));
    json_object_set_new(o, "lat", jnum(lat));
    return o;
}

je_status api_air_daily(req *r, result *out, je_error *err)
{
    je_air_filter f = {0};
    f.city = req_param(r, "city");
    f.station = req_param(r, "station");
    f.jurisdiction = req_param(r, "jurisdiction");
    const char *by = req_param(r, "by");
    int by_station = 0;
    if (by && strcmp(by, "station") == 0)
        by_station = 1;
    else if (by && strcmp(by, "city") != 0)
        return je_error_set(err, JE_EINVAL, "by: '%s' is not city or station", by);
    int64_t d0, d1;
    je_status st = day_range(r, &d0, &d1, err);
    if (st != JE_OK)
        return st;
    je_aq_daily_opts opts = {JE_AQ_STD_AUTO, JE_AQI_CEIL};
    je_air_units u;
    if ((st = je_air_units_load(r->db, &f, by_station, d0, (size_t)(d1 - d0 + 1), &opts, &u,
                                err)) != JE_OK) {
        je_air_units_free(&u);
        return st;
    }
    out->rows = json_array();
    for (size_t i = 0; i < u.n; i++)
        for (size_t k = 0; k < u.n_days; k++)
            json_array_append_new(out->rows, day_row(&u, &u.city[i], &u.city[i].days[k], by_station));
    je_air_units_free(&u);
    return JE_OK;
}

/* GET /api/v1/air/assessment?year=Y (default: the latest year with data): the annual assessment of each city (HJ 663-2013
 * from the city's daily means, judged against GB 3095 Grade II of the edition in force
 * on the year's last day), as `jointenv air assess --year Y`. */
je_status api_air_assessment(req *r, result *out, je_error *err)
{
    long year = 0;
    je_status st = dash_int(r, "year", 1900, 2200, &year, err);
    if (st != JE_OK)
        return st;
    if (year == 0) { /* the latest year with data */
        int64_t first, last;
        if ((st = je_store_air_days(r->db, &first, &last, err)) != JE_OK)
            return st == JE_ENOTFOUND ? je_error_set(err, JE_ENOTFOUND, "no hourly air data stored")
                                      : st;
        int y, m, d;
        je_civil_from_days(last, &y, &m, &d);
        year = y;
    }
    je_air_filter f = {0};
    f.city = req_param(r, "city");
    f.jurisdiction = req_param(r, "jurisdiction");
    int64_t d0 = je_days_from_civil((int)year, 1, 1), d1 = je_days_from_civil((int)year, 12, 31);
    je_aq_daily_opts opts = {JE_AQ_STD_AUTO, JE_AQI_CEIL};
    je_air_units u;
    if ((st = je_air_units_load(r->db, &f, 0, d0, (size_t)(d1 - d0 + 1), &opts, &u, err)) !=
        JE_OK) {
        je_air_units_free(&u);
        return st;
    }
    je_gb3095_ed ed = je_gb3095_for_day(d1);
    out->rows = json_array();
    for (size_t i = 0; st == JE_OK && i < u.n; i++) {
        const je_air_station *s0 = &u.stations[u.city[i].first];
        je_aq_annual an;
        if ((st = je_aq_annual_compute(u.city[i].days, u.n_days, (int)year, ed, &an, err)) !=
            JE_OK)
            break;
        json_t *o = json_object();
        json_object_set_new(o, "code", json_string(s0->city));
        json_object_set_new(o, "city_zh", json_string(s0->city_zh));
        json_object_set_new(o, "city_en", json_string(s0->city_en));
        json_object_set_new(o, "jurisdiction", json_string(s0->jurisdiction));
        json_object_set_new(o, "year", json_integer(year));
        json_object_set_new(o, "standard", json_string(je_gb3095_name(an.edition)));
        json_object_set_new(o, "aqi_days", json_integer(an.aqi_days));
        json_object_set_new(o, "good_days", json_integer(an.good_days));
        json_object_set_new(o, "good_pct", jnum(an.good_ratio * 100));
        json_object_set_new(o, "heavy_days", json_integer(an.level_days[5] + an.level_days[6]));
        json_object_set_new(o, "pm25", jnum(an.mean[JE_AQ_PM25]));
        json_object_set_new(o, "pm10", jnum(an.mean[JE_AQ_PM10]));
        json_object_set_new(o, "so2", jnum(an.mean[JE_AQ_SO2]));
        json_object_set_new(o, "no2", jnum(an.mean[JE_AQ_NO2]));
        json_object_set_new(o, "co_p95", jnum(an.pct[JE_AQ_CO]));
        json_object_set_new(o, "o3_p90", jnum(an.pct[JE_AQ_O3]));
        json_object_set_new(o, "composite", jnum(an.composite));
        json_object_set_new(o, "compliant",
                            an.meets_all < 0 ? json_null() : json_boolean(an.meets_all == 1));
        json_array_append_new(out->rows, o);
    }
    je_air_units_free(&u);
    return st;
}
