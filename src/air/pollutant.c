/*
 * pollutant.c — the six AQI pollutants (codes, names, units, unit conversion) and the
 * choice of standard version by date.
 */
#include "jointenv/air.h"

#include <string.h>
#include <strings.h>

typedef struct pol_info {
    const char *code, *en, *zh, *unit;
} pol_info;

static const pol_info pols[JE_AQ_NPOL] = {
#define JE_AQ_POL_INFO(id, code, en, zh, unit) [JE_AQ_##id] = {code, en, zh, unit},
    JE_AQ_POL_MAP(JE_AQ_POL_INFO)
#undef JE_AQ_POL_INFO
};

static int pol_valid(je_aq_pol p)
{
    return (int)p >= 0 && p < JE_AQ_NPOL;
}

const char *je_aq_pol_code(je_aq_pol p)
{
    return pol_valid(p) ? pols[p].code : NULL;
}
const char *je_aq_pol_name(je_aq_pol p)
{
    return pol_valid(p) ? pols[p].en : NULL;
}
const char *je_aq_pol_name_zh(je_aq_pol p)
{
    return pol_valid(p) ? pols[p].zh : NULL;
}
const char *je_aq_pol_unit(je_aq_pol p)
{
    return pol_valid(p) ? pols[p].unit : NULL;
}

static int same(const char *a, const char *s, size_t len)
{
    return strlen(a) == len && strncasecmp(a, s, len) == 0;
}

je_status je_aq_pol_find(const char *code, size_t len, je_aq_pol *out)
{
    if (code == NULL || out == NULL)
        return JE_ENOTFOUND;
    for (int p = 0; p < JE_AQ_NPOL; p++) {
        if (same(pols[p].code, code, len)) {
            *out = (je_aq_pol)p;
            return JE_OK;
        }
    }
    /* Spellings of PM2.5 seen in exported files ("PM2.5" itself, and "pm2_5" where a
       dot is not allowed in a column name). */
    if (same("pm2.5", code, len) || same("pm2_5", code, len)) {
        *out = JE_AQ_PM25;
        return JE_OK;
    }
    return JE_ENOTFOUND;
}

typedef struct unit_rule {
    const char *name;
    int mg; /* 1: the unit is mg/m³, 0: µg/m³ */
} unit_rule;

/* Micro sign (U+00B5) and Greek mu (U+03BC) are both found in exports; "³" likewise. */
static const unit_rule units[] = {
    {"ug/m3", 0}, {"µg/m3", 0}, {"μg/m3", 0}, {"ug/m³", 0},
    {"µg/m³", 0}, {"μg/m³", 0}, {"mg/m3", 1}, {"mg/m³", 1},
};

je_status je_aq_unit_convert(je_aq_pol p, const char *unit, size_t len, double value,
                             double *out_value, je_error *err)
{
    if (!pol_valid(p) || out_value == NULL)
        return je_error_set(err, JE_EINVAL, "invalid pollutant %d", (int)p);
    if (unit == NULL)
        len = 0;
    while (len > 0 && *unit == ' ') {
        unit++;
        len--;
    }
    while (len > 0 && unit[len - 1] == ' ')
        len--;
    int want_mg = p == JE_AQ_CO;
    if (len == 0) {
        *out_value = value;
        return JE_OK;
    }
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        if (!same(units[k].name, unit, len))
            continue;
        /* ×1000 is exact for any measured value; ÷1000 is correctly rounded, so
           1000 µg/m³ of CO becomes exactly 1 mg/m³ and 2500 becomes the double
           nearest 2.5 — the same value as a file's "2.5 mg/m3". */
        if (units[k].mg == want_mg)
            *out_value = value;
        else if (units[k].mg)
            *out_value = value * 1000.0;
        else
            *out_value = value / 1000.0;
        return JE_OK;
    }
    return je_error_set(err, JE_EINVAL, "unknown unit '%.*s' for %s (use ug/m3 or mg/m3)", (int)len,
                        unit, pols[p].code);
}

/* MEE/SAMR announcement of 2026-02-24: GB 3095—2026, HJ 633—2026 and HJ 663—2026 apply
 * from 2026-03-01; earlier days keep the 2012 texts. */
je_aq_std je_aq_std_for_day(int64_t day)
{
    return day >= JE_AQ_2026_FIRST_DAY ? JE_AQ_STD_HJ633_2026 : JE_AQ_STD_HJ633_2012;
}

je_aq_std je_aq_std_resolve(je_aq_std s, int64_t day)
{
    return s == JE_AQ_STD_AUTO ? je_aq_std_for_day(day) : s;
}

const char *je_aq_std_name(je_aq_std s)
{
    switch (s) {
    case JE_AQ_STD_AUTO:
        return "auto";
    case JE_AQ_STD_HJ633_2012:
        return "hj633-2012";
    case JE_AQ_STD_HJ633_2026:
        return "hj633-2026";
    }
    return NULL;
}

je_status je_aq_std_parse(const char *s, je_aq_std *out, je_error *err)
{
    static const struct {
        const char *name;
        je_aq_std std;
    } names[] = {
        {"auto", JE_AQ_STD_AUTO},       {"hj633-2012", JE_AQ_STD_HJ633_2012},
        {"2012", JE_AQ_STD_HJ633_2012}, {"hj633-2026", JE_AQ_STD_HJ633_2026},
        {"2026", JE_AQ_STD_HJ633_2026},
    };
    if (s != NULL && out != NULL) {
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
            if (strcasecmp(names[k].name, s) == 0) {
                *out = names[k].std;
                return JE_OK;
            }
        }
    }
    return je_error_set(err, JE_EINVAL,
                        "unknown AQI standard '%s' (use auto, hj633-2012 or hj633-2026)",
                        s != NULL ? s : "(null)");
}
