/* libFuzzer harness: a water-sample import of arbitrary bytes must never crash and
 * must leave the database unchanged whenever it is rejected.
 * Build and run: tests/fuzz/run.sh [seconds] */
#include "jointenv/store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static je_db *db;
static char path[64];

static int64_t samples(void)
{
    int64_t n = 0, v = 0;
    je_store_water_counts(db, &n, &v, NULL);
    return n * 1000 + v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    je_import_report rep;
    je_error e;
    if (db == NULL) {
        snprintf(path, sizeof path, "/tmp/je-fuzz-%d.db", (int)getpid());
        unlink(path);
        if (je_db_open(path, &db, &e) != JE_OK)
            abort();
        FILE *f = fopen("/tmp/je-fuzz-j.csv", "w");
        fputs("code,name_zh,name_en,utc_offset\n510000,四川省,Sichuan,+08:00\n", f);
        fclose(f);
        f = fopen("/tmp/je-fuzz-s.csv", "w");
        fputs("code,name_zh,name_en,river_code,river_zh,river_en,basin_code,basin_zh,basin_en,"
              "lon,lat,kind,owner,upstream,downstream,target_class,waterbody\n"
              "A,a,a,R,r,r,B,b,b,106,30,national,510000,,,III,river\n",
              f);
        fclose(f);
        je_import_jurisdictions(db, "/tmp/je-fuzz-j.csv", NULL, &rep, &e);
        je_import_report_free(&rep);
        je_import_sections(db, "/tmp/je-fuzz-s.csv", NULL, &rep, &e);
        je_import_report_free(&rep);
    }
    char in[64];
    snprintf(in, sizeof in, "/tmp/je-fuzz-%d.csv", (int)getpid());
    FILE *f = fopen(in, "wb");
    fwrite(data, 1, size, f);
    fclose(f);
    int64_t before = samples();
    je_import_opts o = {0};
    o.replace = size & 1;
    je_status st = je_import_water_samples(db, in, &o, &rep, &e);
    if (st != JE_OK && samples() != before)
        abort(); /* a rejected import changed the database */
    je_import_report_free(&rep);
    return 0;
}
