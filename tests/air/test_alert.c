/* Heavy-pollution alert engine: the shipped rule sets (data/rules/air-alert-*.json,
 * ../shared/reference/standards.md §3 A, B, C), episodes and their merge rule, joint
 * regional alerts, and rule-set validation. Series are constructed forecasts of daily
 * (step 86400 s) or rolling hourly (step 3600 s) AQI; every expectation is exact. */
#include "jointenv/air.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR INT64_C(3600)
#define DAY INT64_C(86400)
/* 2024-01-01 00:00 +08:00 */
#define T0 INT64_C(1704038400)
#define N(a) (sizeof(a) / sizeof((a)[0]))

static je_alert_rules *load(const char *file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/data/rules/%s", JE_SOURCE_DIR, file);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    char *buf = malloc(1 << 16);
    cr_assert_not_null(buf);
    size_t len = fread(buf, 1, 1 << 16, f);
    fclose(f);
    je_alert_rules *r = NULL;
    je_error err;
    je_error_clear(&err);
    je_status st = je_alert_rules_parse(buf, len, path, &r, &err);
    free(buf);
    char msg[1024];
    cr_assert_eq(st, JE_OK, "%s", je_error_format(&err, msg, sizeof msg));
    return r;
}

static je_alert_rules *parse_ok(const char *json)
{
    je_alert_rules *r = NULL;
    je_error err;
    char msg[1024];
    je_status st = je_alert_rules_parse(json, strlen(json), "test.json", &r, &err);
    cr_assert_eq(st, JE_OK, "%s", je_error_format(&err, msg, sizeof msg));
    return r;
}

/* Episodes of `aqi` from T0 with step `step_s`; asserts success. */
static size_t run(const je_alert_rules *r, const double *aqi, size_t n, int64_t step_s,
                  je_alert_episode **eps)
{
    size_t ne = 99;
    je_error err;
    char msg[1024];
    je_status st = je_alert_episodes(r, aqi, n, T0, step_s, eps, &ne, &err);
    cr_assert_eq(st, JE_OK, "%s", je_error_format(&err, msg, sizeof msg));
    return ne;
}

/* The level of the single episode of a daily series, or JE_ALERT_NONE when there is
 * none; asserts there is at most one. */
static je_alert_level daily_level(const je_alert_rules *r, const double *aqi, size_t n)
{
    je_alert_episode *e = NULL;
    size_t ne = run(r, aqi, n, DAY, &e);
    cr_assert_leq(ne, 1, "%zu episodes", ne);
    je_alert_level l = ne ? e[0].level : JE_ALERT_NONE;
    free(e);
    return l;
}

#define ASSERT_LEVEL(r, series, expected)                                                          \
    do {                                                                                           \
        je_alert_level got_ = daily_level((r), (series), N(series));                               \
        cr_assert_eq(got_, (expected), "level %s, expected %s", je_alert_level_name(got_),         \
                     je_alert_level_name(expected));                                               \
    } while (0)

static void assert_episode(const je_alert_episode *e, size_t first, size_t last, int64_t start,
                           int64_t end, je_alert_level level, double peak, int red)
{
    cr_assert_eq(e->first, first, "first %zu, expected %zu", e->first, first);
    cr_assert_eq(e->last, last, "last %zu, expected %zu", e->last, last);
    cr_assert_eq(e->start, start, "start %lld, expected %lld", (long long)e->start,
                 (long long)start);
    cr_assert_eq(e->end, end, "end %lld, expected %lld", (long long)e->end, (long long)end);
    cr_assert_eq(e->level, level, "level %s, expected %s", je_alert_level_name(e->level),
                 je_alert_level_name(level));
    cr_assert_eq(e->peak_aqi, peak, "peak %g, expected %g", e->peak_aqi, peak);
    cr_assert_eq(e->reduction_pct, red, "reduction %d, expected %d", e->reduction_pct, red);
}

/* ---------------------------------------------------------------------------
 * Level names.
 * ------------------------------------------------------------------------- */
Test(alert_level, names_and_parse)
{
    static const char *const en[] = {"none", "blue", "yellow", "orange", "red"};
    static const char *const zh[] = {"无", "蓝色", "黄色", "橙色", "红色"};
    for (int l = JE_ALERT_NONE; l <= JE_ALERT_RED; l++) {
        cr_assert_str_eq(je_alert_level_name((je_alert_level)l), en[l]);
        cr_assert_str_eq(je_alert_level_name_zh((je_alert_level)l), zh[l]);
        je_alert_level p = (je_alert_level)-1;
        cr_assert_eq(je_alert_level_parse(en[l], &p), JE_OK);
        cr_assert_eq((int)p, l);
    }
    je_alert_level p;
    cr_assert_eq(je_alert_level_parse("Red", &p), JE_EINVAL);
    cr_assert_eq(je_alert_level_parse("红色", &p), JE_EINVAL);
    cr_assert_eq(je_alert_level_parse("", &p), JE_EINVAL);
    cr_assert_str_eq(je_alert_level_name((je_alert_level)7), "?");
}

