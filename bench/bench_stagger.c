/*
 * bench_stagger.c — the staggered-production scheduler on a season and on a year
 * (see docs/BENCHMARKS.md, "Scheduler").
 *
 *   bench_stagger OUTDIR [--rules FILE] [--lines N] [--days D] [--big-lines N]
 *                        [--big-days D] [--mip-s S] [--big-mip-s S] [--threads T]
 *                        [--lagrange-s S] [--big-lagrange-s S] [--seed X]
 *                        [--write-lp FILE]
 *
 * Generates deterministic synthetic instances (splitmix64, seed 20261202) under the
 * shipped rule set (data/rules/stagger-chengyu-2023.json, every rule as shipped):
 *
 *   season: N lines (default 120) × D days (default 151) from 2022-11-01 (Nov–Mar);
 *   year:   N lines (default 1,000) × D days (default 365) from 2023-01-01.
 *
 * Lines sit in the demo's 15 clusters (data/demo/chengyu/generate_cement.py) in two
 * jurisdictions and 7 market regions, in proportion to the demo's line counts; sizes
 * 2,500–10,000 t/d and grades A 10 %, B 45 %, C 35 %, D 10 % drawn as the demo
 * draws them; about 7 % of the lines co-process MSW, 2 % make only special cement,
 * 2 % use carbide slag only, 1 % take ≥ 6 % hazardous waste (all exempt), 3 % make
 * 50–60 % special cement (half quota). Weights (exposure avoided by stopping a line
 * for a day) = the cluster's exposure potential × the line's emissions (capacity ×
 * grade factor) × a regional meteorology factor that follows an AR(1) process day to
 * day with a winter peak × ±15 % daily noise per line — the kind of variation a plume
 * model's transfer coefficients give. Demand: 40 % of each region's capacity every
 * day, imports capped at 10 % of the region's demand. No alerts.
 *
 * Runs, on the season: the heuristic (time, objective, checker verdict); the MILP
 * (T threads, default 2; target gap 0.5 %; limit S s, default 120, the heuristic's
 * time taken from it) started from
 * the heuristic's schedule (time, status, gap, objective, bound); the heuristic's gap
 * to the MILP bound; the uniform and random baselines (objective, violations). On the
 * year: the heuristic (time, checker verdict), then the MILP with a limit of
 * --big-mip-s (default 0 = not attempted) for a bound, and the Lagrangian bound for
 * --big-lagrange-s seconds (default 0 = not attempted); the heuristic's gap is
 * reported against the larger bound returned.
 *
 * Writes OUTDIR/stagger_season_lines.csv (the season's lines). Output: key=value
 * lines on stdout, a readable summary on stderr.
 */
#include "jointenv/core.h"
#include "jointenv/stagger.h"

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

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The demo's clusters: jurisdiction (0 Sichuan, 1 Chongqing), market region, lines. */
static const struct {
    const char *key;
    int jur, region, lines;
} CLUSTERS[] = {
    {"SC-GA", 0, 0, 10}, {"SC-DZ", 0, 0, 10}, {"SC-GY", 0, 1, 7},  {"SC-MY", 0, 1, 9},
    {"SC-DP", 0, 2, 8},  {"SC-MS", 0, 2, 7},  {"SC-LS", 0, 3, 13}, {"SC-YB", 0, 3, 10},
    {"CQ-WZ", 1, 4, 8},  {"CQ-ZHX", 1, 4, 6}, {"CQ-FL", 1, 5, 8},  {"CQ-CS", 1, 5, 5},
    {"CQ-HC", 1, 6, 6},  {"CQ-YC", 1, 6, 5},  {"CQ-QJ", 1, 6, 8},
};
#define N_CLUSTERS (sizeof CLUSTERS / sizeof CLUSTERS[0])
#define N_REGIONS 7
static const char *REGION_NAMES[N_REGIONS] = {"SC-NE", "SC-N", "SC-W", "SC-S",
                                              "CQ-NE", "CQ-C", "CQ-W"};
static const double SIZES[][2] = {{2500, 0.22}, {4500, 0.20}, {5000, 0.30},
                                  {6000, 0.12}, {6700, 0.08}, {10000, 0.08}};
