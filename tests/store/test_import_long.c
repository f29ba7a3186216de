/* Long-layout import shortcuts (water_sample.c parse_key/find_item) must never change
 * a result: the cached time is per section (each has its jurisdiction's UTC offset),
 * the item guess falls back to a full lookup, and a sample split over
 * non-consecutive rows is merged. */
#include "jointenv/store.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}
TestSuite(import_long, .fini = cleanup);

static je_db *setup(char *dbpath, size_t n)
{
    snprintf(dbpath, n, "%s", t_path("long.db"));
    je_db *db;
    je_error e;
    cr_assert_eq(je_db_open(dbpath, &db, &e), JE_OK, "%s", e.message);
    /* two jurisdictions with different offsets (a hypothetical +00:00 one) */
    t_write(t_path("j.csv"), "code,name_zh,name_en,utc_offset\n"
                             "510000,四川省,Sichuan,+08:00\n"
                             "990000,测试,Test,+00:00\n");
    t_write(t_path("s.csv"),
            "code,name_zh,name_en,river_code,river_zh,river_en,basin_code,basin_zh,basin_en,"
            "lon,lat,kind,owner,upstream,downstream,target_class,waterbody\n"
            "A,甲,A,R,河,R,B,流域,B,106,30,national,510000,,,III,river\n"
            "Z,乙,Z,R,河,R,B,流域,B,106,30,national,990000,,,III,river\n");
    je_import_report rep;
    cr_assert_eq(je_import_jurisdictions(db, t_path("j.csv"), NULL, &rep, &e), JE_OK, "%s",
                 e.message);
    je_import_report_free(&rep);
    cr_assert_eq(je_import_sections(db, t_path("s.csv"), NULL, &rep, &e), JE_OK, "%s", e.message);
    je_import_report_free(&rep);
    return db;
}

Test(import_long, same_time_text_in_two_offsets_and_split_samples)
{
    char dbp[768];
    je_db *db = setup(dbp, sizeof dbp);
    t_write(t_path("l.csv"), "section,sampled_at,item,value\n"
                             "A,2022-01-01T00:00,nh3n,0.1\n"
                             "Z,2022-01-01T00:00,nh3n,0.2\n"
                             "A,2022-01-01T00:00,tp,0.05\n"
                             "A,2022-01-01T00:00,ph,7.5\n"
                             "Z,2022-01-01T00:00,cod,12\n");
    je_import_report rep;
    je_error e;
    je_status st = je_import_water_samples(db, t_path("l.csv"), NULL, &rep, &e);
    cr_assert_eq(st, JE_OK, "%s (%zu errors: %s)", e.message, rep.errors.total,
                 rep.errors.count ? rep.errors.items[0].message : "");
    cr_assert_eq(rep.inserted, 2, "inserted %zu", rep.inserted);
    cr_assert_eq(rep.updated, 2, "updated %zu (the later rows of each sample merge)", rep.updated);
    je_import_report_free(&rep);
    je_db_close(db);
    /* A is local +08:00: 2021-12-31T16:00Z; Z is +00:00: 2022-01-01T00:00Z */
    long long ta = t_db_int(dbp, "SELECT sampled_at FROM water_sample w JOIN section s"
                                 " ON s.id = w.section_id WHERE s.code = 'A'");
    long long tz = t_db_int(dbp, "SELECT sampled_at FROM water_sample w JOIN section s"
                                 " ON s.id = w.section_id WHERE s.code = 'Z'");
    cr_assert_eq(ta, 1640966400LL, "A at %lld", ta);
    cr_assert_eq(tz, 1640995200LL, "Z at %lld", tz);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM water_sample w JOIN section s ON"
                               " s.id = w.section_id WHERE s.code = 'A' AND v_nh3n = 0.1"
                               " AND v_tp = 0.05 AND v_ph = 7.5"),
                 1);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM water_sample WHERE v_cod = 12 AND"
                               " v_nh3n = 0.2"),
                 1);
}

Test(import_long, item_order_guess_falls_back_and_unknown_items_are_errors)
{
    char dbp[768];
    je_db *db = setup(dbp, sizeof dbp);
    /* out of table order, repeated items, upper case, then an unknown one */
    t_write(t_path("l.csv"), "section,sampled_at,item,value\n"
                             "A,2022-02-01T09:00,TP,0.05\n"
                             "A,2022-02-01T09:00,ph,7.1\n"
                             "A,2022-02-01T09:00,do,8\n"
                             "A,2022-02-02T09:00,fcoli,100\n"
                             "A,2022-02-02T09:00,nh3n,0.2\n"
                             "A,2022-02-02T09:00,nh3x,0.2\n");
    je_import_report rep;
    je_error e;
    cr_assert_eq(je_import_water_samples(db, t_path("l.csv"), NULL, &rep, &e), JE_EDATA);
    cr_assert_eq(rep.errors.total, 1, "errors %zu", rep.errors.total);
    cr_assert_eq(rep.errors.items[0].line, 7);
    cr_assert(strstr(rep.errors.items[0].message, "unknown item 'nh3x'"), "%s",
              rep.errors.items[0].message);
    je_import_report_free(&rep);
    /* without the bad row it imports, with every item where it belongs */
    t_write(t_path("l2.csv"), "section,sampled_at,item,value\n"
                              "A,2022-02-01T09:00,TP,0.05\n"
                              "A,2022-02-01T09:00,ph,7.1\n"
                              "A,2022-02-01T09:00,do,8\n"
                              "A,2022-02-02T09:00,fcoli,100\n"
                              "A,2022-02-02T09:00,nh3n,0.2\n");
    cr_assert_eq(je_import_water_samples(db, t_path("l2.csv"), NULL, &rep, &e), JE_OK, "%s",
                 e.message);
    je_import_report_free(&rep);
    je_db_close(db);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM water_sample WHERE v_tp = 0.05 AND"
                               " v_ph = 7.1 AND v_do = 8"),
                 1);
    cr_assert_eq(t_db_int(dbp, "SELECT count(*) FROM water_sample WHERE v_fcoli = 100 AND"
                               " v_nh3n = 0.2"),
                 1);
}
