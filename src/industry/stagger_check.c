/*
 * stagger_check.c — the independent checker. It takes what each rule requires from
 * sg_model (the derivation in stagger.c) and counts the schedule itself: stop days
 * per window, stop runs and their starts, stopped capacity per region,
 * jurisdiction and day, stop-half groups, fairness. It shares no code with the
 * MILP or the heuristic, so a schedule that passes here is feasible whichever
 * solver produced it.
 */
#include "industry/stagger_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const je_stagger_problem *p;
    je_stagger_report *rep;
    size_t limit;
    int oom;
} checker;

static void add(checker *c, je_stagger_rule rule, long line, long day, long group, double value,
                double limit, const char *fmt, ...) JE_PRINTF(8, 9);

/* Messages are cut to fit, never an error (vsnprintf: no truncation warning). */
static void fit(char *buf, size_t size, const char *fmt, ...) JE_PRINTF(3, 4);

static void fit(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

static void add(checker *c, je_stagger_rule rule, long line, long day, long group, double value,
                double limit, const char *fmt, ...)
{
    je_stagger_report *r = c->rep;
    r->total++;
    r->by_rule[rule]++;
    if (r->count >= c->limit)
        return;
    je_stagger_violation *v = &r->items[r->count++];
    *v = (je_stagger_violation){rule, line, day, group, value, limit, ""};
    char what[160], where[64] = "", date[16] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (day >= 0) {
        int y, m, d;
        je_civil_from_days(c->p->first_day + day, &y, &m, &d);
        snprintf(date, sizeof date, " %04d-%02d-%02d", y % 10000, m % 100, d % 100);
    }
    if (line >= 0) {
        const char *code = c->p->lines[line].code;
        fit(where, sizeof where, "line %.24s%s", code ? code : "#", date);
        if (!code)
            fit(where, sizeof where, "line #%ld%s", line, date);
    } else {
        snprintf(where, sizeof where, "%s", date[0] ? date + 1 : "schedule");
    }
    fit(v->message, sizeof v->message, "%s: %s: %s", where, je_stagger_rule_name(rule), what);
}

static void check_counts(checker *c, const sg_model *m, const uint8_t *stop)
{
    for (size_t k = 0; k < m->n_counts; k++) {
        const sg_count *q = &m->counts[k];
        const uint8_t *row = stop + (size_t)q->line * m->D;
        int n = 0;
        for (int d = q->from; d < q->to; d++)
            n += row[d] != 0;
        if (n < q->need)
            add(c, q->rule, q->line, q->to - 1, -1, n, q->need,
                "%d stop days from day %d to day %d, at least %d required", n, q->from, q->to - 1,
                q->need);
    }
}

static void check_line(checker *c, const je_stagger_rules *r, const sg_model *m, size_t l,
                       const uint8_t *row)
{
    const je_stagger_problem *p = c->p;
    size_t D = m->D;
    int total = 0;
    int *starts = calloc(m->n_months, sizeof *starts);
    if (!starts) {
        c->oom = 1;
        return;
    }
    for (size_t d = 0; d < D; d++) {
        total += row[d] != 0;
        if (d < p->n_fixed_days && (row[d] != 0) != (p->fixed[l * D + d] != 0))
            add(c, JE_STAGGER_RULE_FIXED, (long)l, (long)d, -1, row[d] != 0,
                p->fixed[l * D + d] != 0, "the past day was %s, the schedule says %s",
                p->fixed[l * D + d] ? "stopped" : "running", row[d] ? "stopped" : "running");
        if (m->forced[l * D + d] == 3 && row[d])
            add(c, JE_STAGGER_RULE_HEATING, (long)l, (long)d, -1, 1, 0,
                "stops inside the heating season; a heating-duty line makes its days up "
                "outside it");
        if (d >= p->n_fixed_days && m->forced[l * D + d] == 1 && !row[d])
            add(c, JE_STAGGER_RULE_ALERT_STOP, (long)l, (long)d, p->lines[l].city, 0, 1,
                "runs on an alert day where its grade %s must stop",
                je_grade_name(p->lines[l].grade));
        if (!row[d] || (d > 0 && row[d - 1]))
            continue;
        if (sg_counts_as_restart(p, m, l, d))
            starts[m->month_of_day[d]]++;
        size_t e = d;
        while (e + 1 < D && row[e + 1])
            e++;
        long len = (long)(e - d + 1);
        if (e + 1 < D && len < r->min_run_days)
            add(c, JE_STAGGER_RULE_MIN_RUN, (long)l, (long)d, -1, (double)len, r->min_run_days,
                "a stop of %ld day(s), at least %d required", len, r->min_run_days);
    }
    if (total > m->total_max[l])
        add(c, JE_STAGGER_RULE_MAX_DAYS, (long)l, -1, -1, total, m->total_max[l],
            "%d stop days, at most %d allowed%s", total, m->total_max[l],
            m->exempt[l] ? " (exempt line)" : "");
    for (size_t k = 0; k < m->n_months && r->max_restarts_month > 0; k++)
        if (starts[k] > r->max_restarts_month)
            add(c, JE_STAGGER_RULE_RESTARTS, (long)l, m->months[k].start, -1, starts[k],
                r->max_restarts_month, "%d stops begin in %04d-%02d, at most %d allowed", starts[k],
                m->months[k].year % 10000, m->months[k].month % 100, r->max_restarts_month);
    free(starts);
}

static void check_days(checker *c, const je_stagger_rules *r, const sg_model *m,
                       const uint8_t *stop)
{
    const je_stagger_problem *p = c->p;
    size_t D = m->D, R = p->n_regions, J = p->n_jurisdictions;
    double *reg = malloc(R * sizeof *reg), *jur = malloc(J * sizeof *jur);
    if (!reg || !jur) {
        c->oom = 1;
        free(reg);
        free(jur);
        return;
    }
    for (size_t d = 0; d < D; d++) {
        double tot = 0;
        memset(reg, 0, R * sizeof *reg);
        memset(jur, 0, J * sizeof *jur);
        for (size_t l = 0; l < m->L; l++) {
            if (!stop[l * D + d])
                continue;
            const je_stagger_line *ln = &p->lines[l];
            double eff = ln->capacity_t_d * m->capf[l * D + d];
            reg[ln->region] += eff;
            jur[ln->jurisdiction] += ln->capacity_t_d;
            tot += eff;
        }
        for (size_t g = 0; g < R && !m->net; g++) {
            double s = m->region_slack[g * D + d];
            if (reg[g] > s + 1e-6 * (1 + fabs(s)) || (s < 0 && !(reg[g] > 0) && s < -1e-6))
                add(c, JE_STAGGER_RULE_SUPPLY_REGION, -1, (long)d, (long)g, reg[g], s,
                    "region %zu: %.0f t/d stopped, at most %.0f t/d may be", g, reg[g], s);
        }
        double ts = m->total_slack[d];
        if (!m->net && (tot > ts + 1e-6 * (1 + fabs(ts)) || ts < -1e-6))
            add(c, JE_STAGGER_RULE_SUPPLY_TOTAL, -1, (long)d, -1, tot, ts,
                "%.0f t/d stopped in all, at most %.0f t/d may be", tot, ts);
        for (size_t j = 0; j < J && r->max_jur_stop_share < 1; j++) {
            double lim = m->jur_limit[j * D + d];
            if (jur[j] > lim + 1e-6 * (1 + lim))
                add(c, JE_STAGGER_RULE_JUR_SHARE, -1, (long)d, (long)j, jur[j], lim,
                    "jurisdiction %zu: %.0f t/d stopped, at most %.0f t/d (%.0f %%)", j, jur[j],
                    lim, 100 * r->max_jur_stop_share);
        }
    }
    free(reg);
    free(jur);
}

static const char *region_name(const je_stagger_problem *p, size_t g, char *buf, size_t size)
{
    if (p->region_names && p->region_names[g])
        return p->region_names[g];
    snprintf(buf, size, "region %zu", g);
    return buf;
}

/* The transfer network, day by day, by its cut condition (Gale 1957): for every set S
 * of regions, demand(S) − running(S) ≤ the capacity of the arcs into S from outside.
 * Every set is tried (at most 2^12), so this shares nothing with the solvers'
 * max-flow. The set short by most is reported, with its regions. On a day where the
 * forced stops alone fail (net_locked, derived in stagger.c), planned stops are. */
static void check_network(checker *c, const sg_model *m, const uint8_t *stop)
{
    const je_stagger_problem *p = c->p;
    size_t D = m->D, R = p->n_regions, NS = (size_t)1 << R;
    double *def = calloc(R, sizeof *def), *sum = malloc(NS * sizeof *sum);
    if (!def || !sum) {
        c->oom = 1;
        free(def);
        free(sum);
        return;
    }
    for (size_t d = 0; d < D; d++) {
        long planned = 0;
        for (size_t g = 0; g < R; g++)
            def[g] = p->demand_t_d[g * D + d];
        for (size_t l = 0; l < m->L; l++) {
            const je_stagger_line *ln = &p->lines[l];
            if (!stop[l * D + d])
                def[ln->region] -= ln->capacity_t_d * m->capf[l * D + d];
            else
                planned += m->forced[l * D + d] != 1;
        }
        if (m->net_locked[d]) {
            if (planned > 0)
                add(c, JE_STAGGER_RULE_SUPPLY_TRANSFER, -1, (long)d, -1, (double)planned, 0,
                    "the alert stops alone leave demand unmet; %ld planned stop(s) added", planned);
            continue;
        }
        size_t worst = 0;
        double worst_short = 0;
        sum[0] = 0;
        for (size_t S = 1; S < NS; S++) {
            size_t low = (size_t)__builtin_ctzll((unsigned long long)S);
            sum[S] = sum[S & (S - 1)] + def[low];
            double in = 0;
            for (size_t a = 0; a < p->n_arcs; a++)
                if ((S >> p->arcs[a].to & 1) && !(S >> p->arcs[a].from & 1))
                    in += p->arcs[a].cap_t_d;
            if (sum[S] - in > worst_short) {
                worst_short = sum[S] - in;
                worst = S;
            }
        }
        double dem = 0;
        for (size_t g = 0; g < R; g++)
            dem += p->demand_t_d[g * D + d];
        if (worst_short <= 1e-6 * (1 + dem))
            continue;
        char names[120] = "", buf[32];
        size_t n = 0, first = 0;
        for (size_t g = 0; g < R; g++)
            if (worst >> g & 1) {
                if (n == 0)
                    first = g;
                size_t len = strlen(names);
                snprintf(names + len, sizeof names - len, "%s%s", n++ ? "+" : "",
                         region_name(p, g, buf, sizeof buf));
            }
        add(c, JE_STAGGER_RULE_SUPPLY_TRANSFER, -1, (long)d, (long)first, worst_short, 0,
            "%s short by %.0f t/d beyond what the transfer arcs into %s can bring", names,
            worst_short, n > 1 ? "them" : "it");
    }
    free(def);
    free(sum);
}

static void check_half(checker *c, const sg_model *m, const uint8_t *stop)
{
    for (size_t k = 0; k < m->n_half; k++) {
        const sg_half *h = &m->half[k];
        int n = 0;
        for (size_t i = 0; i < h->n; i++)
            n += stop[(size_t)m->half_lines[h->first + i] * m->D + (size_t)h->day] != 0;
        if (n < h->need)
            add(c, JE_STAGGER_RULE_ALERT_HALF, -1, h->day, h->city, n, h->need,
                "city %d: %d of %zu lines stopped, at least %d must", h->city, n, h->n, h->need);
    }
}

static void check_fairness(checker *c, const je_stagger_rules *r, const sg_model *m,
                           const uint8_t *stop)
{
    const je_stagger_problem *p = c->p;
    if (r->fairness_tol < 0 || p->n_jurisdictions < 2)
        return;
    double *js = calloc(p->n_jurisdictions, sizeof *js);
    if (!js) {
        c->oom = 1;
        return;
    }
    double all = 0;
    for (size_t l = 0; l < m->L; l++) {
        int n = 0;
        for (size_t d = 0; d < m->D; d++)
            n += stop[l * m->D + d] != 0;
        js[p->lines[l].jurisdiction] += p->lines[l].capacity_t_d * n;
        all += p->lines[l].capacity_t_d * n;
    }
    for (size_t j = 0; j < p->n_jurisdictions && all > 0; j++) {
        double share = js[j] / all, target = m->jur_cap[j] / m->cap_total;
        if (fabs(share - target) > r->fairness_tol + 1e-9)
            add(c, JE_STAGGER_RULE_FAIRNESS, -1, -1, (long)j, share, target,
                "jurisdiction %zu bears %.1f %% of stop days, its capacity share is %.1f %% "
                "(tolerance %.1f points)",
                j, 100 * share, 100 * target, 100 * r->fairness_tol);
    }
    free(js);
}

void je_stagger_report_free(je_stagger_report *rep)
{
    if (!rep)
        return;
    free(rep->items);
    memset(rep, 0, sizeof *rep);
}

je_status je_stagger_check(const je_stagger_problem *p, const je_stagger_rules *r,
                           const uint8_t *stop, size_t limit, je_stagger_report *rep, je_error *err)
{
    if (!rep || !stop)
        return je_error_set(err, JE_EINVAL, "je_stagger_check: NULL schedule or report");
    memset(rep, 0, sizeof *rep);
    je_status st = sg_validate(p, r, err);
    if (st != JE_OK)
        return st;
    checker c = {p, rep, limit ? limit : 100, 0};
    rep->items = calloc(c.limit, sizeof *rep->items);
    if (!rep->items)
        return je_error_set(err, JE_ENOMEM, "out of memory for the check report");
    sg_model m;
    if ((st = sg_model_build(p, r, &m, err)) != JE_OK) {
        je_stagger_report_free(rep);
        return st;
    }
    check_counts(&c, &m, stop);
    for (size_t l = 0; l < m.L && !c.oom; l++)
        check_line(&c, r, &m, l, stop + l * m.D);
    if (!c.oom)
        check_days(&c, r, &m, stop);
    if (!c.oom && m.net)
        check_network(&c, &m, stop);
    check_half(&c, &m, stop);
    if (!c.oom)
        check_fairness(&c, r, &m, stop);
    sg_model_free(&m);
    if (c.oom) {
        je_stagger_report_free(rep);
        return je_error_set(err, JE_ENOMEM, "out of memory checking the schedule");
    }
    return JE_OK;
}
