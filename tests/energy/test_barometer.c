/* The dual-control barometer: the warning rule exactly at each threshold (rule alone
 * and through the whole computation, where binary noise must not move a figure that
 * sits on a threshold), intensity and progress hand-computed, drivers, missing data. */
#include "jointenv/energy.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char rules_json[] =
    "{\"id\": \"t\", \"period\": {\"base_year\": 2020, \"end_year\": 2025},"
    " \"electricity_basis\": \"equivalent\","
    " \"warning_rule\": {\"intensity\": {\"red_if_yoy_above\": 0.0,"
    "   \"yellow_if_progress_over_elapsed_below\": 1.0},"
    "  \"total\": {\"red_if_used_share_at_least\": 1.0,"
    "   \"yellow_if_used_over_elapsed_above\": 1.0}},"
    " \"targets\": [{\"jurisdiction\": \"510000\", \"intensity_reduction\": 0.14,"
    "   \"energy_increment_tce\": 100}]}";

/* A factor set where 1 t of raw coal is exactly 1 tce (test data, not a standard). */
static const char tce_json[] =
    "{\"kind\": \"standard-coal\", \"id\": \"unit\", \"fuels\": {\"raw_coal\": {\"kgce\": 1,"
    " \"per\": \"kg\"}}, \"electricity_equivalent\": {\"kgce\": 0.1229, \"per\": \"kWh\"},"
    " \"heat\": {\"kgce\": 0.03412, \"per\": \"MJ\"}, \"electricity_equal_value\":"
    " {\"gce_per_kwh\": {\"2022\": 300}}}";

static je_dual_rules R;
static je_energy_factors F;

static void setup(void)
{
    je_error e;
    cr_assert_eq(je_dual_rules_parse(rules_json, strlen(rules_json), "r.json", &R, &e), JE_OK, "%s",
                 e.message);
    memset(&F, 0, sizeof F);
    cr_assert_eq(je_energy_factors_parse(tce_json, strlen(tce_json), "f.json", &F, &e), JE_OK, "%s",
                 e.message);
}

TestSuite(barometer, .init = setup);

static je_barometer_row row(double elapsed, double progress, double yoy, double used)
{
    je_barometer_row r;
    memset(&r, 0, sizeof r);
    r.elapsed_share = elapsed;
    r.progress = progress;
    r.intensity_yoy = yoy;
    r.used_share = used;
    je_barometer_classify(&R, &r);
    return r;
}

Test(barometer, intensity_thresholds)
{
    /* progress / elapsed exactly 1.0: on schedule, green; just below: yellow */
    cr_assert_eq(row(0.4, 0.4, -0.01, NAN).intensity_level, JE_WARN_GREEN);
    cr_assert_eq(row(0.4, 0.3999999, -0.01, NAN).intensity_level, JE_WARN_YELLOW);
    /* intensity change exactly 0: not a rise, so not red (here yellow: no progress) */
    cr_assert_eq(row(0.4, 0.0, 0.0, NAN).intensity_level, JE_WARN_YELLOW);
    cr_assert_eq(row(0.4, 0.5, 0.0, NAN).intensity_level, JE_WARN_GREEN);
    cr_assert_eq(row(0.4, 0.5, 1e-9, NAN).intensity_level, JE_WARN_RED);
    /* no year before: no red possible */
    cr_assert_eq(row(0.4, 0.5, NAN, NAN).intensity_level, JE_WARN_GREEN);
}

Test(barometer, total_thresholds)
{
    /* used share exactly 1.0 of the allowance: red */
    cr_assert_eq(row(0.4, 1, -0.1, 1.0).total_level, JE_WARN_RED);
    cr_assert_eq(row(0.4, 1, -0.1, 0.9999999).total_level, JE_WARN_YELLOW);
    /* used / elapsed exactly 1.0: not above, green; just above: yellow */
    cr_assert_eq(row(0.4, 1, -0.1, 0.4).total_level, JE_WARN_GREEN);
    cr_assert_eq(row(0.4, 1, -0.1, 0.4000001).total_level, JE_WARN_YELLOW);
    /* no allowance: green */
    cr_assert_eq(row(0.4, 1, -0.1, NAN).total_level, JE_WARN_GREEN);
    /* overall: the worse */
    cr_assert_eq(row(0.4, 1, -0.1, 1.2).level, JE_WARN_RED);
    cr_assert_eq(row(0.4, 0.1, -0.1, 0.1).level, JE_WARN_YELLOW);
}

