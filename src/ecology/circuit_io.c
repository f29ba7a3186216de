/* circuit_io.c — Circuitscape files: focal points, included pairs, .ini, and the
 * `_resistances.out` / `_cum_curmap.asc` outputs. */
#include "circuit_internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *slurp(const char *path, je_error *err)
{
    char *buf;
    size_t n;
    return je_file_read(path, 0, &buf, &n, err) == JE_OK ? buf : NULL;
}

static char *next_line(char **cur)
{
    char *s = *cur;
    if (!s || !*s)
        return NULL;
    char *e = strchr(s, '\n');
    if (e) {
        *e = 0;
        *cur = e + 1;
    } else {
        *cur = s + strlen(s);
    }
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\r' || isspace((unsigned char)s[n - 1])))
        s[--n] = 0;
    while (isspace((unsigned char)*s))
        s++;
    return s;
}

/* ---- focal points ------------------------------------------------------- */

static int looks_text(const char *buf)
{
    while (*buf && (isspace((unsigned char)*buf) || *buf == '#')) {
        if (*buf == '#')
            while (*buf && *buf != '\n')
                buf++;
        else
            buf++;
    }
    return *buf == '-' || *buf == '+' || *buf == '.' || isdigit((unsigned char)*buf);
}

je_status je_circuit_focal_read(const char *path, const je_raster *grid, je_focal **out, size_t *n,
                                je_error *err)
{
    *out = NULL;
    *n = 0;
    char *buf = slurp(path, err);
    if (!buf)
        return err ? err->status : JE_EIO;
    je_status st = JE_OK;
    if (!looks_text(buf)) { /* a raster */
        free(buf);
        je_raster *p = NULL;
        if ((st = je_raster_read(path, &p, err)) != JE_OK)
            return st;
        if (!je_raster_same_grid(p, grid)) {
            je_raster_free(p);
            return je_error_set_at(err, JE_EDATA, path, 0, 0, NULL,
                                   "focal raster is not on the habitat's grid");
        }
        size_t nc = (size_t)p->nrows * (size_t)p->ncols, k = 0;
        je_focal *f = malloc((nc ? nc : 1) * sizeof *f);
        if (!f) {
            je_raster_free(p);
            return je_error_set(err, JE_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < nc; i++)
            if (isfinite(p->data[i]) && p->data[i] > 0)
                f[k++] =
                    (je_focal){(int64_t)p->data[i], (int64_t)i / p->ncols, (int64_t)i % p->ncols};
        je_raster_free(p);
        *out = f;
        *n = k;
        return JE_OK;
    }
    size_t cap = 64, k = 0;
    je_focal *f = malloc(cap * sizeof *f);
    char *cur = buf, *line;
    long lineno = 0;
    while (f && (line = next_line(&cur))) {
        lineno++;
        if (!*line || *line == '#')
            continue;
        double id, x, y;
        char extra;
        if (sscanf(line, "%lf%*[ \t,]%lf%*[ \t,]%lf %c", &id, &x, &y, &extra) != 3 ||
            id != floor(id)) {
            st = je_error_set_at(err, JE_EDATA, path, lineno, 0, NULL,
                                 "expected 'id x y' (an integer id and two coordinates)");
            break;
        }
        int64_t r, c;
        if (je_raster_cell_of(grid, x, y, &r, &c) != 0) {
            st = je_error_set_at(err, JE_EDATA, path, lineno, 0, NULL,
                                 "point %g at (%g, %g) is outside the habitat grid", id, x, y);
            break;
        }
        if (k == cap) {
            je_focal *nf = realloc(f, (cap *= 2) * sizeof *f);
            if (!nf)
                free(f);
            f = nf;
            if (!f)
                break;
        }
        f[k++] = (je_focal){(int64_t)id, r, c};
    }
    free(buf);
    if (!f)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    if (st != JE_OK) {
        free(f);
        return st;
    }
    *out = f;
    *n = k;
    return JE_OK;
}

/* ---- included pairs ----------------------------------------------------- */

void je_circuit_pairs_free(je_circuit_pairs *p)
{
    if (!p)
        return;
    free(p->ids);
    free(p->include);
    free(p);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int64_t idx_of(const je_circuit_pairs *p, int64_t id)
{
    const int64_t *q = bsearch(&id, p->ids, p->n, sizeof id, cmp_i64);
    return q ? q - p->ids : -1;
}

/* Parse up to max numbers of a line; returns how many. */
static size_t numbers(const char *s, double *v, size_t max)
{
    size_t k = 0;
    char *end;
    while (k < max) {
        double x = strtod(s, &end);
        if (end == s)
            break;
        v[k++] = x;
        s = end;
    }
    return k;
}

static je_status pairs_alloc(je_circuit_pairs *p, int64_t *ids, size_t n, je_error *err)
{
    qsort(ids, n, sizeof *ids, cmp_i64);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || ids[i] != ids[m - 1])
            ids[m++] = ids[i];
    p->ids = ids;
    p->n = m;
    p->include = calloc(m * m + 1, 1);
    return p->include ? JE_OK : je_error_set(err, JE_ENOMEM, "out of memory");
}

je_status je_circuit_pairs_read(const char *path, je_circuit_pairs **out, je_error *err)
{
    *out = NULL;
    char *buf = slurp(path, err);
    if (!buf)
        return err ? err->status : JE_EIO;
    je_circuit_pairs *p = calloc(1, sizeof *p);
    size_t nl = 1;
    for (const char *s = buf; *s; s++)
        nl += *s == '\n';
    char **lines = malloc(nl * sizeof *lines);
    double *v = malloc((nl + 4096) * sizeof *v);
    int64_t *ids = malloc((2 * nl + 4096) * sizeof *ids);
    je_status st = JE_OK;
    if (!p || !lines || !v || !ids) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    size_t n = 0;
    char *cur = buf, *l;
    while ((l = next_line(&cur)))
        lines[n++] = l;
    size_t first = 0;
    while (first < n && !*lines[first])
        first++;
    if (first < n && !strncasecmp(lines[first], "mode", 4)) {
        const char *m = lines[first] + 4;
        while (isspace((unsigned char)*m))
            m++;
        int include = !strcasecmp(m, "include");
        if (!include && strcasecmp(m, "exclude")) {
            st = je_error_set_at(err, JE_EDATA, path, (long)first + 1, 0, NULL,
                                 "mode must be include or exclude");
            goto done;
        }
        size_t k = 0;
        for (size_t i = first + 1; i < n; i++) {
            if (!*lines[i])
                continue;
            if (numbers(lines[i], v, 3) != 2) {
                st = je_error_set_at(err, JE_EDATA, path, (long)i + 1, 0, NULL,
                                     "expected two focal ids");
                goto done;
            }
            ids[k++] = (int64_t)v[0];
            ids[k++] = (int64_t)v[1];
        }
        int64_t *copy = malloc((k + 1) * sizeof *copy);
        if (!copy) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            goto done;
        }
        memcpy(copy, ids, k * sizeof *ids);
        if ((st = pairs_alloc(p, copy, k, err)) != JE_OK)
            goto done;
        memset(p->include, include ? 0 : 1, p->n * p->n);
        for (size_t i = 0; i + 1 < k; i += 2) {
            size_t a = (size_t)idx_of(p, ids[i]), b = (size_t)idx_of(p, ids[i + 1]);
            p->include[a * p->n + b] = p->include[b * p->n + a] = (unsigned char)include;
        }
    } else if (first + 2 < n && !strncasecmp(lines[first], "min", 3)) {
        double mn, mx;
        if (numbers(lines[first] + 3, &mn, 1) != 1 || strncasecmp(lines[first + 1], "max", 3) ||
            numbers(lines[first + 1] + 3, &mx, 1) != 1) {
            st = je_error_set_at(err, JE_EDATA, path, (long)first + 1, 0, NULL,
                                 "expected 'min VALUE' and 'max VALUE' lines");
            goto done;
        }
        size_t hdr = first + 2;
        size_t k = numbers(lines[hdr], v, nl + 4096);
        if (k < 2) {
            st = je_error_set_at(err, JE_EDATA, path, (long)hdr + 1, 0, NULL,
                                 "expected a header row of focal ids");
            goto done;
        }
        size_t m = k - 1;
        int64_t *order = malloc(m * sizeof *order), *copy = malloc(m * sizeof *copy);
        if (!order || !copy) {
            free(order);
            free(copy);
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t j = 0; j < m; j++)
            order[j] = copy[j] = (int64_t)v[j + 1];
        if ((st = pairs_alloc(p, copy, m, err)) != JE_OK) {
            free(order);
            goto done;
        }
        for (size_t i = hdr + 1; i < n && st == JE_OK; i++) {
            if (!*lines[i])
                continue;
            size_t got = numbers(lines[i], v, m + 1);
            int64_t a = got ? idx_of(p, (int64_t)v[0]) : -1;
            if (got != m + 1 || a < 0) {
                st = je_error_set_at(err, JE_EDATA, path, (long)i + 1, 0, NULL,
                                     "expected a listed focal id and %zu values", m);
                break;
            }
            for (size_t j = 0; j < m; j++) {
                size_t b = (size_t)idx_of(p, order[j]);
                p->include[(size_t)a * p->n + b] = v[j + 1] >= mn && v[j + 1] <= mx;
            }
        }
        free(order);
    } else {
        st = je_error_set_at(err, JE_EDATA, path, (long)first + 1, 0, NULL,
                             "an included-pairs file starts with 'min' or 'mode'");
    }
done:
    free(buf);
    free(lines);
    free(v);
    free(ids);
    if (st != JE_OK)
        je_circuit_pairs_free(p);
    else
        *out = p;
    return st;
}

