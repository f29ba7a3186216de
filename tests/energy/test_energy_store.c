/* Store imports of energy activity and coal units: units converted to the base unit
 * and the given number and unit kept, --replace, twice in one file, and the bad-input
 * matrix: every rejection names path:line:column and leaves the database unchanged. */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/energy.h"
#include "jointenv/governance.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(energy_store, .fini = cleanup);

#define HDR "jurisdiction,district,sector,year,item,quantity,unit\n"
#define UHDR                                                                                       \
    "code,plant,jurisdiction,capacity_mw,commissioned,technology,coal_gce_kwh,generation_mwh,"     \
    "status\n"

static je_db *fresh(const char **path)
{
    *path = t_path("e.db");
    je_db *db = t_open_db(*path);
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions,
                t_file_with("j.csv",
                            "code,name_zh,name_en,utc_offset\n"
                            "510000,四川省,Sichuan,+08:00\n500000,重庆市,Chongqing,+08:00\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    return db;
}

Test(energy_store, import_converts_units)
{
    const char *dbp;
    je_db *db = fresh(&dbp);
    je_import_report rep;
    t_import_ok(db, je_import_energy_activity,
                t_file_with("a.csv", HDR "510000,,industry,2022,raw_coal,1.5,万t\n"
                                         "510000,,industry,2022,natural_gas,2,亿m3\n"
                                         "510000,,industry,2022,electricity,3,亿kWh\n"
                                         "510000,510100,buildings,2022,heat,2,TJ\n"
                                         "510000,,all,2022,gdp,100,亿元\n"
                                         "510000,,all,2022,population,8374,万人\n"),
                NULL, &rep);
    cr_assert_eq(rep.inserted, 6);
    je_import_report_free(&rep);
    je_energy_activity *a;
    size_t n;
    cr_assert_eq(je_store_energy_activity(db, 2022, 2022, &a, &n, NULL), JE_OK);
    cr_assert_eq(n, 6);
    for (size_t i = 0; i < n; i++) {
        double q = a[i].quantity;
        if (strcmp(a[i].item, "raw_coal") == 0)
            cr_assert_float_eq(q, 15000, 1e-9);
        else if (strcmp(a[i].item, "natural_gas") == 0)
            cr_assert_float_eq(q, 20000, 1e-9); /* 10^4 Nm3 */
        else if (strcmp(a[i].item, "electricity") == 0)
            cr_assert_float_eq(q, 3e5, 1e-9); /* MWh */
        else if (strcmp(a[i].item, "heat") == 0) {
            cr_assert_float_eq(q, 2000, 1e-9);
            cr_assert_str_eq(a[i].district, "510100");
        } else if (strcmp(a[i].item, "gdp") == 0)
            cr_assert_float_eq(q, 1e6, 1e-9);
        else
            cr_assert_float_eq(q, 8.374e7, 1e-9);
    }
    free(a);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM energy_activity WHERE given_unit = '万t'"
                               " AND given_quantity = 1.5"),
                 1);
    je_db_close(db);
}

Test(energy_store, bad_inputs_rejected_where_they_are)
{
    const char *dbp;
    je_db *db = fresh(&dbp);
    static const struct {
        const char *row;
        int field;
        const char *msg;
    } cases[] = {
        {"510000,,industry,2022,natural_gas,2,t", 6, "unit 't' is not a unit of natural_gas"},
        {"510000,,industry,2022,electricity,2,GJ", 6, "not a unit of electricity"},
        {"510000,,industry,2022,uranium,2,t", 4, "unknown item 'uranium'"},
        {"510000,,industry,2022,raw_coal,-1,t", 5, "invalid quantity '-1'"},
        {"510000,,industry,1890,raw_coal,1,t", 3, "invalid year '1890'"},
        {"530000,,industry,2022,raw_coal,1,t", 0, "unknown jurisdiction '530000'"},
        {"510000,,industry,2022,gdp,1,亿元", 2, "gdp is recorded with sector 'all'"},
        {"510000,,all,2022,raw_coal,1,t", 2, "sector 'all' is for gdp and population"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, HDR "510000,,industry,2022,diesel,1,t\n%s\n", cases[i].row);
        const char *f = t_file_with("bad.csv", text);
        t_expect_rejected(dbp, db, je_import_energy_activity, f, NULL, 3,
                          t_char_col(cases[i].row, cases[i].field), cases[i].msg, 1);
    }
    /* twice in one file */
    const char *f = t_file_with("twice.csv", HDR "510000,,industry,2022,diesel,1,t\n"
                                                 "510000,,industry,2022,diesel,2,t\n");
    t_expect_rejected(dbp, db, je_import_energy_activity, f, NULL, 3, 23, "appears twice", 1);
    je_db_close(db);
}

