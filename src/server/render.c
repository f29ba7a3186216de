/*
 * render.c — from a handler's rows to the response body: the jurisdiction and bbox
 * filters, cursor paging, and JSON, CSV or GeoJSON (RFC 7946: a FeatureCollection of
 * Points, coordinates [lon, lat] in WGS 84).
 */
#include "server/internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT_DEFAULT 100
#define LIMIT_MAX 1000

/* Numbers as the API writes them: 15 significant digits (every decimal a user typed
   comes back as typed; jansson's default 17 would print 0.1 as 0.10000000000000001). */
#define JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

static je_status parse_bbox(const char *s, double b[4], je_error *err)
{
    char *end;
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        errno = 0;
        b[i] = strtod(p, &end);
        if (end == p || errno != 0 || !isfinite(b[i]) || (i < 3 && *end != ',') ||
            (i == 3 && *end != '\0'))
            return je_error_set(err, JE_EINVAL,
                                "bbox: '%s' is not minlon,minlat,maxlon,maxlat (degrees)", s);
        p = end + 1;
    }
    if (b[0] > b[2] || b[1] > b[3])
        return je_error_set(err, JE_EINVAL, "bbox: minimum above maximum in '%s'", s);
    return JE_OK;
}

static je_status parse_limit(const char *s, size_t *out, je_error *err)
{
    char *end;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : LIMIT_DEFAULT;
    if (s && (end == s || *end != '\0' || errno != 0 || v < 1 || v > LIMIT_MAX))
        return je_error_set(err, JE_EINVAL, "limit: '%s' is not a whole number 1-%d", s,
                            LIMIT_MAX);
    *out = (size_t)v;
    return JE_OK;
}

/* Keep the rows that pass the filters (in place). */
static je_status filter_rows(const route *rt, const req *r, json_t *rows, je_error *err)
{
    const char *jur = (rt->flags & ROUTE_FILTER_J) ? req_param(r, "jurisdiction") : NULL;
    const char *bb = (rt->flags & ROUTE_GEO) ? req_param(r, "bbox") : NULL;
    double b[4];
    if (bb) {
        je_status st = parse_bbox(bb, b, err);
        if (st != JE_OK)
            return st;
    }
    if (jur == NULL && bb == NULL)
        return JE_OK;
    size_t k = 0;
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *o = json_array_get(rows, i);
        if (jur) {
            const char *j = json_string_value(json_object_get(o, "jurisdiction"));
            if (j == NULL || strcmp(j, jur) != 0)
                continue;
        }
        if (bb) {
            double lon = json_number_value(json_object_get(o, "lon"));
            double lat = json_number_value(json_object_get(o, "lat"));
            if (!json_is_number(json_object_get(o, "lon")) || lon < b[0] || lon > b[2] ||
                lat < b[1] || lat > b[3])
                continue;
        }
        if (k != i)
            json_array_set(rows, k, o);
        k++;
    }
    while (json_array_size(rows) > k)
        json_array_remove(rows, json_array_size(rows) - 1);
    return JE_OK;
}

static int by_code(const void *a, const void *b)
{
    const char *x = json_string_value(json_object_get(*(json_t *const *)a, "code"));
    const char *y = json_string_value(json_object_get(*(json_t *const *)b, "code"));
    return strcmp(x ? x : "", y ? y : "");
}

/* Sort by code; keep the page after `cursor` of at most `limit` rows; *next is the
   last code of the page when more follow (malloc'ed), else NULL. */
