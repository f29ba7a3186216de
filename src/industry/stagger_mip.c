/*
 * stagger_mip.c — the schedule as a mixed-integer program, solved through solver.h.
 *
 *   x[l][d] ∈ {0,1}   line l stopped on day d (fixed to 1 on a stop-duty day or a past
 *                     stop, to 0 on a past running day)
 *   u[l][d], v[l][d] ∈ [0,1]  a stop of line l begins / ends on day d
 *                     (continuous; integral whenever x is)
 *
 *   minimise  Σ w[l][d] f[l][d] (1 − x[l][d])          (exposure of running lines;
 *                                                        the constant is added back)
 *   counts    Σ_{d∈[from,to)} x[l][d] ≥ need            (quarter, monthly, month rules)
 *   total     Σ_d x[l][d] ≤ total_max[l]
 *   starts    u[l][d] − v[l][d] = x[l][d] − x[l][d−1]   (x[l][−1] = 0: running before;
 *                                                        with the min-run rows this is
 *                                                        Rajan & Takriti's (2005) tight
 *                                                        min-up formulation)
 *   min run   Σ_{τ=d−L+1..d} u[l][τ] ≤ x[l][d]          (a stop begun in the last L days
 *                                                        still holds on day d)
 *   restarts  Σ_{d∈month} u[l][d] ≤ R
 *   supply    Σ_{l∈region} cap f x ≤ slack[region][d];  Σ_l cap f x ≤ slack[d]
 *             (import caps), or with a transfer network, flows y[a][d] ∈ [0, cap_a]:
 *             Σ_{l∈r} cap f (1 − x) + Σ_{a→r} y − Σ_{r→a} y ≥ demand[r][d]
 *   share     Σ_{l∈J} cap x ≤ share × cap_J
 *   half      Σ_{l∈group} x[l][d] ≥ ⌈n/2⌉
 *   fairness  (c_J − tol) S ≤ S_J ≤ (c_J + tol) S, S_J = Σ_{l∈J} cap_l Σ_d x, S = Σ_J S_J
 *
 * The per-line part (counts, total, Rajan–Takriti starts and min run, restarts) is
 * close to its convex hull: with the coupling rows (supply, share, fairness) left
 * out, the 120-line benchmark season's LP bound is 14,899.5 and its proven integer
 * optimum 14,906.9 (0.05 %; measured 2026-11-29). The weak part of the bound is the
 * coupling: 15,332 at the root against schedules of 15,589 — lines that cannot be
 * split between days, not a loose per-line row, so per-line cuts do not close it.
 *
 * The solve (sg_solve_mip), from a checked start (the heuristic's schedule):
 *  1. the Lagrangian bound (stagger_lagrange.c), and the heuristic re-run on its
 *     priced costs then locally searched on the true weights (priced_heuristic);
 *  2. the neighbourhood search, when asked for (lns_s);
 *  3. CBC's root bound (je_lp_params.bound_only: preprocessing, knapsack covers and
 *     two-step MIR) on one thread while the exchange search improves the incumbent
 *     on the other; the better of the two bounds may already prove the target gap;
 *  4. otherwise CBC's branch and bound from the incumbent for the time left.
 * On the 120-line benchmark season (docs/BENCHMARKS.md) step 1 brings the schedule
 * from 15,548 to about 15,425–15,433 and step 3 proves about 0.3 % (bound 15,381) — CBC's search
 * (step 4) had found nothing better than its start in a minute, and its bound after
 * a minute was no better than the root's.
 *
 * The target gap (rel_gap) is on exposure; CBC is asked for the matching gap on its
 * own objective (solve_once) and the exposure gap is checked after the solve.
 *
 * `disabled` (a bit per je_stagger_rule) leaves rule families out; the diagnosis
 * re-solves with one family out at a time to name the ones that make it infeasible.
 */
#include "industry/stagger_internal.h"
#include "jointenv/solver.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ON(rule) (!(disabled & (1u << (rule))))

typedef struct {
    je_lp *lp;
    int *x, *u, *v; /* column index per line-day (−1: a fixed line); u, v may be NULL */
    int *col;       /* scratch row buffer */
    double *val;
    size_t cap, D;
    je_error *err;
    /* A neighbourhood (sub-MIP of the large-neighbourhood search): only the lines with
       free[l] have columns; the others keep fix[] and enter the rows as constants. */
    const uint8_t *free, *fix;
    double konst; /* the fixed lines' part of the row being built */
} mip;

static int line_free(const mip *M, size_t l)
{
    return !M->free || M->free[l];
}

/* coef·x[l][d] into the row being built: a column, or a fixed line's constant. */
static void term(mip *M, size_t *n, size_t l, size_t d, double coef)
{
    int c = M->x[l * M->D + d];
    if (c >= 0) {
        M->col[*n] = c;
        M->val[(*n)++] = coef;
    } else if (M->fix[l * M->D + d]) {
        M->konst += coef;
    }
}

static je_status row(mip *M, size_t n, double lo, double hi)
{
    double k = M->konst;
    M->konst = 0;
    if (n == 0)
        return JE_OK; /* only fixed lines: the incumbent meets it */
    return je_lp_add_row(M->lp, n, M->col, M->val, lo - k, hi - k, NULL, NULL, M->err);
}

