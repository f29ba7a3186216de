/*
 * jointenv/river_store.h — the river network in the store: imports of nodes,
 * reaches, monthly conditions, section locations, loads and headwaters; the loader
 * that builds the transport model's network (river.h) for a month; the GeoJSON
 * export for maps. File formats and examples: docs/river.md, "Data and import".
 *
 * Every import is one transaction with the rules of store.h (all or nothing, every
 * bad row reported as path:line:column, opts->dry_run, opts->replace, max_errors).
 * After writing, the imports of reaches, section locations and loads check the
 * whole stored network and reject the file when it would become invalid:
 *   - a reach whose node is unknown, a length that is not positive;
 *   - a cycle (reaches that lead back to where they started);
 *   - a disconnected piece (the network must be one connected piece; every node on
 *     a reach);
 *   - a node with more than one downstream reach of kind `reach` (a split of the
 *     river must be modelled as a diversion);
 *   - a section or load beyond its reach's length.
 *
 * Threading: as store.h (one je_db per thread).
 */
#ifndef JOINTENV_RIVER_STORE_H
#define JOINTENV_RIVER_STORE_H

#include "core.h"
#include "river.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* River nodes: CSV code,name_zh,name_en,lon,lat,owner — a source, a confluence, an
 * outlet or any point where a reach begins or ends (WGS-84 degrees; owner a
 * jurisdiction code). An existing code is an error unless opts->replace. */
JE_API je_status je_import_river_nodes(je_db *db, const char *path, const je_import_opts *opts,
                                       je_import_report *rep, je_error *err);

/* Reaches, CSV or GeoJSON (a file whose first non-blank byte is '{' or '[' is JSON).
 * CSV columns (required: code,name_zh,name_en,river_code,from_node,to_node,owner;
 * the others may be absent or empty):
 *   code,name_zh,name_en,river_code,from_node,to_node,length_km,kind,velocity_m_s,
 *   vel_a,vel_b,depth_m,depth_c,depth_d,owner,geometry
 * kind reach (default; also "channel") | diversion | withdrawal (to_node empty: water
 * leaves the network). Velocity: velocity_m_s, or vel_a and vel_b (v = a·Q^b, m/s with Q in
 * m³/s; 0 ≤ b ≤ 1); depth: depth_m, or depth_c and depth_d (depth = c·Q^d). geometry:
 * "lon lat;lon lat;..." from the upstream end (at least two points), or empty for
 * the straight line between the nodes. length_km empty: the geodesic length (WGS-84)
 * of the geometry.
 * GeoJSON: a FeatureCollection of LineString features (geometry null: the straight
 * line) whose properties carry the same fields (numbers as JSON numbers or strings;
 * other properties ignored); an error names the feature index and the JSON path
 * ("features[3].properties.length_km"). */
JE_API je_status je_import_reaches(je_db *db, const char *path, const je_import_opts *opts,
                                   je_import_report *rep, je_error *err);

/* Monthly conditions: CSV reach,month,flow_m3_s,temp_c (month YYYY-MM; flow ≥ 0, the
 * monthly mean entering the reach at its upstream end — point loads on the reach add
 * their discharge below; water temperature −5 to 45 °C). Where the flows leaving a
 * node exceed those arriving, the surplus is a lateral inflow at the node (all of it
 * at a headwater) with the node's inflow concentrations (je_import_headwaters). An
 * existing (reach, month) is an error unless opts->replace. */
JE_API je_status je_import_reach_conditions(je_db *db, const char *path, const je_import_opts *opts,
                                            je_import_report *rep, je_error *err);

/* Section locations: CSV section,reach,km (km from the reach's upstream end, 0 to its
 * length). A section already located is an error unless opts->replace. */
JE_API je_status je_import_river_sections(je_db *db, const char *path, const je_import_opts *opts,
                                          je_import_report *rep, je_error *err);

/* Loads: CSV code,name_zh,name_en,kind,owner,reach,km. kind outfall | wwtp |
 * tributary at km of the reach (0 to its length); diffuse with km empty (spread
 * evenly along the reach). */
JE_API je_status je_import_river_loads(je_db *db, const char *path, const je_import_opts *opts,
                                       je_import_report *rep, je_error *err);

/* Load values: CSV load,month,flow_m3_s,cod,codmn,nh3n,tp,bod5,do — the load's flow
 * (m³/s, ≥ 0) and concentrations (mg/L, ≥ 0; empty = not given) in a month (YYYY-MM),
 * or in every month without a row of its own when month is empty. */
JE_API je_status je_import_load_values(je_db *db, const char *path, const je_import_opts *opts,
                                       je_import_report *rep, je_error *err);

/* Inflow concentrations: CSV node,month,cod,codmn,nh3n,tp,bod5,do (mg/L; month as
 * load values): the water entering the network at the node — all of a headwater's
 * flow, the lateral surplus elsewhere. A node without a row gets no mass (DO
 * saturated). */
JE_API je_status je_import_headwaters(je_db *db, const char *path, const je_import_opts *opts,
                                      je_import_report *rep, je_error *err);

/* Counts of the stored network (any pointer may be NULL). */
JE_API je_status je_store_river_counts(je_db *db, int64_t *out_nodes, int64_t *out_reaches,
                                       int64_t *out_sections, int64_t *out_loads, je_error *err);

/* The stored network ready for the model in one month. */
typedef struct je_river_data {
    je_river_net *net;    /* validated; elements in the store's order (reaches and
                             loads by their import order, sections by reach and km) */
    je_river_month month; /* the month's conditions; its arrays are the ones below */
    char month_code[8];   /* "YYYY-MM" */
    double *q_m3_s;       /* per reach: flow entering at the upstream end */
    double *temp_c;       /* per reach */
    double *inflow_mg_l;  /* per node × JE_RIVER_NSUB: inflow concentrations (NAN none) */
} je_river_data;

/* Build the network of the store and its conditions in `month` ("YYYY-MM"): every
 * node and reach, every located section (with its waterbody and target class), every
 * load with its values in that month (the month's row, else the constant row; a load
 * with neither has no discharge and no mass). A diffuse load's flow × concentration
 * (kg/d = 86.4 × m³/s × mg/L) is spread evenly over its reach (w_kg_d_km). The
 * background stays NAN (nodes without inflow concentrations bring clean water, DO
 * saturated). JE_EINVAL for a bad month; JE_ENOTFOUND when there is no network or a
 * reach has no conditions in that month (the message names one); JE_EDATA when the
 * engine finds the network invalid (err names the first problem); JE_EDB, JE_ENOMEM.
 * Free with je_river_data_free (also after a failure). Note: river.h's
 * je_river_net_load() reads a load's spec; this is the store's loader. */
JE_API je_status je_river_store_load(je_db *db, const char *month, je_river_data *out,
                                     je_error *err);
JE_API void je_river_data_free(je_river_data *d);

/* The stored network as a GeoJSON FeatureCollection (UTF-8, compact): one LineString
 * per reach (properties: layer "reach", code, name_zh, name_en, river_code, kind,
 * from_node, to_node, length_km, owner), one Point per located section (layer
 * "section", code, names, reach, km, kind, target_class, owner) and per point load
 * (layer "load", code, names, kind, owner, reach, km; the point interpolated along the
 * reach's geometry), nodes are not exported. *out is malloc'd (free()). */
JE_API je_status je_river_export_geojson(je_db *db, char **out, je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_RIVER_STORE_H */
