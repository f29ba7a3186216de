/*
 * stagger_internal.h — what each rule requires of a schedule, derived once from a
 * problem and a rule set (stagger.c), and shared by the MILP, the heuristic, the
 * baselines and the checker. Not installed.
 */
#ifndef JE_STAGGER_INTERNAL_H
#define JE_STAGGER_INTERNAL_H

#include "jointenv/stagger.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* A calendar month or quarter clipped to the horizon: days [start, end). */
typedef struct sg_period {
    int start, end;
    int year, month; /* month 1–12; for quarters the quarter's first month */
    int quarter;     /* 0–3 */
} sg_period;

/* A counting rule: line `line` stops at least `need` days in [from, to). */
typedef struct sg_count {
    int line;
    je_stagger_rule rule;
    int from, to;
    int need;
} sg_count;

/* A stop-half duty: of lines[first … first+n−1] (indices into sg_model.half_lines),
 * at least `need` stop on `day`. */
typedef struct sg_half {
    int city, day;
    size_t first, n;
    int need;
} sg_half;

typedef struct sg_model {
    size_t L, D;
    size_t n_months, n_quarters;
    sg_period *months, *quarters;
    int *month_of_day; /* D */
    double *mult;      /* L */
    int *exempt;       /* L */
    int *total_min;    /* L: the quota */
    int *total_max;    /* L */
    sg_count *counts;
    size_t n_counts;
    double *capf;    /* L × D: capacity factor (1, or 1 − cut share on a cut-duty day) */
    uint8_t *forced; /* L × D: 1 = must stop (stop duty, or a fixed past stop);
                        2 = must run (a fixed past running day);
                        3 = must run (a heating-duty line in the heating season) */
    sg_half *half;
    size_t n_half;
    int *half_lines;
    double *jur_cap; /* n_jurisdictions: total capacity */
    double cap_total;
    /* Supply: per region and day, the most capacity (Σ cap × capf of stopped lines)
     * that may be stopped; per day the same for all regions together. INFINITY
     * when no supply rule. */
    double *region_slack; /* n_regions × D */
    double *total_slack;  /* D */
    /* Jurisdiction share: the most capacity (nominal t/d) that may be stopped per
     * jurisdiction and day; INFINITY when no share rule. Alert duties come first:
     * where the forced stops of a day (alert stops, the fixed past) alone exceed a
     * supply or share limit, the limit is raised to them — no planned stop may be
     * added that day, and the alert is obeyed. */
    double *jur_limit; /* n_jurisdictions × D */
    /* Transfer network (problem.n_arcs > 0 with a demand): net 1. region_slack then
     * holds each region's necessary condition (demand less the arcs into it), the
     * network itself is checked by sg_net_feasible. net_locked[d] 1: the forced stops
     * alone leave a day's demand unmet even with every arc used, so no planned stop
     * may be added that day (alerts come first, as above). run_full: per region and
     * day, Σ capacity × capacity factor of all its lines. */
    int net;
    uint8_t *net_locked; /* D, or NULL */
    double *run_full;    /* n_regions × D, or NULL */
} sg_model;

/* Transfer network: can the regions' demand on day d be met when stopped_t_d[r]
 * (capacity × factor) is stopped in each region r, with flows within the arcs'
 * capacities? Max-flow (Edmonds–Karp) on the small region graph; a feasible flow
 * must deliver all but 1e-9 × (1 + deficit) of the deficit (tighter than the
 * checker's tolerance). scratch: sg_net_scratch(n_regions) doubles. */
size_t sg_net_scratch(size_t n_regions);
int sg_net_feasible(const je_stagger_problem *p, const sg_model *m, size_t d,
                    const double *stopped_t_d, double *scratch);

je_status sg_model_build(const je_stagger_problem *p, const je_stagger_rules *r, sg_model *m,
                         je_error *err);
void sg_model_free(sg_model *m);
/* Does a stop beginning on day d of line l count as a restart? Not when an alert
 * duty forced it (the alert, not the plan, restarted the kiln). */
int sg_counts_as_restart(const je_stagger_problem *p, const sg_model *m, size_t l, size_t d);
/* Validate problem and rules (JE_EINVAL with a message). */
je_status sg_validate(const je_stagger_problem *p, const je_stagger_rules *r, je_error *err);

