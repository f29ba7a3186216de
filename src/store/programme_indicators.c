/*
 * programme_indicators.c — the registry of live task indicators: named figures
 * computed from the stored data when they are read (include/jointenv/programme.h).
 * Each entry says which engine or query it uses and where its definition comes from.
 */
#include "store/internal.h"

#include "jointenv/air_days.h"
#include "jointenv/programme.h"
#include "jointenv/stagger.h"
#include "jointenv/water.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef je_status (*ind_fn)(je_db *db, int year, const char *scope, const je_task_env *env,
                            double *v, char *note, size_t ns, je_error *err);

/* Share (%) of boundary sections meeting their water-function target class in the
 * year: each section's annual value is the mean of its samples and its class the
 * single-factor class of that mean (GB 3838-2002 Table 1; the 2011 assessment method,
 * 环办〔2011〕22号 §3), as `jointenv water assess --period Y --boundary-only` computes
 * it. Sections without a class or a target are not counted. */
static je_status water_met(je_db *db, int year, const char *scope, const je_task_env *env,
                           double *v, char *note, size_t ns, je_error *err)
{
    (void)env;
    je_section_filter f = {0};
    f.boundary_only = 1;
    f.jurisdiction = scope && scope[0] ? scope : NULL;
    je_section_list l;
    je_status st = je_store_sections(db, &f, &l, err);
    if (st != JE_OK)
        return st;
    je_period p = {JE_PERIOD_YEAR, year, 0};
    je_wq_series_set s = {0};
    je_wq_section_result *res = NULL;
    if ((st = je_store_water_series(db, &l, &p, &s, err)) != JE_OK)
        goto out;
    if ((res = calloc(l.n ? l.n : 1, sizeof *res)) == NULL) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto out;
    }
    if ((st = je_wq_assess_sections(l.items, l.n, s.series, NULL, res, err)) != JE_OK)
        goto out;
    size_t judged = 0, met = 0;
    for (size_t i = 0; i < l.n; i++) {
        judged += res[i].met >= 0;
        met += res[i].met == 1;
    }
    if (judged == 0)
        snprintf(note, ns, "no boundary section with a class and a target in %d", year);
    else {
        *v = 100.0 * (double)met / (double)judged;
        snprintf(note, ns, "%zu of %zu boundary sections", met, judged);
    }
out:
    free(res);
    je_wq_series_set_free(&s);
    je_section_list_free(&l);
    return st;
}

/* Good-air-day ratio (%) of the year: for each city, days with AQI ≤ 100 over days
 * with an AQI (HJ 633 AQI of the city's daily values, HJ 663-2013 §4 city means; as
 * `jointenv air assess --year Y`), then the mean over the cities (the way the
 * national bulletin averages cities). */
static je_status air_good(je_db *db, int year, const char *scope, const je_task_env *env, double *v,
                          char *note, size_t ns, je_error *err)
{
    (void)env;
    je_air_filter f = {0};
    f.jurisdiction = scope && scope[0] ? scope : NULL;
    int64_t d0 = je_days_from_civil(year, 1, 1), d1 = je_days_from_civil(year + 1, 1, 1);
    je_aq_daily_opts o = {JE_AQ_STD_AUTO, JE_AQI_CEIL};
    je_air_units u;
    je_status st = je_air_units_load(db, &f, 0, d0, (size_t)(d1 - d0), &o, &u, err);
    if (st == JE_ENOTFOUND) {
        snprintf(note, ns, "no air station");
        return JE_OK;
    }
    if (st != JE_OK)
        return st;
    double sum = 0;
    size_t cities = 0;
    for (size_t i = 0; i < u.n && st == JE_OK; i++) {
        je_aq_annual an;
        st = je_aq_annual_compute(u.city[i].days, u.n_days, year, je_gb3095_for_day(d1 - 1), &an,
                                  err);
        if (st == JE_OK && an.aqi_days > 0) {
            sum += an.good_ratio;
            cities++;
        }
    }
    je_air_units_free(&u);
    if (st != JE_OK)
        return st;
    if (cities == 0)
        snprintf(note, ns, "no city with a daily AQI in %d", year);
    else {
        *v = 100.0 * sum / (double)cities;
        snprintf(note, ns, "mean of %zu cities", cities);
    }
    return JE_OK;
}

