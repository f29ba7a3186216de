/*
 * system.c — reading a zero-waste indicator system from JSON (jointenv/waste.h):
 * groups and indicators with formula, direction, target and weight; every error names
 * its place in the file (JSON path; line and column where jansson knows them).
 */
#include "jointenv/waste.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static je_status bad(je_error *err, const char *name, const char *fmt, ...) JE_PRINTF(3, 4);
static je_status bad(je_error *err, const char *name, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return je_error_set_at(err, JE_EDATA, name, 0, 0, NULL, "%s", msg);
}

/* A required string member into dst. */
static je_status get_str(json_t *o, const char *key, char *dst, size_t size, const char *name,
                         const char *path, je_error *err)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v) || json_string_length(v) == 0)
        return bad(err, name, "%s.%s: a non-empty string is required", path, key);
    if (json_string_length(v) >= size)
        return bad(err, name, "%s.%s: longer than %zu bytes", path, key, size - 1);
    memcpy(dst, json_string_value(v), json_string_length(v) + 1);
    return JE_OK;
}

static je_status get_num(json_t *o, const char *key, double *dst, double dflt, const char *name,
                         const char *path, je_error *err)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL) {
        if (isnan(dflt))
            return bad(err, name, "%s.%s: a number is required", path, key);
        *dst = dflt;
        return JE_OK;
    }
    if (!json_is_number(v))
        return bad(err, name, "%s.%s: must be a number", path, key);
    *dst = json_number_value(v);
    return JE_OK;
}

/* "num"/"den": a variable name or an array of 1–4 of them. */
static je_status get_terms(json_t *f, const char *key, char out[][48], size_t *n, int required,
                           const char *name, const char *path, je_error *err)
{
    json_t *v = json_object_get(f, key);
    *n = 0;
    if (v == NULL)
        return required ? bad(err, name, "%s.formula.%s: required", path, key) : JE_OK;
    json_t *one = json_is_string(v) ? v : NULL;
    size_t count = one ? 1 : json_array_size(v);
    if ((!one && !json_is_array(v)) || count == 0 || count > JE_WASTE_MAX_TERMS)
        return bad(err, name, "%s.formula.%s: a variable name or a list of 1-%d of them", path,
                   key, JE_WASTE_MAX_TERMS);
    for (size_t i = 0; i < count; i++) {
        json_t *s = one ? one : json_array_get(v, i);
        if (!json_is_string(s) || json_string_length(s) == 0 || json_string_length(s) >= 48)
            return bad(err, name, "%s.formula.%s[%zu]: a variable name (1-47 bytes)", path, key,
                       i);
        memcpy(out[i], json_string_value(s), json_string_length(s) + 1);
    }
    *n = count;
    return JE_OK;
}

