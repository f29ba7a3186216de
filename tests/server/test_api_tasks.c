/* The programme's HTTP routes over a real socket: /api/v1/tasks (filters year,
 * category, status; as_of judges overdue) and /api/v1/tasks/{code} (milestones,
 * evidence with a live indicator that follows the data between two requests,
 * sign-offs); both documented in the OpenAPI document; bad parameters are 400,
 * an unknown task 404. */
#include "jointenv/energy.h"
#include "jointenv/governance.h"
#include "jointenv/programme.h"
#include "jointenv/server.h"
#include "jointenv/store.h"
#include "server/internal.h"
#include "support/http_support.h"
#include "support/store_support.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static je_server *srv;
static char base[64];
static char db_path[512];

static void import_ok(je_db *db, t_import_fn fn, const char *file)
{
    je_import_report rep;
    t_import_ok(db, fn, file, NULL, &rep);
    je_import_report_free(&rep);
}

#define UNITS_HDR                                                                                  \
    "code,plant,jurisdiction,capacity_mw,commissioned,technology,coal_gce_kwh,generation_mwh,"     \
    "status\n"

static void setup(void)
{
    snprintf(db_path, sizeof db_path, "%s", t_path("tasks.db"));
    je_db *db = t_open_db(db_path);
    import_ok(db, je_import_jurisdictions,
              t_file_with("j.csv",
                          "code,name_zh,name_en,utc_offset\n"
                          "510000,四川省,Sichuan,+08:00\n500000,重庆市,Chongqing,+08:00\n"));
    import_ok(db, je_import_tasks,
              t_file_with("t.csv",
                          "code,year,category,title_zh,title_en,lead,co_lead,lead_agency,"
                          "co_lead_agency,status,progress_pct\n"
                          "CY22-01,2022,green-transformation,煤电,Coal units,500000,510000,CQ,SC,"
                          "in-progress,100\n"
                          "CY22-02,2022,ecological-network,廊道,Corridors,510000,500000,SC,CQ,"
                          "planned,0\n"
                          "CY23-01,2023,ecological-network,廊道,Corridors 2023,510000,500000,SC,"
                          "CQ,planned,0\n"));
    import_ok(db, je_import_milestones,
              t_file_with("m.csv", "task,seq,title_zh,title_en,due_on,done_on\n"
                                   "CY22-01,1,清单,List,2022-05-31,2022-05-30\n"
                                   "CY22-02,1,方案,Plan,2022-06-30,\n"));
    import_ok(db, je_import_task_evidence,
              t_file_with("e.csv", "task,seq,kind,text,indicator,scope,op,target\n"
                                   "CY22-01,1,indicator,,coal-units-retired,,>=,1\n"
                                   "CY22-01,2,text,minutes <b>signed</b>,,,,\n"));
    import_ok(db, je_import_coal_units,
              t_file_with("u.csv", UNITS_HDR "CQ-1,Q,500000,300,1995,sub,330,1000,operating\n"));
    je_error e;
    cr_assert_eq(je_task_sign(db, "CY22-01", "500000", "ok", NULL, &e), JE_OK, "%s", e.message);
    je_db_close(db);
    je_server_opts o;
    je_server_opts_default(&o);
    o.db_path = db_path;
    o.port = 0;
    o.threads = 2;
    o.cache_entries = 0; /* the live value must be recomputed on the second request */
    cr_assert_eq(je_server_start(&o, &srv, &e), JE_OK, "%s", e.message);
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

TestSuite(api_tasks, .init = setup, .fini = teardown);

typedef struct buf {
    char *p;
    size_t n;
} buf;

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    buf *b = ud;
    char *q = realloc(b->p, b->n + sz * n + 1);
    cr_assert_not_null(q);
    memcpy(q + b->n, p, sz * n);
    b->n += sz * n;
    q[b->n] = '\0';
    b->p = q;
    return sz * n;
}

static json_t *get_json(const char *path, long want)
{
    char url[512];
    snprintf(url, sizeof url, "%s%s", base, path);
    buf b = {0};
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    cr_assert_eq(curl_easy_perform(c), CURLE_OK);
    long status;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    cr_assert_eq(status, want, "GET %s: %ld, expected %ld: %s", path, status, want, b.p ? b.p : "");
    json_t *j = json_loads(b.p ? b.p : "", 0, NULL);
    cr_assert_not_null(j, "GET %s: not JSON: %s", path, b.p ? b.p : "");
    free(b.p);
    return j;
}

