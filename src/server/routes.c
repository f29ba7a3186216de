/*
 * routes.c — the one table of API routes, path matching, and the OpenAPI 3.0 document
 * generated from the table (so every route is documented and nothing documented is
 * missing; tests/server checks both directions over HTTP).
 */
#include "server/internal.h"

#include <stdlib.h>
#include <string.h>

static const param_doc no_params[] = {{NULL, NULL, NULL}};

static const param_doc section_params[] = {
    {"jurisdiction", "string", "sections in, flowing from or flowing into a jurisdiction"},
    {"river", "string", "river code, or its Chinese or English name"},
    {"boundary", "boolean", "true: only boundary sections"},
    {NULL, NULL, NULL}};

static const param_doc samples_params[] = {
    {"period", "string", "2022, 2022-Q1 or 2022-03 (default: all samples)"}, {NULL, NULL, NULL}};

static const param_doc assessment_params[] = {
    {"period", "string", "2022, 2022-Q1 or 2022-03 (default: the latest year with data)"},
    {"level", "string", "section (default), river, basin or jurisdiction"},
    {"jurisdiction", "string", "sections in, flowing from or flowing into a jurisdiction"},
    {"boundary", "boolean", "true: only boundary sections"},
    {NULL, NULL, NULL}};

static const param_doc limits_params[] = {
    {"waterbody", "string", "river (default) or lake: TP has its own lake limits"},
    {NULL, NULL, NULL}};

static const param_doc station_params[] = {
    {"city", "string", "city code, or its Chinese or English name"}, {NULL, NULL, NULL}};

static const param_doc air_daily_params[] = {
    {"city", "string", "city code, or its Chinese or English name"},
    {"station", "string", "one station"},
    {"by", "string", "city (default: the mean of its stations, HJ 663) or station"},
    {"from", "string", "first local date YYYY-MM-DD (default: 30 days before 'to')"},
    {"to", "string", "last local date YYYY-MM-DD (default: the last day with data)"},
    {NULL, NULL, NULL}};

static const param_doc imports_params[] = {{NULL, NULL, NULL}};

