/* Assessment engine: periods, period means of sections, compliance and change, and
 * the status of rivers, basins and jurisdictions by the 2011 assessment method
 * (《地表水环境质量评价办法（试行）》, 环办〔2011〕22号; ../shared/reference/standards.md
 * §1.2). Class limits: GB 3838-2002 Table 1 item 7 (NH3-N ≤ 0.15/0.5/1.0/1.5/2.0),
 * item 8 (TP). */
#include "jointenv/water.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ASSERT_NEAR(actual, expected, eps)                                                         \
    cr_assert_float_eq((actual), (expected), (eps), "%s = %.17g, expected %.17g (tol %g)",         \
                       #actual, (double)(actual), (double)(expected), (double)(eps))

/* NH3-N values inside each class (GB 3838-2002 Table 1 item 7); index = class,
 * 0 = no sample. */
static const double NH3N_OF_CLASS[7] = {NAN, 0.1, 0.3, 0.8, 1.2, 1.8, 3.0};

static je_wq_sample nh3n_sample(double v)
{
    je_wq_sample s;
    je_wq_sample_clear(&s);
    s.value[JE_WQ_NH3N] = v;
    return s;
}

static je_section river_section(const char *code, je_wq_class target)
{
    je_section s;
    memset(&s, 0, sizeof s);
    s.code = code;
    s.name_zh = code;
    s.name_en = code;
    s.river_code = "R";
    s.river_zh = "河";
    s.river_en = "River";
    s.basin_code = "B";
    s.basin_zh = "流域";
    s.basin_en = "Basin";
    s.owner = "510000";
    s.upstream = "";
    s.downstream = "";
    s.kind = JE_SECTION_PROVINCIAL;
    s.waterbody = JE_WATERBODY_RIVER;
    s.target = target;
    return s;
}

/* ---------------------------------------------------------------------------
 * Periods (2011 method: month, quarter, year; local time).
 * ------------------------------------------------------------------------- */
Test(period, parse_valid_and_format)
{
    static const struct {
        const char *in, *out;
        je_period_kind kind;
        int year, index;
    } ok[] = {
        {"2022", "2022", JE_PERIOD_YEAR, 2022, 0},
        {"2022-Q1", "2022-Q1", JE_PERIOD_QUARTER, 2022, 1},
        {"2022-q4", "2022-Q4", JE_PERIOD_QUARTER, 2022, 4},
        {"2022-03", "2022-03", JE_PERIOD_MONTH, 2022, 3},
        {"2022-12", "2022-12", JE_PERIOD_MONTH, 2022, 12},
        {"2022-01", "2022-01", JE_PERIOD_MONTH, 2022, 1},
    };
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        je_period p;
        je_error err;
        je_status st = je_period_parse(ok[k].in, &p, &err);
        cr_assert_eq(st, JE_OK, "'%s': %s", ok[k].in, je_status_name(st));
        cr_assert_eq(p.kind, ok[k].kind, "'%s' kind %d", ok[k].in, (int)p.kind);
        cr_assert_eq(p.year, ok[k].year, "'%s' year %d", ok[k].in, p.year);
        cr_assert_eq(p.index, ok[k].index, "'%s' index %d", ok[k].in, p.index);
        char buf[8];
        cr_assert_str_eq(je_period_format(&p, buf, sizeof buf), ok[k].out);
    }
}

Test(period, parse_invalid)
{
    static const char *const bad[] = {"2022-13", "2022-Q5", "22",      "2022-3",  "",
                                      "2022-00", "2022-Q0", "2022-1x", "2022-Q",  "2022 ",
                                      "2022-W1", "20221",   "abcd",    "2022-+3", "2022-Q12"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        je_period p;
        je_error err;
        je_error_clear(&err);
        cr_assert_eq(je_period_parse(bad[k], &p, &err), JE_EINVAL, "'%s' accepted", bad[k]);
        cr_assert_eq(err.status, JE_EINVAL, "'%s'", bad[k]);
    }
}

