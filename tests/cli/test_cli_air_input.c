/* `air daily --input FILE`: the daily figures straight from an hourly CSV must be the
 * figures of the same hours imported into the store, to the digit; and a file large
 * enough to be read in parallel (≥ 8 MiB: cut into parts at line ends, merged in file
 * order) must report bad rows at their true line numbers, including a duplicate hour
 * whose two rows fall in different parts. */
#include "support/compare.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(cli_air_input, .fini = cleanup);

/* Drop columns 2–4 (city, jurisdiction, name_zh) of `air daily --by station` output, so
 * it has the columns of `air daily --input`. */
static char *drop_station_keys(const char *csv)
{
    char *out = malloc(strlen(csv) + 1), *o = out;
    for (const char *p = csv; *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        int field = 0;
        for (size_t i = 0; i < len; i++) {
            if (p[i] == ',')
                field++;
            if (field < 1 || field > 3)
                *o++ = p[i];
        }
        *o++ = '\n';
        p += len + (eol ? 1 : 0);
    }
    *o = '\0';
    return out;
}

/* Rows sorted, so both outputs list stations in the same order. */
static int cmp_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *sorted(char *text)
{
    size_t n = 0, cap = 1024;
    char **lines = malloc(cap * sizeof *lines);
    for (char *p = strtok(text, "\n"); p; p = strtok(NULL, "\n")) {
        if (n == cap)
            lines = realloc(lines, (cap *= 2) * sizeof *lines);
        lines[n++] = p;
    }
    qsort(lines + 1, n - 1, sizeof *lines, cmp_lines); /* keep the header first */
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += strlen(lines[i]) + 1;
    char *out = malloc(total + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(lines[i]);
        memcpy(o, lines[i], l);
        o += l;
        *o++ = '\n';
    }
    *o = '\0';
    free(lines);
    return out;
}

Test(cli_air_input, demo_from_csv_equals_from_store, .timeout = 240)
{
    char hourly[1024];
    snprintf(hourly, sizeof hourly, "%s/data/demo/chengyu/air_hourly_2022.csv", JE_SOURCE_DIR);
    const char *db = t_path("demo.db");
    char *out = NULL, *err = NULL;
    cr_assert_eq(t_run(NULL, &err, (const char *const[]){"--db", db, "demo", NULL}), 0, "%s", err);
    free(err);
    /* 15.6 MB: read in parallel parts when OpenMP gives two threads or more */
    cr_assert_eq(
        t_run(&out, &err,
              (const char *const[]){"--format", "csv", "air", "daily", "--input", hourly, NULL}),
        0, "%s", err);
    free(err);
    char *store = NULL;
    cr_assert_eq(t_run(&store, &err,
                       (const char *const[]){"--db", db, "--format", "csv", "air", "daily", "--by",
                                             "station", NULL}),
                 0, "%s", err);
    free(err);
    char *trimmed = drop_station_keys(store);
    char *a = sorted(out), *b = sorted(trimmed);
    /* 40 stations × 365 days + the header */
    size_t lines = 0;
    for (const char *p = a; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(lines, 40 * 365 + 1, "%zu lines", lines);
    char why[512];
    cr_assert(t_csv_compare(b, a, "", why, sizeof why), "from the CSV vs from the store: %s", why);
    free(a);
    free(b);
    free(out);
    free(store);
    free(trimmed);
}

/* A ~9 MB hourly file: `stations` stations × `hours` hours, station-major. */
static const char *big_file(const char *name, int stations, int hours, long bad_line,
                            const char *bad_row)
{
    const char *path = t_path(name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("station,time,so2,no2,co,o3,pm10,pm25\n", f);
    long line = 2;
    for (int s = 0; s < stations; s++)
        for (int h = 0; h < hours; h++, line++) {
            if (line == bad_line && bad_row) {
                fputs(bad_row, f);
                continue;
            }
            int day = h / 24, hh = h % 24;
            /* 2022-01-01 + day; hours of 2022 only */
            static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            int m = 0, d = day;
            while (d >= mdays[m])
                d -= mdays[m++];
            fprintf(f, "ST%03d,2022-%02d-%02dT%02d:00,%d,%d,%.1f,%d,%d,%d\n", s, m + 1, d + 1, hh,
                    5 + (h % 7), 20 + (h % 13), 0.5 + (h % 5) * 0.1, 10 + (h % 90), 40 + (h % 50),
                    20 + (h % 40));
        }
    fclose(f);
    return path;
}

Test(cli_air_input, parallel_read_reports_true_line_numbers, .timeout = 120)
{
    /* 25 stations × 8760 h ≈ 219,000 rows ≈ 9.5 MB. Line 200,002 is in the second half:
       station (200002 − 2) / 8760 = 22, hour 7280 = 2022-10-31 08:00. */
    const char *path =
        big_file("bad.csv", 25, 8760, 200002, "ST022,2022-10-31T08:00,5,20,abc,10,40,20\n");
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err,
                   (const char *const[]){"--format", "csv", "air", "daily", "--input", path, NULL});
    cr_assert_eq(rc, 3, "exit %d: %s", rc, err);
    char want[64];
    snprintf(want, sizeof want, "bad.csv:200002:");
    cr_assert(strstr(err, want) != NULL, "no '%s' in: %s", want, err);
    cr_assert(strstr(err, "'abc' is not a number") != NULL, "%s", err);
    cr_assert(out == NULL || out[0] == '\0', "output written despite the error");
    free(out);
    free(err);
}

Test(cli_air_input, duplicate_hour_across_parts, .timeout = 120)
{
    /* The last row repeats the first station's first hour (line 2): the two copies lie
       in different parts of a parallel read, and the later one is reported. */
    long last = 2 + 25L * 8760 - 1;
    const char *path =
        big_file("dup.csv", 25, 8760, last, "ST000,2022-01-01T00:00,5,20,0.5,10,40,20\n");
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err,
                   (const char *const[]){"--format", "csv", "air", "daily", "--input", path, NULL});
    cr_assert_eq(rc, 3, "exit %d: %s", rc, err);
    char want[64];
    snprintf(want, sizeof want, "dup.csv:%ld:", last);
    cr_assert(strstr(err, want) != NULL, "no '%s' in: %s", want, err);
    cr_assert(strstr(err, "duplicate") != NULL && strstr(err, "line 2") != NULL, "%s", err);
    free(out);
    free(err);
}

Test(cli_air_input, big_file_gives_every_station_day)
{
    const char *path = big_file("good.csv", 25, 8760, 0, NULL);
    char *out = NULL, *err = NULL;
    int rc = t_run(&out, &err,
                   (const char *const[]){"--format", "csv", "air", "daily", "--input", path, NULL});
    cr_assert_eq(rc, 0, "exit %d: %s", rc, err);
    size_t lines = 0;
    for (const char *p = out; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(lines, 25 * 365 + 1);
    /* ST000 2022-01-01: PM2.5 hours h = 0..23 → 20 + (h % 40) = 20..43, mean 31.5 → 32
       (half to even); IAQI = 50/35 × 31.5 = 45 → AQI 45 (PM10 40..63: mean 51.5, IAQI
       50 + 50/100 × 1.5 = 50.75 → 51): AQI 51, primary pm10. */
    cr_assert(strstr(out, "ST000,2022-01-01,51,2,良,pm10,") != NULL, "%.300s", out);
    free(out);
    free(err);
}
