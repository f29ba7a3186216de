/* std_hj633.h — internal: the IAQI breakpoint tables of HJ 633-2012 Table 1 and
 * HJ 633—2026 (std_hj633.c), as data for aqi.c. */
#ifndef JE_AIR_STD_HJ633_H
#define JE_AIR_STD_HJ633_H

#include "jointenv/air.h"

/* The IAQI values of the breakpoints, common to every column and both versions
 * (HJ 633 Table 1, first column). */
#define JE_HJ633_NBP 8
extern const double je_hj633_iaqi[JE_HJ633_NBP];

/* One concentration column of the table. The first `n` breakpoints bp[0..n-1] map to
 * je_hj633_iaqi[0..n-1]; a concentration above bp[n-1] gets `above`: 500 where the
 * column reaches IAQI 500 (the standard defines nothing above it; implementations
 * give 500), NAN where the standard leaves it unrated (2012: SO2 1 h and O3 8 h
 * above 800), or a fixed value (2026: SO2 1 h → 200, O3 8 h → 300). */
typedef struct je_hj633_column {
    int n;
    double bp[JE_HJ633_NBP];
    double above;
} je_hj633_column;

/* The column rating `item` under `std` (not AUTO): `hourly` non-zero selects the 1-hour
 * columns of SO2, NO2 and CO (real-time report only, Table 1 note 1); the other items
 * have one column each. NULL for an invalid std or item. */
const je_hj633_column *je_hj633_column_of(je_aq_std std, je_aqi_item item, int hourly);

#endif
