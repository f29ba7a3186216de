/* Zero-waste indicators (jointenv/waste.h): the score rule at its thresholds, each
 * formula on hand-computed data, missing inputs and coverage, the composite, ranks
 * with ties, last year's composite, configuration errors with their JSON path, data
 * errors at path:line:column, and the shipped system against the demo data. */
#include "jointenv/waste.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void near(double got, double want, const char *what)
{
    cr_assert(fabs(got - want) <= 1e-9 * fmax(1, fabs(want)), "%s: %.12g, expected %.12g", what,
              got, want);
}

Test(waste, score_rule_at_its_thresholds)
{
    near(je_waste_score(JE_WASTE_HIGHER, 80, 80), 100, "higher, at target");
    near(je_waste_score(JE_WASTE_HIGHER, 40, 80), 50, "higher, half");
    near(je_waste_score(JE_WASTE_HIGHER, 120, 80), 100, "higher, above: capped");
    near(je_waste_score(JE_WASTE_HIGHER, 0, 80), 0, "higher, zero");
    near(je_waste_score(JE_WASTE_LOWER, 0.8, 0.8), 100, "lower, at target");
    near(je_waste_score(JE_WASTE_LOWER, 1.6, 0.8), 50, "lower, twice the target");
    near(je_waste_score(JE_WASTE_LOWER, 0.1, 0.8), 100, "lower, below");
    cr_assert(isnan(je_waste_score(JE_WASTE_HIGHER, NAN, 80)));
}

/* Three indicators: a ratio of two summed terms (%), a value, a decline since 2020. */
static const char sys_json[] =
    "{\"id\": \"t\", \"groups\": [{\"id\": \"1\", \"name_zh\": \"甲\", \"name_en\": \"A\"},"
    " {\"id\": \"1.1\", \"name_zh\": \"甲一\", \"name_en\": \"A1\"}],"
    " \"indicators\": ["
    "  {\"id\": \"r\", \"group\": \"1.1\", \"name_zh\": \"率\", \"name_en\": \"rate\", \"unit\": \"%\","
    "   \"direction\": \"higher\", \"mandatory\": true, \"formula\": {\"op\": \"ratio\","
    "   \"num\": [\"a\", \"b\"], \"den\": \"c\", \"scale\": 100}, \"target\": 80, \"weight\": 2},"
    "  {\"id\": \"v\", \"group\": \"1.1\", \"name_zh\": \"数\", \"name_en\": \"count\", \"unit\": \"count\","
    "   \"direction\": \"higher\", \"formula\": {\"op\": \"value\", \"num\": \"n\"}, \"target\": 200},"
    "  {\"id\": \"d\", \"group\": \"1.1\", \"name_zh\": \"降\", \"name_en\": \"decline\", \"unit\": \"%\","
    "   \"direction\": \"higher\", \"mandatory\": true, \"formula\": {\"op\": \"change\", \"num\": \"l\","
    "   \"base_year\": 2020, \"scale\": 100}, \"target\": 30, \"weight\": 1}]}";

static je_waste_system parse_ok(void)
{
    je_waste_system s;
    je_error err;
    cr_assert_eq(je_waste_system_parse(sys_json, strlen(sys_json), "t.json", &s, &err), JE_OK,
                 "%s", err.message);
    return s;
}

Test(waste, formulas_composite_rank_and_last_year)
{
    je_waste_system s = parse_ok();
    const je_waste_district d[3] = {{"X", "甲", "X", "500000"},
                                    {"Y", "乙", "Y", "510000"},
                                    {"Z", "丙", "Z", "510000"}};
    const je_waste_value v[] = {
        /* X 2022: rate (30+18)/60 = 80 % → 100; count 100 → 50; landfill 70 vs 100 in 2020:
           decline 30 % → 100; composite (2·100 + 1·50 + 1·100)/4 = 87.5 */
        {"X", 2022, "a", 30}, {"X", 2022, "b", 18}, {"X", 2022, "c", 60}, {"X", 2022, "n", 100},
        {"X", 2022, "l", 70}, {"X", 2020, "l", 100},
        /* X 2021: rate 40/80 = 50 % → 62.5; no count, no landfill: composite 62.5 */
        {"X", 2021, "a", 40}, {"X", 2021, "b", 0}, {"X", 2021, "c", 80},
        /* Y 2022: the same as X (a tie), Z 2022: only the count, 400 → 100 */
        {"Y", 2022, "a", 30}, {"Y", 2022, "b", 18}, {"Y", 2022, "c", 60}, {"Y", 2022, "n", 100},
        {"Y", 2022, "l", 70}, {"Y", 2020, "l", 100}, {"Z", 2022, "n", 400},
        /* Z's rate has a zero denominator: not reported */
        {"Z", 2022, "a", 1}, {"Z", 2022, "b", 1}, {"Z", 2022, "c", 0}};
    je_waste_card *c;
    je_error err;
    cr_assert_eq(je_waste_evaluate(&s, d, 3, v, sizeof v / sizeof v[0], 2022, &c, &err), JE_OK);
    near(c[0].res[0].value, 80, "X rate");
    near(c[0].res[0].score, 100, "X rate score");
    cr_assert_eq(c[0].res[0].met, 1);
    cr_assert(strstr(c[0].res[0].inputs, "a=30") && strstr(c[0].res[0].inputs, "c=60"), "%s",
              c[0].res[0].inputs);
    near(c[0].res[1].value, 100, "X count");
    near(c[0].res[1].score, 50, "X count score");
    near(c[0].res[2].value, 30, "X decline");
    cr_assert(strstr(c[0].res[2].inputs, "l@2020=100"), "%s", c[0].res[2].inputs);
    near(c[0].composite, 87.5, "X composite");
    near(c[0].coverage, 1, "X coverage");
    near(c[0].prev_composite, 62.5, "X 2021 composite (rate only)");
    cr_assert_eq(c[0].mandatory_total, 2);
    cr_assert_eq(c[0].mandatory_met, 2);
    /* Z: the rate (weight 2) and the decline (weight 1) are not reported */
    cr_assert(isnan(c[2].res[0].value) && c[2].res[0].met == -1);
    near(c[2].composite, 100, "Z composite over what is reported");
    near(c[2].coverage, 0.25, "Z coverage = 1 of 4 weight");
    cr_assert(isnan(c[2].prev_composite));
    /* ranks: Z 100 first; X and Y tie at 87.5 and share rank 2 */
    cr_assert_eq(c[2].rank, 1);
    cr_assert_eq(c[0].rank, 2);
    cr_assert_eq(c[1].rank, 2);
    je_waste_cards_free(c, 3);
    je_waste_system_free(&s);
}

