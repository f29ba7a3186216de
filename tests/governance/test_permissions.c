/* The permission matrix. First the rule itself (je_gov_may, pure): every role held in
 * Sichuan (510000), Chongqing (500000) or the joint office, against every action on
 * records of each owner, public and not, compared with the table of
 * docs/governance.md written out independently below. Then the same rule enforced by
 * the store on every record kind it writes: each role × jurisdiction imports a record
 * owned by Sichuan; only the allowed ones succeed, every refusal names the user, their
 * role, the record and its owner, and leaves the database exactly as it was. */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/compensation.h"
#include "jointenv/governance.h"
#include "jointenv/river_store.h"
#include "jointenv/store.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(permissions, .fini = cleanup);

static const char *const jurs[] = {"510000", "500000", "joint"};
static const je_gov_role roles[] = {JE_ROLE_VIEWER, JE_ROLE_ANALYST, JE_ROLE_INSPECTOR,
                                    JE_ROLE_ADMIN};
static const je_gov_action actions[] = {JE_GOV_READ, JE_GOV_WRITE, JE_GOV_INSPECT, JE_GOV_ADMIN};

/* docs/governance.md, "Roles": who may do what in the owner's jurisdiction. */
static int expected(je_gov_role role, const char *held_in, je_gov_action act, const char *owner,
                    int is_public)
{
    int same = strcmp(held_in, owner) == 0;
    switch (act) {
    case JE_GOV_READ:
        return is_public || same || strcmp(held_in, "joint") == 0;
    case JE_GOV_WRITE:
        return same && (role == JE_ROLE_ANALYST || role == JE_ROLE_ADMIN);
    case JE_GOV_INSPECT:
        return same && (role == JE_ROLE_INSPECTOR || role == JE_ROLE_ADMIN);
    case JE_GOV_ADMIN:
        return same && role == JE_ROLE_ADMIN;
    }
    return -1;
}

static je_gov_actor actor_with(const char *name, je_gov_role role, const char *jur)
{
    je_gov_actor a;
    memset(&a, 0, sizeof a);
    snprintf(a.user, sizeof a.user, "%s", name);
    a.n_grants = 1;
    snprintf(a.grants[0].jurisdiction, sizeof a.grants[0].jurisdiction, "%s", jur);
    a.grants[0].role = role;
    return a;
}

Test(permissions, rule_matrix_every_role_jurisdiction_action_owner)
{
    int n = 0;
    for (size_t r = 0; r < 4; r++)
        for (size_t h = 0; h < 3; h++)
            for (size_t a = 0; a < 4; a++)
                for (size_t o = 0; o < 3; o++)
                    for (int pub = 0; pub < 2; pub++) {
                        je_gov_actor who = actor_with("li", roles[r], jurs[h]);
                        je_error err;
                        je_error_clear(&err);
                        je_status st =
                            je_gov_may(&who, actions[a], jurs[o], pub, "section SC-01", &err);
                        int want = expected(roles[r], jurs[h], actions[a], jurs[o], pub);
                        cr_expect_eq(st == JE_OK, want,
                                     "%s in %s, %s a %s record of %s: got %s, want %s",
                                     je_gov_role_name(roles[r]), jurs[h],
                                     je_gov_action_name(actions[a]), pub ? "public" : "private",
                                     jurs[o], je_status_name(st), want ? "OK" : "EPERM");
                        if (st != JE_OK) {
                            char text[256];
                            cr_expect_eq(st, JE_EPERM);
                            snprintf(text, sizeof text,
                                     "user 'li' (%s %s) may not %s section "
                                     "SC-01 owned by %s; ask a",
                                     je_gov_role_name(roles[r]), jurs[h],
                                     je_gov_action_name(actions[a]), jurs[o]);
                            cr_expect(strstr(err.message, text) != NULL, "message '%s' lacks '%s'",
                                      err.message, text);
                        }
                        n++;
                    }
    cr_expect_eq(n, 4 * 3 * 4 * 3 * 2);
}

Test(permissions, exact_message_of_a_cross_jurisdiction_write)
{
    je_gov_actor who = actor_with("li", JE_ROLE_ANALYST, "500000");
    je_error err;
    cr_assert_eq(je_gov_may(&who, JE_GOV_WRITE, "510000", 1, "section SC-01", &err), JE_EPERM);
    cr_expect_str_eq(err.message, "user 'li' (analyst 500000) may not write section SC-01 owned "
                                  "by 510000; ask a 510000 analyst or admin");
    cr_assert_eq(je_gov_may(&who, JE_GOV_WRITE, "joint", 0, "task T-01", &err), JE_EPERM);
    cr_expect(strstr(err.message, "ask a joint-office analyst or admin") != NULL, "%s",
              err.message);
}

