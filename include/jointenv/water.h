/*
 * jointenv/water.h — surface-water quality by GB 3838-2002 and the 2011 assessment
 * method (《地表水环境质量评价办法（试行）》, 环办〔2011〕22号).
 *
 * Engines here are pure: no I/O, no globals, deterministic, re-entrant; every function
 * may be called from several threads at once on different data.
 *
 * Units: mg/L for every item except pH (dimensionless) and fecal coliform (count/L).
 * A value not measured is NAN.
 */
#ifndef JOINTENV_WATER_H
#define JOINTENV_WATER_H

#include "core.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The items of GB 3838-2002 Table 1 that carry class limits (water temperature has
 * none and is not an item here). The order is the table's. */
#define JE_WQ_ITEM_MAP(X)                                                                          \
    X(PH, "ph", "pH", "pH值")                                                                      \
    X(DO, "do", "dissolved oxygen", "溶解氧")                                                      \
    X(CODMN, "codmn", "permanganate index", "高锰酸盐指数")                                        \
    X(COD, "cod", "chemical oxygen demand", "化学需氧量")                                          \
    X(BOD5, "bod5", "BOD5", "五日生化需氧量")                                                      \
    X(NH3N, "nh3n", "ammonia nitrogen", "氨氮")                                                    \
    X(TP, "tp", "total phosphorus", "总磷")                                                        \
    X(TN, "tn", "total nitrogen", "总氮")                                                          \
    X(CU, "cu", "copper", "铜")                                                                    \
    X(ZN, "zn", "zinc", "锌")                                                                      \
    X(F, "f", "fluoride", "氟化物")                                                                \
    X(SE, "se", "selenium", "硒")                                                                  \
    X(AS, "as", "arsenic", "砷")                                                                   \
    X(HG, "hg", "mercury", "汞")                                                                   \
    X(CD, "cd", "cadmium", "镉")                                                                   \
    X(CR6, "cr6", "chromium (VI)", "铬（六价）")                                                   \
    X(PB, "pb", "lead", "铅")                                                                      \
    X(CN, "cn", "cyanide", "氰化物")                                                               \
    X(PHENOL, "phenol", "volatile phenol", "挥发酚")                                               \
    X(OIL, "oil", "petroleum", "石油类")                                                           \
    X(LAS, "las", "anionic surfactant", "阴离子表面活性剂")                                        \
    X(S2, "s2", "sulfide", "硫化物")                                                               \
    X(FCOLI, "fcoli", "fecal coliform", "粪大肠菌群")

typedef enum {
#define JE_WQ_ITEM_ENUM(id, code, en, zh) JE_WQ_##id,
    JE_WQ_ITEM_MAP(JE_WQ_ITEM_ENUM)
#undef JE_WQ_ITEM_ENUM
        JE_WQ_NITEMS
} je_wq_item;

/* Item code as used in files and on the command line ("nh3n"), English and Chinese
 * names. NULL for an out-of-range item. */
JE_API const char *je_wq_item_code(je_wq_item item);
JE_API const char *je_wq_item_name_en(je_wq_item item);
JE_API const char *je_wq_item_name_zh(je_wq_item item);
/* Look an item up by its code (case-insensitive, `len` bytes). JE_ENOTFOUND if unknown. */
JE_API je_status je_wq_item_find(const char *code, size_t len, je_wq_item *out_item);
/* The unit of an item: "mg/L", "" (pH) or "count/L" (fecal coliform). */
JE_API const char *je_wq_item_unit(je_wq_item item);
/* Convert `value` given in `unit` to the item's canonical unit. Accepted units:
 * mg/L (also mg/l), ug/L and µg/L (÷1000), ng/L (÷10^6), g/L (×1000) for
 * concentration items; "" or "1" or "pH" for pH; count/L, /L, MPN/L, 个/L for
 * fecal coliform, and count/100mL, MPN/100mL (×10). JE_EINVAL for an unknown unit or
 * one that does not fit the item. Powers of ten divide exactly-rounded. */
JE_API je_status je_wq_unit_convert(je_wq_item item, const char *unit, size_t len, double value,
                                    double *out_value, je_error *err);

/* 1 if the item counts towards a river section's class under the 2011 method (the 21
 * items of Table 1 less water temperature, total nitrogen and fecal coliform). TN and
 * fecal coliform are reported, never counted. The same 21 items are counted for lakes
 * and reservoirs; their TN is assessed separately (see the method, §3). */
