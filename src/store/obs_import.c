/*
 * obs_import.c — importing site observations (water samples, hourly air values) in
 * wide and long layouts; each kind is an obs_kind (obs.h) naming its columns, items,
 * units, checks and flags.
 *
 * Storage is one row per (site, time) with a column per item, so a wide file row
 * is one INSERT (the import's fast path). A key that already exists takes the slow
 * path: read the stored row, decide per item whether it is a duplicate within this
 * file (always an error), a value already in the database (an error unless
 * --replace), or a new item for that sample (merged), then UPDATE.
 * To tell "written earlier by this same file" from "already in the database", a row
 * whose batch_id is this import's was written by this file, entirely, unless the slow
 * path merged into it — those keys are remembered with the items this file wrote.
 */
#include "store/obs.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- keys this import merged into: (section id, time) → items written by this file */
typedef struct touched_slot {
    int64_t sid, t;
    uint32_t mask;
    int used;
} touched_slot;

typedef struct touched {
    touched_slot *s;
    size_t cap, n;
} touched;

static size_t touched_hash(int64_t sid, int64_t t, size_t cap)
{
    uint64_t h = (uint64_t)sid * 0x9E3779B97F4A7C15ull ^ (uint64_t)t * 0xC2B2AE3D27D4EB4Full;
    return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static touched_slot *touched_find(touched *m, int64_t sid, int64_t t)
{
    if (m->cap == 0)
        return NULL;
    for (size_t i = touched_hash(sid, t, m->cap);; i = (i + 1) & (m->cap - 1)) {
        touched_slot *x = &m->s[i];
        if (!x->used || (x->sid == sid && x->t == t))
            return x;
    }
}

static int touched_put(touched *m, int64_t sid, int64_t t, uint32_t mask)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 256;
        touched bigger = {calloc(cap, sizeof(touched_slot)), cap, 0};
        if (bigger.s == NULL)
            return 0;
        for (size_t i = 0; i < m->cap; i++)
            if (m->s[i].used) {
                *touched_find(&bigger, m->s[i].sid, m->s[i].t) = m->s[i];
                bigger.n++;
            }
        free(m->s);
        *m = bigger;
    }
    touched_slot *x = touched_find(m, sid, t);
    if (!x->used)
        m->n++;
    *x = (touched_slot){sid, t, mask, 1};
    return 1;
}

/* ---- import state */
typedef struct obs_sample {
    double value[OBS_MAX_ITEMS];
    uint32_t bdl_mask, invalid_mask;
} obs_sample;

typedef struct site_ref {
    int64_t id;
    int32_t offset_s;
    int checked;          /* may the actor write it (asked once per site) */
    int64_t t_min, t_max; /* the times this import wrote (batch_extent) */
    int64_t rows, last_t; /* rows inserted and the last one's time (content hash) */
    char owner[16];
} site_ref;

typedef struct importer {
    je_batch b;
    je_db *db;
    const obs_kind *k;
    je_strmap *codes; /* site code → index into refs */
    site_ref *refs;
    sqlite3_stmt *ins, *sel, *upd;
    uint32_t ins_bound; /* items bound to a value in `ins` (see bind_sample) */
    /* parse_key's cache: the last site code and time text of this site */
    char last_site[64], last_time[40];
    size_t last_site_len, last_tlen;
    int64_t last_ix, last_t;
    int last_item;
    touched merged;
    int nomem;
    /* The batch's content hash (audit_log.c) computed while inserting: one BLAKE2b
       state per site, valid while every row is a plain insert in time order per
       site (else the batch re-reads its rows at the end). */
    crypto_generichash_state *site_hash;
    int stream_ok;
    je_status denied; /* JE_EPERM: a site the actor may not write (message in why) */
    je_error why;
    int64_t now;
    uint32_t all; /* mask of every item */
    /* wide layout */
    int long_layout;
    int c_site, c_time;
    int c_item[OBS_MAX_ITEMS], c_flag[OBS_MAX_ITEMS];
    char unit[OBS_MAX_ITEMS][24];
    /* long layout */
    int c_code, c_value, c_unit, c_flagcol;
} importer;

/* What a row (wide) or a group of consecutive rows (long) contributes. */
typedef struct pending {
    int active;
    int64_t sid, t;
    size_t ref;
    obs_sample s;
    uint32_t present;
    long line[OBS_MAX_ITEMS], col[OBS_MAX_ITEMS]; /* long layout: where each value is */
    int wide_col[OBS_MAX_ITEMS]; /* wide layout: the value's field in the current row */
    char site[64], time[40];
} pending;

static void reject_at(importer *im, long line, long col, const char *field, const char *fmt, ...)
    JE_PRINTF(5, 6);

