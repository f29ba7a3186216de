/* The LP/MILP wrapper over CBC: small models with known optima (each worked out in
 * its comment), the infeasible, unbounded, time-limit and no-solution paths, the MIP
 * start, LP-file writing, argument checks, and that CBC prints nothing. */
#include "jointenv/solver.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TOL 1e-6

static void near(double got, double want, double tol, const char *what)
{
    cr_assert(fabs(got - want) <= tol, "%s: got %.10g, want %.10g (tol %g)", what, got, want, tol);
}

static je_lp *lp_new(je_lp_sense sense)
{
    je_lp *lp = NULL;
    cr_assert_eq(je_lp_new(sense, &lp, NULL), JE_OK);
    return lp;
}

static int col(je_lp *lp, double lo, double hi, double cost, int integer, const char *name)
{
    int j = -1;
    je_error e;
    cr_assert_eq(je_lp_add_col(lp, lo, hi, cost, integer, name, &j, &e), JE_OK, "%s", e.message);
    return j;
}

static void row(je_lp *lp, size_t n, const int *c, const double *v, double lo, double hi)
{
    je_error e;
    cr_assert_eq(je_lp_add_row(lp, n, c, v, lo, hi, NULL, NULL, &e), JE_OK, "%s", e.message);
}

static je_lp_result solve(je_lp *lp, const je_lp_params *p)
{
    je_lp_result r;
    je_error e;
    cr_assert_eq(je_lp_solve(lp, p, &r, &e), JE_OK, "%s", e.message);
    return r;
}

/* 0-1 knapsack: values 60, 100, 120; weights 10, 20, 30; capacity 50. The optimum
 * takes items 2 and 3: value 220 (weight 50); 1+2 gives 160, 1+3 gives 180. */
static je_lp *knapsack(void)
{
    je_lp *lp = lp_new(JE_LP_MAXIMIZE);
    const double v[3] = {60, 100, 120}, w[3] = {10, 20, 30};
    int c[3];
    for (int i = 0; i < 3; i++)
        c[i] = col(lp, 0, 1, v[i], 1, NULL);
    row(lp, 3, c, w, -INFINITY, 50);
    return lp;
}

Test(cbc, knapsack_optimum)
{
    je_lp *lp = knapsack();
    je_lp_result r = solve(lp, NULL);
    cr_assert_eq(r.status, JE_LP_OPTIMAL, "%s", je_lp_status_name(r.status));
    near(r.objective, 220, TOL, "objective");
    near(r.gap, 0, 1e-9, "gap");
    cr_assert_not_null(r.x);
    near(r.x[0], 0, TOL, "x0");
    near(r.x[1], 1, TOL, "x1");
    near(r.x[2], 1, TOL, "x2");
    cr_assert(r.seconds >= 0);
    je_lp_result_free(&r);
    je_lp_result_free(&r); /* safe twice */
    je_lp_free(lp);
}

/* Assignment, cost [[4,1,3],[2,0,5],[3,2,2]]: the optimum 0→1, 1→0, 2→2 costs
 * 1 + 2 + 2 = 5 (enumerating the 6 permutations: 4+0+2=6, 4+5+2=11, 1+2+2=5,
 * 1+5+3=9, 3+2+2=7, 3+0+3=6). */
Test(cbc, assignment_optimum)
{
    const double cost[3][3] = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
    je_lp *lp = lp_new(JE_LP_MINIMIZE);
    int x[3][3];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            x[i][j] = col(lp, 0, 1, cost[i][j], 1, NULL);
    const double one[3] = {1, 1, 1};
    for (int i = 0; i < 3; i++) {
        int c[3] = {x[i][0], x[i][1], x[i][2]};
        row(lp, 3, c, one, 1, 1);
        int d[3] = {x[0][i], x[1][i], x[2][i]};
        row(lp, 3, d, one, 1, 1);
    }
    je_lp_result r = solve(lp, NULL);
    cr_assert_eq(r.status, JE_LP_OPTIMAL);
    near(r.objective, 5, TOL, "objective");
    near(r.x[x[0][1]], 1, TOL, "0→1");
    near(r.x[x[1][0]], 1, TOL, "1→0");
    near(r.x[x[2][2]], 1, TOL, "2→2");
    je_lp_result_free(&r);
    je_lp_free(lp);
}

