/* Ecological compensation engines on hand-computed cases (standards.md §5):
 * target-and-trend (Chongqing 2018, ±100万元/month), p-index (Xin'an River,
 * P = k0 × Σ k_i C_i/C_i0), pool-share (Chishui River, pool 2亿元, parts 1:5:4 in,
 * 3:4:3 out), exceedance × flow × unit price (generic template). Every branch's
 * direction of payment, fen rounding, bad agreements (JSON path, line:column, reason).
 * Class limits: GB 3838-2002 Table 1 (CODMn III 6 mg/L, NH3-N III 1.0, TP III 0.2). */
#include "jointenv/compensation.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SC "510000"
#define CQ "500000"
#define YEAR 2022

static je_comp_agreement parse_ok(const char *json)
{
    je_comp_agreement a;
    je_error err;
    je_error_clear(&err);
    je_status st = je_comp_agreement_parse(json, strlen(json), "test.json", &a, &err);
    cr_assert_eq(st, JE_OK, "parse: %s (line %ld col %ld)", err.message, err.line, err.column);
    return a;
}

/* src with the first `from` replaced by `to`, in one of 4 rotating buffers. */
static char *replace(const char *src, const char *from, const char *to)
{
    static char buf[4][4096];
    static int k;
    char *b = buf[k++ % 4];
    const char *p = strstr(src, from);
    cr_assert(p != NULL, "fixture lacks '%s'", from);
    snprintf(b, sizeof buf[0], "%.*s%s%s", (int)(p - src), src, to, p + strlen(from));
    return b;
}

static je_comp_input input(const char *code, int month, je_wq_class target)
{
    je_comp_input x;
    memset(&x, 0, sizeof x);
    snprintf(x.section, sizeof x.section, "%s", code);
    snprintf(x.upstream, sizeof x.upstream, "%s", SC);
    snprintf(x.downstream, sizeof x.downstream, "%s", CQ);
    x.waterbody = JE_WATERBODY_RIVER;
    x.target = target;
    x.year = YEAR;
    x.month = month;
    x.n_samples = 1;
    x.flow_m3_s = NAN;
    for (int i = 0; i < JE_COMP_MAX_ITEMS; i++)
        x.conc_mg_l[i] = x.prev_conc_mg_l[i] = NAN;
    return x;
}

static je_comp_result settle_ok(const je_comp_agreement *a, const je_comp_input *in, size_t n)
{
    je_comp_result r;
    je_error err;
    je_status st = je_comp_settle(a, in, n, &r, &err);
    cr_assert_eq(st, JE_OK, "settle: %s", err.message);
    return r;
}

static void expect_line(const je_comp_line *l, const char *outcome, const char *payer,
                        const char *payee, int64_t fen)
{
    cr_expect_str_eq(l->outcome, outcome, "%s %d: outcome %s, expected %s", l->section, l->month,
                     l->outcome, outcome);
    cr_expect_str_eq(l->payer, payer, "%s %s: payer '%s', expected '%s'", l->section, outcome,
                     l->payer, payer);
    cr_expect_str_eq(l->payee, payee, "%s %s: payee '%s', expected '%s'", l->section, outcome,
                     l->payee, payee);
    cr_expect_eq(l->amount_fen, fen, "%s %s: %lld fen, expected %lld", l->section, outcome,
                 (long long)l->amount_fen, (long long)fen);
}

/* ------------------------------------------------------------------------- */
/* target-and-trend                                                            */

static const char TT[] =
    "{\"id\": \"tt\", \"rule\": \"target-and-trend\", \"period\": {\"from\": 2018, \"to\": 2030},\n"
    " \"parties\": [\"510000\", \"500000\"], \"sections\": \"all-boundary\",\n"
    " \"target_and_trend\": {\"trend\": \"same-month-previous-year\",\n"
    "  \"met_improved\": {\"payer\": \"downstream\", \"amount_yuan\": 1000000, \"clause\": \"c1\","
    " \"provenance\": \"official\"},\n"
    "  \"met_same\": {\"payer\": \"none\", \"amount_yuan\": 0, \"clause\": \"c2\","
    " \"provenance\": \"illustrative\"},\n"
    "  \"met_worse\": {\"payer\": \"upstream\", \"amount_yuan\": 1000000, \"clause\": \"c3\","
    " \"provenance\": \"official\"},\n"
    "  \"failed\": {\"payer\": \"upstream\", \"amount_yuan\": 1500000.50, \"clause\": \"c4\","
    " \"provenance\": \"illustrative\"}}}\n";