Test(permissions, anonymous_reads_public_only_and_local_admin_everything)
{
    je_gov_actor anon;
    memset(&anon, 0, sizeof anon);
    je_error err;
    cr_expect_eq(je_gov_may(&anon, JE_GOV_READ, "510000", 1, "section S", &err), JE_OK);
    cr_expect_eq(je_gov_may(&anon, JE_GOV_READ, "510000", 0, "section S", &err), JE_EPERM);
    cr_expect(strstr(err.message, "anonymous users may not read section S") != NULL, "%s",
              err.message);
    cr_expect_eq(je_gov_may(&anon, JE_GOV_WRITE, "510000", 1, "section S", &err), JE_EPERM);
    je_gov_actor root;
    memset(&root, 0, sizeof root);
    root.local_admin = 1;
    for (size_t a = 0; a < 4; a++)
        for (size_t o = 0; o < 3; o++)
            cr_expect_eq(je_gov_may(&root, actions[a], jurs[o], 0, "x", &err), JE_OK);
    /* A user with no role reads what is public only. */
    je_gov_actor none;
    memset(&none, 0, sizeof none);
    snprintf(none.user, sizeof none.user, "nobody");
    cr_expect_eq(je_gov_may(&none, JE_GOV_READ, "510000", 0, "section S", &err), JE_EPERM);
    cr_expect(strstr(err.message, "user 'nobody' (no roles) may not read") != NULL, "%s",
              err.message);
}

Test(permissions, roles_parse_and_name)
{
    je_gov_role r;
    je_error err;
    for (size_t i = 0; i < 4; i++) {
        cr_expect_eq(je_gov_role_parse(je_gov_role_name(roles[i]), &r, &err), JE_OK);
        cr_expect_eq(r, roles[i]);
    }
    cr_expect_eq(je_gov_role_parse("owner", &r, &err), JE_EINVAL);
    cr_expect(strstr(err.message, "viewer, analyst, inspector or admin") != NULL);
}

/* ---- the store enforces it on every record kind ------------------------------- */

#define JUR_CSV "code,name_zh,name_en,utc_offset\n510000,四川省,Sichuan Province,+08:00\n"
#define SEC_HDR                                                                                    \
    "code,name_zh,name_en,river_code,river_zh,river_en,basin_code,basin_zh,basin_en,lon,lat,"      \
    "kind,owner,upstream,downstream,target_class,waterbody\n"
#define SEC_ROW(code, owner)                                                                       \
    code ",甲一,A One,R1,甲河,A River,BX,测试流域,Test Basin,106.1,30.1,national," owner           \
         ",,,III,river\n"
#define STA_CSV                                                                                      \
    "code,name_zh,name_en,city,city_zh,city_en,district,jurisdiction,lon,lat,kind\n"                 \
    "SC-CD-01,金泉两河,Jinquan Lianghe,510100,成都,Chengdu,金牛区,510000,104.0218,30.7093," \
    "national\n"
#define PLANT_CSV                                                                                             \
    "code,plant,name_zh,name_en,jurisdiction,lon,lat,region,capacity_t_d,stack_height_m,"                     \
    "stack_diam_m,exit_v_m_s,exit_temp_k,grade,coprocessing,special_cement_pct,carbide_slag,"                 \
    "heating_duty,pm_g_s,so2_g_s,nox_g_s,limits\n"                                                            \
    "SC-GA-L01,广安础泰水泥有限公司,广安础泰水泥1号熟料线,Guang'an Chutai line 1,510000," \
    "106.8852,30.3201,SC-NE,5000,95,4.1,17.0,419,D,0,0,0,0,3.688,24.950,45.459,\n"
#define REC_CSV                                                                                    \
    "code,name_zh,name_en,jurisdiction,lon,lat,population\n"                                       \
    "510100,成都,Chengdu,510000,104.066,30.657,19450000\n"
#define SAMPLES_CSV "section,sampled_at,ph,do\nA1,2022-01-10T09:00,7.6,8.1\n"
#define HOURS_CSV "station,time,so2,no2\nSC-CD-01,2022-01-01T00:00,11,37\n"

typedef struct kind {
    const char *name, *file, *text, *what;
    t_import_fn fn;
    int joint_admin; /* written by the joint office's admins, not the owner's analysts */
} kind;

