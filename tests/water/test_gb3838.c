/* GB 3838-2002 engine: item classes (Table 1), single-factor classification of a
 * sample, main pollution indicators and period means (环办〔2011〕22号), items,
 * classes and units.
 *
 * The limits below are an independent copy of GB 3838-2002 Table 1, typed from
 * ../shared/reference/standards.md §1.1; the engine's table is never read, so a typo
 * in src/water/std_gb3838.c fails these tests. */
#include "jointenv/water.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define BIT(item) (1u << (unsigned)(item))

/* Compare doubles with an explicit tolerance, printing both values on failure. */
#define ASSERT_NEAR(actual, expected, eps)                                                         \
    cr_assert_float_eq((actual), (expected), (eps), "%s = %.17g, expected %.17g (tol %g)",         \
                       #actual, (double)(actual), (double)(expected), (double)(eps))
#define ASSERT_NAN(x) cr_assert(isnan(x), "%s = %.17g, expected NAN", #x, (double)(x))

/* ---------------------------------------------------------------------------
 * Independent copy of GB 3838-2002 Table 1 (basic items), classes I..V.
 * ------------------------------------------------------------------------- */
typedef enum { LIM_LE, LIM_GE } lim_rule;

typedef struct lim_row {
    je_wq_item item;
    int table_no; /* item number in GB 3838-2002 Table 1 */
    lim_rule rule;
    double lim[5];
} lim_row;

/* pH (Table 1 item 2) is a range and is tested on its own. */
static const lim_row TABLE1[] = {
    {JE_WQ_DO, 3, LIM_GE, {7.5, 6, 5, 3, 2}},
    {JE_WQ_CODMN, 4, LIM_LE, {2, 4, 6, 10, 15}},
    {JE_WQ_COD, 5, LIM_LE, {15, 15, 20, 30, 40}},
    {JE_WQ_BOD5, 6, LIM_LE, {3, 3, 4, 6, 10}},
    {JE_WQ_NH3N, 7, LIM_LE, {0.15, 0.5, 1.0, 1.5, 2.0}},
    {JE_WQ_TP, 8, LIM_LE, {0.02, 0.1, 0.2, 0.3, 0.4}}, /* rivers */
    {JE_WQ_TN, 9, LIM_LE, {0.2, 0.5, 1.0, 1.5, 2.0}},
    {JE_WQ_CU, 10, LIM_LE, {0.01, 1.0, 1.0, 1.0, 1.0}},
    {JE_WQ_ZN, 11, LIM_LE, {0.05, 1.0, 1.0, 2.0, 2.0}},
    {JE_WQ_F, 12, LIM_LE, {1.0, 1.0, 1.0, 1.5, 1.5}},
    {JE_WQ_SE, 13, LIM_LE, {0.01, 0.01, 0.01, 0.02, 0.02}},
    {JE_WQ_AS, 14, LIM_LE, {0.05, 0.05, 0.05, 0.1, 0.1}},
    {JE_WQ_HG, 15, LIM_LE, {0.00005, 0.00005, 0.0001, 0.001, 0.001}},
    {JE_WQ_CD, 16, LIM_LE, {0.001, 0.005, 0.005, 0.005, 0.01}},
    {JE_WQ_CR6, 17, LIM_LE, {0.01, 0.05, 0.05, 0.05, 0.1}},
    {JE_WQ_PB, 18, LIM_LE, {0.01, 0.01, 0.05, 0.05, 0.1}},
    {JE_WQ_CN, 19, LIM_LE, {0.005, 0.05, 0.2, 0.2, 0.2}},
    {JE_WQ_PHENOL, 20, LIM_LE, {0.002, 0.002, 0.005, 0.01, 0.1}},
    {JE_WQ_OIL, 21, LIM_LE, {0.05, 0.05, 0.05, 0.5, 1.0}},
    {JE_WQ_LAS, 22, LIM_LE, {0.2, 0.2, 0.2, 0.3, 0.3}},
    {JE_WQ_S2, 23, LIM_LE, {0.05, 0.1, 0.2, 0.5, 1.0}},
    {JE_WQ_FCOLI, 24, LIM_LE, {200, 2000, 10000, 20000, 40000}},
};
/* Table 1 item 8, lakes and reservoirs (湖、库). */
static const lim_row TP_LAKE = {JE_WQ_TP, 8, LIM_LE, {0.01, 0.025, 0.05, 0.1, 0.2}};

#define NROWS (sizeof TABLE1 / sizeof TABLE1[0])

static const lim_row *row_for(je_wq_item item, je_waterbody wb)
{
    if (item == JE_WQ_TP && wb == JE_WATERBODY_LAKE)
        return &TP_LAKE;
    for (size_t k = 0; k < NROWS; k++)
        if (TABLE1[k].item == item)
            return &TABLE1[k];
    return NULL;
}

/* Expected class by counting, a formulation independent of the engine's scan:
 * "≤" items: 1 + number of classes whose limit the value exceeds (so a value on a
 * limit shared by several classes lands in the best of them); DO "≥": 1 + number of
 * classes whose minimum the value does not reach. 6 = 劣V. */
static int expected_class(const lim_row *r, double v)
{
    int worse = 0;
    for (int k = 0; k < 5; k++)
        worse += r->rule == LIM_LE ? v > r->lim[k] : v < r->lim[k];
    return 1 + worse;
}

static const je_waterbody WATERBODIES[] = {JE_WATERBODY_RIVER, JE_WATERBODY_LAKE};

/* GB 3838-2002 Table 1 items 3–24 (every item with per-class limits), both
 * waterbodies: for each class I–V the limit itself (inclusive), the next double above
 * and the next double below. Above the class V limit is 劣V. */
Test(gb3838_item_class, every_boundary_of_every_item)
{
    for (size_t w = 0; w < 2; w++) {
        je_waterbody wb = WATERBODIES[w];
        for (size_t k = 0; k < NROWS; k++) {
            const lim_row *r = row_for(TABLE1[k].item, wb);
            const char *code = je_wq_item_code(r->item);
            for (int c = 1; c <= 5; c++) {
                double L = r->lim[c - 1];
                struct {
                    const char *name;
                    double v;
                } probes[] = {{"at", L},
                              {"above", nextafter(L, INFINITY)},
                              {"below", nextafter(L, -INFINITY)}};
                for (size_t p = 0; p < 3; p++) {
                    int want = expected_class(r, probes[p].v);
                    int got = (int)je_gb3838_item_class(r->item, probes[p].v, wb);
                    cr_expect_eq(got, want,
                                 "Table 1 item %d %s (wb %d), class %d limit %.17g, %s "
                                 "(%.17g): got class %d, expected %d",
                                 r->table_no, code, (int)wb, c, L, probes[p].name, probes[p].v, got,
                                 want);
                }
            }
        }
    }
}

/* The counting oracle itself, spelled out for the simple (distinct-limit) case so the
 * oracle cannot be wrong in the same way as the engine: NH3-N (item 7). */
Test(gb3838_item_class, nh3n_spelled_out)
{
    const double lim[5] = {0.15, 0.5, 1.0, 1.5, 2.0};
    for (int c = 1; c <= 5; c++) {
        double L = lim[c - 1];
        cr_expect_eq((int)je_gb3838_item_class(JE_WQ_NH3N, L, JE_WATERBODY_RIVER), c,
                     "nh3n %.17g at limit", L);
        cr_expect_eq(
            (int)je_gb3838_item_class(JE_WQ_NH3N, nextafter(L, -INFINITY), JE_WATERBODY_RIVER), c,
            "nh3n just below %.17g", L);
        cr_expect_eq(
            (int)je_gb3838_item_class(JE_WQ_NH3N, nextafter(L, INFINITY), JE_WATERBODY_RIVER),
            c + 1, "nh3n just above %.17g", L);
    }
    cr_expect_eq(je_gb3838_item_class(JE_WQ_NH3N, 0.0, JE_WATERBODY_RIVER), JE_WQ_CLASS_I);
    cr_expect_eq(je_gb3838_item_class(JE_WQ_NH3N, 50.0, JE_WATERBODY_RIVER), JE_WQ_CLASS_WORSE_V);
}

/* GB 3838-2002 §4 / standards.md §1.1: where classes share a limit the better class
 * wins (COD item 5, BOD5 item 6, Cu item 10, Zn 11, F 12, Se 13, As 14, Hg 15,
 * Cd 16, Cr6 17, Pb 18, CN 19, phenol 20, oil 21, LAS 22). */
Test(gb3838_item_class, shared_limits_resolve_to_better_class)
{
    static const struct {
        je_wq_item item;
        double v;
        je_wq_class at, above;
    } cases[] = {
        {JE_WQ_COD, 15.0, JE_WQ_CLASS_I, JE_WQ_CLASS_III},
        {JE_WQ_BOD5, 3.0, JE_WQ_CLASS_I, JE_WQ_CLASS_III},
        {JE_WQ_CU, 1.0, JE_WQ_CLASS_II, JE_WQ_CLASS_WORSE_V},
        {JE_WQ_ZN, 1.0, JE_WQ_CLASS_II, JE_WQ_CLASS_IV},
        {JE_WQ_ZN, 2.0, JE_WQ_CLASS_IV, JE_WQ_CLASS_WORSE_V},
        {JE_WQ_F, 1.0, JE_WQ_CLASS_I, JE_WQ_CLASS_IV},
        {JE_WQ_SE, 0.01, JE_WQ_CLASS_I, JE_WQ_CLASS_IV},
        {JE_WQ_AS, 0.05, JE_WQ_CLASS_I, JE_WQ_CLASS_IV},
        {JE_WQ_HG, 0.00005, JE_WQ_CLASS_I, JE_WQ_CLASS_III},
        {JE_WQ_HG, 0.001, JE_WQ_CLASS_IV, JE_WQ_CLASS_WORSE_V},
        {JE_WQ_CD, 0.005, JE_WQ_CLASS_II, JE_WQ_CLASS_V},
        {JE_WQ_CR6, 0.05, JE_WQ_CLASS_II, JE_WQ_CLASS_V},
        {JE_WQ_PB, 0.01, JE_WQ_CLASS_I, JE_WQ_CLASS_III},
        {JE_WQ_PB, 0.05, JE_WQ_CLASS_III, JE_WQ_CLASS_V},
        {JE_WQ_CN, 0.2, JE_WQ_CLASS_III, JE_WQ_CLASS_WORSE_V},
        {JE_WQ_PHENOL, 0.002, JE_WQ_CLASS_I, JE_WQ_CLASS_III},
        {JE_WQ_OIL, 0.05, JE_WQ_CLASS_I, JE_WQ_CLASS_IV},
        {JE_WQ_LAS, 0.2, JE_WQ_CLASS_I, JE_WQ_CLASS_IV},
        {JE_WQ_LAS, 0.3, JE_WQ_CLASS_IV, JE_WQ_CLASS_WORSE_V},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const char *code = je_wq_item_code(cases[k].item);
        int at = (int)je_gb3838_item_class(cases[k].item, cases[k].v, JE_WATERBODY_RIVER);
        int above = (int)je_gb3838_item_class(cases[k].item, nextafter(cases[k].v, INFINITY),
                                              JE_WATERBODY_RIVER);
        cr_expect_eq(at, (int)cases[k].at, "%s at %.17g: got %d expected %d", code, cases[k].v, at,
                     (int)cases[k].at);
        cr_expect_eq(above, (int)cases[k].above, "%s above %.17g: got %d expected %d", code,
                     cases[k].v, above, (int)cases[k].above);
    }
}

/* GB 3838-2002 Table 1 item 3: DO is a minimum (≥ 7.5 / 6 / 5 / 3 / 2). */
Test(gb3838_item_class, dissolved_oxygen_is_a_minimum)
{
    je_waterbody r = JE_WATERBODY_RIVER;
    cr_assert_eq(je_gb3838_item_class(JE_WQ_DO, 7.5, r), JE_WQ_CLASS_I);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_DO, 12.0, r), JE_WQ_CLASS_I);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_DO, nextafter(7.5, -INFINITY), r), JE_WQ_CLASS_II);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_DO, 6.0, r), JE_WQ_CLASS_II);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_DO, nextafter(6.0, -INFINITY), r), JE_WQ_CLASS_III);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_DO, 5.0, r), JE_WQ_CLASS_III);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_DO, 3.0, r), JE_WQ_CLASS_IV);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_DO, 2.0, r), JE_WQ_CLASS_V);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_DO, nextafter(2.0, -INFINITY), r), JE_WQ_CLASS_WORSE_V);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_DO, 0.0, r), JE_WQ_CLASS_WORSE_V);
}