Test(comp_target_trend, every_branch_pays_the_right_way)
{
    je_comp_agreement a = parse_ok(TT);
    je_comp_input in[5];
    /* target III: II after III improved; II after I worse; II after II same; IV failed
       (whatever the trend); no class at all */
    in[0] = input("S1", 1, JE_WQ_CLASS_III);
    in[0].cls = JE_WQ_CLASS_II;
    in[0].prev_cls = JE_WQ_CLASS_III;
    in[1] = input("S1", 2, JE_WQ_CLASS_III);
    in[1].cls = JE_WQ_CLASS_II;
    in[1].prev_cls = JE_WQ_CLASS_I;
    in[2] = input("S1", 3, JE_WQ_CLASS_III);
    in[2].cls = JE_WQ_CLASS_II;
    in[2].prev_cls = JE_WQ_CLASS_II;
    in[3] = input("S1", 4, JE_WQ_CLASS_III);
    in[3].cls = JE_WQ_CLASS_IV;
    in[3].prev_cls = JE_WQ_CLASS_V;
    in[4] = input("S1", 5, JE_WQ_CLASS_III);
    je_comp_result r = settle_ok(&a, in, 5);
    cr_assert_eq(r.n, 5);
    expect_line(&r.lines[0], "met-improved", CQ, SC, 100000000); /* 100万元 = 10^8 fen */
    expect_line(&r.lines[1], "met-worse", SC, CQ, 100000000);
    expect_line(&r.lines[2], "met-same", "", "", 0);
    expect_line(&r.lines[3], "failed", SC, CQ, 150000050); /* 1 500 000.50 yuan */
    expect_line(&r.lines[4], "no-data", "", "", 0);
    cr_expect_str_eq(r.lines[0].clause, "c1");
    cr_expect_str_eq(r.lines[3].clause, "c4");
    cr_expect(strstr(r.lines[0].formula, "class II meets target III") != NULL, "%s",
              r.lines[0].formula);
    /* pairs: 500000 < 510000; +: 500000 pays. 10^8 − 10^8 − 150000050 */
    je_comp_pair *p;
    size_t np;
    je_error err;
    cr_assert_eq(je_comp_pairs(&r, &p, &np, &err), JE_OK);
    cr_assert_eq(np, 1);
    cr_expect_str_eq(p[0].a, CQ);
    cr_expect_str_eq(p[0].b, SC);
    cr_expect_eq(p[0].net_fen, -150000050, "net %lld", (long long)p[0].net_fen);
    free(p);
    je_comp_result_free(&r);
    je_comp_agreement_free(&a);
}

Test(comp_target_trend, indicators_decide_the_class_when_listed)
{
    /* with indicators [nh3n]: NH3-N 0.8 is III (≤ 1.0), last year 1.2 was IV: met and
       improved although the whole-sample class says IV */
    je_comp_agreement a =
        parse_ok(replace(TT, "\"sections\"", "\"indicators\": [\"nh3n\"], \"sections\""));
    cr_assert_eq(a.n_items, 1);
    je_comp_input x = input("S1", 7, JE_WQ_CLASS_III);
    x.cls = JE_WQ_CLASS_IV;
    x.prev_cls = JE_WQ_CLASS_IV;
    x.conc_mg_l[0] = 0.8;
    x.prev_conc_mg_l[0] = 1.2;
    je_comp_result r = settle_ok(&a, &x, 1);
    expect_line(&r.lines[0], "met-improved", CQ, SC, 100000000);
    je_comp_result_free(&r);
    je_comp_agreement_free(&a);
}

