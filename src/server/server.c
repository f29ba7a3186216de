/*
 * server.c — the HTTP server over libmicrohttpd: the daemon and its limits, one
 * database connection per worker thread, request dispatch through the route table,
 * the response cache, ETag/If-None-Match, gzip, JSON errors, the access log and the
 * graceful stop (jointenv/server.h).
 */
#include "server/internal.h"

#include "jointenv/governance.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

struct je_server {
    struct MHD_Daemon *d;
    je_server_opts o;
    char *db_path, *web_root, *data_root;
    pthread_key_t db_key; /* each worker thread's je_db */
    resp_cache *cache;
    atomic_int active; /* requests in flight (for the graceful stop) */
    uint16_t port;
};

/* Per-request state kept between libmicrohttpd's calls of the handler. */
typedef struct conn_state {
    size_t body_bytes;
    int too_large;
    char *body; /* a POST's body, kept (up to max_body_bytes) */
} conn_state;

/* ---------------------------------------------------------------------------
 * Status → HTTP (server.h)
 * ------------------------------------------------------------------------- */
static unsigned http_status(je_status st)
{
    switch (st) {
    case JE_OK:
        return MHD_HTTP_OK;
    case JE_EINVAL:
    case JE_EDATA:
        return MHD_HTTP_BAD_REQUEST;
    case JE_EPERM:
        return MHD_HTTP_FORBIDDEN;
    case JE_ENOTFOUND:
        return MHD_HTTP_NOT_FOUND;
    case JE_ECONFLICT:
        return MHD_HTTP_CONFLICT;
    case JE_ENOMEM:
        return MHD_HTTP_SERVICE_UNAVAILABLE;
    case JE_EIO:
    case JE_ESOLVER:
    case JE_EDB:
    case JE_ESCHEMA:
    case JE_EINTERNAL:
    case JE_STATUS_COUNT:
        break;
    }
    return MHD_HTTP_INTERNAL_SERVER_ERROR;
}

/* The error codes of the JSON body, one per HTTP status used. */
static const char *error_code(unsigned http)
{
    switch (http) {
    case MHD_HTTP_BAD_REQUEST:
        return "bad_request";
    case MHD_HTTP_UNAUTHORIZED:
        return "unauthorized";
    case MHD_HTTP_FORBIDDEN:
        return "forbidden";
    case MHD_HTTP_NOT_FOUND:
        return "not_found";
    case MHD_HTTP_METHOD_NOT_ALLOWED:
        return "method_not_allowed";
    case MHD_HTTP_CONFLICT:
        return "conflict";
    case MHD_HTTP_CONTENT_TOO_LARGE:
        return "payload_too_large";
    case MHD_HTTP_SERVICE_UNAVAILABLE:
        return "unavailable";
    default:
        return "internal";
    }
}

/* ---------------------------------------------------------------------------
 * Responses
 * ------------------------------------------------------------------------- */
typedef struct reply {
    unsigned status;
    char *body;
    size_t len;
    const char *ctype;
    char etag[40];
    char *link_next; /* the whole Link header */
    const char *allow;
    int cached;
    int challenge; /* 401: add WWW-Authenticate (RFC 6750) */
} reply;

/* The error body {"error": {"code", "message"[, "details"]}}; details (stolen) may be NULL. */
static void reply_error_details(reply *rp, unsigned status, const char *message, json_t *details)
{
    json_t *j = json_pack("{s:{s:s, s:s}}", "error", "code", error_code(status), "message",
                          message);
    if (j && details)
        json_object_set(json_object_get(j, "error"), "details", details);
    json_decref(details);
    rp->status = status;
    rp->body = j ? json_dumps(j, JSON_COMPACT) : NULL;
    rp->len = rp->body ? strlen(rp->body) : 0;
    rp->ctype = "application/json";
    json_decref(j);
}

static void reply_error(reply *rp, unsigned status, const char *message)
{
    reply_error_details(rp, status, message, NULL);
}

