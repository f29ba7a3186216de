/*
 * cmd_plume.c — jointenv air plume (a calculator for checking the Gaussian plume model
 * against published worked examples) and air dispersion (the mean concentration field
 * of the stored clinker lines over a grid, for maps). The model is src/air/plume.c;
 * the local plane is src/geo/project.c. User guide: docs/plume.md.
 */
#include "cli/cli.h"
#include "jointenv/geo.h"
#include "jointenv/plume.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char air_plume_usage[] =
    "Options:\n"
    "  --input FILE     CSV of cases ('-' reads stdin), one of two forms:\n"
    "    effective height: case,q_g_s,u_m_s,h_eff_m,stability,x_m,y_m,z_m\n"
    "    stack:            case,q_g_s,u_m_s,stack_height_m,diam_m,exit_v_m_s,exit_temp_k,\n"
    "                      ambient_temp_k,stability,x_m,y_m,z_m\n"
    "    both with optional mixing_height_m (empty = unlimited) and scheme columns\n"
    "  --scheme S       sigma curves when a row has no scheme: pg (default; the\n"
    "                   Pasquill-Gifford curves as fitted for ISC3), briggs-rural,\n"
    "                   briggs-urban\n"
    "  --reflections N  image terms each side of the mixing-lid series (default 4)\n\n"
    "Units: q_g_s g/s; u_m_s m/s (in the stack form the wind at stack top); heights and\n"
    "distances m; temperatures K. x_m is the downwind distance (> 0), y_m the crosswind\n"
    "distance from the plume axis, z_m the receptor height; stability A-F.\n\n"
    "Output per case: case, sigma_y_m, sigma_z_m, conc_ug_m3 (ground- and lid-reflected\n"
    "steady-state Gaussian plume, ug/m3); the stack form adds plume_rise_m (Briggs rise\n"
    "at x_m) and h_eff_m. Any bad row is listed as path:line:column and nothing is\n"
    "written (exit 3). Formulas and sources: docs/plume.md.\n";

const char air_dispersion_usage[] =
    "Options:\n"
    "  --met FILE          hourly meteorology, CSV: time,u_m_s,dir_from_deg,temp_k,\n"
    "                      mixing_height_m,stability[,cloud_tenths][,ceiling_m]\n"
    "  --grid STEP_KM      receptor spacing, km\n"
    "  --pollutant P       pm (default), so2 or nox: the lines' emission rates at full output\n"
    "  --hours N           only the first N hours of the met file\n"
    "  --out FILE          FILE.csv (lon,lat,x_m,y_m,conc_ug_m3), FILE.tif (GeoTIFF,\n"
    "                      float64, georeferenced) or FILE.asc (ESRI ASCII grid, with\n"
    "                      FILE.prj); default: CSV on stdout\n"
    "  --scheme S          pg (default), briggs-rural, briggs-urban\n"
    "  --urban             urban wind-profile exponents\n"
    "  --calm R            skip (default: hours below 1 m/s contribute nothing) or floor\n"
    "                      (the wind is raised to 1 m/s)\n"
    "  --margin KM         grid margin around the lines (default 10)\n"
    "  --jurisdiction J    only the lines of jurisdiction J\n\n"
    "The sources are the stored clinker lines (jointenv import plants). The grid covers\n"
    "their bounding box plus the margin in a local azimuthal equidistant plane (x east,\n"
    "y north, metres) centred on their mean position; receptors are the cell centres, at\n"
    "ground level. The result is the mean over the hours (calm hours count as zero) of\n"
    "the concentration, ug/m3. Met: time ISO 8601 (local +08:00 without an offset), the\n"
    "start of the hour; u_m_s at 10 m; dir_from_deg where the wind blows from;\n"
    "mixing_height_m empty = unlimited; stability A-F, or empty to derive it by Turner's\n"
    "method from the wind, the sun's elevation at the grid centre and cloud_tenths\n"
    "(0-10; ceiling_m optional). The .asc grid: xllcorner/yllcorner/cellsize in metres\n"
    "of that plane, rows north to south, NODATA -9999; FILE.prj holds the plane's WKT.\n"
    "The .tif holds the same grid with the plane in its GeoKeys (QGIS and GDAL read it).\n";

