/* The inspection routes over a real socket: outfalls (list, jurisdiction filter,
 * GeoJSON), draws (an open draw stays hidden from the unauthenticated caller, a closed
 * one is served with its targets), cases (only closed ones publicly; status checked),
 * patrols, and the OpenAPI document listing them. */
#include "jointenv/inspect.h"
#include "jointenv/river_store.h"
#include "jointenv/server.h"
#include "jointenv/governance.h"
#include "support/http_support.h"
#include "support/store_support.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static je_server *srv;
static char base[64];
static int64_t open_draw, closed_draw, closed_case, open_case;

static const char *demo(const char *f)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/data/demo/chengyu/%s", JE_SOURCE_DIR, f);
    return buf[k];
}

static void import_ok(je_db *db, t_import_fn fn, const char *file)
{
    je_import_report rep;
    t_import_ok(db, fn, file, NULL, &rep);
    je_import_report_free(&rep);
}

static void load(const char *path)
{
    je_db *db = t_open_db(path);
    import_ok(db, je_import_jurisdictions, demo("jurisdictions.csv"));
    import_ok(db, je_import_river_nodes, demo("river_nodes.csv"));
    import_ok(db, je_import_reaches, demo("river_reaches.csv"));
    import_ok(db, je_import_outfalls, demo("outfalls.csv"));
    import_ok(db, je_import_inspectors, demo("inspectors.csv"));
    je_draw_params p;
    memset(&p, 0, sizeof p);
    p.count = 5;
    p.day = 19500;
    p.team_size = 2;
    p.by_river = 1;
    je_draw_row *rows;
    size_t n;
    je_error e;
    snprintf(p.seed, sizeof p.seed, "closed");
    cr_assert_eq(je_store_draw(db, &p, &closed_draw, &rows, &n, &e), JE_OK, "%s", e.message);
    free(rows);
    cr_assert_eq(je_store_draw_close(db, closed_draw, &e), JE_OK);
    snprintf(p.seed, sizeof p.seed, "open");
    cr_assert_eq(je_store_draw(db, &p, &open_draw, &rows, &n, &e), JE_OK, "%s", e.message);
    free(rows);
    je_finding f = {.text = "sheen", .deadline_day = 19530};
    int64_t insp;
    cr_assert_eq(
        je_store_inspection(db, "CQ-OF-001", "510000", 19500, 0, "", &f, &insp, &closed_case, &e),
        JE_OK, "%s", e.message);
    cr_assert_eq(
        je_store_inspection(db, "CQ-OF-002", "500000", 19500, 0, "", &f, &insp, &open_case, &e),
        JE_OK);
    static const je_case_state steps[] = {JE_CASE_RECTIFYING, JE_CASE_SUBMITTED, JE_CASE_VERIFIED,
                                          JE_CASE_CLOSED};
    for (int i = 0; i < 4; i++)
        cr_assert_eq(je_store_case_update(db, closed_case, steps[i], 19501 + i, "", &e), JE_OK,
                     "%s", e.message);
    je_db_close(db);
}

static void setup(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s", t_path("api_inspect.db"));
    load(path);
    je_server_opts o;
    je_server_opts_default(&o);
    o.db_path = path;
    o.port = 0;
    o.threads = 2;
    je_error err;
    cr_assert_eq(je_server_start(&o, &srv, &err), JE_OK, "%s", err.message);
    snprintf(base, sizeof base, "http://127.0.0.1:%u", (unsigned)je_server_port(srv));
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void teardown(void)
{
    je_server_stop(srv, 5);
    srv = NULL;
    curl_global_cleanup();
    t_cleanup();
}

TestSuite(api_inspect, .init = setup, .fini = teardown);

typedef struct body {
    char *text;
    size_t len;
} body;

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    body *b = ud;
    char *t = realloc(b->text, b->len + sz * n + 1);
    cr_assert_not_null(t);
    memcpy(t + b->len, p, sz * n);
    b->len += sz * n;
    t[b->len] = '\0';
    b->text = t;
    return sz * n;
}

static json_t *get(const char *path, long want)
{
    char url[1024];
    snprintf(url, sizeof url, "%s%s", base, path);
    body b = {0};
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    cr_assert_eq(curl_easy_perform(c), CURLE_OK);
    long status;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    cr_assert_eq(status, want, "GET %s: %ld, expected %ld: %s", path, status, want,
                 b.text ? b.text : "");
    json_t *j = json_loads(b.text ? b.text : "", 0, NULL);
    cr_assert_not_null(j, "GET %s: not JSON: %s", path, b.text ? b.text : "");
    free(b.text);
    return j;
}

Test(api_inspect, outfalls_filter_and_geojson)
{
    json_t *j = get("/api/v1/outfalls?jurisdiction=500000&limit=1000", 200);
    json_t *items = json_object_get(j, "items");
    cr_assert_gt(json_array_size(items), 10);
    size_t i;
    json_t *o;
    json_array_foreach(items, i, o)
    {
        cr_expect_str_eq(json_string_value(json_object_get(o, "jurisdiction")), "500000");
        cr_expect(strncmp(json_string_value(json_object_get(o, "code")), "CQ-", 3) == 0);
    }
    json_decref(j);
    j = get("/api/v1/outfalls.geojson", 200);
    cr_expect_str_eq(json_string_value(json_object_get(j, "type")), "FeatureCollection");
    cr_expect_eq(json_array_size(json_object_get(j, "features")), 80);
    json_decref(j);
    j = get("/api/v1/outfalls?river=R01&limit=1000", 200);
    json_array_foreach(json_object_get(j, "items"), i, o)
        cr_expect_str_eq(json_string_value(json_object_get(o, "river")), "R01");
    json_decref(j);
}

