/*
 * stagger_rules.c — the rule-set JSON (format in docs/stagger.md) into a
 * je_stagger_rules. Strict: unknown members, missing members, wrong types and values
 * out of range are errors naming the member path ("kiln.min_run_days must be …").
 * Every object may carry a "source" or "notes" string, which is ignored.
 */
#include "jointenv/stagger.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    je_error *err;
} parser;

static je_status fail(const parser *p, const char *path, const char *fmt, ...) JE_PRINTF(3, 4);

static je_status fail(const parser *p, const char *path, const char *fmt, ...)
{
    char what[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return je_error_set_at(p->err, JE_EDATA, p->name, 0, 0, path, "%s %s", path, what);
}

static void join(char *buf, size_t size, const char *path, const char *key)
{
    snprintf(buf, size, "%s%s%s", path, path[0] ? "." : "", key);
}

static je_status members(const parser *p, json_t *obj, const char *path, const char *const *known)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        int ok = strcmp(key, "source") == 0 || strcmp(key, "notes") == 0;
        for (const char *const *k = known; *k && !ok; k++)
            ok = strcmp(*k, key) == 0;
        if (!ok) {
            char mp[128];
            join(mp, sizeof mp, path, key);
            return fail(p, mp, "is not a known member");
        }
    }
    return JE_OK;
}

static je_status object(const parser *p, json_t *parent, const char *path, const char *key,
                        json_t **out)
{
    char mp[128];
    join(mp, sizeof mp, path, key);
    *out = json_object_get(parent, key);
    if (!*out)
        return fail(p, mp, "is missing");
    if (!json_is_object(*out))
        return fail(p, mp, "must be an object");
    return JE_OK;
}

/* A number in [lo, hi]; `optional` leaves *out alone when absent. */
static je_status number(const parser *p, json_t *obj, const char *path, const char *key, double lo,
                        double hi, int optional, double *out)
{
    char mp[128];
    join(mp, sizeof mp, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (optional)
            return JE_OK;
        return fail(p, mp, "is missing");
    }
    if (!json_is_number(v))
        return fail(p, mp, "must be a number");
    double x = json_number_value(v);
    if (!(x >= lo && x <= hi))
        return fail(p, mp, "must be between %g and %g (got %g)", lo, hi, x);
    *out = x;
    return JE_OK;
}

static je_status integer(const parser *p, json_t *obj, const char *path, const char *key, int lo,
                         int hi, int optional, int *out)
{
    double x = *out;
    je_status st = number(p, obj, path, key, lo, hi, optional, &x);
    if (st != JE_OK)
        return st;
    if (x != floor(x)) {
        char mp[128];
        join(mp, sizeof mp, path, key);
        return fail(p, mp, "must be a whole number (got %g)", x);
    }
    *out = (int)x;
    return JE_OK;
}

static je_status boolean(const parser *p, json_t *obj, const char *path, const char *key, int *out)
{
    char mp[128];
    join(mp, sizeof mp, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v)
        return fail(p, mp, "is missing");
    if (!json_is_boolean(v))
        return fail(p, mp, "must be true or false");
    *out = json_is_true(v);
    return JE_OK;
}

static je_status quarters(const parser *p, json_t *obj, const char *path, const char *key,
                          int optional, double out[4])
{
    char mp[128];
    join(mp, sizeof mp, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (optional)
            return JE_OK;
        return fail(p, mp, "is missing");
    }
    if (!json_is_array(v) || json_array_size(v) != 4)
        return fail(p, mp, "must be an array of 4 numbers (Q1–Q4)");
    for (size_t i = 0; i < 4; i++) {
        json_t *x = json_array_get(v, i);
        if (!json_is_number(x) || !(json_number_value(x) >= 0) || json_number_value(x) > 92)
            return fail(p, mp, "[%zu] must be a number of days 0–92", i);
        out[i] = json_number_value(x);
    }
    return JE_OK;
}

static je_status parse_quota(const parser *p, json_t *root, je_stagger_rules *r)
{
    json_t *o;
    je_status st = object(p, root, "", "quota", &o);
    static const char *const known[] = {"base_days_quarter", "x_days_quarter",
                                        "deep_treatment_a_relief_days_year", NULL};
    if (st == JE_OK)
        st = members(p, o, "quota", known);
    if (st == JE_OK)
        st = quarters(p, o, "quota", "base_days_quarter", 0, r->base_days_quarter);
    if (st == JE_OK)
        st = quarters(p, o, "quota", "x_days_quarter", 1, r->x_days_quarter);
    if (st == JE_OK)
        st = number(p, o, "quota", "deep_treatment_a_relief_days_year", 0, 366, 1,
                    &r->deep_relief_days_year);
    return st;
}

