/* Imports of the programme: every rejection names path:line:column and leaves the
 * database (content, batches, audit log) exactly as it was, even when other rows of
 * the file are good; --replace; the joint office alone may import. */
#include "fixture.h"

#include <math.h>
#include <stdlib.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(programme_imports, .fini = cleanup);

Test(programme_imports, tasks_bad_rows)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    static const struct {
        const char *row;
        int field;
        const char *msg;
    } cases[] = {
        {"D,2022,ecology,丁,D,510000,500000,a,b,planned,0", 2, "unknown category 'ecology'"},
        {"D,2022,ecological-network,丁,D,510000,510000,a,b,planned,0", 6,
         "co-lead must differ from the lead"},
        {"D,2022,ecological-network,丁,D,510000,999999,a,b,planned,0", 6,
         "unknown jurisdiction '999999'"},
        {"D,2022,ecological-network,丁,D,510000,500000,a,b,done,80", 10,
         "a done task has progress 100"},
        {"D,2022,ecological-network,丁,D,510000,500000,a,b,finished,0", 9,
         "unknown status 'finished'"},
        {"D,2022,ecological-network,丁,D,510000,500000,a,b,in-progress,101", 10,
         "invalid progress_pct '101'"},
        {"D,1999,ecological-network,丁,D,510000,500000,a,b,planned,0", 1, "invalid year '1999'"},
        {"D,2022,ecological-network,,D,510000,500000,a,b,planned,0", 3, "empty title_zh"},
        {"A,2022,ecological-network,丁,D,510000,500000,a,b,planned,0", 0, "task A already exists"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        /* a good row first: the file is still rejected whole */
        snprintf(text, sizeof text,
                 TASK_HDR "OK,2022,ecological-network,好,Good,510000,500000,a,b,planned,0\n%s\n",
                 cases[i].row);
        t_expect_rejected(dbp, db, je_import_tasks, t_file_with("bad.csv", text), NULL, 3,
                          t_char_col(cases[i].row, cases[i].field), cases[i].msg, 1);
    }
    /* twice in one file */
    t_expect_rejected(dbp, db, je_import_tasks,
                      t_file_with("twice.csv", TASK_HDR
                                  "E,2022,ecological-network,戊,E,510000,500000,a,b,planned,0\n"
                                  "E,2022,ecological-network,戊,E,510000,500000,a,b,planned,0\n"),
                      NULL, 3, 1, "appears twice", 1);
    /* a missing column is reported at the header */
    t_expect_rejected(dbp, db, je_import_tasks, t_file_with("hdr.csv", "code,year\nE,2022\n"), NULL,
                      1, 1, "missing column 'category'", 0);
    je_db_close(db);
}

Test(programme_imports, milestones_and_evidence_bad_rows)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    static const struct {
        const char *row;
        int field;
        const char *msg;
    } ms[] = {
        {"Z,1,一,one,2022-03-31,", 0, "unknown task 'Z'"},
        {"A,2,二,two,2022-02-30,", 4, "invalid due_on '2022-02-30'"},
        {"A,2,二,two,2022-03-31,31/03/2022", 5, "invalid done_on"},
        {"A,100,二,two,2022-03-31,", 1, "invalid seq '100'"},
        {"A,1,一,one,2022-03-31,", 1, "milestone A/M1 already exists"},
    };
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, MS_HDR "B,2,二,two,2022-05-31,\n%s\n", ms[i].row);
        t_expect_rejected(dbp, db, je_import_milestones, t_file_with("m.csv", text), NULL, 3,
                          t_char_col(ms[i].row, ms[i].field), ms[i].msg, 1);
    }
    static const struct {
        const char *row;
        int field;
        const char *msg;
    } ev[] = {
        {"A,1,indicator,,water-quality,,>=,95", 4, "unknown indicator 'water-quality'"},
        {"A,1,indicator,,water-boundary-met-pct,,>=,", 7, "needs a target"},
        {"A,1,indicator,,water-boundary-met-pct,,=>,95", 6, "unknown comparison '=>'"},
        {"A,1,indicator,,water-boundary-met-pct,990000,>=,95", 5,
         "scope '990000' is neither the lead (510000) nor the co-lead (500000)"},
        {"A,1,text,report filed,,,>=,", 6, "for kind indicator only"},
        {"A,1,file,,,,,", 3, "needs its text"},
        {"A,1,photo,x,,,,", 2, "invalid kind 'photo'"},
        {"A,1,indicator,,air-good-days-pct,,>=,lots", 7, "invalid target 'lots'"},
    };
    for (size_t i = 0; i < sizeof ev / sizeof ev[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, EV_HDR "B,1,text,fine,,,,\n%s\n", ev[i].row);
        t_expect_rejected(dbp, db, je_import_task_evidence, t_file_with("e.csv", text), NULL, 3,
                          t_char_col(ev[i].row, ev[i].field), ev[i].msg, 1);
    }
    je_db_close(db);
}

