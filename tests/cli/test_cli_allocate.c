/* CLI runs of `water allocate`: the demo scheme (default), a drought factor, a dry-year
 * series, every --show table, JSON output, infeasible ecological flows (exit 3 naming
 * link and month), a bad scheme (exit 3 with file:line:column), and usage errors. */
#include "support/support.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(cli_allocate, .fini = cleanup);

static char *run_expect(int code, char **err_out, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err, args);
    cr_assert_eq(rc, code, "exit %d, expected %d; stderr: %s", rc, code, err ? err : "");
    if (err_out)
        *err_out = err;
    else
        free(err);
    return out;
}

/* The numeric field `col` (0-based) of the CSV line starting with `key`. */
static double field(const char *csv, const char *key, int col)
{
    size_t k = strlen(key);
    for (const char *p = csv; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, key, k) != 0)
            continue;
        const char *q = p;
        for (int c = 0; c < col; c++) {
            q = strchr(q, ',');
            cr_assert_not_null(q, "line %s has fewer than %d fields", key, col + 1);
            q++;
        }
        return strtod(q, NULL);
    }
    cr_assert_fail("no line starting with '%s' in:\n%s", key, csv);
    return NAN;
}

Test(cli_allocate, the_demo_scheme_by_default)
{
    const char *args[] = {"--format", "csv", "water", "allocate", NULL};
    char *out = run_expect(0, NULL, args);
    const char *head = "group,key,demand_hm3,delivered_hm3,shortage_hm3,supplied_pct\n";
    cr_assert(strncmp(out, head, strlen(head)) == 0, "%s", out);
    /* domestic water (priority 1) is served in full; the shortage is agricultural */
    double p1_short = field(out, "priority,P1,", 4), p3_short = field(out, "priority,P3,", 4);
    cr_assert(p1_short == 0, "P1 shortage %g", p1_short);
    cr_assert(p3_short > 0, "P3 shortage %g", p3_short);
    double all = field(out, "all,all,", 3);
    double sc = field(out, "jurisdiction,510000,", 3), cq = field(out, "jurisdiction,500000,", 3);
    cr_assert(fabs(all - sc - cq) < 0.002, "all %g != %g + %g", all, sc, cq);
    free(out);
}

Test(cli_allocate, a_drought_delivers_less)
{
    const char *a1[] = {"water", "allocate", "--year", "2022", NULL};
    const char *a2[] = {"water", "allocate", "--inflow-factor", "0.4", NULL};
    char *o1 = run_expect(0, NULL, a1), *o2 = run_expect(0, NULL, a2);
    double d1 = field(o1, "all,all,", 3), d2 = field(o2, "all,all,", 3);
    cr_assert(d2 < d1, "delivered %g at 0.4, %g at 1", d2, d1);
    cr_assert(field(o2, "priority,P1,", 4) > 0, "at 0.4 even domestic water is short");
    free(o1);
    free(o2);
}

Test(cli_allocate, infeasible_ecological_flows_name_link_and_month)
{
    const char *args[] = {"water", "allocate", "--inflow-factor", "0.3", NULL};
    char *err = NULL;
    char *out = run_expect(3, &err, args);
    cr_assert(out == NULL || out[0] == '\0', "output despite infeasibility: %s", out);
    cr_assert(strstr(err, "has no feasible allocation") != NULL, "%s", err);
    cr_assert(strstr(err, "link JL-3 (section JL-CTM) in 2022-02: ecological minimum") != NULL,
              "%s", err);
    cr_assert(strstr(err, "shortfall") != NULL, "%s", err);
    free(out);
    free(err);
}

Test(cli_allocate, every_table_shows)
{
    static const char *const shows[] = {"demands", "links", "months", "sections", "flows"};
    static const char *const heads[] = {
        "demand,node,jurisdiction,sector,priority,", "link,from,to,kind,section,boundary,flow_hm3,",
        "month,jurisdiction,demand_hm3,", "section,link,boundary,month,flow_hm3,flow_m3_s,",
        "section,link,boundary,month,flow_hm3,flow_m3_s,"};
    for (int k = 0; k < 5; k++) {
        const char *args[] = {"water", "allocate", "--show", shows[k], NULL};
        char *out = run_expect(0, NULL, args);
        cr_assert(strncmp(out, heads[k], strlen(heads[k])) == 0, "%s: %s", shows[k], out);
        free(out);
    }
    /* the canal's boundary section: monthly rows and the year, m3/s consistent */
    const char *args[] = {"water", "allocate", "--show", "sections", NULL};
    char *out = run_expect(0, NULL, args);
    double jan_hm3 = field(out, "CZQ-JB,CZQ-2,yes,2022-01,", 4);
    double jan_q = field(out, "CZQ-JB,CZQ-2,yes,2022-01,", 5);
    cr_assert(fabs(jan_hm3 * 1e6 / (31 * 86400.0) - jan_q) < 0.002, "%g hm3 vs %g m3/s", jan_hm3,
              jan_q);
    cr_assert(strstr(out, "CZQ-JB,CZQ-2,yes,2022,") != NULL, "no annual row:\n%s", out);
    free(out);
}

Test(cli_allocate, the_lp_can_be_written_for_another_solver)
{
    const char *lp = t_path("model.lp");
    const char *args[] = {"water", "allocate", "--write-lp", lp, NULL};
    free(run_expect(0, NULL, args));
    char *text = t_read(lp);
    cr_assert_not_null(text);
    cr_assert(strncmp(text, "Minimize\n", 9) == 0, "%.80s", text);
    cr_assert(strstr(text, " bal_HC_01: ") != NULL, "no balance row of node HC in January");
    cr_assert(strstr(text, " share_changzheng#2dcanal_510000_lo_year") != NULL, /* "-" as #2d */
              "no yearly share row");
    free(text);
}

