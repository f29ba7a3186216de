/*
 * alert_store.c — alert sets (jointenv/air_alerts.h): the daily AQI of the stored
 * cities as series, each judged by its jurisdiction's rule set, and the joint
 * regional alerts. Moved here from the CLI so that `air alerts` and the API's
 * /api/v1/air/alerts give the same episodes from the same code.
 */
#include "jointenv/air_alerts.h"
#include "jointenv/air_days.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void je_alert_set_free(je_alert_set *set)
{
    if (set == NULL)
        return;
    for (size_t k = 0; set->s && k < set->n; k++) {
        free(set->s[k].aqi);
        free(set->s[k].ep);
    }
    free(set->s);
    free(set->stations);
    free(set->joint);
    memset(set, 0, sizeof *set);
}

je_status je_alert_set_from_store(je_db *db, const je_air_filter *f, int64_t day0, size_t n_days,
                                  const je_aq_daily_opts *opts, je_alert_set *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    out->step_s = 86400;
    je_air_units u;
    je_status st = je_air_units_load(db, f, 0, day0, n_days, opts, &u, err);
    if (st != JE_OK) {
        je_air_units_free(&u);
        return st;
    }
    /* the set takes the stations over; the day statistics are reduced to the AQI */
    out->stations = u.stations;
    out->n_stations = u.n_stations;
    u.stations = NULL;
    out->s = calloc(u.n ? u.n : 1, sizeof *out->s);
    if (out->s == NULL) {
        je_air_units_free(&u);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    out->n = u.n;
    for (size_t k = 0; k < u.n; k++) {
        je_alert_series *s = &out->s[k];
        s->city = &out->stations[u.city[k].first];
        s->n = u.n_days;
        s->t0 = day0 * 86400 - s->city->utc_offset_s;
        s->aqi = malloc((u.n_days ? u.n_days : 1) * sizeof *s->aqi);
        if (s->aqi == NULL) {
            je_air_units_free(&u);
            return je_error_set(err, JE_ENOMEM, "out of memory");
        }
        for (size_t d = 0; d < u.n_days; d++)
            s->aqi[d] = u.city[k].days[d].aqi.aqi;
    }
    je_air_units_free(&u);
    return JE_OK;
}

static const je_alert_rules *rules_of(const je_alert_rules *dflt, const je_alert_rules_for *by,
                                      size_t n_by, const char *jurisdiction)
{
    for (size_t i = 0; i < n_by; i++)
        if (by[i].jurisdiction && strcmp(by[i].jurisdiction, jurisdiction) == 0)
            return by[i].rules;
    return dflt;
}

je_status je_alert_set_judge(je_alert_set *set, const je_alert_rules *dflt,
                             const je_alert_rules_for *by, size_t n_by, je_error *err)
{
    if (dflt == NULL)
        return je_error_set(err, JE_EINVAL, "je_alert_set_judge: no default rule set");
    free(set->joint);
    set->joint = NULL;
    set->n_joint = 0;
    je_alert_city *ac = calloc(set->n ? set->n : 1, sizeof *ac);
    if (ac == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    je_status st = JE_OK;
    for (size_t k = 0; k < set->n && st == JE_OK; k++) {
        je_alert_series *s = &set->s[k];
        free(s->ep);
        s->ep = NULL;
        s->n_ep = 0;
        s->rules = rules_of(dflt, by, n_by, s->city->jurisdiction);
        if (s->n > 0)
            st = je_alert_episodes(s->rules, s->aqi, s->n, s->t0, set->step_s, &s->ep, &s->n_ep,
                                   err);
        ac[k] = (je_alert_city){s->city->city, s->city->jurisdiction, s->ep, s->n_ep};
    }
    if (st == JE_OK)
        st = je_alert_joint_find(ac, set->n, &set->joint, &set->n_joint, err);
    free(ac);
    return st;
}
