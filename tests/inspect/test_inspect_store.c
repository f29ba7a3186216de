/* The inspection store: the outfall and inspector imports (every bad row at its
 * line:column, all or nothing), the permission matrix of draws, inspections, cases and
 * patrols — cross-jurisdiction writes refused and leaving the database unchanged — the
 * draw on the record (and in the audit log) before it is disclosed, reproducible from
 * its seed, private until closed, and the case state machine enforced by the store. */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/governance.h"
#include "jointenv/inspect.h"
#include "jointenv/river_store.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(inspect_store, .fini = cleanup);

static const char OUTFALL_HEAD[] =
    "code,name_zh,name_en,type,jurisdiction,district,enterprise,town,river,reach,lon,lat,permit,"
    "risk\n";

static const char OUTFALLS[] =
    "SC-1,川一,SC one,industrial,510000,510502,91510502SYNTH00100,,R01,YZ-02,105.5,28.9,P1,80\n"
    "SC-2,川二,SC two,municipal,510000,510521,91510521SYNTH00200,,R01,YZ-03,105.7,28.8,P2,40\n"
    "SC-3,川三,SC three,rainwater,510000,510522,,合江县白沙镇,,,105.8,28.8,,10\n"
    "CQ-1,渝一,CQ one,industrial,500000,500116,91500116SYNTH00100,,R01,YZ-05,106.2,29.1,P3,90\n"
    "CQ-2,渝二,CQ two,combined,500000,500118,,永川区新华镇,R01,YZ-04,106.0,29.0,,30\n"
    "CQ-3,渝三,CQ three,agricultural,500000,500153,,荣昌区龙泉镇,,,105.6,29.4,,20\n";

static const char INSPECTORS[] = "code,name,jurisdiction,district,active\n"
                                 "SC-I1,甲,510000,510502,1\n"
                                 "SC-I2,乙,510000,510521,1\n"
                                 "SC-I3,丙,510000,511302,1\n"
                                 "CQ-I1,丁,500000,500116,1\n"
                                 "CQ-I2,戊,500000,500118,1\n"
                                 "CQ-I3,己,500000,500101,1\n";

static const char *demo(const char *f)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/data/demo/chengyu/%s", JE_SOURCE_DIR, f);
    return buf[k];
}

/* A database with the jurisdictions, the demo river network, 6 outfalls, 6 inspectors. */
static je_db *fresh(const char **path)
{
    *path = t_path("inspect.db");
    je_db *db = t_open_db(*path);
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions, demo("jurisdictions.csv"), NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_river_nodes, demo("river_nodes.csv"), NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_reaches, demo("river_reaches.csv"), NULL, &rep);
    je_import_report_free(&rep);
    char text[2048];
    snprintf(text, sizeof text, "%s%s", OUTFALL_HEAD, OUTFALLS);
    t_import_ok(db, je_import_outfalls, t_file_with("outfalls.csv", text), NULL, &rep);
    cr_assert_eq(rep.inserted, 6);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_inspectors, t_file_with("inspectors.csv", INSPECTORS), NULL, &rep);
    je_import_report_free(&rep);
    return db;
}

/* ---- users ----------------------------------------------------------------------- */

enum { SC_ANALYST, CQ_ANALYST, SC_INSPECTOR, CQ_INSPECTOR, JOINT_INSPECTOR, CQ_VIEWER, NUSERS };
static const struct {
    const char *name, *jur;
    je_gov_role role;
} users[NUSERS] = {
    {"sc-analyst", "510000", JE_ROLE_ANALYST},  {"cq-analyst", "500000", JE_ROLE_ANALYST},
    {"sc-insp", "510000", JE_ROLE_INSPECTOR},   {"cq-insp", "500000", JE_ROLE_INSPECTOR},
    {"joint-insp", "joint", JE_ROLE_INSPECTOR}, {"cq-viewer", "500000", JE_ROLE_VIEWER}};
static char tokens[NUSERS][JE_GOV_TOKEN_CHARS];

