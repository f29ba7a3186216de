/*
 * jointenv/energy.h — energy and carbon accounting, the dual-control barometer, the
 * carbon-peak pathway (Kaya identity, LMDI decomposition) and coal-unit retirement
 * planning. User guide: docs/energy.md; sources of every coefficient: docs/STANDARDS.md
 * and the JSON factor files in data/rules/.
 *
 * Every coefficient is data. Standard-coal coefficients (GB/T 2589-2020 Appendix A),
 * fuel CO2 parameters (the Chinese GHG accounting guidelines' defaults, or IPCC 2006
 * Vol. 2 Table 2.2), electricity CO2 factors by (year, scope, region) and the
 * dual-control warning rule are read from JSON files (data/rules/energy-*.json,
 * co2-*.json, electricity-*.json, dual-control-*.json). Values marked V1 or MEM in
 * those files are placeholders to be confirmed: override them by passing another file.
 *
 * Units are in names: q_t (tonnes), e_tce (tonnes of standard coal equivalent),
 * co2_t (tonnes CO2), gdp_1e4_yuan (10⁴ yuan, constant prices), elec_mwh, heat_gj.
 * A missing value is NAN.
 *
 * Engines here are pure and re-entrant: no I/O except the *_load functions, which
 * read one JSON file; no printing, no globals. The store functions at the end are the
 * only ones that take a je_db.
 */
#ifndef JOINTENV_ENERGY_H
#define JOINTENV_ENERGY_H

#include "core.h"
#include "store.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------
 * Activity items and units.
 * ------------------------------------------------------------------------- */

/* What an item measures; each has one base unit the store keeps quantities in. */
typedef enum {
    JE_DIM_MASS = 0, /* base t */
    JE_DIM_GAS,      /* base 10⁴ Nm³ (gaseous fuels, at 0 °C and 101.325 kPa) */
    JE_DIM_ELEC,     /* base MWh */
    JE_DIM_HEAT,     /* base GJ */
    JE_DIM_MONEY,    /* base 10⁴ yuan */
    JE_DIM_PEOPLE,   /* base persons */
    JE_DIM_COUNT
} je_energy_dim;

typedef enum {
    JE_ITEM_FUEL = 0,    /* combusted fuel: standard coal and combustion CO2 */
    JE_ITEM_ELECTRICITY, /* end-use electricity: standard coal by the basis, indirect CO2 */
    JE_ITEM_HEAT,        /* purchased heat (steam, hot water): indirect CO2 */
    JE_ITEM_CLINKER,     /* cement clinker output: process CO2 (calcination) */
    JE_ITEM_GDP,         /* GDP at constant prices */
    JE_ITEM_POPULATION   /* resident population */
} je_energy_item_kind;

typedef struct je_energy_item {
    const char *code; /* "raw_coal", "natural_gas", "electricity", "gdp" … */
    const char *name_zh;
    const char *name_en;
    je_energy_item_kind kind;
    je_energy_dim dim;
} je_energy_item;

/* The known items (a static table; docs/energy.md lists them). *out_n set. */
JE_API const je_energy_item *je_energy_items(size_t *out_n);
/* The item with this code, or NULL. */
JE_API const je_energy_item *je_energy_item_find(const char *code);
/* The base unit of a dimension ("t", "1e4 Nm3", "MWh", "GJ", "1e4 yuan", "person"). */
JE_API const char *je_energy_base_unit(je_energy_dim dim);

/* Convert `q` in `unit` into the base unit of item `item` (*out_base). Units (case
 * sensitive, as written in docs/energy.md): mass t, kg, 1e4 t (also 10^4 t, 万t);
 * gas Nm3 (also m3), 1e4 Nm3 (also 10^4 Nm3, 万Nm3, 万m3), 1e8 Nm3 (亿m3); electricity
 * kWh, 1e4 kWh (万kWh), MWh, GWh, 1e8 kWh (亿kWh), TWh; heat GJ, MJ, TJ; money yuan,
 * 1e4 yuan (万元), 1e8 yuan (亿元); people person, 1e4 person (万人).
 * JE_EINVAL for an unknown item, JE_EDATA for a unit not of the item's dimension (the
 * message lists the accepted units). Pure; thread-safe. */
JE_API je_status je_energy_unit_convert(const char *item, const char *unit, double q,
                                        double *out_base, je_error *err);

/* ---------------------------------------------------------------------------
 * Factors: standard coal (GB/T 2589-2020), fuel CO2, electricity CO2.
 * ------------------------------------------------------------------------- */
#define JE_ENERGY_FUELS_MAX 32
#define JE_ENERGY_ELEC_MAX 128
#define JE_ENERGY_SECTOR_OF_MAX 8
#define JE_ENERGY_YEARS_MAX 64

typedef struct je_energy_fuel_factor {
    char item[32];
    double tce_per_unit;    /* t standard coal per base unit (t or 10⁴ Nm³) */
    double ncv_gj_per_unit; /* net calorific value, GJ per base unit */
    double co2_t_per_gj;    /* CC × 44/12 (guideline) or EF/10⁶ (IPCC), t CO2 per GJ */
    double cc_tc_per_gj;    /* carbon content, tC/GJ (as published, or EF × 12/44 / 10⁶) */
    double of;              /* oxidation fraction 0–1 */
    size_t n_sector_of;     /* oxidation by sector (guideline: by equipment) */
    char sector_of_name[JE_ENERGY_SECTOR_OF_MAX][32];
    double sector_of[JE_ENERGY_SECTOR_OF_MAX];
} je_energy_fuel_factor;