/* Strong ETag: BLAKE2b-128 of the body, hex, quoted. */
static void make_etag(const char *body, size_t len, char out[40])
{
    unsigned char h[16];
    crypto_generichash(h, sizeof h, (const unsigned char *)body, len, NULL, 0);
    out[0] = '"';
    sodium_bin2hex(out + 1, 33, h, sizeof h);
    out[33] = '"';
    out[34] = '\0';
}

/* gzip (RFC 1952) of body into a malloc'ed buffer; NULL when it does not pay. */
static unsigned char *gzip_body(const char *body, size_t len, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    uLong cap = deflateBound(&z, (uLong)len);
    unsigned char *out = malloc(cap);
    if (out == NULL) {
        deflateEnd(&z);
        return NULL;
    }
    z.next_in = (Bytef *)(uintptr_t)body;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    *out_len = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END || *out_len >= len) {
        free(out);
        return NULL;
    }
    return out;
}

static int accepts(struct MHD_Connection *c, const char *header, const char *what)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, header);
    return v != NULL && strstr(v, what) != NULL;
}

/* A libmicrohttpd response for rp, its body gzip-compressed when gz (and that pays);
 * *bytes = the body's size as sent. NULL when out of memory. */
static struct MHD_Response *make_response(const reply *rp, int gz, size_t *bytes)
{
    void *data = rp->body;
    size_t len = rp->len;
    unsigned char *z = NULL;
    if (gz && (z = gzip_body(rp->body, rp->len, &len)) == NULL)
        return NULL;
    if (z)
        data = z;
    struct MHD_Response *r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_COPY);
    free(z);
    if (r == NULL)
        return NULL;
    if (rp->ctype)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rp->ctype);
    if (rp->etag[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, rp->etag);
    if (z)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept, Accept-Encoding");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    if (rp->allow)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rp->allow);
    if (rp->link_next)
        MHD_add_response_header(r, "Link", rp->link_next);
    if (rp->challenge)
        MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                "Bearer realm=\"jointenv\"");
    *bytes = len;
    return r;
}

static int etag_matches(const reply *rp, const char *inm)
{
    return rp->status == MHD_HTTP_OK && rp->etag[0] && inm && strstr(inm, rp->etag);
}

/* Send rp: 304 when the client has this ETag; gzip when accepted and over 1 KiB. */
static enum MHD_Result send_reply(struct MHD_Connection *c, reply *rp, int gzip_ok,
                                  const char *inm)
{
    reply empty = {0};
    const reply *src = rp;
    if (etag_matches(rp, inm)) {
        snprintf(empty.etag, sizeof empty.etag, "%s", rp->etag);
        src = &empty;
        rp->status = MHD_HTTP_NOT_MODIFIED;
    }
    size_t bytes = 0;
    struct MHD_Response *r = make_response(src, gzip_ok && src->len > 1024, &bytes);
    if (r == NULL && src->len > 1024)
        r = make_response(src, 0, &bytes); /* compression did not pay */
    if (r == NULL)
        return MHD_NO;
    enum MHD_Result ok = MHD_queue_response(c, rp->status, r);
    MHD_destroy_response(r);
    rp->len = bytes;
    return ok;
}

/* ---------------------------------------------------------------------------
 * Database per worker thread, and its generation
 * ------------------------------------------------------------------------- */
/* A worker thread's connection. */
typedef struct worker {
    je_db *db;
} worker;

static void worker_free(void *p)
{
    worker *w = p;
    je_db_close(w->db);
    free(w);
}

static worker *thread_worker(je_server *s, je_error *err)
{
    worker *w = pthread_getspecific(s->db_key);
    if (w != NULL)
        return w;
    if ((w = calloc(1, sizeof *w)) == NULL) {
        je_error_set(err, JE_ENOMEM, "out of memory");
        return NULL;
    }
    if (je_db_open(s->db_path, &w->db, err) != JE_OK) {
        worker_free(w);
        return NULL;
    }
    pthread_setspecific(s->db_key, w);
    return w;
}

