/*
 * stagger.c — the scheduler's front: names, validation, the derivation of what every
 * rule requires (sg_model: quotas per quarter, settlement due dates, month rules,
 * alert duties, supply slack), je_stagger_plan (solve, then re-verify with the
 * independent checker), the exposure objective and the two baselines.
 */
#include "industry/stagger_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *je_grade_name(je_grade g)
{
    switch (g) {
    case JE_GRADE_A:
        return "A";
    case JE_GRADE_B:
        return "B";
    case JE_GRADE_C:
        return "C";
    case JE_GRADE_D:
        return "D";
    }
    return "?";
}

je_status je_grade_parse(const char *s, je_grade *out, je_error *err)
{
    if (s && s[0] && !s[1]) {
        int c = s[0] >= 'a' && s[0] <= 'd' ? s[0] - 'a' + 'A' : s[0];
        if (c >= 'A' && c <= 'D') {
            *out = (je_grade)(c - 'A');
            return JE_OK;
        }
    }
    return je_error_set(err, JE_EINVAL, "unknown performance grade '%s' (expected A, B, C or D)",
                        s ? s : "");
}

const char *je_duty_name(je_duty d)
{
    switch (d) {
    case JE_DUTY_NONE:
        return "none";
    case JE_DUTY_CUT:
        return "cut";
    case JE_DUTY_STOP:
        return "stop";
    case JE_DUTY_STOP_HALF:
        return "stop-half";
    }
    return "?";
}

const char *je_transport_name(je_transport t)
{
    switch (t) {
    case JE_TRANSPORT_NONE:
        return "none";
    case JE_TRANSPORT_BAN_OLD_HEAVY:
        return "ban-old-heavy";
    case JE_TRANSPORT_BAN_ALL:
        return "ban-all";
    }
    return "?";
}

je_transport je_stagger_transport_duty(const je_stagger_rules *r, je_grade g, je_alert_level lev)
{
    if (!r || (unsigned)g >= JE_GRADE_COUNT || lev <= JE_ALERT_NONE || lev > JE_ALERT_RED)
        return JE_TRANSPORT_NONE;
    return r->transport[g][lev];
}

const char *je_stagger_rule_name(je_stagger_rule r)
{
    switch (r) {
#define NAME(n, id, text)                                                                          \
    case JE_STAGGER_RULE_##n:                                                                      \
        return id;
        JE_STAGGER_RULE_MAP(NAME)
#undef NAME
    case JE_STAGGER_RULE_COUNT:
        break;
    }
    return "unknown";
}

const char *je_stagger_rule_text(je_stagger_rule r)
{
    switch (r) {
#define TEXT(n, id, text)                                                                          \
    case JE_STAGGER_RULE_##n:                                                                      \
        return text;
        JE_STAGGER_RULE_MAP(TEXT)
#undef TEXT
    case JE_STAGGER_RULE_COUNT:
        break;
    }
    return "unknown rule";
}

const char *je_stagger_status_name(je_stagger_status s)
{
    switch (s) {
    case JE_STAGGER_OPTIMAL:
        return "optimal";
    case JE_STAGGER_FEASIBLE:
        return "feasible";
    case JE_STAGGER_INFEASIBLE:
        return "infeasible";
    case JE_STAGGER_NO_SOLUTION:
        return "no solution";
    }
    return "unknown";
}

double sg_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

uint64_t sg_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Round half up, with a margin for binary noise (45 × 0.4 = 18.000000000000004). */
static int round_days(double x)
{
    return (int)floor(x + 0.5 + 1e-9);
}

double je_stagger_multiplier(const je_stagger_rules *r, const je_stagger_line *l)
{
    if (!r || !l)
        return 0;
    if (r->exempt_special && l->special_cement_share >= 1.0)
        return 0;
    if (r->exempt_carbide && l->carbide_slag_only)
        return 0;
    if (r->exempt_msw && l->msw_coprocessing)
        return 0;
    if (r->exempt_hazardous_share > 0 && l->hazardous_waste_share >= r->exempt_hazardous_share)
        return 0;
    double f = (unsigned)l->grade < JE_GRADE_COUNT ? r->grade_factor[l->grade] : 1.0;
    if (r->special_half_share > 0 && l->special_cement_share >= r->special_half_share)
        f *= r->special_half_factor;
    return f;
}

