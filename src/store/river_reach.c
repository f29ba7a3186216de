/*
 * river_reach.c — import of reaches from CSV or GeoJSON. Both formats go through one
 * validation (a record's fields as text, however the file spelled them), so they
 * accept and reject the same things; only where an error is reported differs: CSV
 * by line:column, GeoJSON by feature index and JSON path. After the rows, the whole
 * stored network is checked (river_check.c) inside the same transaction.
 */
#include "store/river_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    RR_CODE,
    RR_NAME_ZH,
    RR_NAME_EN,
    RR_RIVER,
    RR_FROM,
    RR_TO,
    RR_LEN,
    RR_KIND,
    RR_VEL,
    RR_VA,
    RR_VB,
    RR_DEPTH,
    RR_DC,
    RR_DD,
    RR_OWNER,
    RR_GEOM,
    RR_NCOLS
};
static const char *const rr_cols[RR_NCOLS] = {"code",         "name_zh", "name_en",   "river_code",
                                              "from_node",    "to_node", "length_km", "kind",
                                              "velocity_m_s", "vel_a",   "vel_b",     "depth_m",
                                              "depth_c",      "depth_d", "owner",     "geometry"};
#define RR_REQUIRED                                                                                \
    ((1u << RR_CODE) | (1u << RR_NAME_ZH) | (1u << RR_NAME_EN) | (1u << RR_RIVER) |                \
     (1u << RR_FROM) | (1u << RR_TO) | (1u << RR_OWNER))

enum { QR_JUR, QR_NODE, QR_GET, QR_INS, QR_UPD, QR_N };
static const char *const reach_sql[QR_N] = {
    "SELECT 1 FROM jurisdiction WHERE code = ?",
    "SELECT id, lon, lat FROM river_node WHERE code = ?",
    "SELECT batch_id FROM river_reach WHERE code = ?",
    "INSERT INTO river_reach(code, name_zh, name_en, river_code, owner, from_node, to_node,"
    " length_km, kind, velocity_m_s, vel_a, vel_b, depth_m, depth_c, depth_d, geometry,"
    " batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
    " ?16, ?17)",
    "UPDATE river_reach SET name_zh = ?2, name_en = ?3, river_code = ?4, owner = ?5,"
    " from_node = ?6, to_node = ?7, length_km = ?8, kind = ?9, velocity_m_s = ?10,"
    " vel_a = ?11, vel_b = ?12, depth_m = ?13, depth_c = ?14, depth_d = ?15, geometry = ?16,"
    " batch_id = ?17 WHERE code = ?1",
};

/* One record being read: from a CSV row or a GeoJSON feature. */
typedef struct rsrc {
    je_batch *b;
    je_row *row;   /* CSV, or NULL */
    json_t *props; /* GeoJSON properties */
    size_t feature;
    char num[RR_NCOLS][40];
    uint32_t typo; /* fields already rejected for their JSON type */
    int bad, nomem;
} rsrc;

