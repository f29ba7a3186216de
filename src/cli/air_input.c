/*
 * air_input.c — jointenv air daily --input FILE: daily statistics and AQI of every
 * station straight from an hourly CSV (wide layout: station,time,<pollutants>), with
 * no database. For analysts holding an export, and the path the benchmark compares
 * with DuckDB and pandas.
 *
 * The file is read once. Each station's hours land in its own array of double (so the
 * figures equal those of the stored data to the bit; a year of 2,000 stations is
 * 840 MB), indexed by
 * local hour from the station's first day; the array grows as later days arrive and
 * shifts if an earlier day turns up, so any row order works. Then each station's days
 * go through the same engine as the stored data (je_aq_daily), stations in code order.
 */
#include "cli/air.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct station_hours {
    char *code;
    int64_t day0; /* local day of hour 0 */
    size_t n_days, cap_days;
    double *v;     /* [pollutant][24 × cap_days] */
    uint8_t *seen; /* [24 × cap_days]: a row for this hour was read (duplicates) */
} station_hours;

typedef struct reader {
    station_hours *st;
    size_t n, cap;
    je_strmap *index;
    int c_station, c_time, c_pol[JE_AQ_NPOL];
    char unit[JE_AQ_NPOL][24];
    je_diag diag;
    int nomem;
} reader;

/* Make room for local day `day` in s (grow forward, or shift for an earlier day). */
static int ensure_day(station_hours *s, int64_t day)
{
    if (s->v == NULL) {
        s->cap_days = 32;
        s->v = malloc(JE_AQ_NPOL * 24 * s->cap_days * sizeof *s->v);
        s->seen = calloc(24 * s->cap_days, 1);
        if (s->v == NULL || s->seen == NULL)
            return 0;
        for (size_t i = 0; i < JE_AQ_NPOL * 24 * s->cap_days; i++)
            s->v[i] = NAN;
        s->day0 = day;
        s->n_days = 1;
        return 1;
    }
    int64_t lo = day < s->day0 ? day : s->day0;
    int64_t hi = day >= s->day0 + (int64_t)s->n_days ? day : s->day0 + (int64_t)s->n_days - 1;
    size_t need = (size_t)(hi - lo + 1), shift = (size_t)(s->day0 - lo);
    if (need > 366 * 20)
        return 0;
    if (need > s->cap_days || shift > 0) {
        size_t cap = s->cap_days;
        while (cap < need)
            cap *= 2;
        double *v = malloc(JE_AQ_NPOL * 24 * cap * sizeof *v);
        uint8_t *seen = calloc(24 * cap, 1);
        if (v == NULL || seen == NULL) {
            free(v);
            free(seen);
            return 0;
        }
        for (size_t i = 0; i < JE_AQ_NPOL * 24 * cap; i++)
            v[i] = NAN;
        for (int p = 0; p < JE_AQ_NPOL; p++)
            memcpy(v + (size_t)p * 24 * cap + 24 * shift, s->v + (size_t)p * 24 * s->cap_days,
                   24 * s->n_days * sizeof *v);
        memcpy(seen + 24 * shift, s->seen, 24 * s->n_days);
        free(s->v);
        free(s->seen);
        s->v = v;
        s->seen = seen;
        s->cap_days = cap;
        s->day0 = lo;
    }
    s->n_days = need;
    return 1;
}

static void reject(reader *r, je_csv *csv, size_t col, const char *msg, const char *a)
{
    je_error e;
    je_csv_error(csv, col, &e, msg, a);
    if (je_diag_add(&r->diag, &e) != JE_OK)
        r->nomem = 1;
}

static int header(reader *r, je_csv *csv)
{
    r->c_station = je_csv_column(csv, "station");
    r->c_time = je_csv_column(csv, "time");
    for (int p = 0; p < JE_AQ_NPOL; p++)
        r->c_pol[p] = -1;
    int bad = 0;
    if (r->c_station < 0 || r->c_time < 0) {
        je_error e;
        je_error_set_at(&e, JE_EDATA, je_csv_path(csv), 1, 1, NULL,
                        "missing column '%s' (an hourly file starts with station,time, then "
                        "so2 no2 co o3 pm10 pm25)",
                        r->c_station < 0 ? "station" : "time");
        je_diag_add(&r->diag, &e);
        bad = 1;
    }
    for (size_t k = 0; k < je_csv_ncolumns(csv); k++) {
        if ((int)k == r->c_station || (int)k == r->c_time)
            continue;
        const char *name = je_csv_column_name(csv, k);
        size_t n = strcspn(name, "[");
        je_aq_pol p;
        double one;
        je_error e;
        r->unit[0][0] = '\0';
        if (je_aq_pol_find(name, n, &p) == JE_OK && r->c_pol[p] < 0) {
            const char *u = name + n;
            size_t ul = u[0] == '[' ? strcspn(u + 1, "]") : 0;
            if (ul == 0 || (u[1 + ul] == ']' && u[2 + ul] == '\0' && ul < sizeof r->unit[p] &&
                            je_aq_unit_convert(p, u + 1, ul, 1.0, &one, &e) == JE_OK)) {
                memcpy(r->unit[p], ul ? u + 1 : "", ul);
                r->unit[p][ul] = '\0';
                r->c_pol[p] = (int)k;
                continue;
            }
        }
        reject(r, csv, k,
               "unknown or repeated column '%s' (station, time, so2, no2, co, o3, pm10, pm25; "
               "a unit as pm25[ug/m3]; flags need the store: jointenv import air-hourly)",
               name);
        bad = 1;
    }
    return !bad;
}