/* GB 3838-2002 Table 1 item 2: pH 6–9 for every class; inside → I, outside → 劣V. */
Test(gb3838_item_class, ph_range)
{
    for (size_t w = 0; w < 2; w++) {
        je_waterbody wb = WATERBODIES[w];
        cr_assert_eq(je_gb3838_item_class(JE_WQ_PH, 6.0, wb), JE_WQ_CLASS_I);
        cr_assert_eq(je_gb3838_item_class(JE_WQ_PH, 9.0, wb), JE_WQ_CLASS_I);
        cr_assert_eq(je_gb3838_item_class(JE_WQ_PH, 7.4, wb), JE_WQ_CLASS_I);
        cr_assert_eq(je_gb3838_item_class(JE_WQ_PH, nextafter(6.0, INFINITY), wb), JE_WQ_CLASS_I);
        cr_assert_eq(je_gb3838_item_class(JE_WQ_PH, nextafter(9.0, -INFINITY), wb), JE_WQ_CLASS_I);
        cr_assert_eq(je_gb3838_item_class(JE_WQ_PH, nextafter(6.0, -INFINITY), wb),
                     JE_WQ_CLASS_WORSE_V);
        cr_assert_eq(je_gb3838_item_class(JE_WQ_PH, nextafter(9.0, INFINITY), wb),
                     JE_WQ_CLASS_WORSE_V);
        cr_assert_eq(je_gb3838_item_class(JE_WQ_PH, 5.0, wb), JE_WQ_CLASS_WORSE_V);
        cr_assert_eq(je_gb3838_item_class(JE_WQ_PH, 10.0, wb), JE_WQ_CLASS_WORSE_V);
    }
}

