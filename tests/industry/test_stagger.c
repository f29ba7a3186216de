/* The stagger scheduler: known optima by enumeration, infeasibility with the binding
 * rule named, the checker catching each kind of violation, heuristic vs MILP,
 * alert re-plans keeping the past, baselines, and the rule-set parser. */
#include "jointenv/stagger.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RULES_FILE JE_SOURCE_DIR "/data/rules/stagger-chengyu-2023.json"

static je_stagger_rules file_rules(void)
{
    je_stagger_rules r;
    je_error e;
    cr_assert_eq(je_stagger_rules_load(RULES_FILE, &r, &e), JE_OK, "%s", e.message);
    return r;
}

/* Rules with only what a test switches on: base days per quarter b, min run 1, no
 * restart limit, no owed days, no balance rules, no alert duties. */
static je_stagger_rules bare_rules(double b)
{
    je_stagger_rules r;
    memset(&r, 0, sizeof r);
    snprintf(r.id, sizeof r.id, "bare");
    for (int q = 0; q < 4; q++)
        r.base_days_quarter[q] = b;
    for (int g = 0; g < JE_GRADE_COUNT; g++)
        r.grade_factor[g] = 1;
    r.min_run_days = 1;
    r.max_jur_stop_share = 1;
    r.fairness_tol = -1;
    return r;
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

static void fill_weights(double *w, size_t n, uint64_t seed)
{
    for (size_t k = 0; k < n; k++)
        w[k] = 1.0 + (double)(lcg(&seed) % 1000) / 10.0;
}

/* Weights as the plume engine makes them: a line factor (transfer × population ×
 * emission) times a day factor (dispersion: a slowly varying pollution potential)
 * with 10 % noise. */
static void season_weights(double *w, size_t L, size_t D, uint64_t seed)
{
    double day = 1;
    for (size_t d = 0; d < D; d++) {
        day = 0.7 * day + 0.3 * (0.5 + (double)(lcg(&seed) % 1000) / 500.0);
        for (size_t l = 0; l < L; l++) {
            double line = 1 + (double)((l * 7919) % 13);
            w[l * D + d] = line * day * (0.9 + (double)(lcg(&seed) % 200) / 1000.0);
        }
    }
}

static int64_t day_of(int y, int m, int d)
{
    return je_days_from_civil(y, m, d);
}

static size_t count_row(const uint8_t *row, size_t D)
{
    size_t n = 0;
    for (size_t d = 0; d < D; d++)
        n += row[d] != 0;
    return n;
}

static je_stagger_result plan(const je_stagger_problem *p, const je_stagger_rules *r,
                              je_stagger_solver solver)
{
    je_stagger_options o = {.solver = solver, .time_limit_s = 60, .diagnose = 1, .seed = 7};
    je_stagger_result res;
    je_error e;
    je_error_clear(&e);
    cr_assert_eq(je_stagger_plan(p, r, &o, &res, &e), JE_OK, "%s", e.message);
    return res;
}

/* ---- a small instance with its optimum by enumeration --------------------------- */

/* 3 lines × 10 days (2 Jan – 11 Jan 2023, Q1 of 90 days). Base 27 days per quarter
 * → quota round(27 × 10/90) = 3 days per line. One region, capacity 3 × 100 t/d,
 * demand 200 t/d: at most one line stopped per day. Minimum stop 2 days (a stop cut
 * by the horizon's end is exempt). */
#define SL 3
#define SD 10

typedef struct {
    je_stagger_line lines[SL];
    double w[SL * SD], demand[SD];
    je_stagger_problem p;
} small;

static void small_make(small *s, uint64_t seed)
{
    for (int l = 0; l < SL; l++)
        s->lines[l] = (je_stagger_line){.code = "L", .capacity_t_d = 100, .grade = JE_GRADE_B};
    fill_weights(s->w, SL * SD, seed);
    for (int d = 0; d < SD; d++)
        s->demand[d] = 200;
    s->p = (je_stagger_problem){.n_lines = SL,
                                .lines = s->lines,
                                .n_days = SD,
                                .first_day = day_of(2023, 1, 2),
                                .weight = s->w,
                                .n_jurisdictions = 1,
                                .n_regions = 1,
                                .demand_t_d = s->demand};
}

/* Rows of `days` days with exactly q stops whose stops (but one touching the last
 * day) last ≥ run days — the rules written out again, independently of the
 * library. */
static int valid_row_n(unsigned mask, int days, int q, int run)
{
    if (__builtin_popcount(mask) != q)
        return 0;
    for (int d = 0; d < days; d++) {
        if (!(mask >> d & 1) || (d > 0 && (mask >> (d - 1) & 1)))
            continue;
        int e = d;
        while (e + 1 < days && (mask >> (e + 1) & 1))
            e++;
        if (e + 1 < days && e - d + 1 < run)
            return 0;
    }
    return 1;
}

static int valid_row(unsigned mask)
{
    return valid_row_n(mask, SD, 3, 2);
}

static double enumerate_best(const small *s)
{
    unsigned rows[1024];
    int n = 0;
    for (unsigned m = 0; m < 1024; m++)
        if (valid_row(m))
            rows[n++] = m;
    double best = INFINITY, total = 0;
    for (int k = 0; k < SL * SD; k++)
        total += s->w[k];
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++) {
            if (rows[a] & rows[b])
                continue;
            for (int c = 0; c < n; c++) {
                if ((rows[a] | rows[b]) & rows[c])
                    continue;
                double avoided = 0;
                unsigned r3[3] = {rows[a], rows[b], rows[c]};
                for (int l = 0; l < SL; l++)
                    for (int d = 0; d < SD; d++)
                        if (r3[l] >> d & 1)
                            avoided += s->w[l * SD + d];
                if (total - avoided < best)
                    best = total - avoided;
            }
        }
    return best;
}

