/*
 * jointenv/store.h — the shared store: one SQLite file both sides trust.
 *
 * The store is the only part of jointenv that speaks SQL. It owns the schema
 * (versioned migrations embedded in the library, applied on open), transactions,
 * imports of external files (all-or-nothing, with every bad row reported), the
 * import batches (file name, SHA-256, row count, who, when) and a hash-chained audit
 * log of every write.
 *
 * Threading: one je_db handle per thread. Several processes may open the same file
 * (SQLite WAL mode); a writer waits up to 5 s for another writer.
 */
#ifndef JOINTENV_STORE_H
#define JOINTENV_STORE_H

#include "air.h"
#include "core.h"
#include "plume.h"
#include "water.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct je_db je_db;

/* Open (creating if missing) the database at `path` and bring its schema up to date.
 * Turns on WAL, foreign keys and a 5 s busy timeout. JE_ESCHEMA if the file was
 * written by a newer jointenv; JE_EDB/JE_EIO when it cannot be opened. */
JE_API je_status je_db_open(const char *path, je_db **out, je_error *err);
JE_API void je_db_close(je_db *db);
/* The schema version of an open database (the highest applied migration). */
JE_API int je_db_schema_version(je_db *db);
/* The schema version this library writes. */
JE_API int je_db_schema_latest(void);
/* Who is writing: recorded on import batches and in the audit log (default
 * "local-admin"; governance replaces this with authenticated users). */
JE_API void je_db_set_actor(je_db *db, const char *actor);

/* The database's generation: a number that changes whenever anything is written
 * through the store by any connection or process (it is made of the newest audit-log
 * entry and import batch, which every write adds). Equal generations mean equal data:
 * the HTTP server keys its response cache on it. JE_EDB on a database error. */
JE_API je_status je_db_generation(je_db *db, int64_t *out, je_error *err);

/* ---------------------------------------------------------------------------
 * Imports. Every import is one transaction: a file with any bad row is rejected
 * whole and the database is left exactly as it was. Errors are collected (up to
 * opts->max_errors, default 50, then only counted) with path:line:column.
 * ------------------------------------------------------------------------- */
typedef struct je_import_opts {
    int dry_run;             /* validate everything (against the database too), write nothing */
    int replace;             /* existing records with the same key are updated */
    size_t max_errors;       /* errors kept in the report; 0 = 50 */
    je_progress_fn progress; /* bytes read of file size; may be NULL */
    void *progress_ctx;
    /* Import from memory instead of a file (the HTTP API's uploads): when `data` is
     * not NULL the CSV is read from data[0..data_len) (caller-owned, not copied) and
     * `path` is only the name recorded in the batch and used in error messages.
     * Every import takes it except those marked path_only in the registry below
     * (Darwin Core, whose reader also opens archives). */
    const char *data;
    size_t data_len;
} je_import_opts;

typedef struct je_import_report {
    size_t rows;      /* data rows read */
    size_t inserted;  /* records inserted */
    size_t updated;   /* records changed (--replace, or values added to a sample) */
    int64_t batch_id; /* 0 when nothing was written */
    char sha256[65];  /* of the file's bytes */
    je_diag errors;   /* bad rows; when non-empty the import returned JE_EDATA */
} je_import_report;

JE_API void je_import_report_free(je_import_report *r);

/* Jurisdictions: CSV `code,name_zh,name_en,utc_offset` (GB/T 2260 six-digit code,
 * offset like +08:00). */
JE_API je_status je_import_jurisdictions(je_db *db, const char *path, const je_import_opts *opts,
                                         je_import_report *rep, je_error *err);

/* Monitoring sections: CSV with columns
 *   code,name_zh,name_en,river_code,river_zh,river_en,basin_code,basin_zh,basin_en,
 *   lon,lat,kind,owner,upstream,downstream,target_class,waterbody
 * kind national|provincial|boundary; upstream/downstream jurisdiction codes, both
 * required for (and only for) boundary sections; target_class I–V; waterbody
 * river|lake. Rivers and basins are created from their codes; a code that exists
 * with other names is an error. An existing section code is an error unless
 * opts->replace. */
JE_API je_status je_import_sections(je_db *db, const char *path, const je_import_opts *opts,
                                    je_import_report *rep, je_error *err);

