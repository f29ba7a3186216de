/* bench_circuit.c — Circuitscape-style pairwise circuit benchmark (je_circuit_raster).
 *
 *   bench_circuit --cells N [--focal K] [--seed S] [--solver auto|cholmod|cg|amg] [--four]
 *                 [--dump PREFIX]
 *
 * Generates a square raster of about N cells: resistances 1…10 from smooth value noise
 * (deterministic from the seed) with circular no-data "lakes" on about 3 % of the cells,
 * and K focal points on a jittered lattice (on valid cells). Runs the pairwise scenario
 * with Circuitscape's defaults (8 neighbours, average conductance, cumulative current
 * map) and prints key=value lines: size, wall and CPU seconds, peak resident memory
 * (getrusage ru_maxrss), the current total. --dump writes PREFIX.f64 (the raster, raw
 * little-endian doubles, NAN = no data, row-major), PREFIX_focal.txt ("id row col") and
 * PREFIX_res.txt (the resistance matrix) for bench/circuit_scipy.py.
 */
#include "jointenv/ecology.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static double u01(uint64_t seed, uint64_t a, uint64_t b)
{
    return (double)(mix(seed * 0x9e3779b97f4a7c15ULL ^ mix(a * 1000003ULL + b)) >> 11) * 0x1p-53;
}

