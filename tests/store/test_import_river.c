/* Store imports of the river network through the library API: a small network
 * accepted from CSV and from GeoJSON (lengths from the geometry), each kind of invalid
 * network rejected with its reason and the database left exactly as it was (unknown
 * node, a length that is not positive, a cycle, a disconnected piece, a node on no
 * reach, a split river, a section or load beyond its reach, a reach shortened under a
 * section), a bad GeoJSON feature named by index and JSON path, the loader for a
 * month, and the demo's river files. */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/river_store.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(import_river, .fini = cleanup);

/*  A (SC) --R1 10 km--> C <--R2 8 km-- B (CQ);  C --R3 12 km--> D (outlet) */
static const char nodes_csv[] = "code,name_zh,name_en,lon,lat,owner\n"
                                "A,甲源,A head,106.00,30.20,510000\n"
                                "B,乙源,B head,106.20,30.20,500000\n"
                                "C,汇口,Confluence,106.10,30.10,500000\n"
                                "D,出口,Outlet,106.10,30.00,500000\n";
#define REACH_HDR                                                                                  \
    "code,name_zh,name_en,river_code,from_node,to_node,length_km,kind,velocity_m_s,vel_a,vel_b,"   \
    "depth_m,depth_c,depth_d,owner,geometry\n"
static const char reaches_csv[] = REACH_HDR
    "R1,甲河,River A,RA,A,C,10,reach,0.5,,,1.5,,,510000,\n"
    "R2,乙河,River B,RB,B,C,8,,,0.2,0.3,,0.3,0.4,500000,\n"
    "R3,干流,Main,RM,C,D,12,reach,0.8,,,2,,,500000,106.10 30.10;106.12 30.05;106.10 30.00\n";
static const char sections_csv[] =
    "code,name_zh,name_en,river_code,river_zh,river_en,basin_code,basin_zh,basin_en,lon,lat,kind,"
    "owner,upstream,downstream,target_class,waterbody\n"
    "S1,甲断面,Section A,RA,甲河,River A,BX,测试流域,Test basin,106.05,30.15,boundary,500000,"
    "510000,500000,III,river\n"
    "S2,干流断面,Main section,RM,干流,Main,BX,测试流域,Test basin,106.11,30.04,provincial,500000,"
    ",,III,river\n";
static const char locs_csv[] = "section,reach,km\nS1,R1,9.5\nS2,R3,6\n";
static const char cond_csv[] = "reach,month,flow_m3_s,temp_c\n"
                               "R1,2022-03,10,14\nR2,2022-03,5,14\nR3,2022-03,15,14\n";
static const char loads_csv[] = "code,name_zh,name_en,kind,owner,reach,km\n"
                                "L1,甲排口,Outfall A,outfall,510000,R1,5\n"
                                "L2,乙厂,WWTP B,wwtp,500000,R2,4\n"
                                "L3,面源,Runoff,diffuse,500000,R3,\n";
static const char values_csv[] = "load,month,flow_m3_s,cod,codmn,nh3n,tp,bod5,do\n"
                                 "L1,,0.1,200,50,25,3,100,1\n"
                                 "L2,2022-03,0.2,30,8,2,0.3,6,4\n"
                                 "L3,,0.05,40,10,1,0.5,8,\n";
static const char heads_csv[] = "node,month,cod,codmn,nh3n,tp,bod5,do\n"
                                "A,,8,2,0.2,0.05,1.5,\nB,2022-03,10,3,0.3,0.08,2,9\n";

static const char *db_path(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s", t_path(name));
    return p;
}

static void ok(je_db *db, t_import_fn fn, const char *name, const char *text)
{
    je_import_report rep;
    t_import_ok(db, fn, t_file_with(name, text), NULL, &rep);
    je_import_report_free(&rep);
}

/* jurisdictions, sections and the nodes */
static je_db *base_db(const char *dbp)
{
    je_db *db = t_open_db(dbp);
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions, t_fixture("jurisdictions.csv"), NULL, &rep);
    je_import_report_free(&rep);
    ok(db, je_import_sections, "sections.csv", sections_csv);
    ok(db, je_import_river_nodes, "nodes.csv", nodes_csv);
    return db;
}

