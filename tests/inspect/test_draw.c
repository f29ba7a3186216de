/* The double-random draw (pure engine): reproducible from the seed (and pinned, so a
 * change of the random streams is caught), every team rule and the stratification
 * checked over 200 seeds against an independent allocation, the Efraimidis-Spirakis
 * weighting checked by its exact selection probability, exclusions, and the refusals
 * that name the rule and the numbers. */
#include "jointenv/inspect.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A registry: 2 sides x 3 rivers, strata of unequal sizes (7, 5, 3 / 6, 4, 2 = 27
 * outfalls), districts cycling through 3 per side. */
#define NO 27
#define NI 14
/* see pinned_list_for_a_known_seed */
#define PINNED_LIST                                                                                \
    "1,CQ-R01-04,500000/R01,CQ-I06;SC-I00\n"                                                       \
    "2,CQ-R02-02,500000/R02,CQ-I02;SC-I01\n"                                                       \
    "3,SC-R01-01,510000/R01,CQ-I03;SC-I02\n"                                                       \
    "4,SC-R02-01,510000/R02,CQ-I01;SC-I03\n"
static je_outfall outf[NO];
static je_inspector insp[NI];

static void registry(void)
{
    static const struct {
        const char *j, *river;
        int n;
    } strata[] = {{"510000", "R01", 7}, {"510000", "R02", 5}, {"510000", "R03", 3},
                  {"500000", "R01", 6}, {"500000", "R02", 4}, {"500000", "R05", 2}};
    static const char *const dist[2][3] = {{"510502", "510521", "510522"},
                                           {"500116", "500118", "500153"}};
    memset(outf, 0, sizeof outf);
    int k = 0;
    for (size_t s = 0; s < 6; s++)
        for (int i = 0; i < strata[s].n; i++, k++) {
            je_outfall *o = &outf[k];
            int side = strcmp(strata[s].j, "510000") == 0 ? 0 : 1;
            snprintf(o->code, sizeof o->code, "%s-%s-%02d", side ? "CQ" : "SC", strata[s].river, i);
            snprintf(o->jurisdiction, sizeof o->jurisdiction, "%s", strata[s].j);
            snprintf(o->river, sizeof o->river, "%s", strata[s].river);
            snprintf(o->district, sizeof o->district, "%s", dist[side][i % 3]);
            o->risk = (double)((k * 37) % 101);
            o->active = 1;
            o->last_inspected_day = -1;
        }
    /* 7 inspectors a side, homes in the same districts (and one elsewhere) */
    memset(insp, 0, sizeof insp);
    for (int i = 0; i < NI; i++) {
        int side = i < 7 ? 0 : 1;
        snprintf(insp[i].code, sizeof insp[i].code, "%s-I%02d", side ? "CQ" : "SC", i % 7);
        snprintf(insp[i].jurisdiction, sizeof insp[i].jurisdiction, "%s",
                 side ? "500000" : "510000");
        snprintf(insp[i].district, sizeof insp[i].district, "%s",
                 i % 7 == 6 ? (side ? "500101" : "511302") : dist[side][i % 3]);
        insp[i].active = 1;
    }
}

static je_draw_params params(const char *seed, int count)
{
    je_draw_params p;
    memset(&p, 0, sizeof p);
    p.count = count;
    p.day = 19500;
    p.team_size = 2;
    p.by_river = 1;
    snprintf(p.seed, sizeof p.seed, "%s", seed);
    return p;
}

static char *draw_text(const je_draw_params *p, je_draw_result *r)
{
    je_error e;
    je_status st = je_inspect_draw(outf, NO, insp, NI, p, r, &e);
    cr_assert_eq(st, JE_OK, "draw '%s': %s", p->seed, e.message);
    char *t = je_draw_list_text(r, outf, insp);
    cr_assert_not_null(t);
    return t;
}

Test(draw, same_seed_same_list_and_hash_different_seed_different_list)
{
    registry();
    je_draw_params p = params("2023-05 joint draw", 8);
    je_draw_result a, b, c;
    char *ta = draw_text(&p, &a), *tb = draw_text(&p, &b);
    cr_expect_str_eq(ta, tb);
    cr_expect_str_eq(a.list_hash, b.list_hash);
    je_draw_params q = params("2023-05 joint draw.", 8);
    char *tc = draw_text(&q, &c);
    cr_expect_str_neq(ta, tc, "one character of seed changes the draw");
    cr_expect_str_neq(a.list_hash, c.list_hash);
    free(ta);
    free(tb);
    free(tc);
    je_draw_result_free(&a);
    je_draw_result_free(&b);
    je_draw_result_free(&c);
}

