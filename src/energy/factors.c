/*
 * factors.c — the three factor files (standard coal, fuel CO2, electricity CO2) into
 * one je_energy_factors, and the look-ups the accounting uses.
 *
 * How: each file names its kind; parsing replaces that part of the set. Published
 * units are kept in the files (kgce/kg, kgce/m³, kgce/kWh, kgce/MJ as GB/T 2589
 * prints them; tC/GJ or kg CO2/TJ as the guidelines and IPCC print them) and turned
 * into per-base-unit values here, so a reader can check the file against its source.
 */
#include "energy/energy_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* kgce per published unit → tce per base unit: kgce/kg = tce/t; kgce/m³ × 10⁴ m³ /
 * 1 000 kg = 10 tce per 10⁴ Nm³; kgce/kWh = tce/MWh; kgce/MJ = tce/GJ. */
static const struct {
    const char *per;
    je_energy_dim dim;
    double to_base;
} kgce_per[] = {{"kg", JE_DIM_MASS, 1},
                {"m3", JE_DIM_GAS, 10},
                {"kWh", JE_DIM_ELEC, 1},
                {"MJ", JE_DIM_HEAT, 1}};

static je_energy_fuel_factor *fuel_slot(je_energy_factors *f, const char *item)
{
    for (size_t i = 0; i < f->n_fuels; i++)
        if (strcmp(f->fuels[i].item, item) == 0)
            return &f->fuels[i];
    if (f->n_fuels == JE_ENERGY_FUELS_MAX)
        return NULL;
    je_energy_fuel_factor *x = &f->fuels[f->n_fuels++];
    memset(x, 0, sizeof *x);
    snprintf(x->item, sizeof x->item, "%s", item);
    x->tce_per_unit = NAN;
    x->ncv_gj_per_unit = NAN;
    x->co2_t_per_gj = NAN;
    x->cc_tc_per_gj = NAN;
    x->of = NAN;
    return x;
}

/* {"kgce": v, "per": unit} → tce per base unit of `dim`. */
static je_status kgce(const jparser *p, json_t *o, const char *path, je_energy_dim dim, double *out)
{
    static const char *const known[] = {"kgce", "per", NULL};
    char per[16] = "";
    double v = NAN;
    je_status st = jp_members(p, o, path, known);
    if (st == JE_OK)
        st = jp_number(p, o, path, "kgce", 1e-6, 100, 0, &v);
    if (st == JE_OK)
        st = jp_string(p, o, path, "per", 0, per, sizeof per);
    if (st != JE_OK)
        return st;
    for (size_t i = 0; i < sizeof kgce_per / sizeof kgce_per[0]; i++)
        if (strcmp(kgce_per[i].per, per) == 0 && kgce_per[i].dim == dim) {
            *out = v * kgce_per[i].to_base;
            return JE_OK;
        }
    return jp_fail(p, path,
                   "per '%s' does not fit (kg for solid and liquid fuels, m3 for gases, "
                   "kWh for electricity, MJ for heat)",
                   per);
}