Test(comp_target_trend, a_month_is_required)
{
    je_comp_agreement a = parse_ok(TT);
    je_comp_input x = input("S1", 0, JE_WQ_CLASS_III);
    je_comp_result r;
    je_error err;
    cr_expect_eq(je_comp_settle(&a, &x, 1, &r, &err), JE_EINVAL);
    cr_expect(strstr(err.message, "settles by month") != NULL, "%s", err.message);
    x.month = 1;
    x.year = 2031;
    cr_expect_eq(je_comp_settle(&a, &x, 1, &r, &err), JE_EINVAL);
    cr_expect(strstr(err.message, "2018-2030") != NULL, "%s", err.message);
    je_comp_agreement_free(&a);
}

/* ------------------------------------------------------------------------- */
/* p-index                                                                     */

static const char PI[] =
    "{\"id\": \"pi\", \"rule\": \"p-index\", \"period\": {\"from\": 2012, \"to\": 2030},\n"
    " \"parties\": [\"510000\", \"500000\"], \"indicators\": [\"codmn\", \"nh3n\", \"tn\", "
    "\"tp\"],\n"
    " \"sections\": [{\"code\": \"S1\", \"upstream\": \"510000\", \"downstream\": \"500000\",\n"
    "   \"baseline_mg_l\": {\"codmn\": 2.0, \"nh3n\": 0.4, \"tn\": 1.2, \"tp\": 0.05}}],\n"
    " \"p_index\": {\"k0\": 0.85, \"weights\": {\"codmn\": 0.25, \"nh3n\": 0.25, \"tn\": 0.25,"
    " \"tp\": 0.25},\n"
    "  \"amount_yuan\": 100000000, \"provenance\": \"official-unverified\",\n"
    "  \"p_le1\": {\"payer\": \"downstream\", \"clause\": \"le\", \"provenance\": \"official\"},\n"
    "  \"p_gt1\": {\"payer\": \"upstream\", \"clause\": \"gt\", \"provenance\": \"official\"}}}\n";

static je_comp_input pindex_input(double f_codmn, double f_nh3n, double f_tn, double f_tp)
{
    je_comp_input x = input("S1", 0, JE_WQ_CLASS_III);
    x.conc_mg_l[0] = 2.0 * f_codmn;
    x.conc_mg_l[1] = 0.4 * f_nh3n;
    x.conc_mg_l[2] = 1.2 * f_tn;
    x.conc_mg_l[3] = 0.05 * f_tp;
    return x;
}

Test(comp_pindex, p_at_most_one_downstream_pays_above_one_upstream_pays)
{
    je_comp_agreement a = parse_ok(PI);
    je_comp_input in[3];
    /* at the baseline: P = 0.85 × 0.25 × 4 = 0.85 ≤ 1 */
    in[0] = pindex_input(1, 1, 1, 1);
    /* ratios 1.2, 1.4, 1.0, 1.2: Σ 0.25 × 4.8 = 1.2, P = 1.02 > 1 */
    in[1] = pindex_input(1.2, 1.4, 1.0, 1.2);
    /* ratios 1, 1, 1, 1.6: Σ = 1.15, P = 0.9775 ≤ 1 */
    in[2] = pindex_input(1, 1, 1, 1.6);
    je_comp_result r = settle_ok(&a, in, 3);
    cr_assert_eq(r.n, 3);
    expect_line(&r.lines[0], "p<=1", CQ, SC, 10000000000); /* 1亿元 = 10^10 fen */
    expect_line(&r.lines[1], "p>1", SC, CQ, 10000000000);
    expect_line(&r.lines[2], "p<=1", CQ, SC, 10000000000);
    cr_expect_float_eq(r.lines[0].value, 0.85, 1e-12, "P = %.17g", r.lines[0].value);
    cr_expect_float_eq(r.lines[1].value, 1.02, 1e-12, "P = %.17g", r.lines[1].value);
    cr_expect_float_eq(r.lines[2].value, 0.9775, 1e-12, "P = %.17g", r.lines[2].value);
    cr_expect_str_eq(r.lines[1].clause, "gt");
    cr_expect(strstr(r.lines[1].formula, "= 1.020000 > 1") != NULL, "%s", r.lines[1].formula);
    je_comp_result_free(&r);
    je_comp_agreement_free(&a);
}