/* ---------------------------------------------------------------------------
 * Scheme A: MEE 2017, four levels (standards.md §3 A).
 * ------------------------------------------------------------------------- */
Test(alert_mee2017, identity_and_reductions)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    cr_assert_str_eq(je_alert_rules_id(r), "mee-2017-4level");
    cr_assert_eq(je_alert_rules_reduction(r, JE_ALERT_NONE), 0);
    cr_assert_eq(je_alert_rules_reduction(r, JE_ALERT_BLUE), 0);
    cr_assert_eq(je_alert_rules_reduction(r, JE_ALERT_YELLOW), 10);
    cr_assert_eq(je_alert_rules_reduction(r, JE_ALERT_ORANGE), 20);
    cr_assert_eq(je_alert_rules_reduction(r, JE_ALERT_RED), 30);
    je_alert_rules_free(r);
}

Test(alert_mee2017, one_day_above_200_is_blue)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    const double aqi[] = {150, 250, 180};
    je_alert_episode *e = NULL;
    cr_assert_eq(run(r, aqi, N(aqi), DAY, &e), 1);
    assert_episode(&e[0], 1, 1, T0 + DAY, T0 + 2 * DAY, JE_ALERT_BLUE, 250, 0);
    free(e);
    je_alert_rules_free(r);
}

Test(alert_mee2017, two_days_above_200_is_yellow)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    const double aqi[] = {100, 210, 290, 100};
    je_alert_episode *e = NULL;
    cr_assert_eq(run(r, aqi, N(aqi), DAY, &e), 1);
    assert_episode(&e[0], 1, 2, T0 + DAY, T0 + 3 * DAY, JE_ALERT_YELLOW, 290, 10);
    free(e);
    je_alert_rules_free(r);
}

Test(alert_mee2017, three_days_with_one_above_300_is_orange)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    const double aqi[] = {201, 310, 250};
    je_alert_episode *e = NULL;
    cr_assert_eq(run(r, aqi, N(aqi), DAY, &e), 1);
    assert_episode(&e[0], 0, 2, T0, T0 + 3 * DAY, JE_ALERT_ORANGE, 310, 20);
    free(e);
    je_alert_rules_free(r);
}

Test(alert_mee2017, three_days_without_300_is_yellow)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    const double at300[] = {250, 300, 250}; /* 300 is not > 300 */
    ASSERT_LEVEL(r, at300, JE_ALERT_YELLOW);
    const double above300[] = {250, 301, 250};
    ASSERT_LEVEL(r, above300, JE_ALERT_ORANGE);
    je_alert_rules_free(r);
}

Test(alert_mee2017, four_days_with_two_above_300_is_red)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    const double aqi[] = {250, 310, 320, 250};
    je_alert_episode *e = NULL;
    cr_assert_eq(run(r, aqi, N(aqi), DAY, &e), 1);
    assert_episode(&e[0], 0, 3, T0, T0 + 4 * DAY, JE_ALERT_RED, 320, 30);
    free(e);
    /* Four days > 200 but only one > 300: orange. */
    const double one300[] = {250, 310, 290, 250};
    ASSERT_LEVEL(r, one300, JE_ALERT_ORANGE);
    /* Two days > 300 but only three days > 200: orange. */
    const double three[] = {250, 310, 320, 150};
    ASSERT_LEVEL(r, three, JE_ALERT_ORANGE);
    je_alert_rules_free(r);
}

Test(alert_mee2017, aqi_reaching_500_is_red)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    const double at500[] = {100, 500, 100};
    je_alert_episode *e = NULL;
    cr_assert_eq(run(r, at500, N(at500), DAY, &e), 1);
    assert_episode(&e[0], 1, 1, T0 + DAY, T0 + 2 * DAY, JE_ALERT_RED, 500, 30);
    free(e);
    const double at499[] = {100, 499, 100};
    ASSERT_LEVEL(r, at499, JE_ALERT_BLUE);
    je_alert_rules_free(r);
}

Test(alert_mee2017, aqi_exactly_200_is_not_above_200)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    const double at200[] = {200, 200, 200, 200};
    ASSERT_LEVEL(r, at200, JE_ALERT_NONE);
    const double aqi[] = {200, 201, 200};
    je_alert_episode *e = NULL;
    cr_assert_eq(run(r, aqi, N(aqi), DAY, &e), 1);
    assert_episode(&e[0], 1, 1, T0 + DAY, T0 + 2 * DAY, JE_ALERT_BLUE, 201, 0);
    free(e);
    je_alert_rules_free(r);
}

/* Merge rule: two runs with a gap no longer than merge_gap_hours (24 h) are one
 * episode, at the level of the whole. Each 2-day run alone (one day > 300) is yellow;
 * together 4 days > 200 with 2 days > 300 is red. */
