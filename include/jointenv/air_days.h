/*
 * jointenv/air_days.h — daily air-quality statistics of cities (or single stations)
 * computed from the stored hourly observations: the store (store.h) and the HJ 663 /
 * GB 3095 engine (air.h) together, for the CLI's `air daily|assess|alerts` and the
 * HTTP API alike.
 *
 * A city's hour is the mean of its stations' valid values in that hour (HJ 663-2013
 * §4.1: the city concentration is the arithmetic mean of its assessment stations); its
 * day statistics are then those of je_aq_daily (24-h means with ≥ 20 valid hours, O3
 * MDA8 with ≥ 14 of 17 windows; GB 3095 Table 4) and its AQI by HJ 633.
 *
 * Thread safety: uses the connection db; one db per thread.
 */
#ifndef JOINTENV_AIR_DAYS_H
#define JOINTENV_AIR_DAYS_H

#include "air.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One unit: a city (its stations' hourly mean) or one station. */
typedef struct je_air_unit {
    size_t first, n_stations; /* its stations: je_air_units.stations[first …] */
    int max_stations;         /* most stations reporting in one hour */
    je_aq_day *days;          /* n_days, from day0 */
} je_air_unit;

typedef struct je_air_units {
    je_air_station *stations; /* ordered by jurisdiction, city, code */
    size_t n_stations;
    je_air_unit *city; /* the units (cities, or stations with by_station) */
    size_t n;
    int64_t day0; /* local day number (days since 1970-01-01) of days[0] */
    size_t n_days;
} je_air_units;

/* Daily statistics of every city with stations matching f (NULL = all), or of every
 * station when by_station, for n_days local days from day0 (each station's own local
 * time). JE_ENOTFOUND when no station matches; JE_ENOMEM; store errors. Free with
 * je_air_units_free (also safe after a failure). */
JE_API je_status je_air_units_load(je_db *db, const je_air_filter *f, int by_station, int64_t day0,
                                   size_t n_days, const je_aq_daily_opts *opts,
                                   je_air_units *out, je_error *err);
JE_API void je_air_units_free(je_air_units *u);

#ifdef __cplusplus
}
#endif

#endif
