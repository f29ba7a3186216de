/*
 * api_water.c — water routes: a section's samples and the GB 3838-2002 assessment
 * (2011 method) by section, river, basin or jurisdiction, computed from the stored
 * samples on each request (and cached until the data change).
 */
#include "server/internal.h"

#include "jointenv/water.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

json_t *section_row(const je_section *s);
je_status req_bool(const req *r, const char *name, int *out, je_error *err);

/* ?period=… into *p; absent: the latest year with samples (JE_ENOTFOUND with none). */
static je_status period_of(const req *r, je_period *p, int latest_default, je_error *err)
{
    const char *v = req_param(r, "period");
    if (v != NULL)
        return je_period_parse(v, p, err);
    if (!latest_default)
        return JE_ENOTFOUND;
    int y = 0;
    je_status st = je_store_water_latest_year(r->db, &y, err);
    if (st != JE_OK)
        return st;
    if (y == 0)
        return je_error_set(err, JE_ENOTFOUND, "no water samples are stored yet");
    *p = (je_period){JE_PERIOD_YEAR, y, 0};
    return JE_OK;
}

/* Items (';'-joined codes) whose bit is set in mask. */
static void item_list(uint32_t mask, char *buf, size_t size)
{
    size_t off = 0;
    buf[0] = '\0';
    for (int it = 0; it < JE_WQ_NITEMS && off < size; it++)
        if (mask & (1u << it)) {
            int w = snprintf(buf + off, size - off, "%s%s", off ? ";" : "",
                             je_wq_item_code((je_wq_item)it));
            if (w < 0)
                return;
            off += (size_t)w;
        }
}

je_status api_section_samples(req *r, result *out, je_error *err)
{
    je_section_filter f = {0};
    f.section = r->path_arg;
    je_period per;
    je_status st = period_of(r, &per, 0, err);
    if (st != JE_OK && st != JE_ENOTFOUND)
        return st;
    const je_period *pp = st == JE_OK ? &per : NULL;
    je_section_list secs = {0};
    je_wq_series_set set = {0};
    if ((st = je_store_sections(r->db, &f, &secs, err)) != JE_OK)
        return st;
    if (secs.n == 0) {
        je_section_list_free(&secs);
        return je_error_set(err, JE_ENOTFOUND, "no section '%s'", r->path_arg);
    }
    if ((st = je_store_water_series(r->db, &secs, pp, &set, err)) != JE_OK)
        goto out;
    /* every row gets the same columns: the items any sample of the section has */
    uint32_t used = 0;
    const je_wq_series *sr = &set.series[0];
    for (size_t i = 0; i < sr->n; i++)
        for (int it = 0; it < JE_WQ_NITEMS; it++)
            if (!isnan(sr->samples[i].value[it]))
                used |= 1u << it;
    out->rows = json_array();
    for (size_t i = 0; i < sr->n; i++) {
        const je_wq_sample *x = &sr->samples[i];
        char at[32], local[32], bdl[160], invalid[160];
        int64_t t = je_wq_series_set_time(&set, 0, i);
        je_time_format(t, 0, at, sizeof at);
        je_time_format(t, secs.utc_offset_s[0], local, sizeof local);
        item_list(x->bdl_mask & used, bdl, sizeof bdl);
        item_list(x->invalid_mask & used, invalid, sizeof invalid);
        json_t *o = json_pack("{s:s, s:s, s:s}", "code", at, "section", secs.items[0].code,
                              "sampled_at", local);
        for (int it = 0; it < JE_WQ_NITEMS; it++)
            if (used & (1u << it))
                json_object_set_new(o, je_wq_item_code((je_wq_item)it), jnum(x->value[it]));
        json_object_set_new(o, "below_detection", jstr(bdl));
        json_object_set_new(o, "invalid", jstr(invalid));
        json_array_append_new(out->rows, o);
    }
out:
    je_wq_series_set_free(&set);
    je_section_list_free(&secs);
    return st;
}

static json_t *class_or_null(je_wq_class c)
{
    return c ? json_string(je_wq_class_label(c)) : json_null();
}

static json_t *section_assessment_row(const je_section *s, const je_wq_section_result *res)
{
    char main[256];
    json_t *o = section_row(s);
    json_object_set_new(o, "samples", json_integer((json_int_t)res->n_samples));
    json_object_set_new(o, "class", class_or_null(res->result.cls));
    json_object_set_new(o, "met", res->met < 0 ? json_null() : json_boolean(res->met));
    json_object_set_new(o, "prev_class", class_or_null(res->prev_cls));
    json_object_set_new(o, "change", res->change ? json_string(je_wq_change_name(res->change))
                                                 : json_null());
    je_wq_status stt = je_wq_status_of_class(res->result.cls);
    json_object_set_new(o, "status_zh", res->result.cls ? json_string(je_wq_status_zh(stt)) : json_null());
    json_object_set_new(o, "status_en", res->result.cls ? json_string(je_wq_status_en(stt)) : json_null());
    json_object_set_new(o, "main_pollutants", jstr(je_wq_main_format(&res->result, main, sizeof main)));
    return o;
}