static void reject_at(importer *im, long line, long col, const char *field, const char *fmt, ...)
{
    je_error e;
    va_list ap;
    va_start(ap, fmt);
    je_error_vset(&e, JE_EDATA, fmt, ap);
    va_end(ap);
    snprintf(e.path, sizeof e.path, "%s", im->b.path);
    snprintf(e.field, sizeof e.field, "%s", field ? field : "");
    e.line = line;
    e.column = col;
    if (je_batch_reject(&im->b, &e) != JE_OK)
        im->nomem = 1;
}

static void reject_field(importer *im, int col, const char *fmt, ...) JE_PRINTF(3, 4);

static void reject_field(importer *im, int col, const char *fmt, ...)
{
    char msg[JE_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    je_error e;
    je_csv_error(im->b.csv, (size_t)col, &e, "%s", msg);
    if (je_batch_reject(&im->b, &e) != JE_OK)
        im->nomem = 1;
}

static const char *fieldp(importer *im, int col)
{
    return je_csv_field(im->b.csv, (size_t)col);
}

static const char *code_of(const importer *im, int i)
{
    return im->k->item_code(i);
}

static je_status load_sites(importer *im, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(im->db->db, im->k->sites_sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(im->db, err, "reading sites");
    size_t n = 0, cap = 64;
    im->refs = malloc(cap * sizeof *im->refs);
    if (im->refs == NULL || je_strmap_new(64, &im->codes) != JE_OK) {
        sqlite3_finalize(s);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (n == cap) {
            site_ref *r = realloc(im->refs, 2 * cap * sizeof *r);
            if (r == NULL) {
                sqlite3_finalize(s);
                return je_error_set(err, JE_ENOMEM, "out of memory");
            }
            im->refs = r;
            cap *= 2;
        }
        im->refs[n] = (site_ref){sqlite3_column_int64(s, 1),
                                 sqlite3_column_int(s, 2),
                                 0,
                                 INT64_MAX,
                                 INT64_MIN,
                                 0,
                                 0,
                                 ""};
        je_db_copy_text(im->refs[n].owner, sizeof im->refs[n].owner, s, 3);
        if (je_strmap_put(im->codes, (const char *)sqlite3_column_text(s, 0), (int64_t)n) !=
            JE_OK) {
            sqlite3_finalize(s);
            return je_error_set(err, JE_ENOMEM, "out of memory");
        }
        n++;
    }
    sqlite3_finalize(s);
    return JE_OK;
}

static void append(char *buf, size_t size, const char *fmt, ...) JE_PRINTF(3, 4);

static void append(char *buf, size_t size, const char *fmt, ...)
{
    size_t n = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, size - n, fmt, ap);
    va_end(ap);
}

static je_status prepare(importer *im, je_error *err)
{
    const obs_kind *k = im->k;
    char cols[1024] = "", marks[256] = "", sets[1024] = "";
    for (int i = 0; i < k->nitems; i++) {
        append(cols, sizeof cols, ", %s%s", k->value_prefix, code_of(im, i));
        append(marks, sizeof marks, ", ?%d", i + 3);
        append(sets, sizeof sets, "%s%s%s = ?%d", i ? ", " : "", k->value_prefix, code_of(im, i),
               i + 3);
    }
    /* Parameters after the values: [bdl_mask,] invalid_mask, batch_id. */
    int m = k->nitems + 3;
    char masks_c[64], masks_v[64], masks_s[96];
    if (k->has_bdl) {
        snprintf(masks_c, sizeof masks_c, "bdl_mask, invalid_mask");
        snprintf(masks_v, sizeof masks_v, "?%d, ?%d", m, m + 1);
        snprintf(masks_s, sizeof masks_s, "bdl_mask = ?%d, invalid_mask = ?%d", m, m + 1);
        m += 2;
    } else {
        snprintf(masks_c, sizeof masks_c, "invalid_mask");
        snprintf(masks_v, sizeof masks_v, "?%d", m);
        snprintf(masks_s, sizeof masks_s, "invalid_mask = ?%d", m);
        m += 1;
    }
    char sql[4096];
    snprintf(sql, sizeof sql, "INSERT INTO %s(%s, %s%s, %s, batch_id) VALUES (?1, ?2%s, %s, ?%d)",
             k->table, k->site_key, k->time_key, cols, masks_c, marks, masks_v, m);
    if (sqlite3_prepare_v3(im->db->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &im->ins, NULL) !=
        SQLITE_OK)
        return je_db_fail(im->db, err, "preparing the import");
    snprintf(sql, sizeof sql, "SELECT %s, batch_id%s FROM %s WHERE %s = ?1 AND %s = ?2",
             k->has_bdl ? "bdl_mask, invalid_mask" : "0, invalid_mask", cols, k->table, k->site_key,
             k->time_key);
    if (sqlite3_prepare_v2(im->db->db, sql, -1, &im->sel, NULL) != SQLITE_OK)
        return je_db_fail(im->db, err, "preparing the import");
    snprintf(sql, sizeof sql, "UPDATE %s SET %s, %s, batch_id = ?%d WHERE %s = ?1 AND %s = ?2",
             k->table, sets, masks_s, m, k->site_key, k->time_key);
    if (sqlite3_prepare_v2(im->db->db, sql, -1, &im->upd, NULL) != SQLITE_OK)
        return je_db_fail(im->db, err, "preparing the import");
    return JE_OK;
}

/* Bind a sample. SQLite keeps bindings across sqlite3_reset, and parameters start
 * NULL, so with `bound` (the items currently bound to a value) only the items that
 * change are rebound: a file's absent items cost nothing per row. */
static void bind_sample(importer *im, sqlite3_stmt *w, int64_t sid, int64_t t, const obs_sample *s,
                        uint32_t *bound)
{
    int n = im->k->nitems;
    uint32_t dummy = im->all;
    if (bound == NULL)
        bound = &dummy;
    sqlite3_bind_int64(w, 1, sid);
    sqlite3_bind_int64(w, 2, t);
    for (int i = 0; i < n; i++) {
        uint32_t bit = 1u << i;
        if (!isnan(s->value[i])) {
            sqlite3_bind_double(w, i + 3, s->value[i]);
            *bound |= bit;
        } else if (*bound & bit) {
            sqlite3_bind_null(w, i + 3);
            *bound &= ~bit;
        }
    }
    int m = n + 3;
    if (im->k->has_bdl)
        sqlite3_bind_int64(w, m++, s->bdl_mask);
    sqlite3_bind_int64(w, m++, s->invalid_mask);
    sqlite3_bind_int64(w, m, im->b.id);
}

static uint32_t present_mask(const importer *im, const obs_sample *s)
{
    uint32_t m = 0;
    for (int i = 0; i < im->k->nitems; i++)
        if (!isnan(s->value[i]))
            m |= 1u << i;
    return m;
}

static void sample_clear(obs_sample *s)
{
    for (int i = 0; i < OBS_MAX_ITEMS; i++)
        s->value[i] = NAN;
    s->bdl_mask = s->invalid_mask = 0;
}

/* The slow path: the key exists. */
static je_status merge(importer *im, pending *p, je_error *err)
{
    const obs_kind *k = im->k;
    sqlite3_stmt *q = im->sel;
    sqlite3_bind_int64(q, 1, p->sid);
    sqlite3_bind_int64(q, 2, p->t);
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_reset(q);
        return je_db_fail(im->db, err, "importing observations");
    }
    obs_sample old;
    sample_clear(&old);
    old.bdl_mask = (uint32_t)sqlite3_column_int64(q, 0);
    old.invalid_mask = (uint32_t)sqlite3_column_int64(q, 1);
    int64_t batch = sqlite3_column_int64(q, 2);
    if (batch != im->b.id && !je_batch_replaced(&im->b, batch))
        return je_error_set(err, JE_ENOMEM, "out of memory");
    for (int i = 0; i < k->nitems; i++)
        old.value[i] =
            sqlite3_column_type(q, i + 3) == SQLITE_NULL ? NAN : sqlite3_column_double(q, i + 3);
    sqlite3_reset(q);
    uint32_t old_present = present_mask(im, &old);
    uint32_t mine = 0; /* items this file wrote to this key before */
    if (batch == im->b.id) {
        touched_slot *x = touched_find(&im->merged, p->sid, p->t);
        mine = x && x->used ? x->mask : old_present;
    }
    int bad = 0;
    for (int i = 0; i < k->nitems; i++) {
        uint32_t bit = 1u << i;
        if (!(p->present & bit))
            continue;
        const char *code = code_of(im, i);
        if (!im->long_layout)
            je_csv_field_pos(im->b.csv, (size_t)p->wide_col[i], &p->line[i], &p->col[i]);
        if (mine & bit) {
            reject_at(im, p->line[i], p->col[i], code,
                      "duplicate: %s at %s, item %s appears twice in this file", p->site, p->time,
                      code);
            bad = 1;
        } else if ((old_present & bit) && !im->b.opts->replace) {
            reject_at(im, p->line[i], p->col[i], code,
                      "duplicate: %s at %s already has a value for %s in the database "
                      "(use --replace to overwrite it)",
                      p->site, p->time, code);
            bad = 1;
        }
    }
    if (bad)
        return JE_OK;
    obs_sample m = old;
    for (int i = 0; i < k->nitems; i++)
        if (p->present & (1u << i))
            m.value[i] = p->s.value[i];
    m.bdl_mask = (old.bdl_mask & ~p->present) | (p->s.bdl_mask & p->present);
    m.invalid_mask = (old.invalid_mask & ~p->present) | (p->s.invalid_mask & p->present);
    bind_sample(im, im->upd, p->sid, p->t, &m, NULL);
    int rc = sqlite3_step(im->upd);
    sqlite3_reset(im->upd);
    if (rc != SQLITE_DONE)
        return je_db_fail(im->db, err, "importing observations");
    if (!touched_put(&im->merged, p->sid, p->t, mine | p->present))
        return je_error_set(err, JE_ENOMEM, "out of memory");
    im->b.rep->updated++;
    return JE_OK;
}