typedef enum { JE_SCOPE_NATIONAL = 0, JE_SCOPE_REGIONAL, JE_SCOPE_PROVINCIAL } je_elec_scope;

typedef struct je_energy_elec_factor {
    int year;
    je_elec_scope scope;
    char region[32];      /* "national", a grid region ("southwest"), or a GB/T 2260 code */
    double co2_t_per_mwh; /* = kg/kWh */
} je_energy_elec_factor;

/* A complete factor set, assembled from three files. Plain data: no free needed. */
typedef struct je_energy_factors {
    char tce_id[64], co2_id[64], elec_id[64]; /* the "id" of each file, reported */
    size_t n_fuels;
    je_energy_fuel_factor fuels[JE_ENERGY_FUELS_MAX];
    double elec_equivalent_tce_per_mwh; /* GB/T 2589 equivalent value (0.1229 kgce/kWh) */
    size_t n_coal_rate;                 /* equal-value basis: the year's coal rate */
    int coal_rate_year[JE_ENERGY_YEARS_MAX];
    double coal_rate_gce_per_kwh[JE_ENERGY_YEARS_MAX];
    double heat_tce_per_gj;     /* GB/T 2589 (0.03412 kgce/MJ) */
    double heat_co2_t_per_gj;   /* purchased heat, from the CO2 file */
    double clinker_co2_t_per_t; /* process CO2 per t clinker, from the CO2 file */
    size_t n_elec;
    je_energy_elec_factor elec[JE_ENERGY_ELEC_MAX];
    size_t n_region_map; /* jurisdiction → grid region, from the electricity file */
    char region_jur[JE_ENERGY_ELEC_MAX][16];
    char region_name[JE_ENERGY_ELEC_MAX][32];
} je_energy_factors;

/* Parse one factor file (JSON text of `len` bytes; `name` is used in messages) into
 * `f`, replacing that file's part of the set and leaving the others. The kind comes
 * from the file's "kind" member: "standard-coal", "co2-fuel" or "electricity-co2"
 * (formats in docs/energy.md). Strict: unknown members, wrong types and values out of
 * range are JE_EDATA naming the member. Call je_energy_factors_check when all three
 * are in. Thread-safe on distinct `f`. */
JE_API je_status je_energy_factors_parse(const char *json, size_t len, const char *name,
                                         je_energy_factors *f, je_error *err);
/* Read a factor file (at most 256 KiB) and je_energy_factors_parse it. */
JE_API je_status je_energy_factors_load(const char *path, je_energy_factors *f, je_error *err);
/* JE_EDATA unless every fuel has both a standard-coal coefficient and CO2 parameters
 * and the three parts are loaded. */
JE_API je_status je_energy_factors_check(const je_energy_factors *f, je_error *err);
/* The factor of fuel `item`, or NULL. */
JE_API const je_energy_fuel_factor *je_energy_fuel(const je_energy_factors *f, const char *item);

typedef enum {
    JE_ELEC_EQUIVALENT = 0, /* 当量值: 3 600 kJ/kWh = 0.1229 kgce/kWh (GB/T 2589 App. A) */
    JE_ELEC_EQUAL_VALUE     /* 等价值: the year's thermal-power coal rate (gce/kWh) */
} je_elec_basis;

/* tce per MWh of electricity on a basis in a year. JE_ENOTFOUND when the equal-value
 * basis has no coal rate for that year. */
JE_API je_status je_energy_elec_tce_per_mwh(const je_energy_factors *f, je_elec_basis basis,
                                            int year, double *out, je_error *err);
/* The grid CO2 factor (t/MWh) for a jurisdiction (GB/T 2260 code) in a year at a scope:
 * national → region "national"; regional → the jurisdiction's grid region (the file's
 * region map); provincial → the jurisdiction's own code. JE_ENOTFOUND (naming year,
 * scope and region) when the file has none — never a silent fallback. */
JE_API je_status je_energy_elec_co2(const je_energy_factors *f, int year, je_elec_scope scope,
                                    const char *jurisdiction, double *out_t_per_mwh, je_error *err);
/* Combustion CO2 of q (base unit) of fuel `item` burned in `sector`:
 *   E_CO2 = FC × NCV × CC × OF × 44/12   (GB/T 32150-2015 formula; standards.md §6.3)
 * with the sector's oxidation fraction when the file gives one. */
JE_API je_status je_energy_fuel_co2(const je_energy_factors *f, const char *item,
                                    const char *sector, double q, double *out_co2_t, je_error *err);

/* ---------------------------------------------------------------------------
 * Accounting.
 * ------------------------------------------------------------------------- */

/* One activity record (a row of the import file), quantity in the item's base unit.
 * district "" = the whole jurisdiction; sector "all" for GDP and population. */
typedef struct je_energy_activity {
    char jurisdiction[16];
    char district[64];
    char sector[32];
    char enterprise[64]; /* "" when not per enterprise */
    int year;
    char item[32];
    double quantity; /* base unit of the item */
} je_energy_activity;

