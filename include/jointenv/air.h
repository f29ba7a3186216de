/*
 * jointenv/air.h — ambient air quality: the air quality index by HJ 633-2012 and
 * HJ 633—2026, data validity and statistics by HJ 663 and GB 3095 (2012 and 2026),
 * and heavy-pollution alerts by rule sets kept as data (data/rules/air-alert-*.json).
 *
 * Engines here are pure: no I/O, no globals, deterministic, re-entrant; every function
 * may be called from several threads at once on different data.
 *
 * Units: µg/m³ for SO2, NO2, O3, PM10 and PM2.5; mg/m³ for CO. A value not measured,
 * or flagged invalid, is NAN.
 *
 * Time: hourly values are labelled by the hour they *begin* (00:00 is the mean of
 * 00:00–01:00 local time), so a natural day is the 24 hours labelled 00:00–23:00 and
 * the 17 eight-hour windows HJ 663 uses for the daily maximum 8-hour ozone (those
 * ending 08:00 … 24:00) are the windows beginning 00:00 … 16:00, all inside the day.
 * Days are local days of the station's jurisdiction, counted as days since
 * 1970-01-01 (see je_days_from_civil).
 */
#ifndef JOINTENV_AIR_H
#define JOINTENV_AIR_H

#include "core.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------
 * Pollutants as measured every hour (GB 3095 Table 1, the six AQI pollutants).
 * ------------------------------------------------------------------------- */
#define JE_AQ_POL_MAP(X)                                                                           \
    X(SO2, "so2", "SO2", "二氧化硫", "ug/m3")                                                      \
    X(NO2, "no2", "NO2", "二氧化氮", "ug/m3")                                                      \
    X(CO, "co", "CO", "一氧化碳", "mg/m3")                                                         \
    X(O3, "o3", "O3", "臭氧", "ug/m3")                                                             \
    X(PM10, "pm10", "PM10", "可吸入颗粒物", "ug/m3")                                               \
    X(PM25, "pm25", "PM2.5", "细颗粒物", "ug/m3")

typedef enum {
#define JE_AQ_POL_ENUM(id, code, en, zh, unit) JE_AQ_##id,
    JE_AQ_POL_MAP(JE_AQ_POL_ENUM)
#undef JE_AQ_POL_ENUM
        JE_AQ_NPOL
} je_aq_pol;

/* Code used in files ("pm25"), display name ("PM2.5"), Chinese name, canonical unit
 * ("ug/m3" or "mg/m3"). NULL for an out-of-range pollutant. */
JE_API const char *je_aq_pol_code(je_aq_pol p);
JE_API const char *je_aq_pol_name(je_aq_pol p);
JE_API const char *je_aq_pol_name_zh(je_aq_pol p);
JE_API const char *je_aq_pol_unit(je_aq_pol p);
/* By code, case-insensitive; also "pm2.5", "pm2_5". JE_ENOTFOUND if unknown. */
JE_API je_status je_aq_pol_find(const char *code, size_t len, je_aq_pol *out);
/* Convert `value` in `unit` to the pollutant's canonical unit: ug/m3, µg/m³, μg/m3
 * and mg/m3 (×1000) for the µg pollutants; mg/m3 and ug/m3 (÷1000) for CO. ""
 * means canonical. JE_EINVAL for an unknown unit. */
JE_API je_status je_aq_unit_convert(je_aq_pol p, const char *unit, size_t len, double value,
                                    double *out_value, je_error *err);

/* ---------------------------------------------------------------------------
 * Standard versions, chosen by the date of the observation.
 * ------------------------------------------------------------------------- */
typedef enum {
    JE_AQ_STD_AUTO = 0, /* by date: HJ 633—2026 from 2026-03-01 (local day) */
    JE_AQ_STD_HJ633_2012 = 1,
    JE_AQ_STD_HJ633_2026 = 2
} je_aq_std;

/* Local day (days since 1970-01-01) from which the 2026 versions of GB 3095, HJ 633
 * and HJ 663 apply: 2026-03-01 (MEE/SAMR announcement of 2026-02-24). */