static je_status parse_tce(const jparser *p, json_t *root, je_energy_factors *f)
{
    static const char *const known[] = {
        "kind", "fuels", "electricity_equivalent", "electricity_equal_value", "heat", NULL};
    je_status st = jp_members(p, root, "", known);
    json_t *fuels, *eq, *ev, *heat;
    if (st == JE_OK)
        st = jp_object(p, root, "", "fuels", 0, &fuels);
    if (st == JE_OK)
        st = jp_object(p, root, "", "electricity_equivalent", 0, &eq);
    if (st == JE_OK)
        st = jp_object(p, root, "", "electricity_equal_value", 0, &ev);
    if (st == JE_OK)
        st = jp_object(p, root, "", "heat", 0, &heat);
    if (st != JE_OK)
        return st;
    for (size_t i = 0; i < f->n_fuels; i++)
        f->fuels[i].tce_per_unit = NAN;
    const char *key;
    json_t *v;
    json_object_foreach(fuels, key, v)
    {
        char mp[160];
        jp_join(mp, sizeof mp, "fuels", key);
        const je_energy_item *it = je_energy_item_find(key);
        if (!it || it->kind != JE_ITEM_FUEL)
            return jp_fail(p, mp, "is not a fuel item (docs/energy.md lists them)");
        if (!json_is_object(v))
            return jp_fail(p, mp, "must be an object {kgce, per}");
        je_energy_fuel_factor *x = fuel_slot(f, key);
        if (!x)
            return jp_fail(p, mp, "too many fuels");
        if ((st = kgce(p, v, mp, it->dim, &x->tce_per_unit)) != JE_OK)
            return st;
    }
    if ((st = kgce(p, eq, "electricity_equivalent", JE_DIM_ELEC,
                   &f->elec_equivalent_tce_per_mwh)) != JE_OK)
        return st;
    if ((st = kgce(p, heat, "heat", JE_DIM_HEAT, &f->heat_tce_per_gj)) != JE_OK)
        return st;
    static const char *const ev_known[] = {"gce_per_kwh", NULL};
    json_t *rates;
    if ((st = jp_members(p, ev, "electricity_equal_value", ev_known)) != JE_OK ||
        (st = jp_object(p, ev, "electricity_equal_value", "gce_per_kwh", 0, &rates)) != JE_OK)
        return st;
    f->n_coal_rate = 0;
    json_object_foreach(rates, key, v)
    {
        char mp[160];
        jp_join(mp, sizeof mp, "electricity_equal_value.gce_per_kwh", key);
        char *end;
        long y = strtol(key, &end, 10);
        if (*end || y < 1990 || y > 2200)
            return jp_fail(p, mp, "must be keyed by a year");
        if (!json_is_number(v) || json_number_value(v) < 200 || json_number_value(v) > 500)
            return jp_fail(p, mp, "must be a coal rate in gce/kWh, 200 to 500");
        if (f->n_coal_rate == JE_ENERGY_YEARS_MAX)
            return jp_fail(p, mp, "too many years");
        f->coal_rate_year[f->n_coal_rate] = (int)y;
        f->coal_rate_gce_per_kwh[f->n_coal_rate++] = json_number_value(v);
    }
    return JE_OK;
}

static je_status parse_sector_of(const jparser *p, json_t *o, const char *path,
                                 je_energy_fuel_factor *x)
{
    const char *key;
    json_t *v;
    x->n_sector_of = 0;
    json_object_foreach(o, key, v)
    {
        char mp[200];
        jp_join(mp, sizeof mp, path, key);
        if (!json_is_number(v) || !(json_number_value(v) > 0) || json_number_value(v) > 1)
            return jp_fail(p, mp, "must be an oxidation fraction in (0, 1]");
        if (x->n_sector_of == JE_ENERGY_SECTOR_OF_MAX || strlen(key) >= 32)
            return jp_fail(p, mp, "too many sectors or name too long");
        snprintf(x->sector_of_name[x->n_sector_of], 32, "%s", key);
        x->sector_of[x->n_sector_of++] = json_number_value(v);
    }
    return JE_OK;
}

