/*
 * audit_log.c — reading, verifying and exporting the audit log, per-record entries
 * with JSON snapshots, and the content hash of observation batches.
 *
 * Per record vs per batch: a registry record (a section, a station, a user …) is
 * logged with its JSON before and after, so its history reads on its own. Bulk
 * observations (millions of rows) are logged once per import batch; the batch's
 * entry carries a BLAKE2b-256 over the rows it wrote, in key order, so a changed
 * value is still found (je_audit_verify recomputes it).
 */
#include "store/internal.h"

#include <jansson.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Observation tables whose batches carry a content hash. */
static const struct obs_table {
    const char *kind, *tbl, *site_key, *time_key;
} obs_tables[] = {
    {"water-samples", "water_sample", "section_id", "sampled_at"},
    {"air-hourly", "air_hourly", "station_id", "hour_at"},
    /* issue 9 (0011_ecology.sql): site = the parent record, time = the row id */
    {"dwc", "survey_occurrence", "event_ref", "id"},
    {"waste-data", "waste_value", "district_ref", "id"},
    {"forests", "forest_value", "unit_ref", "id"},
};
#define NOBS (sizeof obs_tables / sizeof obs_tables[0])

static const struct obs_table *obs_by_kind(const char *kind)
{
    for (size_t i = 0; kind && i < NOBS; i++)
        if (strcmp(obs_tables[i].kind, kind) == 0)
            return &obs_tables[i];
    return NULL;
}

/* ---- snapshots and per-record entries */

je_status je_audit_snapshot(je_db *db, const char *sql, const char *key, char **out, je_error *err)
{
    *out = NULL;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading a record for the audit log");
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(s);
        return rc == SQLITE_DONE ? JE_OK
                                 : je_db_fail(db, err, "reading a record for the audit log");
    }
    json_t *o = json_object();
    int n = sqlite3_column_count(s);
    for (int i = 0; o && i < n; i++) {
        json_t *v = NULL;
        switch (sqlite3_column_type(s, i)) {
        case SQLITE_INTEGER:
            v = json_integer((json_int_t)sqlite3_column_int64(s, i));
            break;
        case SQLITE_FLOAT:
            v = json_real(sqlite3_column_double(s, i));
            break;
        case SQLITE_TEXT:
            v = json_stringn((const char *)sqlite3_column_text(s, i),
                             (size_t)sqlite3_column_bytes(s, i));
            break;
        case SQLITE_BLOB: {
            size_t len = (size_t)sqlite3_column_bytes(s, i);
            char *hex = malloc(2 * len + 1);
            if (hex) {
                je_gov_hex(sqlite3_column_blob(s, i), len, hex);
                v = json_string(hex);
                free(hex);
            }
            break;
        }
        default:
            v = json_null();
        }
        if (v == NULL || json_object_set_new(o, sqlite3_column_name(s, i), v) != 0) {
            json_decref(o);
            o = NULL;
        }
    }
    sqlite3_finalize(s);
    *out = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (*out == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    return JE_OK;
}

je_status je_audit_record(je_db *db, const char *jurisdiction, const char *tbl, const char *key,
                          const char *action, const char *before, const char *sql, je_error *err)
{
    char *after = NULL;
    je_status st = sql ? je_audit_snapshot(db, sql, key, &after, err) : JE_OK;
    if (st == JE_OK)
        st = je_audit_append(db, jurisdiction, tbl, key, action, before, after, err);
    free(after);
    return st;
}

/* ---- content hash of an observation batch */

/* Rows are serialised into a buffer and hashed a buffer at a time: one
 * crypto_generichash_update per column would cost more than reading the rows. */
typedef struct rowbuf {
    crypto_generichash_state *h;
    unsigned char b[1 << 16];
    size_t n;
} rowbuf;

static void rb_flush(rowbuf *r)
{
    crypto_generichash_update(r->h, r->b, r->n);
    r->n = 0;
}

static void rb_add(rowbuf *r, const void *p, size_t n)
{
    if (r->n + n > sizeof r->b) {
        rb_flush(r);
        if (n > sizeof r->b) {
            crypto_generichash_update(r->h, p, n);
            return;
        }
    }
    memcpy(r->b + r->n, p, n);
    r->n += n;
}