/* GB 3838-2002 Table 1 item 8: TP rivers 0.02/0.1/0.2/0.3/0.4, lakes and reservoirs
 * 0.01/0.025/0.05/0.1/0.2. */
Test(gb3838_item_class, tp_river_versus_lake)
{
    cr_assert_eq(je_gb3838_item_class(JE_WQ_TP, 0.05, JE_WATERBODY_RIVER), JE_WQ_CLASS_II);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_TP, 0.05, JE_WATERBODY_LAKE), JE_WQ_CLASS_III);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_TP, 0.02, JE_WATERBODY_RIVER), JE_WQ_CLASS_I);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_TP, 0.02, JE_WATERBODY_LAKE), JE_WQ_CLASS_II);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_TP, 0.1, JE_WATERBODY_RIVER), JE_WQ_CLASS_II);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_TP, 0.1, JE_WATERBODY_LAKE), JE_WQ_CLASS_IV);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_TP, 0.3, JE_WATERBODY_RIVER), JE_WQ_CLASS_IV);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_TP, 0.3, JE_WATERBODY_LAKE), JE_WQ_CLASS_WORSE_V);
    /* Only TP has a lake column: NH3-N is the same in both. */
    cr_assert_eq(je_gb3838_item_class(JE_WQ_NH3N, 0.5, JE_WATERBODY_LAKE), JE_WQ_CLASS_II);
    double r3 = je_gb3838_class3_limit(JE_WQ_TP, JE_WATERBODY_RIVER);
    double l3 = je_gb3838_class3_limit(JE_WQ_TP, JE_WATERBODY_LAKE);
    cr_assert_eq(r3, 0.2, "river TP class III limit %.17g", r3);
    cr_assert_eq(l3, 0.05, "lake TP class III limit %.17g", l3);
}

/* Header contract: a NAN value is not classified; an out-of-range item neither. */
Test(gb3838_item_class, nan_is_none)
{
    for (int i = 0; i < JE_WQ_NITEMS; i++)
        for (size_t w = 0; w < 2; w++)
            cr_expect_eq(je_gb3838_item_class((je_wq_item)i, NAN, WATERBODIES[w]), JE_WQ_CLASS_NONE,
                         "item %s", je_wq_item_code((je_wq_item)i));
    cr_assert_eq(je_gb3838_item_class(JE_WQ_NITEMS, 1.0, JE_WATERBODY_RIVER), JE_WQ_CLASS_NONE);
}

/* GB 3838-2002 Table 1: the public limit accessors agree with the independent copy
 * (exact equality: both are the same decimal literal). Class III limit is NAN for pH
 * and DO (2011 method: no exceedance multiple for them). */
Test(gb3838_item_class, limits_match_table1)
{
    for (int i = 0; i < JE_WQ_NITEMS; i++)
        if (i != JE_WQ_PH)
            cr_assert_not_null(row_for((je_wq_item)i, JE_WATERBODY_RIVER), "no row for %s",
                               je_wq_item_code((je_wq_item)i));
    for (size_t w = 0; w < 2; w++) {
        je_waterbody wb = WATERBODIES[w];
        for (size_t k = 0; k < NROWS; k++) {
            const lim_row *r = row_for(TABLE1[k].item, wb);
            for (int c = 1; c <= 5; c++) {
                double got = je_gb3838_limit(r->item, (je_wq_class)c, wb);
                cr_expect_eq(got, r->lim[c - 1], "%s class %d wb %d: %.17g, expected %.17g",
                             je_wq_item_code(r->item), c, (int)wb, got, r->lim[c - 1]);
            }
            double c3 = je_gb3838_class3_limit(r->item, wb);
            if (r->item == JE_WQ_DO)
                ASSERT_NAN(c3);
            else
                cr_expect_eq(c3, r->lim[2], "%s class III %.17g", je_wq_item_code(r->item), c3);
        }
        ASSERT_NAN(je_gb3838_limit(JE_WQ_PH, JE_WQ_CLASS_III, wb));
        ASSERT_NAN(je_gb3838_class3_limit(JE_WQ_PH, wb));
        ASSERT_NAN(je_gb3838_limit(JE_WQ_NH3N, JE_WQ_CLASS_NONE, wb));
        ASSERT_NAN(je_gb3838_limit(JE_WQ_NH3N, JE_WQ_CLASS_WORSE_V, wb));
    }
}