/* Solvers: write a schedule into stop (L × D, zeroed by the caller) and fill res's
 * status, bound, gap, message. */
je_status sg_solve_mip(const je_stagger_problem *p, const je_stagger_rules *r, const sg_model *m,
                       const je_stagger_options *o, uint32_t disabled, uint8_t *stop,
                       je_stagger_result *res, je_error *err);
je_status sg_solve_heuristic(const je_stagger_problem *p, const je_stagger_rules *r,
                             const sg_model *m, const je_stagger_options *o, uint8_t *stop,
                             je_stagger_result *res, je_error *err);

/* The Lagrangian dual bound (stagger_lagrange.c) in the MILP's objective units
 * (−weight stopped; add Σ w·f for exposure): the shared rows priced, each line's own
 * rules solved exactly by DP; subgradient steps towards ub_obj (the best known
 * schedule's objective) until the bound reaches target_obj, stalls, or
 * time_limit_s. *out_exact 0 when some per-line rule had to be relaxed (the bound is
 * valid but may be weaker). +INFINITY when some line has no schedule at all. */
je_status sg_lagrange_bound(const je_stagger_problem *p, const je_stagger_rules *r,
                            const sg_model *m, double ub_obj, double target_obj,
                            double time_limit_s, double *out_bound_obj, int *out_exact,
                            int *out_iterations, double *out_cost);
/* out_cost (L × D, or NULL): each line-day's priced cost at the best multipliers
 * (−w·f + the prices of the shared rows it enters), for a priced heuristic. */

/* The same as a session that can be resumed (the MILP runs it before CBC, then
 * again while CBC's root bound is computed on the other thread): sg_lagrange_run
 * takes subgradient steps until the bound reaches target_obj, the step has shrunk
 * to nothing (stalled), time_limit_s, or *stop becomes non-zero (NULL: never; another thread sets it). */
typedef struct sg_lagrange sg_lagrange;
je_status sg_lagrange_new(const je_stagger_problem *p, const je_stagger_rules *r,
                          const sg_model *m, sg_lagrange **out);
void sg_lagrange_run(sg_lagrange *s, double ub_obj, double target_obj, double time_limit_s,
                     const atomic_int *stop);
double sg_lagrange_best(const sg_lagrange *s); /* −INFINITY: none yet; +INFINITY: infeasible */
int sg_lagrange_exact(const sg_lagrange *s);
int sg_lagrange_iterations(const sg_lagrange *s);
int sg_lagrange_stalled(const sg_lagrange *s);
const double *sg_lagrange_cost(const sg_lagrange *s); /* L × D, at the best multipliers */
void sg_lagrange_free(sg_lagrange *s);

/* One line's best schedule over its own rules (stagger_linedp.c): minimise
 * Σ_d cost[d]·x[d], cost[d] = +INFINITY where the line may not stop (no room beside
 * the others), must[d] (NULL = none) where it must. The value, or INFINITY when the
 * line has no schedule; the schedule in xrow (D). *exact is set to 0 when a rule had
 * to be relaxed (a counting rule not starting at day 0, or a kiln limit beyond the
 * state's bits): the schedule then solves a relaxation and must be checked. */
typedef struct sg_linedp {
    size_t N, D;
    double *V, *V2;
    uint8_t *arg; /* D × N back pointers */
    int *need_at; /* D */
} sg_linedp;
je_status sg_linedp_init(sg_linedp *w, const je_stagger_rules *r, const sg_model *m);
void sg_linedp_free(sg_linedp *w);
double sg_linedp_solve(sg_linedp *w, const je_stagger_problem *p, const je_stagger_rules *r,
                       const sg_model *m, size_t l, const double *cost, const uint8_t *must,
                       uint8_t *xrow, int *exact);

/* The heuristic's local search (moves that keep every rule and raise the weight
 * stopped) from a schedule that keeps every rule, in place; with `exchanges`, then
 * exchanges between pairs of lines (slower: the MIP's primal side). Within
 * o->time_limit_s (0 = 60 s). */
je_status sg_improve_heuristic(const je_stagger_problem *p, const je_stagger_rules *r,
                               const sg_model *m, const je_stagger_options *o, int exchanges,
                               uint8_t *stop, int *out_passes);

double sg_now(void);
/* A splitmix64 step (deterministic seeded randomness). */
uint64_t sg_rand(uint64_t *state);

#endif
