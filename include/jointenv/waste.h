/*
 * jointenv/waste.h — the "zero-waste city" (无废城市) indicator system: indicators as
 * configuration, their values computed from district data with the inputs recorded,
 * normalised scores, a weighted composite, ranking and year-on-year change.
 *
 * The structure follows the 2021 indicator system issued with 《"十四五"时期"无废城市"
 * 建设工作方案》 (环固体〔2021〕114号): five first-level indicators (source reduction,
 * resource utilisation, final disposal, capacity and assurance, public satisfaction),
 * second-level groups, third-level indicators with a unit and a formula
 * (shared/reference/standards.md §7; structure V1, several formulas MEM). Which
 * indicators, their formulas, targets and weights live in a JSON file
 * (data/rules/zero-waste-2021.json, format in docs/waste.md), never in code.
 *
 * Formulas (each indicator one of):
 *   ratio   scale × Σ num / Σ den          (e.g. utilisation rates, scale 100 → %)
 *   value   the variable itself             (counts, survey results)
 *   change  scale × (base − v) / base       (decline of v since base_year; scale 100 → %)
 * A formula whose input is missing (or a zero denominator) gives NAN: the indicator is
 * "not reported" and leaves the composite (coverage says how much weight was left).
 *
 * Scores 0–100 against the indicator's target (the rule is configuration-free):
 *   higher is better:  min(100, 100 × v / target)   (v ≤ 0 → 0)
 *   lower is better:   min(100, 100 × target / v)   (v ≤ target → 100)
 * Composite = Σ weight × score / Σ weight over the reported indicators; coverage =
 * that weight / all weight. Districts are ranked by composite (ties share a rank).
 *
 * Thread safety: all functions are re-entrant; a system or data set may be read by
 * many threads at once.
 */
#ifndef JOINTENV_WASTE_H
#define JOINTENV_WASTE_H

#include "core.h"
#include "store.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { JE_WASTE_RATIO = 0, JE_WASTE_VALUE, JE_WASTE_CHANGE } je_waste_formula;
typedef enum { JE_WASTE_HIGHER = 0, JE_WASTE_LOWER } je_waste_direction;

#define JE_WASTE_MAX_TERMS 4

typedef struct je_waste_indicator {
    char id[16];        /* "2.1.1" */
    char group[16];     /* second-level group id, "2.1" */
    char name_zh[96];
    char name_en[128];
    char unit[32];
    je_waste_direction direction;
    int mandatory;
    je_waste_formula formula;
    char num[JE_WASTE_MAX_TERMS][48]; /* variables summed (ratio: numerator; value and
                                         change: num[0]) */
    size_t n_num;
    char den[JE_WASTE_MAX_TERMS][48];
    size_t n_den;
    double scale;  /* ratio/change multiplier (100 for %), 1 otherwise */
    int base_year; /* change: the year compared with */
    double target; /* > 0 */
    double weight; /* ≥ 0 */
    char provenance[64];
} je_waste_indicator;

typedef struct je_waste_group {
    char id[16]; /* "1" (first level) or "1.1" (second level) */
    char name_zh[96];
    char name_en[128];
} je_waste_group;

typedef struct je_waste_system {
    char id[64];
    je_waste_group *groups;
    size_t n_groups;
    je_waste_indicator *ind;
    size_t n_ind;
} je_waste_system;

/* Parse a system from JSON text (name: the file name for messages). Errors (JE_EDATA)
 * name the file, line and column where jansson knows them, and the JSON path
 * ("indicators[3].formula.den: …"). Free with je_waste_system_free. */
JE_API je_status je_waste_system_parse(const char *json, size_t len, const char *name,
                                       je_waste_system *out, je_error *err);
JE_API void je_waste_system_free(je_waste_system *s);

/* District data: values by district, year and variable. */
typedef struct je_waste_value {
    char district[16];
    int year;
    char variable[48];
    double value;
} je_waste_value;

typedef struct je_waste_district {
    char code[16];
    char name_zh[64];
    char name_en[96];
    char jurisdiction[16];
} je_waste_district;

/* One indicator of one district in one year. */
typedef struct je_waste_result {
    double value; /* NAN: not reported */
    double score; /* 0–100, NAN when not reported */
    int met;      /* value meets the target (score 100); -1 not reported */
    char inputs[256]; /* provenance: "ind_sw_used_t=812000; ind_sw_t=1030000" */
} je_waste_result;

