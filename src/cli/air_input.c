/*
 * air_input.c — jointenv air daily --input FILE: daily statistics and AQI of every
 * station straight from an hourly CSV (wide layout: station,time,<pollutants>), with
 * no database. For analysts holding an export, and the path the benchmark compares
 * with DuckDB and pandas.
 *
 * The file is read once. Each station's hours land in its own array of double (so the
 * figures equal those of the stored data to the bit; a year of 2,000 stations is
 * 840 MB), indexed by local hour from the station's first day; the array grows as
 * later days arrive and shifts if an earlier day turns up, so any row order works.
 * Then each station's days go through the same engine as the stored data
 * (je_aq_daily), stations in code order.
 *
 * A large regular file without quotes is read in parallel: it is mapped, cut at line
 * ends into one part per thread (je_csv_open_part keeps line numbers right), each
 * part fills its own stations, and the parts are merged in file order — so errors
 * come out in file order and a station split across parts is put back together.
 */
#include "cli/air.h"

#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* Files smaller than this are read by one thread (parallel start-up would not pay). */
#define PARALLEL_MIN_BYTES (8u << 20)
#define MAX_PARTS 16

typedef struct station_hours {
    char *code;
    int64_t day0; /* local day of hour 0 */
    size_t n_days, cap_days;
    double *v;      /* [pollutant][24 × cap_days] */
    uint32_t *line; /* [24 × cap_days]: the line this hour was read from, 0 = none */
} station_hours;

typedef struct columns {
    int c_station, c_time, c_pol[JE_AQ_NPOL];
    char unit[JE_AQ_NPOL][24];
} columns;

typedef struct reader {
    const columns *cols;
    int32_t offset_s;
    station_hours *st;
    size_t n, cap;
    je_strmap *index;
    je_diag diag;
    int nomem;
    /* the last row's date text and local day (rows of one day share it) */
    char last_date[10];
    int64_t last_day;
} reader;

/* Make room for local day `day` in s (grow forward, or shift for an earlier day).
 * Values start as zero pages (calloc: a year of 2,000 stations is never written
 * twice); an hour no row gave is made NAN when the station's days are computed
 * (fill_missing), an empty cell of a row is written NAN when read. */
static int ensure_day(station_hours *s, int64_t day)
{
    if (s->v != NULL && day >= s->day0 && day < s->day0 + (int64_t)s->n_days)
        return 1;
    int64_t lo = s->v == NULL || day < s->day0 ? day : s->day0;
    int64_t hi =
        s->v != NULL && day < s->day0 + (int64_t)s->n_days ? s->day0 + (int64_t)s->n_days - 1 : day;
    size_t need = (size_t)(hi - lo + 1), shift = s->v ? (size_t)(s->day0 - lo) : 0;
    if (need > 366 * 20)
        return 0;
    if (s->v == NULL || need > s->cap_days || shift > 0) {
        /* a year at once: hourly files usually hold one */
        size_t cap = s->cap_days ? s->cap_days : 366;
        while (cap < need)
            cap *= 2;
        double *v = calloc(JE_AQ_NPOL * 24 * cap, sizeof *v);
        uint32_t *line = calloc(24 * cap, sizeof *line);
        if (v == NULL || line == NULL) {
            free(v);
            free(line);
            return 0;
        }
        for (int p = 0; s->v && p < JE_AQ_NPOL; p++)
            memcpy(v + (size_t)p * 24 * cap + 24 * shift, s->v + (size_t)p * 24 * s->cap_days,
                   24 * s->n_days * sizeof *v);
        if (s->line)
            memcpy(line + 24 * shift, s->line, 24 * s->n_days * sizeof *line);
        free(s->v);
        free(s->line);
        s->v = v;
        s->line = line;
        s->cap_days = cap;
        s->day0 = lo;
    }
    s->n_days = need;
    return 1;
}