static void expect_bad(const char *json, const char *part)
{
    je_waste_system s;
    je_error err;
    je_error_clear(&err);
    cr_assert_eq(je_waste_system_parse(json, strlen(json), "bad.json", &s, &err), JE_EDATA,
                 "accepted: %s", json);
    char msg[700];
    je_error_format(&err, msg, sizeof msg);
    cr_assert(strstr(msg, part) && strstr(msg, "bad.json"), "'%s' lacks '%s'", msg, part);
}

Test(waste, configuration_errors_name_their_place)
{
    expect_bad("{\"id\": \"x\", \"groups\": [], ", "bad.json:1:"); /* syntax: line:column */
    expect_bad("{\"id\": \"x\", \"groups\": [], \"indicators\": []}", "indicators");
    char buf[4096];
    /* replace one piece of the good system and expect the path of the problem */
    static const struct {
        const char *from, *to, *part;
    } cases[] = {
        {"\"group\": \"1.1\", \"name_zh\": \"数\"", "\"group\": \"9\", \"name_zh\": \"数\"",
         "indicators[1].group: no group '9'"},
        {"\"direction\": \"higher\", \"mandatory\": true, \"formula\": {\"op\": \"ratio\"",
         "\"direction\": \"up\", \"mandatory\": true, \"formula\": {\"op\": \"ratio\"",
         "indicators[0].direction"},
        {"\"base_year\": 2020, ", "", "indicators[2].formula.base_year"},
        {"\"target\": 200", "\"target\": 0", "indicators[1].target"},
        {"\"op\": \"value\"", "\"op\": \"sum\"", "indicators[1].formula.op"},
        {"\"den\": \"c\", ", "", "indicators[0].formula.den"},
        {"{\"id\": \"v\"", "{\"id\": \"r\"", "indicators[1].id: 'r' appears twice"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *at = strstr(sys_json, cases[i].from);
        cr_assert_not_null(at, "case %zu", i);
        snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - sys_json), sys_json, cases[i].to,
                 at + strlen(cases[i].from));
        expect_bad(buf, cases[i].part);
    }
}

Test(waste, data_errors_at_line_and_column, .fini = t_cleanup)
{
    const char *p = t_path("d.csv");
    t_write(p, "district,year,variable,value\nX,2022,a,1\nX,20x2,a,1\nX,2022,b,-3\nX,2022,,1\n");
    je_waste_value *v;
    size_t n;
    je_diag diag;
    je_diag_init(&diag, 10);
    je_error err;
    cr_assert_eq(je_waste_read_values(p, &v, &n, &diag, &err), JE_OK);
    cr_assert_eq(n, 1);
    cr_assert_eq(diag.total, 3);
    char msg[700];
    je_error_format(&diag.items[0], msg, sizeof msg);
    cr_assert(strstr(msg, ":3:3:") && strstr(msg, "year"), "%s", msg);
    je_error_format(&diag.items[1], msg, sizeof msg);
    cr_assert(strstr(msg, ":4:10:") && strstr(msg, "value"), "%s", msg);
    je_error_format(&diag.items[2], msg, sizeof msg);
    cr_assert(strstr(msg, ":5:8:") && strstr(msg, "variable"), "%s", msg);
    free(v);
    je_diag_free(&diag);
}

/* The shipped configuration parses, and every variable it names occurs in the demo
   data (a typo in either would silently leave an indicator unreported). */
Test(waste, shipped_system_matches_the_demo_data)
{
    size_t len;
    char *json = t_read(JE_SOURCE_DIR "/data/rules/zero-waste-2021.json");
    cr_assert_not_null(json);
    len = strlen(json);
    je_waste_system s;
    je_error err;
    cr_assert_eq(je_waste_system_parse(json, len, "zero-waste-2021.json", &s, &err), JE_OK, "%s",
                 err.message);
    cr_assert_eq(s.n_ind, 14);
    je_waste_value *v;
    size_t n;
    je_diag diag;
    je_diag_init(&diag, 10);
    cr_assert_eq(je_waste_read_values(JE_SOURCE_DIR "/data/demo/chengyu/waste_data.csv", &v, &n,
                                      &diag, &err),
                 JE_OK);
    cr_assert_eq(diag.total, 0);
    for (size_t i = 0; i < s.n_ind; i++) {
        const je_waste_indicator *x = &s.ind[i];
        for (size_t k = 0; k < x->n_num + x->n_den; k++) {
            const char *var = k < x->n_num ? x->num[k] : x->den[k - x->n_num];
            size_t j = 0;
            while (j < n && strcmp(v[j].variable, var) != 0)
                j++;
            cr_assert(j < n, "%s uses '%s', which the demo data lack", x->id, var);
        }
    }
    free(v);
    free(json);
    je_diag_free(&diag);
    je_waste_system_free(&s);
}