/* Water samples, wide or long layout (chosen by the header):
 *   wide: section,sampled_at,<item>...[,<item>_flag...]; a header "<item>[unit]" or
 *         "<item> (unit)" gives the unit of that column.
 *   long: section,sampled_at,item,value[,unit][,flag]
 * Item codes as in water.h. Values in the item's unit (mg/L; pH none; fecal coliform
 * count/L) unless a unit says otherwise (converted; an unknown unit is an error).
 * A value "0.01L" or "<0.01", or flag L (also "<", "ND"), means below the detection
 * limit 0.01; flag X marks a value invalid (kept, not assessed). sampled_at is ISO
 * 8601; without an offset it is local time of the section's jurisdiction.
 * A (section, sampled_at, item) already stored is an error unless opts->replace; the
 * same key twice in one file is always an error. */
JE_API je_status je_import_water_samples(je_db *db, const char *path, const je_import_opts *opts,
                                         je_import_report *rep, je_error *err);

/* Every import by its name (the CLI's `jointenv import NAME`, the HTTP API's
 * POST /api/v1/imports/NAME): the registry the front ends share, so that an import
 * added to the library is reachable from both. */
typedef je_status (*je_import_fn)(je_db *db, const char *path, const je_import_opts *opts,
                                  je_import_report *rep, je_error *err);
typedef struct je_import_kind {
    const char *name;    /* "water-samples" */
    je_import_fn fn;
    const char *summary; /* one line for a person */
    int path_only;       /* reads its file by path (archives): no je_import_opts.data */
} je_import_kind;
/* The registry, in a stable order; *n = its length. */
JE_API const je_import_kind *je_import_kinds(size_t *n);
/* The kind named `name`, or NULL. */
JE_API const je_import_kind *je_import_kind_find(const char *name);

/* One accepted import: what was loaded, from which file (by SHA-256), by whom, when. */
typedef struct je_import_batch {
    int64_t id;
    char kind[32];       /* "jurisdictions", "sections", "water-samples" */
    char file_name[256]; /* as given on the command line */
    char sha256[65];
    int64_t rows, inserted, updated;
    int replace;
    char actor[64];
    int64_t imported_at; /* seconds since the epoch, UTC */
} je_import_batch;

/* Accepted imports, newest first (at most `limit`, 0 = all). Free *out with free().
 * Rejected imports leave no batch: they changed nothing. */
JE_API je_status je_store_import_batches(je_db *db, size_t limit, je_import_batch **out,
                                         size_t *out_n, je_error *err);

/* ---------------------------------------------------------------------------
 * Queries for the water engines.
 * ------------------------------------------------------------------------- */
typedef struct je_jurisdiction {
    char code[16];
    char name_zh[64];
    char name_en[64];
    int32_t utc_offset_s;
} je_jurisdiction;

/* All jurisdictions, ordered by code. Free *out with free(). */
JE_API je_status je_store_jurisdictions(je_db *db, je_jurisdiction **out, size_t *out_n,
                                        je_error *err);

typedef struct je_section_filter {
    const char *section;      /* section code, or NULL */
    const char *river;        /* river code, or its Chinese or English name, or NULL */
    const char *jurisdiction; /* owner, upstream or downstream jurisdiction code, or NULL */
    int boundary_only;        /* only kind = boundary */
} je_section_filter;

typedef struct je_section_list {
    je_section *items;     /* strings owned by the list */
    int32_t *utc_offset_s; /* of each section's owner jurisdiction */
    int64_t *id;           /* store ids (internal; for je_store_water_series) */
    size_t n;
    void *priv_; /* string storage */
} je_section_list;

/* Sections matching the filter (NULL = all), ordered by basin, river, code. */
JE_API je_status je_store_sections(je_db *db, const je_section_filter *filter, je_section_list *out,
                                   je_error *err);
JE_API void je_section_list_free(je_section_list *l);

typedef struct je_wq_series_set {
    je_wq_series *series; /* one per section of the list, in its order */
    size_t n;
    je_wq_sample *samples_; /* storage */
    int64_t *times_;        /* storage: the time of samples_[i] */
} je_wq_series_set;

