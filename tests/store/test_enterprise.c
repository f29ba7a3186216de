/* The enterprise registry and its links (one identity per enterprise across the
 * cement, coal and audit registries), audit options one by one, and published energy
 * accounts as runs: imports that check GB 32100 codes and reject bad rows at
 * path:line:column leaving the database as it was, per-record permissions and audit
 * entries, `enterprise show`'s records, and run verify naming what changed. */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/energy.h"
#include "jointenv/enterprise.h"
#include "jointenv/governance.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(enterprise, .fini = cleanup);

#define EHDR "code,name_zh,name_en,jurisdiction,district,sector\n"
#define HUAWEI "914403001922038216"
#define TENCENT "9144030071526726XG"
#define ALIBABA "91330100799655058B"
#define UHDR                                                                                       \
    "code,plant,jurisdiction,capacity_mw,commissioned,technology,coal_gce_kwh,generation_mwh,"     \
    "status"
#define AHDR                                                                                       \
    "enterprise,name,jurisdiction,sector,kind,stage,listed_on,stage_since,certificate,level,"      \
    "expires_on,investment_1e4_yuan,savings_tce,savings_water_t,co2_reduction_t"
#define OHDR                                                                                       \
    "audit,option_no,title,cost_class,investment_yuan,savings_tce,savings_water_t,"                \
    "savings_material_t,status"

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

