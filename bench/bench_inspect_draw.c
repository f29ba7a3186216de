/*
 * bench_inspect_draw.c — time of the double-random draw (inspect.h, je_inspect_draw)
 * on a generated registry (docs/inspect.md).
 *
 *   bench_inspect_draw [--outfalls N] [--inspectors M] [--count C] [--team K]
 *                      [--districts D] [--repeat R]
 *
 * Registry (deterministic, splitmix64): N outfalls (default 10,000) alternating
 * between two sides, on 20 rivers, in D districts a side (default 40), risk 0-100;
 * M inspectors a side (default 200) with homes in the same districts. C targets
 * (default 200), teams of K (default 2). Reported (key=value lines): the best wall
 * and CPU time of R draws (default 3), the list hash, and whether inspectors were
 * reused.
 */
#include "jointenv/inspect.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t mix(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double now_s(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static long arg(int argc, char **argv, const char *name, long def)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return strtol(argv[i + 1], NULL, 10);
    return def;
}

int main(int argc, char **argv)
{
    long n = arg(argc, argv, "--outfalls", 10000), m = arg(argc, argv, "--inspectors", 200);
    long count = arg(argc, argv, "--count", 200), team = arg(argc, argv, "--team", 2);
    long nd = arg(argc, argv, "--districts", 40), rep = arg(argc, argv, "--repeat", 3);
    je_outfall *o = calloc((size_t)n, sizeof *o);
    je_inspector *x = calloc((size_t)(2 * m), sizeof *x);
    if (!o || !x || n < 1 || m < 1 || nd < 1)
        return 1;
    for (long i = 0; i < n; i++) {
        int side = (int)(i % 2);
        uint64_t r = mix((uint64_t)i);
        snprintf(o[i].code, sizeof o[i].code, "%s-%06ld", side ? "CQ" : "SC", i);
        snprintf(o[i].jurisdiction, sizeof o[i].jurisdiction, "%s", side ? "500000" : "510000");
        snprintf(o[i].district, sizeof o[i].district, "%d%05d", side ? 5 : 6,
                 (int)(r % (uint64_t)nd));
        snprintf(o[i].river, sizeof o[i].river, "R%02d", (int)((r >> 20) % 20));
        o[i].risk = (double)((r >> 40) % 101);
        o[i].active = 1;
        o[i].last_inspected_day = -1;
    }
    for (long i = 0; i < 2 * m; i++) {
        int side = i >= m;
        snprintf(x[i].code, sizeof x[i].code, "%s-I%04ld", side ? "CQ" : "SC", i % m);
        snprintf(x[i].jurisdiction, sizeof x[i].jurisdiction, "%s", side ? "500000" : "510000");
        snprintf(x[i].district, sizeof x[i].district, "%d%05d", side ? 5 : 6,
                 (int)(mix((uint64_t)(1000000 + i)) % (uint64_t)nd));
        x[i].active = 1;
    }
    je_draw_params p;
    memset(&p, 0, sizeof p);
    p.count = (int)count;
    p.day = 19500;
    p.team_size = (int)team;
    p.by_river = 1;
    snprintf(p.seed, sizeof p.seed, "bench");
    double best_wall = 1e30, best_cpu = 1e30;
    je_draw_result r;
    memset(&r, 0, sizeof r);
    for (long k = 0; k < rep; k++) {
        je_draw_result_free(&r);
        je_error e;
        double w0 = now_s(CLOCK_MONOTONIC), c0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
        if (je_inspect_draw(o, (size_t)n, x, (size_t)(2 * m), &p, &r, &e) != JE_OK) {
            fprintf(stderr, "draw: %s\n", e.message);
            return 1;
        }
        double w = now_s(CLOCK_MONOTONIC) - w0, c = now_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
        best_wall = w < best_wall ? w : best_wall;
        best_cpu = c < best_cpu ? c : best_cpu;
    }
    printf("outfalls=%ld\ninspectors=%ld\ncount=%ld\nteam=%ld\nstrata=%zu\n", n, 2 * m, count, team,
           r.n_strata);
    printf("draw_wall_s=%.4f\ndraw_cpu_s=%.4f\nlist_hash=%s\nreused=%s\n", best_wall, best_cpu,
           r.list_hash, r.warnings[0] ? "yes" : "no");
    je_draw_result_free(&r);
    free(o);
    free(x);
    return 0;
}