#define JE_AQ_2026_FIRST_DAY 20513
/* The version in force on a local day (never AUTO). */
JE_API je_aq_std je_aq_std_for_day(int64_t day);
/* Resolve AUTO by day; other values are returned unchanged. */
JE_API je_aq_std je_aq_std_resolve(je_aq_std s, int64_t day);
/* "hj633-2012", "hj633-2026", "auto"; parse accepts the same (also "2012", "2026"). */
JE_API const char *je_aq_std_name(je_aq_std s);
JE_API je_status je_aq_std_parse(const char *s, je_aq_std *out, je_error *err);

/* ---------------------------------------------------------------------------
 * AQI (HJ 633). Report items: the concentrations an AQI is computed from.
 *   daily report (日报):   SO2, NO2, CO, PM10, PM2.5 24-hour means; O3 daily maximum
 *                          1-hour (2012 only) and daily maximum 8-hour moving mean.
 *   hourly report (实时报): SO2, NO2, CO, O3 1-hour means; O3 8-hour moving mean
 *                          (2012 only); PM10, PM2.5 24-hour moving means (2012) or
 *                          1-hour means (2026), rated on the 24-hour breakpoints.
 * An item not in the report of the chosen version is ignored (its IAQI is NAN).
 * ------------------------------------------------------------------------- */
typedef enum {
    JE_AQI_SO2 = 0,
    JE_AQI_NO2,
    JE_AQI_CO,
    JE_AQI_O3_1H,
    JE_AQI_O3_8H,
    JE_AQI_PM10,
    JE_AQI_PM25,
    JE_AQI_NITEMS
} je_aqi_item;

/* "so2", "no2", "co", "o3_1h", "o3_8h", "pm10", "pm25"; display "SO2" … "O3_8h", "PM10",
 * "PM2.5". NULL for an out-of-range item. */
JE_API const char *je_aqi_item_code(je_aqi_item i);
JE_API const char *je_aqi_item_name(je_aqi_item i);
JE_API je_status je_aqi_item_find(const char *code, size_t len, je_aqi_item *out);

typedef enum { JE_AQI_DAILY = 0, JE_AQI_HOURLY = 1 } je_aqi_report;
JE_API const char *je_aqi_report_name(je_aqi_report r); /* "daily", "hourly" */

/* How IAQI is made an integer. HJ 633-2012 §6.2 and HJ 633—2026 §4.2.6: IAQI is
 * rounded up ("全部进位取整数"), so CEIL is the standard; ROUND (half away from zero)
 * and NONE (keep the fraction) exist to reproduce other systems' figures. */
typedef enum { JE_AQI_CEIL = 0, JE_AQI_ROUND = 1, JE_AQI_NONE = 2 } je_aqi_rounding;
JE_API const char *je_aqi_rounding_name(je_aqi_rounding r);
JE_API je_status je_aqi_rounding_parse(const char *s, je_aqi_rounding *out, je_error *err);

typedef struct je_aqi_input {
    double conc[JE_AQI_NITEMS]; /* NAN = not given */
    /* Hourly report, 2012 only: the SO2 24-hour mean that rates SO2 when its 1-hour
     * value exceeds 800 µg/m³ (HJ 633-2012 Table 1 note 2). NAN = not known, and
     * SO2 is then not rated. */
    double so2_24h;
} je_aqi_input;

/* Set every concentration to NAN. */
JE_API void je_aqi_input_clear(je_aqi_input *in);

typedef struct je_aqi_result {
    je_aq_std std;              /* the version used (never AUTO) */
    double iaqi[JE_AQI_NITEMS]; /* rounded as asked; NAN when not rated */
    double aqi;                 /* max of the IAQIs; NAN when no item was rated */
    int level;                  /* 1–6 (Appendix A), 0 when aqi is NAN */
    uint32_t primary;           /* bit i: item i is a primary pollutant (only AQI > 50) */
    uint32_t exceeding;         /* bit i: IAQI > 100 (超标污染物; 2012 — kept for 2026) */
} je_aqi_result;