static void rb_u64(rowbuf *r, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    rb_add(r, b, 8);
}

/* One column: a type byte, then the value (integer and real as 8 bytes LE, the
 * real's IEEE-754 bits; text and blob length-prefixed; null nothing). */
static void put_value(rowbuf *r, sqlite3_stmt *s, int i)
{
    unsigned char type = (unsigned char)sqlite3_column_type(s, i);
    rb_add(r, &type, 1);
    switch (type) {
    case SQLITE_INTEGER:
        rb_u64(r, (uint64_t)sqlite3_column_int64(s, i));
        break;
    case SQLITE_FLOAT: {
        double d = sqlite3_column_double(s, i);
        d = d == 0 ? 0.0 : d; /* one zero, as the importer hashes it */
        uint64_t bits;
        memcpy(&bits, &d, 8);
        rb_u64(r, bits);
        break;
    }
    case SQLITE_TEXT:
    case SQLITE_BLOB: {
        const void *p = type == SQLITE_TEXT ? (const void *)sqlite3_column_text(s, i)
                                            : sqlite3_column_blob(s, i);
        size_t n = (size_t)sqlite3_column_bytes(s, i);
        rb_u64(r, n);
        if (n)
            rb_add(r, p, n);
        break;
    }
    default:
        break;
    }
}

void je_batch_content_site(void *outer_state, int64_t site_id, const unsigned char digest[32])
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)((uint64_t)site_id >> (8 * i));
    crypto_generichash_update(outer_state, b, 8);
    crypto_generichash_update(outer_state, digest, 32);
}

je_status je_batch_content_hash(je_db *db, int64_t batch_id, const char *tbl, const char *site_key,
                                const char *time_key, char hex[65], int64_t *out_rows,
                                je_error *err)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT * FROM %s WHERE %s = ?1 AND %s BETWEEN ?2 AND ?3 AND batch_id = ?4"
             " ORDER BY %s",
             tbl, site_key, time_key, time_key);
    sqlite3_stmt *ext = NULL, *rows = NULL;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT site_id, t_min, t_max FROM batch_extent WHERE batch_id = ?1"
                           " AND tbl = ?2 ORDER BY site_id",
                           -1, &ext, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db->db, sql, -1, &rows, NULL) != SQLITE_OK) {
        sqlite3_finalize(ext);
        return je_db_fail(db, err, "hashing an import's rows");
    }
    crypto_generichash_state h, site;
    crypto_generichash_init(&h, NULL, 0, 32);
    rowbuf *rb = malloc(sizeof *rb);
    if (rb == NULL) {
        sqlite3_finalize(ext);
        sqlite3_finalize(rows);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    rb->h = &site;
    rb->n = 0;
    sqlite3_bind_int64(ext, 1, batch_id);
    sqlite3_bind_text(ext, 2, tbl, -1, SQLITE_STATIC);
    int64_t n = 0;
    int rc = SQLITE_DONE;
    while (sqlite3_step(ext) == SQLITE_ROW) {
        sqlite3_bind_int64(rows, 1, sqlite3_column_int64(ext, 0));
        sqlite3_bind_int64(rows, 2, sqlite3_column_int64(ext, 1));
        sqlite3_bind_int64(rows, 3, sqlite3_column_int64(ext, 2));
        sqlite3_bind_int64(rows, 4, batch_id);
        int cols = sqlite3_column_count(rows);
        int64_t site_rows = 0;
        crypto_generichash_init(&site, NULL, 0, 32);
        while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
            for (int i = 0; i < cols; i++)
                put_value(rb, rows, i);
            site_rows++;
        }
        sqlite3_reset(rows);
        if (rc != SQLITE_DONE)
            break;
        rb_flush(rb);
        if (site_rows > 0) { /* a site whose rows all went to later batches adds nothing */
            unsigned char d[32];
            crypto_generichash_final(&site, d, 32);
            je_batch_content_site(&h, sqlite3_column_int64(ext, 0), d);
        }
        n += site_rows;
    }
    sqlite3_finalize(ext);
    sqlite3_finalize(rows);
    free(rb);
    if (rc != SQLITE_DONE)
        return je_db_fail(db, err, "hashing an import's rows");
    unsigned char out[32];
    crypto_generichash_final(&h, out, 32);
    je_gov_hex(out, 32, hex);
    if (out_rows)
        *out_rows = n;
    return JE_OK;
}

