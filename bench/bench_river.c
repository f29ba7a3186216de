/*
 * bench_river.c — the river model's speed (see docs/BENCHMARKS.md, "River").
 *
 *   bench_river OUTDIR [--reaches N] [--sources S] [--sections M] [--dosag K]
 *                      [--seed X] [--repeat R]
 *
 * Generates a deterministic random tree (splitmix64) of N channel reaches (default
 * 1,000,000): node 0 is the outlet, reach i (1 … N) runs from node i to node p(i), p
 * uniform in [max(0, i − 1000), i − 1], which gives main stems of about 2N/1000 reaches
 * (2,000 for a million) — a long river with many short tributaries rather than a
 * shallow random tree. Reaches are 0.5–5 km long with hydraulic geometry u = a·Q^0.4
 * (a 0.10–0.30), H = c·Q^0.4 (c 0.20–0.40); each adds a local inflow of 0.02–0.5 m³/s,
 * and the flow of a reach is its local inflow plus everything above it. S point loads
 * (default 1,000; 0.01–0.5 m³/s; COD 30–300, CODMn 8–60, NH3-N 2–40, TP 0.3–5, BOD5
 * 10–120 mg/L; DO 0–6 mg/L; owners alternating 510000 / 500000) and M sections
 * (default 1,000) are placed on random reaches; every water is at 22 °C with
 * O'Connor–Dobbins reaeration and the default rates.
 *
 * Timed (best of R runs, default 3, single thread):
 *   build       adding the network through the public API, and validating it;
 *   sweep       je_river_model_run for one month, with and without per-reach results;
 *   attribution je_river_attribute of the M sections to the S loads (checked: background
 *               + Σ contributions = modelled value, max error printed);
 *   dosag       je_river_sp_critical + je_river_sp_deficit over K cases (default
 *               1,000,000) written to OUTDIR/river_dosag_in.csv (17 significant digits)
 *               for bench/river_numpy.py and `jointenv river dosag`.
 * Output: key=value lines.
 */
#include "jointenv/river.h"

#include "gen_out.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this thread: on a loaded machine the wall time includes waiting for a
 * core; both are reported. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what, const je_error *e)
{
    fprintf(stderr, "bench_river: %s: %s\n", what, e ? e->message : "failed");
    exit(1);
}

typedef struct opts {
    const char *outdir;
    size_t reaches, sources, sections, dosag;
    uint64_t seed;
    int repeat;
} opts;

static size_t parent_of(const opts *o, size_t i)
{
    size_t lo = i > 1000 ? i - 1000 : 0;
    return lo + (size_t)(draw(o->seed, 1, i, 0) * (double)(i - lo));
}

static je_river_net *build(const opts *o, double *q)
{
    je_river_net *net;
    je_error e;
    if (je_river_net_new(&net, &e) != JE_OK)
        die("new", &e);
    size_t n = o->reaches;
    char code[32], from[32], to[32];
    for (size_t i = 1; i <= n; i++) {
        snprintf(code, sizeof code, "r%zu", i);
        snprintf(from, sizeof from, "n%zu", i);
        snprintf(to, sizeof to, "n%zu", parent_of(o, i));
        je_river_hydraulics h = je_river_hydraulics_none();
        h.vel_a = lerp(0.10, 0.30, draw(o->seed, 2, i, 0));
        h.vel_b = 0.4;
        h.depth_c = lerp(0.20, 0.40, draw(o->seed, 2, i, 1));
        h.depth_d = 0.4;
        je_river_reach_spec s = {
            code, from, to, JE_REACH_CHANNEL, lerp(0.5, 5.0, draw(o->seed, 2, i, 2)), h};
        if (je_river_net_add_reach(net, &s, NULL, &e) != JE_OK)
            die("add reach", &e);
    }
    double *load_q = calloc(n + 1, sizeof *load_q);
    for (size_t l = 0; l < o->sources; l++) {
        size_t r = 1 + (size_t)(draw(o->seed, 3, l, 0) * (double)n);
        snprintf(code, sizeof code, "L%zu", l);
        snprintf(from, sizeof from, "r%zu", r);
        je_river_load_spec s;
        je_river_load_spec_init(&s);
        s.code = code;
        s.owner = l % 2 ? "500000" : "510000";
        s.reach = from;
        s.x_km = 0.3 * draw(o->seed, 3, l, 1);
        s.q_m3_s = lerp(0.01, 0.5, draw(o->seed, 3, l, 2));
        s.conc_mg_l[JE_RIVER_COD] = lerp(30, 300, draw(o->seed, 3, l, 3));
        s.conc_mg_l[JE_RIVER_CODMN] = lerp(8, 60, draw(o->seed, 3, l, 4));
        s.conc_mg_l[JE_RIVER_NH3N] = lerp(2, 40, draw(o->seed, 3, l, 5));
        s.conc_mg_l[JE_RIVER_TP] = lerp(0.3, 5, draw(o->seed, 3, l, 6));
        s.conc_mg_l[JE_RIVER_BOD5] = lerp(10, 120, draw(o->seed, 3, l, 7));
        s.conc_mg_l[JE_RIVER_DO] = lerp(0, 6, draw(o->seed, 3, l, 8));
        if (je_river_net_add_load(net, &s, NULL, &e) != JE_OK)
            die("add load", &e);
        load_q[r] += s.q_m3_s;
    }
    for (size_t j = 0; j < o->sections; j++) {
        size_t r = 1 + (size_t)(draw(o->seed, 4, j, 0) * (double)n);
        snprintf(code, sizeof code, "S%zu", j);
        snprintf(from, sizeof from, "r%zu", r);
        je_river_section_spec s = {code, from, 0.3 + 0.2 * draw(o->seed, 4, j, 1),
                                   JE_WATERBODY_RIVER, JE_WQ_CLASS_III};
        if (je_river_net_add_section(net, &s, NULL, &e) != JE_OK)
            die("add section", &e);
    }
    /* flows: local inflow plus all above; parents have lower numbers */
    double *acc = calloc(n + 1, sizeof *acc);
    for (size_t i = n; i >= 1; i--) {
        double qi = lerp(0.02, 0.5, draw(o->seed, 5, i, 0)) + acc[i];
        q[i - 1] = qi;
        acc[parent_of(o, i)] += qi + load_q[i];
    }
    free(acc);
    free(load_q);
    return net;
}