/* The generation the cache is keyed on (jointenv/store.h); -1 when unreadable, which
   bypasses the cache. */
static int64_t generation(worker *w)
{
    int64_t g;
    return je_db_generation(w->db, &g, NULL) == JE_OK ? g : -1;
}

/* ---------------------------------------------------------------------------
 * Requests
 * ------------------------------------------------------------------------- */
const char *req_param(const req *r, const char *name)
{
    for (size_t i = 0; i < r->nparams; i++)
        if (strcmp(r->params[i].name, name) == 0)
            return r->params[i].value;
    return NULL;
}

typedef struct collect_ctx {
    req *r;
    const route *rt;
    int geojson;
    char bad[160];
} collect_ctx;

/* Is name a parameter of the route (its own, or one its kind shares)? */
static int known_param(const route *rt, int geojson, const char *name)
{
    for (const param_doc *p = rt->params; p->name; p++)
        if (strcmp(p->name, name) == 0)
            return 1;
    if ((rt->flags & ROUTE_LIST) && !geojson &&
        (strcmp(name, "limit") == 0 || strcmp(name, "cursor") == 0 || strcmp(name, "format") == 0))
        return 1;
    if ((rt->flags & ROUTE_FILTER_J) && strcmp(name, "jurisdiction") == 0)
        return 1;
    return (rt->flags & ROUTE_GEO) && strcmp(name, "bbox") == 0;
}

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    collect_ctx *cc = cls;
    if (!known_param(cc->rt, cc->geojson, key)) {
        snprintf(cc->bad, sizeof cc->bad, "unknown parameter '%.100s'", key);
        return MHD_NO;
    }
    if (req_param(cc->r, key) != NULL) {
        snprintf(cc->bad, sizeof cc->bad, "parameter '%.100s' given twice", key);
        return MHD_NO;
    }
    if (cc->r->nparams == REQ_MAX_PARAMS) {
        snprintf(cc->bad, sizeof cc->bad, "too many parameters");
        return MHD_NO;
    }
    cc->r->params[cc->r->nparams++] = (qparam){key, value ? value : ""};
    return MHD_YES;
}

/* Percent-encode s (RFC 3986 unreserved characters kept) onto fp. */
static void url_encode(FILE *fp, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            fputc(*p, fp);
        else
            fprintf(fp, "%%%02X", *p);
    }
}

