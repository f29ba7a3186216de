/* The clean-energy corridor: capacity in operation by kind, non-fossil shares of
 * electricity and of energy hand-computed, the nearest target, and the store import. */
#include "support/store_support.h"
#include "support/support.h"

#include "jointenv/energy.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(nonfossil, .fini = cleanup);

/* Test data: 1 t raw coal = 1 tce; coal rate 300 gce/kWh in 2022. */
static const char tce_json[] =
    "{\"kind\": \"standard-coal\", \"id\": \"unit\", \"fuels\": {\"raw_coal\": {\"kgce\": 1,"
    " \"per\": \"kg\"}}, \"electricity_equivalent\": {\"kgce\": 0.1229, \"per\": \"kWh\"},"
    " \"heat\": {\"kgce\": 0.03412, \"per\": \"MJ\"}, \"electricity_equal_value\":"
    " {\"gce_per_kwh\": {\"2022\": 300}}}";
static const char tgt_json[] =
    "{\"kind\": \"nonfossil-targets\", \"id\": \"t\", \"targets\": ["
    "{\"jurisdiction\": \"510000\", \"year\": 2030, \"share_of_energy\": 0.5},"
    "{\"jurisdiction\": \"510000\", \"year\": 2025, \"share_of_energy\": 0.4,"
    " \"share_of_electricity\": 0.8},"
    "{\"jurisdiction\": \"510000\", \"year\": 2020, \"share_of_energy\": 0.3}]}";

static je_renewable re(const char *code, je_re_kind k, double mw, int year, double gen)
{
    je_renewable r;
    memset(&r, 0, sizeof r);
    snprintf(r.code, sizeof r.code, "%s", code);
    snprintf(r.jurisdiction, sizeof r.jurisdiction, "510000");
    r.kind = k;
    r.capacity_mw = mw;
    r.commissioned = year;
    r.generation_mwh = gen;
    return r;
}

static je_energy_activity act(const char *sector, const char *item, double q)
{
    je_energy_activity a;
    memset(&a, 0, sizeof a);
    snprintf(a.jurisdiction, sizeof a.jurisdiction, "510000");
    snprintf(a.sector, sizeof a.sector, "%s", sector);
    snprintf(a.item, sizeof a.item, "%s", item);
    a.year = 2022;
    a.quantity = q;
    return a;
}

Test(nonfossil, shares_hand_computed)
{
    je_energy_factors f;
    je_nonfossil_targets t;
    je_error e;
    memset(&f, 0, sizeof f);
    cr_assert_eq(je_energy_factors_parse(tce_json, strlen(tce_json), "f", &f, &e), JE_OK, "%s",
                 e.message);
    cr_assert_eq(je_nonfossil_targets_parse(tgt_json, strlen(tgt_json), "t", &t, &e), JE_OK, "%s",
                 e.message);
    je_renewable r[] = {re("H", JE_RE_HYDRO, 100, 2010, 400000),
                        re("W", JE_RE_WIND, 50, 2022, 100000),
                        re("S", JE_RE_SOLAR, 30, 2023, 40000)}; /* not yet in 2022 */
    /* electricity 1 000 000 MWh (300 000 tce at 300 gce/kWh) + 700 000 t raw coal
       (700 000 tce): energy 1 000 000 tce. Generation 500 000 MWh: half the
       electricity, 150 000 tce = 15 % of energy. */
    je_energy_activity a[] = {act("industry", "electricity", 1e6),
                              act("industry", "raw_coal", 7e5)};
    je_nonfossil_row *rows;
    size_t n;
    cr_assert_eq(je_nonfossil_compute(r, 3, a, 2, &f, &t, 2022, &rows, &n, &e), JE_OK, "%s",
                 e.message);
    cr_assert_eq(n, 1);
    cr_assert_float_eq(rows[0].capacity_mw[JE_RE_HYDRO], 100, 1e-12);
    cr_assert_float_eq(rows[0].capacity_mw[JE_RE_WIND], 50, 1e-12);
    cr_assert_float_eq(rows[0].capacity_mw[JE_RE_SOLAR], 0, 1e-12);
    cr_assert_float_eq(rows[0].generation_mwh, 5e5, 1e-9);
    cr_assert_float_eq(rows[0].share_of_electricity, 0.5, 1e-12);
    cr_assert_float_eq(rows[0].nonfossil_tce, 1.5e5, 1e-6);
    cr_assert_float_eq(rows[0].energy_tce, 1e6, 1e-6);
    cr_assert_float_eq(rows[0].share_of_energy, 0.15, 1e-12);
    /* the nearest target at or after 2022 is 2025's */
    cr_assert_eq(rows[0].target_year, 2025);
    cr_assert_float_eq(rows[0].target_share_of_energy, 0.4, 1e-15);
    cr_assert_float_eq(rows[0].target_share_of_electricity, 0.8, 1e-15);
    free(rows);
    /* a year without a coal rate: an error, not a guess */
    cr_assert_eq(je_nonfossil_compute(r, 3, a, 2, &f, &t, 2021, &rows, &n, &e), JE_ENOTFOUND);
}

Test(nonfossil, import)
{
    const char *dbp = t_path("r.db");
    je_db *db = t_open_db(dbp);
    je_import_report rep;
    t_import_ok(
        db, je_import_jurisdictions,
        t_file_with("j.csv", "code,name_zh,name_en,utc_offset\n510000,四川省,Sichuan,+08:00\n"),
        NULL, &rep);
    je_import_report_free(&rep);
#define RH "code,name,jurisdiction,district,kind,capacity_mw,commissioned,lon,lat,generation_mwh\n"
    t_import_ok(db, je_import_renewables,
                t_file_with("r.csv", RH "SC-HY-1,Ertan,510000,,hydro,3300,1999,101.78,26.82,"
                                        "17000000\n"),
                NULL, &rep);
    je_import_report_free(&rep);
    je_renewable *r;
    size_t n;
    cr_assert_eq(je_store_renewables(db, "510000", &r, &n, NULL), JE_OK);
    cr_assert_eq(n, 1);
    cr_assert_eq(r[0].kind, JE_RE_HYDRO);
    cr_assert_eq(r[0].commissioned, 1999);
    free(r);
    const char *row = "SC-X,X,510000,,tidal,10,2020,101,26,1000";
    t_expect_rejected(dbp, db, je_import_renewables,
                      t_file_with("b.csv", RH "SC-X,X,510000,,"
                                              "tidal,10,2020,101,"
                                              "26,1000\n"),
                      NULL, 2, t_char_col(row, 4), "invalid kind 'tidal'", 1);
    row = "SC-X,X,510000,,solar,10,2020,101,26,90000";
    t_expect_rejected(dbp, db, je_import_renewables,
                      t_file_with("c.csv", RH "SC-X,X,510000,,solar,10,2020,101,26,90000\n"), NULL,
                      2, t_char_col(row, 9), "invalid generation_mwh '90000'", 1);
    je_db_close(db);
}
