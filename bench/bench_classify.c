/*
 * bench_classify.c — throughput of je_gb3838_classify (see docs/BENCHMARKS.md).
 *
 *   bench_classify [--n N] [--seed X] [--repeat R]
 *
 * Generates N samples in memory (default 10,000,000), each with the 9 routine items
 * set (pH, DO, CODMn, COD, BOD5, NH3-N, TP, TN, fecal coliform) and the 14 others NAN,
 * 10 % of them lake/reservoir samples (own TP limits). Each sample gets a level (I 6 %,
 * II 42 %, III 32 %, IV 12 %, V 5 %, 劣V 3 %) and each item is drawn uniformly inside the
 * band of a class at that level or up to two classes better, which gives a sample class
 * mix of about I 11 %, II 38 %, III 31 %, IV 12 %, V 5 %, 劣V 3 %.
 *
 * The data come from a counter-based generator, so bench/classify_numpy.py (the peer)
 * builds bit-identical data without a file: draw k of sample i is the splitmix64
 * finalizer of seed + (32·i + k + 1)·0x9E3779B97F4A7C15, and every value is
 * hi − u·(hi − lo), the same IEEE operations in both programs. data_xor (the XOR of the
 * bit patterns of all values) proves the data equal; checksum (sum of sample classes),
 * item_checksum (sum of the 9 item classes) and hist (samples per class 0..6) prove the
 * classification equal.
 *
 * Timed: R passes (default 3) of je_gb3838_classify over all N samples, single thread;
 * the best pass is reported. Output: key=value lines.
 */
#include "jointenv/water.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define GOLDEN 0x9E3779B97F4A7C15ull

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* draw k of sample i, uniform in [0, 1) */
static double draw(uint64_t seed, uint64_t i, unsigned k)
{
    return (double)(mix(seed + (i * 32u + k + 1u) * GOLDEN) >> 11) * 0x1.0p-53;
}

enum { NSET = 9 };
static const je_wq_item set_items[NSET] = {JE_WQ_PH,  JE_WQ_DO,   JE_WQ_CODMN,
                                           JE_WQ_COD, JE_WQ_BOD5, JE_WQ_NH3N,
                                           JE_WQ_TP,  JE_WQ_TN,   JE_WQ_FCOLI};

/* Bands [lo, hi] per item (order of set_items) and class 1..6. Must equal BANDS in
 * bench/classify_numpy.py. */
static const double band_lo[NSET][7] = {
    {0, 6.6, 6.6, 6.6, 6.6, 6.6, 9.05},                  /* pH */
    {0, 7.5, 6.0, 5.0, 3.0, 2.0, 0.5},                   /* DO */
    {0, 0.2, 2.0, 4.0, 6.0, 10.0, 15.0},                 /* CODMn */
    {0, 1.5, 15.0, 15.0, 20.0, 30.0, 40.0},              /* COD */
    {0, 0.3, 3.0, 3.0, 4.0, 6.0, 10.0},                  /* BOD5 */
    {0, 0.015, 0.15, 0.5, 1.0, 1.5, 2.0},                /* NH3-N */
    {0, 0.002, 0.02, 0.1, 0.2, 0.3, 0.4},                /* TP, rivers */
    {0, 0.02, 0.2, 0.5, 1.0, 1.5, 2.0},                  /* TN */
    {0, 20.0, 200.0, 2000.0, 10000.0, 20000.0, 40000.0}, /* fecal coliform */
};
static const double band_hi[NSET][7] = {
    {0, 8.8, 8.8, 8.8, 8.8, 8.8, 9.65},
    {0, 11.0, 7.5, 6.0, 5.0, 3.0, 2.0},
    {0, 2.0, 4.0, 6.0, 10.0, 15.0, 30.0},
    {0, 15.0, 15.0, 20.0, 30.0, 40.0, 80.0},
    {0, 3.0, 3.0, 4.0, 6.0, 10.0, 20.0},
    {0, 0.15, 0.5, 1.0, 1.5, 2.0, 4.0},
    {0, 0.02, 0.1, 0.2, 0.3, 0.4, 0.8},
    {0, 0.2, 0.5, 1.0, 1.5, 2.0, 4.0},
    {0, 200.0, 2000.0, 10000.0, 20000.0, 40000.0, 80000.0},
};
static const double tp_lake_lo[7] = {0, 0.001, 0.01, 0.025, 0.05, 0.1, 0.2};
static const double tp_lake_hi[7] = {0, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4};
/* sample level: I 6 %, II 42 %, III 32 %, IV 12 %, V 5 %, 劣V 3 % */
static const double level_cum[5] = {0.06, 0.48, 0.80, 0.92, 0.97};