typedef enum {
    JE_BY_JURISDICTION = 0, /* jurisdiction-wide records (district ""), and a joint row */
    JE_BY_DISTRICT,         /* records of named districts */
    JE_BY_SECTOR            /* jurisdiction-wide records by sector */
} je_energy_group;

typedef struct je_energy_options {
    int year;
    je_elec_basis basis;
    je_elec_scope scope; /* electricity CO2 factor scope (default provincial) */
    je_energy_group by;
} je_energy_options;

/* The energy and CO2 of a set of records. */
typedef struct je_energy_totals {
    double fuel_tce, elec_tce, heat_tce, energy_tce;
    double co2_fuel_t, co2_process_t, co2_elec_t, co2_heat_t, co2_t;
    double elec_mwh;
    double gdp_1e4_yuan; /* NAN when not given (or sector rows) */
    double population;   /* NAN when not given */
} je_energy_totals;

typedef struct je_energy_row {
    char jurisdiction[16]; /* "joint" for the sum of both sides */
    char district[64];
    char sector[32];
    je_energy_totals cur, prev; /* the year and the year before */
    int has_prev; /* 0 when the year before has no records or lacks a factor (prev unusable) */
    double tce_per_1e4_yuan, co2_t_per_1e4_yuan; /* intensities; NAN without GDP */
    double tce_per_capita, co2_t_per_capita;     /* NAN without population */
    double energy_yoy, co2_yoy, intensity_yoy;   /* fractional change on the year before */
    double share_of_energy;                      /* of the jurisdiction's total (sector rows) */
} je_energy_row;

typedef struct je_energy_account {
    je_energy_row *rows;
    size_t n;
} je_energy_account;

/* Contribution of one record: standard coal and CO2 by the options' basis and scope.
 * Process CO2 of clinker = q × factor; GDP and population are carried. Errors name
 * the missing factor (year, item). */
JE_API je_status je_energy_record(const je_energy_activity *a, const je_energy_factors *f,
                                  je_elec_basis basis, je_elec_scope scope, je_energy_totals *out,
                                  je_error *err);
/* Totals per group for o->year (with the year before for year-on-year change), rows
 * ordered by jurisdiction, district, sector. Intensity = energy_tce / gdp_1e4_yuan
 * (standards.md §6.1); per capita = / population. *out is engine-allocated: free it
 * with je_energy_account_free. JE_ENOTFOUND when no record has that year. */
JE_API je_status je_energy_account_compute(const je_energy_activity *a, size_t n,
                                           const je_energy_factors *f, const je_energy_options *o,
                                           je_energy_account *out, je_error *err);
JE_API void je_energy_account_free(je_energy_account *acc);

/* ---------------------------------------------------------------------------
 * Dual-control barometer (能耗双控晴雨表).
 * ------------------------------------------------------------------------- */
#define JE_DUAL_TARGETS_MAX 64

typedef enum { JE_WARN_GREEN = 0, JE_WARN_YELLOW = 1, JE_WARN_RED = 2 } je_warning;
JE_API const char *je_warning_name(je_warning w); /* "green", "yellow", "red" */

typedef struct je_dual_target {
    char jurisdiction[16];
    char district[64];           /* "" for the whole jurisdiction */
    double intensity_reduction;  /* period target, fraction (0.14 = −14 % vs base year) */
    double energy_increment_tce; /* period allowance for total-energy growth; NAN = none */
} je_dual_target;

/* A period's targets and the warning rule (data/rules/dual-control-*.json). Levels:
 *  intensity red    when the intensity rose year on year by more than red_intensity_yoy
 *  intensity yellow when progress / elapsed < yellow_progress_ratio
 *  total red        when used share of the allowance ≥ red_used_share
 *  total yellow     when used share / elapsed > yellow_used_ratio
 * the overall level is the worse of the two; otherwise green. */
typedef struct je_dual_rules {
    char id[64];
    int base_year, end_year;
    je_elec_basis basis; /* the electricity basis the targets are stated on */
    double red_intensity_yoy;
    double yellow_progress_ratio;
    double red_used_share;
    double yellow_used_ratio;
    size_t n_targets;
    je_dual_target targets[JE_DUAL_TARGETS_MAX];
} je_dual_rules;

JE_API je_status je_dual_rules_parse(const char *json, size_t len, const char *name,
                                     je_dual_rules *out, je_error *err);
JE_API je_status je_dual_rules_load(const char *path, je_dual_rules *out, je_error *err);

#define JE_DRIVERS_MAX 3
typedef struct je_barometer_row {
    char jurisdiction[16], district[64];
    int year;
    double elapsed_share;                             /* (year − base) / (end − base) */
    double base_intensity, intensity, prev_intensity; /* tce per 10⁴ yuan */
    double intensity_reduction;                       /* achieved, 1 − I / I_base */
    double target_reduction;
    double progress; /* achieved / target */
    double intensity_yoy;
    double base_energy_tce, energy_tce, allowance_tce, used_share; /* NAN without allowance */
    je_warning intensity_level, total_level, level;
    size_t n_drivers; /* sectors with the largest energy increase */
    char driver_sector[JE_DRIVERS_MAX][32];
    double driver_delta_tce[JE_DRIVERS_MAX];
} je_barometer_row;

/* The warning levels of one row from its figures (the rule alone: exposed for tests
 * at the thresholds). Values are rounded to 12 significant digits before comparing. */