/* Clinker lines of the registry that owe stop days under the staggered-production rule
 * set (multiplier > 0: not exempt; 工信部联原〔2020〕201号 and 川经信材料〔2023〕183号 as
 * the rule set encodes them, standards.md §4.1-4.2). The registry as it is now. */
static je_status cement_quota(je_db *db, int year, const char *scope, const je_task_env *env,
                              double *v, char *note, size_t ns, je_error *err)
{
    (void)year;
    if (env == NULL || env->stagger_rules_path == NULL) {
        snprintf(note, ns, "no staggered-production rule set given");
        return JE_OK;
    }
    je_stagger_rules rules;
    je_error e;
    je_status st = je_stagger_rules_load(env->stagger_rules_path, &rules, &e);
    if (st == JE_ENOMEM)
        return je_error_set(err, st, "%s", e.message);
    if (st != JE_OK) { /* a missing or bad rule file makes this figure unknown, no more */
        snprintf(note, ns, "%.150s", e.message);
        return JE_OK;
    }
    je_plant *p = NULL;
    size_t n = 0;
    if ((st = je_store_plants(db, scope && scope[0] ? scope : NULL, &p, &n, err)) != JE_OK)
        return st;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        je_stagger_line l = {0};
        l.code = p[i].code;
        l.capacity_t_d = p[i].capacity_t_d;
        l.grade = (je_grade)(p[i].grade - 'A');
        l.special_cement_share = p[i].special_cement / 100.0;
        l.carbide_slag_only = p[i].carbide_slag;
        l.msw_coprocessing = p[i].coprocessing; /* as src/cli/stagger_input.c */
        k += je_stagger_multiplier(&rules, &l) > 0;
    }
    free(p);
    *v = (double)k;
    snprintf(note, ns, "%zu of %zu lines in the registry (rules %s)", k, n, rules.id);
    return JE_OK;
}

