/*
 * cmd_air.c — jointenv air aqi (a calculator), air daily and air assess. The daily
 * figures of the stored data are computed from the stored hours on every call
 * (air_cities below), so a late or corrected hour is reflected at once. Alerts are
 * cmd_air_alerts.c.
 */
#include "cli/air.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Digits of k at buf (at least `width` of them, zero-padded); returns the end. */
static char *put_uint(char *buf, uint64_t k, int width)
{
    char tmp[24];
    int len = 0;
    do {
        tmp[len++] = (char)('0' + k % 10);
        k /= 10;
    } while (k || len < width);
    for (int i = 0; i < len; i++)
        buf[i] = tmp[len - 1 - i];
    return buf + len;
}

/* ------------------------------------------------------------------------- */
/* shared: dates, cities                                                      */

int air_parse_date(const char *s, int64_t *out_day)
{
    int y, m, d;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    int64_t day = je_days_from_civil(y, m, d);
    int y2, m2, d2;
    je_civil_from_days(day, &y2, &m2, &d2);
    if (y2 != y || m2 != m || d2 != d)
        return 0;
    *out_day = day;
    return 1;
}

void air_format_day(int64_t day, char *buf, size_t size)
{
    int y, m, d;
    je_civil_from_days(day, &y, &m, &d);
    if (y < 0 || y > 9999 || size < 11) {
        snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
        return;
    }
    char *p = put_uint(buf, (uint64_t)y, 4);
    *p++ = '-';
    p = put_uint(p, (uint64_t)m, 2);
    *p++ = '-';
    *put_uint(p, (uint64_t)d, 2) = '\0';
}

/* The data range for defaults: --from/--to given, else the stored data. */
int air_resolve_range(cli *c, je_db *db, const char *cmd, const char *from, const char *to,
                      int64_t *d0, int64_t *d1)
{
    je_error err;
    int64_t first = 0, last = 0;
    if (from == NULL || to == NULL) {
        je_status st = je_store_air_days(db, &first, &last, &err);
        if (st != JE_OK)
            return cli_fail(c, st, &err);
    }
    if (from && !air_parse_date(from, &first))
        return cli_usage_error(c, cmd, "--from '%s' is not a date (YYYY-MM-DD)", from);
    if (to && !air_parse_date(to, &last))
        return cli_usage_error(c, cmd, "--to '%s' is not a date (YYYY-MM-DD)", to);
    if (last < first)
        return cli_usage_error(c, cmd, "--to is before --from");
    if (last - first > 366 * 10)
        return cli_usage_error(c, cmd, "at most 10 years at a time");
    *d0 = first;
    *d1 = last;
    return EXIT_OK;
}

static void fmt(char *buf, size_t n, double v, int decimals)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return;
    }
    /* Whole numbers are most of a daily table (730,000 rows a year for 2,000 stations):
       nearbyint rounds the exact binary value half to even, as printf's %.0f does, so
       the digits are the same; anything else goes through printf. */
    if (decimals == 0 && v >= 0 && v < 1e15 && n >= 17) {
        *put_uint(buf, (uint64_t)nearbyint(v), 1) = '\0';
        return;
    }
    snprintf(buf, n, "%.*f", decimals, v);
}

/* Decimals a concentration is reported with (HJ 663 修约: whole µg/m³, CO 0.1 mg/m³). */
static int decimals_of(je_aq_pol p)
{
    return p == JE_AQ_CO ? 1 : 0;
}

/* ------------------------------------------------------------------------- */
/* air aqi                                                                    */

typedef struct aqi_in {
    int c_id, c_date, c_so2_24h;
    int c_item[JE_AQI_NITEMS];
    const char *date_col;
    je_aqi_report report;
    je_aq_std std;
    je_aqi_rounding rounding;
    int64_t today;
} aqi_in;

