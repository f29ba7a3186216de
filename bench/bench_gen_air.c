/*
 * bench_gen_air.c — writes the input files of the air benchmark (see
 * docs/BENCHMARKS.md, "Air: import, daily aggregation, AQI"): jurisdictions.csv,
 * air_stations.csv and air_hourly.csv, one year of hourly observations of the six AQI
 * pollutants at every station.
 *
 *   bench_gen_air OUTDIR [--stations N] [--days D] [--seed X]
 *
 * N stations (default 2000) in min(N, 100) cities, 60 % of the cities in Sichuan
 * (510000) and 40 % in Chongqing (500000); D days (default 365) from 2022-01-01.
 * air_hourly.csv has the columns station,time,so2,no2,co,o3,pm10,pm25, one row per
 * station and hour, ordered by station then time; time is the local start of the hour
 * ("2022-01-01T00:00"); µg/m³ as integers, CO in mg/m³ with one decimal.
 *
 * Deterministic: the same arguments write the same bytes on every platform. Random
 * numbers come from splitmix64 and only +, −, ×, ÷ are used on them (the exponential
 * below is a polynomial, the normal deviates sums of uniforms), so no libm function
 * whose last bit may differ between C libraries shapes the data.
 *
 * Shapes (Sichuan basin-like):
 *  - PM2.5: a city level × a monthly factor (winter about 3× summer) × a city "weather"
 *    factor that follows an AR(1) process from day to day (multi-day episodes shared
 *    by the city's stations) × a diurnal profile × station and hourly noise. Winter
 *    episodes push some station-days above 150 µg/m³ (AQI > 200). PM10 is PM2.5 times
 *    a station ratio of 1.4–1.9.
 *  - NO2 and CO: rush-hour diurnal profile, higher in winter, half the PM weather.
 *  - SO2: low (a few µg/m³ to a few tens).
 *  - O3: a daytime bell peaking at 15:00 whose amplitude follows the season (summer
 *    about 3× winter) and a city AR(1) factor of its own: summer days with a daily
 *    maximum 8-hour mean above 160 and 1-hour peaks above 200 µg/m³.
 *  - Missing data, about 1 % of the cells: station outages (all six cells empty for
 *    1–30 consecutive hours, so some days fall under the 20-hour and 14-window minima)
 *    and single empty cells.
 */
#include "jointenv/core.h"

