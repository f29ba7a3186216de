/* The HTTP API (jointenv/server.h) over a real socket with libcurl: a server on a free
 * loopback port over a small database (tests/data/cli_*.csv: 2 jurisdictions, 7
 * sections, 20 samples). Every route documented answers and every route is
 * documented; filters, paging, CSV and GeoJSON; errors and their codes; ETag/304,
 * the cache following the data, gzip; and the limits (oversized bodies and headers,
 * slow clients) leave the server serving. */
#include "jointenv/governance.h"
#include "jointenv/server.h"
#include "jointenv/store.h"
#include "server/internal.h"
#include "support/http_support.h"
#include "support/store_support.h"
#include "support/support.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static je_server *srv;
static char base[64];
static char db_path[512];

static void import_ok(je_db *db, t_import_fn fn, const char *file)
{
    je_import_report rep;
    t_import_ok(db, fn, file, NULL, &rep);
    je_import_report_free(&rep);
}

static void load_db(void)
{
    snprintf(db_path, sizeof db_path, "%s", t_path("api.db"));
    je_db *db = t_open_db(db_path);
    import_ok(db, je_import_jurisdictions, t_fixture("cli_jurisdictions.csv"));
    import_ok(db, je_import_sections, t_fixture("cli_sections.csv"));
    import_ok(db, je_import_water_samples, t_fixture("cli_samples.csv"));
    /* one station in Chengdu with PM2.5 at 75 ug/m3 for the 24 hours of 2022-12-01 and
       nothing else: its 24-h mean is 75, exactly the breakpoint of IAQI 100 (HJ 633-2012
       Table 1), so the day's AQI is 100, level 2, primary pollutant PM2.5 */
    import_ok(db, je_import_air_stations,
              t_file_with("st.csv", "code,name_zh,name_en,city,city_zh,city_en,district,"
                                    "jurisdiction,lon,lat,kind\n"
                                    "S1,一号,One,510100,成都,Chengdu,510104,510000,104.06,30.66,national\n"));
    char hours[2048] = "station,time,pm25\n";
    for (int h = 0; h < 24; h++)
        snprintf(hours + strlen(hours), sizeof hours - strlen(hours),
                 "S1,2022-12-01T%02d:00,75\n", h);
    import_ok(db, je_import_air_hourly, t_file_with("h.csv", hours));
    je_db_close(db);
}

