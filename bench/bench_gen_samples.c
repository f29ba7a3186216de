/*
 * bench_gen_samples.c — writes the input files of the import benchmark (see
 * docs/BENCHMARKS.md): jurisdictions.csv, sections.csv and a wide water-sample CSV
 * with the "9+X" routine items (section,sampled_at,ph,do,codmn,cod,bod5,nh3n,tp,tn,
 * fcoli).
 *
 *   bench_gen_samples OUTDIR [--rows N] [--sections S] [--seed X] [--order time|section]
 *                     [--layout wide|long]
 * --layout long writes one row per value (section,sampled_at,item,value), the layout
 * of laboratory and WQX-style exports; N then counts values, not samples.
 *
 * Deterministic: the same arguments write the same bytes. Times are hourly from
 * 2020-01-01T00:00 local time (ISO 8601 without an offset), distinct per section. With
 * --order time (the default) the file reads like an hourly feed of automatic stations:
 * for every hour one row per section; --order section writes each section's whole
 * series in turn.
 *
 * Values are plausible: every section has a usual quality level (mostly II–III, some
 * IV–劣V); each hour the level moves a little and every item lands in a class at or
 * somewhat better than that level, uniformly inside the class band of GB 3838-2002
 * Table 1, rounded as laboratories report it. NH3-N below 0.025 mg/L and TP below
 * 0.01 mg/L are written as "0.025L"/"0.01L" (below the detection limit), and about 2 %
 * of the fecal coliform cells are empty (not measured).
 */
#include "jointenv/core.h"

#include "gen_out.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- random numbers: splitmix64, one stream */
static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* uniform in [0, 1) */
static double rng_unit(void)
{
    return (double)(rng_next() >> 11) * 0x1.0p-53;
}

/* ---- the items and their class bands (GB 3838-2002 Table 1, rivers) */
enum { NITEMS = 9 };
static const char *const item_code[NITEMS] = {"ph",   "do", "codmn", "cod",  "bod5",
                                              "nh3n", "tp", "tn",    "fcoli"};
static const int item_dec[NITEMS] = {2, 2, 1, 0, 1, 3, 3, 2, 0};
/* Upper limits of classes I..V for the "not more than" items; band of class 6 (劣V)
   runs to twice the class V limit, band of class I starts at a tenth of its limit. */
static const double le_limit[NITEMS][5] = {
    {0, 0, 0, 0, 0},                            /* pH: range 6–9, handled apart */
    {7.5, 6.0, 5.0, 3.0, 2.0},                  /* DO: minimum, handled apart */
    {2.0, 4.0, 6.0, 10.0, 15.0},                /* CODMn */
    {15.0, 15.0, 20.0, 30.0, 40.0},             /* COD */
    {3.0, 3.0, 4.0, 6.0, 10.0},                 /* BOD5 */
    {0.15, 0.5, 1.0, 1.5, 2.0},                 /* NH3-N */
    {0.02, 0.1, 0.2, 0.3, 0.4},                 /* TP (rivers) */
    {0.2, 0.5, 1.0, 1.5, 2.0},                  /* TN */
    {200.0, 2000.0, 10000.0, 20000.0, 40000.0}, /* fecal coliform, count/L */
};

/* A value of item i in class k (1..6). */
static double value_in_class(int i, int k)
{
    double u = rng_unit();
    if (i == 0) /* pH: inside 6–9 except for some of the worst samples */
        return k == 6 ? 9.05 + 0.6 * u : 6.6 + 2.2 * u;
    if (i == 1) { /* DO: class k is [limit k, limit k-1) */
        double lo = k == 6 ? 0.5 : le_limit[1][k - 1];
        double hi = k == 1 ? 11.0 : le_limit[1][k - 2];
        return lo + u * (hi - lo);
    }
    double lo = k == 1 ? le_limit[i][0] * 0.1 : le_limit[i][k - 2];
    double hi = k == 6 ? le_limit[i][4] * 2.0 : le_limit[i][k - 1];
    return hi - u * (hi - lo); /* (lo, hi] */
}

/* ---- sections */
typedef struct section {
    char code[16];
    int base; /* usual class level 1..6 */
} section;