/* %.12g: enough digits to compare with published values to 1e-10. */
static const char *num(char *buf, size_t size, double v)
{
    snprintf(buf, size, "%.12g", v);
    return buf;
}

/* ------------------------------------------------------------------------- */
/* air plume                                                                  */

enum {
    P_CASE,
    P_Q,
    P_U,
    P_H,
    P_STAB,
    P_X,
    P_Y,
    P_Z,
    P_MIX,
    P_SCHEME,
    P_HS,
    P_D,
    P_V,
    P_TS,
    P_TA,
    P_N
};

static const char *const plume_cols[P_N] = {
    "case",       "q_g_s",       "u_m_s",           "h_eff_m", "stability",      "x_m",
    "y_m",        "z_m",         "mixing_height_m", "scheme",  "stack_height_m", "diam_m",
    "exit_v_m_s", "exit_temp_k", "ambient_temp_k"};

typedef struct plume_in {
    int col[P_N];
    int stack_form;
    je_sigma_scheme scheme;
    int reflections;
} plume_in;

static void header_error(je_diag *diag, je_csv *r, const char *fmt, const char *name)
{
    je_error e;
    je_error_set_at(&e, JE_EDATA, je_csv_path(r), 1, 1, NULL, fmt, name);
    je_diag_add(diag, &e);
}

static out_table *plume_begin(void *ctx, je_csv *r, je_diag *diag)
{
    plume_in *in = ctx;
    for (int k = 0; k < P_N; k++)
        in->col[k] = je_csv_column(r, plume_cols[k]);
    int bad = 0;
    for (size_t k = 0; k < je_csv_ncolumns(r); k++) {
        const char *name = je_csv_column_name(r, k);
        int known = 0;
        for (int j = 0; j < P_N; j++)
            known |= in->col[j] == (int)k;
        if (known)
            continue;
        long line, col;
        je_csv_field_pos(r, k, &line, &col);
        je_error e;
        je_error_set_at(&e, JE_EDATA, je_csv_path(r), line, col, name,
                        "unknown column '%s' (see jointenv air plume --help)", name);
        je_diag_add(diag, &e);
        bad = 1;
    }
    int n_stack = 0;
    for (int k = P_HS; k <= P_TA; k++)
        n_stack += in->col[k] >= 0;
    in->stack_form = n_stack > 0;
    if (in->col[P_H] >= 0 && n_stack > 0) {
        header_error(diag, r, "%s or the stack parameters, not both",
                     "give h_eff_m (effective height)");
        bad = 1;
    }
    for (int k = 0; k <= P_TA; k++) {
        int needed = k <= P_Z && k != P_H;
        if (k == P_H)
            needed = n_stack == 0;
        if (k >= P_HS)
            needed = n_stack > 0;
        if (needed && in->col[k] < 0) {
            header_error(diag, r,
                         k == P_H ? "missing column '%s' in the header (or give the stack "
                                    "parameters instead)"
                                  : "missing column '%s' in the header",
                         plume_cols[k]);
            bad = 1;
        }
    }
    if (bad)
        return NULL;
    static const char *const names[] = {"case",       "sigma_y_m",    "sigma_z_m",
                                        "conc_ug_m3", "plume_rise_m", "h_eff_m"};
    static const col_type types[] = {COL_TEXT, COL_NUM, COL_NUM, COL_NUM, COL_NUM, COL_NUM};
    return out_table_new(NULL, in->stack_form ? 6 : 4, names, types);
}