static const double GRADE_SHARE[JE_GRADE_COUNT] = {0.10, 0.45, 0.35, 0.10};
/* emissions per t of clinker by grade (A ultra-low … D general), relative */
static const double GRADE_EMIT[JE_GRADE_COUNT] = {0.35, 0.6, 1.0, 1.25};
/* meteorology: the month's mean dispersion penalty (Jan … Dec), winter highest */
static const double MONTH_MET[12] = {1.35, 1.2, 0.95, 0.8,  0.7,  0.65,
                                     0.6,  0.6, 0.7,  0.85, 1.05, 1.3};
#define DEMAND_SHARE 0.40
#define IMPORT_SHARE 0.10

typedef struct instance {
    size_t L, D;
    je_stagger_line *lines;
    char (*codes)[24];
    int *cluster;
    double *w, *demand, *imp;
    je_stagger_problem p;
} instance;

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fprintf(stderr, "bench_stagger: out of memory\n");
        exit(1);
    }
    return p;
}

/* approximately N(0, 1) from 4 uniforms */
static double gauss4(uint64_t seed, uint64_t s, uint64_t i)
{
    double t = 0;
    for (unsigned k = 0; k < 4; k++)
        t += draw(seed, s, i, 8 + k);
    return (t - 2.0) * 1.7320508075688772;
}

static void instance_make(instance *in, size_t L, size_t D, int64_t first_day, uint64_t seed)
{
    memset(in, 0, sizeof *in);
    in->L = L;
    in->D = D;
    in->lines = xcalloc(L, sizeof *in->lines);
    in->codes = xcalloc(L, sizeof *in->codes);
    in->cluster = xcalloc(L, sizeof *in->cluster);
    in->w = xcalloc(L * D, sizeof *in->w);
    in->demand = xcalloc(N_REGIONS * D, sizeof *in->demand);
    in->imp = xcalloc(N_REGIONS, sizeof *in->imp);
    int total = 0;
    for (size_t c = 0; c < N_CLUSTERS; c++)
        total += CLUSTERS[c].lines;
    /* exposure potential of each cluster (nearness to population), 0.5–3 */
    double potential[N_CLUSTERS];
    for (size_t c = 0; c < N_CLUSTERS; c++)
        potential[c] = 0.5 + 2.5 * draw(seed, 1, c, 0);
    int count[N_CLUSTERS] = {0};
    double region_cap[N_REGIONS] = {0};
    for (size_t l = 0; l < L; l++) {
        /* cluster c holds lines in proportion to the demo's counts */
        double pos = ((double)l + 0.5) * total / (double)L;
        size_t c = 0;
        int cum = CLUSTERS[0].lines;
        while (c + 1 < N_CLUSTERS && pos >= cum)
            cum += CLUSTERS[++c].lines;
        in->cluster[l] = (int)c;
        snprintf(in->codes[l], sizeof in->codes[l], "%s-L%02d", CLUSTERS[c].key, ++count[c]);
        je_stagger_line *ln = &in->lines[l];
        ln->code = in->codes[l];
        ln->jurisdiction = CLUSTERS[c].jur;
        ln->region = CLUSTERS[c].region;
        ln->city = -1;
        double u = draw(seed, 2, l, 0), acc = 0;
        ln->capacity_t_d = SIZES[5][0];
        for (size_t k = 0; k < 6; k++)
            if (u < (acc += SIZES[k][1])) {
                ln->capacity_t_d = SIZES[k][0];
                break;
            }
        u = draw(seed, 2, l, 1);
        acc = 0;
        ln->grade = JE_GRADE_D;
        for (int g = 0; g < JE_GRADE_COUNT; g++)
            if (u < (acc += GRADE_SHARE[g])) {
                ln->grade = (je_grade)g;
                break;
            }
        u = draw(seed, 2, l, 2);
        if (u < 0.067)
            ln->msw_coprocessing = 1;
        else if (u < 0.084)
            ln->special_cement_share = 1.0;
        else if (u < 0.101)
            ln->carbide_slag_only = 1;
        else if (u < 0.110)
            ln->hazardous_waste_share = 0.06 + 0.04 * draw(seed, 2, l, 3);
        else if (u < 0.140)
            ln->special_cement_share = 0.5 + 0.1 * draw(seed, 2, l, 3);
        else if (u < 0.200)
            ln->special_cement_share = 0.1 + 0.3 * draw(seed, 2, l, 3);
        else if (u < 0.250)
            ln->hazardous_waste_share = 0.05 * draw(seed, 2, l, 3);
        region_cap[ln->region] += ln->capacity_t_d;
    }
    /* regional meteorology: AR(1) in log space around the month's mean */
    double *met = xcalloc(N_REGIONS * D, sizeof *met);
    for (size_t r = 0; r < N_REGIONS; r++) {
        double x = gauss4(seed, 3, r * 100000);
        for (size_t d = 0; d < D; d++) {
            x = 0.8 * x + 0.6 * gauss4(seed, 3, r * 100000 + d + 1);
            int y, m, dd;
            je_civil_from_days(first_day + (int64_t)d, &y, &m, &dd);
            met[r * D + d] = MONTH_MET[m - 1] * exp(0.45 * x);
        }
    }
    for (size_t l = 0; l < L; l++) {
        const je_stagger_line *ln = &in->lines[l];
        double base = potential[in->cluster[l]] * (0.7 + 0.6 * draw(seed, 4, l, 0)) *
                      ln->capacity_t_d / 5000.0 * GRADE_EMIT[ln->grade];
        for (size_t d = 0; d < D; d++)
            in->w[l * D + d] =
                base * met[(size_t)ln->region * D + d] * (0.85 + 0.3 * draw(seed, 5, l * D + d, 0));
    }
    free(met);
    for (size_t r = 0; r < N_REGIONS; r++) {
        for (size_t d = 0; d < D; d++)
            in->demand[r * D + d] = DEMAND_SHARE * region_cap[r];
        in->imp[r] = IMPORT_SHARE * DEMAND_SHARE * region_cap[r];
    }
    in->p = (je_stagger_problem){.n_lines = L,
                                 .lines = in->lines,
                                 .n_days = D,
                                 .first_day = first_day,
                                 .weight = in->w,
                                 .n_jurisdictions = 2,
                                 .n_regions = N_REGIONS,
                                 .demand_t_d = in->demand,
                                 .import_cap_t_d = in->imp};
}