static const char *const basin_zh[] = {"长江干流及直接支流", "嘉陵江", "沱江", "岷江", "乌江"};
static const char *const basin_en[] = {"Yangtze main stem", "Jialing River basin",
                                       "Tuo River basin", "Min River basin", "Wu River basin"};

static void write_sections(const char *dir, section *sec, int n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/sections.csv", dir);
    out o;
    out_open(&o, path);
    out_str(&o, "code,name_zh,name_en,river_code,river_zh,river_en,basin_code,basin_zh,"
                "basin_en,lon,lat,kind,owner,upstream,downstream,target_class,waterbody\n");
    /* usual level: I 6 %, II 42 %, III 32 %, IV 12 %, V 5 %, 劣V 3 % */
    static const double cum[] = {0.06, 0.48, 0.80, 0.92, 0.97};
    static const char *const roman[] = {"I", "II", "III", "IV", "V"};
    for (int s = 0; s < n; s++) {
        int river = s / 8, basin = river % 5;
        double u = rng_unit();
        int base = 1;
        while (base <= 5 && u >= cum[base - 1])
            base++;
        sec[s].base = base;
        snprintf(sec[s].code, sizeof sec[s].code, "BS%04d", s + 1);
        double r = rng_unit();
        const char *kind = r < 0.3 ? "national" : r < 0.85 ? "provincial" : "boundary";
        int sichuan = rng_unit() < 0.6;
        const char *owner = sichuan ? "510000" : "500000";
        const char *up = "", *down = "";
        if (kind[0] == 'b') {
            up = sichuan ? "510000" : "500000";
            down = sichuan ? "500000" : "510000";
        }
        int target = base <= 2 ? 2 : 3;
        char line[1024];
        snprintf(line, sizeof line,
                 "%s,测试断面%d,Bench section %d,BR%03d,测试河%d,Bench river %d,BB%d,%s,%s,"
                 "%.4f,%.4f,%s,%s,%s,%s,%s,%s\n",
                 sec[s].code, s + 1, s + 1, river + 1, river + 1, river + 1, basin + 1,
                 basin_zh[basin], basin_en[basin], 103.0 + 6.0 * rng_unit(),
                 28.0 + 4.0 * rng_unit(), kind, owner, up, down, roman[target - 1],
                 rng_unit() < 0.1 ? "lake" : "river");
        out_str(&o, line);
    }
    out_close(&o);
}

/* ---- samples */

/* "YYYY-MM-DDThh:mm" of hour h after 2020-01-01T00:00 (buf: 32 bytes) */
static void hour_text(long h, char *buf)
{
    int64_t days = je_days_from_civil(2020, 1, 1) + h / 24;
    int y, m, d;
    je_civil_from_days(days, &y, &m, &d);
    snprintf(buf, 32, "%04d-%02d-%02dT%02d:00", y, m, d, (int)(h % 24));
}

/* One sample of a section at one hour: this hour's level is the usual one, sometimes a
 * class better or worse, and each item falls in that class or up to two better.
 * present[i] is 0 for a value not measured. The draws are made in a fixed order, so a
 * seed gives the same data in both layouts. */
static void draw_sample(const section *sec, double v[NITEMS], int present[NITEMS])
{
    double u = rng_unit();
    int q = sec->base + (u < 0.15 ? -1 : u < 0.85 ? 0 : u < 0.95 ? 1 : 2);
    q = q < 1 ? 1 : q > 6 ? 6 : q;
    for (int i = 0; i < NITEMS; i++) {
        double d = rng_unit();
        int k = q - (d < 0.4 ? 0 : d < 0.75 ? 1 : 2);
        if (k < 1)
            k = 1;
        if (i == 0 && k == 6 && d >= 0.1)
            k = 5; /* pH out of 6–9 only for a few of the worst samples */
        v[i] = value_in_class(i, k);
        present[i] = !(i == 8 && rng_unit() < 0.02); /* fecal coliform not measured */
    }
}

/* A value as laboratories write it; low NH3-N and TP below the detection limit. */
static void write_value(out *o, int i, double v)
{
    if (i == 5 && v < 0.025)
        out_str(o, "0.025L");
    else if (i == 6 && v < 0.01)
        out_str(o, "0.01L");
    else
        out_fixed(o, v, item_dec[i]);
}

