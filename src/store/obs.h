/* obs.h — the importer every kind of site observation shares (water samples at
 * sections, hourly air values at stations): a row per (site, time) with a value
 * column per item, in a wide file (a column per item) or a long one (a row per
 * value). A kind is described by an obs_kind; obs_import.c does the rest. Nothing
 * outside src/store includes it. */
#ifndef JE_STORE_OBS_H
#define JE_STORE_OBS_H

#include "store/internal.h"

#define OBS_MAX_ITEMS 32

typedef struct obs_kind {
    const char *kind;         /* import batch kind, e.g. "water-samples" */
    const char *what;         /* in messages: "water-sample" (file), "water samples" */
    const char *site_col;     /* "section" / "station": column and word in messages */
    const char *site_import;  /* hint: "jointenv import sections FILE" */
    const char *time_col;     /* "sampled_at" / "time" */
    const char *item_col;     /* long layout: "item" / "pollutant" */
    const char *sites_sql;    /* SELECT code, id, utc_offset_s, owner of every site */
    const char *table;        /* "water_sample" */
    const char *site_key;     /* its site column, "section_id" */
    const char *time_key;     /* its time column, "sampled_at" */
    const char *value_prefix; /* value columns are prefix + item code: "v_" */
    int nitems;               /* ≤ OBS_MAX_ITEMS */
    int has_bdl;              /* "0.01L"/"<0.01" notation and a bdl_mask column */
    int hourly;               /* times must fall on the hour (local) */
    int empty_rows_ok;        /* a wide row without values is skipped, not an error (hourly
                                 exports list every hour, measured or not) */
    const char *(*item_code)(int item);
    int (*item_find)(const char *code, size_t len, int *out_item); /* 1 found */
    je_status (*unit_convert)(int item, const char *unit, size_t len, double value,
                              double *out_value, je_error *err);
    /* After conversion and the shared negative-value check: 0 and a message (the
     * item code and value are prefixed by the caller) for an impossible value. */
    int (*check)(int item, double value, char *msg, size_t size);
    /* A flag cell: 1 if known, with *bdl / *invalid set. */
    int (*flag)(const char *text, int *bdl, int *invalid);
    const char *flag_help; /* "L = below detection limit, X = invalid, empty = none" */
} obs_kind;

/* Import `path` as observations of kind `k` (see je_import_water_samples in store.h
 * for the rules every kind shares: all-or-nothing, duplicates, --replace, merging a
 * file's values into a stored row that lacks them). */
je_status je_obs_import(je_db *db, const obs_kind *k, const char *path, const je_import_opts *opts,
                        je_import_report *rep, je_error *err);

#endif