/* ---------------------------------------------------------------------------
 * Sample classification: 2011 method §3.1 (single factor), §3.3 (main indicators).
 * ------------------------------------------------------------------------- */
static je_wq_sample blank(void)
{
    je_wq_sample s;
    memset(&s, 0x5a, sizeof s); /* garbage, then cleared by the engine */
    je_wq_sample_clear(&s);
    return s;
}

static je_wq_result classify(const je_wq_sample *s, je_waterbody wb)
{
    je_wq_result r;
    je_error err;
    memset(&r, 0x5a, sizeof r);
    je_status st = je_gb3838_classify(s, wb, &r, &err);
    cr_assert_eq(st, JE_OK, "classify: %s", je_status_name(st));
    return r;
}

static const char *fmt_main(const je_wq_result *r, char *buf, size_t size)
{
    return je_wq_main_format(r, buf, size);
}

Test(gb3838_classify, clear_sets_nan_and_masks)
{
    je_wq_sample s = blank();
    for (int i = 0; i < JE_WQ_NITEMS; i++)
        ASSERT_NAN(s.value[i]);
    cr_assert_eq(s.bdl_mask, 0u);
    cr_assert_eq(s.invalid_mask, 0u);
}

/* 2011 method §2, §3.1: section class = worst of the 21 assessed items; TN and fecal
 * coliform are reported in item_class but never counted. */
Test(gb3838_classify, worst_assessed_item_tn_fcoli_not_counted)
{
    je_wq_sample s = blank();
    s.value[JE_WQ_NH3N] = 0.4;    /* II */
    s.value[JE_WQ_CODMN] = 5.0;   /* III */
    s.value[JE_WQ_DO] = 8.0;      /* I */
    s.value[JE_WQ_TN] = 2.5;      /* 劣V, reported only */
    s.value[JE_WQ_FCOLI] = 50000; /* 劣V, reported only */
    je_wq_result r = classify(&s, JE_WATERBODY_RIVER);
    cr_assert_eq(r.cls, JE_WQ_CLASS_III, "cls %d", (int)r.cls);
    cr_assert_eq(r.item_class[JE_WQ_NH3N], JE_WQ_CLASS_II);
    cr_assert_eq(r.item_class[JE_WQ_CODMN], JE_WQ_CLASS_III);
    cr_assert_eq(r.item_class[JE_WQ_DO], JE_WQ_CLASS_I);
    cr_assert_eq(r.item_class[JE_WQ_TN], JE_WQ_CLASS_WORSE_V);
    cr_assert_eq(r.item_class[JE_WQ_FCOLI], JE_WQ_CLASS_WORSE_V);
    cr_assert_eq(r.item_class[JE_WQ_TP], JE_WQ_CLASS_NONE);
    cr_assert_eq(r.n_assessed, 3u, "n_assessed %u", r.n_assessed);
    cr_assert_eq(r.n_main, 0u, "class III: no main indicators, got %zu", r.n_main);

    /* A sample with only TN and fecal coliform has no section class. */
    je_wq_sample t = blank();
    t.value[JE_WQ_TN] = 3.0;
    t.value[JE_WQ_FCOLI] = 90000;
    je_wq_result rt = classify(&t, JE_WATERBODY_LAKE);
    cr_assert_eq(rt.cls, JE_WQ_CLASS_NONE);
    cr_assert_eq(rt.n_assessed, 0u);
    cr_assert_eq(rt.n_main, 0u);

    je_wq_sample e = blank();
    je_wq_result re = classify(&e, JE_WATERBODY_RIVER);
    cr_assert_eq(re.cls, JE_WQ_CLASS_NONE);
    cr_assert_eq(re.n_main, 0u);
}

/* 2011 method: the 21 assessed items are Table 1 less water temperature, TN and
 * fecal coliform. */
Test(gb3838_classify, assessed_items)
{
    int n = 0;
    for (int i = 0; i < JE_WQ_NITEMS; i++)
        n += je_wq_item_assessed((je_wq_item)i) != 0;
    cr_assert_eq(n, 21, "assessed items %d", n);
    cr_assert_eq(je_wq_item_assessed(JE_WQ_TN), 0);
    cr_assert_eq(je_wq_item_assessed(JE_WQ_FCOLI), 0);
    cr_assert_neq(je_wq_item_assessed(JE_WQ_PH), 0);
    cr_assert_neq(je_wq_item_assessed(JE_WQ_S2), 0);
    cr_assert_eq(je_wq_item_assessed(JE_WQ_NITEMS), 0);
}