/* The Link header of the next page (RFC 8288): this request with cursor replaced. */
static char *next_link(const req *r, const char *cursor)
{
    char *buf = NULL;
    size_t len;
    FILE *fp = open_memstream(&buf, &len);
    if (fp == NULL)
        return NULL;
    fprintf(fp, "<%s?", r->path);
    for (size_t i = 0; i < r->nparams; i++) {
        if (strcmp(r->params[i].name, "cursor") == 0)
            continue;
        url_encode(fp, r->params[i].name);
        fputc('=', fp);
        url_encode(fp, r->params[i].value);
        fputc('&', fp);
    }
    fputs("cursor=", fp);
    url_encode(fp, cursor);
    fputs(">; rel=\"next\"", fp);
    if (fclose(fp) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The cache key: who asks (what a user may read differs; a change of roles changes the
   generation), the format, the path and the parameters in order. */
static void cache_key(const req *r, char *buf, size_t size)
{
    size_t off = (size_t)snprintf(buf, size, "%s|%d|%s", je_gov_whoami(r->db)->user, (int)r->fmt,
                                  r->path);
    for (size_t i = 0; i < r->nparams && off < size; i++)
        off += (size_t)snprintf(buf + off, size - off, "%c%s=%s", i ? '&' : '?', r->params[i].name,
                                r->params[i].value);
}

/* Who asks: "Authorization: Bearer TOKEN" logs the worker's handle in as the token's
 * user (every request: a revoked token stops working at once); no header reads as
 * anonymous, who sees the public records only. 0, or -1 with a 401 in rp. */
static int authenticate(struct MHD_Connection *c, je_db *db, reply *rp)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (h == NULL) {
        je_gov_logout(db);
        return 0;
    }
    if (strncasecmp(h, "Bearer ", 7) != 0) {
        je_gov_logout(db);
        reply_error(rp, MHD_HTTP_UNAUTHORIZED,
                    "Authorization must be 'Bearer TOKEN' (a token from: jointenv token create)");
        rp->challenge = 1;
        return -1;
    }
    je_error err;
    if (je_gov_login_token(db, h + 7, &err) != JE_OK) {
        je_gov_logout(db);
        reply_error(rp, MHD_HTTP_UNAUTHORIZED, err.message);
        rp->challenge = 1;
        return -1;
    }
    return 0;
}

/* Run the handler and render its result into rp (status, body, ETag, Link); on
 * failure the JSON error. Returns the handler's status. */
static je_status run_handler(handler_fn fn, const route *rt, req *r, reply *rp)
{
    je_error err;
    je_error_clear(&err);
    result res = {0};
    je_status st = fn(r, &res, &err);
    char *cursor = NULL;
    if (st == JE_OK)
        st = render(rt, r, &res, &rp->body, &rp->len, &rp->ctype, &cursor, &err);
    json_decref(res.rows);
    json_decref(res.doc);
    free(res.raw); /* render took it when it ran */
    if (st != JE_OK) {
        free(rp->body);
        free(cursor);
        rp->body = NULL;
        reply_error_details(rp, http_status(st), err.message[0] ? err.message : je_strerror(st),
                            res.details);
        return st;
    }
    json_decref(res.details);
    rp->status = res.http_status ? res.http_status : MHD_HTTP_OK;
    make_etag(rp->body, rp->len, rp->etag);
    if (cursor) /* the cursor becomes the whole Link header of the next page */
        rp->link_next = next_link(r, cursor);
    free(cursor);
    return JE_OK;
}

/* The worker thread's database, logged in as the request's user, in r->db; NULL after
 * putting the error (503, or 401 for a bad token) in rp. */
static worker *request_worker(je_server *s, struct MHD_Connection *c, req *r, reply *rp)
{
    je_error err;
    je_error_clear(&err);
    worker *w = thread_worker(s, &err);
    if (w == NULL) {
        reply_error(rp, MHD_HTTP_SERVICE_UNAVAILABLE, err.message);
        return NULL;
    }
    r->db = w->db;
    return authenticate(c, w->db, rp) == 0 ? w : NULL;
}

/* A write: its parameters against its own table, a logged-in user, the handler. */
static int handle_write(je_server *s, struct MHD_Connection *c, const char *url,
                        const write_route *wr, const char *arg, const conn_state *cs, reply *rp)
{
    req r = {0};
    r.path = url;
    r.path_arg = arg;
    r.body = cs->body;
    r.body_len = cs->body_bytes;
    /* a read route shaped like the write, so that collect_param checks the write's own
       parameters (and no paging or format ones) */
    route shape = {wr->pattern, wr->fn, wr->tag, wr->summary, wr->params, 0};
    collect_ctx cc = {&r, &shape, 0, ""};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_param, &cc);
    if (cc.bad[0]) {
        reply_error(rp, MHD_HTTP_BAD_REQUEST, cc.bad);
        return 0;
    }
    worker *w = request_worker(s, c, &r, rp);
    if (w == NULL)
        return 0;
    if (je_gov_whoami(w->db)->user[0] == '\0') {
        reply_error(rp, MHD_HTTP_UNAUTHORIZED,
                    "writes need a user: send 'Authorization: Bearer TOKEN' (a token from: "
                    "jointenv token create)");
        rp->challenge = 1;
        return 0;
    }
    run_handler(wr->fn, &shape, &r, rp);
    rp->etag[0] = '\0'; /* a write's answer is not a representation to revalidate */
    return 0;
}