Test(programme_imports, good_files_and_replace)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    je_import_report rep;
    t_import_ok(db, je_import_task_evidence,
                t_file_with("e.csv", EV_HDR "A,1,indicator,sections met,water-boundary-met-pct,"
                                            "510000,≥,95\nA,2,file,minutes/2022-03.pdf,,,,\n"),
                NULL, &rep);
    cr_expect_eq(rep.inserted, 2);
    je_import_report_free(&rep);
    je_task *t = fx_task(db, "A");
    cr_assert_eq(t->n_evidence, 2);
    cr_expect_eq(t->evidence[0].kind, JE_EVIDENCE_INDICATOR);
    cr_expect_eq(t->evidence[0].op, JE_CMP_GE, "'≥' is stored as '>='");
    cr_expect_float_eq(t->evidence[0].target, 95.0, 1e-12);
    cr_expect_str_eq(t->evidence[0].scope, "510000");
    cr_expect_str_eq(t->evidence[1].text, "minutes/2022-03.pdf");
    cr_expect(isnan(t->evidence[1].target));
    cr_expect_eq(t->n_milestones, 1);
    cr_expect_eq(t->milestones[0].done_day, je_days_from_civil(2022, 3, 30));
    je_tasks_free(t, 1);
    /* --replace updates in place; the record's history is in the audit log */
    je_import_opts o = {.replace = 1};
    t_import_ok(db, je_import_tasks,
                t_file_with("t2.csv", TASK_HDR "C,2022,green-transformation,丙,Task C renamed,"
                                               "500000,510000,CQ,SC,in-progress,10\n"),
                &o, &rep);
    cr_expect_eq(rep.updated, 1);
    je_import_report_free(&rep);
    t = fx_task(db, "C");
    cr_expect_str_eq(t->title_en, "Task C renamed");
    cr_expect_eq(t->status, JE_TASK_IN_PROGRESS);
    je_tasks_free(t, 1);
    cr_expect_eq(t_db_int(dbp, "SELECT count(*) FROM audit_log WHERE tbl = 'programme_task' AND"
                               " record_key = 'C' AND jurisdiction = 'joint'"),
                 2, "insert and update of C, owned by the joint office");
    je_db_close(db);
}

Test(programme_imports, only_the_joint_office_imports)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    char sc_admin[JE_GOV_TOKEN_CHARS], j_analyst[JE_GOV_TOKEN_CHARS];
    fx_user(db, "sc-admin", "510000", JE_ROLE_ADMIN, sc_admin);
    fx_user(db, "j-analyst", JE_GOV_JOINT, JE_ROLE_ANALYST, j_analyst);
    const char *f = t_file_with("t.csv", TASK_HDR "D,2022,ecological-network,丁,D,510000,500000,"
                                                  "a,b,planned,0\n");
    char before[65], after[65];
    fx_as(db, sc_admin); /* (logging in stamps the token's last use) */
    t_db_fingerprint(dbp, before);
    je_import_report rep;
    je_error e;
    cr_expect_eq(je_import_tasks(db, f, NULL, &rep, &e), JE_EPERM);
    cr_expect(strstr(e.message, "sc-admin") && strstr(e.message, "joint"), "%s", e.message);
    je_import_report_free(&rep);
    t_db_fingerprint(dbp, after);
    cr_expect_str_eq(after, before, "a refused import changed the database");
    fx_as(db, j_analyst);
    t_import_ok(db, je_import_tasks, f, NULL, &rep);
    je_import_report_free(&rep);
    je_db_close(db);
}

Test(programme_imports, demo_programme)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    je_import_report rep;
    static const struct {
        const char *file;
        t_import_fn fn;
        size_t rows;
    } files[] = {{"programme_2022_tasks.csv", je_import_tasks, 32},
                 {"programme_2022_milestones.csv", je_import_milestones, 0},
                 {"programme_2022_evidence.csv", je_import_task_evidence, 0}};
    for (size_t i = 0; i < 3; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/data/demo/chengyu/%s", JE_SOURCE_DIR, files[i].file);
        t_import_ok(db, files[i].fn, path, NULL, &rep);
        if (files[i].rows)
            cr_expect_eq(rep.inserted, files[i].rows);
        je_import_report_free(&rep);
    }
    je_task_filter f = {2022, NULL, NULL, -1, NULL};
    je_task *t;
    size_t n;
    cr_assert_eq(je_store_tasks(db, &f, &t, &n, NULL), JE_OK);
    size_t demo = 0;
    for (size_t i = 0; i < n; i++)
        demo += strncmp(t[i].code, "CY22-", 5) == 0;
    cr_expect_eq(demo, 32);
    size_t ncat;
    const je_task_category *cats = je_task_categories(&ncat);
    for (size_t c = 0; c < ncat; c++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            k += strcmp(t[i].category, cats[c].code) == 0;
        cr_expect_gt(k, 0, "no demo task in %s", cats[c].code);
    }
    je_tasks_free(t, n);
    je_db_close(db);
}