/* 2011 method: 超标倍数 = (C − C_III)/C_III; 0 within class III; none for pH, DO. */
Test(gb3838_classify, exceedance_multiple)
{
    je_wq_sample s = blank();
    s.value[JE_WQ_NH3N] = 1.5;  /* IV */
    s.value[JE_WQ_CODMN] = 7.2; /* IV */
    s.value[JE_WQ_TP] = 0.1;    /* II: within III */
    s.value[JE_WQ_COD] = 20.0;  /* III exactly: within */
    s.value[JE_WQ_PH] = 9.5;    /* 劣V */
    s.value[JE_WQ_DO] = 2.5;    /* V */
    s.value[JE_WQ_FCOLI] = 15000;
    je_wq_result r = classify(&s, JE_WATERBODY_RIVER);
    ASSERT_NEAR(r.multiple[JE_WQ_NH3N], 0.5, 1e-12);
    ASSERT_NEAR(r.multiple[JE_WQ_CODMN], 0.2, 1e-12);
    ASSERT_NEAR(r.multiple[JE_WQ_FCOLI], 0.5, 1e-12);
    cr_assert_eq(r.multiple[JE_WQ_TP], 0.0, "tp multiple %.17g", r.multiple[JE_WQ_TP]);
    cr_assert_eq(r.multiple[JE_WQ_COD], 0.0, "cod multiple %.17g", r.multiple[JE_WQ_COD]);
    ASSERT_NAN(r.multiple[JE_WQ_PH]);
    ASSERT_NAN(r.multiple[JE_WQ_DO]);
    ASSERT_NAN(r.multiple[JE_WQ_BOD5]); /* not given */
    cr_assert_eq(r.cls, JE_WQ_CLASS_WORSE_V);

    /* Lakes: relative to the lake class III TP limit 0.05. */
    je_wq_sample l = blank();
    l.value[JE_WQ_TP] = 0.075;
    je_wq_result rl = classify(&l, JE_WATERBODY_LAKE);
    cr_assert_eq(rl.cls, JE_WQ_CLASS_IV);
    ASSERT_NEAR(rl.multiple[JE_WQ_TP], 0.5, 1e-12);
    je_wq_result rr = classify(&l, JE_WATERBODY_RIVER);
    cr_assert_eq(rr.cls, JE_WQ_CLASS_II);
    cr_assert_eq(rr.multiple[JE_WQ_TP], 0.0);
}

/* 2011 method §3.3: no main indicators when the section is class III or better. */
Test(gb3838_classify, no_main_when_class_iii_or_better)
{
    je_wq_sample s = blank();
    s.value[JE_WQ_COD] = 20.0; /* III */
    s.value[JE_WQ_TN] = 5.0;   /* not assessed */
    je_wq_result r = classify(&s, JE_WATERBODY_RIVER);
    cr_assert_eq(r.cls, JE_WQ_CLASS_III);
    cr_assert_eq(r.n_main, 0u);
    char buf[64];
    cr_assert_str_eq(fmt_main(&r, buf, sizeof buf), "");
}

/* 2011 method §3.3: up to three items worse than III, worse class first, then larger
 * multiple. NH3-N V (0.6) outranks oil IV (9): class comes before multiple. */
Test(gb3838_classify, main_top_three_by_class_then_multiple)
{
    je_wq_sample s = blank();
    s.value[JE_WQ_NH3N] = 1.6;  /* V, 0.6 */
    s.value[JE_WQ_OIL] = 0.5;   /* IV, 9 */
    s.value[JE_WQ_CODMN] = 7.2; /* IV, 0.2 */
    s.value[JE_WQ_COD] = 28.0;  /* IV, 0.4 */
    s.value[JE_WQ_TP] = 0.15;   /* II */
    s.value[JE_WQ_TN] = 9.0;    /* 劣V but not assessed: never a main indicator */
    je_wq_result r = classify(&s, JE_WATERBODY_RIVER);
    cr_assert_eq(r.cls, JE_WQ_CLASS_V);
    cr_assert_eq(r.n_main, 3u, "n_main %zu", r.n_main);
    cr_assert_eq(r.main_item[0], JE_WQ_NH3N, "first %s", je_wq_item_code(r.main_item[0]));
    cr_assert_eq(r.main_item[1], JE_WQ_OIL, "second %s", je_wq_item_code(r.main_item[1]));
    cr_assert_eq(r.main_item[2], JE_WQ_COD, "third %s", je_wq_item_code(r.main_item[2]));
    char buf[128];
    cr_assert_str_eq(fmt_main(&r, buf, sizeof buf), "nh3n(0.6);oil(9);cod(0.4)");
}

/* 2011 method §3.3: cyanide and heavy metals worse than class III are listed in
 * addition to the top three. Cd V (0.6) ranks 5th; NH3-N (4th) is dropped, Cd kept. */
Test(gb3838_classify, heavy_metal_listed_in_addition)
{
    je_wq_sample s = blank();
    s.value[JE_WQ_CODMN] = 20.0; /* 劣V, 2.333 */
    s.value[JE_WQ_TP] = 0.6;     /* 劣V, 2 */
    s.value[JE_WQ_BOD5] = 11.0;  /* 劣V, 1.75 */
    s.value[JE_WQ_NH3N] = 2.5;   /* 劣V, 1.5 */
    s.value[JE_WQ_CD] = 0.008;   /* V, 0.6 */
    je_wq_result r = classify(&s, JE_WATERBODY_RIVER);
    cr_assert_eq(r.cls, JE_WQ_CLASS_WORSE_V);
    cr_assert_eq(r.n_main, 4u, "n_main %zu", r.n_main);
    cr_assert_eq(r.main_item[0], JE_WQ_CODMN);
    cr_assert_eq(r.main_item[1], JE_WQ_TP);
    cr_assert_eq(r.main_item[2], JE_WQ_BOD5);
    cr_assert_eq(r.main_item[3], JE_WQ_CD, "fourth %s", je_wq_item_code(r.main_item[3]));
    char buf[128];
    cr_assert_str_eq(fmt_main(&r, buf, sizeof buf), "codmn(2.33);tp(2);bod5(1.75);cd(0.6)");

    /* Cyanide too: four items worse than III, cyanide last by class. */
    je_wq_sample c = blank();
    c.value[JE_WQ_CODMN] = 20.0; /* 劣V */
    c.value[JE_WQ_TP] = 0.6;     /* 劣V */
    c.value[JE_WQ_BOD5] = 11.0;  /* 劣V */
    c.value[JE_WQ_CN] = 0.3;     /* 劣V, 0.5 */
    je_wq_result rc = classify(&c, JE_WATERBODY_RIVER);
    cr_assert_eq(rc.n_main, 4u, "n_main %zu", rc.n_main);
    cr_assert_eq(rc.main_item[3], JE_WQ_CN);

    /* A non-metal fourth item is not listed. */
    je_wq_sample d = blank();
    d.value[JE_WQ_CODMN] = 20.0;
    d.value[JE_WQ_TP] = 0.6;
    d.value[JE_WQ_BOD5] = 11.0;
    d.value[JE_WQ_NH3N] = 2.5;
    je_wq_result rd = classify(&d, JE_WATERBODY_RIVER);
    cr_assert_eq(rd.n_main, 3u, "n_main %zu", rd.n_main);
}