JE_API int je_wq_item_assessed(je_wq_item item);

typedef enum {
    JE_WATERBODY_RIVER = 0,
    JE_WATERBODY_LAKE = 1 /* lakes and reservoirs (湖、库): TP has its own limits */
} je_waterbody;

/* Water-quality class. NONE means "not classified" (no value). */
typedef enum {
    JE_WQ_CLASS_NONE = 0,
    JE_WQ_CLASS_I = 1,
    JE_WQ_CLASS_II = 2,
    JE_WQ_CLASS_III = 3,
    JE_WQ_CLASS_IV = 4,
    JE_WQ_CLASS_V = 5,
    JE_WQ_CLASS_WORSE_V = 6 /* 劣V */
} je_wq_class;

/* "I" … "V", "劣V", or "-" for NONE; English "worse than V" by je_wq_class_label_en. */
JE_API const char *je_wq_class_label(je_wq_class c);
JE_API const char *je_wq_class_label_en(je_wq_class c);
/* Parse "I".."V", "1".."5", "劣V"/"6" (case-insensitive roman numerals). */
JE_API je_status je_wq_class_parse(const char *s, size_t len, je_wq_class *out_class);

/* The class of one item value by GB 3838-2002 Table 1. Limits are inclusive: a value
 * equal to a limit is in that class; where classes share a limit the better class
 * wins. DO is a minimum; pH has the single range 6–9 for every class, so a pH inside
 * it is class I and outside it 劣V. TP uses the lake/reservoir column for
 * JE_WATERBODY_LAKE. A NAN value gives JE_WQ_CLASS_NONE. Thread-safe, no failure. */
JE_API je_wq_class je_gb3838_item_class(je_wq_item item, double value, je_waterbody wb);

/* The Class III limit of an item (the reference of exceedance multiples), NAN for pH
 * and DO. */
JE_API double je_gb3838_class3_limit(je_wq_item item, je_waterbody wb);
/* The limit of `item` for class c (I–V) ; NAN for pH. For DO it is the minimum. */
JE_API double je_gb3838_limit(je_wq_item item, je_wq_class c, je_waterbody wb);

/* One sample (or one period mean): a value per item, NAN where not measured. */
typedef struct je_wq_sample {
    double value[JE_WQ_NITEMS];
    uint32_t bdl_mask;     /* bit i: item i below detection limit; value = the limit */
    uint32_t invalid_mask; /* bit i: item i flagged invalid; not used in assessment */
} je_wq_sample;

/* Set every value to NAN and clear the masks. */
JE_API void je_wq_sample_clear(je_wq_sample *s);

/* The value of item i used for assessment: NAN when missing or invalid; half the
 * detection limit when below it (2011 method: 未检出按检出限一半参与计算). */
JE_API double je_wq_sample_assess_value(const je_wq_sample *s, je_wq_item i);

#define JE_WQ_MAIN_MAX JE_WQ_NITEMS

/* The classification of one sample. */
typedef struct je_wq_result {
    je_wq_class cls;                      /* worst assessed item; NONE if none measured */
    je_wq_class item_class[JE_WQ_NITEMS]; /* every item given, TN and fcoli included */
    double multiple[JE_WQ_NITEMS];        /* exceedance over Class III, (C−C3)/C3, when
                                             C > C3; 0 when within; NAN for pH, DO and
                                             items not given */
    je_wq_item main_item[JE_WQ_MAIN_MAX]; /* main pollution indicators */
    size_t n_main;
    unsigned n_assessed; /* assessed items with a value */
} je_wq_result;

/* Classify one sample (GB 3838-2002 Table 1; 2011 method §3.1 single-factor).
 * Section class = the worst class over the assessed items (je_wq_item_assessed).
 * Main pollution indicators (2011 method §3.3): none when the class is III or
 * better; otherwise the assessed items worse than Class III ordered by class (worst
 * first), then by exceedance multiple, keeping the first three; cyanide and heavy
 * metals (Hg, Cd, Cr(VI), Pb, As, Cu, Zn, Se) worse than Class III are always listed
 * in addition. Returns JE_EINVAL for a NULL argument or a bad waterbody. */
JE_API je_status je_gb3838_classify(const je_wq_sample *s, je_waterbody wb, je_wq_result *out,
                                    je_error *err);

/* Format main indicators as "codmn(1.2);nh3n(0.4)" (multiple with up to two decimals,
 * trailing zeros dropped; no bracket for DO and pH). Returns buf. */
