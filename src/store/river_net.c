/*
 * river_net.c — building the transport model's network (river.h) from the store:
 * every node, reach, located section and load, and for a month the flows,
 * temperatures, node inflow concentrations and load values. Also used by the import
 * of reaches to let the engine's je_river_net_validate judge the stored network
 * inside the import's transaction.
 */
#include "store/river_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* kg/d carried by 1 m³/s at 1 mg/L */
#define KG_D_PER_M3S_MGL 86.4

static je_status add_nodes(je_db *db, je_river_net *net, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, "SELECT code FROM river_node ORDER BY id", -1, &s, NULL) !=
        SQLITE_OK)
        return je_db_fail(db, err, "loading the river network");
    je_status st = JE_OK;
    while (st == JE_OK && sqlite3_step(s) == SQLITE_ROW)
        st = je_river_net_add_node(net, (const char *)sqlite3_column_text(s, 0), NULL, err);
    sqlite3_finalize(s);
    return st;
}

static double col_num(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

static je_status add_reaches(je_db *db, je_river_net *net, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT r.code, f.code, t.code, r.kind, r.length_km, r.velocity_m_s,"
                           " r.vel_a, r.vel_b, r.depth_m, r.depth_c, r.depth_d FROM river_reach r"
                           " JOIN river_node f ON f.id = r.from_node"
                           " LEFT JOIN river_node t ON t.id = r.to_node ORDER BY r.id",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "loading the river network");
    je_status st = JE_OK;
    while (st == JE_OK && sqlite3_step(s) == SQLITE_ROW) {
        je_river_reach_spec r;
        r.code = (const char *)sqlite3_column_text(s, 0);
        r.from_node = (const char *)sqlite3_column_text(s, 1);
        r.to_node = (const char *)sqlite3_column_text(s, 2);
        const char *kind = (const char *)sqlite3_column_text(s, 3);
        r.kind = strcmp(kind, "diversion") == 0    ? JE_REACH_DIVERSION
                 : strcmp(kind, "withdrawal") == 0 ? JE_REACH_WITHDRAWAL
                                                   : JE_REACH_CHANNEL;
        r.length_km = col_num(s, 4);
        r.hyd.u_m_s = col_num(s, 5);
        r.hyd.vel_a = col_num(s, 6);
        r.hyd.vel_b = col_num(s, 7);
        r.hyd.h_m = col_num(s, 8);
        r.hyd.depth_c = col_num(s, 9);
        r.hyd.depth_d = col_num(s, 10);
        st = je_river_net_add_reach(net, &r, NULL, err);
    }
    sqlite3_finalize(s);
    return st;
}

static je_status add_sections(je_db *db, je_river_net *net, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT s.code, r.code, l.km, s.waterbody, coalesce(s.target_class, 0)"
                           " FROM section_location l JOIN section s ON s.id = l.section_id"
                           " JOIN river_reach r ON r.id = l.reach_id ORDER BY r.id, l.km, s.code",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "loading the river network");
    je_status st = JE_OK;
    while (st == JE_OK && sqlite3_step(s) == SQLITE_ROW) {
        je_river_section_spec x;
        x.code = (const char *)sqlite3_column_text(s, 0);
        x.reach = (const char *)sqlite3_column_text(s, 1);
        x.x_km = sqlite3_column_double(s, 2);
        x.waterbody = strcmp((const char *)sqlite3_column_text(s, 3), "lake") == 0
                          ? JE_WATERBODY_LAKE
                          : JE_WATERBODY_RIVER;
        x.target = (je_wq_class)sqlite3_column_int(s, 4);
        st = je_river_net_add_section(net, &x, NULL, err);
    }
    sqlite3_finalize(s);
    return st;
}

/* Loads with their values in `month` (its own row, else the constant row; none: no
 * discharge and no mass). month NULL: structure only (flows 0). */
