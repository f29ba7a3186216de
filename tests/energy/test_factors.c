/* Standard coal (GB/T 2589-2020 Appendix A) and CO2 (E = FC x NCV x CC x OF x 44/12)
 * of every fuel, each electricity basis and grid scope, heat and clinker, from the
 * shipped factor files; unit conversion and unit errors. Expected values are computed
 * by hand from the files' numbers (shown in the comments). */
#include "jointenv/energy.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define REL(a, b, tol)                                                                             \
    cr_assert(fabs((double)(a) - (double)(b)) <= (tol)*fmax(1.0, fabs((double)(b))),               \
              "%s = %.12g, expected %.12g", #a, (double)(a), (double)(b))

static je_energy_factors F;

static void load(const char *co2)
{
    char path[1024];
    je_error e;
    memset(&F, 0, sizeof F);
    const char *files[] = {"energy-factors-gbt2589-2020.json", co2,
                           "electricity-factors-mee-2021-2022.json"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/data/rules/%s", JE_SOURCE_DIR, files[i]);
        je_status st = je_energy_factors_load(path, &F, &e);
        cr_assert_eq(st, JE_OK, "%s: %s", path, e.message);
    }
    cr_assert_eq(je_energy_factors_check(&F, &e), JE_OK, "%s", e.message);
}

static je_energy_totals rec(const char *item, const char *sector, int year, double q,
                            je_elec_basis basis, je_elec_scope scope, const char *jur)
{
    je_energy_activity a;
    memset(&a, 0, sizeof a);
    snprintf(a.jurisdiction, sizeof a.jurisdiction, "%s", jur);
    snprintf(a.sector, sizeof a.sector, "%s", sector);
    snprintf(a.item, sizeof a.item, "%s", item);
    a.year = year;
    a.quantity = q;
    je_energy_totals t;
    je_error e;
    je_status st = je_energy_record(&a, &F, basis, scope, &t, &e);
    cr_assert_eq(st, JE_OK, "%s: %s", item, e.message);
    return t;
}

/* 1 000 units (t, or 10^4 Nm3 for gases) of each fuel in a sector with the default
 * oxidation: tce = 1000 x kgce per unit (x10 for m3 -> 10^4 Nm3); guideline CO2 =
 * 1000 x NCV x CC x OF x 44/12; IPCC CO2 = 1000 x NCV x EF(kg/TJ) x 10^-6. */
static const struct {
    const char *item;
    double tce, co2_guideline, co2_ipcc;
} fuels[] = {
    {"raw_coal", 714.3, 1900.298849, 1977.8968},      /* 20.908 x 0.02637 x 0.94 */
    {"washed_coal", 900, 2307.202251, 2492.1424},     /* 26.344 x 0.02541 x 0.94 */
    {"coke", 971.4, 2883.335539, 3042.545},           /* 28.435 x 0.02942 x 0.94 */
    {"crude_oil", 1428.6, 3017.197239, 3065.1128},    /* 41.816 x 0.02008 x 0.98 */
    {"fuel_oil", 1428.6, 3170.461243, 3236.5584},     /* 41.816 x 0.02110 x 0.98 */
    {"gasoline", 1471.4, 2925.05598, 2984.751},       /* 43.070 x 0.01890 x 0.98 */
    {"kerosene", 1471.4, 3033.391387, 3096.733},      /* 43.070 x 0.01960 x 0.98 */
    {"diesel", 1457.1, 3095.909637, 3160.5132},       /* 42.652 x 0.02020 x 0.98 */
    {"lpg", 1714.3, 3101.329821, 3166.2949},          /* 50.179 x 0.01720 x 0.98 */
    {"refinery_gas", 1571.4, 3008.207869, 2649.4848}, /* 45.998 x 0.01820 x 0.98 */
    {"natural_gas", 12143, 21650.152, 21840.291},     /* 1.2143 kgce/m3; 389.31 x 0.01532 x 0.99 */
    {"coke_oven_gas", 5714, 7636.189242, 7719.1176},  /* 0.5714 kgce/m3; 173.854 x 0.0121 x 0.99 */
};

Test(factors, every_fuel_guideline)
{
    load("co2-factors-guideline.json");
    for (size_t i = 0; i < sizeof fuels / sizeof fuels[0]; i++) {
        je_energy_totals t = rec(fuels[i].item, "buildings", 2022, 1000, JE_ELEC_EQUIVALENT,
                                 JE_SCOPE_PROVINCIAL, "510000");
        REL(t.fuel_tce, fuels[i].tce, 1e-12);
        REL(t.energy_tce, fuels[i].tce, 1e-12);
        REL(t.co2_fuel_t, fuels[i].co2_guideline, 1e-9);
        REL(t.co2_t, fuels[i].co2_guideline, 1e-9);
    }
}

Test(factors, every_fuel_ipcc2006)
{
    load("co2-factors-ipcc2006.json");
    cr_assert_str_eq(F.co2_id, "ipcc2006-defaults");
    for (size_t i = 0; i < sizeof fuels / sizeof fuels[0]; i++) {
        je_energy_totals t = rec(fuels[i].item, "buildings", 2022, 1000, JE_ELEC_EQUIVALENT,
                                 JE_SCOPE_PROVINCIAL, "510000");
        REL(t.fuel_tce, fuels[i].tce, 1e-12);
        REL(t.co2_fuel_t, fuels[i].co2_ipcc, 1e-9);
    }
}

/* Solid fuels oxidise by equipment (V1): cement kiln 99 %, power boiler 95 %,
 * industrial boiler 85 %; the file maps them to sectors. */
Test(factors, oxidation_by_sector)
{
    load("co2-factors-guideline.json");
    double base = 1000 * 20.908 * 0.02637 * 44.0 / 12.0;
    REL(rec("raw_coal", "cement", 2022, 1000, 0, 0, "510000").co2_fuel_t, base * 0.99, 1e-12);
    REL(rec("raw_coal", "power", 2022, 1000, 0, 0, "510000").co2_fuel_t, base * 0.95, 1e-12);
    REL(rec("raw_coal", "industry", 2022, 1000, 0, 0, "510000").co2_fuel_t, base * 0.85, 1e-12);
    REL(rec("raw_coal", "transport", 2022, 1000, 0, 0, "510000").co2_fuel_t, base * 0.94, 1e-12);
}

Test(factors, electricity_bases_and_scopes)
{
    load("co2-factors-guideline.json");
    /* equivalent: 0.1229 kgce/kWh = 0.1229 tce/MWh, any year */
    REL(rec("electricity", "industry", 2022, 1000, JE_ELEC_EQUIVALENT, JE_SCOPE_PROVINCIAL,
            "510000")
            .elec_tce,
        122.9, 1e-12);
    /* equal-value: the year's coal rate, 300.7 (2022) and 302.5 (2021) gce/kWh */
    REL(rec("electricity", "industry", 2022, 1000, JE_ELEC_EQUAL_VALUE, JE_SCOPE_PROVINCIAL,
            "510000")
            .elec_tce,
        300.7, 1e-12);
    REL(rec("electricity", "industry", 2021, 1000, JE_ELEC_EQUAL_VALUE, JE_SCOPE_PROVINCIAL,
            "510000")
            .elec_tce,
        302.5, 1e-12);
    /* CO2: provincial Sichuan 0.1404, Chongqing 0.5227; regional (southwest) 0.2268;
       national 0.5366 (2022) and 0.5568 (2021) t/MWh */
    REL(rec("electricity", "industry", 2022, 1000, 0, JE_SCOPE_PROVINCIAL, "510000").co2_elec_t,
        140.4, 1e-12);
    REL(rec("electricity", "industry", 2022, 1000, 0, JE_SCOPE_PROVINCIAL, "500000").co2_elec_t,
        522.7, 1e-12);
    REL(rec("electricity", "industry", 2022, 1000, 0, JE_SCOPE_REGIONAL, "500000").co2_elec_t,
        226.8, 1e-12);
    REL(rec("electricity", "industry", 2022, 1000, 0, JE_SCOPE_NATIONAL, "510000").co2_elec_t,
        536.6, 1e-12);
    REL(rec("electricity", "industry", 2021, 1000, 0, JE_SCOPE_NATIONAL, "510000").co2_elec_t,
        556.8, 1e-12);
}

Test(factors, missing_factor_is_an_error_not_a_fallback)
{
    load("co2-factors-guideline.json");
    je_energy_activity a = {.jurisdiction = "510000",
                            .sector = "industry",
                            .item = "electricity",
                            .year = 2021,
                            .quantity = 1};
    je_energy_totals t;
    je_error e;
    cr_assert_eq(je_energy_record(&a, &F, JE_ELEC_EQUIVALENT, JE_SCOPE_REGIONAL, &t, &e),
                 JE_ENOTFOUND);
    cr_assert(strstr(e.message, "2021, scope regional, region southwest"), "%s", e.message);
    a.year = 2019;
    cr_assert_eq(je_energy_record(&a, &F, JE_ELEC_EQUAL_VALUE, JE_SCOPE_NATIONAL, &t, &e),
                 JE_ENOTFOUND);
    cr_assert(strstr(e.message, "no coal rate for 2019"), "%s", e.message);
}

Test(factors, heat_and_clinker)
{
    load("co2-factors-guideline.json");
    je_energy_totals h = rec("heat", "industry", 2022, 1000, 0, 0, "510000");
    REL(h.heat_tce, 34.12, 1e-12); /* 0.03412 kgce/MJ = tce/GJ */
    REL(h.co2_heat_t, 110, 1e-12); /* 0.11 t/GJ (MEM) */
    je_energy_totals c = rec("clinker", "cement", 2022, 1000, 0, 0, "510000");
    REL(c.co2_process_t, 520, 1e-12); /* 0.52 t/t clinker (MEM) */
    cr_assert_eq(c.energy_tce, 0);
}

Test(units, conversions)
{
    static const struct {
        const char *item, *unit;
        double q, base;
    } cases[] = {
        {"raw_coal", "万t", 1.5, 15000},   {"raw_coal", "kg", 2500, 2.5},
        {"raw_coal", "1e4 t", 2, 20000},   {"natural_gas", "亿m3", 2, 20000},
        {"natural_gas", "Nm3", 50000, 5},  {"natural_gas", "万Nm3", 7, 7},
        {"electricity", "kWh", 1e6, 1000}, {"electricity", "万kWh", 3, 30},
        {"electricity", "亿kWh", 1, 1e5},  {"electricity", "GWh", 2, 2000},
        {"electricity", "TWh", 1, 1e6},    {"heat", "TJ", 2, 2000},
        {"heat", "MJ", 5000, 5},           {"gdp", "亿元", 3, 30000},
        {"gdp", "yuan", 1e5, 10},          {"population", "万人", 2, 20000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double b;
        je_error e;
        cr_assert_eq(je_energy_unit_convert(cases[i].item, cases[i].unit, cases[i].q, &b, &e),
                     JE_OK, "%s %s: %s", cases[i].item, cases[i].unit, e.message);
        REL(b, cases[i].base, 1e-15);
    }
}

Test(units, wrong_unit_for_item)
{
    double b;
    je_error e;
    cr_assert_eq(je_energy_unit_convert("natural_gas", "t", 1, &b, &e), JE_EDATA);
    cr_assert(strstr(e.message, "unit 't' is not a unit of natural_gas"), "%s", e.message);
    cr_assert(strstr(e.message, "1e4 Nm3"), "the message lists the accepted units: %s", e.message);
    cr_assert_eq(je_energy_unit_convert("electricity", "GJ", 1, &b, &e), JE_EDATA);
    cr_assert_eq(je_energy_unit_convert("raw_coal", "tonnes", 1, &b, &e), JE_EDATA);
    cr_assert_eq(je_energy_unit_convert("uranium", "t", 1, &b, &e), JE_EINVAL);
}

Test(factors, strict_files)
{
    je_energy_factors f;
    memset(&f, 0, sizeof f);
    je_error e;
    const char *bad_kind = "{\"kind\": \"x\", \"id\": \"a\"}";
    cr_assert_eq(je_energy_factors_parse(bad_kind, strlen(bad_kind), "t.json", &f, &e), JE_EDATA);
    const char *bad_per =
        "{\"kind\": \"co2-fuel\", \"id\": \"a\", \"heat\": {\"co2_t_per_gj\": 0.1},"
        " \"clinker\": {\"co2_t_per_t\": 0.5}, \"fuels\": {\"natural_gas\": {\"ncv_gj\": 389.31,"
        " \"per\": \"t\", \"cc_tc_per_gj\": 0.01532, \"of\": 0.99}}}";
    cr_assert_eq(je_energy_factors_parse(bad_per, strlen(bad_per), "t.json", &f, &e), JE_EDATA);
    cr_assert(strstr(e.message, "fuels.natural_gas per 't' must be the item's base unit"), "%s",
              e.message);
    const char *both =
        "{\"kind\": \"co2-fuel\", \"id\": \"a\", \"heat\": {\"co2_t_per_gj\": 0.1},"
        " \"clinker\": {\"co2_t_per_t\": 0.5}, \"fuels\": {\"diesel\": {\"ncv_gj\": 42.652,"
        " \"per\": \"t\", \"cc_tc_per_gj\": 0.0202, \"ef_kgco2_per_tj\": 74100, \"of\": 1}}}";
    cr_assert_eq(je_energy_factors_parse(both, strlen(both), "t.json", &f, &e), JE_EDATA);
    cr_assert(strstr(e.message, "exactly one of"), "%s", e.message);
    memset(&f, 0, sizeof f);
    cr_assert_eq(je_energy_factors_check(&f, &e), JE_EDATA);
}
