/*
 * jointenv/air_alerts.h — heavy-pollution alert episodes of the stored cities and the
 * joint regional alerts, for the CLI's `air alerts` and the HTTP API alike.
 *
 * An alert set is one AQI series per city (daily AQI from the stored hours, or a
 * forecast the caller fills in), each judged by the rule set of its jurisdiction
 * (je_alert_episodes, air.h; the rule-set format is docs/air-alerts.md), and the joint
 * regional alerts found across the cities (je_alert_joint_find).
 *
 * Ownership: a set owns its stations, series, AQI values, episodes and joint alerts;
 * je_alert_set_free releases all of them (safe on a zeroed or half-built set). Rule
 * sets are borrowed and must outlive the set.
 * Thread safety: one db per thread (store.h); the set itself is not shared.
 */
#ifndef JOINTENV_AIR_ALERTS_H
#define JOINTENV_AIR_ALERTS_H

#include "air.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One city's AQI series and the episodes found in it. */
typedef struct je_alert_series {
    const je_air_station *city; /* its first station: city code, names, jurisdiction,
                                   UTC offset (points into je_alert_set.stations) */
    double *aqi;                /* n values, malloc'd; aqi[i] is the step beginning
                                   t0 + i × step_s; NAN = no value */
    size_t n;
    int64_t t0;                  /* seconds since the epoch, UTC */
    const je_alert_rules *rules; /* the rule set it was judged by (borrowed; set by judge) */
    je_alert_episode *ep;        /* episodes (malloc'd by judge) */
    size_t n_ep;
} je_alert_series;

typedef struct je_alert_set {
    je_air_station *stations; /* malloc'd; the series' city pointers point into it */
    size_t n_stations;
    je_alert_series *s; /* malloc'd, n series, cities in the stations' order */
    size_t n;
    int64_t step_s;        /* 86400 for daily AQI, 3600 for a rolling 24-hour AQI each hour */
    je_alert_joint *joint; /* joint regional alerts (malloc'd by judge) */
    size_t n_joint;
} je_alert_set;

/* A jurisdiction's own rule set (both borrowed). */
typedef struct je_alert_rules_for {
    const char *jurisdiction; /* GB/T 2260 code */
    const je_alert_rules *rules;
} je_alert_rules_for;

/* The daily AQI series of every city with stations matching f (NULL = all), for
 * n_days local days from local day day0 (days since 1970-01-01): the HJ 633 daily AQI
 * of each city computed from its stations' stored hours (air_days.h: HJ 663 city
 * means, GB 3095 Table 4 validity). step_s is 86400 and each series starts at the
 * city's local midnight of day0 (t0 = day0 × 86400 − UTC offset). No episodes yet:
 * call je_alert_set_judge. JE_ENOTFOUND when no station matches; JE_ENOMEM; store
 * errors. Free with je_alert_set_free (also after a failure). */
JE_API je_status je_alert_set_from_store(je_db *db, const je_air_filter *f, int64_t day0,
                                         size_t n_days, const je_aq_daily_opts *opts,
                                         je_alert_set *out, je_error *err);

/* Judge every series of the set by its jurisdiction's rule set — the first entry of
 * `by` (n_by entries, may be NULL with 0) whose jurisdiction equals the city's, else
 * `dflt` — into its episodes (je_alert_episodes), then find the joint regional alerts
 * over all the cities (je_alert_joint_find). Replaces any earlier episodes. JE_EINVAL
 * when dflt is NULL or for more jurisdictions than JE_ALERT_MAX_SIDES; JE_ENOMEM. */
JE_API je_status je_alert_set_judge(je_alert_set *set, const je_alert_rules *dflt,
                                    const je_alert_rules_for *by, size_t n_by, je_error *err);

JE_API void je_alert_set_free(je_alert_set *set);

#ifdef __cplusplus
}
#endif

#endif
