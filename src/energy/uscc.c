/*
 * uscc.c — the unified social credit code (统一社会信用代码) of GB 32100-2015
 * 《法人和其他组织统一社会信用代码编码规则》: its code set and its check character.
 *
 * The code set (GB 32100-2015 clause 4, 代码字符集): the digits and the upper-case
 * letters without I, O, S, V and Z — 31 characters valued 0 … 30 in this order. The
 * check character (clause 4, 校验码; the weights are 3^(i−1) mod 31):
 *     C18 = 31 − MOD(Σ Ci × Wi, 31), a result of 31 written as 0.
 */
#include "jointenv/enterprise.h"

#include <string.h>

static const char code_set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* GB 32100-2015 clause 4: Wi = 3^(i−1) mod 31, i = 1 … 17. */
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* The value of c in the code set, or -1. */
static int value_of(char c)
{
    if (c == '\0')
        return -1;
    const char *p = strchr(code_set, c);
    return p ? (int)(p - code_set) : -1;
}

je_status je_uscc_check_char(const char *first17, char *out, je_error *err)
{
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = value_of(first17[i]);
        if (v < 0)
            return je_error_set(err, JE_EINVAL,
                                "character %d of the code is not in the GB 32100 code set "
                                "(0-9 and A-Z without I, O, S, V, Z)",
                                i + 1);
        sum += v * weights[i];
    }
    int c = 31 - sum % 31;
    *out = code_set[c == 31 ? 0 : c];
    return JE_OK;
}

je_status je_uscc_check(const char *code, je_error *err)
{
    size_t len = strlen(code);
    if (len != JE_USCC_LEN)
        return je_error_set(err, JE_EDATA,
                            "'%s' is not a unified social credit code: %zu characters, "
                            "GB 32100-2015 has 18",
                            code, len);
    for (size_t i = 0; i < len; i++) {
        char ch = code[i];
        if (value_of(ch) < 0)
            return je_error_set(err, JE_EDATA,
                                "'%s': character %zu '%c' is not in the GB 32100-2015 code set "
                                "(0-9 and upper-case A-Z without I, O, S, V, Z)",
                                code, i + 1, (ch >= 32 && ch < 127) ? ch : '?');
        if (i >= 2 && i <= 7 && (ch < '0' || ch > '9'))
            return je_error_set(err, JE_EDATA,
                                "'%s': characters 3-8 are the registering authority's "
                                "administrative division (GB/T 2260 digits); character %zu "
                                "is '%c'",
                                code, i + 1, ch);
    }
    char want;
    je_status st = je_uscc_check_char(code, &want, err);
    if (st != JE_OK)
        return st;
    if (code[17] != want)
        return je_error_set(err, JE_EDATA,
                            "'%s': check character is '%c', expected '%c' (GB 32100-2015 "
                            "mod-31 check; a mistyped or transposed character?)",
                            code, code[17], want);
    return JE_OK;
}