static je_status plume_row(void *ctx, je_csv *r, je_diag *diag, out_table *t, je_error *err)
{
    plume_in *in = ctx;
    const int *c = in->col;
    size_t before = diag->total;
    double q, u, h = NAN, x, y, z, mix;
    je_stack stk = {0};
    double ta = NAN;
    cli_cell_num(diag, r, c[P_Q], CLI_NONNEG, 0, "emission rate q_g_s", &q);
    cli_cell_num(diag, r, c[P_U], CLI_POS, 0, "wind speed u_m_s", &u);
    if (in->stack_form) {
        cli_cell_num(diag, r, c[P_HS], CLI_NONNEG, 0, "stack height", &stk.height_m);
        cli_cell_num(diag, r, c[P_D], CLI_POS, 0, "stack diameter", &stk.diam_m);
        cli_cell_num(diag, r, c[P_V], CLI_NONNEG, 0, "exit velocity", &stk.exit_v_m_s);
        cli_cell_num(diag, r, c[P_TS], CLI_POS, 0, "exit temperature (K)", &stk.exit_temp_k);
        cli_cell_num(diag, r, c[P_TA], CLI_POS, 0, "ambient temperature (K)", &ta);
    } else {
        cli_cell_num(diag, r, c[P_H], CLI_NONNEG, 0, "effective height h_eff_m", &h);
    }
    if (cli_cell_num(diag, r, c[P_X], CLI_ANY, 0, "downwind distance x_m", &x) && !(x > 0))
        cli_diag_field(diag, r, (size_t)c[P_X],
                       "downwind distance x_m %s must be > 0 (the receptor is at or upwind "
                       "of the source; its concentration is 0)",
                       je_csv_field(r, (size_t)c[P_X]));
    cli_cell_num(diag, r, c[P_Y], CLI_ANY, 0, "crosswind distance y_m", &y);
    cli_cell_num(diag, r, c[P_Z], CLI_NONNEG, 0, "receptor height z_m", &z);
    cli_cell_num(diag, r, c[P_MIX], CLI_POS, 1, "mixing height", &mix);
    je_stability st = JE_STAB_D;
    je_error e;
    const char *s = je_csv_field(r, (size_t)c[P_STAB]);
    if (je_stability_parse(s, &st, &e) != JE_OK)
        cli_diag_field(diag, r, (size_t)c[P_STAB], "unknown stability class '%s' (A-F)", s);
    je_sigma_scheme scheme = in->scheme;
    if (c[P_SCHEME] >= 0 && je_csv_field_len(r, (size_t)c[P_SCHEME]) > 0) {
        s = je_csv_field(r, (size_t)c[P_SCHEME]);
        if (je_sigma_scheme_parse(s, &scheme, &e) != JE_OK)
            cli_diag_field(diag, r, (size_t)c[P_SCHEME],
                           "unknown scheme '%s' (pg, briggs-rural, briggs-urban)", s);
    }
    if (diag->total != before)
        return JE_OK;
    double rise = NAN;
    if (in->stack_form) {
        rise = je_briggs_rise(&stk, ta, u, st, x, NULL);
        h = stk.height_m + rise;
    }
    double sy, sz;
    je_plume_sigmas(scheme, st, x, &sy, &sz);
    double conc = je_plume_conc(q, u, h, sy, sz, y, z, mix, in->reflections);
    char b[5][32];
    const char *cells[6] = {je_csv_field(r, (size_t)c[P_CASE]),
                            num(b[0], 32, sy),
                            num(b[1], 32, sz),
                            num(b[2], 32, conc),
                            num(b[3], 32, rise),
                            num(b[4], 32, h)};
    return out_table_add(t, cells) ? JE_OK : je_error_set(err, JE_ENOMEM, "out of memory");
}

int cmd_air_plume(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"input", required_argument, NULL, 'i'},
                                             {"scheme", required_argument, NULL, 's'},
                                             {"reflections", required_argument, NULL, 'r'},
                                             {NULL, 0, NULL, 0}};
    const char *input = NULL;
    plume_in in = {.scheme = JE_SIGMA_PG, .reflections = 4};
    je_error err;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'i':
            input = optarg;
            break;
        case 's':
            if (je_sigma_scheme_parse(optarg, &in.scheme, &err) != JE_OK)
                return cli_usage_error(c, "air plume", "%s", err.message);
            break;
        case 'r': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end || n < 0 || n > 100)
                return cli_usage_error(c, "air plume", "--reflections must be 0-100");
            in.reflections = (int)n;
            break;
        }
        default:
            return cli_usage_error(c, "air plume", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (input == NULL && optind < argc)
        input = argv[optind++];
    if (input == NULL)
        return cli_usage_error(c, "air plume", "missing --input FILE");
    if (optind != argc)
        return cli_usage_error(c, "air plume", "unexpected argument '%s'", argv[optind]);
    static const cli_calc ops = {plume_begin, plume_row};
    return cli_calc_run(c, input, &ops, &in);
}

