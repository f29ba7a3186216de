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
    je_db *db;
    const char *path;
    const char *path_arg; /* the {…} segment of the path, or NULL */
    out_fmt fmt;
    qparam params[REQ_MAX_PARAMS];
    size_t nparams;
} req;

/* The value of query parameter `name`, or NULL. */
const char *req_param(const req *r, const char *name);

/* What a handler produces: rows (a JSON array of flat objects, all with the same keys
 * in the same order) that the common code pages, filters and renders; or a whole JSON
 * document (`doc`) returned as it is. Exactly one of them is set. */
typedef struct result {
    json_t *rows;
    json_t *doc;
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
je_status api_plants(req *r, result *out, je_error *err);
je_status api_receptors(req *r, result *out, je_error *err);
je_status api_imports(req *r, result *out, je_error *err);

/* >> issue 6 programme: tasks (H-A) */
/* << issue 6 programme */
/* >> issue 6 inspections: outfalls, patrols, draws, cases (H-B) */
/* << issue 6 inspections */
/* >> issue 4 stagger: scheduler (H-C) */
/* << issue 4 stagger */
/* >> issue 8 enterprises: enterprises, audit options, account runs (H-D) */
/* << issue 8 enterprises */
/* >> issue 9 ecology store: surveys, waste, genebank in the store (H-E) */
je_status api_waste_scores(req *r, result *out, je_error *err);     /* api_ecology.c */
je_status api_waste_indicators(req *r, result *out, je_error *err);
je_status api_survey_diversity(req *r, result *out, je_error *err);
je_status api_genebank(req *r, result *out, je_error *err);
je_status api_forests(req *r, result *out, je_error *err);
extern const param_doc eco_year_params[], eco_indicator_params[], eco_diversity_params[],
    eco_genebank_params[];
/* << issue 9 ecology store */
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
