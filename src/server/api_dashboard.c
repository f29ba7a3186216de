/*
 * api_dashboard.c — what the dashboard's routes share (dates, numbers, shipped rule
 * files, the alert set of the stored cities) and the overview's headline figures:
 * alert episodes of the year, lines stopped on a day by the published schedule, and
 * the compensation balance of each pair of parties.
 */
#include "server/internal.h"

#include "jointenv/air_alerts.h"
#include "jointenv/compensation.h"
#include "jointenv/stagger_run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_RULES_FOR 8

je_status dash_day(const char *name, const char *s, int64_t *out, je_error *err)
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

char *dash_date(int64_t day, char *buf)
{
    int y, m, d;
    je_civil_from_days(day, &y, &m, &d);
    snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
    return buf;
}

je_status dash_int(const req *r, const char *name, long lo, long hi, long *out, je_error *err)
{
    const char *s = req_param(r, name);
    if (s == NULL)
        return JE_OK;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno != 0 || v < lo || v > hi)
        return je_error_set(err, JE_EINVAL, "%s: '%s' is not a whole number %ld-%ld", name, s, lo,
                            hi);
    *out = v;
    return JE_OK;
}

je_status dash_rules_path(const req *r, const char *name, char *buf, size_t size, je_error *err)
{
    if (r->data_root == NULL)
        return je_error_set(err, JE_ENOTFOUND,
                            "the server has no data folder for its rule files (start it with "
                            "jointenv serve, which finds data/, or set JOINTENV_DATA)");
    snprintf(buf, size, "%s/rules/%s", r->data_root, name);
    return JE_OK;
}

/* A shipped alert rule set by name ("air-alert-3level", with or without .json): only
   letters, digits and '-', so that no path is reachable but data/rules/air-alert-*. */