Test(stagger, small_instance_mip_matches_enumeration)
{
    for (uint64_t seed = 1; seed <= 3; seed++) {
        small s;
        small_make(&s, seed);
        je_stagger_rules r = bare_rules(27);
        r.min_run_days = 2;
        int q;
        cr_assert_eq(je_stagger_quota(&s.p, &r, 0, &q, NULL), JE_OK);
        cr_assert_eq(q, 3);
        double best = enumerate_best(&s);
        je_stagger_result res = plan(&s.p, &r, JE_STAGGER_MIP);
        cr_assert_eq(res.status, JE_STAGGER_OPTIMAL, "%s", res.message);
        cr_assert(fabs(res.exposure - best) < 1e-6, "seed %d: MIP %.6f, enumeration %.6f",
                  (int)seed, res.exposure, best);
        cr_assert(res.bound <= res.exposure + 1e-6);
        for (int l = 0; l < SL; l++)
            cr_assert_eq(count_row(res.stop + l * SD, SD), 3);
        je_stagger_result h = plan(&s.p, &r, JE_STAGGER_HEURISTIC);
        cr_assert_eq(h.status, JE_STAGGER_FEASIBLE, "%s", h.message);
        cr_assert(h.exposure >= best - 1e-6);
        cr_assert(h.exposure <= best * 1.05, "heuristic %.3f vs optimum %.3f", h.exposure, best);
        je_stagger_result_free(&res);
        je_stagger_result_free(&h);
    }
}

/* The heuristic's schedule is a best response for every line: with the other
 * lines' stops as they are, no valid row of the line (enumerated; the rules written
 * out again: exactly q stop days, every stop not touching the horizon's end at least
 * `run` days) that fits beside them stops more weight. 4 lines × 16 days, quota 5,
 * minimum stop 3, at most two lines stopped a day. The local search's last move
 * re-places each whole line by its exact DP, so a line that could do better alone
 * would have moved; moving one stop or one end day at a time cannot split a stop
 * around a full day. */
#define BL 4
#define BD 16

Test(stagger, heuristic_is_a_best_response_for_every_line)
{
    static unsigned rows[1u << BD];
    int n = 0;
    for (unsigned m = 0; m < 1u << BD; m++)
        if (valid_row_n(m, BD, 5, 3))
            rows[n++] = m;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        je_stagger_line lines[BL];
        double w[BL * BD], demand[BD];
        for (int l = 0; l < BL; l++)
            lines[l] = (je_stagger_line){.code = "L", .capacity_t_d = 100, .grade = JE_GRADE_B};
        fill_weights(w, BL * BD, seed);
        for (int d = 0; d < BD; d++)
            demand[d] = 200;
        je_stagger_problem p = {.n_lines = BL,
                                .lines = lines,
                                .n_days = BD,
                                .first_day = day_of(2023, 1, 2),
                                .weight = w,
                                .n_jurisdictions = 1,
                                .n_regions = 1,
                                .demand_t_d = demand};
        je_stagger_rules r = bare_rules(28); /* round(28 × 16/90) = 5 */
        r.min_run_days = 3;
        int q;
        cr_assert_eq(je_stagger_quota(&p, &r, 0, &q, NULL), JE_OK);
        cr_assert_eq(q, 5);
        je_stagger_result h = plan(&p, &r, JE_STAGGER_HEURISTIC);
        cr_assert_eq(h.status, JE_STAGGER_FEASIBLE, "%s", h.message);
        for (int l = 0; l < BL; l++) {
            int load[BD] = {0};
            double mine = 0;
            for (int k = 0; k < BL * BD; k++)
                if (h.stop[k] && k / BD != l)
                    load[k % BD]++;
            unsigned full = 0;
            for (int d = 0; d < BD; d++) {
                full |= (load[d] >= 2 ? 1u : 0u) << d;
                if (h.stop[l * BD + d])
                    mine += w[l * BD + d];
            }
            for (int a = 0; a < n; a++) {
                if (rows[a] & full)
                    continue;
                double x = 0;
                for (int d = 0; d < BD; d++)
                    if (rows[a] >> d & 1)
                        x += w[l * BD + d];
                cr_assert(x <= mine + 1e-9,
                          "seed %d line %d: row %#x stops %.3f beside the others, the "
                          "heuristic's %.3f",
                          (int)seed, l, rows[a], x, mine);
            }
        }
        je_stagger_result_free(&h);
    }
}

/* ---- infeasibility, with the binding rule named --------------------------------- */

static int has_binding(const je_stagger_result *r, je_stagger_rule rule)
{
    for (size_t i = 0; i < r->n_binding; i++)
        if (r->binding[i] == rule)
            return 1;
    return 0;
}

/* 3 lines × 3 days each need 9 stop-days but supply allows one line a day over 8
 * days: infeasible; dropping the quota or the supply rule fixes it. */
