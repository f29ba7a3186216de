/* Coal units: a unit's CO2 hand-computed; the retirement MILP on small cases whose
 * optimum is known by enumeration; the ranked rules; targets that cannot be met,
 * reported with their year and binding constraint. */
#include "jointenv/energy.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static je_energy_factors F;

static void setup(void)
{
    const char *files[] = {"energy-factors-gbt2589-2020.json", "co2-factors-guideline.json",
                           "electricity-factors-mee-2021-2022.json"};
    memset(&F, 0, sizeof F);
    for (int i = 0; i < 3; i++) {
        char path[1024];
        je_error e;
        snprintf(path, sizeof path, "%s/data/rules/%s", JE_SOURCE_DIR, files[i]);
        cr_assert_eq(je_energy_factors_load(path, &F, &e), JE_OK, "%s", e.message);
    }
}

TestSuite(coal, .init = setup, .timeout = 120);

static je_coal_unit unit(const char *code, double mw, int year, double gce, double gen_mwh)
{
    je_coal_unit u;
    memset(&u, 0, sizeof u);
    snprintf(u.code, sizeof u.code, "%s", code);
    snprintf(u.plant, sizeof u.plant, "P");
    snprintf(u.jurisdiction, sizeof u.jurisdiction, "510000");
    snprintf(u.technology, sizeof u.technology, "subcritical");
    u.capacity_mw = mw;
    u.commissioned = year;
    u.coal_gce_kwh = gce;
    u.generation_mwh = gen_mwh;
    u.status = JE_UNIT_OPERATING;
    return u;
}

Test(coal, unit_co2)
{
    /* 1 000 000 MWh x 300 gce/kWh = 300 000 tce of raw coal (0.7143 tce/t) burned in a
       power boiler: CO2 per t = 20.908 GJ x 0.02637 tC/GJ x 0.95 x 44/12 */
    je_coal_unit u = unit("U", 600, 2010, 300, 1e6);
    double co2;
    cr_assert_eq(je_coal_unit_co2(&u, &F, &co2, NULL), JE_OK);
    double expect = 300000.0 / 0.7143 * 20.908 * 0.02637 * 0.95 * 44.0 / 12.0;
    cr_assert_float_eq(co2, expect, 1e-9 * expect, "%.10g vs %.10g", co2, expect);
}

/* A 100 MW 1990 (design life over by 2025: stranded 0), B 100 MW 2015 (20 years left:
 * 2 000 MW.yr), C 150 MW 2000 (5 left: 750). Cap 150 MW of 350: retire >= 200 MW.
 * Subsets: {A,B} 2 000, {A,C} 750, {B,C} 2 750, {A,B,C} 2 750: the optimum is {A,C}. */
static je_coal_target target(double cap, double peak)
{
    je_coal_target t;
    memset(&t, 0, sizeof t);
    snprintf(t.id, sizeof t.id, "t");
    t.reserve_margin = 0;
    t.firm_factor = 1;
    t.design_life_years = 30;
    t.n_years = 1;
    t.years[0].year = 2025;
    t.years[0].max_capacity_mw = cap;
    t.years[0].max_co2_t = NAN;
    t.years[0].peak_demand_mw = peak;
    t.years[0].other_firm_mw = 0;
    return t;
}

static void units3(je_coal_unit u[3])
{
    u[0] = unit("A", 100, 1990, 300, 4e5);
    u[1] = unit("B", 100, 2015, 340, 4e5);
    u[2] = unit("C", 150, 2000, 310, 6e5);
}

Test(coal, milp_known_optimum)
{
    je_coal_unit u[3];
    units3(u);
    je_coal_target t = target(150, 0);
    je_coal_plan p;
    je_error e;
    cr_assert_eq(je_coal_plan_compute(u, 3, &F, &t, JE_COAL_MILP, &p, &e), JE_OK, "%s", e.message);
    cr_assert(p.feasible, "%s", p.infeasible);
    cr_assert_eq(p.retire_year[0], 2025);
    cr_assert_eq(p.retire_year[1], 0);
    cr_assert_eq(p.retire_year[2], 2025);
    cr_assert_float_eq(p.stranded_mw_years, 750, 1e-9);
    cr_assert_float_eq(p.retired_mw, 250, 1e-9);
    cr_assert_float_eq(p.years[0].capacity_mw, 100, 1e-9);
    je_coal_plan_free(&p);
}

Test(coal, ranked_rules)
{
    je_coal_unit u[3];
    units3(u);
    je_coal_target t = target(150, 0);
    je_coal_plan p;
    /* by age: A (1990) then C (2000): the same as the optimum here */
    cr_assert_eq(je_coal_plan_compute(u, 3, &F, &t, JE_COAL_BY_AGE, &p, NULL), JE_OK);
    cr_assert(p.feasible);
    cr_assert(p.retire_year[0] == 2025 && p.retire_year[1] == 0 && p.retire_year[2] == 2025);
    je_coal_plan_free(&p);
    /* by efficiency: B (340 gce/kWh) then C (310): 2 750 MW.yr stranded, worse */
    cr_assert_eq(je_coal_plan_compute(u, 3, &F, &t, JE_COAL_BY_EFFICIENCY, &p, NULL), JE_OK);
    cr_assert(p.feasible);
    cr_assert(p.retire_year[0] == 0 && p.retire_year[1] == 2025 && p.retire_year[2] == 2025);
    cr_assert_float_eq(p.stranded_mw_years, 2750, 1e-9);
    je_coal_plan_free(&p);
}