Test(cli_allocate, equal_cuts_even_out_a_level)
{
    const char *args[] = {"water",        "allocate", "--inflow-factor", "0.4",
                          "--equal-cuts", "--show",   "demands",         NULL};
    char *out = run_expect(0, NULL, args);
    /* the two canal-fed irrigation demands are cut by (nearly) the same fraction in their
       worst month; without equal cuts the split is whatever the LP finds */
    cr_assert(strstr(out, "SC-CZ-AGR,CZQ-SC,510000,agricultural,3,") != NULL, "%s", out);
    free(out);
    const char *bad[] = {"water", "allocate", "--equal-cuts", "--priorities", "weighted", NULL};
    char *err = NULL;
    out = run_expect(2, &err, bad);
    cr_assert(strstr(err, "--equal-cuts needs --priorities lexicographic") != NULL, "%s", err);
    free(out);
    free(err);
}

Test(cli_allocate, json_output_parses)
{
    const char *args[] = {"--format", "json",         "water",    "allocate", "--show",
                          "demands",  "--priorities", "weighted", NULL};
    char *out = run_expect(0, NULL, args);
    json_error_t je;
    json_t *v = json_loads(out, 0, &je);
    cr_assert_not_null(v, "not JSON: %s", je.text);
    cr_assert(json_is_array(v) && json_array_size(v) == 22, "22 demands expected");
    json_t *first = json_array_get(v, 0);
    cr_assert(json_is_number(json_object_get(first, "delivered_hm3")));
    json_decref(v);
    free(out);
}

Test(cli_allocate, a_dry_year_series)
{
    const char *in = t_path("dry.csv");
    char csv[2048] = "node,month,inflow_hm3\n";
    for (int m = 1; m <= 12; m++) {
        char line[64];
        snprintf(line, sizeof line, "QJ-AY,%d,%d\n", m, m == 5 ? 0 : 10);
        strcat(csv, line);
    }
    t_write(in, csv);
    const char *args[] = {"water", "allocate", "--inflows", in, "--show", "demands", NULL};
    char *out = run_expect(0, NULL, args);
    cr_assert(strstr(out, "SC-AY-DOM,QJ-AY,510000,domestic,1,") != NULL, "%s", out);
    free(out);
    t_write(in, "node,month,inflow_hm3\nNOPE,1,3\n");
    char *err = NULL;
    out = run_expect(3, &err, args);
    char want[600];
    snprintf(want, sizeof want, "%s:2:1: unknown node 'NOPE'", in);
    cr_assert(strstr(err, want) != NULL, "'%s' not in %s", want, err);
    free(out);
    free(err);
}

Test(cli_allocate, a_bad_scheme_is_located)
{
    const char *path = t_path("scheme.json");
    t_write(path, "{\"id\": \"x\", \"year\": 2022,\n"
                  " \"nodes\": [{\"code\": \"S\", \"jurisdiction\": \"510000\", \"kind\": "
                  "\"source\"},\n"
                  "   {\"code\": \"O\", \"jurisdiction\": \"500000\", \"kind\": \"outlet\"}],\n"
                  " \"links\": [{\"id\": \"L\", \"from\": \"S\",\n"
                  "      \"to\": \"X\", \"kind\": \"river\"}],\n"
                  " \"demands\": []}\n");
    const char *args[] = {"water", "allocate", "--scheme", path, NULL};
    char *err = NULL;
    char *out = run_expect(3, &err, args);
    char want[600];
    snprintf(want, sizeof want, "%s:5:13: links[0].to: unknown node 'X'", path);
    cr_assert(strstr(err, want) != NULL, "'%s' not in %s", want, err);
    free(out);
    free(err);
    /* the year must match */
    t_write(path, "{\"id\": \"x\", \"year\": 2021,\n"
                  " \"nodes\": [{\"code\": \"S\", \"jurisdiction\": \"510000\", \"kind\": "
                  "\"source\"},\n"
                  "   {\"code\": \"O\", \"jurisdiction\": \"500000\", \"kind\": \"outlet\"}],\n"
                  " \"links\": [{\"id\": \"L\", \"from\": \"S\", \"to\": \"O\", \"kind\": "
                  "\"river\"}],\n"
                  " \"demands\": []}\n");
    const char *a2[] = {"water", "allocate", "--scheme", path, "--year", "2022", NULL};
    out = run_expect(3, &err, a2);
    cr_assert(strstr(err, "is the scheme of 2021, not 2022") != NULL, "%s", err);
    free(out);
    free(err);
}

Test(cli_allocate, usage_errors)
{
    static const char *const bad[][2] = {{"--inflow-factor", "dry"},
                                         {"--priorities", "fair"},
                                         {"--show", "everything"},
                                         {"--year", "22"}};
    for (int k = 0; k < 4; k++) {
        const char *args[] = {"water", "allocate", bad[k][0], bad[k][1], NULL};
        char *err = NULL;
        char *out = run_expect(2, &err, args);
        cr_assert(strstr(err, bad[k][0]) != NULL, "%s", err);
        free(out);
        free(err);
    }
    const char *help[] = {"water", "allocate", "--help", NULL};
    char *out = run_expect(0, NULL, help);
    cr_assert(strstr(out, "--inflow-factor F") != NULL, "%s", out);
    free(out);
    const char *missing[] = {"water", "allocate", "--year", "1999", NULL};
    char *err = NULL;
    out = run_expect(1, &err, missing);
    cr_assert(strstr(err, "allocation-1999.json") != NULL, "%s", err);
    free(out);
    free(err);
}