/* ------------------------------------------------------------------------- */
/* air dispersion                                                             */

typedef struct disp_opts {
    const char *met, *out, *jurisdiction;
    double step_m, margin_m;
    int pollutant; /* JE_PLANT_PM … */
    long hours;    /* 0 = all */
    je_plume_opts po;
} disp_opts;

typedef struct grid {
    size_t nx, ny;
    double x0, y0, step; /* lower-left corner and cell size, metres */
    double *conc;        /* ny × nx, row 0 = south */
} grid;

/* The selected lines, projected into a plane centred on their mean position; the
 * bounding box of them all (so that the grid is the same for every pollutant); the
 * sources are those with an emission of the pollutant. */
static je_status load_sources(je_db *db, const disp_opts *o, je_geo_plane **out_plane,
                              je_plume_source **out_src, double **out_q, size_t *out_n,
                              double box[4], je_error *err)
{
    je_plant *pl = NULL;
    size_t np = 0;
    je_status st = je_store_plants(db, o->jurisdiction, &pl, &np, err);
    if (st != JE_OK)
        return st;
    if (np == 0) {
        free(pl);
        return je_error_set(err, JE_ENOTFOUND,
                            "no clinker lines stored%s%s (import them: jointenv import plants "
                            "FILE)",
                            o->jurisdiction ? " of " : "", o->jurisdiction ? o->jurisdiction : "");
    }
    double lon0 = 0, lat0 = 0;
    for (size_t i = 0; i < np; i++) {
        lon0 += pl[i].lon;
        lat0 += pl[i].lat;
    }
    je_plume_source *src = calloc(np, sizeof *src);
    double *q = malloc(np * sizeof *q), *x = malloc(np * sizeof *x), *y = malloc(np * sizeof *y);
    size_t n = 0;
    if (src == NULL || q == NULL || x == NULL || y == NULL) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    if ((st = je_geo_local(lon0 / (double)np, lat0 / (double)np, JE_GEO_AEQD, out_plane, err)) !=
        JE_OK)
        goto done;
    for (size_t i = 0; i < np; i++) {
        x[i] = pl[i].lon;
        y[i] = pl[i].lat;
    }
    if ((st = je_geo_to_xy(*out_plane, x, y, np, x, y, err)) != JE_OK)
        goto done;
    box[0] = box[2] = INFINITY;
    box[1] = box[3] = -INFINITY;
    for (size_t i = 0; i < np; i++) {
        box[0] = fmin(box[0], x[i]);
        box[1] = fmax(box[1], x[i]);
        box[2] = fmin(box[2], y[i]);
        box[3] = fmax(box[3], y[i]);
        if (pl[i].q_g_s[o->pollutant] > 0) {
            src[n].x_m = x[i];
            src[n].y_m = y[i];
            src[n].stack = pl[i].stack;
            q[n++] = pl[i].q_g_s[o->pollutant];
        }
    }
    if (n == 0)
        st = je_error_set(err, JE_ENOTFOUND, "none of the %zu stored line(s)%s%s emits %s", np,
                          o->jurisdiction ? " of " : "", o->jurisdiction ? o->jurisdiction : "",
                          o->pollutant == JE_PLANT_PM    ? "PM"
                          : o->pollutant == JE_PLANT_SO2 ? "SO2"
                                                         : "NOx");
done:
    free(pl);
    free(x);
    free(y);
    if (st != JE_OK) {
        je_geo_free(*out_plane);
        *out_plane = NULL;
        free(src);
        free(q);
        return st;
    }
    *out_src = src;
    *out_q = q;
    *out_n = n;
    return JE_OK;
}

