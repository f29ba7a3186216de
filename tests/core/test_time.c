/* Time: ISO 8601 parsing with offsets, formatting round trips, local days and the
 * civil calendar (proleptic Gregorian). */
#include "jointenv/core.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define H8 (8 * 3600)
#define M0530 (-(5 * 3600 + 30 * 60))

/* 2022-03-01T00:00:00Z */
#define T20220301 INT64_C(1646092800)

static int64_t parse_ok(const char *s, int32_t def)
{
    int64_t t = -12345;
    je_error e;
    je_error_clear(&e);
    je_status st = je_time_parse(s, strlen(s), def, &t, &e);
    cr_assert_eq(st, JE_OK, "'%s' rejected: %s (%s)", s, je_status_name(st), e.message);
    return t;
}

static void expect_time(const char *s, int32_t def, int64_t want)
{
    int64_t t = parse_ok(s, def);
    cr_assert_eq(t, want, "'%s' (default offset %d) = %lld, expected %lld", s, (int)def,
                 (long long)t, (long long)want);
}

static void expect_bad(const char *s)
{
    int64_t t = 777;
    je_error e;
    je_error_clear(&e);
    je_status st = je_time_parse(s, strlen(s), H8, &t, &e);
    cr_assert_neq(st, JE_OK, "'%s' accepted as %lld", s, (long long)t);
    cr_assert_eq(e.status, st, "err.status %s, returned %s", je_status_name(e.status),
                 je_status_name(st));
    cr_assert(e.message[0] != '\0', "'%s': empty message", s);
}

Test(time, date_only_is_local_midnight)
{
    expect_time("2022-03-01", H8, T20220301 - H8);
    expect_time("2022-03-01", 0, T20220301);
    expect_time("2022-03-01", M0530, T20220301 + 5 * 3600 + 1800);
    expect_time("1970-01-01", 0, 0);
    expect_time("1970-01-01", H8, -H8);
}

Test(time, date_and_time_forms)
{
    expect_time("2022-03-01T08:00", H8, T20220301);
    expect_time("2022-03-01T08:00:30", H8, T20220301 + 30);
    expect_time("2022-03-01 08:00", H8, T20220301);
    expect_time("2022-03-01 08:00:30", H8, T20220301 + 30);
    expect_time("2022-03-01T23:59:59", 0, T20220301 + 86399);
    expect_time("2022-03-01T00:00:00", 0, T20220301);
}

Test(time, explicit_offsets_override_the_default)
{
    expect_time("2022-03-01T08:00+08:00", 0, T20220301);
    expect_time("2022-03-01T08:00+08:00", M0530, T20220301);
    expect_time("2022-03-01T00:00Z", H8, T20220301);
    expect_time("2022-03-01T00:00:00Z", H8, T20220301);
    expect_time("2022-02-28T18:30-05:30", H8, T20220301);
    expect_time("2022-02-28T18:30:00-05:30", 0, T20220301);
    expect_time("2022-03-01T08:00+0800", 0, T20220301);
    expect_time("2022-03-01 08:00:00+08:00", 0, T20220301);
    expect_time("2022-03-01T08:00:00+08:00", 0, INT64_C(1646092800));
}

Test(time, len_limits_the_text)
{
    const char *s = "2022-03-01T08:00junk";
    int64_t t = 0;
    cr_assert_eq(je_time_parse(s, 16, H8, &t, NULL), JE_OK);
    cr_assert_eq(t, T20220301, "got %lld", (long long)t);
    cr_assert_neq(je_time_parse(s, strlen(s), H8, &t, NULL), JE_OK);
    cr_assert_eq(je_time_parse("2022-03-01T08:00:30", 10, 0, &t, NULL), JE_OK);
    cr_assert_eq(t, T20220301 - 0, "date part only: %lld", (long long)t);
}