/* Hash an inserted row as je_batch_content_hash encodes what it reads back: per
 * column a type byte and the value (see audit_log.c). */
static void stream_row(importer *im, const pending *p)
{
    site_ref *r = &im->refs[p->ref];
    if (r->rows > 0 && p->t <= r->last_t) {
        im->stream_ok = 0; /* not in time order: re-read at the end */
        return;
    }
    unsigned char buf[16 + 9 * (OBS_MAX_ITEMS + 5)];
    size_t n = 0;
#define PUT_U64(type, v)                                                                           \
    do {                                                                                           \
        uint64_t u_ = (v);                                                                         \
        buf[n++] = (type);                                                                         \
        for (int k_ = 0; k_ < 8; k_++)                                                             \
            buf[n++] = (unsigned char)(u_ >> (8 * k_));                                            \
    } while (0)
    PUT_U64(SQLITE_INTEGER, (uint64_t)p->sid);
    PUT_U64(SQLITE_INTEGER, (uint64_t)p->t);
    for (int i = 0; i < im->k->nitems; i++) {
        double d = p->s.value[i];
        if (isnan(d)) {
            buf[n++] = SQLITE_NULL;
            continue;
        }
        uint64_t bits;
        d = d == 0 ? 0.0 : d; /* -0.0 reads back as 0.0 */
        memcpy(&bits, &d, 8);
        PUT_U64(SQLITE_FLOAT, bits);
    }
    if (im->k->has_bdl)
        PUT_U64(SQLITE_INTEGER, p->s.bdl_mask);
    PUT_U64(SQLITE_INTEGER, p->s.invalid_mask);
    PUT_U64(SQLITE_INTEGER, (uint64_t)im->b.id);
#undef PUT_U64
    if (r->rows == 0)
        crypto_generichash_init(&im->site_hash[p->ref], NULL, 0, 32);
    crypto_generichash_update(&im->site_hash[p->ref], buf, n);
    r->rows++;
    r->last_t = p->t;
}