Test(alert_mee2017, runs_one_day_apart_merge)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    const double aqi[] = {100, 250, 310, 120, 310, 250, 100};
    je_alert_episode *e = NULL;
    cr_assert_eq(run(r, aqi, N(aqi), DAY, &e), 1);
    assert_episode(&e[0], 1, 5, T0 + DAY, T0 + 6 * DAY, JE_ALERT_RED, 310, 30);
    free(e);
    je_alert_rules_free(r);
}

Test(alert_mee2017, runs_two_days_apart_stay_apart)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    const double aqi[] = {250, 310, 120, 130, 310, 250};
    je_alert_episode *e = NULL;
    cr_assert_eq(run(r, aqi, N(aqi), DAY, &e), 2);
    assert_episode(&e[0], 0, 1, T0, T0 + 2 * DAY, JE_ALERT_YELLOW, 310, 10);
    assert_episode(&e[1], 4, 5, T0 + 4 * DAY, T0 + 6 * DAY, JE_ALERT_YELLOW, 310, 10);
    free(e);
    je_alert_rules_free(r);
}

/* A day without forecast is inactive: it splits runs, and a one-day hole is bridged by
 * the merge gap like any other inactive day. */
Test(alert_mee2017, missing_days_are_inactive)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    const double hole[] = {250, NAN, 260};
    je_alert_episode *e = NULL;
    cr_assert_eq(run(r, hole, N(hole), DAY, &e), 1);
    assert_episode(&e[0], 0, 2, T0, T0 + 3 * DAY, JE_ALERT_YELLOW, 260, 10);
    free(e);
    const double holes[] = {250, NAN, NAN, 260};
    cr_assert_eq(run(r, holes, N(holes), DAY, &e), 2);
    assert_episode(&e[0], 0, 0, T0, T0 + DAY, JE_ALERT_BLUE, 250, 0);
    assert_episode(&e[1], 3, 3, T0 + 3 * DAY, T0 + 4 * DAY, JE_ALERT_BLUE, 260, 0);
    free(e);
    const double none[] = {NAN, NAN};
    cr_assert_eq(run(r, none, N(none), DAY, &e), 0);
    free(e);
    je_alert_rules_free(r);
}

/* Rolling 24-hour means every hour: durations are counted in hours of steps. */
Test(alert_mee2017, hourly_steps)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    double aqi[72];
    for (size_t i = 0; i < N(aqi); i++)
        aqi[i] = i >= 10 && i < 58 ? 250 : 150; /* 48 h > 200 */
    je_alert_episode *e = NULL;
    cr_assert_eq(run(r, aqi, N(aqi), HOUR, &e), 1);
    assert_episode(&e[0], 10, 57, T0 + 10 * HOUR, T0 + 58 * HOUR, JE_ALERT_YELLOW, 250, 10);
    free(e);
    aqi[57] = 150; /* 47 h: blue */
    cr_assert_eq(run(r, aqi, N(aqi), HOUR, &e), 1);
    assert_episode(&e[0], 10, 56, T0 + 10 * HOUR, T0 + 57 * HOUR, JE_ALERT_BLUE, 250, 0);
    free(e);
    je_alert_rules_free(r);
}

/* The merge gap is in hours: 24 inactive hours are bridged, 25 are not. */
Test(alert_mee2017, hourly_merge_gap)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    double aqi[73];
    for (size_t i = 0; i < N(aqi); i++)
        aqi[i] = i < 24 || i >= 48 ? 250 : 100; /* 24 h, gap 24 h, 25 h */
    je_alert_episode *e = NULL;
    cr_assert_eq(run(r, aqi, N(aqi), HOUR, &e), 1);
    assert_episode(&e[0], 0, 72, T0, T0 + 73 * HOUR, JE_ALERT_YELLOW, 250, 10);
    free(e);
    aqi[48] = 100; /* gap 25 h: two episodes of 24 h each */
    cr_assert_eq(run(r, aqi, N(aqi), HOUR, &e), 2);
    assert_episode(&e[0], 0, 23, T0, T0 + 24 * HOUR, JE_ALERT_BLUE, 250, 0);
    assert_episode(&e[1], 49, 72, T0 + 49 * HOUR, T0 + 73 * HOUR, JE_ALERT_BLUE, 250, 0);
    free(e);
    je_alert_rules_free(r);
}