static const kind kinds[] = {
    {"jurisdictions", "j.csv", JUR_CSV, "jurisdiction 510000", je_import_jurisdictions, 1},
    {"sections", "s.csv", SEC_HDR SEC_ROW("A1", "510000"), "section A1", je_import_sections, 0},
    {"air stations", "st.csv", STA_CSV, "air station SC-CD-01", je_import_air_stations, 0},
    {"plants", "p.csv", PLANT_CSV, "clinker line SC-GA-L01", je_import_plants, 0},
    {"receptors", "r.csv", REC_CSV, "receptor 510100", je_import_receptors, 0},
    {"water samples", "w.csv", SAMPLES_CSV, "water-sample rows of section A1",
     je_import_water_samples, 0},
    {"air hours", "h.csv", HOURS_CSV, "hourly air rows of station SC-CD-01", je_import_air_hourly,
     0},
    /* the river network: registry records per record, values by their record's owner */
    {"river nodes", "rn.csv",
     "code,name_zh,name_en,lon,lat,owner\nN1,一,One,106.1,30.1,510000\n"
     "N2,二,Two,106.2,30.0,510000\n",
     "river node N1", je_import_river_nodes, 0},
    {"reaches", "rr.csv",
     "code,name_zh,name_en,river_code,from_node,to_node,length_km,kind,velocity_m_s,owner\n"
     "RR1,甲段,Reach one,R1,N1,N2,10,reach,0.5,510000\n",
     "reach RR1", je_import_reaches, 0},
    {"reach conditions", "rc.csv", "reach,month,flow_m3_s,temp_c\nRR1,2022-01,100,10\n",
     "values of reach RR1", je_import_reach_conditions, 0},
    {"section locations", "sl.csv", "section,reach,km\nA1,RR1,5\n", "values of section A1",
     je_import_river_sections, 0},
    {"loads", "ld.csv", "code,name_zh,name_en,kind,owner,reach,km\nL1,排口,Outfall,outfall,510000,RR1,2\n",
     "load L1", je_import_river_loads, 0},
    {"load values", "lv.csv", "load,month,flow_m3_s,cod\nL1,,1,30\n", "values of load L1",
     je_import_load_values, 0},
    {"headwaters", "hw.csv", "node,month,cod\nN1,,10\n", "values of node N1",
     je_import_headwaters, 0},
    {"section flows", "sf.csv", "section,month,flow_m3_s\nA1,2022-01,100\n",
     "values of section A1", je_import_section_flows, 0},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* A database with both jurisdictions, a record of every kind (owned by Sichuan), and
 * one token-only user per role and jurisdiction ("viewer_510000" …). */
static je_db *setup(char tokens[4][3][JE_GOV_TOKEN_CHARS])
{
    je_db *db = t_open_db(t_path("g.db"));
    je_import_opts o = {.replace = 1};
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions, t_fixture("jurisdictions.csv"), NULL, &rep);
    for (size_t k = 0; k < NKINDS; k++)
        t_import_ok(db, kinds[k].fn, t_file_with(kinds[k].file, kinds[k].text), &o, &rep);
    je_error err;
    for (size_t r = 0; r < 4; r++)
        for (size_t j = 0; j < 3; j++) {
            char name[64];
            snprintf(name, sizeof name, "%s_%s", je_gov_role_name(roles[r]), jurs[j]);
            cr_assert_eq(je_gov_user_add(db, name, NULL, NULL, &err), JE_OK, "%s", err.message);
            cr_assert_eq(je_gov_role_grant(db, name, jurs[j], roles[r], &err), JE_OK, "%s",
                         err.message);
            cr_assert_eq(je_gov_token_create(db, name, "t", 0, tokens[r][j], NULL, &err), JE_OK,
                         "%s", err.message);
        }
    return db;
}