static je_db *full_db(const char *dbp)
{
    je_db *db = base_db(dbp);
    ok(db, je_import_reaches, "reaches.csv", reaches_csv);
    ok(db, je_import_reach_conditions, "cond.csv", cond_csv);
    ok(db, je_import_headwaters, "heads.csv", heads_csv);
    ok(db, je_import_river_sections, "locs.csv", locs_csv);
    ok(db, je_import_river_loads, "loads.csv", loads_csv);
    ok(db, je_import_load_values, "values.csv", values_csv);
    return db;
}

Test(import_river, good_network_loads_and_models)
{
    const char *dbp = db_path("good.db");
    je_db *db = full_db(dbp);
    int64_t nn, nr, ns, nl;
    cr_assert_eq(je_store_river_counts(db, &nn, &nr, &ns, &nl, NULL), JE_OK);
    cr_assert_eq(nn, 4);
    cr_assert_eq(nr, 3);
    cr_assert_eq(ns, 2);
    cr_assert_eq(nl, 3);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM river_reach WHERE vel_a = 0.2"), 1);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM river_reach WHERE geometry IS NOT NULL"), 1);
    je_river_data d;
    je_error e;
    je_error_clear(&e);
    cr_assert_eq(je_river_store_load(db, "2022-03", &d, &e), JE_OK, "%s", e.message);
    cr_assert_eq(je_river_net_reach_count(d.net), 3);
    cr_assert_eq(je_river_net_section_count(d.net), 2);
    cr_assert_eq(je_river_net_load_count(d.net), 3);
    cr_assert_eq(je_river_net_owner_count(d.net), 2);
    size_t a, b;
    cr_assert_eq(je_river_net_find_node(d.net, "A", &a), JE_OK);
    cr_assert_eq(je_river_net_find_node(d.net, "B", &b), JE_OK);
    /* the constant row of A; B's month row */
    cr_assert_float_eq(d.inflow_mg_l[a * JE_RIVER_NSUB + JE_RIVER_NH3N], 0.2, 1e-12);
    cr_assert_float_eq(d.inflow_mg_l[b * JE_RIVER_NSUB + JE_RIVER_DO], 9.0, 1e-12);
    cr_assert(isnan(d.inflow_mg_l[a * JE_RIVER_NSUB + JE_RIVER_DO]));
    /* the diffuse load: 0.05 m3/s x 40 mg/L x 86.4 / 12 km = 14.4 kg/(d km) of COD */
    size_t l3;
    cr_assert_eq(je_river_net_find_load(d.net, "L3", &l3), JE_OK);
    je_river_load_spec spec;
    cr_assert_eq(je_river_net_load(d.net, l3, &spec), JE_OK);
    cr_assert_float_eq(spec.w_kg_d_km[JE_RIVER_COD], 14.4, 1e-9);
    je_river_result res;
    cr_assert_eq(je_river_model_run(d.net, &d.month, NULL, &res, &e), JE_OK, "%s", e.message);
    /* S1 lies below outfall L1 (0.1 m3/s of NH3-N 25 into 10 m3/s of 0.2): about
       (0.2*10 + 25*0.1)/10.1 = 0.446 before decay */
    double nh3 = res.sections[0].conc_mg_l[JE_RIVER_NH3N];
    cr_assert(nh3 > 0.38 && nh3 < 0.45, "S1 NH3-N %g", nh3);
    je_river_result_free(&res);
    /* no flows for another month */
    je_river_data_free(&d);
    cr_assert_eq(je_river_store_load(db, "2022-04", &d, &e), JE_ENOTFOUND);
    cr_assert(strstr(e.message, "2022-04") != NULL, "%s", e.message);
    je_river_data_free(&d);
    je_db_close(db);
}

Test(import_river, reach_rows_rejected_where_they_are)
{
    const char *dbp = db_path("rows.db");
    je_db *db = base_db(dbp);
    const char *row_unknown = "R1,甲河,River A,RA,A,X,10,reach,0.5,,,,,,510000,";
    char text[1024];
    snprintf(text, sizeof text, REACH_HDR "%s\n", row_unknown);
    t_expect_rejected(dbp, db, je_import_reaches, t_file_with("r1.csv", text), NULL, 2,
                      t_char_col(row_unknown, 5), "unknown node 'X'", 1);
    const char *row_zero = "R1,甲河,River A,RA,A,C,0,reach,0.5,,,,,,510000,";
    snprintf(text, sizeof text, REACH_HDR "%s\n", row_zero);
    t_expect_rejected(dbp, db, je_import_reaches, t_file_with("r2.csv", text), NULL, 2,
                      t_char_col(row_zero, 6), "must be positive", 1);
    const char *row_neg = "R1,甲河,River A,RA,A,C,-3,reach,0.5,,,,,,510000,";
    snprintf(text, sizeof text, REACH_HDR "%s\n", row_neg);
    t_expect_rejected(dbp, db, je_import_reaches, t_file_with("r3.csv", text), NULL, 2,
                      t_char_col(row_neg, 6), "must be positive", 1);
    const char *row_novel = "R1,甲河,River A,RA,A,C,10,reach,,,,,,,510000,";
    snprintf(text, sizeof text, REACH_HDR "%s\n", row_novel);
    t_expect_rejected(dbp, db, je_import_reaches, t_file_with("r4.csv", text), NULL, 2,
                      t_char_col(row_novel, 8), "no velocity", 1);
    je_db_close(db);
}