/* ---- reading the log */

static void read_entry(sqlite3_stmt *s, je_audit_entry *e)
{
    memset(e, 0, sizeof *e);
    e->seq = sqlite3_column_int64(s, 0);
    e->at = sqlite3_column_int64(s, 1);
    je_db_copy_text(e->actor, sizeof e->actor, s, 2);
    je_db_copy_text(e->jurisdiction, sizeof e->jurisdiction, s, 3);
    je_db_copy_text(e->tbl, sizeof e->tbl, s, 4);
    je_db_copy_text(e->record_key, sizeof e->record_key, s, 5);
    je_db_copy_text(e->action, sizeof e->action, s, 6);
    if (sqlite3_column_type(s, 7) != SQLITE_NULL)
        e->before = strdup((const char *)sqlite3_column_text(s, 7));
    if (sqlite3_column_type(s, 8) != SQLITE_NULL)
        e->after = strdup((const char *)sqlite3_column_text(s, 8));
    if (sqlite3_column_bytes(s, 9) == 32)
        memcpy(e->prev_hash, sqlite3_column_blob(s, 9), 32);
    if (sqlite3_column_bytes(s, 10) == 32)
        memcpy(e->hash, sqlite3_column_blob(s, 10), 32);
}

#define ENTRY_COLS                                                                                 \
    "seq, at, actor, jurisdiction, tbl, record_key, action, before, after,"                        \
    " prev_hash, hash"

void je_audit_entries_free(je_audit_entry *e, size_t n)
{
    for (size_t i = 0; e && i < n; i++) {
        free(e[i].before);
        free(e[i].after);
    }
    free(e);
}

je_status je_audit_entries(je_db *db, const char *tbl, const char *key, int64_t from_seq,
                           je_audit_entry **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    je_status st = je_db_may(db, JE_GOV_READ, NULL, 0, "the audit log", err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT " ENTRY_COLS " FROM audit_log WHERE seq >= ?1"
                           " AND (?2 IS NULL OR tbl = ?2) AND (?3 IS NULL OR record_key = ?3)"
                           " ORDER BY seq",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading the audit log");
    sqlite3_bind_int64(s, 1, from_seq);
    if (tbl)
        sqlite3_bind_text(s, 2, tbl, -1, SQLITE_STATIC);
    if (key)
        sqlite3_bind_text(s, 3, key, -1, SQLITE_STATIC);
    size_t n = 0, cap = 0;
    je_audit_entry *v = NULL;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? 2 * cap : 64;
            je_audit_entry *nv = realloc(v, ncap * sizeof *v);
            if (nv == NULL) {
                st = JE_ENOMEM;
                break;
            }
            v = nv;
            cap = ncap;
        }
        read_entry(s, &v[n++]);
    }
    sqlite3_finalize(s);
    if (st == JE_OK && rc != SQLITE_DONE)
        st = je_db_fail(db, err, "reading the audit log");
    if (st != JE_OK) {
        je_audit_entries_free(v, n);
        return st == JE_ENOMEM ? je_error_set(err, st, "out of memory") : st;
    }
    *out = v;
    *out_n = n;
    return JE_OK;
}

/* ---- verification */

typedef struct batch_claim {
    int64_t id;
    const struct obs_table *t;
    char content[65]; /* "" = a batch from before content hashes */
    int64_t rows;
} batch_claim;

static int broken(je_audit_report *rep, int64_t seq, const char *fmt, ...) JE_PRINTF(3, 4);
static int broken(je_audit_report *rep, int64_t seq, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rep->problem, sizeof rep->problem, fmt, ap);
    va_end(ap);
    rep->ok = 0;
    rep->bad_seq = seq;
    return 0;
}

/* The latest claim of each observation batch (an import, or a later update after
 * another batch replaced some of its rows). */