static je_energy_activity act(int year, const char *sector, const char *item, double q)
{
    je_energy_activity a;
    memset(&a, 0, sizeof a);
    snprintf(a.jurisdiction, sizeof a.jurisdiction, "510000");
    snprintf(a.sector, sizeof a.sector, "%s", sector);
    snprintf(a.item, sizeof a.item, "%s", item);
    a.year = year;
    a.quantity = q;
    return a;
}

/* Base 2020: 1000 tce / 1000 (10^4 yuan) = 1.0. 2022 (elapsed 2/5 = 0.4): intensity
 * 0.944 is a reduction of 0.056 = 0.4 x 14 %: exactly on schedule (green), although
 * 0.056 / 0.14 / 0.4 is not exactly 1 in binary. 0.945 is behind (yellow). Energy use
 * 1040 tce against an allowance of 100: used 0.4 = elapsed, green. */
static je_barometer_row compute(double e2021, double e2022a, double e2022b)
{
    je_energy_activity a[] = {
        act(2020, "industry", "raw_coal", 1000),       act(2020, "all", "gdp", 1000),
        act(2021, "industry", "raw_coal", e2021),      act(2021, "all", "gdp", 1000),
        act(2022, "industry", "raw_coal", e2022a),     act(2022, "buildings", "raw_coal", e2022b),
        act(2022, "all", "gdp", 1000 * 1040.0 / 944.0)};
    je_barometer_row *rows;
    size_t n;
    je_error e;
    cr_assert_eq(je_barometer_compute(a, sizeof a / sizeof a[0], &F, &R, 2022, &rows, &n, &e),
                 JE_OK, "%s", e.message);
    cr_assert_eq(n, 1);
    je_barometer_row r = rows[0];
    free(rows);
    return r;
}

Test(barometer, on_schedule_through_the_computation)
{
    je_barometer_row r = compute(990, 1000, 40);
    cr_assert_float_eq(r.elapsed_share, 0.4, 1e-15);
    cr_assert_float_eq(r.base_intensity, 1.0, 1e-15);
    cr_assert_float_eq(r.intensity, 0.944, 1e-12, "intensity %.15g", r.intensity);
    cr_assert_float_eq(r.intensity_reduction, 0.056, 1e-12);
    cr_assert_float_eq(r.progress, 0.4, 1e-12);
    cr_assert_eq(r.intensity_level, JE_WARN_GREEN, "progress %.17g elapsed %.17g", r.progress,
                 r.elapsed_share);
    cr_assert_float_eq(r.used_share, 0.4, 1e-12);
    cr_assert_eq(r.total_level, JE_WARN_GREEN);
    /* drivers: industry 0, buildings +40 tce since 2020 */
    cr_assert_eq(r.n_drivers, 1);
    cr_assert_str_eq(r.driver_sector[0], "buildings");
    cr_assert_float_eq(r.driver_delta_tce[0], 40, 1e-9);
}

Test(barometer, rise_is_red)
{
    /* 2021: 900 tce on 1000 = 0.9, below 2022's 0.944: intensity rose */
    je_barometer_row r = compute(900, 1000, 40);
    cr_assert(r.intensity_yoy > 0, "yoy %g", r.intensity_yoy);
    cr_assert_eq(r.intensity_level, JE_WARN_RED);
    cr_assert_eq(r.level, JE_WARN_RED);
}

Test(barometer, behind_schedule_is_yellow)
{
    je_barometer_row r = compute(1100, 1001, 40); /* intensity 0.944908 > 0.944 */
    cr_assert_eq(r.intensity_level, JE_WARN_YELLOW, "progress %g", r.progress);
}

Test(barometer, missing_base_year)
{
    je_energy_activity a[] = {act(2022, "industry", "raw_coal", 1), act(2022, "all", "gdp", 1)};
    je_barometer_row *rows;
    size_t n;
    je_error e;
    cr_assert_eq(je_barometer_compute(a, 2, &F, &R, 2022, &rows, &n, &e), JE_ENOTFOUND);
    cr_assert(strstr(e.message, "510000: no data (base year) for 2020"), "%s", e.message);
    cr_assert_eq(je_barometer_compute(a, 2, &F, &R, 2027, &rows, &n, &e), JE_EINVAL);
}

Test(barometer, shipped_targets_parse)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/data/rules/dual-control-14fyp-chengyu.json", JE_SOURCE_DIR);
    je_dual_rules r;
    je_error e;
    cr_assert_eq(je_dual_rules_load(path, &r, &e), JE_OK, "%s", e.message);
    cr_assert_eq(r.base_year, 2020);
    cr_assert_eq(r.end_year, 2025);
    cr_assert_eq(r.basis, JE_ELEC_EQUAL_VALUE);
    cr_assert_geq(r.n_targets, 2);
}