Test(stagger, infeasible_supply_names_the_rule)
{
    small s;
    small_make(&s, 1);
    s.p.n_days = 8;
    je_stagger_rules r = bare_rules(34); /* round(34 × 8/90) = 3 */
    je_stagger_result res = plan(&s.p, &r, JE_STAGGER_MIP);
    cr_assert_eq(res.status, JE_STAGGER_INFEASIBLE, "%s", res.message);
    cr_assert_null(res.stop);
    cr_assert(has_binding(&res, JE_STAGGER_RULE_SUPPLY_TOTAL), "%s", res.message);
    cr_assert(has_binding(&res, JE_STAGGER_RULE_QUARTER), "%s", res.message);
    cr_assert(!has_binding(&res, JE_STAGGER_RULE_MIN_RUN), "%s", res.message);
    cr_assert(strstr(res.message, "supply-total"), "%s", res.message);
    je_stagger_result h = plan(&s.p, &r, JE_STAGGER_HEURISTIC);
    cr_assert_eq(h.status, JE_STAGGER_NO_SOLUTION, "%s", h.message);
    je_stagger_result_free(&res);
}

/* Grade A lines stop 40 % of base: a jurisdiction of A lines cannot carry its
 * capacity share of stop days within a 5-point tolerance. */
Test(stagger, infeasible_fairness_names_the_rule)
{
    small s;
    small_make(&s, 2);
    for (int d = 0; d < SD; d++)
        s.demand[d] = 0;
    s.lines[0].grade = JE_GRADE_A;
    s.lines[1].jurisdiction = 1;
    s.lines[2].jurisdiction = 1;
    s.lines[0].capacity_t_d = 200; /* J0 has 50 % of capacity */
    s.p.n_jurisdictions = 2;
    je_stagger_rules r = bare_rules(45);
    r.grade_factor[JE_GRADE_A] = 0.4;
    r.fairness_tol = 0.05;
    je_stagger_result res = plan(&s.p, &r, JE_STAGGER_MIP);
    cr_assert_eq(res.status, JE_STAGGER_INFEASIBLE, "%s", res.message);
    cr_assert(has_binding(&res, JE_STAGGER_RULE_FAIRNESS), "%s", res.message);
    /* with voluntary extra days the A line can make up the share */
    r.max_extra_days = 5;
    je_stagger_result ok = plan(&s.p, &r, JE_STAGGER_MIP);
    cr_assert_eq(ok.status, JE_STAGGER_OPTIMAL, "%s", ok.message);
    je_stagger_result_free(&ok);
}

/* November's "≥ 5 before the 15th" cannot hold with 2 restarts a month, stops of at
 * least 3 days and at most one line stopped a day... per line it can; but a month
 * limit of 1 restart and a minimum stop of 6 days (> 14 − 5 + …) cannot both fit. */
Test(stagger, infeasible_kiln_rules_named)
{
    je_stagger_line lines[1] = {{.code = "K1", .capacity_t_d = 5000, .grade = JE_GRADE_B}};
    double w[30];
    fill_weights(w, 30, 5);
    je_stagger_problem p = {.n_lines = 1,
                            .lines = lines,
                            .n_days = 30,
                            .first_day = day_of(2023, 11, 1),
                            .weight = w,
                            .n_jurisdictions = 1,
                            .n_regions = 1};
    je_stagger_rules r = bare_rules(0);
    r.month_rules[0] = (je_stagger_month_rule){11, 10, 0, 15, 5};
    r.n_month_rules = 1;
    r.max_extra_days = 0; /* quota 0 from the quarter: at most 0 days — conflicts */
    je_stagger_result res = plan(&p, &r, JE_STAGGER_MIP);
    cr_assert_eq(res.status, JE_STAGGER_INFEASIBLE, "%s", res.message);
    cr_assert(has_binding(&res, JE_STAGGER_RULE_MAX_DAYS), "%s", res.message);
    r.max_extra_days = 12;
    r.min_run_days = 3;
    r.max_restarts_month = 1;
    je_stagger_result ok = plan(&p, &r, JE_STAGGER_MIP);
    cr_assert_eq(ok.status, JE_STAGGER_OPTIMAL, "%s", ok.message);
    /* one stop, ≥ 5 days before the 15th and ≥ 10 in the month, within 12 days */
    int n = 0, before = 0;
    for (int d = 0; d < 30; d++) {
        n += ok.stop[d];
        before += d < 14 && ok.stop[d];
    }
    cr_assert(n >= 10 && n <= 12 && before >= 5, "n %d before %d", n, before);
    je_stagger_result_free(&ok);
}

/* ---- the heuristic's construction: debts due first, days kept for later rules ---- */

/* 1 line × 61 days (1 Oct – 30 Nov 2023), shipped rules but no share rule (one
 * line): Q4's quota round(15 × 61/92) = 10 with no extra days, so all 10 stop days
 * must fall in November (the Nov 2024 notice: 10 days, ≥ 5 before the 15th), in
 * ≤ 2 stops of ≥ 3 days. October weighs 100 a day, November day k weighs k: a
 * greedy by weight spends the 10 days in October and then cannot meet November's
 * rule. The optimum: 10–14 Nov and 26–30 Nov (the heaviest days meeting both). */
Test(stagger, heuristic_keeps_days_for_later_rules)
{
    je_stagger_line lines[1] = {{.code = "B1", .capacity_t_d = 5000, .grade = JE_GRADE_B}};
    double w[61];
    for (int d = 0; d < 61; d++)
        w[d] = d < 31 ? 100 : d - 30;
    je_stagger_problem p = {.n_lines = 1,
                            .lines = lines,
                            .n_days = 61,
                            .first_day = day_of(2023, 10, 1),
                            .weight = w,
                            .n_jurisdictions = 1,
                            .n_regions = 1};
    je_stagger_rules r = file_rules();
    r.max_jur_stop_share = 1; /* one line: 60 % of its jurisdiction would forbid any stop */
    je_stagger_result h = plan(&p, &r, JE_STAGGER_HEURISTIC);
    cr_assert_eq(h.status, JE_STAGGER_FEASIBLE, "%s", h.message);
    for (int d = 0; d < 61; d++)
        cr_assert_eq(h.stop[d], (d >= 40 && d <= 44) || d >= 56, "day %d", d);
    je_stagger_result m = plan(&p, &r, JE_STAGGER_MIP);
    cr_assert_eq(m.status, JE_STAGGER_OPTIMAL, "%s", m.message);
    cr_assert(fabs(m.exposure - h.exposure) < 1e-9, "MIP %.9g, heuristic %.9g", m.exposure,
              h.exposure);
    je_stagger_result_free(&h);
    je_stagger_result_free(&m);
}

