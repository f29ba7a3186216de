/*
 * limits.c — GB 3095 Grade limits read from a JSON file, for an annual assessment
 * judged against limits the user has confirmed. The GB 3095—2026 limit set other than
 * PM2.5 is V1 in our sources (standards.md §2.4): until it is checked against the
 * standard's text, a jurisdiction can assess with the values it has confirmed without
 * rebuilding jointenv. Format (every member but "base" and "limits" optional):
 *
 *   { "name": "GB 3095—2026 transitional, checked 2026-03-02",
 *     "base": "2026-transitional",            // 2012 | 2026-transitional | 2026
 *     "grade": 2,
 *     "limits": { "pm10": {"annual": 60, "24h": 120}, "o3": {"8h": 160}, "co": {"24h": 4} } }
 *
 * Values override the base edition's; µg/m³, CO mg/m³.
 */
#include "jointenv/air.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static je_status bad(je_error *err, const char *name, const char *what, const char *detail)
{
    return je_error_set(err, JE_EDATA, "%s: %s%s", name ? name : "<limits>", what,
                        detail ? detail : "");
}

static je_status set_limit(json_t *v, const char *name, const char *pol, const char *key,
                           double *dst, je_error *err)
{
    if (!json_is_number(v) || !(json_number_value(v) > 0))
        return je_error_set(err, JE_EDATA, "%s: limits.%s.%s must be a positive number",
                            name ? name : "<limits>", pol, key);
    *dst = json_number_value(v);
    return JE_OK;
}

je_status je_aq_limits_parse(const char *json, size_t len, const char *name, je_aq_limits *out,
                             char *title, size_t title_size, je_error *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL)
        return je_error_set(err, JE_EDATA, "%s:%d:%d: %s", name ? name : "<limits>", jerr.line,
                            jerr.column, jerr.text);
    je_status st = JE_OK;
    je_gb3095_ed ed = JE_GB3095_2012;
    int grade = 2;
    const char *key;
    json_t *v;
    if (!json_is_object(root)) {
        st = bad(err, name, "the file must hold one JSON object", NULL);
        goto done;
    }
    json_object_foreach(root, key, v)
    {
        if (strcmp(key, "name") && strcmp(key, "base") && strcmp(key, "grade") &&
            strcmp(key, "limits") && strcmp(key, "source")) {
            st = bad(err, name, "unknown member ", key);
            goto done;
        }
    }
    v = json_object_get(root, "base");
    if (v) {
        const char *b = json_string_value(v);
        if (b && strcmp(b, "2012") == 0)
            ed = JE_GB3095_2012;
        else if (b && strcmp(b, "2026-transitional") == 0)
            ed = JE_GB3095_2026_T;
        else if (b && strcmp(b, "2026") == 0)
            ed = JE_GB3095_2026;
        else {
            st = bad(err, name, "base must be \"2012\", \"2026-transitional\" or \"2026\"", NULL);
            goto done;
        }
    }
    v = json_object_get(root, "grade");
    if (v) {
        if (!json_is_integer(v) || (json_integer_value(v) != 1 && json_integer_value(v) != 2)) {
            st = bad(err, name, "grade must be 1 or 2", NULL);
            goto done;
        }
        grade = (int)json_integer_value(v);
    }
    je_gb3095_limits(ed, grade, out);
    json_t *lim = json_object_get(root, "limits");
    if (!json_is_object(lim)) {
        st = bad(err, name, "missing object \"limits\"", NULL);
        goto done;
    }
    json_t *pv;
    json_object_foreach(lim, key, pv)
    {
        je_aq_pol p;
        if (je_aq_pol_find(key, strlen(key), &p) != JE_OK || !json_is_object(pv)) {
            st = bad(err, name, "limits: unknown pollutant or not an object: ", key);
            goto done;
        }
        const char *k2;
        json_t *x;
        json_object_foreach(pv, k2, x)
        {
            int is_annual = strcmp(k2, "annual") == 0;
            /* the percentile's limit: 24h for all but O3, whose is the 8-hour one */
            int is_short = (p == JE_AQ_O3 && strcmp(k2, "8h") == 0) ||
                           (p != JE_AQ_O3 && strcmp(k2, "24h") == 0);
            if ((!is_annual && !is_short) || (is_annual && (p == JE_AQ_CO || p == JE_AQ_O3))) {
                st = je_error_set(err, JE_EDATA,
                                  "%s: limits.%s.%s is not a limit an annual assessment uses "
                                  "(annual and 24h; CO 24h; O3 8h)",
                                  name ? name : "<limits>", key, k2);
                goto done;
            }
            st =
                set_limit(x, name, key, k2, is_annual ? &out->annual[p] : &out->short_term[p], err);
            if (st != JE_OK)
                goto done;
        }
    }
    if (title && title_size) {
        const char *n = json_string_value(json_object_get(root, "name"));
        snprintf(title, title_size, "%s", n ? n : (name ? name : "limits file"));
    }
done:
    json_decref(root);
    return st;
}