static je_status load_alert_rules(const req *r, const char *name, je_alert_rules **out,
                                  je_error *err)
{
    size_t n = strlen(name);
    if (n > 5 && strcmp(name + n - 5, ".json") == 0)
        n -= 5;
    if (n < 10 || n > 64 || strncmp(name, "air-alert-", 10) != 0 ||
        strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") < n)
        return je_error_set(err, JE_EINVAL,
                            "rules: '%s' is not a shipped alert rule set (air-alert-mee-2017, "
                            "air-alert-2018-guidance, air-alert-3level)",
                            name);
    char file[80], path[1200];
    snprintf(file, sizeof file, "%.*s.json", (int)n, name);
    je_status st = dash_rules_path(r, file, path, sizeof path, err);
    if (st != JE_OK)
        return st;
    size_t len;
    char *text = NULL;
    if ((st = je_file_read(path, 1 << 20, &text, &len, err)) != JE_OK)
        return st == JE_EIO ? je_error_set(err, JE_ENOTFOUND, "rules: no rule set '%s'", name) : st;
    st = je_alert_rules_parse(text, len, file, out, err);
    free(text);
    return st;
}

void dash_alerts_free(dash_alerts *a)
{
    je_alert_set_free(&a->set);
    for (size_t i = 0; i < a->n_rules; i++)
        je_alert_rules_free(a->rules[i]);
    memset(a, 0, sizeof *a);
}

je_status dash_alerts_load(const req *r, int64_t d0, int64_t d1, const char *rules,
                           const char *rules_for, dash_alerts *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    je_alert_rules_for by[MAX_RULES_FOR];
    char jur[MAX_RULES_FOR][16];
    size_t n_by = 0;
    je_status st = load_alert_rules(r, rules ? rules : "air-alert-mee-2017", &out->rules[0], err);
    if (st == JE_OK)
        out->n_rules = 1;
    for (const char *p = rules_for; st == JE_OK && p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        char name[80];
        if (eq == NULL || eq == p || (size_t)(eq - p) >= sizeof jur[0] || n_by == MAX_RULES_FOR ||
            len - (size_t)(eq - p) - 1 >= sizeof name) {
            st = je_error_set(err, JE_EINVAL,
                              "rules_for: '%s' is not CODE=RULES[,CODE=RULES] (at most %d), e.g. "
                              "500000=air-alert-3level",
                              rules_for, MAX_RULES_FOR);
            break;
        }
        snprintf(jur[n_by], sizeof jur[0], "%.*s", (int)(eq - p), p);
        snprintf(name, sizeof name, "%.*s", (int)(len - (size_t)(eq - p) - 1), eq + 1);
        if ((st = load_alert_rules(r, name, &out->rules[out->n_rules], err)) == JE_OK) {
            by[n_by] = (je_alert_rules_for){jur[n_by], out->rules[out->n_rules]};
            out->n_rules++;
            n_by++;
        }
        p = comma ? comma + 1 : p + len;
    }
    je_aq_daily_opts opts = {JE_AQ_STD_AUTO, JE_AQI_CEIL};
    if (st == JE_OK)
        st = je_alert_set_from_store(r->db, NULL, d0, (size_t)(d1 - d0 + 1), &opts, &out->set, err);
    if (st == JE_OK)
        st = je_alert_set_judge(&out->set, out->rules[0], by, n_by, err);
    if (st != JE_OK)
        dash_alerts_free(out);
    return st;
}

je_status dash_air_last(const req *r, int64_t *year_first, int64_t *last, je_error *err)
{
    int64_t first = 0;
    je_status st = je_store_air_days(r->db, &first, last, err);
    if (st == JE_ENOTFOUND)
        return je_error_set(err, JE_ENOTFOUND, "no hourly air data stored");
    if (st != JE_OK)
        return st;
    int y, m, d;
    je_civil_from_days(*last, &y, &m, &d);
    *year_first = je_days_from_civil(y, 1, 1);
    if (*year_first < first)
        *year_first = first;
    return JE_OK;
}

/* Alerts of the year (default: the year of the last stored day) — null without air data. */
static je_status overview_alerts(const req *r, json_t **out, je_error *err)
{
    *out = json_null();
    int64_t d0 = 0, d1 = 0;
    long year = 0;
    je_status st = dash_int(r, "year", 1990, 2100, &year, err);
    if (st != JE_OK)
        return st;
    je_error e2;
    if ((st = dash_air_last(r, &d0, &d1, &e2)) == JE_ENOTFOUND)
        return JE_OK;
    if (st != JE_OK)
        return je_error_set(err, st, "%s", e2.message);
    if (year) {
        d0 = je_days_from_civil((int)year, 1, 1);
        d1 = je_days_from_civil((int)year, 12, 31);
    }
    dash_alerts a;
    if ((st = dash_alerts_load(r, d0, d1, NULL, NULL, &a, &e2)) == JE_ENOTFOUND) {
        *out = json_pack("{s:s}", "message", e2.message);
        return JE_OK;
    }
    if (st != JE_OK)
        return je_error_set(err, st, "%s", e2.message);
    json_t *by = json_object();
    size_t episodes = 0;
    for (size_t k = 0; k < a.set.n; k++) {
        const char *j = a.set.s[k].city->jurisdiction;
        json_int_t was = json_integer_value(json_object_get(by, j));
        json_object_set_new(by, j, json_integer(was + (json_int_t)a.set.s[k].n_ep));
        episodes += a.set.s[k].n_ep;
    }
    char f[16], t[16];
    int y, m, d;
    je_civil_from_days(d0, &y, &m, &d);
    json_decref(*out);
    *out = json_pack("{s:i, s:s, s:s, s:I, s:I, s:o, s:s}", "year", y, "from", dash_date(d0, f),
                     "to", dash_date(d1, t), "episodes", (json_int_t)episodes, "joint",
                     (json_int_t)a.set.n_joint, "by_jurisdiction", by, "rules",
                     je_alert_rules_id(a.rules[0]));
    dash_alerts_free(&a);
    return JE_OK;
}

/* Lines stopped on the day by the published schedule, or why there are none. */
static je_status overview_stagger(const req *r, int64_t day, json_t **out, je_error *err)
{
    char date[16];
    dash_date(day, date);
    je_run run;
    je_error e2;
    je_status st = je_stagger_run_latest(r->db, &run, &e2);
    if (st == JE_ENOTFOUND) {
        *out = json_pack("{s:b, s:s, s:s}", "published", 0, "date", date, "message", e2.message);
        return JE_OK;
    }
    if (st != JE_OK)
        return je_error_set(err, st, "%s", e2.message);
    json_t *doc = run.output ? json_loads(run.output, 0, NULL) : NULL;
    size_t stopped = 0, i, k;
    double cap = 0;
    json_t *l, *s;
    json_array_foreach(json_object_get(doc, "lines"), i, l)
    {
        json_array_foreach(json_object_get(l, "stops"), k, s)
        {
            const char *f = json_string_value(json_object_get(s, "from"));
            const char *t = json_string_value(json_object_get(s, "to"));
            if (f && t && strcmp(f, date) <= 0 && strcmp(date, t) <= 0) {
                stopped++;
                cap += json_number_value(json_object_get(l, "capacity_t_d"));
                break;
            }
        }
    }
    json_int_t lines = (json_int_t)json_array_size(json_object_get(doc, "lines"));
    *out =
        json_pack("{s:b, s:s, s:I, s:I, s:f, s:I, s:O, s:O}", "published", 1, "date", date, "run",
                  (json_int_t)run.id, "lines_stopped", (json_int_t)stopped, "capacity_stopped_t_d",
                  cap, "lines", lines, "first_day", json_object_get(doc, "first_day"), "last_day",
                  json_object_get(doc, "last_day"));
    json_decref(doc);
    je_run_clear(&run);
    return *out ? JE_OK
                : je_error_set(err, JE_EINTERNAL, "run %lld: the stored schedule is not JSON",
                               (long long)run.id);
}

/* The balance of each pair: its last ledger line's running balance. */
static je_status overview_comp(const req *r, json_t **out, je_error *err)
{
    je_comp_ledger_row *l = NULL;
    size_t n = 0;
    je_status st = je_comp_ledger(r->db, NULL, NULL, &l, &n, err);
    if (st != JE_OK)
        return st;
    json_t *pairs = json_array();
    for (size_t i = 0; i < n; i++) {
        int last = 1; /* no later line of the same pair */
        for (size_t k = i + 1; k < n && last; k++)
            last = strcmp(l[k].party_a, l[i].party_a) || strcmp(l[k].party_b, l[i].party_b);
        if (!last)
            continue;
        char y[32];
        int64_t b = l[i].balance_fen;
        json_array_append_new(
            pairs, json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "party_a", l[i].party_a, "party_b",
                             l[i].party_b, "owes", b >= 0 ? l[i].party_a : l[i].party_b, "owed",
                             b >= 0 ? l[i].party_b : l[i].party_a, "balance_fen", (json_int_t)b,
                             "balance_yuan", je_comp_format_yuan(b >= 0 ? b : -b, y, sizeof y)));
    }
    free(l);
    *out = json_pack("{s:b, s:o}", "settled", n > 0, "pairs", pairs);
    return JE_OK;
}

je_status api_overview(req *r, result *out, je_error *err)
{
    const char *on = req_param(r, "date");
    int64_t day = 0;
    je_status st;
    if (on) {
        if ((st = dash_day("date", on, &day, err)) != JE_OK)
            return st;
    } else { /* today in the programme's local time (+08:00 for both demo sides) */
        day = je_time_local_day((int64_t)time(NULL), 8 * 3600);
    }
    json_t *alerts = NULL, *stagger = NULL, *comp = NULL;
    if ((st = overview_alerts(r, &alerts, err)) == JE_OK &&
        (st = overview_stagger(r, day, &stagger, err)) == JE_OK)
        st = overview_comp(r, &comp, err);
    if (st != JE_OK) {
        json_decref(alerts);
        json_decref(stagger);
        json_decref(comp);
        return st;
    }
    out->doc =
        json_pack("{s:o, s:o, s:o}", "alerts", alerts, "stagger", stagger, "compensation", comp);
    return out->doc ? JE_OK : je_error_set(err, JE_ENOMEM, "out of memory");
}