/* ---- the heuristic's repair: making room for a line --------------------------- */

/* 2 lines × 30 days (November 2023), one jurisdiction that may stop at most one line
 * a day (share 0.5 of 2 × 100 t/d); quota 0 plus 3 voluntary days each; stops of 3
 * days; November rule 3 days, all 3 before the 5th (days 0–3), scaled by the
 * multiplier: line 1 (grade B, ×1) owes 3 days of days 0–3, line 1 (grade A, ×0.4)
 * 1 day of them. Line 1 weighs more, so it is placed first and takes days 1–3 (its
 * heaviest); line 0 then fits nowhere (days 0–2 clash, a stop touching days 0–3 must
 * hold day 3 or 0–2). The only schedule: line 1 on days 0–2, line 0 on days 3–5 — a
 * construction without repair fails whichever line goes first (line 0 first takes
 * days 0–2, its heaviest, and line 1 cannot get 3 of days 0–3). */
Test(stagger, heuristic_repair_moves_a_placed_stop)
{
    je_stagger_line lines[2] = {
        {.code = "A0", .capacity_t_d = 100, .grade = JE_GRADE_A},
        {.code = "B1", .capacity_t_d = 100, .grade = JE_GRADE_B},
    };
    double w[2 * 30];
    for (int d = 0; d < 30; d++) {
        w[d] = d <= 2 ? 100 : 1;
        w[30 + d] = d >= 1 && d <= 3 ? 120 : 1;
    }
    je_stagger_problem p = {.n_lines = 2,
                            .lines = lines,
                            .n_days = 30,
                            .first_day = day_of(2023, 11, 1),
                            .weight = w,
                            .n_jurisdictions = 1,
                            .n_regions = 1};
    je_stagger_rules r = bare_rules(0);
    r.grade_factor[JE_GRADE_A] = 0.4;
    r.month_rules[0] = (je_stagger_month_rule){11, 3, 0, 5, 3};
    r.n_month_rules = 1;
    r.max_extra_days = 3;
    r.min_run_days = 3;
    r.max_jur_stop_share = 0.5;
    je_stagger_result h = plan(&p, &r, JE_STAGGER_HEURISTIC);
    cr_assert_eq(h.status, JE_STAGGER_FEASIBLE, "%s", h.message);
    cr_assert(strstr(h.message, "1 stop(s) moved"), "%s", h.message);
    for (int d = 0; d < 30; d++) {
        cr_assert_eq(h.stop[d], d >= 3 && d <= 5, "line A0 day %d", d);
        cr_assert_eq(h.stop[30 + d], d <= 2, "line B1 day %d", d);
    }
    /* it is the optimum: the MIP proves it */
    je_stagger_result m = plan(&p, &r, JE_STAGGER_MIP);
    cr_assert_eq(m.status, JE_STAGGER_OPTIMAL, "%s", m.message);
    cr_assert(fabs(m.exposure - h.exposure) < 1e-9, "MIP %.9g, heuristic %.9g", m.exposure,
              h.exposure);
    je_stagger_result_free(&h);
    je_stagger_result_free(&m);
}

/* ---- a season instance with every rule active ------------------------------------ */

#define QL 8
#define QD 92 /* 1 Oct – 31 Dec 2023 */

typedef struct {
    je_stagger_line lines[QL];
    double w[QL * QD], demand[2 * QD], imp[2];
    uint8_t alert[2 * QD];
    je_stagger_problem p;
    je_stagger_rules r;
} season;

static void season_make(season *s)
{
    static const struct {
        int jur, region, city;
        double cap;
        je_grade g;
        int msw;
    } spec[QL] = {{0, 0, 0, 5000, JE_GRADE_D, 0}, {0, 0, 0, 4000, JE_GRADE_C, 0},
                  {0, 0, 0, 4000, JE_GRADE_C, 0}, {0, 0, 1, 5000, JE_GRADE_B, 0},
                  {1, 1, 1, 6000, JE_GRADE_B, 0}, {1, 1, 1, 5000, JE_GRADE_A, 0},
                  {1, 1, 1, 4000, JE_GRADE_D, 0}, {1, 1, 1, 3000, JE_GRADE_B, 1}};
    static const char *codes[QL] = {"SC-D1", "SC-C1", "SC-C2", "SC-B1",
                                    "CQ-B1", "CQ-A1", "CQ-D1", "CQ-MSW"};
    memset(s, 0, sizeof *s);
    for (int l = 0; l < QL; l++)
        s->lines[l] = (je_stagger_line){.code = codes[l],
                                        .jurisdiction = spec[l].jur,
                                        .region = spec[l].region,
                                        .city = spec[l].city,
                                        .capacity_t_d = spec[l].cap,
                                        .grade = spec[l].g,
                                        .msw_coprocessing = spec[l].msw};
    season_weights(s->w, QL, QD, 11);
    for (int d = 0; d < QD; d++) {
        s->demand[d] = 8000;
        s->demand[QD + d] = 9000;
    }
    s->imp[0] = 4000;
    s->imp[1] = 3000;
    for (int d = 40; d <= 42; d++)
        s->alert[0 * QD + d] = JE_ALERT_YELLOW; /* city 0, 10–12 Nov */
    for (int d = 60; d <= 62; d++)
        s->alert[1 * QD + d] = JE_ALERT_ORANGE; /* city 1, 30 Nov – 2 Dec */
    s->p = (je_stagger_problem){.n_lines = QL,
                                .lines = s->lines,
                                .n_days = QD,
                                .first_day = day_of(2023, 10, 1),
                                .weight = s->w,
                                .n_jurisdictions = 2,
                                .n_regions = 2,
                                .demand_t_d = s->demand,
                                .import_cap_t_d = s->imp,
                                .n_cities = 2,
                                .alert = s->alert};
    s->r = file_rules();
    s->r.max_owed_days = 0; /* strict monthly settlement: month-end checks bind */
    s->r.fairness_tol = 0.2;
}