static void generate(uint64_t seed, size_t n, je_wq_sample *s, unsigned char *lake,
                     uint64_t *data_xor)
{
    uint64_t x = 0;
    int tty = isatty(STDERR_FILENO);
    size_t step = n / 100 ? n / 100 : 1;
    for (size_t i = 0; i < n; i++) {
        uint64_t ii = (uint64_t)i;
        je_wq_sample_clear(&s[i]);
        lake[i] = draw(seed, ii, 0) < 0.1;
        double uq = draw(seed, ii, 1);
        int q = 1;
        for (int j = 0; j < 5; j++)
            q += uq >= level_cum[j];
        for (unsigned j = 0; j < NSET; j++) {
            double ud = draw(seed, ii, 2 + j);
            int k = q - (ud >= 0.4) - (ud >= 0.75);
            if (k < 1)
                k = 1;
            if (j == 0 && k == 6 && ud >= 0.1)
                k = 5; /* pH outside 6–9 only for a few of the worst samples */
            double lo = band_lo[j][k], hi = band_hi[j][k];
            if (set_items[j] == JE_WQ_TP && lake[i]) {
                lo = tp_lake_lo[k];
                hi = tp_lake_hi[k];
            }
            double v = hi - draw(seed, ii, 11 + j) * (hi - lo);
            s[i].value[set_items[j]] = v;
            uint64_t bits;
            memcpy(&bits, &v, sizeof bits);
            x ^= bits;
        }
        if (tty && i % step == 0)
            fprintf(stderr, "\rgenerating samples: %zu / %zu (%zu%%)", i, n, i * 100 / n);
    }
    if (tty)
        fputs("\r\033[K", stderr);
    *data_xor = x;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    size_t n = 10000000;
    uint64_t seed = 20261129;
    int repeat = 3;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--n") == 0)
            n = (size_t)strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0)
            seed = strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(argv[i], "--repeat") == 0)
            repeat = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_classify [--n N] [--seed X] [--repeat R]\n");
            return 2;
        }
    }
    if (n == 0 || repeat < 1) {
        fprintf(stderr, "bench_classify: N and R must be positive\n");
        return 2;
    }
    je_wq_sample *s = malloc(n * sizeof *s);
    unsigned char *lake = malloc(n);
    if (s == NULL || lake == NULL) {
        fprintf(stderr, "bench_classify: out of memory for %zu samples\n", n);
        return 1;
    }
    uint64_t data_xor;
    generate(seed, n, s, lake, &data_xor);

    double best = INFINITY;
    uint64_t checksum = 0, item_checksum = 0, hist[7] = {0};
    for (int r = 0; r < repeat; r++) {
        uint64_t cs = 0, ics = 0, h[7] = {0};
        je_wq_result res;
        double t0 = now_s();
        for (size_t i = 0; i < n; i++) {
            if (je_gb3838_classify(&s[i], lake[i] ? JE_WATERBODY_LAKE : JE_WATERBODY_RIVER, &res,
                                   NULL) != JE_OK) {
                fprintf(stderr, "bench_classify: classify failed at sample %zu\n", i);
                return 1;
            }
            cs += (uint64_t)res.cls;
            h[res.cls]++;
            for (unsigned j = 0; j < NSET; j++)
                ics += (uint64_t)res.item_class[set_items[j]];
        }
        double t = now_s() - t0;
        if (t < best)
            best = t;
        checksum = cs;
        item_checksum = ics;
        memcpy(hist, h, sizeof hist);
    }
    printf("impl=c\nn=%zu\nseed=%llu\nrepeat=%d\nseconds=%.6f\nsamples_per_s=%.0f\n"
           "ns_per_sample=%.2f\nchecksum=%llu\nitem_checksum=%llu\n",
           n, (unsigned long long)seed, repeat, best, (double)n / best, best * 1e9 / (double)n,
           (unsigned long long)checksum, (unsigned long long)item_checksum);
    printf("hist=%llu", (unsigned long long)hist[0]);
    for (int c = 1; c < 7; c++)
        printf(",%llu", (unsigned long long)hist[c]);
    printf("\ndata_xor=%016llx\n", (unsigned long long)data_xor);
    free(s);
    free(lake);
    return 0;
}
