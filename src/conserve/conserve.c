/*
 * conserve.c — gene-bank accession status and forest progress (jointenv/conserve.h).
 */
#include "jointenv/conserve.h"

#include <math.h>

static const char *const gb_names[] = {"ok", "low_stock", "regeneration_due",
                                       "regeneration_overdue"};

const char *je_gb_status_name(je_gb_status s)
{
    return (unsigned)s < sizeof gb_names / sizeof gb_names[0] ? gb_names[s] : "?";
}

/* Overdue past 1.5 intervals: the point at which seed viability or a frozen stock's
   reserve can no longer be assumed (docs/conserve.md); a configuration-free rule. */
#define OVERDUE_FACTOR 1.5

je_gb_status je_gb_status_of(double years_since, double interval_years, double samples,
                             double min_samples)
{
    if (interval_years > 0 && years_since > OVERDUE_FACTOR * interval_years)
        return JE_GB_REGEN_OVERDUE;
    if (interval_years > 0 && years_since > interval_years)
        return JE_GB_REGEN_DUE;
    if (samples < min_samples)
        return JE_GB_LOW_STOCK;
    return JE_GB_OK;
}

je_status je_forest_progress_of(const je_forest_target *t, int year, double v,
                                je_forest_progress *out, je_error *err)
{
    if (t->target == t->base || t->target_year <= t->base_year || !isfinite(t->target) ||
        !isfinite(t->base))
        return je_error_set(err, JE_EINVAL,
                            "forest target: the target must differ from the base value and "
                            "the target year follow the base year");
    out->progress = (v - t->base) / (t->target - t->base);
    out->elapsed = (double)(year - t->base_year) / (double)(t->target_year - t->base_year);
    /* (40.4 − 40) / (41 − 40) is 0.39999999999999858 in binary: a progress equal to the
       time elapsed, to 1e-9, counts as on track */
    out->on_track = out->progress >= out->elapsed - 1e-9;
    out->met = t->target > t->base ? v >= t->target : v <= t->target;
    return JE_OK;
}