#include "gen_out.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- random numbers: splitmix64 */
typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* uniform in [0, 1) */
static double rng_unit(rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* approximately standard normal: the sum of four uniforms, centred and scaled
   (Irwin–Hall; variance 4/12) */
static double rng_normal(rng *r)
{
    double s = rng_unit(r) + rng_unit(r) + rng_unit(r) + rng_unit(r);
    return (s - 2.0) * 1.7320508075688772;
}

/* e^x for |x| ≤ 20 with only +, −, ×, ÷ (and exact scaling by a power of two), so
   the result is the same everywhere: x = k ln 2 + r, |r| ≤ ln 2 / 2, e^r by its
   Taylor series to r^13 / 13!. */
static double det_exp(double x)
{
    if (x > 20)
        x = 20;
    if (x < -20)
        x = -20;
    static const double ln2 = 0.6931471805599453;
    double t = x / ln2;
    int k = (int)(t < 0 ? t - 0.5 : t + 0.5);
    double r = x - k * ln2;
    double term = 1.0, sum = 1.0;
    for (int i = 1; i <= 13; i++) {
        term = term * r / i;
        sum += term;
    }
    while (k > 0) {
        sum *= 2.0;
        k--;
    }
    while (k < 0) {
        sum *= 0.5;
        k++;
    }
    return sum;
}

/* ---- seasonal and diurnal shapes (tables: no libm) */

/* Monthly factors, January … December. */
static const double month_pm[12] = {1.75, 1.35, 1.0,  0.85, 0.7,  0.6,
                                    0.55, 0.6,  0.65, 0.8,  1.15, 1.6};
static const double month_no2[12] = {1.3,  1.1, 1.05, 0.95, 0.85, 0.8,
                                     0.75, 0.8, 0.9,  1.0,  1.15, 1.3};
static const double month_o3[12] = {0.35, 0.45, 0.6, 0.8,  0.95, 1.0,
                                    1.0,  0.95, 0.8, 0.55, 0.4,  0.3};

/* Hour of the day (the hour the value begins), 0 … 23. */
static const double hour_pm[24] = {1.08, 1.07, 1.05, 1.03, 1.01, 1.0,  1.02, 1.06,
                                   1.10, 1.12, 1.10, 1.04, 0.97, 0.92, 0.88, 0.86,
                                   0.87, 0.9,  0.95, 1.0,  1.04, 1.06, 1.07, 1.08};
static const double hour_no2[24] = {1.0,  0.95, 0.9,  0.85, 0.82, 0.85, 0.95, 1.15,
                                    1.3,  1.25, 1.1,  0.95, 0.85, 0.78, 0.75, 0.76,
                                    0.82, 0.95, 1.15, 1.3,  1.3,  1.22, 1.12, 1.05};
/* O3 as a fraction of the day's peak */
static const double hour_o3[24] = {0.12, 0.10, 0.08, 0.07, 0.06, 0.06, 0.07, 0.10,
                                   0.18, 0.30, 0.45, 0.62, 0.78, 0.90, 0.98, 1.0,
                                   0.95, 0.82, 0.62, 0.42, 0.28, 0.20, 0.16, 0.14};

/* A monthly factor at day `d` of the series (2022-01-01 = 0), interpolated linearly
   between mid-months (a 365-day year; later years repeat it). */
static double seasonal(const double t[12], long d)
{
    double pos = ((double)(d % 365) + 0.5) / 365.0 * 12.0 - 0.5; /* -0.5 … 11.5 */
    int m0 = pos < 0 ? -1 : (int)pos;
    double f = pos - m0;
    return t[(m0 + 12) % 12] * (1 - f) + t[(m0 + 1) % 12] * f;
}

/* ---- cities and stations */
typedef struct city {
    char code[8];
    int sichuan;
    double pm_level, o3_level, no2_level;
    double *pm_wx, *o3_wx; /* per day: PM and O3 weather factors (log scale) */
} city;

typedef struct station {
    char code[16];
    int city;
    double pm, pm10_ratio, no2, so2, co, o3;
} station;

static void make_cities(city *cy, int ncity, long days, rng *r)
{
    int n_sc = (ncity * 6 + 5) / 10; /* 60 % Sichuan */
    for (int c = 0; c < ncity; c++) {
        city *x = &cy[c];
        x->sichuan = c < n_sc;
        if (x->sichuan)
            snprintf(x->code, sizeof x->code, "51%02d00", c + 1);
        else
            snprintf(x->code, sizeof x->code, "5001%02d", c - n_sc + 1);
        x->pm_level = 42.0 * (0.7 + 0.6 * rng_unit(r));
        x->o3_level = 150.0 * (0.8 + 0.35 * rng_unit(r));
        x->no2_level = 30.0 * (0.7 + 0.6 * rng_unit(r));
        x->pm_wx = malloc((size_t)days * sizeof *x->pm_wx);
        x->o3_wx = malloc((size_t)days * sizeof *x->o3_wx);
        if (x->pm_wx == NULL || x->o3_wx == NULL) {
            fprintf(stderr, "bench_gen_air: out of memory\n");
            exit(1);
        }
        /* AR(1) from day to day: stationary standard deviation 0.45 (PM), 0.25 (O3) */
        double p = 0.45 * rng_normal(r), q = 0.25 * rng_normal(r);
        for (long d = 0; d < days; d++) {
            p = 0.75 * p + 0.3 * rng_normal(r);
            q = 0.6 * q + 0.2 * rng_normal(r);
            x->pm_wx[d] = p;
            x->o3_wx[d] = q;
        }
    }
}

static void write_stations(const char *dir, const city *cy, int ncity, station *st, long n, rng *r)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/air_stations.csv", dir);
    out o;
    out_open(&o, path);
    out_str(&o, "code,name_zh,name_en,city,city_zh,city_en,district,jurisdiction,lon,lat,kind\n");
    for (long s = 0; s < n; s++) {
        station *x = &st[s];
        x->city = (int)(s * ncity / n);
        const city *c = &cy[x->city];
        snprintf(x->code, sizeof x->code, "AQ%05ld", s + 1);
        x->pm = det_exp(0.12 * rng_normal(r));
        x->pm10_ratio = 1.4 + 0.5 * rng_unit(r);
        x->no2 = 0.6 + 0.9 * rng_unit(r);
        x->so2 = 4.0 + 11.0 * rng_unit(r);
        x->co = 0.45 + 0.4 * rng_unit(r);
        x->o3 = 0.85 + 0.3 * rng_unit(r);
        double k = rng_unit(r);
        const char *kind = k < 0.4 ? "national" : k < 0.95 ? "provincial" : "background";
        /* Sichuan basin and Chongqing, roughly */
        double lon = c->sichuan ? 102.5 + 4.0 * rng_unit(r) : 106.0 + 3.5 * rng_unit(r);
        double lat = c->sichuan ? 28.5 + 3.5 * rng_unit(r) : 28.5 + 3.0 * rng_unit(r);
        char line[512];
        snprintf(line, sizeof line,
                 "%s,测试站点%ld,Bench station %ld,%s,测试城市%d,Bench city %d,测试区%ld,%s,%.5f,"
                 "%.5f,%s\n",
                 x->code, s + 1, s + 1, c->code, x->city + 1, x->city + 1, s % 7 + 1,
                 c->sichuan ? "510000" : "500000", lon, lat, kind);
        out_str(&o, line);
    }
    out_close(&o);
}

/* "YYYY-MM-DDT" of day d after 2022-01-01 (11 bytes, no terminator needed) */
static void day_text(long d, char buf[16])
{
    int y, m, dd;
    je_civil_from_days(je_days_from_civil(2022, 1, 1) + d, &y, &m, &dd);
    snprintf(buf, 16, "%04d-%02d-%02dT", y, m, dd);
}

enum { SO2, NO2, CO, O3, PM10, PM25, NPOL };