je_status sg_validate(const je_stagger_problem *p, const je_stagger_rules *r, je_error *err)
{
    if (!p || !r)
        return je_error_set(err, JE_EINVAL, "stagger: problem or rules is NULL");
    if (p->n_lines == 0 || p->n_days == 0 || !p->lines || !p->weight)
        return je_error_set(err, JE_EINVAL, "stagger: no lines, no days or no weights");
    if (p->n_days > 3660 || p->n_lines > 100000)
        return je_error_set(err, JE_EINVAL, "stagger: %zu lines × %zu days is beyond the limits",
                            p->n_lines, p->n_days);
    if (p->n_jurisdictions == 0 || p->n_regions == 0)
        return je_error_set(err, JE_EINVAL, "stagger: n_jurisdictions and n_regions must be > 0");
    if (p->n_fixed_days > p->n_days || (p->n_fixed_days > 0 && !p->fixed))
        return je_error_set(err, JE_EINVAL, "stagger: n_fixed_days %zu without a fixed schedule",
                            p->n_fixed_days);
    if (p->alert && p->n_cities == 0)
        return je_error_set(err, JE_EINVAL, "stagger: alerts given for 0 cities");
    for (size_t i = 0; i < p->n_lines; i++) {
        const je_stagger_line *l = &p->lines[i];
        const char *c = l->code ? l->code : "?";
        if (l->jurisdiction < 0 || (size_t)l->jurisdiction >= p->n_jurisdictions || l->region < 0 ||
            (size_t)l->region >= p->n_regions ||
            (p->alert && (l->city < -1 || (l->city >= 0 && (size_t)l->city >= p->n_cities))))
            return je_error_set(err, JE_EINVAL,
                                "line %zu (%s): jurisdiction, region or city out of range", i, c);
        if (!(l->capacity_t_d > 0) || !isfinite(l->capacity_t_d) ||
            (unsigned)l->grade >= JE_GRADE_COUNT)
            return je_error_set(err, JE_EINVAL, "line %zu (%s): capacity must be > 0, grade A–D", i,
                                c);
    }
    for (size_t k = 0; k < p->n_lines * p->n_days; k++)
        if (!(p->weight[k] >= 0) || !isfinite(p->weight[k]))
            return je_error_set(err, JE_EINVAL,
                                "stagger: weight of line %zu day %zu is negative or not finite",
                                k / p->n_days, k % p->n_days);
    if (p->alert)
        for (size_t k = 0; k < p->n_cities * p->n_days; k++)
            if (p->alert[k] > JE_ALERT_RED)
                return je_error_set(err, JE_EINVAL, "stagger: alert level %d out of range",
                                    p->alert[k]);
    if (p->n_arcs > 0) {
        if (!p->arcs)
            return je_error_set(err, JE_EINVAL, "stagger: %zu transfer arcs but no array",
                                p->n_arcs);
        if (p->import_cap_t_d)
            return je_error_set(err, JE_EINVAL,
                                "stagger: give transfer arcs or import caps, not both (the "
                                "import caps are the network's special case)");
        if (p->n_regions > JE_STAGGER_NET_REGIONS_MAX)
            return je_error_set(err, JE_EINVAL,
                                "stagger: a transfer network of %zu regions; at most %d",
                                p->n_regions, JE_STAGGER_NET_REGIONS_MAX);
        for (size_t a = 0; a < p->n_arcs; a++) {
            const je_stagger_arc *x = &p->arcs[a];
            if (x->from < 0 || x->to < 0 || (size_t)x->from >= p->n_regions ||
                (size_t)x->to >= p->n_regions || x->from == x->to || !(x->cap_t_d >= 0) ||
                !isfinite(x->cap_t_d))
                return je_error_set(err, JE_EINVAL,
                                    "stagger: transfer arc %zu (%d → %d, %g t/d): regions must "
                                    "differ and exist, capacity ≥ 0",
                                    a, x->from, x->to, x->cap_t_d);
        }
    }
    if (r->heat_from_month < 0 || r->heat_from_month > 12 ||
        (r->heat_from_month > 0 &&
         (r->heat_to_month < 1 || r->heat_to_month > 12 || r->heat_from_day < 1 ||
          r->heat_from_day > 31 || r->heat_to_day < 1 || r->heat_to_day > 31)))
        return je_error_set(err, JE_EINVAL, "rules: heating season months 1–12, days 1–31");
    if (!(r->deep_relief_days_year >= 0) || r->deep_relief_days_year > 366)
        return je_error_set(err, JE_EINVAL, "rules: deep-treatment relief 0–366 days a year");
    if (r->min_run_days < 1 || r->max_restarts_month < 0 || r->max_extra_days < 0)
        return je_error_set(err, JE_EINVAL,
                            "rules: min_run_days ≥ 1, max_restarts_month and max_extra_days ≥ 0");
    return JE_OK;
}

/* ---- calendar --------------------------------------------------------------- */