/* "MM-DD" into month and day (a real day of a leap year). */
static je_status month_day(const parser *p, json_t *o, const char *path, const char *key, int *mo,
                           int *dd)
{
    char mp[128];
    join(mp, sizeof mp, path, key);
    json_t *v = json_object_get(o, key);
    if (!v)
        return fail(p, mp, "is missing");
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    char tail;
    if (!json_is_string(v) || sscanf(json_string_value(v), "%2d-%2d%c", mo, dd, &tail) != 2 ||
        strlen(json_string_value(v)) != 5 || *mo < 1 || *mo > 12 || *dd < 1 || *dd > mdays[*mo - 1])
        return fail(p, mp, "must be a day of the year \"MM-DD\" (e.g. \"11-15\")");
    return JE_OK;
}

/* Optional "heating": {"season_from": "11-15", "season_to": "03-15"} (201号, §4.1). */
static je_status parse_heating(const parser *p, json_t *root, je_stagger_rules *r)
{
    static const char *const known[] = {"season_from", "season_to", NULL};
    json_t *o = json_object_get(root, "heating");
    if (!o)
        return JE_OK;
    if (!json_is_object(o))
        return fail(p, "heating", "must be an object");
    je_status st = members(p, o, "heating", known);
    if (st == JE_OK)
        st = month_day(p, o, "heating", "season_from", &r->heat_from_month, &r->heat_from_day);
    if (st == JE_OK)
        st = month_day(p, o, "heating", "season_to", &r->heat_to_month, &r->heat_to_day);
    if (st != JE_OK)
        r->heat_from_month = 0;
    return st;
}

static je_status parse_multipliers(const parser *p, json_t *root, je_stagger_rules *r)
{
    json_t *o, *g;
    static const char *const known[] = {"grade", "special_cement_half_share",
                                        "special_cement_half_factor", NULL};
    static const char *const grades[] = {"A", "B", "C", "D", NULL};
    je_status st = object(p, root, "", "multipliers", &o);
    if (st == JE_OK)
        st = members(p, o, "multipliers", known);
    if (st == JE_OK)
        st = object(p, o, "multipliers", "grade", &g);
    if (st == JE_OK)
        st = members(p, g, "multipliers.grade", grades);
    for (int i = 0; i < JE_GRADE_COUNT && st == JE_OK; i++)
        st = number(p, g, "multipliers.grade", grades[i], 0, 10, 0, &r->grade_factor[i]);
    if (st == JE_OK)
        st = number(p, o, "multipliers", "special_cement_half_share", 0, 1, 0,
                    &r->special_half_share);
    if (st == JE_OK)
        st = number(p, o, "multipliers", "special_cement_half_factor", 0, 1, 0,
                    &r->special_half_factor);
    return st;
}

static je_status parse_exemptions(const parser *p, json_t *root, je_stagger_rules *r)
{
    json_t *o;
    static const char *const known[] = {"special_cement_full", "carbide_slag_only",
                                        "msw_coprocessing", "hazardous_waste_share", NULL};
    je_status st = object(p, root, "", "exemptions", &o);
    if (st == JE_OK)
        st = members(p, o, "exemptions", known);
    if (st == JE_OK)
        st = boolean(p, o, "exemptions", "special_cement_full", &r->exempt_special);
    if (st == JE_OK)
        st = boolean(p, o, "exemptions", "carbide_slag_only", &r->exempt_carbide);
    if (st == JE_OK)
        st = boolean(p, o, "exemptions", "msw_coprocessing", &r->exempt_msw);
    if (st == JE_OK)
        st = number(p, o, "exemptions", "hazardous_waste_share", 0, 1, 1,
                    &r->exempt_hazardous_share);
    return st;
}

