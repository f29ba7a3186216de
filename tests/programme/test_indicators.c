/* Live indicators are computed from the data when they are read: importing more
 * water samples, a clinker line or a retired coal unit changes the value a task's
 * evidence shows, and whether it meets its target, with nothing typed in. The water
 * figure agrees with the water assessment engine on a hand-checked case. */
#include "fixture.h"

#include "jointenv/energy.h"
#include "jointenv/waste.h"

#include <math.h>
#include <stdlib.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(programme_indicators, .fini = cleanup);

#define SEC_HDR                                                                                    \
    "code,name_zh,name_en,river_code,river_zh,river_en,basin_code,basin_zh,basin_en,lon,lat,kind," \
    "owner,upstream,downstream,target_class,waterbody\n"

static double eval(je_db *db, const char *name, const char *scope, char *note)
{
    double v;
    je_error e;
    cr_assert_eq(je_task_indicator_eval(db, name, 2022, scope, NULL, &v, note, 200, &e), JE_OK,
                 "%s: %s", name, e.message);
    return v;
}

Test(programme_indicators, water_share_recomputes_when_samples_arrive)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    je_import_report rep;
    t_import_ok(
        db, je_import_sections,
        t_file_with("s.csv", SEC_HDR
                    "B1,甲,B1,R,河,River,K,流域,Basin,106,30,boundary,510000,510000,"
                    "500000,III,river\n"
                    "B2,乙,B2,R,河,River,K,流域,Basin,106.1,30,boundary,500000,510000,"
                    "500000,III,river\n"
                    "N1,丙,N1,R,河,River,K,流域,Basin,106.2,30,national,510000,,,II,river\n"),
        NULL, &rep);
    je_import_report_free(&rep);
    char note[200];
    double v = eval(db, "water-boundary-met-pct", NULL, note);
    cr_expect(isnan(v), "no samples: no value (got %g)", v);
    cr_expect(strstr(note, "no boundary section"), "%s", note);
    /* B1 Class II (meets III), B2 Class IV by NH3-N 1.2 mg/L (misses): 50 %; the national
       section N1 is not a boundary section and must not count */
    t_import_ok(db, je_import_water_samples,
                t_file_with("w1.csv", "section,sampled_at,do,nh3n\n"
                                      "B1,2022-03-10T09:00,7.0,0.4\n"
                                      "B2,2022-03-10T09:00,7.0,1.2\n"
                                      "N1,2022-03-10T09:00,7.0,1.9\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    v = eval(db, "water-boundary-met-pct", NULL, note);
    cr_expect_float_eq(v, 50.0, 1e-9, "got %g (%s)", v, note);
    cr_expect(strstr(note, "1 of 2"), "%s", note);
    /* a second B2 sample brings its annual mean NH3-N to (1.2 + 0.4) / 2 = 0.8: Class III */
    t_import_ok(db, je_import_water_samples,
                t_file_with("w2.csv", "section,sampled_at,do,nh3n\nB2,2022-04-10T09:00,7.0,0.4\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    v = eval(db, "water-boundary-met-pct", NULL, note);
    cr_expect_float_eq(v, 100.0, 1e-9, "got %g (%s)", v, note);
    /* samples of another year do not count */
    double v2021;
    je_error e;
    cr_assert_eq(je_task_indicator_eval(db, "water-boundary-met-pct", 2021, NULL, NULL, &v2021,
                                        note, sizeof note, &e),
                 JE_OK);
    cr_expect(isnan(v2021));
    je_db_close(db);
}

Test(programme_indicators, task_evidence_follows_the_data)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    je_import_report rep;
    t_import_ok(db, je_import_task_evidence,
                t_file_with("e.csv", EV_HDR "A,1,indicator,,coal-units-retired,,>=,2\n"
                                            "A,2,indicator,,coal-units-retired,500000,>=,1\n"
                                            "A,3,text,minutes,,,,\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    const char *units = t_file_with(
        "u.csv", "code,plant,jurisdiction,capacity_mw,commissioned,technology,coal_gce_kwh,"
                 "generation_mwh,status\n"
                 "SC-1,P,510000,600,2008,sc,300,1000,retired\n"
                 "CQ-1,Q,500000,300,1995,sub,330,1000,operating\n");
    t_import_ok(db, je_import_coal_units, units, NULL, &rep);
    je_import_report_free(&rep);
    je_task *t = fx_task(db, "A");
    cr_assert_eq(je_store_task_evaluate(db, t, 1, NULL, NULL), JE_OK);
    cr_expect_float_eq(t->evidence[0].value, 1.0, 1e-12);
    cr_expect_eq(t->evidence[0].meets, 0, "1 retired unit does not meet >= 2");
    cr_expect_float_eq(t->evidence[1].value, 0.0, 1e-12, "none retired in 500000");
    cr_expect_eq(t->evidence[1].meets, 0);
    cr_expect(isnan(t->evidence[2].value), "text evidence has no value");
    cr_expect_eq(t->evidence[2].meets, -1);
    je_tasks_free(t, 1);
    /* Chongqing's unit is retired: both figures change, nobody typed them */
    je_import_opts o = {.replace = 1};
    t_import_ok(db, je_import_coal_units,
                t_file_with("u2.csv", "code,plant,jurisdiction,capacity_mw,commissioned,"
                                      "technology,coal_gce_kwh,generation_mwh,status\n"
                                      "CQ-1,Q,500000,300,1995,sub,330,0,retired\n"),
                &o, &rep);
    je_import_report_free(&rep);
    t = fx_task(db, "A");
    cr_assert_eq(je_store_task_evaluate(db, t, 1, NULL, NULL), JE_OK);
    cr_expect_float_eq(t->evidence[0].value, 2.0, 1e-12);
    cr_expect_eq(t->evidence[0].meets, 1);
    cr_expect_float_eq(t->evidence[1].value, 1.0, 1e-12);
    cr_expect_eq(t->evidence[1].meets, 1);
    je_tasks_free(t, 1);
    je_db_close(db);
}

Test(programme_indicators, cement_lines_with_a_quota)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    char rules[1024], note[200];
    snprintf(rules, sizeof rules, "%s/data/rules/stagger-chengyu-2023.json", JE_SOURCE_DIR);
    je_task_env env = {rules};
    double v;
    je_error e;
    cr_assert_eq(je_task_indicator_eval(db, "cement-lines-staggered", 2022, NULL, &env, &v, note,
                                        sizeof note, &e),
                 JE_OK, "%s", e.message);
    cr_expect_float_eq(v, 0.0, 1e-12, "empty registry");
    /* without a rule set the figure is unknown, not zero */
    cr_assert_eq(je_task_indicator_eval(db, "cement-lines-staggered", 2022, NULL, NULL, &v, note,
                                        sizeof note, &e),
                 JE_OK);
    cr_expect(isnan(v));
    je_import_report rep;
    char path[1024];
    snprintf(path, sizeof path, "%s/data/demo/chengyu/plants.csv", JE_SOURCE_DIR);
    t_import_ok(db, je_import_plants, path, NULL, &rep);
    size_t lines = rep.inserted;
    je_import_report_free(&rep);
    cr_assert_eq(je_task_indicator_eval(db, "cement-lines-staggered", 2022, NULL, &env, &v, note,
                                        sizeof note, &e),
                 JE_OK);
    cr_expect_gt(v, 0.0);
    cr_expect_lt(v, (double)lines, "exempt lines (100 %% special cement ...) have no quota");
    double sc, cq;
    je_task_indicator_eval(db, "cement-lines-staggered", 2022, "510000", &env, &sc, note,
                           sizeof note, &e);
    je_task_indicator_eval(db, "cement-lines-staggered", 2022, "500000", &env, &cq, note,
                           sizeof note, &e);
    cr_expect_float_eq(sc + cq, v, 1e-12, "the two sides add up");
    /* unknown name */
    cr_expect_eq(
        je_task_indicator_eval(db, "zero-waste", 2022, NULL, NULL, &v, note, sizeof note, &e),
        JE_ENOTFOUND);
    cr_expect(strstr(e.message, "water-boundary-met-pct"), "the message lists the names: %s",
              e.message);
    je_db_close(db);
}

/* The zero-waste figure counts the districts with data for the year, per side: it
   follows the imports. */
Test(programme_indicators, zero_waste_districts_follow_the_data)
{
    const char *dbp;
    je_db *db = fx_open(&dbp);
    je_import_report rep;
    char note[200];
    t_import_ok(db, je_import_waste_districts,
                t_file_with("d.csv", "code,name_zh,name_en,jurisdiction\n"
                                     "500103,渝中区,Yuzhong,500000\n"
                                     "500105,江北区,Jiangbei,500000\n"
                                     "510100,成都市,Chengdu,510000\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    cr_expect_float_eq(eval(db, "zero-waste-districts", NULL, note), 0.0, 1e-12, "%s", note);
    t_import_ok(db, je_import_waste_values,
                t_file_with("v.csv", "district,year,variable,value\n"
                                     "500103,2022,ind_sw_t,100\n"
                                     "500103,2022,ind_sw_used_t,80\n"
                                     "510100,2022,ind_sw_t,50\n"
                                     "500105,2021,ind_sw_t,70\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    cr_expect_float_eq(eval(db, "zero-waste-districts", NULL, note), 2.0, 1e-12, "%s", note);
    cr_expect_float_eq(eval(db, "zero-waste-districts", "500000", note), 1.0, 1e-12, "%s", note);
    je_db_close(db);
}