/* IAQI of one concentration on one breakpoint column, before rounding:
 * IAQI = (IAQI_hi − IAQI_lo)/(BP_hi − BP_lo) × (C − BP_lo) + IAQI_lo (HJ 633 eq. 1).
 * `hourly` selects the 1-hour columns of SO2, NO2 and CO (real-time report); PM and
 * the O3 items have one column each. Returns 500 above the top breakpoint, NAN for
 * NAN or a negative concentration, and NAN for the cases the standard leaves unrated
 * (2012: SO2 1 h > 800, O3 8 h > 800). The 2026 fixed values (SO2 1 h > 800 → 200,
 * O3 8 h > 800 → 300) are returned. `std` must not be AUTO. */
JE_API double je_aqi_iaqi(je_aq_std std, je_aqi_item item, int hourly, double conc);

/* Compute IAQIs, AQI, level, primary and exceeding pollutants of one report.
 * `day` picks the version when std is AUTO. For HJ 633—2026 the concentrations are
 * first rounded (§4.2.2: whole µg/m³, CO to 0.1 mg/m³, half to even by GB/T 8170).
 * JE_EINVAL for a bad enum; never fails otherwise. */
JE_API je_status je_aqi_compute(const je_aqi_input *in, je_aqi_report report, je_aq_std std,
                                int64_t day, je_aqi_rounding rounding, je_aqi_result *out,
                                je_error *err);

/* AQI level 1–6 of an AQI value (HJ 633 Table 2: ≤50, ≤100, ≤150, ≤200, ≤300, >300);
 * 0 for NAN. */
JE_API int je_aqi_level(double aqi);
/* Level names: "一级" …; category "优", "良", "轻度污染", "中度污染", "重度污染",
 * "严重污染"; English "Excellent", "Good", "Lightly polluted", "Moderately polluted",
 * "Heavily polluted", "Severely polluted"; colour "#00E400" … (Appendix A). "" for 0. */
JE_API const char *je_aqi_level_name_zh(int level);
JE_API const char *je_aqi_category_zh(int level);
JE_API const char *je_aqi_category_en(int level);
JE_API const char *je_aqi_colour(int level);
/* The primary pollutants as codes joined by ';' (empty when none) into buf. */
JE_API char *je_aqi_primary_format(uint32_t mask, char *buf, size_t size);

/* ---------------------------------------------------------------------------
 * Daily statistics of one site (a station, or a city whose hourly values are the
 * means of its stations) by HJ 663 and GB 3095 Table 4.
 * ------------------------------------------------------------------------- */

/* Minimum data, GB 3095-2012 Table 4 (kept as named constants, not configurable:
 * they are the standard's). */
#define JE_AQ_MIN_HOURS_24H 20    /* a 24-hour mean needs ≥ 20 valid hours */
#define JE_AQ_MIN_HOURS_8H 6      /* an 8-hour moving mean needs ≥ 6 valid hours */
#define JE_AQ_MIN_WINDOWS_MDA8 14 /* daily max 8 h needs ≥ 14 valid windows of 17 */
#define JE_AQ_MDA8_WINDOWS 17

typedef struct je_aq_day {
    int64_t day;               /* local day */
    double mean24[JE_AQ_NPOL]; /* 24-hour means, NAN when invalid (O3: its 24 h mean,
                                  reported but not used by the AQI) */
    int hours[JE_AQ_NPOL];     /* valid hours of 24 */
    double o3_max1h;           /* daily maximum 1-hour O3, NAN when invalid (see below) */
    double o3_mda8;            /* daily maximum 8-hour moving mean (windows beginning
                                  00:00–16:00), NAN when invalid */
    int o3_windows;            /* valid 8-hour windows of 17 */
    je_aqi_result aqi;         /* the daily report's AQI */
} je_aq_day;