/* ---- _resistances.out ---------------------------------------------------- */

/* Julia-like: integral values as "3.0", others in the shortest form that reads back. */
static void fmt_num(char *b, size_t n, double x)
{
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(b, n, "%.1f", x);
        return;
    }
    for (int p = 15; p <= 17; p++) {
        snprintf(b, n, "%.*g", p, x);
        if (strtod(b, NULL) == x)
            return;
    }
}

je_status je_circuit_write_resistances(const je_circuit_result *r, const char *path, je_error *err)
{
    if (!r->resistance)
        return je_error_set(err, JE_EINVAL, "all-to-one mode has no resistances to write");
    FILE *f = fopen(path, "w");
    if (!f)
        return je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "cannot create: %s", strerror(errno));
    char b[64];
    size_t n = r->n_ids;
    if (r->mode == JE_CIRCUIT_PAIRWISE) {
        fputs("0.0", f);
        for (size_t j = 0; j < n; j++) {
            fmt_num(b, sizeof b, (double)r->ids[j]);
            fprintf(f, " %s", b);
        }
        fputc('\n', f);
        for (size_t i = 0; i < n; i++) {
            fmt_num(b, sizeof b, (double)r->ids[i]);
            fputs(b, f);
            for (size_t j = 0; j < n; j++) {
                fmt_num(b, sizeof b, r->resistance[i * n + j]);
                fprintf(f, " %s", b);
            }
            fputc('\n', f);
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            fmt_num(b, sizeof b, (double)r->ids[i]);
            fputs(b, f);
            fmt_num(b, sizeof b, r->resistance[i]);
            fprintf(f, " %s\n", b);
        }
    }
    if (fclose(f) != 0)
        return je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "write failed: %s", strerror(errno));
    return JE_OK;
}

