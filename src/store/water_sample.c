/*
 * water_sample.c — water samples at monitoring sections as an observation kind: the
 * items of GB 3838-2002 Table 1, their units, detection-limit notation and flags.
 * The import itself is obs_import.c; reading samples back is water_query.c.
 */
#include "store/obs.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *item_code(int i)
{
    return je_wq_item_code((je_wq_item)i);
}

static int item_find(const char *code, size_t len, int *out)
{
    je_wq_item it;
    if (je_wq_item_find(code, len, &it) != JE_OK)
        return 0;
    *out = (int)it;
    return 1;
}

static je_status unit_convert(int i, const char *unit, size_t len, double v, double *out,
                              je_error *err)
{
    return je_wq_unit_convert((je_wq_item)i, unit, len, v, out, err);
}

static int check(int i, double v, char *msg, size_t size)
{
    if (i == JE_WQ_PH && v > 14) {
        snprintf(msg, size, "is outside the pH scale 0-14");
        return 0;
    }
    return 1;
}

/* Flags: L, <, ND below the detection limit; X invalid (kept, not assessed). */
static int flag(const char *f, int *bdl, int *invalid)
{
    if (strcasecmp(f, "L") == 0 || strcmp(f, "<") == 0 || strcasecmp(f, "ND") == 0)
        return *bdl = 1;
    if (strcasecmp(f, "X") == 0)
        return *invalid = 1;
    return 0;
}

static const obs_kind water_samples = {
    .kind = "water-samples",
    .what = "water-sample",
    .site_col = "section",
    .site_import = "jointenv import sections FILE",
    .time_col = "sampled_at",
    .item_col = "item",
    .sites_sql = "SELECT s.code, s.id, j.utc_offset_s, s.owner FROM section s"
                 " JOIN jurisdiction j ON j.code = s.owner",
    .table = "water_sample",
    .site_key = "section_id",
    .time_key = "sampled_at",
    .value_prefix = "v_",
    .nitems = JE_WQ_NITEMS,
    .has_bdl = 1,
    .hourly = 0,
    .item_code = item_code,
    .item_find = item_find,
    .unit_convert = unit_convert,
    .check = check,
    .flag = flag,
    .flag_help = "L = below detection limit, X = invalid, empty = none",
};

je_status je_import_water_samples(je_db *db, const char *path, const je_import_opts *opts,
                                  je_import_report *rep, je_error *err)
{
    return je_obs_import(db, &water_samples, path, opts, rep, err);
}