typedef struct je_aq_daily_opts {
    je_aq_std std;            /* AUTO: by day */
    je_aqi_rounding rounding; /* CEIL */
} je_aq_daily_opts;

/* Daily statistics of `n_days` consecutive local days beginning at `day0`.
 * hours[p] points to 24 × n_days hourly values of pollutant p (NAN = missing) or is
 * NULL when the pollutant is not measured. Rules:
 *  - 24-hour mean valid with ≥ 20 valid hours (GB 3095 Table 4);
 *  - an 8-hour O3 window valid with ≥ 6 valid hours; the daily maximum valid with
 *    ≥ 14 valid windows of the 17, or with fewer when the maximum found already
 *    exceeds the Grade II 8-hour limit of the day's GB 3095 version (HJ 663 §4.3
 *    note, so that missing data cannot hide an exceedance);
 *  - the daily maximum 1-hour O3 likewise needs ≥ 20 valid hours unless it exceeds
 *    the 1-hour Grade II limit.
 * out: n_days entries, filled. opts NULL = defaults. n_days = 0 does nothing. */
JE_API je_status je_aq_daily(const double *const hours[JE_AQ_NPOL], int64_t day0, size_t n_days,
                             const je_aq_daily_opts *opts, je_aq_day *out, je_error *err);

/* Moving mean over `window` values ending at each index (out[i] = mean of
 * x[i−window+1 … i]); NAN when fewer than `min_valid` of them are valid or the window
 * reaches before x[0]. Used for the hourly report's 8-hour O3 and 24-hour PM. */
JE_API void je_aq_moving_mean(const double *x, size_t n, size_t window, size_t min_valid,
                              double *out);

/* The hourly values of a city: for each hour and pollutant the arithmetic mean of the
 * valid station values (HJ 663 §4.1: a city's concentration is the mean of its
 * assessment stations), NAN when no station has one. station_hours[s][p] as in
 * je_aq_daily (NULL allowed); out[p] has n_hours values; out_n_stations (may be NULL)
 * receives, per hour, the number of stations with at least one valid pollutant. */
JE_API void je_aq_city_hours(const double *const *const *station_hours, size_t n_stations,
                             size_t n_hours, double *const out[JE_AQ_NPOL], int *out_n_stations);

/* ---------------------------------------------------------------------------
 * GB 3095 limits and annual assessment (HJ 663).
 * ------------------------------------------------------------------------- */
typedef enum {
    JE_GB3095_2012 = 0,   /* GB 3095-2012, to 2026-02-28 */
    JE_GB3095_2026_T = 1, /* GB 3095—2026 transitional limits, 2026-03-01 … 2030-12-31 */
    JE_GB3095_2026 = 2    /* GB 3095—2026 final limits, from 2031-01-01 */
} je_gb3095_ed;

typedef enum {
    JE_AQ_AVG_ANNUAL = 0,
    JE_AQ_AVG_24H = 1,
    JE_AQ_AVG_1H = 2,
    JE_AQ_AVG_MDA8 = 3 /* O3 daily maximum 8-hour mean */
} je_aq_avg;

JE_API je_gb3095_ed je_gb3095_for_day(int64_t day);
JE_API const char *je_gb3095_name(je_gb3095_ed ed); /* "GB 3095-2012" … */
/* Limit (µg/m³; CO mg/m³) of pollutant p for an averaging time and grade (1 or 2);
 * NAN where the standard sets none (e.g. CO annual). */
JE_API double je_gb3095_limit(je_gb3095_ed ed, je_aq_pol p, je_aq_avg avg, int grade);

/* Percentile by HJ 663-2013 §5.3: sort ascending X(1)…X(n), k = 1 + (n − 1)·p/100,
 * s = ⌊k⌋, X_p = X(s) + (X(s+1) − X(s))·(k − s). Sorts `x` in place (NAN values
 * must have been removed). NAN for n = 0. p in [0, 100]. */
JE_API double je_aq_percentile(double *x, size_t n, double p);

