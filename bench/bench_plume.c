/*
 * bench_plume.c — throughput of je_plume_transfer (see docs/BENCHMARKS.md, "Plume").
 *
 *   bench_plume OUTDIR [--sources S] [--receptors R] [--hours H] [--seed X] [--repeat N]
 *                      [--threads T]
 *
 * Generates a deterministic case (splitmix64; defaults 120 sources × 2,000 receptors ×
 * 24 hours, like the 120 clinker lines of the staggered-production plan): stacks of
 * 60–150 m, 2.5–5.5 m wide, 8–22 m/s at 380–460 K, scattered over a 200 km × 200 km
 * plane; ground receptors (every tenth at a 1.5 m flagpole) over the same square plus
 * 20 km; hours with winds of 0.5–9 m/s (about 6 % below the 1 m/s calm threshold),
 * every direction, 265–305 K, mixing heights of 200–2,500 m (every fifth hour
 * unlimited) and the six stability classes. The case is written to
 * OUTDIR/plume_{sources,receptors,met}.csv with every number printed with 17
 * significant digits, so bench/plume_numpy.py reads back the very same doubles.
 *
 * Timed: N runs (default 3) of je_plume_transfer with the mean over the hours
 * (out_mean), the default options (ISC3 Pasquill–Gifford σ, rural, anemometer 10 m,
 * calm hours skipped, 4 lid reflections, Briggs rise), first on 1 thread, then on T
 * threads (default: omp_get_num_procs()); the best run of each is reported as
 * source–receptor–hour evaluations per second. The mean transfer matrix of the
 * single-thread run is written to OUTDIR/plume_c_mean.f64 (receptor-major, native
 * doubles) for the comparison, and the many-thread result must equal it bit for bit
 * (the header promises results independent of the thread count).
 * Output: key=value lines.
 */
#include "jointenv/plume.h"

#include "gen_out.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define GOLDEN 0x9E3779B97F4A7C15ull

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* draw k of item i of stream s, uniform in [0, 1) */
static double draw(uint64_t seed, uint64_t s, uint64_t i, unsigned k)
{
    return (double)(mix(seed + ((s << 40) + i * 16u + k + 1u) * GOLDEN) >> 11) * 0x1.0p-53;
}

