/*
 * jointenv/comp_settlements.h — the stored settlement lines of ecological compensation
 * (what `jointenv compensation settle` recorded, compensation.h), read back for the API
 * and the dashboard: per section and period, who pays whom, how much, the outcome,
 * the clause and the formula with its numbers — the same text `compensation explain`
 * prints, taken from the settlement in force rather than recomputed.
 *
 * Thread safety: one db per thread (store.h).
 */
#ifndef JOINTENV_COMP_SETTLEMENTS_H
#define JOINTENV_COMP_SETTLEMENTS_H

#include "compensation.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct je_comp_stored_line {
    int64_t run_id;     /* the settlement's run (run.h) */
    char agreement[64]; /* the agreement's id */
    char rule[32];      /* its rule type ("p-index", "class-bet" …) */
    int period_year;    /* the settled period: a year … */
    int period_month;   /* … and month, 0 for the whole year */
    int seq;            /* the line's place in its settlement (1 …) */
    je_comp_line line;  /* section, year, month, payer, payee, amount_fen, outcome,
                           value, clause, formula */
} je_comp_stored_line;

/* The lines of the settlements in force (not superseded) of `year` (0 = every year)
 * and of one section (NULL = all; "" selects the pool lines), ordered by agreement,
 * period, line. *out malloc'd (free()); none is JE_OK with *out_n 0. */
JE_API je_status je_comp_stored_lines(je_db *db, int year, const char *section,
                                      je_comp_stored_line **out, size_t *out_n, je_error *err);

#ifdef __cplusplus
}
#endif

#endif