/* An API request. Returns 1 when it queued the response itself (from the cache, or a
 * fresh body it also cached), 0 when rp is to be sent, -1 when queueing failed. */
static int handle_api(je_server *s, struct MHD_Connection *c, const char *method,
                      const char *url, const conn_state *cs, reply *rp, int gzip_ok,
                      const char *inm)
{
    char argbuf[128], wargbuf[128];
    const char *arg, *warg;
    int geojson;
    const route *rt = route_match(url, argbuf, sizeof argbuf, &arg, &geojson);
    const write_route *wr = write_route_match(url, wargbuf, sizeof wargbuf, &warg);
    if (rt == NULL && wr == NULL) {
        reply_error(rp, MHD_HTTP_NOT_FOUND, "no such route; see /api/v1/openapi.json");
        return 0;
    }
    int is_get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
                 strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    int is_post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
    if (!(is_get && rt) && !(is_post && wr)) {
        reply_error(rp, MHD_HTTP_METHOD_NOT_ALLOWED,
                    wr ? (rt ? "use GET to read, POST to write" : "this route takes writes: use POST")
                       : "this route is read-only: use GET");
        rp->allow = rt && wr ? "GET, HEAD, POST" : wr ? "POST" : "GET, HEAD";
        return 0;
    }
    if (is_post) /* the write's own parameters, documented in its table */
        return handle_write(s, c, url, wr, warg, cs, rp);
    req r = {0};
    r.path = url;
    r.data_root = s->data_root;
    r.path_arg = arg;
    collect_ctx cc = {&r, rt, geojson, ""};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_param, &cc);
    if (cc.bad[0]) {
        reply_error(rp, MHD_HTTP_BAD_REQUEST, cc.bad);
        return 0;
    }
    const char *f = req_param(&r, "format");
    if (geojson)
        r.fmt = FMT_GEOJSON;
    else if (f && strcmp(f, "csv") == 0)
        r.fmt = FMT_CSV;
    else if (f && strcmp(f, "json") != 0) {
        reply_error(rp, MHD_HTTP_BAD_REQUEST, "format must be json or csv");
        return 0;
    } else if (f == NULL && (rt->flags & ROUTE_LIST) && accepts(c, "Accept", "text/csv"))
        r.fmt = FMT_CSV;
    worker *w = request_worker(s, c, &r, rp);
    if (w == NULL)
        return 0;
    char key[1024];
    cache_key(&r, key, sizeof key);
    int64_t gen = generation(w);
    int hit = gen >= 0 ? cache_serve(s->cache, key, gen, c, gzip_ok, inm, &rp->status, &rp->len)
                       : 0;
    if (hit != 0) {
        rp->cached = 1;
        return hit;
    }
    if (run_handler(rt->fn, rt, &r, rp) != JE_OK)
        return 0;
    if (s->cache == NULL || gen < 0 || etag_matches(rp, inm))
        return 0; /* sent as it is (a 304 is not worth caching) */
    size_t plain_len, gz_len = 0;
    struct MHD_Response *plain = make_response(rp, 0, &plain_len);
    struct MHD_Response *gz = rp->len > 1024 ? make_response(rp, 1, &gz_len) : NULL;
    if (plain == NULL) {
        if (gz)
            MHD_destroy_response(gz);
        return 0;
    }
    int use_gz = gzip_ok && gz != NULL;
    int ok = MHD_queue_response(c, MHD_HTTP_OK, use_gz ? gz : plain) == MHD_YES;
    rp->len = use_gz ? gz_len : plain_len;
    cache_put(s->cache, key, gen, plain, gz, rp->etag, plain_len);
    return ok ? 1 : -1;
}

/* Static files of the dashboard: web_root/path, "/" → index.html, and /geo/… from
 * data_root/geo/ (the boundaries); no "..", no hidden files. */