static je_status add_columns(mip *M, const je_stagger_problem *p, const je_stagger_rules *r,
                             const sg_model *m, uint32_t disabled, int feasibility)
{
    size_t L = m->L, D = m->D;
    je_status st = JE_OK;
    for (size_t l = 0; l < L && st == JE_OK; l++)
        for (size_t d = 0; d < D && st == JE_OK; d++) {
            if (!line_free(M, l)) {
                M->x[l * D + d] = -1;
                continue;
            }
            uint8_t f = m->forced[l * D + d];
            int fixed = d < p->n_fixed_days;
            double lo = 0, hi = 1;
            if (f == 1 && (fixed ? ON(JE_STAGGER_RULE_FIXED) : ON(JE_STAGGER_RULE_ALERT_STOP)))
                lo = 1;
            if (f == 2 && ON(JE_STAGGER_RULE_FIXED))
                hi = 0;
            if (f == 3 && ON(JE_STAGGER_RULE_HEATING))
                hi = 0;
            /* the forced stops alone overload the network that day: no planned stop */
            if (m->net && m->net_locked[d] && f != 1 && ON(JE_STAGGER_RULE_SUPPLY_TRANSFER))
                hi = 0;
            double cost = feasibility ? 0 : -p->weight[l * D + d] * m->capf[l * D + d];
            st = je_lp_add_col(M->lp, lo, hi, cost, 1, NULL, &M->x[l * D + d], M->err);
        }
    int need_u = (r->min_run_days > 1 && ON(JE_STAGGER_RULE_MIN_RUN)) ||
                 (r->max_restarts_month > 0 && ON(JE_STAGGER_RULE_RESTARTS));
    if (!need_u || st != JE_OK)
        return st;
    M->u = malloc(L * D * sizeof *M->u);
    if (!M->u)
        return je_error_set(M->err, JE_ENOMEM, "out of memory building the MILP");
    M->v = malloc(L * D * sizeof *M->v);
    if (!M->v)
        return je_error_set(M->err, JE_ENOMEM, "out of memory building the MILP");
    for (size_t k = 0; k < L * D && st == JE_OK; k++) {
        if (!line_free(M, k / D)) {
            M->u[k] = M->v[k] = -1;
            continue;
        }
        st = je_lp_add_col(M->lp, 0, 1, 0, 0, NULL, &M->u[k], M->err);
        if (st == JE_OK)
            st = je_lp_add_col(M->lp, 0, 1, 0, 0, NULL, &M->v[k], M->err);
    }
    return st;
}

static je_status line_rows(mip *M, const je_stagger_problem *p, const je_stagger_rules *r,
                           const sg_model *m, uint32_t disabled)
{
    size_t L = m->L, D = m->D;
    int Lr = r->min_run_days;
    je_status st = JE_OK;
    for (size_t k = 0; k < m->n_counts && st == JE_OK; k++) {
        const sg_count *c = &m->counts[k];
        if (!ON(c->rule) || !line_free(M, (size_t)c->line))
            continue;
        size_t n = 0;
        for (int d = c->from; d < c->to; d++) {
            M->col[n] = M->x[(size_t)c->line * D + (size_t)d];
            M->val[n++] = 1;
        }
        st = row(M, n, c->need, INFINITY);
    }
    for (size_t l = 0; l < L && st == JE_OK; l++) {
        const int *x = M->x + l * D;
        if (!line_free(M, l))
            continue;
        if (ON(JE_STAGGER_RULE_MAX_DAYS)) {
            for (size_t d = 0; d < D; d++) {
                M->col[d] = x[d];
                M->val[d] = 1;
            }
            st = row(M, D, -INFINITY, m->total_max[l]);
        }
        if (!M->u)
            continue;
        const int *u = M->u + l * D, *v = M->v + l * D;
        for (size_t d = 0; d < D && st == JE_OK; d++) {
            M->col[0] = u[d], M->val[0] = 1;
            M->col[1] = v[d], M->val[1] = -1;
            M->col[2] = x[d], M->val[2] = -1;
            M->col[3] = d > 0 ? x[d - 1] : 0, M->val[3] = 1;
            st = row(M, d > 0 ? 4 : 3, 0, 0);
            if (st != JE_OK || Lr <= 1 || !ON(JE_STAGGER_RULE_MIN_RUN))
                continue;
            size_t n = 0;
            for (size_t t = d + 1 > (size_t)Lr ? d + 1 - (size_t)Lr : 0; t <= d; t++) {
                M->col[n] = u[t];
                M->val[n++] = 1;
            }
            M->col[n] = x[d];
            M->val[n++] = -1;
            st = row(M, n, -INFINITY, 0);
        }
        for (size_t k = 0; k < m->n_months && st == JE_OK; k++) {
            if (r->max_restarts_month <= 0 || !ON(JE_STAGGER_RULE_RESTARTS))
                break;
            size_t n = 0;
            for (int d = m->months[k].start; d < m->months[k].end; d++) {
                if (!sg_counts_as_restart(p, m, l, (size_t)d))
                    continue;
                M->col[n] = u[d];
                M->val[n++] = 1;
            }
            st = row(M, n, -INFINITY, r->max_restarts_month);
        }
    }
    return st;
}

/* The transfer network of day d: a flow column per arc and a balance row per region,
 * −Σ_{l∈r} cap f x + Σ_in y − Σ_out y ≥ demand − Σ_{l∈r} cap f. */
static je_status flow_rows(mip *M, const je_stagger_problem *p, const sg_model *m, size_t d)
{
    size_t L = m->L, D = m->D, A = p->n_arcs;
    je_status st = JE_OK;
    int *y = malloc((A + 1) * sizeof *y); /* the arc columns of day d */
    if (!y)
        return je_error_set(M->err, JE_ENOMEM, "out of memory building the MILP");
    for (size_t a = 0; a < A && st == JE_OK; a++)
        st = je_lp_add_col(M->lp, 0, p->arcs[a].cap_t_d, 0, 0, NULL, &y[a], M->err);
    for (size_t g = 0; g < p->n_regions && st == JE_OK; g++) {
        size_t n = 0;
        for (size_t l = 0; l < L; l++)
            if ((size_t)p->lines[l].region == g)
                term(M, &n, l, d, -p->lines[l].capacity_t_d * m->capf[l * D + d]);
        for (size_t a = 0; a < A; a++) {
            double sgn = (size_t)p->arcs[a].to == g ? 1 : (size_t)p->arcs[a].from == g ? -1 : 0;
            if (sgn != 0) {
                M->col[n] = y[a];
                M->val[n++] = sgn;
            }
        }
        st = row(M, n, p->demand_t_d[g * D + d] - m->run_full[g * D + d], INFINITY);
    }
    free(y);
    return st;
}