static void bench_dosag(const opts *o)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/river_dosag_in.csv", o->outdir);
    FILE *fp = fopen(path, "w");
    if (fp == NULL)
        gen_die("cannot write", path);
    size_t k = o->dosag;
    double *in = malloc(k * 7 * sizeof *in);
    fprintf(fp, "case,l0_mg_l,d0_mg_l,kd_per_d,ka_per_d,u_m_s,do_sat_mg_l,x_km\n");
    for (size_t i = 0; i < k; i++) {
        double *c = in + i * 7;
        c[0] = lerp(1, 60, draw(o->seed, 6, i, 0));
        c[2] = lerp(0.05, 1.0, draw(o->seed, 6, i, 2));
        /* ka at least 0.05/d away from kd except every 50th case, exactly equal */
        double ka = lerp(0.1, 5.0, draw(o->seed, 6, i, 3));
        if (fabs(ka - c[2]) < 0.05)
            ka = c[2] + 0.05;
        c[3] = i % 50 == 7 ? c[2] : ka;
        c[4] = lerp(0.05, 2.0, draw(o->seed, 6, i, 4));
        c[5] = lerp(7.0, 14.0, draw(o->seed, 6, i, 5));
        /* every 20th case starts past the critical deficit */
        c[1] = i % 20 == 3 ? c[5] * 0.95 : lerp(0, 3, draw(o->seed, 6, i, 1));
        c[6] = lerp(0, 300, draw(o->seed, 6, i, 6));
        fprintf(fp, "c%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", i, c[0], c[1], c[2], c[3],
                c[4], c[5], c[6]);
    }
    fclose(fp);
    double best = INFINITY, best_cpu = INFINITY, sum = 0;
    for (int rep = 0; rep < o->repeat; rep++) {
        double t0 = now_s(), c0 = cpu_s();
        sum = 0;
        for (size_t i = 0; i < k; i++) {
            const double *c = in + i * 7;
            double tc, dc;
            if (je_river_sp_critical(c[0], c[1], c[2], c[2], c[3], &tc, &dc, NULL) != JE_OK)
                die("sp_critical", NULL);
            double dx = je_river_sp_deficit(c[0], c[1], c[2], c[2], c[3], c[6] / (c[4] * 86.4));
            sum += tc + dc + dx;
        }
        double t = now_s() - t0, c = cpu_s() - c0;
        best = t < best ? t : best;
        best_cpu = c < best_cpu ? c : best_cpu;
    }
    printf("dosag_cases=%zu\ndosag_s=%.6f\ndosag_cpu_s=%.6f\ndosag_checksum=%.6g\ndosag_csv=%s\n",
           k, best, best_cpu, sum, path);
    free(in);
}