const route je_routes[] = {
    {"/api/v1/health", api_health, "meta", "Server and database state", no_params, 0},
    {"/api/v1/openapi.json", api_openapi, "meta", "This document", no_params, 0},
    {"/api/v1/jurisdictions", api_jurisdictions, "registry", "Jurisdictions", no_params,
     ROUTE_LIST},
    {"/api/v1/sections", api_sections, "water", "Water monitoring sections", section_params,
     ROUTE_LIST | ROUTE_GEO},
    {"/api/v1/sections/{code}", api_section, "water", "One section", no_params, 0},
    {"/api/v1/sections/{code}/samples", api_section_samples, "water",
     "A section's samples (values in mg/L; below detection: the limit, flagged)", samples_params,
     ROUTE_LIST},
    {"/api/v1/water/assessment", api_water_assessment, "water",
     "GB 3838-2002 class and target compliance per section, or status per river, basin or "
     "jurisdiction (2011 method)",
     assessment_params, ROUTE_LIST},
    {"/api/v1/water/limits", api_water_limits, "water",
     "GB 3838-2002 Table 1: each item's limit for classes I-V (DO a minimum; pH 6-9 for all)",
     limits_params, ROUTE_LIST},
    {"/api/v1/stations", api_stations, "air", "Air monitoring stations", station_params,
     ROUTE_LIST | ROUTE_GEO | ROUTE_FILTER_J},
    {"/api/v1/air/daily", api_air_daily, "air",
     "Daily AQI (HJ 633) and concentrations (ug/m3, CO mg/m3) of each city or station, from "
     "the stored hours; rows are unit/date",
     air_daily_params, ROUTE_LIST | ROUTE_GEO | ROUTE_FILTER_J},
    {"/api/v1/plants", api_plants, "cement", "Cement clinker lines", no_params,
     ROUTE_LIST | ROUTE_GEO | ROUTE_FILTER_J},
    {"/api/v1/receptors", api_receptors, "cement", "Population receptors", no_params,
     ROUTE_LIST | ROUTE_GEO | ROUTE_FILTER_J},
    {"/api/v1/imports", api_imports, "registry", "Accepted imports (provenance)", imports_params,
     ROUTE_LIST},
    /* >> issue 6 programme: tasks (H-A) */
    /* << issue 6 programme */
    /* >> issue 6 inspections: outfalls, patrols, draws, cases (H-B) */
    /* << issue 6 inspections */
    /* >> issue 4 stagger: scheduler (H-C) */
    /* << issue 4 stagger */
    /* >> issue 8 enterprises: enterprises, audit options, account runs (H-D) */
    /* << issue 8 enterprises */
    /* >> issue 9 ecology store: surveys, waste, genebank in the store (H-E) */
    {"/api/v1/waste/scores", api_waste_scores, "ecology",
     "Zero-waste cities (环固体〔2021〕114号 indicator system): composite score, rank, last "
     "year's composite and the change per district",
     eco_year_params, ROUTE_LIST | ROUTE_FILTER_J},
    {"/api/v1/waste/indicators", api_waste_indicators, "ecology",
     "Zero-waste indicators per district: value by the system's formula, its inputs, target, "
     "score 0-100, met",
     eco_indicator_params, ROUTE_LIST | ROUTE_FILTER_J},
    {"/api/v1/surveys/diversity", api_survey_diversity, "ecology",
     "Diversity of the stored Darwin Core surveys per site or jurisdiction: S, N, Shannon, "
     "Simpson, Chao1, ACE, richness rarefied to the smallest group's N",
     eco_diversity_params, ROUTE_LIST | ROUTE_FILTER_J},
    {"/api/v1/genebank", api_genebank, "ecology",
     "Gene-bank accessions with years since regeneration and status (regeneration due or "
     "overdue, low stock, ok)",
     eco_genebank_params, ROUTE_LIST | ROUTE_FILTER_J},
    {"/api/v1/forests", api_forests, "ecology",
     "Forest coverage and growing stock per unit and year against targets (progress, time "
     "elapsed, on track, met)",
     no_params, ROUTE_LIST | ROUTE_FILTER_J},
    /* << issue 9 ecology store */
};
const size_t je_nroutes = sizeof je_routes / sizeof je_routes[0];

/* Does path match pattern, whose one "{…}" segment matches any non-empty segment? */
static int match(const char *pattern, const char *path, char *buf, size_t size,
                 const char **path_arg)
{
    const char *open = strchr(pattern, '{');
    if (open == NULL)
        return strcmp(pattern, path) == 0;
    size_t pre = (size_t)(open - pattern);
    if (strncmp(pattern, path, pre) != 0)
        return 0;
    const char *close = strchr(open, '}');
    const char *seg = path + pre, *end = strchr(seg, '/');
    size_t n = end ? (size_t)(end - seg) : strlen(seg);
    if (n == 0 || n >= size)
        return 0;
    if (strcmp(close + 1, seg + n) != 0)
        return 0;
    memcpy(buf, seg, n);
    buf[n] = '\0';
    *path_arg = buf;
    return 1;
}

const route *route_match(const char *path, char *buf, size_t size, const char **path_arg,
                         int *geojson)
{
    *path_arg = NULL;
    *geojson = 0;
    size_t n = strlen(path);
    static const char ext[] = ".geojson";
    const size_t e = sizeof ext - 1;
    for (size_t i = 0; i < je_nroutes; i++) {
        const route *rt = &je_routes[i];
        if (match(rt->pattern, path, buf, size, path_arg))
            return rt;
        if ((rt->flags & ROUTE_GEO) && n > e && strcmp(path + n - e, ext) == 0 &&
            strncmp(rt->pattern, path, n - e) == 0 && strlen(rt->pattern) == n - e) {
            *geojson = 1;
            return rt;
        }
    }
    return NULL;
}

/* ---------------------------------------------------------------------------
 * OpenAPI 3.0
 * ------------------------------------------------------------------------- */

static json_t *param(const char *name, const char *in, const char *type, const char *desc,
                     int required)
{
    return json_pack("{s:s, s:s, s:b, s:s, s:{s:s}}", "name", name, "in", in, "required",
                     required, "description", desc, "schema", "type", type);
}

