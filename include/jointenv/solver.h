/*
 * jointenv/solver.h — linear and mixed-integer programs, solved by COIN-OR CBC
 * (coinor-libcbc-dev, through its C interface). The one place jointenv speaks to an
 * optimisation library: engines build a je_lp and read back a solution, so the
 * library can be swapped without touching them.
 *
 * A model is min (or max) cᵀx subject to row_lo ≤ A x ≤ row_hi, col_lo ≤ x ≤ col_hi,
 * x_j integer for integer columns. Rows are added sparse. Infinite bounds are
 * ±INFINITY. Not thread-safe per model. Separate models may be built and read from
 * several threads, but their solves run one at a time: CBC's driver keeps static
 * state, so je_lp_solve holds a process-wide lock around it (src/solver/cbc.c).
 */
#ifndef JOINTENV_SOLVER_H
#define JOINTENV_SOLVER_H

#include "core.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct je_lp je_lp;

typedef enum { JE_LP_MINIMIZE = 0, JE_LP_MAXIMIZE = 1 } je_lp_sense;

JE_API je_status je_lp_new(je_lp_sense sense, je_lp **out, je_error *err);
JE_API void je_lp_free(je_lp *lp);

/* Add a column (variable); returns its index in *out_col (may be NULL). `name` is
 * used in messages and LP files (may be NULL). */
JE_API je_status je_lp_add_col(je_lp *lp, double lo, double hi, double cost, int integer,
                               const char *name, int *out_col, je_error *err);
/* Add a row lo ≤ Σ val[k]·x[col[k]] ≤ hi; returns its index in *out_row (may be NULL). */
JE_API je_status je_lp_add_row(je_lp *lp, size_t n, const int *col, const double *val, double lo,
                               double hi, const char *name, int *out_row, je_error *err);
JE_API int je_lp_ncols(const je_lp *lp);
JE_API int je_lp_nrows(const je_lp *lp);

typedef struct je_lp_params {
    double time_limit_s; /* 0 = none */
    double rel_gap;      /* stop when the proven relative gap is below (default 1e-4) */
    int threads;         /* 0 = 1 */
    int log_level;       /* 0 = silent (default) */
    const double *start; /* an initial feasible solution (ncols values), or NULL */
    int bound_only;      /* MIP: only a lower bound (upper when maximising): the root
                            node, preprocessed and cut by the generators that pay on
                            rows of 0/1 columns with unequal coefficients (knapsack
                            covers, two-step MIR), no search, no primal heuristics,
                            `start` ignored. The result has `bound` and, unless the
                            root's LP came out integral (then it is optimal), no
                            solution (JE_LP_NO_SOLUTION); or JE_LP_INFEASIBLE. For a
                            caller with its own solutions that wants a proof of their
                            quality. */
} je_lp_params;

typedef enum {
    JE_LP_OPTIMAL = 0,    /* proven optimal (within rel_gap) */
    JE_LP_FEASIBLE = 1,   /* a solution, stopped by the time limit; gap reported */
    JE_LP_INFEASIBLE = 2, /* proven infeasible */
    JE_LP_UNBOUNDED = 3,
    JE_LP_NO_SOLUTION = 4 /* stopped before any solution was found */
} je_lp_status;

JE_API const char *je_lp_status_name(je_lp_status s);

typedef struct je_lp_result {
    je_lp_status status;
    double objective; /* of the best solution (NAN if none) */
    double bound;     /* best proven bound on the optimum */
    double gap;       /* |objective − bound| / max(1e-9, |objective|); 0 when optimal */
    double seconds;   /* wall time of the solve */
    double *x;        /* ncols values of the best solution, or NULL; free with je_lp_result_free */
} je_lp_result;

/* Solve. JE_OK whenever the solver ran (read res->status); JE_ESOLVER when it failed. */
JE_API je_status je_lp_solve(je_lp *lp, const je_lp_params *params, je_lp_result *res,
                             je_error *err);
JE_API void je_lp_result_free(je_lp_result *res);

/* Write the model in CPLEX LP format (for checking with another solver, e.g. glpsol).
 * Names keep the letters, digits and punctuation the format allows; any other byte
 * (and '#', and a leading digit, '.', 'e' or 'E') is written as '#' and two hex
 * digits ("CZQ-1" → CZQ#2d1), so that different names stay different; a ranged row's
 * two halves are NAME#lo and NAME#hi; unnamed columns and rows are x<j> and r<i>. */
JE_API je_status je_lp_write(const je_lp *lp, const char *path, je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_SOLVER_H */
