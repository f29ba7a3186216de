/*
 * comp_target_trend.c — target-and-trend settlement (Chongqing style).
 *
 * Source: 《重庆市建立流域横向生态保护补偿机制实施方案(试行)》 (2018), standards.md §5.1
 * (V2): per boundary section and month, against its annual water-function target —
 *   met and class improved vs the previous year → downstream pays upstream 100万元/月;
 *   met but class worse                       → upstream pays downstream 100万元/月;
 *   failed                                    → by a separate formula (not published).
 * The scheme does not say what "met, class unchanged" pays, nor the failed formula;
 * both are branches of the agreement file (marked illustrative there). The class of a
 * month is its sample's class (2011 method, single factor over the agreement's items,
 * or all 21 assessed items when it lists none); the trend compares it with the class
 * of the trend basis (the same month a year earlier, or the previous year's mean).
 */
#include "water/comp_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The branch of one month: met (class ≤ target) × change of class. */
static je_comp_branch branch_of(je_wq_class cls, je_wq_class prev, je_wq_class target)
{
    if (cls > target)
        return JE_COMP_FAILED;
    if (cls < prev)
        return JE_COMP_MET_IMPROVED;
    return cls == prev ? JE_COMP_MET_SAME : JE_COMP_MET_WORSE;
}

je_status comp_settle_target_trend(const je_comp_agreement *a, const je_comp_input *in, size_t n,
                                   comp_out *o, je_error *err)
{
    for (size_t k = 0; k < n; k++) {
        const je_comp_input *x = &in[k];
        je_comp_line *l = comp_line_new(o, x);
        if (l == NULL)
            return je_error_set(err, JE_ENOMEM, "out of memory");
        je_wq_class cls = a->n_items ? comp_items_class(a, x->conc_mg_l, x->waterbody) : x->cls;
        je_wq_class prev =
            a->n_items ? comp_items_class(a, x->prev_conc_mg_l, x->waterbody) : x->prev_cls;
        const char *basis =
            a->trend == JE_COMP_TREND_SAME_MONTH ? "same month last year" : "previous year";
        if (x->target == JE_WQ_CLASS_NONE || cls == JE_WQ_CLASS_NONE ||
            (cls <= x->target && prev == JE_WQ_CLASS_NONE)) {
            snprintf(l->outcome, sizeof l->outcome, "no-data");
            comp_clause(l, "no settlement without a target, a class and (when met) a trend basis");
            comp_formula(l, "class %s, target %s, %s class %s: nothing to settle",
                         je_wq_class_label(cls), je_wq_class_label(x->target), basis,
                         je_wq_class_label(prev));
            continue;
        }
        je_comp_branch b = branch_of(cls, prev, x->target);
        const je_comp_branch_rule *r = &a->branch[b];
        snprintf(l->outcome, sizeof l->outcome, "%s", je_comp_branch_name(b));
        comp_line_pay(l, x, r->payer, r->amount_fen);
        comp_clause(l, r->clause);
        char amt[32];
        je_comp_format_yuan(r->amount_fen, amt, sizeof amt);
        comp_formula(l, "class %s %s target %s; %s class %s -> %s: %s pays %s yuan for the month",
                     je_wq_class_label(cls), cls <= x->target ? "meets" : "misses",
                     je_wq_class_label(x->target), basis, je_wq_class_label(prev),
                     je_comp_branch_name(b),
                     r->payer == JE_COMP_UPSTREAM_PAYS     ? "upstream"
                     : r->payer == JE_COMP_DOWNSTREAM_PAYS ? "downstream"
                                                           : "nobody",
                     amt);
    }
    return JE_OK;
}
