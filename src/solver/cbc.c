/*
 * cbc.c — solver.h over COIN-OR CBC 2.10.8's C interface (coin/Cbc_C_Interface.h).
 *
 * How: a je_lp keeps its own copy of the model (columns, and rows in compressed
 * sparse row form). Each je_lp_solve builds a fresh Cbc_Model from it with
 * Cbc_loadProblem (CBC documents that a model must not be modified after
 * Cbc_solve), solves it, copies the answer out and deletes the CBC model. So a
 * je_lp can be solved several times, with different parameters, and written to an
 * LP file by our own writer (CBC's Cbc_writeLp returns nothing and rewrites the
 * file name's extension; ours reports I/O errors).
 *
 * Silence: CBC prints through its message handlers; log level 0 ("-log 0" and
 * Cbc_setLogLevel) keeps CbcMain1 and Clp quiet. tests/solver/test_cbc.c checks that
 * nothing reaches stdout or stderr.
 *
 * CBC throws C++ exceptions only on internal errors and allocates with new; an
 * allocation failure inside CBC is outside what this wrapper can catch.
 */
#include "jointenv/solver.h"

#include <coin/Cbc_C_Interface.h>

#include <float.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct je_lp {
    je_lp_sense sense;
    /* columns */
    int ncols, cap_cols;
    double *col_lo, *col_hi, *cost;
    char *is_int;
    char **col_name; /* NULL entries when unnamed */
    /* rows, CSR */
    int nrows, cap_rows;
    double *row_lo, *row_hi;
    char **row_name;
    size_t *row_start; /* nrows + 1 */
    size_t nnz, cap_nnz;
    int *idx;
    double *val;
};

static void *grow(void *p, size_t n, size_t size)
{
    if (n > SIZE_MAX / size)
        return NULL;
    return realloc(p, n * size);
}

