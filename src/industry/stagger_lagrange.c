/*
 * stagger_lagrange.c — a Lagrangian dual bound for the schedule: the rows shared by
 * lines (supply per region and in total, the transfer network's balance rows, the
 * jurisdiction share, stop-half groups, fairness) are priced with multipliers μ ≥ 0,
 * and what is left falls apart into one small problem per line, solved exactly by
 * dynamic programming over the line's own calendar rules:
 *
 *   L(μ) = Σ_l min_{x_l ∈ X_l} Σ_d (c_ld + Σ_k μ_k a_kld) x_ld
 *          + Σ_arcs cap_a · min(0, μ_from − μ_to) − Σ_k μ_k b_k
 *
 * with c_ld = −w·f (the MILP's objective) and X_l the line's feasible schedules.
 * For every μ ≥ 0, L(μ) ≤ the optimum (weak duality), so const + L(μ) is a valid
 * lower bound on exposure whatever μ is; the subgradient method (Polyak's step
 * towards the best known schedule, halved when the bound stalls) only makes it
 * tighter. It is at least the bound of the relaxation without the shared rows
 * (μ = 0), and, since each line's problem is solved in integers, it can exceed the
 * LP bound where the line's LP is not its convex hull.
 *
 * Each line's problem is solved by its exact DP (stagger_linedp.c). The counting
 * rules the DP's prefix state cannot hold (a window not starting on the first day:
 * no carry-over, or a month rule after the first month) are priced like the shared
 * rows instead; the bound stays valid, may be weaker than with them in the DP, and
 * `exact` is 0.
 */
#include "industry/stagger_internal.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const je_stagger_problem *p;
    const je_stagger_rules *r;
    const sg_model *m;
    size_t L, D, R, J;
    /* multipliers, 0 where the row does not exist */
    double *mu_reg, *mu_tot, *mu_jur, *mu_net, *mu_half, mu_fair[2 * 8];
    double *mu_cnt; /* counting rules the line's DP leaves out (not from day 0) */
    int *has_reg, *has_tot, *has_jur, *has_net; /* which rows exist */
    /* subgradients */
    double *g_reg, *g_tot, *g_jur, *g_net, *g_half, g_fair[2 * 8], *g_cnt;
    double *cost;    /* D: one line's priced day costs */
    double *hcost;   /* L × D: the stop-half prices of each line-day */
    double *allcost; /* L × D: every line-day's priced cost (the last evaluation) */
    uint8_t *x;      /* L × D: the DP's schedules */
    sg_linedp dp;    /* each line's exact DP (stagger_linedp.c) */
    int exact;
} lag;

/* ---- the priced problem -------------------------------------------------------- */

static double fair_t(const lag *g, size_t j, int side)
{
    double c = g->m->jur_cap[j] / g->m->cap_total;
    return side ? c + g->r->fairness_tol : c - g->r->fairness_tol;
}

static int fairness_on(const lag *g)
{
    return g->r->fairness_tol >= 0 && g->p->n_jurisdictions >= 2 && g->J <= 8;
}

/* L(μ) in the MILP's objective units (−weight stopped, priced); fills x and the
 * subgradients. INFINITY-free unless a line has no schedule (then −INFINITY is never
 * returned: the problem is infeasible and the bound is +INFINITY). */