JE_API void je_barometer_classify(const je_dual_rules *r, je_barometer_row *row);
/* A barometer row per target in `r` for `year`: intensity and total energy from the
 * records on the rules' electricity basis (scope unused: energy only). Free *out with
 * free(). JE_ENOTFOUND naming the jurisdiction/district and year when data are
 * missing (base year, the year, or its GDP). */
JE_API je_status je_barometer_compute(const je_energy_activity *a, size_t n,
                                      const je_energy_factors *f, const je_dual_rules *r, int year,
                                      je_barometer_row **out, size_t *out_n, je_error *err);

/* ---------------------------------------------------------------------------
 * Carbon-peak pathway: Kaya identity C = P × (G/P) × (E/G) × (C/E) projected per year.
 * ------------------------------------------------------------------------- */
#define JE_PATH_SEGMENTS_MAX 16
#define JE_PATH_SCENARIOS_MAX 8
#define JE_PATH_YEARS_MAX 64

/* Piecewise annual growth rates: rate[k] applies to years ≤ until[k] (after the
 * previous segment); the last rate continues to the end year. */
typedef struct je_growth_path {
    size_t n;
    int until[JE_PATH_SEGMENTS_MAX];
    double rate[JE_PATH_SEGMENTS_MAX];
} je_growth_path;

typedef struct je_share_path { /* points (year, share), linear in between, flat after */
    size_t n;
    int year[JE_PATH_SEGMENTS_MAX];
    double share[JE_PATH_SEGMENTS_MAX];
} je_share_path;

typedef struct je_kaya_params {
    je_growth_path population, gdp_per_capita, energy_intensity, fossil_carbon;
    double base_non_fossil_share; /* of energy, at the base year */
    je_share_path non_fossil;     /* non-fossil share of energy */
    je_share_path retired_co2_t;  /* cumulative CO2 avoided by coal retirements (t), by year */
} je_kaya_params;

typedef struct je_kaya_base {
    int year;
    double population, gdp_1e4_yuan, energy_tce, co2_t;
} je_kaya_base;

typedef struct je_kaya_series {
    int year0;
    size_t n; /* years year0 … year0 + n − 1 */
    double population[JE_PATH_YEARS_MAX], gdp_1e4_yuan[JE_PATH_YEARS_MAX],
        energy_tce[JE_PATH_YEARS_MAX], co2_t[JE_PATH_YEARS_MAX];
    double non_fossil_share[JE_PATH_YEARS_MAX];
} je_kaya_series;

/* Project from the base to end_year (≤ base + 63). Year 0 reproduces the base
 * exactly. Energy intensity and the fossil carbon factor (C / fossil energy) change
 * by their paths; C/E = (1 − non-fossil share) × fossil factor; the cumulative CO2
 * of retired coal units is subtracted (never below 0). */
JE_API je_status je_kaya_project(const je_kaya_base *b, const je_kaya_params *p, int end_year,
                                 je_kaya_series *out, je_error *err);

/* The peak of a series: index of the first maximum; *out_peaked 0 when that maximum
 * is the last year (no peak within the horizon). */
JE_API size_t je_series_peak(const double *v, size_t n, int *out_peaked);

/* LMDI-I additive decomposition (Ang 2005, "The LMDI approach to decomposition
 * analysis: a practical guide", Energy Policy 33:867–871): between two states of
 * C = Π x_k, ΔC_k = L(C_T, C_0) · ln(x_k,T / x_k,0) with L(a, b) = (a − b)/(ln a − ln b),
 * L(a, a) = a. The contributions sum to C_T − C_0. Factors must be > 0 (JE_EDATA
 * otherwise). n ≤ 8. */
JE_API je_status je_lmdi_additive(const double *x0, const double *xt, size_t n, double *out_delta,
                                  je_error *err);

/* A scenario file (data/scenarios/pathway-*.json; format in docs/energy.md). Paths
 * may differ per jurisdiction. */
typedef struct je_pathway_scenario {
    char name[64];
    char jurisdiction[JE_DUAL_TARGETS_MAX][16];
    je_kaya_params params[JE_DUAL_TARGETS_MAX];
    size_t n;
} je_pathway_scenario;

typedef struct je_pathway_file {
    char id[64];
    int base_year, end_year;
    size_t n_scenarios;
    je_pathway_scenario scenarios[JE_PATH_SCENARIOS_MAX];
} je_pathway_file;

/* Parse a scenario file. It lists jurisdictions, each scenario must give every path
 * for each of them (a path may be one value for all, or an object keyed by code).
 * *out is large: allocate it (e.g. malloc). */
JE_API je_status je_pathway_parse(const char *json, size_t len, const char *name,
                                  je_pathway_file *out, je_error *err);
JE_API je_status je_pathway_load(const char *path, je_pathway_file *out, je_error *err);

/* ---------------------------------------------------------------------------
 * Coal power units and retirement planning.
 * ------------------------------------------------------------------------- */
typedef enum {
    JE_UNIT_OPERATING = 0,
    JE_UNIT_RETIRED,
    JE_UNIT_MOTHBALLED,
    JE_UNIT_CONSTRUCTION
} je_unit_status;
JE_API const char *je_unit_status_name(je_unit_status s);