static void make_users(je_db *db)
{
    je_error e;
    for (int u = 0; u < NUSERS; u++) {
        cr_assert_eq(je_gov_user_add(db, users[u].name, NULL, NULL, &e), JE_OK, "%s", e.message);
        cr_assert_eq(je_gov_role_grant(db, users[u].name, users[u].jur, users[u].role, &e), JE_OK,
                     "%s", e.message);
        int64_t id;
        cr_assert_eq(je_gov_token_create(db, users[u].name, "t", 0, tokens[u], &id, &e), JE_OK,
                     "%s", e.message);
    }
}

static void as(je_db *db, int u)
{
    je_error e;
    je_gov_act_local_admin(db);
    if (u >= 0)
        cr_assert_eq(je_gov_login_token(db, tokens[u], &e), JE_OK, "%s", e.message);
}

/* ---- imports --------------------------------------------------------------------- */

Test(inspect_store, bad_outfall_rows_rejected_at_line_and_column)
{
    const char *dbp;
    je_db *db = fresh(&dbp);
    static const struct {
        const char *row;
        int field;
        const char *msg;
    } bad[] = {
        {"X-1,x,x,sewer,510000,510502,E1,,R01,YZ-02,105.5,28.9,,50", 3, "unknown outfall type"},
        {"X-1,x,x,other,510000,5105,E1,,R01,YZ-02,105.5,28.9,,50", 5, "invalid district '5105'"},
        {"X-1,x,x,other,510000,510502,E1,,R01,YZ-99,105.5,28.9,,50", 9, "unknown reach 'YZ-99'"},
        {"X-1,x,x,other,510000,510502,E1,,R02,YZ-02,105.5,28.9,,50", 9,
         "reach 'YZ-02' lies on river R01, not on 'R02'"},
        {"X-1,x,x,other,510000,510502,,,R01,YZ-02,105.5,28.9,,50", 6, "no owner"},
        {"X-1,x,x,other,510000,510502,E1,,R01,YZ-02,105.5,28.9,,150", 13, "invalid risk '150'"},
        {"X-1,x,x,other,520000,510502,E1,,R01,YZ-02,105.5,28.9,,50", 4,
         "unknown jurisdiction '520000'"},
        {"X-1,x,x,other,510000,510502,E1,,R77,,105.5,28.9,,50", 8, "unknown river 'R77'"},
        {"SC-1,x,x,other,510000,510502,E1,,R01,YZ-02,105.5,28.9,,50", 0,
         "outfall SC-1 already exists"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text, "%s%s\n", OUTFALL_HEAD, bad[i].row);
        const char *f = t_file_with("bad.csv", text);
        t_expect_rejected(dbp, db, je_import_outfalls, f, NULL, 2,
                          t_char_col(bad[i].row, bad[i].field), bad[i].msg, 1);
    }
    /* a good row and a bad one: nothing of the file is imported */
    char text[1024];
    snprintf(text, sizeof text,
             "%sX-2,x,x,other,510000,510502,E1,,R01,YZ-02,105.5,28.9,,50\n"
             "X-3,x,x,other,510000,510502,E1,,R01,YZ-02,105.5,95.0,,50\n",
             OUTFALL_HEAD);
    t_expect_rejected(dbp, db, je_import_outfalls, t_file_with("bad2.csv", text), NULL, 3,
                      t_char_col("X-3,x,x,other,510000,510502,E1,,R01,YZ-02,105.5,95.0,,50", 11),
                      "invalid lat", 1);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM outfall WHERE code = 'X-2'"), 0);
    const char *ins = t_file_with("bi.csv", "code,name,jurisdiction,district,active\n"
                                            "Z-1,z,500000,500116,yes\n");
    t_expect_rejected(dbp, db, je_import_inspectors, ins, NULL, 2, 21, "invalid active 'yes'", 1);
    je_db_close(db);
}

