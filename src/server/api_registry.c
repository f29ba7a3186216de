/*
 * api_registry.c — the registry routes: health, jurisdictions, sections, stations,
 * clinker lines, receptors, imports. Each handler turns store records into rows; the
 * common code (render.c) pages, filters and formats them.
 */
#include "server/internal.h"

#include "jointenv/river_store.h"
#include "jointenv/water.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

json_t *jstr(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *jnum(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

je_status api_health(req *r, result *out, je_error *err)
{
    (void)err;
    out->doc = json_pack("{s:s, s:s, s:i}", "status", "ok", "version", JE_VERSION, "schema",
                         je_db_schema_version(r->db));
    return out->doc ? JE_OK : JE_ENOMEM;
}

je_status api_openapi(req *r, result *out, je_error *err)
{
    (void)r;
    char *text = je_server_openapi();
    out->doc = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    return out->doc ? JE_OK : je_error_set(err, JE_ENOMEM, "out of memory");
}

je_status api_jurisdictions(req *r, result *out, je_error *err)
{
    je_jurisdiction *j = NULL;
    size_t n = 0;
    je_status st = je_store_jurisdictions(r->db, &j, &n, err);
    if (st != JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(out->rows,
                              json_pack("{s:s, s:s, s:s, s:i}", "code", j[i].code, "name_zh",
                                        j[i].name_zh, "name_en", j[i].name_en, "utc_offset_s",
                                        (int)j[i].utc_offset_s));
    free(j);
    return JE_OK;
}

/* One section as a row. The "jurisdiction" column is the owner (where it lies). */
json_t *section_row(const je_section *s);
json_t *section_row(const je_section *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(s->code));
    json_object_set_new(o, "name_zh", jstr(s->name_zh));
    json_object_set_new(o, "name_en", jstr(s->name_en));
    json_object_set_new(o, "river_code", jstr(s->river_code));
    json_object_set_new(o, "river_zh", jstr(s->river_zh));
    json_object_set_new(o, "river_en", jstr(s->river_en));
    json_object_set_new(o, "basin_code", jstr(s->basin_code));
    json_object_set_new(o, "jurisdiction", jstr(s->owner));
    json_object_set_new(o, "upstream", jstr(s->upstream));
    json_object_set_new(o, "downstream", jstr(s->downstream));
    json_object_set_new(o, "kind", json_string(je_section_kind_name(s->kind)));
    json_object_set_new(o, "waterbody", json_string(s->waterbody == JE_WATERBODY_LAKE ? "lake" : "river"));
    json_object_set_new(o, "target_class", s->target ? json_string(je_wq_class_label(s->target))
                                                     : json_null());
    json_object_set_new(o, "lon", jnum(s->lon));
    json_object_set_new(o, "lat", jnum(s->lat));
    return o;
}

/* ?boundary=true|false; JE_EINVAL for anything else (internal.h). */
je_status req_bool(const req *r, const char *name, int *out, je_error *err)
{
    const char *v = req_param(r, name);
    *out = 0;
    if (v == NULL || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
        return JE_OK;
    if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) {
        *out = 1;
        return JE_OK;
    }
    return je_error_set(err, JE_EINVAL, "%s: '%s' is not true or false", name, v);
}

je_status api_sections(req *r, result *out, je_error *err)
{
    je_section_filter f = {0};
    f.river = req_param(r, "river");
    f.jurisdiction = req_param(r, "jurisdiction");
    je_status st = req_bool(r, "boundary", &f.boundary_only, err);
    if (st != JE_OK)
        return st;
    je_section_list l;
    if ((st = je_store_sections(r->db, &f, &l, err)) != JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(out->rows, section_row(&l.items[i]));
    je_section_list_free(&l);
    return JE_OK;
}

je_status api_section(req *r, result *out, je_error *err)
{
    je_section_filter f = {0};
    f.section = r->path_arg;
    je_section_list l;
    je_status st = je_store_sections(r->db, &f, &l, err);
    if (st != JE_OK)
        return st;
    if (l.n == 0) {
        je_section_list_free(&l);
        return je_error_set(err, JE_ENOTFOUND, "no section '%s'", r->path_arg);
    }
    out->doc = section_row(&l.items[0]);
    je_section_list_free(&l);
    return JE_OK;
}

je_status api_stations(req *r, result *out, je_error *err)
{
    je_air_filter f = {0};
    f.city = req_param(r, "city");
    je_air_station *s = NULL;
    size_t n = 0;
    je_status st = je_store_air_stations(r->db, &f, &s, &n, err);
    if (st != JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            out->rows,
            json_pack("{s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:s, s:s, s:o, s:o}", "code", s[i].code,
                      "name_zh", jstr(s[i].name_zh), "name_en", jstr(s[i].name_en), "city",
                      s[i].city, "city_zh", jstr(s[i].city_zh), "city_en", jstr(s[i].city_en),
                      "district", jstr(s[i].district), "jurisdiction", s[i].jurisdiction, "kind",
                      s[i].kind, "lon", jnum(s[i].lon), "lat", jnum(s[i].lat)));
    free(s);
    return JE_OK;
}

je_status api_plants(req *r, result *out, je_error *err)
{
    je_plant *p = NULL;
    size_t n = 0;
    je_status st = je_store_plants(r->db, NULL, &p, &n, err);
    if (st != JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = 0; i < n; i++) {
        char grade[2] = {p[i].grade, '\0'};
        json_array_append_new(
            out->rows,
            json_pack("{s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, "
                      "s:b, s:i, s:b, s:b, s:o, s:o}",
                      "code", p[i].code, "plant", jstr(p[i].plant), "name_zh", jstr(p[i].name_zh),
                      "name_en", jstr(p[i].name_en), "jurisdiction", p[i].jurisdiction, "region",
                      jstr(p[i].region), "capacity_t_d", jnum(p[i].capacity_t_d), "stack_height_m",
                      jnum(p[i].stack.height_m), "grade", grade, "pm_g_s",
                      jnum(p[i].q_g_s[JE_PLANT_PM]), "so2_g_s", jnum(p[i].q_g_s[JE_PLANT_SO2]),
                      "nox_g_s", jnum(p[i].q_g_s[JE_PLANT_NOX]), "basis", jstr(p[i].basis),
                      "exit_temp_k", jnum(p[i].stack.exit_temp_k), "coprocessing",
                      p[i].coprocessing, "special_cement_pct", p[i].special_cement, "carbide_slag",
                      p[i].carbide_slag, "heating_duty", p[i].heating_duty, "lon", jnum(p[i].lon),
                      "lat", jnum(p[i].lat)));
    }
    free(p);
    return JE_OK;
}

je_status api_receptors(req *r, result *out, je_error *err)
{
    je_receptor *p = NULL;
    size_t n = 0;
    je_status st = je_store_receptors(r->db, NULL, &p, &n, err);
    if (st != JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(out->rows,
                              json_pack("{s:s, s:o, s:o, s:s, s:o, s:o, s:o}", "code", p[i].code,
                                        "name_zh", jstr(p[i].name_zh), "name_en",
                                        jstr(p[i].name_en), "jurisdiction", p[i].jurisdiction,
                                        "population", jnum(p[i].population), "lon",
                                        jnum(p[i].lon), "lat", jnum(p[i].lat)));
    free(p);
    return JE_OK;
}

je_status api_imports(req *r, result *out, je_error *err)
{
    je_import_batch *b = NULL;
    size_t n = 0;
    je_status st = je_store_import_batches(r->db, 0, &b, &n, err);
    if (st != JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = n; i-- > 0;) { /* oldest first: "code" = the batch number */
        char code[24], at[40];
        snprintf(code, sizeof code, "%012lld", (long long)b[i].id);
        je_time_format(b[i].imported_at, 0, at, sizeof at);
        json_array_append_new(out->rows,
                              json_pack("{s:s, s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:b, s:s, s:s}",
                                        "code", code, "batch", (json_int_t)b[i].id, "kind",
                                        b[i].kind, "file", b[i].file_name, "sha256", b[i].sha256,
                                        "rows", (json_int_t)b[i].rows, "inserted",
                                        (json_int_t)b[i].inserted, "updated",
                                        (json_int_t)b[i].updated, "replace", b[i].replace, "actor",
                                        b[i].actor, "imported_at", at));
    }
    free(b);
    return JE_OK;
}

/* GET /api/v1/rivers.geojson: the stored river network (reaches as LineStrings, located
 * sections and point loads as Points; jointenv river export), for the maps. */
je_status api_rivers(req *r, result *out, je_error *err)
{
    je_status st = je_river_export_geojson(r->db, &out->raw, err);
    if (st != JE_OK)
        return st;
    out->raw_len = strlen(out->raw);
    out->raw_type = "application/geo+json";
    return JE_OK;
}