typedef struct je_waste_card {
    size_t district;        /* index into the districts given */
    je_waste_result *res;   /* n_ind, in the system's order */
    double composite;       /* NAN when nothing is reported */
    double coverage;        /* 0–1 */
    int rank;               /* 1 = best; 0 when composite is NAN */
    double prev_composite;  /* the year before, NAN when not computable */
    size_t mandatory_total, mandatory_met;
} je_waste_card;

/* Evaluate every district in `year` (and year − 1 for the change of composite).
 * values need not be sorted. *out: n_districts cards (free with je_waste_cards_free).
 * JE_EINVAL for a NULL system; JE_ENOMEM. */
JE_API je_status je_waste_evaluate(const je_waste_system *sys, const je_waste_district *districts,
                                   size_t n_districts, const je_waste_value *values,
                                   size_t n_values, int year, je_waste_card **out,
                                   je_error *err);
JE_API void je_waste_cards_free(je_waste_card *cards, size_t n);

/* Read districts (CSV code,name_zh,name_en,jurisdiction) and values (CSV, long layout:
 * district,year,variable,value; values ≥ 0). Bad rows go to diag as path:line:column
 * and are skipped; the return is a fatal status only (file unreadable, a missing
 * column: JE_EDATA, out of memory). Free *out with free(). */
JE_API je_status je_waste_read_districts(const char *path, je_waste_district **out,
                                         size_t *out_n, je_diag *diag, je_error *err);
JE_API je_status je_waste_read_values(const char *path, je_waste_value **out, size_t *out_n,
                                      je_diag *diag, je_error *err);

/* Score of value v against target by direction (the rule above); NAN for NAN. */
JE_API double je_waste_score(je_waste_direction d, double v, double target);

/* ---------------------------------------------------------------------------
 * Zero-waste data in the store (src/store/waste_store.c; 0011_ecology.sql).
 * ------------------------------------------------------------------------- */

/* Import districts (the CSV of je_waste_read_districts), kind "waste-districts": each
 * a record owned by its jurisdiction (which must exist), permission checked (JE_EPERM)
 * and logged. An existing code needs opts->replace. All or nothing. */
JE_API je_status je_import_waste_districts(je_db *db, const char *path, const je_import_opts *opts,
                                           je_import_report *rep, je_error *err);
/* Import values (district,year,variable,value; value ≥ 0), kind "waste-data": the
 * district must be stored; writing needs write permission on its jurisdiction
 * (JE_EPERM, naming the row); a (district, year, variable) already stored needs
 * opts->replace. Bulk rows under the batch's content hash. All or nothing. */
JE_API je_status je_import_waste_values(je_db *db, const char *path, const je_import_opts *opts,
                                        je_import_report *rep, je_error *err);
/* The stored districts (by code) and values (by district, year, variable) the actor
 * may read. Free with free(). */
JE_API je_status je_store_waste_districts(je_db *db, je_waste_district **out, size_t *out_n,
                                          je_error *err);
JE_API je_status je_store_waste_values(je_db *db, je_waste_value **out, size_t *out_n,
                                       je_error *err);

/* The evaluation as canonical text (one CSV line per district in the order given:
 * code, rank, composite, coverage, prev_composite, mandatory met/total, then each
 * indicator's value; numbers %.10g, "" for not reported): the bytes a run records
 * and verification compares. Malloc'd into *out. */
JE_API je_status je_waste_canonical(const je_waste_system *sys, const je_waste_district *d,
                                    size_t nd, const je_waste_card *cards, char **out,
                                    je_error *err);

/* Evaluate `year` from the store with the system in system_path and record it as a
 * run (run.h; engine "zero-waste"): rules = SHA-256 of the system file, inputs = the
 * districts and values of year and year − 1 as canonical CSV, output =
 * je_waste_canonical. *out_run the new run's id. */
JE_API je_status je_waste_run_record(je_db *db, const char *system_path, int year,
                                     int64_t *out_run, je_error *err);

typedef struct je_waste_verify {
    int identical;     /* the output bytes recomputed now equal the stored ones */
    int rules_changed, inputs_changed;
    char stored_output[65], now_output[65];
    char stored_input[65], now_input[65];
    char stored_rules[65], now_rules[65];
    char system_path[1024];
    int year;
} je_waste_verify;

/* Recompute zero-waste run `run_id` from the store now (system_path overrides the
 * recorded system file; may be NULL) and compare. JE_EINVAL when the run is not a
 * zero-waste run; JE_ENOTFOUND when there is none. */
JE_API je_status je_waste_run_verify(je_db *db, int64_t run_id, const char *system_path,
                                     je_waste_verify *out, je_error *err);

#ifdef __cplusplus
}
#endif

#endif