Test(alert_mee2017, empty_series_and_bad_step)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    je_alert_episode *e = (je_alert_episode *)1;
    size_t ne = 99;
    cr_assert_eq(je_alert_episodes(r, NULL, 0, T0, DAY, &e, &ne, NULL), JE_OK);
    cr_assert_eq(ne, 0);
    free(e);
    const double aqi[] = {250};
    je_error err;
    cr_assert_eq(je_alert_episodes(r, aqi, 1, T0, 0, &e, &ne, &err), JE_EINVAL);
    cr_assert_eq(err.status, JE_EINVAL);
    cr_assert_eq(je_alert_episodes(r, aqi, 1, T0, -DAY, &e, &ne, NULL), JE_EINVAL);
    cr_assert_eq(je_alert_episodes(NULL, aqi, 1, T0, DAY, &e, &ne, NULL), JE_EINVAL);
    je_alert_rules_free(r);
}

/* ---------------------------------------------------------------------------
 * Scheme B: three levels, no blue (standards.md §3 B).
 * ------------------------------------------------------------------------- */
Test(alert_3level, levels)
{
    je_alert_rules *r = load("air-alert-3level.json");
    cr_assert_str_eq(je_alert_rules_id(r), "city-3level");
    cr_assert_eq(je_alert_rules_reduction(r, JE_ALERT_BLUE), 0);
    cr_assert_eq(je_alert_rules_reduction(r, JE_ALERT_YELLOW), 10);
    cr_assert_eq(je_alert_rules_reduction(r, JE_ALERT_ORANGE), 20);
    cr_assert_eq(je_alert_rules_reduction(r, JE_ALERT_RED), 30);
    const double one[] = {150, 280, 150};
    ASSERT_LEVEL(r, one, JE_ALERT_NONE);
    const double two[] = {210, 220};
    ASSERT_LEVEL(r, two, JE_ALERT_YELLOW);
    const double three[] = {210, 220, 230}; /* no > 300 needed for orange here */
    ASSERT_LEVEL(r, three, JE_ALERT_ORANGE);
    const double four_one300[] = {210, 320, 230, 240};
    ASSERT_LEVEL(r, four_one300, JE_ALERT_ORANGE);
    const double four_two300[] = {210, 320, 330, 240};
    ASSERT_LEVEL(r, four_two300, JE_ALERT_RED);
    const double at500[] = {500};
    ASSERT_LEVEL(r, at500, JE_ALERT_RED);
    je_alert_rules_free(r);
}

/* ---------------------------------------------------------------------------
 * Scheme C: guidance 环办大气函〔2018〕875号 (standards.md §3 C, MEM).
 * ------------------------------------------------------------------------- */
Test(alert_2018, levels)
{
    je_alert_rules *r = load("air-alert-2018-guidance.json");
    cr_assert_str_eq(je_alert_rules_id(r), "mee-2018-guidance");
    const double one150[] = {100, 160, 100};
    ASSERT_LEVEL(r, one150, JE_ALERT_NONE);
    const double two150[] = {160, 170};
    je_alert_episode *e = NULL;
    cr_assert_eq(run(r, two150, N(two150), DAY, &e), 1);
    assert_episode(&e[0], 0, 1, T0, T0 + 2 * DAY, JE_ALERT_YELLOW, 170, 10);
    free(e);
    const double at150[] = {150, 150, 150}; /* 150 is not > 150 */
    ASSERT_LEVEL(r, at150, JE_ALERT_NONE);
    const double one200[] = {120, 210, 120};
    ASSERT_LEVEL(r, one200, JE_ALERT_YELLOW);
    const double two200[] = {160, 210, 220};
    ASSERT_LEVEL(r, two200, JE_ALERT_ORANGE);
    const double three300[] = {210, 310, 220};
    ASSERT_LEVEL(r, three300, JE_ALERT_RED);
    const double three[] = {210, 300, 220};
    ASSERT_LEVEL(r, three, JE_ALERT_ORANGE);
    je_alert_rules_free(r);
}

/* ---------------------------------------------------------------------------
 * Semantics with a rule set of our own.
 * ------------------------------------------------------------------------- */
#define HEAD                                                                                       \
    "{\"id\": \"t\", \"name_zh\": \"测试\", \"name_en\": \"test\", \"source\": \"test\", "       \
    "\"confidence\": \"V1\", "

#define YELLOW_AT_LEAST_200                                                                        \
    "{\"level\": \"yellow\", \"reduction_pct\": 10, \"any\": [{\"all\": [{\"aqi_at_least\": 200, " \
    "\"hours\": 48}]}]}"
#define RED_ABOVE_200                                                                              \
    "{\"level\": \"red\", \"reduction_pct\": 35, \"any\": [{\"all\": [{\"aqi_above\": 200, "       \
    "\"hours\": 48}]}]}"

/* Levels are evaluated from the highest down whatever their order in the file;
 * "aqi_at_least" makes an AQI equal to the threshold active and counted. */