typedef struct je_coal_unit {
    char code[32];
    char plant[96];
    char jurisdiction[16];
    double capacity_mw;
    int commissioned;      /* year */
    char technology[32];   /* subcritical, supercritical, ultra-supercritical, cfb … */
    double coal_gce_kwh;   /* supply coal consumption, gce/kWh */
    double generation_mwh; /* annual */
    je_unit_status status;
    char enterprise_code[20]; /* its GB 32100 code in the enterprise registry; "" unlinked */
} je_coal_unit;

/* CO2 of a unit's annual generation: generation × coal rate → tce, × the CO2 per tce
 * of raw coal from the factors (NCV × CC × OF × 44/12 / tce per t). */
JE_API je_status je_coal_unit_co2(const je_coal_unit *u, const je_energy_factors *f,
                                  double *out_co2_t, je_error *err);

#define JE_COAL_YEARS_MAX 32
typedef struct je_coal_target_year {
    int year;
    double max_capacity_mw; /* coal capacity left in service at most; NAN = no cap */
    double max_co2_t;       /* CO2 of the units left at most; NAN = no cap */
    double peak_demand_mw;  /* the region's peak demand */
    double other_firm_mw;   /* firm capacity other than coal (hydro, gas …) */
} je_coal_target_year;

typedef struct je_coal_target {
    char id[64];
    char jurisdiction[16]; /* units of one side, or "" for all */
    double reserve_margin; /* firm ≥ peak × (1 + reserve) */
    double firm_factor;    /* share of a coal unit's capacity counted firm */
    int design_life_years; /* for the stranded-capacity cost */
    size_t n_years;
    je_coal_target_year years[JE_COAL_YEARS_MAX];
} je_coal_target;

JE_API je_status je_coal_target_parse(const char *json, size_t len, const char *name,
                                      je_coal_target *out, je_error *err);
JE_API je_status je_coal_target_load(const char *path, je_coal_target *out, je_error *err);

typedef enum {
    JE_COAL_MILP = 0,     /* minimum stranded capacity (exact, CBC) */
    JE_COAL_BY_AGE,       /* retire the oldest first */
    JE_COAL_BY_EFFICIENCY /* retire the highest coal rate first */
} je_coal_method;
JE_API const char *je_coal_method_name(je_coal_method m);

typedef struct je_coal_plan_year {
    int year;
    double capacity_mw, co2_t, firm_mw, required_firm_mw;
    double retired_mw; /* in this year */
} je_coal_plan_year;

typedef struct je_coal_plan {
    je_coal_method method;
    int feasible;
    char infeasible[JE_ERROR_MSG_MAX]; /* which year and which constraint, when not */
    int *retire_year;                  /* per unit (input order): the year it retires, 0 = kept */
    size_t n_units;
    je_coal_plan_year years[JE_COAL_YEARS_MAX];
    size_t n_years;
    double stranded_mw_years; /* Σ retired capacity × design life left at retirement */
    double retired_mw;
    double co2_avoided_t; /* in the last year, vs keeping every unit */
} je_coal_plan;

/* Plan the retirement of the operating units (others are ignored) year by year so
 * that in every target year the coal capacity and its CO2 stay at or below their
 * caps while firm capacity (coal × firm_factor + other firm) ≥ peak × (1 + reserve).
 * MILP (over je_lp_*): binaries r[u][y] = retired by year y, non-decreasing in y;
 * minimise Σ r × capacity × remaining design life (stranded MW·years) + a tiny
 * per-MW term. A target that cannot be met is not an error: feasible = 0 and
 * `infeasible` says which year and which constraint binds (JE_OK returned). The
 * ranked methods retire in their order until the caps hold. Free with
 * je_coal_plan_free. */
JE_API je_status je_coal_plan_compute(const je_coal_unit *u, size_t n, const je_energy_factors *f,
                                      const je_coal_target *t, je_coal_method m, je_coal_plan *out,
                                      je_error *err);
JE_API void je_coal_plan_free(je_coal_plan *p);

/* ---------------------------------------------------------------------------
 * Clean-energy corridor: renewable installations and non-fossil shares.
 * ------------------------------------------------------------------------- */
typedef enum { JE_RE_HYDRO = 0, JE_RE_WIND, JE_RE_SOLAR, JE_RE_BIOMASS, JE_RE_COUNT } je_re_kind;
JE_API const char *je_re_kind_name(je_re_kind k); /* "hydro", "wind", "solar", "biomass" */

typedef struct je_renewable {
    char code[32];
    char name[96];
    char jurisdiction[16];
    char district[64];
    je_re_kind kind;
    double capacity_mw;
    int commissioned; /* year of commissioning */
    double lon, lat;
    double generation_mwh; /* annual, in a normal year */
} je_renewable;

/* Non-fossil share targets per jurisdiction and year (data/rules/energy-nonfossil-*.json:
 * {"kind": "nonfossil-targets", "id", "targets": [{jurisdiction, year,
 * share_of_energy, share_of_electricity}]}; either share may be absent). */
#define JE_NONFOSSIL_TARGETS_MAX 64
typedef struct je_nonfossil_targets {
    char id[64];
    size_t n;
    char jurisdiction[JE_NONFOSSIL_TARGETS_MAX][16];
    int year[JE_NONFOSSIL_TARGETS_MAX];
    double share_of_energy[JE_NONFOSSIL_TARGETS_MAX];      /* NAN = none */
    double share_of_electricity[JE_NONFOSSIL_TARGETS_MAX]; /* NAN = none */
} je_nonfossil_targets;
JE_API je_status je_nonfossil_targets_parse(const char *json, size_t len, const char *name,
                                            je_nonfossil_targets *out, je_error *err);