/* The grid over the lines' bounding box plus the margin. */
static je_status make_grid(const disp_opts *o, const double box[4], grid *g, je_error *err)
{
    double xmin = box[0] - o->margin_m, xmax = box[1] + o->margin_m;
    double ymin = box[2] - o->margin_m, ymax = box[3] + o->margin_m;
    double nx = fmax(1, ceil((xmax - xmin) / o->step_m - 1e-9));
    double ny = fmax(1, ceil((ymax - ymin) / o->step_m - 1e-9));
    if (nx * ny > 2e7)
        return je_error_set(err, JE_EINVAL,
                            "the grid would have %.0f x %.0f cells; use a larger --grid step", nx,
                            ny);
    g->nx = (size_t)nx;
    g->ny = (size_t)ny;
    g->step = o->step_m;
    /* centre the cells on the box */
    g->x0 = 0.5 * (xmin + xmax) - 0.5 * nx * o->step_m;
    g->y0 = 0.5 * (ymin + ymax) - 0.5 * ny * o->step_m;
    g->conc = calloc(g->nx * g->ny, sizeof *g->conc);
    return g->conc ? JE_OK : je_error_set(err, JE_ENOMEM, "out of memory");
}

/* The mean field: transfer coefficients in chunks of receptors, times the emissions. */
static je_status compute_field(cli *c, const je_plume_source *src, const double *q, size_t n_src,
                               const je_met_hour *met, size_t n_hours, const je_plume_opts *po,
                               grid *g, size_t *out_used, je_error *err)
{
    enum { CHUNK = 4096 };
    size_t n_rec = g->nx * g->ny;
    je_plume_receptor *rec = malloc(CHUNK * sizeof *rec);
    double *tm = malloc((size_t)CHUNK * n_src * sizeof *tm);
    if (rec == NULL || tm == NULL) {
        free(rec);
        free(tm);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    je_status st = JE_OK;
    for (size_t off = 0; off < n_rec && st == JE_OK; off += CHUNK) {
        size_t m = n_rec - off < CHUNK ? n_rec - off : CHUNK;
        for (size_t k = 0; k < m; k++) {
            size_t i = (off + k) % g->nx, j = (off + k) / g->nx;
            rec[k].x_m = g->x0 + ((double)i + 0.5) * g->step;
            rec[k].y_m = g->y0 + ((double)j + 0.5) * g->step;
            rec[k].z_m = 0;
        }
        st = je_plume_transfer(src, n_src, rec, m, met, n_hours, po, NULL, tm, out_used, err);
        for (size_t k = 0; k < m && st == JE_OK; k++) {
            double s = 0;
            for (size_t s_i = 0; s_i < n_src; s_i++)
                s += tm[k * n_src + s_i] * q[s_i];
            g->conc[off + k] = s;
        }
        cli_progress(c, off + m, n_rec, "plume");
    }
    cli_progress_done(c);
    free(rec);
    free(tm);
    return st;
}

static je_status write_csv(FILE *fp, je_geo_plane *plane, const grid *g, je_error *err)
{
    fputs("lon,lat,x_m,y_m,conc_ug_m3\n", fp);
    double *lon = malloc(g->nx * sizeof *lon), *lat = malloc(g->nx * sizeof *lat);
    double *x = malloc(g->nx * sizeof *x), *y = malloc(g->nx * sizeof *y);
    je_status st = lon && lat && x && y ? JE_OK : je_error_set(err, JE_ENOMEM, "out of memory");
    for (size_t j = 0; j < g->ny && st == JE_OK; j++) {
        for (size_t i = 0; i < g->nx; i++) {
            x[i] = g->x0 + ((double)i + 0.5) * g->step;
            y[i] = g->y0 + ((double)j + 0.5) * g->step;
        }
        if ((st = je_geo_to_lonlat(plane, x, y, g->nx, lon, lat, err)) != JE_OK)
            break;
        for (size_t i = 0; i < g->nx; i++)
            fprintf(fp, "%.6f,%.6f,%.1f,%.1f,%.6g\n", lon[i], lat[i], x[i], y[i],
                    g->conc[j * g->nx + i]);
    }
    free(lon);
    free(lat);
    free(x);
    free(y);
    return st;
}

static je_status write_asc(FILE *fp, const grid *g)
{
    fprintf(fp, "ncols %zu\nnrows %zu\nxllcorner %.3f\nyllcorner %.3f\ncellsize %.3f\n", g->nx,
            g->ny, g->x0, g->y0, g->step);
    fputs("NODATA_value -9999\n", fp);
    for (size_t j = g->ny; j-- > 0;) {
        for (size_t i = 0; i < g->nx; i++)
            fprintf(fp, i ? " %.6g" : "%.6g", g->conc[j * g->nx + i]);
        fputc('\n', fp);
    }
    return JE_OK;
}

static int has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

static int is_tiff(const char *path)
{
    return has_ext(path, ".tif") || has_ext(path, ".tiff");
}

/* Write the field to o->out (or stdout); .asc gets a .prj beside it. */
static je_status write_field(const disp_opts *o, je_geo_plane *plane, const grid *g, je_error *err)
{
    if (o->out && is_tiff(o->out)) {
        je_geo_grid gg = {g->nx, g->ny, g->x0, g->y0, g->step, g->conc};
        return je_geo_write_geotiff(o->out, plane, &gg, err);
    }
    int asc = o->out && has_ext(o->out, ".asc");
    FILE *fp = o->out ? fopen(o->out, "w") : stdout;
    if (fp == NULL)
        return je_error_set(err, JE_EIO, "cannot write %s", o->out);
    je_status st = asc ? write_asc(fp, g) : write_csv(fp, plane, g, err);
    if (ferror(fp) && st == JE_OK)
        st = je_error_set(err, JE_EIO, "cannot write %s", o->out ? o->out : "stdout");
    if (fp != stdout && fclose(fp) != 0 && st == JE_OK)
        st = je_error_set(err, JE_EIO, "cannot write %s", o->out);
    if (st != JE_OK || !asc)
        return st;
    char wkt[4096], path[4096];
    snprintf(path, sizeof path, "%.*s.prj", (int)(strlen(o->out) - 4), o->out);
    if ((st = je_geo_wkt(plane, wkt, sizeof wkt, err)) != JE_OK)
        return st;
    FILE *pf = fopen(path, "w");
    if (pf == NULL)
        return je_error_set(err, JE_EIO, "cannot write %s", path);
    fprintf(pf, "%s\n", wkt);
    if (fclose(pf) != 0)
        return je_error_set(err, JE_EIO, "cannot write %s", path);
    return JE_OK;
}

static int disp_parse(cli *c, int argc, char **argv, disp_opts *o)
{
    static const struct option longopts[] = {{"met", required_argument, NULL, 'm'},
                                             {"grid", required_argument, NULL, 'g'},
                                             {"pollutant", required_argument, NULL, 'p'},
                                             {"hours", required_argument, NULL, 'H'},
                                             {"out", required_argument, NULL, 'o'},
                                             {"scheme", required_argument, NULL, 's'},
                                             {"urban", no_argument, NULL, 'u'},
                                             {"calm", required_argument, NULL, 'c'},
                                             {"margin", required_argument, NULL, 'M'},
                                             {"jurisdiction", required_argument, NULL, 'j'},
                                             {NULL, 0, NULL, 0}};
    static const char *const pols[] = {"pm", "so2", "nox"};
    const char *cmd = "air dispersion";
    je_error err;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        char *end = NULL;
        switch (ch) {
        case 'm':
            o->met = optarg;
            break;
        case 'g':
            o->step_m = strtod(optarg, &end) * 1000.0;
            if (*optarg == '\0' || *end || !(o->step_m > 0) || !isfinite(o->step_m))
                return cli_usage_error(c, cmd, "--grid must be a step in km > 0");
            break;
        case 'M':
            o->margin_m = strtod(optarg, &end) * 1000.0;
            if (*optarg == '\0' || *end || !(o->margin_m >= 0) || !isfinite(o->margin_m))
                return cli_usage_error(c, cmd, "--margin must be a distance in km >= 0");
            break;
        case 'H':
            o->hours = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end || o->hours <= 0)
                return cli_usage_error(c, cmd, "--hours must be a number of hours > 0");
            break;
        case 'p':
            o->pollutant = -1;
            for (int k = 0; k < 3; k++)
                if (strcasecmp(optarg, pols[k]) == 0)
                    o->pollutant = k;
            if (o->pollutant < 0)
                return cli_usage_error(c, cmd, "--pollutant must be pm, so2 or nox");
            break;
        case 'o':
            o->out = optarg;
            if (!has_ext(optarg, ".csv") && !has_ext(optarg, ".asc") && !is_tiff(optarg))
                return cli_usage_error(c, cmd, "--out must name a .csv, .tif or .asc file");
            break;
        case 's':
            if (je_sigma_scheme_parse(optarg, &o->po.scheme, &err) != JE_OK)
                return cli_usage_error(c, cmd, "%s", err.message);
            break;
        case 'u':
            o->po.urban = 1;
            break;
        case 'c':
            if (strcmp(optarg, "skip") == 0)
                o->po.calm = JE_CALM_SKIP;
            else if (strcmp(optarg, "floor") == 0)
                o->po.calm = JE_CALM_FLOOR;
            else
                return cli_usage_error(c, cmd, "--calm must be skip or floor");
            break;
        case 'j':
            o->jurisdiction = optarg;
            break;
        default:
            return cli_usage_error(c, cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage_error(c, cmd, "unexpected argument '%s'", argv[optind]);
    if (o->met == NULL)
        return cli_usage_error(c, cmd, "missing --met FILE");
    if (!(o->step_m > 0))
        return cli_usage_error(c, cmd, "missing --grid STEP_KM");
    return EXIT_OK;
}

int cmd_air_dispersion(cli *c, int argc, char **argv)
{
    static const char *const pol_names[] = {"PM", "SO2", "NOx"};
    disp_opts o = {.margin_m = 10000, .pollutant = JE_PLANT_PM};
    je_plume_opts_default(&o.po);
    int code = disp_parse(c, argc, argv, &o);
    if (code != EXIT_OK)
        return code;
    je_db *db = cli_open_db(c);
    if (db == NULL)
        return EXIT_RUNTIME;
    je_error err;
    je_geo_plane *plane = NULL;
    je_plume_source *src = NULL;
    double *q = NULL;
    size_t n_src = 0, n_hours = 0, used = 0;
    je_met_hour *met = NULL;
    grid g = {0};
    je_diag diag;
    je_diag_init(&diag, 50);
    double box[4] = {0, 0, 0, 0};
    je_status st = load_sources(db, &o, &plane, &src, &q, &n_src, box, &err);
    je_db_close(db);
    double lon0 = 0, lat0 = 0;
    if (st == JE_OK) {
        je_geo_reference(plane, &lon0, &lat0, NULL);
        st = cli_read_met(o.met, o.hours, lon0, lat0, &diag, &met, &n_hours, &err);
    }
    if (st == JE_OK && diag.total) {
        cli_print_diag(&diag);
        fprintf(stderr, "%s: %zu error(s); nothing computed. Fix the rows above.\n", o.met,
                diag.total);
        code = EXIT_BADDATA;
        goto done;
    }
    if (st == JE_OK)
        st = make_grid(&o, box, &g, &err);
    if (st == JE_OK)
        st = compute_field(c, src, q, n_src, met, n_hours, &o.po, &g, &used, &err);
    if (st == JE_EINVAL) /* a stored line the model rejects (e.g. a stack of height < 0) */
        st = JE_EDATA;
    if (st == JE_OK)
        st = write_field(&o, plane, &g, &err);
    if (st != JE_OK) {
        code = cli_fail(c, st, &err);
        goto done;
    }
    size_t imax = 0;
    for (size_t k = 1; k < g.nx * g.ny; k++)
        if (g.conc[k] > g.conc[imax])
            imax = k;
    double xm = g.x0 + ((double)(imax % g.nx) + 0.5) * g.step;
    double ym = g.y0 + ((double)(imax / g.nx) + 0.5) * g.step, lonm = 0, latm = 0;
    je_geo_to_lonlat(plane, &xm, &ym, 1, &lonm, &latm, NULL);
    fprintf(stderr,
            "%zu line(s), %s; grid %zu x %zu cells of %g km centred on %.4f, %.4f; %zu hour(s), "
            "%zu not calm; maximum mean %.4g ug/m3 at %.4f, %.4f%s%s\n",
            n_src, pol_names[o.pollutant], g.nx, g.ny, g.step / 1000.0, lon0, lat0, n_hours, used,
            g.conc[imax], lonm, latm, o.out ? "; written to " : "", o.out ? o.out : "");
done:
    je_diag_free(&diag);
    je_geo_free(plane);
    free(src);
    free(q);
    free(met);
    free(g.conc);
    return code;
}