static void start(size_t max_body, unsigned timeout_s)
{
    load_db();
    je_server_opts o;
    je_server_opts_default(&o);
    o.db_path = db_path;
    o.port = 0;
    o.threads = 2;
    o.max_body_bytes = max_body;
    o.timeout_s = timeout_s;
    je_error err;
    cr_assert_eq(je_server_start(&o, &srv, &err), JE_OK, "%s", err.message);
    snprintf(base, sizeof base, "http://127.0.0.1:%u", (unsigned)je_server_port(srv));
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void setup(void)
{
    start(1u << 20, 30);
}

static void teardown(void)
{
    je_server_stop(srv, 5);
    srv = NULL;
    curl_global_cleanup();
    t_cleanup();
}

typedef t_resp resp;

/* One request: method (NULL = GET), path, extra header (or NULL), body (or NULL);
   decode gzip when `gzip` (support/http_support.h). */
static resp req_full(const char *method, const char *path, const char *header, const char *body,
                     size_t body_len, int gzip)
{
    char url[1024];
    snprintf(url, sizeof url, "%s%s", base, path);
    return t_http(url, method, header, body, body_len, gzip);
}

static resp get(const char *path)
{
    return req_full(NULL, path, NULL, NULL, 0, 0);
}

static json_t *get_json(const char *path, long want_status)
{
    char url[1024];
    snprintf(url, sizeof url, "%s%s", base, path);
    return t_http_json(url, want_status);
}

/* The error body every failure has: {"error": {"code", "message"}}. */
static void expect_error(const char *path, long status, const char *code, const char *msg_part)
{
    char url[1024];
    snprintf(url, sizeof url, "%s%s", base, path);
    t_http_error(url, status, code, msg_part);
}

TestSuite(api, .init = setup, .fini = teardown);

/* Both directions: the document lists exactly the routes of the tables (reads with
   their .geojson forms, writes), every read answers with JSON — 200, or for a record
   this small database does not hold, 404 with the JSON error — and every write is
   documented as a POST that needs a token. */
Test(api, openapi_matches_routes_and_every_route_answers)
{
    json_t *doc = get_json("/api/v1/openapi.json", 200);
    cr_assert_str_eq(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
    json_t *paths = json_object_get(doc, "paths");
    size_t want = 0;
    for (size_t i = 0; i < je_nroutes; i++) {
        json_t *item = json_object_get(paths, je_routes[i].pattern);
        cr_assert_not_null(item, "%s undocumented", je_routes[i].pattern);
        cr_assert_not_null(json_object_get(item, "get"), "%s: no GET", je_routes[i].pattern);
        want += (je_routes[i].flags & ROUTE_GEO) ? 2 : 1;
    }
    for (size_t i = 0; i < je_nwrite_routes; i++) {
        json_t *item = json_object_get(paths, je_write_routes[i].pattern);
        cr_assert_not_null(item, "%s undocumented", je_write_routes[i].pattern);
        json_t *post = json_object_get(item, "post");
        cr_assert_not_null(post, "%s: no POST", je_write_routes[i].pattern);
        cr_assert_not_null(json_object_get(json_object_get(post, "responses"), "401"));
        if (json_object_get(item, "get") == NULL)
            want++;
    }
    cr_assert_eq(json_object_size(paths), want);
    const char *p;
    json_t *op;
    json_object_foreach(paths, p, op) {
        if (json_object_get(op, "get") == NULL)
            continue; /* a write only: tested below */
        char path[256];
        const char *brace = strchr(p, '{');
        if (brace) /* a path parameter: an existing section (others: a code or 404) */
            snprintf(path, sizeof path, "%.*sA1%s", (int)(brace - p), p, strchr(brace, '}') + 1);
        else
            snprintf(path, sizeof path, "%s", p);
        resp r = get(path);
        int sections = strncmp(p, "/api/v1/sections/", 17) == 0;
        cr_assert(r.status == 200 || (!sections && r.status == 404), "GET %s: %ld", path,
                  r.status);
        json_error_t je;
        json_t *j = json_loads(r.body ? r.body : "", 0, &je);
        cr_assert_not_null(j, "GET %s: not JSON: %s", path, r.body ? r.body : "");
        if (r.status == 404)
            cr_assert_not_null(json_object_get(j, "error"), "GET %s: 404 without an error", path);
        json_decref(j);
        free(r.body);
    }
    json_decref(doc);
}

static size_t count_items(const char *path)
{
    json_t *j = get_json(path, 200);
    size_t n = json_array_size(json_object_get(j, "items"));
    json_decref(j);
    return n;
}

Test(api, filters)
{
    cr_assert_eq(count_items("/api/v1/sections"), 7);
    /* in, from or into Chongqing: A4, A5, B2 lie there; A3 flows into it */
    cr_assert_eq(count_items("/api/v1/sections?jurisdiction=500000"), 4);
    cr_assert_eq(count_items("/api/v1/sections?boundary=true"), 2);
    cr_assert_eq(count_items("/api/v1/sections?river=R2"), 2);
    /* A1 (106.1, 30.1) and A2 (106.2, 30.1) only */
    cr_assert_eq(count_items("/api/v1/sections?bbox=106.05,30.05,106.25,30.15"), 2);
    cr_assert_eq(count_items("/api/v1/water/assessment?period=2022"), 7);
    json_t *j = get_json("/api/v1/water/assessment?period=2022&level=jurisdiction", 200);
    json_t *items = json_object_get(j, "items");
    cr_assert_eq(json_array_size(items), 2);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "code")),
                     "500000");
    json_decref(j);
}

