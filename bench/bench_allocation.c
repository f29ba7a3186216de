/*
 * bench_allocation.c — size and solve time of the water-allocation LP (allocation.h)
 * on a generated basin (see docs/BENCHMARKS.md, "Water allocation").
 *
 *   bench_allocation [--nodes N] [--seed X] [--mode lexicographic|weighted|both]
 *                    [--lp PATH] [--repeat R]
 *
 * The basin (deterministic, splitmix64; default 10,000 nodes × 12 months): node 0 is
 * the outlet; node i ≥ 1 drains by a river link to a node drawn from the 40 before
 * it, so the network is a tree with confluences, some 200–400 links deep. Every node
 * has a local inflow with a seasonal shape (1–20 hm³ a month); river links lose
 * 0.1 %. Every 100th node has a diversion (capacity 5 hm³/month, 3 % loss) to a node
 * 50–150 places downstream. Half the nodes carry a demand, a sixth of those two:
 * sectors and priorities 1–3 drawn, 0.5–15 hm³ a month with an irrigation shape for
 * agriculture, consumptive 20–80 %; one demand in ten returns its non-consumed water
 * to the next node downstream by a return link. One link in twenty has an ecological
 * minimum of 20 % of the natural flow it would carry (always feasible). Nodes
 * alternate between two jurisdictions, and one yearly share (50/50 ± 10 %) covers
 * every demand — four dense rows that couple the months.
 *
 * The scheme is written as JSON text and parsed by je_alloc_scheme_parse (timed), then
 * solved R times (default 1) in each mode; reported: LP rows, columns, nonzeros,
 * solves, the best total solve time (solver), build + solve wall and CPU time, the
 * delivered share, and the parse time (wall and CPU). --lp writes
 * the first LP of the lexicographic mode (CPLEX LP format) for a peer solver.
 * Output: key=value lines.
 */
#include "jointenv/allocation.h"

#include <math.h>
#include <stdarg.h>
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

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU time of the process: on a shared, loaded machine a fairer figure than wall time. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void put(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(buf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
        va_end(ap);
        if (k >= 0 && (size_t)k < b->cap - b->n) {
            b->n += (size_t)k;
            return;
        }
        b->cap = b->cap * 2 + (size_t)(k > 0 ? k : 0) + 1024;
        b->p = realloc(b->p, b->cap);
        if (!b->p) {
            fprintf(stderr, "bench_allocation: out of memory\n");
            exit(1);
        }
    }
}

static const double season[12] = {0.35, 0.3, 0.4, 0.6, 0.9, 1.3, 1.8, 1.6, 1.3, 0.9, 0.6, 0.4};
static const double irrigation[12] = {0.15, 0.15, 0.4, 0.8, 1.0, 0.9, 0.8, 0.7, 0.4, 0.2, 0.1, 0.1};

static void put_months(buf *b, double base, const double *shape)
{
    put(b, "[");
    for (int m = 0; m < 12; m++)
        put(b, "%s%.4f", m ? "," : "", base * shape[m]);
    put(b, "]");
}

