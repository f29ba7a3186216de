/*
 * river_export.c — the stored river network as GeoJSON for maps: reaches as
 * LineStrings, located sections and loads as Points (a load placed along its
 * reach's geometry at the fraction km / length; a diffuse load at the middle).
 */
#include "store/river_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The reach's polyline: its geometry, else the straight line between its nodes
 * (a withdrawal: its from node alone). A new JSON array, or NULL. */
static json_t *reach_coords(sqlite3_stmt *s)
{
    const char *geom = (const char *)sqlite3_column_text(s, 10);
    if (geom) {
        json_t *a = json_loads(geom, 0, NULL);
        if (json_is_array(a))
            return a;
        json_decref(a);
    }
    json_t *a = json_array();
    json_array_append_new(
        a, json_pack("[f,f]", sqlite3_column_double(s, 11), sqlite3_column_double(s, 12)));
    if (sqlite3_column_type(s, 13) != SQLITE_NULL)
        json_array_append_new(
            a, json_pack("[f,f]", sqlite3_column_double(s, 13), sqlite3_column_double(s, 14)));
    return a;
}

static json_t *num_or_null(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? json_null()
                                                    : json_real(sqlite3_column_double(s, i));
}

static json_t *text(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? json_string((const char *)t) : json_null();
}

/* The point at fraction f (0..1) of the polyline's geodesic length. */
static json_t *point_along(json_t *coords, double f)
{
    size_t n = json_array_size(coords);
    double *xy = malloc((n ? n : 1) * 2 * sizeof *xy);
    if (xy == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        xy[2 * i] = json_number_value(json_array_get(json_array_get(coords, i), 0));
        xy[2 * i + 1] = json_number_value(json_array_get(json_array_get(coords, i), 1));
    }
    double total = n > 1 ? je_rv_polyline_km(xy, n) : 0, want = f * total, done = 0;
    double lon = n ? xy[0] : 0, lat = n ? xy[1] : 0;
    for (size_t i = 1; i < n; i++) {
        double seg = je_rv_polyline_km(xy + 2 * (i - 1), 2);
        if (done + seg >= want || i == n - 1) {
            double t = seg > 0 ? fmin(1.0, fmax(0.0, (want - done) / seg)) : 0;
            lon = xy[2 * (i - 1)] + t * (xy[2 * i] - xy[2 * (i - 1)]);
            lat = xy[2 * (i - 1) + 1] + t * (xy[2 * i + 1] - xy[2 * (i - 1) + 1]);
            break;
        }
        done += seg;
    }
    free(xy);
    return json_pack("{s:s, s:[f,f]}", "type", "Point", "coordinates", lon, lat);
}

static json_t *feature(json_t *geometry, json_t *props)
{
    return json_pack("{s:s, s:o, s:o}", "type", "Feature", "geometry", geometry, "properties",
                     props);
}

static int add_reaches(je_db *db, json_t *features, json_t *geoms)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT r.code, r.name_zh, r.name_en, r.river_code, r.kind, f.code,"
                           " t.code, r.length_km, r.owner, r.id, r.geometry, f.lon, f.lat, t.lon,"
                           " t.lat FROM river_reach r JOIN river_node f ON f.id = r.from_node"
                           " LEFT JOIN river_node t ON t.id = r.to_node ORDER BY r.id",
                           -1, &s, NULL) != SQLITE_OK)
        return 0;
    int ok = 1;
    while (ok && sqlite3_step(s) == SQLITE_ROW) {
        json_t *coords = reach_coords(s);
        json_object_set(geoms, (const char *)sqlite3_column_text(s, 0), coords);
        json_t *geom = json_array_size(coords) >= 2
                           ? json_pack("{s:s, s:O}", "type", "LineString", "coordinates", coords)
                           : json_null();
        json_decref(coords);
        json_t *p =
            json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "layer", "reach",
                      "code", text(s, 0), "name_zh", text(s, 1), "name_en", text(s, 2),
                      "river_code", text(s, 3), "kind", text(s, 4), "from_node", text(s, 5),
                      "to_node", text(s, 6), "length_km", num_or_null(s, 7), "owner", text(s, 8));
        ok = geom && p && json_array_append_new(features, feature(geom, p)) == 0;
    }
    sqlite3_finalize(s);
    return ok;
}

static int add_sections(je_db *db, json_t *features)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT s.code, s.name_zh, s.name_en, r.code, l.km, s.kind,"
                           " s.target_class, s.owner, s.lon, s.lat FROM section_location l"
                           " JOIN section s ON s.id = l.section_id JOIN river_reach r ON"
                           " r.id = l.reach_id ORDER BY r.id, l.km",
                           -1, &s, NULL) != SQLITE_OK)
        return 0;
    int ok = 1;
    while (ok && sqlite3_step(s) == SQLITE_ROW) {
        const char *target = sqlite3_column_type(s, 6) == SQLITE_NULL
                                 ? NULL
                                 : je_wq_class_label((je_wq_class)sqlite3_column_int(s, 6));
        json_t *p =
            json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "layer", "section", "code",
                      text(s, 0), "name_zh", text(s, 1), "name_en", text(s, 2), "reach", text(s, 3),
                      "km", num_or_null(s, 4), "kind", text(s, 5), "target_class",
                      target ? json_string(target) : json_null(), "owner", text(s, 7));
        json_t *g = json_pack("{s:s, s:[f,f]}", "type", "Point", "coordinates",
                              sqlite3_column_double(s, 8), sqlite3_column_double(s, 9));
        ok = g && p && json_array_append_new(features, feature(g, p)) == 0;
    }
    sqlite3_finalize(s);
    return ok;
}

static int add_loads(je_db *db, json_t *features, json_t *geoms)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT d.code, d.name_zh, d.name_en, d.kind, d.owner, r.code, d.km,"
                           " r.length_km FROM river_load d JOIN river_reach r ON r.id = d.reach_id"
                           " ORDER BY d.id",
                           -1, &s, NULL) != SQLITE_OK)
        return 0;
    int ok = 1;
    while (ok && sqlite3_step(s) == SQLITE_ROW) {
        double len = sqlite3_column_double(s, 7);
        double f = sqlite3_column_type(s, 6) == SQLITE_NULL || !(len > 0)
                       ? 0.5
                       : sqlite3_column_double(s, 6) / len;
        json_t *g = point_along(json_object_get(geoms, (const char *)sqlite3_column_text(s, 5)), f);
        json_t *p =
            json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "layer", "load", "code",
                      text(s, 0), "name_zh", text(s, 1), "name_en", text(s, 2), "kind", text(s, 3),
                      "owner", text(s, 4), "reach", text(s, 5), "km", num_or_null(s, 6));
        ok = g && p && json_array_append_new(features, feature(g, p)) == 0;
    }
    sqlite3_finalize(s);
    return ok;
}

je_status je_river_export_geojson(je_db *db, char **out, je_error *err)
{
    *out = NULL;
    json_t *features = json_array();
    json_t *geoms = json_object();
    json_t *root = json_pack("{s:s, s:O}", "type", "FeatureCollection", "features", features);
    int ok = features && geoms && root && add_reaches(db, features, geoms) &&
             add_sections(db, features) && add_loads(db, features, geoms);
    if (ok)
        *out = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(features);
    json_decref(geoms);
    json_decref(root);
    if (!ok && sqlite3_errcode(db->db) != SQLITE_OK && sqlite3_errcode(db->db) != SQLITE_DONE &&
        sqlite3_errcode(db->db) != SQLITE_ROW)
        return je_db_fail(db, err, "exporting the river network");
    if (*out == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    return JE_OK;
}