static je_status periods(const je_stagger_problem *p, sg_model *m)
{
    size_t D = p->n_days;
    m->months = calloc(D, sizeof *m->months);
    m->quarters = calloc(D, sizeof *m->quarters);
    m->month_of_day = calloc(D, sizeof *m->month_of_day);
    if (!m->months || !m->quarters || !m->month_of_day)
        return JE_ENOMEM;
    for (size_t d = 0; d < D; d++) {
        int y, mo, dd;
        je_civil_from_days(p->first_day + (int64_t)d, &y, &mo, &dd);
        int q = (mo - 1) / 3;
        sg_period *pm = m->n_months ? &m->months[m->n_months - 1] : NULL;
        if (!pm || pm->year != y || pm->month != mo) {
            pm = &m->months[m->n_months++];
            *pm = (sg_period){(int)d, (int)d, y, mo, q};
        }
        pm->end = (int)d + 1;
        sg_period *pq = m->n_quarters ? &m->quarters[m->n_quarters - 1] : NULL;
        if (!pq || pq->year != y || pq->quarter != q) {
            pq = &m->quarters[m->n_quarters++];
            *pq = (sg_period){(int)d, (int)d, y, 3 * q + 1, q};
        }
        pq->end = (int)d + 1;
        m->month_of_day[d] = (int)m->n_months - 1;
    }
    return JE_OK;
}

static int days_in_month(int y, int mo)
{
    int ny = mo == 12 ? y + 1 : y, nm = mo == 12 ? 1 : mo + 1;
    return (int)(je_days_from_civil(ny, nm, 1) - je_days_from_civil(y, mo, 1));
}

static int days_in_quarter(int y, int q)
{
    return days_in_month(y, 3 * q + 1) + days_in_month(y, 3 * q + 2) + days_in_month(y, 3 * q + 3);
}

/* Quota of quarter period k for a line with multiplier mult; relief: the line's
 * relief in days per year (deep-treatment A, §4.2), taken pro rata to the quarter's
 * days in the horizon over a 365-day year, before rounding, never below 0. */
static int quarter_quota(const je_stagger_rules *r, const sg_period *q, double mult, double relief)
{
    int days = q->end - q->start;
    double frac = (double)days / (double)days_in_quarter(q->year, q->quarter);
    double owed = mult * (r->base_days_quarter[q->quarter] + r->x_days_quarter[q->quarter]) * frac;
    if (mult > 0)
        owed -= relief * (double)days / 365.0;
    return owed > 0 ? round_days(owed) : 0;
}

static double relief_of(const je_stagger_rules *r, const je_stagger_line *l)
{
    return l->deep_treatment_a ? r->deep_relief_days_year : 0;
}

/* Is day (month mo, day dd) inside the rule set's heating season? */
static int in_heating_season(const je_stagger_rules *r, int mo, int dd)
{
    if (r->heat_from_month <= 0)
        return 0;
    int k = mo * 100 + dd, a = r->heat_from_month * 100 + r->heat_from_day,
        b = r->heat_to_month * 100 + r->heat_to_day;
    return a <= b ? k >= a && k <= b : k >= a || k <= b;
}

/* A heating-duty line under a rule set with a heating season (§4.1). */
static int heating_line(const je_stagger_rules *r, const je_stagger_line *l)
{
    return l->heating_duty && r->heat_from_month > 0;
}

je_status je_stagger_quota(const je_stagger_problem *p, const je_stagger_rules *r, size_t line,
                           int *out_days, je_error *err)
{
    je_status st = sg_validate(p, r, err);
    if (st != JE_OK)
        return st;
    if (line >= p->n_lines || !out_days)
        return je_error_set(err, JE_EINVAL, "je_stagger_quota: line %zu out of range", line);
    sg_model m;
    if ((st = sg_model_build(p, r, &m, err)) != JE_OK)
        return st;
    *out_days = m.total_min[line];
    sg_model_free(&m);
    return JE_OK;
}

/* ---- requirements ----------------------------------------------------------- */

static je_status add_count(sg_model *m, size_t *cap, int line, je_stagger_rule rule, int from,
                           int to, int need)
{
    if (need <= 0 || to <= from)
        return JE_OK;
    if (m->n_counts == *cap) {
        size_t nc = *cap ? 2 * *cap : 256;
        sg_count *c = realloc(m->counts, nc * sizeof *c);
        if (!c)
            return JE_ENOMEM;
        m->counts = c;
        *cap = nc;
    }
    m->counts[m->n_counts++] = (sg_count){line, rule, from, to, need};
    return JE_OK;
}