/* The generated scheme as JSON. */
static char *generate(long n, uint64_t seed, size_t *len)
{
    buf b = {malloc(1 << 20), 0, 1 << 20};
    long *parent = malloc((size_t)n * sizeof *parent);
    double *local = malloc((size_t)n * sizeof *local), *acc = calloc((size_t)n, sizeof *acc);
    if (!b.p || !parent || !local || !acc) {
        fprintf(stderr, "bench_allocation: out of memory\n");
        exit(1);
    }
    put(&b, "{\"id\":\"bench-%ld\",\"year\":2022,\"synthetic\":true,\"nodes\":[\n", n);
    for (long i = 0; i < n; i++) {
        parent[i] =
            i == 0 ? -1 : i - 1 - (long)(draw(seed, 1, (uint64_t)i, 0) * fmin(40, (double)i));
        local[i] = i == 0 ? 0 : 1 + 19 * draw(seed, 1, (uint64_t)i, 1);
        put(&b, "%s{\"code\":\"N%ld\",\"jurisdiction\":\"%s\",\"kind\":\"%s\"", i ? ",\n" : "", i,
            i % 2 ? "510000" : "500000", i == 0 ? "outlet" : "junction");
        if (i)
            put(&b, ",\"inflow_hm3\":"), put_months(&b, local[i], season);
        put(&b, "}");
    }
    /* natural flow (annual mean shape factor 1) accumulated downstream, for eco minima */
    for (long i = n - 1; i >= 1; i--) {
        acc[i] += local[i];
        acc[parent[i]] += acc[i] * 0.999;
    }
    put(&b, "],\n\"links\":[\n");
    for (long i = 1; i < n; i++) {
        put(&b,
            "%s{\"id\":\"R%ld\",\"from\":\"N%ld\",\"to\":\"N%ld\",\"kind\":\"river\","
            "\"loss\":0.001",
            i > 1 ? ",\n" : "", i, i, parent[i]);
        if (draw(seed, 2, (uint64_t)i, 0) < 0.05)
            put(&b, ",\"eco_min_hm3\":"), put_months(&b, 0.2 * acc[i] * 0.9, season);
        put(&b, "}");
        if (i % 100 == 0 && i > 200) {
            long to = i - 50 - (long)(draw(seed, 2, (uint64_t)i, 1) * 100);
            put(&b,
                ",\n{\"id\":\"D%ld\",\"from\":\"N%ld\",\"to\":\"N%ld\",\"kind\":\"diversion\","
                "\"capacity_hm3\":5,\"loss\":0.03}",
                i, i, to);
        }
    }
    /* return links are listed with the demands that use them */
    buf d = {malloc(1 << 20), 0, 1 << 20};
    static const char *const sectors[] = {"domestic", "industrial", "agricultural"};
    long nd = 0;
    for (long i = 1; i < n; i++) {
        if (draw(seed, 3, (uint64_t)i, 0) >= 0.5)
            continue;
        int two = draw(seed, 3, (uint64_t)i, 1) < 1.0 / 6;
        for (int k = 0; k <= two; k++) {
            int sec = (int)(draw(seed, 3, (uint64_t)i, 2u + (unsigned)k) * 3);
            int pri = sec == 0 ? 1 : 2 + (int)(draw(seed, 3, (uint64_t)i, 4u + (unsigned)k) * 2);
            double vol = 0.5 + 14.5 * draw(seed, 3, (uint64_t)i, 6u + (unsigned)k);
            double cons = 0.2 + 0.6 * draw(seed, 3, (uint64_t)i, 8u + (unsigned)k);
            int ret = draw(seed, 3, (uint64_t)i, 10u + (unsigned)k) < 0.1;
            put(&d,
                "%s{\"id\":\"U%ld\",\"node\":\"N%ld\",\"sector\":\"%s\",\"priority\":%d,"
                "\"consumptive\":%.3f,\"volume_hm3\":",
                nd ? ",\n" : "", nd, i, sectors[sec], pri, cons);
            static const double flat[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
            put_months(&d, vol, sec == 2 ? irrigation : flat);
            if (ret) {
                put(&d, ",\"return_link\":\"T%ld\"", nd);
                put(&b,
                    ",\n{\"id\":\"T%ld\",\"from\":\"N%ld\",\"to\":\"N%ld\",\"kind\":\"return\"}",
                    nd, i, parent[i]);
            }
            put(&d, "}");
            nd++;
        }
    }
    put(&b, "],\n\"demands\":[\n%s],\n", d.p ? d.p : "");
    put(&b, "\"shares\":[{\"id\":\"basin\",\"period\":\"year\",\"tolerance\":0.1,"
            "\"shares\":{\"510000\":0.5,\"500000\":0.5}}]}\n");
    free(d.p);
    free(parent);
    free(local);
    free(acc);
    *len = b.n;
    return b.p;
}

int main(int argc, char **argv)
{
    long n = 10000, repeat = 1;
    uint64_t seed = 20220601;
    const char *mode = "both", *lp = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--nodes") == 0 && i + 1 < argc)
            n = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc)
            mode = argv[++i];
        else if (strcmp(argv[i], "--lp") == 0 && i + 1 < argc)
            lp = argv[++i];
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = strtol(argv[++i], NULL, 10);
        else {
            fprintf(stderr, "usage: bench_allocation [--nodes N] [--seed X] [--mode "
                            "lexicographic|weighted|both] [--lp PATH] [--repeat R]\n");
            return 2;
        }
    }
    if (n < 2 || repeat < 1) {
        fprintf(stderr, "bench_allocation: --nodes >= 2 and --repeat >= 1\n");
        return 2;
    }
    size_t len;
    double t0 = now_s();
    char *json = generate(n, seed, &len);
    double t1 = now_s(), c1 = cpu_s();
    je_alloc_scheme s;
    je_error err;
    if (je_alloc_scheme_parse(json, len, "bench.json", &s, &err) != JE_OK) {
        char b[700];
        fprintf(stderr, "bench_allocation: %s\n", je_error_format(&err, b, sizeof b));
        return 1;
    }
    double t2 = now_s(), c2 = cpu_s();
    free(json);
    printf("nodes=%zu\nlinks=%zu\ndemands=%zu\nmonths=12\njson_bytes=%zu\ngenerate_s=%.3f\n"
           "parse_s=%.3f\nparse_cpu_s=%.3f\n",
           s.n_nodes, s.n_links, s.n_demands, len, t1 - t0, t2 - t1, c2 - c1);
    double want = 0;
    for (size_t k = 0; k < s.n_demands; k++)
        for (int m = 0; m < 12; m++)
            want += s.demands[k].volume_hm3[m];
    for (int md = 0; md < 2; md++) {
        const char *name = md == 0 ? "lexicographic" : "weighted";
        if (strcmp(mode, "both") != 0 && strcmp(mode, name) != 0)
            continue;
        double best = INFINITY, wall = INFINITY, cpu = INFINITY;
        for (long r = 0; r < repeat; r++) {
            je_alloc_options o;
            je_alloc_options_default(&o);
            o.mode = (je_alloc_priority_mode)md;
            o.lp_path = md == 0 && r == 0 ? lp : NULL;
            je_alloc_result res;
            double w0 = now_s(), u0 = cpu_s();
            je_status st = je_alloc_solve(&s, &o, &res, &err);
            double w1 = now_s(), u1 = cpu_s();
            if (st != JE_OK || !res.feasible) {
                fprintf(stderr, "bench_allocation: %s: %s\n", name,
                        st != JE_OK ? err.message
                                    : (res.n_issues ? res.issues[0].message : "infeasible"));
                return 1;
            }
            double got = 0;
            for (size_t k = 0; k < s.n_demands * 12; k++)
                got += res.delivered_hm3[k];
            if (r == 0)
                printf("%s_rows=%d\n%s_cols=%d\n%s_nonzeros=%zu\n%s_solves=%d\n"
                       "%s_delivered_pct=%.3f\n",
                       name, res.lp_rows, name, res.lp_cols, name, res.lp_nonzeros, name,
                       res.solves, name, 100.0 * got / want);
            best = fmin(best, res.seconds);
            wall = fmin(wall, w1 - w0);
            cpu = fmin(cpu, u1 - u0);
            je_alloc_result_free(&res);
        }
        printf("%s_solver_s=%.3f\n%s_wall_s=%.3f\n%s_cpu_s=%.3f\n", name, best, name, wall, name,
               cpu);
    }
    je_alloc_scheme_free(&s);
    return 0;
}
