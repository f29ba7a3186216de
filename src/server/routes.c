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

static const param_doc import_post_params[] = {
    {"replace", "boolean", "true: update records that exist (default: an error)"},
    {"dry_run", "boolean", "true: validate against the database, write nothing"},
    {NULL, NULL, NULL}};

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
    {"/api/v1/air/assessment", api_air_assessment, "air",
     "Annual assessment of each city (HJ 663-2013 from the daily means; GB 3095 Grade II of "
     "the edition in force at the year's end): good days, composite index, compliance",
     (const param_doc[]){{"year", "integer", "the year to assess (default: the latest year with data)"},
                         {"city", "string", "city code, or its Chinese or English name"},
                         {NULL, NULL, NULL}},
     ROUTE_LIST | ROUTE_FILTER_J},
    {"/api/v1/water/allocation", api_water_allocation, "water",
     "The basin water allocation of the shipped scheme of a year (LP by priority, as 'jointenv "
     "water allocate'): demand, delivered and shortage per group; a drought by inflow_factor",
     (const param_doc[]){{"year", "integer", "the scheme's year (default 2022)"},
                         {"by", "string", "jurisdiction (default), sector, priority, demand or node"},
                         {"inflow_factor", "number", "every natural inflow x F (0-10; default 1)"},
                         {NULL, NULL, NULL}},
     0},
    {"/api/v1/rivers.geojson", api_rivers, "water",
     "The river network: every reach as a GeoJSON LineString (RFC 7946; WGS 84) with its "
     "river, owner and length, for maps",
     no_params, 0},
    {"/api/v1/plants", api_plants, "cement", "Cement clinker lines", no_params,
     ROUTE_LIST | ROUTE_GEO | ROUTE_FILTER_J},
    {"/api/v1/receptors", api_receptors, "cement", "Population receptors", no_params,
     ROUTE_LIST | ROUTE_GEO | ROUTE_FILTER_J},
    {"/api/v1/imports", api_imports, "registry", "Accepted imports (provenance)", imports_params,
     ROUTE_LIST},
    {"/api/v1/imports/kinds", api_import_kinds, "registry",
     "What POST /api/v1/imports/{kind} takes: each import's name", no_params, 0},
    {"/api/v1/tasks", api_tasks, "programme",
     "Joint programme tasks: status, progress, milestones done, overdue, flag (overdue, "
     "at-risk, on-track, done, dropped) and sign-offs",
     api_tasks_params, ROUTE_LIST},
    {"/api/v1/tasks/{code}", api_task, "programme",
     "One task: milestones, evidence with live indicator values computed now, sign-offs",
     api_task_params, 0},
    {"/api/v1/outfalls", api_outfalls, "inspections",
     "The outfall registry (排污口): type, owner, district, river and reach, risk, last inspected",
     inspect_outfall_params, ROUTE_LIST | ROUTE_GEO | ROUTE_FILTER_J},
    {"/api/v1/inspections/draws", api_draws, "inspections",
     "Double-random draws with their targets and teams: closed (public) ones, and open ones "
     "for the joint office",
     inspect_draw_params, ROUTE_LIST},
    {"/api/v1/cases", api_cases, "inspections",
     "Rectification cases the caller may read: state, finding, hand-off, deadline",
     inspect_case_params, ROUTE_LIST},
    {"/api/v1/patrols", api_patrols, "inspections", "Joint patrols the caller may read",
     inspect_patrol_params, ROUTE_LIST | ROUTE_FILTER_J},
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
    {"/api/v1/overview", api_overview, "dashboard",
     "Headline figures: alert episodes of the year, lines stopped on a day by the published "
     "schedule, the compensation balance of each pair",
     (const param_doc[]){
         {"year", "integer", "the alerts' year (default: the year of the last day with air data)"},
         {"date", "string", "the day of 'lines stopped' YYYY-MM-DD (default: today, +08:00)"},
         {NULL, NULL, NULL}},
     0},
    {"/api/v1/air/hourly", api_air_hourly, "air",
     "Real-time AQI (HJ 633) of each station and hour from the stored hours: IAQI per item, "
     "level, colour; rows are station/time",
     (const param_doc[]){
         {"city", "string", "city code, or its Chinese or English name"},
         {"station", "string", "one station"},
         {"from", "string", "first local date YYYY-MM-DD (default: 'to')"},
         {"to", "string",
          "last local date YYYY-MM-DD (default: the last day with data); at most 31 days"},
         {NULL, NULL, NULL}},
     ROUTE_LIST | ROUTE_GEO | ROUTE_FILTER_J},
    {"/api/v1/air/alerts", api_air_alerts, "air",
     "Heavy-pollution alert episodes per city from the daily AQI, each side judged by its rule "
     "set, and the joint regional alerts (kind=joint, one row per side)",
     (const param_doc[]){
         {"from", "string", "first local date YYYY-MM-DD (default: 1 January of the year of 'to')"},
         {"to", "string", "last local date YYYY-MM-DD (default: the last day with data)"},
         {"kind", "string",
          "city (episodes per city) or joint (joint regional alerts); default both"},
         {"rules", "string",
          "shipped rule set for every side: air-alert-mee-2017 (default), "
          "air-alert-2018-guidance, air-alert-3level"},
         {"rules_for", "string",
          "a side's own rule set: CODE=RULES[,CODE=RULES], e.g. 500000=air-alert-3level"},
         {NULL, NULL, NULL}},
     ROUTE_LIST | ROUTE_FILTER_J},
    {"/api/v1/stagger/schedule", api_stagger_schedule, "cement",
     "The published stop schedule (newest stagger run): each line's stop intervals "
     "(from/to;... inclusive dates)",
     (const param_doc[]){{"region", "string", "one market region"},
                         {"on", "string", "only the lines stopped on this date YYYY-MM-DD"},
                         {NULL, NULL, NULL}},
     ROUTE_LIST | ROUTE_GEO | ROUTE_FILTER_J},
    {"/api/v1/stagger/summary", api_stagger_summary, "cement",
     "The published schedule's horizon, run, stop days and exposure avoided", no_params, 0},
    {"/api/v1/stagger/capacity", api_stagger_capacity, "cement",
     "Clinker capacity running against demand (t/d) per day and market region under the "
     "published schedule",
     (const param_doc[]){{"region", "string", "one market region"}, {NULL, NULL, NULL}},
     ROUTE_LIST},
    {"/api/v1/plants/{code}/schedule", api_plant_schedule, "cement",
     "A line's stop intervals in the published schedule", no_params, ROUTE_LIST},
    {"/api/v1/plants/{code}/calendar.ics", api_plant_calendar, "cement",
     "A line's stops in the published schedule as an iCalendar file (RFC 5545; text/calendar) "
     "a plant manager subscribes to",
     no_params, 0},
    {"/api/v1/compensation/ledger", api_comp_ledger, "compensation",
     "Ledger lines in posting order with each pair's running balance (fen and yuan)",
     (const param_doc[]){
         {"pair", "string", "one pair of parties A,B (any order), e.g. 510000,500000"},
         {NULL, NULL, NULL}},
     ROUTE_LIST},
    {"/api/v1/compensation/settlements", api_comp_settlements, "compensation",
     "Settlement lines in force: per section and period who pays whom, the amount, the outcome, "
     "the clause and the formula with its numbers",
     (const param_doc[]){{"year", "integer", "the settled year (default: every year)"},
                         {"section", "string", "one section's lines"},
                         {NULL, NULL, NULL}},
     ROUTE_LIST},
    {"/api/v1/runs", api_runs, "registry",
     "Runs behind published figures: engine, version, rule/input/output SHA-256, actor, time",
     (const param_doc[]){{"engine", "string", "one engine: compensation, stagger, ..."},
                         {NULL, NULL, NULL}},
     ROUTE_LIST},
    {"/api/v1/runs/{id}", api_run, "registry", "One run with its parameters and canonical output",
     no_params, 0},
    {"/api/v1/energy/account", api_energy_account, "energy",
     "Energy (tce) and CO2 (t) per jurisdiction, district or sector, intensities, year on year",
     (const param_doc[]){{"year", "integer", "the year (default: the latest with activity data)"},
                         {"by", "string", "jurisdiction (default), district or sector"},
                         {NULL, NULL, NULL}},
     ROUTE_LIST | ROUTE_FILTER_J},
    {"/api/v1/energy/barometer", api_energy_barometer, "energy",
     "Dual-control barometer: intensity and total-energy progress against time elapsed, "
     "red/yellow/green",
     (const param_doc[]){{"year", "integer", "the year (default: the latest with activity data)"},
                         {NULL, NULL, NULL}},
     ROUTE_LIST | ROUTE_FILTER_J},
};
const size_t je_nroutes = sizeof je_routes / sizeof je_routes[0];

