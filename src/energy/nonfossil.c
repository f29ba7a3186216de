/*
 * nonfossil.c — the clean-energy corridor: renewable capacity in operation, its
 * generation, and the non-fossil shares of electricity and of energy per
 * jurisdiction, against the targets of a JSON file.
 *
 * Non-fossil electricity is put into standard coal by the year's thermal coal rate
 * (the substitution / 发电煤耗 method of the energy balance for primary electricity),
 * and the energy total is taken on the same equal-value basis, so the two are
 * comparable.
 */
#include "energy/energy_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *je_re_kind_name(je_re_kind k)
{
    switch (k) {
    case JE_RE_HYDRO:
        return "hydro";
    case JE_RE_WIND:
        return "wind";
    case JE_RE_SOLAR:
        return "solar";
    case JE_RE_BIOMASS:
        return "biomass";
    case JE_RE_COUNT:
        break;
    }
    return "?";
}

je_status je_nonfossil_targets_parse(const char *json, size_t len, const char *name,
                                     je_nonfossil_targets *out, je_error *err)
{
    jparser p = {name ? name : "(targets)", err};
    memset(out, 0, sizeof *out);
    json_t *root;
    je_status st = jp_parse_root(&p, json, len, &root);
    if (st != JE_OK)
        return st;
    static const char *const known[] = {"kind", "targets", NULL};
    static const char *const tk[] = {"jurisdiction", "year", "share_of_energy",
                                     "share_of_electricity", NULL};
    char kind[32] = "";
    st = jp_members(&p, root, "", known);
    if (st == JE_OK)
        st = jp_string(&p, root, "", "id", 0, out->id, sizeof out->id);
    if (st == JE_OK)
        st = jp_string(&p, root, "", "kind", 0, kind, sizeof kind);
    if (st == JE_OK && strcmp(kind, "nonfossil-targets") != 0)
        st = jp_fail(&p, "kind", "must be nonfossil-targets");
    json_t *list = json_object_get(root, "targets");
    if (st == JE_OK && (!json_is_array(list) || json_array_size(list) > JE_NONFOSSIL_TARGETS_MAX))
        st = jp_fail(&p, "targets", "must be an array of at most %d targets",
                     JE_NONFOSSIL_TARGETS_MAX);
    for (size_t i = 0; st == JE_OK && i < json_array_size(list); i++) {
        json_t *t = json_array_get(list, i);
        char tp[32];
        snprintf(tp, sizeof tp, "targets[%zu]", i);
        out->share_of_energy[i] = out->share_of_electricity[i] = NAN;
        if (!json_is_object(t))
            st = jp_fail(&p, tp, "must be an object");
        if (st == JE_OK)
            st = jp_members(&p, t, tp, tk);
        if (st == JE_OK)
            st = jp_string(&p, t, tp, "jurisdiction", 0, out->jurisdiction[i], 16);
        if (st == JE_OK)
            st = jp_int(&p, t, tp, "year", 1990, 2200, 0, &out->year[i]);
        if (st == JE_OK)
            st = jp_number(&p, t, tp, "share_of_energy", 0, 1, 1, &out->share_of_energy[i]);
        if (st == JE_OK)
            st = jp_number(&p, t, tp, "share_of_electricity", 0, 5, 1,
                           &out->share_of_electricity[i]);
        out->n = i + 1;
    }
    json_decref(root);
    return st;
}

je_status je_nonfossil_targets_load(const char *path, je_nonfossil_targets *out, je_error *err)
{
    char *buf;
    size_t n;
    je_status st = jp_read_file(path, &buf, &n, err);
    if (st != JE_OK)
        return st;
    st = je_nonfossil_targets_parse(buf, n, path, out, err);
    free(buf);
    return st;
}

/* The nearest target of a jurisdiction at or after `year`. */
static void target_of(const je_nonfossil_targets *t, je_nonfossil_row *r)
{
    r->target_year = 0;
    r->target_share_of_energy = r->target_share_of_electricity = NAN;
    for (size_t i = 0; t && i < t->n; i++) {
        if (strcmp(t->jurisdiction[i], r->jurisdiction) != 0 || t->year[i] < r->year)
            continue;
        if (r->target_year == 0 || t->year[i] < r->target_year) {
            r->target_year = t->year[i];
            r->target_share_of_energy = t->share_of_energy[i];
            r->target_share_of_electricity = t->share_of_electricity[i];
        }
    }
}

static je_nonfossil_row *row_for(je_nonfossil_row *rows, size_t *n, const char *jur, int year)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(rows[i].jurisdiction, jur) == 0)
            return &rows[i];
    je_nonfossil_row *r = &rows[(*n)++];
    memset(r, 0, sizeof *r);
    snprintf(r->jurisdiction, sizeof r->jurisdiction, "%s", jur);
    r->year = year;
    return r;
}

static int cmp_row(const void *a, const void *b)
{
    return strcmp(((const je_nonfossil_row *)a)->jurisdiction,
                  ((const je_nonfossil_row *)b)->jurisdiction);
}

je_status je_nonfossil_compute(const je_renewable *re, size_t n_re, const je_energy_activity *a,
                               size_t n_a, const je_energy_factors *f,
                               const je_nonfossil_targets *targets, int year,
                               je_nonfossil_row **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    double rate;
    je_status st = je_energy_elec_tce_per_mwh(f, JE_ELEC_EQUAL_VALUE, year, &rate, err);
    if (st != JE_OK)
        return st;
    size_t cap = n_re + n_a + 1, n = 0;
    je_nonfossil_row *rows = calloc(cap, sizeof *rows);
    if (!rows)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    for (size_t i = 0; i < n_re; i++) {
        if (re[i].commissioned > year || (unsigned)re[i].kind >= JE_RE_COUNT)
            continue;
        je_nonfossil_row *r = row_for(rows, &n, re[i].jurisdiction, year);
        r->capacity_mw[re[i].kind] += re[i].capacity_mw;
        r->generation_mwh += re[i].generation_mwh;
    }
    for (size_t i = 0; i < n_a; i++) {
        if (a[i].year != year || a[i].district[0] != '\0')
            continue;
        je_energy_totals x;
        if ((st = je_energy_record_tce(&a[i], f, JE_ELEC_EQUAL_VALUE, &x, err)) != JE_OK) {
            free(rows);
            return st;
        }
        je_nonfossil_row *r = row_for(rows, &n, a[i].jurisdiction, year);
        r->elec_mwh += x.elec_mwh;
        r->energy_tce += x.energy_tce;
    }
    for (size_t i = 0; i < n; i++) {
        je_nonfossil_row *r = &rows[i];
        r->nonfossil_tce = r->generation_mwh * rate;
        r->share_of_electricity = r->elec_mwh > 0 ? r->generation_mwh / r->elec_mwh : NAN;
        r->share_of_energy = r->energy_tce > 0 ? r->nonfossil_tce / r->energy_tce : NAN;
        target_of(targets, r);
    }
    qsort(rows, n, sizeof *rows, cmp_row);
    *out = rows;
    *out_n = n;
    return JE_OK;
}
