/*
 * gb3838.c — single-item classes by GB 3838-2002 Table 1 and the single-factor
 * classification of a sample by the 2011 assessment method (环办〔2011〕22号).
 */
#include "jointenv/water.h"
#include "water/std_gb3838.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const je_gb3838_row *row_of(je_wq_item item, je_waterbody wb)
{
    /* Table 1 item 8: lakes and reservoirs have their own TP column. */
    if (item == JE_WQ_TP && wb == JE_WATERBODY_LAKE)
        return &je_gb3838_tp_lake;
    return &je_gb3838_table1[item];
}

/* The class of a value against one row of Table 1 (the value is not NAN). */
static inline je_wq_class class_of(const je_gb3838_row *r, double value)
{
    switch (r->rule) {
    case JE_GB3838_RANGE:
        /* pH: one range, 6–9, for classes I–V; inside it the item does not limit the
           class (class I), outside it the water is worse than V. */
        return value >= r->limit[0] && value <= r->limit[1] ? JE_WQ_CLASS_I : JE_WQ_CLASS_WORSE_V;
    case JE_GB3838_GE:
        /* DO is a minimum; a value equal to the limit meets it. */
        for (int c = 0; c < 5; c++)
            if (value >= r->limit[c])
                return (je_wq_class)(c + 1);
        return JE_WQ_CLASS_WORSE_V;
    case JE_GB3838_LE:
        /* Inclusive upper limits; classes sharing a limit resolve to the better one
           because the scan goes from class I upward. */
        for (int c = 0; c < 5; c++)
            if (value <= r->limit[c])
                return (je_wq_class)(c + 1);
        return JE_WQ_CLASS_WORSE_V;
    }
    return JE_WQ_CLASS_NONE;
}

je_wq_class je_gb3838_item_class(je_wq_item item, double value, je_waterbody wb)
{
    if ((int)item < 0 || item >= JE_WQ_NITEMS || isnan(value))
        return JE_WQ_CLASS_NONE;
    return class_of(row_of(item, wb), value);
}

double je_gb3838_limit(je_wq_item item, je_wq_class c, je_waterbody wb)
{
    if ((int)item < 0 || item >= JE_WQ_NITEMS || c < JE_WQ_CLASS_I || c > JE_WQ_CLASS_V)
        return NAN;
    const je_gb3838_row *r = row_of(item, wb);
    if (r->rule == JE_GB3838_RANGE)
        return NAN;
    return r->limit[c - 1];
}

double je_gb3838_class3_limit(je_wq_item item, je_waterbody wb)
{
    /* 2011 method: water temperature, pH and DO get no exceedance multiple. */
    if (item == JE_WQ_PH || item == JE_WQ_DO)
        return NAN;
    return je_gb3838_limit(item, JE_WQ_CLASS_III, wb);
}

void je_wq_sample_clear(je_wq_sample *s)
{
    for (int i = 0; i < JE_WQ_NITEMS; i++)
        s->value[i] = NAN;
    s->bdl_mask = 0;
    s->invalid_mask = 0;
}

double je_wq_sample_assess_value(const je_wq_sample *s, je_wq_item i)
{
    return je_wq_rule_value(s, (int)i);
}

/* Cyanide and heavy metals are listed as main indicators whenever they exceed
 * Class III (2011 method §3.3: 当氰化物或铅、铬等重金属超标时，就将其作为主要污染指标列出).
 * The method names Pb and Cr as examples; the set below (Hg, Cd, Cr(VI), Pb, As, Cu,
 * Zn, Se) is our reading of "heavy metals" in Table 1 — documented in STANDARDS.md. */
