/* std_gb3838.h — internal: the GB 3838-2002 Table 1 limits (std_gb3838.c). */
#ifndef JE_WATER_STD_GB3838_H
#define JE_WATER_STD_GB3838_H

#include "jointenv/water.h"

#include <math.h>

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

/* The two rules of the 2011 method that the hot loop of je_gb3838_classify and the
 * public functions share; defined once here. */

/* §2: assessed items are Table 1 less water temperature, TN and fecal coliform. */
static inline int je_wq_rule_assessed(int item)
{
    return item >= 0 && item < JE_WQ_NITEMS && item != JE_WQ_TN && item != JE_WQ_FCOLI;
}

/* The value used for assessment: NAN when missing or flagged invalid; a result below
 * the detection limit enters at half the limit (未检出按检出限一半参与计算). */
static inline double je_wq_rule_value(const je_wq_sample *s, int item)
{
    uint32_t bit = 1u << item;
    if (s->invalid_mask & bit)
        return NAN;
    return (s->bdl_mask & bit) ? s->value[item] / 2.0 : s->value[item];
}

#endif
