/*
 * comp_pindex.c — P-index settlement (Xin'an River style).
 *
 * Source: the Xin'an River pilot (Anhui–Zhejiang), standards.md §5.2 (structure MEM,
 * use of P V1):
 *   P = k0 × Σ_i k_i × (C_i / C_i0)
 *   C_i  annual mean concentration of item i at the boundary section,
 *   C_i0 the baseline (2008–2010 mean), k_i the weights (0.25 each over CODMn, NH3-N,
 *   TN, TP), k0 the water-quality stability coefficient (0.85 in round 1);
 *   P ≤ 1 → the downstream party pays the upstream party the annual amount;
 *   P > 1 → the upstream party pays the downstream party.
 * P is rounded to 12 significant digits before it is compared with 1, so a P that is 1
 * in decimal arithmetic is "P ≤ 1".
 */
#include "water/comp_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

je_status comp_settle_pindex(const je_comp_agreement *a, const je_comp_input *in, size_t n,
                             comp_out *o, je_error *err)
{
    for (size_t k = 0; k < n; k++) {
        const je_comp_input *x = &in[k];
        const je_comp_section *s = NULL;
        for (size_t j = 0; j < a->n_sections && s == NULL; j++)
            if (strcmp(a->sections[j].code, x->section) == 0)
                s = &a->sections[j];
        je_comp_line *l = comp_line_new(o, x);
        if (l == NULL)
            return je_error_set(err, JE_ENOMEM, "out of memory");
        double sum = 0;
        size_t off = (size_t)snprintf(l->formula, sizeof l->formula, "P = %.4g x (", a->k0);
        const char *missing = NULL;
        for (size_t i = 0; i < a->n_items; i++) {
            double c = x->conc_mg_l[i], c0 = s ? s->baseline_mg_l[i] : NAN;
            if (isnan(c) || isnan(c0) || !(c0 > 0)) {
                missing = je_wq_item_code(a->items[i]);
                break;
            }
            sum += a->weight[i] * (c / c0);
            if (off < sizeof l->formula)
                off += (size_t)snprintf(l->formula + off, sizeof l->formula - off,
                                        "%s%.4g x %.6g/%.6g [%s]", i ? " + " : "", a->weight[i], c,
                                        c0, je_wq_item_code(a->items[i]));
        }
        if (missing) {
            snprintf(l->outcome, sizeof l->outcome, "no-data");
            comp_clause(l, a->p_le1.clause);
            comp_formula(l, "no annual mean or baseline for %s: P cannot be computed", missing);
            continue;
        }
        double p = je_round_sig(a->k0 * sum, 12);
        l->value = p;
        int le1 = p <= 1.0;
        const je_comp_branch_rule *r = le1 ? &a->p_le1 : &a->p_gt1;
        snprintf(l->outcome, sizeof l->outcome, "%s", le1 ? "p<=1" : "p>1");
        comp_line_pay(l, x, r->payer, a->pindex_amount_fen);
        comp_clause(l, r->clause);
        char amt[32];
        je_comp_format_yuan(a->pindex_amount_fen, amt, sizeof amt);
        if (off < sizeof l->formula)
            snprintf(l->formula + off, sizeof l->formula - off, ") = %.6f %s 1: %s pays %s yuan", p,
                     le1 ? "<=" : ">",
                     r->payer == JE_COMP_UPSTREAM_PAYS ? "upstream" : "downstream", amt);
    }
    return JE_OK;
}
