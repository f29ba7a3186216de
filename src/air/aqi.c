/*
 * aqi.c — the air quality index by HJ 633-2012 and HJ 633—2026: IAQI by linear
 * interpolation between the breakpoints of std_hj633.c, the AQI of a daily or real-time
 * report, its level, primary and exceeding pollutants, and the names and colours of
 * Appendix A.
 */
#include "air/std_hj633.h"
#include "jointenv/air.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct item_info {
    const char *code, *name;
} item_info;

static const item_info items[JE_AQI_NITEMS] = {
    [JE_AQI_SO2] = {"so2", "SO2"},       [JE_AQI_NO2] = {"no2", "NO2"},
    [JE_AQI_CO] = {"co", "CO"},          [JE_AQI_O3_1H] = {"o3_1h", "O3_1h"},
    [JE_AQI_O3_8H] = {"o3_8h", "O3_8h"}, [JE_AQI_PM10] = {"pm10", "PM10"},
    [JE_AQI_PM25] = {"pm25", "PM2.5"},
};

#define BIT(i) (1u << (unsigned)(i))
#define ALL_ITEMS (BIT(JE_AQI_NITEMS) - 1u)

/* Items of each report (HJ 633-2012 §5.1.2–5.1.3; HJ 633—2026: the daily report drops
 * the daily maximum 1-hour O3, the real-time report the 8-hour moving O3).
 * Index [std - 1][report]. */
static const uint32_t report_items[2][2] = {
    /* 2012: daily 7 items; real-time SO2, NO2, CO, O3 1 h, O3 8 h, PM10, PM2.5. */
    {ALL_ITEMS, ALL_ITEMS},
    /* 2026: daily 6 items; real-time 6 items, all 1-hour means. */
    {ALL_ITEMS & ~BIT(JE_AQI_O3_1H), ALL_ITEMS & ~BIT(JE_AQI_O3_8H)},
};

/* A concentration that is a decimal number — an IAQI breakpoint, or a 2026 value rounded
 * to 0.1 mg/m³ — may be a double a few ulps off, so interpolation can land a few ulps
 * beside a whole IAQI (CO 2.2 mg/m³ gives 55.00000000000001, not 55). Differences
 * below this many IAQI units are taken as representation error, not as signal: CEIL
 * and ROUND look through them. The smallest real step a measured value can make
 * (0.001 mg/m³ of CO on the 0–2 step) moves the IAQI by 0.025. */
#define IAQI_EPS 1e-9

/* Likewise for the half-way test of the 2026 concentration rounding, in units of the
 * last kept digit: a value computed in binary (a 24-hour mean, a µg → mg conversion)
 * may sit an ulp or two beside the decimal tie it stands for, 0.25000000000000006 for
 * 0.25, and is taken as that tie. */
#define HALF_EPS 1e-9

static int item_valid(je_aqi_item i)
{
    return (int)i >= 0 && i < JE_AQI_NITEMS;
}

/* HJ 633 eq. 1 on one column. The product (IAQI_hi − IAQI_lo)·(C − BP_lo) is formed
 * before the division (the standard writes the quotient first): for a whole-number
 * concentration it is exact, so whenever the true IAQI is a whole number the result
 * is exact too. A concentration equal to a breakpoint returns that breakpoint's IAQI
 * without arithmetic. */
static double interpolate(const je_hj633_column *col, double c)
{
    if (isnan(c) || c < 0)
        return NAN;
    if (c > col->bp[col->n - 1])
        return col->above;
    for (int k = 1; k < col->n; k++) {
        if (c == col->bp[k])
            return je_hj633_iaqi[k];
        if (c < col->bp[k]) {
            double blo = col->bp[k - 1], bhi = col->bp[k];
            double ilo = je_hj633_iaqi[k - 1], ihi = je_hj633_iaqi[k];
            return (ihi - ilo) * (c - blo) / (bhi - blo) + ilo;
        }
    }
    return je_hj633_iaqi[0]; /* not reached: c ≤ top breakpoint */
}

double je_aqi_iaqi(je_aq_std std, je_aqi_item item, int hourly, double conc)
{
    const je_hj633_column *col = je_hj633_column_of(std, item, hourly);
    return col == NULL ? NAN : interpolate(col, conc);
}

/* GB/T 8170 round half to even (四舍六入五成双) to 1/scale (scale 1 or 10), on the value
 * scaled to the last kept digit. A decimal input such as 0.35 mg/m³ is not exact in
 * binary (0.34999999999999998); for inputs typed with two decimals ×10 happens to land
 * exactly on the half (checked for 0.05 … 59.95), but a computed value need not, so a
 * fraction within HALF_EPS of one half is taken as the tie. Not nearbyint(): that
 * would depend on the FP rounding mode and has no tolerance. The result is divided back
 * by the power of ten, which is correctly rounded: 0.4 comes back as the double nearest
 * 0.4, the same as a file's "0.4". v ≥ 0 (negative values are rejected before). */