static void handle_static(je_server *s, const char *method, const char *url, reply *rp)
{
    const char *root = strncmp(url, "/geo/", 5) == 0 ? s->data_root : s->web_root;
    if (root == NULL || strstr(url, "..") || strstr(url, "/.")) {
        reply_error(rp, MHD_HTTP_NOT_FOUND, "not found");
        return;
    }
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
        reply_error(rp, MHD_HTTP_METHOD_NOT_ALLOWED, "use GET");
        rp->allow = "GET, HEAD";
        return;
    }
    char path[1200];
    snprintf(path, sizeof path, "%s%s%s", root, url,
             url[strlen(url) - 1] == '/' ? "index.html" : "");
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        reply_error(rp, MHD_HTTP_NOT_FOUND, "not found");
        return;
    }
    FILE *mem = open_memstream(&rp->body, &rp->len);
    char buf[65536];
    size_t n;
    while (mem && (n = fread(buf, 1, sizeof buf, fp)) > 0)
        fwrite(buf, 1, n, mem);
    fclose(fp);
    if (mem == NULL || fclose(mem) != 0) {
        reply_error(rp, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory");
        return;
    }
    static const struct {
        const char *ext, *type;
    } types[] = {{".html", "text/html; charset=utf-8"},
                 {".js", "text/javascript; charset=utf-8"},
                 {".mjs", "text/javascript; charset=utf-8"},
                 {".css", "text/css; charset=utf-8"},
                 {".json", "application/json"},
                 {".geojson", "application/geo+json"},
                 {".svg", "image/svg+xml"},
                 {".png", "image/png"}};
    rp->ctype = "application/octet-stream";
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            rp->ctype = types[i].type;
    rp->status = MHD_HTTP_OK;
    make_etag(rp->body, rp->len, rp->etag);
}

static void access_log(je_server *s, const char *method, const char *url, const reply *rp,
                       double ms)
{
    if (s->o.access_log == NULL)
        return;
    char t[32];
    je_time_format((int64_t)time(NULL), 0, t, sizeof t);
    json_t *j = json_pack("{s:s, s:s, s:s, s:i, s:I, s:f, s:s}", "time", t, "method", method,
                          "path", url, "status", (int)rp->status, "bytes", (json_int_t)rp->len,
                          "ms", ms, "cache", rp->cached ? "hit" : "miss");
    char *line = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(4)) : NULL;
    if (line)
        s->o.access_log(s->o.access_log_ctx, line);
    free(line);
    json_decref(j);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    je_server *s = cls;
    conn_state *cs = *con_cls;
    if (cs == NULL) { /* first call: headers only */
        if ((cs = calloc(1, sizeof *cs)) == NULL)
            return MHD_NO;
        *con_cls = cs;
        atomic_fetch_add(&s->active, 1);
        return MHD_YES;
    }
    if (*upload_size != 0) { /* a body: kept for a POST (up to the limit), else counted */
        size_t n = *upload_size;
        *upload_size = 0;
        if (cs->too_large || cs->body_bytes + n > s->o.max_body_bytes) {
            cs->too_large = 1;
            free(cs->body);
            cs->body = NULL;
            return MHD_YES;
        }
        if (strcmp(method, MHD_HTTP_METHOD_POST) == 0) {
            char *b = realloc(cs->body, cs->body_bytes + n + 1);
            if (b == NULL)
                return MHD_NO;
            memcpy(b + cs->body_bytes, upload_data, n);
            b[cs->body_bytes + n] = '\0';
            cs->body = b;
        }
        cs->body_bytes += n;
        return MHD_YES;
    }
    double t0 = now_ms();
    reply rp = {0};
    int gzip_ok = accepts(c, "Accept-Encoding", "gzip");
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    int queued = 0;
    if (cs->too_large)
        reply_error(&rp, MHD_HTTP_CONTENT_TOO_LARGE, "request body too large");
    else if (strncmp(url, "/api/", 5) == 0)
        queued = handle_api(s, c, method, url, cs, &rp, gzip_ok, inm);
    else
        handle_static(s, method, url, &rp);
    enum MHD_Result ok = queued > 0    ? MHD_YES
                         : queued < 0  ? MHD_NO
                                       : send_reply(c, &rp, gzip_ok, inm);
    access_log(s, method, url, &rp, now_ms() - t0);
    free(rp.body);
    free(rp.link_next);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)c, (void)toe;
    je_server *s = cls;
    conn_state *cs = *con_cls;
    if (cs != NULL) {
        atomic_fetch_sub(&s->active, 1);
        free(cs->body);
    }
    free(cs);
    *con_cls = NULL;
}