Test(comp_pindex, p_exactly_one_is_the_p_le1_branch)
{
    /* k0 = 1 at the baseline: P = 0.25 × (1 + 1 + 1 + 1) = 1 exactly ("P ≤ 1") */
    char json[sizeof PI];
    snprintf(json, sizeof json, "%s", PI);
    memcpy(strstr(json, "0.85"), "1.00", 4);
    je_comp_agreement a = parse_ok(json);
    /* ratios 1.1, 0.9, 1.3, 0.7 also sum to 4 (binary noise must not tip it over) */
    je_comp_input in[2] = {pindex_input(1, 1, 1, 1), pindex_input(1.1, 0.9, 1.3, 0.7)};
    je_comp_result r = settle_ok(&a, in, 2);
    expect_line(&r.lines[0], "p<=1", CQ, SC, 10000000000);
    expect_line(&r.lines[1], "p<=1", CQ, SC, 10000000000);
    je_comp_result_free(&r);
    je_comp_agreement_free(&a);
}

Test(comp_pindex, a_missing_mean_settles_nothing)
{
    je_comp_agreement a = parse_ok(PI);
    je_comp_input x = pindex_input(1, 1, 1, 1);
    x.conc_mg_l[2] = NAN;
    je_comp_result r = settle_ok(&a, &x, 1);
    expect_line(&r.lines[0], "no-data", "", "", 0);
    cr_expect(strstr(r.lines[0].formula, "tn") != NULL, "%s", r.lines[0].formula);
    je_comp_result_free(&r);
    je_comp_agreement_free(&a);
}

/* ------------------------------------------------------------------------- */
/* pool-share (Chishui)                                                        */

static const char POOL_FMT[] =
    "{\"id\": \"pool\", \"rule\": \"pool-share\", \"period\": {\"from\": 2018, \"to\": 2030},\n"
    " \"parties\": [\"530000\", \"520000\", \"510000\"], \"indicators\": [\"codmn\", \"nh3n\", "
    "\"tp\"],\n"
    " \"sections\": [\n"
    "  {\"code\": \"QSP\", \"upstream\": \"530000\", \"downstream\": \"520000\", \"target\": "
    "\"II\",\n"
    "   \"forfeit_percent\": 100, \"clause\": \"qsp\", \"beneficiaries\": [{\"party\": \"520000\","
    " \"parts\": 1}, {\"party\": \"510000\", \"parts\": 1}]},\n"
    "  {\"code\": \"LYX\", \"upstream\": \"520000\", \"downstream\": \"510000\", \"target\": "
    "\"II\",\n"
    "   \"forfeit_percent\": 100, \"clause\": \"lyx\", \"beneficiaries\": [{\"party\": \"510000\","
    " \"parts\": 1}]}],\n"
    " \"pool_share\": {\"amount_yuan\": %s, \"contribution_parts\": [%s], \"allocation_parts\": "
    "[%s],\n"
    "  \"clause\": \"pool\", \"provenance\": \"official\"}}\n";

static je_comp_agreement pool_agreement(const char *amount, const char *in, const char *out)
{
    char json[2048];
    snprintf(json, sizeof json, POOL_FMT, amount, in, out);
    return parse_ok(json);
}

/* Class II: CODMn ≤ 4, NH3-N ≤ 0.5, TP ≤ 0.1 (GB 3838 Table 1). */
static je_comp_input pool_input(const char *code, const char *up, const char *down, int pass)
{
    je_comp_input x = input(code, 0, JE_WQ_CLASS_II);
    snprintf(x.upstream, sizeof x.upstream, "%s", up);
    snprintf(x.downstream, sizeof x.downstream, "%s", down);
    x.conc_mg_l[0] = 3.0;
    x.conc_mg_l[1] = pass ? 0.4 : 0.6;
    x.conc_mg_l[2] = 0.08;
    return x;
}

