/*
 * comp_exceedance.c — exceedance × flow × unit price (the generic template).
 *
 * Source: standards.md §5.2, "generic exceedance-based template" (MEM; the template
 * only — no official numbers):
 *   monthly deduction = Σ_i max(0, C_i − C_target,i) × Q_month × U_i
 * with C in mg/L (= g/m³), Q_month the month's flow volume = mean flow (m³/s) × days ×
 * 86 400 s, so the excess load is (C − C_target) × Q_month / 10^6 t, and U_i the unit
 * price (fen per tonne). C_target,i is the agreement's value, or the GB 3838-2002
 * Table 1 limit of the section's target class. The sum is rounded once, to fen, at
 * the end (je_comp_round_fen). The upstream party pays the downstream party (or as
 * the agreement says).
 */
#include "water/comp_internal.h"

#include <math.h>
#include <stdio.h>

je_status comp_settle_exceedance(const je_comp_agreement *a, const je_comp_input *in, size_t n,
                                 comp_out *o, je_error *err)
{
    for (size_t k = 0; k < n; k++) {
        const je_comp_input *x = &in[k];
        je_comp_line *l = comp_line_new(o, x);
        if (l == NULL)
            return je_error_set(err, JE_ENOMEM, "out of memory");
        comp_clause(l, a->exceed_clause);
        int days = je_comp_days_in_month(x->year, x->month);
        double volume_m3 = x->flow_m3_s * days * 86400.0;
        if (isnan(x->flow_m3_s)) {
            snprintf(l->outcome, sizeof l->outcome, "no-data");
            comp_formula(l, "no monitored flow for %04d-%02d: the volume is unknown", x->year,
                         x->month);
            continue;
        }
        double fen = 0, tonnes = 0;
        size_t off = (size_t)snprintf(l->formula, sizeof l->formula,
                                      "Q = %.6g m3/s x %d d x 86400 s = %.6g m3; ", x->flow_m3_s,
                                      days, volume_m3);
        int missing = 0;
        for (size_t i = 0; i < a->n_items; i++) {
            double c = x->conc_mg_l[i];
            double ct = isnan(a->target_mg_l[i])
                            ? je_gb3838_limit(a->items[i], x->target, x->waterbody)
                            : a->target_mg_l[i];
            if (isnan(c) || isnan(ct)) {
                missing = 1;
                if (off < sizeof l->formula)
                    off += (size_t)snprintf(l->formula + off, sizeof l->formula - off,
                                            "%s: no %s; ", je_wq_item_code(a->items[i]),
                                            isnan(c) ? "value" : "target");
                continue;
            }
            double ex = c > ct ? c - ct : 0;
            double t = ex * volume_m3 / 1e6;
            tonnes += t;
            fen += t * (double)a->price_fen_per_t[i];
            if (off < sizeof l->formula)
                off += (size_t)snprintf(l->formula + off, sizeof l->formula - off,
                                        "%s max(0, %.6g - %.6g) x Q / 1e6 = %.6g t x %.2f "
                                        "yuan/t; ",
                                        je_wq_item_code(a->items[i]), c, ct, t,
                                        (double)a->price_fen_per_t[i] / 100.0);
        }
        if (missing) {
            snprintf(l->outcome, sizeof l->outcome, "no-data");
            continue;
        }
        int64_t amount = je_comp_round_fen(fen);
        l->value = je_round_sig(tonnes, 12);
        snprintf(l->outcome, sizeof l->outcome, "%s", amount > 0 ? "exceeded" : "within");
        comp_line_pay(l, x, a->exceed_payer, amount);
        char amt[32];
        je_comp_format_yuan(amount, amt, sizeof amt);
        if (off < sizeof l->formula)
            snprintf(l->formula + off, sizeof l->formula - off, "sum = %s yuan", amt);
    }
    return JE_OK;
}