/* ---------------------------------------------------------------------------
 * Start and stop
 * ------------------------------------------------------------------------- */
void je_server_opts_default(je_server_opts *o)
{
    memset(o, 0, sizeof *o);
    o->bind = "127.0.0.1";
    o->port = 8080;
    o->max_body_bytes = 1u << 20;
    o->timeout_s = 30;
    o->max_connections = 1024;
    o->cache_entries = 512;
}

static void server_free(je_server *s)
{
    cache_free(s->cache);
    free(s->db_path);
    free(s->web_root);
    free(s->data_root);
    free(s);
}

je_status je_server_start(const je_server_opts *opts, je_server **out, je_error *err)
{
    *out = NULL;
    if (opts == NULL || opts->db_path == NULL)
        return je_error_set(err, JE_EINVAL, "serve: no database path");
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(opts->port);
    if (inet_pton(AF_INET, opts->bind ? opts->bind : "127.0.0.1", &sa.sin_addr) != 1)
        return je_error_set(err, JE_EINVAL, "serve: '%s' is not an IPv4 address", opts->bind);
    if (sodium_init() < 0)
        return je_error_set(err, JE_EINTERNAL, "libsodium cannot initialise");
    /* the database must open (and be migrated) before any worker needs it */
    je_db *probe;
    je_status st = je_db_open(opts->db_path, &probe, err);
    if (st != JE_OK)
        return st;
    je_db_close(probe);
    je_server *s = calloc(1, sizeof *s);
    if (s == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    s->o = *opts;
    s->db_path = strdup(opts->db_path);
    s->web_root = opts->web_root ? strdup(opts->web_root) : NULL;
    s->data_root = opts->data_root ? strdup(opts->data_root) : NULL;
    s->cache = cache_new(opts->cache_entries);
    if (s->db_path == NULL || (opts->web_root && s->web_root == NULL) ||
        (opts->cache_entries && s->cache == NULL) || pthread_key_create(&s->db_key, worker_free)) {
        server_free(s);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    unsigned threads = opts->threads ? opts->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    s->d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC,
        opts->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, threads ? threads : 1u, MHD_OPTION_CONNECTION_TIMEOUT,
        opts->timeout_s, MHD_OPTION_CONNECTION_LIMIT, opts->max_connections,
        /* 16 KiB per connection: the request headers must fit (nginx allows 8 KiB by
           default), and libmicrohttpd zeroes the whole pool after every request */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, s, MHD_OPTION_END);
    if (s->d == NULL) {
        pthread_key_delete(s->db_key);
        server_free(s);
        return je_error_set(err, JE_EIO,
                            "serve: cannot listen on %s:%u (in use, or not allowed)",
                            opts->bind ? opts->bind : "127.0.0.1", (unsigned)opts->port);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : opts->port;
    *out = s;
    return JE_OK;
}

uint16_t je_server_port(const je_server *s)
{
    return s->port;
}

void je_server_stop(je_server *s, unsigned grace_s)
{
    if (s == NULL)
        return;
    /* stop accepting; let the requests in flight finish */
    MHD_socket fd = MHD_quiesce_daemon(s->d);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    double end = now_ms() + 1000.0 * grace_s;
    while (atomic_load(&s->active) > 0 && now_ms() < end)
        usleep(10000);
    MHD_stop_daemon(s->d); /* joins the workers: their databases close on thread exit */
    pthread_key_delete(s->db_key);
    server_free(s);
}
