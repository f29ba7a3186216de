/*
 * time.c — ISO 8601 dates and times, and local days by a fixed UTC offset.
 * Calendar arithmetic is Howard Hinnant's days_from_civil / civil_from_days
 * (proleptic Gregorian, exact for every int year used here), so no libc time zone
 * state (TZ, localtime) is touched and the functions are re-entrant.
 */
#include "jointenv/core.h"

#include <stdio.h>
#include <string.h>

int64_t je_days_from_civil(int year, int month, int day)
{
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void je_civil_from_days(int64_t z, int *out_year, int *out_month, int *out_day)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    *out_year = (int)(y + (m <= 2));
    *out_month = (int)m;
    *out_day = (int)d;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : dm[m - 1];
}

/* Read exactly n digits at s[*i]; -1 if they are not all digits. */
static int digits(const char *s, size_t len, size_t *i, int n)
{
    int v = 0;
    if (*i + (size_t)n > len)
        return -1;
    for (int k = 0; k < n; k++) {
        char c = s[*i + (size_t)k];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *i += (size_t)n;
    return v;
}

static je_status bad(je_error *err, const char *s, size_t len, const char *why)
{
    return je_error_set(err, JE_EINVAL,
                        "invalid date/time '%.*s': %s (expected ISO 8601 such as "
                        "2022-03-01, 2022-03-01T08:00 or 2022-03-01T08:00+08:00)",
                        (int)(len > 40 ? 40 : len), s, why);
}

/* Parse "Z", "+hh:mm", "+hhmm" or "+hh" from s[i..len). */
static int parse_offset_at(const char *s, size_t len, size_t i, int32_t *out)
{
    if (i < len && s[i] == 'Z' && i + 1 == len) {
        *out = 0;
        return 1;
    }
    if (i >= len || (s[i] != '+' && s[i] != '-'))
        return 0;
    int sign = s[i] == '-' ? -1 : 1;
    i++;
    int hh = digits(s, len, &i, 2), mm = 0;
    if (hh < 0)
        return 0;
    if (i < len && s[i] == ':')
        i++;
    if (i < len && (mm = digits(s, len, &i, 2)) < 0)
        return 0;
    if (i != len || hh > 14 || mm > 59)
        return 0;
    *out = sign * (hh * 3600 + mm * 60);
    return 1;
}

je_status je_time_parse_offset(const char *s, int32_t *out_offset_s, je_error *err)
{
    size_t len = strlen(s);
    if (!parse_offset_at(s, len, 0, out_offset_s))
        return je_error_set(err, JE_EINVAL,
                            "invalid UTC offset '%s' (expected +08:00, -05:30 or Z)", s);
    return JE_OK;
}

je_status je_time_parse(const char *s, size_t len, int32_t default_offset_s, int64_t *out_t,
                        je_error *err)
{
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    if (len == 0)
        return bad(err, s, len, "empty");
    size_t i = 0;
    int y = digits(s, len, &i, 4);
    if (y < 0 || i >= len || s[i++] != '-')
        return bad(err, s, len, "the date must be YYYY-MM-DD");
    int mo = digits(s, len, &i, 2);
    if (mo < 0 || i >= len || s[i++] != '-')
        return bad(err, s, len, "the date must be YYYY-MM-DD");
    int d = digits(s, len, &i, 2);
    if (d < 0)
        return bad(err, s, len, "the date must be YYYY-MM-DD");
    if (mo < 1 || mo > 12)
        return bad(err, s, len, "month out of range 01-12");
    if (d < 1 || d > days_in_month(y, mo))
        return bad(err, s, len, "no such day in that month");
    int hh = 0, mm = 0, ss = 0;
    if (i < len && (s[i] == 'T' || s[i] == ' ')) {
        i++;
        hh = digits(s, len, &i, 2);
        if (hh < 0 || i >= len || s[i++] != ':' || (mm = digits(s, len, &i, 2)) < 0)
            return bad(err, s, len, "the time must be hh:mm or hh:mm:ss");
        if (i < len && s[i] == ':') {
            i++;
            if ((ss = digits(s, len, &i, 2)) < 0)
                return bad(err, s, len, "the seconds must be two digits");
            if (i < len && s[i] == '.') { /* fractional seconds: ignored (truncated) */
                i++;
                while (i < len && s[i] >= '0' && s[i] <= '9')
                    i++;
            }
        }
        if (hh > 23 || mm > 59 || ss > 59)
            return bad(err, s, len, "hour, minute or second out of range");
    }
    int32_t off = default_offset_s;
    if (i < len && !parse_offset_at(s, len, i, &off))
        return bad(err, s, len, "unexpected text after the date/time");
    int64_t days = je_days_from_civil(y, mo, d);
    *out_t = days * 86400 + hh * 3600 + mm * 60 + ss - off;
    return JE_OK;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t je_time_local_day(int64_t t, int32_t offset_s)
{
    return floor_div(t + offset_s, 86400);
}

void je_time_local_fields(int64_t t, int32_t offset_s, int *out_year, int *out_month, int *out_day)
{
    je_civil_from_days(je_time_local_day(t, offset_s), out_year, out_month, out_day);
}

char *je_time_format(int64_t t, int32_t offset_s, char *buf, size_t size)
{
    int64_t local = t + offset_s;
    int64_t day = floor_div(local, 86400);
    int64_t sec = local - day * 86400;
    int y, m, d;
    je_civil_from_days(day, &y, &m, &d);
    int h = (int)(sec / 3600), mi = (int)(sec / 60 % 60), s = (int)(sec % 60);
    if (offset_s == 0) {
        snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, h, mi, s);
    } else {
        int32_t a = offset_s < 0 ? -offset_s : offset_s;
        snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, m, d, h, mi, s,
                 offset_s < 0 ? '-' : '+', (int)(a / 3600), (int)(a / 60 % 60));
    }
    return buf;
}

char *je_time_format_date(int64_t t, int32_t offset_s, char *buf, size_t size)
{
    int y, m, d;
    je_time_local_fields(t, offset_s, &y, &m, &d);
    snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
    return buf;
}