/* The percentile HJ 663 uses for a pollutant's 24-hour statistic: SO2 and NO2 98,
 * PM10, PM2.5 and CO 95, O3 (daily max 8 h) 90. */
JE_API double je_aq_percentile_rank(je_aq_pol p);

typedef struct je_aq_annual {
    int year;
    je_gb3095_ed edition;          /* limits judged against */
    int days;                      /* days in the series */
    int valid_days[JE_AQ_NPOL];    /* days with a valid daily value (O3: MDA8) */
    double mean[JE_AQ_NPOL];       /* annual mean of daily means (O3: NAN) */
    int mean_complete[JE_AQ_NPOL]; /* 1 when ≥ 324 days and ≥ 27 a month (25 in Feb) */
    double pct[JE_AQ_NPOL];        /* percentile of daily values by je_aq_percentile_rank */
    /* Compliance with Grade II: 1 meets, 0 fails, -1 cannot be judged (no valid day, or
     * the data miss the completeness rule above: HJ 663 judges only complete data). A
     * pollutant meets when both its annual mean (where the standard sets one) and its
     * percentile meet their limits; CO and O3 by their percentile alone. Statistics are
     * compared unrounded. */
    int meets[JE_AQ_NPOL];
    int meets_all;     /* 0 when any judged pollutant fails, else 1; -1 if none
                          was judged */
    int aqi_days;      /* days with a daily AQI */
    int good_days;     /* AQI ≤ 100 */
    double good_ratio; /* good_days / aqi_days, NAN when none */
    int level_days[7]; /* index 1–6: days at each AQI level */
    /* Composite index Σ Ci/Si (HJ 663): SO2, NO2, PM10, PM2.5 annual means over their
     * annual Grade II limits; CO 95th percentile over its 24-hour limit (4); O3 90th
     * percentile over its 8-hour limit (160), limits of the edition judged against.
     * Computed even from incomplete data; NAN when any term is missing. */
    double composite;
} je_aq_annual;

/* The Grade `grade` limits an annual assessment judges against: annual limits (NAN
 * where the standard sets none: CO, O3) and the short-term limit of each pollutant's
 * percentile (24-hour; O3 the daily maximum 8-hour limit). */
typedef struct je_aq_limits {
    double annual[JE_AQ_NPOL];
    double short_term[JE_AQ_NPOL];
} je_aq_limits;

/* The limits of an edition of GB 3095 (grade 1 or 2). */
JE_API void je_gb3095_limits(je_gb3095_ed ed, int grade, je_aq_limits *out);

/* Limits from JSON text (see src/air/limits.c and docs/air.md: a base edition, a grade,
 * and the values that override it). `name` (may be NULL) names the text in errors;
 * the file's "name" goes to title (may be NULL). JE_EDATA with line:column or the
 * offending member for a bad file. */
JE_API je_status je_aq_limits_parse(const char *json, size_t len, const char *name,
                                    je_aq_limits *out, char *title, size_t title_size,
                                    je_error *err);

/* Annual statistics of one site from its daily statistics (any number of days of one
 * local year, in order). `edition` is the GB 3095 edition to judge against (the one in
 * force on the year's last day unless the caller decides otherwise). JE_EINVAL for a
 * day outside `year`, days not strictly increasing, more than 366 days or a bad
 * edition; zero days give an empty result. */
JE_API je_status je_aq_annual_compute(const je_aq_day *days, size_t n_days, int year,
                                      je_gb3095_ed edition, je_aq_annual *out, je_error *err);
/* The same, judged against caller-given limits (e.g. limits read from a file while a
 * V1 edition awaits confirmation against the standard's text); out->edition is then
 * the edition in force on the year's last day, for information. */
JE_API je_status je_aq_annual_compute_limits(const je_aq_day *days, size_t n_days, int year,
                                             const je_aq_limits *limits, je_aq_annual *out,
                                             je_error *err);

/* ---------------------------------------------------------------------------
 * Heavy-pollution alerts (重污染天气预警). Triggers differ by plan, so a rule set is
 * data (JSON, data/rules/air-alert-*.json); see docs/air-alerts.md for the format and
 * the exact semantics.
 * ------------------------------------------------------------------------- */