Test(alert_rules, order_and_inclusive_thresholds)
{
    static const char *const sets[] = {
        HEAD "\"merge_gap_hours\": 0, \"levels\": [" YELLOW_AT_LEAST_200 ", " RED_ABOVE_200 "]}",
        HEAD "\"merge_gap_hours\": 0, \"levels\": [" RED_ABOVE_200 ", " YELLOW_AT_LEAST_200 "]}"};
    for (size_t k = 0; k < N(sets); k++) {
        je_alert_rules *r = parse_ok(sets[k]);
        const double at200[] = {200, 200};
        ASSERT_LEVEL(r, at200, JE_ALERT_YELLOW);
        const double above[] = {201, 201};
        ASSERT_LEVEL(r, above, JE_ALERT_RED);
        cr_assert_eq(je_alert_rules_reduction(r, JE_ALERT_RED), 35);
        cr_assert_eq(je_alert_rules_reduction(r, JE_ALERT_ORANGE), 0);
        /* merge gap 0: an inactive day splits the run; each part is too short. */
        const double split[] = {250, 100, 250};
        ASSERT_LEVEL(r, split, JE_ALERT_NONE);
        je_alert_rules_free(r);
    }
}

/* ---------------------------------------------------------------------------
 * Joint alerts.
 * ------------------------------------------------------------------------- */
static je_alert_episode ep(int64_t start, int64_t end, je_alert_level l, int red)
{
    je_alert_episode e = {0, 0, start, end, l, 300, red};
    return e;
}

static size_t joint(const je_alert_city *c, size_t n, je_alert_joint **out)
{
    size_t nj = 99;
    je_error err;
    char msg[1024];
    je_status st = je_alert_joint_find(c, n, out, &nj, &err);
    cr_assert_eq(st, JE_OK, "%s", je_error_format(&err, msg, sizeof msg));
    return nj;
}

static void assert_side(const je_alert_joint *j, size_t k, const char *juris, je_alert_level l,
                        int red, size_t n_cities)
{
    cr_assert_lt(k, j->n_sides);
    cr_assert_str_eq(j->side[k].jurisdiction, juris);
    cr_assert_eq(j->side[k].level, l, "side %zu level %s, expected %s", k,
                 je_alert_level_name(j->side[k].level), je_alert_level_name(l));
    cr_assert_eq(j->side[k].reduction_pct, red, "side %zu reduction %d, expected %d", k,
                 j->side[k].reduction_pct, red);
    cr_assert_eq(j->side[k].n_cities, n_cities, "side %zu cities %zu, expected %zu", k,
                 j->side[k].n_cities, n_cities);
}

Test(alert_joint, two_cities_overlapping_two_days)
{
    je_alert_episode cd[] = {ep(T0 + DAY, T0 + 5 * DAY, JE_ALERT_ORANGE, 20)};
    je_alert_episode cq[] = {ep(T0 + 3 * DAY, T0 + 7 * DAY, JE_ALERT_YELLOW, 10)};
    const je_alert_city cities[] = {{"510100", "510000", cd, 1}, {"500000", "500000", cq, 1}};
    je_alert_joint *j = NULL;
    cr_assert_eq(joint(cities, N(cities), &j), 1);
    cr_assert_eq(j[0].start, T0 + 3 * DAY);
    cr_assert_eq(j[0].end, T0 + 5 * DAY);
    cr_assert_eq(j[0].n_sides, 2);
    assert_side(&j[0], 0, "500000", JE_ALERT_YELLOW, 10, 1);
    assert_side(&j[0], 1, "510000", JE_ALERT_ORANGE, 20, 1);
    free(j);
}

/* End to end: episodes from daily forecasts under the MEE 2017 rules. */
Test(alert_joint, from_forecasts)
{
    je_alert_rules *r = load("air-alert-mee-2017.json");
    const double cd_aqi[] = {100, 250, 310, 320, 250, 100, 100, 100};
    const double cq_aqi[] = {100, 100, 100, 220, 230, 240, 100, 100};
    je_alert_episode *cd = NULL, *cq = NULL;
    size_t ncd = run(r, cd_aqi, N(cd_aqi), DAY, &cd);
    size_t ncq = run(r, cq_aqi, N(cq_aqi), DAY, &cq);
    cr_assert_eq(ncd, 1);
    cr_assert_eq(ncq, 1);
    const je_alert_city cities[] = {{"510100", "510000", cd, ncd}, {"500000", "500000", cq, ncq}};
    je_alert_joint *j = NULL;
    cr_assert_eq(joint(cities, N(cities), &j), 1);
    cr_assert_eq(j[0].start, T0 + 3 * DAY);
    cr_assert_eq(j[0].end, T0 + 5 * DAY);
    assert_side(&j[0], 0, "500000", JE_ALERT_YELLOW, 10, 1);
    assert_side(&j[0], 1, "510000", JE_ALERT_RED, 30, 1);
    free(j);
    free(cd);
    free(cq);
    je_alert_rules_free(r);
}