static je_status add_loads(je_db *db, je_river_net *net, const char *month, je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(
            db->db,
            "SELECT d.code, d.owner, d.kind, r.code, d.km, r.length_km, v.flow_m3_s, v.v_cod,"
            " v.v_codmn, v.v_nh3n, v.v_tp, v.v_bod5, v.v_do FROM river_load d"
            " JOIN river_reach r ON r.id = d.reach_id"
            " LEFT JOIN load_value v ON v.load_id = d.id AND v.month = coalesce("
            "   (SELECT month FROM load_value w WHERE w.load_id = d.id AND w.month = ?1),"
            "   (SELECT month FROM load_value w WHERE w.load_id = d.id AND w.month = ''))"
            " ORDER BY d.id",
            -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "loading the river network");
    sqlite3_bind_text(s, 1, month ? month : "", -1, SQLITE_STATIC);
    je_status st = JE_OK;
    while (st == JE_OK && sqlite3_step(s) == SQLITE_ROW) {
        je_river_load_spec l;
        je_river_load_spec_init(&l);
        l.code = (const char *)sqlite3_column_text(s, 0);
        l.owner = (const char *)sqlite3_column_text(s, 1);
        const char *kind = (const char *)sqlite3_column_text(s, 2);
        je_load_kind_parse(kind, &l.kind, NULL);
        l.reach = (const char *)sqlite3_column_text(s, 3);
        double len = sqlite3_column_double(s, 5);
        double q = month ? col_num(s, 6) : 0;
        if (isnan(q))
            q = 0;
        if (l.kind == JE_LOAD_DIFFUSE) {
            l.x_km = 0;
            l.x_end_km = NAN;
            for (int i = 0; i < RV_NITEMS - 1; i++) { /* not DO */
                double c = month ? col_num(s, 7 + i) : NAN;
                l.w_kg_d_km[i] = isnan(c) ? NAN : q * c * KG_D_PER_M3S_MGL / len;
            }
        } else {
            l.x_km = sqlite3_column_double(s, 4);
            l.q_m3_s = q;
            for (int i = 0; i < RV_NITEMS; i++)
                l.conc_mg_l[i] = month ? col_num(s, 7 + i) : NAN;
        }
        st = je_river_net_add_load(net, &l, NULL, err);
    }
    sqlite3_finalize(s);
    return st;
}

static je_status build(je_db *db, const char *month, je_river_net **out, je_diag *diag,
                       je_error *err)
{
    je_status st = je_river_net_new(out, err);
    if (st != JE_OK)
        return st;
    if ((st = add_nodes(db, *out, err)) == JE_OK && (st = add_reaches(db, *out, err)) == JE_OK &&
        (st = add_sections(db, *out, err)) == JE_OK &&
        (st = add_loads(db, *out, month, err)) == JE_OK)
        st = je_river_net_validate(*out, diag, err);
    return st;
}

je_status je_rv_validate_stored(je_batch *b, je_error *err)
{
    je_river_net *net = NULL;
    je_diag d;
    je_diag_init(&d, 20);
    je_error e;
    je_error_clear(&e);
    je_status st = build(b->db, NULL, &net, &d, &e);
    je_river_net_free(net);
    if (st == JE_EDATA) {
        st = JE_OK;
        for (size_t i = 0; i < d.count && st == JE_OK; i++)
            st =
                je_rv_reject_at(b, 0, NULL, "the network would be invalid: %s", d.items[i].message);
        if (d.count == 0)
            st = je_rv_reject_at(b, 0, NULL, "the network would be invalid: %s", e.message);
        if (st != JE_OK)
            st = je_error_set(err, JE_ENOMEM, "out of memory");
    } else if (st != JE_OK) {
        st = je_error_set(err, st, "%s", e.message);
    }
    je_diag_free(&d);
    return st;
}

