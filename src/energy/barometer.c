/*
 * barometer.c — the dual-control barometer (能耗双控晴雨表): progress of each
 * jurisdiction and district against the period's intensity-reduction and
 * total-energy targets, a red/yellow/green level by the rule of the targets file,
 * and the sectors whose energy use grew most since the base year.
 *
 * The rule's shape follows the NDRC's 2021 barometer (《2021年上半年各地区能耗双控目标
 * 完成情况晴雨表》, MEM: red = intensity rose, yellow = falling slower than the
 * schedule, green = on schedule); its thresholds are configuration (data/rules/
 * dual-control-*.json), never constants here.
 */
#include "energy/energy_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *je_warning_name(je_warning w)
{
    switch (w) {
    case JE_WARN_GREEN:
        return "green";
    case JE_WARN_YELLOW:
        return "yellow";
    case JE_WARN_RED:
        return "red";
    }
    return "?";
}

static je_status parse_rule(const jparser *p, json_t *root, je_dual_rules *r)
{
    static const char *const rk[] = {"intensity", "total", NULL};
    static const char *const ik[] = {"red_if_yoy_above", "yellow_if_progress_over_elapsed_below",
                                     NULL};
    static const char *const tk[] = {"red_if_used_share_at_least",
                                     "yellow_if_used_over_elapsed_above", NULL};
    json_t *w, *in, *to;
    je_status st = jp_object(p, root, "", "warning_rule", 0, &w);
    if (st == JE_OK)
        st = jp_members(p, w, "warning_rule", rk);
    if (st == JE_OK)
        st = jp_object(p, w, "warning_rule", "intensity", 0, &in);
    if (st == JE_OK)
        st = jp_object(p, w, "warning_rule", "total", 0, &to);
    if (st == JE_OK)
        st = jp_members(p, in, "warning_rule.intensity", ik);
    if (st == JE_OK)
        st = jp_members(p, to, "warning_rule.total", tk);
    if (st == JE_OK)
        st = jp_number(p, in, "warning_rule.intensity", "red_if_yoy_above", -1, 1, 0,
                       &r->red_intensity_yoy);
    if (st == JE_OK)
        st = jp_number(p, in, "warning_rule.intensity", "yellow_if_progress_over_elapsed_below", 0,
                       10, 0, &r->yellow_progress_ratio);
    if (st == JE_OK)
        st = jp_number(p, to, "warning_rule.total", "red_if_used_share_at_least", 0, 10, 0,
                       &r->red_used_share);
    if (st == JE_OK)
        st = jp_number(p, to, "warning_rule.total", "yellow_if_used_over_elapsed_above", 0, 10, 0,
                       &r->yellow_used_ratio);
    return st;
}

static je_status parse_targets(const jparser *p, json_t *root, je_dual_rules *r)
{
    json_t *list = json_object_get(root, "targets");
    if (!json_is_array(list) || json_array_size(list) == 0 ||
        json_array_size(list) > JE_DUAL_TARGETS_MAX)
        return jp_fail(p, "targets", "must be an array of 1 to %d targets", JE_DUAL_TARGETS_MAX);
    static const char *const known[] = {"jurisdiction", "district", "intensity_reduction",
                                        "energy_increment_tce", NULL};
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *t = json_array_get(list, i);
        char tp[32];
        snprintf(tp, sizeof tp, "targets[%zu]", i);
        if (!json_is_object(t))
            return jp_fail(p, tp, "must be an object");
        je_dual_target *x = &r->targets[i];
        x->energy_increment_tce = NAN;
        je_status st = jp_members(p, t, tp, known);
        if (st == JE_OK)
            st = jp_string(p, t, tp, "jurisdiction", 0, x->jurisdiction, sizeof x->jurisdiction);
        if (st == JE_OK)
            st = jp_string(p, t, tp, "district", 1, x->district, sizeof x->district);
        if (st == JE_OK)
            st = jp_number(p, t, tp, "intensity_reduction", 0, 0.9, 0, &x->intensity_reduction);
        if (st == JE_OK)
            st = jp_number(p, t, tp, "energy_increment_tce", 0, 1e10, 1, &x->energy_increment_tce);
        if (st != JE_OK)
            return st;
        r->n_targets = i + 1;
    }
    return JE_OK;
}