static double evaluate(lag *g)
{
    const je_stagger_problem *p = g->p;
    const sg_model *m = g->m;
    size_t L = g->L, D = g->D, R = g->R, J = g->J;
    double val = 0;
    /* stop-half rows, −Σ x ≤ −need: −μ on each member's day */
    memset(g->hcost, 0, L * D * sizeof *g->hcost);
    for (size_t h = 0; h < m->n_half; h++)
        for (size_t i = 0; i < m->half[h].n; i++)
            g->hcost[(size_t)m->half_lines[m->half[h].first + i] * D + (size_t)m->half[h].day] -=
                g->mu_half[h];
    /* counting rules over [from, to) with from > 0, which the DP's prefix state cannot
       hold (stagger_linedp.c): priced like the shared rows, need − Σ x ≤ 0, −μ on
       each day of the window */
    for (size_t k = 0; k < m->n_counts; k++) {
        const sg_count *c = &m->counts[k];
        if (c->from == 0 || g->mu_cnt[k] == 0)
            continue;
        for (int d = c->from; d < c->to; d++)
            g->hcost[(size_t)c->line * D + (size_t)d] -= g->mu_cnt[k];
    }
    for (size_t l = 0; l < L; l++) {
        const je_stagger_line *ln = &p->lines[l];
        double cap = ln->capacity_t_d;
        double fair = 0;
        if (fairness_on(g))
            for (size_t j = 0; j < J; j++) {
                double in = (size_t)ln->jurisdiction == j ? 1.0 : 0.0;
                /* side 0 as ≤: −(in − t0)cap·x ≤ 0; side 1: (in − t1)cap·x ≤ 0 */
                fair += g->mu_fair[2 * j] * -(in - fair_t(g, j, 0)) * cap +
                        g->mu_fair[2 * j + 1] * (in - fair_t(g, j, 1)) * cap;
            }
        for (size_t d = 0; d < D; d++) {
            double f = m->capf[l * D + d], eff = cap * f;
            double c = -p->weight[l * D + d] * f + fair + g->hcost[l * D + d];
            c += g->mu_reg[(size_t)ln->region * D + d] * eff + g->mu_tot[d] * eff +
                 g->mu_jur[(size_t)ln->jurisdiction * D + d] * cap +
                 g->mu_net[(size_t)ln->region * D + d] * eff;
            g->cost[d] = c;
            g->allcost[l * D + d] = c;
        }
        double v = sg_linedp_solve(&g->dp, p, g->r, m, l, g->cost, NULL, g->x + l * D, &g->exact);
        if (!isfinite(v))
            return INFINITY;
        val += v;
    }
    for (size_t h = 0; h < m->n_half; h++) {
        const sg_half *hf = &m->half[h];
        double n = 0;
        for (size_t i = 0; i < hf->n; i++)
            n += g->x[(size_t)m->half_lines[hf->first + i] * D + (size_t)hf->day];
        g->g_half[h] = (double)hf->need - n;
        val += g->mu_half[h] * (double)hf->need;
    }
    for (size_t k = 0; k < m->n_counts; k++) {
        const sg_count *c = &m->counts[k];
        g->g_cnt[k] = 0;
        if (c->from == 0)
            continue;
        double n = 0;
        for (int d = c->from; d < c->to; d++)
            n += g->x[(size_t)c->line * D + (size_t)d];
        g->g_cnt[k] = (double)c->need - n;
        val += g->mu_cnt[k] * (double)c->need;
    }
    /* subgradients of the ≤ rows: a·x − b */
    memset(g->g_reg, 0, R * D * sizeof *g->g_reg);
    memset(g->g_tot, 0, D * sizeof *g->g_tot);
    memset(g->g_jur, 0, J * D * sizeof *g->g_jur);
    memset(g->g_net, 0, R * D * sizeof *g->g_net);
    double S_all = 0, S_j[8] = {0};
    for (size_t l = 0; l < L; l++) {
        const je_stagger_line *ln = &p->lines[l];
        for (size_t d = 0; d < D; d++) {
            if (!g->x[l * D + d])
                continue;
            double eff = ln->capacity_t_d * m->capf[l * D + d];
            g->g_reg[(size_t)ln->region * D + d] += eff;
            g->g_tot[d] += eff;
            g->g_jur[(size_t)ln->jurisdiction * D + d] += ln->capacity_t_d;
            g->g_net[(size_t)ln->region * D + d] += eff;
            S_all += ln->capacity_t_d;
            if (ln->jurisdiction < 8)
                S_j[ln->jurisdiction] += ln->capacity_t_d;
        }
    }
    for (size_t d = 0; d < D; d++) {
        for (size_t r = 0; r < R; r++) {
            size_t k = r * D + d;
            if (g->has_reg[k]) {
                g->g_reg[k] -= m->region_slack[k];
                val -= g->mu_reg[k] * m->region_slack[k];
            } else {
                g->g_reg[k] = 0;
            }
            if (g->has_net[k]) {
                double b = m->run_full[k] - p->demand_t_d[k];
                g->g_net[k] -= b;
                val -= g->mu_net[k] * b;
            } else {
                g->g_net[k] = 0;
            }
        }
        if (g->has_tot[d]) {
            g->g_tot[d] -= m->total_slack[d];
            val -= g->mu_tot[d] * m->total_slack[d];
        } else {
            g->g_tot[d] = 0;
        }
        for (size_t j = 0; j < J; j++) {
            size_t k = j * D + d;
            if (g->has_jur[k]) {
                g->g_jur[k] -= m->jur_limit[k];
                val -= g->mu_jur[k] * m->jur_limit[k];
            } else {
                g->g_jur[k] = 0;
            }
        }
    }
    /* the arcs' flows: y = cap where it pays (μ_from < μ_to), which enters the
       balance rows of both ends (row r: … − Σ_in y + Σ_out y ≤ b) */
    for (size_t d = 0; d < D && g->m->net; d++)
        for (size_t a = 0; a < p->n_arcs; a++) {
            size_t fr = (size_t)p->arcs[a].from * D + d, to = (size_t)p->arcs[a].to * D + d;
            if (!g->has_net[fr] && !g->has_net[to])
                continue;
            double coef = g->mu_net[fr] - g->mu_net[to];
            if (coef < 0) {
                double y = p->arcs[a].cap_t_d;
                val += coef * y;
                if (g->has_net[fr])
                    g->g_net[fr] += y;
                if (g->has_net[to])
                    g->g_net[to] -= y;
            }
        }
    if (fairness_on(g))
        for (size_t j = 0; j < J; j++) {
            double in = S_j[j], out = S_all - S_j[j];
            g->g_fair[2 * j] = -((1 - fair_t(g, j, 0)) * in - fair_t(g, j, 0) * out);
            g->g_fair[2 * j + 1] = (1 - fair_t(g, j, 1)) * in - fair_t(g, j, 1) * out;
        }
    return val;
}

