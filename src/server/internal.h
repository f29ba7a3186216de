/* internal.h — what the server's files share: requests, replies, routes. */
#ifndef JE_SERVER_INTERNAL_H
#define JE_SERVER_INTERNAL_H

#include "jointenv/server.h"
#include "jointenv/store.h"

#include <jansson.h>

/* Output formats a route can give. */
typedef enum { FMT_JSON = 0, FMT_CSV, FMT_GEOJSON } out_fmt;

/* One query parameter of a request (after validation against the route). */
typedef struct qparam {
    const char *name, *value;
} qparam;

#define REQ_MAX_PARAMS 16

typedef struct req {
    je_db *db; /* logged in as the request's user (or anonymous): the store checks */
    const char *path;
    const char *path_arg; /* the {…} segment of the path, or NULL */
    out_fmt fmt;
    qparam params[REQ_MAX_PARAMS];
    size_t nparams;
    const char *body; /* a write's request body (not NUL-terminated), or NULL */
    size_t body_len;
    const char *data_root; /* the shipped data/ (rule files), or NULL */
} req;

/* The value of query parameter `name`, or NULL. */
const char *req_param(const req *r, const char *name);

/* What a handler produces: rows (a JSON array of flat objects, all with the same keys
 * in the same order) that the common code pages, filters and renders; or a whole JSON
 * document (`doc`) returned as it is. Exactly one of them is set. */
typedef struct result {
    json_t *rows;
    json_t *doc;
    unsigned http_status; /* a write's success status (201 Created); 0 = 200 */
    char *raw;            /* instead of rows or doc: a body as it is (malloc'd; render
                             takes it), of media type raw_type (an iCalendar file) */
    size_t raw_len;
    const char *raw_type;
    json_t *details;      /* on failure: detail put beside the error (e.g. bad rows) */
} result;

typedef je_status (*handler_fn)(req *r, result *out, je_error *err);

/* A documented query parameter. */
typedef struct param_doc {
    const char *name;
    const char *type; /* OpenAPI schema type: string, integer, number, boolean */
    const char *description;
} param_doc;

enum {
    ROUTE_LIST = 1,   /* rows: limit, cursor, format=csv, ordered by "code" */
    ROUTE_GEO = 2,    /* rows have lon, lat: also PATH.geojson, and bbox */
    ROUTE_FILTER_J = 4 /* rows have "jurisdiction": the jurisdiction filter */
};

typedef struct route {
    const char *pattern; /* "/api/v1/sections/{code}/samples" */
    handler_fn fn;
    const char *tag;
    const char *summary;
    const param_doc *params; /* route-specific parameters; {NULL} ends */
    unsigned flags;
} route;

extern const route je_routes[];
extern const size_t je_nroutes;

/* A write (POST). Writes need a logged-in user (Authorization: Bearer TOKEN) and go
 * through the same store functions as the CLI, so permissions and the audit log apply
 * identically. A path may have a read route and a write route. */
typedef struct write_route {
    const char *pattern; /* "/api/v1/imports/{kind}" */
    handler_fn fn;
    const char *tag;
    const char *summary;
    const param_doc *params; /* query parameters; {NULL} ends */
    const char *body_type;   /* the request body: "text/csv", "application/json" */
} write_route;

extern const write_route je_write_routes[];
extern const size_t je_nwrite_routes;

/* The write route matching path (and *path_arg into buf), or NULL. */
const write_route *write_route_match(const char *path, char *buf, size_t size,
                                     const char **path_arg);

/* Match path against the route table: the route (and *path_arg into buf), *geojson
 * when PATH.geojson of a ROUTE_GEO route; NULL when nothing matches. */
const route *route_match(const char *path, char *buf, size_t size, const char **path_arg,
                         int *geojson);

/* Page, filter and render a result for request r into a malloc'ed body. */
je_status render(const route *rt, const req *r, result *res, char **body, size_t *len,
                 const char **ctype, char **link_next, je_error *err);

/* Handlers (api_*.c). */
je_status api_health(req *r, result *out, je_error *err);
je_status api_openapi(req *r, result *out, je_error *err);
je_status api_jurisdictions(req *r, result *out, je_error *err);
je_status api_sections(req *r, result *out, je_error *err);
je_status api_section(req *r, result *out, je_error *err);
je_status api_section_samples(req *r, result *out, je_error *err);
je_status api_water_assessment(req *r, result *out, je_error *err);
je_status api_water_limits(req *r, result *out, je_error *err);
je_status api_stations(req *r, result *out, je_error *err);
je_status api_air_daily(req *r, result *out, je_error *err);
je_status api_air_assessment(req *r, result *out, je_error *err);
je_status api_rivers(req *r, result *out, je_error *err);
je_status api_water_allocation(req *r, result *out, je_error *err);
je_status api_plants(req *r, result *out, je_error *err);
je_status api_receptors(req *r, result *out, je_error *err);
je_status api_imports(req *r, result *out, je_error *err);
/* Writes (api_write.c). */
je_status api_import_post(req *r, result *out, je_error *err);
je_status api_import_kinds(req *r, result *out, je_error *err);
je_status api_task_sign(req *r, result *out, je_error *err);
je_status api_task_update(req *r, result *out, je_error *err);
je_status api_case_update(req *r, result *out, je_error *err);
/* A boolean query parameter: true/1 or false/0 (absent: false); JE_EINVAL otherwise. */
je_status req_bool(const req *r, const char *name, int *out, je_error *err);