/* LP: max 3x + 2y, x + y ≤ 4, x + 3y ≤ 6, 0 ≤ x ≤ 3, y ≥ 0. Vertex (3, 1): 11. */
Test(cbc, lp_optimum)
{
    je_lp *lp = lp_new(JE_LP_MAXIMIZE);
    int x = col(lp, 0, 3, 3, 0, "x");
    int y = col(lp, 0, INFINITY, 2, 0, "y");
    int c[2] = {x, y};
    row(lp, 2, c, (const double[]){1, 1}, -INFINITY, 4);
    row(lp, 2, c, (const double[]){1, 3}, -INFINITY, 6);
    je_lp_result r = solve(lp, NULL);
    cr_assert_eq(r.status, JE_LP_OPTIMAL);
    near(r.objective, 11, TOL, "objective");
    near(r.x[x], 3, TOL, "x");
    near(r.x[y], 1, TOL, "y");
    near(r.bound, 11, TOL, "bound");
    je_lp_result_free(&r);
    je_lp_free(lp);
}

/* Ranged rows and free columns: min x − y with 2 ≤ x + y ≤ 5, −1 ≤ x − 2y ≤ 1,
 * x, y free. Substituting u = x + y, v = x − 2y: x = (2u + v)/3, y = (u − v)/3, and
 * x − y = (u + 2v)/3, minimal at u = 2, v = −1: 0. */
Test(cbc, ranged_rows_and_free_columns)
{
    je_lp *lp = lp_new(JE_LP_MINIMIZE);
    int x = col(lp, -INFINITY, INFINITY, 1, 0, "x");
    int y = col(lp, -INFINITY, INFINITY, -1, 0, "y");
    int c[2] = {x, y};
    row(lp, 2, c, (const double[]){1, 1}, 2, 5);
    row(lp, 2, c, (const double[]){1, -2}, -1, 1);
    je_lp_result r = solve(lp, NULL);
    cr_assert_eq(r.status, JE_LP_OPTIMAL);
    near(r.objective, 0, TOL, "objective");
    near(r.x[x], 1, TOL, "x");
    near(r.x[y], 1, TOL, "y");
    je_lp_result_free(&r);
    je_lp_free(lp);
}

static je_lp *contradiction(int integer)
{
    je_lp *lp = lp_new(JE_LP_MINIMIZE);
    int c[2] = {col(lp, 0, 10, 1, integer, NULL), col(lp, 0, 10, 1, integer, NULL)};
    row(lp, 2, c, (const double[]){1, 1}, 5, INFINITY);
    row(lp, 2, c, (const double[]){1, 1}, -INFINITY, 3);
    return lp;
}

Test(cbc, infeasible_lp_and_milp)
{
    for (int integer = 0; integer <= 1; integer++) {
        je_lp *lp = contradiction(integer);
        je_lp_result r = solve(lp, NULL);
        cr_assert_eq(r.status, JE_LP_INFEASIBLE, "integer=%d: %s", integer,
                     je_lp_status_name(r.status));
        cr_assert_null(r.x);
        cr_assert(isnan(r.objective));
        je_lp_result_free(&r);
        je_lp_free(lp);
    }
}

/* Integer infeasible although the relaxation is feasible: 2x = 1, x integer. */
Test(cbc, integer_infeasible_with_feasible_relaxation)
{
    je_lp *lp = lp_new(JE_LP_MINIMIZE);
    int x = col(lp, 0, 10, 1, 1, NULL);
    row(lp, 1, &x, (const double[]){2}, 1, 1);
    je_lp_result r = solve(lp, NULL);
    cr_assert_eq(r.status, JE_LP_INFEASIBLE, "%s", je_lp_status_name(r.status));
    je_lp_result_free(&r);
    je_lp_free(lp);
}