static int note_claim(batch_claim **v, size_t *n, size_t *cap, const je_audit_entry *e)
{
    if (strcmp(e->tbl, "import_batch") != 0 || e->after == NULL)
        return 1;
    json_t *j = json_loads(e->after, 0, NULL);
    if (j == NULL)
        return 1;
    const struct obs_table *t = obs_by_kind(json_string_value(json_object_get(j, "kind")));
    if (t) {
        int64_t id = strtoll(e->record_key, NULL, 10);
        size_t i = 0;
        while (i < *n && (*v)[i].id != id)
            i++;
        if (i == *n) {
            if (*n == *cap) {
                size_t ncap = *cap ? 2 * *cap : 64;
                batch_claim *nv = realloc(*v, ncap * sizeof *nv);
                if (nv == NULL) {
                    json_decref(j);
                    return 0;
                }
                *v = nv;
                *cap = ncap;
            }
            (*n)++;
        }
        batch_claim *c = &(*v)[i];
        c->id = id;
        c->t = t;
        const char *h = json_string_value(json_object_get(j, "content"));
        snprintf(c->content, sizeof c->content, "%s", h ? h : "");
        c->rows = (int64_t)json_integer_value(json_object_get(j, "content_rows"));
    }
    json_decref(j);
    return 1;
}

static je_status walk_chain(je_db *db, je_audit_report *rep, batch_claim **claims, size_t *nc,
                            je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, "SELECT " ENTRY_COLS " FROM audit_log ORDER BY seq", -1, &s,
                           NULL) != SQLITE_OK)
        return je_db_fail(db, err, "reading the audit log");
    unsigned char prev[32] = {0};
    int64_t expect = 1;
    size_t cap = 0;
    int rc;
    je_status st = JE_OK;
    while (rep->ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        je_audit_entry e;
        read_entry(s, &e);
        unsigned char h[32];
        je_audit_entry_hash(e.prev_hash, e.seq, e.at, e.actor,
                            sqlite3_column_type(s, 3) == SQLITE_NULL ? NULL : e.jurisdiction, e.tbl,
                            e.record_key, e.action, e.before, e.after, h);
        if (e.seq != expect)
            broken(rep, expect,
                   "audit entry %lld is missing: the log jumps from %lld to %lld (an entry was "
                   "deleted)",
                   (long long)expect, (long long)expect - 1, (long long)e.seq);
        else if (sodium_memcmp(e.prev_hash, prev, 32) != 0)
            broken(rep, e.seq,
                   "audit entry %lld does not follow entry %lld (its prev_hash is not that "
                   "entry's hash): an entry was inserted, deleted or reordered here",
                   (long long)e.seq, (long long)e.seq - 1);
        else if (sodium_memcmp(h, e.hash, 32) != 0)
            broken(rep, e.seq,
                   "audit entry %lld was altered: its content (%s %s %s by %s) does not match "
                   "its hash",
                   (long long)e.seq, e.action, e.tbl, e.record_key, e.actor);
        else if (!note_claim(claims, nc, &cap, &e))
            st = je_error_set(err, JE_ENOMEM, "out of memory");
        memcpy(prev, e.hash, 32);
        expect = e.seq + 1;
        rep->entries++;
        free(e.before);
        free(e.after);
        if (st != JE_OK)
            break;
    }
    sqlite3_finalize(s);
    return st;
}

/* Every import batch has its entry (a cut tail of the log loses them). */
static je_status check_batches_logged(je_db *db, je_audit_report *rep, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT id FROM import_batch WHERE CAST(id AS TEXT) NOT IN"
                           " (SELECT record_key FROM audit_log WHERE tbl = 'import_batch'"
                           " AND action = 'import') ORDER BY id LIMIT 1",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "verifying the audit log");
    if (sqlite3_step(s) == SQLITE_ROW)
        broken(rep, 0,
               "import batch %lld has no audit entry: entries were removed from the end of "
               "the log",
               (long long)sqlite3_column_int64(s, 0));
    sqlite3_finalize(s);
    return JE_OK;
}