static int always_listed(je_wq_item i)
{
    switch (i) {
    case JE_WQ_CN:
    case JE_WQ_HG:
    case JE_WQ_CD:
    case JE_WQ_CR6:
    case JE_WQ_PB:
    case JE_WQ_AS:
    case JE_WQ_CU:
    case JE_WQ_ZN:
    case JE_WQ_SE:
        return 1;
    case JE_WQ_PH:
    case JE_WQ_DO:
    case JE_WQ_CODMN:
    case JE_WQ_COD:
    case JE_WQ_BOD5:
    case JE_WQ_NH3N:
    case JE_WQ_TP:
    case JE_WQ_TN:
    case JE_WQ_F:
    case JE_WQ_PHENOL:
    case JE_WQ_OIL:
    case JE_WQ_LAS:
    case JE_WQ_S2:
    case JE_WQ_FCOLI:
    case JE_WQ_NITEMS:
        return 0;
    }
    return 0;
}

/* Order for main indicators: worse class first, then larger multiple (NAN last),
 * then table order (stable, deterministic). */
static int worse_first(const je_wq_result *r, je_wq_item a, je_wq_item b)
{
    if (r->item_class[a] != r->item_class[b])
        return r->item_class[a] > r->item_class[b];
    double ma = isnan(r->multiple[a]) ? -1.0 : r->multiple[a];
    double mb = isnan(r->multiple[b]) ? -1.0 : r->multiple[b];
    if (ma != mb)
        return ma > mb;
    return a < b;
}

static void main_indicators(je_wq_result *r)
{
    r->n_main = 0;
    /* 2011 method §3.3: none while the section is 优 or 良好 (class III or better). */
    if (r->cls <= JE_WQ_CLASS_III)
        return;
    je_wq_item cand[JE_WQ_NITEMS];
    size_t n = 0;
    for (int i = 0; i < JE_WQ_NITEMS; i++)
        if (je_wq_item_assessed((je_wq_item)i) && r->item_class[i] > JE_WQ_CLASS_III)
            cand[n++] = (je_wq_item)i;
    /* insertion sort: at most 21 items */
    for (size_t i = 1; i < n; i++) {
        je_wq_item x = cand[i];
        size_t j = i;
        for (; j > 0 && worse_first(r, x, cand[j - 1]); j--)
            cand[j] = cand[j - 1];
        cand[j] = x;
    }
    for (size_t i = 0; i < n; i++)
        if (i < 3 || always_listed(cand[i]))
            r->main_item[r->n_main++] = cand[i];
}

je_status je_gb3838_classify(const je_wq_sample *s, je_waterbody wb, je_wq_result *out,
                             je_error *err)
{
    if (s == NULL || out == NULL)
        return je_error_set(err, JE_EINVAL, "je_gb3838_classify: NULL argument");
    if (wb != JE_WATERBODY_RIVER && wb != JE_WATERBODY_LAKE)
        return je_error_set(err, JE_EINVAL, "je_gb3838_classify: bad waterbody %d", (int)wb);
    out->cls = JE_WQ_CLASS_NONE;
    out->n_assessed = 0;
    /* One pass over the items with the table rows at hand: this is the inner loop of
       every assessment and of what-if runs, so it avoids the per-item public calls. */
    for (int i = 0; i < JE_WQ_NITEMS; i++) {
        double v = je_wq_rule_value(s, i);
        if (isnan(v)) {
            out->item_class[i] = JE_WQ_CLASS_NONE;
            out->multiple[i] = NAN;
            continue;
        }
        const je_gb3838_row *r = row_of((je_wq_item)i, wb);
        je_wq_class c = class_of(r, v);
        out->item_class[i] = c;
        /* 超标倍数 = (C − C_III) / C_III where C exceeds Class III; none for pH, DO. */
        if (r->rule != JE_GB3838_LE)
            out->multiple[i] = NAN;
        else
            out->multiple[i] = v > r->limit[2] ? (v - r->limit[2]) / r->limit[2] : 0.0;
        if (je_wq_rule_assessed(i)) {
            out->n_assessed++;
            if (c > out->cls)
                out->cls = c;
        }
    }
    main_indicators(out);
    return JE_OK;
}