/* A whole-network problem: rejected at the reach's line (column 0), reason in it. */
static void expect_network_rejected(const char *dbp, je_db *db, const char *name,
                                    const char *extra_rows, long line, const char *msg)
{
    char text[2048];
    snprintf(text, sizeof text, "%s%s", reaches_csv, extra_rows);
    t_expect_rejected(dbp, db, je_import_reaches, t_file_with(name, text), NULL, line, 0, msg, 0);
}

Test(import_river, invalid_networks_rejected_with_reason)
{
    const char *dbp = db_path("net.db");
    je_db *db = base_db(dbp);
    ok(db, je_import_river_nodes, "more_nodes.csv",
       "code,name_zh,name_en,lon,lat,owner\nE,戊,E,106.3,30.3,510000\nF,己,F,106.4,30.3,510000\n");
    /* a cycle: D back to A */
    expect_network_rejected(dbp, db, "cycle.csv",
                            "R4,回流,Back,RM,D,A,5,reach,0.5,,,,,,500000,\n"
                            "R5,戊河,E,RE,E,F,5,reach,0.5,,,,,,510000,\n"
                            "R6,己河,F,RF,F,C,5,reach,0.5,,,,,,510000,\n",
                            5, "cycle");
    /* a disconnected piece: E -> F drains nowhere near the rest */
    expect_network_rejected(dbp, db, "piece.csv", "R5,戊河,E,RE,E,F,5,reach,0.5,,,,,,510000,\n", 5,
                            "not connected");
    /* nodes E and F on no reach */
    t_expect_rejected(dbp, db, je_import_reaches, t_file_with("unused.csv", reaches_csv), NULL, 0,
                      0, "node E is on no reach", 2);
    /* a river that splits: C -> E as a second channel */
    expect_network_rejected(dbp, db, "split.csv",
                            "R5,支汊,Split,RM,C,E,5,reach,0.5,,,,,,500000,\n"
                            "R6,己河,F,RF,F,E,5,reach,0.5,,,,,,510000,\n",
                            5, "two downstream river reaches");
    /* what only the engine's validation sees: a diversion to E gives a second outlet */
    t_expect_rejected(dbp, db, je_import_reaches,
                      t_file_with("outlets.csv",
                                  REACH_HDR "R1,甲河,River A,RA,A,C,10,reach,0.5,,,,,,510000,\n"
                                            "R2,乙河,River B,RB,B,C,8,reach,0.5,,,,,,500000,\n"
                                            "R3,干流,Main,RM,C,D,12,reach,0.8,,,,,,500000,\n"
                                            "R4,渠,Canal,RC,C,E,3,diversion,0.5,,,,,,500000,\n"
                                            "R5,己河,F,RF,F,E,5,reach,0.5,,,,,,510000,\n"),
                      NULL, 0, 0, "the network would be invalid", 0);
    je_db_close(db);
}