/* max x + y with x − y ≤ 1, x, y ≥ 0: unbounded along (1, 1). */
Test(cbc, unbounded_lp)
{
    je_lp *lp = lp_new(JE_LP_MAXIMIZE);
    int c[2] = {col(lp, 0, INFINITY, 1, 0, NULL), col(lp, 0, INFINITY, 1, 0, NULL)};
    row(lp, 2, c, (const double[]){1, -1}, -INFINITY, 1);
    je_lp_result r = solve(lp, NULL);
    cr_assert_eq(r.status, JE_LP_UNBOUNDED, "%s", je_lp_status_name(r.status));
    je_lp_result_free(&r);
    je_lp_free(lp);
}

/* A market-split instance (Cornuéjols & Dawande 1998), notoriously hard for
 * branch and bound: m rows Σ_j a_ij x_j = b_i over n binaries, a_ij in 0..99. With
 * `planted` the right-hand side comes from a known x* (so the model is feasible);
 * with `slack` the rows get penalised slacks (so every x is feasible and the
 * optimum, 0 when planted, is hard to prove). Deterministic (an LCG). */
static je_lp *market_split(int m, int n, int slack, double *planted)
{
    je_lp *lp = lp_new(JE_LP_MINIMIZE);
    unsigned long s = 12345;
    int *c = malloc((size_t)(n + 2) * sizeof *c);
    double *a = malloc((size_t)(m * n) * sizeof *a);
    double *v = malloc((size_t)(n + 2) * sizeof *v);
    for (int j = 0; j < n; j++) {
        c[j] = col(lp, 0, 1, 0, 1, NULL);
        s = s * 6364136223846793005UL + 1442695040888963407UL;
        planted[j] = (double)((s >> 33) & 1);
    }
    for (int i = 0; i < m; i++) {
        double b = 0;
        for (int j = 0; j < n; j++) {
            s = s * 6364136223846793005UL + 1442695040888963407UL;
            a[i * n + j] = (double)((s >> 33) % 100);
            v[j] = a[i * n + j];
            b += v[j] * planted[j];
        }
        size_t k = (size_t)n;
        if (slack) {
            c[n] = col(lp, 0, INFINITY, 1, 1, NULL);
            c[n + 1] = col(lp, 0, INFINITY, 1, 1, NULL);
            v[n] = 1;
            v[n + 1] = -1;
            k += 2;
        }
        row(lp, k, c, v, b, b);
    }
    free(c);
    free(a);
    free(v);
    return lp;
}

Test(cbc, time_limit_with_incumbent_is_feasible_with_gap)
{
    double planted[60];
    je_lp *lp = market_split(6, 60, 1, planted);
    je_lp_params p = {.time_limit_s = 1.0};
    je_lp_result r = solve(lp, &p);
    cr_assert(r.seconds < 10, "took %.2f s with a 1 s limit", r.seconds);
    if (r.status == JE_LP_OPTIMAL) {
        near(r.objective, 0, TOL, "optimum");
    } else {
        cr_assert_eq(r.status, JE_LP_FEASIBLE, "%s", je_lp_status_name(r.status));
        cr_assert_not_null(r.x);
        cr_assert(r.objective > 0);
        cr_assert(r.gap > 0, "gap %g", r.gap);
        cr_assert(r.bound <= r.objective + TOL);
    }
    je_lp_result_free(&r);
    je_lp_free(lp);
}

Test(cbc, time_limit_without_incumbent_then_mip_start)
{
    double planted[70];
    je_lp *lp = market_split(7, 70, 0, planted);
    je_lp_params p = {.time_limit_s = 0.5};
    je_lp_result r = solve(lp, &p);
    cr_assert(r.seconds < 10, "took %.2f s with a 0.5 s limit", r.seconds);
    cr_assert(r.status == JE_LP_NO_SOLUTION || r.status == JE_LP_OPTIMAL, "%s",
              je_lp_status_name(r.status));
    if (r.status == JE_LP_NO_SOLUTION) {
        cr_assert_null(r.x);
        cr_assert(isnan(r.objective));
    }
    je_lp_result_free(&r);
    /* With the planted solution as a start CBC has it at once: objective 0 = bound. */
    p.start = planted;
    r = solve(lp, &p);
    cr_assert_eq(r.status, JE_LP_OPTIMAL, "%s", je_lp_status_name(r.status));
    near(r.objective, 0, TOL, "objective");
    je_lp_result_free(&r);
    je_lp_free(lp);
}