Test(inspect_store, imports_are_per_record_permission_checked_and_logged)
{
    const char *dbp;
    je_db *db = fresh(&dbp);
    make_users(db);
    char text[1024];
    snprintf(text, sizeof text,
             "%sCQ-9,x,x,other,500000,500116,E9,,,,106,29,,5\n"
             "SC-9,x,x,other,510000,510502,E9,,,,105,29,,5\n",
             OUTFALL_HEAD);
    const char *f = t_file_with("mixed.csv", text);
    char before[65], after[65];
    as(db, CQ_ANALYST); /* logging in records the token's use: fingerprint after it */
    t_db_fingerprint(dbp, before);
    je_import_report rep;
    je_error e;
    cr_assert_eq(je_import_outfalls(db, f, NULL, &rep, &e), JE_EPERM);
    cr_expect(strstr(e.message, "user 'cq-analyst' (analyst 500000) may not write outfall SC-9 "
                                "owned by 510000") != NULL,
              "%s", e.message);
    je_import_report_free(&rep);
    t_db_fingerprint(dbp, after);
    cr_expect_str_eq(after, before, "a refused import changed the database");
    as(db, SC_ANALYST); /* nor may Sichuan write Chongqing's */
    cr_assert_eq(je_import_outfalls(db, f, NULL, &rep, &e), JE_EPERM);
    je_import_report_free(&rep);
    as(db, SC_INSPECTOR); /* inspectors inspect; the registry is the analysts' */
    snprintf(text, sizeof text, "%sSC-9,x,x,other,510000,510502,E9,,,,105,29,,5\n", OUTFALL_HEAD);
    f = t_file_with("sc.csv", text);
    cr_assert_eq(je_import_outfalls(db, f, NULL, &rep, &e), JE_EPERM);
    je_import_report_free(&rep);
    as(db, SC_ANALYST);
    cr_assert_eq(je_import_outfalls(db, f, NULL, &rep, &e), JE_OK, "%s", e.message);
    je_import_report_free(&rep);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log WHERE tbl = 'outfall' AND"
                               " record_key = 'SC-9' AND actor = 'sc-analyst'"),
                 1);
    je_db_close(db);
}

/* ---- draws ----------------------------------------------------------------------- */

static je_draw_params dparams(const char *seed, int count)
{
    je_draw_params p;
    memset(&p, 0, sizeof p);
    p.count = count;
    p.day = 19500;
    p.team_size = 2;
    p.by_river = 1;
    snprintf(p.seed, sizeof p.seed, "%s", seed);
    return p;
}

