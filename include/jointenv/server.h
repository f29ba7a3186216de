/*
 * jointenv/server.h — the HTTP JSON API (libmicrohttpd): `jointenv serve`.
 *
 * Routes live under /api/v1/ and are listed, with their parameters, in one table
 * (src/server/routes.c) that also produces the OpenAPI 3 document served at
 * /api/v1/openapi.json, so the document and the routes cannot drift apart.
 *
 * Behaviour every route shares:
 *  - Reads are GET (and HEAD). Another method on a known path is 405 with an Allow
 *    header; an unknown path is 404; an unknown query parameter is 400 (a typo must
 *    not silently return everything).
 *  - Errors are JSON: {"error": {"code": "not_found", "message": "..."}} with the
 *    status from one map (je_status → HTTP: EINVAL/EDATA 400, EPERM 403, ENOTFOUND
 *    404, ECONFLICT 409, ENOMEM 503, anything else 500).
 *  - Lists answer {"items": [...], "next": CURSOR|null}: items ordered by code,
 *    ?limit=N (1–1000, default 100) per page and ?cursor=CURSOR (the "next" of the
 *    previous page) for the next — stable while records are added or removed.
 *    ?format=csv or "Accept: text/csv" gives the same rows as CSV (the next page in a
 *    Link header); lists of things with a place also come as GeoJSON at
 *    PATH.geojson (every item, filtered, no paging).
 *  - Filters: ?jurisdiction=CODE, ?bbox=minlon,minlat,maxlon,maxlat.
 *  - Caching: a response is cached per URL and format until the database changes (the
 *    newest audit-log entry and import batch identify its state); every response has
 *    a strong ETag (BLAKE2b-128 of the body) and If-None-Match answers 304. Bodies over
 *    1 KiB are gzip-compressed when the client accepts gzip.
 *  - Limits: request headers up to 16 KiB (libmicrohttpd answers 431 beyond), request
 *    bodies up to opts.max_body_bytes (413), idle connections closed after
 *    opts.timeout_s (slow clients cannot hold a worker), at most opts.max_connections.
 *
 * Threads: libmicrohttpd's thread pool; each worker thread opens its own connection
 * to the database (SQLite in WAL mode: readers never block the writer).
 */
#ifndef JOINTENV_SERVER_H
#define JOINTENV_SERVER_H

#include "core.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct je_server je_server;

typedef struct je_server_opts {
    const char *db_path;      /* the database every worker opens (required) */
    const char *bind;         /* IPv4 address to listen on; default "127.0.0.1" */
    uint16_t port;            /* 0 = any free port (je_server_port says which) */
    unsigned threads;         /* worker threads; 0 = one per core */
    const char *web_root;     /* directory served at / (index.html), or NULL */
    const char *data_root;    /* shipped data (data/): its geo/ served at /geo/, or NULL */
    size_t max_body_bytes;    /* default 1 MiB */
    unsigned timeout_s;       /* idle-connection timeout; default 30 */
    unsigned max_connections; /* default 1024 */
    size_t cache_entries;     /* response cache slots; default 512, 0 disables */
    /* Called once per request, from the worker thread, with one line of JSON
       {"time","method","path","status","bytes","ms","cache"}; NULL = no access log.
       Must be thread-safe. */
    void (*access_log)(void *ctx, const char *line);
    void *access_log_ctx;
} je_server_opts;

/* Fill o with the defaults above (db_path NULL). */
JE_API void je_server_opts_default(je_server_opts *o);

/* Start serving in background threads. JE_EINVAL for bad options (no db_path, bad
 * bind address); JE_EIO when the port cannot be bound (the message says which) or the
 * database cannot be opened; JE_ENOMEM. Free with je_server_stop. */
JE_API je_status je_server_start(const je_server_opts *opts, je_server **out, je_error *err);

/* The port actually listened on. */
JE_API uint16_t je_server_port(const je_server *s);

/* Graceful stop: stop accepting, let the requests in flight finish (at most
 * grace_s seconds), then close every connection and free the server. NULL is a no-op. */
JE_API void je_server_stop(je_server *s, unsigned grace_s);

/* The OpenAPI 3.0 document of the routes, as JSON text (malloc'ed; free()). NULL when
 * out of memory. */
JE_API char *je_server_openapi(void);

#ifdef __cplusplus
}
#endif

#endif
