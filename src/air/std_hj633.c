/*
 * std_hj633.c — HJ 633 《环境空气质量指数（AQI）技术规定》 IAQI breakpoints, as data.
 *
 * Two versions:
 *  - HJ 633-2012 Table 1, for observations up to 2026-02-28 (local day);
 *  - HJ 633—2026, from 2026-03-01 (JE_AQ_2026_FIRST_DAY).
 * Transcribed from ../shared/reference/standards.md §2.1 and §2.4, whose boxed note
 * confirms them from the standard texts (V2). The 2026 table differs only in the PM10
 * and PM2.5 columns and in the values given above 800 µg/m³ for SO2 1 h and O3 8 h.
 * Beware: the SO2 24 h column is 0/50/150/475/800/1600/2100/2620; caiyunapp/aqi-hub
 * copies the 1 h column into its first steps and is wrong.
 *
 * Units: µg/m³; CO mg/m³.
 */
#include "air/std_hj633.h"

#include <math.h>

/* HJ 633 Table 1, column "空气质量分指数 (IAQI)". */
const double je_hj633_iaqi[JE_HJ633_NBP] = {0, 50, 100, 150, 200, 300, 400, 500};

typedef enum {
    COL_SO2_24H,
    COL_SO2_1H,
    COL_NO2_24H,
    COL_NO2_1H,
    COL_CO_24H,
    COL_CO_1H,
    COL_O3_1H,
    COL_O3_8H,
    COL_PM10_24H,
    COL_PM25_24H,
    NCOLS
} column_id;

/* HJ 633-2012 Table 1, applies to local days up to 2026-02-28. */
static const je_hj633_column table_2012[NCOLS] = {
    [COL_SO2_24H] = {8, {0, 50, 150, 475, 800, 1600, 2100, 2620}, 500},
    /* Note 2: SO2 1 h above 800 has no 1 h IAQI; SO2 is rated by its 24 h mean. */
    [COL_SO2_1H] = {5, {0, 150, 500, 650, 800}, NAN},
    [COL_NO2_24H] = {8, {0, 40, 80, 180, 280, 565, 750, 940}, 500},
    [COL_NO2_1H] = {8, {0, 100, 200, 700, 1200, 2340, 3090, 3840}, 500},
    [COL_CO_24H] = {8, {0, 2, 4, 14, 24, 36, 48, 60}, 500},
    [COL_CO_1H] = {8, {0, 5, 10, 35, 60, 90, 120, 150}, 500},
    [COL_O3_1H] = {8, {0, 160, 200, 300, 400, 800, 1000, 1200}, 500},
    /* Note 3: O3 8 h above 800 has no 8 h IAQI; O3 is rated by its 1 h value. */
    [COL_O3_8H] = {6, {0, 100, 160, 215, 265, 800}, NAN},
    [COL_PM10_24H] = {8, {0, 50, 150, 250, 350, 420, 500, 600}, 500},
    [COL_PM25_24H] = {8, {0, 35, 75, 115, 150, 250, 350, 500}, 500},
};

/* HJ 633—2026, applies from local day 2026-03-01. Same as 2012 except PM10 (IAQI 100
 * at 120), PM2.5 (IAQI 100 at 60), and the fixed IAQI above 800 µg/m³: SO2 1 h → 200,
 * O3 8 h → 300. */
static const je_hj633_column table_2026[NCOLS] = {
    [COL_SO2_24H] = {8, {0, 50, 150, 475, 800, 1600, 2100, 2620}, 500},
    [COL_SO2_1H] = {5, {0, 150, 500, 650, 800}, 200},
    [COL_NO2_24H] = {8, {0, 40, 80, 180, 280, 565, 750, 940}, 500},
    [COL_NO2_1H] = {8, {0, 100, 200, 700, 1200, 2340, 3090, 3840}, 500},
    [COL_CO_24H] = {8, {0, 2, 4, 14, 24, 36, 48, 60}, 500},
    [COL_CO_1H] = {8, {0, 5, 10, 35, 60, 90, 120, 150}, 500},
    [COL_O3_1H] = {8, {0, 160, 200, 300, 400, 800, 1000, 1200}, 500},
    [COL_O3_8H] = {6, {0, 100, 160, 215, 265, 800}, 300},
    [COL_PM10_24H] = {8, {0, 50, 120, 250, 350, 420, 500, 600}, 500},
    [COL_PM25_24H] = {8, {0, 35, 60, 115, 150, 250, 350, 500}, 500},
};

/* Item → column; [0] daily (24 h columns), [1] real-time (1 h columns for SO2, NO2 and
 * CO, Table 1 note 1; PM has no 1 h column and is rated on its 24 h one). */
static const column_id item_column[JE_AQI_NITEMS][2] = {
    [JE_AQI_SO2] = {COL_SO2_24H, COL_SO2_1H},     [JE_AQI_NO2] = {COL_NO2_24H, COL_NO2_1H},
    [JE_AQI_CO] = {COL_CO_24H, COL_CO_1H},        [JE_AQI_O3_1H] = {COL_O3_1H, COL_O3_1H},
    [JE_AQI_O3_8H] = {COL_O3_8H, COL_O3_8H},      [JE_AQI_PM10] = {COL_PM10_24H, COL_PM10_24H},
    [JE_AQI_PM25] = {COL_PM25_24H, COL_PM25_24H},
};

const je_hj633_column *je_hj633_column_of(je_aq_std std, je_aqi_item item, int hourly)
{
    if ((int)item < 0 || item >= JE_AQI_NITEMS)
        return NULL;
    column_id c = item_column[item][hourly ? 1 : 0];
    switch (std) {
    case JE_AQ_STD_HJ633_2012:
        return &table_2012[c];
    case JE_AQ_STD_HJ633_2026:
        return &table_2026[c];
    case JE_AQ_STD_AUTO:
        return NULL;
    }
    return NULL;
}