typedef enum {
    JE_ALERT_NONE = 0,
    JE_ALERT_BLUE = 1,
    JE_ALERT_YELLOW = 2,
    JE_ALERT_ORANGE = 3,
    JE_ALERT_RED = 4
} je_alert_level;

/* "none", "blue", "yellow", "orange", "red"; Chinese "蓝色" …. Parse takes English. */
JE_API const char *je_alert_level_name(je_alert_level l);
JE_API const char *je_alert_level_name_zh(je_alert_level l);
JE_API je_status je_alert_level_parse(const char *s, je_alert_level *out);

typedef struct je_alert_rules je_alert_rules;

/* Parse a rule set from JSON text (`len` bytes). `name` (may be NULL) is used in
 * errors, e.g. the file path. JE_EDATA with the JSON line:column or the offending
 * member for a malformed set. Free with je_alert_rules_free. */
JE_API je_status je_alert_rules_parse(const char *json, size_t len, const char *name,
                                      je_alert_rules **out, je_error *err);
JE_API void je_alert_rules_free(je_alert_rules *r);
/* The rule set's "id" (e.g. "mee-2017-4level"). */
JE_API const char *je_alert_rules_id(const je_alert_rules *r);
/* Emission-reduction duty (percent) for a level; 0 for none. */
JE_API int je_alert_rules_reduction(const je_alert_rules *r, je_alert_level l);

typedef struct je_alert_episode {
    size_t first, last;   /* indices into the series (inclusive) */
    int64_t start, end;   /* start of the first step, end of the last step */
    je_alert_level level; /* the highest level the episode reaches, issued for all of it */
    double peak_aqi;
    int reduction_pct; /* the duty of that level in the rule set */
} je_alert_episode;

/* Episodes of one city from its forecast AQI series: aqi[i] is the daily (or rolling
 * 24-hour) AQI of the step beginning t0 + i·step_s; NAN = no forecast. Runs of steps
 * above the rule set's lowest trigger, separated by gaps no longer than its merge gap,
 * form one episode; the episode takes the highest level whose conditions its steps
 * meet (durations counted over the episode's steps), and is dropped when none is met.
 * *out is malloc'ed (free()); *out_n may be 0. JE_EINVAL when step_s ≤ 0. */
JE_API je_status je_alert_episodes(const je_alert_rules *r, const double *aqi, size_t n, int64_t t0,
                                   int64_t step_s, je_alert_episode **out, size_t *out_n,
                                   je_error *err);

/* One city's episodes, for the joint view. */
typedef struct je_alert_city {
    const char *city;         /* code */
    const char *jurisdiction; /* code of its side */
    const je_alert_episode *episodes;
    size_t n;
} je_alert_city;

#define JE_ALERT_MAX_SIDES 8

typedef struct je_alert_joint {
    int64_t start, end; /* when cities of at least two jurisdictions are in alert at once */
    size_t n_sides;
    struct {
        char jurisdiction[16];
        je_alert_level level; /* the highest level among its cities in the interval */
        int reduction_pct;    /* the largest duty among its overlapping episodes (each
                                 episode carries its own rule set's duty) */
        size_t n_cities;      /* its cities in alert during the interval */
    } side[JE_ALERT_MAX_SIDES];
} je_alert_joint;

/* Joint regional alerts: maximal intervals in which cities of two or more
 * jurisdictions are in alert together (an episode covers [start, end)). Sides are
 * listed in order of jurisdiction code. *out malloc'ed (free()). JE_EINVAL for more
 * than JE_ALERT_MAX_SIDES jurisdictions among the cities passed (in alert or not), or a
 * jurisdiction code that is empty or longer than 15 bytes. */
JE_API je_status je_alert_joint_find(const je_alert_city *cities, size_t n_cities,
                                     je_alert_joint **out, size_t *out_n, je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_AIR_H */