static double round_half_even(double v, double scale)
{
    double y = v * scale;
    double f = floor(y);
    double d = y - f; /* exact */
    double r;
    if (fabs(d - 0.5) <= HALF_EPS)
        r = fmod(f, 2.0) == 0.0 ? f : f + 1.0;
    else
        r = d < 0.5 ? f : f + 1.0;
    return r / scale;
}

/* HJ 633—2026 §4.2.2: concentrations are rounded before use, to whole µg/m³ and CO to
 * 0.1 mg/m³ (the reporting precision of HJ 663). */
static double round_conc_2026(je_aqi_item item, double c)
{
    if (isnan(c) || c < 0)
        return NAN; /* not rated; rounding -0.4 to -0 would make it look valid */
    return round_half_even(c, item == JE_AQI_CO ? 10.0 : 1.0);
}

static double round_iaqi(double x, je_aqi_rounding r)
{
    if (isnan(x))
        return x;
    switch (r) {
    case JE_AQI_CEIL: {
        /* HJ 633-2012 §6.2, HJ 633—2026 §4.2.6: 全部进位取整数. */
        double y = ceil(x - IAQI_EPS);
        return y == 0.0 ? 0.0 : y; /* no -0 from ceil(-1e-9) */
    }
    case JE_AQI_ROUND:
        return round(x + IAQI_EPS); /* half away from zero; x ≥ 0 */
    case JE_AQI_NONE:
        return x;
    }
    return x;
}

/* IAQI of one report item before rounding, with the rules for values above 800. */
static double item_iaqi(const je_aqi_input *in, je_aq_std std, int hourly, je_aqi_item i)
{
    double c = in->conc[i];
    if (std == JE_AQ_STD_HJ633_2026)
        c = round_conc_2026(i, c);
    double v = je_aqi_iaqi(std, i, hourly, c);
    /* HJ 633-2012 Table 1 note 2: with SO2 1 h above 800 µg/m³ SO2 is rated by its
       24-hour mean on the 24 h column. (Note 3, O3 8 h above 800, needs nothing here:
       the 8 h item is left unrated and O3 is rated by the 1 h item, which is in both
       2012 reports.) */
    if (std == JE_AQ_STD_HJ633_2012 && hourly && i == JE_AQI_SO2 && c > 800)
        v = je_aqi_iaqi(std, JE_AQI_SO2, 0, in->so2_24h);
    return v;
}

void je_aqi_input_clear(je_aqi_input *in)
{
    if (in == NULL)
        return;
    for (int i = 0; i < JE_AQI_NITEMS; i++)
        in->conc[i] = NAN;
    in->so2_24h = NAN;
}

je_status je_aqi_compute(const je_aqi_input *in, je_aqi_report report, je_aq_std std, int64_t day,
                         je_aqi_rounding rounding, je_aqi_result *out, je_error *err)
{
    if (in == NULL || out == NULL)
        return je_error_set(err, JE_EINVAL, "je_aqi_compute: NULL input or result");
    if (report != JE_AQI_DAILY && report != JE_AQI_HOURLY)
        return je_error_set(err, JE_EINVAL, "invalid AQI report %d", (int)report);
    if (std != JE_AQ_STD_AUTO && std != JE_AQ_STD_HJ633_2012 && std != JE_AQ_STD_HJ633_2026)
        return je_error_set(err, JE_EINVAL, "invalid AQI standard %d", (int)std);
    if (rounding != JE_AQI_CEIL && rounding != JE_AQI_ROUND && rounding != JE_AQI_NONE)
        return je_error_set(err, JE_EINVAL, "invalid IAQI rounding %d", (int)rounding);

    je_aq_std s = je_aq_std_resolve(std, day);
    int hourly = report == JE_AQI_HOURLY;
    uint32_t in_report = report_items[s - 1][report];

    out->std = s;
    out->aqi = NAN;
    out->primary = 0;
    out->exceeding = 0;
    for (int k = 0; k < JE_AQI_NITEMS; k++) {
        je_aqi_item i = (je_aqi_item)k;
        out->iaqi[i] = NAN;
        if (!(in_report & BIT(i)))
            continue;
        double v = round_iaqi(item_iaqi(in, s, hourly, i), rounding);
        out->iaqi[i] = v;
        if (!isnan(v) && (isnan(out->aqi) || v > out->aqi))
            out->aqi = v;
    }
    out->level = je_aqi_level(out->aqi);
    for (int k = 0; k < JE_AQI_NITEMS; k++) {
        double v = out->iaqi[k];
        if (isnan(v))
            continue;
        /* 首要污染物: only when AQI > 50; every item whose IAQI is the AQI (ties
           name several). The IAQIs are compared after rounding, as reported. */
        if (out->aqi > 50 && v == out->aqi)
            out->primary |= BIT(k);
        /* 超标污染物: IAQI > 100 (HJ 633-2012 §3.8). */
        if (v > 100)
            out->exceeding |= BIT(k);
    }
    return JE_OK;
}