/* The parameters every route of a kind shares (server.h). */
static void common_params(json_t *a, unsigned flags)
{
    if (flags & ROUTE_LIST) {
        json_array_append_new(a, param("limit", "query", "integer", "rows per page, 1-1000 (100)", 0));
        json_array_append_new(a, param("cursor", "query", "string",
                                       "the 'next' of the previous page", 0));
        json_array_append_new(a, param("format", "query", "string", "json (default) or csv", 0));
    }
    if (flags & ROUTE_FILTER_J)
        json_array_append_new(a, param("jurisdiction", "query", "string",
                                       "GB/T 2260 code, e.g. 510000 or 500000", 0));
    if (flags & ROUTE_GEO)
        json_array_append_new(a, param("bbox", "query", "string", "minlon,minlat,maxlon,maxlat",
                                       0));
}

static json_t *operation(const route *rt, int geojson)
{
    json_t *params = json_array();
    const char *brace = strchr(rt->pattern, '{');
    if (brace) {
        char name[32];
        const char *close = strchr(brace, '}');
        snprintf(name, sizeof name, "%.*s", (int)(close - brace - 1), brace + 1);
        json_array_append_new(params, param(name, "path", "string", "the record's code", 1));
    }
    common_params(params, geojson ? (rt->flags & ~(unsigned)ROUTE_LIST) : rt->flags);
    for (const param_doc *p = rt->params; p->name; p++)
        json_array_append_new(params, param(p->name, "query", p->type, p->description, 0));
    const char *ctype = geojson ? "application/geo+json" : "application/json";
    json_t *ok = json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", "OK", "content", ctype,
                           "schema", "type", "object");
    if ((rt->flags & ROUTE_LIST) && !geojson)
        json_object_set_new(json_object_get(ok, "content"), "text/csv",
                            json_pack("{s:{s:s}}", "schema", "type", "string"));
    json_t *err = json_pack("{s:s}", "description", "error: {\"error\": {\"code\", \"message\"}}");
    return json_pack("{s:{s:o}, s:[s], s:s, s:o, s:{s:o, s:o, s:O, s:O}}", "get", "summary",
                     json_string(geojson ? "As GeoJSON (FeatureCollection of Points)"
                                         : rt->summary),
                     "tags", rt->tag, "operationId", rt->pattern, "parameters", params,
                     "responses", "200", ok, "400", err, "404", err, "500", err);
}

char *je_server_openapi(void)
{
    json_t *paths = json_object();
    for (size_t i = 0; i < je_nroutes; i++) {
        const route *rt = &je_routes[i];
        json_t *op = operation(&je_routes[i], 0);
        /* operationId: the path without "/api/v1/" and with '/' → '_' */
        json_t *get = json_object_get(op, "get");
        char id[128];
        snprintf(id, sizeof id, "%s", rt->pattern + strlen("/api/v1/"));
        for (char *p = id; *p; p++)
            if (*p == '/' || *p == '{' || *p == '}' || *p == '.')
                *p = '_';
        json_object_set_new(get, "operationId", json_string(id));
        json_object_set_new(paths, rt->pattern, op);
        if (rt->flags & ROUTE_GEO) {
            char path[160];
            snprintf(path, sizeof path, "%s.geojson", rt->pattern);
            json_t *g = operation(rt, 1);
            strncat(id, "_geojson", sizeof id - strlen(id) - 1);
            json_object_set_new(json_object_get(g, "get"), "operationId", json_string(id));
            json_object_set_new(paths, path, g);
        }
    }
    json_t *doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o}", "openapi", "3.0.3", "info", "title",
        "jointenv API", "version", JE_VERSION, "description",
        "Sichuan-Chongqing joint environmental platform: water, air, cement lines. Errors are "
        "{\"error\": {\"code\", \"message\"}}; lists page with limit/cursor.",
        "servers", "url", "/", "paths", paths);
    char *text = doc ? json_dumps(doc, JSON_INDENT(1) | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(doc);
    return text;
}