static je_status page_rows(json_t **rows, const char *cursor, size_t limit, char **next,
                           je_error *err)
{
    size_t n = json_array_size(*rows);
    json_t **v = malloc((n ? n : 1) * sizeof *v);
    if (v == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        v[i] = json_array_get(*rows, i);
    qsort(v, n, sizeof *v, by_code);
    json_t *page = json_array();
    size_t i = 0;
    if (cursor)
        while (i < n && strcmp(json_string_value(json_object_get(v[i], "code")), cursor) <= 0)
            i++;
    size_t end = i + limit < n ? i + limit : n;
    for (size_t k = i; k < end; k++)
        json_array_append(page, v[k]);
    *next = end < n && end > i ? strdup(json_string_value(json_object_get(v[end - 1], "code")))
                               : NULL;
    free(v);
    json_decref(*rows);
    *rows = page;
    return JE_OK;
}

/* RFC 4180 field: quoted when it holds a comma, quote or line break. */
static void csv_field(FILE *fp, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

static void csv_value(FILE *fp, json_t *v)
{
    if (json_is_string(v)) {
        csv_field(fp, json_string_value(v));
    } else if (json_is_true(v) || json_is_false(v)) {
        fputs(json_is_true(v) ? "true" : "false", fp);
    } else if (json_is_number(v)) {
        char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_FLAGS);
        if (t)
            fputs(t, fp);
        free(t);
    } /* null: empty */
}

static void write_csv(FILE *fp, json_t *rows)
{
    json_t *first = json_array_get(rows, 0);
    const char *key;
    json_t *v;
    int col = 0;
    json_object_foreach(first, key, v) {
        fputs(col++ ? "," : "", fp);
        csv_field(fp, key);
    }
    fputs("\r\n", fp);
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o) {
        col = 0;
        json_object_foreach(first, key, v) {
            fputs(col++ ? "," : "", fp);
            csv_value(fp, json_object_get(o, key));
        }
        fputs("\r\n", fp);
    }
}

static json_t *geojson(json_t *rows)
{
    json_t *features = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o) {
        json_t *lon = json_object_get(o, "lon"), *lat = json_object_get(o, "lat");
        if (!json_is_number(lon) || !json_is_number(lat))
            continue;
        json_t *props = json_deep_copy(o);
        json_object_del(props, "lon");
        json_object_del(props, "lat");
        json_array_append_new(features,
                              json_pack("{s:s, s:{s:s, s:[O, O]}, s:o}", "type", "Feature",
                                        "geometry", "type", "Point", "coordinates", lon, lat,
                                        "properties", props));
    }
    return json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", features);
}

je_status render(const route *rt, const req *r, result *res, char **body, size_t *len,
                 const char **ctype, char **link_next, je_error *err)
{
    *body = NULL;
    *link_next = NULL;
    json_t *doc = NULL;
    je_status st = JE_OK;
    if (res->raw) { /* a body as it is (an iCalendar file) */
        *body = res->raw;
        *len = res->raw_len;
        *ctype = res->raw_type;
        res->raw = NULL;
        return JE_OK;
    }
    if (res->doc) {
        doc = json_incref(res->doc);
        *ctype = "application/json";
    } else {
        if ((st = filter_rows(rt, r, res->rows, err)) != JE_OK)
            return st;
        if (r->fmt == FMT_GEOJSON) {
            doc = geojson(res->rows);
            *ctype = "application/geo+json";
        } else {
            size_t limit = LIMIT_DEFAULT;
            if ((st = parse_limit(req_param(r, "limit"), &limit, err)) != JE_OK ||
                (st = page_rows(&res->rows, req_param(r, "cursor"), limit, link_next, err)) !=
                    JE_OK)
                return st;
            if (r->fmt == FMT_CSV) {
                FILE *fp = open_memstream(body, len);
                if (fp == NULL)
                    return je_error_set(err, JE_ENOMEM, "out of memory");
                if (json_array_size(res->rows) > 0)
                    write_csv(fp, res->rows);
                if (fclose(fp) != 0)
                    return je_error_set(err, JE_ENOMEM, "out of memory");
                *ctype = "text/csv; charset=utf-8";
                return JE_OK;
            }
            doc = json_pack("{s:O, s:o}", "items", res->rows,
                            "next", *link_next ? json_string(*link_next) : json_null());
            *ctype = "application/json";
        }
    }
    *body = doc ? json_dumps(doc, JSON_FLAGS) : NULL;
    json_decref(doc);
    if (*body == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    *len = strlen(*body);
    return JE_OK;
}