Test(comp_pool_share, chishui_split_and_a_failed_reach)
{
    /* pool 2亿: contributions 1:5:4 = 2000万, 1亿, 8000万; allocations 3:4:3 = 6000万,
       8000万, 6000万. Bases: Yunnan +4000万 from the pool, Guizhou and Sichuan −2000万
       each to it. 清水铺 fails (NH3-N 0.6 > 0.5, class III vs II): Yunnan's 6000万 goes
       3000万 to Guizhou and 3000万 to Sichuan. 鲢鱼溪 meets. */
    je_comp_agreement a = pool_agreement("200000000", "1, 5, 4", "3, 4, 3");
    je_comp_input in[2] = {pool_input("QSP", "530000", "520000", 0),
                           pool_input("LYX", "520000", "510000", 1)};
    je_comp_result r = settle_ok(&a, in, 2);
    cr_assert_eq(r.n, 6, "%zu lines", r.n);
    expect_line(&r.lines[0], "pool-base", JE_COMP_POOL, "530000", 4000000000);
    expect_line(&r.lines[1], "pool-base", "520000", JE_COMP_POOL, 2000000000);
    expect_line(&r.lines[2], "pool-base", "510000", JE_COMP_POOL, 2000000000);
    expect_line(&r.lines[3], "forfeit", "530000", "520000", 3000000000);
    expect_line(&r.lines[4], "forfeit", "530000", "510000", 3000000000);
    expect_line(&r.lines[5], "met", "", "", 0);
    /* money is conserved: the pool nets to zero and every party's net is its final
       allocation minus its contribution (Yunnan 0 − 2000万 = −2000万) */
    je_comp_pair *p;
    size_t np;
    je_error err;
    cr_assert_eq(je_comp_pairs(&r, &p, &np, &err), JE_OK);
    int64_t pool = 0, yunnan = 0;
    for (size_t i = 0; i < np; i++) {
        if (strcmp(p[i].b, JE_COMP_POOL) == 0)
            pool += p[i].net_fen;
        if (strcmp(p[i].a, "530000") == 0)
            yunnan -= p[i].net_fen;
        if (strcmp(p[i].b, "530000") == 0)
            yunnan += p[i].net_fen;
    }
    cr_expect_eq(pool, 0, "pool nets to %lld", (long long)pool);
    cr_expect_eq(yunnan, -2000000000, "Yunnan nets %lld", (long long)yunnan);
    free(p);
    je_comp_result_free(&r);
    je_comp_agreement_free(&a);
}

Test(comp_pool_share, upstream_of_second_reach_pays_when_it_fails)
{
    je_comp_agreement a = pool_agreement("200000000", "1, 5, 4", "3, 4, 3");
    je_comp_input in[2] = {pool_input("QSP", "530000", "520000", 1),
                           pool_input("LYX", "520000", "510000", 0)};
    je_comp_result r = settle_ok(&a, in, 2);
    cr_assert_eq(r.n, 5, "%zu lines", r.n);
    expect_line(&r.lines[3], "met", "", "", 0);
    expect_line(&r.lines[4], "forfeit", "520000", "510000", 8000000000); /* Guizhou's 8000万 */
    je_comp_result_free(&r);
    je_comp_agreement_free(&a);
}

Test(comp_pool_share, parts_round_half_away_and_add_up_to_the_pool)
{
    /* 100.00 yuan = 10 000 fen in thirds: 3333, 3333, and the last takes 3334. The first
       party's 3333 forfeited 1:1 → 1666.5 rounds away from zero to 1667, the last
       beneficiary takes the remaining 1666. */
    je_comp_agreement a = pool_agreement("100", "1, 1, 1", "1, 1, 1");
    je_comp_input in[1] = {pool_input("QSP", "530000", "520000", 0)};
    je_comp_result r = settle_ok(&a, in, 1);
    cr_assert_eq(r.n, 5);
    for (int j = 0; j < 3; j++)
        cr_expect_eq(r.lines[j].amount_fen, 0, "base %d: %lld", j,
                     (long long)r.lines[j].amount_fen);
    expect_line(&r.lines[3], "forfeit", "530000", "520000", 1667);
    expect_line(&r.lines[4], "forfeit", "530000", "510000", 1666);
    je_comp_result_free(&r);
    je_comp_agreement_free(&a);
}

/* ------------------------------------------------------------------------- */
/* exceedance × flow × unit price                                              */

static const char EX[] =
    "{\"id\": \"ex\", \"rule\": \"exceedance-price\", \"period\": {\"from\": 2020, \"to\": 2030},\n"
    " \"parties\": [\"510000\", \"500000\"], \"indicators\": [\"codmn\", \"nh3n\", \"tp\"],\n"
    " \"sections\": \"all-boundary\",\n"
    " \"exceedance_price\": {\"payer\": \"upstream\", \"clause\": \"ex\", \"provenance\": "
    "\"illustrative\",\n"
    "  \"unit_price_yuan_per_t\": {\"codmn\": 1500, \"nh3n\": 10000, \"tp\": 0.01}}}\n";