static size_t count(const char *path)
{
    json_t *j = get_json(path, 200);
    size_t n = json_array_size(json_object_get(j, "items"));
    json_decref(j);
    return n;
}

Test(api_tasks, list_and_filters)
{
    cr_expect_eq(count("/api/v1/tasks"), 3);
    cr_expect_eq(count("/api/v1/tasks?year=2022"), 2);
    cr_expect_eq(count("/api/v1/tasks?year=2022&category=ecological-network"), 1);
    cr_expect_eq(count("/api/v1/tasks?status=planned"), 2);
    cr_expect_eq(count("/api/v1/tasks?status=done"), 0);
    json_t *j = get_json("/api/v1/tasks?year=2022&as_of=2022-07-01", 200);
    json_t *items = json_object_get(j, "items");
    json_t *t2 = json_array_get(items, 1);
    cr_assert_str_eq(json_string_value(json_object_get(t2, "code")), "CY22-02");
    cr_expect_str_eq(json_string_value(json_object_get(t2, "flag")), "overdue");
    cr_expect_eq(json_integer_value(json_object_get(t2, "overdue")), 1);
    json_t *t1 = json_array_get(items, 0);
    cr_expect(json_is_true(json_object_get(t1, "signed_lead")));
    cr_expect(json_is_false(json_object_get(t1, "signed_co_lead")));
    json_decref(j);
    /* on the due day it is not yet overdue (a planned task at 0 % is behind, though) */
    j = get_json("/api/v1/tasks?year=2022&as_of=2022-06-30&margin=100", 200);
    cr_expect_str_eq(
        json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 1), "flag")),
        "on-track");
    json_decref(j);
}

Test(api_tasks, one_task_with_live_evidence)
{
    json_t *j = get_json("/api/v1/tasks/CY22-01", 200);
    cr_expect_str_eq(json_string_value(json_object_get(j, "status")), "in-progress");
    cr_expect_str_eq(json_string_value(json_object_get(j, "next_statuses")),
                     "at-risk, done, dropped");
    json_t *ev = json_object_get(j, "evidence");
    cr_assert_eq(json_array_size(ev), 2);
    json_t *e1 = json_array_get(ev, 0);
    cr_expect_float_eq(json_number_value(json_object_get(e1, "value")), 0.0, 1e-12);
    cr_expect(json_is_false(json_object_get(e1, "meets")));
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(ev, 1), "text")),
                     "minutes <b>signed</b>");
    json_t *so = json_object_get(j, "signoffs");
    cr_assert_eq(json_array_size(so), 1);
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(so, 0), "jurisdiction")),
                     "500000");
    cr_expect(json_is_null(json_object_get(json_array_get(so, 0), "withdrawn_at")));
    cr_expect_eq(json_array_size(json_object_get(j, "milestones")), 1);
    json_decref(j);
    /* the unit is retired: the next request shows it */
    je_db *db = t_open_db(db_path);
    je_import_opts o = {.replace = 1};
    je_import_report rep;
    t_import_ok(db, je_import_coal_units,
                t_file_with("u2.csv", UNITS_HDR "CQ-1,Q,500000,300,1995,sub,330,0,retired\n"), &o,
                &rep);
    je_import_report_free(&rep);
    je_db_close(db);
    j = get_json("/api/v1/tasks/CY22-01", 200);
    e1 = json_array_get(json_object_get(j, "evidence"), 0);
    cr_expect_float_eq(json_number_value(json_object_get(e1, "value")), 1.0, 1e-12);
    cr_expect(json_is_true(json_object_get(e1, "meets")));
    json_decref(j);
}

static void expect_error(const char *path, long status, const char *msg_part)
{
    json_t *j = get_json(path, status);
    const char *m = json_string_value(json_object_get(json_object_get(j, "error"), "message"));
    cr_expect(m && strstr(m, msg_part), "GET %s: '%s' lacks '%s'", path, m, msg_part);
    json_decref(j);
}