JE_API char *je_wq_main_format(const je_wq_result *r, char *buf, size_t size);

/* Arithmetic mean of n samples per item (2011 method: quarter and year = the mean of
 * the period's samples). Values below detection enter at half the limit; invalid and
 * missing values are skipped. The mean is rounded to 12 significant digits so binary
 * noise of the sum cannot push a value across a limit. An item with no value stays
 * NAN. The result has empty masks. n may be 0 (all NAN). */
JE_API je_status je_wq_mean(const je_wq_sample *samples, size_t n, je_wq_sample *out,
                            je_error *err);

/* ---------------------------------------------------------------------------
 * Periods: a year, a quarter or a month, in local time.
 * ------------------------------------------------------------------------- */
typedef enum { JE_PERIOD_YEAR, JE_PERIOD_QUARTER, JE_PERIOD_MONTH } je_period_kind;

typedef struct je_period {
    je_period_kind kind;
    int year;
    int index; /* quarter 1–4 or month 1–12; 0 for a year */
} je_period;

/* Parse "2022", "2022-Q1" (q case-insensitive) or "2022-03". */
JE_API je_status je_period_parse(const char *s, je_period *out, je_error *err);
/* "2022", "2022-Q1", "2022-03". buf needs 8 bytes. */
JE_API char *je_period_format(const je_period *p, char *buf, size_t size);
/* The period before p (2021 for 2022, 2021-Q4 for 2022-Q1, 2022-02 for 2022-03). */
JE_API je_period je_period_previous(const je_period *p);
/* [start, end) in seconds since the epoch for local time at offset_s. */
JE_API void je_period_range(const je_period *p, int32_t offset_s, int64_t *out_start,
                            int64_t *out_end);

/* ---------------------------------------------------------------------------
 * Sections and their assessment.
 * ------------------------------------------------------------------------- */
typedef enum {
    JE_SECTION_NATIONAL = 0,
    JE_SECTION_PROVINCIAL = 1,
    JE_SECTION_BOUNDARY = 2
} je_section_kind;

JE_API const char *je_section_kind_name(je_section_kind k);
JE_API je_status je_section_kind_parse(const char *s, size_t len, je_section_kind *out);

/* A monitoring section as the engines see it. Strings are borrowed (the owner of the
 * array keeps them alive). upstream/downstream are "" unless kind is BOUNDARY. */
typedef struct je_section {
    const char *code, *name_zh, *name_en;
    const char *river_code, *river_zh, *river_en;
    const char *basin_code, *basin_zh, *basin_en;
    const char *owner;      /* jurisdiction code where the section lies */
    const char *upstream;   /* boundary sections: jurisdiction upstream */
    const char *downstream; /* boundary sections: jurisdiction downstream */
    double lon, lat;
    je_section_kind kind;
    je_waterbody waterbody;
    je_wq_class target; /* water-function target class */
} je_section;

/* The samples of one section in one period. */
typedef struct je_wq_series {
    const je_wq_sample *samples;
    size_t n;
} je_wq_series;

typedef enum {
    JE_WQ_CHANGE_NONE = 0, /* no class in one of the periods */
    JE_WQ_CHANGE_IMPROVED,
    JE_WQ_CHANGE_SAME,
    JE_WQ_CHANGE_WORSE
} je_wq_change;

JE_API const char *je_wq_change_name(je_wq_change c);

typedef struct je_wq_section_result {
    size_t n_samples;
    je_wq_sample mean;    /* period value per item (the sample itself for one sample) */
    je_wq_result result;  /* class and main indicators of the period value */
    je_wq_class prev_cls; /* class in the previous period, NONE without samples */
    je_wq_change change;
    int met; /* 1 class ≤ target, 0 worse, -1 unknown (no class or no target) */
} je_wq_section_result;

/* Assess n sections over one period: mean of the period's samples (cur[i]), class
 * and main indicators, compliance with the target, and class change against the
 * previous period (prev[i]; may be NULL for "no previous data"). out has n entries. */
JE_API je_status je_wq_assess_sections(const je_section *sections, size_t n,
                                       const je_wq_series *cur, const je_wq_series *prev,
                                       je_wq_section_result *out, je_error *err);

