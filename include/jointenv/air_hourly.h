/*
 * jointenv/air_hourly.h — the real-time (hourly) AQI of stored stations (HJ 633 实时报),
 * computed from the stored hours when asked, for the dashboard's hour slider and the
 * API's /api/v1/air/hourly.
 *
 * Items of each station-hour (docs/air.md §3, STANDARDS.md):
 *  - SO2, NO2, CO and O3 1-hour values, rated on the 1-hour breakpoints;
 *  - HJ 633-2012: O3 8-hour moving mean of the hour and the 7 before it (≥ 6 valid
 *    hours, GB 3095-2012 Table 4); PM10 and PM2.5 24-hour moving means of the hour and
 *    the 23 before it (≥ 20 valid hours, GB 3095-2012 Table 4), on the 24-hour
 *    breakpoints; the SO2 24-hour moving mean rates SO2 above 800 µg/m³ 1-hour
 *    (HJ 633-2012 Table 1 note 2);
 *  - HJ 633—2026: PM10 and PM2.5 1-hour values on the 24-hour breakpoints, no O3 8-hour
 *    item (§4.2.3; concentrations rounded first by je_aqi_compute).
 * The version is chosen by each hour's local day when std is JE_AQ_STD_AUTO. The
 * moving means reach back into the day before `day0`, which is read for that.
 *
 * Thread safety: one db per thread (store.h).
 */
#ifndef JOINTENV_AIR_HOURLY_H
#define JOINTENV_AIR_HOURLY_H

#include "air.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct je_air_hourly {
    je_air_station *stations; /* malloc'd, ordered by jurisdiction, city, code */
    size_t n_stations;
    int64_t day0;  /* first local day (days since 1970-01-01) */
    size_t n_days; /* hours: 24 × n_days per station */
    /* [station][hour]: the real-time AQI of the hour beginning
       day0 × 86400 − station's UTC offset + hour × 3600; aqi NAN when nothing rated */
    je_aqi_result *aqi;
} je_air_hourly;

/* The result of station s (index into stations), hour h (0 … 24 × n_days − 1). */
JE_API const je_aqi_result *je_air_hourly_at(const je_air_hourly *h, size_t s, size_t hour);

/* The hourly AQI of every station matching f (NULL = all) for n_days local days from
 * day0 (1 … 366). JE_ENOTFOUND when no station matches; JE_EINVAL for n_days out of
 * range; JE_ENOMEM; store errors. Free with je_air_hourly_free (also after a
 * failure). */
JE_API je_status je_air_hourly_load(je_db *db, const je_air_filter *f, int64_t day0, size_t n_days,
                                    je_aq_std std, je_aqi_rounding rounding, je_air_hourly *out,
                                    je_error *err);
JE_API void je_air_hourly_free(je_air_hourly *h);

#ifdef __cplusplus
}
#endif

#endif