je_status je_dual_rules_parse(const char *json, size_t len, const char *name, je_dual_rules *out,
                              je_error *err)
{
    jparser p = {name ? name : "(targets)", err};
    memset(out, 0, sizeof *out);
    json_t *root, *period;
    je_status st = jp_parse_root(&p, json, len, &root);
    if (st != JE_OK)
        return st;
    static const char *const known[] = {"period", "electricity_basis", "warning_rule", "targets",
                                        NULL};
    static const char *const pk[] = {"base_year", "end_year", NULL};
    char basis[16] = "";
    st = jp_members(&p, root, "", known);
    if (st == JE_OK)
        st = jp_string(&p, root, "", "id", 0, out->id, sizeof out->id);
    if (st == JE_OK)
        st = jp_object(&p, root, "", "period", 0, &period);
    if (st == JE_OK)
        st = jp_members(&p, period, "period", pk);
    if (st == JE_OK)
        st = jp_int(&p, period, "period", "base_year", 1990, 2200, 0, &out->base_year);
    if (st == JE_OK)
        st = jp_int(&p, period, "period", "end_year", out->base_year + 1, 2200, 0, &out->end_year);
    if (st == JE_OK)
        st = jp_string(&p, root, "", "electricity_basis", 0, basis, sizeof basis);
    if (st == JE_OK) {
        if (strcmp(basis, "equivalent") == 0)
            out->basis = JE_ELEC_EQUIVALENT;
        else if (strcmp(basis, "equal-value") == 0)
            out->basis = JE_ELEC_EQUAL_VALUE;
        else
            st = jp_fail(&p, "electricity_basis", "must be equivalent or equal-value");
    }
    if (st == JE_OK)
        st = parse_rule(&p, root, out);
    if (st == JE_OK)
        st = parse_targets(&p, root, out);
    json_decref(root);
    return st;
}

je_status je_dual_rules_load(const char *path, je_dual_rules *out, je_error *err)
{
    char *buf;
    size_t n;
    je_status st = jp_read_file(path, &buf, &n, err);
    if (st != JE_OK)
        return st;
    st = je_dual_rules_parse(buf, n, path, out, err);
    free(buf);
    return st;
}

/* Round away binary noise so that figures exactly at a threshold compare equal. */
static double r12(double x)
{
    return je_round_sig(x, 12);
}

void je_barometer_classify(const je_dual_rules *r, je_barometer_row *row)
{
    row->intensity_level = JE_WARN_GREEN;
    if (!isnan(row->intensity_yoy) && r12(row->intensity_yoy) > r12(r->red_intensity_yoy))
        row->intensity_level = JE_WARN_RED;
    else if (row->elapsed_share > 0 && !isnan(row->progress) &&
             r12(row->progress / row->elapsed_share) < r12(r->yellow_progress_ratio))
        row->intensity_level = JE_WARN_YELLOW;
    row->total_level = JE_WARN_GREEN;
    if (!isnan(row->used_share)) {
        if (r12(row->used_share) >= r12(r->red_used_share))
            row->total_level = JE_WARN_RED;
        else if (row->elapsed_share > 0 &&
                 r12(row->used_share / row->elapsed_share) > r12(r->yellow_used_ratio))
            row->total_level = JE_WARN_YELLOW;
    }
    row->level = row->intensity_level > row->total_level ? row->intensity_level : row->total_level;
}

/* Totals of one target's scope (jurisdiction-wide or one district) in `year`. */
static je_status scope_totals(const je_energy_activity *a, size_t n, const je_energy_factors *f,
                              const je_dual_rules *r, const je_dual_target *t, int year,
                              je_energy_totals *out, int *found, je_error *err)
{
    je_energy_totals_zero(out);
    *found = 0;
    for (size_t i = 0; i < n; i++) {
        if (a[i].year != year || strcmp(a[i].jurisdiction, t->jurisdiction) != 0 ||
            strcmp(a[i].district, t->district) != 0)
            continue;
        je_energy_totals x;
        je_status st = je_energy_record_tce(&a[i], f, r->basis, &x, err);
        if (st != JE_OK)
            return st;
        je_energy_totals_add(out, &x);
        *found = 1;
    }
    return JE_OK;
}

