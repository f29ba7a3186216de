/*
 * air_days.c — daily statistics of cities or stations from the stored hours
 * (jointenv/air_days.h): the stations' hours from the store, the city hour as their
 * mean (HJ 663-2013 §4.1), then je_aq_daily.
 */
#include "jointenv/air_days.h"

#include <stdlib.h>
#include <string.h>

void je_air_units_free(je_air_units *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->city[i].days);
    free(a->city);
    free(a->stations);
    memset(a, 0, sizeof *a);
}

/* The daily statistics of every city (or station) with stations matching the filter. */
je_status je_air_units_load(je_db *db, const je_air_filter *f, int by_station, int64_t day0,
                            size_t n_days, const je_aq_daily_opts *opts, je_air_units *out,
                            je_error *err)
{
    memset(out, 0, sizeof *out);
    je_status st = je_store_air_stations(db, f, &out->stations, &out->n_stations, err);
    if (st != JE_OK)
        return st;
    if (out->n_stations == 0)
        return je_error_set(err, JE_ENOTFOUND,
                            "no air stations match (import them: jointenv import air-stations "
                            "FILE)");
    out->day0 = day0;
    out->n_days = n_days;
    out->city = calloc(out->n_stations, sizeof *out->city);
    double *city_hours = malloc(JE_AQ_NPOL * 24 * n_days * sizeof *city_hours);
    int *nst = malloc(24 * n_days * sizeof *nst);
    if (out->city == NULL || city_hours == NULL || nst == NULL) {
        free(city_hours);
        free(nst);
        je_air_units_free(out);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    /* Stations come ordered by jurisdiction, city, code: a city is a run of them. */
    for (size_t s = 0; s < out->n_stations && st == JE_OK;) {
        size_t e = s;
        while (e < out->n_stations && strcmp(out->stations[e].city, out->stations[s].city) == 0 &&
               (!by_station || e == s))
            e++;
        je_air_unit *c = &out->city[out->n++];
        c->first = s;
        c->n_stations = e - s;
        je_air_hours h;
        st = je_store_air_hours(db, &out->stations[s], e - s, day0, n_days, &h, err);
        if (st != JE_OK)
            break;
        const double **ptrs = malloc((e - s) * JE_AQ_NPOL * sizeof *ptrs);
        const double *const **per = malloc((e - s) * sizeof *per);
        c->days = calloc(n_days, sizeof *c->days);
        if (ptrs == NULL || per == NULL || c->days == NULL) {
            free(ptrs);
            free(per);
            je_air_hours_free(&h);
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        for (size_t k = 0; k < e - s; k++) {
            for (int p = 0; p < JE_AQ_NPOL; p++)
                ptrs[k * JE_AQ_NPOL + (size_t)p] = je_air_hours_series(&h, k, (je_aq_pol)p);
            per[k] = &ptrs[k * JE_AQ_NPOL];
        }
        double *outp[JE_AQ_NPOL];
        for (int p = 0; p < JE_AQ_NPOL; p++)
            outp[p] = city_hours + (size_t)p * 24 * n_days;
        je_aq_city_hours(per, e - s, 24 * n_days, outp, nst);
        const double *in[JE_AQ_NPOL];
        for (int p = 0; p < JE_AQ_NPOL; p++)
            in[p] = outp[p];
        st = je_aq_daily(in, day0, n_days, opts, c->days, err);
        c->max_stations = 0;
        for (size_t i = 0; i < 24 * n_days; i++)
            if (nst[i] > c->max_stations)
                c->max_stations = nst[i];
        free(ptrs);
        free(per);
        je_air_hours_free(&h);
        s = e;
    }
    free(city_hours);
    free(nst);
    if (st != JE_OK)
        je_air_units_free(out);
    return st;
}