Test(comp_exceedance, march_volume_times_excess_times_price)
{
    je_comp_agreement a = parse_ok(EX);
    /* 2022-03, 100 m³/s: Q = 100 × 31 × 86 400 = 267 840 000 m³. Target III: CODMn 7
       vs 6 → 1 g/m³ × Q / 10^6 = 267.84 t × 1500 yuan = 401 760 yuan; NH3-N 0.8 and TP
       0.15 within their III limits (1.0, 0.2) → 0. Upstream pays 40 176 000 fen. */
    je_comp_input x = input("S1", 3, JE_WQ_CLASS_III);
    x.flow_m3_s = 100;
    x.conc_mg_l[0] = 7;
    x.conc_mg_l[1] = 0.8;
    x.conc_mg_l[2] = 0.15;
    je_comp_input y = x; /* all within: nothing paid */
    y.month = 4;
    y.conc_mg_l[0] = 5.9;
    je_comp_input z = x; /* no flow: no data */
    z.month = 5;
    z.flow_m3_s = NAN;
    je_comp_input in[3] = {x, y, z};
    je_comp_result r = settle_ok(&a, in, 3);
    expect_line(&r.lines[0], "exceeded", SC, CQ, 40176000);
    cr_expect_float_eq(r.lines[0].value, 267.84, 1e-9, "%.17g t", r.lines[0].value);
    expect_line(&r.lines[1], "within", "", "", 0);
    expect_line(&r.lines[2], "no-data", "", "", 0);
    cr_expect(strstr(r.lines[0].formula, "267840000 m3") != NULL ||
                  strstr(r.lines[0].formula, "2.6784e+08 m3") != NULL,
              "%s", r.lines[0].formula);
    je_comp_result_free(&r);
    je_comp_agreement_free(&a);
}

Test(comp_exceedance, half_a_fen_rounds_away_from_zero_once)
{
    /* TP at 0.01 yuan/t = 1 fen/t; TP 0.3 vs III 0.2 → 0.1 g/m³ over a volume of
       25 000 000 m³ (flow 25e6 / (30 × 86400) m³/s in April) = 2.5 t → 2.5 fen, which is
       3 fen after rounding (the double is 2.4999…: rounding to 12 digits first). */
    je_comp_agreement a = parse_ok(EX);
    je_comp_input x = input("S1", 4, JE_WQ_CLASS_III);
    x.flow_m3_s = 25e6 / (30 * 86400.0);
    x.conc_mg_l[0] = 1;
    x.conc_mg_l[1] = 0.1;
    x.conc_mg_l[2] = 0.3;
    je_comp_result r = settle_ok(&a, &x, 1);
    expect_line(&r.lines[0], "exceeded", SC, CQ, 3);
    je_comp_result_free(&r);
    je_comp_agreement_free(&a);
}

Test(comp_money, rounding_and_formatting)
{
    cr_expect_eq(je_comp_round_fen(2.5), 3);
    cr_expect_eq(je_comp_round_fen(-2.5), -3);
    cr_expect_eq(je_comp_round_fen(2.4999999999999996), 3); /* binary noise of 2.5 */
    cr_expect_eq(je_comp_round_fen(2.49), 2);
    cr_expect_eq(je_comp_round_fen(0), 0);
    char b[32];
    cr_expect_str_eq(je_comp_format_yuan(150000050, b, sizeof b), "1500000.50");
    cr_expect_str_eq(je_comp_format_yuan(-5, b, sizeof b), "-0.05");
    cr_expect_str_eq(je_comp_format_yuan(0, b, sizeof b), "0.00");
    cr_expect_eq(je_comp_days_in_month(2024, 2), 29);
    cr_expect_eq(je_comp_days_in_month(2100, 2), 28);
}