/* Qualitative status of a section class or a group (2011 method §3.2, §4). */
typedef enum {
    JE_WQ_STATUS_NONE = 0,
    JE_WQ_STATUS_EXCELLENT, /* 优 */
    JE_WQ_STATUS_GOOD,      /* 良好 */
    JE_WQ_STATUS_LIGHT,     /* 轻度污染 */
    JE_WQ_STATUS_MODERATE,  /* 中度污染 */
    JE_WQ_STATUS_HEAVY      /* 重度污染 */
} je_wq_status;

JE_API const char *je_wq_status_zh(je_wq_status s);
JE_API const char *je_wq_status_en(je_wq_status s);
/* Status of one class: I–II 优, III 良好, IV 轻度, V 中度, 劣V 重度. */
JE_API je_wq_status je_wq_status_of_class(je_wq_class c);

typedef enum {
    JE_WQ_LEVEL_SECTION = 0,
    JE_WQ_LEVEL_RIVER,
    JE_WQ_LEVEL_BASIN,
    JE_WQ_LEVEL_JURISDICTION
} je_wq_level;

JE_API const char *je_wq_level_name(je_wq_level l);
JE_API je_status je_wq_level_parse(const char *s, je_wq_level *out);

typedef enum {
    JE_WQ_METHOD_MEAN = 0,      /* fewer than 5 sections: mean concentrations */
    JE_WQ_METHOD_PROPORTION = 1 /* 5 or more sections: proportion of classes */
} je_wq_group_method;

/* Status of a river, basin or jurisdiction. */
typedef struct je_wq_group_result {
    const char *key;     /* river/basin/jurisdiction code (borrowed from sections) */
    const char *name_zh; /* borrowed; jurisdictions: NULL (the caller names them) */
    const char *name_en;
    size_t n_sections; /* sections with a class in the period */
    size_t n_class[7]; /* sections per class, index = je_wq_class */
    size_t n_met, n_with_target;
    double share_good;    /* share of sections in I–III, 0..1 */
    double share_worse_v; /* share in 劣V */
    je_wq_group_method method;
    je_wq_class cls; /* MEAN method: class of the mean; PROPORTION: NONE */
    je_wq_status status;
    je_wq_sample mean;        /* MEAN method: the mean over the sections */
    je_wq_result mean_result; /* MEAN method: classification of the mean */
    /* main pollutants: MEAN method as for a section (three, plus cyanide and heavy
       metals beyond Class III); PROPORTION method the three items with the highest
       share of sections worse than Class III. */
    je_wq_item main_item[JE_WQ_MAIN_MAX];
    double main_rate[JE_WQ_MAIN_MAX]; /* PROPORTION: share of sections exceeding; MEAN:
                                         exceedance multiple (NAN for DO, pH) */
    size_t n_main;
} je_wq_group_result;

/* Status of one group of sections (2011 method §4): with fewer than 5 classified
 * sections the mean of their period values is classified single-factor; with 5 or
 * more, the share p of sections in I–III and q in 劣V give 优 (p ≥ 90 %), 良好
 * (75 % ≤ p < 90 %), or for p < 75 %: 轻度 (q < 20 %), 中度 (20 % ≤ q < 40 %),
 * 重度 (q ≥ 40 %). members are indexes into sections/results; all members must share
 * the waterbody of the first for the MEAN method (lakes and rivers differ in TP). */
JE_API je_status je_wq_assess_group(const je_section *sections, const je_wq_section_result *results,
                                    const size_t *members, size_t n_members,
                                    je_wq_group_result *out, je_error *err);

/* Group every section by river, basin or jurisdiction (owner) and assess each group.
 * *out is allocated (free with free()); groups come in order of first appearance. */
JE_API je_status je_wq_assess_groups(const je_section *sections,
                                     const je_wq_section_result *results, size_t n,
                                     je_wq_level level, je_wq_group_result **out, size_t *out_n,
                                     je_error *err);

/* Boundary sections seen from one jurisdiction: those it hands over (it is upstream)
 * and those it receives (it is downstream), with how many have a class and how many
 * met their target in the period. This is the split compensation depends on. */
typedef struct je_wq_boundary_summary {
    size_t out_n, out_classified, out_met; /* jurisdiction upstream */
    size_t in_n, in_classified, in_met;    /* jurisdiction downstream */
} je_wq_boundary_summary;

JE_API void je_wq_boundary_summarize(const je_section *sections,
                                     const je_wq_section_result *results, size_t n,
                                     const char *jurisdiction, je_wq_boundary_summary *out);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_WATER_H */
