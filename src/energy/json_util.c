/*
 * json_util.c — strict reading of the energy JSON files (factors, dual-control
 * targets, pathway scenarios, coal targets): every error names the member path,
 * unknown members are rejected, documentation members are allowed everywhere.
 */
#include "energy/energy_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

je_status jp_fail(const jparser *p, const char *path, const char *fmt, ...)
{
    char what[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return je_error_set_at(p->err, JE_EDATA, p->name, 0, 0, path, "%s%s%s", path,
                           path[0] ? " " : "", what);
}

void jp_join(char *buf, size_t size, const char *path, const char *key)
{
    /* a member path longer than buf is cut (it only names the member in messages) */
    int n = snprintf(buf, size, "%s%s%s", path, path[0] ? "." : "", key);
    if (n < 0 && size > 0)
        buf[0] = '\0';
}

je_status jp_members(const jparser *p, json_t *obj, const char *path, const char *const *known)
{
    static const char *const doc[] = {"source", "notes", "confidence", "name", "id", NULL};
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        int ok = 0;
        for (const char *const *k = doc; *k && !ok; k++)
            ok = strcmp(*k, key) == 0;
        for (const char *const *k = known; k && *k && !ok; k++)
            ok = strcmp(*k, key) == 0;
        if (!ok) {
            char mp[160];
            jp_join(mp, sizeof mp, path, key);
            return jp_fail(p, mp, "is not a known member");
        }
    }
    return JE_OK;
}

je_status jp_object(const jparser *p, json_t *obj, const char *path, const char *key, int optional,
                    json_t **out)
{
    char mp[160];
    jp_join(mp, sizeof mp, path, key);
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v)
        return optional ? JE_OK : jp_fail(p, mp, "is missing");
    if (!json_is_object(v))
        return jp_fail(p, mp, "must be an object");
    *out = v;
    return JE_OK;
}

je_status jp_number(const jparser *p, json_t *obj, const char *path, const char *key, double lo,
                    double hi, int optional, double *out)
{
    char mp[160];
    jp_join(mp, sizeof mp, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v)
        return optional ? JE_OK : jp_fail(p, mp, "is missing");
    if (!json_is_number(v))
        return jp_fail(p, mp, "must be a number");
    double x = json_number_value(v);
    if (!(x >= lo && x <= hi))
        return jp_fail(p, mp, "must be between %g and %g (got %g)", lo, hi, x);
    *out = x;
    return JE_OK;
}

je_status jp_int(const jparser *p, json_t *obj, const char *path, const char *key, int lo, int hi,
                 int optional, int *out)
{
    double x = *out;
    je_status st = jp_number(p, obj, path, key, lo, hi, optional, &x);
    if (st != JE_OK)
        return st;
    if (x != floor(x)) {
        char mp[160];
        jp_join(mp, sizeof mp, path, key);
        return jp_fail(p, mp, "must be a whole number (got %g)", x);
    }
    *out = (int)x;
    return JE_OK;
}

je_status jp_string(const jparser *p, json_t *obj, const char *path, const char *key, int optional,
                    char *out, size_t size)
{
    char mp[160];
    jp_join(mp, sizeof mp, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v)
        return optional ? JE_OK : jp_fail(p, mp, "is missing");
    if (!json_is_string(v))
        return jp_fail(p, mp, "must be a string");
    if (json_string_length(v) >= size)
        return jp_fail(p, mp, "is too long (at most %zu bytes)", size - 1);
    snprintf(out, size, "%s", json_string_value(v));
    return JE_OK;
}

je_status jp_parse_root(const jparser *p, const char *json, size_t len, json_t **out)
{
    json_error_t je;
    *out = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (*out == NULL)
        return je_error_set_at(p->err, JE_EDATA, p->name, je.line, je.column, NULL,
                               "invalid JSON: %s", je.text);
    if (!json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return jp_fail(p, "", "the file must hold a JSON object");
    }
    return JE_OK;
}

je_status jp_read_file(const char *path, char **out, size_t *out_len, je_error *err)
{
    return je_file_read(path, 256 * 1024, out, out_len, err); /* factor files: ≤ 256 KiB */
}

je_status jp_growth(const jparser *p, json_t *v, const char *path, double lo, double hi,
                    je_growth_path *out)
{
    memset(out, 0, sizeof *out);
    if (json_is_number(v)) { /* one rate for every year */
        double x = json_number_value(v);
        if (!(x >= lo && x <= hi))
            return jp_fail(p, path, "must be between %g and %g (got %g)", lo, hi, x);
        out->n = 1;
        out->until[0] = 9999;
        out->rate[0] = x;
        return JE_OK;
    }
    if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > JE_PATH_SEGMENTS_MAX)
        return jp_fail(p, path, "must be a rate or an array of 1 to %d {until, rate}",
                       JE_PATH_SEGMENTS_MAX);
    static const char *const known[] = {"until", "rate", NULL};
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *s = json_array_get(v, i);
        char ep[160];
        snprintf(ep, sizeof ep, "%s[%zu]", path, i);
        if (!json_is_object(s))
            return jp_fail(p, ep, "must be an object {until, rate}");
        je_status st = jp_members(p, s, ep, known);
        if (st == JE_OK)
            st = jp_int(p, s, ep, "until", 1990, 2200, 0, &out->until[i]);
        if (st == JE_OK)
            st = jp_number(p, s, ep, "rate", lo, hi, 0, &out->rate[i]);
        if (st != JE_OK)
            return st;
        if (i > 0 && out->until[i] <= out->until[i - 1])
            return jp_fail(p, ep, "until must increase");
        out->n = i + 1;
    }
    return JE_OK;
}

je_status jp_share(const jparser *p, json_t *v, const char *path, const char *value_key, double lo,
                   double hi, je_share_path *out)
{
    memset(out, 0, sizeof *out);
    if (!json_is_array(v) || json_array_size(v) > JE_PATH_SEGMENTS_MAX)
        return jp_fail(p, path, "must be an array of at most %d {year, %s}", JE_PATH_SEGMENTS_MAX,
                       value_key);
    const char *known[] = {"year", value_key, NULL};
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *s = json_array_get(v, i);
        char ep[160];
        snprintf(ep, sizeof ep, "%s[%zu]", path, i);
        if (!json_is_object(s))
            return jp_fail(p, ep, "must be an object {year, %s}", value_key);
        je_status st = jp_members(p, s, ep, known);
        if (st == JE_OK)
            st = jp_int(p, s, ep, "year", 1990, 2200, 0, &out->year[i]);
        if (st == JE_OK)
            st = jp_number(p, s, ep, value_key, lo, hi, 0, &out->share[i]);
        if (st != JE_OK)
            return st;
        if (i > 0 && out->year[i] <= out->year[i - 1])
            return jp_fail(p, ep, "year must increase");
        out->n = i + 1;
    }
    return JE_OK;
}
