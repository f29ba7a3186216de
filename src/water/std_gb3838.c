/*
 * std_gb3838.c — GB 3838-2002 《地表水环境质量标准》 Table 1 (basic items), as data.
 *
 * Applies to observations from 2002-06-01 (the standard's effective date) until it is
 * replaced; no replacement is in force as of 2026. Values are transcribed from the
 * standard's Table 1 (see ../shared/reference/standards.md §1.1, confidence V2: the
 * Silence.Water GB_3838_2002.json transcription and three web transcriptions agree;
 * two pages carry the typo "105" for TN Class IV, which is 1.5).
 *
 * Units: mg/L; fecal coliform count/L; pH dimensionless.
 */
#include "water/std_gb3838.h"

#include <math.h>

/* Limits for classes I..V. Rule LE: value ≤ limit; GE: value ≥ limit (DO, a minimum);
 * RANGE: pH 6–9 for every class (Table 1, item 2). Order = je_wq_item. */
const je_gb3838_row je_gb3838_table1[JE_WQ_NITEMS] = {
    /* 2  pH 6–9 (all classes) */
    [JE_WQ_PH] = {JE_GB3838_RANGE, {6.0, 9.0, NAN, NAN, NAN}},
    /* 3  溶解氧 DO ≥ 7.5 (or 90 % saturation) / 6 / 5 / 3 / 2 */
    [JE_WQ_DO] = {JE_GB3838_GE, {7.5, 6.0, 5.0, 3.0, 2.0}},
    /* 4  高锰酸盐指数 CODMn ≤ 2 / 4 / 6 / 10 / 15 */
    [JE_WQ_CODMN] = {JE_GB3838_LE, {2.0, 4.0, 6.0, 10.0, 15.0}},
    /* 5  化学需氧量 COD ≤ 15 / 15 / 20 / 30 / 40 */
    [JE_WQ_COD] = {JE_GB3838_LE, {15.0, 15.0, 20.0, 30.0, 40.0}},
    /* 6  BOD5 ≤ 3 / 3 / 4 / 6 / 10 */
    [JE_WQ_BOD5] = {JE_GB3838_LE, {3.0, 3.0, 4.0, 6.0, 10.0}},
    /* 7  氨氮 NH3-N ≤ 0.15 / 0.5 / 1.0 / 1.5 / 2.0 */
    [JE_WQ_NH3N] = {JE_GB3838_LE, {0.15, 0.5, 1.0, 1.5, 2.0}},
    /* 8  总磷 TP (as P), rivers ≤ 0.02 / 0.1 / 0.2 / 0.3 / 0.4 (lakes: see below) */
    [JE_WQ_TP] = {JE_GB3838_LE, {0.02, 0.1, 0.2, 0.3, 0.4}},
    /* 9  总氮 TN (lakes and reservoirs, as N) ≤ 0.2 / 0.5 / 1.0 / 1.5 / 2.0 */
    [JE_WQ_TN] = {JE_GB3838_LE, {0.2, 0.5, 1.0, 1.5, 2.0}},
    /* 10 铜 Cu ≤ 0.01 / 1.0 / 1.0 / 1.0 / 1.0 */
    [JE_WQ_CU] = {JE_GB3838_LE, {0.01, 1.0, 1.0, 1.0, 1.0}},
    /* 11 锌 Zn ≤ 0.05 / 1.0 / 1.0 / 2.0 / 2.0 */
    [JE_WQ_ZN] = {JE_GB3838_LE, {0.05, 1.0, 1.0, 2.0, 2.0}},
    /* 12 氟化物 fluoride (as F-) ≤ 1.0 / 1.0 / 1.0 / 1.5 / 1.5 */
    [JE_WQ_F] = {JE_GB3838_LE, {1.0, 1.0, 1.0, 1.5, 1.5}},
    /* 13 硒 Se ≤ 0.01 / 0.01 / 0.01 / 0.02 / 0.02 */
    [JE_WQ_SE] = {JE_GB3838_LE, {0.01, 0.01, 0.01, 0.02, 0.02}},
    /* 14 砷 As ≤ 0.05 / 0.05 / 0.05 / 0.1 / 0.1 */
    [JE_WQ_AS] = {JE_GB3838_LE, {0.05, 0.05, 0.05, 0.1, 0.1}},
    /* 15 汞 Hg ≤ 0.00005 / 0.00005 / 0.0001 / 0.001 / 0.001 */
    [JE_WQ_HG] = {JE_GB3838_LE, {0.00005, 0.00005, 0.0001, 0.001, 0.001}},
    /* 16 镉 Cd ≤ 0.001 / 0.005 / 0.005 / 0.005 / 0.01 */
    [JE_WQ_CD] = {JE_GB3838_LE, {0.001, 0.005, 0.005, 0.005, 0.01}},
    /* 17 铬（六价）Cr(VI) ≤ 0.01 / 0.05 / 0.05 / 0.05 / 0.1 */
    [JE_WQ_CR6] = {JE_GB3838_LE, {0.01, 0.05, 0.05, 0.05, 0.1}},
    /* 18 铅 Pb ≤ 0.01 / 0.01 / 0.05 / 0.05 / 0.1 */
    [JE_WQ_PB] = {JE_GB3838_LE, {0.01, 0.01, 0.05, 0.05, 0.1}},
    /* 19 氰化物 cyanide ≤ 0.005 / 0.05 / 0.2 / 0.2 / 0.2 */
    [JE_WQ_CN] = {JE_GB3838_LE, {0.005, 0.05, 0.2, 0.2, 0.2}},
    /* 20 挥发酚 volatile phenol ≤ 0.002 / 0.002 / 0.005 / 0.01 / 0.1 */
    [JE_WQ_PHENOL] = {JE_GB3838_LE, {0.002, 0.002, 0.005, 0.01, 0.1}},
    /* 21 石油类 petroleum ≤ 0.05 / 0.05 / 0.05 / 0.5 / 1.0 */
    [JE_WQ_OIL] = {JE_GB3838_LE, {0.05, 0.05, 0.05, 0.5, 1.0}},
    /* 22 阴离子表面活性剂 LAS ≤ 0.2 / 0.2 / 0.2 / 0.3 / 0.3 */
    [JE_WQ_LAS] = {JE_GB3838_LE, {0.2, 0.2, 0.2, 0.3, 0.3}},
    /* 23 硫化物 sulfide ≤ 0.05 / 0.1 / 0.2 / 0.5 / 1.0 */
    [JE_WQ_S2] = {JE_GB3838_LE, {0.05, 0.1, 0.2, 0.5, 1.0}},
    /* 24 粪大肠菌群 fecal coliform (个/L) ≤ 200 / 2000 / 10000 / 20000 / 40000 */
    [JE_WQ_FCOLI] = {JE_GB3838_LE, {200.0, 2000.0, 10000.0, 20000.0, 40000.0}},
};

/* Table 1, item 8: TP for lakes and reservoirs (湖、库) ≤ 0.01 / 0.025 / 0.05 / 0.1 / 0.2. */
const je_gb3838_row je_gb3838_tp_lake = {JE_GB3838_LE, {0.01, 0.025, 0.05, 0.1, 0.2}};