static je_status day_rows(mip *M, const je_stagger_problem *p, const je_stagger_rules *r,
                          const sg_model *m, uint32_t disabled)
{
    size_t L = m->L, D = m->D;
    je_status st = JE_OK;
    for (size_t d = 0; d < D && st == JE_OK; d++) {
        if (m->net && !m->net_locked[d] && ON(JE_STAGGER_RULE_SUPPLY_TRANSFER))
            st = flow_rows(M, p, m, d);
        for (size_t g = 0; g < p->n_regions && st == JE_OK; g++) {
            double s = m->region_slack[g * D + d];
            if (!isfinite(s) || !ON(JE_STAGGER_RULE_SUPPLY_REGION) || m->net)
                continue;
            size_t n = 0;
            for (size_t l = 0; l < L; l++)
                if ((size_t)p->lines[l].region == g)
                    term(M, &n, l, d, p->lines[l].capacity_t_d * m->capf[l * D + d]);
            st = row(M, n, -INFINITY, s);
        }
        /* The total row is implied where the jurisdictions' share limits add up to
           no more than it allows (as shipped: 60 % of each, 60 % in all) — every
           stopped t/d is counted by some share row and cap × f ≤ cap. */
        double shares = 0;
        for (size_t j = 0; j < p->n_jurisdictions; j++)
            shares += r->max_jur_stop_share < 1 && ON(JE_STAGGER_RULE_JUR_SHARE)
                          ? m->jur_limit[j * D + d]
                          : INFINITY;
        if (st == JE_OK && isfinite(m->total_slack[d]) && ON(JE_STAGGER_RULE_SUPPLY_TOTAL) &&
            !m->net && /* the flow rows imply it */
            !(shares <= m->total_slack[d])) {
            size_t n = 0;
            for (size_t l = 0; l < L; l++)
                term(M, &n, l, d, p->lines[l].capacity_t_d * m->capf[l * D + d]);
            st = row(M, n, -INFINITY, m->total_slack[d]);
        }
        for (size_t j = 0; j < p->n_jurisdictions && st == JE_OK; j++) {
            if (r->max_jur_stop_share >= 1 || !ON(JE_STAGGER_RULE_JUR_SHARE))
                break;
            size_t n = 0;
            for (size_t l = 0; l < L; l++)
                if ((size_t)p->lines[l].jurisdiction == j)
                    term(M, &n, l, d, p->lines[l].capacity_t_d);
            st = row(M, n, -INFINITY, m->jur_limit[j * D + d]);
        }
    }
    for (size_t k = 0; k < m->n_half && st == JE_OK && ON(JE_STAGGER_RULE_ALERT_HALF); k++) {
        const sg_half *h = &m->half[k];
        size_t n = 0;
        for (size_t i = 0; i < h->n; i++)
            term(M, &n, (size_t)m->half_lines[h->first + i], (size_t)h->day, 1);
        st = row(M, n, h->need, INFINITY);
    }
    return st;
}

/* Is the fairness row a·S_J + b·S_other ≥ 0 (side 0) or ≤ 0 (side 1) implied by the
 * bounds on each line's stop days (the quota, which the counts enforce, and the
 * maximum)? As shipped every line stops exactly its quota, so S_J is fixed: a row
 * then holds for every schedule (left out: two dense rows over every x less for the
 * LP) or for none (kept: infeasible, as it should be). CBC's preprocessing, which
 * would find them, is off when a start is given (src/solver/cbc.c). */
static int fairness_implied(const je_stagger_problem *p, const sg_model *m, uint32_t disabled,
                            size_t j, double a, double b, int side)
{
    double lo[2] = {0, 0}, hi[2] = {0, 0}; /* [0]: S_J, [1]: S_other */
    for (size_t l = 0; l < m->L; l++) {
        int k = (size_t)p->lines[l].jurisdiction != j;
        double cap = p->lines[l].capacity_t_d;
        lo[k] += cap * (ON(JE_STAGGER_RULE_QUARTER) ? m->total_min[l] : 0);
        hi[k] += cap * (ON(JE_STAGGER_RULE_MAX_DAYS) ? m->total_max[l] : (double)m->D);
    }
    if (side == 0)
        return (a >= 0 ? a * lo[0] : a * hi[0]) + (b >= 0 ? b * lo[1] : b * hi[1]) >= 0;
    return (a >= 0 ? a * hi[0] : a * lo[0]) + (b >= 0 ? b * hi[1] : b * lo[1]) <= 0;
}

static je_status fairness_rows(mip *M, const je_stagger_problem *p, const je_stagger_rules *r,
                               const sg_model *m, uint32_t disabled)
{
    if (r->fairness_tol < 0 || p->n_jurisdictions < 2 || !ON(JE_STAGGER_RULE_FAIRNESS))
        return JE_OK;
    size_t L = m->L, D = m->D;
    je_status st = JE_OK;
    for (size_t j = 0; j < p->n_jurisdictions && st == JE_OK; j++) {
        double c = m->jur_cap[j] / m->cap_total;
        for (int side = 0; side < 2 && st == JE_OK; side++) {
            double t = side ? c + r->fairness_tol : c - r->fairness_tol;
            /* (1 − t) S_J − t S_other, as a row over x below */
            if (fairness_implied(p, m, disabled, j, 1 - t, -t, side))
                continue;
            size_t n = 0;
            for (size_t l = 0; l < L; l++) {
                double in = (size_t)p->lines[l].jurisdiction == j ? 1.0 : 0.0;
                double coef = p->lines[l].capacity_t_d * (in - t);
                for (size_t d = 0; d < D; d++)
                    term(M, &n, l, d, coef);
            }
            st = side ? row(M, n, -INFINITY, 0) : row(M, n, 0, INFINITY);
        }
    }
    return st;
}