Test(api_inspect, only_closed_draws_and_cases_without_login)
{
    json_t *j = get("/api/v1/inspections/draws", 200);
    json_t *items = json_object_get(j, "items");
    cr_assert_eq(json_array_size(items), 1, "the open draw must not be served");
    json_t *d = json_array_get(items, 0);
    cr_expect_eq(json_integer_value(json_object_get(d, "id")), closed_draw);
    cr_expect_str_eq(json_string_value(json_object_get(d, "seed")), "closed");
    cr_expect_eq(json_array_size(json_object_get(d, "targets")), 5);
    json_decref(j);
    j = get("/api/v1/cases?as_of=2023-12-31", 200);
    items = json_object_get(j, "items");
    cr_assert_eq(json_array_size(items), 1, "only the closed case is public");
    json_t *k = json_array_get(items, 0);
    cr_expect_eq(json_integer_value(json_object_get(k, "id")), closed_case);
    cr_expect_str_eq(json_string_value(json_object_get(k, "state")), "closed");
    cr_expect_eq(json_is_true(json_object_get(k, "handed_off")), 1);
    cr_expect_eq(json_integer_value(json_object_get(k, "escalation")), 0);
    json_decref(j);
    j = get("/api/v1/cases?status=open", 200);
    cr_expect_eq(json_array_size(json_object_get(j, "items")), 0);
    json_decref(j);
    j = get("/api/v1/cases?status=finished", 400);
    cr_expect(strstr(json_string_value(json_object_get(json_object_get(j, "error"), "message")),
                     "unknown case state"));
    json_decref(j);
    j = get("/api/v1/patrols", 200);
    cr_expect_eq(json_array_size(json_object_get(j, "items")), 0);
    json_decref(j);
    j = get("/api/v1/openapi.json", 200);
    json_t *paths = json_object_get(j, "paths");
    cr_expect_not_null(json_object_get(paths, "/api/v1/outfalls"));
    cr_expect_not_null(json_object_get(paths, "/api/v1/inspections/draws"));
    cr_expect_not_null(json_object_get(paths, "/api/v1/cases"));
    cr_expect_not_null(json_object_get(paths, "/api/v1/patrols"));
    json_decref(j);
}

/* Moving a case over HTTP is the library's move: anonymous 401, the other side's
   analyst 403, the responsible side's analyst 200, an illegal step 409, bad JSON 400. */
Test(api_inspect, move_a_case_through_the_api)
{
    char db_file[512];
    snprintf(db_file, sizeof db_file, "%s", t_path("api_inspect.db"));
    je_db *db = t_open_db(db_file);
    je_error e;
    char cq[JE_GOV_TOKEN_CHARS], sc[JE_GOV_TOKEN_CHARS];
    const char *who[] = {"cq-an", "sc-an"}, *jur[] = {"500000", "510000"};
    char *tok[] = {cq, sc};
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(je_gov_user_add(db, who[i], NULL, NULL, &e), JE_OK, "%s", e.message);
        cr_assert_eq(je_gov_role_grant(db, who[i], jur[i], JE_ROLE_ANALYST, &e), JE_OK);
        cr_assert_eq(je_gov_token_create(db, who[i], "t", 0, tok[i], NULL, &e), JE_OK);
    }
    je_db_close(db);
    char url[256], h[128];
    snprintf(url, sizeof url, "%s/api/v1/cases/%lld", base, (long long)open_case);
    const char *move = "{\"to\": \"rectifying\", \"date\": \"2023-06-02\", \"note\": \"works\"}";
    t_resp r = t_http(url, "POST", NULL, move, strlen(move), 0);
    cr_expect_eq(r.status, 401, "%s", r.body);
    free(r.body);
    snprintf(h, sizeof h, "Authorization: Bearer %s", sc);
    r = t_http(url, "POST", h, move, strlen(move), 0);
    cr_expect_eq(r.status, 403, "the finding side's analyst: %s", r.body);
    free(r.body);
    snprintf(h, sizeof h, "Authorization: Bearer %s", cq);
    r = t_http(url, "POST", h, "{\"to\": 3}", 9, 0);
    cr_expect_eq(r.status, 400, "%s", r.body);
    free(r.body);
    r = t_http(url, "POST", h, move, strlen(move), 0);
    cr_expect_eq(r.status, 200, "the responsible side's analyst: %s", r.body);
    cr_expect(r.body && strstr(r.body, "\"state\":\"rectifying\""), "%s", r.body);
    free(r.body);
    const char *jump = "{\"to\": \"closed\", \"date\": \"2023-06-03\"}";
    r = t_http(url, "POST", h, jump, strlen(jump), 0);
    cr_expect_eq(r.status, 409, "rectifying cannot jump to closed: %s", r.body);
    free(r.body);
}
