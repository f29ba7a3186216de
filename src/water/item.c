/*
 * item.c — the water-quality items: codes, names, units and unit conversion.
 */
#include "jointenv/water.h"
#include "water/std_gb3838.h"

#include <math.h>
#include <string.h>
#include <strings.h>

typedef struct item_info {
    const char *code, *en, *zh;
} item_info;

static const item_info items[JE_WQ_NITEMS] = {
#define JE_WQ_ITEM_INFO(id, code, en, zh) [JE_WQ_##id] = {code, en, zh},
    JE_WQ_ITEM_MAP(JE_WQ_ITEM_INFO)
#undef JE_WQ_ITEM_INFO
};

static int valid(je_wq_item i)
{
    return (int)i >= 0 && i < JE_WQ_NITEMS;
}

const char *je_wq_item_code(je_wq_item i)
{
    return valid(i) ? items[i].code : NULL;
}
const char *je_wq_item_name_en(je_wq_item i)
{
    return valid(i) ? items[i].en : NULL;
}
const char *je_wq_item_name_zh(je_wq_item i)
{
    return valid(i) ? items[i].zh : NULL;
}

je_status je_wq_item_find(const char *code, size_t len, je_wq_item *out_item)
{
    for (int i = 0; i < JE_WQ_NITEMS; i++) {
        if (strlen(items[i].code) == len && strncasecmp(items[i].code, code, len) == 0) {
            *out_item = (je_wq_item)i;
            return JE_OK;
        }
    }
    return JE_ENOTFOUND;
}

const char *je_wq_item_unit(je_wq_item i)
{
    if (i == JE_WQ_PH)
        return "";
    if (i == JE_WQ_FCOLI)
        return "count/L";
    return "mg/L";
}

/* 2011 method §2 (the rule lives in std_gb3838.h). */
int je_wq_item_assessed(je_wq_item i)
{
    return je_wq_rule_assessed((int)i);
}

typedef struct unit_rule {
    const char *name;
    int kind;     /* 0 concentration, 1 pH, 2 count */
    double scale; /* > 0 multiply, < 0 divide by -scale */
} unit_rule;

/* Division by a power of ten is correctly rounded, so 150 µg/L becomes exactly the
 * double nearest 0.15 — the same as the file's "0.15 mg/L" — and class limits
 * compare equal where they should. */
static const unit_rule units[] = {
    {"mg/L", 0, 1},       {"mg/l", 0, 1},       {"ug/L", 0, -1e3},
    {"µg/L", 0, -1e3},    {"μg/L", 0, -1e3},    {"ug/l", 0, -1e3},
    {"ng/L", 0, -1e6},    {"g/L", 0, 1e3},      {"", 1, 1},
    {"1", 1, 1},          {"pH", 1, 1},         {"dimensionless", 1, 1},
    {"count/L", 2, 1},    {"/L", 2, 1},         {"MPN/L", 2, 1},
    {"个/L", 2, 1},       {"cfu/L", 2, 1},      {"count/100mL", 2, 10},
    {"MPN/100mL", 2, 10}, {"cfu/100mL", 2, 10},
};

je_status je_wq_unit_convert(je_wq_item item, const char *unit, size_t len, double value,
                             double *out_value, je_error *err)
{
    int want = item == JE_WQ_PH ? 1 : item == JE_WQ_FCOLI ? 2 : 0;
    while (len > 0 && (*unit == ' ')) {
        unit++;
        len--;
    }
    while (len > 0 && unit[len - 1] == ' ')
        len--;
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        const unit_rule *u = &units[k];
        if (strlen(u->name) != len || strncasecmp(u->name, unit, len) != 0)
            continue;
        if (u->kind != want)
            return je_error_set(err, JE_EINVAL, "unit '%.*s' does not fit %s (expected %s)",
                                (int)len, unit, items[item].code,
                                want == 1 ? "no unit" : je_wq_item_unit(item));
        *out_value = u->scale > 0 ? value * u->scale : value / -u->scale;
        return JE_OK;
    }
    return je_error_set(err, JE_EINVAL, "unknown unit '%.*s' for %s (use %s%s)", (int)len, unit,
                        items[item].code,
                        want == 0   ? "mg/L, ug/L or ng/L"
                        : want == 1 ? "no unit"
                                    : "count/L",
                        want == 2 ? " or MPN/100mL" : "");
}