Test(inspect_store, draw_recorded_and_logged_before_disclosure_private_until_closed)
{
    const char *dbp;
    je_db *db = fresh(&dbp);
    make_users(db);
    je_draw_params p = dparams("joint-2023-05", 4);
    int64_t id;
    je_draw_row *rows;
    size_t n;
    je_error e;
    as(db, SC_INSPECTOR);
    cr_assert_eq(je_store_draw(db, &p, &id, &rows, &n, &e), JE_EPERM);
    cr_expect(strstr(e.message, "may not inspect a double-random draw owned by joint") != NULL,
              "%s", e.message);
    cr_expect_null(rows);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM inspect_draw"), 0);
    as(db, JOINT_INSPECTOR);
    cr_assert_eq(je_store_draw(db, &p, &id, &rows, &n, &e), JE_OK, "%s", e.message);
    cr_assert_eq(n, 4);
    /* on the record: the rows handed back are the stored ones, and the audit entry holds
       the seed, the list and its hash */
    je_audit_entry *ae;
    size_t na;
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)id);
    as(db, -1);
    cr_assert_eq(je_audit_entries(db, "inspect_draw", key, 1, &ae, &na, &e), JE_OK);
    cr_assert_eq(na, 1);
    json_t *j = json_loads(ae[0].after, 0, NULL);
    cr_assert_not_null(j);
    cr_expect_str_eq(json_string_value(json_object_get(j, "seed")), "joint-2023-05");
    const char *list = json_string_value(json_object_get(j, "list"));
    char want[1024] = "";
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(want);
        snprintf(want + len, sizeof want - len, "%d,%s,%s,%s\n", rows[i].rank, rows[i].outfall,
                 rows[i].stratum, rows[i].team);
    }
    cr_expect_str_eq(list, want);
    je_draw_info info;
    je_draw_row *again;
    size_t n2;
    cr_assert_eq(je_store_draw_get(db, id, &info, &again, &n2, &e), JE_OK);
    cr_expect_str_eq(json_string_value(json_object_get(j, "list_hash")), info.list_hash);
    json_decref(j);
    je_audit_entries_free(ae, na);
    free(again);
    /* the same seed on the same registry: the same list */
    as(db, JOINT_INSPECTOR);
    int64_t id2;
    je_draw_row *rows2;
    cr_assert_eq(je_store_draw(db, &p, &id2, &rows2, &n2, &e), JE_OK);
    je_draw_info info2;
    cr_assert_eq(je_store_draw_get(db, id2, &info2, &again, &n2, &e), JE_OK);
    cr_expect_str_eq(info2.list_hash, info.list_hash);
    free(again);
    free(rows2);
    /* private until closed: anonymous, and a side's inspector, see nothing */
    static const int readers[] = {-2, CQ_INSPECTOR, SC_ANALYST}; /* -2: anonymous */
    for (size_t r = 0; r < 3; r++) {
        if (readers[r] == -2)
            je_gov_logout(db);
        else
            as(db, readers[r]);
        je_draw_info *list_d;
        size_t nd;
        cr_assert_eq(je_store_draws(db, &list_d, &nd, &e), JE_OK);
        cr_expect_eq(nd, 0, "an open draw is listed for reader %zu", r);
        free(list_d);
        cr_expect_eq(je_store_draw_get(db, id, &info, &again, &n2, &e), JE_EPERM);
    }
    as(db, SC_INSPECTOR);
    cr_expect_eq(je_store_draw_close(db, id, &e), JE_EPERM);
    as(db, JOINT_INSPECTOR);
    cr_assert_eq(je_store_draw_close(db, id, &e), JE_OK, "%s", e.message);
    cr_expect_eq(je_store_draw_close(db, id, &e), JE_ECONFLICT);
    je_gov_logout(db);
    je_draw_info *list_d;
    size_t nd;
    cr_assert_eq(je_store_draws(db, &list_d, &nd, &e), JE_OK);
    cr_expect_eq(nd, 1, "the closed draw is public");
    cr_expect_eq(list_d[0].id, id);
    free(list_d);
    cr_expect_eq(je_store_draw_get(db, id, &info, &again, &n2, &e), JE_OK);
    free(again);
    /* a draw that cannot be made leaves no trace */
    as(db, JOINT_INSPECTOR);
    long long audits = t_db_int(dbp, "SELECT count(*) FROM audit_log");
    je_draw_params big = dparams("too many", 7);
    cr_expect_eq(je_store_draw(db, &big, &id2, &rows2, &n2, &e), JE_ECONFLICT);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM inspect_draw"), 2);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log"), audits);
    free(rows);
    je_audit_report ar;
    as(db, -1);
    cr_assert_eq(je_audit_verify(db, &ar, &e), JE_OK);
    cr_expect(ar.ok, "%s", ar.problem);
    je_db_close(db);
}

/* ---- cases ----------------------------------------------------------------------- */

/* Every row of the inspection tables as text (logins change api_token, so the whole
 * database's fingerprint cannot be compared across users). malloc'd. */