static je_status parse_month_rules(const parser *p, json_t *root, je_stagger_rules *r)
{
    json_t *a = json_object_get(root, "month_rules");
    if (!a)
        return JE_OK;
    if (!json_is_array(a) || json_array_size(a) > JE_STAGGER_MONTH_RULES_MAX)
        return fail(p, "month_rules", "must be an array of at most %d objects",
                    JE_STAGGER_MONTH_RULES_MAX);
    static const char *const known[] = {"month",      "min_days",        "x_days",
                                        "before_day", "min_days_before", NULL};
    je_status st = JE_OK;
    for (size_t i = 0; i < json_array_size(a) && st == JE_OK; i++) {
        char path[64];
        snprintf(path, sizeof path, "month_rules[%zu]", i);
        json_t *o = json_array_get(a, i);
        if (!json_is_object(o))
            return fail(p, path, "must be an object");
        je_stagger_month_rule *mr = &r->month_rules[i];
        *mr = (je_stagger_month_rule){0};
        st = members(p, o, path, known);
        if (st == JE_OK)
            st = integer(p, o, path, "month", 1, 12, 0, &mr->month);
        if (st == JE_OK)
            st = number(p, o, path, "min_days", 0, 31, 0, &mr->min_days);
        if (st == JE_OK)
            st = number(p, o, path, "x_days", 0, 31, 1, &mr->x_days);
        if (st == JE_OK)
            st = integer(p, o, path, "before_day", 0, 31, 1, &mr->before_day);
        if (st == JE_OK)
            st = number(p, o, path, "min_days_before", 0, 30, 1, &mr->min_days_before);
        if (st == JE_OK && mr->min_days_before > 0 && mr->before_day < 2)
            return fail(p, path, "has min_days_before without a before_day ≥ 2");
        if (st == JE_OK && mr->before_day > 0 && mr->min_days_before > mr->before_day - 1)
            return fail(p, path, "asks for more days before day %d than there are", mr->before_day);
        r->n_month_rules = i + 1;
    }
    return st;
}

static je_status parse_sections(const parser *p, json_t *root, je_stagger_rules *r)
{
    json_t *s, *k, *b;
    static const char *const sk[] = {"max_owed_days", "carry_over", "max_extra_days", NULL};
    static const char *const kk[] = {"min_run_days", "max_restarts_month", NULL};
    static const char *const bk[] = {"max_jurisdiction_stop_share", "fairness_tolerance", NULL};
    je_status st = object(p, root, "", "settlement", &s);
    if (st == JE_OK)
        st = members(p, s, "settlement", sk);
    if (st == JE_OK)
        st = number(p, s, "settlement", "max_owed_days", 0, 92, 0, &r->max_owed_days);
    if (st == JE_OK)
        st = boolean(p, s, "settlement", "carry_over", &r->carry_over);
    if (st == JE_OK)
        st = integer(p, s, "settlement", "max_extra_days", 0, 366, 0, &r->max_extra_days);
    if (st == JE_OK)
        st = object(p, root, "", "kiln", &k);
    if (st == JE_OK)
        st = members(p, k, "kiln", kk);
    if (st == JE_OK)
        st = integer(p, k, "kiln", "min_run_days", 1, 92, 0, &r->min_run_days);
    if (st == JE_OK)
        st = integer(p, k, "kiln", "max_restarts_month", 0, 31, 0, &r->max_restarts_month);
    if (st == JE_OK)
        st = object(p, root, "", "balance", &b);
    if (st == JE_OK)
        st = members(p, b, "balance", bk);
    if (st == JE_OK)
        st =
            number(p, b, "balance", "max_jurisdiction_stop_share", 0, 1, 0, &r->max_jur_stop_share);
    r->fairness_tol = -1;
    if (st == JE_OK)
        st = number(p, b, "balance", "fairness_tolerance", 0, 1, 1, &r->fairness_tol);
    return st;
}

static je_status parse_duty(const parser *p, json_t *v, const char *path, je_duty *out)
{
    static const char *const names[] = {"none", "cut", "stop", "stop-half"};
    if (json_is_string(v))
        for (int i = 0; i < 4; i++)
            if (strcmp(json_string_value(v), names[i]) == 0) {
                *out = (je_duty)i;
                return JE_OK;
            }
    return fail(p, path, "must be \"none\", \"cut\", \"stop\" or \"stop-half\"");
}

/* alert_duties.<grade>.transport: {"yellow": "ban-old-heavy", …}; a level left out
 * has none (§4.3). */
static je_status parse_transport(const parser *p, json_t *go, const char *path, je_transport out[5])
{
    static const char *const levels[] = {"blue", "yellow", "orange", "red", NULL};
    static const char *const names[] = {"none", "ban-old-heavy", "ban-all"};
    char tp[96];
    join(tp, sizeof tp, path, "transport");
    json_t *o = json_object_get(go, "transport");
    for (int lev = 0; lev < 5; lev++)
        out[lev] = JE_TRANSPORT_NONE;
    if (!o)
        return JE_OK;
    if (!json_is_object(o))
        return fail(p, tp, "must be an object of levels (blue, yellow, orange, red)");
    je_status st = members(p, o, tp, levels);
    for (int lev = 0; lev < 4 && st == JE_OK; lev++) {
        json_t *v = json_object_get(o, levels[lev]);
        if (!v)
            continue;
        char lp[128];
        join(lp, sizeof lp, tp, levels[lev]);
        int found = -1;
        for (int i = 0; i < 3 && json_is_string(v); i++)
            if (strcmp(json_string_value(v), names[i]) == 0)
                found = i;
        if (found < 0)
            return fail(p, lp, "must be \"none\", \"ban-old-heavy\" or \"ban-all\"");
        out[lev + 1] = (je_transport)found;
    }
    return st;
}