const write_route je_write_routes[] = {
    {"/api/v1/imports/{kind}", api_import_post, "registry",
     "Import a file (the body) as the logged-in user: the same import, checks and audit as "
     "'jointenv import KIND FILE'; all or nothing",
     import_post_params, "text/csv"},
    {"/api/v1/tasks/{code}/sign", api_task_sign, "programme",
     "Sign a task off for one side, as the logged-in user (an admin of that side): body "
     "{\"jurisdiction\", \"note\"}; the second side's sign-off completes the task",
     no_params, "application/json"},
    {"/api/v1/tasks/{code}", api_task_update, "programme",
     "Change a task: body {\"status\", \"progress_pct\", \"milestone\", \"done_on\"} "
     "(the lead's, co-lead's or joint office's analysts; sign-offs in force are withdrawn)",
     no_params, "application/json"},
    {"/api/v1/cases/{id}", api_case_update, "inspect",
     "Move a rectification case: body {\"to\", \"date\", \"note\"} (the state machine and "
     "who may move it as 'jointenv cases update')",
     no_params, "application/json"},
};
const size_t je_nwrite_routes = sizeof je_write_routes / sizeof je_write_routes[0];

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

const write_route *write_route_match(const char *path, char *buf, size_t size,
                                     const char **path_arg)
{
    *path_arg = NULL;
    for (size_t i = 0; i < je_nwrite_routes; i++)
        if (match(je_write_routes[i].pattern, path, buf, size, path_arg))
            return &je_write_routes[i];
    return NULL;
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

/* The parameters of an operation: the path's {…} segment, then the common and the
   route's own query parameters. */
static json_t *parameters(const char *pattern, unsigned flags, const param_doc *own, int write)
{
    json_t *params = json_array();
    const char *brace = strchr(pattern, '{');
    if (brace) {
        char name[32];
        const char *close = strchr(brace, '}');
        snprintf(name, sizeof name, "%.*s", (int)(close - brace - 1), brace + 1);
        json_array_append_new(params, param(name, "path", "string",
                                            write ? "what to write" : "the record's code", 1));
    }
    if (!write)
        common_params(params, flags);
    for (const param_doc *p = own; p->name; p++)
        json_array_append_new(params, param(p->name, "query", p->type, p->description, 0));
    return params;
}

/* operationId: the path without "/api/v1/", '/', '{', '}' and '.' as '_', a suffix. */
static json_t *operation_id(const char *pattern, const char *suffix)
{
    char id[160];
    snprintf(id, sizeof id, "%s%s", pattern + strlen("/api/v1/"), suffix);
    for (char *p = id; *p; p++)
        if (*p == '/' || *p == '{' || *p == '}' || *p == '.')
            *p = '_';
    return json_string(id);
}

static json_t *error_response(const char *what)
{
    char d[160];
    snprintf(d, sizeof d, "%s: {\"error\": {\"code\", \"message\"}}", what);
    return json_pack("{s:s}", "description", d);
}

/* The GET of a route (or of its .geojson form). */
static json_t *get_operation(const route *rt, int geojson)
{
    size_t pl = strlen(rt->pattern);
    const char *ctype = geojson                                             ? "application/geo+json"
                        : pl > 4 && strcmp(rt->pattern + pl - 4, ".ics") == 0 ? "text/calendar"
                        : pl > 8 && strcmp(rt->pattern + pl - 8, ".geojson") == 0
                            ? "application/geo+json"
                            : "application/json";
    json_t *ok = json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", "OK", "content", ctype,
                           "schema", "type", "object");
    if ((rt->flags & ROUTE_LIST) && !geojson)
        json_object_set_new(json_object_get(ok, "content"), "text/csv",
                            json_pack("{s:{s:s}}", "schema", "type", "string"));
    return json_pack("{s:o, s:[s], s:o, s:o, s:{s:o, s:o, s:o, s:o, s:o}}", "summary",
                     json_string(geojson ? "As GeoJSON (FeatureCollection of Points)"
                                         : rt->summary),
                     "tags", rt->tag, "operationId",
                     operation_id(rt->pattern, geojson ? "_geojson" : ""), "parameters",
                     parameters(rt->pattern,
                                geojson ? (rt->flags & ~(unsigned)ROUTE_LIST) : rt->flags,
                                rt->params, 0),
                     "responses", "200", ok, "400",
                     error_response("bad request"), "401", error_response("bad token"), "404",
                     error_response("not found"), "500", error_response("server error"));
}