static void rej(rsrc *s, int k, const char *fmt, ...) JE_PRINTF(3, 4);
static void rej(rsrc *s, int k, const char *fmt, ...)
{
    char msg[JE_ERROR_MSG_MAX - 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    s->bad++;
    if (s->row) {
        je_row_reject(s->row, k, "%s", msg);
        s->nomem |= s->row->nomem;
        return;
    }
    char where[JE_ERROR_FIELD_MAX];
    if (k == RR_GEOM)
        snprintf(where, sizeof where, "features[%zu].geometry", s->feature);
    else
        snprintf(where, sizeof where, "features[%zu].properties.%s", s->feature, rr_cols[k]);
    je_error e;
    je_error_set_at(&e, JE_EDATA, s->b->path, 0, 0, where, "%s: %s", where, msg);
    if (je_batch_reject(s->b, &e) != JE_OK)
        s->nomem = 1;
}

static const char *fld(rsrc *s, int k)
{
    if (s->row)
        return je_row_field(s->row, k);
    json_t *v = json_object_get(s->props, rr_cols[k]);
    if (v == NULL || json_is_null(v))
        return "";
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(s->num[k], sizeof s->num[k], "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return s->num[k];
    }
    if (json_is_real(v)) {
        snprintf(s->num[k], sizeof s->num[k], "%.17g", json_real_value(v));
        return s->num[k];
    }
    if (!(s->typo & (1u << k)))
        rej(s, k, "must be a string or a number");
    s->typo |= 1u << k;
    return "";
}

/* A number in [lo, hi] or empty (NAN). */
static double opt_num(rsrc *s, int k, double lo, double hi, const char *unit)
{
    const char *t = fld(s, k);
    double x;
    if (t[0] == '\0')
        return NAN;
    if (je_parse_double(t, strlen(t), &x) != JE_OK || x < lo || x > hi) {
        rej(s, k, "invalid %s '%s' (%s, %g to %g)", rr_cols[k], t, unit, lo, hi);
        return NAN;
    }
    return x;
}

/* A validated reach. */
typedef struct reach_rec {
    int64_t from, to; /* node ids; to 0 for a withdrawal */
    double from_xy[2], to_xy[2];
    const char *kind;
    double v[RR_NCOLS]; /* numeric fields by index, NAN when empty */
    double *xy;         /* geometry, n points (malloc'd), or NULL */
    size_t n;
} reach_rec;

static int64_t node(rsrc *s, sqlite3_stmt *q, int k, double *xy)
{
    const char *code = fld(s, k);
    if (code[0] == '\0')
        return 0;
    sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
    int64_t id = 0;
    if (sqlite3_step(q) == SQLITE_ROW) {
        id = sqlite3_column_int64(q, 0);
        xy[0] = sqlite3_column_double(q, 1);
        xy[1] = sqlite3_column_double(q, 2);
    }
    sqlite3_reset(q);
    if (id == 0)
        rej(s, k, "unknown node '%s' (import river-nodes first)", code);
    return id;
}

static int push_point(reach_rec *x, size_t *cap, double lon, double lat)
{
    if (x->n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        double *p = realloc(x->xy, *cap * 2 * sizeof *p);
        if (p == NULL)
            return 0;
        x->xy = p;
    }
    x->xy[2 * x->n] = lon;
    x->xy[2 * x->n + 1] = lat;
    x->n++;
    return 1;
}

static int point_ok(double lon, double lat)
{
    return isfinite(lon) && isfinite(lat) && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
}

/* "lon lat;lon lat;..." */
static void csv_geometry(rsrc *s, reach_rec *x)
{
    const char *t = fld(s, RR_GEOM);
    if (t[0] == '\0')
        return;
    size_t cap = 0, k = 0;
    while (*t) {
        char *end;
        double lon = strtod(t, &end);
        double lat = end != t ? strtod(end, &end) : NAN;
        while (*end == ' ')
            end++;
        if (end == t || (*end != ';' && *end != '\0') || !point_ok(lon, lat)) {
            rej(s, RR_GEOM,
                "invalid point %zu of the geometry (\"lon lat;lon lat;...\", decimal degrees)",
                k + 1);
            return;
        }
        if (!push_point(x, &cap, lon, lat)) {
            s->nomem = 1;
            return;
        }
        k++;
        t = *end ? end + 1 : end;
    }
    if (x->n < 2)
        rej(s, RR_GEOM, "a geometry needs at least two points");
}

static void json_geometry(rsrc *s, json_t *geom, reach_rec *x)
{
    if (geom == NULL || json_is_null(geom))
        return; /* the straight line between the nodes (a withdrawal has none) */
    json_t *type = json_object_get(geom, "type");
    json_t *coords = json_object_get(geom, "coordinates");
    if (!json_is_object(geom) || !json_is_string(type) ||
        strcmp(json_string_value(type), "LineString") != 0) {
        rej(s, RR_GEOM, "must be a LineString");
        return;
    }
    if (!json_is_array(coords) || json_array_size(coords) < 2) {
        rej(s, RR_GEOM, "coordinates must be an array of at least two [lon, lat] points");
        return;
    }
    size_t cap = 0, i;
    json_t *p;
    json_array_foreach(coords, i, p)
    {
        json_t *a = json_array_get(p, 0), *b = json_array_get(p, 1);
        double lon = json_is_number(a) ? json_number_value(a) : NAN;
        double lat = json_is_number(b) ? json_number_value(b) : NAN;
        if (!json_is_array(p) || json_array_size(p) < 2 || !point_ok(lon, lat)) {
            rej(s, RR_GEOM, "coordinates[%zu] is not a [lon, lat] point in decimal degrees", i);
            return;
        }
        if (!push_point(x, &cap, lon, lat)) {
            s->nomem = 1;
            return;
        }
    }
}

static void validate(rsrc *s, sqlite3_stmt *const *q, reach_rec *x)
{
    static const int text[] = {RR_CODE, RR_NAME_ZH, RR_NAME_EN, RR_RIVER, RR_FROM, RR_OWNER};
    for (size_t k = 0; k < sizeof text / sizeof text[0]; k++)
        if (fld(s, text[k])[0] == '\0')
            rej(s, text[k], "empty %s", rr_cols[text[k]]);
    if (strlen(fld(s, RR_CODE)) > 63)
        rej(s, RR_CODE, "code too long (at most 63 bytes)");
    const char *kind = fld(s, RR_KIND);
    if (kind[0] == '\0' || strcmp(kind, "reach") == 0 || strcmp(kind, "channel") == 0)
        x->kind = "reach";
    else if (strcmp(kind, "diversion") == 0 || strcmp(kind, "withdrawal") == 0)
        x->kind = kind;
    else {
        rej(s, RR_KIND, "invalid kind '%s' (reach, diversion or withdrawal)", kind);
        x->kind = "reach";
    }
    int withdrawal = strcmp(x->kind, "withdrawal") == 0;
    x->from = node(s, q[QR_NODE], RR_FROM, x->from_xy);
    const char *to = fld(s, RR_TO);
    if (withdrawal && to[0])
        rej(s, RR_TO, "a withdrawal takes water out of the network: leave to_node empty");
    else if (!withdrawal && to[0] == '\0')
        rej(s, RR_TO, "empty to_node (only a withdrawal has none)");
    else if (!withdrawal)
        x->to = node(s, q[QR_NODE], RR_TO, x->to_xy);
    if (x->from && x->from == x->to)
        rej(s, RR_TO, "the reach starts and ends at node %s", to);
    const char *own = fld(s, RR_OWNER);
    if (own[0]) {
        sqlite3_bind_text(q[QR_JUR], 1, own, -1, SQLITE_STATIC);
        int found = sqlite3_step(q[QR_JUR]) == SQLITE_ROW;
        sqlite3_reset(q[QR_JUR]);
        if (!found)
            rej(s, RR_OWNER, "unknown jurisdiction '%s' (import jurisdictions first)", own);
    }
    for (int k = 0; k < RR_NCOLS; k++)
        x->v[k] = NAN;
    /* the length: read as text first so "0" and "-3" get their own message */
    const char *lt = fld(s, RR_LEN);
    double len;
    if (lt[0] && (je_parse_double(lt, strlen(lt), &len) != JE_OK || !(len > 0) || len > 1e5))
        rej(s, RR_LEN, "invalid length_km '%s' (a reach's length must be positive: km, above 0)",
            lt);
    else if (lt[0])
        x->v[RR_LEN] = len;
    x->v[RR_VEL] = opt_num(s, RR_VEL, 1e-3, 10, "m/s");
    x->v[RR_VA] = opt_num(s, RR_VA, 1e-6, 100, "v = a*Q^b, m/s");
    x->v[RR_VB] = opt_num(s, RR_VB, 0, 1, "exponent");
    x->v[RR_DEPTH] = opt_num(s, RR_DEPTH, 1e-3, 200, "m");
    x->v[RR_DC] = opt_num(s, RR_DC, 1e-6, 100, "depth = c*Q^d, m");
    x->v[RR_DD] = opt_num(s, RR_DD, 0, 1, "exponent");
    int vel = !isnan(x->v[RR_VEL]), va = !isnan(x->v[RR_VA]), vb = !isnan(x->v[RR_VB]);
    if (vel && (va || vb))
        rej(s, RR_VA, "give velocity_m_s or vel_a and vel_b, not both");
    else if (va != vb)
        rej(s, va ? RR_VB : RR_VA, "vel_a and vel_b go together (v = a*Q^b)");
    else if (!vel && !va && !withdrawal && fld(s, RR_VEL)[0] == '\0' && fld(s, RR_VA)[0] == '\0')
        rej(s, RR_VEL, "no velocity: give velocity_m_s, or vel_a and vel_b (v = a*Q^b)");
    int dm = !isnan(x->v[RR_DEPTH]), dc = !isnan(x->v[RR_DC]), dd = !isnan(x->v[RR_DD]);
    if (dm && (dc || dd))
        rej(s, RR_DC, "give depth_m or depth_c and depth_d, not both");
    else if (dc != dd)
        rej(s, dc ? RR_DD : RR_DC, "depth_c and depth_d go together (depth = c*Q^d)");
}

/* The length from the geometry, else the straight line between the nodes. */
static void derive_length(rsrc *s, reach_rec *x)
{
    if (!isnan(x->v[RR_LEN]) || s->bad || strcmp(x->kind, "withdrawal") == 0)
        return;
    double km = x->n >= 2
                    ? je_rv_polyline_km(x->xy, x->n)
                    : je_rv_polyline_km(
                          (double[]){x->from_xy[0], x->from_xy[1], x->to_xy[0], x->to_xy[1]}, 2);
    if (!(km > 0))
        rej(s, RR_LEN, "no length_km and the %s has no length: give length_km",
            x->n >= 2 ? "geometry" : "straight line between the nodes");
    else
        x->v[RR_LEN] = km;
}

static void bind_opt(sqlite3_stmt *w, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(w, i);
    else
        sqlite3_bind_double(w, i, v);
}

/* Write the record; 0 on a database error. */
static int write_reach(rsrc *s, sqlite3_stmt *w, const reach_rec *x)
{
    static const int text[] = {RR_CODE, RR_NAME_ZH, RR_NAME_EN, RR_RIVER, RR_OWNER};
    for (int k = 0; k < 5; k++)
        sqlite3_bind_text(w, k + 1, fld(s, text[k]), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(w, 6, x->from);
    if (x->to)
        sqlite3_bind_int64(w, 7, x->to);
    else
        sqlite3_bind_null(w, 7);
    bind_opt(w, 8, x->v[RR_LEN]);
    sqlite3_bind_text(w, 9, x->kind, -1, SQLITE_TRANSIENT);
    static const int nums[] = {RR_VEL, RR_VA, RR_VB, RR_DEPTH, RR_DC, RR_DD};
    for (int k = 0; k < 6; k++)
        bind_opt(w, 10 + k, x->v[nums[k]]);
    char *geom = NULL;
    if (x->n >= 2) {
        size_t cap = x->n * 48 + 8, len = 0;
        geom = malloc(cap);
        if (geom == NULL)
            return -1;
        len += (size_t)snprintf(geom, cap, "[");
        for (size_t i = 0; i < x->n; i++)
            len += (size_t)snprintf(geom + len, cap - len, "%s[%.7f,%.7f]", i ? "," : "",
                                    x->xy[2 * i], x->xy[2 * i + 1]);
        snprintf(geom + len, cap - len, "]");
        sqlite3_bind_text(w, 16, geom, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(w, 16);
    }
    sqlite3_bind_int64(w, 17, s->b->id);
    int rc = sqlite3_step(w);
    sqlite3_reset(w);
    sqlite3_clear_bindings(w);
    free(geom);
    return rc == SQLITE_DONE;
}

/* Where each reach of this file is, for the network check's messages. */
typedef struct locs {
    je_strmap *lines; /* code -> CSV line, or -(feature index + 1) */
} locs;

static long line_of(void *ctx, const char *code)
{
    locs *w = ctx;
    int64_t v;
    if (w->lines && je_strmap_get(w->lines, code, strlen(code), &v) && v > 0)
        return (long)v;
    return 0;
}

/* Validate and write one record; the status of a fatal failure. */
static je_status one_record(rsrc *s, sqlite3_stmt *const *q, reach_rec *x, long at, locs *wh,
                            je_error *err)
{
    je_db *db = s->b->db;
    validate(s, q, x);
    derive_length(s, x);
    int exists = 0;
    if (!s->bad) {
        const char *code = fld(s, RR_CODE);
        sqlite3_bind_text(q[QR_GET], 1, code, -1, SQLITE_STATIC);
        int64_t batch = 0;
        if (sqlite3_step(q[QR_GET]) == SQLITE_ROW) {
            exists = 1;
            batch = sqlite3_column_int64(q[QR_GET], 0);
        }
        sqlite3_reset(q[QR_GET]);
        if (exists && batch == s->b->id)
            rej(s, RR_CODE, "reach %s appears twice in this file", code);
        else if (exists && !s->b->opts->replace)
            rej(s, RR_CODE, "reach %s already exists (use --replace to update it)", code);
    }
    if (s->nomem)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    if (s->bad)
        return JE_OK;
    if (je_strmap_put(wh->lines, fld(s, RR_CODE), at) != JE_OK)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    /* a registry record: its owner's analysts write it, each change audited */
    char *before = NULL;
    je_status st = je_record_check(s->b, JE_GOV_WRITE, "river_reach", "reach", "owner",
                                   fld(s, RR_CODE), fld(s, RR_OWNER), &before, err);
    if (st != JE_OK)
        return st;
    int ok = write_reach(s, q[exists ? QR_UPD : QR_INS], x);
    if (ok <= 0) {
        free(before);
        return ok < 0 ? je_error_set(err, JE_ENOMEM, "out of memory")
                      : je_db_fail(db, err, "importing reaches");
    }
    if ((st = je_record_log(s->b, "river_reach", fld(s, RR_CODE), fld(s, RR_OWNER), before,
                            err)) != JE_OK)
        return st;
    if (exists)
        s->b->rep->updated++;
    else
        s->b->rep->inserted++;
    return JE_OK;
}

static je_status read_csv(je_batch *b, sqlite3_stmt *const *q, locs *wh, je_error *err)
{
    int c[RR_NCOLS];
    je_status st = je_batch_header(b, rr_cols, RR_NCOLS, RR_REQUIRED, c, err);
    if (st != JE_OK)
        return st;
    int has;
    while ((st = je_batch_next(b, &has, err)) == JE_OK && has) {
        je_row r = {b, c, rr_cols, 0, 0};
        rsrc s = {.b = b, .row = &r};
        reach_rec x = {0};
        csv_geometry(&s, &x);
        st = one_record(&s, q, &x, je_csv_line(b->csv), wh, err);
        free(x.xy);
        if (st != JE_OK)
            break;
    }
    return st;
}

/* The whole file (malloc'd), hashed into the batch. */
static char *slurp(je_batch *b, size_t *len, je_error *err)
{
    char *buf;
    if (b->opts->data) { /* from memory (store.h): a NUL-terminated copy for jansson */
        if ((buf = malloc(b->opts->data_len + 1)) == NULL) {
            je_error_set(err, JE_ENOMEM, "out of memory");
            return NULL;
        }
        memcpy(buf, b->opts->data, b->opts->data_len);
        buf[b->opts->data_len] = '\0';
        *len = b->opts->data_len;
    } else if (je_file_read(b->path, 0, &buf, len, err) != JE_OK)
        return NULL;
    je_sha256_update(&b->sha, buf, *len);
    return buf;
}

static je_status read_geojson(je_batch *b, const char *text, size_t len, sqlite3_stmt *const *q,
                              locs *wh, je_error *err)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL) {
        je_error e;
        je_error_set_at(&e, JE_EDATA, b->path, je.line, je.column, NULL, "invalid JSON: %s",
                        je.text);
        return je_batch_reject(b, &e) == JE_OK ? JE_OK : je_error_set(err, JE_ENOMEM, "oom");
    }
    json_t *type = json_object_get(root, "type");
    json_t *features = json_object_get(root, "features");
    je_status st = JE_OK;
    if (!json_is_string(type) || strcmp(json_string_value(type), "FeatureCollection") != 0 ||
        !json_is_array(features)) {
        if (je_rv_reject_at(b, 0, "type",
                            "not a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\" "
                            "with a \"features\" array)") != JE_OK)
            st = je_error_set(err, JE_ENOMEM, "out of memory");
        json_decref(root);
        return st;
    }
    size_t i;
    json_t *f;
    json_array_foreach(features, i, f)
    {
        b->rep->rows++;
        rsrc s = {.b = b, .feature = i};
        s.props = json_object_get(f, "properties");
        if (!json_is_object(f) || !json_is_object(s.props)) {
            char where[48];
            snprintf(where, sizeof where, "features[%zu]", i);
            je_error e;
            je_error_set_at(&e, JE_EDATA, b->path, 0, 0, where,
                            "%s: not a Feature with a properties object", where);
            if (je_batch_reject(b, &e) != JE_OK) {
                st = je_error_set(err, JE_ENOMEM, "out of memory");
                break;
            }
            continue;
        }
        reach_rec x = {0};
        json_geometry(&s, json_object_get(f, "geometry"), &x);
        st = one_record(&s, q, &x, -(long)i - 1, wh, err);
        free(x.xy);
        if (st != JE_OK)
            break;
    }
    json_decref(root);
    return st;
}

/* GeoJSON when the first non-blank byte is '{' (or '[': JSON, rejected as not GeoJSON).
   From memory when the options carry the bytes (store.h), else from the file. */
static int looks_like_json(const char *path, const je_import_opts *opts)
{
    int ch = EOF;
    if (opts && opts->data) {
        for (size_t i = 0; i < opts->data_len; i++) {
            ch = (unsigned char)opts->data[i];
            if (!strchr(" \t\r\n\xEF\xBB\xBF", ch))
                break;
            ch = EOF;
        }
        return ch == '{' || ch == '[';
    }
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return 0;
    while ((ch = fgetc(fp)) == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == 0xEF ||
           ch == 0xBB || ch == 0xBF)
        ;
    fclose(fp);
    return ch == '{' || ch == '[';
}

je_status je_import_reaches(je_db *db, const char *path, const je_import_opts *opts,
                            je_import_report *rep, je_error *err)
{
    int json = looks_like_json(path, opts);
    je_batch b;
    je_status st = je_batch_begin(&b, db, "reaches", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    sqlite3_stmt *q[QR_N];
    locs wh = {NULL};
    if (je_strmap_new(64, &wh.lines) != JE_OK)
        return je_batch_end(&b, je_error_set(err, JE_ENOMEM, "out of memory"), err);
    if (!je_db_prepare_all(db, reach_sql, q, QR_N)) {
        st = je_db_fail(db, err, "importing reaches");
        goto end;
    }
    if (json) {
        size_t len = 0;
        char *text = slurp(&b, &len, err);
        if (text == NULL) {
            st = err ? err->status : JE_EIO;
            goto end;
        }
        st = read_geojson(&b, text, len, q, &wh, err);
        free(text);
    } else {
        st = read_csv(&b, q, &wh, err);
    }
    /* the network the file leaves behind, when its rows were all good */
    if (st == JE_OK && rep->errors.total == 0)
        st = je_rv_check_network(&b, line_of, &wh, err);
    /* and what the engine says of it (only when the checks above found nothing, so a
       problem is not reported twice) */
    if (st == JE_OK && rep->errors.total == 0)
        st = je_rv_validate_stored(&b, err);
end:
    je_db_finalize_all(q, QR_N);
    je_strmap_free(wh.lines);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}