/* The whole series of one station, written in time order. */
static void write_station_hours(out *o, const station *x, const city *c, long days, rng *r)
{
    double ar[NPOL] = {0};
    int outage = 0;
    size_t clen = strlen(x->code);
    char day[16], hh[4];
    for (long d = 0; d < days; d++) {
        day_text(d, day);
        double pm_day = c->pm_level * x->pm * seasonal(month_pm, d) * det_exp(c->pm_wx[d]);
        double wx_half = det_exp(0.5 * c->pm_wx[d]);
        double no2_day = c->no2_level * x->no2 * seasonal(month_no2, d) * wx_half;
        double co_day = x->co * seasonal(month_no2, d) * wx_half;
        double so2_day = x->so2 * (0.6 + 0.4 * seasonal(month_pm, d));
        /* a sunny or a cloudy day: O3 weather, damped on polluted (hazy) days */
        double o3_amp =
            c->o3_level * x->o3 * seasonal(month_o3, d) * det_exp(c->o3_wx[d] - 0.15 * c->pm_wx[d]);
        for (int h = 0; h < 24; h++) {
            for (int p = 0; p < NPOL; p++)
                ar[p] = 0.7 * ar[p] + 0.1 * rng_normal(r);
            if (outage > 0)
                outage--;
            else if (rng_unit(r) < 0.0005)
                outage = 1 + (int)(30.0 * rng_unit(r));
            double v[NPOL];
            v[PM25] = pm_day * hour_pm[h] * det_exp(ar[PM25] * 1.5);
            v[PM10] = v[PM25] * x->pm10_ratio * det_exp(ar[PM10]);
            v[NO2] = no2_day * hour_no2[h] * det_exp(ar[NO2] * 1.5);
            v[CO] = co_day * (0.5 + 0.5 * hour_no2[h]) * det_exp(ar[CO]);
            v[SO2] = so2_day * (0.8 + 0.2 * hour_no2[h]) * det_exp(ar[SO2] * 2.0);
            v[O3] = 8.0 + o3_amp * hour_o3[h] * det_exp(ar[O3]);
            if (v[CO] < 0.1)
                v[CO] = 0.1;
            if (v[SO2] < 2)
                v[SO2] = 2;
            hh[0] = (char)('0' + h / 10);
            hh[1] = (char)('0' + h % 10);
            out_mem(o, x->code, clen);
            out_mem(o, ",", 1);
            out_mem(o, day, 11);
            out_mem(o, hh, 2);
            out_mem(o, ":00", 3);
            for (int p = 0; p < NPOL; p++) {
                out_mem(o, ",", 1);
                int empty = outage > 0 || rng_unit(r) < 0.003;
                if (!empty)
                    out_fixed(o, v[p], p == CO ? 1 : 0);
            }
            out_mem(o, "\n", 1);
        }
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_gen_air OUTDIR [--stations N] [--days D] [--seed X]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    gen_set_prog("bench_gen_air");
    if (argc < 2)
        usage();
    const char *dir = argv[1];
    long n = 2000, days = 365;
    uint64_t seed = 20221231;
    for (int i = 2; i < argc; i++) {
        if (i + 1 >= argc)
            usage();
        if (strcmp(argv[i], "--stations") == 0)
            n = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--days") == 0)
            days = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0)
            seed = strtoull(argv[++i], NULL, 10);
        else
            usage();
    }
    if (n < 1 || n > 99999 || days < 1 || days > 3650)
        usage();
    int ncity = n < 100 ? (int)n : 100;
    city *cy = calloc((size_t)ncity, sizeof *cy);
    station *st = calloc((size_t)n, sizeof *st);
    if (cy == NULL || st == NULL)
        return 1;
    rng r = {seed};
    make_cities(cy, ncity, days, &r);
    gen_write_jurisdictions(dir);
    write_stations(dir, cy, ncity, st, n, &r);

    char path[4096];
    snprintf(path, sizeof path, "%s/air_hourly.csv", dir);
    out o;
    out_open(&o, path);
    out_str(&o, "station,time,so2,no2,co,o3,pm10,pm25\n");
    int tty = isatty(STDERR_FILENO);
    long rows = n * days * 24, step = n / 100 > 0 ? n / 100 : 1;
    for (long s = 0; s < n; s++) {
        /* each station its own stream, so a station's series does not depend on the
           ones before it */
        rng sr = {seed ^ (0xD1B54A32D192ED03ull * (uint64_t)(s + 1))};
        write_station_hours(&o, &st[s], &cy[st[s].city], days, &sr);
        if (tty && s % step == 0)
            fprintf(stderr, "\rgenerating %s: %ld / %ld stations (%ld%%)", path, s, n, s * 100 / n);
    }
    out_close(&o);
    fprintf(stderr, "%sgenerated %s: %ld stations, %ld days, %ld rows\n", tty ? "\r\033[K" : "",
            path, n, days, rows);
    for (int c = 0; c < ncity; c++) {
        free(cy[c].pm_wx);
        free(cy[c].o3_wx);
    }
    free(cy);
    free(st);
    return 0;
}
