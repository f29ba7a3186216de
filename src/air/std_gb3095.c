/*
 * std_gb3095.c — GB 3095 《环境空气质量标准》 concentration limits of the six AQI
 * pollutants, as data, for the three sets of limits in force over time:
 *
 *   GB 3095-2012 Table 1 (with the 2018 amendment, which changes the reference state
 *   only), for local days before 2026-03-01. Confidence V2 (../shared/reference/
 *   standards.md §2.2: an onxelh.cn transcription, a GB3095_2 table in code and the
 *   pages that use the annual Grade II values agree).
 *
 *   GB 3095—2026, transitional limits 2026-03-01 … 2030-12-31, and final limits from
 *   2031-01-01 (standards.md §2.4). The PM2.5 values and the phasing are V2 (Xinhua,
 *   Guangming). The rest of the 2026 set (PM10, SO2, NO2, and CO and O3 unchanged) is
 *   V1 only: one repository's test file citing mee.gov.cn, consistent with WHO 2021
 *   Interim Target 2, and contradicted by another repository. docs/STANDARDS.md says
 *   the same; check against the standard's text before relying on them.
 *
 * Units: µg/m³; CO mg/m³. NAN where the standard sets no limit for that averaging time
 * (CO and O3 have no annual limit; O3 no 24-hour limit; PM no 1-hour limit; only O3
 * has a daily maximum 8-hour limit).
 */
#include "jointenv/air.h"

#include <math.h>

#define JE_GB3095_NED 3
#define JE_AQ_NAVG 4

/* GB 3095-2012 takes effect before JE_AQ_2026_FIRST_DAY; the 2026 final limits from
 * 2031-01-01 (standards.md §2.4, "Phase 2"), i.e. day 22280 since 1970-01-01. */
#define GB3095_2026_FINAL_FIRST_DAY 22280

/* limits[edition][pollutant][averaging time] = {Grade I, Grade II}. */
static const double limits[JE_GB3095_NED][JE_AQ_NPOL][JE_AQ_NAVG][2] =
    {
        /* GB 3095-2012 Table 1, to 2026-02-28. Columns: annual, 24 h, 1 h, daily max 8 h. */
        [JE_GB3095_2012] =
            {
                [JE_AQ_SO2] = {{20, 60}, {50, 150}, {150, 500}, {NAN, NAN}},
                [JE_AQ_NO2] = {{40, 40}, {80, 80}, {200, 200}, {NAN, NAN}},
                [JE_AQ_CO] = {{NAN, NAN}, {4, 4}, {10, 10}, {NAN, NAN}},
                [JE_AQ_O3] = {{NAN, NAN}, {NAN, NAN}, {160, 200}, {100, 160}},
                [JE_AQ_PM10] = {{40, 70}, {50, 150}, {NAN, NAN}, {NAN, NAN}},
                [JE_AQ_PM25] = {{15, 35}, {35, 75}, {NAN, NAN}, {NAN, NAN}},
            },
        /* GB 3095—2026 transitional limits, 2026-03-01 … 2030-12-31 (standards.md §2.4;
         * PM2.5 V2, the rest V1). SO2, NO2, CO and O3 as in 2012. */
        [JE_GB3095_2026_T] =
            {
                [JE_AQ_SO2] = {{20, 60}, {50, 150}, {150, 500}, {NAN, NAN}},
                [JE_AQ_NO2] = {{40, 40}, {80, 80}, {200, 200}, {NAN, NAN}},
                [JE_AQ_CO] = {{NAN, NAN}, {4, 4}, {10, 10}, {NAN, NAN}},
                [JE_AQ_O3] = {{NAN, NAN}, {NAN, NAN}, {160, 200}, {100, 160}},
                [JE_AQ_PM10] = {{40, 60}, {50, 120}, {NAN, NAN}, {NAN, NAN}},
                [JE_AQ_PM25] = {{15, 30}, {35, 60}, {NAN, NAN}, {NAN, NAN}},
            },
        /* GB 3095—2026 final limits, from 2031-01-01 (standards.md §2.4; PM2.5 V2, the rest
         * V1). CO and O3 unchanged. */
        [JE_GB3095_2026] =
            {
                [JE_AQ_SO2] = {{20, 20}, {50, 50}, {150, 150}, {NAN, NAN}},
                [JE_AQ_NO2] = {{30, 30}, {50, 50}, {200, 200}, {NAN, NAN}},
                [JE_AQ_CO] = {{NAN, NAN}, {4, 4}, {10, 10}, {NAN, NAN}},
                [JE_AQ_O3] = {{NAN, NAN}, {NAN, NAN}, {160, 200}, {100, 160}},
                [JE_AQ_PM10] = {{20, 50}, {50, 100}, {NAN, NAN}, {NAN, NAN}},
                [JE_AQ_PM25] = {{10, 25}, {25, 50}, {NAN, NAN}, {NAN, NAN}},
            },
};

static const char *const edition_names[JE_GB3095_NED] = {
    [JE_GB3095_2012] = "GB 3095-2012",
    [JE_GB3095_2026_T] = "GB 3095—2026 (transitional)",
    [JE_GB3095_2026] = "GB 3095—2026",
};

je_gb3095_ed je_gb3095_for_day(int64_t day)
{
    if (day < JE_AQ_2026_FIRST_DAY)
        return JE_GB3095_2012;
    if (day < GB3095_2026_FINAL_FIRST_DAY)
        return JE_GB3095_2026_T;
    return JE_GB3095_2026;
}

const char *je_gb3095_name(je_gb3095_ed ed)
{
    return (int)ed >= 0 && (int)ed < JE_GB3095_NED ? edition_names[ed] : "?";
}

double je_gb3095_limit(je_gb3095_ed ed, je_aq_pol p, je_aq_avg avg, int grade)
{
    if ((int)ed < 0 || (int)ed >= JE_GB3095_NED || (int)p < 0 || p >= JE_AQ_NPOL || (int)avg < 0 ||
        (int)avg >= JE_AQ_NAVG || grade < 1 || grade > 2)
        return NAN;
    return limits[ed][p][avg][grade - 1];
}