/* ---- .ini --------------------------------------------------------------- */

typedef enum { K_PATH, K_BOOL, K_MODE, K_DTYPE, K_SOLVER, K_CONFLICT, K_OFF, K_IGNORE } key_kind;

/* Circuitscape 4/5 option names. K_OFF: accepted only when False/empty (the feature
 * is not implemented); K_IGNORE: performance or logging settings with no effect on
 * the results. */
static const struct {
    const char *key;
    key_kind kind;
    size_t off; /* K_PATH: char* field, K_BOOL: int field */
} ini_keys[] = {
    {"habitat_file", K_PATH, offsetof(je_circuit_ini, habitat_file)},
    {"point_file", K_PATH, offsetof(je_circuit_ini, point_file)},
    {"polygon_file", K_PATH, offsetof(je_circuit_ini, polygon_file)},
    {"mask_file", K_PATH, offsetof(je_circuit_ini, mask_file)},
    {"included_pairs_file", K_PATH, offsetof(je_circuit_ini, pairs_file)},
    {"output_file", K_PATH, offsetof(je_circuit_ini, output_file)},
    {"habitat_map_is_resistances", K_BOOL,
     offsetof(je_circuit_ini, opts) + offsetof(je_circuit_opts, habitat_is_resistance)},
    {"connect_four_neighbors_only", K_BOOL,
     offsetof(je_circuit_ini, opts) + offsetof(je_circuit_opts, four_neighbors)},
    {"connect_using_avg_resistances", K_BOOL,
     offsetof(je_circuit_ini, opts) + offsetof(je_circuit_opts, avg_resistances)},
    {"write_cur_maps", K_BOOL, offsetof(je_circuit_ini, write_cur_maps)},
    {"set_null_currents_to_nodata", K_BOOL, offsetof(je_circuit_ini, set_null_currents_to_nodata)},
    {"scenario", K_MODE, 0},
    {"data_type", K_DTYPE, 0},
    {"solver", K_SOLVER, 0},
    {"use_polygons", K_BOOL, offsetof(je_circuit_ini, use_polygons)},
    {"use_mask", K_BOOL, offsetof(je_circuit_ini, use_mask)},
    {"use_included_pairs", K_BOOL, offsetof(je_circuit_ini, use_included_pairs)},
    {"write_cum_cur_map_only", K_IGNORE, 0}, /* only the cumulative map is written */
    {"use_variable_source_strengths", K_OFF, 0},
    {"variable_source_file", K_IGNORE, 0},
    {"write_volt_maps", K_BOOL, offsetof(je_circuit_ini, write_volt_maps)},
    {"write_max_cur_maps", K_OFF, 0},
    {"write_as_tif", K_OFF, 0},
    {"use_direct_grounds", K_BOOL,
     offsetof(je_circuit_ini, adv) + offsetof(je_circuit_adv_opts, direct_grounds)},
    {"use_direct_grounding", K_BOOL, /* spelling some tools write */
     offsetof(je_circuit_ini, adv) + offsetof(je_circuit_adv_opts, direct_grounds)},
    {"use_unit_currents", K_BOOL,
     offsetof(je_circuit_ini, adv) + offsetof(je_circuit_adv_opts, unit_currents)},
    {"use_reclass_table", K_OFF, 0},
    {"reclass_file", K_IGNORE, 0},
    {"source_file", K_PATH, offsetof(je_circuit_ini, source_file)},
    {"ground_file", K_PATH, offsetof(je_circuit_ini, ground_file)},
    {"ground_file_is_resistances", K_BOOL,
     offsetof(je_circuit_ini, adv) + offsetof(je_circuit_adv_opts, ground_is_resistance)},
    {"remove_src_or_gnd", K_CONFLICT, 0},
    {"set_focal_node_currents_to_zero", K_OFF, 0},
    {"set_null_voltages_to_nodata", K_IGNORE, 0},
    {"compress_grids", K_IGNORE, 0},
    {"log_transform_maps", K_OFF, 0},
    {"low_memory_mode", K_IGNORE, 0},
    {"parallelize", K_IGNORE, 0},
    {"max_parallel", K_IGNORE, 0},
    {"print_timings", K_IGNORE, 0},
    {"print_rusage", K_IGNORE, 0},
    {"preemptive_memory_release", K_IGNORE, 0},
    {"log_level", K_IGNORE, 0},
    {"log_file", K_IGNORE, 0},
    {"profiler_log_file", K_IGNORE, 0},
    {"screenprint_log", K_IGNORE, 0},
    {"version", K_IGNORE, 0},
    {"precision", K_IGNORE, 0},
    {"cholmod_batch_size", K_IGNORE, 0},
};