Test(stagger, season_quotas_follow_the_rules)
{
    season s;
    season_make(&s);
    int q;
    cr_assert_eq(je_stagger_quota(&s.p, &s.r, 0, &q, NULL), JE_OK);
    cr_assert_eq(q, 15); /* Q4 base 15, whole quarter */
    cr_assert_eq(je_stagger_quota(&s.p, &s.r, 5, &q, NULL), JE_OK);
    cr_assert_eq(q, 6); /* grade A: 0.4 × 15 */
    cr_assert_eq(je_stagger_quota(&s.p, &s.r, 7, &q, NULL), JE_OK);
    cr_assert_eq(q, 0); /* MSW co-processing: exempt */
    je_stagger_line half = s.lines[0];
    half.special_cement_share = 0.6;
    cr_assert_float_eq(je_stagger_multiplier(&s.r, &half), 0.5, 1e-12);
    half.special_cement_share = 1.0;
    cr_assert_float_eq(je_stagger_multiplier(&s.r, &half), 0.0, 1e-12);
    half.special_cement_share = 0;
    half.carbide_slag_only = 1;
    cr_assert_float_eq(je_stagger_multiplier(&s.r, &half), 0.0, 1e-12);
    /* a season of Nov–Mar: Q4 61/92 × 15 → 10, Q1 2024 (91 days) 45 */
    je_stagger_problem p = s.p;
    p.first_day = day_of(2023, 11, 1);
    p.n_days = 1; /* quota needs only the calendar */
    cr_assert_eq(je_stagger_quota(&p, &s.r, 0, &q, NULL), JE_OK);
    cr_assert_eq(q, 0); /* round(15 × 1/92) */
}

static je_stagger_result season_plan(season *s, je_stagger_solver solver)
{
    je_stagger_options o = {
        .solver = solver, .time_limit_s = 60, .rel_gap = 0.005, .seed = 7, .diagnose = 1};
    je_stagger_result res;
    je_error e;
    je_error_clear(&e);
    cr_assert_eq(je_stagger_plan(&s->p, &s->r, &o, &res, &e), JE_OK, "%s", e.message);
    cr_assert(res.status == JE_STAGGER_OPTIMAL || res.status == JE_STAGGER_FEASIBLE, "%s",
              res.message);
    return res;
}

static void expect_violation(season *s, const uint8_t *stop, je_stagger_rule rule)
{
    je_stagger_report rep;
    je_error e;
    cr_assert_eq(je_stagger_check(&s->p, &s->r, stop, 100000, &rep, &e), JE_OK, "%s", e.message);
    cr_assert(rep.by_rule[rule] > 0, "the checker missed a %s violation (%zu others)",
              je_stagger_rule_name(rule), rep.total);
    int found = 0;
    for (size_t i = 0; i < rep.count; i++)
        found |= rep.items[i].rule == rule &&
                 strstr(rep.items[i].message, je_stagger_rule_name(rule)) != NULL;
    cr_assert(found, "no message names %s", je_stagger_rule_name(rule));
    je_stagger_report_free(&rep);
}

Test(stagger, checker_catches_every_kind_of_violation)
{
    season s;
    season_make(&s);
    /* any feasible schedule will do; the heuristic finds one in milliseconds */
    je_stagger_result res = season_plan(&s, JE_STAGGER_HEURISTIC);
    size_t LD = QL * QD;
    uint8_t *x = malloc(LD), *base = res.stop;
    je_stagger_report rep;
    cr_assert_eq(je_stagger_check(&s.p, &s.r, base, 0, &rep, NULL), JE_OK);
    cr_assert_eq(rep.total, 0, "%s", rep.count ? rep.items[0].message : "");
    je_stagger_report_free(&rep);

    /* quarter, monthly, month rules: line SC-B1 (3) never stops */
    memcpy(x, base, LD);
    memset(x + 3 * QD, 0, QD);
    expect_violation(&s, x, JE_STAGGER_RULE_QUARTER);
    expect_violation(&s, x, JE_STAGGER_RULE_MONTHLY);
    expect_violation(&s, x, JE_STAGGER_RULE_MONTH_MIN);
    expect_violation(&s, x, JE_STAGGER_RULE_MONTH_BEFORE);
    /* max days: the exempt MSW line (7) stops a day */
    memcpy(x, base, LD);
    x[7 * QD + 5] = 1;
    expect_violation(&s, x, JE_STAGGER_RULE_MAX_DAYS);
    /* min run: a one-day stop in mid-season; restarts: 3 stops in October */
    memcpy(x, base, LD);
    memset(x + 3 * QD, 0, 31);
    x[3 * QD + 2] = x[3 * QD + 10] = x[3 * QD + 20] = 1;
    expect_violation(&s, x, JE_STAGGER_RULE_MIN_RUN);
    expect_violation(&s, x, JE_STAGGER_RULE_RESTARTS);
    /* supply and jurisdiction share: every line stopped on 20 Oct */
    memcpy(x, base, LD);
    for (int l = 0; l < QL; l++)
        x[l * QD + 19] = 1;
    expect_violation(&s, x, JE_STAGGER_RULE_SUPPLY_REGION);
    expect_violation(&s, x, JE_STAGGER_RULE_SUPPLY_TOTAL);
    expect_violation(&s, x, JE_STAGGER_RULE_JUR_SHARE);
    /* fairness: Sichuan's lines stop every day */
    memcpy(x, base, LD);
    memset(x, 1, 4 * QD);
    expect_violation(&s, x, JE_STAGGER_RULE_FAIRNESS);
    /* alert duties: D line 0 runs on its yellow day; C lines 1, 2 both run */
    memcpy(x, base, LD);
    x[0 * QD + 41] = 0;
    x[1 * QD + 41] = x[2 * QD + 41] = 0;
    expect_violation(&s, x, JE_STAGGER_RULE_ALERT_STOP);
    expect_violation(&s, x, JE_STAGGER_RULE_ALERT_HALF);
    /* fixed past: the first 10 days are fixed, the schedule changes day 3 */
    s.p.n_fixed_days = 10;
    s.p.fixed = base;
    memcpy(x, base, LD);
    x[4 * QD + 3] = !x[4 * QD + 3];
    expect_violation(&s, x, JE_STAGGER_RULE_FIXED);
    free(x);
    je_stagger_result_free(&res);
}