/* The time (seconds since the epoch, UTC) of sample i of series k. */
JE_API int64_t je_wq_series_set_time(const je_wq_series_set *s, size_t k, size_t i);

/* The samples of each listed section inside the period (local time of the section's
 * jurisdiction; NULL = all time), ordered by time, with their times. */
JE_API je_status je_store_water_series(je_db *db, const je_section_list *sections,
                                       const je_period *period, je_wq_series_set *out,
                                       je_error *err);
JE_API void je_wq_series_set_free(je_wq_series_set *s);

/* The latest local year with any water sample; *out_year 0 when there is none. */
JE_API je_status je_store_water_latest_year(je_db *db, int *out_year, je_error *err);

/* Count of stored water samples (rows of (section, time)) and item values. */
JE_API je_status je_store_water_counts(je_db *db, int64_t *out_samples, int64_t *out_values,
                                       je_error *err);

/* ---------------------------------------------------------------------------
 * Air quality: cities, stations, hourly observations.
 * ------------------------------------------------------------------------- */

/* Air monitoring stations: CSV with columns
 *   code,name_zh,name_en,city,city_zh,city_en,district,jurisdiction,lon,lat,kind
 * city is the code of the city (or district-level unit) the station is assessed
 * with (GB/T 2260 style, e.g. 510100 Chengdu); cities are created from their codes,
 * and a city code that exists with other names or another jurisdiction is an error.
 * kind national|provincial|background. An existing station code is an error unless
 * opts->replace. */
JE_API je_status je_import_air_stations(je_db *db, const char *path, const je_import_opts *opts,
                                        je_import_report *rep, je_error *err);

/* Hourly air observations, wide or long layout (chosen by the header):
 *   wide: station,time,<pollutant>...[,<pollutant>_flag...]; "<pollutant>[unit]" gives
 *         a column's unit;
 *   long: station,time,pollutant,value[,unit][,flag]
 * Pollutant codes so2, no2, co, o3, pm10, pm25 (also pm2.5); µg/m³ (CO mg/m³) unless
 * a unit says otherwise. `time` labels the hour the value averages by its start
 * (2022-01-01T08:00 = 08:00–09:00), ISO 8601; without an offset it is local time of
 * the station's jurisdiction; it must fall on the hour. A flag marks a value valid
 * (empty, V) or invalid (X and the network's marks listed in docs/air.md): invalid
 * values are kept but never used. Values above a plausibility ceiling (docs/air.md)
 * are rejected as out of range. A (station, hour, pollutant) already stored is an
 * error unless opts->replace, which updates it: every daily, annual and alert figure
 * is computed from the stored hours when asked, so nothing derived goes stale. */
JE_API je_status je_import_air_hourly(je_db *db, const char *path, const je_import_opts *opts,
                                      je_import_report *rep, je_error *err);

typedef struct je_air_station {
    int64_t id; /* store id (internal) */
    char code[32];
    char name_zh[64];
    char name_en[96];
    char city[16];
    char city_zh[64];
    char city_en[96];
    char district[64];
    char jurisdiction[16];
    char kind[16];
    double lon, lat;
    int32_t utc_offset_s; /* of its jurisdiction */
} je_air_station;

typedef struct je_air_filter {
    const char *station;      /* station code, or NULL */
    const char *city;         /* city code, or its Chinese or English name, or NULL */
    const char *jurisdiction; /* jurisdiction code, or NULL */
} je_air_filter;

/* Stations matching the filter (NULL = all), ordered by jurisdiction, city, code.
 * Free *out with free(). */
JE_API je_status je_store_air_stations(je_db *db, const je_air_filter *filter, je_air_station **out,
                                       size_t *out_n, je_error *err);

/* Hourly values of stations over whole local days: n_days days from local day
 * `day0` (days since 1970-01-01) in each station's own local time. */
typedef struct je_air_hours {
    size_t n_stations, n_days;
    int64_t day0;
    double *values_; /* [station][pollutant][24 × n_days]; NAN = missing or invalid */
} je_air_hours;

/* The 24 × n_days values of pollutant p at station s (index into the list given). */
JE_API const double *je_air_hours_series(const je_air_hours *h, size_t s, je_aq_pol p);
JE_API je_status je_store_air_hours(je_db *db, const je_air_station *stations, size_t n,
                                    int64_t day0, size_t n_days, je_air_hours *out, je_error *err);