/* 2011 method: no multiple for pH and DO, so they print without a bracket. */
Test(gb3838_classify, main_format_do_and_ph)
{
    je_wq_sample s = blank();
    s.value[JE_WQ_DO] = 1.5;   /* 劣V */
    s.value[JE_WQ_NH3N] = 1.5; /* IV, 0.5 */
    s.value[JE_WQ_TP] = 0.25;  /* IV, 0.25 */
    je_wq_result r = classify(&s, JE_WATERBODY_RIVER);
    char buf[128];
    cr_assert_str_eq(fmt_main(&r, buf, sizeof buf), "do;nh3n(0.5);tp(0.25)");

    je_wq_sample p = blank();
    p.value[JE_WQ_PH] = 9.6;
    je_wq_result rp = classify(&p, JE_WATERBODY_RIVER);
    cr_assert_eq(rp.cls, JE_WQ_CLASS_WORSE_V);
    cr_assert_str_eq(fmt_main(&rp, buf, sizeof buf), "ph");

    je_wq_sample q = blank();
    q.value[JE_WQ_NH3N] = 1.5;
    q.value[JE_WQ_TP] = 0.25;
    je_wq_result rq = classify(&q, JE_WATERBODY_RIVER);
    cr_assert_str_eq(fmt_main(&rq, buf, sizeof buf), "nh3n(0.5);tp(0.25)");
    /* A short buffer truncates but stays terminated. */
    char small[6];
    fmt_main(&rq, small, sizeof small);
    cr_assert_str_eq(small, "nh3n(");
}

/* 2011 method: 未检出按检出限一半参与计算 — a below-detection value enters at half. */
Test(gb3838_classify, below_detection_half_limit)
{
    je_wq_sample s = blank();
    s.value[JE_WQ_NH3N] = 1.2; /* the detection limit */
    s.bdl_mask = BIT(JE_WQ_NH3N);
    ASSERT_NEAR(je_wq_sample_assess_value(&s, JE_WQ_NH3N), 0.6, 0.0);
    je_wq_result r = classify(&s, JE_WATERBODY_RIVER);
    /* 0.6 is class III (0.5 < 0.6 ≤ 1.0); the detection limit itself would be IV. */
    cr_assert_eq(r.item_class[JE_WQ_NH3N], JE_WQ_CLASS_III, "nh3n class %d",
                 (int)r.item_class[JE_WQ_NH3N]);
    cr_assert_eq(r.cls, JE_WQ_CLASS_III);
    cr_assert_eq(r.multiple[JE_WQ_NH3N], 0.0);

    /* DL 0.8 → 0.4 → class II (the DL itself would be III). */
    je_wq_sample h = blank();
    h.value[JE_WQ_NH3N] = 0.8;
    h.bdl_mask = BIT(JE_WQ_NH3N);
    je_wq_result rh = classify(&h, JE_WATERBODY_RIVER);
    cr_assert_eq(rh.item_class[JE_WQ_NH3N], JE_WQ_CLASS_II, "nh3n class %d",
                 (int)rh.item_class[JE_WQ_NH3N]);
    cr_assert_eq(rh.cls, JE_WQ_CLASS_II);
    /* Only the flagged item is halved. */
    h.value[JE_WQ_CODMN] = 8.0;
    ASSERT_NEAR(je_wq_sample_assess_value(&h, JE_WQ_CODMN), 8.0, 0.0);

    /* Over class III even at half: the multiple uses the halved value. */
    je_wq_sample t = blank();
    t.value[JE_WQ_NH3N] = 3.0;
    t.bdl_mask = BIT(JE_WQ_NH3N);
    je_wq_result rt = classify(&t, JE_WATERBODY_RIVER);
    cr_assert_eq(rt.cls, JE_WQ_CLASS_IV);
    ASSERT_NEAR(rt.multiple[JE_WQ_NH3N], 0.5, 1e-12);
}

/* Header contract: invalid items are not used in assessment. */
Test(gb3838_classify, invalid_items_ignored)
{
    je_wq_sample s = blank();
    s.value[JE_WQ_NH3N] = 5.0;  /* 劣V, but flagged invalid */
    s.value[JE_WQ_CODMN] = 3.0; /* II */
    s.invalid_mask = BIT(JE_WQ_NH3N);
    ASSERT_NAN(je_wq_sample_assess_value(&s, JE_WQ_NH3N));
    je_wq_result r = classify(&s, JE_WATERBODY_RIVER);
    cr_assert_eq(r.cls, JE_WQ_CLASS_II, "cls %d", (int)r.cls);
    cr_assert_eq(r.item_class[JE_WQ_NH3N], JE_WQ_CLASS_NONE);
    ASSERT_NAN(r.multiple[JE_WQ_NH3N]);
    cr_assert_eq(r.n_assessed, 1u);
    cr_assert_eq(r.n_main, 0u);
}

Test(gb3838_classify, bad_arguments)
{
    je_wq_sample s = blank();
    je_wq_result r;
    je_error err;
    cr_assert_eq(je_gb3838_classify(NULL, JE_WATERBODY_RIVER, &r, &err), JE_EINVAL);
    cr_assert_eq(err.status, JE_EINVAL);
    cr_assert_eq(je_gb3838_classify(&s, JE_WATERBODY_RIVER, NULL, &err), JE_EINVAL);
    cr_assert_eq(je_gb3838_classify(&s, (je_waterbody)7, &r, &err), JE_EINVAL);
    cr_assert_eq(je_gb3838_classify(&s, (je_waterbody)7, &r, NULL), JE_EINVAL);
}

/* ---------------------------------------------------------------------------
 * Period means: 2011 method — a quarter or a year is the arithmetic mean of its
 * samples; 未检出按检出限一半参与计算.
 * ------------------------------------------------------------------------- */