static out_table *aqi_begin(void *ctx, je_csv *r, je_diag *diag)
{
    aqi_in *in = ctx;
    in->c_id = je_csv_column(r, "id");
    in->c_date = je_csv_column(r, in->date_col);
    in->c_so2_24h = je_csv_column(r, "so2_24h");
    for (int i = 0; i < JE_AQI_NITEMS; i++)
        in->c_item[i] = je_csv_column(r, je_aqi_item_code((je_aqi_item)i));
    int bad = 0;
    if (in->c_id < 0) {
        je_error e;
        je_error_set_at(&e, JE_EDATA, je_csv_path(r), 1, 1, "id",
                        "missing column 'id' in the header");
        je_diag_add(diag, &e);
        bad = 1;
    }
    for (size_t k = 0; k < je_csv_ncolumns(r); k++) {
        const char *name = je_csv_column_name(r, k);
        je_aqi_item it;
        if ((int)k == in->c_id || (int)k == in->c_date || (int)k == in->c_so2_24h ||
            je_aqi_item_find(name, strlen(name), &it) == JE_OK)
            continue;
        long line, col;
        je_csv_field_pos(r, k, &line, &col);
        je_error e;
        je_error_set_at(&e, JE_EDATA, je_csv_path(r), line, col, name,
                        "unknown column '%s' (id, %s, so2_24h, or an item: so2 no2 co o3_1h "
                        "o3_8h pm10 pm25)",
                        name, in->date_col);
        je_diag_add(diag, &e);
        bad = 1;
    }
    if (bad)
        return NULL;
    const char *names[7 + JE_AQI_NITEMS];
    col_type types[7 + JE_AQI_NITEMS];
    char iname[JE_AQI_NITEMS][24];
    static const char *const fixed[] = {"id",          "aqi",     "level",   "category",
                                        "category_en", "primary", "standard"};
    size_t nc = 0;
    for (size_t k = 0; k < 7; k++) {
        names[nc] = fixed[k];
        types[nc++] = k == 1 || k == 2 ? COL_NUM : COL_TEXT;
    }
    for (int i = 0; i < JE_AQI_NITEMS; i++)
        if (in->c_item[i] >= 0) {
            snprintf(iname[i], sizeof iname[i], "iaqi_%s", je_aqi_item_code((je_aqi_item)i));
            names[nc] = iname[i];
            types[nc++] = COL_NUM;
        }
    return out_table_new(NULL, nc, names, types);
}

/* A concentration cell: empty = not given. 0 (after a diag) when bad. */
static int aqi_value(je_diag *diag, je_csv *r, int col, double *out)
{
    *out = NAN;
    if (col < 0)
        return 1;
    const char *t = je_csv_field(r, (size_t)col);
    size_t n = je_csv_field_len(r, (size_t)col);
    if (n == 0)
        return 1;
    if (je_parse_double(t, n, out) != JE_OK) {
        cli_diag_field(diag, r, (size_t)col, "'%s' is not a number", t);
        return 0;
    }
    if (*out < 0) {
        cli_diag_field(diag, r, (size_t)col, "negative concentration %s", t);
        return 0;
    }
    return 1;
}

static je_status aqi_row(void *ctx, je_csv *r, je_diag *diag, out_table *t, je_error *err)
{
    aqi_in *in = ctx;
    size_t before = diag->total;
    je_aqi_input x;
    je_aqi_input_clear(&x);
    for (int i = 0; i < JE_AQI_NITEMS; i++)
        aqi_value(diag, r, in->c_item[i], &x.conc[i]);
    aqi_value(diag, r, in->c_so2_24h, &x.so2_24h);
    int64_t day = in->today;
    if (in->c_date >= 0) {
        const char *d = je_csv_field(r, (size_t)in->c_date);
        int64_t tt;
        if (d[0] && je_time_parse(d, strlen(d), 8 * 3600, &tt, NULL) == JE_OK)
            day = je_time_local_day(tt, 8 * 3600);
        else if (d[0])
            cli_diag_field(diag, r, (size_t)in->c_date, "'%s' is not a date (YYYY-MM-DD)", d);
    }
    if (diag->total != before)
        return JE_OK;
    je_aqi_result res;
    je_status st = je_aqi_compute(&x, in->report, in->std, day, in->rounding, &res, err);
    if (st != JE_OK)
        return st;
    int dec = in->rounding == JE_AQI_NONE ? 2 : 0;
    char aqi[32], lvl[8], prim[128], iv[JE_AQI_NITEMS][32];
    fmt(aqi, sizeof aqi, res.aqi, dec);
    snprintf(lvl, sizeof lvl, "%d", res.level);
    const char *cells[7 + JE_AQI_NITEMS];
    size_t k = 0;
    cells[k++] = je_csv_field(r, (size_t)in->c_id);
    cells[k++] = aqi;
    cells[k++] = res.level ? lvl : NULL;
    cells[k++] = je_aqi_category_zh(res.level);
    cells[k++] = je_aqi_category_en(res.level);
    cells[k++] = je_aqi_primary_format(res.primary, prim, sizeof prim);
    cells[k++] = je_aq_std_name(res.std);
    for (int i = 0; i < JE_AQI_NITEMS; i++)
        if (in->c_item[i] >= 0) {
            fmt(iv[i], sizeof iv[i], res.iaqi[i], dec);
            cells[k++] = iv[i];
        }
    return out_table_add(t, cells) ? JE_OK : je_error_set(err, JE_ENOMEM, "out of memory");
}

