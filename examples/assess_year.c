/*
 * assess_year.c — libjointenv from C: load the demo data into a database, assess
 * every boundary section for a year and print the ones that missed their target.
 *
 *   cc assess_year.c $(pkg-config ...) -ljointenv     (see docs/api.md)
 *   ./assess_year DB DEMO_DIR YEAR
 *
 * The same calls the jointenv command makes; nothing here is private API.
 */
#include <jointenv/jointenv.h>

#include <stdio.h>
#include <stdlib.h>

static int fail(const char *what, const je_error *err)
{
    char buf[1024];
    fprintf(stderr, "%s: %s\n", what, je_error_format(err, buf, sizeof buf));
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: assess_year DB DEMO_DIR YEAR\n");
        return 2;
    }
    je_db *db;
    je_error err;
    if (je_db_open(argv[1], &db, &err) != JE_OK)
        return fail("open", &err);

    /* 1. Imports: all or nothing, every bad row reported. */
    static const char *const files[] = {"jurisdictions.csv", "sections.csv", "water_samples.csv"};
    je_status (*const import[])(je_db *, const char *, const je_import_opts *, je_import_report *,
                                je_error *) = {je_import_jurisdictions, je_import_sections,
                                               je_import_water_samples};
    je_import_opts opts = {.replace = 1};
    for (int i = 0; i < 3; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", argv[2], files[i]);
        je_import_report rep;
        je_status st = import[i](db, path, &opts, &rep, &err);
        for (size_t k = 0; k < rep.errors.count; k++)
            fail(path, &rep.errors.items[k]);
        je_import_report_free(&rep);
        if (st != JE_OK)
            return fail(path, &err);
    }

    /* 2. The boundary sections and their samples this year and last year. */
    je_section_filter filter = {.boundary_only = 1};
    je_section_list secs;
    je_period year = {JE_PERIOD_YEAR, atoi(argv[3]), 0};
    je_period prev = je_period_previous(&year);
    je_wq_series_set cur, last;
    if (je_store_sections(db, &filter, &secs, &err) != JE_OK ||
        je_store_water_series(db, &secs, &year, &cur, &err) != JE_OK ||
        je_store_water_series(db, &secs, &prev, &last, &err) != JE_OK)
        return fail("query", &err);

    /* 3. The engine: pure, no database. */
    je_wq_section_result *res = calloc(secs.n, sizeof *res);
    if (res == NULL ||
        je_wq_assess_sections(secs.items, secs.n, cur.series, last.series, res, &err) != JE_OK)
        return fail("assess", &err);

    size_t missed = 0;
    for (size_t i = 0; i < secs.n; i++) {
        char main[256];
        if (res[i].met != 0)
            continue;
        missed++;
        printf("%s %s (%s -> %s): class %s, target %s, %s; %s\n", secs.items[i].code,
               secs.items[i].name_en, secs.items[i].upstream, secs.items[i].downstream,
               je_wq_class_label(res[i].result.cls), je_wq_class_label(secs.items[i].target),
               je_wq_change_name(res[i].change),
               je_wq_main_format(&res[i].result, main, sizeof main));
    }
    printf("%zu of %zu boundary sections missed their target in %d\n", missed, secs.n, year.year);

    free(res);
    je_wq_series_set_free(&cur);
    je_wq_series_set_free(&last);
    je_section_list_free(&secs);
    je_db_close(db);
    return 0;
}