/* One fuel of a CO2 file: NCV per base unit, and CC (tC/GJ) or EF (kg CO2/TJ). */
static je_status parse_co2_fuel(const jparser *p, const char *key, json_t *v, je_energy_factors *f)
{
    char mp[160];
    jp_join(mp, sizeof mp, "fuels", key);
    const je_energy_item *it = je_energy_item_find(key);
    if (!it || it->kind != JE_ITEM_FUEL)
        return jp_fail(p, mp, "is not a fuel item (docs/energy.md lists them)");
    if (!json_is_object(v))
        return jp_fail(p, mp, "must be an object");
    static const char *const known[] = {
        "ncv_gj", "per", "cc_tc_per_gj", "ef_kgco2_per_tj", "of", "of_by_sector", NULL};
    je_energy_fuel_factor *x = fuel_slot(f, key);
    if (!x)
        return jp_fail(p, mp, "too many fuels");
    char per[16] = "";
    double cc = NAN, ef = NAN;
    json_t *sec;
    je_status st = jp_members(p, v, mp, known);
    if (st == JE_OK)
        st = jp_number(p, v, mp, "ncv_gj", 1e-3, 1e4, 0, &x->ncv_gj_per_unit);
    if (st == JE_OK)
        st = jp_string(p, v, mp, "per", 0, per, sizeof per);
    if (st == JE_OK && strcmp(per, je_energy_base_unit(it->dim)) != 0)
        st = jp_fail(p, mp, "per '%s' must be the item's base unit '%s'", per,
                     je_energy_base_unit(it->dim));
    if (st == JE_OK)
        st = jp_number(p, v, mp, "cc_tc_per_gj", 1e-4, 0.2, 1, &cc);
    if (st == JE_OK)
        st = jp_number(p, v, mp, "ef_kgco2_per_tj", 1e3, 5e5, 1, &ef);
    if (st == JE_OK && isnan(cc) == isnan(ef))
        st = jp_fail(p, mp, "needs exactly one of cc_tc_per_gj and ef_kgco2_per_tj");
    if (st == JE_OK)
        st = jp_number(p, v, mp, "of", 0.01, 1, 0, &x->of);
    if (st == JE_OK)
        st = jp_object(p, v, mp, "of_by_sector", 1, &sec);
    if (st == JE_OK && sec) {
        char sp[200];
        jp_join(sp, sizeof sp, mp, "of_by_sector");
        st = parse_sector_of(p, sec, sp, x);
    }
    if (st != JE_OK)
        return st;
    /* 44/12: the molar-mass ratio of CO2 to C (the guideline formula's last term). */
    if (!isnan(cc)) {
        x->cc_tc_per_gj = cc;
        x->co2_t_per_gj = cc * 44.0 / 12.0;
    } else {
        x->co2_t_per_gj = ef * 1e-6; /* kg/TJ → t/GJ */
        x->cc_tc_per_gj = x->co2_t_per_gj * 12.0 / 44.0;
    }
    return JE_OK;
}

static je_status parse_co2(const jparser *p, json_t *root, je_energy_factors *f)
{
    static const char *const known[] = {"kind", "fuels", "heat", "clinker", NULL};
    static const char *const heat_known[] = {"co2_t_per_gj", NULL};
    static const char *const clk_known[] = {"co2_t_per_t", NULL};
    json_t *fuels, *heat, *clk;
    je_status st = jp_members(p, root, "", known);
    if (st == JE_OK)
        st = jp_object(p, root, "", "fuels", 0, &fuels);
    if (st == JE_OK)
        st = jp_object(p, root, "", "heat", 0, &heat);
    if (st == JE_OK)
        st = jp_object(p, root, "", "clinker", 0, &clk);
    if (st == JE_OK)
        st = jp_members(p, heat, "heat", heat_known);
    if (st == JE_OK)
        st = jp_number(p, heat, "heat", "co2_t_per_gj", 0, 1, 0, &f->heat_co2_t_per_gj);
    if (st == JE_OK)
        st = jp_members(p, clk, "clinker", clk_known);
    if (st == JE_OK)
        st = jp_number(p, clk, "clinker", "co2_t_per_t", 0, 2, 0, &f->clinker_co2_t_per_t);
    if (st != JE_OK)
        return st;
    for (size_t i = 0; i < f->n_fuels; i++) {
        f->fuels[i].ncv_gj_per_unit = f->fuels[i].co2_t_per_gj = NAN;
        f->fuels[i].cc_tc_per_gj = f->fuels[i].of = NAN;
        f->fuels[i].n_sector_of = 0;
    }
    const char *key;
    json_t *v;
    json_object_foreach(fuels, key, v)
    {
        if ((st = parse_co2_fuel(p, key, v, f)) != JE_OK)
            return st;
    }
    return JE_OK;
}

static const char *const scope_names[] = {"national", "regional", "provincial"};