/* ---- the subgradient method ------------------------------------------------------ */

static void lag_free(lag *g)
{
    free(g->mu_reg);
    free(g->mu_tot);
    free(g->mu_jur);
    free(g->mu_net);
    free(g->mu_half);
    free(g->mu_cnt);
    free(g->g_cnt);
    free(g->has_reg);
    free(g->has_tot);
    free(g->has_jur);
    free(g->has_net);
    free(g->g_reg);
    free(g->g_tot);
    free(g->g_jur);
    free(g->g_net);
    free(g->g_half);
    free(g->cost);
    free(g->hcost);
    free(g->allcost);
    free(g->x);
    sg_linedp_free(&g->dp);
}

static je_status lag_init(lag *g)
{
    const sg_model *m = g->m;
    const je_stagger_problem *p = g->p;
    size_t L = g->L, D = g->D, R = g->R, J = g->J, H = m->n_half + 1;
    if (sg_linedp_init(&g->dp, g->r, m) != JE_OK)
        return JE_ENOMEM;
    g->mu_reg = calloc(R * D, sizeof(double));
    g->mu_tot = calloc(D, sizeof(double));
    g->mu_jur = calloc(J * D, sizeof(double));
    g->mu_net = calloc(R * D, sizeof(double));
    g->mu_half = calloc(H, sizeof(double));
    g->mu_cnt = calloc(m->n_counts + 1, sizeof(double));
    g->g_cnt = calloc(m->n_counts + 1, sizeof(double));
    g->has_reg = calloc(R * D, sizeof(int));
    g->has_tot = calloc(D, sizeof(int));
    g->has_jur = calloc(J * D, sizeof(int));
    g->has_net = calloc(R * D, sizeof(int));
    g->g_reg = calloc(R * D, sizeof(double));
    g->g_tot = calloc(D, sizeof(double));
    g->g_jur = calloc(J * D, sizeof(double));
    g->g_net = calloc(R * D, sizeof(double));
    g->g_half = calloc(H, sizeof(double));
    g->cost = calloc(D, sizeof(double));
    g->hcost = calloc(L * D, sizeof(double));
    g->allcost = calloc(L * D, sizeof(double));
    g->x = calloc(L * D, 1);
    if (!g->mu_reg || !g->mu_tot || !g->mu_jur || !g->mu_net || !g->mu_half || !g->mu_cnt ||
        !g->g_cnt || !g->has_reg ||
        !g->has_tot || !g->has_jur || !g->has_net || !g->g_reg || !g->g_tot || !g->g_jur ||
        !g->g_net || !g->g_half || !g->cost || !g->hcost || !g->allcost || !g->x)
        return JE_ENOMEM;
    for (size_t d = 0; d < D; d++) {
        for (size_t r = 0; r < R; r++) {
            size_t k = r * D + d;
            g->has_reg[k] = !m->net && isfinite(m->region_slack[k]);
            g->has_net[k] = m->net && !m->net_locked[d];
        }
        g->has_tot[d] = !m->net && isfinite(m->total_slack[d]);
        for (size_t j = 0; j < J; j++)
            g->has_jur[j * D + d] =
                g->r->max_jur_stop_share < 1 && isfinite(m->jur_limit[j * D + d]);
    }
    (void)p;
    return JE_OK;
}

