/* The HTTP API (jointenv/server.h) over a real socket with libcurl: a server on a free
 * loopback port over a small database (tests/data/cli_*.csv: 2 jurisdictions, 7
 * sections, 20 samples). Every route documented answers and every route is
 * documented; filters, paging, CSV and GeoJSON; errors and their codes; ETag/304,
 * the cache following the data, gzip; and the limits (oversized bodies and headers,
 * slow clients) leave the server serving. */
#include "jointenv/server.h"
#include "jointenv/store.h"
#include "server/internal.h"
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

typedef struct resp {
    long status;
    char *body;
    size_t len;
    char headers[4096];
} resp;

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    resp *r = ud;
    char *b = realloc(r->body, r->len + sz * n + 1);
    cr_assert_not_null(b);
    memcpy(b + r->len, p, sz * n);
    r->len += sz * n;
    b[r->len] = '\0';
    r->body = b;
    return sz * n;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    resp *r = ud;
    strncat(r->headers, p, sizeof r->headers - strlen(r->headers) - 1);
    return sz * n;
}

/* One request: method (NULL = GET), path, extra header (or NULL), body (or NULL);
   decode gzip when `gzip`. */
static resp req_full(const char *method, const char *path, const char *header, const char *body,
                     size_t body_len, int gzip)
{
    resp r = {0};
    char url[1024];
    snprintf(url, sizeof url, "%s%s", base, path);
    CURL *c = curl_easy_init();
    struct curl_slist *h = header ? curl_slist_append(NULL, header) : NULL;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    if (h)
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (method)
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
    }
    if (gzip)
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
    CURLcode rc = curl_easy_perform(c);
    cr_assert_eq(rc, CURLE_OK, "%s %s: %s", method ? method : "GET", path, curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return r;
}

static resp get(const char *path)
{
    return req_full(NULL, path, NULL, NULL, 0, 0);
}

static json_t *get_json(const char *path, long want_status)
{
    resp r = get(path);
    cr_assert_eq(r.status, want_status, "GET %s: %ld, expected %ld: %s", path, r.status,
                 want_status, r.body ? r.body : "");
    json_error_t je;
    json_t *j = json_loads(r.body ? r.body : "", 0, &je);
    cr_assert_not_null(j, "GET %s: not JSON (%s): %s", path, je.text, r.body ? r.body : "");
    free(r.body);
    return j;
}

/* The error body every failure has: {"error": {"code", "message"}}. */
static void expect_error(const char *path, long status, const char *code, const char *msg_part)
{
    json_t *j = get_json(path, status);
    const char *c = json_string_value(json_object_get(json_object_get(j, "error"), "code"));
    const char *m = json_string_value(json_object_get(json_object_get(j, "error"), "message"));
    cr_assert(c && strcmp(c, code) == 0, "GET %s: error code %s, expected %s", path, c, code);
    cr_assert(m && strstr(m, msg_part), "GET %s: message '%s' lacks '%s'", path, m, msg_part);
    json_decref(j);
}

TestSuite(api, .init = setup, .fini = teardown);

/* Both directions: the document lists exactly the routes of the table (plus their
   .geojson forms), and every documented path answers 200 with JSON. */
Test(api, openapi_matches_routes_and_every_route_answers)
{
    json_t *doc = get_json("/api/v1/openapi.json", 200);
    cr_assert_str_eq(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
    json_t *paths = json_object_get(doc, "paths");
    size_t want = 0;
    for (size_t i = 0; i < je_nroutes; i++) {
        cr_assert_not_null(json_object_get(paths, je_routes[i].pattern), "%s undocumented",
                           je_routes[i].pattern);
        want += (je_routes[i].flags & ROUTE_GEO) ? 2 : 1;
    }
    cr_assert_eq(json_object_size(paths), want);
    const char *p;
    json_t *op;
    json_object_foreach(paths, p, op) {
        cr_assert_not_null(json_object_get(op, "get"), "%s: no GET", p);
        char path[256];
        const char *brace = strchr(p, '{');
        if (brace) /* a path parameter: an existing section */
            snprintf(path, sizeof path, "%.*sA1%s", (int)(brace - p), p, strchr(brace, '}') + 1);
        else
            snprintf(path, sizeof path, "%s", p);
        json_decref(get_json(path, 200));
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