/* A heating-duty line (201号, §4.1): no stop in the heating season (forced 3: must
 * run; alert stops, set later, override it) and its whole quota on the other days:
 * one count over the horizon in place of the quarter, settlement and month rules. */
static je_status heating_counts(const je_stagger_problem *p, const je_stagger_rules *r, sg_model *m,
                                int l, size_t *cap)
{
    double relief = relief_of(r, &p->lines[l]);
    for (size_t k = 0; k < m->n_quarters; k++)
        m->total_min[l] += quarter_quota(r, &m->quarters[k], m->mult[l], relief);
    for (size_t d = 0; d < m->D; d++) {
        int y, mo, dd;
        je_civil_from_days(p->first_day + (int64_t)d, &y, &mo, &dd);
        if (in_heating_season(r, mo, dd))
            m->forced[(size_t)l * m->D + d] = 3;
    }
    return add_count(m, cap, l, JE_STAGGER_RULE_HEATING, 0, (int)m->D, m->total_min[l]);
}

/* Settlement (月结季清) and month rules for one line. */
static je_status line_counts(const je_stagger_problem *p, const je_stagger_rules *r, sg_model *m,
                             int l, size_t *cap)
{
    double mult = m->mult[l], relief = relief_of(r, &p->lines[l]);
    if (m->exempt[l])
        return JE_OK;
    if (heating_line(r, &p->lines[l]))
        return heating_counts(p, r, m, l, cap);
    int carried = 0; /* quota of earlier quarters, when carry-over makes it cumulative */
    je_status st = JE_OK;
    for (size_t k = 0; k < m->n_quarters && st == JE_OK; k++) {
        const sg_period *q = &m->quarters[k];
        int quota = quarter_quota(r, q, mult, relief);
        m->total_min[l] += quota;
        int scope = r->carry_over ? 0 : q->start;
        int base = r->carry_over ? carried : 0;
        for (size_t mi = 0; mi < m->n_months && st == JE_OK; mi++) {
            const sg_period *mo = &m->months[mi];
            if (mo->start < q->start || mo->end >= q->end)
                continue; /* not in this quarter, or its last month (cleared below) */
            double share =
                (double)quota * (double)(mo->end - q->start) / (double)(q->end - q->start);
            int need = (int)floor(share + 1e-9) - (int)floor(r->max_owed_days + 1e-9);
            if (need > 0)
                st = add_count(m, cap, l, JE_STAGGER_RULE_MONTHLY, scope, mo->end, base + need);
        }
        if (st == JE_OK)
            st = add_count(m, cap, l, JE_STAGGER_RULE_QUARTER, scope, q->end, base + quota);
        carried += quota;
    }
    for (size_t mi = 0; mi < m->n_months && st == JE_OK; mi++) {
        const sg_period *mo = &m->months[mi];
        if (mo->end - mo->start != days_in_month(mo->year, mo->month))
            continue; /* month rules only for whole months */
        for (size_t k = 0; k < r->n_month_rules && st == JE_OK; k++) {
            const je_stagger_month_rule *mr = &r->month_rules[k];
            if (mr->month != mo->month)
                continue;
            st = add_count(m, cap, l, JE_STAGGER_RULE_MONTH_MIN, mo->start, mo->end,
                           round_days(mult * (mr->min_days + mr->x_days)));
            if (st == JE_OK && mr->before_day > 1)
                st = add_count(m, cap, l, JE_STAGGER_RULE_MONTH_BEFORE, mo->start,
                               mo->start + mr->before_day - 1,
                               round_days(mult * mr->min_days_before));
        }
    }
    return st;
}

/* Alert duties: forced stops, capacity cuts, stop-half groups. */
static je_status alert_duties(const je_stagger_problem *p, const je_stagger_rules *r, sg_model *m)
{
    size_t L = p->n_lines, D = p->n_days, cap = 0;
    if (!p->alert)
        return JE_OK;
    m->half_lines = malloc(L * D * sizeof *m->half_lines);
    if (!m->half_lines)
        return JE_ENOMEM;
    size_t used = 0;
    for (size_t d = p->n_fixed_days; d < D; d++) {
        for (size_t c = 0; c < p->n_cities; c++) {
            int lev = p->alert[c * D + d];
            if (lev == JE_ALERT_NONE)
                continue;
            for (int g = 0; g < JE_GRADE_COUNT; g++) {
                je_duty duty = r->duty[g][lev];
                size_t first = used;
                for (size_t l = 0; l < L; l++) {
                    const je_stagger_line *ln = &p->lines[l];
                    if (ln->city != (int)c || ln->grade != (je_grade)g)
                        continue;
                    if (duty == JE_DUTY_STOP)
                        m->forced[l * D + d] = 1;
                    else if (duty == JE_DUTY_CUT)
                        m->capf[l * D + d] = 1.0 - r->cut_share[g][lev];
                    else if (duty == JE_DUTY_STOP_HALF)
                        m->half_lines[used++] = (int)l;
                }
                if (used == first)
                    continue;
                if (m->n_half == cap) {
                    size_t nc = cap ? 2 * cap : 64;
                    sg_half *h = realloc(m->half, nc * sizeof *h);
                    if (!h)
                        return JE_ENOMEM;
                    m->half = h;
                    cap = nc;
                }
                size_t n = used - first;
                m->half[m->n_half++] = (sg_half){(int)c, (int)d, first, n, (int)((n + 1) / 2)};
            }
        }
    }
    return JE_OK;
}