void je_circuit_ini_free(je_circuit_ini *ini)
{
    if (!ini)
        return;
    free(ini->habitat_file);
    free(ini->point_file);
    free(ini->polygon_file);
    free(ini->mask_file);
    free(ini->pairs_file);
    free(ini->output_file);
    free(ini->source_file);
    free(ini->ground_file);
    free(ini);
}

static int parse_bool(const char *v, int *out)
{
    if (!strcasecmp(v, "true") || !strcmp(v, "1") || !strcasecmp(v, "yes")) {
        *out = 1;
        return 0;
    }
    if (!strcasecmp(v, "false") || !strcmp(v, "0") || !strcasecmp(v, "no")) {
        *out = 0;
        return 0;
    }
    return -1;
}

/* A path value resolved against dir; "(Browse…" placeholders and "None" are empty. */
static je_status set_path(char **field, const char *dir, const char *v, je_error *err)
{
    free(*field);
    *field = NULL;
    if (!*v || *v == '(' || !strcasecmp(v, "none") || !strcasecmp(v, "false"))
        return JE_OK;
    size_t n = strlen(dir) + strlen(v) + 2;
    if (!(*field = malloc(n)))
        return je_error_set(err, JE_ENOMEM, "out of memory");
    if (v[0] == '/' || !*dir)
        snprintf(*field, n, "%s", v);
    else
        snprintf(*field, n, "%s/%s", dir, v);
    return JE_OK;
}