JE_API void je_air_hours_free(je_air_hours *h);

/* The first and last local day with any hourly value (of the first station's
 * offset); JE_ENOTFOUND when there is none. */
JE_API je_status je_store_air_days(je_db *db, int64_t *out_first, int64_t *out_last, je_error *err);
/* Stored station-hours. */
JE_API je_status je_store_air_count(je_db *db, int64_t *out_hours, je_error *err);

/* ---------------------------------------------------------------------------
 * Cement clinker lines and population receptors (staggered production).
 * ------------------------------------------------------------------------- */

/* Pollutants a clinker line emits, in q_g_s[] order. */
enum { JE_PLANT_PM = 0, JE_PLANT_SO2 = 1, JE_PLANT_NOX = 2, JE_PLANT_NPOL = 3 };

typedef struct je_plant {
    int64_t id; /* store id (internal) */
    char code[32];
    char plant[96]; /* the enterprise */
    char name_zh[96];
    char name_en[128];
    char jurisdiction[16];
    char region[32]; /* market region */
    double lon, lat;
    double capacity_t_d; /* clinker, t/day */
    je_stack stack;
    double q_g_s[JE_PLANT_NPOL]; /* emission rates at full output */
    char basis[200];             /* "measured", or how the rates were derived */
    char grade;                  /* performance grade 'A' … 'D' */
    int coprocessing;            /* co-processes MSW or hazardous waste */
    int special_cement;          /* share of special cement, percent (0–100) */
    int carbide_slag;            /* carbide slag is the only calcium source */
    int heating_duty;            /* has a winter heating duty */
    int deep_treatment_a;        /* meets the association's deep-treatment A standard */
} je_plant;

/* Clinker lines: CSV with columns (documented in docs/plants.md)
 *   code,plant,name_zh,name_en,jurisdiction,lon,lat,region,capacity_t_d,
 *   stack_height_m,stack_diam_m,exit_v_m_s,exit_temp_k,grade,coprocessing,
 *   special_cement_pct,carbide_slag,heating_duty,pm_g_s,so2_g_s,nox_g_s,limits
 * and optionally deep_treatment_a (0/1, absent = 0: the Sichuan cement association's
 * "deep-treatment A" standard, which earns stop-day relief; stagger.h). Ranges: capacity 100–20 000
 * t/d, stack 10–300 m, diameter 0.5–15 m, exit velocity 1–40 m/s, exit temperature 300–700 K; grade
 * A–D; flags 0/1; special cement a whole percent 0–100. Emission rates: either all of pm_g_s,
 * so2_g_s, nox_g_s (g/s, 0–1 000; basis "measured") with limits empty, or none of them and limits
 * general|special| ultra-low: derived by je_gb4915_derive() (industry.h) as limit × 2 300 Nm³/t ×
 * capacity, the derivation text stored as the basis. An existing code is an error
 * unless opts->replace; a code twice in one file always is. */
JE_API je_status je_import_plants(je_db *db, const char *path, const je_import_opts *opts,
                                  je_import_report *rep, je_error *err);
/* Lines of a jurisdiction (NULL = all), ordered by code. Free *out with free(). */
JE_API je_status je_store_plants(je_db *db, const char *jurisdiction, je_plant **out, size_t *out_n,
                                 je_error *err);

typedef struct je_receptor {
    int64_t id;
    char code[32];
    char name_zh[64];
    char name_en[96];
    char jurisdiction[16];
    double lon, lat;
    double population;
} je_receptor;

/* Population receptors (a city, district or town centre with its population): CSV
 * code,name_zh,name_en,jurisdiction,lon,lat,population (1 to 10⁸ people). An existing
 * code is an error unless opts->replace. */
JE_API je_status je_import_receptors(je_db *db, const char *path, const je_import_opts *opts,
                                     je_import_report *rep, je_error *err);
/* Receptors of a jurisdiction (NULL = all), ordered by code. Free *out with free(). */
JE_API je_status je_store_receptors(je_db *db, const char *jurisdiction, je_receptor **out,
                                    size_t *out_n, je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_STORE_H */