Test(cbc, mip_start_keeps_the_optimum)
{
    je_lp *lp = knapsack();
    const double start[3] = {1, 1, 0}; /* feasible, value 160 */
    je_lp_params p = {.start = start, .threads = 2};
    je_lp_result r = solve(lp, &p);
    cr_assert_eq(r.status, JE_LP_OPTIMAL);
    near(r.objective, 220, TOL, "objective");
    je_lp_result_free(&r);
    je_lp_free(lp);
}

/* CBC must print nothing at log level 0: stdout and stderr go to a file while
 * every kind of model is solved, and the file stays empty. */
Test(cbc, silent)
{
    fflush(stdout);
    fflush(stderr);
    const char *path = t_path("cbc-out.txt");
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
    cr_assert(fd >= 0);
    int o1 = dup(1), o2 = dup(2);
    dup2(fd, 1);
    dup2(fd, 2);
    je_lp *models[4] = {knapsack(), contradiction(0), contradiction(1), NULL};
    double planted[60];
    models[3] = market_split(6, 60, 1, planted);
    for (int i = 0; i < 4; i++) {
        je_lp_params p = {.time_limit_s = 0.3, .start = i == 0 ? (const double[]){1, 0, 0} : NULL};
        je_lp_result r;
        je_lp_solve(models[i], &p, &r, NULL);
        je_lp_result_free(&r);
        je_lp_free(models[i]);
    }
    fflush(stdout);
    fflush(stderr);
    dup2(o1, 1);
    dup2(o2, 2);
    close(fd);
    close(o1);
    close(o2);
    char *text = t_read(path);
    cr_assert_not_null(text);
    cr_assert_str_empty(text, "CBC printed: %.300s", text);
    free(text);
    t_cleanup();
}

Test(cbc, writes_lp_file)
{
    je_lp *lp = lp_new(JE_LP_MAXIMIZE);
    int x = col(lp, 0, 3, 3, 0, "x");
    int y = col(lp, -INFINITY, INFINITY, 2, 1, "y count");
    int c[2] = {x, y};
    cr_assert_eq(je_lp_add_row(lp, 2, c, (const double[]){1, 1}, -INFINITY, 4, "cap", NULL, NULL),
                 JE_OK);
    cr_assert_eq(je_lp_add_row(lp, 2, c, (const double[]){1, -3}, -6, 6, "band", NULL, NULL),
                 JE_OK);
    const char *path = t_path("m.lp");
    cr_assert_eq(je_lp_write(lp, path, NULL), JE_OK);
    char *text = t_read(path);
    cr_assert_not_null(text);
    cr_assert(strstr(text, "Maximize\n obj: 3 x + 2 y#20count\n"), "%s", text);
    cr_assert(strstr(text, " cap: 1 x + 1 y#20count <= 4\n"), "%s", text);
    cr_assert(strstr(text, " band#lo: 1 x - 3 y#20count >= -6\n"), "%s", text);
    cr_assert(strstr(text, " band#hi: 1 x - 3 y#20count <= 6\n"), "%s", text);
    cr_assert(strstr(text, " 0 <= x <= 3\n"), "%s", text);
    cr_assert(strstr(text, " y#20count free\n"), "%s", text);
    cr_assert(strstr(text, "General\n y#20count\n"), "%s", text);
    cr_assert(strstr(text, "End\n"), "%s", text);
    free(text);
    /* names that differ only in a character LP cannot hold stay different */
    je_lp *l2 = lp_new(JE_LP_MINIMIZE);
    col(l2, 0, 1, 1, 0, "CZQ-1");
    col(l2, 0, 1, 1, 0, "CZQ_1");
    col(l2, 0, 1, 1, 0, "1st");
    cr_assert_eq(je_lp_write(l2, path, NULL), JE_OK);
    text = t_read(path);
    cr_assert(strstr(text, " 1 CZQ#2d1 + 1 CZQ_1 + 1 #31st"), "%s", text);
    free(text);
    je_lp_free(l2);
    je_error e;
    cr_assert_eq(je_lp_write(lp, "/nonexistent-dir/m.lp", &e), JE_EIO);
    cr_assert_str_eq(e.path, "/nonexistent-dir/m.lp");
    je_lp_free(lp);
    t_cleanup();
}