/* One projected subgradient step of length t. */
static void step(lag *g, double t)
{
    size_t R = g->R, D = g->D, J = g->J;
    for (size_t k = 0; k < R * D; k++) {
        g->mu_reg[k] = g->has_reg[k] ? fmax(0, g->mu_reg[k] + t * g->g_reg[k]) : 0;
        g->mu_net[k] = g->has_net[k] ? fmax(0, g->mu_net[k] + t * g->g_net[k]) : 0;
    }
    for (size_t d = 0; d < D; d++)
        g->mu_tot[d] = g->has_tot[d] ? fmax(0, g->mu_tot[d] + t * g->g_tot[d]) : 0;
    for (size_t k = 0; k < J * D; k++)
        g->mu_jur[k] = g->has_jur[k] ? fmax(0, g->mu_jur[k] + t * g->g_jur[k]) : 0;
    for (size_t h = 0; h < g->m->n_half; h++)
        g->mu_half[h] = fmax(0, g->mu_half[h] + t * g->g_half[h]);
    for (size_t k = 0; k < g->m->n_counts; k++)
        g->mu_cnt[k] = fmax(0, g->mu_cnt[k] + t * g->g_cnt[k]); /* g 0 where not priced */
    if (fairness_on(g))
        for (size_t k = 0; k < 2 * J; k++)
            g->mu_fair[k] = fmax(0, g->mu_fair[k] + t * g->g_fair[k]);
}

/* ‖projected subgradient‖²: components that would push a multiplier at 0 further
 * down do not move it. */
static double norm2(const lag *g)
{
    double s = 0;
    size_t R = g->R, D = g->D, J = g->J;
#define ADD(mu, gr, has)                                                                           \
    if ((has) && ((mu) > 0 || (gr) > 0))                                                           \
        s += (gr) * (gr);
    for (size_t k = 0; k < R * D; k++) {
        ADD(g->mu_reg[k], g->g_reg[k], g->has_reg[k]);
        ADD(g->mu_net[k], g->g_net[k], g->has_net[k]);
    }
    for (size_t d = 0; d < D; d++)
        ADD(g->mu_tot[d], g->g_tot[d], g->has_tot[d]);
    for (size_t k = 0; k < J * D; k++)
        ADD(g->mu_jur[k], g->g_jur[k], g->has_jur[k]);
    for (size_t h = 0; h < g->m->n_half; h++)
        ADD(g->mu_half[h], g->g_half[h], 1);
    for (size_t k = 0; k < g->m->n_counts; k++)
        ADD(g->mu_cnt[k], g->g_cnt[k], g->m->counts[k].from != 0);
    if (fairness_on(g))
        for (size_t k = 0; k < 2 * J; k++)
            ADD(g->mu_fair[k], g->g_fair[k], 1);
#undef ADD
    return s;
}