static je_status parse_indicator(json_t *o, je_waste_indicator *x, const je_waste_system *sys,
                                 const char *name, const char *path, je_error *err)
{
    je_status st;
    memset(x, 0, sizeof *x);
    if (!json_is_object(o))
        return bad(err, name, "%s: an object is required", path);
    if ((st = get_str(o, "id", x->id, sizeof x->id, name, path, err)) != JE_OK ||
        (st = get_str(o, "group", x->group, sizeof x->group, name, path, err)) != JE_OK ||
        (st = get_str(o, "name_zh", x->name_zh, sizeof x->name_zh, name, path, err)) != JE_OK ||
        (st = get_str(o, "name_en", x->name_en, sizeof x->name_en, name, path, err)) != JE_OK ||
        (st = get_str(o, "unit", x->unit, sizeof x->unit, name, path, err)) != JE_OK)
        return st;
    size_t g = 0;
    while (g < sys->n_groups && strcmp(sys->groups[g].id, x->group) != 0)
        g++;
    if (g == sys->n_groups)
        return bad(err, name, "%s.group: no group '%s' in \"groups\"", path, x->group);
    const char *dir = json_string_value(json_object_get(o, "direction"));
    if (dir && strcmp(dir, "higher") == 0)
        x->direction = JE_WASTE_HIGHER;
    else if (dir && strcmp(dir, "lower") == 0)
        x->direction = JE_WASTE_LOWER;
    else
        return bad(err, name, "%s.direction: \"higher\" or \"lower\" (is better)", path);
    json_t *m = json_object_get(o, "mandatory");
    if (m && !json_is_boolean(m))
        return bad(err, name, "%s.mandatory: true or false", path);
    x->mandatory = json_is_true(m);
    json_t *f = json_object_get(o, "formula");
    const char *op = json_string_value(json_object_get(f, "op"));
    if (!json_is_object(f) || op == NULL)
        return bad(err, name, "%s.formula: an object with \"op\" (ratio, value or change)", path);
    if (strcmp(op, "ratio") == 0)
        x->formula = JE_WASTE_RATIO;
    else if (strcmp(op, "value") == 0)
        x->formula = JE_WASTE_VALUE;
    else if (strcmp(op, "change") == 0)
        x->formula = JE_WASTE_CHANGE;
    else
        return bad(err, name, "%s.formula.op: '%s' is not ratio, value or change", path, op);
    if ((st = get_terms(f, "num", x->num, &x->n_num, 1, name, path, err)) != JE_OK ||
        (st = get_terms(f, "den", x->den, &x->n_den, x->formula == JE_WASTE_RATIO, name, path,
                        err)) != JE_OK ||
        (st = get_num(f, "scale", &x->scale, 1.0, name, path, err)) != JE_OK)
        return st;
    if (x->formula != JE_WASTE_RATIO && (x->n_num != 1 || x->n_den != 0))
        return bad(err, name, "%s.formula: %s takes one variable in \"num\" and no \"den\"", path,
                   op);
    if (x->formula == JE_WASTE_CHANGE) {
        json_t *b = json_object_get(f, "base_year");
        if (!json_is_integer(b) || json_integer_value(b) < 1900 || json_integer_value(b) > 2200)
            return bad(err, name, "%s.formula.base_year: a year is required for change", path);
        x->base_year = (int)json_integer_value(b);
    }
    if ((st = get_num(o, "target", &x->target, NAN, name, path, err)) != JE_OK ||
        (st = get_num(o, "weight", &x->weight, 1.0, name, path, err)) != JE_OK)
        return st;
    if (!(x->target > 0) || !isfinite(x->target))
        return bad(err, name, "%s.target: must be above 0", path);
    if (!(x->weight >= 0) || !isfinite(x->weight))
        return bad(err, name, "%s.weight: must be 0 or more", path);
    const char *pv = json_string_value(json_object_get(o, "provenance"));
    snprintf(x->provenance, sizeof x->provenance, "%s", pv ? pv : "");
    return JE_OK;
}

je_status je_waste_system_parse(const char *json, size_t len, const char *name,
                                je_waste_system *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL)
        return je_error_set_at(err, JE_EDATA, name, je.line, je.column, NULL, "%s", je.text);
    je_status st = JE_OK;
    json_t *groups = json_object_get(root, "groups"), *inds = json_object_get(root, "indicators");
    if (!json_is_object(root) || !json_is_array(groups) || !json_is_array(inds) ||
        json_array_size(inds) == 0) {
        st = bad(err, name, "the file needs \"groups\" and a non-empty \"indicators\" list");
        goto out;
    }
    if ((st = get_str(root, "id", out->id, sizeof out->id, name, "$", err)) != JE_OK)
        goto out;
    out->groups = calloc(json_array_size(groups) + 1, sizeof *out->groups);
    out->ind = calloc(json_array_size(inds), sizeof *out->ind);
    if (out->groups == NULL || out->ind == NULL) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < json_array_size(groups) && st == JE_OK; i++) {
        char path[48];
        snprintf(path, sizeof path, "groups[%zu]", i);
        json_t *g = json_array_get(groups, i);
        je_waste_group *d = &out->groups[out->n_groups];
        if ((st = get_str(g, "id", d->id, sizeof d->id, name, path, err)) != JE_OK ||
            (st = get_str(g, "name_zh", d->name_zh, sizeof d->name_zh, name, path, err)) != JE_OK ||
            (st = get_str(g, "name_en", d->name_en, sizeof d->name_en, name, path, err)) != JE_OK)
            break;
        for (size_t k = 0; k < out->n_groups; k++)
            if (strcmp(out->groups[k].id, d->id) == 0)
                st = bad(err, name, "%s.id: '%s' appears twice", path, d->id);
        out->n_groups++;
    }
    for (size_t i = 0; i < json_array_size(inds) && st == JE_OK; i++) {
        char path[48];
        snprintf(path, sizeof path, "indicators[%zu]", i);
        st = parse_indicator(json_array_get(inds, i), &out->ind[i], out, name, path, err);
        for (size_t k = 0; k < i && st == JE_OK; k++)
            if (strcmp(out->ind[k].id, out->ind[i].id) == 0)
                st = bad(err, name, "%s.id: '%s' appears twice", path, out->ind[i].id);
        out->n_ind = i + 1;
    }
out:
    json_decref(root);
    if (st != JE_OK)
        je_waste_system_free(out);
    return st;
}

void je_waste_system_free(je_waste_system *s)
{
    if (s == NULL)
        return;
    free(s->groups);
    free(s->ind);
    memset(s, 0, sizeof *s);
}