static je_status build(mip *M, const je_stagger_problem *p, const je_stagger_rules *r,
                       const sg_model *m, uint32_t disabled, int feasibility)
{
    size_t LD = m->L * m->D;
    size_t cap = LD + m->D + (size_t)r->min_run_days + 2 * m->L + 3 * p->n_arcs + 8;
    M->D = m->D;
    M->x = malloc(LD * sizeof *M->x);
    M->col = malloc(cap * sizeof *M->col);
    M->val = malloc(cap * sizeof *M->val);
    if (!M->x || !M->col || !M->val)
        return je_error_set(M->err, JE_ENOMEM, "out of memory building the MILP");
    je_status st = je_lp_new(JE_LP_MINIMIZE, &M->lp, M->err);
    if (st == JE_OK)
        st = add_columns(M, p, r, m, disabled, feasibility);
    if (st == JE_OK)
        st = line_rows(M, p, r, m, disabled);
    if (st == JE_OK)
        st = day_rows(M, p, r, m, disabled);
    if (st == JE_OK)
        st = fairness_rows(M, p, r, m, disabled);
    return st;
}

static void mip_free(mip *M)
{
    je_lp_free(M->lp);
    free(M->x);
    free(M->u);
    free(M->v);
    free(M->col);
    free(M->val);
}

static double constant(const je_stagger_problem *p, const sg_model *m)
{
    double s = 0;
    for (size_t k = 0; k < m->L * m->D; k++)
        s += p->weight[k] * m->capf[k];
    return s;
}

/* Solve once with `disabled` rule families left out; without `stop` only
 * feasibility is asked (a zero objective: what the diagnosis needs, and fast). */
static je_status solve_once(const je_stagger_problem *p, const je_stagger_rules *r,
                            const sg_model *m, const je_stagger_options *o, uint32_t disabled,
                            double time_limit_s, uint8_t *stop, je_lp_result *lr, je_error *err)
{
    mip M = {.err = err};
    je_status st = build(&M, p, r, m, disabled, stop == NULL);
    double *start = NULL;
    if (st == JE_OK && o->start && disabled == 0) {
        start = calloc((size_t)je_lp_ncols(M.lp), sizeof *start);
        if (start)
            for (size_t k = 0; k < m->L * m->D; k++)
                if (M.x[k] >= 0)
                    start[M.x[k]] = o->start[k] ? 1.0 : 0.0;
    }
    /* rel_gap is on exposure (stagger.h); CBC measures its gap on its own objective,
     * −(weight stopped), whose size differs by the constant Σ w f. With a start of
     * exposure E and stopped weight A, a gap g on exposure is g·E/A on CBC's
     * objective: where few days stop (A ≪ E) CBC may stop much earlier. The ratio
     * is the start's; it falls as CBC improves on it, so 0.9 of it is asked and the
     * exposure gap is re-checked after the solve (sg_solve_mip). */
    double target = o->rel_gap > 0 ? o->rel_gap : 1e-4, cbc_gap = target;
    if (start && stop) {
        double e = 0, a = 0;
        for (size_t k = 0; k < m->L * m->D; k++)
            *(o->start[k] ? &a : &e) += p->weight[k] * m->capf[k];
        if (a > 0 && e > 0)
            cbc_gap = 0.9 * target * e / a;
    }
    je_lp_params prm = {
        .time_limit_s = time_limit_s, .rel_gap = cbc_gap, .threads = o->threads, .start = start};
    if (st == JE_OK)
        st = je_lp_solve(M.lp, &prm, lr, err);
    if (st == JE_OK && lr->x && stop)
        for (size_t k = 0; k < m->L * m->D; k++)
            stop[k] = M.x[k] >= 0 ? lr->x[M.x[k]] > 0.5 : M.fix[k];
    free(start);
    mip_free(&M);
    return st;
}

static void diagnose(const je_stagger_problem *p, const je_stagger_rules *r, const sg_model *m,
                     const je_stagger_options *o, je_stagger_result *res)
{
    double limit = o->time_limit_s > 0 ? fmin(o->time_limit_s, 20) : 20;
    for (int k = 0; k < JE_STAGGER_RULE_COUNT; k++) {
        je_lp_result lr;
        if (solve_once(p, r, m, o, 1u << k, limit, NULL, &lr, NULL) != JE_OK)
            continue;
        if (lr.status == JE_LP_OPTIMAL || lr.status == JE_LP_FEASIBLE)
            res->binding[res->n_binding++] = (je_stagger_rule)k;
        je_lp_result_free(&lr);
    }
}

static void describe(je_stagger_result *res, const je_lp_result *lr, double c)
{
    size_t n = (size_t)snprintf(res->message, sizeof res->message, "MIP: %s",
                                je_stagger_status_name(res->status));
    if (res->status == JE_STAGGER_INFEASIBLE) {
        if (res->n_binding == 0) {
            snprintf(res->message + n, sizeof res->message - n,
                     "; no single rule family explains it%s",
                     " (run with diagnose, or the rules conflict jointly)");
            return;
        }
        n += (size_t)snprintf(res->message + n, sizeof res->message - n, "; feasible without: ");
        for (size_t i = 0; i < res->n_binding && n < sizeof res->message; i++)
            n += (size_t)snprintf(res->message + n, sizeof res->message - n, "%s%s (%s)",
                                  i ? ", " : "", je_stagger_rule_name(res->binding[i]),
                                  je_stagger_rule_text(res->binding[i]));
        return;
    }
    /* the gap on exposure (the constant Σ w f added back), as in result.gap, with the
       bound that proves it */
    double ex = c + lr->objective, bd = res->bound;
    if (!isnan(ex) && !isnan(bd) && ex > 0)
        snprintf(res->message + n, sizeof res->message - n,
                 ", gap %.3f %% on exposure after %.2f s of CBC (bound: %s)",
                 100 * fmax(0, ex - bd) / ex, lr->seconds, res->bound_by);
}