/* The POST of a route: a logged-in user (bearer token) and a request body. */
static json_t *post_operation(const write_route *rt)
{
    json_t *ok = json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", "written", "content",
                           "application/json", "schema", "type", "object");
    return json_pack(
        "{s:s, s:[s], s:o, s:o, s:{s:b, s:{s:{s:{s:s}}}}, s:[{s:[]}], s:{s:O, s:o, s:o, s:o, "
        "s:o, s:o}}",
        "summary", rt->summary, "tags", rt->tag, "operationId", operation_id(rt->pattern, "_post"),
        "parameters", parameters(rt->pattern, 0, rt->params, 1), "requestBody", "required", 1,
        "content", rt->body_type, "schema", "type", "string",
        "security", "bearerAuth", "responses", "201", ok, "200", ok, "400",
        error_response("bad request or bad rows (error.details)"), "401",
        error_response("not logged in"), "403", error_response("not allowed"), "404",
        error_response("not found"));
}

char *je_server_openapi(void)
{
    json_t *paths = json_object();
    for (size_t i = 0; i < je_nroutes; i++) {
        const route *rt = &je_routes[i];
        json_object_set_new(paths, rt->pattern, json_pack("{s:o}", "get", get_operation(rt, 0)));
        if (rt->flags & ROUTE_GEO) {
            char path[160];
            snprintf(path, sizeof path, "%s.geojson", rt->pattern);
            json_object_set_new(paths, path, json_pack("{s:o}", "get", get_operation(rt, 1)));
        }
    }
    for (size_t i = 0; i < je_nwrite_routes; i++) {
        const write_route *wr = &je_write_routes[i];
        json_t *item = json_object_get(paths, wr->pattern);
        if (item == NULL)
            json_object_set_new(paths, wr->pattern, item = json_object());
        json_object_set_new(item, "post", post_operation(wr));
    }
    json_t *doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o, s:{s:{s:{s:s, s:s, s:s}}}}", "openapi",
        "3.0.3", "info", "title", "jointenv API", "version", JE_VERSION, "description",
        "Sichuan-Chongqing joint environmental platform. Reads without a token see the "
        "public records; 'Authorization: Bearer TOKEN' (jointenv token create) reads as "
        "that user and is needed for every write. Errors are {\"error\": {\"code\", "
        "\"message\"}}; lists page with limit/cursor.",
        "servers", "url", "/", "paths", paths, "components", "securitySchemes", "bearerAuth",
        "type", "http", "scheme", "bearer", "description", "a jointenv API token (jet_...)");
    char *text = doc ? json_dumps(doc, JSON_INDENT(1) | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(doc);
    return text;
}
