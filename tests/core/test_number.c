/* Numbers (strict, correctly rounded decimal parsing; significant-digit rounding), the
 * string map, and SHA-256. */
#include "support/support.h"

#include "jointenv/core.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(number, .fini = cleanup);
TestSuite(strmap);
TestSuite(sha256, .fini = cleanup);

static uint64_t bits(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static double parse_ok(const char *s)
{
    double v = -999;
    je_status st = je_parse_double(s, strlen(s), &v);
    cr_assert_eq(st, JE_OK, "'%s' rejected: %s", s, je_status_name(st));
    return v;
}

static void expect_value(const char *s, double want)
{
    double v = parse_ok(s);
    cr_assert_eq(bits(v), bits(want), "'%s' = %.17g (0x%016llx), expected %.17g (0x%016llx)", s, v,
                 (unsigned long long)bits(v), want, (unsigned long long)bits(want));
}

Test(number, exact_literals)
{
    expect_value("0.15", 0.15);
    expect_value("0.1", 0.1);
    expect_value("0.3", 0.3);
    expect_value("1.5", 1.5);
    expect_value("150", 150.0);
    expect_value("0.05", 0.05);
    expect_value("7.65", 7.65);
    expect_value("123456789012345", 123456789012345.0);
    expect_value("1234567.89012345", 1234567.89012345);
    expect_value("0.000000000000000000001", 1e-21);
    expect_value("9007199254740993", 9007199254740992.0); /* 2^53 + 1 rounds to even */
    expect_value("2.2250738585072014e-308", 2.2250738585072014e-308);
    expect_value("1.7976931348623157e308", 1.7976931348623157e308);
    expect_value("0", 0.0);
    expect_value("-0", -0.0);
    expect_value("-0.0", -0.0);
}

Test(number, accepted_forms)
{
    expect_value(" 1.5 ", 1.5);
    expect_value("   1.5", 1.5);
    expect_value("-0.5", -0.5);
    expect_value("+2", 2.0);
    expect_value("1e-3", 1e-3);
    expect_value("1E3", 1000.0);
    expect_value("2.5e+2", 250.0);
    expect_value(".5", 0.5);
    expect_value("5.", 5.0);
    expect_value("-.25", -0.25);
    expect_value("007", 7.0);
    /* len limits the text */
    double v = 0;
    cr_assert_eq(je_parse_double("1.5abc", 3, &v), JE_OK);
    cr_assert_eq(v, 1.5, "got %g", v);
    cr_assert_eq(je_parse_double("12345", 2, &v), JE_OK);
    cr_assert_eq(v, 12.0, "got %g", v);
}

Test(number, rejected_forms)
{
    static const char *const bad[] = {
        "",    " ",     "nan",  "NaN", "inf", "-inf", "Infinity", "0x10",  "0x1p3", "1,5",  "1.2.3",
        "--1", "+-1",   "1e",   "1e+", "e5",  "abc",  "+",        "-",     ".",     "1.5x", "x1.5",
        "1 2", "1e5.5", "1..2", "5-",  "1e-", "½",    "１",       "1_000", "0.1.",  "\t",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v = 12345.0;
        je_status st = je_parse_double(bad[i], strlen(bad[i]), &v);
        cr_assert_neq(st, JE_OK, "'%s' accepted as %.17g", bad[i], v);
    }
}

static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

/* A random decimal: optional sign, up to 17 significant digits with the point
 * anywhere, sometimes leading zeros, sometimes an exponent. */
static void random_decimal(char *s, size_t size)
{
    size_t n = 0;
    uint64_t r = rng();
    if (r % 4 == 1)
        s[n++] = '-';
    else if (r % 8 == 2)
        s[n++] = '+';
    int nd = 1 + (int)(rng() % 17);
    int point = (int)(rng() % (uint64_t)(nd + 2)); /* nd + 1: no point */
    if (rng() % 5 == 0) {                          /* leading zeros: 0.000ddd */
        s[n++] = '0';
        s[n++] = '.';
        int z = (int)(rng() % 8);
        for (int k = 0; k < z; k++)
            s[n++] = '0';
        point = nd + 1;
    }
    for (int k = 0; k < nd; k++) {
        if (k == point)
            s[n++] = '.';
        s[n++] = (char)('0' + (k == 0 && nd > 1 ? 1 + rng() % 9 : rng() % 10));
    }
    if (point == nd)
        s[n++] = '.';
    if (rng() % 3 == 0)
        n += (size_t)snprintf(s + n, size - n, "%c%s%d", rng() % 2 ? 'e' : 'E',
                              rng() % 2 ? "-" : (rng() % 2 ? "+" : ""), (int)(rng() % 281));
    s[n] = '\0';
}

Test(number, agrees_with_strtod_bit_for_bit)
{
    rng_state = 0xC0FFEE1234567ull;
    size_t checked = 0;
    for (int k = 0; k < 200000; k++) {
        char s[80];
        random_decimal(s, sizeof s);
        errno = 0;
        char *end;
        double want = strtod(s, &end);
        cr_assert(*end == '\0' && errno == 0, "generator made '%s'", s);
        double got = -999;
        je_status st = je_parse_double(s, strlen(s), &got);
        cr_assert_eq(st, JE_OK, "'%s' rejected: %s", s, je_status_name(st));
        if (bits(got) != bits(want))
            cr_assert_fail("'%s': je_parse_double %.17g (0x%016llx), strtod %.17g (0x%016llx)", s,
                           got, (unsigned long long)bits(got), want,
                           (unsigned long long)bits(want));
        checked++;
    }
    cr_assert_eq(checked, 200000);
}

Test(number, round_sig)
{
    double x = 0.1 + 0.2;
    cr_assert_neq(x, 0.3); /* the binary noise this removes */
    double r = je_round_sig(x, 12);
    cr_assert_eq(r, 0.3, "round_sig(0.1+0.2, 12) = %.17g, expected 0.3", r);
    cr_assert_eq(je_round_sig(123456.789, 3), 123000.0, "got %.17g", je_round_sig(123456.789, 3));
    cr_assert_eq(je_round_sig(-0.000123456, 2), -0.00012, "got %.17g",
                 je_round_sig(-0.000123456, 2));
    cr_assert_eq(je_round_sig(0.15, 12), 0.15);
    cr_assert_eq(je_round_sig(1.0 / 3.0, 12), 0.333333333333, "got %.17g",
                 je_round_sig(1.0 / 3.0, 12));
    cr_assert_eq(je_round_sig(0.0, 12), 0.0);
    cr_assert(isnan(je_round_sig(NAN, 12)), "NAN did not stay NAN");
    cr_assert(isinf(je_round_sig(INFINITY, 12)));
    /* a mean that lands just above a limit by binary noise comes back to it */
    double mean = (0.5 + 0.5 + 0.5 + 0.5 + 0.5 + 0.5 + 0.5) / 7.0 * 1.0000000000000002;
    cr_assert_eq(je_round_sig(mean, 12), 0.5, "got %.17g", je_round_sig(mean, 12));
}

/* ---- string map ---------------------------------------------------------------- */

Test(strmap, put_get_overwrite)
{
    je_strmap *m;
    cr_assert_eq(je_strmap_new(4, &m), JE_OK);
    cr_assert_eq(je_strmap_count(m), 0);
    int64_t v = -1;
    cr_assert_eq(je_strmap_get(m, "a", 1, &v), 0);
    cr_assert_eq(je_strmap_put(m, "a", 1), JE_OK);
    cr_assert_eq(je_strmap_put(m, "b", 2), JE_OK);
    cr_assert_eq(je_strmap_put(m, "", 3), JE_OK);
    cr_assert_eq(je_strmap_put(m, "断面", 4), JE_OK);
    cr_assert_eq(je_strmap_count(m), 4, "count %zu", je_strmap_count(m));
    cr_assert_eq(je_strmap_get(m, "a", 1, &v), 1);
    cr_assert_eq(v, 1, "a = %lld", (long long)v);
    cr_assert_eq(je_strmap_get(m, "", 0, &v), 1);
    cr_assert_eq(v, 3, "'' = %lld", (long long)v);
    cr_assert_eq(je_strmap_get(m, "断面", strlen("断面"), &v), 1);
    cr_assert_eq(v, 4);
    /* len: only the first len bytes are the key */
    cr_assert_eq(je_strmap_get(m, "bxyz", 1, &v), 1);
    cr_assert_eq(v, 2, "b = %lld", (long long)v);
    cr_assert_eq(je_strmap_get(m, "ab", 2, &v), 0);
    cr_assert_eq(je_strmap_get(m, "A", 1, &v), 0, "keys are case-sensitive");
    cr_assert_eq(je_strmap_get(m, "a", 1, NULL), 1);
    /* overwrite keeps the count */
    cr_assert_eq(je_strmap_put(m, "a", 100), JE_OK);
    cr_assert_eq(je_strmap_count(m), 4, "count %zu after overwrite", je_strmap_count(m));
    cr_assert_eq(je_strmap_get(m, "a", 1, &v), 1);
    cr_assert_eq(v, 100, "a = %lld after overwrite", (long long)v);
    /* keys are copied */
    char key[8] = "tmp";
    cr_assert_eq(je_strmap_put(m, key, 7), JE_OK);
    strcpy(key, "zzz");
    cr_assert_eq(je_strmap_get(m, "tmp", 3, &v), 1);
    cr_assert_eq(v, 7);
    cr_assert_eq(je_strmap_get(m, "zzz", 3, &v), 0);
    je_strmap_free(m);
    je_strmap_free(NULL);
}

Test(strmap, grows_to_100k_keys)
{
    je_strmap *m;
    cr_assert_eq(je_strmap_new(0, &m), JE_OK);
    enum { N = 100000 };
    char key[32];
    for (int i = 0; i < N; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        cr_assert_eq(je_strmap_put(m, key, (int64_t)i * 3), JE_OK);
    }
    cr_assert_eq(je_strmap_count(m), N, "count %zu", je_strmap_count(m));
    for (int i = 0; i < N; i += 2) {
        snprintf(key, sizeof key, "key-%d", i);
        cr_assert_eq(je_strmap_put(m, key, -(int64_t)i), JE_OK);
    }
    cr_assert_eq(je_strmap_count(m), N, "count %zu after overwrites", je_strmap_count(m));
    for (int i = 0; i < N; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        int64_t v = 0;
        if (!je_strmap_get(m, key, strlen(key), &v))
            cr_assert_fail("%s missing", key);
        int64_t want = i % 2 ? (int64_t)i * 3 : -(int64_t)i;
        if (v != want)
            cr_assert_fail("%s = %lld, expected %lld", key, (long long)v, (long long)want);
    }
    for (int i = N; i < N + 1000; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        if (je_strmap_get(m, key, strlen(key), NULL))
            cr_assert_fail("%s found but never put", key);
    }
    je_strmap_free(m);
}

/* ---- SHA-256 ------------------------------------------------------------------- */

static void sha_of(const void *p, size_t n, char hex[65])
{
    je_sha256 h;
    cr_assert_eq(je_sha256_init(&h), JE_OK);
    je_sha256_update(&h, p, n);
    je_sha256_final_hex(&h, hex);
}

Test(sha256, known_vectors)
{
    char hex[65];
    sha_of("abc", 3, hex);
    cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                     "sha256(abc) = %s", hex);
    sha_of("", 0, hex);
    cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                     "sha256('') = %s", hex);
    const char *s = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha_of(s, strlen(s), hex);
    cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                     "sha256(448-bit vector) = %s", hex);
}