static char *dup_name(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

je_status je_lp_new(je_lp_sense sense, je_lp **out, je_error *err)
{
    if (!out)
        return je_error_set(err, JE_EINVAL, "je_lp_new: out is NULL");
    *out = NULL;
    if (sense != JE_LP_MINIMIZE && sense != JE_LP_MAXIMIZE)
        return je_error_set(err, JE_EINVAL, "je_lp_new: unknown sense %d", (int)sense);
    je_lp *lp = calloc(1, sizeof *lp);
    if (!lp)
        return je_error_set(err, JE_ENOMEM, "out of memory creating a linear program");
    lp->sense = sense;
    lp->row_start = malloc(sizeof *lp->row_start);
    if (!lp->row_start) {
        free(lp);
        return je_error_set(err, JE_ENOMEM, "out of memory creating a linear program");
    }
    lp->row_start[0] = 0;
    *out = lp;
    return JE_OK;
}

void je_lp_free(je_lp *lp)
{
    if (!lp)
        return;
    for (int j = 0; j < lp->ncols; j++)
        free(lp->col_name[j]);
    for (int i = 0; i < lp->nrows; i++)
        free(lp->row_name[i]);
    free(lp->col_lo);
    free(lp->col_hi);
    free(lp->cost);
    free(lp->is_int);
    free(lp->col_name);
    free(lp->row_lo);
    free(lp->row_hi);
    free(lp->row_name);
    free(lp->row_start);
    free(lp->idx);
    free(lp->val);
    free(lp);
}

int je_lp_ncols(const je_lp *lp)
{
    return lp ? lp->ncols : 0;
}

int je_lp_nrows(const je_lp *lp)
{
    return lp ? lp->nrows : 0;
}

static int reserve_cols(je_lp *lp)
{
    if (lp->ncols < lp->cap_cols)
        return 1;
    if (lp->cap_cols > INT_MAX / 2)
        return 0;
    int cap = lp->cap_cols ? 2 * lp->cap_cols : 64;
    size_t n = (size_t)cap;
    double *lo = grow(lp->col_lo, n, sizeof *lo);
    if (lo)
        lp->col_lo = lo;
    double *hi = grow(lp->col_hi, n, sizeof *hi);
    if (hi)
        lp->col_hi = hi;
    double *c = grow(lp->cost, n, sizeof *c);
    if (c)
        lp->cost = c;
    char *in = grow(lp->is_int, n, 1);
    if (in)
        lp->is_int = in;
    char **nm = grow(lp->col_name, n, sizeof *nm);
    if (nm)
        lp->col_name = nm;
    if (!lo || !hi || !c || !in || !nm)
        return 0;
    lp->cap_cols = cap;
    return 1;
}

je_status je_lp_add_col(je_lp *lp, double lo, double hi, double cost, int integer, const char *name,
                        int *out_col, je_error *err)
{
    if (!lp)
        return je_error_set(err, JE_EINVAL, "je_lp_add_col: lp is NULL");
    if (isnan(lo) || isnan(hi) || !isfinite(cost) || lo > hi || lo == INFINITY || hi == -INFINITY)
        return je_error_set(err, JE_EINVAL, "column %s: invalid bounds [%g, %g] or cost %g",
                            name ? name : "(unnamed)", lo, hi, cost);
    if (!reserve_cols(lp))
        return je_error_set(err, JE_ENOMEM, "out of memory adding a column");
    char *nm = NULL;
    if (name && !(nm = dup_name(name)))
        return je_error_set(err, JE_ENOMEM, "out of memory adding a column");
    int j = lp->ncols++;
    lp->col_lo[j] = lo;
    lp->col_hi[j] = hi;
    lp->cost[j] = cost;
    lp->is_int[j] = integer ? 1 : 0;
    lp->col_name[j] = nm;
    if (out_col)
        *out_col = j;
    return JE_OK;
}

static int reserve_rows(je_lp *lp, size_t n)
{
    if (lp->nnz + n > lp->cap_nnz) {
        size_t cap = lp->cap_nnz ? lp->cap_nnz : 256;
        while (cap < lp->nnz + n)
            cap *= 2;
        int *ix = grow(lp->idx, cap, sizeof *ix);
        if (ix)
            lp->idx = ix;
        double *v = grow(lp->val, cap, sizeof *v);
        if (v)
            lp->val = v;
        if (!ix || !v)
            return 0;
        lp->cap_nnz = cap;
    }
    if (lp->nrows < lp->cap_rows)
        return 1;
    if (lp->cap_rows > INT_MAX / 2)
        return 0;
    int cap = lp->cap_rows ? 2 * lp->cap_rows : 64;
    size_t m = (size_t)cap;
    double *lo = grow(lp->row_lo, m, sizeof *lo);
    if (lo)
        lp->row_lo = lo;
    double *hi = grow(lp->row_hi, m, sizeof *hi);
    if (hi)
        lp->row_hi = hi;
    char **nm = grow(lp->row_name, m, sizeof *nm);
    if (nm)
        lp->row_name = nm;
    size_t *st = grow(lp->row_start, m + 1, sizeof *st);
    if (st)
        lp->row_start = st;
    if (!lo || !hi || !nm || !st)
        return 0;
    lp->cap_rows = cap;
    return 1;
}

je_status je_lp_add_row(je_lp *lp, size_t n, const int *col, const double *val, double lo,
                        double hi, const char *name, int *out_row, je_error *err)
{
    if (!lp || (n > 0 && (!col || !val)))
        return je_error_set(err, JE_EINVAL, "je_lp_add_row: NULL argument");
    const char *shown = name ? name : "(unnamed)";
    if (isnan(lo) || isnan(hi) || lo > hi || lo == INFINITY || hi == -INFINITY)
        return je_error_set(err, JE_EINVAL, "row %s: invalid bounds [%g, %g]", shown, lo, hi);
    for (size_t k = 0; k < n; k++) {
        if (col[k] < 0 || col[k] >= lp->ncols)
            return je_error_set(err, JE_EINVAL, "row %s: column index %d out of range (0..%d)",
                                shown, col[k], lp->ncols - 1);
        if (!isfinite(val[k]))
            return je_error_set(err, JE_EINVAL, "row %s: coefficient %zu is not finite", shown, k);
    }
    if (!reserve_rows(lp, n))
        return je_error_set(err, JE_ENOMEM, "out of memory adding a row");
    char *nm = NULL;
    if (name && !(nm = dup_name(name)))
        return je_error_set(err, JE_ENOMEM, "out of memory adding a row");
    int i = lp->nrows++;
    if (n) {
        memcpy(lp->idx + lp->nnz, col, n * sizeof *col);
        memcpy(lp->val + lp->nnz, val, n * sizeof *val);
    }
    lp->nnz += n;
    lp->row_start[i + 1] = lp->nnz;
    lp->row_lo[i] = lo;
    lp->row_hi[i] = hi;
    lp->row_name[i] = nm;
    if (out_row)
        *out_row = i;
    return JE_OK;
}

const char *je_lp_status_name(je_lp_status s)
{
    switch (s) {
    case JE_LP_OPTIMAL:
        return "optimal";
    case JE_LP_FEASIBLE:
        return "feasible";
    case JE_LP_INFEASIBLE:
        return "infeasible";
    case JE_LP_UNBOUNDED:
        return "unbounded";
    case JE_LP_NO_SOLUTION:
        return "no solution";
    }
    return "unknown";
}

void je_lp_result_free(je_lp_result *res)
{
    if (!res)
        return;
    free(res->x);
    res->x = NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CBC's infinity is COIN_DBL_MAX. */
static double cbc_bound(double b)
{
    if (b == INFINITY)
        return DBL_MAX;
    if (b == -INFINITY)
        return -DBL_MAX;
    return b;
}

/* Build the CBC model: the CSR rows transposed to the CSC matrix Cbc_loadProblem
 * takes. Returns NULL when out of memory. */
static Cbc_Model *build_cbc(const je_lp *lp, int zero_cost)
{
    size_t nc = (size_t)lp->ncols, nr = (size_t)lp->nrows;
    CoinBigIndex *start = calloc(nc + 1, sizeof *start);
    int *index = malloc((lp->nnz ? lp->nnz : 1) * sizeof *index);
    double *value = malloc((lp->nnz ? lp->nnz : 1) * sizeof *value);
    double *clo = malloc((nc ? nc : 1) * sizeof *clo);
    double *chi = malloc((nc ? nc : 1) * sizeof *chi);
    double *rlo = malloc((nr ? nr : 1) * sizeof *rlo);
    double *rhi = malloc((nr ? nr : 1) * sizeof *rhi);
    Cbc_Model *m = NULL;
    if (!start || !index || !value || !clo || !chi || !rlo || !rhi)
        goto done;
    for (size_t k = 0; k < lp->nnz; k++)
        start[lp->idx[k] + 1]++;
    for (size_t j = 0; j < nc; j++)
        start[j + 1] += start[j];
    for (size_t i = 0; i < nr; i++) {
        for (size_t k = lp->row_start[i]; k < lp->row_start[i + 1]; k++) {
            CoinBigIndex at = start[lp->idx[k]]++;
            index[at] = (int)i;
            value[at] = lp->val[k];
        }
    }
    for (size_t j = nc; j > 0; j--)
        start[j] = start[j - 1];
    start[0] = 0;
    for (size_t j = 0; j < nc; j++) {
        clo[j] = cbc_bound(lp->col_lo[j]);
        chi[j] = cbc_bound(lp->col_hi[j]);
    }
    for (size_t i = 0; i < nr; i++) {
        rlo[i] = cbc_bound(lp->row_lo[i]);
        rhi[i] = cbc_bound(lp->row_hi[i]);
    }
    m = Cbc_newModel();
    if (!m)
        goto done;
    Cbc_loadProblem(m, lp->ncols, lp->nrows, start, index, value, clo, chi,
                    zero_cost ? NULL : lp->cost, rlo, rhi);
    for (int j = 0; j < lp->ncols; j++)
        if (lp->is_int[j])
            Cbc_setInteger(m, j);
    Cbc_setObjSense(m, lp->sense == JE_LP_MAXIMIZE ? -1.0 : 1.0);
done:
    free(start);
    free(index);
    free(value);
    free(clo);
    free(chi);
    free(rlo);
    free(rhi);
    return m;
}

static void set_params(Cbc_Model *m, const je_lp_params *p)
{
    char buf[64];
    int log = p && p->log_level > 0 ? p->log_level : 0;
    snprintf(buf, sizeof buf, "%d", log);
    Cbc_setLogLevel(m, log);
    Cbc_setParameter(m, "log", buf);
    Cbc_setParameter(m, "slog", buf);
    double gap = p && p->rel_gap > 0 ? p->rel_gap : 1e-4;
    Cbc_setAllowableFractionGap(m, gap);
    snprintf(buf, sizeof buf, "%.17g", gap);
    Cbc_setParameter(m, "ratioGap", buf);
    if (p && p->time_limit_s > 0) {
        Cbc_setMaximumSeconds(m, p->time_limit_s);
        snprintf(buf, sizeof buf, "%.17g", p->time_limit_s);
        Cbc_setParameter(m, "seconds", buf);
        /* a limit in wall-clock seconds, as users read it: CBC counts CPU seconds by
           default, and a loaded machine (or several threads) stretches those */
        Cbc_setParameter(m, "timeMode", "elapsed");
    }
    if (p && p->threads > 1) {
        snprintf(buf, sizeof buf, "%d", p->threads);
        Cbc_setParameter(m, "threads", buf);
    }
    /* CBC 2.10.8 crashes (SIGSEGV in CglPreProcess::postProcess) when the time limit
       ends a solve that started from a MIP start while preprocessing was on; seen with
       the 120-line season at a 3-10 s limit (bench/bench_stagger.c). Such solves run
       without preprocessing (the bound proved there is within 0.3 points of the one
       with it); others keep it, as it helps them reach optimality. */
    if (p && p->start && p->time_limit_s > 0 && !p->bound_only)
        Cbc_setParameter(m, "preprocess", "off");
    /* A bound only: the root node's cut loop is where the bound rises (on the
       120-line stagger season, measured 2026-11-29 with the cbc binary on the
       written model: knapsack covers and two-step MIR move the root bound from
       15,332 to 15,381 in 11 passes; Gomory and zero-half cuts add 0.1 % more at
       twice the time, and CBC's primal heuristics spend 5 s finding nothing the
       caller has not). Preprocessing stays on: with it the bound is 0.1 % higher. */
    if (p && p->bound_only) {
        Cbc_setParameter(m, "maxNodes", "0");
        Cbc_setParameter(m, "heuristicsOnOff", "off");
        Cbc_setParameter(m, "cutsOnOff", "off");
        Cbc_setParameter(m, "knapsackCuts", "on");
        Cbc_setParameter(m, "twoMirCuts", "on");
    }
}

/* The MIP start: CBC fixes the integer columns at these values and computes the
 * continuous ones itself (Cbc_setMIPStartI, CbcMain1's "mipstart"). */
static void set_start(Cbc_Model *m, const je_lp *lp, const double *start)
{
    int n = 0;
    int *idx = malloc((size_t)lp->ncols * sizeof *idx);
    double *val = malloc((size_t)lp->ncols * sizeof *val);
    if (idx && val) {
        for (int j = 0; j < lp->ncols; j++) {
            if (!lp->is_int[j] || !isfinite(start[j]))
                continue;
            idx[n] = j;
            val[n++] = round(start[j]);
        }
        if (n > 0)
            Cbc_setMIPStartI(m, n, idx, val);
    }
    free(idx);
    free(val);
}

static int has_integers(const je_lp *lp)
{
    for (int j = 0; j < lp->ncols; j++)
        if (lp->is_int[j])
            return 1;
    return 0;
}

/* The objective of x in the caller's sense (CBC's own value is what we also read,
 * but recomputing avoids depending on the sign convention after a maximisation). */
static double objective_of(const je_lp *lp, const double *x)
{
    double s = 0;
    for (int j = 0; j < lp->ncols; j++)
        s += lp->cost[j] * x[j];
    return s;
}

/* Is x within the bounds and rows of lp (tolerance tol)? Used to accept a solution
 * CBC hands back after a time limit. */
static int is_feasible(const je_lp *lp, const double *x, double tol)
{
    for (int j = 0; j < lp->ncols; j++) {
        if (x[j] < lp->col_lo[j] - tol || x[j] > lp->col_hi[j] + tol)
            return 0;
        if (lp->is_int[j] && fabs(x[j] - round(x[j])) > tol)
            return 0;
    }
    for (int i = 0; i < lp->nrows; i++) {
        double s = 0;
        for (size_t k = lp->row_start[i]; k < lp->row_start[i + 1]; k++)
            s += lp->val[k] * x[lp->idx[k]];
        double scale = 1.0 + fabs(s);
        if (s < lp->row_lo[i] - tol * scale || s > lp->row_hi[i] + tol * scale)
            return 0;
    }
    return 1;
}

static je_status copy_solution(const je_lp *lp, const double *sol, je_lp_result *res)
{
    size_t nc = (size_t)lp->ncols;
    res->x = malloc((nc ? nc : 1) * sizeof *res->x);
    if (!res->x)
        return JE_ENOMEM;
    for (size_t j = 0; j < nc; j++)
        res->x[j] = lp->is_int[j] ? round(sol[j]) : sol[j];
    if (nc == 0)
        res->x[0] = 0;
    res->objective = objective_of(lp, res->x);
    return JE_OK;
}

/* Read CBC's answer into res. Statuses as CBC 2.10.8 reports them (checked by
 * tests/solver/test_cbc.c):
 *  - a MILP whose relaxation is unbounded: Cbc_isContinuousUnbounded (secondary 7);
 *  - a pure LP (CBC hands it to Clp) that is unbounded is reported as infeasible
 *    (Cbc_isProvenInfeasible covers primal and dual infeasibility); the caller
 *    tells the two apart by re-solving with a zero objective (lp_unbounded);
 *  - a MIP start that is optimal makes the search end with "relaxation worse than
 *    cutoff" (secondary 1) and a solution: that is optimal, not infeasible;
 *  - a time limit: status 1, secondary 4, with or without a best solution. */
static je_status read_result(const je_lp *lp, Cbc_Model *m, int mip, je_lp_result *res)
{
    if (mip && (Cbc_isContinuousUnbounded(m) || Cbc_secondaryStatus(m) == 7)) {
        res->status = JE_LP_UNBOUNDED;
        return JE_OK;
    }
    if (!mip && Cbc_isProvenInfeasible(m)) {
        res->status = JE_LP_INFEASIBLE; /* or unbounded: see lp_unbounded */
        return JE_OK;
    }
    const double *sol = mip ? Cbc_bestSolution(m) : Cbc_getColSolution(m);
    int have = sol != NULL && is_feasible(lp, sol, 1e-6);
    if (!have && Cbc_isProvenInfeasible(m)) {
        res->status = JE_LP_INFEASIBLE;
        return JE_OK;
    }
    if (have) {
        je_status st = copy_solution(lp, sol, res);
        if (st != JE_OK)
            return st;
    }
    int optimal = Cbc_isProvenOptimal(m) && have;
    if (!mip) {
        res->status = optimal ? JE_LP_OPTIMAL : have ? JE_LP_FEASIBLE : JE_LP_NO_SOLUTION;
        res->bound = optimal ? res->objective : NAN;
        return JE_OK;
    }
    /* CBC reports the bound in the caller's sense (a maximisation's is an upper one). */
    double bound = Cbc_getBestPossibleObjValue(m);
    int finite = isfinite(bound) && fabs(bound) < 1e300;
    if (optimal) {
        res->status = JE_LP_OPTIMAL;
        res->bound = finite ? bound : res->objective;
    } else {
        res->status = have ? JE_LP_FEASIBLE : JE_LP_NO_SOLUTION;
        res->bound = finite ? bound : NAN;
    }
    return JE_OK;
}

/* One CBC solve at a time in the process. Cbc_solve runs CBC's command-line driver
 * (CbcMain0/CbcMain1), which parses the parameters through static state: two
 * solves at once garble each other's (measured with CBC 2.10.8: two threads solving
 * small knapsacks 150 times each failed 6–19 times each, CBC printing "String of
 * -solve is illegal for double parameter ratioGap"; tests/solver/test_cbc.c,
 * concurrent_solves). Building a model and reading its answer are per model and
 * stay concurrent. */
static pthread_mutex_t cbc_lock = PTHREAD_MUTEX_INITIALIZER;

static int solve_locked(Cbc_Model *m)
{
    pthread_mutex_lock(&cbc_lock);
    int rc = Cbc_solve(m);
    pthread_mutex_unlock(&cbc_lock);
    return rc;
}

/* A pure LP that CBC called infeasible: feasible with a zero objective means the
 * original was unbounded. Returns 1 for unbounded, 0 for infeasible, −1 on error. */
static int lp_unbounded(const je_lp *lp)
{
    Cbc_Model *m = build_cbc(lp, 1);
    if (!m)
        return -1;
    set_params(m, NULL);
    solve_locked(m);
    int feasible = Cbc_isProvenOptimal(m);
    Cbc_deleteModel(m);
    return feasible ? 1 : 0;
}

static void fill_gap(je_lp_result *res)
{
    if (isnan(res->objective) || isnan(res->bound)) {
        res->gap = NAN;
        return;
    }
    double g = fabs(res->objective - res->bound) / fmax(1e-9, fabs(res->objective));
    res->gap = g;
}

je_status je_lp_solve(je_lp *lp, const je_lp_params *params, je_lp_result *res, je_error *err)
{
    if (!lp || !res)
        return je_error_set(err, JE_EINVAL, "je_lp_solve: NULL argument");
    memset(res, 0, sizeof *res);
    res->status = JE_LP_NO_SOLUTION;
    res->objective = NAN;
    res->bound = NAN;
    res->gap = NAN;
    if (params && (params->time_limit_s < 0 || isnan(params->time_limit_s) || params->rel_gap < 0 ||
                   isnan(params->rel_gap) || params->threads < 0))
        return je_error_set(err, JE_EINVAL,
                            "solver parameters: time limit, gap and threads must be >= 0");
    double t0 = now_s();
    Cbc_Model *m = build_cbc(lp, 0);
    if (!m)
        return je_error_set(err, JE_ENOMEM, "out of memory building the CBC model");
    set_params(m, params);
    int mip = has_integers(lp);
    if (mip && params && params->start && !params->bound_only)
        set_start(m, lp, params->start);
    int rc = solve_locked(m);
    res->seconds = now_s() - t0;
    if (Cbc_isAbandoned(m)) {
        Cbc_deleteModel(m);
        return je_error_set(err, JE_ESOLVER,
                            "CBC abandoned the solve (numerical difficulties, status %d)", rc);
    }
    je_status st = read_result(lp, m, mip, res);
    Cbc_deleteModel(m);
    if (st != JE_OK)
        return je_error_set(err, st, "out of memory reading the solution");
    if (!mip && res->status == JE_LP_INFEASIBLE) {
        int unb = lp_unbounded(lp);
        if (unb < 0)
            return je_error_set(err, JE_ENOMEM, "out of memory building the CBC model");
        if (unb)
            res->status = JE_LP_UNBOUNDED;
        res->seconds = now_s() - t0;
    }
    fill_gap(res);
    /* Stopped by the time limit with the proven gap already within the target: that is
       optimal within rel_gap, which is what JE_LP_OPTIMAL means (solver.h). CBC reports
       it only when it noticed before the clock ran out, so a loaded machine would
       otherwise turn the same solve from OPTIMAL into FEASIBLE. */
    double target = params && params->rel_gap > 0 ? params->rel_gap : 1e-4;
    if (mip && res->status == JE_LP_FEASIBLE && !isnan(res->gap) && res->gap <= target)
        res->status = JE_LP_OPTIMAL;
    if (res->status == JE_LP_OPTIMAL && res->gap < 1e-12)
        res->gap = 0;
    return JE_OK;
}

/* ---- CPLEX LP writer ------------------------------------------------------- */

static void write_name(FILE *f, const char *name, char prefix, int i)
{
    if (!name) {
        fprintf(f, "%c%d", prefix, i);
        return;
    }
    /* LP names: letters, digits and !"#$%&()/,.;?@_`'{}|~; no leading digit, '.', 'e'
       or 'E'. Anything else — and '#' itself, and such a leading character — is written
       as '#' and two hex digits, so that different names stay different ("CZQ-1" is
       CZQ#2d1, "CZQ_1" stays CZQ_1) and a name can be read back. */
    for (const char *p = name; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 (ch != '#' && strchr("!\"$%&()/,.;?@_`'{}|~", ch) != NULL);
        if (p == name && ((ch >= '0' && ch <= '9') || ch == '.' || ch == 'e' || ch == 'E'))
            ok = 0;
        if (ok)
            fputc(ch, f);
        else
            fprintf(f, "#%02x", ch);
    }
}

static void write_term(FILE *f, double v, const je_lp *lp, int j, int *first)
{
    if (v == 0)
        return;
    if (*first)
        fprintf(f, " %s%.17g ", v < 0 ? "-" : "", fabs(v));
    else
        fprintf(f, " %s %.17g ", v < 0 ? "-" : "+", fabs(v));
    write_name(f, lp->col_name[j], 'x', j);
    *first = 0;
}

static void write_rows(FILE *f, const je_lp *lp)
{
    fputs("Subject To\n", f);
    for (int i = 0; i < lp->nrows; i++) {
        double lo = lp->row_lo[i], hi = lp->row_hi[i];
        int parts = (lo > -INFINITY) + (hi < INFINITY);
        for (int part = 0; part < (lo == hi ? 1 : parts); part++) {
            fputc(' ', f);
            write_name(f, lp->row_name[i], 'r', i);
            if (parts == 2 && lo != hi)
                fputs(part == 0 ? "#lo" : "#hi", f); /* '#' + not hex: no name has it */
            fputc(':', f);
            int first = 1;
            for (size_t k = lp->row_start[i]; k < lp->row_start[i + 1]; k++)
                write_term(f, lp->val[k], lp, lp->idx[k], &first);
            if (first && lp->ncols > 0) { /* an empty row still needs a term */
                fputs(" 0 ", f);
                write_name(f, lp->col_name[0], 'x', 0);
            }
            if (lo == hi)
                fprintf(f, " = %.17g\n", lo);
            else if (lo > -INFINITY && (part == 0))
                fprintf(f, " >= %.17g\n", lo);
            else
                fprintf(f, " <= %.17g\n", hi);
        }
    }
}

static void write_bounds(FILE *f, const je_lp *lp)
{
    fputs("Bounds\n", f);
    for (int j = 0; j < lp->ncols; j++) {
        double lo = lp->col_lo[j], hi = lp->col_hi[j];
        fputc(' ', f);
        if (lo == -INFINITY && hi == INFINITY) {
            write_name(f, lp->col_name[j], 'x', j);
            fputs(" free\n", f);
        } else if (lo == hi) {
            write_name(f, lp->col_name[j], 'x', j);
            fprintf(f, " = %.17g\n", lo);
        } else {
            if (lo == -INFINITY)
                fputs("-inf", f);
            else
                fprintf(f, "%.17g", lo);
            fputs(" <= ", f);
            write_name(f, lp->col_name[j], 'x', j);
            if (hi == INFINITY)
                fputs(" <= +inf\n", f);
            else
                fprintf(f, " <= %.17g\n", hi);
        }
    }
}

je_status je_lp_write(const je_lp *lp, const char *path, je_error *err)
{
    if (!lp || !path)
        return je_error_set(err, JE_EINVAL, "je_lp_write: NULL argument");
    if (lp->nrows == 0 && lp->ncols == 0)
        return je_error_set(err, JE_EINVAL, "je_lp_write: the model is empty");
    FILE *f = fopen(path, "w");
    if (!f)
        return je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "cannot create the LP file");
    fputs(lp->sense == JE_LP_MAXIMIZE ? "Maximize\n obj:" : "Minimize\n obj:", f);
    int first = 1;
    for (int j = 0; j < lp->ncols; j++)
        write_term(f, lp->cost[j], lp, j, &first);
    if (first && lp->ncols > 0) {
        fputs(" 0 ", f);
        write_name(f, lp->col_name[0], 'x', 0);
    }
    fputc('\n', f);
    write_rows(f, lp);
    write_bounds(f, lp);
    int any_int = 0;
    for (int j = 0; j < lp->ncols; j++) {
        if (!lp->is_int[j])
            continue;
        if (!any_int)
            fputs("General\n", f);
        any_int = 1;
        fputc(' ', f);
        write_name(f, lp->col_name[j], 'x', j);
        fputc('\n', f);
    }
    fputs("End\n", f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "error writing the LP file");
    return JE_OK;
}
