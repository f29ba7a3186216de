/* The stagger scheduler's newer rules (issue 4): the transfer network between market
 * regions, heating-duty lines making up their days outside the heating season, the
 * deep-treatment A relief, and the transport duties of alert days. Each rule gets a
 * hand-made instance with its optimum by enumeration (written out here, apart from
 * the library), an infeasible instance whose binding rule must be named, and a
 * corrupted schedule the checker must catch. */
#include "jointenv/stagger.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RULES_FILE JE_SOURCE_DIR "/data/rules/stagger-chengyu-2023.json"

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

static void fill_weights(double *w, size_t n, uint64_t seed)
{
    for (size_t k = 0; k < n; k++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        w[k] = 1.0 + (double)((seed >> 33) % 1000) / 10.0;
    }
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

static int has_binding(const je_stagger_result *r, je_stagger_rule rule)
{
    for (size_t i = 0; i < r->n_binding; i++)
        if (r->binding[i] == rule)
            return 1;
    return 0;
}

static size_t violations(const je_stagger_problem *p, const je_stagger_rules *r, const uint8_t *x,
                         je_stagger_rule rule, char *first, size_t size)
{
    je_stagger_report rep;
    je_error e;
    cr_assert_eq(je_stagger_check(p, r, x, 0, &rep, &e), JE_OK, "%s", e.message);
    size_t n = rep.by_rule[rule];
    if (first) {
        first[0] = '\0';
        for (size_t k = 0; k < rep.count; k++)
            if (rep.items[k].rule == rule) {
                snprintf(first, size, "%s", rep.items[k].message);
                break;
            }
    }
    je_stagger_report_free(&rep);
    return n;
}

/* ---- the transfer network -------------------------------------------------------- */

/* 3 lines of 100 t/d × 6 days (2–7 Jan 2023), each owing 2 days (round(30 × 6/90)).
 * Region N has lines 0 and 1 and needs 100 t/d; region S has line 2 and needs 50 t/d.
 * With the arc N → S of 50 t/d: line 2 may stop only when N runs both lines (200 =
 * 100 own + 50 shipped + 50 spare... N must keep 150 running: no N stop that day);
 * N's lines may not stop together. So exactly one line stops each day: the optimum
 * is the best assignment of the 6 days to the lines, 2 each (enumerated below). */
#define NL 3
#define ND 6

typedef struct {
    je_stagger_line lines[NL];
    double w[NL * ND], demand[2 * ND];
    je_stagger_arc arcs[2];
    const char *names[2];
    je_stagger_problem p;
} net;

static void net_make(net *s, uint64_t seed, double arc_cap)
{
    for (int l = 0; l < NL; l++)
        s->lines[l] = (je_stagger_line){
            .code = l == 0   ? "N1"
                    : l == 1 ? "N2"
                             : "S1",
            .capacity_t_d = 100,
            .grade = JE_GRADE_B,
            .region = l < 2 ? 0 : 1,
        };
    fill_weights(s->w, NL * ND, seed);
    for (int d = 0; d < ND; d++) {
        s->demand[d] = 100;
        s->demand[ND + d] = 50;
    }
    s->arcs[0] = (je_stagger_arc){0, 1, arc_cap};
    s->names[0] = "N";
    s->names[1] = "S";
    s->p = (je_stagger_problem){.n_lines = NL,
                                .lines = s->lines,
                                .n_days = ND,
                                .first_day = je_days_from_civil(2023, 1, 2),
                                .weight = s->w,
                                .n_jurisdictions = 1,
                                .n_regions = 2,
                                .demand_t_d = s->demand,
                                .n_arcs = 1,
                                .arcs = s->arcs,
                                .region_names = s->names};
}

/* Every assignment of one line per day with 2 days each: the least exposure. */
static double net_optimum(const net *s)
{
    double best = INFINITY, total = 0;
    for (int k = 0; k < NL * ND; k++)
        total += s->w[k];
    int a[ND];
    for (int code = 0; code < 729; code++) { /* 3^6 */
        int c = code, n[NL] = {0, 0, 0};
        for (int d = 0; d < ND; d++) {
            a[d] = c % 3;
            c /= 3;
            n[a[d]]++;
        }
        if (n[0] != 2 || n[1] != 2 || n[2] != 2)
            continue;
        double avoided = 0;
        for (int d = 0; d < ND; d++)
            avoided += s->w[a[d] * ND + d];
        best = fmin(best, total - avoided);
    }
    return best;
}

Test(stagger_network, optimum_through_a_transfer_arc)
{
    je_stagger_rules r = bare_rules(30);
    for (uint64_t seed = 1; seed <= 3; seed++) {
        net s;
        net_make(&s, seed, 50);
        double best = net_optimum(&s);
        je_stagger_result m = plan(&s.p, &r, JE_STAGGER_MIP);
        cr_assert_eq(m.status, JE_STAGGER_OPTIMAL, "%s", m.message);
        cr_assert(fabs(m.exposure - best) < 1e-6, "seed %d: MIP %.6f, enumeration %.6f", (int)seed,
                  m.exposure, best);
        for (int d = 0; d < ND; d++)
            cr_assert_eq(m.stop[d] + m.stop[ND + d] + m.stop[2 * ND + d], 1, "day %d", d);
        je_stagger_result h = plan(&s.p, &r, JE_STAGGER_HEURISTIC);
        cr_assert_eq(h.status, JE_STAGGER_FEASIBLE, "%s", h.message);
        cr_assert(h.exposure >= best - 1e-6 && h.exposure <= best * 1.05,
                  "heuristic %.3f vs optimum %.3f", h.exposure, best);
        je_stagger_result_free(&m);
        je_stagger_result_free(&h);
    }
}

/* The import-cap model is the network's special case through a hub: S may import 50
 * t/d from anywhere — here the same schedules, so the same optimum. */
Test(stagger_network, import_caps_are_the_special_case)
{
    je_stagger_rules r = bare_rules(30);
    net s;
    net_make(&s, 2, 50);
    double best = net_optimum(&s);
    double caps[2] = {0, 50};
    s.p.n_arcs = 0;
    s.p.arcs = NULL;
    s.p.import_cap_t_d = caps;
    je_stagger_result m = plan(&s.p, &r, JE_STAGGER_MIP);
    cr_assert_eq(m.status, JE_STAGGER_OPTIMAL, "%s", m.message);
    cr_assert(fabs(m.exposure - best) < 1e-6, "MIP %.6f, enumeration %.6f", m.exposure, best);
    je_stagger_result_free(&m);
    /* both at once is a mistake, named */
    s.p.n_arcs = 1;
    s.p.arcs = s.arcs;
    je_stagger_options o = {.solver = JE_STAGGER_HEURISTIC};
    je_stagger_result res;
    je_error e;
    cr_assert_eq(je_stagger_plan(&s.p, &r, &o, &res, &e), JE_EINVAL);
    cr_assert(strstr(e.message, "not both"), "%s", e.message);
}

/* The arc is one way and too small: S's line cannot stop on any day (S needs 50, the
 * arc brings 49), so its quota fails, with the transfer rule named. */
Test(stagger_network, infeasible_names_the_transfer_rule)
{
    je_stagger_rules r = bare_rules(30);
    net s;
    net_make(&s, 1, 49);
    je_stagger_result m = plan(&s.p, &r, JE_STAGGER_MIP);
    cr_assert_eq(m.status, JE_STAGGER_INFEASIBLE, "%s", m.message);
    cr_assert(has_binding(&m, JE_STAGGER_RULE_SUPPLY_TRANSFER), "%s", m.message);
    cr_assert(has_binding(&m, JE_STAGGER_RULE_QUARTER), "%s", m.message);
    cr_assert(!has_binding(&m, JE_STAGGER_RULE_MIN_RUN), "%s", m.message);
    cr_assert(strstr(m.message, "supply-transfer"), "%s", m.message);
    je_stagger_result h = plan(&s.p, &r, JE_STAGGER_HEURISTIC);
    cr_assert_eq(h.status, JE_STAGGER_NO_SOLUTION, "%s", h.message);
    /* reversed (S → N) it does not help S at all */
    s.arcs[0] = (je_stagger_arc){1, 0, 1000};
    je_stagger_result m2 = plan(&s.p, &r, JE_STAGGER_MIP);
    cr_assert_eq(m2.status, JE_STAGGER_INFEASIBLE, "%s", m2.message);
}

/* Three regions in a chain A → B → C (arcs 60 and 60): C's demand reaches it through
 * B. The checker must see the cut around {B, C} and name both regions, and must not
 * flag a schedule that ships A's surplus on through B. */
Test(stagger_network, checker_finds_the_short_cut_set)
{
    je_stagger_line lines[3];
    const char *codes[3] = {"A1", "B1", "C1"};
    for (int l = 0; l < 3; l++)
        lines[l] = (je_stagger_line){.code = codes[l], .capacity_t_d = 100, .region = l};
    double w[3 * 4], demand[3 * 4];
    fill_weights(w, 12, 5);
    for (int d = 0; d < 4; d++) {
        demand[d] = 40;      /* A: 60 spare */
        demand[4 + d] = 100; /* B: needs all its own */
        demand[8 + d] = 60;  /* C */
    }
    je_stagger_arc arcs[2] = {{0, 1, 60}, {1, 2, 60}};
    const char *names[3] = {"A", "B", "C"};
    je_stagger_problem p = {.n_lines = 3,
                            .lines = lines,
                            .n_days = 4,
                            .first_day = je_days_from_civil(2023, 1, 2),
                            .weight = w,
                            .n_jurisdictions = 1,
                            .n_regions = 3,
                            .demand_t_d = demand,
                            .n_arcs = 2,
                            .arcs = arcs,
                            .region_names = names};
    je_stagger_rules r = bare_rules(0);
    uint8_t x[12] = {0};
    x[8] = 1; /* C stops day 0: A's 60 spare go A → B → C */
    char msg[200];
    cr_assert_eq(violations(&p, &r, x, JE_STAGGER_RULE_SUPPLY_TRANSFER, msg, sizeof msg), 0, "%s",
                 msg);
    x[4] = 1; /* and B stops too: {B, C} need 160, the arc into them brings 60 */
    cr_assert_eq(violations(&p, &r, x, JE_STAGGER_RULE_SUPPLY_TRANSFER, msg, sizeof msg), 1);
    cr_assert(strstr(msg, "B+C short by 100"), "%s", msg);
    cr_assert(strstr(msg, "2023-01-02"), "%s", msg);
    /* the old rules are not reported beside it */
    cr_assert_eq(violations(&p, &r, x, JE_STAGGER_RULE_SUPPLY_REGION, NULL, 0), 0);
    cr_assert_eq(violations(&p, &r, x, JE_STAGGER_RULE_SUPPLY_TOTAL, NULL, 0), 0);
    /* with the second arc at 59, C's own stop is 1 t/d short */
    arcs[1].cap_t_d = 59;
    x[4] = 0;
    cr_assert_eq(violations(&p, &r, x, JE_STAGGER_RULE_SUPPLY_TRANSFER, msg, sizeof msg), 1);
    cr_assert(strstr(msg, "C short by 1 "), "%s", msg);
}

Test(stagger_network, rejects_malformed_arcs)
{
    net s;
    net_make(&s, 1, 50);
    je_stagger_rules r = bare_rules(30);
    je_stagger_report rep;
    je_error e;
    uint8_t x[NL * ND] = {0};
    s.arcs[0] = (je_stagger_arc){0, 0, 50};
    cr_assert_eq(je_stagger_check(&s.p, &r, x, 0, &rep, &e), JE_EINVAL);
    cr_assert(strstr(e.message, "transfer arc 0"), "%s", e.message);
    s.arcs[0] = (je_stagger_arc){0, 2, 50};
    cr_assert_eq(je_stagger_check(&s.p, &r, x, 0, &rep, &e), JE_EINVAL);
    s.arcs[0] = (je_stagger_arc){0, 1, -1};
    cr_assert_eq(je_stagger_check(&s.p, &r, x, 0, &rep, &e), JE_EINVAL);
}

/* ---- heating duty (201号) ---------------------------------------------------------- */

/* 2 lines × March 2023 (31 days), quota round(9 × 31/90) = 3 each; heating season
 * 15 Nov – 15 Mar. Line 0 has heating duty: its 3 days fall on 16–31 March. With no
 * coupling the optimum is each line's 3 heaviest allowed days. */
static void heat_make(je_stagger_line lines[2], double *w, je_stagger_problem *p)
{
    lines[0] = (je_stagger_line){.code = "H1", .capacity_t_d = 100, .heating_duty = 1};
    lines[1] = (je_stagger_line){.code = "P1", .capacity_t_d = 100};
    fill_weights(w, 2 * 31, 11);
    *p = (je_stagger_problem){.n_lines = 2,
                              .lines = lines,
                              .n_days = 31,
                              .first_day = je_days_from_civil(2023, 3, 1),
                              .weight = w,
                              .n_jurisdictions = 1,
                              .n_regions = 1};
}

static je_stagger_rules heat_rules(void)
{
    je_stagger_rules r = bare_rules(9);
    r.heat_from_month = 11;
    r.heat_from_day = 15;
    r.heat_to_month = 3;
    r.heat_to_day = 15;
    return r;
}

static double best_days(const double *w, int from, int to, int n)
{
    double top[8] = {0};
    for (int d = from; d < to; d++) {
        double v = w[d];
        for (int k = 0; k < n; k++)
            if (v > top[k]) {
                double t = top[k];
                top[k] = v;
                v = t;
            }
    }
    double s = 0;
    for (int k = 0; k < n; k++)
        s += top[k];
    return s;
}

Test(stagger_network, heating_line_makes_up_outside_the_season)
{
    je_stagger_line lines[2];
    double w[62];
    je_stagger_problem p;
    heat_make(lines, w, &p);
    je_stagger_rules r = heat_rules();
    double total = 0;
    for (int k = 0; k < 62; k++)
        total += w[k];
    double best = total - best_days(w, 15, 31, 3) - best_days(w + 31, 0, 31, 3);
    je_stagger_result m = plan(&p, &r, JE_STAGGER_MIP);
    cr_assert_eq(m.status, JE_STAGGER_OPTIMAL, "%s", m.message);
    cr_assert(fabs(m.exposure - best) < 1e-6, "MIP %.6f, by hand %.6f", m.exposure, best);
    for (int d = 0; d < 15; d++)
        cr_assert_eq(m.stop[d], 0, "heating line stopped on 2023-03-%02d", d + 1);
    je_stagger_result h = plan(&p, &r, JE_STAGGER_HEURISTIC);
    cr_assert_eq(h.status, JE_STAGGER_FEASIBLE, "%s", h.message);
    cr_assert(h.exposure >= best - 1e-6 && h.exposure <= best * 1.02, "%.3f vs %.3f", h.exposure,
              best);
    /* the checker: a stop on 5 March, and a make-up one day short */
    uint8_t x[62];
    memcpy(x, m.stop, 62);
    x[4] = 1;
    char msg[200];
    cr_assert_eq(violations(&p, &r, x, JE_STAGGER_RULE_HEATING, msg, sizeof msg), 1);
    cr_assert(strstr(msg, "H1 2023-03-05") && strstr(msg, "heating season"), "%s", msg);
    memcpy(x, m.stop, 62);
    for (int d = 30; d >= 15; d--)
        if (x[d]) {
            x[d] = 0;
            break;
        }
    cr_assert_eq(violations(&p, &r, x, JE_STAGGER_RULE_HEATING, msg, sizeof msg), 1);
    cr_assert(strstr(msg, "2 stop days") && strstr(msg, "at least 3"), "%s", msg);
    /* without the window (the shipped Chengyu rule set) the flag changes nothing */
    je_stagger_rules off = bare_rules(9);
    je_stagger_result m0 = plan(&p, &off, JE_STAGGER_MIP);
    cr_assert(fabs(m0.exposure - (total - best_days(w, 0, 31, 3) - best_days(w + 31, 0, 31, 3))) <
              1e-6);
    je_stagger_result_free(&m);
    je_stagger_result_free(&h);
    je_stagger_result_free(&m0);
}

/* A horizon inside the heating season leaves the line no day to make up: infeasible,
 * with the heating rule named. */
Test(stagger_network, heating_infeasible_names_the_rule)
{
    je_stagger_line lines[2];
    double w[62];
    je_stagger_problem p;
    heat_make(lines, w, &p);
    p.first_day = je_days_from_civil(2023, 1, 1);
    je_stagger_rules r = heat_rules();
    je_stagger_result m = plan(&p, &r, JE_STAGGER_MIP);
    cr_assert_eq(m.status, JE_STAGGER_INFEASIBLE, "%s", m.message);
    cr_assert(has_binding(&m, JE_STAGGER_RULE_HEATING), "%s", m.message);
    cr_assert(strstr(m.message, "heating"), "%s", m.message);
}

/* ---- deep-treatment A relief (2023 association rules) ------------------------------ */

Test(stagger_network, deep_treatment_relief_pro_rata)
{
    je_stagger_rules r;
    je_error e;
    cr_assert_eq(je_stagger_rules_load(RULES_FILE, &r, &e), JE_OK, "%s", e.message);
    cr_assert_float_eq(r.deep_relief_days_year, 10, 1e-12);
    je_stagger_line l[3] = {
        {.code = "B", .capacity_t_d = 100, .grade = JE_GRADE_B},
        {.code = "Bd", .capacity_t_d = 100, .grade = JE_GRADE_B, .deep_treatment_a = 1},
        {.code = "Ad", .capacity_t_d = 100, .grade = JE_GRADE_A, .deep_treatment_a = 1}};
    double w[3 * 365];
    for (int k = 0; k < 3 * 365; k++)
        w[k] = 1;
    je_stagger_problem p = {.n_lines = 3,
                            .lines = l,
                            .n_days = 365,
                            .first_day = je_days_from_civil(2023, 1, 1),
                            .weight = w,
                            .n_jurisdictions = 1,
                            .n_regions = 1};
    int q[3];
    for (int i = 0; i < 3; i++)
        cr_assert_eq(je_stagger_quota(&p, &r, (size_t)i, &q[i], &e), JE_OK, "%s", e.message);
    /* a year: 130 less exactly 10 (per quarter 45 − 2.47 → 43, 30 − 2.49 → 28,
       40 − 2.52 → 37, 15 − 2.52 → 12); grade A: 18 − 2.47 → 16, 12 − 2.49 → 10,
       16 − 2.52 → 13, 6 − 2.52 → 3 */
    cr_assert_eq(q[0], 130);
    cr_assert_eq(q[1], 120);
    cr_assert_eq(q[2], 42);
    /* the first quarter alone: 45 − 10 × 90/365 = 42.53 → 43 */
    p.n_days = 90;
    cr_assert_eq(je_stagger_quota(&p, &r, 1, &q[1], &e), JE_OK);
    cr_assert_eq(q[1], 43);
}

/* 2 lines × 10 days, quota round(36.5 × 10/90) = 4; with 36.5 days/yr of relief the
 * deep-treatment line owes round(4.056 − 1) = 3. Separable: the optimum is each line's
 * heaviest days, 4 and 3. A schedule with 3 stops passes for it and fails the other. */
Test(stagger_network, deep_treatment_optimum_and_check)
{
    je_stagger_line l[2] = {
        {.code = "B1", .capacity_t_d = 100, .grade = JE_GRADE_B},
        {.code = "D1", .capacity_t_d = 100, .grade = JE_GRADE_B, .deep_treatment_a = 1}};
    double w[20];
    fill_weights(w, 20, 3);
    je_stagger_problem p = {.n_lines = 2,
                            .lines = l,
                            .n_days = 10,
                            .first_day = je_days_from_civil(2023, 1, 2),
                            .weight = w,
                            .n_jurisdictions = 1,
                            .n_regions = 1};
    je_stagger_rules r = bare_rules(36.5);
    r.deep_relief_days_year = 36.5;
    int q0, q1;
    cr_assert_eq(je_stagger_quota(&p, &r, 0, &q0, NULL), JE_OK);
    cr_assert_eq(je_stagger_quota(&p, &r, 1, &q1, NULL), JE_OK);
    cr_assert_eq(q0, 4);
    cr_assert_eq(q1, 3);
    double total = 0;
    for (int k = 0; k < 20; k++)
        total += w[k];
    double best = total - best_days(w, 0, 10, 4) - best_days(w + 10, 0, 10, 3);
    je_stagger_result m = plan(&p, &r, JE_STAGGER_MIP);
    cr_assert_eq(m.status, JE_STAGGER_OPTIMAL, "%s", m.message);
    cr_assert(fabs(m.exposure - best) < 1e-6, "MIP %.6f, by hand %.6f", m.exposure, best);
    uint8_t x[20];
    memcpy(x, m.stop, 20);
    memcpy(x, m.stop + 10, 10); /* line 0 takes line 1's 3 days: one short */
    cr_assert_eq(violations(&p, &r, x, JE_STAGGER_RULE_QUARTER, NULL, 0), 1);
    memcpy(x, m.stop, 10);
    memcpy(x + 10, m.stop, 10); /* line 1 takes line 0's 4: one above its maximum */
    cr_assert_eq(violations(&p, &r, x, JE_STAGGER_RULE_MAX_DAYS, NULL, 0), 1);
    je_stagger_result_free(&m);
}

/* ---- transport duties of alert days (§4.3) ------------------------------------------ */

Test(stagger_network, transport_duties_by_grade_and_level)
{
    je_stagger_rules r;
    je_error e;
    cr_assert_eq(je_stagger_rules_load(RULES_FILE, &r, &e), JE_OK, "%s", e.message);
    for (int lev = JE_ALERT_BLUE; lev <= JE_ALERT_RED; lev++) {
        je_alert_level L = (je_alert_level)lev;
        cr_assert_eq(je_stagger_transport_duty(&r, JE_GRADE_A, L), JE_TRANSPORT_NONE);
        cr_assert_eq(je_stagger_transport_duty(&r, JE_GRADE_B, L), JE_TRANSPORT_BAN_OLD_HEAVY);
        cr_assert_eq(je_stagger_transport_duty(&r, JE_GRADE_C, L), JE_TRANSPORT_BAN_OLD_HEAVY);
        cr_assert_eq(je_stagger_transport_duty(&r, JE_GRADE_D, L), JE_TRANSPORT_BAN_ALL);
    }
    for (int g = 0; g < JE_GRADE_COUNT; g++)
        cr_assert_eq(je_stagger_transport_duty(&r, (je_grade)g, JE_ALERT_NONE), JE_TRANSPORT_NONE);
    cr_assert_str_eq(je_transport_name(JE_TRANSPORT_BAN_ALL), "ban-all");
    cr_assert_str_eq(je_transport_name(JE_TRANSPORT_BAN_OLD_HEAVY), "ban-old-heavy");
}

static je_status parse_text(const char *json, je_stagger_rules *r, je_error *e)
{
    return je_stagger_rules_parse(json, strlen(json), "t.json", r, e);
}

#define MIN_RULES_HEAD                                                                             \
    "{\"id\":\"t\",\"quota\":{\"base_days_quarter\":[1,1,1,1]%s},"                                 \
    "\"multipliers\":{\"grade\":{\"A\":1,\"B\":1,\"C\":1,\"D\":1},"                                \
    "\"special_cement_half_share\":0.5,\"special_cement_half_factor\":0.5},"                       \
    "\"exemptions\":{\"special_cement_full\":true,\"carbide_slag_only\":true,"                     \
    "\"msw_coprocessing\":true},\"settlement\":{\"max_owed_days\":0,\"carry_over\":false,"         \
    "\"max_extra_days\":0},\"kiln\":{\"min_run_days\":1,\"max_restarts_month\":0},"                \
    "\"balance\":{\"max_jurisdiction_stop_share\":1},"                                             \
    "\"alert_duties\":{\"A\":{},\"B\":{%s},\"C\":{},\"D\":{}}%s}"

Test(stagger_network, rule_set_members_for_the_new_rules)
{
    char buf[2048];
    je_stagger_rules r;
    je_error e;
    snprintf(buf, sizeof buf, MIN_RULES_HEAD, ",\"deep_treatment_a_relief_days_year\":7",
             "\"transport\":{\"red\":\"ban-all\"}",
             ",\"heating\":{\"season_from\":\"11-15\",\"season_to\":\"03-15\"}");
    cr_assert_eq(parse_text(buf, &r, &e), JE_OK, "%s", e.message);
    cr_assert_float_eq(r.deep_relief_days_year, 7, 1e-12);
    cr_assert_eq(r.transport[JE_GRADE_B][JE_ALERT_RED], JE_TRANSPORT_BAN_ALL);
    cr_assert_eq(r.transport[JE_GRADE_B][JE_ALERT_YELLOW], JE_TRANSPORT_NONE);
    cr_assert_eq(r.heat_from_month, 11);
    cr_assert_eq(r.heat_to_day, 15);
    snprintf(buf, sizeof buf, MIN_RULES_HEAD, "", "\"transport\":{\"red\":\"trucks\"}", "");
    cr_assert_eq(parse_text(buf, &r, &e), JE_EDATA);
    cr_assert_str_eq(e.field, "alert_duties.B.transport.red", "%s", e.message);
    snprintf(buf, sizeof buf, MIN_RULES_HEAD, "", "",
             ",\"heating\":{\"season_from\":\"11-31\",\"season_to\":\"03-15\"}");
    cr_assert_eq(parse_text(buf, &r, &e), JE_EDATA);
    cr_assert_str_eq(e.field, "heating.season_from", "%s", e.message);
    snprintf(buf, sizeof buf, MIN_RULES_HEAD, ",\"deep_treatment_a_relief_days_year\":-1", "", "");
    cr_assert_eq(parse_text(buf, &r, &e), JE_EDATA);
    cr_assert_str_eq(e.field, "quota.deep_treatment_a_relief_days_year", "%s", e.message);
}

/* ---- the Lagrangian dual bound ---------------------------------------------------- */

/* No shared row: each line's DP is its exact optimum, so the bound is the optimum. */
Test(stagger_network, lagrangian_bound_exact_without_shared_rows)
{
    je_stagger_line lines[2];
    double w[62];
    je_stagger_problem p;
    heat_make(lines, w, &p);
    je_stagger_rules r = heat_rules();
    r.min_run_days = 2;
    r.max_restarts_month = 1;
    je_stagger_result m = plan(&p, &r, JE_STAGGER_MIP);
    cr_assert_eq(m.status, JE_STAGGER_OPTIMAL, "%s", m.message);
    double b;
    int exact;
    je_error e;
    cr_assert_eq(je_stagger_lagrange_bound(&p, &r, m.exposure, 5, &b, &exact, &e), JE_OK, "%s",
                 e.message);
    cr_assert(exact);
    cr_assert(fabs(b - m.exposure) < 1e-6, "bound %.9f, optimum %.9f", b, m.exposure);
    je_stagger_result_free(&m);
    /* and a line alone without any schedule makes it +infinity */
    p.first_day = je_days_from_civil(2023, 1, 1);
    r = heat_rules();
    cr_assert_eq(je_stagger_lagrange_bound(&p, &r, INFINITY, 5, &b, &exact, &e), JE_OK);
    cr_assert(isinf(b) && b > 0, "%g", b);
}

/* Shared rows that bind (the transfer arc, one stop a day): the bound never exceeds
 * the optimum by enumeration, and it is above the bound without them (each line's
 * own best 2 days). */
Test(stagger_network, lagrangian_bound_valid_when_shared_rows_bind)
{
    je_stagger_rules r = bare_rules(30);
    for (uint64_t seed = 1; seed <= 4; seed++) {
        net s;
        net_make(&s, seed, 50);
        double best = net_optimum(&s), total = 0, alone = 0;
        for (int k = 0; k < NL * ND; k++)
            total += s.w[k];
        for (int l = 0; l < NL; l++)
            alone += best_days(s.w + l * ND, 0, ND, 2);
        double b;
        int exact;
        je_error e;
        cr_assert_eq(je_stagger_lagrange_bound(&s.p, &r, best, 5, &b, &exact, &e), JE_OK, "%s",
                     e.message);
        cr_assert(exact);
        cr_assert(b <= best + 1e-6, "seed %d: bound %.6f above the optimum %.6f", (int)seed, b,
                  best);
        cr_assert(b >= total - alone - 1e-6, "seed %d: bound %.6f below the uncoupled %.6f",
                  (int)seed, b, total - alone);
        /* with the import-cap model (the same schedules) too */
        double caps[2] = {0, 50};
        s.p.n_arcs = 0;
        s.p.arcs = NULL;
        s.p.import_cap_t_d = caps;
        cr_assert_eq(je_stagger_lagrange_bound(&s.p, &r, best, 5, &b, &exact, &e), JE_OK);
        cr_assert(b <= best + 1e-6, "seed %d: import caps: bound %.6f, optimum %.6f", (int)seed, b,
                  best);
    }
}

/* A counting rule whose window does not start on the horizon's first day (the
 * November rule in an October–November horizon) is priced, not dropped: one line,
 * quota 10 (base 15 × 61/92), at least 10 days in November and 5 before the 15th;
 * October weighs 10 a day, November 1–2. Dropping the rule would let the bound stop
 * ten October days (a bound 80 or more below the optimum); priced, it comes within
 * 0.1 % of the MIP's optimum and never above it. */
Test(stagger_network, lagrangian_prices_windowed_counts)
{
    je_stagger_line line = {.code = "L", .capacity_t_d = 100, .grade = JE_GRADE_B};
    enum { DD = 61 };
    double w[DD];
    for (int d = 0; d < DD; d++)
        w[d] = d < 31 ? 10 : 1 + (double)((d * 37) % 11) / 10;
    je_stagger_problem p = {.n_lines = 1,
                            .lines = &line,
                            .n_days = DD,
                            .first_day = je_days_from_civil(2022, 10, 1),
                            .weight = w,
                            .n_jurisdictions = 1,
                            .n_regions = 1};
    je_stagger_rules r = bare_rules(15);
    r.month_rules[0] = (je_stagger_month_rule){
        .month = 11, .min_days = 10, .before_day = 15, .min_days_before = 5};
    r.n_month_rules = 1;
    r.max_owed_days = 10; /* October may owe all: the month rule wants them in November */
    int q;
    cr_assert_eq(je_stagger_quota(&p, &r, 0, &q, NULL), JE_OK);
    cr_assert_eq(q, 10);
    je_stagger_result m = plan(&p, &r, JE_STAGGER_MIP);
    cr_assert_eq(m.status, JE_STAGGER_OPTIMAL, "%s", m.message);
    for (int d = 0; d < 31; d++)
        cr_assert(!m.stop[d], "the optimum stops in November only (day %d)", d);
    double b;
    int exact;
    je_error e;
    cr_assert_eq(je_stagger_lagrange_bound(&p, &r, m.exposure, 5, &b, &exact, &e), JE_OK, "%s",
                 e.message);
    cr_assert(!exact, "the November rule is not in the DP");
    cr_assert(b <= m.exposure + 1e-6, "bound %.6f above the optimum %.6f", b, m.exposure);
    cr_assert(b >= m.exposure * (1 - 1e-3), "bound %.6f, optimum %.6f", b, m.exposure);
    je_stagger_result_free(&m);
}

/* The MIP reports which bound proved its gap, and both are below its exposure. */
Test(stagger_network, mip_reports_the_bound_that_proves_the_gap)
{
    je_stagger_rules r = bare_rules(30);
    net s;
    net_make(&s, 3, 50);
    je_stagger_result m = plan(&s.p, &r, JE_STAGGER_MIP);
    cr_assert_eq(m.status, JE_STAGGER_OPTIMAL, "%s", m.message);
    cr_assert(m.bound_by[0] != '\0', "%s", m.message);
    cr_assert(!isnan(m.bound_lagrange), "%s", m.message);
    cr_assert(m.bound_lagrange <= m.exposure + 1e-6);
    cr_assert(isnan(m.bound_mip) || m.bound_mip <= m.exposure + 1e-6);
    cr_assert(fabs(m.bound - fmax(isnan(m.bound_mip) ? -INFINITY : m.bound_mip, m.bound_lagrange)) <
              1e-9);
    je_stagger_result_free(&m);
}

/* The neighbourhood search (opt-in, lns_s) improves a poor start: 16 lines of one
 * jurisdiction, at most half stopped a day, each owing 3 days of 30; the start puts
 * every line on fixed days regardless of weight. The result is checked, no worse
 * than the start, and the search is credited in the message. */
Test(stagger_network, neighbourhood_search_improves_a_poor_start)
{
    enum { LL = 16, DD = 30 };
    je_stagger_line lines[LL];
    double w[LL * DD];
    uint8_t start[LL * DD] = {0};
    for (int l = 0; l < LL; l++) {
        lines[l] = (je_stagger_line){
            .code = "L", .capacity_t_d = 100, .grade = JE_GRADE_B, .region = l % 2};
        for (int k = 0; k < 3; k++)
            start[l * DD + (l % 10) * 3 + k] = 1;
    }
    fill_weights(w, LL * DD, 17);
    je_stagger_problem p = {.n_lines = LL,
                            .lines = lines,
                            .n_days = DD,
                            .first_day = je_days_from_civil(2023, 1, 1),
                            .weight = w,
                            .n_jurisdictions = 1,
                            .n_regions = 2};
    je_stagger_rules r = bare_rules(9); /* round(9 × 30/90) = 3 */
    r.max_jur_stop_share = 0.5;
    double e0 = je_stagger_exposure(&p, &r, start);
    je_stagger_report rep;
    cr_assert_eq(je_stagger_check(&p, &r, start, 0, &rep, NULL), JE_OK);
    cr_assert_eq(rep.total, 0, "the start itself must be feasible");
    je_stagger_report_free(&rep);
    je_stagger_options o = {.solver = JE_STAGGER_MIP,
                            .time_limit_s = 30,
                            .rel_gap = 1e-6,
                            .start = start,
                            .lns_s = 10,
                            .lagrange_s = -1,
                            .seed = 3};
    je_stagger_result res;
    je_error e;
    cr_assert_eq(je_stagger_plan(&p, &r, &o, &res, &e), JE_OK, "%s", e.message);
    cr_assert(res.status == JE_STAGGER_OPTIMAL || res.status == JE_STAGGER_FEASIBLE, "%s",
              res.message);
    cr_assert(res.exposure < e0 - 1, "exposure %.3f, start %.3f", res.exposure, e0);
    cr_assert(strstr(res.message, "neighbourhood"), "%s", res.message);
    cr_assert(isnan(res.bound_lagrange), "lagrange_s < 0 runs no Lagrangian bound");
    je_stagger_result_free(&res);
}

/* Alerts come first: on day 0 a D line's alert stop alone leaves region A short (100
 * of 150 t/d, nothing spare in B to ship). That day passes the checker with the alert stop
 * only; a planned stop added on it is reported. */
Test(stagger_network, alert_stops_lock_the_network_day)
{
    je_stagger_line lines[3] = {
        {.code = "A-D", .capacity_t_d = 100, .grade = JE_GRADE_D, .region = 0, .city = 0},
        {.code = "A-B", .capacity_t_d = 100, .grade = JE_GRADE_B, .region = 0, .city = -1},
        {.code = "B-B", .capacity_t_d = 100, .grade = JE_GRADE_B, .region = 1, .city = -1}};
    double w[3 * 4], demand[2 * 4];
    fill_weights(w, 12, 9);
    for (int d = 0; d < 4; d++) { /* day 0 tight; later days leave room for one stop */
        demand[d] = d == 0 ? 150 : 100;
        demand[4 + d] = d == 0 ? 100 : 50;
    }
    uint8_t alert[4] = {JE_ALERT_BLUE, 0, 0, 0};
    je_stagger_arc arcs[2] = {{0, 1, 100}, {1, 0, 100}};
    je_stagger_problem p = {.n_lines = 3,
                            .lines = lines,
                            .n_days = 4,
                            .first_day = je_days_from_civil(2023, 1, 2),
                            .weight = w,
                            .n_jurisdictions = 1,
                            .n_regions = 2,
                            .demand_t_d = demand,
                            .n_cities = 1,
                            .alert = alert,
                            .n_arcs = 2,
                            .arcs = arcs};
    je_stagger_rules r = bare_rules(0);
    r.duty[JE_GRADE_D][JE_ALERT_BLUE] = JE_DUTY_STOP;
    uint8_t x[12] = {0};
    x[0] = 1; /* the alert stop */
    char msg[200];
    cr_assert_eq(violations(&p, &r, x, JE_STAGGER_RULE_SUPPLY_TRANSFER, msg, sizeof msg), 0, "%s",
                 msg);
    x[4 + 0] = 1; /* and a planned stop of A-B the same day */
    cr_assert_eq(violations(&p, &r, x, JE_STAGGER_RULE_SUPPLY_TRANSFER, msg, sizeof msg), 1);
    cr_assert(strstr(msg, "alert stops alone") && strstr(msg, "1 planned stop"), "%s", msg);
    /* the heuristic and the MIP add no planned stop that day */
    r = bare_rules(30 * 90 / 4.0 / 30); /* 22.5 × 4/90 = 1 stop day each */
    r.duty[JE_GRADE_D][JE_ALERT_BLUE] = JE_DUTY_STOP;
    for (int k = 0; k < 2; k++) {
        je_stagger_result res = plan(&p, &r, k ? JE_STAGGER_HEURISTIC : JE_STAGGER_MIP);
        cr_assert(res.stop != NULL, "%s", res.message);
        cr_assert_eq(res.stop[0], 1);
        cr_assert_eq(res.stop[4] + res.stop[8], 0, "planned stop on the locked day: %s",
                     res.message);
        je_stagger_result_free(&res);
    }
}
