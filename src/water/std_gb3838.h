/* std_gb3838.h — internal: the GB 3838-2002 Table 1 limits (std_gb3838.c). */
#ifndef JE_WATER_STD_GB3838_H
#define JE_WATER_STD_GB3838_H

#include "jointenv/water.h"

typedef enum {
    JE_GB3838_LE,   /* value ≤ limit of the class */
    JE_GB3838_GE,   /* value ≥ limit (dissolved oxygen) */
    JE_GB3838_RANGE /* limit[0] ≤ value ≤ limit[1] for every class (pH) */
} je_gb3838_rule;

typedef struct je_gb3838_row {
    je_gb3838_rule rule;
    double limit[5]; /* classes I..V */
} je_gb3838_row;

extern const je_gb3838_row je_gb3838_table1[JE_WQ_NITEMS];
extern const je_gb3838_row je_gb3838_tp_lake;

#endif