/* One number from SQL with ?1 = year and ?2 = scope (NULL = both sides). */
static je_status sql_number(je_db *db, const char *sql, int year, const char *scope, double *v,
                            je_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "computing an indicator");
    sqlite3_bind_int(s, 1, year);
    if (scope && scope[0])
        sqlite3_bind_text(s, 2, scope, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *v = sqlite3_column_double(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? JE_OK : je_db_fail(db, err, "computing an indicator");
}

/* The indicators that are one count or sum over the store: SQL with ?1 = year and
 * ?2 = scope (NULL = both sides), and what the figure covers. */
typedef struct counted {
    const char *sql;
    const char *note;  /* what the figure covers */
    int note_has_year; /* the note ends with the year */
} counted;

static const counted counts[] = {
    /* Coal power units with status retired in the unit registry (GEM-style registry,
       docs/energy.md); the registry keeps no retirement year, so the count is as of now. */
    {"SELECT count(*) + 0 * ?1 FROM coal_unit WHERE status = 'retired'"
     " AND (?2 IS NULL OR owner = ?2)",
     "units in the registry now", 0},
    {"SELECT coalesce(sum(capacity_mw), 0) + 0 * ?1 FROM coal_unit"
     " WHERE status = 'retired' AND (?2 IS NULL OR owner = ?2)",
     "units in the registry now", 0},
    /* Cleaner-production audits holding a certificate (stage certified or renewal-due;
       《清洁生产审核办法》, 2016, art. 8-9, as src/energy/cp_audit.c stages them). */
    {"SELECT count(*) + 0 * ?1 FROM cp_audit WHERE stage IN ('certified', 'renewal-due')"
     " AND (?2 IS NULL OR owner = ?2)",
     "audits in the register now", 0},
    /* Renewable capacity (MW) commissioned by the end of the year along the clean-energy
       corridor (renewable installations; docs/energy.md "non-fossil"). */
    {"SELECT coalesce(sum(capacity_mw), 0) FROM renewable_installation"
     " WHERE commissioned <= ?1 AND (?2 IS NULL OR owner = ?2)",
     "installations commissioned by", 1},
    /* Zero-waste cities and districts (无废城市, 《"十四五"时期"无废城市"建设工作方案》,
       环固体〔2021〕114号) with indicator data for the year in the store (import
       waste-data): how many of the co-built districts are being evaluated. */
    {"SELECT count(DISTINCT v.district_ref) FROM waste_value v"
     " JOIN waste_district d ON d.id = v.district_ref"
     " WHERE v.year = ?1 AND (?2 IS NULL OR d.owner = ?2)",
     "districts with zero-waste data for", 1},
};

static je_status counted_value(const counted *k, je_db *db, int year, const char *scope,
                               double *v, char *note, size_t ns, je_error *err)
{
    je_status st = sql_number(db, k->sql, year, scope, v, err);
    if (st == JE_OK && k->note_has_year)
        snprintf(note, ns, "%s %d", k->note, year);
    else if (st == JE_OK)
        snprintf(note, ns, "%s", k->note);
    return st;
}

static const je_task_indicator infos[] = {
    {"water-boundary-met-pct", "跨界断面水质达标率", "Boundary sections meeting their target", "%",
     "GB 3838-2002; 2011 assessment method (water assess)"},
    {"air-good-days-pct", "优良天数比例", "Good-air-day ratio", "%",
     "HJ 633 AQI, HJ 663 city means (air assess)"},
    {"cement-lines-staggered", "纳入错峰生产的水泥熟料生产线", "Clinker lines with stop days",
     "lines", "staggered-production rule set (stagger)"},
    {"coal-units-retired", "已退役煤电机组", "Coal units retired", "units", "coal-unit registry"},
    {"coal-mw-retired", "已退役煤电装机", "Coal capacity retired", "MW", "coal-unit registry"},
    {"cp-audits-certified", "通过清洁生产审核的企业", "Cleaner-production audits certified",
     "audits", "cleaner-production audit register"},
    {"renewable-mw", "清洁能源装机", "Renewable capacity", "MW",
     "renewable installations (energy nonfossil)"},
    {"zero-waste-districts", "开展无废城市建设评估的区县", "Zero-waste districts reporting",
     "districts", "zero-waste indicator data (waste score)"},
};
/* The engine-computed indicators first (one function each), then counts[] in order. */
static const ind_fn fns[] = {water_met, air_good, cement_quota};
enum {
    N_FNS = sizeof fns / sizeof fns[0],
    N_IND = sizeof infos / sizeof infos[0]
};
_Static_assert(N_FNS + sizeof counts / sizeof counts[0] == N_IND,
               "one function or one count per indicator");

const je_task_indicator *je_task_indicators(size_t *out_n)
{
    *out_n = N_IND;
    return infos;
}

const je_task_indicator *je_task_indicator_find(const char *name)
{
    for (size_t i = 0; name && i < N_IND; i++)
        if (strcmp(infos[i].name, name) == 0)
            return &infos[i];
    return NULL;
}

je_status je_task_indicator_eval(je_db *db, const char *name, int year, const char *scope,
                                 const je_task_env *env, double *out_value, char *note,
                                 size_t note_size, je_error *err)
{
    *out_value = NAN;
    if (note_size)
        note[0] = '\0';
    for (size_t i = 0; i < N_IND; i++)
        if (strcmp(infos[i].name, name) == 0)
            return i < N_FNS ? fns[i](db, year, scope, env, out_value, note, note_size, err)
                             : counted_value(&counts[i - N_FNS], db, year, scope, out_value,
                                             note, note_size, err);
    char list[512] = "";
    for (size_t i = 0; i < N_IND; i++) {
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, infos[i].name, sizeof list - strlen(list) - 1);
    }
    return je_error_set(err, JE_ENOTFOUND, "unknown indicator '%s' (%s)", name, list);
}