Test(import_river, positions_beyond_the_reach_rejected)
{
    const char *dbp = db_path("pos.db");
    je_db *db = base_db(dbp);
    ok(db, je_import_reaches, "reaches.csv", reaches_csv);
    const char *row = "S1,R1,10.5";
    char text[256];
    snprintf(text, sizeof text, "section,reach,km\n%s\n", row);
    t_expect_rejected(dbp, db, je_import_river_sections, t_file_with("l1.csv", text), NULL, 2,
                      t_char_col(row, 2), "beyond the end of reach R1 (10 km long)", 1);
    const char *unk = "S9,R1,1";
    snprintf(text, sizeof text, "section,reach,km\n%s\n", unk);
    t_expect_rejected(dbp, db, je_import_river_sections, t_file_with("l2.csv", text), NULL, 2, 1,
                      "unknown section 'S9'", 1);
    const char *lrow = "L1,甲排口,Outfall A,outfall,510000,R2,8.5";
    snprintf(text, sizeof text, "code,name_zh,name_en,kind,owner,reach,km\n%s\n", lrow);
    t_expect_rejected(dbp, db, je_import_river_loads, t_file_with("d1.csv", text), NULL, 2,
                      t_char_col(lrow, 6), "beyond the end of reach R2", 1);
    const char *drow = "L3,面源,Runoff,diffuse,500000,R9,";
    snprintf(text, sizeof text, "code,name_zh,name_en,kind,owner,reach,km\n%s\n", drow);
    t_expect_rejected(dbp, db, je_import_river_loads, t_file_with("d2.csv", text), NULL, 2,
                      t_char_col(drow, 5), "unknown reach 'R9'", 1);
    /* shortening R3 under section S2 (at km 6) */
    ok(db, je_import_river_sections, "locs.csv", locs_csv);
    char shorter[1024];
    snprintf(shorter, sizeof shorter, REACH_HDR "R3,干流,Main,RM,C,D,5,reach,0.8,,,2,,,500000,\n");
    je_import_opts o = {.replace = 1};
    t_expect_rejected(dbp, db, je_import_reaches, t_file_with("short.csv", shorter), &o, 2, 0,
                      "section S2 at km 6 is beyond the end of reach R3 (now 5 km long)", 1);
    je_db_close(db);
}

Test(import_river, values_and_conditions_rejected)
{
    const char *dbp = db_path("vals.db");
    je_db *db = full_db(dbp);
    const char *row = "R1,2022-13,10,14";
    char text[256];
    snprintf(text, sizeof text, "reach,month,flow_m3_s,temp_c\n%s\n", row);
    t_expect_rejected(dbp, db, je_import_reach_conditions, t_file_with("c1.csv", text), NULL, 2,
                      t_char_col(row, 1), "invalid month '2022-13'", 1);
    const char *dup = "R1,2022-03,11,14";
    snprintf(text, sizeof text, "reach,month,flow_m3_s,temp_c\n%s\n", dup);
    t_expect_rejected(dbp, db, je_import_reach_conditions, t_file_with("c2.csv", text), NULL, 2,
                      t_char_col(dup, 1), "already exists", 1);
    /* -3 C would import but not run: the import takes the model's range, -1 to 50 C */
    const char *cold = "R1,2022-05,10,-3";
    snprintf(text, sizeof text, "reach,month,flow_m3_s,temp_c\n%s\n", cold);
    t_expect_rejected(dbp, db, je_import_reach_conditions, t_file_with("c3.csv", text), NULL, 2,
                      t_char_col(cold, 3), "temp_c", 1);
    const char *neg = "L1,2022-04,0.1,-5,,,,,";
    snprintf(text, sizeof text, "load,month,flow_m3_s,cod,codmn,nh3n,tp,bod5,do\n%s\n", neg);
    t_expect_rejected(dbp, db, je_import_load_values, t_file_with("v1.csv", text), NULL, 2,
                      t_char_col(neg, 3), "invalid cod '-5'", 1);
    je_db_close(db);
}

static const char geojson_good[] =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"R1\",\"name_zh\":\"甲河\","
    "\"name_en\":\"River A\",\"river_code\":\"RA\",\"from_node\":\"A\",\"to_node\":\"C\","
    "\"velocity_m_s\":0.5,\"owner\":\"510000\"},\"geometry\":{\"type\":\"LineString\","
    "\"coordinates\":[[106.0,30.2],[106.1,30.1]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"R2\",\"name_zh\":\"乙河\","
    "\"name_en\":\"River B\",\"river_code\":\"RB\",\"from_node\":\"B\",\"to_node\":\"C\","
    "\"length_km\":8,\"vel_a\":\"0.2\",\"vel_b\":0.3,\"owner\":\"500000\"},"
    "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[106.2,30.2],[106.1,30.1]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"R3\",\"name_zh\":\"干流\","
    "\"name_en\":\"Main\",\"river_code\":\"RM\",\"from_node\":\"C\",\"to_node\":\"D\","
    "\"length_km\":12,\"velocity_m_s\":0.8,\"owner\":\"500000\"},"
    "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[106.1,30.1],[106.1,30.0]]}}]}";

