/*
 * assess.c — period assessment of sections and the status of rivers, basins and
 * jurisdictions by the 2011 assessment method (环办〔2011〕22号).
 */
#include "jointenv/water.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"national", "provincial", "boundary"};

const char *je_section_kind_name(je_section_kind k)
{
    return (int)k >= 0 && k <= JE_SECTION_BOUNDARY ? kind_names[k] : "?";
}

je_status je_section_kind_parse(const char *s, size_t len, je_section_kind *out)
{
    for (int k = 0; k <= JE_SECTION_BOUNDARY; k++) {
        if (strlen(kind_names[k]) == len && strncmp(kind_names[k], s, len) == 0) {
            *out = (je_section_kind)k;
            return JE_OK;
        }
    }
    return JE_EINVAL;
}

const char *je_wq_change_name(je_wq_change c)
{
    switch (c) {
    case JE_WQ_CHANGE_IMPROVED:
        return "improved";
    case JE_WQ_CHANGE_SAME:
        return "same";
    case JE_WQ_CHANGE_WORSE:
        return "worse";
    case JE_WQ_CHANGE_NONE:
        break;
    }
    return "-";
}

/* 2011 method §3.2: I–II 优, III 良好, IV 轻度污染, V 中度污染, 劣V 重度污染. */
je_wq_status je_wq_status_of_class(je_wq_class c)
{
    switch (c) {
    case JE_WQ_CLASS_I:
    case JE_WQ_CLASS_II:
        return JE_WQ_STATUS_EXCELLENT;
    case JE_WQ_CLASS_III:
        return JE_WQ_STATUS_GOOD;
    case JE_WQ_CLASS_IV:
        return JE_WQ_STATUS_LIGHT;
    case JE_WQ_CLASS_V:
        return JE_WQ_STATUS_MODERATE;
    case JE_WQ_CLASS_WORSE_V:
        return JE_WQ_STATUS_HEAVY;
    case JE_WQ_CLASS_NONE:
        break;
    }
    return JE_WQ_STATUS_NONE;
}

static const char *const status_zh[] = {"-", "优", "良好", "轻度污染", "中度污染", "重度污染"};
static const char *const status_en[] = {
    "-", "excellent", "good", "lightly polluted", "moderately polluted", "heavily polluted"};

const char *je_wq_status_zh(je_wq_status s)
{
    return (int)s >= 0 && s <= JE_WQ_STATUS_HEAVY ? status_zh[s] : "?";
}

const char *je_wq_status_en(je_wq_status s)
{
    return (int)s >= 0 && s <= JE_WQ_STATUS_HEAVY ? status_en[s] : "?";
}

static const char *const level_names[] = {"section", "river", "basin", "jurisdiction"};

const char *je_wq_level_name(je_wq_level l)
{
    return (int)l >= 0 && l <= JE_WQ_LEVEL_JURISDICTION ? level_names[l] : "?";
}

je_status je_wq_level_parse(const char *s, je_wq_level *out)
{
    for (int l = 0; l <= JE_WQ_LEVEL_JURISDICTION; l++) {
        if (strcmp(s, level_names[l]) == 0) {
            *out = (je_wq_level)l;
            return JE_OK;
        }
    }
    return JE_EINVAL;
}

je_status je_wq_assess_sections(const je_section *sections, size_t n, const je_wq_series *cur,
                                const je_wq_series *prev, je_wq_section_result *out, je_error *err)
{
    if (n > 0 && (sections == NULL || cur == NULL || out == NULL))
        return je_error_set(err, JE_EINVAL, "je_wq_assess_sections: NULL argument");
    for (size_t i = 0; i < n; i++) {
        je_wq_section_result *r = &out[i];
        je_waterbody wb = sections[i].waterbody;
        je_status st;
        r->n_samples = cur[i].n;
        /* 2011 method: a month is its sample; a quarter or year is the mean. */
        if ((st = je_wq_mean(cur[i].samples, cur[i].n, &r->mean, err)) != JE_OK ||
            (st = je_gb3838_classify(&r->mean, wb, &r->result, err)) != JE_OK)
            return st;
        r->prev_cls = JE_WQ_CLASS_NONE;
        if (prev != NULL && prev[i].n > 0) {
            je_wq_sample pm;
            je_wq_result pr;
            if ((st = je_wq_mean(prev[i].samples, prev[i].n, &pm, err)) != JE_OK ||
                (st = je_gb3838_classify(&pm, wb, &pr, err)) != JE_OK)
                return st;
            r->prev_cls = pr.cls;
        }
        je_wq_class c = r->result.cls;
        if (c == JE_WQ_CLASS_NONE || r->prev_cls == JE_WQ_CLASS_NONE)
            r->change = JE_WQ_CHANGE_NONE;
        else
            r->change = c < r->prev_cls   ? JE_WQ_CHANGE_IMPROVED
                        : c > r->prev_cls ? JE_WQ_CHANGE_WORSE
                                          : JE_WQ_CHANGE_SAME;
        if (c == JE_WQ_CLASS_NONE || sections[i].target == JE_WQ_CLASS_NONE)
            r->met = -1;
        else
            r->met = c <= sections[i].target;
    }
    return JE_OK;
}