static char *inspect_tables(const char *dbp)
{
    static const char *const sql =
        "SELECT group_concat(x, '|') FROM (SELECT quote(id) || state || updated_day || reopened"
        " || reinspections || public AS x FROM rect_case UNION ALL SELECT case_id || seq ||"
        " to_state FROM rect_case_event UNION ALL SELECT id || outfall || kind FROM inspection)";
    sqlite3 *h;
    cr_assert_eq(sqlite3_open_v2(dbp, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    const char *t = (const char *)sqlite3_column_text(s, 0);
    char *out = strdup(t ? t : "");
    sqlite3_finalize(s);
    sqlite3_close(h);
    return out;
}

static void move(je_db *db, int who, int64_t id, je_case_state to, int64_t day, je_status want,
                 const char *msg)
{
    as(db, who);
    je_error e;
    je_error_clear(&e);
    je_status st = je_store_case_update(db, id, to, day, "note", &e);
    cr_assert_eq(st, want, "%s moving case %lld to %s: %s (%s), want %s", users[who].name,
                 (long long)id, je_case_state_name(to), je_status_name(st), e.message,
                 je_status_name(want));
    if (msg)
        cr_expect(strstr(e.message, msg) != NULL, "message '%s' lacks '%s'", e.message, msg);
}

Test(inspect_store, case_state_machine_and_permission_matrix_with_hand_off)
{
    const char *dbp;
    je_db *db = fresh(&dbp);
    make_users(db);
    je_finding f = {.text = "dark discharge", .deadline_day = 19530};
    int64_t insp, cs;
    je_error e;
    /* a side records only its own inspections */
    as(db, CQ_INSPECTOR);
    cr_expect_eq(je_store_inspection(db, "CQ-1", "510000", 19500, 0, "", &f, &insp, &cs, &e),
                 JE_EPERM);
    as(db, SC_ANALYST);
    cr_expect_eq(je_store_inspection(db, "CQ-1", "510000", 19500, 0, "", &f, &insp, &cs, &e),
                 JE_EPERM, "analysts do not inspect");
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM inspection"), 0);
    /* Sichuan inspects a Chongqing outfall: the case is handed off to Chongqing */
    as(db, SC_INSPECTOR);
    cr_assert_eq(
        je_store_inspection(db, "CQ-1", "510000", 19500, 0, "SC-I1;CQ-I2", &f, &insp, &cs, &e),
        JE_OK, "%s", e.message);
    cr_assert_gt(cs, 0);
    je_case k;
    je_case_event *ev;
    size_t nev;
    cr_assert_eq(je_store_case_get(db, cs, &k, &ev, &nev, &e), JE_OK);
    cr_expect_str_eq(k.owner, "500000");
    cr_expect_str_eq(k.found_by, "510000");
    cr_expect_eq(k.handed_off, 1);
    cr_expect_str_eq(k.responsible, "91500116SYNTH00100", "the outfall's enterprise");
    cr_expect(nev == 1 && strstr(ev[0].note, "cross-border hand-off"), "%s",
              nev ? ev[0].note : "no event");
    free(ev);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log WHERE tbl = 'rect_case' AND"
                               " jurisdiction = '500000'"),
                 1);

    long long audits = t_db_int(dbp, "SELECT count(*) FROM audit_log");
    char *fp = inspect_tables(dbp), *fp2;
    /* refusals change nothing */
    move(db, SC_ANALYST, cs, JE_CASE_RECTIFYING, 19501, JE_EPERM,
         "may not write case 1 (moving it to rectifying) owned by 500000");
    move(db, CQ_VIEWER, cs, JE_CASE_RECTIFYING, 19501, JE_EPERM, NULL);
    move(db, CQ_INSPECTOR, cs, JE_CASE_RECTIFYING, 19501, JE_EPERM, NULL);
    move(db, CQ_ANALYST, cs, JE_CASE_SUBMITTED, 19501, JE_ECONFLICT,
         "case 1 is open: it cannot move to submitted (next: rectifying)");
    move(db, SC_INSPECTOR, cs, JE_CASE_CLOSED, 19501, JE_ECONFLICT, NULL);
    fp2 = inspect_tables(dbp);
    cr_expect_str_eq(fp2, fp, "a refused move changed the database");
    free(fp);
    free(fp2);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log"), audits);

    move(db, CQ_ANALYST, cs, JE_CASE_RECTIFYING, 19501, JE_OK, NULL);
    move(db, CQ_ANALYST, cs, JE_CASE_VERIFIED, 19502, JE_ECONFLICT, NULL);
    move(db, CQ_ANALYST, cs, JE_CASE_SUBMITTED, 19500, JE_EINVAL, "before the case's last change");
    move(db, CQ_ANALYST, cs, JE_CASE_SUBMITTED, 19510, JE_OK, NULL);
    move(db, CQ_ANALYST, cs, JE_CASE_VERIFIED, 19511, JE_EPERM, "owned by 510000");
    move(db, CQ_INSPECTOR, cs, JE_CASE_VERIFIED, 19511, JE_EPERM, "owned by 510000");
    /* the finding side re-inspects: not rectified */
    move(db, SC_INSPECTOR, cs, JE_CASE_REOPENED, 19512, JE_OK, NULL);
    move(db, SC_INSPECTOR, cs, JE_CASE_SUBMITTED, 19513, JE_EPERM, NULL);
    move(db, CQ_ANALYST, cs, JE_CASE_SUBMITTED, 19520, JE_OK, NULL);
    move(db, JOINT_INSPECTOR, cs, JE_CASE_VERIFIED, 19521, JE_OK, NULL);
    move(db, SC_INSPECTOR, cs, JE_CASE_CLOSED, 19522, JE_OK, NULL);
    move(db, SC_INSPECTOR, cs, JE_CASE_CLOSED, 19523, JE_ECONFLICT,
         "closed: it cannot move to closed (next: reopened)");

    as(db, -1);
    cr_assert_eq(je_store_case_get(db, cs, &k, &ev, &nev, &e), JE_OK);
    cr_expect_eq(k.state, JE_CASE_CLOSED);
    cr_expect_eq(k.reopened, 1);
    cr_expect_eq(k.reinspections, 2);
    cr_expect_eq(nev, 7, "open + 6 moves");
    free(ev);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM inspection WHERE kind = 'reinspection'"), 2);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM inspection WHERE kind = 'reinspection' AND"
                               " result = 'finding'"),
                 1);
    /* the re-inspections count as inspections: the outfall was last inspected on 19521 */
    je_outfall *o;
    size_t no;
    cr_assert_eq(je_store_outfalls(db, "500000", NULL, &o, &no, &e), JE_OK);
    cr_expect_eq(o[0].last_inspected_day, 19521, "%s last inspected %lld", o[0].code,
                 (long long)o[0].last_inspected_day);
    free(o);
    /* a closed case is public; an open one is not */
    int64_t insp2, cs2;
    je_finding f2 = {.text = "oily sheen", .deadline_day = 19540};
    as(db, CQ_INSPECTOR);
    cr_assert_eq(je_store_inspection(db, "CQ-2", "500000", 19510, 0, "", &f2, &insp2, &cs2, &e),
                 JE_OK, "%s", e.message);
    je_gov_logout(db);
    je_case *list;
    size_t nl;
    cr_assert_eq(je_store_cases(db, JE_CASE_STATE_COUNT, NULL, &list, &nl, &e), JE_OK);
    cr_expect_eq(nl, 1);
    cr_expect_eq(nl ? list[0].id : 0, cs);
    free(list);
    as(db, SC_ANALYST);
    cr_assert_eq(je_store_cases(db, JE_CASE_OPEN, NULL, &list, &nl, &e), JE_OK);
    cr_expect_eq(nl, 0, "Sichuan does not read Chongqing's own open case");
    free(list);
    as(db, CQ_VIEWER);
    cr_assert_eq(je_store_cases(db, JE_CASE_OPEN, "500000", &list, &nl, &e), JE_OK);
    cr_expect_eq(nl, 1);
    free(list);
    je_audit_report ar;
    as(db, -1);
    cr_assert_eq(je_audit_verify(db, &ar, &e), JE_OK);
    cr_expect(ar.ok, "%s", ar.problem);
    je_db_close(db);
}