/* The streams pinned: ChaCha20 (randombytes_buf_deterministic) keyed by BLAKE2b-256 of
 * the seed is the same on every machine, so this list is what any build must draw. If
 * this fails, draws recorded earlier can no longer be reproduced from their seeds.
 * (scripts/inspect_draw_reference.py, written from inspect.h in Python, reproduces
 * demo draws byte for byte: docs/inspect.md.) */
Test(draw, pinned_list_for_a_known_seed)
{
    registry();
    je_draw_params p = params("pin", 4);
    je_draw_result r;
    char *t = draw_text(&p, &r);
    cr_expect_str_eq(t, PINNED_LIST, "got:\n%s", t);
    free(t);
    je_draw_result_free(&r);
}

/* Largest remainder, written out independently: quotas count*N_h/N as exact
 * fractions; each stratum gets floor or floor + 1, and the strata that get the extra
 * are those with the largest remainders (ties to the larger, then the earlier). */
static void expected_alloc(int count, const int *n, int ns, int *out)
{
    int N = 0, given = 0;
    for (int h = 0; h < ns; h++)
        N += n[h];
    long rem[16];
    for (int h = 0; h < ns; h++) {
        out[h] = count * n[h] / N;
        rem[h] = (long)count * n[h] - (long)out[h] * N;
        given += out[h];
    }
    for (; given < count; given++) {
        int best = -1;
        for (int h = 0; h < ns; h++)
            if (rem[h] > 0 &&
                (best < 0 || rem[h] > rem[best] || (rem[h] == rem[best] && n[h] > n[best])))
                best = h;
        out[best]++;
        rem[best] = 0;
    }
}

static int side_of(const char *j)
{
    return strcmp(j, "510000") == 0 ? 0 : 1;
}

Test(draw, every_rule_over_200_seeds)
{
    registry();
    /* strata sorted by name: 500000/R01, 500000/R02, 500000/R05, 510000/R01, ... */
    static const int sizes[6] = {6, 4, 2, 7, 5, 3};
    static const char *const names[6] = {"500000/R01", "500000/R02", "500000/R05",
                                         "510000/R01", "510000/R02", "510000/R03"};
    for (int seed = 0; seed < 200; seed++) {
        char s[32];
        snprintf(s, sizeof s, "seed-%d", seed);
        int count = 1 + seed % 7; /* 1..7 targets: 7 x 2 = 14 = the whole pool */
        je_draw_params p = params(s, count);
        je_draw_result r;
        je_error e;
        cr_assert_eq(je_inspect_draw(outf, NO, insp, NI, &p, &r, &e), JE_OK, "%s: %s", s,
                     e.message);
        cr_assert_eq(r.n_targets, (size_t)count);
        int want[6];
        expected_alloc(count, sizes, 6, want);
        cr_assert_eq(r.n_strata, 6);
        int used[NI] = {0};
        char seen[NO] = {0};
        for (int h = 0; h < 6; h++) {
            cr_assert_str_eq(r.strata[h].stratum, names[h]);
            cr_assert_eq(r.strata[h].eligible, sizes[h]);
            cr_assert_eq(r.strata[h].drawn, want[h], "%s: stratum %s drew %d, quota %d", s,
                         names[h], r.strata[h].drawn, want[h]);
        }
        for (size_t t = 0; t < r.n_targets; t++) {
            const je_draw_target *tg = &r.targets[t];
            const je_outfall *o = &outf[tg->outfall];
            cr_assert_eq(tg->rank, (int)t + 1);
            cr_assert_eq(seen[tg->outfall], 0, "%s: outfall %s drawn twice", s, o->code);
            seen[tg->outfall] = 1;
            char st[48];
            snprintf(st, sizeof st, "%s/%s", o->jurisdiction, o->river);
            cr_assert_str_eq(tg->stratum, st, "%s: %s listed in the wrong stratum", s, o->code);
            cr_assert_eq(tg->team_n, 2, "%s: team size", s);
            int per_side[2] = {0, 0};
            for (int k = 0; k < tg->team_n; k++) {
                const je_inspector *x = &insp[tg->team[k]];
                per_side[side_of(x->jurisdiction)]++;
                cr_assert_str_neq(x->district, o->district,
                                  "%s: inspector %s sent to outfall %s in their home district %s",
                                  s, x->code, o->code, x->district);
                used[tg->team[k]]++;
            }
            cr_assert(per_side[0] >= 1 && per_side[1] >= 1,
                      "%s: team of %s lacks a side (%d SC, %d CQ)", s, o->code, per_side[0],
                      per_side[1]);
        }
        for (int i = 0; i < NI; i++)
            cr_assert_leq(used[i], 1,
                          "%s: inspector %s in %d teams though the pool of %d is "
                          "enough for %d targets",
                          s, insp[i].code, used[i], NI, count);
        cr_assert_str_eq(r.warnings, "", "%s: %s", s, r.warnings);
        je_draw_result_free(&r);
    }
}