/* value noise at lattice spacing s, bilinear */
static double noise(uint64_t seed, double r, double c, double s)
{
    double y = r / s, x = c / s, fy = floor(y), fx = floor(x), ty = y - fy, tx = x - fx;
    uint64_t iy = (uint64_t)fy, ix = (uint64_t)fx;
    double v00 = u01(seed, iy, ix), v01 = u01(seed, iy, ix + 1), v10 = u01(seed, iy + 1, ix),
           v11 = u01(seed, iy + 1, ix + 1);
    return (v00 * (1 - tx) + v01 * tx) * (1 - ty) + (v10 * (1 - tx) + v11 * tx) * ty;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double cpu(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + 1e-6 * (double)u.ru_utime.tv_usec +
           (double)u.ru_stime.tv_sec + 1e-6 * (double)u.ru_stime.tv_usec;
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_circuit --cells N [--focal K] [--seed S] "
                    "[--solver auto|cholmod|cg|amg] [--four] [--dump PREFIX]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    double cells = 1e6;
    int nfocal = 10;
    uint64_t seed = 20230301;
    const char *dump = NULL;
    je_circuit_opts o;
    je_circuit_opts_init(&o);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--cells") && i + 1 < argc)
            cells = atof(argv[++i]);
        else if (!strcmp(argv[i], "--focal") && i + 1 < argc)
            nfocal = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = (uint64_t)strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--dump") && i + 1 < argc)
            dump = argv[++i];
        else if (!strcmp(argv[i], "--four"))
            o.four_neighbors = 1;
        else if (!strcmp(argv[i], "--solver") && i + 1 < argc) {
            if (je_circuit_solver_parse(argv[++i], &o.solver, NULL) != JE_OK)
                usage();
        } else
            usage();
    }
    if (cells < 4 || nfocal < 2)
        usage();
    int64_t side = (int64_t)llround(sqrt(cells));
    je_raster *h = NULL;
    je_error err;
    if (je_raster_new(side, side, &h, &err) != JE_OK) {
        fprintf(stderr, "bench_circuit: %s\n", err.message);
        return 1;
    }
    double t0 = now();
    double scale = (double)side / 40.0;
    for (int64_t r = 0; r < side; r++)
        for (int64_t c = 0; c < side; c++) {
            double v = 0.6 * noise(seed, (double)r, (double)c, scale) +
                       0.4 * noise(seed + 1, (double)r, (double)c, scale / 5 + 1);
            h->data[r * side + c] = 1 + 9 * v;
        }
    /* lakes: about 3 % of the area in discs */
    int64_t nlakes = 30;
    double rad = (double)side * sqrt(0.03 / (3.14159 * (double)nlakes));
    for (int64_t k = 0; k < nlakes; k++) {
        double cr = u01(seed, 7, (uint64_t)k) * (double)side,
               cc = u01(seed, 8, (uint64_t)k) * (double)side;
        for (int64_t r = (int64_t)fmax(0, cr - rad); r < (int64_t)fmin((double)side, cr + rad + 1);
             r++)
            for (int64_t c = (int64_t)fmax(0, cc - rad);
                 c < (int64_t)fmin((double)side, cc + rad + 1); c++)
                if (hypot((double)r - cr, (double)c - cc) <= rad)
                    h->data[r * side + c] = NAN;
    }
    je_focal *f = calloc((size_t)nfocal, sizeof *f);
    int g = (int)ceil(sqrt((double)nfocal));
    for (int k = 0; k < nfocal; k++) {
        int64_t r = (int64_t)(((double)(k / g) + 0.5 + 0.3 * (u01(seed, 9, (uint64_t)k) - 0.5)) *
                              (double)side / g);
        int64_t c = (int64_t)(((double)(k % g) + 0.5 + 0.3 * (u01(seed, 10, (uint64_t)k) - 0.5)) *
                              (double)side / g);
        while (isnan(h->data[r * side + c]))
            c = (c + 1) % side;
        f[k] = (je_focal){k + 1, r, c};
    }
    double gen_s = now() - t0;
    double w0 = now(), c0 = cpu();
    je_circuit_result *res = NULL;
    if (je_circuit_raster(h, f, (size_t)nfocal, &o, &res, &err) != JE_OK) {
        fprintf(stderr, "bench_circuit: %s\n", err.message);
        return 1;
    }
    double wall = now() - w0, cpus = cpu() - c0;
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    double cur = 0;
    for (int64_t i = 0; i < side * side; i++)
        cur += res->cum_current ? res->cum_current[i] : 0;
    size_t n = res->n_ids;
    int unreachable = 0;
    for (size_t i = 0; i < n * n; i++)
        unreachable += res->resistance[i] < 0;
    printf("cells=%lld\nside=%lld\nnodes=%lld\ncomponents=%lld\nfocal=%zu\nsolves=%lld\n"
           "solver=%s\ngen_s=%.3f\nwall_s=%.3f\ncpu_s=%.3f\nmaxrss_mb=%.1f\n"
           "unreachable_pairs=%d\nR_1_2=%.10g\ncum_current_sum=%.10g\n",
           (long long)(side * side), (long long)side, (long long)res->n_nodes,
           (long long)res->n_components, n, (long long)res->n_solves,
           res->used_cg == 2 ? "amg"
           : res->used_cg    ? "cg"
                             : "cholmod",
           gen_s, wall, cpus, (double)u.ru_maxrss / 1024.0, unreachable / 2, res->resistance[1],
           cur);
    if (dump) {
        char path[4096];
        snprintf(path, sizeof path, "%s.f64", dump);
        FILE *fp = fopen(path, "wb");
        if (!fp ||
            fwrite(h->data, sizeof(double), (size_t)(side * side), fp) != (size_t)(side * side)) {
            fprintf(stderr, "bench_circuit: cannot write %s\n", path);
            return 1;
        }
        fclose(fp);
        snprintf(path, sizeof path, "%s_focal.txt", dump);
        fp = fopen(path, "w");
        for (int k = 0; fp && k < nfocal; k++)
            fprintf(fp, "%lld %lld %lld\n", (long long)f[k].id, (long long)f[k].row,
                    (long long)f[k].col);
        if (fp)
            fclose(fp);
        snprintf(path, sizeof path, "%s_res.txt", dump);
        fp = fopen(path, "w");
        for (size_t i = 0; fp && i < n; i++)
            for (size_t j = 0; j < n; j++)
                fprintf(fp, "%.17g%c", res->resistance[i * n + j], j + 1 < n ? ' ' : '\n');
        if (fp)
            fclose(fp);
    }
    je_circuit_result_free(res);
    je_raster_free(h);
    free(f);
    return 0;
}