static int by_site_id(const void *a, const void *b)
{
    const site_ref *x = *(const site_ref *const *)a, *y = *(const site_ref *const *)b;
    return (x->id > y->id) - (x->id < y->id);
}

/* The content hash from the per-site states (when stream_ok). */
static je_status stream_finish(importer *im, je_error *err)
{
    size_t n = je_strmap_count(im->codes), used = 0;
    const site_ref **order = malloc((n ? n : 1) * sizeof *order);
    if (order == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        if (im->refs[i].rows > 0)
            order[used++] = &im->refs[i];
    qsort(order, used, sizeof *order, by_site_id);
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    int64_t rows = 0;
    for (size_t i = 0; i < used; i++) {
        unsigned char d[32];
        crypto_generichash_final(&im->site_hash[order[i] - im->refs], d, 32);
        je_batch_content_site(&h, order[i]->id, d);
        rows += order[i]->rows;
    }
    free(order);
    unsigned char out[32];
    crypto_generichash_final(&h, out, 32);
    je_gov_hex(out, 32, im->b.content);
    im->b.content_rows = rows;
    return JE_OK;
}

/* Write one sample (fast path: INSERT; on a key conflict: merge). */
static je_status store(importer *im, pending *p, je_error *err)
{
    if (!p->active)
        return JE_OK;
    p->active = 0;
    bind_sample(im, im->ins, p->sid, p->t, &p->s, &im->ins_bound);
    int rc = sqlite3_step(im->ins);
    sqlite3_reset(im->ins);
    if (rc == SQLITE_DONE) {
        im->b.rep->inserted++;
        if (im->stream_ok)
            stream_row(im, p);
        return JE_OK;
    }
    im->stream_ok = 0;
    if ((sqlite3_extended_errcode(im->db->db)) == SQLITE_CONSTRAINT_PRIMARYKEY)
        return merge(im, p, err);
    return je_db_fail(im->db, err, "importing observations");
}

/* ---- parsing values */

static int parse_flag(importer *im, const char *f, uint32_t bit, obs_sample *s)
{
    if (f[0] == '\0')
        return 1;
    int bdl = 0, invalid = 0;
    if (!im->k->flag(f, &bdl, &invalid))
        return 0;
    if (bdl)
        s->bdl_mask |= bit;
    if (invalid)
        s->invalid_mask |= bit;
    return 1;
}

/* Parse one value cell into p (item i) at field `col`. Empty = not measured.
 * unit_col: the field a unit error points at (the unit column of a long file). */
static void take_value(importer *im, pending *p, int i, int col, const char *unit, int unit_col)
{
    const char *t = fieldp(im, col);
    size_t n = je_csv_field_len(im->b.csv, (size_t)col);
    while (n > 0 && (*t == ' ' || *t == '\t')) {
        t++;
        n--;
    }
    while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
        n--;
    if (n == 0)
        return;
    uint32_t bit = 1u << i;
    const char *code = code_of(im, i);
    /* Chinese monitoring reports write "0.01L" for "below the detection limit 0.01"
       (HJ 91.2 practice); "<0.01" is the same. */
    int bdl = 0;
    if (im->k->has_bdl) {
        if (t[0] == '<') {
            bdl = 1;
            t++;
            n--;
        } else if (n > 1 && (t[n - 1] == 'L' || t[n - 1] == 'l') && t[n - 2] != '/') {
            bdl = 1;
            n--;
        }
    }
    double v;
    if (je_parse_double(t, n, &v) != JE_OK) {
        reject_field(im, col, "%s: '%s' is not a number", code, fieldp(im, col));
        return;
    }
    if (unit && unit[0]) {
        je_error e;
        if (im->k->unit_convert(i, unit, strlen(unit), v, &v, &e) != JE_OK) {
            reject_field(im, unit_col, "%s", e.message);
            return;
        }
    }
    if (v < 0) {
        reject_field(im, col, "%s: negative value %s (concentrations cannot be negative)", code,
                     fieldp(im, col));
        return;
    }
    char why[160];
    if (im->k->check && !im->k->check(i, v, why, sizeof why)) {
        reject_field(im, col, "%s: %s %s", code, fieldp(im, col), why);
        return;
    }
    if (p->present & bit) {
        reject_field(im, col, "duplicate: item %s appears twice for %s in this file", code,
                     p->site);
        return;
    }
    p->s.value[i] = v;
    p->present |= bit;
    if (bdl)
        p->s.bdl_mask |= bit;
    /* Locations are computed only where they may still be needed after this row is
       gone (long layout groups rows); a wide row is stored while it is current. */
    if (im->long_layout)
        je_csv_field_pos(im->b.csv, (size_t)col, &p->line[i], &p->col[i]);
    else
        p->wide_col[i] = col;
}

/* Site and time of the current row. Consecutive rows usually repeat both (long
 * files hold one row per value), so the last lookup and the last parsed time are
 * reused when the text is the same. 0 (after rejecting the row) if either is bad. */
static int parse_key(importer *im, int64_t *out_sid, int64_t *out_t, size_t *out_ref)
{
    const obs_kind *k = im->k;
    const char *code = fieldp(im, im->c_site);
    size_t n = je_csv_field_len(im->b.csv, (size_t)im->c_site);
    int64_t ix;
    if (im->last_ix >= 0 && n == im->last_site_len && memcmp(code, im->last_site, n) == 0) {
        ix = im->last_ix;
    } else {
        if (!je_strmap_get(im->codes, code, n, &ix)) {
            reject_field(im, im->c_site, "unknown %s '%s' (import it first: %s)", k->site_col, code,
                         k->site_import);
            return 0;
        }
        /* Permission once per distinct site of the file, not per row. */
        if (!im->refs[ix].checked) {
            char what[160];
            snprintf(what, sizeof what, "%s rows of %s %.*s", k->what, k->site_col,
                     (int)(n < 64 ? n : 64), code);
            if (je_db_may(im->db, JE_GOV_WRITE, im->refs[ix].owner, 0, what, &im->why) != JE_OK) {
                im->denied = JE_EPERM;
                return 0;
            }
            im->refs[ix].checked = 1;
        }
        if (n < sizeof im->last_site) {
            memcpy(im->last_site, code, n);
            im->last_site_len = n;
            im->last_ix = ix;
            im->last_tlen = 0; /* the time cache is per site (its UTC offset) */
        }
    }
    const char *tt = fieldp(im, im->c_time);
    size_t tn = je_csv_field_len(im->b.csv, (size_t)im->c_time);
    int64_t t;
    if (ix == im->last_ix && tn > 0 && tn == im->last_tlen && memcmp(tt, im->last_time, tn) == 0) {
        t = im->last_t;
    } else {
        je_error e;
        int32_t off = im->refs[ix].offset_s;
        if (je_time_parse(tt, tn, off, &t, &e) != JE_OK) {
            reject_field(im, im->c_time, "%s: %s", k->time_col, e.message);
            return 0;
        }
        if (t > im->now + 86400) {
            reject_field(im, im->c_time, "%s '%s' is in the future", k->time_col, tt);
            return 0;
        }
        /* Hourly values are labelled by the hour they begin, on the local hour. */
        if (k->hourly && ((t + off) % 3600 + 3600) % 3600 != 0) {
            reject_field(im, im->c_time,
                         "%s '%s' is not on the hour (hourly values are labelled by the hour "
                         "they begin, e.g. 2022-01-01T08:00)",
                         k->time_col, tt);
            return 0;
        }
        if (ix == im->last_ix && tn < sizeof im->last_time) {
            memcpy(im->last_time, tt, tn);
            im->last_tlen = tn;
            im->last_t = t;
        }
    }
    site_ref *ref = &im->refs[ix];
    if (t < ref->t_min)
        ref->t_min = t;
    if (t > ref->t_max)
        ref->t_max = t;
    *out_sid = ref->id;
    *out_t = t;
    *out_ref = (size_t)ix;
    return 1;
}

/* Names for messages, copied from the current row. */
static void set_names(importer *im, pending *p)
{
    const char *code = fieldp(im, im->c_site);
    size_t n = je_csv_field_len(im->b.csv, (size_t)im->c_site);
    size_t tn = je_csv_field_len(im->b.csv, (size_t)im->c_time);
    if (n >= sizeof p->site)
        n = sizeof p->site - 1;
    if (tn >= sizeof p->time)
        tn = sizeof p->time - 1;
    memcpy(p->site, code, n);
    p->site[n] = '\0';
    memcpy(p->time, fieldp(im, im->c_time), tn);
    p->time[tn] = '\0';
}

static int take_key(importer *im, pending *p)
{
    if (!parse_key(im, &p->sid, &p->t, &p->ref))
        return 0;
    set_names(im, p);
    return 1;
}

static void pending_reset(pending *p)
{
    p->active = 1;
    p->present = 0;
    sample_clear(&p->s);
}

/* ---- header */

/* "nh3n", "nh3n[ug/L]", "nh3n (ug/L)", "nh3n_flag" → item, unit, is_flag. */
static int parse_column(const importer *im, const char *name, int *item, char *unit, size_t usize,
                        int *is_flag)
{
    char base[64];
    size_t n = strcspn(name, "[( ");
    if (n >= sizeof base)
        return 0;
    memcpy(base, name, n);
    base[n] = '\0';
    unit[0] = '\0';
    const char *u = name + n;
    while (*u == ' ')
        u++;
    if (*u == '[' || *u == '(') {
        char close = *u == '[' ? ']' : ')';
        const char *e = strchr(u + 1, close);
        if (e == NULL || e[1] != '\0' || (size_t)(e - u - 1) >= usize)
            return 0;
        memcpy(unit, u + 1, (size_t)(e - u - 1));
        unit[e - u - 1] = '\0';
    } else if (*u != '\0') {
        return 0;
    }
    *is_flag = 0;
    size_t bl = strlen(base);
    if (bl > 5 && strcasecmp(base + bl - 5, "_flag") == 0) {
        *is_flag = 1;
        base[bl - 5] = '\0';
        bl -= 5;
    }
    return im->k->item_find(base, bl, item);
}

static void known_items(const importer *im, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < im->k->nitems; i++)
        append(buf, size, "%s%s", i ? ", " : "", code_of(im, i));
}