/* With one draw from a stratum of two, Efraimidis-Spirakis picks A with probability
 * w_A / (w_A + w_B) exactly. w = 1 + risk: risk 2 vs 0 gives 3/4. (Keys u*w instead
 * of u^(1/w) would give 5/6; a uniform draw 1/2.) 4000 seeds: sd 0.007. */
Test(draw, risk_weighting_has_the_exact_probability)
{
    je_outfall o[2];
    memset(o, 0, sizeof o);
    for (int i = 0; i < 2; i++) {
        snprintf(o[i].code, sizeof o[i].code, "O%d", i);
        snprintf(o[i].jurisdiction, sizeof o[i].jurisdiction, "510000");
        snprintf(o[i].district, sizeof o[i].district, "510502");
        o[i].active = 1;
        o[i].last_inspected_day = -1;
    }
    o[0].risk = 2;
    o[1].risk = 0;
    je_inspector x[2];
    memset(x, 0, sizeof x);
    snprintf(x[0].code, 32, "SC-1");
    snprintf(x[0].jurisdiction, 16, "510000");
    snprintf(x[0].district, 16, "510521");
    x[1] = x[0];
    snprintf(x[1].code, 32, "CQ-1");
    snprintf(x[1].jurisdiction, 16, "500000");
    x[0].active = x[1].active = 1;
    int a = 0, n = 4000;
    for (int s = 0; s < n; s++) {
        je_draw_params p = params("", 1);
        snprintf(p.seed, sizeof p.seed, "w%d", s);
        je_draw_result r;
        cr_assert_eq(je_inspect_draw(o, 2, x, 2, &p, &r, NULL), JE_OK);
        a += r.targets[0].outfall == 0;
        je_draw_result_free(&r);
    }
    double share = (double)a / n;
    cr_expect(fabs(share - 0.75) < 0.03, "risk 2 vs 0 drawn %.4f of the time, expected 0.75",
              share);
}

Test(draw, recently_inspected_and_inactive_are_never_drawn)
{
    registry();
    outf[0].last_inspected_day = 19500 - 10; /* within 30 days: excluded */
    outf[1].last_inspected_day = 19500 - 30; /* exactly 30 days ago: eligible again */
    outf[2].active = 0;
    insp[0].active = 0;
    for (int seed = 0; seed < 100; seed++) {
        char s[16];
        snprintf(s, sizeof s, "x%d", seed);
        je_draw_params p = params(s, 6);
        p.exclude_days = 30;
        je_draw_result r;
        je_error e;
        cr_assert_eq(je_inspect_draw(outf, NO, insp, NI, &p, &r, &e), JE_OK, "%s", e.message);
        cr_assert_eq(r.excluded_recent, 1);
        cr_assert_eq(r.eligible, NO - 2);
        for (size_t t = 0; t < r.n_targets; t++) {
            cr_assert_neq(r.targets[t].outfall, 0, "recently inspected outfall drawn");
            cr_assert_neq(r.targets[t].outfall, 2, "inactive outfall drawn");
            for (int k = 0; k < r.targets[t].team_n; k++)
                cr_assert_neq(r.targets[t].team[k], 0, "inactive inspector drawn");
        }
        je_draw_result_free(&r);
    }
}

