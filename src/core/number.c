/*
 * number.c — strict decimal parsing for data files, and significant-digit rounding.
 */
#include "jointenv/core.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fast path for the common "123.456" shape: digits, an optional point and up to 15
 * significant digits, no exponent. The value is an exact integer m divided by an
 * exact power of ten (both below 2^53), so the single division is correctly rounded
 * (the same reasoning as strtod's fast path, Clinger 1990). Anything else falls back
 * to strtod. */
static const double pow10_tab[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int fast_decimal(const char *s, size_t len, double *out)
{
    size_t i = 0;
    int neg = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    uint64_t m = 0;
    int nd = 0, frac = 0, seen_point = 0, any = 0;
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            any = 1;
            if (m == 0 && c == '0') {
                if (seen_point)
                    frac++;
                continue;
            }
            if (++nd > 15)
                return 0;
            m = m * 10 + (uint64_t)(c - '0');
            if (seen_point)
                frac++;
        } else if (c == '.' && !seen_point) {
            seen_point = 1;
        } else {
            return 0;
        }
    }
    if (!any || frac > 22)
        return 0;
    double v = (double)m / pow10_tab[frac];
    *out = neg ? -v : v;
    return 1;
}

je_status je_parse_double(const char *s, size_t len, double *out)
{
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0)
        return JE_EINVAL;
    if (fast_decimal(s, len, out))
        return JE_OK;
    /* Only digits, sign, point and exponent may reach strtod: no "nan", "inf", hex. */
    int digit = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            digit = 1;
        else if (!(c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
            return JE_EINVAL;
    }
    if (!digit || len >= 400)
        return JE_EINVAL;
    char tmp[400];
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(tmp, &end);
    if (end != tmp + len || errno == ERANGE || !isfinite(v))
        return JE_EINVAL;
    *out = v;
    return JE_OK;
}

double je_round_sig(double x, int digits)
{
    if (isnan(x) || x == 0.0 || isinf(x))
        return x;
    /* Printing with %.*e and reading back rounds correctly in decimal, which is what
       a reported figure means; arithmetic scaling would add its own error. */
    char buf[64];
    snprintf(buf, sizeof buf, "%.*e", digits - 1, x);
    return strtod(buf, NULL);
}