static int header(importer *im)
{
    const obs_kind *k = im->k;
    je_csv *csv = im->b.csv;
    im->c_site = je_csv_column(csv, k->site_col);
    im->c_time = je_csv_column(csv, k->time_col);
    im->long_layout = je_csv_column(csv, k->item_col) >= 0;
    char long_form[160];
    snprintf(long_form, sizeof long_form, "%s,%s,%s,value[,unit][,flag]", k->site_col, k->time_col,
             k->item_col);
    int bad = 0;
    if (im->c_site < 0 || im->c_time < 0) {
        reject_at(im, 1, 1, NULL, "missing column '%s' in the header (a %s file starts with %s,%s)",
                  im->c_site < 0 ? k->site_col : k->time_col, k->what, k->site_col, k->time_col);
        bad = 1;
    }
    for (int i = 0; i < OBS_MAX_ITEMS; i++)
        im->c_item[i] = im->c_flag[i] = -1;
    im->c_code = im->c_value = im->c_unit = im->c_flagcol = -1;
    if (im->long_layout) {
        im->c_code = je_csv_column(csv, k->item_col);
        im->c_value = je_csv_column(csv, "value");
        im->c_unit = je_csv_column(csv, "unit");
        im->c_flagcol = je_csv_column(csv, "flag");
        if (im->c_value < 0) {
            reject_at(im, 1, 1, "value", "missing column 'value' (long layout: %s)", long_form);
            bad = 1;
        }
    }
    for (size_t c = 0; c < je_csv_ncolumns(csv); c++) {
        int ci = (int)c;
        if (ci == im->c_site || ci == im->c_time || ci == im->c_code || ci == im->c_value ||
            ci == im->c_unit || ci == im->c_flagcol)
            continue;
        const char *name = je_csv_column_name(csv, c);
        int item;
        char unit[24];
        int is_flag;
        long line, col;
        je_csv_field_pos(csv, c, &line, &col);
        if (im->long_layout) {
            reject_at(im, line, col, name, "unknown column '%s' (long layout: %s)", name,
                      long_form);
            bad = 1;
            continue;
        }
        if (!parse_column(im, name, &item, unit, sizeof unit, &is_flag)) {
            char list[256];
            known_items(im, list, sizeof list);
            reject_at(im, line, col, name,
                      "unknown column '%s' (not an item code; items: %s; flags: <item>_flag)", name,
                      list);
            bad = 1;
            continue;
        }
        if (is_flag) {
            im->c_flag[item] = ci;
            continue;
        }
        if (im->c_item[item] >= 0) {
            reject_at(im, line, col, name, "item %s has two columns", code_of(im, item));
            bad = 1;
            continue;
        }
        je_error e;
        double dummy;
        if (unit[0] && k->unit_convert(item, unit, strlen(unit), 1.0, &dummy, &e) != JE_OK) {
            reject_at(im, line, col, name, "%s", e.message);
            bad = 1;
            continue;
        }
        im->c_item[item] = ci;
        snprintf(im->unit[item], sizeof im->unit[item], "%s", unit);
    }
    for (int i = 0; i < k->nitems; i++)
        if (im->c_flag[i] >= 0 && im->c_item[i] < 0) {
            long line, col;
            je_csv_field_pos(csv, (size_t)im->c_flag[i], &line, &col);
            reject_at(im, line, col, code_of(im, i), "flag column %s_flag has no value column %s",
                      code_of(im, i), code_of(im, i));
            bad = 1;
        }
    return !bad;
}