int cmd_air_aqi(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"input", required_argument, NULL, 'i'},       {"report", required_argument, NULL, 'r'},
        {"standard", required_argument, NULL, 's'},    {"rounding", required_argument, NULL, 'o'},
        {"date-column", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
    const char *input = NULL;
    /* Without a date, AUTO means the version in force today (Beijing time). */
    aqi_in in = {.date_col = "date",
                 .report = JE_AQI_DAILY,
                 .std = JE_AQ_STD_AUTO,
                 .rounding = JE_AQI_CEIL,
                 .today = je_time_local_day((int64_t)time(NULL), 8 * 3600)};
    je_error err;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'i':
            input = optarg;
            break;
        case 'r':
            if (strcmp(optarg, "daily") == 0)
                in.report = JE_AQI_DAILY;
            else if (strcmp(optarg, "hourly") == 0)
                in.report = JE_AQI_HOURLY;
            else
                return cli_usage_error(c, "air aqi", "--report must be daily or hourly");
            break;
        case 's':
            if (je_aq_std_parse(optarg, &in.std, &err) != JE_OK)
                return cli_usage_error(c, "air aqi", "%s", err.message);
            break;
        case 'o':
            if (je_aqi_rounding_parse(optarg, &in.rounding, &err) != JE_OK)
                return cli_usage_error(c, "air aqi", "%s", err.message);
            break;
        case 'd':
            in.date_col = optarg;
            break;
        default:
            return cli_usage_error(c, "air aqi", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (input == NULL && optind < argc)
        input = argv[optind++];
    if (input == NULL)
        return cli_usage_error(c, "air aqi", "missing --input FILE");
    if (optind != argc)
        return cli_usage_error(c, "air aqi", "unexpected argument '%s'", argv[optind]);
    static const cli_calc ops = {aqi_begin, aqi_row};
    return cli_calc_run(c, input, &ops, &in);
}

/* ------------------------------------------------------------------------- */
/* air daily                                                                  */

/* Options shared by air daily/assess/alerts (AIR_COMMON_OPTIONS in cli/air.h).
 * Returns EXIT_OK, a usage error's exit code, or -1 when `ch` is not one of them. */
int air_common_option(cli *c, const char *cmd, int ch, const char *arg, air_select *s)
{
    je_error err;
    switch (ch) {
    case 'c':
        s->f.city = arg;
        return EXIT_OK;
    case 'S':
        s->f.station = arg;
        return EXIT_OK;
    case 'j':
        s->f.jurisdiction = arg;
        return EXIT_OK;
    case 'F':
        s->from = arg;
        return EXIT_OK;
    case 'T':
        s->to = arg;
        return EXIT_OK;
    case 's':
        if (je_aq_std_parse(arg, &s->daily.std, &err) != JE_OK)
            return cli_usage_error(c, cmd, "%s", err.message);
        return EXIT_OK;
    case 'o':
        if (je_aqi_rounding_parse(arg, &s->daily.rounding, &err) != JE_OK)
            return cli_usage_error(c, cmd, "%s", err.message);
        return EXIT_OK;
    default:
        return -1;
    }
}

const char *const air_day_names[AIR_DAY_NCOLS] = {
    "date",  "aqi",   "level", "category", "primary",      "so2",           "no2",     "co",
    "o3_1h", "o3_8h", "pm10",  "pm25",     "completeness", "o3_8h_windows", "standard"};
const col_type air_day_types[AIR_DAY_NCOLS] = {COL_TEXT, COL_NUM, COL_NUM,  COL_TEXT, COL_TEXT,
                                               COL_NUM,  COL_NUM, COL_NUM,  COL_NUM,  COL_NUM,
                                               COL_NUM,  COL_NUM, COL_TEXT, COL_TEXT, COL_TEXT};

void air_day_cells(const je_aq_day *x, air_day_buf *b, const char **cells)
{
    air_format_day(x->day, b->s[0], sizeof b->s[0]);
    fmt(b->s[1], sizeof b->s[1], x->aqi.aqi, 0);
    *put_uint(b->s[2], (uint64_t)x->aqi.level, 1) = '\0';
    static const je_aq_pol order[] = {JE_AQ_SO2, JE_AQ_NO2, JE_AQ_CO};
    for (int k = 0; k < 3; k++)
        fmt(b->s[5 + k], sizeof b->s[5 + k], x->mean24[order[k]], decimals_of(order[k]));
    fmt(b->s[8], sizeof b->s[8], x->o3_max1h, 0);
    fmt(b->s[9], sizeof b->s[9], x->o3_mda8, 0);
    fmt(b->s[10], sizeof b->s[10], x->mean24[JE_AQ_PM10], 0);
    fmt(b->s[11], sizeof b->s[11], x->mean24[JE_AQ_PM25], 0);
    int valid = 0;
    for (int p = 0; p < JE_AQ_NPOL; p++)
        valid += x->hours[p];
    char *q = put_uint(b->s[12], (uint64_t)valid, 1);
    *q++ = '/';
    *put_uint(q, 24 * JE_AQ_NPOL, 1) = '\0';
    q = put_uint(b->s[13], (uint64_t)x->o3_windows, 1);
    *q++ = '/';
    *put_uint(q, JE_AQ_MDA8_WINDOWS, 1) = '\0';
    cells[0] = b->s[0];
    cells[1] = b->s[1];
    cells[2] = x->aqi.level ? b->s[2] : NULL;
    cells[3] = je_aqi_category_zh(x->aqi.level);
    cells[4] = je_aqi_primary_format(x->aqi.primary, b->s[4], sizeof b->s[4]);
    for (int k = 5; k < 14; k++)
        cells[k] = b->s[k];
    cells[14] = je_aq_std_name(x->aqi.std);
}

int cmd_air_daily(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {AIR_COMMON_OPTIONS,
                                             {"by", required_argument, NULL, 'b'},
                                             {"input", required_argument, NULL, 'i'},
                                             {"utc-offset", required_argument, NULL, 'u'},
                                             {NULL, 0, NULL, 0}};
    air_select sel = {0};
    int by_station = 0;
    const char *input = NULL;
    int32_t offset = 8 * 3600;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 'b') {
            if (strcmp(optarg, "station") == 0)
                by_station = 1;
            else if (strcmp(optarg, "city") != 0)
                return cli_usage_error(c, "air daily", "--by must be city or station");
            continue;
        }
        if (ch == 'i') {
            input = optarg;
            continue;
        }
        if (ch == 'u') {
            if (je_time_parse_offset(optarg, &offset, NULL) != JE_OK)
                return cli_usage_error(c, "air daily", "--utc-offset must look like +08:00");
            continue;
        }
        int rc = air_common_option(c, "air daily", ch, optarg, &sel);
        if (rc < 0)
            return cli_usage_error(c, "air daily", "unknown option '%s'", argv[optind - 1]);
        if (rc != EXIT_OK)
            return rc;
    }
    if (optind != argc)
        return cli_usage_error(c, "air daily", "unexpected argument '%s'", argv[optind]);
    if (input) {
        if (sel.f.city || sel.f.station || sel.f.jurisdiction || sel.from || sel.to)
            return cli_usage_error(c, "air daily",
                                   "--input computes every station of the file; filter the file "
                                   "instead of using --city/--station/--jurisdiction/--from/--to");
        return air_daily_from_csv(c, input, offset, &sel.daily);
    }
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    int64_t d0, d1;
    int code = air_resolve_range(c, db, "air daily", sel.from, sel.to, &d0, &d1);
    if (code != EXIT_OK) {
        je_db_close(db);
        return code;
    }
    air_cities a;
    je_error err;
    je_status st =
        air_units_load(db, &sel.f, by_station, d0, (size_t)(d1 - d0 + 1), &sel.daily, &a, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    /* key columns, then the daily columns */
    const char *names[4 + AIR_DAY_NCOLS];
    col_type types[4 + AIR_DAY_NCOLS];
    static const char *const city_keys[] = {"city", "city_zh", "jurisdiction", "stations"};
    static const char *const station_keys[] = {"station", "city", "jurisdiction", "name_zh"};
    const char *const *keys = by_station ? station_keys : city_keys;
    for (int k = 0; k < 4; k++) {
        names[k] = keys[k];
        types[k] = !by_station && k == 3 ? COL_NUM : COL_TEXT;
    }
    for (int k = 0; k < AIR_DAY_NCOLS; k++) {
        names[4 + k] = air_day_names[k];
        types[4 + k] = air_day_types[k];
    }
    out_table *t = out_table_new(by_station ? "Daily air quality by station (HJ 633 daily report)"
                                            : "Daily air quality by city (HJ 633 daily report)",
                                 4 + AIR_DAY_NCOLS, names, types);
    for (size_t i = 0; t && i < a.n; i++) {
        const air_city *ct = &a.city[i];
        const je_air_station *s0 = &a.stations[ct->first];
        char nst[24];
        snprintf(nst, sizeof nst, "%zu", ct->n_stations);
        for (size_t d = 0; d < a.n_days; d++) {
            air_day_buf b;
            const char *cells[4 + AIR_DAY_NCOLS];
            cells[0] = by_station ? s0->code : s0->city;
            cells[1] = by_station ? s0->city : s0->city_zh;
            cells[2] = s0->jurisdiction;
            cells[3] = by_station ? s0->name_zh : nst;
            air_day_cells(&ct->days[d], &b, cells + 4);
            if (!out_table_add(t, cells)) {
                out_table_free(t);
                t = NULL;
                break;
            }
        }
    }
    if (t)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    air_cities_free(&a);
    return t ? EXIT_OK : EXIT_RUNTIME;
}