static je_status supply_slack(const je_stagger_problem *p, sg_model *m)
{
    size_t L = p->n_lines, D = p->n_days, R = p->n_regions;
    m->region_slack = malloc(R * D * sizeof *m->region_slack);
    m->total_slack = malloc(D * sizeof *m->total_slack);
    m->net = p->demand_t_d && p->n_arcs > 0;
    if (!m->region_slack || !m->total_slack)
        return JE_ENOMEM;
    if (m->net) {
        m->run_full = calloc(R * D, sizeof *m->run_full);
        m->net_locked = calloc(D, 1);
        if (!m->run_full || !m->net_locked)
            return JE_ENOMEM;
        for (size_t l = 0; l < L; l++)
            for (size_t d = 0; d < D; d++)
                m->run_full[(size_t)p->lines[l].region * D + d] +=
                    p->lines[l].capacity_t_d * m->capf[l * D + d];
    }
    for (size_t d = 0; d < D; d++) {
        double tot_run = 0, tot_dem = 0;
        for (size_t g = 0; g < R; g++)
            m->region_slack[g * D + d] = 0;
        for (size_t l = 0; l < L; l++) {
            double c = p->lines[l].capacity_t_d * m->capf[l * D + d];
            m->region_slack[(size_t)p->lines[l].region * D + d] += c;
            tot_run += c;
        }
        for (size_t g = 0; g < R; g++) {
            double dem = p->demand_t_d ? p->demand_t_d[g * D + d] : 0;
            double imp = p->import_cap_t_d ? p->import_cap_t_d[g] : INFINITY;
            if (m->net) { /* the network's cut around g alone: what its arcs bring in */
                imp = 0;
                for (size_t a = 0; a < p->n_arcs; a++)
                    if ((size_t)p->arcs[a].to == g)
                        imp += p->arcs[a].cap_t_d;
            }
            tot_dem += dem;
            m->region_slack[g * D + d] =
                p->demand_t_d ? m->region_slack[g * D + d] - dem + imp : INFINITY;
        }
        m->total_slack[d] = p->demand_t_d ? tot_run - tot_dem : INFINITY;
    }
    return JE_OK;
}

int sg_counts_as_restart(const je_stagger_problem *p, const sg_model *m, size_t l, size_t d)
{
    return d < p->n_fixed_days || m->forced[l * m->D + d] != 1;
}

/* Jurisdiction limits, then every limit raised to what the forced stops take. */
static je_status precedence(const je_stagger_problem *p, const je_stagger_rules *r, sg_model *m)
{
    size_t L = p->n_lines, D = p->n_days, R = p->n_regions, J = p->n_jurisdictions;
    m->jur_limit = malloc(J * D * sizeof *m->jur_limit);
    double *fr = calloc(R + J + 1, sizeof *fr);
    if (!m->jur_limit || !fr) {
        free(fr);
        return JE_ENOMEM;
    }
    for (size_t d = 0; d < D; d++) {
        memset(fr, 0, (R + J + 1) * sizeof *fr);
        for (size_t l = 0; l < L; l++) {
            if (m->forced[l * D + d] != 1)
                continue;
            const je_stagger_line *ln = &p->lines[l];
            double eff = ln->capacity_t_d * m->capf[l * D + d];
            fr[ln->region] += eff;
            fr[R + (size_t)ln->jurisdiction] += ln->capacity_t_d;
            fr[R + J] += eff;
        }
        for (size_t g = 0; g < R; g++)
            m->region_slack[g * D + d] = fmax(m->region_slack[g * D + d], fr[g]);
        m->total_slack[d] = fmax(m->total_slack[d], fr[R + J]);
        for (size_t j = 0; j < J; j++)
            m->jur_limit[j * D + d] = r->max_jur_stop_share < 1
                                          ? fmax(r->max_jur_stop_share * m->jur_cap[j], fr[R + j])
                                          : INFINITY;
    }
    free(fr);
    if (!m->net)
        return JE_OK;
    /* The network with only the forced stops: where even that fails, no planned stop
       may be added that day (alerts come first). */
    double *stopped = calloc(R, sizeof *stopped),
           *scratch = malloc(sg_net_scratch(R) * sizeof(double));
    if (!stopped || !scratch) {
        free(stopped);
        free(scratch);
        return JE_ENOMEM;
    }
    for (size_t d = 0; d < D; d++) {
        memset(stopped, 0, R * sizeof *stopped);
        for (size_t l = 0; l < L; l++)
            if (m->forced[l * D + d] == 1)
                stopped[p->lines[l].region] += p->lines[l].capacity_t_d * m->capf[l * D + d];
        m->net_locked[d] = !sg_net_feasible(p, m, d, stopped, scratch);
    }
    free(stopped);
    free(scratch);
    return JE_OK;
}

