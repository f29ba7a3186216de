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
#include "store.h"

#include <stddef.h>

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

/* ---------------------------------------------------------------------------
 * Gene banks and forests in the store (src/store/conserve_store.c; 0011_ecology.sql).
 * Every import is all or nothing, with bad rows at path:line:column; every record is
 * owned by a jurisdiction, permission-checked (JE_EPERM) and logged.
 * ------------------------------------------------------------------------- */

typedef struct je_gb_accession {
    char code[32];
    char species_zh[64], species_en[128];
    char kind[16]; /* seed plant semen embryo live tissue dna */
    char bank[128], location[96];
    char jurisdiction[16];
    int64_t accessions;
    double samples;
    char last_regeneration[8]; /* "YYYY" or "YYYY-MM" */
    char note[128];            /* the last update's note */
} je_gb_accession;

/* Import accessions (CSV code,species_zh,species_en,kind,bank,location,jurisdiction,
 * accessions,samples,last_regeneration), kind "genebank". An existing code needs
 * opts->replace. */
JE_API je_status je_import_genebank(je_db *db, const char *path, const je_import_opts *opts,
                                    je_import_report *rep, je_error *err);
/* The accessions the actor may read, in the order imported. Free with free(). */
JE_API je_status je_store_genebank(je_db *db, je_gb_accession **out, size_t *out_n, je_error *err);
/* Record a regeneration and/or a stock count of accession `code`: regenerated "YYYY" or
 * "YYYY-MM" (NULL: unchanged; not before the last one), samples >= 0 (NAN:
 * unchanged), note (NULL: none). Needs write permission on the accession's
 * jurisdiction; logged with before and after. JE_ENOTFOUND, JE_EINVAL, JE_EPERM. */
JE_API je_status je_gb_update(je_db *db, const char *code, const char *regenerated, double samples,
                              const char *note, je_error *err);

typedef struct je_forest_row {
    char unit[16]; /* GB/T 2260 code of the jurisdiction or district */
    char name_zh[64], name_en[96];
    char jurisdiction[16];
    int year;
    double coverage_pct, stock_m3, afforestation_ha; /* NAN when not given */
} je_forest_row;

typedef struct je_forest_target_row {
    char unit[16];
    char indicator[16]; /* coverage_pct or stock_m3 */
    char jurisdiction[16];
    je_forest_target t;
} je_forest_target_row;

/* Import forest values (CSV unit,name_zh,name_en,year,coverage_pct,stock_m3,
 * afforestation_ha, and optionally jurisdiction; without it the owner is the
 * province-level unit of the code, GB/T 2260: its first two digits then 0000), kind
 * "forests". The unit is a record (created, or updated when its names change); the
 * yearly values are bulk rows under the batch's content hash. A (unit, year) already
 * stored needs opts->replace. */
JE_API je_status je_import_forests(je_db *db, const char *path, const je_import_opts *opts,
                                   je_import_report *rep, je_error *err);
/* Import targets (CSV unit,indicator,base_year,base,target_year,target), kind
 * "forest-targets"; the unit must be stored. */
JE_API je_status je_import_forest_targets(je_db *db, const char *path, const je_import_opts *opts,
                                          je_import_report *rep, je_error *err);
/* Stored values (by unit, in import order, then year) and targets the actor may read.
 * Free with free(). */
JE_API je_status je_store_forests(je_db *db, je_forest_row **out, size_t *out_n, je_error *err);
JE_API je_status je_store_forest_targets(je_db *db, je_forest_target_row **out, size_t *out_n,
                                         je_error *err);

#ifdef __cplusplus
}
#endif

#endif
