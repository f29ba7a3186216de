/*
 * std_gb4915.c — GB 4915-2013 kiln emission limits (and the 2024 ultra-low levels) and
 * the emission rates of a clinker line derived from them. Sources and confidence:
 * ../shared/reference/standards.md §4.4 and docs/plants.md.
 */
#include "jointenv/industry.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Kiln and kiln-tail waste-heat system, dry flue gas at 10 % O2, mg/Nm³ (PM, SO2, NOx
 * as NO2).
 * - GB 4915-2013 《水泥工业大气污染物排放标准》 Table 1 (existing plants from
 *   2015-07-01, new plants from 2014-03-01) and Table 2 (special emission limits where
 *   the environment authority designates key regions). Our copy is from memory,
 *   consistent with three code hits (confidence MEM); the 2026 amendment (effective
 *   2026-04-01) adds dryer limits and leaves these kiln values unchanged.
 * - 《关于推进实施水泥行业超低排放的意见》 (MEE and others, 2024): kiln hourly means
 *   10/35/50 (confidence V1: a code checklist, plus memory). */
static const je_gb4915_limits LIMITS[] = {
    {JE_GB4915_GENERAL, "general", {30.0, 200.0, 400.0}, "GB 4915-2013 Table 1", "MEM"},
    {JE_GB4915_SPECIAL, "special", {20.0, 100.0, 320.0}, "GB 4915-2013 Table 2", "MEM"},
    {JE_GB4915_ULTRA_LOW,
     "ultra-low",
     {10.0, 35.0, 50.0},
     "2024 cement ultra-low emission opinion",
     "V1"},
};

const je_gb4915_limits *je_gb4915_limits_of(je_gb4915_regime r)
{
    for (size_t i = 0; i < sizeof LIMITS / sizeof LIMITS[0]; i++)
        if (LIMITS[i].regime == r)
            return &LIMITS[i];
    return NULL;
}

const char *je_gb4915_regime_name(je_gb4915_regime r)
{
    const je_gb4915_limits *l = je_gb4915_limits_of(r);
    return l ? l->name : "?";
}

je_status je_gb4915_regime_parse(const char *s, je_gb4915_regime *out, je_error *err)
{
    for (size_t i = 0; s && i < sizeof LIMITS / sizeof LIMITS[0]; i++)
        if (strcmp(s, LIMITS[i].name) == 0) {
            *out = LIMITS[i].regime;
            return JE_OK;
        }
    return je_error_set(err, JE_EINVAL, "unknown limits '%s' (general, special or ultra-low)",
                        s ? s : "");
}

je_status je_gb4915_derive(je_gb4915_regime regime, double capacity_t_d,
                           double q_g_s[JE_GB4915_NPOL], char *basis, size_t size, je_error *err)
{
    const je_gb4915_limits *l = je_gb4915_limits_of(regime);
    if (l == NULL)
        return je_error_set(err, JE_EINVAL, "invalid emission-limit regime %d", (int)regime);
    if (!isfinite(capacity_t_d) || capacity_t_d <= 0)
        return je_error_set(err, JE_EINVAL, "capacity must be a positive number of t/day");
    /* mg/Nm³ × Nm³/t × t/day = mg/day; ÷ 86 400 s/day ÷ 1 000 mg/g = g/s */
    for (int p = 0; p < JE_GB4915_NPOL; p++)
        q_g_s[p] = l->mg_nm3[p] * JE_GB4915_FLUE_NM3_T * capacity_t_d / 86400.0 / 1000.0;
    if (basis && size > 0)
        snprintf(basis, size, "%s %s limits %g/%g/%g mg/Nm3 x %g Nm3/t x %g t/d", l->source,
                 l->name, l->mg_nm3[JE_GB4915_PM], l->mg_nm3[JE_GB4915_SO2],
                 l->mg_nm3[JE_GB4915_NOX], JE_GB4915_FLUE_NM3_T, capacity_t_d);
    return JE_OK;
}