/* ---- rows */

static je_status wide_row(importer *im, pending *p, je_error *err)
{
    size_t before = im->b.rep->errors.total;
    pending_reset(p);
    if (!take_key(im, p)) {
        p->active = 0;
        return JE_OK;
    }
    for (int i = 0; i < im->k->nitems; i++) {
        if (im->c_item[i] < 0)
            continue;
        take_value(im, p, i, im->c_item[i], im->unit[i], im->c_item[i]);
        if (im->c_flag[i] >= 0) {
            const char *f = fieldp(im, im->c_flag[i]);
            uint32_t bit = 1u << i;
            if (!parse_flag(im, f, bit, &p->s))
                reject_field(im, im->c_flag[i], "unknown flag '%s' (%s)", f, im->k->flag_help);
            else if ((p->s.bdl_mask & bit) && !(p->present & bit))
                reject_field(im, im->c_flag[i],
                             "flag '%s' without a value (give the detection limit as the value)",
                             f);
            else if ((p->s.invalid_mask & bit) && !(p->present & bit))
                p->s.invalid_mask &= ~bit; /* nothing measured: nothing to mark invalid */
        }
    }
    if (p->present == 0 && im->b.rep->errors.total == before && im->k->empty_rows_ok) {
        p->active = 0;
        return JE_OK;
    }
    if (p->present == 0 && im->b.rep->errors.total == before) {
        reject_at(im, je_csv_line(im->b.csv), 1, NULL, "no values in this row (%s at %s)", p->site,
                  p->time);
    }
    if (im->b.rep->errors.total != before) {
        p->active = 0;
        return JE_OK;
    }
    return store(im, p, err);
}