static double exposure_of(const je_stagger_problem *p, const sg_model *m, const uint8_t *x)
{
    double e = 0;
    for (size_t k = 0; k < m->L * m->D; k++)
        if (!x[k])
            e += p->weight[k] * m->capf[k];
    return e;
}

/* One neighbourhood: the lines with free[l] re-solved exactly by CBC, the others as
 * in inc. The result (every line) in cand; 1 when CBC returned a schedule. */
static int solve_neighbourhood(const je_stagger_problem *p, const je_stagger_rules *r,
                               const sg_model *m, const je_stagger_options *o, const uint8_t *freel,
                               const uint8_t *inc, double limit_s, uint8_t *cand, je_error *err)
{
    size_t LD = m->L * m->D;
    mip M = {.err = err, .free = freel, .fix = inc};
    je_status st = build(&M, p, r, m, 0, 0);
    double *start = NULL;
    je_lp_result lr;
    int ok = 0;
    if (st == JE_OK && (start = calloc((size_t)je_lp_ncols(M.lp), sizeof *start)) != NULL) {
        for (size_t k = 0; k < LD; k++)
            if (M.x[k] >= 0)
                start[M.x[k]] = inc[k] ? 1.0 : 0.0;
        je_lp_params prm = {
            .time_limit_s = limit_s, .rel_gap = 1e-6, .threads = o->threads, .start = start};
        if (je_lp_solve(M.lp, &prm, &lr, err) == JE_OK) {
            if (lr.x && (lr.status == JE_LP_OPTIMAL || lr.status == JE_LP_FEASIBLE)) {
                for (size_t k = 0; k < LD; k++)
                    cand[k] = M.x[k] >= 0 ? lr.x[M.x[k]] > 0.5 : inc[k];
                ok = 1;
            }
            je_lp_result_free(&lr);
        }
    }
    free(start);
    mip_free(&M);
    return ok;
}

/* Large-neighbourhood search on the incumbent: a dozen lines of one jurisdiction or
 * one market region (the lines the shared rows couple) re-solved exactly together,
 * the rest fixed, accepted when exposure falls and the checker passes; until the
 * time, stop_at (an exposure the bound already proves optimal), or three rounds over
 * the lines without a gain. The number of improvements. */
#define LNS_LINES 12
static int lns(const je_stagger_problem *p, const je_stagger_rules *r, const sg_model *m,
               const je_stagger_options *o, uint8_t *inc, double limit_s, double stop_at,
               je_error *err)
{
    size_t L = m->L, D = m->D, LD = L * D, n_free = 0;
    uint8_t *freel = calloc(L, 1), *cand = malloc(LD);
    size_t *pool = malloc(L * sizeof *pool);
    int improved = 0;
    if (!freel || !cand || !pool)
        goto done;
    for (size_t l = 0; l < L; l++)
        n_free += !m->exempt[l];
    uint64_t rng = o->seed ^ 0x2545F4914F6CDD1DULL;
    double t0 = sg_now(), cur = exposure_of(p, m, inc);
    long fails = 0, max_fails = 3 * (long)(n_free / LNS_LINES + 1);
    for (unsigned it = 0; fails < max_fails && cur > stop_at && n_free > 0; it++) {
        double left = limit_s - (sg_now() - t0);
        if (left < 0.2)
            break;
        size_t l0 = (size_t)(sg_rand(&rng) % L);
        while (m->exempt[l0])
            l0 = (l0 + 1) % L;
        size_t n = 0;
        for (size_t l = 0; l < L; l++)
            if (!m->exempt[l] && (it % 2 ? p->lines[l].jurisdiction == p->lines[l0].jurisdiction
                                         : p->lines[l].region == p->lines[l0].region))
                pool[n++] = l;
        memset(freel, 0, L);
        for (size_t i = 0; i < n && i < LNS_LINES; i++) { /* a random dozen of them */
            size_t j = i + (size_t)(sg_rand(&rng) % (n - i)), t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
            freel[pool[i]] = 1;
        }
        if (!solve_neighbourhood(p, r, m, o, freel, inc, fmin(2.0, left), cand, err)) {
            fails++;
            continue;
        }
        double e = exposure_of(p, m, cand);
        je_stagger_report rep;
        if (e < cur - 1e-9 * (1 + cur) && je_stagger_check(p, r, cand, 1, &rep, NULL) == JE_OK) {
            int clean = rep.total == 0;
            je_stagger_report_free(&rep);
            if (clean) {
                memcpy(inc, cand, LD);
                cur = e;
                improved++;
                fails = 0;
                continue;
            }
        }
        fails++;
    }
done:
    free(freel);
    free(cand);
    free(pool);
    return improved;
}

/* A Lagrangian heuristic: the heuristic run again on the priced costs of the best
 * multipliers (each line-day's weight less the prices of the shared rows it loads,
 * shifted per line to stay ≥ 0: with the stop days per line fixed by the quota, a
 * shift changes nothing else), so that lines take the congested days' prices into
 * account rather than the order they are placed in. inc is replaced when the
 * result is checked and of lower exposure. */