/* ------------------------------------------------------------------------- */
/* air assess                                                                 */

static je_status parse_edition(const char *s, je_gb3095_ed *out)
{
    if (strcmp(s, "2012") == 0)
        *out = JE_GB3095_2012;
    else if (strcmp(s, "2026-transitional") == 0 || strcmp(s, "2026t") == 0)
        *out = JE_GB3095_2026_T;
    else if (strcmp(s, "2026") == 0)
        *out = JE_GB3095_2026;
    else
        return JE_EINVAL;
    return JE_OK;
}

int cmd_air_assess(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {AIR_COMMON_OPTIONS,
                                             {"year", required_argument, NULL, 'y'},
                                             {"edition", required_argument, NULL, 'e'},
                                             {"limits", required_argument, NULL, 'L'},
                                             {NULL, 0, NULL, 0}};
    air_select sel = {0};
    int year = 0, have_ed = 0;
    const char *limits_file = NULL;
    je_gb3095_ed ed = JE_GB3095_2012;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 'y') {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1970 || v > 2200)
                return cli_usage_error(c, "air assess", "--year needs a year like 2022");
            year = (int)v;
            continue;
        }
        if (ch == 'e') {
            if (parse_edition(optarg, &ed) != JE_OK)
                return cli_usage_error(c, "air assess",
                                       "--edition must be 2012, 2026-transitional or 2026");
            have_ed = 1;
            continue;
        }
        if (ch == 'L') {
            limits_file = optarg;
            continue;
        }
        if (ch == 'F' || ch == 'T')
            return cli_usage_error(c, "air assess", "use --year (a calendar year is assessed)");
        int rc = air_common_option(c, "air assess", ch, optarg, &sel);
        if (rc < 0)
            return cli_usage_error(c, "air assess", "unknown option '%s'", argv[optind - 1]);
        if (rc != EXIT_OK)
            return rc;
    }
    if (optind != argc)
        return cli_usage_error(c, "air assess", "unexpected argument '%s'", argv[optind]);
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_error err;
    if (year == 0) {
        int64_t first, last;
        je_status st = je_store_air_days(db, &first, &last, &err);
        if (st != JE_OK) {
            je_db_close(db);
            return cli_fail(c, st, &err);
        }
        int m, d;
        je_civil_from_days(last, &year, &m, &d);
    }
    int64_t d0 = je_days_from_civil(year, 1, 1), d1 = je_days_from_civil(year, 12, 31);
    if (!have_ed)
        ed = je_gb3095_for_day(d1); /* the edition in force at the year's end */
    je_aq_limits lim;
    char lim_name[128];
    snprintf(lim_name, sizeof lim_name, "%s Grade II", je_gb3095_name(ed));
    je_gb3095_limits(ed, 2, &lim);
    if (limits_file) {
        size_t len;
        char *text = cli_read_file(limits_file, &len, &err);
        je_status lst =
            text ? je_aq_limits_parse(text, len, limits_file, &lim, lim_name, sizeof lim_name, &err)
                 : err.status;
        free(text);
        if (lst != JE_OK) {
            je_db_close(db);
            return cli_fail(c, lst, &err);
        }
    }
    air_cities a;
    je_status st = air_cities_load(db, &sel.f, d0, (size_t)(d1 - d0 + 1), &sel.daily, &a, &err);
    je_db_close(db);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    static const char *const names[] = {
        "city",      "city_zh",   "jurisdiction", "aqi_days", "good_days", "good_pct", "heavy_days",
        "pm25",      "pm25_p95",  "pm10",         "so2",      "no2",       "co_p95",   "o3_p90",
        "composite", "compliant", "not_meeting",  "complete", "limits"};
    enum { NC = sizeof names / sizeof names[0] };
    static const col_type types[NC] = {COL_TEXT, COL_TEXT, COL_TEXT, COL_NUM, COL_NUM,
                                       COL_NUM,  COL_NUM,  COL_NUM,  COL_NUM, COL_NUM,
                                       COL_NUM,  COL_NUM,  COL_NUM,  COL_NUM, COL_NUM,
                                       COL_TEXT, COL_TEXT, COL_TEXT, COL_TEXT};
    char title[256];
    snprintf(title, sizeof title, "Annual air quality %d by city (HJ 663; %s)", year, lim_name);
    out_table *t = out_table_new(title, NC, names, types);
    for (size_t i = 0; t && i < a.n; i++) {
        const air_city *ct = &a.city[i];
        const je_air_station *s0 = &a.stations[ct->first];
        je_aq_annual an;
        if ((st = je_aq_annual_compute_limits(ct->days, a.n_days, year, &lim, &an, &err)) != JE_OK)
            break;
        char ad[16], gd[16], gp[16], hd[16], v[8][24], comp[24], failing[96] = "",
                                                                 complete[96] = "";
        snprintf(ad, sizeof ad, "%d", an.aqi_days);
        snprintf(gd, sizeof gd, "%d", an.good_days);
        fmt(gp, sizeof gp, an.good_ratio * 100, 1);
        snprintf(hd, sizeof hd, "%d", an.level_days[5] + an.level_days[6]);
        fmt(v[0], sizeof v[0], an.mean[JE_AQ_PM25], 0);
        fmt(v[1], sizeof v[1], an.pct[JE_AQ_PM25], 0);
        fmt(v[2], sizeof v[2], an.mean[JE_AQ_PM10], 0);
        fmt(v[3], sizeof v[3], an.mean[JE_AQ_SO2], 0);
        fmt(v[4], sizeof v[4], an.mean[JE_AQ_NO2], 0);
        fmt(v[5], sizeof v[5], an.pct[JE_AQ_CO], 1);
        fmt(v[6], sizeof v[6], an.pct[JE_AQ_O3], 0);
        fmt(comp, sizeof comp, an.composite, 2);
        for (int p = 0; p < JE_AQ_NPOL; p++) {
            if (an.meets[p] == 0)
                snprintf(failing + strlen(failing), sizeof failing - strlen(failing), "%s%s",
                         failing[0] ? ";" : "", je_aq_pol_code((je_aq_pol)p));
            if (!an.mean_complete[p])
                snprintf(complete + strlen(complete), sizeof complete - strlen(complete),
                         "%s%s %d d", complete[0] ? "; " : "", je_aq_pol_code((je_aq_pol)p),
                         an.valid_days[p]);
        }
        const char *cells[NC] = {s0->city,
                                 s0->city_zh,
                                 s0->jurisdiction,
                                 ad,
                                 gd,
                                 gp,
                                 hd,
                                 v[0],
                                 v[1],
                                 v[2],
                                 v[3],
                                 v[4],
                                 v[5],
                                 v[6],
                                 comp,
                                 an.meets_all == 1   ? "yes"
                                 : an.meets_all == 0 ? "no"
                                                     : "unknown",
                                 failing,
                                 complete[0] ? complete : "yes",
                                 lim_name};
        if (!out_table_add(t, cells)) {
            out_table_free(t);
            t = NULL;
        }
    }
    air_cities_free(&a);
    if (st != JE_OK) {
        out_table_free(t);
        return cli_fail(c, st, &err);
    }
    if (t)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    return t ? EXIT_OK : EXIT_RUNTIME;
}