/* Item code of a long row. Files list items in a repeating order, so the item after
 * the previous one is tried first. */
static int find_item(importer *im, const char *code, size_t n, int *out)
{
    int guess = (im->last_item + 1) % im->k->nitems;
    const char *g = code_of(im, guess);
    if (strlen(g) == n && strncasecmp(g, code, n) == 0) {
        *out = guess;
    } else if (!im->k->item_find(code, n, out)) {
        return 0;
    }
    im->last_item = *out;
    return 1;
}

static je_status long_row(importer *im, pending *p, je_error *err)
{
    int64_t sid, t;
    size_t ref;
    if (!parse_key(im, &sid, &t, &ref))
        return JE_OK;
    je_status st;
    if (!p->active || sid != p->sid || t != p->t) {
        if ((st = store(im, p, err)) != JE_OK)
            return st;
        pending_reset(p);
        p->sid = sid;
        p->t = t;
        p->ref = ref;
        set_names(im, p);
    }
    const char *code = fieldp(im, im->c_code);
    int item;
    if (!find_item(im, code, je_csv_field_len(im->b.csv, (size_t)im->c_code), &item)) {
        char list[256];
        known_items(im, list, sizeof list);
        reject_field(im, im->c_code, "unknown %s '%s' (%ss: %s)", im->k->item_col, code,
                     im->k->item_col, list);
        return JE_OK;
    }
    const char *unit = im->c_unit >= 0 ? fieldp(im, im->c_unit) : "";
    size_t before = im->b.rep->errors.total;
    uint32_t bit = 1u << item, had = p->present;
    uint32_t bdl = p->s.bdl_mask, inv = p->s.invalid_mask;
    take_value(im, p, item, im->c_value, unit, im->c_unit);
    if (im->b.rep->errors.total != before)
        return JE_OK;
    if (!(p->present & ~had)) {
        reject_field(im, im->c_value, "empty value for %s", code);
        return JE_OK;
    }
    if (im->c_flagcol >= 0) {
        const char *f = fieldp(im, im->c_flagcol);
        if (!parse_flag(im, f, bit, &p->s)) {
            reject_field(im, im->c_flagcol, "unknown flag '%s' (%s)", f, im->k->flag_help);
            p->s.value[item] = NAN;
            p->s.bdl_mask = bdl;
            p->s.invalid_mask = inv;
            p->present = had;
        }
    }
    return JE_OK;
}