Test(wq_mean, skips_nan_and_invalid)
{
    je_wq_sample s[3] = {blank(), blank(), blank()};
    s[0].value[JE_WQ_NH3N] = 0.2;
    s[1].value[JE_WQ_NH3N] = 0.4;
    s[1].value[JE_WQ_CODMN] = 3.0;
    s[2].value[JE_WQ_NH3N] = 9.0; /* invalid: skipped */
    s[2].invalid_mask = BIT(JE_WQ_NH3N);
    s[2].value[JE_WQ_CODMN] = 5.0;
    je_wq_sample m;
    je_error err;
    cr_assert_eq(je_wq_mean(s, 3, &m, &err), JE_OK);
    ASSERT_NEAR(m.value[JE_WQ_NH3N], 0.3, 1e-15);
    ASSERT_NEAR(m.value[JE_WQ_CODMN], 4.0, 1e-15);
    ASSERT_NAN(m.value[JE_WQ_TP]);
    cr_assert_eq(m.bdl_mask, 0u);
    cr_assert_eq(m.invalid_mask, 0u);
}

Test(wq_mean, half_detection_limit)
{
    je_wq_sample s[2] = {blank(), blank()};
    s[0].value[JE_WQ_NH3N] = 0.1; /* < DL 0.1 → 0.05 */
    s[0].bdl_mask = BIT(JE_WQ_NH3N);
    s[1].value[JE_WQ_NH3N] = 0.25;
    je_wq_sample m;
    cr_assert_eq(je_wq_mean(s, 2, &m, NULL), JE_OK);
    /* (0.05 + 0.25) / 2 = 0.15 → class I; counting the DL itself gives 0.175 → II. */
    ASSERT_NEAR(m.value[JE_WQ_NH3N], 0.15, 1e-15);
    cr_assert_eq(m.bdl_mask, 0u, "the mean is a plain value");
    cr_assert_eq(je_gb3838_item_class(JE_WQ_NH3N, m.value[JE_WQ_NH3N], JE_WATERBODY_RIVER),
                 JE_WQ_CLASS_I);
}

/* Header contract: the mean is rounded (12 significant digits) so binary noise of
 * the sum cannot cross a limit. (0.1 + 0.2)/2 is 0.15000000000000002 in doubles,
 * which would be NH3-N class II; the mean must be exactly 0.15, class I. */
Test(wq_mean, rounding_noise_does_not_cross_a_limit)
{
    volatile double a = 0.1, b = 0.2;
    cr_assert_neq((a + b) / 2.0, 0.15, "premise: raw mean carries noise");
    je_wq_sample s[2] = {blank(), blank()};
    s[0].value[JE_WQ_NH3N] = 0.1;
    s[1].value[JE_WQ_NH3N] = 0.2;
    je_wq_sample m;
    cr_assert_eq(je_wq_mean(s, 2, &m, NULL), JE_OK);
    cr_assert_eq(m.value[JE_WQ_NH3N], 0.15, "mean %.17g is not exactly 0.15", m.value[JE_WQ_NH3N]);
    je_wq_result r = classify(&m, JE_WATERBODY_RIVER);
    cr_assert_eq(r.cls, JE_WQ_CLASS_I, "cls %d", (int)r.cls);
}

Test(wq_mean, zero_samples_all_nan)
{
    je_wq_sample m;
    memset(&m, 0x5a, sizeof m);
    cr_assert_eq(je_wq_mean(NULL, 0, &m, NULL), JE_OK);
    for (int i = 0; i < JE_WQ_NITEMS; i++)
        ASSERT_NAN(m.value[i]);
    cr_assert_eq(m.bdl_mask, 0u);
    cr_assert_eq(m.invalid_mask, 0u);
    je_error err;
    cr_assert_eq(je_wq_mean(NULL, 2, &m, &err), JE_EINVAL);
    cr_assert_eq(je_wq_mean(&m, 1, NULL, &err), JE_EINVAL);
}

/* ---------------------------------------------------------------------------
 * Items, classes and units.
 * ------------------------------------------------------------------------- */
Test(wq_item, find_is_case_insensitive)
{
    je_wq_item it = JE_WQ_NITEMS;
    cr_assert_eq(je_wq_item_find("nh3n", 4, &it), JE_OK);
    cr_assert_eq(it, JE_WQ_NH3N);
    cr_assert_eq(je_wq_item_find("NH3N", 4, &it), JE_OK);
    cr_assert_eq(it, JE_WQ_NH3N);
    cr_assert_eq(je_wq_item_find("CodMn", 5, &it), JE_OK);
    cr_assert_eq(it, JE_WQ_CODMN);
    cr_assert_eq(je_wq_item_find("cod,x", 3, &it), JE_OK, "length bounds the code");
    cr_assert_eq(it, JE_WQ_COD);
    it = JE_WQ_PH;
    cr_assert_eq(je_wq_item_find("nh3", 3, &it), JE_ENOTFOUND);
    cr_assert_eq(je_wq_item_find("ammonia", 7, &it), JE_ENOTFOUND);
    cr_assert_eq(je_wq_item_find("", 0, &it), JE_ENOTFOUND);
    cr_assert_eq(it, JE_WQ_PH, "untouched on failure");
    for (int i = 0; i < JE_WQ_NITEMS; i++) {
        const char *code = je_wq_item_code((je_wq_item)i);
        cr_assert_not_null(code);
        cr_assert_eq(je_wq_item_find(code, strlen(code), &it), JE_OK, "%s", code);
        cr_assert_eq((int)it, i, "%s", code);
        cr_assert_not_null(je_wq_item_name_en((je_wq_item)i));
        cr_assert_not_null(je_wq_item_name_zh((je_wq_item)i));
    }
    cr_assert_null(je_wq_item_code(JE_WQ_NITEMS));
    cr_assert_str_eq(je_wq_item_unit(JE_WQ_PH), "");
    cr_assert_str_eq(je_wq_item_unit(JE_WQ_FCOLI), "count/L");
    cr_assert_str_eq(je_wq_item_unit(JE_WQ_NH3N), "mg/L");
}

