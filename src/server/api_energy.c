/*
 * api_energy.c — energy and carbon accounts (je_energy_account_compute) and the
 * dual-control barometer (je_barometer_compute) from the stored activity data, with
 * the shipped factor files and targets (data/rules/, the CLI's defaults: GB/T 2589-2020
 * coefficients, the provincial CO2 guideline factors, MEE 2021-2022 electricity
 * factors, the 14th five-year-plan dual-control targets of Sichuan and Chongqing).
 */
#include "server/internal.h"

#include "jointenv/energy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static je_status load_factors(const req *r, je_energy_factors *f, je_error *err)
{
    static const char *const files[] = {"energy-factors-gbt2589-2020.json",
                                        "co2-factors-guideline.json",
                                        "electricity-factors-mee-2021-2022.json"};
    memset(f, 0, sizeof *f);
    char path[1200];
    je_status st = JE_OK;
    for (size_t i = 0; i < 3 && st == JE_OK; i++)
        if ((st = dash_rules_path(r, files[i], path, sizeof path, err)) == JE_OK)
            st = je_energy_factors_load(path, f, err);
    return st == JE_OK ? je_energy_factors_check(f, err) : st;
}

/* The year asked, or the latest year of the stored activity data. */
static je_status year_of(const req *r, const je_energy_activity *a, size_t n, int *year,
                         je_error *err)
{
    long y = 0;
    je_status st = dash_int(r, "year", 1990, 2100, &y, err);
    if (st != JE_OK)
        return st;
    if (y == 0)
        for (size_t i = 0; i < n; i++)
            y = a[i].year > y ? a[i].year : y;
    if (y == 0)
        return je_error_set(err, JE_ENOTFOUND,
                            "no energy activity stored (import it: jointenv import "
                            "energy-activity FILE.csv)");
    *year = (int)y;
    return JE_OK;
}

