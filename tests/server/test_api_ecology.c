/* The ecology routes (api_ecology.c) over a real socket: a server on a free loopback
 * port over the demo's zero-waste data, Darwin Core survey, gene bank and forests.
 * The figures are those the CLI tests check from the files (the ranks of the 9
 * districts; 17 species / 226 individuals in Sichuan, 17 / 197 in Chongqing; the
 * Rongchang pig embryos regeneration_due in 2022; Chongqing's 2022 coverage 1.016 of
 * the way at 0.4 of the time), the jurisdiction filter, paging, and bad parameters. */
#include "jointenv/conserve.h"
#include "jointenv/server.h"
#include "jointenv/store.h"
#include "jointenv/survey.h"
#include "jointenv/waste.h"
#include "support/store_support.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO JE_SOURCE_DIR "/data/demo/chengyu/"

static je_server *srv;
static char base[64];

static void setup(void)
{
    setenv("JOINTENV_DATA", JE_SOURCE_DIR "/data", 1);
    char db_path[512];
    snprintf(db_path, sizeof db_path, "%s", t_path("eco.db"));
    je_db *db = t_open_db(db_path);
    static const struct {
        const char *file;
        t_import_fn fn;
    } steps[] = {{DEMO "jurisdictions.csv", je_import_jurisdictions},
                 {DEMO "ecology/survey_dwc.csv", je_import_dwc},
                 {DEMO "waste_districts.csv", je_import_waste_districts},
                 {DEMO "waste_data.csv", je_import_waste_values},
                 {DEMO "genebank.csv", je_import_genebank},
                 {DEMO "forests.csv", je_import_forests},
                 {DEMO "forest_targets.csv", je_import_forest_targets}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        je_import_report rep;
        t_import_ok(db, steps[i].fn, steps[i].file, NULL, &rep);
        je_import_report_free(&rep);
    }
    je_db_close(db);
    je_server_opts o;
    je_server_opts_default(&o);
    o.db_path = db_path;
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

TestSuite(api_ecology, .init = setup, .fini = teardown, .timeout = 60);

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    char **b = ud;
    size_t old = *b ? strlen(*b) : 0;
    char *nb = realloc(*b, old + sz * n + 1);
    cr_assert_not_null(nb);
    memcpy(nb + old, p, sz * n);
    nb[old + sz * n] = '\0';
    *b = nb;
    return sz * n;
}

/* GET path: the status into *status, the body parsed. */
static json_t *get(const char *path, long *status)
{
    char url[1024], *body = NULL;
    snprintf(url, sizeof url, "%s%s", base, path);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    CURLcode rc = curl_easy_perform(c);
    cr_assert_eq(rc, CURLE_OK, "GET %s: %s", path, curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl_easy_cleanup(c);
    json_error_t je;
    json_t *j = body ? json_loads(body, 0, &je) : NULL;
    cr_assert_not_null(j, "GET %s: not JSON: %s", path, body ? body : "(empty)");
    free(body);
    return j;
}

static json_t *items(const char *path)
{
    long status;
    json_t *j = get(path, &status);
    cr_assert_eq(status, 200, "GET %s: %ld", path, status);
    json_t *it = json_incref(json_object_get(j, "items"));
    json_decref(j);
    cr_assert(json_is_array(it), "GET %s: no items", path);
    return it;
}

static json_t *by_code(json_t *rows, const char *code)
{
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *o = json_array_get(rows, i);
        if (strcmp(json_string_value(json_object_get(o, "code")), code) == 0)
            return o;
    }
    cr_assert_fail("no row %s", code);
    return NULL;
}

static double num(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    cr_assert(json_is_number(v), "%s is not a number", k);
    return json_number_value(v);
}