Test(import_river, geojson_reaches)
{
    const char *dbp = db_path("geo.db");
    je_db *db = base_db(dbp);
    ok(db, je_import_reaches, "reaches.geojson", geojson_good);
    /* R1 had no length: the WGS-84 geodesic from (106.0, 30.2) to (106.1, 30.1), 14.686 km
       (Karney's algorithm; the haversine on the mean radius 6371.0088 km gives 14.700) */
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM river_reach"), 3);
    long long m =
        t_db_int(dbp, "SELECT round(length_km * 1000) FROM river_reach WHERE code = 'R1'");
    cr_assert(m >= 14680 && m <= 14692, "R1 %lld m", m);
    je_db_close(db);
}

Test(import_river, geojson_bad_feature_named_by_index_and_path)
{
    const char *dbp = db_path("geobad.db");
    je_db *db = base_db(dbp);
    char text[4096];
    snprintf(text, sizeof text, "%s", geojson_good);
    /* the second feature's length becomes -8 */
    char *p = strstr(text, "\"length_km\":8");
    cr_assert_not_null(p);
    memmove(p + 13, p + 12, strlen(p + 12) + 1);
    memcpy(p, "\"length_km\":-8", 14);
    const char *file = t_file_with("bad.geojson", text);
    t_expect_rejected(dbp, db, je_import_reaches, file, NULL, 0, 0,
                      "features[1].properties.length_km: invalid length_km '-8'", 1);
    /* not JSON at all: line and column of the parse error */
    t_expect_rejected(dbp, db, je_import_reaches, t_file_with("broken.geojson", "{\"type\": }"),
                      NULL, 1, 10, "invalid JSON", 1);
    /* a Point where a LineString belongs */
    snprintf(text, sizeof text, "%s", geojson_good);
    p = strstr(text, "\"LineString\"");
    memcpy(p, "\"Point\"     ", 12);
    t_expect_rejected(dbp, db, je_import_reaches, t_file_with("point.geojson", text), NULL, 0, 0,
                      "features[0].geometry: must be a LineString", 1);
    je_db_close(db);
}

Test(import_river, demo_files_import_and_load)
{
    const char *dbp = db_path("demo.db");
    je_db *db = t_open_db(dbp);
    char path[1024];
    static const struct {
        const char *file;
        t_import_fn fn;
    } steps[] = {{"jurisdictions.csv", je_import_jurisdictions},
                 {"sections.csv", je_import_sections},
                 {"river_nodes.csv", je_import_river_nodes},
                 {"river_reaches.geojson", je_import_reaches},
                 {"river_conditions.csv", je_import_reach_conditions},
                 {"river_headwaters.csv", je_import_headwaters},
                 {"river_sections.csv", je_import_river_sections},
                 {"river_loads.csv", je_import_river_loads},
                 {"river_load_values.csv", je_import_load_values}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        snprintf(path, sizeof path, "%s/data/demo/chengyu/%s", JE_SOURCE_DIR, steps[i].file);
        je_import_report rep;
        t_import_ok(db, steps[i].fn, path, NULL, &rep);
        je_import_report_free(&rep);
    }
    /* the CSV form of the reaches replaces the GeoJSON one without a change of network */
    snprintf(path, sizeof path, "%s/data/demo/chengyu/river_reaches.csv", JE_SOURCE_DIR);
    je_import_opts o = {.replace = 1};
    je_import_report rep;
    t_import_ok(db, je_import_reaches, path, &o, &rep);
    cr_assert_eq(rep.updated, rep.rows);
    je_import_report_free(&rep);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM section_location"),
                 t_db_int(dbp, "SELECT count(*) FROM section"), "every demo section located");
    je_river_data d;
    je_error e;
    je_error_clear(&e);
    cr_assert_eq(je_river_store_load(db, "2022-03", &d, &e), JE_OK, "%s", e.message);
    je_river_result res;
    cr_assert_eq(je_river_model_run(d.net, &d.month, NULL, &res, &e), JE_OK, "%s", e.message);
    for (size_t i = 0; i < res.n_sections; i++)
        for (int s = 0; s < JE_RIVER_NSUB; s++) {
            double v = res.sections[i].conc_mg_l[s];
            cr_assert(isfinite(v) && v >= 0 && v < 100, "%s %s = %g",
                      je_river_net_section_code(d.net, i), je_river_sub_code((je_river_sub)s), v);
        }
    je_river_result_free(&res);
    je_river_data_free(&d);
    je_db_close(db);
}