static je_status check_contents(je_db *db, je_audit_report *rep, const batch_claim *c, size_t n,
                                je_error *err)
{
    int64_t claimed[NOBS] = {0};
    int legacy[NOBS] = {0};
    for (size_t i = 0; i < n && rep->ok; i++) {
        size_t k = (size_t)(c[i].t - obs_tables);
        if (c[i].content[0] == '\0') {
            legacy[k] = 1;
            continue;
        }
        char hex[65];
        int64_t rows = 0;
        je_status st = je_batch_content_hash(db, c[i].id, c[i].t->tbl, c[i].t->site_key,
                                             c[i].t->time_key, hex, &rows, err);
        if (st != JE_OK)
            return st;
        rep->batches++;
        claimed[k] += c[i].rows;
        if (strcmp(hex, c[i].content) != 0)
            broken(rep, 0,
                   "the %s rows of import batch %lld were changed after the import (%lld rows "
                   "now, %lld recorded; their content hash differs)",
                   c[i].t->tbl, (long long)c[i].id, (long long)rows, (long long)c[i].rows);
    }
    for (size_t k = 0; k < NOBS && rep->ok; k++) {
        if (legacy[k])
            continue;
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", obs_tables[k].tbl);
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
            return je_db_fail(db, err, "verifying the audit log");
        int64_t have = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        sqlite3_finalize(s);
        if (have != claimed[k])
            broken(rep, 0,
                   "table %s holds %lld rows but its imports wrote %lld: rows were added or "
                   "removed outside an import",
                   obs_tables[k].tbl, (long long)have, (long long)claimed[k]);
    }
    return JE_OK;
}

je_status je_audit_verify(je_db *db, je_audit_report *rep, je_error *err)
{
    memset(rep, 0, sizeof *rep);
    rep->ok = 1;
    je_status st = je_db_may(db, JE_GOV_READ, NULL, 0, "the audit log", err);
    if (st != JE_OK)
        return st;
    /* one read transaction: a consistent picture while others write */
    if ((st = je_db_exec(db, "BEGIN", err)) != JE_OK)
        return st;
    batch_claim *claims = NULL;
    size_t nc = 0;
    st = walk_chain(db, rep, &claims, &nc, err);
    if (st == JE_OK && rep->ok)
        st = check_batches_logged(db, rep, err);
    if (st == JE_OK && rep->ok)
        st = check_contents(db, rep, claims, nc, err);
    free(claims);
    sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL);
    if (st == JE_OK && rep->ok)
        snprintf(rep->problem, sizeof rep->problem,
                 "%lld entries chained correctly; %lld import batches' rows match",
                 (long long)rep->entries, (long long)rep->batches);
    return st;
}

/* ---- keys and bundles */