Test(permissions, store_enforces_every_role_jurisdiction_on_every_record_kind, .timeout = 300)
{
    static char tokens[4][3][JE_GOV_TOKEN_CHARS];
    je_db *db = setup(tokens);
    je_import_opts o = {.replace = 1};
    int allowed = 0, refused = 0;
    for (size_t k = 0; k < NKINDS; k++)
        for (size_t r = 0; r < 4; r++)
            for (size_t j = 0; j < 3; j++) {
                je_error err;
                cr_assert_eq(je_gov_login_token(db, tokens[r][j], &err), JE_OK, "%s", err.message);
                char before[65], after[65];
                t_db_fingerprint(t_path("g.db"), before);
                je_import_report rep;
                je_status st = kinds[k].fn(db, t_path(kinds[k].file), &o, &rep, &err);
                je_import_report_free(&rep);
                int want = kinds[k].joint_admin
                               ? roles[r] == JE_ROLE_ADMIN && strcmp(jurs[j], "joint") == 0
                               : (roles[r] == JE_ROLE_ANALYST || roles[r] == JE_ROLE_ADMIN) &&
                                     strcmp(jurs[j], "510000") == 0;
                cr_expect_eq(st == JE_OK, want, "%s as %s in %s: %s (%s)", kinds[k].name,
                             je_gov_role_name(roles[r]), jurs[j], je_status_name(st),
                             st ? err.message : "");
                if (want) {
                    allowed++;
                    continue;
                }
                refused++;
                cr_expect_eq(st, JE_EPERM);
                char text[256];
                snprintf(text, sizeof text, "user '%s_%s' (%s %s) may not %s %s owned by %s",
                         je_gov_role_name(roles[r]), jurs[j], je_gov_role_name(roles[r]), jurs[j],
                         kinds[k].joint_admin ? "administer" : "write", kinds[k].what,
                         kinds[k].joint_admin ? "joint" : "510000");
                cr_expect(strstr(err.message, text) != NULL, "'%s' lacks '%s'", err.message, text);
                t_db_fingerprint(t_path("g.db"), after);
                cr_expect_str_eq(before, after, "a refused %s import changed the database",
                                 kinds[k].name);
            }
    cr_expect_eq(allowed, 2 * (int)(NKINDS - 1) + 1);
    cr_expect_eq(refused, 12 * (int)NKINDS - allowed);
    je_db_close(db);
}

Test(permissions, a_side_cannot_take_over_the_other_sides_record)
{
    static char tokens[4][3][JE_GOV_TOKEN_CHARS];
    je_db *db = setup(tokens);
    je_error err;
    /* Chongqing's analyst re-imports Sichuan's section A1 naming Chongqing as owner. */
    cr_assert_eq(je_gov_login_token(db, tokens[1][1], &err), JE_OK);
    je_import_opts o = {.replace = 1};
    je_import_report rep;
    je_status st = je_import_sections(db, t_file_with("s2.csv", SEC_HDR SEC_ROW("A1", "500000")),
                                      &o, &rep, &err);
    je_import_report_free(&rep);
    cr_expect_eq(st, JE_EPERM);
    cr_expect(strstr(err.message, "may not write section A1 owned by 510000") != NULL, "%s",
              err.message);
    /* and its own new section is fine */
    st = je_import_sections(db, t_file_with("s3.csv", SEC_HDR SEC_ROW("B1", "500000")), &o, &rep,
                            &err);
    je_import_report_free(&rep);
    cr_expect_eq(st, JE_OK, "%s", err.message);
    /* A Sichuan analyst may not move its own section to Chongqing either. */
    cr_assert_eq(je_gov_login_token(db, tokens[1][0], &err), JE_OK);
    st = je_import_sections(db, t_path("s2.csv"), &o, &rep, &err);
    je_import_report_free(&rep);
    cr_expect_eq(st, JE_EPERM);
    cr_expect(strstr(err.message, "owned by 500000") != NULL, "%s", err.message);
    je_db_close(db);
}

Test(permissions, anonymous_handles_write_nothing)
{
    static char tokens[4][3][JE_GOV_TOKEN_CHARS];
    je_db *db = setup(tokens);
    je_gov_logout(db);
    je_import_report rep;
    je_error err;
    je_import_opts o = {.replace = 1};
    je_status st = je_import_sections(db, t_path("s.csv"), &o, &rep, &err);
    je_import_report_free(&rep);
    cr_expect_eq(st, JE_EPERM);
    cr_expect(strstr(err.message, "anonymous users may not import sections") != NULL, "%s",
              err.message);
    je_db_close(db);
}