static je_status parse_duties(const parser *p, json_t *root, je_stagger_rules *r)
{
    json_t *o;
    static const char *const grades[] = {"A", "B", "C", "D", NULL};
    static const char *const levels[] = {"blue",      "yellow",    "orange", "red",
                                         "cut_share", "transport", NULL};
    je_status st = object(p, root, "", "alert_duties", &o);
    if (st == JE_OK)
        st = members(p, o, "alert_duties", grades);
    for (int g = 0; g < JE_GRADE_COUNT && st == JE_OK; g++) {
        json_t *go;
        char path[64];
        snprintf(path, sizeof path, "alert_duties.%s", grades[g]);
        if ((st = object(p, o, "alert_duties", grades[g], &go)) != JE_OK)
            break;
        if ((st = members(p, go, path, levels)) != JE_OK)
            break;
        double cut = 0;
        st = number(p, go, path, "cut_share", 0, 1, 1, &cut);
        int any_cut = 0;
        for (int lev = 0; lev < 4 && st == JE_OK; lev++) {
            json_t *v = json_object_get(go, levels[lev]);
            je_duty d = JE_DUTY_NONE;
            char lp[96];
            join(lp, sizeof lp, path, levels[lev]);
            if (v)
                st = parse_duty(p, v, lp, &d);
            r->duty[g][lev + 1] = d;
            r->cut_share[g][lev + 1] = d == JE_DUTY_CUT ? cut : 0;
            any_cut |= d == JE_DUTY_CUT;
        }
        if (st == JE_OK && any_cut && !(cut > 0))
            st = fail(p, path, "has a \"cut\" duty but no cut_share > 0");
        if (st == JE_OK)
            st = parse_transport(p, go, path, r->transport[g]);
    }
    return st;
}

static je_status parse_root(const parser *p, json_t *root, je_stagger_rules *r)
{
    static const char *const known[] = {"id",          "name",       "confidence",   "quota",
                                        "multipliers", "exemptions", "month_rules",  "settlement",
                                        "kiln",        "balance",    "alert_duties", "heating",
                                        NULL};
    if (!json_is_object(root))
        return fail(p, "(root)", "must be an object");
    je_status st = members(p, root, "", known);
    if (st != JE_OK)
        return st;
    json_t *id = json_object_get(root, "id");
    if (!json_is_string(id) || json_string_length(id) == 0 ||
        json_string_length(id) >= sizeof r->id)
        return fail(p, "id", "must be a non-empty string of at most %zu bytes", sizeof r->id - 1);
    snprintf(r->id, sizeof r->id, "%s", json_string_value(id));
    json_t *name = json_object_get(root, "name");
    if (name && !json_is_string(name))
        return fail(p, "name", "must be a string");
    snprintf(r->name, sizeof r->name, "%s", name ? json_string_value(name) : r->id);
    if ((st = parse_quota(p, root, r)) != JE_OK || (st = parse_multipliers(p, root, r)) != JE_OK ||
        (st = parse_exemptions(p, root, r)) != JE_OK ||
        (st = parse_month_rules(p, root, r)) != JE_OK ||
        (st = parse_sections(p, root, r)) != JE_OK || (st = parse_heating(p, root, r)) != JE_OK)
        return st;
    return parse_duties(p, root, r);
}

je_status je_stagger_rules_parse(const char *json, size_t len, const char *name,
                                 je_stagger_rules *out, je_error *err)
{
    if (!json || !out)
        return je_error_set(err, JE_EINVAL, "je_stagger_rules_parse: NULL argument");
    parser p = {name ? name : "(rules)", err};
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return je_error_set_at(err, JE_EDATA, p.name, je.line, je.column, NULL, "invalid JSON: %s",
                               je.text);
    je_stagger_rules r;
    memset(&r, 0, sizeof r);
    je_status st = parse_root(&p, root, &r);
    json_decref(root);
    if (st == JE_OK)
        *out = r;
    return st;
}

je_status je_stagger_rules_load(const char *path, je_stagger_rules *out, je_error *err)
{
    char *buf;
    size_t n;
    je_status st = je_file_read(path, 65536, &buf, &n, err); /* a rule set is small */
    if (st != JE_OK)
        return st;
    st = je_stagger_rules_parse(buf, n, path, out, err);
    free(buf);
    return st;
}