Test(comp_canonical, same_inputs_same_bytes)
{
    je_comp_agreement a = parse_ok(EX);
    je_comp_input x = input("S1", 3, JE_WQ_CLASS_III);
    x.flow_m3_s = 100;
    x.conc_mg_l[0] = 7;
    x.conc_mg_l[1] = 0.8;
    x.conc_mg_l[2] = 0.15;
    char *t1, *t2, *o1, *o2;
    size_t n1, n2, m1, m2;
    je_error err;
    cr_assert_eq(je_comp_inputs_canonical(&a, &x, 1, &t1, &n1, &err), JE_OK);
    cr_assert_eq(je_comp_inputs_canonical(&a, &x, 1, &t2, &n2, &err), JE_OK);
    cr_expect(n1 == n2 && memcmp(t1, t2, n1) == 0);
    cr_expect(
        strstr(t1,
               "S1\t2022-03\t510000\t500000\triver\tIII\t1\t-\t-\t100\t7\t0.80000000000000004") !=
            NULL,
        "%s", t1);
    je_comp_result r1 = settle_ok(&a, &x, 1), r2 = settle_ok(&a, &x, 1);
    cr_assert_eq(je_comp_result_canonical(&r1, &o1, &m1, &err), JE_OK);
    cr_assert_eq(je_comp_result_canonical(&r2, &o2, &m2, &err), JE_OK);
    cr_expect(m1 == m2 && memcmp(o1, o2, m1) == 0);
    x.conc_mg_l[0] = 7.5; /* a changed sample changes the input bytes */
    free(t2);
    cr_assert_eq(je_comp_inputs_canonical(&a, &x, 1, &t2, &n2, &err), JE_OK);
    cr_expect(n1 != n2 || memcmp(t1, t2, n1) != 0);
    free(t1);
    free(t2);
    free(o1);
    free(o2);
    je_comp_result_free(&r1);
    je_comp_result_free(&r2);
    je_comp_agreement_free(&a);
}

/* ------------------------------------------------------------------------- */
/* Bad agreements: JSON path, line:column, reason                              */

static void expect_bad(const char *json, const char *field, long line, long col, const char *reason)
{
    je_comp_agreement a;
    je_error err;
    je_error_clear(&err);
    je_status st = je_comp_agreement_parse(json, strlen(json), "bad.json", &a, &err);
    cr_assert_eq(st, JE_EDATA, "accepted a bad agreement (expected %s)", reason);
    cr_expect_str_eq(err.path, "bad.json");
    if (field)
        cr_expect_str_eq(err.field, field, "field %s, expected %s (%s)", err.field, field,
                         err.message);
    cr_expect(strstr(err.message, reason) != NULL, "message '%s' lacks '%s'", err.message, reason);
    cr_expect_eq(err.line, line, "line %ld, expected %ld (%s)", err.line, line, err.message);
    if (col)
        cr_expect_eq(err.column, col, "column %ld, expected %ld (%s)", err.column, col,
                     err.message);
}