JE_API je_status je_nonfossil_targets_load(const char *path, je_nonfossil_targets *out,
                                           je_error *err);

typedef struct je_nonfossil_row {
    char jurisdiction[16];
    int year;
    double capacity_mw[JE_RE_COUNT]; /* in operation by the year (commissioned <= year) */
    double generation_mwh;           /* their annual generation */
    double elec_mwh;                 /* end-use electricity of the jurisdiction */
    double share_of_electricity;     /* generation / end-use electricity (NAN without it) */
    double nonfossil_tce;            /* generation on the equal-value basis (coal rate) */
    double energy_tce;               /* total energy on the equal-value basis */
    double share_of_energy;          /* nonfossil_tce / energy_tce */
    int target_year;                 /* the nearest target at or after the year, 0 = none */
    double target_share_of_energy, target_share_of_electricity; /* NAN = none */
} je_nonfossil_row;

/* Non-fossil shares per jurisdiction in `year` from the renewable registry (local
 * generation) and the jurisdiction-wide activity records. Non-fossil electricity is
 * converted to standard coal by the year's coal rate (the substitution method the
 * statistics use for primary electricity), so the energy total is on the equal-value
 * basis. Locally generated power exported elsewhere counts here: a corridor figure,
 * not an official share. targets may be NULL. Free *out with free(). */
JE_API je_status je_nonfossil_compute(const je_renewable *re, size_t n_re,
                                      const je_energy_activity *a, size_t n_a,
                                      const je_energy_factors *f,
                                      const je_nonfossil_targets *targets, int year,
                                      je_nonfossil_row **out, size_t *out_n, je_error *err);

/* ---------------------------------------------------------------------------
 * Cleaner-production audits (清洁生产审核): lifecycle, deadlines, expiry.
 * ------------------------------------------------------------------------- */
typedef enum {
    JE_CP_LISTED = 0,     /* on the list (mandatory or voluntary) */
    JE_CP_STARTED,        /* audit started */
    JE_CP_PREASSESSMENT,  /* pre-assessment */
    JE_CP_OPTIONS,        /* options identified (no/low-cost, medium/high-cost) */
    JE_CP_IMPLEMENTATION, /* options being implemented */
    JE_CP_ACCEPTANCE,     /* acceptance / evaluation */
    JE_CP_CERTIFIED,      /* certified (level, certificate, expiry) */
    JE_CP_RENEWAL_DUE,    /* certificate expired or renewal due: re-audit */
    JE_CP_COUNT
} je_cp_stage;
JE_API const char *je_cp_stage_name(je_cp_stage s); /* "listed", "pre-assessment" … */
/* JE_EDATA for an unknown name (the message lists the stages). */
JE_API je_status je_cp_stage_parse(const char *name, je_cp_stage *out, je_error *err);
/* 1 when an audit may move from `from` to `to`: each stage to the next, certified to
 * renewal-due, renewal-due back to started (a new audit round). */
JE_API int je_cp_transition_ok(je_cp_stage from, je_cp_stage to);

/* Deadlines (data/rules/energy-cleaner-production-audit.json, kind
 * "cleaner-production-rules"): days an audit may stay in each stage before it is
 * overdue (0 = no limit), certificate validity in years, and how many days before
 * expiry a certificate is flagged. */
typedef struct je_cp_rules {
    char id[64];
    int max_days[JE_CP_COUNT];
    int certificate_years;
    int expiring_within_days;
} je_cp_rules;
JE_API je_status je_cp_rules_parse(const char *json, size_t len, const char *name, je_cp_rules *out,
                                   je_error *err);
JE_API je_status je_cp_rules_load(const char *path, je_cp_rules *out, je_error *err);

typedef struct je_cp_audit {
    char enterprise[32]; /* the enterprise's code (shared with the cement and coal registries) */
    char name[96];
    char jurisdiction[16];
    char sector[32];
    int mandatory; /* 1 mandatory, 0 voluntary */
    je_cp_stage stage;
    int64_t listed_day;   /* days since 1970-01-01 */
    int64_t stage_day;    /* since when in the current stage */
    char certificate[32]; /* when certified */
    char level[16];
    int64_t expires_day; /* 0 = none */
    double investment_1e4_yuan, savings_tce, savings_water_t, co2_reduction_t;
    char enterprise_code[20]; /* its GB 32100 code in the enterprise registry; "" unlinked */
} je_cp_audit;

typedef enum { JE_CP_ON_TIME = 0, JE_CP_OVERDUE, JE_CP_EXPIRING, JE_CP_EXPIRED } je_cp_flag;
JE_API const char *je_cp_flag_name(je_cp_flag f); /* "on-time", "overdue" … */
/* The audit's state on day `today`: overdue when today > stage_day + max_days of the
 * stage (when limited); a certified audit is expired when today > expires_day and
 * expiring when expires_day − today ≤ expiring_within_days. *out_due_day (may be
 * NULL) gets the deadline or expiry day, 0 when none. Pure. */
JE_API je_cp_flag je_cp_check(const je_cp_rules *r, const je_cp_audit *a, int64_t today,
                              int64_t *out_due_day);