/* the programme's routes and their parameters (api_tasks.c) */
je_status api_tasks(req *r, result *out, je_error *err);
je_status api_task(req *r, result *out, je_error *err);
extern const param_doc api_tasks_params[], api_task_params[];
je_status api_outfalls(req *r, result *out, je_error *err);
je_status api_draws(req *r, result *out, je_error *err);
je_status api_cases(req *r, result *out, je_error *err);
je_status api_patrols(req *r, result *out, je_error *err);
extern const param_doc inspect_outfall_params[], inspect_draw_params[], inspect_case_params[],
    inspect_patrol_params[];
je_status api_waste_scores(req *r, result *out, je_error *err);     /* api_ecology.c */
je_status api_waste_indicators(req *r, result *out, je_error *err);
je_status api_survey_diversity(req *r, result *out, je_error *err);
je_status api_genebank(req *r, result *out, je_error *err);
je_status api_forests(req *r, result *out, je_error *err);
extern const param_doc eco_year_params[], eco_indicator_params[], eco_diversity_params[],
    eco_genebank_params[];
/* api_dashboard.c (helpers), api_air_hourly.c, api_stagger.c, api_comp.c, api_energy.c */
je_status api_air_hourly(req *r, result *out, je_error *err);
je_status api_air_alerts(req *r, result *out, je_error *err);
je_status api_stagger_schedule(req *r, result *out, je_error *err);
je_status api_stagger_summary(req *r, result *out, je_error *err);
je_status api_stagger_capacity(req *r, result *out, je_error *err);
je_status api_plant_schedule(req *r, result *out, je_error *err);
je_status api_plant_calendar(req *r, result *out, je_error *err);
je_status api_comp_ledger(req *r, result *out, je_error *err);
je_status api_comp_settlements(req *r, result *out, je_error *err);
je_status api_runs(req *r, result *out, je_error *err);
je_status api_run(req *r, result *out, je_error *err);
je_status api_energy_account(req *r, result *out, je_error *err);
je_status api_energy_barometer(req *r, result *out, je_error *err);
je_status api_overview(req *r, result *out, je_error *err);
/* A local date YYYY-MM-DD (parameter `name`, for the message) into a day number. */
je_status dash_day(const char *name, const char *s, int64_t *out, je_error *err);
/* Day number → "YYYY-MM-DD" (buf ≥ 16 bytes); returns buf. */
char *dash_date(int64_t day, char *buf);
/* An optional whole-number parameter in [lo, hi]; *out unchanged when absent. */
je_status dash_int(const req *r, const char *name, long lo, long hi, long *out, je_error *err);
/* The path of a shipped rule file data_root/rules/NAME into buf; JE_EIO when the server
   has no data folder. */
je_status dash_rules_path(const req *r, const char *name, char *buf, size_t size, je_error *err);
/* The alert set of the stored cities from day d0 to d1 judged by the shipped rule set
   `rules` (NULL: air-alert-mee-2017) and per-jurisdiction ones "CODE=NAME[,…]"; the
   rule sets are kept with the set (the series point at them). Free with dash_alerts_free. */
#include "jointenv/air_alerts.h"
typedef struct dash_alerts {
    je_alert_set set;
    je_alert_rules *rules[9];
    size_t n_rules;
} dash_alerts;
je_status dash_alerts_load(const req *r, int64_t d0, int64_t d1, const char *rules,
                           const char *rules_for, dash_alerts *out, je_error *err);
void dash_alerts_free(dash_alerts *a);
/* The default range of the air routes: the last day with hourly data, and the first
   day of its year (*d0) — JE_ENOTFOUND when no hour is stored. */
je_status dash_air_last(const req *r, int64_t *year_first, int64_t *last, je_error *err);
/* Helpers for handlers: a JSON string or null for "", a number or null for NAN. */
json_t *jstr(const char *s);
json_t *jnum(double v);

/* Response cache (cache.c): finished responses, shared by the worker threads. */
struct MHD_Connection;
struct MHD_Response;
typedef struct resp_cache resp_cache;
resp_cache *cache_new(size_t slots);
void cache_free(resp_cache *c);
/* Answer conn from the cache when key is cached at generation gen: 304 when
 * if_none_match holds the entry's ETag, else the gzip response when gzip_ok and there
 * is one, else the plain one. 1 served, 0 not cached, -1 libmicrohttpd failed. */
int cache_serve(resp_cache *c, const char *key, int64_t gen, struct MHD_Connection *conn,
                int gzip_ok, const char *if_none_match, unsigned *status, size_t *bytes);
/* Keep the responses (the cache takes over the caller's references; with c NULL they
 * are released). */
void cache_put(resp_cache *c, const char *key, int64_t gen, struct MHD_Response *plain,
               struct MHD_Response *gz, const char *etag, size_t bytes);

#endif