static je_status parse_elec(const jparser *p, json_t *root, je_energy_factors *f)
{
    static const char *const known[] = {"kind", "regions", "factors", NULL};
    json_t *regions, *list = json_object_get(root, "factors");
    je_status st = jp_members(p, root, "", known);
    if (st == JE_OK)
        st = jp_object(p, root, "", "regions", 0, &regions);
    if (st != JE_OK)
        return st;
    f->n_region_map = 0;
    const char *key;
    json_t *v;
    json_object_foreach(regions, key, v)
    {
        char mp[160];
        jp_join(mp, sizeof mp, "regions", key);
        if (strcmp(key, "source") == 0 || strcmp(key, "notes") == 0 ||
            strcmp(key, "confidence") == 0)
            continue;
        if (!json_is_string(v) || json_string_length(v) >= 32 || strlen(key) >= 16)
            return jp_fail(p, mp, "must be a grid region name (string)");
        if (f->n_region_map == JE_ENERGY_ELEC_MAX)
            return jp_fail(p, mp, "too many jurisdictions");
        snprintf(f->region_jur[f->n_region_map], 16, "%s", key);
        snprintf(f->region_name[f->n_region_map++], 32, "%s", json_string_value(v));
    }
    if (!json_is_array(list) || json_array_size(list) > JE_ENERGY_ELEC_MAX)
        return jp_fail(p, "factors", "must be an array of at most %d factors", JE_ENERGY_ELEC_MAX);
    static const char *const fk[] = {"year", "scope", "region", "kg_per_kwh", NULL};
    f->n_elec = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *e = json_array_get(list, i);
        char ep[64], scope[16] = "";
        snprintf(ep, sizeof ep, "factors[%zu]", i);
        if (!json_is_object(e))
            return jp_fail(p, ep, "must be an object");
        je_energy_elec_factor *x = &f->elec[f->n_elec];
        if ((st = jp_members(p, e, ep, fk)) != JE_OK ||
            (st = jp_int(p, e, ep, "year", 1990, 2200, 0, &x->year)) != JE_OK ||
            (st = jp_string(p, e, ep, "scope", 0, scope, sizeof scope)) != JE_OK ||
            (st = jp_string(p, e, ep, "region", 0, x->region, sizeof x->region)) != JE_OK ||
            (st = jp_number(p, e, ep, "kg_per_kwh", 0, 2, 0, &x->co2_t_per_mwh)) != JE_OK)
            return st;
        int s = -1;
        for (int k = 0; k < 3; k++)
            if (strcmp(scope, scope_names[k]) == 0)
                s = k;
        if (s < 0)
            return jp_fail(p, ep, "scope '%s' must be national, regional or provincial", scope);
        x->scope = (je_elec_scope)s;
        for (size_t k = 0; k < f->n_elec; k++)
            if (f->elec[k].year == x->year && f->elec[k].scope == x->scope &&
                strcmp(f->elec[k].region, x->region) == 0)
                return jp_fail(p, ep, "repeats year %d, scope %s, region %s", x->year, scope,
                               x->region);
        f->n_elec++;
    }
    return JE_OK;
}

je_status je_energy_factors_parse(const char *json, size_t len, const char *name,
                                  je_energy_factors *f, je_error *err)
{
    jparser p = {name ? name : "(factors)", err};
    json_t *root;
    je_status st = jp_parse_root(&p, json, len, &root);
    if (st != JE_OK)
        return st;
    char kind[32] = "", id[64] = "";
    st = jp_string(&p, root, "", "kind", 0, kind, sizeof kind);
    if (st == JE_OK)
        st = jp_string(&p, root, "", "id", 0, id, sizeof id);
    if (st == JE_OK) {
        if (strcmp(kind, "standard-coal") == 0) {
            if ((st = parse_tce(&p, root, f)) == JE_OK)
                snprintf(f->tce_id, sizeof f->tce_id, "%s", id);
        } else if (strcmp(kind, "co2-fuel") == 0) {
            if ((st = parse_co2(&p, root, f)) == JE_OK)
                snprintf(f->co2_id, sizeof f->co2_id, "%s", id);
        } else if (strcmp(kind, "electricity-co2") == 0) {
            if ((st = parse_elec(&p, root, f)) == JE_OK)
                snprintf(f->elec_id, sizeof f->elec_id, "%s", id);
        } else {
            st = jp_fail(&p, "kind", "'%s' must be standard-coal, co2-fuel or electricity-co2",
                         kind);
        }
    }
    json_decref(root);
    return st;
}

je_status je_energy_factors_load(const char *path, je_energy_factors *f, je_error *err)
{
    char *buf;
    size_t n;
    je_status st = jp_read_file(path, &buf, &n, err);
    if (st != JE_OK)
        return st;
    st = je_energy_factors_parse(buf, n, path, f, err);
    free(buf);
    return st;
}