/* NAN for every hour no row gave (see ensure_day). */
static void fill_missing(station_hours *s)
{
    for (size_t h = 0; h < 24 * s->n_days; h++)
        if (!s->line[h])
            for (int p = 0; p < JE_AQ_NPOL; p++)
                s->v[(size_t)p * 24 * s->cap_days + h] = NAN;
}

static void reject(reader *r, je_csv *csv, size_t col, const char *msg, const char *a)
{
    je_error e;
    je_csv_error(csv, col, &e, msg, a);
    if (je_diag_add(&r->diag, &e) != JE_OK)
        r->nomem = 1;
}

static int header(columns *c, je_diag *diag, je_csv *csv)
{
    c->c_station = je_csv_column(csv, "station");
    c->c_time = je_csv_column(csv, "time");
    for (int p = 0; p < JE_AQ_NPOL; p++) {
        c->c_pol[p] = -1;
        c->unit[p][0] = '\0';
    }
    int bad = 0;
    if (c->c_station < 0 || c->c_time < 0) {
        je_error e;
        je_error_set_at(&e, JE_EDATA, je_csv_path(csv), 1, 1, NULL,
                        "missing column '%s' (an hourly file starts with station,time, then "
                        "so2 no2 co o3 pm10 pm25)",
                        c->c_station < 0 ? "station" : "time");
        je_diag_add(diag, &e);
        bad = 1;
    }
    for (size_t k = 0; k < je_csv_ncolumns(csv); k++) {
        if ((int)k == c->c_station || (int)k == c->c_time)
            continue;
        const char *name = je_csv_column_name(csv, k);
        size_t n = strcspn(name, "[");
        je_aq_pol p;
        double one;
        je_error e;
        if (je_aq_pol_find(name, n, &p) == JE_OK && c->c_pol[p] < 0) {
            const char *u = name + n;
            size_t ul = u[0] == '[' ? strcspn(u + 1, "]") : 0;
            if (u[0] == '\0' ||
                (ul > 0 && u[1 + ul] == ']' && u[2 + ul] == '\0' && ul < sizeof c->unit[p] &&
                 je_aq_unit_convert(p, u + 1, ul, 1.0, &one, &e) == JE_OK)) {
                memcpy(c->unit[p], u + 1, ul);
                c->unit[p][ul] = '\0';
                c->c_pol[p] = (int)k;
                continue;
            }
        }
        je_csv_error(csv, k, &e,
                     "unknown or repeated column '%s' (station, time, so2, no2, co, o3, pm10, "
                     "pm25; a unit as pm25[ug/m3]; flags need the store: jointenv import "
                     "air-hourly)",
                     name);
        je_diag_add(diag, &e);
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

static int digits2(const char *s)
{
    return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9';
}

/* Local hour index (hours since 1970-01-01 local) of a time cell. Rows of one day
 * repeat the date, so "YYYY-MM-DDTHH:MM" with the last row's date is read directly;
 * anything else goes through je_time_parse. 0 after rejecting the row. */
static int local_hour(reader *r, je_csv *csv, int64_t *out)
{
    size_t col = (size_t)r->cols->c_time;
    const char *tt = je_csv_field(csv, col);
    size_t n = je_csv_field_len(csv, col);
    if (n == 16 && tt[10] == 'T' && tt[13] == ':' && memcmp(tt, r->last_date, 10) == 0 &&
        digits2(tt + 11) && tt[14] == '0' && tt[15] == '0') {
        int hh = (tt[11] - '0') * 10 + (tt[12] - '0');
        if (hh < 24) {
            *out = r->last_day * 24 + hh;
            return 1;
        }
    }
    int64_t t;
    je_error e;
    if (je_time_parse(tt, n, r->offset_s, &t, &e) != JE_OK) {
        reject(r, csv, col, "time: %s", e.message);
        return 0;
    }
    int64_t local = t + r->offset_s;
    if ((local % 3600 + 3600) % 3600 != 0) {
        reject(r, csv, col, "time '%s' is not on the hour", tt);
        return 0;
    }
    *out = local / 3600;            /* exact: on the hour */
    if (n == 16 && tt[10] == 'T') { /* a plain local time: remember its date */
        memcpy(r->last_date, tt, 10);
        r->last_day = je_time_local_day(t, r->offset_s);
    }
    return 1;
}

static void row(reader *r, je_csv *csv, station_hours **last)
{
    const columns *c = r->cols;
    const char *code = je_csv_field(csv, (size_t)c->c_station);
    size_t len = je_csv_field_len(csv, (size_t)c->c_station);
    if (len == 0) {
        reject(r, csv, (size_t)c->c_station, "empty station%s", "");
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
    int64_t hour;
    if (!local_hour(r, csv, &hour))
        return;
    int64_t day = hour >= 0 ? hour / 24 : (hour - 23) / 24;
    if (!ensure_day(s, day)) {
        reject(r, csv, (size_t)c->c_time, "station data spans more than 20 years (at '%s')",
               je_csv_field(csv, (size_t)c->c_time));
        return;
    }
    size_t h = (size_t)(hour - s->day0 * 24);
    if (s->line[h]) {
        reject(r, csv, (size_t)c->c_time, "duplicate: this station and hour appear twice (%s)",
               je_csv_field(csv, (size_t)c->c_time));
        return;
    }
    s->line[h] = (uint32_t)je_csv_line(csv);
    for (int p = 0; p < JE_AQ_NPOL; p++) {
        if (c->c_pol[p] < 0)
            continue;
        size_t col = (size_t)c->c_pol[p];
        size_t n = je_csv_field_len(csv, col);
        double *slot = &s->v[(size_t)p * 24 * s->cap_days + h];
        *slot = NAN;
        if (n == 0)
            continue;
        double v;
        const char *txt = je_csv_field(csv, col);
        if (je_parse_double(txt, n, &v) != JE_OK) {
            reject(r, csv, col, "'%s' is not a number", txt);
            continue;
        }
        if (c->unit[p][0])
            je_aq_unit_convert((je_aq_pol)p, c->unit[p], strlen(c->unit[p]), v, &v, NULL);
        if (v < 0) {
            reject(r, csv, col, "negative concentration %s", txt);
            continue;
        }
        *slot = v;
    }
}

/* Read every row of csv into r. JE_OK, or a fatal status in err. */
static je_status read_rows(reader *r, je_csv *csv, je_error *err)
{
    station_hours *last = NULL;
    for (;;) {
        int has;
        je_error e;
        je_status st = je_csv_next(csv, &has, &e);
        if (st == JE_EDATA) {
            if (je_diag_add(&r->diag, &e) != JE_OK)
                return je_error_set(err, JE_ENOMEM, "out of memory");
            continue;
        }
        if (st != JE_OK) {
            *err = e;
            return st;
        }
        if (!has)
            return JE_OK;
        row(r, csv, &last);
        if (r->nomem)
            return je_error_set(err, JE_ENOMEM, "out of memory");
    }
}

static int reader_init(reader *r, const columns *cols, int32_t offset_s)
{
    memset(r, 0, sizeof *r);
    r->cols = cols;
    r->offset_s = offset_s;
    je_diag_init(&r->diag, 50);
    return je_strmap_new(1024, &r->index) == JE_OK;
}

static void reader_free(reader *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->st[i].code);
        free(r->st[i].v);
        free(r->st[i].line);
    }
    free(r->st);
    je_strmap_free(r->index);
    je_diag_free(&r->diag);
}

/* Move part `src` (later in the file) into `dst`: its errors after dst's, its stations
 * merged hour by hour (an hour in both is a duplicate, reported at src's line). */
static void merge(reader *dst, reader *src, const char *path)
{
    for (size_t i = 0; i < src->diag.count; i++)
        je_diag_add(&dst->diag, &src->diag.items[i]);
    dst->diag.total += src->diag.total - src->diag.count;
    for (size_t i = 0; i < src->n && !dst->nomem; i++) {
        station_hours *b = &src->st[i];
        int64_t ix;
        if (!je_strmap_get(dst->index, b->code, strlen(b->code), &ix)) {
            /* new to dst: take it whole */
            if (dst->n == dst->cap) {
                size_t cap = dst->cap ? dst->cap * 2 : 256;
                station_hours *bigger = realloc(dst->st, cap * sizeof *bigger);
                if (bigger == NULL) {
                    dst->nomem = 1;
                    break;
                }
                dst->st = bigger;
                dst->cap = cap;
            }
            dst->st[dst->n] = *b;
            if (je_strmap_put(dst->index, b->code, (int64_t)dst->n) != JE_OK) {
                dst->nomem = 1;
                break;
            }
            dst->n++;
            memset(b, 0, sizeof *b);
            continue;
        }
        station_hours *a = &dst->st[ix];
        if (b->n_days == 0)
            continue;
        if (!ensure_day(a, b->day0) || !ensure_day(a, b->day0 + (int64_t)b->n_days - 1)) {
            dst->nomem = 1;
            break;
        }
        for (size_t h = 0; h < 24 * b->n_days; h++) {
            if (!b->line[h])
                continue;
            size_t ha = (size_t)(b->day0 - a->day0) * 24 + h;
            if (a->line[ha]) {
                je_error e;
                je_error_set_at(&e, JE_EDATA, path, (long)b->line[h], 1, "time",
                                "duplicate: station %s has this hour also on line %lu", b->code,
                                (unsigned long)a->line[ha]);
                je_diag_add(&dst->diag, &e);
                continue;
            }
            a->line[ha] = b->line[h];
            for (int p = 0; p < JE_AQ_NPOL; p++)
                a->v[(size_t)p * 24 * a->cap_days + ha] = b->v[(size_t)p * 24 * b->cap_days + h];
        }
    }
}

static int by_code(const void *a, const void *b)
{
    return strcmp(((const station_hours *)a)->code, ((const station_hours *)b)->code);
}

typedef struct membuf {
    char *p;
    size_t n, cap;
} membuf;

static je_status mem_write(void *ctx, const char *bytes, size_t len)
{
    membuf *m = ctx;
    if (m->n + len > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 65536;
        while (cap < m->n + len)
            cap *= 2;
        char *p = realloc(m->p, cap);
        if (p == NULL)
            return JE_ENOMEM;
        m->p = p;
        m->cap = cap;
    }
    memcpy(m->p + m->n, bytes, len);
    m->n += len;
    return JE_OK;
}

/* The rows of one station: CSV text into `m` (when w is set up on it) or cells into t. */
static je_status station_rows(station_hours *s, const columns *cols, const je_aq_daily_opts *opts,
                              je_csv_writer *w, out_table *t, je_error *err)
{
    je_aq_day *days = malloc((s->n_days ? s->n_days : 1) * sizeof *days);
    if (days == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    fill_missing(s);
    const double *in[JE_AQ_NPOL];
    for (int p = 0; p < JE_AQ_NPOL; p++)
        in[p] = cols->c_pol[p] >= 0 ? s->v + (size_t)p * 24 * s->cap_days : NULL;
    je_status st = je_aq_daily(in, s->day0, s->n_days, opts, days, err);
    for (size_t d = 0; d < s->n_days && st == JE_OK; d++) {
        air_day_buf b;
        const char *cells[1 + AIR_DAY_NCOLS];
        cells[0] = s->code;
        air_day_cells(&days[d], &b, cells + 1);
        if (w) {
            for (int k = 0; k <= AIR_DAY_NCOLS; k++)
                je_csv_write_field(w, cells[k] ? cells[k] : "");
            st = je_csv_end_row(w);
        } else if (!out_table_add(t, cells)) {
            st = JE_ENOMEM;
        }
        if (st != JE_OK)
            je_error_set(err, st, "out of memory");
    }
    free(days);
    return st;
}

/* Compute and emit the days of every station (in code order). CSV is formatted in
 * parallel, a station per task, and written in order; table and JSON are collected
 * first (a year of 2,000 stations is 730,000 rows: use CSV for such sizes). */
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
    je_error err;
    je_status st = JE_OK;
    if (c->format != OUT_CSV) {
        out_table *t = out_table_new("Daily air quality by station (HJ 633 daily report)",
                                     1 + AIR_DAY_NCOLS, names, types);
        if (t == NULL)
            return cli_fail(c, JE_ENOMEM, NULL);
        for (size_t i = 0; i < r->n && st == JE_OK; i++)
            st = station_rows(&r->st[i], r->cols, opts, NULL, t, &err);
        if (st == JE_OK)
            out_table_print(t, c->format, stdout);
        out_table_free(t);
        return st == JE_OK ? EXIT_OK : cli_fail(c, st, &err);
    }
    membuf head = {0};
    je_csv_writer *w;
    if (je_csv_writer_new(mem_write, &head, &w) != JE_OK)
        return cli_fail(c, JE_ENOMEM, NULL);
    for (int k = 0; k <= AIR_DAY_NCOLS; k++)
        je_csv_write_field(w, names[k]);
    je_csv_end_row(w);
    je_csv_writer_free(w);
    fwrite(head.p, 1, head.n, stdout);
    free(head.p);
    /* In blocks of stations, so memory holds one block's text at a time. */
    enum { BLOCK = 256 };
    membuf out[BLOCK];
    for (size_t b0 = 0; b0 < r->n && st == JE_OK; b0 += BLOCK) {
        size_t nb = r->n - b0 < BLOCK ? r->n - b0 : BLOCK;
        memset(out, 0, sizeof out);
        je_status bst[BLOCK];
        je_error berr[BLOCK];
#pragma omp parallel for schedule(dynamic, 4)
        for (size_t i = 0; i < nb; i++) {
            je_csv_writer *wi;
            bst[i] = je_csv_writer_new(mem_write, &out[i], &wi);
            if (bst[i] == JE_OK) {
                bst[i] = station_rows(&r->st[b0 + i], r->cols, opts, wi, NULL, &berr[i]);
                je_csv_writer_free(wi);
            } else {
                je_error_set(&berr[i], bst[i], "out of memory");
            }
        }
        for (size_t i = 0; i < nb; i++) {
            if (st == JE_OK && bst[i] != JE_OK) {
                st = bst[i];
                err = berr[i];
            }
            if (st == JE_OK && fwrite(out[i].p, 1, out[i].n, stdout) != out[i].n)
                st = je_error_set(&err, JE_EIO, "cannot write the output");
            free(out[i].p);
        }
    }
    return st == JE_OK ? EXIT_OK : cli_fail(c, st, &err);
}

static int max_parts(void)
{
#ifdef _OPENMP
    int n = omp_get_max_threads();
    return n < 1 ? 1 : n > MAX_PARTS ? MAX_PARTS : n;
#else
    return 1;
#endif
}

/* The parallel read of a mapped file (see the top of the file). The header has been
 * checked on `hdr`; `body` is the offset of the first data row. */
static je_status read_parallel(cli *c, reader *r, const char *map, size_t size, size_t body,
                               const je_csv *hdr, int nparts, je_error *err)
{
    size_t cut[MAX_PARTS + 1];
    long first_line[MAX_PARTS];
    cut[0] = body;
    for (int k = 1; k < nparts; k++) {
        size_t at = body + (size - body) / (size_t)nparts * (size_t)k;
        if (at < cut[k - 1])
            at = cut[k - 1];
        const char *nl = memchr(map + at, '\n', size - at);
        cut[k] = nl ? (size_t)(nl - map) + 1 : size;
    }
    cut[nparts] = size;
    reader parts[MAX_PARTS];
    memset(parts, 0, sizeof parts);
    je_status status[MAX_PARTS];
    je_error errs[MAX_PARTS];
    long newlines[MAX_PARTS];
    int ok = 1;
    for (int k = 0; k < nparts; k++) {
        if (k == 0)
            parts[0] = *r;
        else if (!reader_init(&parts[k], r->cols, r->offset_s))
            ok = 0;
        status[k] = JE_OK;
    }
    if (!ok) {
        for (int k = 1; k < nparts; k++)
            reader_free(&parts[k]);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    /* Line numbers: each part starts after the newlines of the parts before it. */
#pragma omp parallel for schedule(static, 1)
    for (int k = 0; k < nparts; k++) {
        long n = 0;
        for (const char *p = map + cut[k], *end = map + cut[k + 1];
             (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
            n++;
        newlines[k] = n;
    }
    first_line[0] = 2;
    for (int k = 1; k < nparts; k++)
        first_line[k] = first_line[k - 1] + newlines[k - 1];
#pragma omp parallel for schedule(static, 1)
    for (int k = 0; k < nparts; k++) {
        je_csv *part;
        status[k] = je_csv_open_part(map + cut[k], cut[k + 1] - cut[k], hdr, first_line[k], &part,
                                     &errs[k]);
        if (status[k] == JE_OK) {
            if (k == 0) /* parts are of equal size: the first one's progress stands for all */
                je_csv_on_progress(part, cli_progress, c);
            status[k] = read_rows(&parts[k], part, &errs[k]);
            je_csv_close(part);
        }
    }
    je_status st = JE_OK;
    for (int k = 0; k < nparts; k++)
        if (status[k] != JE_OK && st == JE_OK) {
            st = status[k];
            *err = errs[k];
        }
    for (int k = 1; k < nparts; k++) {
        if (st == JE_OK)
            merge(&parts[0], &parts[k], je_csv_path(hdr));
        reader_free(&parts[k]);
    }
    *r = parts[0];
    if (st == JE_OK && r->nomem)
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    return st;
}

/* Map `path` when it is a large regular file without quotes; NULL otherwise (the
 * caller then streams it). */
static const char *map_file(const char *path, size_t *size)
{
    if (strcmp(path, "-") == 0 || max_parts() < 2)
        return NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    const char *map = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size >= PARALLEL_MIN_BYTES) {
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m != MAP_FAILED) {
            map = m;
            *size = (size_t)st.st_size;
            /* A quoted field may hold a newline: cutting at line ends is then unsafe. */
            if (memchr(map, '"', *size) != NULL) {
                munmap(m, *size);
                map = NULL;
            }
        }
    }
    close(fd);
    return map;
}

int air_daily_from_csv(cli *c, const char *path, int32_t utc_offset_s, const je_aq_daily_opts *opts)
{
    size_t size = 0;
    const char *map = map_file(path, &size);
    je_csv *csv;
    je_error err;
    je_status st =
        map ? je_csv_open_mem(map, size, path, &csv, &err) : je_csv_open(path, &csv, &err);
    if (st != JE_OK) {
        if (map)
            munmap((void *)(uintptr_t)map, size);
        return cli_fail(c, st, &err);
    }
    columns cols;
    reader r;
    if (!reader_init(&r, &cols, utc_offset_s)) {
        je_csv_close(csv);
        if (map)
            munmap((void *)(uintptr_t)map, size);
        return cli_fail(c, JE_ENOMEM, NULL);
    }
    int code = EXIT_OK;
    if ((st = je_csv_read_header(csv, &err)) != JE_OK) {
        if (st != JE_EDATA)
            code = cli_fail(c, st, &err);
        else
            je_diag_add(&r.diag, &err);
    } else if (header(&cols, &r.diag, csv)) {
        const char *nl = map ? memchr(map, '\n', size) : NULL;
        if (nl) {
            st = read_parallel(c, &r, map, size, (size_t)(nl - map) + 1, csv, max_parts(), &err);
            cli_progress_done(c);
        } else {
            je_csv_on_progress(csv, cli_progress, c);
            st = read_rows(&r, csv, &err);
            cli_progress_done(c);
        }
        if (st != JE_OK)
            code = cli_fail(c, st, &err);
    }
    je_csv_close(csv);
    if (map)
        munmap((void *)(uintptr_t)map, size);
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