Test(api_tasks, errors_and_documentation)
{
    expect_error("/api/v1/tasks/NOPE", 404, "no task 'NOPE'");
    expect_error("/api/v1/tasks?status=finished", 400, "unknown status 'finished'");
    expect_error("/api/v1/tasks?year=22", 400, "year");
    expect_error("/api/v1/tasks?category=forests", 400, "unknown category");
    expect_error("/api/v1/tasks?as_of=30/06/2022", 400, "as_of");
    expect_error("/api/v1/tasks?owner=x", 400, "unknown parameter 'owner'");
    json_t *doc = get_json("/api/v1/openapi.json", 200);
    json_t *paths = json_object_get(doc, "paths");
    cr_expect_not_null(json_object_get(paths, "/api/v1/tasks"));
    cr_expect_not_null(json_object_get(paths, "/api/v1/tasks/{code}"));
    json_decref(doc);
}

/* A token-bearing POST as `tok` (NULL: anonymous) with a JSON body; the status. */
static long post_json(const char *path, const char *tok, const char *body, char **out)
{
    char url[512], h[128];
    snprintf(url, sizeof url, "%s%s", base, path);
    snprintf(h, sizeof h, "Authorization: Bearer %s", tok ? tok : "");
    t_resp r = t_http(url, "POST", tok ? h : NULL, body, strlen(body), 0);
    if (out)
        *out = r.body;
    else
        free(r.body);
    return r.status;
}

/* Sign-offs and updates over HTTP are the library's: anonymous 401, a viewer 403, a
   body that is not the right JSON 400, the co-lead's admin completes the task the lead
   signed (setup), an analyst of the lead side moves another task on, and the state
   machine refuses a step back (409). */
Test(api_tasks, sign_and_update_through_the_api)
{
    je_db *db = t_open_db(db_path);
    je_error e;
    char adm[JE_GOV_TOKEN_CHARS], vw[JE_GOV_TOKEN_CHARS], an[JE_GOV_TOKEN_CHARS];
    const char *names[] = {"sc-admin", "sc-viewer", "sc-analyst"};
    je_gov_role roles[] = {JE_ROLE_ADMIN, JE_ROLE_VIEWER, JE_ROLE_ANALYST};
    char *toks[] = {adm, vw, an};
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(je_gov_user_add(db, names[i], NULL, NULL, &e), JE_OK, "%s", e.message);
        cr_assert_eq(je_gov_role_grant(db, names[i], "510000", roles[i], &e), JE_OK);
        cr_assert_eq(je_gov_token_create(db, names[i], "t", 0, toks[i], NULL, &e), JE_OK);
    }
    je_db_close(db);
    const char *sign = "{\"jurisdiction\": \"510000\", \"note\": \"checked\"}";
    cr_expect_eq(post_json("/api/v1/tasks/CY22-01/sign", NULL, sign, NULL), 401);
    char *body = NULL;
    cr_expect_eq(post_json("/api/v1/tasks/CY22-01/sign", vw, sign, &body), 403, "%s", body);
    free(body);
    cr_expect_eq(post_json("/api/v1/tasks/CY22-01/sign", adm, "{\"note\": 1}", &body), 400);
    free(body);
    cr_assert_eq(post_json("/api/v1/tasks/CY22-01/sign", adm, sign, &body), 200, "%s", body);
    cr_expect(strstr(body, "\"done\":true") && strstr(body, "\"signed_by\":\"sc-admin\""), "%s",
              body);
    free(body);
    json_t *j = get_json("/api/v1/tasks/CY22-01", 200);
    cr_expect_str_eq(json_string_value(json_object_get(j, "status")), "done");
    json_decref(j);
    /* an analyst of the lead side moves CY22-02 on */
    cr_expect_eq(post_json("/api/v1/tasks/CY22-02", an, "{\"status\": \"in-progress\", "
                                                        "\"progress_pct\": 40}", &body),
                 200, "%s", body);
    free(body);
    j = get_json("/api/v1/tasks/CY22-02", 200);
    cr_expect_str_eq(json_string_value(json_object_get(j, "status")), "in-progress");
    cr_expect_eq(json_integer_value(json_object_get(j, "progress_pct")), 40);
    json_decref(j);
    /* the state machine is the library's: planned is not reachable from in-progress */
    cr_expect_eq(post_json("/api/v1/tasks/CY22-02", an, "{\"status\": \"planned\"}", &body), 409,
                 "%s", body);
    free(body);
    cr_expect_eq(post_json("/api/v1/tasks/NOPE/sign", adm, sign, NULL), 404);
}