/* Two enterprises, a coal unit linked in its own file, an audit, and a clinker line. */
static je_db *registries(const char **path)
{
    je_db *db = fresh(path);
    je_import_report rep;
    t_import_ok(db, je_import_enterprises,
                t_file_with("e.csv",
                            EHDR HUAWEI ",江油发电有限公司,Jiangyou Power,510000,510781,"
                                        "power\n" TENCENT ",广安水泥有限公司,,510000,,cement\n"),
                NULL, &rep);
    cr_assert_eq(rep.inserted, 2);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_coal_units,
                t_file_with("u.csv", UHDR ",enterprise_code\n"
                                          "SC-JIA-01,Jiangyou,510000,135,2000,cfb,335.8,524966,"
                                          "operating," HUAWEI "\n"
                                          "SC-JIA-02,Jiangyou,510000,300,2010,cfb,320,1000000,"
                                          "operating,\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_cp_audits,
                t_file_with("a.csv", AHDR "\nSC-E001,Jiangyou power,510000,power,mandatory,"
                                          "options,2022-01-10,2023-03-01,,,,0,0,0,0\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_plants,
                t_file_with("p.csv",
                            "code,plant,name_zh,name_en,jurisdiction,lon,lat,region,capacity_t_d,"
                            "stack_height_m,stack_diam_m,exit_v_m_s,exit_temp_k,grade,coprocessing,"
                            "special_cement_pct,carbide_slag,heating_duty,pm_g_s,so2_g_s,nox_g_s,"
                            "limits\n"
                            "SC-GA-L01,广安水泥,广安水泥1号线,Guang'an line 1,510000,106.8852,"
                            "30.3201,SC-NE,5000,95,4.1,17.0,419,D,0,0,0,0,3.688,24.950,45.459,\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    return db;
}

Test(enterprise, import_and_list)
{
    const char *dbp;
    je_db *db = registries(&dbp);
    je_enterprise *e;
    size_t n;
    cr_assert_eq(je_store_enterprises(db, NULL, &e, &n, NULL), JE_OK);
    cr_assert_eq(n, 2);
    cr_expect_str_eq(e[0].code, HUAWEI);
    cr_expect_str_eq(e[0].district, "510781");
    cr_expect_eq(e[0].coal_units, 1, "the unit linked in the coal-units file");
    cr_expect_eq(e[1].coal_units, 0);
    free(e);
    cr_assert_eq(je_store_enterprises(db, "500000", &e, &n, NULL), JE_OK);
    cr_expect_eq(n, 0);
    free(e);
    je_enterprise one;
    je_error err;
    cr_expect_eq(je_store_enterprise_get(db, ALIBABA, &one, &err), JE_ENOTFOUND);
    cr_expect(strstr(err.message, "import enterprises") != NULL, "%s", err.message);
    /* every enterprise has its own audit entry */
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log WHERE tbl = 'enterprise'"), 2);
    je_db_close(db);
}

Test(enterprise, bad_rows_rejected_at_line_and_column_nothing_written)
{
    const char *dbp;
    je_db *db = registries(&dbp);
    static const struct {
        const char *row;
        int field;
        const char *msg;
    } cases[] = {
        {"914403001922038217,某公司,,510000,,power", 0, "check character is '7', expected '6'"},
        {"91440300192203821,某公司,,510000,,power", 0, "17 characters"},
        {"9144030O1922038216,某公司,,510000,,power", 0, "character 8 'O'"},
        {ALIBABA ",某公司,,440000,,power", 3, "unknown jurisdiction '440000'"},
        {ALIBABA ",,,510000,,power", 1, "empty name_zh"},
        {ALIBABA ",某公司,,510000,,", 5, "empty sector"},
        {HUAWEI ",某公司,,510000,,power", 0, "already exists"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[400];
        /* a good row first: a bad row anywhere rejects the whole file */
        snprintf(text, sizeof text, EHDR ALIBABA ",阿里巴巴,,510000,,retail\n%s\n", cases[i].row);
        if (i + 1 == sizeof cases / sizeof cases[0])
            snprintf(text, sizeof text, EHDR "%s\n", cases[i].row);
        long line = i + 1 == sizeof cases / sizeof cases[0] ? 2 : 3;
        t_expect_rejected(dbp, db, je_import_enterprises, t_file_with("bad.csv", text), NULL, line,
                          t_char_col(cases[i].row, cases[i].field), cases[i].msg, 1);
    }
    /* twice in one file */
    t_expect_rejected(
        dbp, db, je_import_enterprises,
        t_file_with("twice.csv", EHDR ALIBABA ",甲,,510000,,x\n" ALIBABA ",乙,,510000,,x\n"), NULL,
        3, 1, "appears twice", 1);
    /* an unknown coal-unit enterprise code, and a corrupted one */
    t_expect_rejected(dbp, db, je_import_coal_units,
                      t_file_with("u.csv", UHDR ",enterprise_code\nSC-X,X,510000,135,2000,cfb,"
                                                "335.8,524966,operating," ALIBABA "\n"),
                      NULL, 2, 51, "unknown enterprise " ALIBABA, 1);
    t_expect_rejected(dbp, db, je_import_coal_units,
                      t_file_with("u.csv", UHDR ",enterprise_code\nSC-X,X,510000,135,2000,cfb,"
                                                "335.8,524966,operating,91330100799655058C\n"),
                      NULL, 2, 51, "check character", 1);
    je_db_close(db);
}

Test(enterprise, links_and_what_the_registries_know)
{
    const char *dbp;
    je_db *db = registries(&dbp);
    je_import_report rep;
    const char *links = t_file_with("l.csv", "registry,code,enterprise_code\n"
                                             "clinker-line,SC-GA-L01," TENCENT "\n"
                                             "cp-audit,SC-E001," HUAWEI "\n"
                                             "coal-unit,SC-JIA-02," HUAWEI "\n");
    t_import_ok(db, je_import_enterprise_links, links, NULL, &rep);
    cr_expect_eq(rep.updated, 3);
    je_import_report_free(&rep);
    /* a link that exists is changed only with --replace; unknown records and registries */
    t_expect_rejected(dbp, db, je_import_enterprise_links,
                      t_file_with("l2.csv", "registry,code,enterprise_code\n"
                                            "coal-unit,SC-JIA-02," TENCENT "\n"),
                      NULL, 2, 21, "already linked to enterprise " HUAWEI, 1);
    t_expect_rejected(dbp, db, je_import_enterprise_links,
                      t_file_with("l3.csv", "registry,code,enterprise_code\n"
                                            "coal-unit,SC-NONE," TENCENT "\n"),
                      NULL, 2, 11, "unknown coal unit 'SC-NONE'", 1);
    t_expect_rejected(dbp, db, je_import_enterprise_links,
                      t_file_with("l4.csv", "registry,code,enterprise_code\n"
                                            "kiln,SC-GA-L01," TENCENT "\n"),
                      NULL, 2, 1, "unknown registry 'kiln'", 1);
    /* the coal-units file without the column keeps the link on --replace */
    je_import_opts o = {.replace = 1};
    t_import_ok(db, je_import_coal_units,
                t_file_with("u2.csv", UHDR "\nSC-JIA-02,Jiangyou,510000,300,2010,cfb,320,900000,"
                                           "operating\n"),
                &o, &rep);
    je_import_report_free(&rep);
    cr_expect_eq(
        t_db_int(dbp, "SELECT count(*) FROM coal_unit WHERE enterprise_code = '" HUAWEI "'"), 2);
    /* per-enterprise energy activity and an option */
    t_import_ok(db, je_import_energy_activity,
                t_file_with("act.csv",
                            "jurisdiction,district,sector,year,item,quantity,unit,"
                            "enterprise\n510000,,power,2022,raw_coal,2,万t," HUAWEI "\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_cp_options,
                t_file_with("o.csv", OHDR "\nSC-E001,1,Fix leaks,no-low,1234.5,12,0,0,proposed\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    je_ent_record *r;
    size_t n;
    cr_assert_eq(je_store_enterprise_records(db, HUAWEI, &r, &n, NULL), JE_OK);
    static const struct {
        je_ent_kind kind;
        const char *code, *detail;
    } want[] = {{JE_ENT_COAL_UNIT, "SC-JIA-01", "135 MW"},
                {JE_ENT_COAL_UNIT, "SC-JIA-02", "900000 MWh"},
                {JE_ENT_CP_AUDIT, "SC-E001", "mandatory audit, stage options since 2023-03-01"},
                {JE_ENT_CP_OPTION, "SC-E001/1", "investment 1234.50 yuan, 12 tce"},
                {JE_ENT_ENERGY, "2022 raw_coal", "20000"}};
    cr_assert_eq(n, 5, "%zu records", n);
    for (size_t k = 0; k < n; k++) {
        cr_expect_eq(r[k].kind, want[k].kind, "record %zu: %s", k, je_ent_kind_name(r[k].kind));
        cr_expect_str_eq(r[k].code, want[k].code);
        cr_expect(strstr(r[k].detail, want[k].detail) != NULL, "%s lacks %s", r[k].detail,
                  want[k].detail);
    }
    free(r);
    cr_assert_eq(je_store_enterprise_records(db, TENCENT, &r, &n, NULL), JE_OK);
    cr_assert_eq(n, 1);
    cr_expect_eq(r[0].kind, JE_ENT_CLINKER_LINE);
    cr_expect_str_eq(r[0].code, "SC-GA-L01");
    free(r);
    /* each link is an update in the audit log of the record it changed */
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log WHERE tbl = 'clinker_line'"
                               " AND action = 'update'"),
                 1);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log WHERE tbl = 'cp_audit'"
                               " AND action = 'update'"),
                 1);
    /* removing a link */
    t_import_ok(db, je_import_enterprise_links,
                t_file_with("l5.csv", "registry,code,enterprise_code\ncp-audit,SC-E001,\n"), &o,
                &rep);
    je_import_report_free(&rep);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM cp_audit WHERE enterprise_code IS NULL"), 1);
    je_db_close(db);
}

Test(enterprise, writes_need_permission_in_the_owners_jurisdiction)
{
    const char *dbp;
    je_db *db = registries(&dbp);
    je_error err;
    cr_assert_eq(je_gov_user_add(db, "wu", "Wu Gang", "pw-chongqing-1", &err), JE_OK, "%s",
                 err.message);
    cr_assert_eq(je_gov_role_grant(db, "wu", "500000", JE_ROLE_ANALYST, &err), JE_OK);
    cr_assert_eq(je_gov_login_password(db, "wu", "pw-chongqing-1", &err), JE_OK, "%s", err.message);
    char before[65], after[65];
    t_db_fingerprint(dbp, before);
    je_import_report rep;
    /* a Chongqing analyst may not register a Sichuan enterprise, nor relink a Sichuan unit */
    cr_expect_eq(je_import_enterprises(db, t_file_with("e.csv", EHDR ALIBABA ",甲,,510000,,x\n"),
                                       NULL, &rep, &err),
                 JE_EPERM, "%s", err.message);
    je_import_report_free(&rep);
    cr_expect_eq(
        je_import_enterprise_links(db,
                                   t_file_with("l.csv", "registry,code,enterprise_code\n"
                                                        "coal-unit,SC-JIA-02," HUAWEI "\n"),
                                   NULL, &rep, &err),
        JE_EPERM, "%s", err.message);
    je_import_report_free(&rep);
    cr_expect_eq(je_import_cp_options(db,
                                      t_file_with("o.csv", OHDR "\nSC-E001,1,A,no-low,1,0,0,0,"
                                                                "proposed\n"),
                                      NULL, &rep, &err),
                 JE_EPERM, "%s", err.message);
    je_import_report_free(&rep);
    t_db_fingerprint(dbp, after);
    cr_expect_str_eq(after, before, "a refused import changed the database");
    /* its own side is fine */
    t_import_ok(db, je_import_enterprises, t_file_with("e2.csv", EHDR ALIBABA ",乙,,500000,,x\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    je_db_close(db);
}

Test(options, import_show_and_reject)
{
    const char *dbp;
    je_db *db = registries(&dbp);
    je_import_report rep;
    t_import_ok(db, je_import_cp_options,
                t_file_with("o.csv", OHDR ",so2_t,co2_t\n"
                                          "SC-E001,1,Fix compressed-air leaks,no-low,4999.99,12.5,"
                                          "300,0,implemented,,33\n"
                                          "SC-E001,2,Waste-heat recovery,medium-high,2730811.45,"
                                          "634.8,0,10,approved,0.76,1688.6\n"
                                          "SC-E001,3,Dropped idea,no-low,100,1,0,0,dropped,,\n"),
                NULL, &rep);
    cr_expect_eq(rep.inserted, 3);
    je_import_report_free(&rep);
    je_cp_option *o;
    size_t n;
    cr_assert_eq(je_store_cp_options(db, "SC-E001", NULL, &o, &n, NULL), JE_OK);
    cr_assert_eq(n, 3);
    cr_expect_eq(o[0].investment_fen, 499999, "fen exactly, not 4999.99 * 100 in binary");
    cr_expect_eq(o[1].investment_fen, 273081145);
    cr_expect_eq(o[1].cost_class, JE_CP_MEDIUM_HIGH_COST);
    cr_expect_eq(o[1].status, JE_CP_OPT_APPROVED);
    cr_expect_float_eq(o[1].reduction_t[2], 0.76, 1e-12);
    cr_expect_float_eq(o[0].reduction_t[2], 0.0, 0, "an empty reduction is 0");
    cr_expect_str_eq(o[0].jurisdiction, "510000", "the audit's jurisdiction");
    je_cp_option_totals t;
    memset(&t, 0, sizeof t);
    for (size_t k = 0; k < n; k++)
        je_cp_option_add(&t, &o[k]);
    cr_expect_eq(t.investment_fen[0], 499999 + 273081145);
    cr_expect_eq(t.investment_fen[1], 499999);
    free(o);
    static const struct {
        const char *row;
        int field;
        const char *msg;
    } cases[] = {
        {"SC-E999,1,A,no-low,1,0,0,0,proposed", 0, "unknown audit 'SC-E999'"},
        {"SC-E001,0,A,no-low,1,0,0,0,proposed", 1, "invalid option_no '0'"},
        {"SC-E001,4,,no-low,1,0,0,0,proposed", 2, "empty title"},
        {"SC-E001,4,A,low,1,0,0,0,proposed", 3, "invalid cost_class 'low'"},
        {"SC-E001,4,A,no-low,1.234,0,0,0,proposed", 4, "at most two decimals"},
        {"SC-E001,4,A,no-low,-5,0,0,0,proposed", 4, "not an amount in yuan"},
        {"SC-E001,4,A,no-low,1,-1,0,0,proposed", 5, "invalid savings_tce '-1'"},
        {"SC-E001,4,A,no-low,1,0,0,0,done", 8, "invalid status 'done'"},
        {"SC-E001,1,A,no-low,1,0,0,0,proposed", 1, "already exists"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[300];
        snprintf(text, sizeof text, OHDR "\nSC-E001,9,Good,no-low,1,0,0,0,proposed\n%s\n",
                 cases[i].row);
        t_expect_rejected(dbp, db, je_import_cp_options, t_file_with("bad.csv", text), NULL, 3,
                          t_char_col(cases[i].row, cases[i].field), cases[i].msg, 1);
    }
    t_expect_rejected(dbp, db, je_import_cp_options,
                      t_file_with("twice.csv", OHDR "\nSC-E001,7,A,no-low,1,0,0,0,proposed\n"
                                                    "SC-E001,7,B,no-low,1,0,0,0,proposed\n"),
                      NULL, 3, 9, "appears twice", 1);
    je_import_opts ro = {.replace = 1};
    t_import_ok(db, je_import_cp_options,
                t_file_with("o2.csv", OHDR "\nSC-E001,2,Waste-heat recovery,medium-high,"
                                           "2730811.45,634.8,0,10,implemented\n"),
                &ro, &rep);
    cr_expect_eq(rep.updated, 1);
    je_import_report_free(&rep);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM cp_option WHERE status = 'implemented'"), 2);
    je_db_close(db);
}

/* ---- published accounts -------------------------------------------------------- */

static void factor_paths(je_energy_publish *p, char buf[3][512])
{
    static const char *const files[3] = {"energy-factors-gbt2589-2020.json",
                                         "co2-factors-guideline.json",
                                         "electricity-factors-mee-2021-2022.json"};
    for (int k = 0; k < 3; k++)
        snprintf(buf[k], 512, "%s/data/rules/%s", JE_SOURCE_DIR, files[k]);
    p->tce_path = buf[0];
    p->co2_path = buf[1];
    p->elec_path = buf[2];
}

#define AHDR2 "jurisdiction,district,sector,year,item,quantity,unit\n"

Test(account_run, publish_then_verify_names_the_changed_value)
{
    const char *dbp;
    je_db *db = fresh(&dbp);
    je_import_report rep;
    t_import_ok(db, je_import_energy_activity,
                t_file_with("a.csv", AHDR2 "510000,,industry,2021,raw_coal,100,万t\n"
                                           "510000,,industry,2022,raw_coal,110,万t\n"
                                           "510000,,industry,2022,electricity,50,亿kWh\n"
                                           "510000,,all,2022,gdp,50000,亿元\n"
                                           "500000,,industry,2022,diesel,5,万t\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    je_energy_publish p;
    memset(&p, 0, sizeof p);
    char buf[3][512];
    factor_paths(&p, buf);
    p.o.year = 2022;
    p.o.basis = JE_ELEC_EQUIVALENT;
    p.o.scope = JE_SCOPE_PROVINCIAL;
    p.o.by = JE_BY_JURISDICTION;
    int64_t id = 0;
    je_error err;
    cr_assert_eq(je_energy_account_publish(db, &p, &id, &err), JE_OK, "%s", err.message);
    cr_assert_gt(id, 0);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM run WHERE engine = 'energy-account'"), 1);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log WHERE tbl = 'run'"), 1);
    je_energy_verify *v = malloc(sizeof *v);
    cr_assert_eq(je_energy_run_verify(db, id, v, &err), JE_OK, "%s", err.message);
    cr_expect(v->identical);
    cr_expect(!v->inputs_changed && !v->rules_changed);
    cr_expect_str_eq(v->changes, "");
    /* change one activity value: the inputs and the output change, the factors do not,
       and the change names the record, stored and now */
    je_import_opts o = {.replace = 1};
    t_import_ok(db, je_import_energy_activity,
                t_file_with("b.csv", AHDR2 "510000,,industry,2022,raw_coal,111,万t\n"), &o, &rep);
    je_import_report_free(&rep);
    cr_assert_eq(je_energy_run_verify(db, id, v, &err), JE_OK, "%s", err.message);
    cr_expect(!v->identical);
    cr_expect(v->inputs_changed);
    cr_expect(!v->rules_changed);
    cr_expect(strstr(v->changes, "- stored: 510000,,industry,,2022,raw_coal,1100000\n") != NULL,
              "%s", v->changes);
    cr_expect(strstr(v->changes, "+ now:    510000,,industry,,2022,raw_coal,1110000\n") != NULL,
              "%s", v->changes);
    cr_expect(strstr(v->changes, "diesel") == NULL, "an unchanged record is listed: %s",
              v->changes);
    cr_expect(strstr(v->output_changes, "- stored: 510000,") != NULL, "%s", v->output_changes);
    cr_expect(strstr(v->output_changes, "500000,") == NULL, "Chongqing's row did not change: %s",
              v->output_changes);
    /* back to the published value: identical again */
    t_import_ok(db, je_import_energy_activity,
                t_file_with("c.csv", AHDR2 "510000,,industry,2022,raw_coal,110,万t\n"), &o, &rep);
    je_import_report_free(&rep);
    cr_assert_eq(je_energy_run_verify(db, id, v, &err), JE_OK);
    cr_expect(v->identical);
    free(v);
    je_db_close(db);
}

Test(account_run, wrong_engine_and_refused_publish)
{
    const char *dbp;
    je_db *db = fresh(&dbp);
    je_energy_verify v;
    je_error err;
    cr_expect_eq(je_energy_run_verify(db, 99, &v, &err), JE_ENOTFOUND);
    cr_assert_eq(je_gov_user_add(db, "guest", NULL, "pw-guest-12345", &err), JE_OK, "%s",
                 err.message);
    cr_assert_eq(je_gov_role_grant(db, "guest", "510000", JE_ROLE_VIEWER, &err), JE_OK);
    cr_assert_eq(je_gov_login_password(db, "guest", "pw-guest-12345", &err), JE_OK);
    je_energy_publish p;
    memset(&p, 0, sizeof p);
    char buf[3][512];
    factor_paths(&p, buf);
    p.o.year = 2022;
    int64_t id = 7;
    cr_expect_eq(je_energy_account_publish(db, &p, &id, &err), JE_EPERM);
    cr_expect(strstr(err.message, "may not publish") != NULL, "%s", err.message);
    cr_expect_eq(id, 0);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM run"), 0);
    je_db_close(db);
}