je_status je_energy_factors_check(const je_energy_factors *f, je_error *err)
{
    if (!f->tce_id[0] || !f->co2_id[0] || !f->elec_id[0])
        return je_error_set(err, JE_EDATA, "the factor set lacks its %s file",
                            !f->tce_id[0]   ? "standard-coal"
                            : !f->co2_id[0] ? "co2-fuel"
                                            : "electricity-co2");
    for (size_t i = 0; i < f->n_fuels; i++) {
        const je_energy_fuel_factor *x = &f->fuels[i];
        if (isnan(x->tce_per_unit))
            return je_error_set(err, JE_EDATA,
                                "fuel %s has CO2 parameters (%s) but no standard-"
                                "coal coefficient (%s)",
                                x->item, f->co2_id, f->tce_id);
        if (isnan(x->co2_t_per_gj))
            return je_error_set(err, JE_EDATA,
                                "fuel %s has a standard-coal coefficient (%s) but "
                                "no CO2 parameters (%s)",
                                x->item, f->tce_id, f->co2_id);
    }
    return JE_OK;
}

const je_energy_fuel_factor *je_energy_fuel(const je_energy_factors *f, const char *item)
{
    for (size_t i = 0; i < f->n_fuels; i++)
        if (strcmp(f->fuels[i].item, item) == 0)
            return &f->fuels[i];
    return NULL;
}

je_status je_energy_elec_tce_per_mwh(const je_energy_factors *f, je_elec_basis basis, int year,
                                     double *out, je_error *err)
{
    switch (basis) {
    case JE_ELEC_EQUIVALENT:
        *out = f->elec_equivalent_tce_per_mwh;
        return JE_OK;
    case JE_ELEC_EQUAL_VALUE:
        for (size_t i = 0; i < f->n_coal_rate; i++)
            if (f->coal_rate_year[i] == year) {
                *out = f->coal_rate_gce_per_kwh[i] * 1e-3; /* gce/kWh = kgce/MWh → tce/MWh */
                return JE_OK;
            }
        return je_error_set(err, JE_ENOTFOUND,
                            "no coal rate for %d in %s (equal-value electricity basis): add it "
                            "to electricity_equal_value.gce_per_kwh or use the equivalent basis",
                            year, f->tce_id);
    }
    return je_error_set(err, JE_EINVAL, "unknown electricity basis");
}

je_status je_energy_elec_co2(const je_energy_factors *f, int year, je_elec_scope scope,
                             const char *jurisdiction, double *out_t_per_mwh, je_error *err)
{
    const char *region = "national";
    if (scope == JE_SCOPE_PROVINCIAL)
        region = jurisdiction;
    else if (scope == JE_SCOPE_REGIONAL) {
        region = NULL;
        for (size_t i = 0; i < f->n_region_map; i++)
            if (strcmp(f->region_jur[i], jurisdiction) == 0)
                region = f->region_name[i];
        if (!region)
            return je_error_set(err, JE_ENOTFOUND,
                                "no grid region for jurisdiction %s in %s (regions)", jurisdiction,
                                f->elec_id);
    }
    for (size_t i = 0; i < f->n_elec; i++)
        if (f->elec[i].year == year && f->elec[i].scope == scope &&
            strcmp(f->elec[i].region, region) == 0) {
            *out_t_per_mwh = f->elec[i].co2_t_per_mwh;
            return JE_OK;
        }
    return je_error_set(err, JE_ENOTFOUND,
                        "no electricity CO2 factor for %d, scope %s, region %s in %s", year,
                        scope_names[scope], region, f->elec_id);
}

je_status je_energy_fuel_co2(const je_energy_factors *f, const char *item, const char *sector,
                             double q, double *out_co2_t, je_error *err)
{
    const je_energy_fuel_factor *x = je_energy_fuel(f, item);
    if (!x || isnan(x->co2_t_per_gj))
        return je_error_set(err, JE_ENOTFOUND, "no CO2 parameters for fuel %s in %s", item,
                            f->co2_id);
    double of = x->of;
    for (size_t i = 0; sector && i < x->n_sector_of; i++)
        if (strcmp(x->sector_of_name[i], sector) == 0)
            of = x->sector_of[i];
    /* E = FC × NCV × CC × OF × 44/12 (GB/T 32150-2015; standards.md §6.3) */
    *out_co2_t = q * x->ncv_gj_per_unit * x->co2_t_per_gj * of;
    return JE_OK;
}
