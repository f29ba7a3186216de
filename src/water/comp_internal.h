/* comp_internal.h — what the compensation engine's files (src/water/comp*.c) share. */
#ifndef JE_COMP_INTERNAL_H
#define JE_COMP_INTERNAL_H

#include "jointenv/compensation.h"

/* A growing array of lines. */
typedef struct comp_out {
    je_comp_line *lines;
    size_t n, cap;
} comp_out;

/* A new zeroed line for the input (section, year, month copied; value NAN);
 * NULL on out of memory. */
je_comp_line *comp_line_new(comp_out *o, const je_comp_input *in);
/* Set payer/payee of a line from the rule's payer and the input's parties. */
void comp_line_pay(je_comp_line *l, const je_comp_input *in, je_comp_payer p, int64_t fen);
/* printf into l->formula / l->clause. */
void comp_formula(je_comp_line *l, const char *fmt, ...) JE_PRINTF(2, 3);
void comp_clause(je_comp_line *l, const char *text);
/* The worst class of the agreement's items in conc (NONE if any is NAN). */
je_wq_class comp_items_class(const je_comp_agreement *a, const double *conc, je_waterbody wb);

/* One settlement function per rule type (each in its own file). */
je_status comp_settle_target_trend(const je_comp_agreement *a, const je_comp_input *in, size_t n,
                                   comp_out *o, je_error *err);
je_status comp_settle_pindex(const je_comp_agreement *a, const je_comp_input *in, size_t n,
                             comp_out *o, je_error *err);
je_status comp_settle_pool_share(const je_comp_agreement *a, const je_comp_input *in, size_t n,
                                 comp_out *o, je_error *err);
je_status comp_settle_exceedance(const je_comp_agreement *a, const je_comp_input *in, size_t n,
                                 comp_out *o, je_error *err);

#endif