/* The options of an audit (清洁生产方案), one by one. The cost class is the audit
 * report's own: no/low-cost (无/低费方案) or medium/high-cost (中/高费方案). 《清洁生产
 * 审核办法》 (NDRC/MEP Order No. 38, 2016) and the audit guide name the two classes
 * but no national investment threshold (it is set per enterprise and sector), so the
 * class is taken as given, never derived from the investment. */
typedef enum { JE_CP_NO_LOW_COST = 0, JE_CP_MEDIUM_HIGH_COST } je_cp_cost_class;
JE_API const char *je_cp_cost_class_name(je_cp_cost_class c); /* "no-low", "medium-high" */

/* An option's state: proposed → approved → implemented → verified, or dropped.
 * Implemented and verified options are realised (their savings count as achieved). */
typedef enum {
    JE_CP_OPT_PROPOSED = 0,
    JE_CP_OPT_APPROVED,
    JE_CP_OPT_IMPLEMENTED,
    JE_CP_OPT_VERIFIED,
    JE_CP_OPT_DROPPED,
    JE_CP_OPT_COUNT
} je_cp_option_status;
JE_API const char *je_cp_option_status_name(je_cp_option_status s); /* "proposed" … */
/* 1 for implemented and verified. */
JE_API int je_cp_option_realised(je_cp_option_status s);

/* Emission reductions are kept for these pollutants, t a year, in this order:
 * COD, NH3-N, SO2, NOx, particulate matter, VOCs, CO2. */
enum { JE_CP_NPOLL = 7 };
JE_API const char *je_cp_pollutant_name(int k); /* "cod", "nh3n", "so2", "nox", "pm", "vocs", "co2" */

typedef struct je_cp_option {
    char audit[32]; /* the audit's enterprise key (cp-audits' enterprise column) */
    int option_no;  /* 1 … 9999, unique within the audit */
    char jurisdiction[16];
    char title[128];
    je_cp_cost_class cost_class;
    int64_t investment_fen; /* integer fen (0.01 yuan) */
    double savings_tce, savings_water_t, savings_material_t; /* a year's */
    double reduction_t[JE_CP_NPOLL];                         /* a year's */
    je_cp_option_status status;
} je_cp_option;

/* Proposed (every option not dropped) against realised (implemented or verified). */
typedef struct je_cp_option_totals {
    size_t n, n_realised, n_dropped;
    size_t n_class[2];          /* not dropped, by je_cp_cost_class */
    int64_t investment_fen[2];  /* [0] proposed, [1] realised */
    double tce[2], water_t[2], material_t[2];
    double reduction_t[2][JE_CP_NPOLL];
} je_cp_option_totals;
/* Add one option to t (zero t first). Pure. */
JE_API void je_cp_option_add(je_cp_option_totals *t, const je_cp_option *o);

/* An amount of money written in yuan ("1234", "1234.5", "1234.56"; no sign, no
 * exponent, at most two decimals) into exact integer fen. JE_EDATA otherwise. */
JE_API je_status je_yuan_parse_fen(const char *text, int64_t *out_fen, je_error *err);

/* ---------------------------------------------------------------------------
 * Store (src/store/energy_*.c).
 * ------------------------------------------------------------------------- */

/* Activity data, CSV long layout:
 *   jurisdiction,district,sector,year,item,quantity,unit[,enterprise]
 * jurisdiction: a stored GB/T 2260 code; district: "" for the whole jurisdiction;
 * sector: a free code (≤ 31 bytes), "all" for gdp and population (and only them);
 * year 1990–2100; item from je_energy_items; quantity ≥ 0 in `unit` (converted by
 * je_energy_unit_convert; a unit not of the item's kind is an error at its column).
 * A key (jurisdiction, district, sector, enterprise, year, item) already stored is an
 * error unless opts->replace; twice in one file always is. */
JE_API je_status je_import_energy_activity(je_db *db, const char *path, const je_import_opts *opts,
                                           je_import_report *rep, je_error *err);
/* Records of the years from … to (0 = any), ordered by jurisdiction, district, sector,
 * year, item. Free *out with free(). */
JE_API je_status je_store_energy_activity(je_db *db, int year_from, int year_to,
                                          je_energy_activity **out, size_t *out_n, je_error *err);

/* Coal units, CSV:
 *   code,plant,jurisdiction,capacity_mw,commissioned,technology,coal_gce_kwh,
 *   generation_mwh,status
 * capacity 1–2 000 MW; commissioned 1950–2100; coal 200–500 gce/kWh; generation 0 to
 * capacity × 8 784 h; status operating|retired|mothballed|construction. An optional
 * column enterprise_code links the unit to a stored enterprise (enterprise.h; empty:
 * no link); without the column a replaced unit keeps its link. Each unit is
 * permission-checked in its jurisdiction and audit-logged. */
JE_API je_status je_import_coal_units(je_db *db, const char *path, const je_import_opts *opts,
                                      je_import_report *rep, je_error *err);
/* Units of a jurisdiction (NULL = all), ordered by code. Free *out with free(). */
JE_API je_status je_store_coal_units(je_db *db, const char *jurisdiction, je_coal_unit **out,
                                     size_t *out_n, je_error *err);

