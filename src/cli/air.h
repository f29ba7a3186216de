/* air.h (cli) — what the air command files share: selection options and the daily
 * statistics of cities computed from the stored hours. */
#ifndef JE_CLI_AIR_H
#define JE_CLI_AIR_H

#include "cli/cli.h"
#include "jointenv/air.h"

#include <getopt.h>

typedef struct air_select {
    je_air_filter f;
    const char *from, *to; /* YYYY-MM-DD */
    je_aq_daily_opts daily;
} air_select;

/* --city --station --jurisdiction --from --to --standard --rounding */
#define AIR_COMMON_OPTIONS                                                                         \
    {"city", required_argument, NULL, 'c'}, {"station", required_argument, NULL, 'S'},             \
        {"jurisdiction", required_argument, NULL, 'j'}, {"from", required_argument, NULL, 'F'},    \
        {"to", required_argument, NULL, 'T'}, {"standard", required_argument, NULL, 's'},          \
    {                                                                                              \
        "rounding", required_argument, NULL, 'o'                                                   \
    }

int air_common_option(cli *c, const char *cmd, int ch, const char *arg, air_select *s);

typedef struct air_city {
    size_t first, n_stations; /* its stations in air_cities.stations */
    int max_stations;         /* most stations reporting in one hour */
    je_aq_day *days;          /* n_days */
} air_city;

typedef struct air_cities {
    je_air_station *stations;
    size_t n_stations;
    air_city *city;
    size_t n;
    int64_t day0;
    size_t n_days;
} air_cities;

/* Daily statistics of every city with stations matching f, from its stations' stored
 * hours (city hour = mean of its stations, HJ 663), for n_days local days from day0. */
je_status air_cities_load(je_db *db, const je_air_filter *f, int64_t day0, size_t n_days,
                          const je_aq_daily_opts *opts, air_cities *out, je_error *err);
/* The same with every station its own unit (by_station = 1). */
je_status air_units_load(je_db *db, const je_air_filter *f, int by_station, int64_t day0,
                         size_t n_days, const je_aq_daily_opts *opts, air_cities *out,
                         je_error *err);
void air_cities_free(air_cities *a);

/* air daily --input: daily statistics per station straight from an hourly CSV (wide
 * layout, no database), times without an offset taken at utc_offset_s. */
int air_daily_from_csv(cli *c, const char *path, int32_t utc_offset_s,
                       const je_aq_daily_opts *opts);

/* The columns every daily row ends with (date … standard) and their cells for one
 * day: names/types of AIR_DAY_NCOLS columns; cells point into buf. */
enum { AIR_DAY_NCOLS = 15 };
extern const char *const air_day_names[AIR_DAY_NCOLS];
extern const col_type air_day_types[AIR_DAY_NCOLS];
typedef struct air_day_buf {
    char s[AIR_DAY_NCOLS][40];
} air_day_buf;
void air_day_cells(const je_aq_day *x, air_day_buf *buf, const char **cells);

int air_parse_date(const char *s, int64_t *out_day);
void air_format_day(int64_t day, char *buf, size_t size);
/* --from/--to, defaulting to the stored data's first and last day. */
int air_resolve_range(cli *c, je_db *db, const char *cmd, const char *from, const char *to,
                      int64_t *d0, int64_t *d1);

#endif