Test(sha256, incremental_equals_one_shot_and_file)
{
    size_t n = 200000;
    unsigned char *buf = malloc(n);
    cr_assert_not_null(buf);
    for (size_t i = 0; i < n; i++)
        buf[i] = (unsigned char)(i * 31 + i / 7);
    char one[65], inc[65], file[65];
    sha_of(buf, n, one);
    je_sha256 h;
    cr_assert_eq(je_sha256_init(&h), JE_OK);
    for (size_t i = 0; i < n;) {
        size_t k = (i * 13 + 1) % 4099 + 1;
        if (k > n - i)
            k = n - i;
        je_sha256_update(&h, buf + i, k);
        i += k;
    }
    je_sha256_final_hex(&h, inc);
    cr_assert_str_eq(inc, one, "incremental %s, one shot %s", inc, one);
    const char *p = t_path("hash.bin");
    t_write_bytes(p, buf, n);
    je_error e;
    cr_assert_eq(je_sha256_file(p, file, &e), JE_OK, "%s", e.message);
    cr_assert_str_eq(file, one, "file %s, memory %s", file, one);
    t_write_bytes(p, "abc", 3);
    cr_assert_eq(je_sha256_file(p, file, &e), JE_OK);
    cr_assert_str_eq(file, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    je_error_clear(&e);
    cr_assert_eq(je_sha256_file(t_path("missing.bin"), file, &e), JE_EIO);
    cr_assert_eq(e.status, JE_EIO);
    free(buf);
}
