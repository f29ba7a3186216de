/*
 * hourly_store.c — the real-time AQI of stored stations (jointenv/air_hourly.h): the
 * stations' hours from the store (one extra day before for the moving means), each
 * hour's items as HJ 633 says for the version in force that day, then je_aqi_compute.
 */
#include "jointenv/air_hourly.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void je_air_hourly_free(je_air_hourly *h)
{
    if (h == NULL)
        return;
    free(h->stations);
    free(h->aqi);
    memset(h, 0, sizeof *h);
}

const je_aqi_result *je_air_hourly_at(const je_air_hourly *h, size_t s, size_t hour)
{
    return &h->aqi[s * 24 * h->n_days + hour];
}

/* Mean of v[i − w + 1 … i] when at least min of them are valid (GB 3095-2012 Table 4),
   else NAN. i ≥ w − 1 always holds here (the day before is loaded). */
static double moving_mean(const double *v, size_t i, size_t w, int min)
{
    double sum = 0;
    int n = 0;
    for (size_t k = i + 1 - w; k <= i; k++)
        if (!isnan(v[k])) {
            sum += v[k];
            n++;
        }
    return n >= min ? sum / n : NAN;
}

je_status je_air_hourly_load(je_db *db, const je_air_filter *f, int64_t day0, size_t n_days,
                             je_aq_std std, je_aqi_rounding rounding, je_air_hourly *out,
                             je_error *err)
{
    memset(out, 0, sizeof *out);
    if (n_days < 1 || n_days > 366)
        return je_error_set(err, JE_EINVAL, "hourly AQI: 1 to 366 days at a time, not %zu", n_days);
    je_status st = je_store_air_stations(db, f, &out->stations, &out->n_stations, err);
    if (st != JE_OK)
        return st;
    if (out->n_stations == 0)
        return je_error_set(err, JE_ENOTFOUND, "no air station matches the selection");
    out->day0 = day0;
    out->n_days = n_days;
    size_t nh = 24 * n_days;
    out->aqi = malloc(out->n_stations * nh * sizeof *out->aqi);
    if (out->aqi == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    je_air_hours hours;
    if ((st = je_store_air_hours(db, out->stations, out->n_stations, day0 - 1, n_days + 1, &hours,
                                 err)) != JE_OK)
        return st;
    for (size_t s = 0; s < out->n_stations && st == JE_OK; s++) {
        const double *v[JE_AQ_NPOL];
        for (int p = 0; p < JE_AQ_NPOL; p++)
            v[p] = je_air_hours_series(&hours, s, (je_aq_pol)p);
        for (size_t h = 0; h < nh && st == JE_OK; h++) {
            size_t i = h + 24; /* index in the series, which begins a day earlier */
            int64_t day = day0 + (int64_t)(h / 24);
            je_aq_std ver = je_aq_std_resolve(std, day);
            je_aqi_input in;
            je_aqi_input_clear(&in);
            in.conc[JE_AQI_SO2] = v[JE_AQ_SO2][i];
            in.conc[JE_AQI_NO2] = v[JE_AQ_NO2][i];
            in.conc[JE_AQI_CO] = v[JE_AQ_CO][i];
            in.conc[JE_AQI_O3_1H] = v[JE_AQ_O3][i];
            if (ver == JE_AQ_STD_HJ633_2012) {
                in.conc[JE_AQI_O3_8H] = moving_mean(v[JE_AQ_O3], i, 8, JE_AQ_MIN_HOURS_8H);
                in.conc[JE_AQI_PM10] = moving_mean(v[JE_AQ_PM10], i, 24, JE_AQ_MIN_HOURS_24H);
                in.conc[JE_AQI_PM25] = moving_mean(v[JE_AQ_PM25], i, 24, JE_AQ_MIN_HOURS_24H);
                in.so2_24h = moving_mean(v[JE_AQ_SO2], i, 24, JE_AQ_MIN_HOURS_24H);
            } else {
                in.conc[JE_AQI_PM10] = v[JE_AQ_PM10][i];
                in.conc[JE_AQI_PM25] = v[JE_AQ_PM25][i];
            }
            st = je_aqi_compute(&in, JE_AQI_HOURLY, ver, day, rounding, &out->aqi[s * nh + h], err);
        }
    }
    je_air_hours_free(&hours);
    return st;
}