/* The CO2 cap alone: A emits least per MWh but generates least; caps by CO2 pick the
 * cheapest set that removes enough CO2. Two years: retired stays retired. */
Test(coal, co2_cap_and_two_years)
{
    je_coal_unit u[3];
    units3(u);
    double co2[3], total = 0;
    for (int i = 0; i < 3; i++) {
        je_coal_unit_co2(&u[i], &F, &co2[i], NULL);
        total += co2[i];
    }
    je_coal_target t = target(NAN, 0);
    t.years[0].max_co2_t = total - co2[0]; /* removing A's CO2 is enough, and A is free */
    t.n_years = 2;
    t.years[1] = t.years[0];
    t.years[1].year = 2030;
    t.years[1].max_co2_t = co2[1]; /* 2030: only B may remain */
    je_coal_plan p;
    je_error e;
    cr_assert_eq(je_coal_plan_compute(u, 3, &F, &t, JE_COAL_MILP, &p, &e), JE_OK, "%s", e.message);
    cr_assert(p.feasible, "%s", p.infeasible);
    cr_assert_eq(p.retire_year[0], 2025);
    cr_assert_eq(p.retire_year[1], 0);
    cr_assert_eq(p.retire_year[2], 2030);
    cr_assert_float_eq(p.years[1].co2_t, co2[1], 1e-6 * co2[1]);
    je_coal_plan_free(&p);
}

Test(coal, infeasible_cap_against_firm_capacity)
{
    je_coal_unit u[3];
    units3(u);
    /* retiring >= 200 MW leaves <= 150 MW, below the 180 MW peak */
    je_coal_target t = target(150, 180);
    je_coal_plan p;
    je_error e;
    cr_assert_eq(je_coal_plan_compute(u, 3, &F, &t, JE_COAL_MILP, &p, &e), JE_OK, "%s", e.message);
    cr_assert_eq(p.feasible, 0);
    cr_assert(strstr(p.infeasible, "2025: the capacity cap and firm capacity >= 180 MW"), "%s",
              p.infeasible);
    je_coal_plan_free(&p);
    cr_assert_eq(je_coal_plan_compute(u, 3, &F, &t, JE_COAL_BY_AGE, &p, &e), JE_OK);
    cr_assert_eq(p.feasible, 0);
    cr_assert(strstr(p.infeasible, "2025"), "%s", p.infeasible);
    je_coal_plan_free(&p);
}

Test(coal, infeasible_firm_alone)
{
    je_coal_unit u[3];
    units3(u);
    je_coal_target t = target(NAN, 400);
    je_coal_plan p;
    cr_assert_eq(je_coal_plan_compute(u, 3, &F, &t, JE_COAL_MILP, &p, NULL), JE_OK);
    cr_assert_eq(p.feasible, 0);
    cr_assert(strstr(p.infeasible, "2025: firm capacity 350 MW is below peak demand plus "
                                   "reserve 400 MW even with every coal unit kept"),
              "%s", p.infeasible);
    je_coal_plan_free(&p);
}

Test(coal, target_file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/data/scenarios/coal-target-chengyu.json", JE_SOURCE_DIR);
    je_coal_target t;
    je_error e;
    cr_assert_eq(je_coal_target_load(path, &t, &e), JE_OK, "%s", e.message);
    cr_assert_eq(t.n_years, 3);
    const char *bad = "{\"id\": \"x\", \"reserve_margin\": 0.1, \"firm_factor\": 0.9,"
                      " \"design_life_years\": 30, \"years\": [{\"year\": 2030,"
                      " \"peak_demand_mw\": 1, \"other_firm_mw\": 1}, {\"year\": 2025,"
                      " \"peak_demand_mw\": 1, \"other_firm_mw\": 1}]}";
    cr_assert_eq(je_coal_target_parse(bad, strlen(bad), "t.json", &t, &e), JE_EDATA);
    cr_assert(strstr(e.message, "years[1] year must increase"), "%s", e.message);
}

Test(coal, no_units)
{
    je_coal_target t = target(100, 50);
    t.years[0].other_firm_mw = 40;
    je_coal_plan p;
    cr_assert_eq(je_coal_plan_compute(NULL, 0, &F, &t, JE_COAL_MILP, &p, NULL), JE_OK);
    cr_assert_eq(p.feasible, 0);
    cr_assert(strstr(p.infeasible, "even with every coal unit kept"), "%s", p.infeasible);
    je_coal_plan_free(&p);
    t.years[0].other_firm_mw = 60;
    cr_assert_eq(je_coal_plan_compute(NULL, 0, &F, &t, JE_COAL_MILP, &p, NULL), JE_OK);
    cr_assert(p.feasible, "%s", p.infeasible);
    je_coal_plan_free(&p);
}