static void priced_heuristic(const je_stagger_problem *p, const je_stagger_rules *r,
                             const sg_model *m, const je_stagger_options *o, const double *cost,
                             uint8_t *inc)
{
    size_t L = m->L, D = m->D, LD = L * D;
    double *w2 = malloc(LD * sizeof *w2);
    uint8_t *x2 = calloc(LD, 1);
    if (!w2 || !x2)
        goto done;
    for (size_t l = 0; l < L; l++) {
        double k = 0;
        for (size_t d = 0; d < D; d++)
            k = fmax(k, cost[l * D + d]);
        for (size_t d = 0; d < D; d++) {
            double f = m->capf[l * D + d];
            w2[l * D + d] = f > 0 ? (k - cost[l * D + d]) / f : 0;
        }
    }
    je_stagger_problem p2 = *p;
    p2.weight = w2;
    je_stagger_options ho = *o;
    ho.solver = JE_STAGGER_HEURISTIC;
    ho.time_limit_s = 2;
    je_stagger_result hr;
    memset(&hr, 0, sizeof hr);
    int passes;
    /* priced construction, then the local search on the true weights */
    if (sg_solve_heuristic(&p2, r, m, &ho, x2, &hr, NULL) != JE_OK ||
        hr.status != JE_STAGGER_FEASIBLE ||
        sg_improve_heuristic(p, r, m, &ho, 1, x2, &passes) != JE_OK ||
        exposure_of(p, m, x2) >= exposure_of(p, m, inc))
        goto done;
    je_stagger_report rep;
    if (je_stagger_check(p, r, x2, 1, &rep, NULL) == JE_OK) {
        if (rep.total == 0)
            memcpy(inc, x2, LD);
        je_stagger_report_free(&rep);
    }
done:
    free(w2);
    free(x2);
}

/* The Lagrangian bound on the start (stagger_lagrange.c), before CBC. 1 when it
 * proves the target gap on the start (the start is then the result); else inc (a
 * copy of the start) may be improved by the priced heuristic. */
static int lagrange_first(const je_stagger_problem *p, const je_stagger_rules *r, const sg_model *m,
                          const je_stagger_options *o, double c, sg_lagrange *lg, uint8_t *stop,
                          uint8_t *inc, je_stagger_result *res)
{
    size_t LD = m->L * m->D;
    double limit = o->lagrange_s > 0     ? o->lagrange_s
                   : o->time_limit_s > 0 ? fmin(10, o->time_limit_s / 10)
                                         : 5;
    double target = o->rel_gap > 0 ? o->rel_gap : 1e-4, e = 0;
    for (size_t k = 0; k < LD; k++)
        if (!o->start[k])
            e += p->weight[k] * m->capf[k];
    sg_lagrange_run(lg, e - c, e * (1 - target) - c, limit, NULL);
    double b = sg_lagrange_best(lg);
    if (!isfinite(b))
        return 0; /* +INFINITY: a line alone is infeasible; CBC will say so, with why */
    res->bound_lagrange = c + b;
    if (!inc) /* the start breaks a rule (the heuristic does not keep fairness): the
                 bound stands, but proves nothing about it */
        return 0;
    if (c + b < exposure_of(p, m, inc) * (1 - target))
        priced_heuristic(p, r, m, o, sg_lagrange_cost(lg), inc);
    e = exposure_of(p, m, inc);
    if (c + b < e * (1 - target))
        return 0;
    memcpy(stop, inc, LD);
    res->status = JE_STAGGER_OPTIMAL;
    res->bound = c + b;
    snprintf(res->bound_by, sizeof res->bound_by, "lagrangian");
    snprintf(res->message, sizeof res->message,
             "MIP: optimal, gap %.3f %% on exposure proven by the Lagrangian bound (%d "
             "iterations%s) on the %s schedule; CBC not needed",
             100 * fmax(0, e - res->bound) / e, sg_lagrange_iterations(lg),
             sg_lagrange_exact(lg) ? "" : ", some line rules relaxed",
             memcmp(inc, o->start, LD) == 0 ? "heuristic's" : "priced heuristic's");
    return 1;
}

/* CBC's bound at the root node (je_lp_params.bound_only), computed on its own
 * thread while the primal side improves the incumbent on the other: the model is
 * built there from the read-only problem, rules and model. */
typedef struct {
    const je_stagger_problem *p;
    const je_stagger_rules *r;
    const sg_model *m;
    double limit_s, c;
    double bound; /* on exposure; NAN when none */
    double seconds;
    je_status st;
    atomic_int done; /* set when the solve has returned */
} root_job;

static void *root_bound(void *arg)
{
    root_job *j = arg;
    mip M = {0};
    je_lp_result lr;
    j->bound = NAN;
    double t0 = sg_now();
    j->st = build(&M, j->p, j->r, j->m, 0, 0);
    je_lp_params prm = {.time_limit_s = j->limit_s, .threads = 1, .bound_only = 1};
    if (j->st == JE_OK && (j->st = je_lp_solve(M.lp, &prm, &lr, NULL)) == JE_OK) {
        if (!isnan(lr.bound))
            j->bound = j->c + lr.bound;
        je_lp_result_free(&lr);
    }
    mip_free(&M);
    j->seconds = sg_now() - t0;
    atomic_store(&j->done, 1);
    return NULL;
}

/* The incumbent inc improved by the exchange search until `until` (sg_now() time);
 * kept only when the checker passes it. */
static void exchanges(const je_stagger_problem *p, const je_stagger_rules *r, const sg_model *m,
                      const je_stagger_options *o, uint8_t *inc, double until)
{
    size_t LD = m->L * m->D;
    uint8_t *x = malloc(LD);
    je_stagger_options ho = *o;
    ho.time_limit_s = until - sg_now();
    int passes;
    if (!x || ho.time_limit_s < 0.05) {
        free(x);
        return;
    }
    memcpy(x, inc, LD);
    je_stagger_report rep;
    if (sg_improve_heuristic(p, r, m, &ho, 1, x, &passes) == JE_OK &&
        exposure_of(p, m, x) < exposure_of(p, m, inc) &&
        je_stagger_check(p, r, x, 1, &rep, NULL) == JE_OK) {
        if (rep.total == 0)
            memcpy(inc, x, LD);
        je_stagger_report_free(&rep);
    }
    free(x);
}

/* The root bound and the exchanges side by side (two threads when CBC may use two,
 * else one after the other), within the time left; once the exchange search has
 * ended, the Lagrangian steps go on (lg, from where they stopped; may be NULL)
 * until CBC returns, and if they raised the bound, the priced heuristic runs again
 * on the new prices. The root bound on exposure (NAN when none). */