Test(api_ecology, waste_scores_rank_every_district_and_filter_by_jurisdiction)
{
    json_t *rows = items("/api/v1/waste/scores?year=2022");
    cr_assert_eq(json_array_size(rows), 9);
    int seen[10] = {0};
    for (size_t i = 0; i < 9; i++) {
        json_t *o = json_array_get(rows, i);
        int rank = (int)json_integer_value(json_object_get(o, "rank"));
        cr_assert(rank >= 1 && rank <= 9);
        seen[rank]++;
        cr_expect(fabs(num(o, "change") - (num(o, "composite") - num(o, "prev_composite"))) < 1e-9);
    }
    cr_expect(seen[1] == 1 && seen[9] == 1, "one first and one last");
    json_decref(rows);
    rows = items("/api/v1/waste/scores?year=2022&jurisdiction=510000");
    for (size_t i = 0; i < json_array_size(rows); i++)
        cr_expect_str_eq(json_string_value(json_object_get(json_array_get(rows, i), "jurisdiction")),
                         "510000");
    cr_expect_gt(json_array_size(rows), 0);
    cr_expect_lt(json_array_size(rows), 9);
    json_decref(rows);
}

Test(api_ecology, waste_indicators_of_one_district_with_inputs)
{
    json_t *rows = items("/api/v1/waste/indicators?district=510100&year=2022&limit=1000");
    json_t *o = by_code(rows, "510100/2.1.1");
    cr_expect(strstr(json_string_value(json_object_get(o, "inputs")), "ind_sw_used_t="));
    cr_expect_str_eq(json_string_value(json_object_get(o, "district")), "510100");
    json_decref(rows);
    long status;
    json_t *j = get("/api/v1/waste/indicators?district=000000", &status);
    cr_expect_eq(status, 404);
    json_decref(j);
    j = get("/api/v1/waste/scores?year=20x2", &status);
    cr_expect_eq(status, 400);
    json_decref(j);
}

Test(api_ecology, survey_diversity_per_jurisdiction_and_site)
{
    json_t *rows = items("/api/v1/surveys/diversity?by=jurisdiction");
    cr_assert_eq(json_array_size(rows), 2);
    json_t *sc = by_code(rows, "510000"), *cq = by_code(rows, "500000");
    cr_expect(num(sc, "S") == 17 && num(sc, "N") == 226);
    cr_expect(num(cq, "S") == 17 && num(cq, "N") == 197);
    cr_expect(num(sc, "rarefied_n") == 197 && num(cq, "rarefied_S") == 17);
    json_decref(rows);
    rows = items("/api/v1/surveys/diversity?jurisdiction=500000");
    cr_expect_eq(json_array_size(rows), 3, "Chongqing's three sites");
    json_decref(rows);
    long status;
    json_t *j = get("/api/v1/surveys/diversity?by=event", &status);
    cr_expect_eq(status, 400);
    json_decref(j);
    j = get("/api/v1/surveys/diversity?species=x", &status);
    cr_expect_eq(status, 400, "unknown parameters are rejected");
    json_decref(j);
}

Test(api_ecology, genebank_status_and_forest_progress)
{
    json_t *rows = items("/api/v1/genebank?year=2022");
    cr_assert_eq(json_array_size(rows), 9);
    json_t *e = by_code(rows, "GB-RC-E");
    cr_expect_str_eq(json_string_value(json_object_get(e, "status")), "regeneration_due");
    cr_expect(num(e, "years_since") == 16 && num(e, "interval_years") == 15);
    json_decref(rows);
    rows = items("/api/v1/forests?jurisdiction=500000");
    json_t *f = by_code(rows, "500000/2022/coverage_pct");
    cr_expect(fabs(num(f, "progress") - 1.016) < 5e-4 && fabs(num(f, "elapsed") - 0.4) < 1e-12);
    cr_expect(json_is_true(json_object_get(f, "on_track")) && json_is_true(json_object_get(f, "met")));
    cr_expect_eq(json_array_size(rows), 6, "3 years x 2 indicators");
    json_decref(rows);
}

Test(api_ecology, every_route_is_in_the_openapi_document)
{
    long status;
    json_t *doc = get("/api/v1/openapi.json", &status);
    cr_assert_eq(status, 200);
    json_t *paths = json_object_get(doc, "paths");
    static const char *const want[] = {"/api/v1/waste/scores", "/api/v1/waste/indicators",
                                       "/api/v1/surveys/diversity", "/api/v1/genebank",
                                       "/api/v1/forests"};
    for (size_t i = 0; i < 5; i++)
        cr_expect(json_object_get(paths, want[i]) != NULL, "%s not documented", want[i]);
    json_decref(doc);
}