Test(stagger, season_plan_respects_duties_and_beats_baselines)
{
    season s;
    season_make(&s);
    je_stagger_result res = season_plan(&s, JE_STAGGER_MIP);
    cr_assert_eq(res.status, JE_STAGGER_OPTIMAL, "%s", res.message);
    for (int d = 40; d <= 42; d++) {
        cr_assert(res.stop[0 * QD + d], "D line runs on a yellow day");
        cr_assert(res.stop[1 * QD + d] + res.stop[2 * QD + d] >= 1, "no C line stopped");
    }
    for (int d = 60; d <= 62; d++)
        cr_assert(res.stop[6 * QD + d], "D line runs on an orange day");
    cr_assert_eq(count_row(res.stop + 7 * QD, QD), 0, "the exempt line stopped");
    cr_assert(res.gap <= 0.005, "gap %g", res.gap);
    for (int kind = 0; kind < 2; kind++) {
        uint8_t *b = NULL;
        cr_assert_eq(je_stagger_baseline(&s.p, &s.r, (je_stagger_baseline_kind)kind, 3, &b, NULL),
                     JE_OK);
        for (int l = 0; l < QL; l++) {
            int q;
            je_stagger_quota(&s.p, &s.r, (size_t)l, &q, NULL);
            cr_assert((int)count_row(b + l * QD, QD) >= q, "baseline line %d", l);
        }
        double ex = je_stagger_exposure(&s.p, &s.r, b);
        cr_assert(res.exposure <= ex + 1e-6, "optimum %.1f, baseline %d %.1f", res.exposure, kind,
                  ex);
        free(b);
    }
    je_stagger_result_free(&res);
}

Test(stagger, heuristic_close_to_mip)
{
    season s;
    season_make(&s);
    je_stagger_result mip = season_plan(&s, JE_STAGGER_MIP);
    je_stagger_result h = season_plan(&s, JE_STAGGER_HEURISTIC);
    cr_assert_eq(h.status, JE_STAGGER_FEASIBLE, "%s", h.message);
    double gap = (h.exposure - mip.bound) / h.exposure;
    double lost = (mip.avoided - h.avoided) / mip.avoided;
    cr_assert(gap <= 0.02, "heuristic exposure %.1f, MIP bound %.1f: gap %.2f %%", h.exposure,
              mip.bound, 100 * gap);
    cr_assert(lost <= 0.10, "heuristic avoids %.1f, MIP %.1f (%.1f %% less)", h.avoided,
              mip.avoided, 100 * lost);
    je_stagger_result_free(&mip);
    je_stagger_result_free(&h);
}

Test(stagger, alert_replan_keeps_the_past)
{
    season s;
    season_make(&s);
    /* With strict monthly settlement this alert makes the season infeasible (CQ-A1
     * cannot fit a 3-day stop into 27–29 Oct beside CQ-B1's stops within the
     * jurisdiction share); the shipped 5 owed days make it feasible. */
    s.r.max_owed_days = 5;
    je_stagger_result first = season_plan(&s, JE_STAGGER_MIP);
    /* 25 days later a red alert is issued for city 1 on days 30–33 (31 Oct – 3 Nov) */
    s.p.n_fixed_days = 25;
    s.p.fixed = first.stop;
    for (int d = 30; d <= 33; d++)
        s.alert[1 * QD + d] = JE_ALERT_RED;
    for (int solver = 0; solver < 2; solver++) {
        je_stagger_result re = season_plan(&s, (je_stagger_solver)solver);
        cr_assert(memcmp(re.stop, first.stop, 25) == 0);
        for (int l = 0; l < QL; l++) {
            cr_assert(memcmp(re.stop + l * QD, first.stop + l * QD, 25) == 0, "line %d's past", l);
            if (s.lines[l].city == 1 &&
                (s.lines[l].grade == JE_GRADE_B || s.lines[l].grade == JE_GRADE_D))
                for (int d = 30; d <= 33; d++)
                    cr_assert(re.stop[l * QD + d], "line %s runs on a red day", s.lines[l].code);
            int q;
            je_stagger_quota(&s.p, &s.r, (size_t)l, &q, NULL);
            size_t n = count_row(re.stop + l * QD, QD);
            if (l != 7)
                cr_assert((int)n >= q, "line %d: %zu stop days, quota %d", l, n, q);
        }
        je_stagger_result_free(&re);
    }
    je_stagger_result_free(&first);
}

