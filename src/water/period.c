/*
 * period.c — assessment periods (year, quarter, month) in local time.
 */
#include "jointenv/water.h"

#include <stdio.h>
#include <string.h>

je_status je_period_parse(const char *s, je_period *out, je_error *err)
{
    int y = 0, k = 0;
    char q = 0, tail = 0;
    size_t n = strlen(s);
    if (n == 4 && sscanf(s, "%4d%c", &y, &tail) == 1) {
        *out = (je_period){JE_PERIOD_YEAR, y, 0};
    } else if (n == 7 && sscanf(s, "%4d-%c%1d%c", &y, &q, &k, &tail) == 3 &&
               (q == 'Q' || q == 'q') && k >= 1 && k <= 4) {
        *out = (je_period){JE_PERIOD_QUARTER, y, k};
    } else if (n == 7 && sscanf(s, "%4d-%2d%c", &y, &k, &tail) == 2 && s[5] >= '0' && s[5] <= '9' &&
               k >= 1 && k <= 12) {
        *out = (je_period){JE_PERIOD_MONTH, y, k};
    } else {
        return je_error_set(err, JE_EINVAL,
                            "invalid period '%s' (expected a year 2022, a quarter 2022-Q1 or a "
                            "month 2022-03)",
                            s);
    }
    if (y < 1900 || y > 9999)
        return je_error_set(err, JE_EINVAL, "invalid period '%s': year out of range", s);
    return JE_OK;
}

char *je_period_format(const je_period *p, char *buf, size_t size)
{
    switch (p->kind) {
    case JE_PERIOD_YEAR:
        snprintf(buf, size, "%04d", p->year);
        break;
    case JE_PERIOD_QUARTER:
        snprintf(buf, size, "%04d-Q%d", p->year, p->index);
        break;
    case JE_PERIOD_MONTH:
        snprintf(buf, size, "%04d-%02d", p->year, p->index);
        break;
    }
    return buf;
}

je_period je_period_previous(const je_period *p)
{
    je_period r = *p;
    int n = p->kind == JE_PERIOD_QUARTER ? 4 : p->kind == JE_PERIOD_MONTH ? 12 : 0;
    if (n == 0) {
        r.year--;
    } else if (--r.index == 0) {
        r.index = n;
        r.year--;
    }
    return r;
}

void je_period_range(const je_period *p, int32_t offset_s, int64_t *out_start, int64_t *out_end)
{
    int m0 = 1, m1 = 13; /* first month, first month after */
    if (p->kind == JE_PERIOD_QUARTER) {
        m0 = 3 * (p->index - 1) + 1;
        m1 = m0 + 3;
    } else if (p->kind == JE_PERIOD_MONTH) {
        m0 = p->index;
        m1 = m0 + 1;
    }
    int y1 = p->year;
    if (m1 > 12) {
        m1 -= 12;
        y1++;
    }
    *out_start = je_days_from_civil(p->year, m0, 1) * 86400 - offset_s;
    *out_end = je_days_from_civil(y1, m1, 1) * 86400 - offset_s;
}