static double root_and_exchanges(const je_stagger_problem *p, const je_stagger_rules *r,
                                 const sg_model *m, const je_stagger_options *o, double c,
                                 double left, sg_lagrange *lg, uint8_t *inc)
{
    /* CBC looks at its clock between cut passes (a few seconds each on the season):
       a margin keeps the whole solve within the caller's limit */
    double margin = fmin(3, 0.05 * left), target = o->rel_gap > 0 ? o->rel_gap : 1e-4;
    root_job j = {.p = p, .r = r, .m = m, .c = c, .limit_s = left - margin, .bound = NAN};
    atomic_init(&j.done, 0);
    double t0 = sg_now(), end = left > 0 ? t0 + left - margin : INFINITY;
    pthread_t th;
    int parallel = o->threads >= 2 && pthread_create(&th, NULL, root_bound, &j) == 0;
    if (parallel) {
        /* the exchange search ends by itself long before the root's cut loop */
        exchanges(p, r, m, o, inc, isfinite(end) ? end : t0 + 60);
        /* the priced schedule depends much on the multipliers (on the demo's season
           one set gave 0.41 %, another 0.54 %): each better set is tried */
        double priced_at = lg ? sg_lagrange_best(lg) : NAN;
        while (lg && !atomic_load(&j.done) && sg_now() < end && !sg_lagrange_stalled(lg) &&
               isfinite(sg_lagrange_best(lg))) {
            double e = exposure_of(p, m, inc);
            sg_lagrange_run(lg, e - c, e * (1 - target) - c, fmin(1, end - sg_now()), &j.done);
            double b = sg_lagrange_best(lg);
            if (b >= e * (1 - target) - c)
                break; /* proven: nothing more to learn from the prices */
            if (b > priced_at && sg_now() < end - 2) {
                priced_heuristic(p, r, m, o, sg_lagrange_cost(lg), inc);
                priced_at = b;
            }
        }
        pthread_join(th, NULL);
    } else {
        exchanges(p, r, m, o, inc, t0 + (left > 0 ? left / 4 : 15));
        if (left > 0)
            j.limit_s = fmax(1, left - margin - (sg_now() - t0));
        root_bound(&j);
    }
    return j.st == JE_OK ? j.bound : NAN;
}

/* res for an incumbent that the best bound proves within the target gap (no CBC
 * search needed). */
static void proven(je_stagger_result *res, const uint8_t *inc, uint8_t *stop, size_t LD,
                   double bound, const char *by, double e, const char *how)
{
    memcpy(stop, inc, LD);
    res->status = JE_STAGGER_OPTIMAL;
    res->bound = bound;
    snprintf(res->bound_by, sizeof res->bound_by, "%s", by);
    snprintf(res->message, sizeof res->message,
             "MIP: optimal, gap %.3f %% on exposure proven by the %s bound; %s",
             100 * fmax(0, e - bound) / e, by, how);
}