void sg_model_free(sg_model *m)
{
    if (!m)
        return;
    free(m->months);
    free(m->quarters);
    free(m->month_of_day);
    free(m->mult);
    free(m->exempt);
    free(m->total_min);
    free(m->total_max);
    free(m->counts);
    free(m->capf);
    free(m->forced);
    free(m->half);
    free(m->half_lines);
    free(m->jur_cap);
    free(m->region_slack);
    free(m->total_slack);
    free(m->jur_limit);
    free(m->net_locked);
    free(m->run_full);
    memset(m, 0, sizeof *m);
}

static je_status build(const je_stagger_problem *p, const je_stagger_rules *r, sg_model *m)
{
    size_t L = p->n_lines, D = p->n_days;
    m->L = L;
    m->D = D;
    je_status st = periods(p, m);
    if (st != JE_OK)
        return st;
    m->mult = calloc(L, sizeof *m->mult);
    m->exempt = calloc(L, sizeof *m->exempt);
    m->total_min = calloc(L, sizeof *m->total_min);
    m->total_max = calloc(L, sizeof *m->total_max);
    m->capf = malloc(L * D * sizeof *m->capf);
    m->forced = calloc(L * D, 1);
    m->jur_cap = calloc(p->n_jurisdictions, sizeof *m->jur_cap);
    if (!m->mult || !m->exempt || !m->total_min || !m->total_max || !m->capf || !m->forced ||
        !m->jur_cap)
        return JE_ENOMEM;
    for (size_t k = 0; k < L * D; k++)
        m->capf[k] = 1.0;
    size_t cap = 0;
    for (size_t l = 0; l < L; l++) {
        m->mult[l] = je_stagger_multiplier(r, &p->lines[l]);
        m->exempt[l] = m->mult[l] <= 0;
        if ((st = line_counts(p, r, m, (int)l, &cap)) != JE_OK)
            return st;
        m->jur_cap[p->lines[l].jurisdiction] += p->lines[l].capacity_t_d;
        m->cap_total += p->lines[l].capacity_t_d;
    }
    if ((st = alert_duties(p, r, m)) != JE_OK)
        return st;
    for (size_t l = 0; l < L; l++) {
        int fixed_stops = 0, forced = 0;
        for (size_t d = 0; d < D; d++) {
            uint8_t *f = &m->forced[l * D + d];
            if (d < p->n_fixed_days) {
                *f = p->fixed[l * D + d] ? 1 : 2;
                fixed_stops += *f == 1;
            } else {
                forced += *f == 1;
            }
        }
        /* Alert stops count toward the quota but may go beyond it: a line is never
         * made infeasible by an alert alone. */
        int max = (m->exempt[l] ? 0 : m->total_min[l] + r->max_extra_days) + forced;
        m->total_max[l] = max > fixed_stops + forced ? max : fixed_stops + forced;
    }
    if ((st = supply_slack(p, m)) != JE_OK)
        return st;
    return precedence(p, r, m);
}

je_status sg_model_build(const je_stagger_problem *p, const je_stagger_rules *r, sg_model *m,
                         je_error *err)
{
    memset(m, 0, sizeof *m);
    je_status st = build(p, r, m);
    if (st != JE_OK) {
        sg_model_free(m);
        return je_error_set(err, st, "out of memory deriving the stagger rules");
    }
    return JE_OK;
}

/* ---- objective -------------------------------------------------------------- */

double je_stagger_output_factor(const je_stagger_problem *p, const je_stagger_rules *r, size_t l,
                                size_t d)
{
    if (!p->alert || d < p->n_fixed_days || p->lines[l].city < 0 ||
        (size_t)p->lines[l].city >= p->n_cities)
        return 1.0;
    int lev = p->alert[(size_t)p->lines[l].city * p->n_days + d];
    je_grade g = p->lines[l].grade;
    return r->duty[g][lev] == JE_DUTY_CUT ? 1.0 - r->cut_share[g][lev] : 1.0;
}

