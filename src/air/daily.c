/*
 * daily.c — daily statistics of a site from its hourly values (HJ 663, GB 3095
 * Table 4 minimum data), the moving means of the hourly report, and a city's hourly
 * values from its stations (HJ 663 §4.1).
 *
 * Means are summed directly over each window (no running sum) so that a value is the
 * same whatever came before it in the series: engines are deterministic and a long
 * series does not accumulate rounding drift.
 */
#include "jointenv/air.h"

#include <math.h>
#include <stdint.h>

/* Mean of the valid (non-NAN) values of x[0 .. n−1]; *n_valid receives their count.
 * NAN when none. */
static double valid_mean(const double *x, size_t n, int *n_valid)
{
    double sum = 0.0;
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isnan(x[i])) {
            sum += x[i];
            k++;
        }
    }
    *n_valid = k;
    return k > 0 ? sum / k : NAN;
}

/* O3 of one day (24 values, or NULL when not measured): daily maximum 8-hour moving
 * mean over the 17 windows beginning 00:00 … 16:00 (HJ 663; they end 08:00 … 24:00,
 * so no hour of the next day enters), and daily maximum 1-hour value. */
static void ozone_day(const double *h, je_gb3095_ed ed, je_aq_day *d)
{
    d->o3_mda8 = NAN;
    d->o3_max1h = NAN;
    d->o3_windows = 0;
    if (h == NULL)
        return;
    double mda8 = NAN;
    for (size_t w = 0; w < JE_AQ_MDA8_WINDOWS; w++) {
        int k;
        double m = valid_mean(h + w, 8, &k);
        /* GB 3095-2012 Table 4: an 8-hour mean needs ≥ 6 hourly values. */
        if (k < JE_AQ_MIN_HOURS_8H)
            continue;
        d->o3_windows++;
        if (isnan(mda8) || m > mda8)
            mda8 = m;
    }
    /* ≥ 14 valid windows, or fewer when the maximum already exceeds the Grade II limit
     * (HJ 663 §4.3 note: missing data must not hide an exceedance). */
    if (d->o3_windows >= JE_AQ_MIN_WINDOWS_MDA8 ||
        mda8 > je_gb3095_limit(ed, JE_AQ_O3, JE_AQ_AVG_MDA8, 2))
        d->o3_mda8 = mda8;

    double max1h = NAN;
    int k = 0;
    for (size_t i = 0; i < 24; i++) {
        if (isnan(h[i]))
            continue;
        k++;
        if (isnan(max1h) || h[i] > max1h)
            max1h = h[i];
    }
    /* The same reasoning for the 1-hour maximum: a full day (≥ 20 hours, as for a
     * 24-hour mean), or an exceedance of the 1-hour Grade II limit. */
    if (k >= JE_AQ_MIN_HOURS_24H || max1h > je_gb3095_limit(ed, JE_AQ_O3, JE_AQ_AVG_1H, 2))
        d->o3_max1h = max1h;
}

je_status je_aq_daily(const double *const hours[JE_AQ_NPOL], int64_t day0, size_t n_days,
                      const je_aq_daily_opts *opts, je_aq_day *out, je_error *err)
{
    if (n_days == 0)
        return JE_OK;
    if (hours == NULL || out == NULL)
        return je_error_set(err, JE_EINVAL, "je_aq_daily: NULL argument");
    if (n_days > SIZE_MAX / 24 || day0 > INT64_MAX - (int64_t)n_days)
        return je_error_set(err, JE_EINVAL, "je_aq_daily: %zu days is too many", n_days);
    je_aq_daily_opts o = {JE_AQ_STD_AUTO, JE_AQI_CEIL};
    if (opts != NULL)
        o = *opts;
    for (size_t i = 0; i < n_days; i++) {
        je_aq_day *d = &out[i];
        d->day = day0 + (int64_t)i;
        for (int p = 0; p < JE_AQ_NPOL; p++) {
            d->mean24[p] = NAN;
            d->hours[p] = 0;
            if (hours[p] == NULL)
                continue;
            double m = valid_mean(hours[p] + 24 * i, 24, &d->hours[p]);
            /* GB 3095-2012 Table 4: a 24-hour mean needs ≥ 20 hourly values. */
            if (d->hours[p] >= JE_AQ_MIN_HOURS_24H)
                d->mean24[p] = m;
        }
        const double *o3 = hours[JE_AQ_O3] != NULL ? hours[JE_AQ_O3] + 24 * i : NULL;
        ozone_day(o3, je_gb3095_for_day(d->day), d);

        /* The daily report (HJ 633 §5.1.2): 24-hour means, O3 daily maximum 1 h (2012
         * only; je_aqi_compute ignores it for 2026) and daily maximum 8 h. */
        je_aqi_input in;
        je_aqi_input_clear(&in);
        in.conc[JE_AQI_SO2] = d->mean24[JE_AQ_SO2];
        in.conc[JE_AQI_NO2] = d->mean24[JE_AQ_NO2];
        in.conc[JE_AQI_CO] = d->mean24[JE_AQ_CO];
        in.conc[JE_AQI_PM10] = d->mean24[JE_AQ_PM10];
        in.conc[JE_AQI_PM25] = d->mean24[JE_AQ_PM25];
        in.conc[JE_AQI_O3_1H] = d->o3_max1h;
        in.conc[JE_AQI_O3_8H] = d->o3_mda8;
        in.so2_24h = NAN;
        je_status st = je_aqi_compute(&in, JE_AQI_DAILY, o.std, d->day, o.rounding, &d->aqi, err);
        if (st != JE_OK)
            return st;
    }
    return JE_OK;
}

void je_aq_moving_mean(const double *x, size_t n, size_t window, size_t min_valid, double *out)
{
    if (x == NULL || out == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        out[i] = NAN;
        if (window == 0 || i + 1 < window)
            continue; /* the window reaches before x[0] */
        int k;
        double m = valid_mean(x + (i + 1 - window), window, &k);
        if (k > 0 && (size_t)k >= min_valid)
            out[i] = m;
    }
}

void je_aq_city_hours(const double *const *const *station_hours, size_t n_stations, size_t n_hours,
                      double *const out[JE_AQ_NPOL], int *out_n_stations)
{
    for (size_t h = 0; h < n_hours; h++) {
        int stations = 0;
        double sum[JE_AQ_NPOL] = {0};
        int count[JE_AQ_NPOL] = {0};
        for (size_t s = 0; s < n_stations && station_hours != NULL; s++) {
            if (station_hours[s] == NULL)
                continue;
            int any = 0;
            for (int p = 0; p < JE_AQ_NPOL; p++) {
                const double *v = station_hours[s][p];
                if (v == NULL || isnan(v[h]))
                    continue;
                sum[p] += v[h];
                count[p]++;
                any = 1;
            }
            stations += any;
        }
        for (int p = 0; p < JE_AQ_NPOL && out != NULL; p++) {
            if (out[p] != NULL)
                out[p][h] = count[p] > 0 ? sum[p] / count[p] : NAN;
        }
        if (out_n_stations != NULL)
            out_n_stations[h] = stations;
    }
}