/* Stored activity and factors, both malloc'd (free() them; also after a failure). */
static je_status load(const req *r, je_energy_activity **a, size_t *n, je_energy_factors **f,
                      je_error *err)
{
    *a = NULL;
    *n = 0;
    *f = malloc(sizeof **f);
    if (*f == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    je_status st = load_factors(r, *f, err);
    return st == JE_OK ? je_store_energy_activity(r->db, 0, 0, a, n, err) : st;
}

je_status api_energy_account(req *r, result *out, je_error *err)
{
    je_energy_options o = {0};
    o.basis = JE_ELEC_EQUIVALENT;
    o.scope = JE_SCOPE_PROVINCIAL;
    o.by = JE_BY_JURISDICTION;
    const char *by = req_param(r, "by");
    if (by && strcmp(by, "district") == 0)
        o.by = JE_BY_DISTRICT;
    else if (by && strcmp(by, "sector") == 0)
        o.by = JE_BY_SECTOR;
    else if (by && strcmp(by, "jurisdiction") != 0)
        return je_error_set(err, JE_EINVAL, "by: '%s' is not jurisdiction, district or sector", by);
    je_energy_activity *a;
    je_energy_factors *f;
    size_t n;
    je_energy_account acc = {0};
    je_status st = load(r, &a, &n, &f, err);
    if (st == JE_OK)
        st = year_of(r, a, n, &o.year, err);
    if (st == JE_OK)
        st = je_energy_account_compute(a, n, f, &o, &acc, err);
    free(a);
    free(f);
    if (st != JE_OK)
        return st;
    out->rows = json_array();
    for (size_t i = 0; i < acc.n; i++) {
        const je_energy_row *x = &acc.rows[i];
        char code[160];
        snprintf(code, sizeof code, "%s/%s/%s", x->jurisdiction, x->district, x->sector);
        json_t *o2 = json_object();
        json_object_set_new(o2, "code", json_string(code));
        json_object_set_new(o2, "jurisdiction", json_string(x->jurisdiction));
        json_object_set_new(o2, "district", jstr(x->district));
        json_object_set_new(o2, "sector", jstr(x->sector));
        json_object_set_new(o2, "year", json_integer(o.year));
        json_object_set_new(o2, "energy_tce", jnum(x->cur.energy_tce));
        json_object_set_new(o2, "fuel_tce", jnum(x->cur.fuel_tce));
        json_object_set_new(o2, "elec_tce", jnum(x->cur.elec_tce));
        json_object_set_new(o2, "heat_tce", jnum(x->cur.heat_tce));
        json_object_set_new(o2, "co2_t", jnum(x->cur.co2_t));
        json_object_set_new(o2, "co2_fuel_t", jnum(x->cur.co2_fuel_t));
        json_object_set_new(o2, "co2_process_t", jnum(x->cur.co2_process_t));
        json_object_set_new(o2, "co2_elec_t", jnum(x->cur.co2_elec_t));
        json_object_set_new(o2, "co2_heat_t", jnum(x->cur.co2_heat_t));
        json_object_set_new(o2, "gdp_1e4_yuan", jnum(x->cur.gdp_1e4_yuan));
        json_object_set_new(o2, "tce_per_1e4_yuan", jnum(x->tce_per_1e4_yuan));
        json_object_set_new(o2, "co2_t_per_1e4_yuan", jnum(x->co2_t_per_1e4_yuan));
        json_object_set_new(o2, "energy_yoy", x->has_prev ? jnum(x->energy_yoy) : json_null());
        json_object_set_new(o2, "co2_yoy", x->has_prev ? jnum(x->co2_yoy) : json_null());
        json_object_set_new(o2, "intensity_yoy",
                            x->has_prev ? jnum(x->intensity_yoy) : json_null());
        json_object_set_new(o2, "share_of_energy", jnum(x->share_of_energy));
        json_array_append_new(out->rows, o2);
    }
    je_energy_account_free(&acc);
    return JE_OK;
}

je_status api_energy_barometer(req *r, result *out, je_error *err)
{
    je_energy_activity *a;
    je_energy_factors *f;
    size_t n, nr = 0;
    je_barometer_row *rows = NULL;
    int year = 0;
    char path[1200];
    je_dual_rules *dr = malloc(sizeof *dr);
    je_status st = dr ? load(r, &a, &n, &f, err) : je_error_set(err, JE_ENOMEM, "out of memory");
    if (dr == NULL)
        return st;
    if (st == JE_OK)
        st = year_of(r, a, n, &year, err);
    if (st == JE_OK &&
        (st = dash_rules_path(r, "dual-control-14fyp-chengyu.json", path, sizeof path, err)) ==
            JE_OK &&
        (st = je_dual_rules_load(path, dr, err)) == JE_OK)
        st = je_barometer_compute(a, n, f, dr, year, &rows, &nr, err);
    free(a);
    free(f);
    if (st != JE_OK) {
        free(dr);
        return st;
    }
    out->rows = json_array();
    for (size_t i = 0; i < nr; i++) {
        const je_barometer_row *x = &rows[i];
        char code[96], drivers[160] = "";
        snprintf(code, sizeof code, "%s/%s", x->jurisdiction, x->district);
        for (size_t k = 0; k < x->n_drivers; k++) {
            size_t off = strlen(drivers);
            snprintf(drivers + off, sizeof drivers - off, "%s%s", k ? ";" : "",
                     x->driver_sector[k]);
        }
        json_t *o = json_object();
        json_object_set_new(o, "code", json_string(code));
        json_object_set_new(o, "jurisdiction", json_string(x->jurisdiction));
        json_object_set_new(o, "district", jstr(x->district));
        json_object_set_new(o, "year", json_integer(x->year));
        json_object_set_new(o, "period", json_sprintf("%d-%d", dr->base_year, dr->end_year));
        json_object_set_new(o, "elapsed_share", jnum(x->elapsed_share));
        json_object_set_new(o, "base_intensity", jnum(x->base_intensity));
        json_object_set_new(o, "intensity", jnum(x->intensity));
        json_object_set_new(o, "intensity_reduction", jnum(x->intensity_reduction));
        json_object_set_new(o, "target_reduction", jnum(x->target_reduction));
        json_object_set_new(o, "progress", jnum(x->progress));
        json_object_set_new(o, "intensity_yoy", jnum(x->intensity_yoy));
        json_object_set_new(o, "energy_tce", jnum(x->energy_tce));
        json_object_set_new(o, "allowance_tce", jnum(x->allowance_tce));
        json_object_set_new(o, "used_share", jnum(x->used_share));
        json_object_set_new(o, "intensity_level", json_string(je_warning_name(x->intensity_level)));
        json_object_set_new(o, "total_level", json_string(je_warning_name(x->total_level)));
        json_object_set_new(o, "level", json_string(je_warning_name(x->level)));
        json_object_set_new(o, "drivers", jstr(drivers));
        json_object_set_new(o, "rules", json_string(dr->id));
        json_array_append_new(out->rows, o);
    }
    free(rows);
    free(dr);
    return JE_OK;
}