/* Proportion method (≥ 5 sections), 2011 method §4.1 table. Exact fractions are
 * compared in integers (p ≥ 90 % ⇔ 10·good ≥ 9·n) so no rounding can move a group
 * across a threshold. */
static je_wq_status proportion_status(size_t good, size_t worse_v, size_t n)
{
    if (10 * good >= 9 * n)
        return JE_WQ_STATUS_EXCELLENT; /* p ≥ 90 % */
    if (4 * good >= 3 * n)
        return JE_WQ_STATUS_GOOD; /* 75 % ≤ p < 90 % */
    if (5 * worse_v < n)
        return JE_WQ_STATUS_LIGHT; /* p < 75 %, q < 20 % */
    if (5 * worse_v < 2 * n)
        return JE_WQ_STATUS_MODERATE; /* 20 % ≤ q < 40 % */
    return JE_WQ_STATUS_HEAVY;        /* q ≥ 40 % */
}

je_status je_wq_assess_group(const je_section *sections, const je_wq_section_result *results,
                             const size_t *members, size_t n_members, je_wq_group_result *out,
                             je_error *err)
{
    if (out == NULL || (n_members > 0 && (sections == NULL || results == NULL || members == NULL)))
        return je_error_set(err, JE_EINVAL, "je_wq_assess_group: NULL argument");
    memset(out, 0, sizeof *out);
    je_wq_sample_clear(&out->mean);
    if (n_members == 0)
        return JE_OK;
    const je_section *first = &sections[members[0]];
    je_waterbody wb = first->waterbody;
    size_t n = 0, good = 0, worse_v = 0;
    size_t exceed[JE_WQ_NITEMS] = {0};
    je_wq_sample *means = malloc(n_members * sizeof *means);
    if (means == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    for (size_t k = 0; k < n_members; k++) {
        const je_wq_section_result *r = &results[members[k]];
        const je_section *s = &sections[members[k]];
        if (r->result.cls == JE_WQ_CLASS_NONE)
            continue;
        if (s->waterbody != wb)
            wb = JE_WATERBODY_RIVER; /* mixed group: river limits (documented) */
        means[n++] = r->mean;
        out->n_class[r->result.cls]++;
        good += r->result.cls <= JE_WQ_CLASS_III;
        worse_v += r->result.cls == JE_WQ_CLASS_WORSE_V;
        if (r->met >= 0) {
            out->n_with_target++;
            out->n_met += (size_t)r->met;
        }
        for (int i = 0; i < JE_WQ_NITEMS; i++)
            if (je_wq_item_assessed((je_wq_item)i) && r->result.item_class[i] > JE_WQ_CLASS_III)
                exceed[i]++;
    }
    out->n_sections = n;
    if (n == 0) {
        free(means);
        return JE_OK;
    }
    out->share_good = (double)good / (double)n;
    out->share_worse_v = (double)worse_v / (double)n;
    je_status st = JE_OK;
    if (n < 5) {
        /* Fewer than 5 sections: mean concentration of each item over the sections,
           then single-factor classification (2011 method §4.1). */
        out->method = JE_WQ_METHOD_MEAN;
        if ((st = je_wq_mean(means, n, &out->mean, err)) == JE_OK &&
            (st = je_gb3838_classify(&out->mean, wb, &out->mean_result, err)) == JE_OK) {
            out->cls = out->mean_result.cls;
            out->status = je_wq_status_of_class(out->cls);
            for (size_t k = 0; k < out->mean_result.n_main; k++) {
                je_wq_item it = out->mean_result.main_item[k];
                out->main_item[k] = it;
                out->main_rate[k] = out->mean_result.multiple[it];
                out->n_main++;
            }
        }
    } else {
        out->method = JE_WQ_METHOD_PROPORTION;
        out->cls = JE_WQ_CLASS_NONE;
        out->status = proportion_status(good, worse_v, n);
        /* Main pollutants of a river: the three items with the highest share of
           sections worse than Class III (断面超标率), only when the status is worse
           than 良好. Ties keep table order. */
        if (out->status > JE_WQ_STATUS_GOOD) {
            for (int pick = 0; pick < 3; pick++) {
                int best = -1;
                for (int i = 0; i < JE_WQ_NITEMS; i++) {
                    int taken = 0;
                    for (size_t k = 0; k < out->n_main; k++)
                        taken |= out->main_item[k] == (je_wq_item)i;
                    if (!taken && exceed[i] > 0 && (best < 0 || exceed[i] > exceed[best]))
                        best = i;
                }
                if (best < 0)
                    break;
                out->main_item[out->n_main] = (je_wq_item)best;
                out->main_rate[out->n_main++] = (double)exceed[best] / (double)n;
            }
        }
    }
    free(means);
    return st;
}

static const char *group_key(const je_section *s, je_wq_level level, const char **zh,
                             const char **en)
{
    switch (level) {
    case JE_WQ_LEVEL_RIVER:
        *zh = s->river_zh;
        *en = s->river_en;
        return s->river_code;
    case JE_WQ_LEVEL_BASIN:
        *zh = s->basin_zh;
        *en = s->basin_en;
        return s->basin_code;
    case JE_WQ_LEVEL_JURISDICTION:
        *zh = *en = NULL;
        return s->owner;
    case JE_WQ_LEVEL_SECTION:
        *zh = s->name_zh;
        *en = s->name_en;
        return s->code;
    }
    return "";
}

je_status je_wq_assess_groups(const je_section *sections, const je_wq_section_result *results,
                              size_t n, je_wq_level level, je_wq_group_result **out, size_t *out_n,
                              je_error *err)
{
    *out = NULL;
    *out_n = 0;
    if (n == 0)
        return JE_OK;
    size_t *group_of = malloc(n * sizeof *group_of);
    size_t *members = malloc(n * sizeof *members);
    const char **keys = malloc(n * sizeof *keys);
    je_wq_group_result *groups = calloc(n, sizeof *groups);
    je_status st = JE_OK;
    if (!group_of || !members || !keys || !groups) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        const char *zh = NULL, *en = NULL;
        const char *key = group_key(&sections[i], level, &zh, &en);
        size_t g = 0;
        while (g < ng && strcmp(keys[g], key) != 0)
            g++;
        if (g == ng) {
            keys[ng] = key;
            groups[ng].key = key;
            groups[ng].name_zh = zh;
            groups[ng].name_en = en;
            ng++;
        }
        group_of[i] = g;
    }
    for (size_t g = 0; g < ng; g++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (group_of[i] == g)
                members[m++] = i;
        const char *key = groups[g].key, *zh = groups[g].name_zh, *en = groups[g].name_en;
        if ((st = je_wq_assess_group(sections, results, members, m, &groups[g], err)) != JE_OK)
            goto done;
        groups[g].key = key;
        groups[g].name_zh = zh;
        groups[g].name_en = en;
    }
    *out = groups;
    *out_n = ng;
    groups = NULL;
done:
    free(groups);
    free(keys);
    free(members);
    free(group_of);
    return st;
}

void je_wq_boundary_summarize(const je_section *sections, const je_wq_section_result *results,
                              size_t n, const char *jurisdiction, je_wq_boundary_summary *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        const je_section *s = &sections[i];
        if (s->kind != JE_SECTION_BOUNDARY)
            continue;
        int classified = results[i].result.cls != JE_WQ_CLASS_NONE;
        int met = results[i].met == 1;
        if (strcmp(s->upstream, jurisdiction) == 0) {
            out->out_n++;
            out->out_classified += (size_t)classified;
            out->out_met += (size_t)met;
        }
        if (strcmp(s->downstream, jurisdiction) == 0) {
            out->in_n++;
            out->in_classified += (size_t)classified;
            out->in_met += (size_t)met;
        }
    }
}