/* Where this import wrote, per site: what its content hash covers (audit_log.c). */
static je_status write_extents(importer *im, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(im->db->db,
                           "INSERT INTO batch_extent(batch_id, tbl, site_id, t_min, t_max)"
                           " VALUES (?, ?, ?, ?, ?)",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(im->db, err, "recording the import");
    size_t n = je_strmap_count(im->codes);
    int rc = SQLITE_DONE;
    for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
        const site_ref *r = &im->refs[i];
        if (r->t_min > r->t_max)
            continue;
        sqlite3_bind_int64(s, 1, im->b.id);
        sqlite3_bind_text(s, 2, im->k->table, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, r->id);
        sqlite3_bind_int64(s, 4, r->t_min);
        sqlite3_bind_int64(s, 5, r->t_max);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? JE_OK : je_db_fail(im->db, err, "recording the import");
}

je_status je_obs_import(je_db *db, const obs_kind *k, const char *path, const je_import_opts *opts,
                        je_import_report *rep, je_error *err)
{
    if (k->nitems <= 0 || k->nitems > OBS_MAX_ITEMS)
        return je_error_set(err, JE_EINTERNAL, "observation kind %s: bad item count", k->kind);
    importer *im = calloc(1, sizeof *im);
    pending *p = calloc(1, sizeof *p);
    if (im == NULL || p == NULL) {
        free(im);
        free(p);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    im->db = db;
    im->k = k;
    im->all = k->nitems == 32 ? UINT32_MAX : (1u << k->nitems) - 1;
    im->now = je_db_now();
    im->last_ix = -1;
    im->last_item = -1;
    je_status st = je_batch_begin(&im->b, db, k->kind, path, opts, rep, err);
    if (st != JE_OK) {
        free(im);
        free(p);
        return st;
    }
    im->b.obs_table = k->table;
    im->b.obs_site_key = k->site_key;
    im->b.obs_time_key = k->time_key;
    if ((st = load_sites(im, err)) != JE_OK || (st = prepare(im, err)) != JE_OK)
        goto end;
    im->site_hash = malloc((je_strmap_count(im->codes) + 1) * sizeof *im->site_hash);
    if (im->site_hash == NULL) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto end;
    }
    im->stream_ok = 1;
    je_error e;
    je_error_clear(&e);
    if ((st = je_csv_read_header(im->b.csv, &e)) != JE_OK) {
        if (st == JE_EDATA) {
            je_batch_reject(&im->b, &e);
            st = JE_OK;
        } else {
            st = je_error_set(err, st, "%s", e.message);
        }
        goto end;
    }
    if (!header(im))
        goto end;
    int has;
    while ((st = je_batch_next(&im->b, &has, err)) == JE_OK && has) {
        st = im->long_layout ? long_row(im, p, err) : wide_row(im, p, err);
        if (st != JE_OK)
            break;
        if (im->nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (im->denied) {
            st = im->denied;
            if (err)
                *err = im->why;
            break;
        }
    }
    if (st == JE_OK && im->long_layout)
        st = store(im, p, err);
    if (st == JE_OK && im->denied) {
        st = im->denied;
        if (err)
            *err = im->why;
    }
    if (st == JE_OK && rep->rows == 0 && rep->errors.total == 0)
        reject_at(im, 2, 1, NULL, "no data rows after the header");
    if (st == JE_OK && rep->errors.total == 0 && !im->b.opts->dry_run)
        st = write_extents(im, err);
    if (st == JE_OK && rep->errors.total == 0 && !im->b.opts->dry_run && im->stream_ok)
        st = stream_finish(im, err);
end:
    sqlite3_finalize(im->ins);
    sqlite3_finalize(im->sel);
    sqlite3_finalize(im->upd);
    st = je_batch_end(&im->b, st, err);
    je_strmap_free(im->codes);
    free(im->refs);
    free(im->site_hash);
    free(im->merged.s);
    free(im);
    free(p);
    return st;
}