Test(inspect_store, inspection_of_a_draw_target_only)
{
    const char *dbp;
    je_db *db = fresh(&dbp);
    je_draw_params p = dparams("t", 2);
    int64_t id, insp, cs;
    je_draw_row *rows;
    size_t n;
    je_error e;
    cr_assert_eq(je_store_draw(db, &p, &id, &rows, &n, &e), JE_OK, "%s", e.message);
    const char *other = "SC-1";
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].outfall, "SC-1") == 0)
            other = "CQ-3";
    cr_expect_eq(je_store_inspection(db, other, "510000", 19500, id, "", NULL, &insp, &cs, &e),
                 JE_ECONFLICT);
    cr_expect(strstr(e.message, "is not a target of draw") != NULL, "%s", e.message);
    cr_expect_eq(
        je_store_inspection(db, rows[0].outfall, "500000", 19500, id, "", NULL, &insp, &cs, &e),
        JE_OK, "%s", e.message);
    cr_expect_eq(cs, 0);
    free(rows);
    je_db_close(db);
}

/* ---- patrols --------------------------------------------------------------------- */

Test(inspect_store, patrols_need_both_sides_and_the_owner_inspector)
{
    const char *dbp;
    je_db *db = fresh(&dbp);
    make_users(db);
    int64_t id, cs;
    je_error e;
    as(db, SC_INSPECTOR);
    cr_expect_eq(je_store_patrol_plan(db, "510000", 19500, "t", "YZ-03", "SC-I1,SC-I2", &id, &e),
                 JE_ECONFLICT);
    cr_expect(strstr(e.message, "at least one inspector from each side") != NULL, "%s", e.message);
    cr_expect_eq(je_store_patrol_plan(db, "510000", 19500, "t", "YZ-77", "SC-I1,CQ-I1", &id, &e),
                 JE_EINVAL);
    cr_expect(strstr(e.message, "unknown reach 'YZ-77'") != NULL, "%s", e.message);
    cr_expect_eq(je_store_patrol_plan(db, "500000", 19500, "t", "YZ-03", "SC-I1,CQ-I1", &id, &e),
                 JE_EPERM);
    cr_assert_eq(je_store_patrol_plan(db, "510000", 19500, "Yangtze boundary", "YZ-03;YZ-04",
                                      "SC-I1,CQ-I1", &id, &e),
                 JE_OK, "%s", e.message);
    as(db, CQ_INSPECTOR);
    cr_expect_eq(je_store_patrol_log(db, id, 1684800000, 105.9, 29.0, "foam", "", NULL, &cs, &e),
                 JE_EPERM, "the other side's inspector cannot write Sichuan's patrol log");
    as(db, SC_INSPECTOR);
    cr_expect_eq(je_store_patrol_log(db, id, 1684800000, 105.9, NAN, "foam", "", NULL, &cs, &e),
                 JE_EINVAL);
    je_finding f = {.place = "left bank below the boundary",
                    .source_side = "500000",
                    .text = "untreated sewage from a pipe",
                    .responsible = "永川区新华镇",
                    .deadline_day = 19560};
    cr_assert_eq(je_store_patrol_log(db, id, 1684800000, 105.91, 29.03, "pipe, grey water",
                                     "photos/2023-05-23/p1.jpg", &f, &cs, &e),
                 JE_OK, "%s", e.message);
    cr_assert_gt(cs, 0);
    je_patrol pt;
    je_patrol_entry *en;
    size_t n;
    cr_assert_eq(je_store_patrol_get(db, id, &pt, &en, &n, &e), JE_OK);
    cr_expect_eq(n, 1);
    cr_expect_eq(en[0].case_id, cs);
    cr_expect_str_eq(en[0].photo, "photos/2023-05-23/p1.jpg");
    cr_expect_str_eq(pt.team, "SC-I1;CQ-I1");
    free(en);
    je_case k;
    je_case_event *ev;
    cr_assert_eq(je_store_case_get(db, cs, &k, &ev, &n, &e), JE_OK);
    cr_expect_str_eq(k.owner, "500000");
    cr_expect_eq(k.handed_off, 1);
    cr_expect_str_eq(k.source, "patrol");
    free(ev);
    je_db_close(db);
}