int main(int argc, char **argv)
{
    gen_set_prog("bench_river");
    opts o = {NULL, 1000000, 1000, 1000, 1000000, 20220301, 3};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (a[0] != '-') {
            o.outdir = a;
            continue;
        }
        if (v == NULL) {
            fprintf(stderr, "bench_river: %s needs a value\n", a);
            return 2;
        }
        i++;
        if (strcmp(a, "--reaches") == 0)
            o.reaches = strtoull(v, NULL, 10);
        else if (strcmp(a, "--sources") == 0)
            o.sources = strtoull(v, NULL, 10);
        else if (strcmp(a, "--sections") == 0)
            o.sections = strtoull(v, NULL, 10);
        else if (strcmp(a, "--dosag") == 0)
            o.dosag = strtoull(v, NULL, 10);
        else if (strcmp(a, "--seed") == 0)
            o.seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--repeat") == 0)
            o.repeat = atoi(v);
        else {
            fprintf(stderr, "bench_river: unknown option %s\n", a);
            return 2;
        }
    }
    if (o.outdir == NULL || o.reaches < 1 || o.repeat < 1) {
        fprintf(stderr, "usage: bench_river OUTDIR [--reaches N] [--sources S] [--sections M] "
                        "[--dosag K] [--seed X] [--repeat R]\n");
        return 2;
    }
    double *q = malloc(o.reaches * sizeof *q);
    double t0 = now_s();
    je_river_net *net = build(&o, q);
    double t_build = now_s() - t0;
    je_error e;
    t0 = now_s();
    if (je_river_net_validate(net, NULL, &e) != JE_OK)
        die("validate", &e);
    double t_validate = now_s() - t0;
    printf("reaches=%zu\nsources=%zu\nsections=%zu\nbuild_s=%.3f\nvalidate_s=%.3f\n", o.reaches,
           o.sources, o.sections, t_build, t_validate);

    je_river_month m;
    je_river_month_init(&m);
    m.q_m3_s = q;
    m.temp_c_all = 22;
    const double bg[JE_RIVER_NSUB] = {10, 3, 0.3, 0.08, 2, NAN};
    memcpy(m.background_mg_l, bg, sizeof bg);
    je_river_params p;
    je_river_params_default(&p);
    for (int with = 0; with <= 1; with++) {
        p.reach_results = with;
        double best = INFINITY, best_cpu = INFINITY;
        je_river_result res;
        for (int rep = 0; rep < o.repeat; rep++) {
            t0 = now_s();
            double c0 = cpu_s();
            if (je_river_model_run(net, &m, &p, &res, &e) != JE_OK)
                die("model", &e);
            double t = now_s() - t0, c = cpu_s() - c0;
            best = t < best ? t : best;
            best_cpu = c < best_cpu ? c : best_cpu;
            if (rep + 1 < o.repeat)
                je_river_result_free(&res);
        }
        printf("sweep%s_s=%.4f\nsweep%s_cpu_s=%.4f\n", with ? "_reach_results" : "", best,
               with ? "_reach_results" : "", best_cpu);
        if (!with)
            printf("sweep_crit_do_mg_l=%.4f\nsweep_outlet_cod_mg_l=%.4f\n", res.crit_do_mg_l,
                   res.sections[0].conc_mg_l[JE_RIVER_COD]);
        je_river_result_free(&res);
    }
    p.reach_results = 0;

    double best = INFINITY, best_cpu = INFINITY, max_err = 0;
    for (int rep = 0; rep < o.repeat; rep++) {
        je_river_attrib a;
        t0 = now_s();
        double c0 = cpu_s();
        if (je_river_attribute(net, &m, &p, NULL, 0, &a, &e) != JE_OK)
            die("attribute", &e);
        double t = now_s() - t0, c = cpu_s() - c0;
        best = t < best ? t : best;
        best_cpu = c < best_cpu ? c : best_cpu;
        for (size_t j = 0; j < a.n_sections; j++)
            for (size_t s = 0; s < JE_RIVER_NSUB; s++) {
                double sum = a.background_mg_l[j * JE_RIVER_NSUB + s];
                for (size_t l = 0; l < a.n_loads; l++)
                    sum += a.load_mg_l[(j * a.n_loads + l) * JE_RIVER_NSUB + s];
                double err = fabs(sum - a.conc_mg_l[j * JE_RIVER_NSUB + s]);
                max_err = err > max_err ? err : max_err;
            }
        je_river_attrib_free(&a);
    }
    printf("attribution_s=%.4f\nattribution_cpu_s=%.4f\nattribution_max_sum_error_mg_l=%.3g\n",
           best, best_cpu, max_err);
    je_river_net_free(net);
    free(q);
    if (o.dosag > 0)
        bench_dosag(&o);
    return 0;
}