/* ---- rule sets -------------------------------------------------------------------- */

Test(stagger, shipped_rule_set_parses)
{
    je_stagger_rules r = file_rules();
    cr_assert_str_eq(r.id, "stagger-chengyu-2023");
    double base[4] = {45, 30, 40, 15};
    for (int q = 0; q < 4; q++)
        cr_assert_float_eq(r.base_days_quarter[q], base[q], 1e-12);
    cr_assert_float_eq(r.grade_factor[JE_GRADE_A], 0.4, 1e-12);
    cr_assert_eq(r.n_month_rules, 1);
    cr_assert_eq(r.month_rules[0].month, 11);
    cr_assert_eq(r.month_rules[0].before_day, 15);
    cr_assert_eq(r.duty[JE_GRADE_B][JE_ALERT_ORANGE], JE_DUTY_CUT);
    cr_assert_float_eq(r.cut_share[JE_GRADE_B][JE_ALERT_ORANGE], 0.2, 1e-12);
    cr_assert_eq(r.duty[JE_GRADE_C][JE_ALERT_YELLOW], JE_DUTY_STOP_HALF);
    cr_assert_eq(r.duty[JE_GRADE_D][JE_ALERT_BLUE], JE_DUTY_STOP);
    cr_assert_eq(r.duty[JE_GRADE_A][JE_ALERT_RED], JE_DUTY_NONE);
}

static void expect_parse_error(const char *from, const char *to, const char *field,
                               const char *words)
{
    FILE *f = fopen(RULES_FILE, "rb");
    cr_assert_not_null(f);
    static char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    char *at = strstr(text, from);
    cr_assert_not_null(at, "fixture text '%s' not found", from);
    static char out[65536];
    size_t pre = (size_t)(at - text);
    snprintf(out, sizeof out, "%.*s%s%s", (int)pre, text, to, at + strlen(from));
    je_stagger_rules r;
    je_error e;
    je_error_clear(&e);
    cr_assert_eq(je_stagger_rules_parse(out, strlen(out), "t.json", &r, &e), JE_EDATA,
                 "accepted: %s → %s", from, to);
    cr_assert_str_eq(e.path, "t.json");
    if (field)
        cr_assert_str_eq(e.field, field, "%s", e.message);
    cr_assert(strstr(e.message, words), "message: %s", e.message);
}

Test(stagger, rule_set_errors_name_the_member)
{
    expect_parse_error("\"min_run_days\": 3", "\"min_run_days\": 0", "kiln.min_run_days",
                       "between");
    expect_parse_error("\"min_run_days\": 3", "\"min_run_days\": 2.5", "kiln.min_run_days",
                       "whole");
    expect_parse_error("\"min_run_days\": 3", "\"min_run_dayz\": 3", "kiln.min_run_dayz",
                       "not a known member");
    expect_parse_error("[45, 30, 40, 15]", "[45, 30, 40]", "quota.base_days_quarter", "4 numbers");
    expect_parse_error("\"A\": 0.4", "\"A\": \"0.4\"", "multipliers.grade.A", "number");
    expect_parse_error("\"carry_over\": true", "\"carry_over\": 1", "settlement.carry_over",
                       "true or false");
    expect_parse_error("\"red\": \"stop\", \"cut_share\": 0.2", "\"red\": \"halt\"",
                       "alert_duties.B.red", "\"stop\"");
    expect_parse_error(", \"cut_share\": 0.2", "", "alert_duties.B", "cut_share");
    expect_parse_error("\"month\": 11", "\"month\": 13", "month_rules[0].month", "between");
    expect_parse_error("\"min_days_before\": 5", "\"min_days_before\": 15", "month_rules[0]",
                       "more days before");
    expect_parse_error("\"kiln\": {", "\"kiln2\": {", "kiln2", "not a known member");
    expect_parse_error("\"id\": \"stagger-chengyu-2023\",", "", "id", "non-empty string");
    /* invalid JSON: the location is reported */
    je_stagger_rules r;
    je_error e;
    cr_assert_eq(je_stagger_rules_parse("{\n  \"id\": ,\n}", 13, "bad.json", &r, &e), JE_EDATA);
    cr_assert_eq(e.line, 2, "%s", e.message);
    cr_assert_eq(je_stagger_rules_load("/nonexistent/rules.json", &r, &e), JE_EIO);
}

Test(stagger, rejects_malformed_problems)
{
    small s;
    small_make(&s, 1);
    je_stagger_rules r = bare_rules(27);
    je_stagger_result res;
    je_error e;
    s.lines[1].region = 3;
    cr_assert_eq(je_stagger_plan(&s.p, &r, NULL, &res, &e), JE_EINVAL);
    cr_assert(strstr(e.message, "line 1"), "%s", e.message);
    s.lines[1].region = 0;
    s.w[4] = -1;
    cr_assert_eq(je_stagger_plan(&s.p, &r, NULL, &res, &e), JE_EINVAL);
    s.w[4] = 1;
    r.min_run_days = 0;
    cr_assert_eq(je_stagger_plan(&s.p, &r, NULL, &res, &e), JE_EINVAL);
    cr_assert_str_eq(je_stagger_rule_name(JE_STAGGER_RULE_ALERT_HALF), "alert-half");
    cr_assert_str_eq(je_stagger_status_name(JE_STAGGER_INFEASIBLE), "infeasible");
    je_grade g;
    cr_assert_eq(je_grade_parse("c", &g, NULL), JE_OK);
    cr_assert_eq(g, JE_GRADE_C);
    cr_assert_eq(je_grade_parse("E", &g, NULL), JE_EINVAL);
}