je_status je_audit_key_register(je_db *db, const char *jurisdiction, const unsigned char pk[32],
                                je_error *err)
{
    char what[64];
    snprintf(what, sizeof what, "the signing key of %s", jurisdiction);
    je_status st = je_db_may(db, JE_GOV_ADMIN, jurisdiction, 0, what, err);
    if (st != JE_OK)
        return st;
    if ((st = je_db_exec(db, "BEGIN IMMEDIATE", err)) != JE_OK)
        return st;
    static const char sql[] = "SELECT jurisdiction, public_key, registered_at, registered_by"
                              " FROM signing_key WHERE jurisdiction = ?1";
    char *before = NULL;
    st = je_audit_snapshot(db, sql, jurisdiction, &before, err);
    sqlite3_stmt *s = NULL;
    if (st == JE_OK &&
        sqlite3_prepare_v2(db->db,
                           "INSERT INTO signing_key(jurisdiction, public_key, registered_at,"
                           " registered_by) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(jurisdiction)"
                           " DO UPDATE SET public_key = ?2, registered_at = ?3,"
                           " registered_by = ?4",
                           -1, &s, NULL) != SQLITE_OK)
        st = je_db_fail(db, err, "registering a key");
    if (st == JE_OK) {
        sqlite3_bind_text(s, 1, jurisdiction, -1, SQLITE_STATIC);
        sqlite3_bind_blob(s, 2, pk, 32, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, je_db_now());
        sqlite3_bind_text(s, 4, db->actor, -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE)
            st = je_db_fail(db, err, "registering a key");
    }
    sqlite3_finalize(s);
    if (st == JE_OK)
        st = je_audit_record(db, jurisdiction, "signing_key", jurisdiction,
                             before ? "update" : "insert", before, sql, err);
    free(before);
    if (st == JE_OK)
        st = je_db_exec(db, "COMMIT", err);
    if (st != JE_OK)
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

typedef struct buf {
    char *p;
    size_t n, cap;
    int nomem;
} buf;

static void buf_add(buf *b, const char *s)
{
    size_t len = strlen(s);
    if (b->nomem)
        return;
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + len + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (np == NULL) {
            b->nomem = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, len + 1);
    b->n += len;
}

static void buf_json(buf *b, json_t *j)
{
    char *t = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    if (t == NULL) {
        b->nomem = 1;
        return;
    }
    buf_add(b, t);
    buf_add(b, "\n");
    free(t);
}

static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

je_status je_audit_export(je_db *db, int64_t from_seq, const unsigned char sk[64], char **out,
                          size_t *out_len, je_error *err)
{
    *out = NULL;
    *out_len = 0;
    if (from_seq < 1)
        from_seq = 1;
    sqlite3_stmt *s;
    char signer[16] = "";
    if (sqlite3_prepare_v2(db->db, "SELECT jurisdiction FROM signing_key WHERE public_key = ?", -1,
                           &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "exporting the audit log");
    sqlite3_bind_blob(s, 1, sk + 32, 32, SQLITE_STATIC); /* libsodium: sk = seed || pk */
    if (sqlite3_step(s) == SQLITE_ROW)
        je_db_copy_text(signer, sizeof signer, s, 0);
    sqlite3_finalize(s);
    if (signer[0] == '\0')
        return je_error_set(err, JE_EPERM,
                            "this secret key's public key is not registered in the database "
                            "(jointenv audit keygen --jurisdiction J registers it)");
    je_audit_entry *e = NULL;
    size_t n = 0;
    je_status st = je_audit_entries(db, NULL, NULL, from_seq, &e, &n, err);
    if (st != JE_OK)
        return st;
    unsigned char prev[32] = {0};
    if (n > 0)
        memcpy(prev, e[0].prev_hash, 32);
    char ph[65], hh[65];
    je_gov_hex(prev, 32, ph);
    je_gov_hex(n ? e[n - 1].hash : prev, 32, hh);
    buf b = {0};
    buf_json(&b,
             json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:I, s:I}", "format",
                       "jointenv-audit-bundle/1", "signer", signer, "from_seq",
                       (json_int_t)from_seq, "to_seq",
                       (json_int_t)(n ? e[n - 1].seq : from_seq - 1), "prev_hash", ph, "head_hash",
                       hh, "entries", (json_int_t)n, "exported_at", (json_int_t)je_db_now()));
    for (size_t i = 0; i < n; i++) {
        char p2[65], h2[65];
        je_gov_hex(e[i].prev_hash, 32, p2);
        je_gov_hex(e[i].hash, 32, h2);
        buf_json(&b, json_pack("{s:I, s:I, s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:s, s:s}", "seq",
                               (json_int_t)e[i].seq, "at", (json_int_t)e[i].at, "actor", e[i].actor,
                               "jurisdiction",
                               e[i].jurisdiction[0] ? json_string(e[i].jurisdiction) : json_null(),
                               "tbl", e[i].tbl, "record_key", e[i].record_key, "action",
                               e[i].action, "before", text_or_null(e[i].before), "after",
                               text_or_null(e[i].after), "prev_hash", p2, "hash", h2));
    }
    je_audit_entries_free(e, n);
    if (!b.nomem) {
        unsigned char sig[crypto_sign_BYTES];
        char line[2 * crypto_sign_BYTES + 32], hex[2 * crypto_sign_BYTES + 1];
        crypto_sign_detached(sig, NULL, (const unsigned char *)b.p, b.n, sk);
        je_gov_hex(sig, sizeof sig, hex);
        snprintf(line, sizeof line, "{\"signature\":\"%s\"}\n", hex);
        buf_add(&b, line);
    }
    if (b.nomem) {
        free(b.p);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    *out = b.p;
    *out_len = b.n;
    return JE_OK;
}
