/*
 * stagger_linedp.c — one line's best schedule over its own calendar rules, exactly,
 * by dynamic programming: the building block of the Lagrangian bound (each line
 * against priced shared rows) and of the heuristic's best-response move (one line
 * re-placed against the others' stops).
 *
 * State, day by day: stop days so far c ≤ the line's maximum; run state k (0
 * running, 1 … K−1 inside a stop shorter than the minimum K = min_run_days, K a
 * stop long enough); stops begun this month s ≤ the restart limit. Forced days
 * (alert stops, the fixed past, the heating season, network-locked days) fix the
 * day; a counting rule over [0, to) prunes the states with too few stops at day
 * to − 1; a stop cut by the horizon's end is exempt from the minimum (as the
 * checker has it). Counting rules not starting at day 0 (no carry-over, or a month
 * rule in mid-horizon) are left out: the schedule then solves a relaxation, and
 * `exact` says so (the caller checks the line before using it).
 */
#include "industry/stagger_internal.h"

#include <math.h>
#include <stdlib.h>

/* the back pointers hold k in 3 bits and s in 4: beyond, the rule is relaxed */
#define MAX_K 7
#define MAX_S 15

static void dims(const je_stagger_rules *r, int *K, int *S, int *relaxed)
{
    *K = r->min_run_days > 1 ? r->min_run_days : 1;
    *S = r->max_restarts_month > 0 ? r->max_restarts_month : 0;
    *relaxed = 0;
    if (*K > MAX_K) {
        *K = MAX_K;
        *relaxed = 1;
    }
    if (*S > MAX_S) {
        *S = 0;
        *relaxed = 1;
    }
}

je_status sg_linedp_init(sg_linedp *w, const je_stagger_rules *r, const sg_model *m)
{
    int K, S, relaxed;
    dims(r, &K, &S, &relaxed);
    size_t N = 0;
    for (size_t l = 0; l < m->L; l++) {
        size_t n = (size_t)(m->total_max[l] + 1) * (size_t)(K + 1) * (size_t)(S + 1);
        if (n > N)
            N = n;
    }
    w->N = N;
    w->D = m->D;
    w->V = calloc(N, sizeof *w->V);
    w->V2 = calloc(N, sizeof *w->V2);
    w->arg = calloc(N * m->D, 1);
    w->need_at = calloc(m->D ? m->D : 1, sizeof *w->need_at);
    if (!w->V || !w->V2 || !w->arg || !w->need_at) {
        sg_linedp_free(w);
        return JE_ENOMEM;
    }
    return JE_OK;
}

void sg_linedp_free(sg_linedp *w)
{
    free(w->V);
    free(w->V2);
    free(w->arg);
    free(w->need_at);
    w->V = w->V2 = NULL;
    w->arg = NULL;
    w->need_at = NULL;
}

double sg_linedp_solve(sg_linedp *w, const je_stagger_problem *p, const je_stagger_rules *r,
                       const sg_model *m, size_t l, const double *cost, const uint8_t *must,
                       uint8_t *xrow, int *exact)
{
    size_t D = m->D;
    int C = m->total_max[l], K, S, relaxed;
    dims(r, &K, &S, &relaxed);
    if (relaxed)
        *exact = 0;
    size_t NK = (size_t)K + 1, NS = (size_t)S + 1, N = (size_t)(C + 1) * NK * NS;
    for (size_t d = 0; d < D; d++)
        w->need_at[d] = -1;
    for (size_t k = 0; k < m->n_counts; k++) {
        const sg_count *c = &m->counts[k];
        if (c->line != (int)l)
            continue;
        if (c->from != 0) {
            *exact = 0; /* left out: a relaxation */
            continue;
        }
        if (c->need > w->need_at[c->to - 1])
            w->need_at[c->to - 1] = c->need;
    }
#define IDX(c, k, s) (((size_t)(c)*NK + (size_t)(k)) * NS + (size_t)(s))
    double *V = w->V, *W = w->V2;
    for (size_t i = 0; i < N; i++)
        V[i] = INFINITY;
    V[IDX(0, 0, 0)] = 0;
    for (size_t d = 0; d < D; d++) {
        for (size_t i = 0; i < N; i++)
            W[i] = INFINITY;
        uint8_t f = m->forced[l * D + d];
        double cd = cost[d];
        int must_stop = f == 1 || (must && must[d]);
        /* a day priced +∞ may not be stopped (the caller's "no room") */
        int must_run = f == 2 || f == 3 || (m->net && m->net_locked[d] && f != 1) ||
                       (cd == INFINITY && !must_stop);
        if (must_stop && cd == INFINITY)
            cd = 0; /* a forced stop is paid whatever its price */
        int new_month = d > 0 && m->month_of_day[d] != m->month_of_day[d - 1];
        int restart_counts = S > 0 && sg_counts_as_restart(p, m, l, d);
        uint8_t *arg = w->arg + d * N;
        for (int c = 0; c <= C; c++)
            for (int k = 0; k <= K; k++)
                for (int s = 0; s <= S; s++) {
                    double v = V[IDX(c, k, s)];
                    if (v == INFINITY)
                        continue;
                    int s0 = new_month ? 0 : s;
                    /* run */
                    if (!must_stop && (k == 0 || k == K)) {
                        size_t t = IDX(c, 0, s0);
                        if (v < W[t]) {
                            W[t] = v;
                            arg[t] = (uint8_t)(k * 16 + s);
                        }
                    }
                    /* stop */
                    if (!must_run && c < C) {
                        int nk = k == 0 ? 1 : (k + 1 > K ? K : k + 1);
                        int ns = s0 + (k == 0 && restart_counts);
                        if (ns <= S || S == 0) {
                            if (S == 0)
                                ns = 0;
                            size_t t = IDX(c + 1, nk, ns);
                            double nv = v + cd;
                            if (nv < W[t]) {
                                W[t] = nv;
                                arg[t] = (uint8_t)(128 | (k * 16 + s));
                            }
                        }
                    }
                }
        if (w->need_at[d] > 0)
            for (int c = 0; c < w->need_at[d] && c <= C; c++)
                for (int k = 0; k <= K; k++)
                    for (int s = 0; s <= S; s++)
                        W[IDX(c, k, s)] = INFINITY;
        double *t = V;
        V = W;
        W = t;
    }
    size_t best = N;
    for (size_t i = 0; i < N; i++)
        if (V[i] < INFINITY && (best == N || V[i] < V[best]))
            best = i;
    if (best == N)
        return INFINITY;
    double val = V[best];
    /* back pointers: state at day d's end → the state before it */
    int c = (int)(best / (NK * NS)), k = (int)(best / NS % NK), s = (int)(best % NS);
    for (size_t d = D; d-- > 0;) {
        uint8_t a = w->arg[d * N + IDX(c, k, s)];
        xrow[d] = (uint8_t)(a >> 7);
        c -= xrow[d];
        k = (a >> 4) & 7;
        s = a & 15;
    }
#undef IDX
    return val;
}