static station_hours *station_of(reader *r, const char *code, size_t len)
{
    int64_t ix;
    if (je_strmap_get(r->index, code, len, &ix))
        return &r->st[ix];
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        station_hours *bigger = realloc(r->st, cap * sizeof *bigger);
        if (bigger == NULL)
            return NULL;
        r->st = bigger;
        r->cap = cap;
    }
    station_hours *s = &r->st[r->n];
    memset(s, 0, sizeof *s);
    s->code = malloc(len + 1);
    if (s->code == NULL)
        return NULL;
    memcpy(s->code, code, len);
    s->code[len] = '\0';
    if (je_strmap_put(r->index, s->code, (int64_t)r->n) != JE_OK)
        return NULL;
    r->n++;
    return s;
}

static void row(reader *r, je_csv *csv, int32_t off, station_hours **last)
{
    const char *code = je_csv_field(csv, (size_t)r->c_station);
    size_t len = je_csv_field_len(csv, (size_t)r->c_station);
    if (len == 0) {
        reject(r, csv, (size_t)r->c_station, "empty station%s", "");
        return;
    }
    station_hours *s = *last;
    if (s == NULL || strlen(s->code) != len || memcmp(s->code, code, len) != 0) {
        if ((s = station_of(r, code, len)) == NULL) {
            r->nomem = 1;
            return;
        }
        *last = s;
    }
    const char *tt = je_csv_field(csv, (size_t)r->c_time);
    int64_t t;
    je_error e;
    if (je_time_parse(tt, je_csv_field_len(csv, (size_t)r->c_time), off, &t, &e) != JE_OK) {
        reject(r, csv, (size_t)r->c_time, "time: %s", e.message);
        return;
    }
    int64_t local = t + off;
    if ((local % 3600 + 3600) % 3600 != 0) {
        reject(r, csv, (size_t)r->c_time, "time '%s' is not on the hour", tt);
        return;
    }
    int64_t day = je_time_local_day(t, off);
    if (!ensure_day(s, day)) {
        reject(r, csv, (size_t)r->c_time, "station data spans more than 20 years (at '%s')", tt);
        return;
    }
    size_t h = (size_t)(day - s->day0) * 24 + (size_t)((local - day * 86400) / 3600);
    if (s->seen[h]) {
        reject(r, csv, (size_t)r->c_time, "duplicate: this station and hour appear twice (%s)", tt);
        return;
    }
    s->seen[h] = 1;
    for (int p = 0; p < JE_AQ_NPOL; p++) {
        if (r->c_pol[p] < 0)
            continue;
        size_t col = (size_t)r->c_pol[p];
        size_t n = je_csv_field_len(csv, col);
        if (n == 0)
            continue;
        double v;
        const char *txt = je_csv_field(csv, col);
        if (je_parse_double(txt, n, &v) != JE_OK) {
            reject(r, csv, col, "'%s' is not a number", txt);
            continue;
        }
        if (r->unit[p][0])
            je_aq_unit_convert((je_aq_pol)p, r->unit[p], strlen(r->unit[p]), v, &v, NULL);
        if (v < 0) {
            reject(r, csv, col, "negative concentration %s", txt);
            continue;
        }
        s->v[(size_t)p * 24 * s->cap_days + h] = v;
    }
}

static int by_code(const void *a, const void *b)
{
    return strcmp(((const station_hours *)a)->code, ((const station_hours *)b)->code);
}

static void reader_free(reader *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->st[i].code);
        free(r->st[i].v);
        free(r->st[i].seen);
    }
    free(r->st);
    je_strmap_free(r->index);
    je_diag_free(&r->diag);
}

static je_status write_cell(void *ctx, const char *bytes, size_t len)
{
    return fwrite(bytes, 1, len, ctx) == len ? JE_OK : JE_EIO;
}

