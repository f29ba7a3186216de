/*
 * jointenv/conserve.h — genetic-resource banks and forests: the status of conserved
 * accessions (regeneration due, stock low) and forest indicators against targets.
 *
 * Gene banks. Each accession (a species, variety or breed kept in a bank: seeds,
 * plants, semen, embryos, live animals, tissue or DNA) records its samples in storage
 * and its last regeneration (re-growing seed lots, renewing semen stocks, replacing
 * the live herd). Its status:
 *   regeneration_overdue  years since the last regeneration > 1.5 × interval
 *   regeneration_due      years since > interval
 *   low_stock             samples in storage < the minimum
 *   ok                    otherwise (the first that applies, in this order)
 * The interval and minimum per kind of material are configuration
 * (data/rules/genebank-intervals.json, illustrative defaults after the FAO Genebank
 * Standards for Plant Genetic Resources (2014) §4 and the FAO Cryoconservation of
 * Animal Genetic Resources guidelines (2012) — docs/conserve.md says which are which).
 *
 * Forests. Per jurisdiction or district and year: forest coverage (%), growing stock
 * (m³) and afforestation (ha); against a target (value at a target year from a base
 * year): progress = (v − base) / (target − base), time elapsed = (year − base year) /
 * (target year − base year); "on track" when progress ≥ elapsed (to 1e-9, so that
 * decimal data exactly on schedule count as on track), "met" when v reaches the
 * target.
 *
 * Re-entrant; no state.
 */
#ifndef JOINTENV_CONSERVE_H
#define JOINTENV_CONSERVE_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    JE_GB_OK = 0,
    JE_GB_LOW_STOCK,
    JE_GB_REGEN_DUE,
    JE_GB_REGEN_OVERDUE
} je_gb_status;

JE_API const char *je_gb_status_name(je_gb_status s); /* "ok", "low_stock", … */

/* Status of an accession: years since its last regeneration (NAN = never regenerated:
 * counted from its entry, which the caller passes instead), the kind's interval
 * (years, > 0) and minimum stock, and the samples in storage. */
JE_API je_gb_status je_gb_status_of(double years_since, double interval_years,
                                    double samples, double min_samples);

typedef struct je_forest_target {
    int base_year, target_year;
    double base, target; /* the indicator at the base year; its target */
} je_forest_target;

typedef struct je_forest_progress {
    double progress; /* share of the way from base to target (may be < 0 or > 1) */
    double elapsed;  /* share of the time from base year to target year */
    int on_track;    /* progress ≥ elapsed */
    int met;         /* v has reached the target (in its direction) */
} je_forest_progress;

/* Progress of value v in `year` towards t. JE_EINVAL when target == base or the target
 * year is not after the base year. */
JE_API je_status je_forest_progress_of(const je_forest_target *t, int year, double v,
                                       je_forest_progress *out, je_error *err);

#ifdef __cplusplus
}
#endif

#endif
