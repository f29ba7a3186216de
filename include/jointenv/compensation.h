/*
 * jointenv/compensation.h — horizontal ecological compensation for boundary river
 * sections (流域横向生态保护补偿): agreements as data, settlement engines, and the
 * store's side (monitored flows, settlements, the ledger, re-running a settlement).
 *
 * An agreement (data/rules/compensation-*.json, format in docs/compensation.md) names
 * its parties (GB/T 2260 jurisdiction codes), the sections it settles, the GB 3838
 * items it uses, the years it covers, and exactly one rule type:
 *
 *   target-and-trend  Chongqing 2018 (standards.md §5.1): per section and month, the
 *                     section meets its target or not, and its class improved, stayed
 *                     or worsened: a fixed monthly amount per branch, each branch with
 *                     its payer (upstream or downstream).
 *   p-index           Xin'an River (standards.md §5.2): per section and year,
 *                     P = k0 × Σ k_i × C_i / C_i0; P ≤ 1 downstream pays upstream,
 *                     P > 1 upstream pays downstream, a fixed annual amount.
 *   pool-share        Chishui River (standards.md §5.1): a yearly pool filled by the
 *                     parties in fixed parts and shared out in other fixed parts; a
 *                     section that fails its target forfeits part of its upstream
 *                     party's share to named beneficiaries.
 *   exceedance-price  the generic template (standards.md §5.2): per section and month,
 *                     Σ_i max(0, C_i − C_target,i) × monthly flow volume × unit price_i,
 *                     paid by the upstream party to the downstream party.
 *
 * Money is integer fen (0.01 yuan). Amounts configured in yuan must have at most two
 * decimals. Where a computation multiplies physical quantities by a price (exceedance-
 * price) or shares a pool by parts (pool-share), the amount is rounded once, at the
 * final amount of each line: half away from zero, after rounding the product to 12
 * significant digits so binary noise cannot decide a half fen (je_comp_round_fen).
 *
 * The engines are pure: they take the inputs the store gathered (je_comp_input) and
 * return lines (je_comp_line); same inputs, same bytes out. Thread-safe, re-entrant.
 */
#ifndef JOINTENV_COMPENSATION_H
#define JOINTENV_COMPENSATION_H

#include "core.h"
#include "store.h"
#include "water.h"

