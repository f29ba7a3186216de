/*
 * air_station.c — air monitoring stations and the cities they are assessed with:
 * import and queries.
 */
#include "store/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    A_CODE,
    A_NAME_ZH,
    A_NAME_EN,
    A_CITY,
    A_CITY_ZH,
    A_CITY_EN,
    A_DISTRICT,
    A_JUR,
    A_LON,
    A_LAT,
    A_KIND,
    A_NCOLS
};
static const char *const a_cols[A_NCOLS] = {"code",    "name_zh", "name_en",  "city",
                                            "city_zh", "city_en", "district", "jurisdiction",
                                            "lon",     "lat",     "kind"};

typedef struct stmts {
    sqlite3_stmt *city_get, *city_ins, *jur, *st_get, *st_ins, *st_upd;
} stmts;

/* The struct is nothing but statement pointers, used as an array. */
#define NSTMTS (sizeof(stmts) / sizeof(sqlite3_stmt *))

static void stmts_free(stmts *q)
{
    je_db_finalize_all((sqlite3_stmt **)q, NSTMTS);
}

static int prepare_all(je_db *db, stmts *q)
{
    static const char *const sql[] = {
        "SELECT id, name_zh, name_en, jurisdiction FROM air_city WHERE code = ?",
        "INSERT INTO air_city(code, name_zh, name_en, jurisdiction) VALUES (?, ?, ?, ?)",
        "SELECT 1 FROM jurisdiction WHERE code = ?",
        "SELECT batch_id FROM air_station WHERE code = ?",
        "INSERT INTO air_station(code, name_zh, name_en, city_id, district, owner, lon, lat,"
        " kind, batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        "UPDATE air_station SET name_zh = ?2, name_en = ?3, city_id = ?4, district = ?5,"
        " owner = ?6, lon = ?7, lat = ?8, kind = ?9, batch_id = ?10 WHERE code = ?1",
    };
    _Static_assert(sizeof sql / sizeof sql[0] == NSTMTS, "one SQL text per statement");
    return je_db_prepare_all(db, sql, (sqlite3_stmt **)q, NSTMTS);
}

/* Find or create the station's city; names and jurisdiction must agree with what is
 * stored. Returns the city id, 0 after rejecting the row, -1 on a database error. */
static int64_t city_id(je_db *db, stmts *q, je_row *r)
{
    int64_t id = 0;
    sqlite3_bind_text(q->city_get, 1, je_row_field(r, A_CITY), -1, SQLITE_STATIC);
    if (sqlite3_step(q->city_get) == SQLITE_ROW) {
        id = sqlite3_column_int64(q->city_get, 0);
        const char *zh = (const char *)sqlite3_column_text(q->city_get, 1);
        const char *en = (const char *)sqlite3_column_text(q->city_get, 2);
        const char *jur = (const char *)sqlite3_column_text(q->city_get, 3);
        if (strcmp(zh, je_row_field(r, A_CITY_ZH)) != 0 ||
            strcmp(en, je_row_field(r, A_CITY_EN)) != 0)
            je_row_reject(r, A_CITY_ZH, "city %s exists with other names (%s, %s)",
                          je_row_field(r, A_CITY), zh, en);
        else if (strcmp(jur, je_row_field(r, A_JUR)) != 0)
            je_row_reject(r, A_JUR, "city %s belongs to jurisdiction %s", je_row_field(r, A_CITY),
                          jur);
    }
    sqlite3_reset(q->city_get);
    if (r->bad || id)
        return r->bad ? 0 : id;
    sqlite3_bind_text(q->city_ins, 1, je_row_field(r, A_CITY), -1, SQLITE_STATIC);
    sqlite3_bind_text(q->city_ins, 2, je_row_field(r, A_CITY_ZH), -1, SQLITE_STATIC);
    sqlite3_bind_text(q->city_ins, 3, je_row_field(r, A_CITY_EN), -1, SQLITE_STATIC);
    sqlite3_bind_text(q->city_ins, 4, je_row_field(r, A_JUR), -1, SQLITE_STATIC);
    int rc = sqlite3_step(q->city_ins);
    sqlite3_reset(q->city_ins);
    return rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db->db) : -1;
}

static void validate_row(stmts *q, je_row *r, double *lon, double *lat)
{
    static const int required[] = {A_CODE,    A_NAME_ZH, A_NAME_EN,  A_CITY,
                                   A_CITY_ZH, A_CITY_EN, A_DISTRICT, A_JUR};
    for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
        if (je_row_field(r, required[k])[0] == '\0')
            je_row_reject(r, required[k], "empty %s", a_cols[required[k]]);
    const char *t = je_row_field(r, A_LON);
    if (je_parse_double(t, strlen(t), lon) != JE_OK || *lon < -180 || *lon > 180)
        je_row_reject(r, A_LON, "invalid longitude '%s' (decimal degrees, -180 to 180)", t);
    t = je_row_field(r, A_LAT);
    if (je_parse_double(t, strlen(t), lat) != JE_OK || *lat < -90 || *lat > 90)
        je_row_reject(r, A_LAT, "invalid latitude '%s' (decimal degrees, -90 to 90)", t);
    t = je_row_field(r, A_KIND);
    if (strcmp(t, "national") != 0 && strcmp(t, "provincial") != 0 && strcmp(t, "background") != 0)
        je_row_reject(r, A_KIND, "invalid kind '%s' (national, provincial or background)", t);
    const char *jur = je_row_field(r, A_JUR);
    if (jur[0]) {
        sqlite3_bind_text(q->jur, 1, jur, -1, SQLITE_STATIC);
        int found = sqlite3_step(q->jur) == SQLITE_ROW;
        sqlite3_reset(q->jur);
        if (!found)
            je_row_reject(r, A_JUR, "unknown jurisdiction '%s' (import jurisdictions first)", jur);
    }
}