/* The sectors whose energy rose most between the base year and `year`. */
static void drivers(const je_energy_activity *a, size_t n, const je_energy_factors *f,
                    const je_dual_rules *r, const je_dual_target *t, int year,
                    je_barometer_row *row)
{
    char sec[64][32];
    double delta[64];
    size_t ns = 0;
    for (size_t i = 0; i < n; i++) {
        int sign = a[i].year == year ? 1 : a[i].year == r->base_year ? -1 : 0;
        if (!sign || strcmp(a[i].jurisdiction, t->jurisdiction) != 0 ||
            strcmp(a[i].district, t->district) != 0 || strcmp(a[i].sector, "all") == 0)
            continue;
        je_energy_totals x;
        if (je_energy_record_tce(&a[i], f, r->basis, &x, NULL) != JE_OK)
            continue;
        size_t k = 0;
        while (k < ns && strcmp(sec[k], a[i].sector) != 0)
            k++;
        if (k == ns) {
            if (ns == 64)
                continue;
            snprintf(sec[ns], 32, "%s", a[i].sector);
            delta[ns++] = 0;
        }
        delta[k] += sign * x.energy_tce;
    }
    row->n_drivers = 0;
    for (size_t d = 0; d < JE_DRIVERS_MAX; d++) {
        size_t best = ns;
        for (size_t k = 0; k < ns; k++)
            if (delta[k] > 0 && (best == ns || delta[k] > delta[best]))
                best = k;
        if (best == ns)
            break;
        snprintf(row->driver_sector[d], 32, "%s", sec[best]);
        row->driver_delta_tce[d] = delta[best];
        delta[best] = -INFINITY;
        row->n_drivers++;
    }
}

static je_status missing(je_error *err, const je_dual_target *t, int year, const char *what)
{
    return je_error_set(err, JE_ENOTFOUND, "%s%s%s: no %s for %d (import energy-activity)",
                        t->jurisdiction, t->district[0] ? " " : "", t->district, what, year);
}

static je_status one_row(const je_energy_activity *a, size_t n, const je_energy_factors *f,
                         const je_dual_rules *r, const je_dual_target *t, int year,
                         je_barometer_row *row, je_error *err)
{
    memset(row, 0, sizeof *row);
    snprintf(row->jurisdiction, sizeof row->jurisdiction, "%s", t->jurisdiction);
    snprintf(row->district, sizeof row->district, "%s", t->district);
    row->year = year;
    je_energy_totals base, cur, prev;
    int fb, fc, fp;
    je_status st = scope_totals(a, n, f, r, t, r->base_year, &base, &fb, err);
    if (st == JE_OK)
        st = scope_totals(a, n, f, r, t, year, &cur, &fc, err);
    if (st == JE_OK)
        st = scope_totals(a, n, f, r, t, year - 1, &prev, &fp, err);
    if (st != JE_OK)
        return st;
    if (!fb || isnan(base.gdp_1e4_yuan))
        return missing(err, t, r->base_year, fb ? "GDP (base year)" : "data (base year)");
    if (!fc || isnan(cur.gdp_1e4_yuan))
        return missing(err, t, year, fc ? "GDP" : "data");
    row->elapsed_share = (double)(year - r->base_year) / (double)(r->end_year - r->base_year);
    row->base_intensity = base.energy_tce / base.gdp_1e4_yuan;
    row->intensity = cur.energy_tce / cur.gdp_1e4_yuan;
    row->prev_intensity =
        fp && !isnan(prev.gdp_1e4_yuan) ? prev.energy_tce / prev.gdp_1e4_yuan : NAN;
    row->intensity_yoy = row->intensity / row->prev_intensity - 1;
    row->intensity_reduction = 1 - row->intensity / row->base_intensity;
    row->target_reduction = t->intensity_reduction;
    row->progress =
        t->intensity_reduction > 0 ? row->intensity_reduction / t->intensity_reduction : NAN;
    row->base_energy_tce = base.energy_tce;
    row->energy_tce = cur.energy_tce;
    row->allowance_tce = t->energy_increment_tce;
    row->used_share = isnan(t->energy_increment_tce) || t->energy_increment_tce <= 0
                          ? NAN
                          : (cur.energy_tce - base.energy_tce) / t->energy_increment_tce;
    je_barometer_classify(r, row);
    drivers(a, n, f, r, t, year, row);
    return JE_OK;
}

je_status je_barometer_compute(const je_energy_activity *a, size_t n, const je_energy_factors *f,
                               const je_dual_rules *r, int year, je_barometer_row **out,
                               size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    if (year <= r->base_year || year > r->end_year)
        return je_error_set(err, JE_EINVAL, "year %d is outside the period %d-%d of %s", year,
                            r->base_year + 1, r->end_year, r->id);
    je_barometer_row *rows = calloc(r->n_targets ? r->n_targets : 1, sizeof *rows);
    if (!rows)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    for (size_t i = 0; i < r->n_targets; i++) {
        je_status st = one_row(a, n, f, r, &r->targets[i], year, &rows[i], err);
        if (st != JE_OK) {
            free(rows);
            return st;
        }
    }
    *out = rows;
    *out_n = r->n_targets;
    return JE_OK;
}