/* Renewable installations, CSV:
 *   code,name,jurisdiction,district,kind,capacity_mw,commissioned,lon,lat,generation_mwh
 * kind hydro|wind|solar|biomass; capacity 0.1–30 000 MW; commissioned 1950–2100;
 * generation 0 to capacity × 8 784 h. */
JE_API je_status je_import_renewables(je_db *db, const char *path, const je_import_opts *opts,
                                      je_import_report *rep, je_error *err);
/* Installations of a jurisdiction (NULL = all), ordered by code. Free *out with free(). */
JE_API je_status je_store_renewables(je_db *db, const char *jurisdiction, je_renewable **out,
                                     size_t *out_n, je_error *err);

/* Cleaner-production audits, CSV:
 *   enterprise,name,jurisdiction,sector,kind,stage,listed_on,stage_since,certificate,
 *   level,expires_on,investment_1e4_yuan,savings_tce,savings_water_t,co2_reduction_t
 * kind mandatory|voluntary; stage by je_cp_stage_name; dates YYYY-MM-DD; certificate,
 * level and expires_on required for (and only for) certified and renewal-due audits;
 * the four amounts ≥ 0. An existing enterprise is an error unless opts->replace.
 * An optional column enterprise_code links the audit to a stored enterprise (as for
 * coal units). Each audit is permission-checked and audit-logged. */
JE_API je_status je_import_cp_audits(je_db *db, const char *path, const je_import_opts *opts,
                                     je_import_report *rep, je_error *err);
/* Audits of a jurisdiction (NULL = all), ordered by enterprise. Free *out with free(). */
JE_API je_status je_store_cp_audits(je_db *db, const char *jurisdiction, je_cp_audit **out,
                                    size_t *out_n, je_error *err);
/* Move an enterprise's audit to `to` on `day` (checked by je_cp_transition_ok; to
 * certified needs certificate, level and expires_day), logged in the audit log with
 * the record before and after. Needs write in the audit's jurisdiction (JE_EPERM,
 * nothing written). JE_ENOTFOUND, JE_ECONFLICT for a transition not allowed,
 * JE_EINVAL for missing certificate data. */
JE_API je_status je_store_cp_advance(je_db *db, const char *enterprise, je_cp_stage to, int64_t day,
                                     const char *certificate, const char *level,
                                     int64_t expires_day, je_error *err);

/* Audit options, CSV:
 *   audit,option_no,title,cost_class,investment_yuan,savings_tce,savings_water_t,
 *   savings_material_t,status[,cod_t,nh3n_t,so2_t,nox_t,pm_t,vocs_t,co2_t]
 * audit: a stored audit's enterprise key; option_no 1–9999, unique in the audit;
 * cost_class no-low|medium-high; investment in yuan with at most two decimals (kept
 * as integer fen); savings and reductions t (tce) a year, ≥ 0 (an empty or absent
 * reduction is 0); status proposed|approved|implemented|verified|dropped. The option
 * belongs to the audit's jurisdiction (permission-checked, audit-logged). An existing
 * (audit, option_no) is an error unless opts->replace. All or nothing. */
JE_API je_status je_import_cp_options(je_db *db, const char *path, const je_import_opts *opts,
                                      je_import_report *rep, je_error *err);
/* Options of one audit (NULL = all), of a jurisdiction (NULL = all), ordered by audit
 * and number. Free *out with free(). */
JE_API je_status je_store_cp_options(je_db *db, const char *audit, const char *jurisdiction,
                                     je_cp_option **out, size_t *out_n, je_error *err);

/* ---------------------------------------------------------------------------
 * Published accounts: runs (run.h). src/store/energy_run.c.
 *
 * Publishing records the account of a year as a run of engine "energy-account": the
 * rule SHA-256 is that of the three factor files (SHA-256 over "tce <sha>\nco2
 * <sha>\nelec <sha>\n"), the inputs are the activity records of the year and the
 * year before (one canonical line each: jurisdiction, district, sector, enterprise,
 * year, item, quantity as %.17g), the output one line per account row (every figure
 * as %.17g), the parameters the year, grouping, basis, scope and the factor paths.
 * ------------------------------------------------------------------------- */
typedef struct je_energy_publish {
    je_energy_options o;
    const char *tce_path, *co2_path, *elec_path; /* the three factor files */
} je_energy_publish;

/* Compute the account from the stored data and record it as a run in one
 * transaction. Needs write permission in the joint office or a jurisdiction
 * (governance.h; anonymous actors are refused, JE_EPERM). *out_run_id the run. */
JE_API je_status je_energy_account_publish(je_db *db, const je_energy_publish *p,
                                           int64_t *out_run_id, je_error *err);

typedef struct je_energy_verify {
    int identical;              /* the output bytes are the same */
    int rules_changed, inputs_changed;
    char stored_rules[65], now_rules[65];
    char stored_input[65], now_input[65];
    char stored_output[65], now_output[65];
    char changes[4096]; /* input lines that differ, "- stored: …" / "+ now: …", one a line */
    char output_changes[4096]; /* output lines that differ, the same way */
} je_energy_verify;

/* Recompute energy-account run `run_id` from the current data and factor files
 * (the paths recorded with the run) and compare. JE_EINVAL when the run is of
 * another engine; JE_ENOTFOUND when there is no such run. */
JE_API je_status je_energy_run_verify(je_db *db, int64_t run_id, je_energy_verify *out,
                                      je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_ENERGY_H */