Test(draw, refusals_name_the_rule_and_the_numbers)
{
    registry();
    je_draw_params p = params("r", NO + 1);
    je_draw_result r;
    je_error e;
    cr_assert_eq(je_inspect_draw(outf, NO, insp, NI, &p, &r, &e), JE_ECONFLICT);
    cr_expect(strstr(e.message, "cannot draw 28 targets: 27 outfall(s) are eligible"), "%s",
              e.message);
    p = params("r", 1);
    p.team_size = 1;
    cr_assert_eq(je_inspect_draw(outf, NO, insp, NI, &p, &r, &e), JE_EINVAL);
    cr_expect(strstr(e.message, "at least one inspector from each side"), "%s", e.message);
    /* every Chongqing inspector lives in 500116: a draw restricted to 500116 outfalls
       cannot find a Chongqing inspector for them */
    for (int i = 7; i < NI; i++)
        snprintf(insp[i].district, sizeof insp[i].district, "500116");
    p = params("r", 2);
    snprintf(p.jurisdiction, sizeof p.jurisdiction, "500000");
    for (int k = 0; k < NO; k++)
        outf[k].active = strcmp(outf[k].district, "500116") == 0;
    cr_assert_eq(je_inspect_draw(outf, NO, insp, NI, &p, &r, &e), JE_ECONFLICT);
    cr_expect(strstr(e.message, "side 500000 has 0 active inspector(s) from other districts"), "%s",
              e.message);
}

Test(draw, a_pool_too_small_reuses_and_says_so)
{
    registry();
    /* 10 targets x 2 = 20 places for 14 inspectors */
    je_draw_params p = params("small", 10);
    je_draw_result r;
    je_error e;
    cr_assert_eq(je_inspect_draw(outf, NO, insp, NI, &p, &r, &e), JE_OK, "%s", e.message);
    cr_expect(strstr(r.warnings, "pool too small"), "warnings: '%s'", r.warnings);
    for (size_t t = 0; t < r.n_targets; t++) {
        int sides[2] = {0, 0};
        for (int k = 0; k < r.targets[t].team_n; k++)
            sides[side_of(insp[r.targets[t].team[k]].jurisdiction)]++;
        cr_expect(sides[0] && sides[1], "still one from each side");
    }
    je_draw_result_free(&r);
}

/* Teams of three over 200 seeds: the size, one of each side, nobody on their home
 * district, nobody twice in a team; a reuse across teams only with a warning naming
 * that inspector. */
Test(draw, teams_of_three_over_200_seeds)
{
    registry();
    for (int seed = 0; seed < 200; seed++) {
        char s[32];
        snprintf(s, sizeof s, "three-%d", seed);
        je_draw_params p = params(s, 1 + seed % 6);
        p.team_size = 3;
        je_draw_result r;
        je_error e;
        cr_assert_eq(je_inspect_draw(outf, NO, insp, NI, &p, &r, &e), JE_OK, "%s: %s", s,
                     e.message);
        int used[NI] = {0};
        for (size_t t = 0; t < r.n_targets; t++) {
            const je_draw_target *tg = &r.targets[t];
            const je_outfall *o = &outf[tg->outfall];
            cr_assert_eq(tg->team_n, 3);
            int sides[2] = {0, 0};
            for (int k = 0; k < 3; k++) {
                const je_inspector *x = &insp[tg->team[k]];
                sides[side_of(x->jurisdiction)]++;
                cr_assert_str_neq(x->district, o->district, "%s: %s on their own district", s,
                                  x->code);
                for (int m = 0; m < k; m++)
                    cr_assert_neq(tg->team[m], tg->team[k], "%s: %s twice in one team", s, x->code);
                used[tg->team[k]]++;
            }
            cr_assert(sides[0] >= 1 && sides[1] >= 1, "%s: a side missing", s);
        }
        for (int i = 0; i < NI; i++)
            if (used[i] > 1) {
                char needle[96];
                snprintf(needle, sizeof needle, "inspector %.31s is in more than one team",
                         insp[i].code);
                cr_assert(strstr(r.warnings, needle) != NULL, "%s: %s reused without a warning", s,
                          insp[i].code);
            }
        je_draw_result_free(&r);
    }
}