/* Long layout: one "section,when,item,value" row per measured value; returns rows. */
static long write_rows_long(out *o, const section *sec, const char *when, long max_rows)
{
    double v[NITEMS];
    int present[NITEMS];
    draw_sample(sec, v, present);
    long n = 0;
    for (int i = 0; i < NITEMS && n < max_rows; i++) {
        if (!present[i])
            continue;
        out_str(o, sec->code);
        out_str(o, ",");
        out_str(o, when);
        out_str(o, ",");
        out_str(o, item_code[i]);
        out_str(o, ",");
        write_value(o, i, v[i]);
        out_str(o, "\n");
        n++;
    }
    return n;
}

static void write_row(out *o, const section *sec, const char *when)
{
    char *p = out_room(o, 256);
    size_t n = strlen(sec->code);
    memcpy(p, sec->code, n);
    p[n++] = ',';
    memcpy(p + n, when, 16);
    n += 16;
    o->len += n;
    double v[NITEMS];
    int present[NITEMS];
    draw_sample(sec, v, present);
    for (int i = 0; i < NITEMS; i++) {
        out_str(o, ",");
        if (present[i])
            write_value(o, i, v[i]);
    }
    out_str(o, "\n");
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_gen_samples OUTDIR [--rows N] [--sections S] [--seed X] "
                    "[--order time|section] [--layout wide|long]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    gen_set_prog("bench_gen_samples");
    if (argc < 2)
        usage();
    const char *dir = argv[1];
    long rows = 5000000, nsec = 200;
    uint64_t seed = 20261129;
    int by_section = 0, long_layout = 0;
    for (int i = 2; i < argc; i++) {
        if (i + 1 >= argc)
            usage();
        if (strcmp(argv[i], "--rows") == 0)
            rows = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--sections") == 0)
            nsec = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--order") == 0) {
            const char *v = argv[++i];
            if (strcmp(v, "time") != 0 && strcmp(v, "section") != 0)
                usage();
            by_section = v[0] == 's';
        } else if (strcmp(argv[i], "--layout") == 0) {
            const char *v = argv[++i];
            if (strcmp(v, "wide") != 0 && strcmp(v, "long") != 0)
                usage();
            long_layout = v[0] == 'l';
        } else
            usage();
    }
    if (rows < 1 || nsec < 1 || nsec > 9999)
        usage();
    rng_state = seed;
    section *sec = calloc((size_t)nsec, sizeof *sec);
    if (sec == NULL)
        return 1;
    gen_write_jurisdictions(dir);
    write_sections(dir, sec, (int)nsec);

    char path[4096];
    snprintf(path, sizeof path, "%s/%s.csv", dir, long_layout ? "samples_long" : "samples");
    out o;
    out_open(&o, path);
    if (long_layout) {
        /* values, time-ordered like an hourly feed: every hour, every section */
        out_str(&o, "section,sampled_at,item,value\n");
        char when_l[32];
        long written = 0;
        for (long h = 0; written < rows; h++) {
            hour_text(h, when_l);
            for (long s = 0; s < nsec && written < rows; s++)
                written += write_rows_long(&o, &sec[s], when_l, rows - written);
        }
        out_close(&o);
        fprintf(stderr, "generated %s: %ld rows (long layout)\n", path, rows);
        free(sec);
        return 0;
    }
    for (int i = 0; i < NITEMS; i++) {
        out_str(&o, i ? "," : "section,sampled_at,");
        out_str(&o, item_code[i]);
    }
    out_str(&o, "\n");
    long hours = (rows + nsec - 1) / nsec;
    int tty = isatty(STDERR_FILENO);
    long step = rows / 100 > 0 ? rows / 100 : 1, next = 0;
    char when[32];
    for (long r = 0; r < rows; r++) {
        long s = by_section ? r / hours : r % nsec;
        long h = by_section ? r % hours : r / nsec;
        if (by_section || s == 0 || r == 0)
            hour_text(h, when);
        write_row(&o, &sec[s], when);
        if (tty && r >= next) {
            fprintf(stderr, "\rgenerating %s: %ld / %ld rows (%ld%%)", path, r, rows,
                    r * 100 / rows);
            next += step;
        }
    }
    out_close(&o);
    fprintf(stderr, "%sgenerated %s: %ld rows\n", tty ? "\r\033[K" : "", path, rows);
    free(sec);
    return 0;
}