static void instance_free(instance *in)
{
    free(in->lines);
    free(in->codes);
    free(in->cluster);
    free(in->w);
    free(in->demand);
    free(in->imp);
}

static void write_lines(const instance *in, const je_stagger_rules *r, const char *path)
{
    out o;
    out_open(&o, path);
    out_str(&o, "line,jurisdiction,region,capacity_t_d,grade,special_cement_share,"
                "carbide_slag_only,msw_coprocessing,hazardous_waste_share,quota_days\n");
    for (size_t l = 0; l < in->L; l++) {
        const je_stagger_line *ln = &in->lines[l];
        int q = 0;
        je_stagger_quota(&in->p, r, l, &q, NULL);
        char buf[256];
        int n = snprintf(buf, sizeof buf, "%s,%s,%s,%.0f,%s,%.3f,%d,%d,%.3f,%d\n", ln->code,
                         ln->jurisdiction ? "500000" : "510000", REGION_NAMES[ln->region],
                         ln->capacity_t_d, je_grade_name(ln->grade), ln->special_cement_share,
                         ln->carbide_slag_only, ln->msw_coprocessing, ln->hazardous_waste_share, q);
        out_mem(&o, buf, (size_t)n);
    }
    out_close(&o);
}

/* Checker verdict: violations found (0 = feasible); −1 when the check failed. */
static long check(const instance *in, const je_stagger_rules *r, const uint8_t *stop)
{
    if (!stop)
        return -1;
    je_stagger_report rep;
    je_error e;
    je_error_clear(&e);
    if (je_stagger_check(&in->p, r, stop, 0, &rep, &e) != JE_OK) {
        fprintf(stderr, "bench_stagger: check failed: %s\n", e.message);
        return -1;
    }
    long n = (long)rep.total;
    je_stagger_report_free(&rep);
    return n;
}

static void plan(const instance *in, const je_stagger_rules *r, const je_stagger_options *o,
                 je_stagger_result *res, double *wall)
{
    je_error e;
    je_error_clear(&e);
    double t0 = now();
    je_status st = je_stagger_plan(&in->p, r, o, res, &e);
    *wall = now() - t0;
    if (st != JE_OK) {
        fprintf(stderr, "bench_stagger: je_stagger_plan (%s) failed: %s\n",
                o->solver == JE_STAGGER_MIP ? "MIP" : "heuristic", e.message);
        exit(1);
    }
}

