/* fixture.h — what the programme tests share: a database with three jurisdictions
 * (the lead 510000, the co-lead 500000 and an outsider 440000) and a small programme,
 * and users with one role each who log in by token (no password hashing, so tests
 * stay fast). Static functions: each test file includes it once. */
#ifndef JE_TEST_PROGRAMME_FIXTURE_H
#define JE_TEST_PROGRAMME_FIXTURE_H

#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/governance.h"
#include "jointenv/programme.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#define TASK_HDR                                                                                   \
    "code,year,category,title_zh,title_en,lead,co_lead,lead_agency,co_lead_agency,status,"         \
    "progress_pct\n"
#define MS_HDR "task,seq,title_zh,title_en,due_on,done_on\n"
#define EV_HDR "task,seq,kind,text,indicator,scope,op,target\n"

/* A: ready to sign (milestone done, 100 %); B: the same; C: planned with an open
 * milestone. Leads: A and B 510000 (co-lead 500000), C 500000 (co-lead 510000). */
static inline je_db *fx_open(const char **path)
{
    *path = t_path("p.db");
    je_db *db = t_open_db(*path);
    je_import_report rep;
    t_import_ok(db, je_import_jurisdictions,
                t_file_with("j.csv",
                            "code,name_zh,name_en,utc_offset\n"
                            "510000,四川省,Sichuan,+08:00\n500000,重庆市,Chongqing,+08:00\n"
                            "440000,广东省,Guangdong,+08:00\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(
        db, je_import_tasks,
        t_file_with("t.csv", TASK_HDR
                    "A,2022,transboundary-pollution,甲,Task A,510000,500000,SC EE,CQ EE,"
                    "in-progress,100\n"
                    "B,2022,ecological-network,乙,Task B,510000,500000,SC EE,CQ EE,"
                    "in-progress,100\n"
                    "C,2022,green-transformation,丙,Task C,500000,510000,CQ,SC,planned,0\n"),
        NULL, &rep);
    je_import_report_free(&rep);
    t_import_ok(db, je_import_milestones,
                t_file_with("m.csv", MS_HDR "A,1,一,one,2022-03-31,2022-03-30\n"
                                            "B,1,一,one,2022-03-31,2022-03-30\n"
                                            "C,1,一,one,2022-06-30,\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    return db;
}

/* A user `name` holding `role` in `jur` (the local admin creates them); their token
 * into tok. A second call for the same name adds the role. */
static inline void fx_user(je_db *db, const char *name, const char *jur, je_gov_role role,
                           char tok[JE_GOV_TOKEN_CHARS])
{
    je_error e;
    je_gov_act_local_admin(db);
    je_status st = je_gov_user_add(db, name, name, NULL, &e);
    cr_assert(st == JE_OK || st == JE_ECONFLICT, "user add %s: %s", name, e.message);
    cr_assert_eq(je_gov_role_grant(db, name, jur, role, &e), JE_OK, "grant: %s", e.message);
    int64_t id;
    cr_assert_eq(je_gov_token_create(db, name, "test", 0, tok, &id, &e), JE_OK, "%s", e.message);
}

static inline void fx_as(je_db *db, const char *tok)
{
    je_error e;
    cr_assert_eq(je_gov_login_token(db, tok, &e), JE_OK, "login: %s", e.message);
}

/* The stored task `code` (the test fails if there is none); free with je_tasks_free. */
static inline je_task *fx_task(je_db *db, const char *code)
{
    je_task_filter f = {0, NULL, code, -1, NULL};
    je_task *t = NULL;
    size_t n = 0;
    je_error e;
    cr_assert_eq(je_store_tasks(db, &f, &t, &n, &e), JE_OK, "%s", e.message);
    cr_assert_eq(n, 1, "task %s", code);
    return t;
}

#endif