static double lerp(double lo, double hi, double u)
{
    return lo + u * (hi - lo);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void put(out *o, const char *fmt, double v)
{
    char buf[64];
    int n = snprintf(buf, sizeof buf, fmt, v);
    out_mem(o, buf, (size_t)n);
}

static void set_threads(int n)
{
#ifdef _OPENMP
    omp_set_num_threads(n);
#else
    (void)n;
#endif
}

static int max_threads(void)
{
#ifdef _OPENMP
    return omp_get_num_procs();
#else
    return 1;
#endif
}

/* Best of `repeat` runs, seconds. */
static double time_runs(const je_plume_source *src, size_t ns, const je_plume_receptor *rec,
                        size_t nr, const je_met_hour *met, size_t nh, const je_plume_opts *o,
                        double *mean, size_t *used, int repeat)
{
    double best = INFINITY;
    for (int k = 0; k < repeat; k++) {
        je_error err;
        double t0 = now();
        je_status st = je_plume_transfer(src, ns, rec, nr, met, nh, o, NULL, mean, used, &err);
        double t = now() - t0;
        if (st != JE_OK) {
            fprintf(stderr, "bench_plume: je_plume_transfer: %s\n", err.message);
            exit(1);
        }
        if (t < best)
            best = t;
    }
    return best;
}

int main(int argc, char **argv)
{
    gen_set_prog("bench_plume");
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: bench_plume OUTDIR [--sources S] [--receptors R] [--hours H] "
                        "[--seed X] [--repeat N] [--threads T]\n");
        return 2;
    }
    const char *dir = argv[1];
    size_t ns = 120, nr = 2000, nh = 24;
    uint64_t seed = 20261201;
    int repeat = 3, threads = max_threads();
    for (int i = 2; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--sources") == 0)
            ns = (size_t)strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(argv[i], "--receptors") == 0)
            nr = (size_t)strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(argv[i], "--hours") == 0)
            nh = (size_t)strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0)
            seed = strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(argv[i], "--repeat") == 0)
            repeat = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--threads") == 0)
            threads = atoi(argv[++i]);
        else {
            fprintf(stderr, "bench_plume: unknown argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (ns == 0 || nr == 0 || nh == 0 || repeat < 1 || threads < 1) {
        fprintf(stderr, "bench_plume: sizes, --repeat and --threads must be >= 1\n");
        return 2;
    }
    je_plume_source *src = calloc(ns, sizeof *src);
    je_plume_receptor *rec = calloc(nr, sizeof *rec);
    je_met_hour *met = calloc(nh, sizeof *met);
    double *mean1 = malloc(nr * ns * sizeof *mean1), *meant = malloc(nr * ns * sizeof *meant);
    if (!src || !rec || !met || !mean1 || !meant) {
        fprintf(stderr, "bench_plume: out of memory\n");
        return 1;
    }
    const double side = 200000.0;
    for (size_t i = 0; i < ns; i++) {
        src[i].x_m = lerp(-side / 2, side / 2, draw(seed, 1, i, 0));
        src[i].y_m = lerp(-side / 2, side / 2, draw(seed, 1, i, 1));
        src[i].stack.height_m = lerp(60, 150, draw(seed, 1, i, 2));
        src[i].stack.diam_m = lerp(2.5, 5.5, draw(seed, 1, i, 3));
        src[i].stack.exit_v_m_s = lerp(8, 22, draw(seed, 1, i, 4));
        src[i].stack.exit_temp_k = lerp(380, 460, draw(seed, 1, i, 5));
    }
    for (size_t i = 0; i < nr; i++) {
        rec[i].x_m = lerp(-side / 2 - 20000, side / 2 + 20000, draw(seed, 2, i, 0));
        rec[i].y_m = lerp(-side / 2 - 20000, side / 2 + 20000, draw(seed, 2, i, 1));
        rec[i].z_m = i % 10 == 9 ? 1.5 : 0.0;
    }
    for (size_t h = 0; h < nh; h++) {
        met[h].t = 1669824000 + (int64_t)h * 3600; /* 2022-12-01T00:00Z */
        met[h].u_m_s = lerp(0.5, 9, draw(seed, 3, h, 0));
        met[h].dir_from_deg = lerp(0, 360, draw(seed, 3, h, 1));
        met[h].temp_k = lerp(265, 305, draw(seed, 3, h, 2));
        met[h].mixing_height_m = h % 5 == 4 ? NAN : lerp(200, 2500, draw(seed, 3, h, 3));
        met[h].stability = (je_stability)(mix(seed + h) % 6);
    }

    /* the case, for the numpy peer */
    char path[4096];
    out o;
    snprintf(path, sizeof path, "%s/plume_sources.csv", dir);
    out_open(&o, path);
    out_str(&o, "x_m,y_m,height_m,diam_m,exit_v_m_s,exit_temp_k\n");
    for (size_t i = 0; i < ns; i++) {
        put(&o, "%.17g,", src[i].x_m);
        put(&o, "%.17g,", src[i].y_m);
        put(&o, "%.17g,", src[i].stack.height_m);
        put(&o, "%.17g,", src[i].stack.diam_m);
        put(&o, "%.17g,", src[i].stack.exit_v_m_s);
        put(&o, "%.17g\n", src[i].stack.exit_temp_k);
    }
    out_close(&o);
    snprintf(path, sizeof path, "%s/plume_receptors.csv", dir);
    out_open(&o, path);
    out_str(&o, "x_m,y_m,z_m\n");
    for (size_t i = 0; i < nr; i++) {
        put(&o, "%.17g,", rec[i].x_m);
        put(&o, "%.17g,", rec[i].y_m);
        put(&o, "%.17g\n", rec[i].z_m);
    }
    out_close(&o);
    snprintf(path, sizeof path, "%s/plume_met.csv", dir);
    out_open(&o, path);
    out_str(&o, "t,u_m_s,dir_from_deg,temp_k,mixing_height_m,stability\n");
    for (size_t h = 0; h < nh; h++) {
        put(&o, "%.0f,", (double)met[h].t);
        put(&o, "%.17g,", met[h].u_m_s);
        put(&o, "%.17g,", met[h].dir_from_deg);
        put(&o, "%.17g,", met[h].temp_k);
        if (isnan(met[h].mixing_height_m))
            out_str(&o, ",");
        else
            put(&o, "%.17g,", met[h].mixing_height_m);
        out_str(&o, je_stability_name(met[h].stability));
        out_str(&o, "\n");
    }
    out_close(&o);

    je_plume_opts opts;
    je_plume_opts_default(&opts);
    size_t used1 = 0, usedt = 0;
    double evals = (double)ns * (double)nr * (double)nh;
    set_threads(1);
    double t1 = time_runs(src, ns, rec, nr, met, nh, &opts, mean1, &used1, repeat);
    set_threads(threads);
    double tt = time_runs(src, ns, rec, nr, met, nh, &opts, meant, &usedt, repeat);
    if (used1 != usedt || memcmp(mean1, meant, nr * ns * sizeof *mean1) != 0) {
        fprintf(stderr, "bench_plume: the %d-thread result differs from the 1-thread one\n",
                threads);
        return 1;
    }
    snprintf(path, sizeof path, "%s/plume_c_mean.f64", dir);
    FILE *fp = fopen(path, "wb");
    if (fp == NULL || fwrite(mean1, sizeof *mean1, nr * ns, fp) != nr * ns || fclose(fp) != 0)
        gen_die("cannot write", path);
    double sum = 0, mx = 0;
    size_t nonzero = 0;
    for (size_t k = 0; k < nr * ns; k++) {
        sum += mean1[k];
        nonzero += mean1[k] > 0;
        if (mean1[k] > mx)
            mx = mean1[k];
    }
    printf("sources=%zu\nreceptors=%zu\nhours=%zu\nhours_used=%zu\n", ns, nr, nh, used1);
    printf("evaluations=%.0f\nrepeat=%d\n", evals, repeat);
    printf("seconds_1=%.6f\nevals_per_s_1=%.0f\n", t1, evals / t1);
    printf("threads=%d\nseconds_n=%.6f\nevals_per_s_n=%.0f\n", threads, tt, evals / tt);
    printf("transfer_sum=%.17g\ntransfer_max=%.17g\nnonzero=%zu\n", sum, mx, nonzero);
    free(src);
    free(rec);
    free(met);
    free(mean1);
    free(meant);
    return 0;
}