/* Flow and temperature of every reach in the month (net order = reach id order). */
static je_status read_conditions(je_db *db, je_river_data *d, je_error *err)
{
    size_t nr = je_river_net_reach_count(d->net);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT r.code, c.flow_m3_s, c.temp_c FROM river_reach r"
                           " LEFT JOIN reach_condition c ON c.reach_id = r.id AND c.month = ?1"
                           " ORDER BY r.id",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "loading the month's conditions");
    sqlite3_bind_text(s, 1, d->month_code, -1, SQLITE_STATIC);
    size_t i = 0, missing = 0;
    char first[64] = "";
    while (sqlite3_step(s) == SQLITE_ROW && i < nr) {
        if (sqlite3_column_type(s, 1) == SQLITE_NULL) {
            if (missing++ == 0)
                snprintf(first, sizeof first, "%s", (const char *)sqlite3_column_text(s, 0));
            d->q_m3_s[i] = NAN;
            d->temp_c[i] = NAN;
        } else {
            d->q_m3_s[i] = sqlite3_column_double(s, 1);
            d->temp_c[i] = sqlite3_column_double(s, 2);
        }
        i++;
    }
    sqlite3_finalize(s);
    if (missing)
        return je_error_set(err, JE_ENOTFOUND,
                            "no flow for %s on %zu reach(es), e.g. %s (import reach-conditions "
                            "for that month)",
                            d->month_code, missing, first);
    return JE_OK;
}

static je_status read_inflows(je_db *db, je_river_data *d, je_error *err)
{
    size_t nn = je_river_net_node_count(d->net);
    for (size_t i = 0; i < nn * JE_RIVER_NSUB; i++)
        d->inflow_mg_l[i] = NAN;
    sqlite3_stmt *s;
    /* the month's row wins over the constant row: read the constant first */
    if (sqlite3_prepare_v2(db->db,
                           "SELECT n.code, h.v_cod, h.v_codmn, h.v_nh3n, h.v_tp, h.v_bod5, h.v_do"
                           " FROM river_headwater h JOIN river_node n ON n.id = h.node_id"
                           " WHERE h.month IN ('', ?1) ORDER BY h.month",
                           -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "loading inflow concentrations");
    sqlite3_bind_text(s, 1, d->month_code, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW) {
        size_t n;
        if (je_river_net_find_node(d->net, (const char *)sqlite3_column_text(s, 0), &n) != JE_OK)
            continue;
        for (int k = 0; k < RV_NITEMS; k++)
            d->inflow_mg_l[n * JE_RIVER_NSUB + (size_t)k] = col_num(s, 1 + k);
    }
    sqlite3_finalize(s);
    return JE_OK;
}

je_status je_river_store_load(je_db *db, const char *month, je_river_data *out, je_error *err)
{
    memset(out, 0, sizeof *out);
    if (month == NULL || !je_rv_month_ok(month))
        return je_error_set(err, JE_EINVAL, "invalid month '%s' (YYYY-MM)", month ? month : "");
    snprintf(out->month_code, sizeof out->month_code, "%s", month);
    je_diag d;
    je_diag_init(&d, 1);
    je_status st = build(db, month, &out->net, &d, err);
    je_diag_free(&d);
    if (st == JE_EDATA && je_river_net_reach_count(out->net) == 0)
        st = je_error_set(err, JE_ENOTFOUND,
                          "no river network in the database (import river-nodes and reaches)");
    if (st != JE_OK) {
        je_river_data_free(out);
        return st;
    }
    size_t nr = je_river_net_reach_count(out->net), nn = je_river_net_node_count(out->net);
    out->q_m3_s = malloc(nr * sizeof *out->q_m3_s);
    out->temp_c = malloc(nr * sizeof *out->temp_c);
    out->inflow_mg_l = malloc(nn * JE_RIVER_NSUB * sizeof *out->inflow_mg_l);
    if (!out->q_m3_s || !out->temp_c || !out->inflow_mg_l) {
        je_river_data_free(out);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    if ((st = read_conditions(db, out, err)) != JE_OK ||
        (st = read_inflows(db, out, err)) != JE_OK) {
        je_river_data_free(out);
        return st;
    }
    je_river_month_init(&out->month);
    out->month.q_m3_s = out->q_m3_s;
    out->month.temp_c = out->temp_c;
    out->month.inflow_mg_l = out->inflow_mg_l;
    return JE_OK;
}

void je_river_data_free(je_river_data *d)
{
    if (d == NULL)
        return;
    je_river_net_free(d->net);
    free(d->q_m3_s);
    free(d->temp_c);
    free(d->inflow_mg_l);
    memset(d, 0, sizeof *d);
}