Test(comp_agreement, bad_files_name_path_position_and_reason)
{
    /* k0 as a string: line 5, column of the value */
    const char *j = replace(PI, "\"k0\": 0.85", "\"k0\": \"0.85\"");
    expect_bad(j, "$.p_index.k0", 5, 20, "must be a number");
    /* an unknown member */
    j = replace(PI, "\"amount_yuan\": 100000000", "\"amount_yuan\": 100000000, \"bonus\": 1");
    expect_bad(j, "$.p_index.bonus", 6, 38, "is not a known member");
    /* a missing baseline of one indicator: located at the baseline object (line 4) */
    j = replace(PI, ", \"tp\": 0.05}", "}");
    expect_bad(j, "$.sections[0].baseline_mg_l", 4, 21, "is missing indicator \"tp\"");
    /* an unknown item code */
    j = replace(EX, "\"tp\"]", "\"tpx\"]");
    expect_bad(j, "$.indicators[2]", 2, 0, "is not a GB 3838 item code");
    /* a payer that is not a direction */
    j = replace(TT, "\"payer\": \"downstream\"", "\"payer\": \"Chongqing\"");
    expect_bad(j, "$.target_and_trend.met_improved.payer", 4, 0, "must be \"upstream\"");
    /* a missing branch: located at the block */
    j = replace(TT, "\"trend\": \"same-month-previous-year\",", "");
    expect_bad(replace(j, "\"met_same\"", "\"met_same_x\""), "$.target_and_trend.met_same_x", 5, 0,
               "is not a known member");
    /* fen: three decimals */
    j = replace(TT, "1500000.50", "1500000.505");
    expect_bad(j, "$.target_and_trend.failed.amount_yuan", 7, 0, "more than two decimals");
    /* provenance missing on a rule block */
    j = replace(EX, ", \"provenance\": \"illustrative\"", "");
    expect_bad(j, "$.exceedance_price", 4, 0, "needs a \"provenance\"");
    /* a beneficiary that is not a party */
    char pool[2048];
    snprintf(pool, sizeof pool, POOL_FMT, "1", "1,1,1", "1,1,1");
    j = replace(pool, "{\"party\": \"510000\", \"parts\": 1}]}]",
                "{\"party\": \"440000\", "
                "\"parts\": 1}]}]");
    expect_bad(j, "$.sections[1].beneficiaries[0].party", 7, 0, "not one of the agreement's");
    /* parts not one per party */
    j = replace(pool, "\"contribution_parts\": [1,1,1]", "\"contribution_parts\": [1,1]");
    expect_bad(j, "$.pool_share.contribution_parts", 8, 0, "one per party");
    /* a block of another rule type */
    j = replace(TT, "\"sections\"", "\"p_index\": {}, \"sections\"");
    expect_bad(j, "$.p_index", 2, 0, "does not belong");
    /* syntax errors: jansson's position */
    expect_bad("{\"id\": \"x\",\n \"rule\": }", NULL, 2, 10, "invalid JSON");
}

Test(comp_agreement, pool_and_pindex_need_listed_sections)
{
    const char *j = replace(PI,
                            "\"sections\": [{\"code\": \"S1\", \"upstream\": \"510000\", "
                            "\"downstream\": \"500000\",\n   \"baseline_mg_l\": {\"codmn\": "
                            "2.0, \"nh3n\": 0.4, \"tn\": 1.2, \"tp\": 0.05}}]",
                            "\"sections\": \"all-boundary\"");
    expect_bad(j, "$.sections", 3, 14, "must list the sections");
}

Test(comp_agreement, shipped_agreements_parse)
{
    static const char *const files[] = {
        "compensation-chongqing-2018.json",      "compensation-xinan-pindex.json",
        "compensation-pindex-chengyu-demo.json", "compensation-chishui-pool.json",
        "compensation-pool-chengyu-demo.json",   "compensation-exceedance-price-demo.json"};
    static const je_comp_rule_type types[] = {JE_COMP_TARGET_TREND, JE_COMP_PINDEX,
                                              JE_COMP_PINDEX,       JE_COMP_POOL_SHARE,
                                              JE_COMP_POOL_SHARE,   JE_COMP_EXCEEDANCE_PRICE};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512], sha[65];
        snprintf(path, sizeof path, "%s/data/rules/%s", JE_SOURCE_DIR, files[i]);
        je_comp_agreement a;
        je_error err;
        je_error_clear(&err);
        cr_assert_eq(je_comp_agreement_load(path, &a, sha, &err), JE_OK, "%s:%ld:%ld: %s", files[i],
                     err.line, err.column, err.message);
        cr_expect_eq(a.type, types[i], "%s", files[i]);
        cr_expect_eq(strlen(sha), 64);
        je_comp_agreement_free(&a);
    }
    /* the Chishui numbers as the reference gives them (standards.md §5.1) */
    char path[512];
    snprintf(path, sizeof path, "%s/data/rules/compensation-chishui-pool.json", JE_SOURCE_DIR);
    je_comp_agreement a;
    je_error err;
    cr_assert_eq(je_comp_agreement_load(path, &a, NULL, &err), JE_OK);
    cr_expect_eq(a.pool_fen, 20000000000);
    cr_expect(a.contribution_parts[0] == 1 && a.contribution_parts[1] == 5 &&
              a.contribution_parts[2] == 4);
    cr_expect(a.allocation_parts[0] == 3 && a.allocation_parts[1] == 4 &&
              a.allocation_parts[2] == 3);
    je_comp_agreement_free(&a);
}