double je_stagger_exposure(const je_stagger_problem *p, const je_stagger_rules *r,
                           const uint8_t *stop)
{
    if (!p || !r || !stop || !p->weight)
        return NAN;
    double s = 0;
    for (size_t l = 0; l < p->n_lines; l++)
        for (size_t d = 0; d < p->n_days; d++)
            if (!stop[l * p->n_days + d])
                s += p->weight[l * p->n_days + d] * je_stagger_output_factor(p, r, l, d);
    return s;
}

void je_stagger_tally_of(const je_stagger_problem *p, const je_stagger_rules *r, const uint8_t *stop,
                         const double *rates_g_s, int jurisdiction, je_stagger_tally *out)
{
    memset(out, 0, sizeof *out);
    if (!p || !r || !stop || !p->weight)
        return;
    size_t D = p->n_days;
    for (size_t l = 0; l < p->n_lines; l++) {
        if (jurisdiction >= 0 && p->lines[l].jurisdiction != jurisdiction)
            continue;
        for (size_t d = 0; d < D; d++) {
            double f = je_stagger_output_factor(p, r, l, d), w = p->weight[l * D + d] * f;
            if (!stop[l * D + d]) {
                out->exposure += w;
                continue;
            }
            out->avoided += w;
            out->stop_days++;
            for (size_t k = 0; rates_g_s && k < 3; k++) /* g/s over a day, in tonnes */
                out->emissions_t[k] += rates_g_s[l * 3 + k] * 86400.0 * f / 1e6;
        }
    }
}

static double total_weight(const je_stagger_problem *p, const je_stagger_rules *r)
{
    double s = 0;
    for (size_t l = 0; l < p->n_lines; l++)
        for (size_t d = 0; d < p->n_days; d++)
            s += p->weight[l * p->n_days + d] * je_stagger_output_factor(p, r, l, d);
    return s;
}

je_status je_stagger_lagrange_bound(const je_stagger_problem *p, const je_stagger_rules *r,
                                    double ub_exposure, double time_limit_s, double *out_bound,
                                    int *out_exact, je_error *err)
{
    if (!out_bound || !out_exact)
        return je_error_set(err, JE_EINVAL, "je_stagger_lagrange_bound: NULL output");
    *out_bound = NAN;
    *out_exact = 0;
    je_status st = sg_validate(p, r, err);
    if (st != JE_OK)
        return st;
    if (!(time_limit_s > 0))
        return je_error_set(err, JE_EINVAL, "je_stagger_lagrange_bound: time limit must be > 0");
    sg_model m;
    if ((st = sg_model_build(p, r, &m, err)) != JE_OK)
        return st;
    double c = total_weight(p, r), ub = isfinite(ub_exposure) ? ub_exposure : c, b;
    int it;
    st = sg_lagrange_bound(p, r, &m, ub - c, ub - c, time_limit_s, &b, out_exact, &it, NULL);
    sg_model_free(&m);
    if (st != JE_OK)
        return je_error_set(err, st, "out of memory for the Lagrangian bound");
    *out_bound = c + b;
    return JE_OK;
}

/* ---- planning --------------------------------------------------------------- */

void je_stagger_result_free(je_stagger_result *res)
{
    if (!res)
        return;
    free(res->stop);
    res->stop = NULL;
}

static void verdict(je_stagger_result *res, const je_stagger_report *rep)
{
    size_t n = strlen(res->message);
    if (rep->total == 0) {
        snprintf(res->message + n, sizeof res->message - n, "; checker: all rules met");
        return;
    }
    snprintf(res->message + n, sizeof res->message - n, "; checker: %zu violation(s), first: %s",
             rep->total, rep->items[0].message);
}