Test(cbc, rejects_bad_arguments)
{
    je_lp *lp = NULL;
    je_error e;
    cr_assert_eq(je_lp_new(JE_LP_MINIMIZE, NULL, &e), JE_EINVAL);
    cr_assert_eq(je_lp_new((je_lp_sense)7, &lp, &e), JE_EINVAL);
    lp = lp_new(JE_LP_MINIMIZE);
    cr_assert_eq(je_lp_add_col(lp, 2, 1, 0, 0, "x", NULL, &e), JE_EINVAL);
    cr_assert(strstr(e.message, "x"), "%s", e.message);
    cr_assert_eq(je_lp_add_col(lp, 0, 1, NAN, 0, NULL, NULL, &e), JE_EINVAL);
    int x = col(lp, 0, 1, 1, 0, NULL);
    int bad = 5;
    cr_assert_eq(je_lp_add_row(lp, 1, &bad, (const double[]){1}, 0, 1, "r", NULL, &e), JE_EINVAL);
    cr_assert(strstr(e.message, "out of range"), "%s", e.message);
    cr_assert_eq(je_lp_add_row(lp, 1, &x, (const double[]){1}, 2, 1, "r", NULL, &e), JE_EINVAL);
    cr_assert_eq(je_lp_ncols(lp), 1);
    cr_assert_eq(je_lp_nrows(lp), 0);
    je_lp_params p = {.time_limit_s = -1};
    je_lp_result r;
    cr_assert_eq(je_lp_solve(lp, &p, &r, &e), JE_EINVAL);
    cr_assert_str_eq(je_lp_status_name(JE_LP_FEASIBLE), "feasible");
    je_lp_free(lp);
    je_lp_free(NULL);
}

/* Solving twice (another parameter set) gives the same answer: the model survives. */
Test(cbc, solve_twice)
{
    je_lp *lp = knapsack();
    for (int k = 0; k < 2; k++) {
        je_lp_result r = solve(lp, NULL);
        near(r.objective, 220, TOL, "objective");
        je_lp_result_free(&r);
    }
    je_lp_free(lp);
}

/* bound_only: max Σ x_i over six binaries with 2 Σ x_i ≤ 7. The LP relaxation's
 * bound is 3.5; every four items weigh 8 > 7, so the cover inequalities (or
 * preprocessing's coefficient strengthening) cut it to the integer optimum 3. The
 * root's bound must be valid (≥ 3 for a maximisation) and strictly tighter than the
 * LP's. */
Test(cbc, bound_only_tightens_the_root)
{
    je_lp *lp = lp_new(JE_LP_MAXIMIZE), *relax = lp_new(JE_LP_MAXIMIZE);
    int c[6];
    double w[6];
    for (int i = 0; i < 6; i++) {
        c[i] = col(lp, 0, 1, 1, 1, NULL);
        col(relax, 0, 1, 1, 0, NULL);
        w[i] = 2;
    }
    row(lp, 6, c, w, -INFINITY, 7);
    row(relax, 6, c, w, -INFINITY, 7);
    je_lp_result lr = solve(relax, NULL);
    near(lr.objective, 3.5, TOL, "LP relaxation");
    je_lp_params p = {.bound_only = 1};
    je_lp_result r = solve(lp, &p);
    cr_assert(r.status == JE_LP_NO_SOLUTION || r.status == JE_LP_OPTIMAL, "%s",
              je_lp_status_name(r.status));
    cr_assert(!isnan(r.bound));
    cr_assert(r.bound >= 3 - TOL, "bound %.6f below the optimum 3", r.bound);
    cr_assert(r.bound < 3.5 - 0.25, "bound %.6f not tighter than the LP's 3.5", r.bound);
    if (r.x) /* only where the root's LP came out integral: then it is the optimum */
        near(r.objective, 3, TOL, "root solution");
    je_lp_result_free(&r);
    je_lp_result_free(&lr);
    je_lp_free(lp);
    je_lp_free(relax);
}

