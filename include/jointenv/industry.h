/*
 * jointenv/industry.h — industrial emission rules: GB 4915-2013 (cement industry air
 * pollutant emission standard) kiln limits and the emission rates of a clinker line
 * derived from them.
 *
 * Everything here is pure: no I/O, no globals, re-entrant and thread-safe.
 */
#ifndef JOINTENV_INDUSTRY_H
#define JOINTENV_INDUSTRY_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which kiln limits a line is held to (kiln and kiln-tail waste-heat system, dry flue
 * gas at 10 % O2):
 *   GENERAL   GB 4915-2013 Table 1: PM 30, SO2 200, NOx (as NO2) 400 mg/Nm³;
 *   SPECIAL   GB 4915-2013 Table 2 (special emission limits, key regions): 20/100/320;
 *   ULTRA_LOW 《关于推进实施水泥行业超低排放的意见》(2024), hourly means: 10/35/50. */
typedef enum {
    JE_GB4915_GENERAL = 0,
    JE_GB4915_SPECIAL = 1,
    JE_GB4915_ULTRA_LOW = 2
} je_gb4915_regime;

/* Pollutants in the order of every q_g_s[] / mg_nm3[] array here (the same order as
 * JE_PLANT_PM, JE_PLANT_SO2, JE_PLANT_NOX in store.h). */
enum { JE_GB4915_PM = 0, JE_GB4915_SO2 = 1, JE_GB4915_NOX = 2, JE_GB4915_NPOL = 3 };

/* The specific dry kiln-tail flue-gas volume at 10 % O2 used for derivations,
 * Nm³ per tonne of clinker (typical range 2 000–2 500; confidence MEM: from memory,
 * not from a retrieved source — HJ 847-2017's reference volume was not retrieved). */
#define JE_GB4915_FLUE_NM3_T 2300.0

/* One regime's kiln limits with where they come from. */
typedef struct je_gb4915_limits {
    je_gb4915_regime regime;
    const char *name;              /* "general", "special", "ultra-low" */
    double mg_nm3[JE_GB4915_NPOL]; /* PM, SO2, NOx limits, mg/Nm³ at 10 % O2 */
    const char *source;            /* standard and table, as written into a basis */
    const char *confidence;        /* of our copy of the numbers: "MEM", "V1" … */
} je_gb4915_limits;

/* "general", "special", "ultra-low". */
JE_API const char *je_gb4915_regime_name(je_gb4915_regime r);
/* Parse one of the names above (exact, lower case). JE_EINVAL otherwise. */
JE_API je_status je_gb4915_regime_parse(const char *s, je_gb4915_regime *out, je_error *err);
/* The limits of a regime (a static table; never NULL for a valid regime, NULL for an
 * invalid value). */
JE_API const je_gb4915_limits *je_gb4915_limits_of(je_gb4915_regime r);

/* Emission rates of a line running at full output at its limits:
 *   q (g/s) = limit (mg/Nm³) × JE_GB4915_FLUE_NM3_T (Nm³/t) × capacity_t_d (t/day)
 *             ÷ 86 400 (s/day) ÷ 1 000 (mg/g)
 * e.g. 5 000 t/d at the general PM limit: 30 × 2 300 × 5 000 / 86 400 / 1 000 = 3.993 g/s.
 * Writes q_g_s[JE_GB4915_NPOL] and, when basis is not NULL, the derivation as text
 * ("GB 4915-2013 Table 1 general limits 30/200/400 mg/Nm3 x 2300 Nm3/t x 5000 t/d"),
 * truncated to `size` bytes (200 is enough). JE_EINVAL (q_g_s untouched) when the
 * regime is invalid or capacity_t_d is not a finite positive number. */
JE_API je_status je_gb4915_derive(je_gb4915_regime regime, double capacity_t_d,
                                  double q_g_s[JE_GB4915_NPOL], char *basis, size_t size,
                                  je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_INDUSTRY_H */