je_status je_import_air_stations(je_db *db, const char *path, const je_import_opts *opts,
                                 je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "air-stations", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[A_NCOLS];
    stmts q;
    if (!prepare_all(db, &q)) {
        st = je_db_fail(db, err, "importing air stations");
        goto end;
    }
    if ((st = je_batch_header(&b, a_cols, A_NCOLS, (1u << A_NCOLS) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, a_cols, 0, 0};
        double lon = NAN, lat = NAN;
        validate_row(&q, &r, &lon, &lat);
        int64_t cid = r.bad ? 0 : city_id(db, &q, &r);
        if (cid < 0) {
            st = je_db_fail(db, err, "importing air stations");
            break;
        }
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        const char *code = je_row_field(&r, A_CODE);
        int exists = je_row_exists(q.st_get, &r, A_CODE, "station");
        if (exists < 0)
            continue;
        char *before = NULL;
        if ((st = je_record_check(&b, JE_GOV_WRITE, "air_station", "air station", "owner", code,
                                  je_row_field(&r, A_JUR), &before, err)) != JE_OK)
            break;
        sqlite3_stmt *w = exists ? q.st_upd : q.st_ins;
        sqlite3_bind_text(w, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(w, 2, je_row_field(&r, A_NAME_ZH), -1, SQLITE_STATIC);
        sqlite3_bind_text(w, 3, je_row_field(&r, A_NAME_EN), -1, SQLITE_STATIC);
        sqlite3_bind_int64(w, 4, cid);
        sqlite3_bind_text(w, 5, je_row_field(&r, A_DISTRICT), -1, SQLITE_STATIC);
        sqlite3_bind_text(w, 6, je_row_field(&r, A_JUR), -1, SQLITE_STATIC);
        sqlite3_bind_double(w, 7, lon);
        sqlite3_bind_double(w, 8, lat);
        sqlite3_bind_text(w, 9, je_row_field(&r, A_KIND), -1, SQLITE_STATIC);
        sqlite3_bind_int64(w, 10, b.id);
        int rc = sqlite3_step(w);
        sqlite3_reset(w);
        if (rc != SQLITE_DONE) {
            free(before);
            st = je_db_fail(db, err, "importing air stations");
            break;
        }
        if ((st = je_record_log(&b, "air_station", code, je_row_field(&r, A_JUR), before, err)) !=
            JE_OK)
            break;
        if (exists)
            rep->updated++;
        else
            rep->inserted++;
    }
end:
    stmts_free(&q);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

static void read_station(sqlite3_stmt *s, void *record)
{
    je_air_station *x = record;
    x->id = sqlite3_column_int64(s, 0);
    je_db_copy_text(x->code, sizeof x->code, s, 1);
    je_db_copy_text(x->name_zh, sizeof x->name_zh, s, 2);
    je_db_copy_text(x->name_en, sizeof x->name_en, s, 3);
    je_db_copy_text(x->city, sizeof x->city, s, 4);
    je_db_copy_text(x->city_zh, sizeof x->city_zh, s, 5);
    je_db_copy_text(x->city_en, sizeof x->city_en, s, 6);
    je_db_copy_text(x->district, sizeof x->district, s, 7);
    je_db_copy_text(x->jurisdiction, sizeof x->jurisdiction, s, 8);
    je_db_copy_text(x->kind, sizeof x->kind, s, 9);
    x->lon = sqlite3_column_double(s, 10);
    x->lat = sqlite3_column_double(s, 11);
    x->utc_offset_s = sqlite3_column_int(s, 12);
}

je_status je_store_air_stations(je_db *db, const je_air_filter *f, je_air_station **out,
                                size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    static const char sql[] =
        "SELECT s.id, s.code, s.name_zh, s.name_en, c.code, c.name_zh, c.name_en, s.district,"
        " s.owner, s.kind, s.lon, s.lat, j.utc_offset_s"
        " FROM air_station s JOIN air_city c ON c.id = s.city_id"
        " JOIN jurisdiction j ON j.code = s.owner"
        " WHERE (?1 IS NULL OR s.code = ?1)"
        "   AND (?2 IS NULL OR c.code = ?2 OR c.name_zh = ?2 OR lower(c.name_en) = lower(?2))"
        "   AND (?3 IS NULL OR s.owner = ?3)"
        "   AND (s.public = 1 OR ?4 = 1 OR instr(?5, ',' || s.owner || ',') > 0)"
        " ORDER BY s.owner, c.code, s.code";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing air stations");
    if (f && f->station)
        sqlite3_bind_text(s, 1, f->station, -1, SQLITE_STATIC);
    if (f && f->city)
        sqlite3_bind_text(s, 2, f->city, -1, SQLITE_STATIC);
    if (f && f->jurisdiction)
        sqlite3_bind_text(s, 3, f->jurisdiction, -1, SQLITE_STATIC);
    int all; /* non-public stations: only for those who may read them (governance.h) */
    char readable[JE_GOV_MAX_GRANTS * 8 + 2];
    je_db_readable(db, &all, readable, sizeof readable);
    sqlite3_bind_int(s, 4, all);
    sqlite3_bind_text(s, 5, readable, -1, SQLITE_TRANSIENT);
    void *v;
    je_status st = je_db_collect(db, s, sizeof(je_air_station), read_station,
                                 "listing air stations", &v, out_n, err);
    *out = v;
    return st;
}