/* A MIP started from a schedule and stopped by a short time limit: the path on which
 * CBC 2.10.8 crashed (SIGSEGV in CglPreProcess::postProcess; reproduced by
 * `bench_stagger bench/out --mip-s 3`, fixed in src/solver/cbc.c by solving such
 * models without preprocessing). This instance did not crash even before the fix under
 * ASan (timing-dependent); it checks the path returns a checked schedule no worse
 * than its start. */
Test(stagger, mip_from_a_start_with_a_short_time_limit)
{
    season s;
    season_make(&s);
    je_stagger_result h = season_plan(&s, JE_STAGGER_HEURISTIC);
    cr_assert_not_null(h.stop);
    je_stagger_options o = {.solver = JE_STAGGER_MIP,
                            .time_limit_s = 2,
                            .rel_gap = 0.005,
                            .threads = 2,
                            .seed = 7,
                            .start = h.stop};
    je_stagger_result m;
    je_error e;
    je_error_clear(&e);
    cr_assert_eq(je_stagger_plan(&s.p, &s.r, &o, &m, &e), JE_OK, "%s", e.message);
    cr_assert(m.status == JE_STAGGER_OPTIMAL || m.status == JE_STAGGER_FEASIBLE, "%s", m.message);
    cr_assert_not_null(m.stop);
    cr_assert(m.exposure <= h.exposure * (1 + 1e-9), "MIP %.17g worse than its start %.17g",
              m.exposure, h.exposure);
    je_stagger_result_free(&m);
    je_stagger_result_free(&h);
}

/* je_stagger_tally_of by hand: line 0 (grade B, city 0, Sichuan) stops days 1 and 2,
 * day 1 an orange alert (B's duty: cut 20 %, so the stop avoids 0.8 of the day);
 * line 1 (grade B, no alert area, Chongqing) stops day 0. Weights 1 2 3 / 4 5 6,
 * rates (g/s) PM SO2 NOx 1 2 3 / 10 0 0. Sichuan: exposure 1, avoided 2×0.8 + 3 =
 * 4.6, PM 1 × 86,400 × 1.8 / 10⁶ = 0.15552 t (SO2 twice, NOx three times that);
 * Chongqing: exposure 11, avoided 4, PM 0.864 t; all: 12, 8.6, 1.01952 t. */
Test(stagger, tally_by_jurisdiction_with_a_cut_day)
{
    je_stagger_rules r = file_rules();
    je_stagger_line lines[2] = {
        {.code = "SC", .capacity_t_d = 100, .grade = JE_GRADE_B, .jurisdiction = 0, .city = 0},
        {.code = "CQ", .capacity_t_d = 100, .grade = JE_GRADE_B, .jurisdiction = 1, .city = -1}};
    double w[6] = {1, 2, 3, 4, 5, 6};
    const double rates[6] = {1, 2, 3, 10, 0, 0};
    uint8_t alert[3] = {0, JE_ALERT_ORANGE, 0};
    const uint8_t stop[6] = {0, 1, 1, 1, 0, 0};
    je_stagger_problem p = {.n_lines = 2,
                            .lines = lines,
                            .n_days = 3,
                            .first_day = day_of(2023, 1, 2),
                            .weight = w,
                            .n_jurisdictions = 2,
                            .n_regions = 1,
                            .n_cities = 1,
                            .alert = alert};
    cr_assert_float_eq(je_stagger_output_factor(&p, &r, 0, 1), 0.8, 1e-12);
    cr_assert_float_eq(je_stagger_output_factor(&p, &r, 1, 1), 1.0, 1e-12);
    static const struct {
        int jur;
        long days;
        double exposure, avoided, pm, so2, nox;
    } want[3] = {{0, 2, 1, 4.6, 0.15552, 0.31104, 0.46656},
                 {1, 1, 11, 4, 0.864, 0, 0},
                 {-1, 3, 12, 8.6, 1.01952, 0.31104, 0.46656}};
    for (int i = 0; i < 3; i++) {
        je_stagger_tally y;
        je_stagger_tally_of(&p, &r, stop, rates, want[i].jur, &y);
        cr_expect_eq(y.stop_days, want[i].days, "jurisdiction %d", want[i].jur);
        cr_expect_float_eq(y.exposure, want[i].exposure, 1e-9, "jurisdiction %d", want[i].jur);
        cr_expect_float_eq(y.avoided, want[i].avoided, 1e-9, "jurisdiction %d", want[i].jur);
        cr_expect_float_eq(y.emissions_t[0], want[i].pm, 1e-9, "jurisdiction %d", want[i].jur);
        cr_expect_float_eq(y.emissions_t[1], want[i].so2, 1e-9, "jurisdiction %d", want[i].jur);
        cr_expect_float_eq(y.emissions_t[2], want[i].nox, 1e-9, "jurisdiction %d", want[i].jur);
    }
    /* all lines' exposure is the objective je_stagger_exposure reports */
    cr_expect_float_eq(je_stagger_exposure(&p, &r, stop), 12, 1e-9);
    je_stagger_tally y;
    je_stagger_tally_of(&p, &r, stop, NULL, -1, &y);
    cr_expect_eq(y.emissions_t[0], 0, "no rates, no tonnes");
}