je_status je_stagger_plan(const je_stagger_problem *p, const je_stagger_rules *r,
                          const je_stagger_options *opts, je_stagger_result *res, je_error *err)
{
    if (!res)
        return je_error_set(err, JE_EINVAL, "je_stagger_plan: result is NULL");
    memset(res, 0, sizeof *res);
    res->status = JE_STAGGER_NO_SOLUTION;
    res->exposure = res->avoided = res->bound = res->gap = NAN;
    res->bound_mip = res->bound_lagrange = NAN;
    je_status st = sg_validate(p, r, err);
    if (st != JE_OK)
        return st;
    je_stagger_options o = opts ? *opts : (je_stagger_options){0};
    double t0 = sg_now();
    sg_model m;
    if ((st = sg_model_build(p, r, &m, err)) != JE_OK)
        return st;
    uint8_t *stop = calloc(p->n_lines * p->n_days, 1);
    if (!stop) {
        sg_model_free(&m);
        return je_error_set(err, JE_ENOMEM, "out of memory for the schedule");
    }
    if (o.solver == JE_STAGGER_HEURISTIC) {
        st = sg_solve_heuristic(p, r, &m, &o, stop, res, err);
    } else {
        /* Without a start, the heuristic's schedule (if it finds one) seeds CBC. */
        uint8_t *start = NULL;
        if (!o.start && (start = calloc(p->n_lines * p->n_days, 1)) != NULL) {
            je_stagger_options ho = o;
            ho.time_limit_s = o.time_limit_s > 0 ? fmin(1.0, o.time_limit_s / 4) : 1.0;
            je_stagger_result hr = {0};
            if (sg_solve_heuristic(p, r, &m, &ho, start, &hr, NULL) == JE_OK &&
                hr.status == JE_STAGGER_FEASIBLE)
                o.start = start;
        }
        st = sg_solve_mip(p, r, &m, &o, 0, stop, res, err);
        free(start);
    }
    sg_model_free(&m);
    res->seconds = sg_now() - t0;
    if (st != JE_OK || (res->status != JE_STAGGER_OPTIMAL && res->status != JE_STAGGER_FEASIBLE)) {
        free(stop);
        return st;
    }
    je_stagger_report rep;
    if ((st = je_stagger_check(p, r, stop, 1, &rep, err)) != JE_OK) {
        free(stop);
        return st;
    }
    verdict(res, &rep);
    if (rep.total > 0) {
        st = je_error_set(err, JE_EINTERNAL, "the %s schedule failed the checker: %s",
                          o.solver == JE_STAGGER_HEURISTIC ? "heuristic" : "MIP",
                          rep.items[0].message);
        je_stagger_report_free(&rep);
        free(stop);
        res->status = JE_STAGGER_NO_SOLUTION;
        return st;
    }
    je_stagger_report_free(&rep);
    res->stop = stop;
    res->exposure = je_stagger_exposure(p, r, stop);
    res->avoided = total_weight(p, r) - res->exposure;
    if (!isnan(res->bound))
        res->gap = res->exposure > 0 ? fmax(0, res->exposure - res->bound) / res->exposure : 0;
    return JE_OK;
}

/* ---- baselines -------------------------------------------------------------- */

static void place_quarter(const sg_model *m, size_t l, const sg_period *q, int n,
                          je_stagger_baseline_kind kind, uint64_t *rng, uint8_t *row)
{
    int len = q->end - q->start;
    if (n > len)
        n = len;
    if (kind == JE_STAGGER_UNIFORM) {
        int off = (int)((double)l * (double)len / (double)m->L);
        for (int k = 0; k < n; k++)
            row[q->start + (off + k) % len] = 1;
        return;
    }
    int placed = 0;
    while (placed < n) {
        int d = q->start + (int)(sg_rand(rng) % (uint64_t)len);
        if (!row[d]) {
            row[d] = 1;
            placed++;
        }
    }
}

je_status je_stagger_baseline(const je_stagger_problem *p, const je_stagger_rules *r,
                              je_stagger_baseline_kind kind, uint64_t seed, uint8_t **out,
                              je_error *err)
{
    if (!out)
        return je_error_set(err, JE_EINVAL, "je_stagger_baseline: out is NULL");
    *out = NULL;
    je_status st = sg_validate(p, r, err);
    if (st != JE_OK)
        return st;
    sg_model m;
    if ((st = sg_model_build(p, r, &m, err)) != JE_OK)
        return st;
    size_t D = p->n_days;
    uint8_t *s = calloc(p->n_lines * D, 1);
    if (!s) {
        sg_model_free(&m);
        return je_error_set(err, JE_ENOMEM, "out of memory for the baseline");
    }
    uint64_t rng = seed;
    for (size_t l = 0; l < p->n_lines; l++) {
        uint8_t *row = s + l * D;
        for (size_t k = 0; k < m.n_quarters && !m.exempt[l]; k++)
            place_quarter(&m, l, &m.quarters[k],
                          quarter_quota(r, &m.quarters[k], m.mult[l], relief_of(r, &p->lines[l])),
                          kind, &rng, row);
        for (size_t d = 0; d < D; d++)
            if (m.forced[l * D + d])
                row[d] = m.forced[l * D + d] == 1;
    }
    sg_model_free(&m);
    *out = s;
    return JE_OK;
}