Test(permissions, managing_users_roles_and_tokens)
{
    static char tokens[4][3][JE_GOV_TOKEN_CHARS];
    je_db *db = setup(tokens);
    je_error err;
    /* an analyst may not add users; an admin may */
    cr_assert_eq(je_gov_login_token(db, tokens[1][0], &err), JE_OK);
    cr_expect_eq(je_gov_user_add(db, "wang", NULL, NULL, &err), JE_EPERM);
    cr_expect(strstr(err.message, "may not administer user wang") != NULL, "%s", err.message);
    cr_assert_eq(je_gov_login_token(db, tokens[3][0], &err), JE_OK);
    cr_expect_eq(je_gov_user_add(db, "wang", "Wang Fang", NULL, &err), JE_OK, "%s", err.message);
    /* Sichuan's admin grants in Sichuan, not in Chongqing or the joint office */
    cr_expect_eq(je_gov_role_grant(db, "wang", "510000", JE_ROLE_ANALYST, &err), JE_OK);
    cr_expect_eq(je_gov_role_grant(db, "wang", "500000", JE_ROLE_ANALYST, &err), JE_EPERM);
    cr_expect(strstr(err.message, "may not administer the roles of 500000 owned by 500000; ask a "
                                  "500000 admin") != NULL,
              "%s", err.message);
    cr_expect_eq(je_gov_role_grant(db, "wang", "joint", JE_ROLE_VIEWER, &err), JE_EPERM);
    cr_expect_eq(je_gov_role_grant(db, "wang", "999999", JE_ROLE_VIEWER, &err), JE_EPERM);
    /* a token is created for oneself only */
    char text[JE_GOV_TOKEN_CHARS];
    cr_expect_eq(je_gov_token_create(db, "wang", "x", 0, text, NULL, &err), JE_EPERM);
    /* revoking a role not held */
    cr_expect_eq(je_gov_role_revoke(db, "wang", "510000", JE_ROLE_ADMIN, &err), JE_ENOTFOUND);
    cr_expect_eq(je_gov_role_revoke(db, "wang", "510000", JE_ROLE_ANALYST, &err), JE_OK);
    /* the local admin: unknown jurisdictions are refused */
    je_gov_act_local_admin(db);
    cr_expect_eq(je_gov_role_grant(db, "wang", "999999", JE_ROLE_VIEWER, &err), JE_ENOTFOUND);
    cr_expect_eq(je_gov_role_grant(db, "ghost", "510000", JE_ROLE_VIEWER, &err), JE_ENOTFOUND);
    cr_expect_eq(je_gov_user_add(db, "wang", NULL, NULL, &err), JE_ECONFLICT);
    cr_expect_eq(je_gov_user_add(db, "bad name", NULL, NULL, &err), JE_EINVAL);
    je_db_close(db);
}

Test(permissions, non_public_records_are_listed_only_to_those_who_may_read_them)
{
    static char tokens[4][3][JE_GOV_TOKEN_CHARS];
    je_db *db = setup(tokens);
    je_error err;
    /* Chongqing's analyst may not hide Sichuan's section; Sichuan's may */
    cr_assert_eq(je_gov_login_token(db, tokens[1][1], &err), JE_OK);
    cr_expect_eq(je_gov_set_public(db, JE_GOV_SECTION, "A1", 0, &err), JE_EPERM);
    cr_assert_eq(je_gov_login_token(db, tokens[1][0], &err), JE_OK);
    cr_expect_eq(je_gov_set_public(db, JE_GOV_SECTION, "A1", 0, &err), JE_OK, "%s", err.message);
    cr_expect_eq(je_gov_set_public(db, JE_GOV_AIR_STATION, "SC-CD-01", 0, &err), JE_OK);
    cr_expect_eq(je_gov_set_public(db, JE_GOV_SECTION, "NOPE", 0, &err), JE_ENOTFOUND);
    /* who sees them: [role][jurisdiction] logged in, then anonymous */
    for (size_t j = 0; j < 4; j++) {
        if (j < 3)
            cr_assert_eq(je_gov_login_token(db, tokens[0][j], &err), JE_OK);
        else
            je_gov_logout(db);
        int want = j == 0 || j == 2; /* Sichuan's viewer and the joint office */
        je_section_list l;
        cr_assert_eq(je_store_sections(db, NULL, &l, &err), JE_OK);
        cr_expect_eq(l.n, (size_t)want, "viewer %zu sees %zu sections", j, l.n);
        je_section_list_free(&l);
        je_air_station *st;
        size_t n;
        cr_assert_eq(je_store_air_stations(db, NULL, &st, &n, &err), JE_OK);
        cr_expect_eq(n, (size_t)want);
        free(st);
    }
    je_gov_act_local_admin(db);
    je_audit_entry *e;
    size_t n;
    cr_assert_eq(je_audit_entries(db, "section", "A1", 1, &e, &n, &err), JE_OK);
    cr_expect(n >= 2 && strstr(e[n - 1].after, "\"public\":0") != NULL);
    je_audit_entries_free(e, n);
    je_db_close(db);
}