static json_t *group_row(const je_wq_group_result *g, const je_jurisdiction *jur, size_t njur)
{
    const char *zh = g->name_zh, *en = g->name_en;
    for (size_t i = 0; zh == NULL && i < njur; i++)
        if (strcmp(jur[i].code, g->key) == 0) {
            zh = jur[i].name_zh;
            en = jur[i].name_en;
        }
    char main[256] = "";
    size_t off = 0;
    for (size_t k = 0; k < g->n_main && off < sizeof main; k++) {
        int w = snprintf(main + off, sizeof main - off, "%s%s", k ? ";" : "",
                         je_wq_item_code(g->main_item[k]));
        if (w < 0)
            break;
        off += (size_t)w;
    }
    return json_pack("{s:s, s:o, s:o, s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:o}", "code",
                     g->key, "name_zh", jstr(zh), "name_en", jstr(en), "sections",
                     (json_int_t)g->n_sections, "method",
                     g->method == JE_WQ_METHOD_PROPORTION ? "proportion" : "mean", "class",
                     class_or_null(g->cls), "status_zh",
                     g->status ? json_string(je_wq_status_zh(g->status)) : json_null(),
                     "status_en", g->status ? json_string(je_wq_status_en(g->status)) : json_null(),
                     "share_good", jnum(g->share_good), "share_worse_v", jnum(g->share_worse_v),
                     "met", (json_int_t)g->n_met, "with_target", (json_int_t)g->n_with_target,
                     "main_pollutants", jstr(main));
}

je_status api_water_assessment(req *r, result *out, je_error *err)
{
    je_section_filter f = {0};
    f.jurisdiction = req_param(r, "jurisdiction");
    je_status st = req_bool(r, "boundary", &f.boundary_only, err);
    if (st != JE_OK)
        return st;
    je_wq_level level = JE_WQ_LEVEL_SECTION;
    const char *lv = req_param(r, "level");
    if (lv && je_wq_level_parse(lv, &level) != JE_OK)
        return je_error_set(err, JE_EINVAL, "level: '%s' is not section, river, basin or "
                            "jurisdiction", lv);
    je_period per;
    if ((st = period_of(r, &per, 1, err)) != JE_OK)
        return st;
    je_period prev = je_period_previous(&per);
    je_section_list secs = {0};
    je_wq_series_set cur = {0}, old = {0};
    je_wq_section_result *res = NULL;
    je_wq_group_result *g = NULL;
    je_jurisdiction *jur = NULL;
    size_t njur = 0, ng = 0;
    if ((st = je_store_jurisdictions(r->db, &jur, &njur, err)) != JE_OK ||
        (st = je_store_sections(r->db, &f, &secs, err)) != JE_OK ||
        (st = je_store_water_series(r->db, &secs, &per, &cur, err)) != JE_OK ||
        (st = je_store_water_series(r->db, &secs, &prev, &old, err)) != JE_OK)
        goto out;
    res = calloc(secs.n ? secs.n : 1, sizeof *res);
    if (res == NULL) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto out;
    }
    if ((st = je_wq_assess_sections(secs.items, secs.n, cur.series, old.series, res, err)) != JE_OK)
        goto out;
    out->rows = json_array();
    char pbuf[16];
    je_period_format(&per, pbuf, sizeof pbuf);
    if (level == JE_WQ_LEVEL_SECTION) {
        for (size_t i = 0; i < secs.n; i++)
            json_array_append_new(out->rows, section_assessment_row(&secs.items[i], &res[i]));
    } else {
        if ((st = je_wq_assess_groups(secs.items, res, secs.n, level, &g, &ng, err)) != JE_OK)
            goto out;
        for (size_t i = 0; i < ng; i++)
            json_array_append_new(out->rows, group_row(&g[i], jur, njur));
    }
    size_t k;
    json_t *row;
    json_array_foreach(out->rows, k, row) /* every row says which period it assesses */
        json_object_set_new(row, "period", json_string(pbuf));
out:
    free(g);
    free(res);
    free(jur);
    je_wq_series_set_free(&cur);
    je_wq_series_set_free(&old);
    je_section_list_free(&secs);
    return st;
}

/* GB 3838-2002 Table 1 as data for charts: per item its limit for classes I–V (DO a
 * minimum; pH the range 6–9 of every class, given as ph_min/ph_max). */
je_status api_water_limits(req *r, result *out, je_error *err)
{
    const char *wb = req_param(r, "waterbody");
    je_waterbody w = JE_WATERBODY_RIVER;
    if (wb && strcmp(wb, "lake") == 0)
        w = JE_WATERBODY_LAKE;
    else if (wb && strcmp(wb, "river") != 0)
        return je_error_set(err, JE_EINVAL, "waterbody: '%s' is not river or lake", wb);
    out->rows = json_array();
    static const char *const cls[] = {"I", "II", "III", "IV", "V"};
    for (int it = 0; it < JE_WQ_NITEMS; it++) {
        je_wq_item item = (je_wq_item)it;
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b}", "code", je_wq_item_code(item),
                              "name_zh", je_wq_item_name_zh(item), "name_en",
                              je_wq_item_name_en(item), "unit", je_wq_item_unit(item), "minimum",
                              item == JE_WQ_DO);
        for (int c = 0; c < 5; c++)
            json_object_set_new(o, cls[c],
                                jnum(je_gb3838_limit(item, (je_wq_class)(JE_WQ_CLASS_I + c), w)));
        json_array_append_new(out->rows, o);
    }
    return JE_OK;
}