#ifdef __cplusplus
extern "C" {
#endif

#define JE_COMP_MAX_PARTIES 8
#define JE_COMP_MAX_ITEMS 8
#define JE_COMP_CODE_MAX 32  /* section codes */
#define JE_COMP_PARTY_MAX 16 /* jurisdiction codes, or "POOL" */
#define JE_COMP_CLAUSE_MAX 240
#define JE_COMP_FORMULA_MAX 768

/* The pseudo-party money of a pool-share agreement passes through. */
#define JE_COMP_POOL "POOL"

typedef enum {
    JE_COMP_TARGET_TREND = 0,
    JE_COMP_PINDEX = 1,
    JE_COMP_POOL_SHARE = 2,
    JE_COMP_EXCEEDANCE_PRICE = 3
} je_comp_rule_type;

/* "target-and-trend", "p-index", "pool-share", "exceedance-price". Never NULL. */
JE_API const char *je_comp_rule_type_name(je_comp_rule_type t);
/* 1 when the rule settles month by month (target-and-trend, exceedance-price); 0 when
 * it settles by year (p-index, pool-share). */
JE_API int je_comp_rule_monthly(je_comp_rule_type t);

/* Who pays, relative to a section's flow direction. */
typedef enum {
    JE_COMP_PAYS_NONE = 0,
    JE_COMP_UPSTREAM_PAYS = 1,  /* the upstream party pays the downstream one */
    JE_COMP_DOWNSTREAM_PAYS = 2 /* the downstream party pays the upstream one */
} je_comp_payer;

/* Target-and-trend branches. */
typedef enum {
    JE_COMP_MET_IMPROVED = 0,
    JE_COMP_MET_SAME = 1,
    JE_COMP_MET_WORSE = 2,
    JE_COMP_FAILED = 3,
    JE_COMP_NBRANCH = 4
} je_comp_branch;

/* "met-improved", "met-same", "met-worse", "failed". */
JE_API const char *je_comp_branch_name(je_comp_branch b);

/* What the trend compares a month's class with. */
typedef enum {
    JE_COMP_TREND_SAME_MONTH = 0, /* the same month of the previous year */
    JE_COMP_TREND_PREV_YEAR = 1   /* the previous year's mean (2011 method) */
} je_comp_trend_basis;

typedef struct je_comp_branch_rule {
    je_comp_payer payer;
    int64_t amount_fen; /* per month */
    char clause[JE_COMP_CLAUSE_MAX];
} je_comp_branch_rule;

/* One section an agreement settles. */
typedef struct je_comp_section {
    char code[JE_COMP_CODE_MAX];
    char upstream[JE_COMP_PARTY_MAX];        /* "" = the store's upstream of the section */
    char downstream[JE_COMP_PARTY_MAX];      /* "" = the store's downstream */
    je_wq_class target;                      /* NONE = the section's water-function target */
    double baseline_mg_l[JE_COMP_MAX_ITEMS]; /* p-index: C_i0 per indicator */
    /* pool-share: when the section fails, forfeit_percent % of the upstream party's
       allocation goes to the beneficiaries in proportion to their parts */
    int forfeit_percent;
    char beneficiary[JE_COMP_MAX_PARTIES][JE_COMP_PARTY_MAX];
    int beneficiary_parts[JE_COMP_MAX_PARTIES];
    size_t n_beneficiaries;
    char clause[JE_COMP_CLAUSE_MAX]; /* pool-share: the clause of the forfeit */
} je_comp_section;

/* A parsed agreement. Owns `sections` (free with je_comp_agreement_free). */
typedef struct je_comp_agreement {
    char id[64];
    char name[256];
    je_comp_rule_type type;
    int year_from, year_to; /* years the agreement covers (inclusive) */
    char parties[JE_COMP_MAX_PARTIES][JE_COMP_PARTY_MAX];
    size_t n_parties;
    int all_boundary; /* sections = every stored boundary section between two parties */
    je_comp_section *sections;
    size_t n_sections;
    je_wq_item items[JE_COMP_MAX_ITEMS]; /* indicators; target-and-trend: 0 items = the
                                            section class over all 21 assessed items */
    size_t n_items;
    /* target-and-trend */
    je_comp_branch_rule branch[JE_COMP_NBRANCH];
    je_comp_trend_basis trend;
    /* p-index */
    double k0;
    double weight[JE_COMP_MAX_ITEMS];
    int64_t pindex_amount_fen; /* per year */
    je_comp_branch_rule p_le1, p_gt1;
    /* pool-share */
    int64_t pool_fen; /* per year */
    int contribution_parts[JE_COMP_MAX_PARTIES];
    int allocation_parts[JE_COMP_MAX_PARTIES];
    char pool_clause[JE_COMP_CLAUSE_MAX];
    /* exceedance-price */
    double target_mg_l[JE_COMP_MAX_ITEMS]; /* NAN = limit of the section's target class */
    int64_t price_fen_per_t[JE_COMP_MAX_ITEMS];
    je_comp_payer exceed_payer;
    char exceed_clause[JE_COMP_CLAUSE_MAX];
} je_comp_agreement;

/* Parse an agreement from JSON text (`len` bytes; `name` is the file name used in
 * errors). Strict: unknown members, missing members, wrong types, values out of range
 * and unknown item codes or jurisdictions are JE_EDATA with err->path = name,
 * err->line/column at the offending value (or its parent object when it is missing),
 * err->field = the JSON path ("$.p_index.k0") and a message naming the path and the
 * reason. On success *out is filled (free with je_comp_agreement_free). */
JE_API je_status je_comp_agreement_parse(const char *json, size_t len, const char *name,
                                         je_comp_agreement *out, je_error *err);
/* Read and parse a file (at most 1 MiB); writes the SHA-256 of its bytes into
 * sha256_hex (65 bytes) when not NULL. JE_EIO when it cannot be read. */
JE_API je_status je_comp_agreement_load(const char *path, je_comp_agreement *out, char *sha256_hex,
                                        je_error *err);
JE_API void je_comp_agreement_free(je_comp_agreement *a);

/* The inputs of one section for one period, gathered by the store. */
typedef struct je_comp_input {
    char section[JE_COMP_CODE_MAX];
    char upstream[JE_COMP_PARTY_MAX], downstream[JE_COMP_PARTY_MAX];
    je_waterbody waterbody;
    je_wq_class target; /* effective target class (agreement's, else the section's) */
    int year, month;    /* month 1–12, or 0 for the whole year */
    size_t n_samples;   /* samples in the period */
    double conc_mg_l[JE_COMP_MAX_ITEMS];      /* period mean of agreement item i; NAN none */
    double prev_conc_mg_l[JE_COMP_MAX_ITEMS]; /* the same for the trend basis period */
    je_wq_class cls;      /* section class of the period (2011 method, all items) */
    je_wq_class prev_cls; /* the same for the trend basis period */
    double flow_m3_s;     /* mean monitored flow of the period; NAN when not monitored */
} je_comp_input;

/* One settlement line: a payment (or no payment) with everything it rests on. */
typedef struct je_comp_line {
    char section[JE_COMP_CODE_MAX]; /* "" for a party's pool line */
    int year, month;                /* month 0 = the year */
    char payer[JE_COMP_PARTY_MAX];  /* "" when nothing is paid (a pool-base line always
                                       names its party and POOL) */
    char payee[JE_COMP_PARTY_MAX];
    int64_t amount_fen; /* ≥ 0 */
    char outcome[24];   /* met-improved, met-same, met-worse, failed, p<=1, p>1, within,
                           exceeded, pool-base, forfeit, met, no-data */
    double value;       /* P (p-index), excess load in t (exceedance-price); else NAN */
    char clause[JE_COMP_CLAUSE_MAX];
    char formula[JE_COMP_FORMULA_MAX]; /* the formula with the numbers substituted */
} je_comp_line;

typedef struct je_comp_result {
    je_comp_line *lines;
    size_t n;
} je_comp_result;

/* Settle n inputs under an agreement. Monthly rules take inputs with month 1–12 (one
 * line each); annual rules take month 0 (p-index one line each; pool-share one
 * pool-base line per party, then a forfeit line per beneficiary of each failing
 * section). An input missing what its rule needs (a class, an indicator, a flow, a
 * baseline) gives a no-data line with amount 0 and the reason in its formula.
 * *out is allocated (je_comp_result_free). JE_EINVAL: a month that does not fit the
 * rule; an input outside the agreement's years. */
JE_API je_status je_comp_settle(const je_comp_agreement *a, const je_comp_input *in, size_t n,
                                je_comp_result *out, je_error *err);
JE_API void je_comp_result_free(je_comp_result *r);

/* Net amount between two parties: a < b (strcmp); net_fen > 0 when a pays b. */
typedef struct je_comp_pair {
    char a[JE_COMP_PARTY_MAX], b[JE_COMP_PARTY_MAX];
    int64_t net_fen;
} je_comp_pair;

/* Net the lines of a result per pair of parties, pairs in strcmp order. *out malloc'd. */
JE_API je_status je_comp_pairs(const je_comp_result *r, je_comp_pair **out, size_t *out_n,
                               je_error *err);

/* Canonical serialisations (UTF-8 text, one record a line, numbers by "%.17g"), the
 * bytes that the input and output SHA-256 of a run are taken over. *out malloc'd. */
JE_API je_status je_comp_inputs_canonical(const je_comp_agreement *a, const je_comp_input *in,
                                          size_t n, char **out, size_t *out_len, je_error *err);
JE_API je_status je_comp_result_canonical(const je_comp_result *r, char **out, size_t *out_len,
                                          je_error *err);

/* Round an amount in fen (a double) to integer fen: first to 12 significant digits,
 * then half away from zero. */
JE_API int64_t je_comp_round_fen(double fen);
/* "1234.56" (yuan with two decimals, "-" sign when negative) from fen. Returns buf. */
JE_API char *je_comp_format_yuan(int64_t fen, char *buf, size_t size);
/* Days in a month of the proleptic Gregorian calendar. */
JE_API int je_comp_days_in_month(int year, int month);

/* ---------------------------------------------------------------------------
 * Store: monitored flows, settlements and the ledger (src/store/section_flow.c,
 * src/store/compensation_store.c). Runs: see run.h.
 * ------------------------------------------------------------------------- */

/* Monthly mean monitored flow per section: CSV `section,month,flow_m3_s`, month
 * YYYY-MM, flow ≥ 0 m³/s. A (section, month) already stored is an error unless
 * opts->replace; twice in one file always is. Same all-or-nothing frame as every
 * import (store.h). */
JE_API je_status je_import_section_flows(je_db *db, const char *path, const je_import_opts *opts,
                                         je_import_report *rep, je_error *err);

/* Mean flow of a section in a month (month 0: the mean of the year's monitored
 * months); NAN when there is none. */
JE_API je_status je_store_section_flow(je_db *db, const char *section, int year, int month,
                                       double *out_flow_m3_s, je_error *err);

/* The inputs of an agreement for a year (month 0: every month of a monthly rule, or
 * the year of an annual one) or one month (monthly rules only). Sections listed by the
 * agreement must exist (JE_ENOTFOUND otherwise). *out malloc'd (free()). */
JE_API je_status je_comp_load_inputs(je_db *db, const je_comp_agreement *a, int year, int month,
                                     je_comp_input **out, size_t *out_n, je_error *err);

/* A settlement written to the store. */
typedef struct je_comp_settle_report {
    int64_t run_id;     /* the run recorded (or the identical one found) */
    int already;        /* 1: the same period was settled with identical bytes; nothing written */
    int64_t superseded; /* run id of a settlement this one superseded, 0 none */
    char rules_sha256[65], input_sha256[65], output_sha256[65];
    je_comp_result result;
    je_comp_pair *pairs;
    size_t n_pairs;
} je_comp_settle_report;

/* Settle a year (month 0) or a month of an agreement from the stored data and record
 * it in one transaction: the run (engine "compensation", version, the rule file's
 * SHA-256 `rules_sha256`, the canonical inputs and output with their SHA-256, params
 * {agreement, rules_path, year, month}), the settlement lines, and one ledger line per
 * pair of parties with the pair's running balance.
 * Re-settling: a period already settled with the same output bytes writes nothing
 * and reports already = 1 with that run. A different result is refused (JE_ECONFLICT,
 * saying whether the inputs or the rules changed) unless `supersede`: then the old
 * settlement is marked superseded, its ledger lines are reversed by new lines, and
 * the new ones posted. A year and a month of the same year cannot both be settled
 * (the ledger would count the month twice): JE_ECONFLICT. A settlement is a joint
 * record: it needs write in the joint office (an analyst or admin of "joint", or the
 * local administrator); anyone else gets JE_EPERM and nothing is written. */
JE_API je_status je_comp_settle_store(je_db *db, const je_comp_agreement *a, const char *rules_path,
                                      const char *rules_sha256, int year, int month, int supersede,
                                      je_comp_settle_report *out, je_error *err);
JE_API void je_comp_settle_report_free(je_comp_settle_report *r);

typedef struct je_comp_ledger_row {
    int64_t id, run_id;
    char agreement[64];
    int year, month;
    char party_a[JE_COMP_PARTY_MAX], party_b[JE_COMP_PARTY_MAX];
    int64_t net_fen;     /* > 0: party_a pays party_b */
    int64_t balance_fen; /* running balance of the pair after this line */
    char kind[16];       /* "settlement" or "reversal" */
    int64_t created_at;
} je_comp_ledger_row;

/* Ledger lines in posting order, of one pair (a and b in any order; NULL = all). */
JE_API je_status je_comp_ledger(je_db *db, const char *a, const char *b, je_comp_ledger_row **out,
                                size_t *out_n, je_error *err);

/* Re-run a recorded compensation run from the current data. */
typedef struct je_comp_verify {
    int identical;      /* output bytes are the same */
    int rules_changed;  /* the rule file's SHA-256 differs */
    int inputs_changed; /* the canonical inputs differ */
    char rules_path[512];
    char stored_rules[65], now_rules[65];
    char stored_input[65], now_input[65];
    char stored_output[65], now_output[65];
    char changes[2048]; /* the first differing input records, "stored → now", one a line */
} je_comp_verify;

/* `rules_path` NULL: the file recorded with the run. JE_ENOTFOUND: no such run;
 * JE_EINVAL: the run is not a compensation run. */
JE_API je_status je_comp_run_verify(je_db *db, int64_t run_id, const char *rules_path,
                                    je_comp_verify *out, je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_COMPENSATION_H */