Test(alert_joint, one_side_only_is_not_joint)
{
    je_alert_episode a[] = {ep(T0, T0 + 4 * DAY, JE_ALERT_RED, 30)};
    je_alert_episode b[] = {ep(T0 + DAY, T0 + 3 * DAY, JE_ALERT_RED, 30)};
    const je_alert_city cities[] = {
        {"510100", "510000", a, 1}, {"510700", "510000", b, 1}, {"500000", "500000", NULL, 0}};
    je_alert_joint *j = NULL;
    cr_assert_eq(joint(cities, N(cities), &j), 0);
    free(j);
}

/* Episodes cover [start, end): one ending when the other starts does not overlap. */
Test(alert_joint, touching_episodes_are_not_joint)
{
    je_alert_episode a[] = {ep(T0, T0 + 2 * DAY, JE_ALERT_YELLOW, 10)};
    je_alert_episode b[] = {ep(T0 + 2 * DAY, T0 + 4 * DAY, JE_ALERT_YELLOW, 10)};
    const je_alert_city cities[] = {{"510100", "510000", a, 1}, {"500000", "500000", b, 1}};
    je_alert_joint *j = NULL;
    cr_assert_eq(joint(cities, N(cities), &j), 0);
    free(j);
}

/* Three cities, two sides: the interval is where 500000 overlaps either Sichuan city;
 * the Sichuan side takes its highest level and counts both cities. */
Test(alert_joint, three_cities_two_sides)
{
    je_alert_episode cd[] = {ep(T0, T0 + 4 * DAY, JE_ALERT_YELLOW, 10)};
    je_alert_episode gy[] = {ep(T0 + 2 * DAY, T0 + 6 * DAY, JE_ALERT_RED, 30)};
    je_alert_episode cq[] = {ep(T0 + 3 * DAY, T0 + 8 * DAY, JE_ALERT_ORANGE, 20)};
    const je_alert_city cities[] = {
        {"510100", "510000", cd, 1}, {"500000", "500000", cq, 1}, {"510800", "510000", gy, 1}};
    je_alert_joint *j = NULL;
    cr_assert_eq(joint(cities, N(cities), &j), 1);
    cr_assert_eq(j[0].start, T0 + 3 * DAY);
    cr_assert_eq(j[0].end, T0 + 6 * DAY);
    cr_assert_eq(j[0].n_sides, 2);
    assert_side(&j[0], 0, "500000", JE_ALERT_ORANGE, 20, 1);
    assert_side(&j[0], 1, "510000", JE_ALERT_RED, 30, 2);
    free(j);
}

/* An episode ending exactly when the joint interval starts is not in it; a city listed
 * twice counts once. */
Test(alert_joint, sides_count_only_overlapping_episodes)
{
    je_alert_episode a[] = {ep(T0, T0 + 3 * DAY, JE_ALERT_RED, 30)};
    je_alert_episode b1[] = {ep(T0 + DAY, T0 + 4 * DAY, JE_ALERT_YELLOW, 10)};
    je_alert_episode b2[] = {ep(T0 + 4 * DAY, T0 + 5 * DAY, JE_ALERT_ORANGE, 20)};
    je_alert_episode c[] = {ep(T0 + 3 * DAY, T0 + 6 * DAY, JE_ALERT_ORANGE, 20)};
    const je_alert_city cities[] = {{"510100", "510000", a, 1},
                                    {"510700", "510000", b1, 1},
                                    {"500000", "500000", c, 1},
                                    {"510700", "510000", b2, 1}};
    je_alert_joint *j = NULL;
    cr_assert_eq(joint(cities, N(cities), &j), 1);
    cr_assert_eq(j[0].start, T0 + 3 * DAY);
    cr_assert_eq(j[0].end, T0 + 5 * DAY);
    assert_side(&j[0], 0, "500000", JE_ALERT_ORANGE, 20, 1);
    assert_side(&j[0], 1, "510000", JE_ALERT_ORANGE, 20, 1);
    free(j);
}

/* Adjacent joint stretches merge into one interval even when the sides change; two
 * separate overlaps give two intervals, in order of start. */
Test(alert_joint, merging_and_order)
{
    je_alert_episode sc[] = {ep(T0 + 10 * DAY, T0 + 12 * DAY, JE_ALERT_YELLOW, 10),
                             ep(T0, T0 + 4 * DAY, JE_ALERT_BLUE, 0)};
    je_alert_episode cq[] = {ep(T0 + 2 * DAY, T0 + 6 * DAY, JE_ALERT_ORANGE, 20),
                             ep(T0 + 11 * DAY, T0 + 13 * DAY, JE_ALERT_YELLOW, 10)};
    je_alert_episode gz[] = {ep(T0 + 4 * DAY, T0 + 8 * DAY, JE_ALERT_RED, 30)};
    const je_alert_city cities[] = {
        {"520100", "520000", gz, 1}, {"510100", "510000", sc, 2}, {"500000", "500000", cq, 2}};
    je_alert_joint *j = NULL;
    cr_assert_eq(joint(cities, N(cities), &j), 2);
    cr_assert_eq(j[0].start, T0 + 2 * DAY);
    cr_assert_eq(j[0].end, T0 + 6 * DAY);
    cr_assert_eq(j[0].n_sides, 3);
    assert_side(&j[0], 0, "500000", JE_ALERT_ORANGE, 20, 1);
    assert_side(&j[0], 1, "510000", JE_ALERT_BLUE, 0, 1);
    assert_side(&j[0], 2, "520000", JE_ALERT_RED, 30, 1);
    cr_assert_eq(j[1].start, T0 + 11 * DAY);
    cr_assert_eq(j[1].end, T0 + 12 * DAY);
    cr_assert_eq(j[1].n_sides, 2);
    assert_side(&j[1], 0, "500000", JE_ALERT_YELLOW, 10, 1);
    assert_side(&j[1], 1, "510000", JE_ALERT_YELLOW, 10, 1);
    free(j);
}