/* Compute and emit the days of every station (in code order). */
static int emit(cli *c, reader *r, const je_aq_daily_opts *opts)
{
    qsort(r->st, r->n, sizeof *r->st, by_code);
    const char *names[1 + AIR_DAY_NCOLS];
    col_type types[1 + AIR_DAY_NCOLS];
    names[0] = "station";
    types[0] = COL_TEXT;
    for (int k = 0; k < AIR_DAY_NCOLS; k++) {
        names[1 + k] = air_day_names[k];
        types[1 + k] = air_day_types[k];
    }
    /* CSV is streamed (a year of 2,000 stations is 730,000 rows); table and JSON are
       collected first. */
    je_csv_writer *w = NULL;
    out_table *t = NULL;
    if (c->format == OUT_CSV) {
        if (je_csv_writer_new(write_cell, stdout, &w) != JE_OK)
            return EXIT_RUNTIME;
        for (int k = 0; k <= AIR_DAY_NCOLS; k++)
            je_csv_write_field(w, names[k]);
        je_csv_end_row(w);
    } else if ((t = out_table_new("Daily air quality by station (HJ 633 daily report)",
                                  1 + AIR_DAY_NCOLS, names, types)) == NULL) {
        return EXIT_RUNTIME;
    }
    int code = EXIT_OK;
    je_aq_day *days = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < r->n && code == EXIT_OK; i++) {
        station_hours *s = &r->st[i];
        if (s->n_days > cap) {
            free(days);
            cap = s->n_days;
            if ((days = malloc(cap * sizeof *days)) == NULL) {
                code = EXIT_RUNTIME;
                break;
            }
        }
        const double *in[JE_AQ_NPOL];
        for (int p = 0; p < JE_AQ_NPOL; p++)
            in[p] = s->v + (size_t)p * 24 * s->cap_days;
        je_error err;
        je_status st = je_aq_daily(in, s->day0, s->n_days, opts, days, &err);
        if (st != JE_OK) {
            code = cli_fail(c, st, &err);
            break;
        }
        for (size_t d = 0; d < s->n_days; d++) {
            air_day_buf b;
            const char *cells[1 + AIR_DAY_NCOLS];
            cells[0] = s->code;
            air_day_cells(&days[d], &b, cells + 1);
            if (w) {
                for (int k = 0; k <= AIR_DAY_NCOLS; k++)
                    je_csv_write_field(w, cells[k] ? cells[k] : "");
                if (je_csv_end_row(w) != JE_OK) {
                    code = EXIT_RUNTIME;
                    break;
                }
            } else if (!out_table_add(t, cells)) {
                code = EXIT_RUNTIME;
                break;
            }
        }
    }
    free(days);
    if (t && code == EXIT_OK)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    je_csv_writer_free(w);
    return code;
}

int air_daily_from_csv(cli *c, const char *path, int32_t utc_offset_s, const je_aq_daily_opts *opts)
{
    reader r;
    memset(&r, 0, sizeof r);
    je_diag_init(&r.diag, 50);
    je_csv *csv;
    je_error err;
    je_status st = je_csv_open(path, &csv, &err);
    if (st != JE_OK) {
        je_diag_free(&r.diag);
        return cli_fail(c, st, &err);
    }
    if (je_strmap_new(1024, &r.index) != JE_OK) {
        je_csv_close(csv);
        je_diag_free(&r.diag);
        return cli_fail(c, JE_ENOMEM, NULL);
    }
    je_csv_on_progress(csv, cli_progress, c);
    int code = EXIT_OK;
    if ((st = je_csv_read_header(csv, &err)) != JE_OK) {
        if (st != JE_EDATA)
            code = cli_fail(c, st, &err);
        else
            je_diag_add(&r.diag, &err);
    } else if (header(&r, csv)) {
        station_hours *last = NULL;
        for (;;) {
            int has;
            je_error e;
            st = je_csv_next(csv, &has, &e);
            if (st == JE_EDATA) {
                je_diag_add(&r.diag, &e);
                continue;
            }
            if (st != JE_OK) {
                code = cli_fail(c, st, &e);
                break;
            }
            if (!has)
                break;
            row(&r, csv, utc_offset_s, &last);
            if (r.nomem) {
                code = cli_fail(c, JE_ENOMEM, NULL);
                break;
            }
        }
    }
    cli_progress_done(c);
    je_csv_close(csv);
    if (code == EXIT_OK && r.diag.total > 0) {
        cli_print_diag(&r.diag);
        fprintf(stderr, "%s: %zu error(s); no output written. Fix the rows above.\n", path,
                r.diag.total);
        code = EXIT_BADDATA;
    }
    if (code == EXIT_OK)
        code = emit(c, &r, opts);
    reader_free(&r);
    return code;
}
