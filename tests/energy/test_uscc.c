/* The unified social credit code (GB 32100-2015): known valid codes, every single-
 * character corruption and every adjacent transposition caught by the mod-31 check
 * character, the code set, the length and the division digits. And the money parser
 * and option totals the audit options use. */
#include "jointenv/energy.h"
#include "jointenv/enterprise.h"

#include <criterion/criterion.h>
#include <string.h>

/* Codes quoted for Huawei Technologies, Tencent Technology (Shenzhen) and Alibaba
 * (China) (MEM: recalled, each passing the check, which a wrong recollection does with
 * probability 1/31), and six Xiamen enterprises' codes from a public validator's test
 * list (V1). */
static const char *const valid[] = {
    "914403001922038216", "9144030071526726XG", "91330100799655058B",
    "91350200776049653A", "91350500798359476R", "913502000728319549",
    "913502115628130384", "9135021359498494XQ", "91350213678251743X"};
enum { NVALID = sizeof valid / sizeof valid[0] };

static const char code_set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

Test(uscc, known_codes_are_valid)
{
    for (int i = 0; i < NVALID; i++) {
        je_error e;
        je_error_clear(&e);
        cr_expect_eq(je_uscc_check(valid[i], &e), JE_OK, "%s: %s", valid[i], e.message);
        char c;
        cr_assert_eq(je_uscc_check_char(valid[i], &c, NULL), JE_OK);
        cr_expect_eq(c, valid[i][17], "%s: check %c, computed %c", valid[i], valid[i][17], c);
    }
}

/* A check result of 31 is written 0 (GB 32100-2015): 913502000728319549's sum gives
 * 9; build a code whose check is 0 by searching the last body character. */
Test(uscc, check_character_zero_and_thirty)
{
    char code[19] = "91350200077604965";
    int seen0 = 0, seenY = 0;
    for (const char *p = code_set; *p; p++) {
        code[16] = *p;
        char c;
        cr_assert_eq(je_uscc_check_char(code, &c, NULL), JE_OK);
        code[17] = c;
        code[18] = '\0';
        cr_expect_eq(je_uscc_check(code, NULL), JE_OK, "%s", code);
        seen0 |= c == '0';
        seenY |= c == 'Y';
    }
    /* 31 values of the 17th character (weight 28, a unit mod 31) give all 31 checks */
    cr_expect(seen0 && seenY);
}

Test(uscc, every_single_substitution_is_caught)
{
    for (int i = 0; i < NVALID; i++)
        for (int pos = 0; pos < 18; pos++)
            for (const char *p = code_set; *p; p++) {
                if (*p == valid[i][pos] || (pos >= 2 && pos <= 7 && (*p < '0' || *p > '9')))
                    continue;
                char bad[19];
                memcpy(bad, valid[i], 19);
                bad[pos] = *p;
                je_error e;
                cr_assert_eq(je_uscc_check(bad, &e), JE_EDATA, "%s (from %s) passed", bad,
                             valid[i]);
                cr_assert(strstr(e.message, "check character") != NULL, "%s", e.message);
            }
}

Test(uscc, adjacent_transpositions_are_caught)
{
    for (int i = 0; i < NVALID; i++)
        for (int pos = 0; pos < 17; pos++) {
            char bad[19];
            memcpy(bad, valid[i], 19);
            if (bad[pos] == bad[pos + 1])
                continue;
            char t = bad[pos];
            bad[pos] = bad[pos + 1];
            bad[pos + 1] = t;
            cr_expect_neq(je_uscc_check(bad, NULL), JE_OK, "%s (from %s) passed", bad, valid[i]);
        }
}

Test(uscc, malformed_codes_name_the_problem)
{
    static const struct {
        const char *code, *msg;
    } cases[] = {
        {"", "0 characters"},
        {"91440300192203821", "17 characters"},
        {"9144030019220382166", "19 characters"},
        {"914403001922038216 ", "19 characters"},
        {"914403001922038I16", "character 16 'I'"}, /* I, O, S, V, Z are not used */
        {"914403001922038O16", "character 16 'O'"},
        {"91440300192203821s", "character 18 's'"}, /* lower case is not the code */
        {"9144A3001922038216", "characters 3-8"},   /* the division is digits */
        {"91440300192203821Z", "character 18 'Z'"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        je_error e;
        je_error_clear(&e);
        cr_expect_eq(je_uscc_check(cases[k].code, &e), JE_EDATA, "'%s' passed", cases[k].code);
        cr_expect(strstr(e.message, cases[k].msg) != NULL, "'%s': %s (expected '%s')",
                  cases[k].code, e.message, cases[k].msg);
    }
}

Test(money, yuan_to_fen_exactly)
{
    static const struct {
        const char *text;
        long long fen;
    } ok[] = {{"0", 0},
              {"1", 100},
              {"1.5", 150},
              {"1.05", 105},
              {"1234.56", 123456},
              {"0.01", 1},
              {"2730811.45", 273081145},
              {"90071992547409.93", 9007199254740993LL}};
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        int64_t fen = -1;
        cr_expect_eq(je_yuan_parse_fen(ok[k].text, &fen, NULL), JE_OK, "%s", ok[k].text);
        cr_expect_eq(fen, ok[k].fen, "%s: %lld fen, expected %lld", ok[k].text, (long long)fen,
                     ok[k].fen);
    }
    static const char *const bad[] = {"",    "-1",    "+1",  "1.",  ".5",  "1.234",
                                      "1e3", "1,000", "12 ", " 12", "abc", "99999999999999999999"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        int64_t fen;
        cr_expect_eq(je_yuan_parse_fen(bad[k], &fen, NULL), JE_EDATA, "'%s' accepted", bad[k]);
    }
}

Test(options, totals_proposed_and_realised)
{
    je_cp_option o[4];
    memset(o, 0, sizeof o);
    const je_cp_option_status st[4] = {JE_CP_OPT_PROPOSED, JE_CP_OPT_IMPLEMENTED,
                                       JE_CP_OPT_VERIFIED, JE_CP_OPT_DROPPED};
    for (int k = 0; k < 4; k++) {
        o[k].status = st[k];
        o[k].investment_fen = 100 * (k + 1);
        o[k].savings_tce = 10.0 * (k + 1);
        o[k].reduction_t[2] = 1.0 * (k + 1); /* so2 */
        o[k].cost_class = k == 2 ? JE_CP_MEDIUM_HIGH_COST : JE_CP_NO_LOW_COST;
    }
    je_cp_option_totals t;
    memset(&t, 0, sizeof t);
    for (int k = 0; k < 4; k++)
        je_cp_option_add(&t, &o[k]);
    cr_expect_eq(t.n, 4);
    cr_expect_eq(t.n_dropped, 1);
    cr_expect_eq(t.n_realised, 2);
    cr_expect_eq(t.n_class[0], 2);
    cr_expect_eq(t.n_class[1], 1);
    /* proposed: every option not dropped (1, 2, 3); realised: implemented and verified */
    cr_expect_eq(t.investment_fen[0], 600);
    cr_expect_eq(t.investment_fen[1], 500);
    cr_expect_float_eq(t.tce[0], 60.0, 1e-12);
    cr_expect_float_eq(t.tce[1], 50.0, 1e-12);
    cr_expect_float_eq(t.reduction_t[0][2], 6.0, 1e-12);
    cr_expect_float_eq(t.reduction_t[1][2], 5.0, 1e-12);
    cr_expect(!je_cp_option_realised(JE_CP_OPT_APPROVED));
    cr_expect_str_eq(je_cp_pollutant_name(2), "so2");
}