Test(alert_joint, invalid_input)
{
    static const char *const codes[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
    je_alert_city many[9];
    for (size_t i = 0; i < 9; i++)
        many[i] = (je_alert_city){codes[i], codes[i], NULL, 0};
    je_alert_joint *j = NULL;
    size_t nj;
    je_error err;
    cr_assert_eq(je_alert_joint_find(many, 8, &j, &nj, &err), JE_OK);
    cr_assert_eq(nj, 0);
    free(j);
    cr_assert_eq(je_alert_joint_find(many, 9, &j, &nj, &err), JE_EINVAL);
    const je_alert_city longcode[] = {{"x", "0123456789abcdef", NULL, 0}};
    cr_assert_eq(je_alert_joint_find(longcode, 1, &j, &nj, &err), JE_EINVAL);
    je_alert_episode back[] = {ep(T0 + DAY, T0, JE_ALERT_RED, 30)};
    const je_alert_city backwards[] = {{"x", "510000", back, 1}};
    cr_assert_eq(je_alert_joint_find(backwards, 1, &j, &nj, &err), JE_EINVAL);
    cr_assert_eq(je_alert_joint_find(NULL, 0, &j, &nj, &err), JE_OK);
    cr_assert_eq(nj, 0);
    free(j);
}

/* ---------------------------------------------------------------------------
 * Rule-set validation: JE_EDATA with the location or the member path.
 * ------------------------------------------------------------------------- */
static void assert_bad(const char *json, const char *expected)
{
    je_alert_rules *r = (je_alert_rules *)1;
    je_error err;
    char msg[1024];
    je_status st = je_alert_rules_parse(json, strlen(json), "bad.json", &r, &err);
    cr_assert_eq(st, JE_EDATA, "status %s for %s", je_status_name(st), json);
    cr_assert_null(r);
    je_error_format(&err, msg, sizeof msg);
    cr_assert_str_eq(msg, expected);
}

#define LEVEL_RED                                                                                  \
    "{\"level\": \"red\", \"reduction_pct\": 30, \"any\": [{\"all\": [{\"aqi_above\": 200, "       \
    "\"hours\": 96}]}]}"

Test(alert_parse, syntax_error_has_line_and_column)
{
    je_alert_rules *r = NULL;
    je_error err;
    const char *json = "{\n  \"id\": \"x\",\n  \"levels\": ]\n}\n";
    cr_assert_eq(je_alert_rules_parse(json, strlen(json), "bad.json", &r, &err), JE_EDATA);
    cr_assert_null(r);
    cr_assert_str_eq(err.path, "bad.json");
    cr_assert_eq(err.line, 3);
    cr_assert_eq(err.column, 13);
    char msg[1024];
    je_error_format(&err, msg, sizeof msg);
    cr_assert(strncmp(msg, "bad.json:3:13: ", 15) == 0, "%s", msg);
    /* Duplicate members are rejected by the reader, with their place. */
    const char *dup = "{\"id\": \"a\",\n \"id\": \"b\"}";
    cr_assert_eq(je_alert_rules_parse(dup, strlen(dup), "dup.json", &r, &err), JE_EDATA);
    cr_assert_eq(err.line, 2);
    cr_assert(strstr(err.message, "duplicate") != NULL, "%s", err.message);
    /* A NULL name still gives a location. */
    cr_assert_eq(je_alert_rules_parse("[", 1, NULL, &r, &err), JE_EDATA);
    cr_assert_eq(err.line, 1);
    cr_assert_gt(err.column, 0);
}

Test(alert_parse, unknown_level)
{
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": [" LEVEL_RED
                    ", {\"level\": \"purple\", \"reduction_pct\": 5, \"any\": [{\"all\": "
                    "[{\"aqi_above\": 200, \"hours\": 24}]}]}]}",
               "bad.json: levels[1].level \"purple\" is not a level (expected blue, yellow, "
               "orange or red)");
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": [" LEVEL_RED
                    ", {\"level\": \"none\", \"reduction_pct\": 0, \"any\": [{\"all\": "
                    "[{\"aqi_above\": 200, \"hours\": 24}]}]}]}",
               "bad.json: levels[1].level \"none\" is not a level (expected blue, yellow, "
               "orange or red)");
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": [" LEVEL_RED ", " LEVEL_RED "]}",
               "bad.json: levels[1].level \"red\" is defined twice");
}