static je_status ini_line(je_circuit_ini *ini, const char *path, const char *dir, long no,
                          char *line, je_error *err)
{
    char *eq = strchr(line, '=');
    if (!eq)
        return je_error_set_at(err, JE_EDATA, path, no, 0, NULL, "expected 'key = value'");
    *eq = 0;
    char *key = line, *v = eq + 1;
    size_t kn = strlen(key);
    while (kn && isspace((unsigned char)key[kn - 1]))
        key[--kn] = 0;
    while (isspace((unsigned char)*v))
        v++;
    for (size_t i = 0; i < sizeof ini_keys / sizeof *ini_keys; i++) {
        if (strcasecmp(key, ini_keys[i].key))
            continue;
        int b = 0;
        switch (ini_keys[i].kind) {
        case K_PATH:
            return set_path((char **)((char *)ini + ini_keys[i].off), dir, v, err);
        case K_BOOL:
            if (parse_bool(v, &b))
                return je_error_set_at(err, JE_EDATA, path, no, 0, key,
                                       "%s must be True or False, not '%s'", key, v);
            *(int *)((char *)ini + ini_keys[i].off) = b;
            return JE_OK;
        case K_MODE:
            if (!strcasecmp(v, "pairwise"))
                ini->opts.mode = JE_CIRCUIT_PAIRWISE;
            else if (!strcasecmp(v, "one-to-all"))
                ini->opts.mode = JE_CIRCUIT_ONE_TO_ALL;
            else if (!strcasecmp(v, "all-to-one"))
                ini->opts.mode = JE_CIRCUIT_ALL_TO_ONE;
            else if (!strcasecmp(v, "advanced"))
                ini->opts.mode = JE_CIRCUIT_ADVANCED;
            else
                return je_error_set_at(err, JE_EDATA, path, no, 0, key,
                                       "scenario '%s' is not supported (pairwise, one-to-all, "
                                       "all-to-one, advanced)",
                                       v);
            return JE_OK;
        case K_CONFLICT:
            if (je_circuit_conflict_parse(v, &ini->adv.conflict, NULL) != JE_OK)
                return je_error_set_at(err, JE_EDATA, path, no, 0, key,
                                       "remove_src_or_gnd '%s' is not one of keepall, rmvsrc, "
                                       "rmvgnd, rmvall",
                                       v);
            return JE_OK;
        case K_DTYPE:
            if (strcasecmp(v, "raster"))
                return je_error_set_at(err, JE_EDATA, path, no, 0, key,
                                       "data_type '%s' is not supported in .ini files (raster "
                                       "only; networks go through je_circuit_network)",
                                       v);
            return JE_OK;
        case K_SOLVER:
            /* Circuitscape: "cholmod" or "cg+amg" (its default); ours also "cg", "amg" */
            if (je_circuit_solver_parse(v, &ini->opts.solver, NULL) != JE_OK)
                return je_error_set_at(err, JE_EDATA, path, no, 0, key,
                                       "solver '%s' is not supported (cholmod, cg+amg, cg, amg, "
                                       "auto)",
                                       v);
            return JE_OK;
        case K_OFF:
            if (parse_bool(v, &b) || b)
                return je_error_set_at(err, JE_EDATA, path, no, 0, key,
                                       "%s = %s is not supported (only False)", key, v);
            return JE_OK;
        case K_IGNORE:
            return JE_OK;
        }
    }
    return je_error_set_at(err, JE_EDATA, path, no, 0, key, "unknown option '%s'", key);
}