je_status sg_solve_mip(const je_stagger_problem *p, const je_stagger_rules *r, const sg_model *m,
                       const je_stagger_options *o, uint32_t disabled, uint8_t *stop,
                       je_stagger_result *res, je_error *err)
{
    double c = constant(p, m), t0 = sg_now();
    size_t LD = m->L * m->D;
    res->bound_mip = res->bound_lagrange = NAN;
    res->bound_by[0] = '\0';
    je_status st = JE_OK;
    je_stagger_options oo = *o;
    uint8_t *inc = NULL;
    int lns_gain = 0;
    double target = o->rel_gap > 0 ? o->rel_gap : 1e-4;
    if (o->lp_path && stop && disabled == 0) { /* the model, for another solver */
        mip W = {.err = err};
        st = build(&W, p, r, m, 0, 0);
        if (st == JE_OK)
            st = je_lp_write(W.lp, o->lp_path, err);
        mip_free(&W);
        if (st != JE_OK)
            return st;
    }
    /* an incumbent only from a start that keeps every rule (the checker's word) */
    je_stagger_report rep;
    if (o->start && stop && disabled == 0 &&
        je_stagger_check(p, r, o->start, 1, &rep, NULL) == JE_OK) {
        if (rep.total == 0 && (inc = malloc(LD)) != NULL) {
            memcpy(inc, o->start, LD);
            oo.start = inc;
        }
        je_stagger_report_free(&rep);
    }
    sg_lagrange *lg = NULL;
    if (o->start && stop && disabled == 0 && o->lagrange_s >= 0 &&
        (st = sg_lagrange_new(p, r, m, &lg)) != JE_OK) {
        free(inc);
        return je_error_set(err, st, "out of memory for the Lagrangian bound");
    }
    if (lg && lagrange_first(p, r, m, o, c, lg, stop, inc, res)) {
        sg_lagrange_free(lg);
        free(inc);
        return JE_OK;
    }
    double left = o->time_limit_s > 0 ? fmax(1, o->time_limit_s - (sg_now() - t0)) : 0;
    /* the large-neighbourhood search improves the start first (opt-in) */
    if (inc && o->lns_s > 0 && m->L > LNS_LINES) {
        double lb = res->bound_lagrange, stop_at = isnan(lb) ? -INFINITY : lb / (1 - target);
        lns_gain =
            lns(p, r, m, o, inc, left > 0 ? fmin(o->lns_s, left / 2) : o->lns_s, stop_at, NULL);
        if (exposure_of(p, m, inc) <= stop_at) { /* the Lagrangian bound proves it */
            char how[128];
            snprintf(how, sizeof how, "after %d neighbourhood improvement(s)", lns_gain);
            proven(res, inc, stop, LD, lb, "lagrangian", exposure_of(p, m, inc), how);
            sg_lagrange_free(lg);
            free(inc);
            return JE_OK;
        }
        left = o->time_limit_s > 0 ? fmax(1, o->time_limit_s - (sg_now() - t0)) : 0;
    }
    /* CBC's root bound beside the exchange search (issue 4: CBC's search found no
       better schedule than the start in 60 s on the season, and its bound after a
       minute of search is no better than the root's with cuts) */
    double root = NAN;
    if (inc) {
        root = root_and_exchanges(p, r, m, o, c, left, lg, inc);
        res->bound_mip = root;
        if (lg && isfinite(sg_lagrange_best(lg)))
            res->bound_lagrange = c + sg_lagrange_best(lg);
        sg_lagrange_free(lg);
        lg = NULL;
        double e = exposure_of(p, m, inc), lag = res->bound_lagrange;
        double best = isnan(root) ? lag : isnan(lag) ? root : fmax(root, lag);
        if (!isnan(best) && e - best <= target * e) {
            char how[160];
            snprintf(how, sizeof how, "CBC's root node with cuts, beside the exchange search%s",
                     lns_gain > 0 ? "; start improved by the neighbourhood search" : "");
            proven(res, inc, stop, LD, best, !isnan(root) && best == root ? "cbc" : "lagrangian",
                   e, how);
            free(inc);
            return JE_OK;
        }
        left = o->time_limit_s > 0 ? o->time_limit_s - (sg_now() - t0) : 0;
        if (o->time_limit_s > 0 && left < 1) { /* the time is spent: the incumbent stands */
            memcpy(stop, inc, LD);
            free(inc);
            res->status = JE_STAGGER_FEASIBLE;
            res->bound = best;
            snprintf(res->bound_by, sizeof res->bound_by, "%s",
                     isnan(best) ? "" : !isnan(root) && best == root ? "cbc" : "lagrangian");
            snprintf(res->message, sizeof res->message,
                     "MIP: feasible, gap %.3f %% on exposure at the time limit (bound: %s, "
                     "CBC's root node with cuts; no time left for its search)",
                     isnan(best) ? NAN : 100 * fmax(0, e - best) / e,
                     res->bound_by[0] ? res->bound_by : "none");
            return JE_OK;
        }
    }
    sg_lagrange_free(lg); /* without an incumbent: not used further */
    /* CBC reads its clock between cut passes and nodes; its root's passes on a
       season take seconds (a 14 s limit ran 19 s on the demo's first quarter, a
       10.5 s one 14.4 s on its season): 40 % of the time left, at most 6 s, is kept
       in hand */
    if (left > 0 && inc)
        left = fmax(1, left - fmin(6, 0.4 * left));
    je_lp_result lr;
    st = solve_once(p, r, m, &oo, disabled, left, stop, &lr, err);
    if (st != JE_OK) {
        free(inc);
        return st;
    }
    /* CBC without a better schedule (its clock ran out first, or it found none): the
       checked incumbent stands */
    if (inc && (!lr.x || exposure_of(p, m, stop) > exposure_of(p, m, inc)) &&
        (lr.status == JE_LP_NO_SOLUTION || lr.status == JE_LP_FEASIBLE ||
         lr.status == JE_LP_OPTIMAL)) {
        memcpy(stop, inc, LD);
        if (lr.status == JE_LP_NO_SOLUTION)
            lr.status = JE_LP_FEASIBLE;
        lr.objective = exposure_of(p, m, inc) - c;
    }
    int have_inc = inc != NULL;
    free(inc);
    switch (lr.status) {
    case JE_LP_OPTIMAL:
        res->status = JE_STAGGER_OPTIMAL;
        break;
    case JE_LP_FEASIBLE:
        res->status = JE_STAGGER_FEASIBLE;
        break;
    case JE_LP_INFEASIBLE:
        res->status = JE_STAGGER_INFEASIBLE;
        break;
    case JE_LP_UNBOUNDED:
    case JE_LP_NO_SOLUTION:
        res->status = JE_STAGGER_NO_SOLUTION;
        break;
    }
    /* the larger of CBC's two bounds (the root's with cuts, the search's) */
    double bm = isnan(lr.bound) ? NAN : c + lr.bound;
    res->bound_mip = isnan(bm) ? root : isnan(root) ? bm : fmax(bm, root);
    res->bound = res->bound_mip;
    if (!isnan(res->bound))
        snprintf(res->bound_by, sizeof res->bound_by, "cbc");
    if (!isnan(res->bound_lagrange) && (lr.x || have_inc) &&
        (isnan(res->bound) || res->bound_lagrange > res->bound)) {
        res->bound = res->bound_lagrange; /* both valid: the larger proves more */
        snprintf(res->bound_by, sizeof res->bound_by, "lagrangian");
    }
    /* The target gap is on exposure (c added back), not on CBC's objective, whose
       constant-free value is smaller: a solve stopped by the clock with the exposure
       gap already within rel_gap is optimal within rel_gap (stagger.h). */
    double ex = c + lr.objective;
    if (res->status == JE_STAGGER_FEASIBLE && !isnan(res->bound) && ex > 0 &&
        (ex - res->bound) / ex <= target)
        res->status = JE_STAGGER_OPTIMAL;
    /* ... and CBC's "optimal" (its own gap met, asked from the start's ratio in
       solve_once) is optimal here only if the exposure gap is met too. */
    if (res->status == JE_STAGGER_OPTIMAL && !isnan(res->bound) && ex > 0 &&
        (ex - res->bound) / ex > target * (1 + 1e-9))
        res->status = JE_STAGGER_FEASIBLE;
    if (res->status == JE_STAGGER_INFEASIBLE && o->diagnose)
        diagnose(p, r, m, o, res);
    describe(res, &lr, c);
    if (lns_gain > 0) {
        size_t n = strlen(res->message);
        snprintf(res->message + n, sizeof res->message - n,
                 "; start improved %d time(s) by the neighbourhood search", lns_gain);
    }
    je_lp_result_free(&lr);
    return JE_OK;
}