/* Following "next" visits every section once, in code order, whatever the page size. */
Test(api, cursor_paging_visits_each_once)
{
    for (int limit = 1; limit <= 8; limit++) {
        char path[256], seen[256] = "";
        snprintf(path, sizeof path, "/api/v1/sections?limit=%d", limit);
        size_t total = 0;
        for (int guard = 0; guard < 20; guard++) {
            json_t *j = get_json(path, 200);
            json_t *items = json_object_get(j, "items");
            cr_assert_leq(json_array_size(items), (size_t)limit);
            size_t i;
            json_t *o;
            json_array_foreach(items, i, o) {
                const char *code = json_string_value(json_object_get(o, "code"));
                cr_assert(strcmp(code, seen) > 0, "limit %d: %s after %s", limit, code, seen);
                snprintf(seen, sizeof seen, "%s", code);
                total++;
            }
            const char *next = json_string_value(json_object_get(j, "next"));
            if (next == NULL) {
                json_decref(j);
                break;
            }
            snprintf(path, sizeof path, "/api/v1/sections?limit=%d&cursor=%s", limit, next);
            json_decref(j);
        }
        cr_assert_eq(total, 7, "limit %d: %zu sections", limit, total);
    }
}

Test(api, csv_by_parameter_and_by_accept_header)
{
    resp a = get("/api/v1/sections?format=csv&limit=3");
    cr_assert_eq(a.status, 200);
    cr_assert(strstr(a.headers, "text/csv"), "%s", a.headers);
    cr_assert(strncmp(a.body, "code,name_zh,name_en,", 21) == 0, "%s", a.body);
    size_t lines = 0;
    for (char *p = a.body; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(lines, 4); /* header + 3 */
    cr_assert(strstr(a.headers, "Link: </api/v1/sections?format=csv&limit=3&cursor=A3>; "
                                "rel=\"next\""),
              "%s", a.headers);
    resp b = req_full(NULL, "/api/v1/sections?limit=3", "Accept: text/csv", NULL, 0, 0);
    cr_assert_eq(b.status, 200);
    cr_assert_str_eq(b.body, a.body);
    free(a.body);
    free(b.body);
}

Test(api, air_daily_from_the_stored_hours)
{
    json_t *j = get_json("/api/v1/air/daily?from=2022-12-01&to=2022-12-02", 200);
    json_t *items = json_object_get(j, "items");
    cr_assert_eq(json_array_size(items), 2);
    json_t *d = json_array_get(items, 0);
    cr_assert_str_eq(json_string_value(json_object_get(d, "code")), "510100/2022-12-01");
    cr_assert(json_real_value(json_object_get(d, "aqi")) == 100.0, "AQI %g",
              json_real_value(json_object_get(d, "aqi")));
    cr_assert_eq(json_integer_value(json_object_get(d, "level")), 2);
    cr_assert_str_eq(json_string_value(json_object_get(d, "primary")), "pm25");
    cr_assert_str_eq(json_string_value(json_object_get(d, "colour")), "#FFFF00");
    /* the next day has no hours: no AQI */
    cr_assert(json_is_null(json_object_get(json_array_get(items, 1), "aqi")));
    json_decref(j);
    expect_error("/api/v1/air/daily?from=2022-02-30", 400, "bad_request", "2022-02-30");
    expect_error("/api/v1/air/daily?by=town", 400, "bad_request", "by");
    expect_error("/api/v1/air/daily?city=nowhere", 404, "not_found", "station");
}

Test(api, geojson_points)
{
    json_t *j = get_json("/api/v1/sections.geojson?jurisdiction=510000", 200);
    cr_assert_str_eq(json_string_value(json_object_get(j, "type")), "FeatureCollection");
    json_t *f = json_object_get(j, "features");
    cr_assert_eq(json_array_size(f), 5); /* A1 A2 A3 B1 lie in Sichuan; B2 flows into it */
    size_t i;
    json_t *o;
    json_array_foreach(f, i, o) {
        json_t *c = json_object_get(json_object_get(o, "geometry"), "coordinates");
        cr_assert(json_number_value(json_array_get(c, 0)) > 100, "lon first");
        cr_assert(json_number_value(json_array_get(c, 1)) < 40, "lat second");
        cr_assert_null(json_object_get(json_object_get(o, "properties"), "lon"));
    }
    json_decref(j);
    /* paging does not apply to GeoJSON */
    expect_error("/api/v1/sections.geojson?limit=2", 400, "bad_request", "limit");
}

Test(api, errors)
{
    expect_error("/api/v1/nothing", 404, "not_found", "openapi");
    expect_error("/api/v1/sections?bogus=1", 400, "bad_request", "bogus");
    expect_error("/api/v1/sections?limit=0", 400, "bad_request", "limit");
    expect_error("/api/v1/sections?limit=abc", 400, "bad_request", "limit");
    expect_error("/api/v1/sections?bbox=1,2,3", 400, "bad_request", "bbox");
    expect_error("/api/v1/sections?format=xml", 400, "bad_request", "format");
    expect_error("/api/v1/sections?limit=1&limit=2", 400, "bad_request", "twice");
    expect_error("/api/v1/sections/ZZ", 404, "not_found", "ZZ");
    expect_error("/api/v1/water/assessment?period=2022-13", 400, "bad_request", "2022-13");
    expect_error("/api/v1/water/assessment?level=city", 400, "bad_request", "level");
    resp r = req_full("POST", "/api/v1/sections", NULL, "x", 1, 0);
    cr_assert_eq(r.status, 405);
    cr_assert(strstr(r.headers, "Allow: GET, HEAD"), "%s", r.headers);
    cr_assert(strstr(r.body, "\"method_not_allowed\""), "%s", r.body);
    free(r.body);
}

/* ETag and 304; the cached response follows the data: a new import changes it. */
Test(api, etag_and_cache_follow_the_data)
{
    resp a = get("/api/v1/sections/A1/samples");
    cr_assert_eq(a.status, 200);
    char *e = strstr(a.headers, "ETag: ");
    cr_assert_not_null(e);
    char tag[64];
    cr_assert_eq(sscanf(e, "ETag: %63s", tag), 1);
    char inm[96];
    snprintf(inm, sizeof inm, "If-None-Match: %s", tag);
    resp b = req_full(NULL, "/api/v1/sections/A1/samples", inm, NULL, 0, 0);
    cr_assert_eq(b.status, 304);
    cr_assert_eq(b.len, 0);
    /* a new sample of A1 */
    je_db *db = t_open_db(db_path);
    const char *f = t_file_with("more.csv", "section,sampled_at,ph,do\nA1,2022-12-01T09:00,7.1,9\n");
    import_ok(db, je_import_water_samples, f);
    je_db_close(db);
    resp c = req_full(NULL, "/api/v1/sections/A1/samples", inm, NULL, 0, 0);
    cr_assert_eq(c.status, 200, "the data changed: a new body");
    cr_assert(strstr(c.body, "2022-12-01T09:00:00+08:00"), "%s", c.body);
    cr_assert(c.len > a.len);
    free(a.body);
    free(b.body);
    free(c.body);
}

Test(api, gzip_when_accepted)
{
    resp plain = get("/api/v1/openapi.json");
    resp gz = req_full(NULL, "/api/v1/openapi.json", NULL, NULL, 0, 1);
    cr_assert(plain.len > 1024);
    cr_assert(strstr(gz.headers, "Content-Encoding: gzip"), "%s", gz.headers);
    cr_assert(strstr(plain.headers, "Content-Encoding") == NULL);
    cr_assert_eq(gz.len, plain.len);
    cr_assert(memcmp(gz.body, plain.body, plain.len) == 0);
    free(plain.body);
    free(gz.body);
}

Test(api, oversized_headers_rejected_server_keeps_serving)
{
    size_t n = 40000;
    char *h = malloc(n + 16);
    memcpy(h, "X-Big: ", 7);
    memset(h + 7, 'a', n);
    h[7 + n] = '\0';
    resp r = req_full(NULL, "/api/v1/health", h, NULL, 0, 0);
    cr_assert(r.status == 431 || r.status == 413 || r.status == 400, "status %ld", r.status);
    free(r.body);
    free(h);
    json_decref(get_json("/api/v1/health", 200));
}

/* ---------------------------------------------------------------------------
 * Who asks: tokens, the public subset, and writes through the store
 * ------------------------------------------------------------------------- */

/* A user with one role and a token for them (written as the local administrator). */
static void user_token(const char *name, const char *jur, je_gov_role role,
                       char tok[JE_GOV_TOKEN_CHARS], int64_t *id)
{
    je_db *db = t_open_db(db_path);
    je_error err;
    cr_assert_eq(je_gov_user_add(db, name, name, NULL, &err), JE_OK, "%s", err.message);
    cr_assert_eq(je_gov_role_grant(db, name, jur, role, &err), JE_OK, "%s", err.message);
    int64_t tid;
    cr_assert_eq(je_gov_token_create(db, name, "test", 0, tok, id ? id : &tid, &err), JE_OK,
                 "%s", err.message);
    je_db_close(db);
}

static resp get_as(const char *path, const char *tok)
{
    char h[128];
    snprintf(h, sizeof h, "Authorization: Bearer %s", tok);
    return req_full(NULL, path, h, NULL, 0, 0);
}

static size_t count_as(const char *path, const char *tok)
{
    resp r = get_as(path, tok);
    cr_assert_eq(r.status, 200, "GET %s: %ld %s", path, r.status, r.body);
    json_t *j = json_loads(r.body, 0, NULL);
    size_t n = json_array_size(json_object_get(j, "items"));
    json_decref(j);
    free(r.body);
    return n;
}

/* Without a token the public records; with one, what that user may read — and the
   response cache does not hand one user's answer to another. */
Test(api, anonymous_reads_public_records_a_token_reads_as_its_user)
{
    char sc[JE_GOV_TOKEN_CHARS], cq[JE_GOV_TOKEN_CHARS];
    user_token("sc-viewer", "510000", JE_ROLE_VIEWER, sc, NULL);
    user_token("cq-viewer", "500000", JE_ROLE_VIEWER, cq, NULL);
    je_db *db = t_open_db(db_path);
    je_error err;
    cr_assert_eq(je_gov_set_public(db, JE_GOV_SECTION, "A2", 0, &err), JE_OK, "%s", err.message);
    je_db_close(db);
    cr_assert_eq(count_items("/api/v1/sections"), 6, "A2 (510000) is not public");
    cr_assert_eq(count_as("/api/v1/sections", sc), 7, "a 510000 viewer reads it");
    cr_assert_eq(count_as("/api/v1/sections", cq), 6, "a 500000 viewer does not");
    cr_assert_eq(count_items("/api/v1/sections"), 6, "and anonymous still does not");
    expect_error("/api/v1/sections/A2", 404, "not_found", "A2");
    resp r = get_as("/api/v1/sections/A2", sc);
    cr_assert_eq(r.status, 200, "%s", r.body);
    free(r.body);
}

static void expect_401(const char *header, const char *msg_part)
{
    resp r = req_full(NULL, "/api/v1/sections", header, NULL, 0, 0);
    cr_assert_eq(r.status, 401, "%s: %ld", header, r.status);
    cr_assert(strstr(r.headers, "WWW-Authenticate: Bearer"), "%s", r.headers);
    cr_assert(strstr(r.body, "\"unauthorized\"") && strstr(r.body, msg_part), "%s: %s", header,
              r.body);
    free(r.body);
}

/* A token that is not one, unknown, revoked, or another scheme: 401 with a challenge,
   never a silent anonymous answer. */
Test(api, bad_unknown_and_revoked_tokens_are_refused)
{
    char tok[JE_GOV_TOKEN_CHARS], h[128];
    int64_t id;
    user_token("li", "510000", JE_ROLE_VIEWER, tok, &id);
    expect_401("Authorization: Bearer nonsense", "not a jointenv API token");
    expect_401("Authorization: Bearer jet_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "unknown");
    expect_401("Authorization: Basic bGk6cGFzcw==", "Bearer");
    snprintf(h, sizeof h, "Authorization: Bearer %s", tok);
    resp ok = req_full(NULL, "/api/v1/sections", h, NULL, 0, 0);
    cr_assert_eq(ok.status, 200);
    free(ok.body);
    je_db *db = t_open_db(db_path);
    je_error err;
    cr_assert_eq(je_gov_token_revoke(db, id, &err), JE_OK, "%s", err.message);
    je_db_close(db);
    expect_401(h, "revoked");
}

static resp post_as(const char *path, const char *tok, const char *body)
{
    char h[128];
    snprintf(h, sizeof h, "Authorization: Bearer %s", tok ? tok : "");
    return req_full("POST", path, tok ? h : NULL, body, strlen(body), 0);
}

#define STATION_HEAD "code,name_zh,name_en,city,city_zh,city_en,district,jurisdiction,lon,lat,kind\n"

/* An import through the API is the same import as the CLI's: it needs a user, the
   store decides what they may write, the audit log names them, a bad row rejects the
   whole body with its line and column, and a dry run writes nothing. */
Test(api, writes_need_a_user_and_go_through_the_store)
{
    char an[JE_GOV_TOKEN_CHARS], vw[JE_GOV_TOKEN_CHARS];
    user_token("ana", "510000", JE_ROLE_ANALYST, an, NULL);
    user_token("vic", "510000", JE_ROLE_VIEWER, vw, NULL);
    const char *sc = STATION_HEAD "S9,九号,Nine,510100,成都,Chengdu,510104,510000,104.1,30.7,national\n";
    const char *path = "/api/v1/imports/air-stations";

    resp r = post_as(path, NULL, sc);
    cr_assert_eq(r.status, 401, "anonymous: %ld %s", r.status, r.body);
    free(r.body);
    r = post_as(path, vw, sc);
    cr_assert_eq(r.status, 403, "viewer: %ld %s", r.status, r.body);
    cr_assert(strstr(r.body, "vic"), "the refusal names the user: %s", r.body);
    free(r.body);

    r = post_as("/api/v1/imports/air-stations?dry_run=true", an, sc);
    cr_assert_eq(r.status, 200, "dry run: %ld %s", r.status, r.body);
    free(r.body);
    cr_assert_eq(count_items("/api/v1/stations"), 1, "a dry run writes nothing");

    r = post_as(path, an, sc);
    cr_assert_eq(r.status, 201, "analyst: %ld %s", r.status, r.body);
    json_t *j = json_loads(r.body, 0, NULL);
    cr_assert_eq(json_integer_value(json_object_get(j, "inserted")), 1);
    cr_assert_gt(json_integer_value(json_object_get(j, "batch")), 0);
    json_decref(j);
    free(r.body);
    cr_assert_eq(count_items("/api/v1/stations"), 2);
    je_db *db = t_open_db(db_path);
    je_audit_entry *e;
    size_t n;
    je_error err;
    cr_assert_eq(je_audit_entries(db, "air_station", "S9", 0, &e, &n, &err), JE_OK, "%s",
                 err.message);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(e[0].actor, "ana");
    je_audit_entries_free(e, n);
    je_db_close(db);

    /* Chongqing's station: not ana's to write */
    r = post_as(path, an,
                STATION_HEAD "C9,渝九,CQ Nine,500100,重庆,Chongqing,500103,500000,106.5,29.5,national\n");
    cr_assert_eq(r.status, 403, "cross-jurisdiction: %ld %s", r.status, r.body);
    free(r.body);

    /* a bad row: 400, nothing written, the row's line and column */
    r = post_as(path, an,
                STATION_HEAD "S8,八号,Eight,510100,成都,Chengdu,510104,510000,104.1,30.7,national\n"
                             "S7,七号,Seven,510100,成都,Chengdu,510104,510000,east,30.7,national\n");
    cr_assert_eq(r.status, 400, "%ld %s", r.status, r.body);
    j = json_loads(r.body, 0, NULL);
    json_t *row = json_array_get(
        json_object_get(json_object_get(json_object_get(j, "error"), "details"), "rows"), 0);
    cr_assert_eq(json_integer_value(json_object_get(row, "line")), 3, "%s", r.body);
    cr_assert_eq(json_integer_value(json_object_get(row, "column")), 45, "%s", r.body);
    json_decref(j);
    free(r.body);
    cr_assert_eq(count_items("/api/v1/stations"), 2, "all or nothing");

    r = post_as("/api/v1/imports/nothing", an, sc);
    cr_assert_eq(r.status, 404);
    free(r.body);
    r = post_as("/api/v1/imports/air-stations?bogus=1", an, sc);
    cr_assert_eq(r.status, 400);
    free(r.body);
    r = get("/api/v1/imports/air-stations");
    cr_assert_eq(r.status, 405);
    cr_assert(strstr(r.headers, "Allow: POST"), "%s", r.headers);
    free(r.body);
}

/* A raw connection that sends half a request line and nothing more. */
static int half_open(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(je_server_port(srv));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    cr_assert_eq(write(fd, "GET /api/v1/hea", 15), 15);
    return fd;
}

static void small_body_setup(void)
{
    start(1024, 1);
}

Test(api_limits, body_too_large_and_slow_clients, .init = small_body_setup, .fini = teardown)
{
    char *big = malloc(4096);
    memset(big, 'x', 4096);
    resp r = req_full("POST", "/api/v1/health", "Content-Type: text/plain", big, 4096, 0);
    cr_assert_eq(r.status, 413, "status %ld", r.status);
    cr_assert(strstr(r.body, "payload_too_large"), "%s", r.body);
    free(r.body);
    free(big);
    /* slowloris: many half-sent requests do not keep others from being served, and the
       idle timeout (1 s) closes them */
    int fds[16];
    for (int i = 0; i < 16; i++)
        fds[i] = half_open();
    json_decref(get_json("/api/v1/health", 200));
    sleep(3);
    char buf[64];
    for (int i = 0; i < 16; i++) {
        ssize_t got = read(fds[i], buf, sizeof buf);
        cr_assert_leq(got, 0, "connection %d still open after the timeout", i);
        close(fds[i]);
    }
    json_decref(get_json("/api/v1/health", 200));
}

/* The annual assessment of the one station's city: its one day (AQI 100, HJ 633
   Table 1) is good, and one day cannot be judged for compliance (HJ 663 needs 324).
   The year defaults to the latest with data. */
Test(api, air_annual_assessment_per_city)
{
    json_t *j = get_json("/api/v1/air/assessment", 200);
    json_t *items = json_object_get(j, "items");
    cr_assert_eq(json_array_size(items), 1);
    json_t *c = json_array_get(items, 0);
    cr_expect_str_eq(json_string_value(json_object_get(c, "code")), "510100");
    cr_expect_eq(json_integer_value(json_object_get(c, "year")), 2022);
    cr_expect_eq(json_integer_value(json_object_get(c, "aqi_days")), 1);
    cr_expect_eq(json_integer_value(json_object_get(c, "good_days")), 1);
    cr_expect(json_number_value(json_object_get(c, "good_pct")) == 100.0);
    cr_expect(json_is_null(json_object_get(c, "compliant")), "one day cannot be judged");
    cr_expect(json_number_value(json_object_get(c, "pm25")) == 75.0);
    json_decref(j);
    j = get_json("/api/v1/air/assessment?year=2021", 200); /* a year without data */
    cr_expect_eq(json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), 0),
                                                    "aqi_days")),
                 0);
    json_decref(j);
    expect_error("/api/v1/air/assessment?jurisdiction=500000", 404, "not_found", "no air stations");
    expect_error("/api/v1/air/assessment?year=20x", 400, "bad_request", "year");
}

/* The river network as GeoJSON: this database has none, so an empty collection. */
Test(api, rivers_geojson)
{
    json_t *j = get_json("/api/v1/rivers.geojson", 200);
    cr_expect_str_eq(json_string_value(json_object_get(j, "type")), "FeatureCollection");
    cr_expect_eq(json_array_size(json_object_get(j, "features")), 0);
    json_decref(j);
}