je_status je_circuit_ini_read(const char *path, je_circuit_ini **out, je_error *err)
{
    *out = NULL;
    char *buf = slurp(path, err);
    if (!buf)
        return err ? err->status : JE_EIO;
    je_circuit_ini *ini = calloc(1, sizeof *ini);
    char *dir = strdup(path);
    if (!ini || !dir) {
        free(buf);
        free(ini);
        free(dir);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = 0;
    else
        dir[0] = 0;
    je_circuit_opts_init(&ini->opts);
    je_circuit_adv_opts_init(&ini->adv);
    ini->write_cur_maps = 0;
    je_status st = JE_OK;
    char *cur = buf, *line;
    long no = 0;
    while (st == JE_OK && (line = next_line(&cur))) {
        no++;
        if (!*line || *line == '#' || *line == ';' || *line == '[')
            continue;
        st = ini_line(ini, path, dir, no, line, err);
    }
    free(buf);
    free(dir);
    int adv = ini->opts.mode == JE_CIRCUIT_ADVANCED;
    if (st == JE_OK && adv &&
        (!ini->habitat_file || !ini->source_file || !ini->ground_file || !ini->output_file))
        st = je_error_set_at(err, JE_EDATA, path, 0, 0, NULL,
                             "scenario = advanced needs habitat_file, source_file, ground_file "
                             "and output_file");
    if (st == JE_OK && !adv && (!ini->habitat_file || !ini->point_file || !ini->output_file))
        st = je_error_set_at(err, JE_EDATA, path, 0, 0, NULL,
                             "habitat_file, point_file and output_file are required");
    if (st != JE_OK) {
        je_circuit_ini_free(ini);
        return st;
    }
    ini->opts.want_current = ini->write_cur_maps;
    *out = ini;
    return JE_OK;
}

/* A raster on the habitat's grid, or polygons (any OGR vector file) burned onto it
 * with GDAL's rasterizer (je_raster_read_on_grid, default burn options). */
static je_status read_same_grid(const char *path, const je_raster *h, je_raster **out,
                                je_error *err)
{
    return je_raster_read_on_grid(path, h, NULL, out, err);
}

static je_status run_advanced(const je_circuit_ini *ini, const je_raster *h,
                              const je_circuit_opts *o, const char *prefix, je_error *err)
{
    je_raster *src = NULL, *gnd = NULL;
    je_circuit_adv_result *r = NULL;
    je_status st = read_same_grid(ini->source_file, h, &src, err);
    if (st == JE_OK)
        st = read_same_grid(ini->ground_file, h, &gnd, err);
    if (st == JE_OK)
        st = je_circuit_advanced(h, src, gnd, o, &ini->adv, &r, err);
    if (st == JE_OK)
        st = je_circuit_adv_write(r, h, prefix, ini->write_volt_maps, ini->write_cur_maps,
                                  ini->set_null_currents_to_nodata, err);
    je_circuit_adv_result_free(r);
    je_raster_free(src);
    je_raster_free(gnd);
    return st;
}

je_status je_circuit_ini_run(const je_circuit_ini *ini, const char *out_prefix,
                             je_progress_fn progress, void *progress_ctx, je_circuit_result **out,
                             je_error *err)
{
    if (out)
        *out = NULL;
    je_raster *h = NULL, *poly = NULL, *mask = NULL;
    je_circuit_pairs *pairs = NULL;
    je_focal *focal = NULL;
    size_t nf = 0;
    je_circuit_result *r = NULL;
    char *prefix = NULL, *file = NULL;
    je_circuit_opts o = ini->opts;
    je_status st = je_raster_read(ini->habitat_file, &h, err);
    if (st == JE_OK && ini->use_polygons && ini->polygon_file)
        st = read_same_grid(ini->polygon_file, h, &poly, err);
    if (st == JE_OK && ini->use_mask && ini->mask_file)
        st = read_same_grid(ini->mask_file, h, &mask, err);
    if (st == JE_OK && ini->use_included_pairs && ini->pairs_file)
        st = je_circuit_pairs_read(ini->pairs_file, &pairs, err);
    int adv = o.mode == JE_CIRCUIT_ADVANCED;
    if (st == JE_OK && !adv)
        st = je_circuit_focal_read(ini->point_file, h, &focal, &nf, err);
    if (st != JE_OK)
        goto done;
    o.polygons = poly;
    o.mask = mask;
    o.pairs = pairs;
    o.progress = progress;
    o.progress_ctx = progress_ctx;
    const char *base = out_prefix ? out_prefix : ini->output_file;
    size_t n = strlen(base) + 32;
    prefix = malloc(n);
    file = malloc(n);
    if (!prefix || !file) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    snprintf(prefix, n, "%s", base);
    char *dot = strrchr(prefix, '.'), *sl = strrchr(prefix, '/');
    if (!out_prefix && dot && (!sl || dot > sl))
        *dot = 0;
    if (adv) {
        st = run_advanced(ini, h, &o, prefix, err);
        goto done;
    }
    if ((st = je_circuit_raster(h, focal, nf, &o, &r, err)) != JE_OK)
        goto done;
    if (r->resistance) {
        snprintf(file, n, "%s_resistances.out", prefix);
        if ((st = je_circuit_write_resistances(r, file, err)) != JE_OK)
            goto done;
    }
    if (r->cum_current) {
        je_raster *cm = NULL;
        if ((st = je_raster_clone(h, &cm, err)) != JE_OK)
            goto done;
        size_t nc = (size_t)h->nrows * (size_t)h->ncols;
        for (size_t i = 0; i < nc; i++) {
            double c = r->cum_current[i];
            cm->data[i] = (ini->set_null_currents_to_nodata && c == 0) ? NAN : c;
        }
        cm->nodata = -9999;
        snprintf(file, n, "%s_cum_curmap.asc", prefix);
        st = je_raster_write(cm, file, err);
        je_raster_free(cm);
    }
done:
    free(prefix);
    free(file);
    je_raster_free(h);
    je_raster_free(poly);
    je_raster_free(mask);
    je_circuit_pairs_free(pairs);
    free(focal);
    if (st == JE_OK && out)
        *out = r;
    else
        je_circuit_result_free(r);
    return st;
}