Test(period, previous)
{
    static const struct {
        const char *in, *prev;
    } cases[] = {
        {"2022", "2021"},       {"2022-Q1", "2021-Q4"}, {"2022-Q3", "2022-Q2"},
        {"2022-01", "2021-12"}, {"2022-03", "2022-02"}, {"2022-12", "2022-11"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        je_period p;
        cr_assert_eq(je_period_parse(cases[k].in, &p, NULL), JE_OK);
        je_period q = je_period_previous(&p);
        char buf[8];
        cr_assert_str_eq(je_period_format(&q, buf, sizeof buf), cases[k].prev, "previous of %s",
                         cases[k].in);
        cr_assert_eq(q.kind, p.kind);
    }
}

/* [start, end) at UTC+08:00; expected epochs computed independently (Python
 * datetime with a +08:00 zone). */
Test(period, range_local_time)
{
    static const struct {
        const char *in;
        int64_t start, end;
    } cases[] = {
        {"2022", 1640966400, 1672502400},    /* 2021-12-31T16:00Z .. 2022-12-31T16:00Z */
        {"2022-Q1", 1640966400, 1648742400}, /* .. 2022-04-01 local */
        {"2022-Q4", 1664553600, 1672502400}, /* 2022-10-01 .. 2023-01-01 local */
        {"2022-02", 1643644800, 1646064000}, /* 28 days */
        {"2024-02", 1706716800, 1709222400}, /* leap year: 29 days */
        {"2022-12", 1669824000, 1672502400}, /* ends in the next year */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        je_period p;
        cr_assert_eq(je_period_parse(cases[k].in, &p, NULL), JE_OK);
        int64_t a = 0, b = 0;
        je_period_range(&p, 8 * 3600, &a, &b);
        cr_assert_eq(a, cases[k].start, "%s start %lld, expected %lld", cases[k].in, (long long)a,
                     (long long)cases[k].start);
        cr_assert_eq(b, cases[k].end, "%s end %lld, expected %lld", cases[k].in, (long long)b,
                     (long long)cases[k].end);
    }
    je_period y = {JE_PERIOD_YEAR, 2022, 0};
    int64_t a = 0, b = 0;
    je_period_range(&y, 0, &a, &b);
    cr_assert_eq(a, 1640995200, "UTC start %lld", (long long)a);
}

/* ---------------------------------------------------------------------------
 * Sections over a period: 2011 method (quarter/year = mean of the samples; section
 * class single-factor; 符合/劣于 target; change against the previous period).
 * ------------------------------------------------------------------------- */
Test(assess_sections, met_against_target)
{
    je_section s[4] = {river_section("A", JE_WQ_CLASS_III), river_section("B", JE_WQ_CLASS_II),
                       river_section("C", JE_WQ_CLASS_NONE), river_section("D", JE_WQ_CLASS_III)};
    je_wq_sample a = nh3n_sample(1.0), b = nh3n_sample(1.0), c = nh3n_sample(1.0);
    je_wq_series cur[4] = {{&a, 1}, {&b, 1}, {&c, 1}, {NULL, 0}};
    je_wq_section_result r[4];
    je_error err;
    cr_assert_eq(je_wq_assess_sections(s, 4, cur, NULL, r, &err), JE_OK);
    cr_assert_eq(r[0].result.cls, JE_WQ_CLASS_III);
    cr_assert_eq(r[0].met, 1, "class III, target III: met (got %d)", r[0].met);
    cr_assert_eq(r[1].met, 0, "class III, target II: not met (got %d)", r[1].met);
    cr_assert_eq(r[2].met, -1, "no target: unknown (got %d)", r[2].met);
    cr_assert_eq(r[3].result.cls, JE_WQ_CLASS_NONE);
    cr_assert_eq(r[3].n_samples, 0u);
    cr_assert_eq(r[3].met, -1, "no class: unknown (got %d)", r[3].met);
    cr_assert_eq(r[3].change, JE_WQ_CHANGE_NONE);
    for (int k = 0; k < 3; k++) {
        cr_assert_eq(r[k].n_samples, 1u);
        cr_assert_eq(r[k].change, JE_WQ_CHANGE_NONE, "no previous period");
        cr_assert_eq(r[k].prev_cls, JE_WQ_CLASS_NONE);
    }
    /* A better class than the target meets it. */
    je_section t = river_section("E", JE_WQ_CLASS_IV);
    je_wq_series one = {&a, 1};
    je_wq_section_result rt;
    cr_assert_eq(je_wq_assess_sections(&t, 1, &one, NULL, &rt, &err), JE_OK);
    cr_assert_eq(rt.met, 1);
}

Test(assess_sections, change_against_previous_period)
{
    je_section s[5] = {river_section("A", JE_WQ_CLASS_III), river_section("B", JE_WQ_CLASS_III),
                       river_section("C", JE_WQ_CLASS_III), river_section("D", JE_WQ_CLASS_III),
                       river_section("E", JE_WQ_CLASS_III)};
    je_wq_sample c3 = nh3n_sample(0.8), c5 = nh3n_sample(1.8), c2 = nh3n_sample(0.3);
    je_wq_sample tn_only;
    je_wq_sample_clear(&tn_only);
    tn_only.value[JE_WQ_TN] = 1.0; /* measured, but no assessed item: no class */
    je_wq_series cur[5] = {{&c3, 1}, {&c3, 1}, {&c3, 1}, {&c3, 1}, {&c3, 1}};
    je_wq_series prev[5] = {{&c5, 1}, {&c3, 1}, {&c2, 1}, {NULL, 0}, {&tn_only, 1}};
    je_wq_section_result r[5];
    cr_assert_eq(je_wq_assess_sections(s, 5, cur, prev, r, NULL), JE_OK);
    cr_assert_eq(r[0].prev_cls, JE_WQ_CLASS_V);
    cr_assert_eq(r[0].change, JE_WQ_CHANGE_IMPROVED, "V → III, got %s",
                 je_wq_change_name(r[0].change));
    cr_assert_eq(r[1].change, JE_WQ_CHANGE_SAME, "III → III, got %s",
                 je_wq_change_name(r[1].change));
    cr_assert_eq(r[2].prev_cls, JE_WQ_CLASS_II);
    cr_assert_eq(r[2].change, JE_WQ_CHANGE_WORSE, "II → III, got %s",
                 je_wq_change_name(r[2].change));
    cr_assert_eq(r[3].prev_cls, JE_WQ_CLASS_NONE);
    cr_assert_eq(r[3].change, JE_WQ_CHANGE_NONE, "no previous samples");
    cr_assert_eq(r[4].prev_cls, JE_WQ_CLASS_NONE);
    cr_assert_eq(r[4].change, JE_WQ_CHANGE_NONE, "previous without a class");

    /* Current without a class: no change either. */
    je_wq_series none = {NULL, 0}, pv = {&c3, 1};
    je_wq_section_result rn;
    cr_assert_eq(je_wq_assess_sections(s, 1, &none, &pv, &rn, NULL), JE_OK);
    cr_assert_eq(rn.prev_cls, JE_WQ_CLASS_III);
    cr_assert_eq(rn.change, JE_WQ_CHANGE_NONE);

    cr_assert_str_eq(je_wq_change_name(JE_WQ_CHANGE_IMPROVED), "improved");
    cr_assert_str_eq(je_wq_change_name(JE_WQ_CHANGE_SAME), "same");
    cr_assert_str_eq(je_wq_change_name(JE_WQ_CHANGE_WORSE), "worse");
}

/* 2011 method: a quarter is the mean of its samples. Months are II, II, IV; the mean
 * 0.7 is III — neither the worst month (IV) nor the usual month (II). */
Test(assess_sections, quarter_uses_the_mean)
{
    je_section s = river_section("Q", JE_WQ_CLASS_III);
    je_wq_sample m[3] = {nh3n_sample(0.4), nh3n_sample(0.4), nh3n_sample(1.3)};
    m[0].value[JE_WQ_CODMN] = 3.0; /* CODMn measured once: its mean is that value */
    for (int k = 0; k < 3; k++) {
        je_wq_result r;
        cr_assert_eq(je_gb3838_classify(&m[k], JE_WATERBODY_RIVER, &r, NULL), JE_OK);
        cr_assert_eq(r.cls, k < 2 ? JE_WQ_CLASS_II : JE_WQ_CLASS_IV, "premise month %d", k);
    }
    je_wq_series cur = {m, 3};
    /* Previous quarter: 1.6, 1.6, 1.9 → 1.7 (V); every month V. */
    je_wq_sample p[3] = {nh3n_sample(1.6), nh3n_sample(1.6), nh3n_sample(1.9)};
    je_wq_series prev = {p, 3};
    je_wq_section_result r;
    cr_assert_eq(je_wq_assess_sections(&s, 1, &cur, &prev, &r, NULL), JE_OK);
    cr_assert_eq(r.n_samples, 3u);
    ASSERT_NEAR(r.mean.value[JE_WQ_NH3N], 0.7, 1e-12);
    ASSERT_NEAR(r.mean.value[JE_WQ_CODMN], 3.0, 1e-12);
    cr_assert_eq(r.result.cls, JE_WQ_CLASS_III, "mean class %d", (int)r.result.cls);
    cr_assert_eq(r.met, 1);
    cr_assert_eq(r.prev_cls, JE_WQ_CLASS_V);
    cr_assert_eq(r.change, JE_WQ_CHANGE_IMPROVED);
    cr_assert_eq(r.result.n_main, 0u);
}

/* GB 3838-2002 Table 1 item 8: a lake section uses the lake TP column. */
Test(assess_sections, lake_section_uses_lake_tp)
{
    je_section s[2] = {river_section("L", JE_WQ_CLASS_II), river_section("R", JE_WQ_CLASS_II)};
    s[0].waterbody = JE_WATERBODY_LAKE;
    je_wq_sample x;
    je_wq_sample_clear(&x);
    x.value[JE_WQ_TP] = 0.05;
    je_wq_series cur[2] = {{&x, 1}, {&x, 1}};
    je_wq_section_result r[2];
    cr_assert_eq(je_wq_assess_sections(s, 2, cur, NULL, r, NULL), JE_OK);
    cr_assert_eq(r[0].result.cls, JE_WQ_CLASS_III);
    cr_assert_eq(r[0].met, 0);
    cr_assert_eq(r[1].result.cls, JE_WQ_CLASS_II);
    cr_assert_eq(r[1].met, 1);
}

Test(assess_sections, arguments)
{
    je_error err;
    cr_assert_eq(je_wq_assess_sections(NULL, 0, NULL, NULL, NULL, &err), JE_OK);
    je_section s = river_section("A", JE_WQ_CLASS_III);
    je_wq_section_result r;
    cr_assert_eq(je_wq_assess_sections(&s, 1, NULL, NULL, &r, &err), JE_EINVAL);
    cr_assert_eq(err.status, JE_EINVAL);
}

/* 2011 method §3.2: I–II 优, III 良好, IV 轻度, V 中度, 劣V 重度. */
Test(assess_sections, status_of_class)
{
    cr_assert_eq(je_wq_status_of_class(JE_WQ_CLASS_I), JE_WQ_STATUS_EXCELLENT);
    cr_assert_eq(je_wq_status_of_class(JE_WQ_CLASS_II), JE_WQ_STATUS_EXCELLENT);
    cr_assert_eq(je_wq_status_of_class(JE_WQ_CLASS_III), JE_WQ_STATUS_GOOD);
    cr_assert_eq(je_wq_status_of_class(JE_WQ_CLASS_IV), JE_WQ_STATUS_LIGHT);
    cr_assert_eq(je_wq_status_of_class(JE_WQ_CLASS_V), JE_WQ_STATUS_MODERATE);
    cr_assert_eq(je_wq_status_of_class(JE_WQ_CLASS_WORSE_V), JE_WQ_STATUS_HEAVY);
    cr_assert_eq(je_wq_status_of_class(JE_WQ_CLASS_NONE), JE_WQ_STATUS_NONE);
    cr_assert_str_eq(je_wq_status_zh(JE_WQ_STATUS_GOOD), "良好");
    cr_assert_str_eq(je_wq_status_zh(JE_WQ_STATUS_HEAVY), "重度污染");
    cr_assert_str_eq(je_wq_status_en(JE_WQ_STATUS_EXCELLENT), "excellent");
    je_wq_level l = JE_WQ_LEVEL_SECTION;
    cr_assert_eq(je_wq_level_parse("basin", &l), JE_OK);
    cr_assert_eq(l, JE_WQ_LEVEL_BASIN);
    cr_assert_eq(je_wq_level_parse("province", &l), JE_EINVAL);
    cr_assert_str_eq(je_wq_level_name(JE_WQ_LEVEL_JURISDICTION), "jurisdiction");
    je_section_kind k = JE_SECTION_NATIONAL;
    cr_assert_eq(je_section_kind_parse("boundary", 8, &k), JE_OK);
    cr_assert_eq(k, JE_SECTION_BOUNDARY);
    cr_assert_eq(je_section_kind_parse("bound", 5, &k), JE_EINVAL);
    cr_assert_str_eq(je_section_kind_name(JE_SECTION_PROVINCIAL), "provincial");
}

/* ---------------------------------------------------------------------------
 * Groups (2011 method §4): < 5 sections mean method, ≥ 5 proportion method.
 * ------------------------------------------------------------------------- */
typedef struct fixture {
    size_t n;
    je_section *sec;
    je_wq_sample *smp;
    je_wq_series *ser;
    je_wq_section_result *res;
    size_t *members;
} fixture;

/* n sections; section k gets one NH3-N sample of class cls[k] (0: no sample),
 * target III. */
static fixture make(const int *cls, size_t n)
{
    fixture f;
    f.n = n;
    f.sec = calloc(n, sizeof *f.sec);
    f.smp = calloc(n, sizeof *f.smp);
    f.ser = calloc(n, sizeof *f.ser);
    f.res = calloc(n, sizeof *f.res);
    f.members = calloc(n, sizeof *f.members);
    cr_assert(f.sec && f.smp && f.ser && f.res && f.members);
    for (size_t k = 0; k < n; k++) {
        f.sec[k] = river_section("S", JE_WQ_CLASS_III);
        f.smp[k] = nh3n_sample(NH3N_OF_CLASS[cls[k]]);
        f.ser[k] = (je_wq_series){&f.smp[k], cls[k] ? 1u : 0u};
        f.members[k] = k;
    }
    return f;
}

static void run_sections(fixture *f)
{
    je_error err;
    je_status st = je_wq_assess_sections(f->sec, f->n, f->ser, NULL, f->res, &err);
    cr_assert_eq(st, JE_OK, "%s", err.message);
}

static je_wq_group_result run_group(fixture *f)
{
    je_wq_group_result g;
    je_error err;
    memset(&g, 0x5a, sizeof g);
    je_status st = je_wq_assess_group(f->sec, f->res, f->members, f->n, &g, &err);
    cr_assert_eq(st, JE_OK, "%s", err.message);
    return g;
}

static void drop(fixture *f)
{
    free(f->sec);
    free(f->smp);
    free(f->ser);
    free(f->res);
    free(f->members);
}

/* A group with the given numbers of sections per class (I–III counted as III). */
static je_wq_group_result group_counts(size_t good, size_t iv, size_t v, size_t worse_v)
{
    size_t n = good + iv + v + worse_v;
    int *cls = calloc(n, sizeof *cls);
    cr_assert_not_null(cls);
    size_t k = 0;
    for (size_t i = 0; i < good; i++)
        cls[k++] = (int)(1 + i % 3); /* spread over I, II, III */
    for (size_t i = 0; i < iv; i++)
        cls[k++] = 4;
    for (size_t i = 0; i < v; i++)
        cls[k++] = 5;
    for (size_t i = 0; i < worse_v; i++)
        cls[k++] = 6;
    fixture f = make(cls, n);
    run_sections(&f);
    je_wq_group_result g = run_group(&f);
    drop(&f);
    free(cls);
    cr_assert_eq(g.n_sections, n);
    cr_assert_eq(g.method, JE_WQ_METHOD_PROPORTION, "%zu sections: proportion method", n);
    cr_assert_eq(g.cls, JE_WQ_CLASS_NONE);
    return g;
}

#define ASSERT_STATUS(g, want)                                                                     \
    cr_assert_eq((g).status, (want), "status %s, expected %s (p %.4f, q %.4f)",                    \
                 je_wq_status_en((g).status), je_wq_status_en(want), (g).share_good,               \
                 (g).share_worse_v)

/* 2011 method §4.1: fewer than 5 sections → mean concentration, then single factor.
 * Sections V (1.8) and II (0.4): mean 1.1 is IV (轻度), while the worst section is
 * V and the proportion table would say something else again. */
Test(assess_group, mean_method_below_five_sections)
{
    int cls[2] = {5, 2};
    fixture f = make(cls, 2);
    f.smp[0].value[JE_WQ_NH3N] = 1.8;
    f.smp[1].value[JE_WQ_NH3N] = 0.4;
    f.smp[1].value[JE_WQ_CODMN] = 4.0; /* only one section: the mean is its value */
    run_sections(&f);
    je_wq_group_result g = run_group(&f);
    cr_assert_eq(g.method, JE_WQ_METHOD_MEAN);
    cr_assert_eq(g.n_sections, 2u);
    ASSERT_NEAR(g.mean.value[JE_WQ_NH3N], 1.1, 1e-12);
    ASSERT_NEAR(g.mean.value[JE_WQ_CODMN], 4.0, 1e-12);
    cr_assert_eq(g.cls, JE_WQ_CLASS_IV, "mean class %d (worst section is V)", (int)g.cls);
    ASSERT_STATUS(g, JE_WQ_STATUS_LIGHT);
    cr_assert_eq(g.n_main, 1u);
    cr_assert_eq(g.main_item[0], JE_WQ_NH3N);
    ASSERT_NEAR(g.main_rate[0], 0.1, 1e-9); /* multiple (1.1 − 1)/1 */
    cr_assert_eq(g.n_class[JE_WQ_CLASS_V], 1u);
    cr_assert_eq(g.n_class[JE_WQ_CLASS_II], 1u);
    ASSERT_NEAR(g.share_good, 0.5, 1e-15);
    cr_assert_eq(g.n_with_target, 2u);
    cr_assert_eq(g.n_met, 1u);
    drop(&f);
}

/* Exactly 4 sections (I, I, I, 劣V): still the mean method; mean 0.825 → III 良好
 * (no main pollutants), not 劣V and not the proportion table. */
Test(assess_group, four_sections_still_mean)
{
    int cls[4] = {1, 1, 1, 6};
    fixture f = make(cls, 4);
    run_sections(&f);
    je_wq_group_result g = run_group(&f);
    cr_assert_eq(g.method, JE_WQ_METHOD_MEAN);
    ASSERT_NEAR(g.mean.value[JE_WQ_NH3N], 0.825, 1e-12);
    cr_assert_eq(g.cls, JE_WQ_CLASS_III, "cls %d", (int)g.cls);
    ASSERT_STATUS(g, JE_WQ_STATUS_GOOD);
    cr_assert_eq(g.n_main, 0u);
    drop(&f);
}

/* GB 3838-2002 Table 1 item 8: the mean of lake sections is classified with lake TP. */
Test(assess_group, mean_method_lake)
{
    int cls[2] = {1, 1};
    fixture f = make(cls, 2);
    for (int k = 0; k < 2; k++) {
        f.sec[k].waterbody = JE_WATERBODY_LAKE;
        je_wq_sample_clear(&f.smp[k]);
    }
    f.smp[0].value[JE_WQ_TP] = 0.04;
    f.smp[1].value[JE_WQ_TP] = 0.06;
    run_sections(&f);
    je_wq_group_result g = run_group(&f);
    ASSERT_NEAR(g.mean.value[JE_WQ_TP], 0.05, 1e-12);
    cr_assert_eq(g.cls, JE_WQ_CLASS_III, "lake TP 0.05 is III (river would be II), got %d",
                 (int)g.cls);
    drop(&f);
}

/* 2011 method §4.1: 5 sections (含) or more → proportion method. */
Test(assess_group, five_sections_proportion)
{
    int cls[5] = {1, 1, 1, 1, 6};
    fixture f = make(cls, 5);
    run_sections(&f);
    je_wq_group_result g = run_group(&f);
    cr_assert_eq(g.method, JE_WQ_METHOD_PROPORTION);
    cr_assert_eq(g.cls, JE_WQ_CLASS_NONE);
    cr_assert_eq(g.n_sections, 5u);
    ASSERT_NEAR(g.share_good, 0.8, 1e-15);
    ASSERT_NEAR(g.share_worse_v, 0.2, 1e-15);
    ASSERT_STATUS(g, JE_WQ_STATUS_GOOD); /* p 80 % */
    cr_assert_eq(g.n_main, 0u, "良好: no main pollutants");
    drop(&f);
}

/* 2011 method §4.1 table: p ≥ 90 % 优; 75 % ≤ p < 90 % 良好; p < 75 %: q < 20 % 轻度,
 * 20 % ≤ q < 40 % 中度, q ≥ 40 % 重度. Thresholds hit exactly. */
Test(assess_group, proportion_thresholds)
{
    je_wq_group_result g;
    g = group_counts(9, 1, 0, 0); /* p = 90 % exactly */
    ASSERT_STATUS(g, JE_WQ_STATUS_EXCELLENT);
    ASSERT_NEAR(g.share_good, 0.9, 1e-15);
    g = group_counts(63, 7, 0, 0); /* 90 % of 70 */
    ASSERT_STATUS(g, JE_WQ_STATUS_EXCELLENT);
    g = group_counts(62, 8, 0, 0); /* 88.6 % */
    ASSERT_STATUS(g, JE_WQ_STATUS_GOOD);
    g = group_counts(8, 2, 0, 0); /* 80 % */
    ASSERT_STATUS(g, JE_WQ_STATUS_GOOD);
    g = group_counts(15, 5, 0, 0); /* p = 75 % exactly */
    ASSERT_STATUS(g, JE_WQ_STATUS_GOOD);
    g = group_counts(14, 6, 0, 0); /* p 70 %, q 0 */
    ASSERT_STATUS(g, JE_WQ_STATUS_LIGHT);
    g = group_counts(14, 3, 0, 3); /* q 15 % */
    ASSERT_STATUS(g, JE_WQ_STATUS_LIGHT);
    ASSERT_NEAR(g.share_worse_v, 0.15, 1e-15);
    g = group_counts(14, 0, 2, 4); /* q = 20 % exactly */
    ASSERT_STATUS(g, JE_WQ_STATUS_MODERATE);
    g = group_counts(13, 0, 0, 7); /* q 35 % */
    ASSERT_STATUS(g, JE_WQ_STATUS_MODERATE);
    g = group_counts(10, 2, 0, 8); /* q = 40 % exactly */
    ASSERT_STATUS(g, JE_WQ_STATUS_HEAVY);
    ASSERT_NEAR(g.share_worse_v, 0.4, 1e-15);
    g = group_counts(0, 0, 0, 5);
    ASSERT_STATUS(g, JE_WQ_STATUS_HEAVY);
    g = group_counts(5, 0, 0, 0);
    ASSERT_STATUS(g, JE_WQ_STATUS_EXCELLENT);
    cr_assert_eq(g.n_class[JE_WQ_CLASS_I] + g.n_class[JE_WQ_CLASS_II] + g.n_class[JE_WQ_CLASS_III],
                 5u);
}

/* 2011 method §4 (断面超标率): main pollutants of a proportion group are the items
 * with the highest share of sections worse than class III, only when worse than
 * 良好; TN is not an assessed item; sections without a class are not counted. */
Test(assess_group, proportion_main_pollutants)
{
    int cls[12] = {3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 0, 0};
    fixture f = make(cls, 12);
    for (size_t k = 6; k < 10; k++) {
        je_wq_sample_clear(&f.smp[k]);
        f.smp[k].value[JE_WQ_TN] = 3.0; /* 劣V in every bad section, not assessed */
    }
    f.smp[6].value[JE_WQ_NH3N] = 1.2;  /* IV */
    f.smp[6].value[JE_WQ_TP] = 0.25;   /* IV */
    f.smp[6].value[JE_WQ_CODMN] = 7.0; /* IV */
    f.smp[7].value[JE_WQ_NH3N] = 1.2;
    f.smp[7].value[JE_WQ_TP] = 0.25;
    f.smp[8].value[JE_WQ_NH3N] = 1.2;
    f.smp[9].value[JE_WQ_COD] = 25.0; /* IV */
    run_sections(&f);
    je_wq_group_result g = run_group(&f);
    cr_assert_eq(g.n_sections, 10u, "unclassified sections not counted (got %zu)", g.n_sections);
    cr_assert_eq(g.method, JE_WQ_METHOD_PROPORTION);
    ASSERT_NEAR(g.share_good, 0.6, 1e-15);
    ASSERT_STATUS(g, JE_WQ_STATUS_LIGHT);
    cr_assert_eq(g.n_main, 3u, "n_main %zu", g.n_main);
    cr_assert_eq(g.main_item[0], JE_WQ_NH3N, "first %s", je_wq_item_code(g.main_item[0]));
    ASSERT_NEAR(g.main_rate[0], 0.3, 1e-15);
    cr_assert_eq(g.main_item[1], JE_WQ_TP, "second %s", je_wq_item_code(g.main_item[1]));
    ASSERT_NEAR(g.main_rate[1], 0.2, 1e-15);
    /* CODMn and COD tie at 10 %: table order. */
    cr_assert_eq(g.main_item[2], JE_WQ_CODMN, "third %s", je_wq_item_code(g.main_item[2]));
    ASSERT_NEAR(g.main_rate[2], 0.1, 1e-15);
    cr_assert_eq(g.n_class[JE_WQ_CLASS_NONE], 0u);
    cr_assert_eq(g.n_class[JE_WQ_CLASS_III], 6u);
    cr_assert_eq(g.n_class[JE_WQ_CLASS_IV], 4u);
    cr_assert_eq(g.n_with_target, 10u);
    cr_assert_eq(g.n_met, 6u);
    drop(&f);
}

/* Sections without a class: 4 classified + 3 not → mean method; 5 + 3 → proportion;
 * none classified → no status. */
Test(assess_group, unclassified_sections_not_counted)
{
    int a[7] = {1, 0, 2, 0, 1, 0, 6};
    fixture f = make(a, 7);
    run_sections(&f);
    je_wq_group_result g = run_group(&f);
    cr_assert_eq(g.n_sections, 4u);
    cr_assert_eq(g.method, JE_WQ_METHOD_MEAN, "4 classified sections of 7 members");
    ASSERT_NEAR(g.mean.value[JE_WQ_NH3N], 0.875, 1e-12); /* (0.1+0.3+0.1+3)/4 */
    cr_assert_eq(g.cls, JE_WQ_CLASS_III);
    drop(&f);

    int b[8] = {1, 0, 1, 0, 1, 0, 1, 6};
    f = make(b, 8);
    run_sections(&f);
    g = run_group(&f);
    cr_assert_eq(g.n_sections, 5u);
    cr_assert_eq(g.method, JE_WQ_METHOD_PROPORTION);
    ASSERT_NEAR(g.share_good, 0.8, 1e-15);
    drop(&f);

    int c[3] = {0, 0, 0};
    f = make(c, 3);
    run_sections(&f);
    g = run_group(&f);
    cr_assert_eq(g.n_sections, 0u);
    cr_assert_eq(g.status, JE_WQ_STATUS_NONE);
    cr_assert_eq(g.cls, JE_WQ_CLASS_NONE);
    cr_assert_eq(g.n_main, 0u);
    drop(&f);

    je_wq_group_result e;
    memset(&e, 0x5a, sizeof e);
    cr_assert_eq(je_wq_assess_group(NULL, NULL, NULL, 0, &e, NULL), JE_OK);
    cr_assert_eq(e.n_sections, 0u);
    cr_assert_eq(e.status, JE_WQ_STATUS_NONE);
    cr_assert_eq(je_wq_assess_group(NULL, NULL, NULL, 0, NULL, NULL), JE_EINVAL);
}

/* ---------------------------------------------------------------------------
 * Grouping by river, basin, jurisdiction; boundary sections.
 * ------------------------------------------------------------------------- */
Test(assess_groups, keys_in_order_of_first_appearance)
{
    /* Equal keys in distinct buffers: grouping compares text, not pointers. */
    char r1a[] = "R1", r1b[] = "R1", b1a[] = "B1", b1b[] = "B1", b1c[] = "B1";
    char o1a[] = "510000", o1b[] = "510000", o2a[] = "500000", o2b[] = "500000";
    je_section s[4] = {river_section("S1", JE_WQ_CLASS_III), river_section("S2", JE_WQ_CLASS_III),
                       river_section("S3", JE_WQ_CLASS_III), river_section("S4", JE_WQ_CLASS_III)};
    s[0].river_code = r1a;
    s[0].river_zh = "一河";
    s[1].river_code = "R2";
    s[2].river_code = r1b;
    s[3].river_code = "R3";
    s[0].basin_code = b1a;
    s[0].basin_zh = "甲流域";
    s[1].basin_code = b1b;
    s[2].basin_code = "B2";
    s[3].basin_code = b1c;
    s[0].owner = o1a;
    s[1].owner = o2a;
    s[2].owner = o2b;
    s[3].owner = o1b;
    je_wq_sample x[4] = {nh3n_sample(0.4), nh3n_sample(0.8), nh3n_sample(1.8), nh3n_sample(0.1)};
    je_wq_series cur[4] = {{&x[0], 1}, {&x[1], 1}, {&x[2], 1}, {&x[3], 1}};
    je_wq_section_result r[4];
    cr_assert_eq(je_wq_assess_sections(s, 4, cur, NULL, r, NULL), JE_OK);

    je_wq_group_result *g = NULL;
    size_t ng = 0;
    je_error err;
    cr_assert_eq(je_wq_assess_groups(s, r, 4, JE_WQ_LEVEL_RIVER, &g, &ng, &err), JE_OK);
    cr_assert_eq(ng, 3u, "river groups %zu", ng);
    cr_assert_str_eq(g[0].key, "R1");
    cr_assert_str_eq(g[1].key, "R2");
    cr_assert_str_eq(g[2].key, "R3");
    cr_assert_eq(g[0].name_zh, s[0].river_zh, "name borrowed from the first section");
    cr_assert_eq(g[0].n_sections, 2u);
    cr_assert_eq(g[1].n_sections, 1u);
    /* R1 = S1 (0.4) and S3 (1.8): mean 1.1 → IV. */
    ASSERT_NEAR(g[0].mean.value[JE_WQ_NH3N], 1.1, 1e-12);
    cr_assert_eq(g[0].cls, JE_WQ_CLASS_IV);
    free(g);

    cr_assert_eq(je_wq_assess_groups(s, r, 4, JE_WQ_LEVEL_BASIN, &g, &ng, &err), JE_OK);
    cr_assert_eq(ng, 2u);
    cr_assert_str_eq(g[0].key, "B1");
    cr_assert_str_eq(g[1].key, "B2");
    cr_assert_eq(g[0].name_zh, s[0].basin_zh);
    cr_assert_eq(g[0].n_sections, 3u);
    cr_assert_eq(g[1].n_sections, 1u);
    free(g);

    cr_assert_eq(je_wq_assess_groups(s, r, 4, JE_WQ_LEVEL_JURISDICTION, &g, &ng, &err), JE_OK);
    cr_assert_eq(ng, 2u);
    cr_assert_str_eq(g[0].key, "510000");
    cr_assert_str_eq(g[1].key, "500000");
    cr_assert_null(g[0].name_zh, "jurisdictions are named by the caller");
    cr_assert_eq(g[0].n_sections, 2u);
    cr_assert_eq(g[1].n_sections, 2u);
    /* 500000 = S2 (0.8) and S3 (1.8): mean 1.3 → IV. */
    ASSERT_NEAR(g[1].mean.value[JE_WQ_NH3N], 1.3, 1e-12);
    cr_assert_eq(g[1].cls, JE_WQ_CLASS_IV);
    free(g);

    cr_assert_eq(je_wq_assess_groups(s, r, 4, JE_WQ_LEVEL_SECTION, &g, &ng, &err), JE_OK);
    cr_assert_eq(ng, 4u);
    cr_assert_str_eq(g[3].key, "S4");
    free(g);

    je_wq_group_result dummy;
    g = &dummy; /* must be reset */
    ng = 99;
    cr_assert_eq(je_wq_assess_groups(s, r, 0, JE_WQ_LEVEL_RIVER, &g, &ng, &err), JE_OK);
    cr_assert_null(g);
    cr_assert_eq(ng, 0u);
}

/* Boundary sections: out = the jurisdiction is upstream, in = downstream. */
Test(assess_groups, boundary_summary)
{
    je_section s[5] = {river_section("B1", JE_WQ_CLASS_III), river_section("B2", JE_WQ_CLASS_II),
                       river_section("B3", JE_WQ_CLASS_III), river_section("N1", JE_WQ_CLASS_III),
                       river_section("B4", JE_WQ_CLASS_III)};
    const char *sc = "510000", *cq = "500000";
    for (int k = 0; k < 5; k++)
        s[k].kind = JE_SECTION_BOUNDARY;
    s[3].kind = JE_SECTION_NATIONAL; /* not a boundary section: ignored */
    s[0].upstream = sc;
    s[0].downstream = cq; /* III, target III: met */
    s[1].upstream = cq;
    s[1].downstream = sc; /* III, target II: not met */
    s[2].upstream = sc;
    s[2].downstream = cq; /* no samples */
    s[3].owner = sc;
    s[3].upstream = sc; /* even with the fields filled, only boundary sections count */
    s[3].downstream = cq;
    s[4].upstream = "520000";
    s[4].downstream = cq; /* another pair */
    je_wq_sample x = nh3n_sample(0.8);
    je_wq_series cur[5] = {{&x, 1}, {&x, 1}, {NULL, 0}, {&x, 1}, {&x, 1}};
    je_wq_section_result r[5];
    cr_assert_eq(je_wq_assess_sections(s, 5, cur, NULL, r, NULL), JE_OK);

    je_wq_boundary_summary b;
    memset(&b, 0x5a, sizeof b);
    je_wq_boundary_summarize(s, r, 5, "510000", &b);
    cr_assert_eq(b.out_n, 2u, "out_n %zu", b.out_n);
    cr_assert_eq(b.out_classified, 1u);
    cr_assert_eq(b.out_met, 1u);
    cr_assert_eq(b.in_n, 1u, "in_n %zu", b.in_n);
    cr_assert_eq(b.in_classified, 1u);
    cr_assert_eq(b.in_met, 0u);

    je_wq_boundary_summarize(s, r, 5, "500000", &b);
    cr_assert_eq(b.out_n, 1u);
    cr_assert_eq(b.out_met, 0u);
    cr_assert_eq(b.in_n, 3u);
    cr_assert_eq(b.in_classified, 2u);
    cr_assert_eq(b.in_met, 2u);

    je_wq_boundary_summarize(s, r, 5, "999999", &b);
    cr_assert_eq(b.out_n + b.in_n, 0u);
}

/* 2011 method §3.3 applied to a mean-method group: a heavy metal beyond Class III is
 * listed even when it ranks fourth (regression: the group result held only three). */
Test(group_regression, mean_group_lists_heavy_metal_beyond_three)
{
    je_section secs[2];
    je_wq_section_result res[2];
    memset(secs, 0, sizeof secs);
    memset(res, 0, sizeof res);
    je_wq_series cur[2];
    je_wq_sample s[2];
    for (int k = 0; k < 2; k++) {
        secs[k] = (je_section){.code = k ? "X2" : "X1",
                               .river_code = "R",
                               .basin_code = "B",
                               .owner = "510000",
                               .upstream = "",
                               .downstream = "",
                               .waterbody = JE_WATERBODY_RIVER,
                               .target = JE_WQ_CLASS_III};
        je_wq_sample_clear(&s[k]);
        s[k].value[JE_WQ_NH3N] = 1.9; /* V */
        s[k].value[JE_WQ_TP] = 0.35;  /* V */
        s[k].value[JE_WQ_CODMN] = 14; /* V */
        s[k].value[JE_WQ_CD] = 0.006; /* V, smallest multiple → ranks 4th */
        cur[k] = (je_wq_series){&s[k], 1};
    }
    cr_assert_eq(je_wq_assess_sections(secs, 2, cur, NULL, res, NULL), JE_OK);
    size_t members[2] = {0, 1};
    je_wq_group_result g;
    cr_assert_eq(je_wq_assess_group(secs, res, members, 2, &g, NULL), JE_OK);
    cr_assert_eq(g.method, JE_WQ_METHOD_MEAN);
    cr_assert_eq(g.n_main, 4, "n_main %zu", g.n_main);
    cr_assert_eq(g.main_item[3], JE_WQ_CD);
}