/* bound_only ignores a start and searches no tree: on the slack market split (the
 * planted x* has objective 0) it returns a valid lower bound (≤ 0) within the time
 * limit, and no schedule of the start's value. */
Test(cbc, bound_only_ignores_the_start)
{
    double planted[60];
    je_lp *lp = market_split(6, 60, 1, planted);
    double *start = calloc((size_t)je_lp_ncols(lp), sizeof *start);
    for (int j = 0; j < 60; j++)
        start[j] = planted[j];
    je_lp_params p = {.bound_only = 1, .start = start, .time_limit_s = 20};
    je_lp_result r = solve(lp, &p);
    cr_assert(r.seconds < 20 + 5, "took %.2f s", r.seconds);
    cr_assert(!isnan(r.bound));
    cr_assert(r.bound <= TOL, "bound %.6f above the optimum 0", r.bound);
    /* neither the start (objective 0) nor a searched schedule comes back: the
       root's LP is fractional and no heuristic runs */
    cr_assert_null(r.x, "a solution of objective %g came back", r.objective);
    cr_assert_eq(r.status, JE_LP_NO_SOLUTION, "%s", je_lp_status_name(r.status));
    je_lp_result_free(&r);
    free(start);
    je_lp_free(lp);
}

/* Two threads solving at once get their own answers. CBC's driver parses the
 * parameters through static state; without the wrapper's lock, two threads each
 * solving this knapsack 150 times failed 6–19 times each (CBC 2.10.8). The model:
 * max Σ v_i x_i, Σ w_i x_i ≤ 17 over 12 binaries, v_i = 1 + (7i mod 5), w_i = 2 +
 * (3i mod 7); its optimum (14) by enumerating the 4,096 subsets here. */
static double concurrent_optimum(void)
{
    double best = 0;
    for (unsigned s = 0; s < 4096; s++) {
        double v = 0, w = 0;
        for (int i = 0; i < 12; i++)
            if (s >> i & 1) {
                v += 1 + (i * 7) % 5;
                w += 2 + (i * 3) % 7;
            }
        if (w <= 17 && v > best)
            best = v;
    }
    return best;
}

static void *concurrent_worker(void *arg)
{
    long *bad = arg;
    double want = concurrent_optimum();
    for (int it = 0; it < 150; it++) {
        je_lp *lp = NULL;
        if (je_lp_new(JE_LP_MAXIMIZE, &lp, NULL) != JE_OK) {
            (*bad)++;
            continue;
        }
        int c[12];
        double w[12];
        for (int i = 0; i < 12; i++) {
            je_lp_add_col(lp, 0, 1, 1 + (i * 7) % 5, 1, NULL, &c[i], NULL);
            w[i] = 2 + (i * 3) % 7;
        }
        je_lp_add_row(lp, 12, c, w, -INFINITY, 17, NULL, NULL, NULL);
        je_lp_params p = {.rel_gap = 1e-9};
        je_lp_result r;
        if (je_lp_solve(lp, &p, &r, NULL) != JE_OK || r.status != JE_LP_OPTIMAL ||
            fabs(r.objective - want) > TOL)
            (*bad)++;
        je_lp_result_free(&r);
        je_lp_free(lp);
    }
    return NULL;
}

Test(cbc, concurrent_solves)
{
    cr_assert_eq(concurrent_optimum(), 14, "the enumeration itself");
    pthread_t t[2];
    long bad[2] = {0, 0};
    for (int i = 0; i < 2; i++)
        cr_assert_eq(pthread_create(&t[i], NULL, concurrent_worker, &bad[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    cr_assert_eq(bad[0] + bad[1], 0, "%ld and %ld of 150 solves went wrong", bad[0], bad[1]);
}