Test(time, invalid_dates_and_times)
{
    static const char *const bad[] = {
        "2022-02-29",
        "2024-02-30",
        "2022-13-01",
        "2022-00-10",
        "2022-03-00",
        "2022-03-32",
        "2022-04-31",
        "2022-03-01T24:00",
        "2022-03-01T23:60",
        "2022-03-01T23:59:60",
        "2022-3-1",
        "2022-03-1",
        "22-03-01",
        "2022/03/01",
        "2022-03-01x",
        "2022-03-01T08:00x",
        "2022-03-01T08:00+08:00x",
        "2022-03-01T08:00 +08:00",
        "2022-03-01T08",
        "2022-03-01T8:00",
        "2022-03-01T08:0",
        "2022-03-01T",
        "2022-03-01T08:00+8",
        "2022-03-01T08:00+08:60",
        "2022-03-01T08:00+15:00",
        "2022-03-01T08:00Zjunk",
        "",
        "   ",
        "abc",
        "２０２２-03-01",
        "2022-03-01T08:00:3",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_bad(bad[i]);
}

Test(time, leap_years)
{
    expect_time("2024-02-29", 0, je_days_from_civil(2024, 2, 29) * 86400);
    expect_time("2000-02-29", 0, INT64_C(951782400));
    expect_bad("1900-02-29");
    expect_bad("2100-02-29");
    expect_bad("2023-02-29");
    expect_time("2023-02-28T23:59:59Z", H8, je_days_from_civil(2023, 3, 1) * 86400 - 1);
    expect_time("1900-02-28", 0, je_days_from_civil(1900, 2, 28) * 86400);
    expect_time("1900-03-01", 0, je_days_from_civil(1900, 2, 28) * 86400 + 86400);
}

Test(time, parse_offset)
{
    struct {
        const char *s;
        int32_t want;
    } ok[] = {{"+08:00", H8},
              {"-05:30", M0530},
              {"Z", 0},
              {"+0800", H8},
              {"+00:00", 0},
              {"-00:00", 0},
              {"+14:00", 14 * 3600},
              {"+05:45", 5 * 3600 + 45 * 60}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int32_t off = 99;
        je_error e;
        je_status st = je_time_parse_offset(ok[i].s, &off, &e);
        cr_assert_eq(st, JE_OK, "'%s' rejected: %s", ok[i].s, e.message);
        cr_assert_eq(off, ok[i].want, "'%s' = %d, expected %d", ok[i].s, (int)off, (int)ok[i].want);
    }
    static const char *const bad[] = {"08:00", "+8", "+08:60", "",      "+08:00 ",
                                      "UTC+8", "z+", "+15:00", "+08:0", "--08:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int32_t off = 99;
        je_error e;
        je_error_clear(&e);
        cr_assert_neq(je_time_parse_offset(bad[i], &off, &e), JE_OK, "'%s' accepted as %d", bad[i],
                      (int)off);
        cr_assert(e.message[0] != '\0');
    }
}

Test(time, format_known_values)
{
    char buf[32];
    cr_assert_str_eq(je_time_format(T20220301, H8, buf, sizeof buf), "2022-03-01T08:00:00+08:00",
                     "got %s", buf);
    cr_assert_str_eq(je_time_format(T20220301, 0, buf, sizeof buf), "2022-03-01T00:00:00Z",
                     "got %s", buf);
    cr_assert_str_eq(je_time_format(T20220301, M0530, buf, sizeof buf), "2022-02-28T18:30:00-05:30",
                     "got %s", buf);
    cr_assert_str_eq(je_time_format(-1, 0, buf, sizeof buf), "1969-12-31T23:59:59Z", "got %s", buf);
    cr_assert_str_eq(je_time_format(T20220301 - 1, H8, buf, sizeof buf),
                     "2022-03-01T07:59:59+08:00", "got %s", buf);
    char d[11];
    cr_assert_str_eq(je_time_format_date(T20220301 - 1, H8, d, sizeof d), "2022-03-01", "got %s",
                     d);
    cr_assert_str_eq(je_time_format_date(T20220301 - 1, 0, d, sizeof d), "2022-02-28", "got %s", d);
    cr_assert_str_eq(je_time_format_date(-1, 0, d, sizeof d), "1969-12-31", "got %s", d);
}

static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

Test(time, format_parse_round_trip)
{
    const int64_t lo = je_days_from_civil(1900, 1, 1) * 86400;
    const int64_t hi = je_days_from_civil(2100, 12, 31) * 86400 + 86399;
    const int32_t offsets[] = {H8, 0, M0530};
    rng_state = 0x7133DEADBEEFull;
    for (int k = 0; k < 30000; k++) {
        int64_t t = lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
        if (k < 6) /* the ends of the range */
            t = k % 2 ? hi : lo;
        int32_t off = offsets[k % 3];
        char buf[32];
        je_time_format(t, off, buf, sizeof buf);
        cr_assert_eq(strlen(buf), off == 0 ? 20u : 25u, "'%s' has length %zu", buf, strlen(buf));
        int64_t back = 0;
        je_error e;
        je_status st = je_time_parse(buf, strlen(buf), 3600, &back, &e);
        cr_assert_eq(st, JE_OK, "'%s' (t=%lld) rejected: %s", buf, (long long)t, e.message);
        cr_assert_eq(back, t, "'%s': parsed %lld, formatted from %lld", buf, (long long)back,
                     (long long)t);
        /* the date part agrees with format_date and local_fields */
        char d[11];
        je_time_format_date(t, off, d, sizeof d);
        cr_assert(strncmp(buf, d, 10) == 0, "'%s' vs date '%s'", buf, d);
        int y, m, dd;
        je_time_local_fields(t, off, &y, &m, &dd);
        char d2[11];
        snprintf(d2, sizeof d2, "%04d-%02d-%02d", y, m, dd);
        cr_assert_str_eq(d2, d, "local fields %s, date %s", d2, d);
        /* without the offset, at the same default offset */
        back = 0;
        cr_assert_eq(je_time_parse(buf, 19, off, &back, NULL), JE_OK);
        cr_assert_eq(back, t, "'%.19s' at default %d: %lld, expected %lld", buf, (int)off,
                     (long long)back, (long long)t);
    }
}

Test(time, local_day_around_midnight)
{
    int64_t day = je_days_from_civil(2022, 3, 1);
    int64_t a = parse_ok("2022-03-01T15:59:59Z", 0);
    int64_t b = parse_ok("2022-03-01T16:00:00Z", 0);
    cr_assert_eq(b - a, 1);
    cr_assert_eq(je_time_local_day(a, H8), day, "15:59:59Z at +08:00: day %lld, expected %lld",
                 (long long)je_time_local_day(a, H8), (long long)day);
    cr_assert_eq(je_time_local_day(b, H8), day + 1, "16:00:00Z at +08:00: day %lld, expected %lld",
                 (long long)je_time_local_day(b, H8), (long long)(day + 1));
    cr_assert_eq(je_time_local_day(a, 0), day);
    cr_assert_eq(je_time_local_day(b, 0), day);
    /* before 1970: floor, not truncation */
    cr_assert_eq(je_time_local_day(-1, 0), -1, "got %lld", (long long)je_time_local_day(-1, 0));
    cr_assert_eq(je_time_local_day(-86400, 0), -1);
    cr_assert_eq(je_time_local_day(-86401, 0), -2);
    cr_assert_eq(je_time_local_day(0, M0530), -1);
    cr_assert_eq(je_time_local_day(-H8, H8), 0);
    int y, m, d;
    je_time_local_fields(b, H8, &y, &m, &d);
    cr_assert(y == 2022 && m == 3 && d == 2, "got %d-%d-%d", y, m, d);
    je_time_local_fields(a, H8, &y, &m, &d);
    cr_assert(y == 2022 && m == 3 && d == 1, "got %d-%d-%d", y, m, d);
}

static int dim(int y, int m)
{
    static const int t[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : t[m - 1];
}

Test(time, civil_days_round_trip_1900_2100)
{
    cr_assert_eq(je_days_from_civil(1970, 1, 1), 0);
    cr_assert_eq(je_days_from_civil(2000, 3, 1), 11017, "got %lld",
                 (long long)je_days_from_civil(2000, 3, 1));
    cr_assert_eq(je_days_from_civil(1900, 1, 1), -25567, "got %lld",
                 (long long)je_days_from_civil(1900, 1, 1));
    cr_assert_eq(je_days_from_civil(2022, 3, 1) * 86400, T20220301);
    int64_t expect = je_days_from_civil(1900, 1, 1);
    long n = 0;
    for (int y = 1900; y <= 2100; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= dim(y, m); d++) {
                int64_t z = je_days_from_civil(y, m, d);
                if (z != expect)
                    cr_assert_fail("%04d-%02d-%02d = day %lld, expected %lld", y, m, d,
                                   (long long)z, (long long)expect);
                int yy, mm, dd;
                je_civil_from_days(z, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d)
                    cr_assert_fail("day %lld -> %04d-%02d-%02d, expected %04d-%02d-%02d",
                                   (long long)z, yy, mm, dd, y, m, d);
                expect++;
                n++;
            }
    cr_assert_eq(n, 73414, "days in 1900-2100: %ld", n);
}