static const char *verdict(long v)
{
    return v == 0 ? "feasible" : v < 0 ? "no-schedule" : "infeasible";
}

/* key=value for a double, "none" when not finite */
static void kvd(const char *key, double v, const char *fmt)
{
    printf("%s=", key);
    if (isfinite(v))
        printf(fmt, v);
    else
        printf("none");
    printf("\n");
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_stagger OUTDIR [--rules FILE] [--lines N] [--days D] "
                    "[--big-lines N] [--big-days D] [--mip-s S] [--big-mip-s S] "
                    "[--lagrange-s S] [--big-lagrange-s S] [--threads T] [--seed X] "
                    "[--write-lp FILE]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    gen_set_prog("bench_stagger");
    if (argc < 2 || argv[1][0] == '-')
        usage();
    const char *dir = argv[1];
    const char *rules_path = "data/rules/stagger-chengyu-2023.json";
    const char *lp_path = NULL; /* --write-lp: the season MILP in LP format */
    size_t L = 120, D = 151, BL = 1000, BD = 365;
    double mip_s = 120, big_mip_s = 0, lag_s = 20, big_lag_s = 0;
    int threads = 2;
    uint64_t seed = 20261202;
    for (int i = 2; i < argc; i++) {
        if (i + 1 >= argc)
            usage();
        const char *k = argv[i], *v = argv[++i];
        if (strcmp(k, "--rules") == 0)
            rules_path = v;
        else if (strcmp(k, "--lines") == 0)
            L = (size_t)strtoull(v, NULL, 10);
        else if (strcmp(k, "--days") == 0)
            D = (size_t)strtoull(v, NULL, 10);
        else if (strcmp(k, "--big-lines") == 0)
            BL = (size_t)strtoull(v, NULL, 10);
        else if (strcmp(k, "--big-days") == 0)
            BD = (size_t)strtoull(v, NULL, 10);
        else if (strcmp(k, "--mip-s") == 0)
            mip_s = strtod(v, NULL);
        else if (strcmp(k, "--big-mip-s") == 0)
            big_mip_s = strtod(v, NULL);
        else if (strcmp(k, "--lagrange-s") == 0)
            lag_s = strtod(v, NULL);
        else if (strcmp(k, "--threads") == 0)
            threads = atoi(v);
        else if (strcmp(k, "--big-lagrange-s") == 0)
            big_lag_s = atof(v);
        else if (strcmp(k, "--write-lp") == 0)
            lp_path = v;
        else if (strcmp(k, "--seed") == 0)
            seed = strtoull(v, NULL, 10);
        else
            usage();
    }
    if (!L || !D || mip_s <= 0 || threads < 1)
        usage();

    je_stagger_rules rules;
    je_error e;
    je_error_clear(&e);
    if (je_stagger_rules_load(rules_path, &rules, &e) != JE_OK) {
        fprintf(stderr, "bench_stagger: %s\n", e.message);
        return 1;
    }
    printf("rules=%s\nseed=%llu\nthreads=%d\nmip_limit_s=%g\n", rules.id, (unsigned long long)seed,
           threads, mip_s);

    /* ---- season ---- */
    instance s;
    instance_make(&s, L, D, je_days_from_civil(2022, 11, 1), seed);
    char path[4096];
    snprintf(path, sizeof path, "%s/stagger_season_lines.csv", dir);
    write_lines(&s, &rules, path);
    size_t exempt = 0;
    long quota_days = 0;
    for (size_t l = 0; l < L; l++) {
        int q = 0;
        je_stagger_quota(&s.p, &rules, l, &q, NULL);
        quota_days += q;
        exempt += je_stagger_multiplier(&rules, &s.lines[l]) == 0;
    }
    printf("season_lines=%zu\nseason_days=%zu\nseason_exempt=%zu\nseason_quota_days=%ld\n", L, D,
           exempt, quota_days);
    fprintf(stderr, "season: %zu lines (%zu exempt) x %zu days from 2022-11-01, %ld quota days\n",
            L, exempt, D, quota_days);

    je_stagger_options ho = {.solver = JE_STAGGER_HEURISTIC, .seed = 7};
    je_stagger_result h;
    double h_wall;
    plan(&s, &rules, &ho, &h, &h_wall);
    long h_viol = check(&s, &rules, h.stop);
    printf("heur_status=%s\nheur_seconds=%.3f\nheur_exposure=%.2f\nheur_check=%s\n"
           "heur_violations=%ld\n",
           je_stagger_status_name(h.status), h_wall, h.exposure, verdict(h_viol), h_viol);
    fprintf(stderr, "  heuristic: %s in %.3f s, exposure %.1f, checker: %s\n",
            je_stagger_status_name(h.status), h_wall, h.exposure, verdict(h_viol));
    fprintf(stderr, "  %s\n", h.message);

    /* the Lagrangian dual bound alone (je_stagger_lagrange_bound), towards the
       heuristic's exposure */
    if (lag_s > 0 && h.stop) {
        double lb = NAN, t0 = now();
        int exact = 0;
        je_error_clear(&e);
        if (je_stagger_lagrange_bound(&s.p, &rules, h.exposure, lag_s, &lb, &exact, &e) != JE_OK) {
            fprintf(stderr, "bench_stagger: Lagrangian bound: %s\n", e.message);
            return 1;
        }
        double lw = now() - t0;
        printf("lag_limit_s=%g\nlag_seconds=%.3f\nlag_exact=%d\n", lag_s, lw, exact);
        kvd("lag_bound", lb, "%.2f");
        kvd("heur_lag_gap_pct", 100 * (h.exposure - lb) / h.exposure, "%.3f");
        fprintf(stderr, "  Lagrangian bound %.1f in %.1f s (%s): heuristic within %.3f %%\n", lb,
                lw, exact ? "every line rule exact" : "some line rules relaxed",
                100 * (h.exposure - lb) / h.exposure);
    }

    /* the heuristic's start counts in the MILP's time: the limit is the whole solve's */
    je_stagger_options mo = {.solver = JE_STAGGER_MIP,
                             .time_limit_s = fmax(1, mip_s - h_wall),
                             .rel_gap = 0.005,
                             .threads = threads,
                             .seed = 7,
                             .start = h.stop,
                             .lp_path = lp_path};
    je_stagger_result m;
    double m_wall;
    fprintf(stderr, "  MIP (CBC, %d threads, gap 0.5 %%, limit %g s, heuristic start) ...\n",
            threads, mip_s);
    plan(&s, &rules, &mo, &m, &m_wall);
    long m_viol = check(&s, &rules, m.stop);
    double h_gap = (isfinite(m.bound) && h.stop) ? (h.exposure - m.bound) / h.exposure : NAN;
    printf("mip_status=%s\nmip_seconds=%.3f\nmip_total_seconds=%.3f\n",
           je_stagger_status_name(m.status), m_wall, h_wall + m_wall);
    kvd("mip_exposure", m.stop ? m.exposure : NAN, "%.2f");
    kvd("mip_bound", m.bound, "%.2f");
    kvd("mip_bound_cbc", m.bound_mip, "%.2f");
    kvd("mip_bound_lagrange", m.bound_lagrange, "%.2f");
    printf("mip_bound_by=%s\n", m.bound_by[0] ? m.bound_by : "none");
    kvd("mip_gap_pct", 100 * m.gap, "%.3f");
    kvd("heur_gap_pct", 100 * h_gap, "%.3f");
    printf("mip_check=%s\n", verdict(m_viol));
    fprintf(stderr,
            "  MIP: %s in %.1f s, exposure %.1f, bound %.1f (%s; CBC %.1f, Lagrangian %.1f), "
            "gap %.3f %%; checker: %s\n",
            je_stagger_status_name(m.status), m_wall, m.exposure, m.bound, m.bound_by, m.bound_mip,
            m.bound_lagrange, 100 * m.gap, verdict(m_viol));
    fprintf(stderr, "  %s\n", m.message);
    fprintf(stderr, "  heuristic gap to the MIP bound: %.3f %%\n", 100 * h_gap);

    static const char *bname[2] = {"uniform", "random"};
    for (int k = 0; k < 2; k++) {
        uint8_t *b = NULL;
        je_error_clear(&e);
        if (je_stagger_baseline(&s.p, &rules, (je_stagger_baseline_kind)k, 3, &b, &e) != JE_OK) {
            fprintf(stderr, "bench_stagger: baseline %s: %s\n", bname[k], e.message);
            return 1;
        }
        double ex = je_stagger_exposure(&s.p, &rules, b);
        long v = check(&s, &rules, b);
        printf("%s_exposure=%.2f\n%s_violations=%ld\n", bname[k], ex, bname[k], v);
        fprintf(stderr, "  %s baseline: exposure %.1f (%+.2f %% vs heuristic), %ld violations\n",
                bname[k], ex, 100 * (ex - h.exposure) / h.exposure, v);
        free(b);
    }
    je_stagger_result_free(&m);
    je_stagger_result_free(&h);
    instance_free(&s);

    /* ---- year ---- */
    if (BL && BD) {
        instance y;
        instance_make(&y, BL, BD, je_days_from_civil(2023, 1, 1), seed + 1);
        printf("year_lines=%zu\nyear_days=%zu\n", BL, BD);
        fprintf(stderr, "year: %zu lines x %zu days from 2023-01-01\n", BL, BD);
        je_stagger_result yh;
        double yh_wall;
        plan(&y, &rules, &ho, &yh, &yh_wall);
        long yv = check(&y, &rules, yh.stop);
        printf("year_heur_status=%s\nyear_heur_seconds=%.3f\nyear_heur_exposure=%.2f\n"
               "year_heur_check=%s\nyear_heur_violations=%ld\n",
               je_stagger_status_name(yh.status), yh_wall, yh.exposure, verdict(yv), yv);
        fprintf(stderr, "  heuristic: %s in %.3f s, exposure %.1f, checker: %s\n",
                je_stagger_status_name(yh.status), yh_wall, yh.exposure, verdict(yv));
        fprintf(stderr, "  %s\n", yh.message);
        double ybound = NAN, ym_wall = 0;
        if (big_mip_s > 0 && yh.stop) {
            je_stagger_options yo = mo;
            yo.time_limit_s = big_mip_s;
            yo.start = yh.stop;
            je_stagger_result ym;
            fprintf(stderr, "  MIP for a bound (limit %g s) ...\n", big_mip_s);
            plan(&y, &rules, &yo, &ym, &ym_wall);
            ybound = ym.bound;
            printf("year_mip_status=%s\nyear_mip_seconds=%.3f\n", je_stagger_status_name(ym.status),
                   ym_wall);
            je_stagger_result_free(&ym);
        }
        /* the Lagrangian bound (each line's rules by its exact DP, the shared rows
           priced): a bound on the year where the MILP (over a million columns) gives
           none */
        const char *yby = isfinite(ybound) ? "cbc" : "none";
        if (big_lag_s > 0 && yh.stop) {
            double lb = NAN, t0 = now();
            int exact = 0;
            je_error_clear(&e);
            if (je_stagger_lagrange_bound(&y.p, &rules, yh.exposure, big_lag_s, &lb, &exact, &e) !=
                JE_OK) {
                fprintf(stderr, "bench_stagger: year Lagrangian bound: %s\n", e.message);
                return 1;
            }
            printf("year_lag_limit_s=%g\nyear_lag_seconds=%.3f\nyear_lag_exact=%d\n", big_lag_s,
                   now() - t0, exact);
            kvd("year_lag_bound", lb, "%.2f");
            fprintf(stderr, "  Lagrangian bound %.1f in %.1f s (%s)\n", lb, now() - t0,
                    exact ? "every line rule exact" : "some line rules relaxed");
            if (isfinite(lb) && !(lb <= ybound)) {
                ybound = lb;
                yby = "lagrangian";
            }
        }
        double ygap = (isfinite(ybound) && yh.stop) ? (yh.exposure - ybound) / yh.exposure : NAN;
        printf("year_mip_limit_s=%g\n", big_mip_s);
        kvd("year_bound", ybound, "%.2f");
        printf("year_bound_by=%s\n", yby);
        kvd("year_heur_gap_pct", 100 * ygap, "%.3f");
        if (isfinite(ygap))
            fprintf(stderr, "  heuristic gap to the %s bound: %.3f %%\n", yby, 100 * ygap);
        else
            fprintf(stderr, "  gap: none (%s)\n",
                    big_mip_s > 0 || big_lag_s > 0 ? "no bound within the limits"
                                                   : "no bound asked for");
        je_stagger_result_free(&yh);
        instance_free(&y);
    }
    return 0;
}