Test(wq_class, parse_and_label)
{
    static const struct {
        const char *s;
        je_wq_class c;
    } ok[] = {
        {"I", JE_WQ_CLASS_I},   {"II", JE_WQ_CLASS_II},       {"III", JE_WQ_CLASS_III},
        {"IV", JE_WQ_CLASS_IV}, {"V", JE_WQ_CLASS_V},         {"iii", JE_WQ_CLASS_III},
        {"iv", JE_WQ_CLASS_IV}, {"劣V", JE_WQ_CLASS_WORSE_V}, {"6", JE_WQ_CLASS_WORSE_V},
        {"1", JE_WQ_CLASS_I},   {"5", JE_WQ_CLASS_V},
    };
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        je_wq_class c = JE_WQ_CLASS_NONE;
        cr_assert_eq(je_wq_class_parse(ok[k].s, strlen(ok[k].s), &c), JE_OK, "'%s'", ok[k].s);
        cr_assert_eq(c, ok[k].c, "'%s' → %d, expected %d", ok[k].s, (int)c, (int)ok[k].c);
    }
    static const char *const bad[] = {"", "0", "7", "VI", "IIII", "X", "劣", "III+"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        je_wq_class c = JE_WQ_CLASS_NONE;
        cr_assert_eq(je_wq_class_parse(bad[k], strlen(bad[k]), &c), JE_EINVAL, "'%s'", bad[k]);
    }
    je_wq_class c = JE_WQ_CLASS_NONE;
    cr_assert_eq(je_wq_class_parse("IIIx", 3, &c), JE_OK, "length bounds the text");
    cr_assert_eq(c, JE_WQ_CLASS_III);
    cr_assert_eq(je_wq_class_parse("IV", 1, &c), JE_OK);
    cr_assert_eq(c, JE_WQ_CLASS_I);
    /* labels round-trip */
    for (int k = JE_WQ_CLASS_I; k <= JE_WQ_CLASS_WORSE_V; k++) {
        const char *lab = je_wq_class_label((je_wq_class)k);
        cr_assert_eq(je_wq_class_parse(lab, strlen(lab), &c), JE_OK, "%s", lab);
        cr_assert_eq((int)c, k);
    }
    cr_assert_str_eq(je_wq_class_label(JE_WQ_CLASS_WORSE_V), "劣V");
    cr_assert_str_eq(je_wq_class_label(JE_WQ_CLASS_NONE), "-");
    cr_assert_str_eq(je_wq_class_label_en(JE_WQ_CLASS_WORSE_V), "worse than V");
}

/* Header contract: µg/L ÷ 1000 exactly rounded, so 150 µg/L equals the double 0.15
 * (a file's "0.15 mg/L") and sits on the NH3-N class I limit. */
Test(wq_unit, convert)
{
    double v = -1;
    je_error err;
    cr_assert_eq(je_wq_unit_convert(JE_WQ_NH3N, "ug/L", 4, 150.0, &v, &err), JE_OK);
    cr_assert_eq(v, 0.15, "150 ug/L → %.17g, expected exactly 0.15", v);
    cr_assert_eq(je_gb3838_item_class(JE_WQ_NH3N, v, JE_WATERBODY_RIVER), JE_WQ_CLASS_I);
    v = -1;
    const char *micro = "\xc2\xb5g/L"; /* U+00B5 MICRO SIGN */
    cr_assert_eq(je_wq_unit_convert(JE_WQ_NH3N, micro, strlen(micro), 150.0, &v, &err), JE_OK);
    cr_assert_eq(v, 0.15, "150 µg/L → %.17g", v);
    /* 9 × 0.001 is not 0.009 in doubles; 9 / 1000 is. */
    cr_assert_eq(je_wq_unit_convert(JE_WQ_CU, "ug/L", 4, 9.0, &v, &err), JE_OK);
    cr_assert_eq(v, 0.009, "9 ug/L → %.17g, expected exactly 0.009", v);
    cr_assert_eq(je_wq_unit_convert(JE_WQ_NH3N, "mg/L", 4, 0.15, &v, &err), JE_OK);
    cr_assert_eq(v, 0.15);
    cr_assert_eq(je_wq_unit_convert(JE_WQ_NH3N, "mg/l", 4, 1.5, &v, &err), JE_OK);
    cr_assert_eq(v, 1.5);
    cr_assert_eq(je_wq_unit_convert(JE_WQ_HG, "ng/L", 4, 50.0, &v, &err), JE_OK);
    cr_assert_eq(v, 0.00005, "50 ng/L → %.17g", v);
    cr_assert_eq(je_wq_unit_convert(JE_WQ_CODMN, "g/L", 3, 0.002, &v, &err), JE_OK);
    ASSERT_NEAR(v, 2.0, 1e-12);
    cr_assert_eq(je_wq_unit_convert(JE_WQ_FCOLI, "MPN/100mL", 9, 25.0, &v, &err), JE_OK);
    cr_assert_eq(v, 250.0, "25 MPN/100mL → %.17g count/L", v);
    cr_assert_eq(je_wq_unit_convert(JE_WQ_FCOLI, "count/L", 7, 2000.0, &v, &err), JE_OK);
    cr_assert_eq(v, 2000.0);
    cr_assert_eq(je_wq_unit_convert(JE_WQ_PH, "", 0, 7.2, &v, &err), JE_OK);
    cr_assert_eq(v, 7.2);

    v = 42.0;
    cr_assert_eq(je_wq_unit_convert(JE_WQ_NH3N, "furlongs", 8, 1.0, &v, &err), JE_EINVAL);
    cr_assert_eq(err.status, JE_EINVAL);
    cr_assert_eq(je_wq_unit_convert(JE_WQ_PH, "mg/L", 4, 7.0, &v, &err), JE_EINVAL);
    cr_assert_eq(je_wq_unit_convert(JE_WQ_NH3N, "MPN/100mL", 9, 1.0, &v, &err), JE_EINVAL);
    cr_assert_eq(je_wq_unit_convert(JE_WQ_FCOLI, "mg/L", 4, 1.0, &v, &err), JE_EINVAL);
    cr_assert_eq(v, 42.0, "untouched on failure");
}