/* HJ 633 Table 2 / Appendix A: upper AQI bound of levels 1–5; above 300 is level 6. */
static const double level_top[5] = {50, 100, 150, 200, 300};

int je_aqi_level(double aqi)
{
    if (isnan(aqi))
        return 0;
    for (int k = 0; k < 5; k++)
        if (aqi <= level_top[k])
            return k + 1;
    return 6;
}

/* HJ 633 Table 2 and Appendix A (index 0: no AQI). */
static const struct {
    const char *zh, *cat_zh, *cat_en, *colour;
} levels[7] = {
    {"", "", "", ""},
    {"一级", "优", "Excellent", "#00E400"},
    {"二级", "良", "Good", "#FFFF00"},
    {"三级", "轻度污染", "Lightly polluted", "#FF7E00"},
    {"四级", "中度污染", "Moderately polluted", "#FF0000"},
    {"五级", "重度污染", "Heavily polluted", "#99004C"},
    {"六级", "严重污染", "Severely polluted", "#7E0023"},
};

static int level_index(int level)
{
    return level >= 1 && level <= 6 ? level : 0;
}

const char *je_aqi_level_name_zh(int level)
{
    return levels[level_index(level)].zh;
}
const char *je_aqi_category_zh(int level)
{
    return levels[level_index(level)].cat_zh;
}
const char *je_aqi_category_en(int level)
{
    return levels[level_index(level)].cat_en;
}
const char *je_aqi_colour(int level)
{
    return levels[level_index(level)].colour;
}

char *je_aqi_primary_format(uint32_t mask, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return buf;
    buf[0] = '\0';
    size_t used = 0;
    for (int k = 0; k < JE_AQI_NITEMS; k++) {
        if (!(mask & BIT(k)))
            continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? ";" : "", items[k].code);
        if (n < 0 || (size_t)n >= size - used) {
            buf[used] = '\0'; /* never leave half a code */
            break;
        }
        used += (size_t)n;
    }
    return buf;
}

const char *je_aqi_item_code(je_aqi_item i)
{
    return item_valid(i) ? items[i].code : NULL;
}
const char *je_aqi_item_name(je_aqi_item i)
{
    return item_valid(i) ? items[i].name : NULL;
}

static int same(const char *a, const char *s, size_t len)
{
    return strlen(a) == len && strncasecmp(a, s, len) == 0;
}

je_status je_aqi_item_find(const char *code, size_t len, je_aqi_item *out)
{
    if (code == NULL || out == NULL)
        return JE_ENOTFOUND;
    for (int k = 0; k < JE_AQI_NITEMS; k++) {
        if (same(items[k].code, code, len)) {
            *out = (je_aqi_item)k;
            return JE_OK;
        }
    }
    if (same("pm2.5", code, len) || same("pm2_5", code, len)) {
        *out = JE_AQI_PM25;
        return JE_OK;
    }
    return JE_ENOTFOUND;
}

const char *je_aqi_report_name(je_aqi_report r)
{
    switch (r) {
    case JE_AQI_DAILY:
        return "daily";
    case JE_AQI_HOURLY:
        return "hourly";
    }
    return NULL;
}

static const char *const rounding_names[3] = {
    [JE_AQI_CEIL] = "ceil", [JE_AQI_ROUND] = "round", [JE_AQI_NONE] = "none"};

const char *je_aqi_rounding_name(je_aqi_rounding r)
{
    return (int)r >= 0 && (int)r < 3 ? rounding_names[r] : NULL;
}

je_status je_aqi_rounding_parse(const char *s, je_aqi_rounding *out, je_error *err)
{
    if (s != NULL && out != NULL) {
        for (int k = 0; k < 3; k++) {
            if (strcasecmp(rounding_names[k], s) == 0) {
                *out = (je_aqi_rounding)k;
                return JE_OK;
            }
        }
    }
    return je_error_set(err, JE_EINVAL, "unknown IAQI rounding '%s' (use ceil, round or none)",
                        s != NULL ? s : "(null)");
}
