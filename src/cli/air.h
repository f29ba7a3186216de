/* air.h (cli) — what the air command files share: selection options and the daily
 * statistics of cities computed from the stored hours. */
#ifndef JE_CLI_AIR_H
#define JE_CLI_AIR_H

#include "cli/cli.h"
#include "jointenv/air.h"
#include "jointenv/air_days.h"

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

/* The daily statistics of cities (or stations) come from the library
 * (jointenv/air_days.h); these are their names here. */
typedef je_air_unit air_city;
typedef je_air_units air_cities;
#define air_units_load je_air_units_load
#define air_cities_free je_air_units_free
static inline je_status air_cities_load(je_db *db, const je_air_filter *f, int64_t day0,
                                        size_t n_days, const je_aq_daily_opts *opts,
                                        air_cities *out, je_error *err)
{
    return je_air_units_load(db, f, 0, day0, n_days, opts, out, err);
}

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