Test(energy_store, replace)
{
    const char *dbp;
    je_db *db = fresh(&dbp);
    je_import_report rep;
    const char *f = t_file_with("a.csv", HDR "510000,,industry,2022,diesel,1,t\n");
    t_import_ok(db, je_import_energy_activity, f, NULL, &rep);
    je_import_report_free(&rep);
    t_expect_rejected(dbp, db, je_import_energy_activity, f, NULL, 2, 23, "already exists", 1);
    je_import_opts o = {.replace = 1};
    t_import_ok(db, je_import_energy_activity,
                t_file_with("b.csv", HDR "510000,,industry,2022,diesel,5,万t\n"), &o, &rep);
    cr_assert_eq(rep.updated, 1);
    je_import_report_free(&rep);
    cr_assert_eq(t_db_int(dbp, "SELECT quantity FROM energy_activity"), 50000);
    je_db_close(db);
}

Test(energy_store, coal_units)
{
    const char *dbp;
    je_db *db = fresh(&dbp);
    je_import_report rep;
    t_import_ok(db, je_import_coal_units,
                t_file_with("u.csv", UHDR "SC-1,Plant A,510000,600,2008,supercritical,300.5,"
                                          "3000000,operating\n"
                                          "CQ-1,Plant B,500000,300,1995,subcritical,330,0,"
                                          "retired\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    je_coal_unit *u;
    size_t n;
    cr_assert_eq(je_store_coal_units(db, NULL, &u, &n, NULL), JE_OK);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(u[0].code, "CQ-1");
    cr_assert_eq(u[0].status, JE_UNIT_RETIRED);
    cr_assert_eq(u[1].commissioned, 2008);
    cr_assert_float_eq(u[1].coal_gce_kwh, 300.5, 1e-12);
    free(u);
    static const struct {
        const char *row;
        int field;
        const char *msg;
    } cases[] = {
        {"X,P,510000,600,2008,sc,150,1,operating", 6, "invalid coal_gce_kwh '150'"},
        {"X,P,510000,100,2008,sc,300,900000,operating", 7, "invalid generation_mwh '900000'"},
        {"X,P,510000,100,2008.5,sc,300,1,operating", 4, "invalid commissioned '2008.5'"},
        {"X,P,510000,100,2008,sc,300,1,closed", 8, "invalid status 'closed'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, UHDR "%s\n", cases[i].row);
        t_expect_rejected(dbp, db, je_import_coal_units, t_file_with("bad.csv", text), NULL, 2,
                          t_char_col(cases[i].row, cases[i].field), cases[i].msg, 1);
    }
    je_db_close(db);
}

Test(energy_store, demo_files)
{
    const char *dbp;
    je_db *db = fresh(&dbp);
    je_import_report rep;
    char path[1024];
    snprintf(path, sizeof path, "%s/data/demo/chengyu/energy_activity.csv", JE_SOURCE_DIR);
    t_import_ok(db, je_import_energy_activity, path, NULL, &rep);
    cr_assert_geq(rep.inserted, 400);
    je_import_report_free(&rep);
    snprintf(path, sizeof path, "%s/data/demo/chengyu/coal_units.csv", JE_SOURCE_DIR);
    t_import_ok(db, je_import_coal_units, path, NULL, &rep);
    cr_assert_eq(rep.inserted, 40);
    je_import_report_free(&rep);
    je_db_close(db);
}

/* Every row is checked against the actor's roles: a Chongqing analyst may import
 * Chongqing activity and units, not Sichuan's; the refusal writes nothing. */
Test(energy_store, writes_need_permission_in_the_jurisdiction)
{
    const char *dbp;
    je_db *db = fresh(&dbp);
    je_error err;
    cr_assert_eq(je_gov_user_add(db, "wu", "Wu Gang", "pw-chongqing-1", &err), JE_OK, "%s",
                 err.message);
    cr_assert_eq(je_gov_role_grant(db, "wu", "500000", JE_ROLE_ANALYST, &err), JE_OK);
    cr_assert_eq(je_gov_login_password(db, "wu", "pw-chongqing-1", &err), JE_OK, "%s",
                 err.message);
    char before[65], after[65];
    t_db_fingerprint(dbp, before);
    je_import_report rep;
    cr_expect_eq(je_import_energy_activity(
                     db, t_file_with("a.csv", HDR "500000,,industry,2022,diesel,1,t\n"
                                                  "510000,,industry,2022,diesel,1,t\n"),
                     NULL, &rep, &err),
                 JE_EPERM, "%s", err.message);
    cr_expect(strstr(err.message, "510000") != NULL, "%s", err.message);
    je_import_report_free(&rep);
    cr_expect_eq(je_import_coal_units(db,
                                      t_file_with("u.csv", UHDR "X,P,510000,100,2008,sc,300,1,"
                                                                "operating\n"),
                                      NULL, &rep, &err),
                 JE_EPERM, "%s", err.message);
    je_import_report_free(&rep);
    t_db_fingerprint(dbp, after);
    cr_expect_str_eq(after, before, "a refused import changed the database");
    t_import_ok(db, je_import_energy_activity,
                t_file_with("b.csv", HDR "500000,,industry,2022,diesel,1,t\n"), NULL, &rep);
    je_import_report_free(&rep);
    /* each coal unit has its own audit entry */
    t_import_ok(db, je_import_coal_units,
                t_file_with("u2.csv", UHDR "Y,P,500000,100,2008,sc,300,1,operating\n"), NULL,
                &rep);
    je_import_report_free(&rep);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log WHERE tbl = 'coal_unit'"), 1);
    je_db_close(db);
}