Test(alert_parse, hours_must_be_positive)
{
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": [" LEVEL_RED
                    ", {\"level\": \"blue\", \"reduction_pct\": 0, \"any\": [{\"all\": "
                    "[{\"aqi_above\": 200, \"hours\": -24}]}]}]}",
               "bad.json: levels[1].any[0].all[0].hours must be a positive number");
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": [{\"level\": \"red\", "
                    "\"reduction_pct\": 30, \"any\": [{\"all\": [{\"aqi_above\": 200, "
                    "\"hours\": 96}, {\"aqi_above\": 300, \"hours\": 0}]}]}]}",
               "bad.json: levels[0].any[0].all[1].hours must be a positive number");
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": [{\"level\": \"red\", "
                    "\"reduction_pct\": 30, \"any\": [{\"all\": [{\"aqi_above\": 200, "
                    "\"hours\": \"96\"}]}]}]}",
               "bad.json: levels[0].any[0].all[0].hours must be a positive number");
    assert_bad(HEAD "\"merge_gap_hours\": -1, \"levels\": [" LEVEL_RED "]}",
               "bad.json: merge_gap_hours must be a non-negative number");
}

Test(alert_parse, unknown_members)
{
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"colour\": \"red\", \"levels\": [" LEVEL_RED "]}",
               "bad.json: colour is not a known member (expected id, name_zh, name_en, source, "
               "confidence, notes, merge_gap_hours, levels)");
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": [{\"level\": \"red\", \"colour\": 1, "
                    "\"reduction_pct\": 30, \"any\": []}]}",
               "bad.json: levels[0].colour is not a known member (expected level, "
               "reduction_pct, any)");
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": [{\"level\": \"red\", "
                    "\"reduction_pct\": 30, \"any\": [{\"all\": [{\"aqi_above\": 200, "
                    "\"days\": 4}]}]}]}",
               "bad.json: levels[0].any[0].all[0].days is not a known member (expected "
               "aqi_above, aqi_at_least, hours)");
}

Test(alert_parse, missing_and_mistyped)
{
    je_error err;
    je_alert_rules *r = NULL;
    const char *json = HEAD "\"merge_gap_hours\": 24, \"levels\": [{\"level\": \"red\", "
                            "\"reduction_pct\": 30, \"any\": []}]}";
    cr_assert_eq(je_alert_rules_parse(json, strlen(json), "bad.json", &r, &err), JE_EDATA);
    cr_assert_str_eq(err.field, "levels[0].any");
    assert_bad(json, "bad.json: levels[0].any must be a non-empty array of condition groups");
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": [{\"level\": \"red\", "
                    "\"reduction_pct\": 30, \"any\": [{\"all\": []}]}]}",
               "bad.json: levels[0].any[0].all must be a non-empty array of conditions");
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": [{\"level\": \"red\", "
                    "\"reduction_pct\": 30}]}",
               "bad.json: levels[0].any is missing");
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": []}",
               "bad.json: levels must be a non-empty array of levels");
    assert_bad(HEAD "\"levels\": [" LEVEL_RED "]}", "bad.json: merge_gap_hours is missing");
    assert_bad("{\"id\": \"t\"}", "bad.json: name_zh is missing");
    assert_bad("[]", "bad.json: the rule set must be a JSON object");
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": [{\"level\": \"red\", "
                    "\"reduction_pct\": \"30\", \"any\": [{\"all\": [{\"aqi_above\": 200, "
                    "\"hours\": 96}]}]}]}",
               "bad.json: levels[0].reduction_pct must be an integer from 0 to 100");
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": [{\"level\": \"red\", "
                    "\"reduction_pct\": 30, \"any\": [{\"all\": [{\"aqi_above\": 200, "
                    "\"aqi_at_least\": 200, \"hours\": 96}]}]}]}",
               "bad.json: levels[0].any[0].all[0] must have exactly one of aqi_above and "
               "aqi_at_least");
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": [{\"level\": \"red\", "
                    "\"reduction_pct\": 30, \"any\": [{\"all\": [{\"hours\": 96}]}]}]}",
               "bad.json: levels[0].any[0].all[0] must have exactly one of aqi_above and "
               "aqi_at_least");
    assert_bad(HEAD "\"merge_gap_hours\": 24, \"levels\": [{\"level\": \"red\", "
                    "\"reduction_pct\": 30, \"any\": [3]}]}",
               "bad.json: levels[0].any[0] must be an object");
}
