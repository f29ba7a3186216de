/*
 * api_allocation.c — GET /api/v1/water/allocation: the basin water allocation of the
 * scheme shipped in the server's data folder (data/demo/chengyu/allocation-YEAR.json,
 * as `jointenv water allocate --year Y`), totals by jurisdiction, sector, priority,
 * demand or node; a drought scenario by inflow_factor. Schemes are configuration,
 * not stored records, so the route reads them by year from the data folder only (a
 * request cannot name a path).
 */
#include "server/internal.h"

#include "jointenv/allocation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    je_alloc_group by;
} groups[] = {{"jurisdiction", JE_ALLOC_BY_JURISDICTION},
              {"sector", JE_ALLOC_BY_SECTOR},
              {"priority", JE_ALLOC_BY_PRIORITY},
              {"demand", JE_ALLOC_BY_DEMAND},
              {"node", JE_ALLOC_BY_NODE}};

je_status api_water_allocation(req *r, result *out, je_error *err)
{
    long year = 2022;
    je_status st = dash_int(r, "year", 1900, 2200, &year, err);
    if (st != JE_OK)
        return st;
    const char *by = req_param(r, "by");
    size_t g = 0;
    while (by && g < sizeof groups / sizeof groups[0] && strcmp(groups[g].name, by) != 0)
        g++;
    if (g == sizeof groups / sizeof groups[0])
        return je_error_set(err, JE_EINVAL,
                            "by: '%s' is not jurisdiction, sector, priority, demand or node", by);
    je_alloc_options opt;
    je_alloc_options_default(&opt);
    const char *f = req_param(r, "inflow_factor");
    if (f) {
        char *end;
        opt.inflow_factor = strtod(f, &end);
        if (*end || !(opt.inflow_factor >= 0 && opt.inflow_factor <= 10))
            return je_error_set(err, JE_EINVAL, "inflow_factor: '%s' is not a number 0 to 10", f);
    }
    if (r->data_root == NULL)
        return je_error_set(err, JE_ENOTFOUND, "this server has no data folder (serve --data)");
    char path[1200];
    snprintf(path, sizeof path, "%s/demo/chengyu/allocation-%ld.json", r->data_root, year);
    je_alloc_scheme s;
    if ((st = je_alloc_scheme_load(path, &s, err)) != JE_OK)
        return st == JE_EIO ? je_error_set(err, JE_ENOTFOUND, "no allocation scheme for %ld", year)
                            : st;
    opt.time_limit_s = 10; /* a request must not hold a worker for long */
    je_alloc_result res;
    memset(&res, 0, sizeof res);
    st = je_alloc_solve(&s, &opt, &res, err);
    je_alloc_total *t = NULL;
    size_t n = 0;
    if (st == JE_OK && res.feasible)
        st = je_alloc_totals(&s, &res, groups[g].by, 0, &t, &n, err);
    if (st == JE_OK) {
        json_t *totals = json_array(), *issues = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(
                totals, json_pack("{s:s, s:o, s:o, s:o, s:o}", "key", t[i].key, "demand_hm3",
                                  jnum(t[i].demand_hm3), "delivered_hm3", jnum(t[i].delivered_hm3),
                                  "shortage_hm3", jnum(t[i].shortage_hm3), "supplied_pct",
                                  jnum(t[i].demand_hm3 > 0
                                           ? 100.0 * t[i].delivered_hm3 / t[i].demand_hm3
                                           : NAN)));
        for (size_t i = 0; i < res.n_issues; i++)
            json_array_append_new(issues, json_pack("{s:s, s:o}", "message",
                                                    res.issues[i].message, "shortfall_hm3",
                                                    jnum(res.issues[i].shortfall_hm3)));
        out->doc = json_pack("{s:s, s:s, s:b, s:I, s:s, s:f, s:b, s:o, s:o, s:s}", "scheme",
                             s.id, "name", s.name, "synthetic", s.synthetic, "year",
                             (json_int_t)year, "by", groups[g].name, "inflow_factor",
                             opt.inflow_factor, "feasible", res.feasible, "totals", totals,
                             "issues", issues, "priorities",
                             je_alloc_priority_mode_name(opt.mode));
    }
    free(t);
    je_alloc_result_free(&res);
    je_alloc_scheme_free(&s);
    return st;
}