/* The subgradient method as a session that can be resumed: the multipliers, the
 * step and the best bound carry over from one sg_lagrange_run to the next. */
struct sg_lagrange {
    lag g;
    double best, theta;
    int stall, it;
    double *best_cost; /* L × D: allcost at the best multipliers */
};

je_status sg_lagrange_new(const je_stagger_problem *p, const je_stagger_rules *r,
                          const sg_model *m, sg_lagrange **out)
{
    sg_lagrange *s = calloc(1, sizeof *s);
    *out = NULL;
    if (!s)
        return JE_ENOMEM;
    s->g = (lag){.p = p,
                 .r = r,
                 .m = m,
                 .L = m->L,
                 .D = m->D,
                 .R = p->n_regions,
                 .J = p->n_jurisdictions,
                 .exact = 1};
    s->best = -INFINITY;
    s->theta = 1.0;
    size_t LD = m->L * m->D;
    s->best_cost = calloc(LD > 0 ? LD : 1, sizeof *s->best_cost);
    if (!s->best_cost || lag_init(&s->g) != JE_OK) {
        sg_lagrange_free(s);
        return JE_ENOMEM;
    }
    *out = s;
    return JE_OK;
}

void sg_lagrange_free(sg_lagrange *s)
{
    if (!s)
        return;
    lag_free(&s->g);
    free(s->best_cost);
    free(s);
}

void sg_lagrange_run(sg_lagrange *s, double ub_obj, double target_obj, double time_limit_s,
                     const atomic_int *stop)
{
    lag *g = &s->g;
    double t0 = sg_now();
    while (s->it < 1000000 && !(s->best >= INFINITY)) {
        double v = evaluate(g);
        s->it++;
        if (!isfinite(v)) { /* a line without a schedule: the problem is infeasible */
            s->best = INFINITY;
            break;
        }
        if (!(s->best > -INFINITY) || v > s->best + 1e-9 * fabs(s->best)) {
            s->best = v;
            memcpy(s->best_cost, g->allcost, g->L * g->D * sizeof *s->best_cost);
            s->stall = 0;
        } else if (++s->stall >= 10) {
            s->theta /= 2;
            s->stall = 0;
        }
        if (s->best >= target_obj || s->theta < 1e-5 || sg_now() - t0 > time_limit_s ||
            (stop && atomic_load(stop)))
            break;
        double n2 = norm2(g);
        if (n2 <= 0) /* x satisfies every priced row with complementary slackness */
            break;
        double gap = ub_obj - v;
        step(g, s->theta * (gap > 0 ? gap : 1e-6 * (1 + fabs(v))) / n2);
    }
}

double sg_lagrange_best(const sg_lagrange *s)
{
    return s->best;
}

int sg_lagrange_exact(const sg_lagrange *s)
{
    return s->g.exact;
}

int sg_lagrange_iterations(const sg_lagrange *s)
{
    return s->it;
}

int sg_lagrange_stalled(const sg_lagrange *s)
{
    return s->theta < 1e-5;
}

const double *sg_lagrange_cost(const sg_lagrange *s)
{
    return s->best_cost;
}

je_status sg_lagrange_bound(const je_stagger_problem *p, const je_stagger_rules *r,
                            const sg_model *m, double ub_obj, double target_obj,
                            double time_limit_s, double *out_bound_obj, int *out_exact,
                            int *out_iterations, double *out_cost)
{
    sg_lagrange *s;
    *out_bound_obj = -INFINITY;
    *out_iterations = 0;
    je_status st = sg_lagrange_new(p, r, m, &s);
    if (st != JE_OK)
        return st;
    sg_lagrange_run(s, ub_obj, target_obj, time_limit_s, NULL);
    *out_bound_obj = s->best;
    *out_exact = s->g.exact;
    *out_iterations = s->it;
    if (out_cost)
        memcpy(out_cost, s->best_cost, m->L * m->D * sizeof *out_cost);
    sg_lagrange_free(s);
    return JE_OK;
}