char *je_wq_main_format(const je_wq_result *r, char *buf, size_t size)
{
    size_t off = 0;
    if (size == 0)
        return buf;
    buf[0] = '\0';
    for (size_t k = 0; k < r->n_main && off < size; k++) {
        je_wq_item i = r->main_item[k];
        const char *sep = k ? ";" : "";
        int w;
        if (isnan(r->multiple[i])) {
            w = snprintf(buf + off, size - off, "%s%s", sep, je_wq_item_code(i));
        } else {
            char num[32];
            snprintf(num, sizeof num, "%.2f", r->multiple[i]);
            size_t L = strlen(num);
            while (L > 0 && num[L - 1] == '0')
                num[--L] = '\0';
            if (L > 0 && num[L - 1] == '.')
                num[--L] = '\0';
            w = snprintf(buf + off, size - off, "%s%s(%s)", sep, je_wq_item_code(i), num);
        }
        if (w < 0)
            break;
        off += (size_t)w;
    }
    return buf;
}

je_status je_wq_mean(const je_wq_sample *samples, size_t n, je_wq_sample *out, je_error *err)
{
    if (out == NULL || (n > 0 && samples == NULL))
        return je_error_set(err, JE_EINVAL, "je_wq_mean: NULL argument");
    for (int i = 0; i < JE_WQ_NITEMS; i++) {
        double sum = 0.0;
        size_t k = 0;
        for (size_t s = 0; s < n; s++) {
            double v = je_wq_sample_assess_value(&samples[s], (je_wq_item)i);
            if (!isnan(v)) {
                sum += v;
                k++;
            }
        }
        /* 12 significant digits drop the sum's binary noise (0.1+0.2 = 0.30000000000000004)
           and keep every digit a laboratory reports. */
        out->value[i] = k ? je_round_sig(sum / (double)k, 12) : NAN;
    }
    out->bdl_mask = 0;
    out->invalid_mask = 0;
    return JE_OK;
}

static const char *const class_labels[] = {"-", "I", "II", "III", "IV", "V", "劣V"};
static const char *const class_labels_en[] = {"-", "I", "II", "III", "IV", "V", "worse than V"};

const char *je_wq_class_label(je_wq_class c)
{
    return (int)c >= 0 && c <= JE_WQ_CLASS_WORSE_V ? class_labels[c] : "?";
}

const char *je_wq_class_label_en(je_wq_class c)
{
    return (int)c >= 0 && c <= JE_WQ_CLASS_WORSE_V ? class_labels_en[c] : "?";
}

je_status je_wq_class_parse(const char *s, size_t len, je_wq_class *out_class)
{
    static const struct {
        const char *text;
        je_wq_class c;
    } names[] = {
        {"I", JE_WQ_CLASS_I},         {"II", JE_WQ_CLASS_II},     {"III", JE_WQ_CLASS_III},
        {"IV", JE_WQ_CLASS_IV},       {"V", JE_WQ_CLASS_V},       {"1", JE_WQ_CLASS_I},
        {"2", JE_WQ_CLASS_II},        {"3", JE_WQ_CLASS_III},     {"4", JE_WQ_CLASS_IV},
        {"5", JE_WQ_CLASS_V},         {"6", JE_WQ_CLASS_WORSE_V}, {"劣V", JE_WQ_CLASS_WORSE_V},
        {"劣Ⅴ", JE_WQ_CLASS_WORSE_V}, {"Ⅰ", JE_WQ_CLASS_I},       {"Ⅱ", JE_WQ_CLASS_II},
        {"Ⅲ", JE_WQ_CLASS_III},       {"Ⅳ", JE_WQ_CLASS_IV},      {"Ⅴ", JE_WQ_CLASS_V},
    };
    while (len > 0 && *s == ' ') {
        s++;
        len--;
    }
    while (len > 0 && s[len - 1] == ' ')
        len--;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        if (strlen(names[k].text) == len && strncasecmp(names[k].text, s, len) == 0) {
            *out_class = names[k].c;
            return JE_OK;
        }
    }
    return JE_EINVAL;
}
