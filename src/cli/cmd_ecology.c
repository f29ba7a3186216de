/*
 * cmd_ecology.c — jointenv ecology circuit | corridors | diversity. The engines are
 * src/ecology/ (circuit theory, least-cost corridors, diversity indices) and
 * src/geo/raster.c (GDAL raster I/O). User guide: docs/ecology.md.
 */
#include "cli/cli.h"
#include "jointenv/ecology.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char ecology_circuit_usage[] =
    "Options (either --ini, or --resistance with --focal (or --sources and --grounds)\n"
    "and --out):\n"
    "  --ini FILE          a Circuitscape .ini (raster data, pairwise / one-to-all /\n"
    "                      all-to-one / advanced); writes where its output_file says, or\n"
    "                      under --out\n"
    "  --resistance R      habitat raster (.tif, .asc, any GDAL raster)\n"
    "  --conductance       the habitat holds conductances, not resistances\n"
    "  --focal F           focal points: a raster of ids, a text file of 'id x y', or\n"
    "                      polygons (GeoJSON, GeoPackage, shapefile: any OGR vector file;\n"
    "                      burned onto the grid, see --id-field, --all-touched)\n"
    "  --mode M            pairwise (default), one-to-all, all-to-one, advanced\n"
    "  --out DIR           output directory (created): circuit_resistances.out,\n"
    "                      circuit_cum_curmap.asc (advanced: circuit_voltmap.asc,\n"
    "                      circuit_curmap.asc)\n"
    "Advanced mode (--mode advanced, Circuitscape's scenario = advanced):\n"
    "  --sources S         raster of current sources, amperes per cell\n"
    "  --grounds G         raster of grounds: resistance to ground in ohms per cell (0 =\n"
    "                      a direct connection)\n"
    "  --ground-conductance  the ground raster holds conductances (siemens) instead\n"
    "  --direct-grounds    every ground cell is a direct (0 ohm) connection\n"
    "  --unit-currents     every source cell injects 1 A\n"
    "  --conflict C        a cell both source and ground: keepall (default), rmvsrc,\n"
    "                      rmvgnd, rmvall\n"
    "Polygons (any OGR vector file for --polygons and --focal):\n"
    "  --id-field NAME     the integer attribute that gives each polygon its id (default:\n"
    "                      'id' when the layer has it, else the feature's number from 1)\n"
    "  --all-touched       burn every cell a polygon touches (default: cells whose centre\n"
    "                      is inside, GDAL's rule)\n"
    "  --four              4 neighbours only (default 8, diagonals divided by sqrt 2)\n"
    "  --avg-resistance    edge conductance 1/mean(r) (default mean(c))\n"
    "  --polygons P        short-circuit regions: a raster of ids or an OGR vector file\n"
    "  --mask M            mask raster\n"
    "  --pairs FILE        Circuitscape included-pairs file\n"
    "  --solver S          auto (default: cholmod up to 2 M nodes, amg above), cholmod\n"
    "                      (sparse Cholesky), amg (CG + hypre BoomerAMG), cg (Jacobi CG)\n"
    "  --no-current        skip the cumulative current map\n\n"
    "Conventions (Circuitscape's, checked against its verification cases): cells with no\n"
    "data or value <= 0 are removed; pairs in different components get -1. Output on\n"
    "stdout: from,to,resistance (pairwise) or id,resistance (one-to-all).\n";

const char ecology_corridors_usage[] =
    "Options:\n"
    "  --landcover L       land-cover raster (integer classes)\n"
    "  --table T.csv       reclassification: class,resistance (per map unit of distance)\n"
    "  --patches P         habitat patches: a raster of ids > 0 on the land-cover grid, or\n"
    "                      polygons (GeoJSON, GeoPackage, shapefile: any OGR vector file),\n"
    "                      burned onto the grid by GDAL's rasterizer, reprojected into the\n"
    "                      land cover's CRS when theirs differs\n"
    "  --id-field NAME     the polygons' integer id attribute (default 'id' when present,\n"
    "                      else the feature's number from 1)\n"
    "  --all-touched       burn every cell a polygon touches (default: cells whose centre\n"
    "                      is inside)\n"
    "  --out DIR           output directory (created): resistance.tif, corridors.tif,\n"
    "                      paths.tif, linkages.csv\n"
    "  --width W           corridor width threshold in cost units (default 10% of the\n"
    "                      cheapest linkage's cost)\n"
    "  --entered           cost of a move = the entered cell's cost (default geometric:\n"
    "                      mean of the two cells x step length, diagonal x sqrt 2)\n\n"
    "Output on stdout: the ranked linkages (rank,from,to,cost,euclid_m,path_cells).\n";

const char ecology_diversity_usage[] =
    "Options:\n"
    "  --input FILE   CSV site,species,count ('-' reads stdin)\n"
    "  --by COL       the grouping column (default site)\n"
    "  --base B       logarithm base of Shannon: e (default) or 2\n\n"
    "Output per group: site,S,N,shannon,simpson,invsimpson,pielou,chao1,chao1_lo,chao1_hi,\n"
    "ace — Shannon H' (vegan), Simpson 1-sum p^2, inverse Simpson, Pielou J' = H'/ln S,\n"
    "Chao1 bias-corrected as vegan estimateR, its 95% log-normal interval as EstimateS,\n"
    "ACE (rare = count <= 10). Formulas and sources: docs/ecology.md.\n";

static const char *fmt_num(char *b, size_t n, double v)
{
    if (isnan(v) || isinf(v))
        return "";
    snprintf(b, n, "%.10g", v);
    return b;
}

static int make_dir(cli *c, const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        je_error err;
        je_error_set_at(&err, JE_EIO, dir, 0, 0, NULL, "cannot create directory: %s",
                        strerror(errno));
        return cli_fail(c, JE_EIO, &err);
    }
    return EXIT_OK;
}

static int print_result(cli *c, const je_circuit_result *r)
{
    if (!r->resistance)
        return EXIT_OK;
    int pw = r->mode == JE_CIRCUIT_PAIRWISE;
    static const char *const n2[] = {"from", "to", "resistance"}, *const n1[] = {"id",
                                                                                 "resistance"};
    static const col_type t2[] = {COL_TEXT, COL_TEXT, COL_NUM}, t1[] = {COL_TEXT, COL_NUM};
    out_table *t = pw ? out_table_new(NULL, 3, n2, t2) : out_table_new(NULL, 2, n1, t1);
    if (!t)
        return EXIT_RUNTIME;
    char a[32], b[32], v[64];
    for (size_t i = 0; i < r->n_ids; i++) {
        snprintf(a, sizeof a, "%lld", (long long)r->ids[i]);
        if (!pw) {
            double x = r->resistance[i];
            const char *cells[2] = {a, x < 0 ? "" : fmt_num(v, sizeof v, x)};
            out_table_add(t, cells);
            continue;
        }
        for (size_t j = i + 1; j < r->n_ids; j++) {
            double x = r->resistance[i * r->n_ids + j];
            snprintf(b, sizeof b, "%lld", (long long)r->ids[j]);
            const char *cells[3] = {a, b, x < 0 ? "" : fmt_num(v, sizeof v, x)};
            out_table_add(t, cells);
        }
    }
    out_table_print(t, c->format, stdout);
    out_table_free(t);
    return EXIT_OK;
}

typedef struct circ_args {
    const char *ini, *res, *focal, *out, *poly, *mask, *pairs, *sources, *grounds;
    je_circuit_opts o;
    je_circuit_adv_opts adv;
    je_burn_opts burn;
} circ_args;

/* Focal points from a vector file: every burned cell becomes a point of its id. */
static je_status focal_from_vector(const char *path, const je_raster *h, const je_burn_opts *b,
                                   je_focal **out, size_t *n, je_error *err)
{
    je_raster *p = NULL;
    *out = NULL;
    *n = 0;
    je_status st = je_raster_burn_vector(path, h, b, &p, err);
    if (st != JE_OK)
        return st;
    size_t nc = (size_t)p->nrows * (size_t)p->ncols, k = 0;
    je_focal *f = malloc((nc ? nc : 1) * sizeof *f);
    if (!f) {
        je_raster_free(p);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < nc; i++)
        if (isfinite(p->data[i]))
            f[k++] = (je_focal){(int64_t)p->data[i], (int64_t)(i / (size_t)p->ncols),
                                (int64_t)(i % (size_t)p->ncols)};
    je_raster_free(p);
    *out = f;
    *n = k;
    return JE_OK;
}

static je_status write_advanced(const circ_args *a, const je_raster *h, je_error *err,
                                je_circuit_adv_result **res)
{
    je_raster *src = NULL, *gnd = NULL;
    je_status st = je_raster_read_on_grid(a->sources, h, &a->burn, &src, err);
    if (st == JE_OK)
        st = je_raster_read_on_grid(a->grounds, h, &a->burn, &gnd, err);
    if (st == JE_OK)
        st = je_circuit_advanced(h, src, gnd, &a->o, &a->adv, res, err);
    size_t n = strlen(a->out) + 16;
    char *prefix = malloc(n);
    if (st == JE_OK && !prefix)
        st = je_error_set(err, JE_ENOMEM, "out of memory");
    if (st == JE_OK) {
        snprintf(prefix, n, "%s/circuit", a->out);
        st = je_circuit_adv_write(*res, h, prefix, 1, 1, 0, err);
    }
    free(prefix);
    je_raster_free(src);
    je_raster_free(gnd);
    return st;
}

static int circuit_advanced(cli *c, circ_args *a, je_raster *h)
{
    je_error err;
    je_circuit_adv_result *r = NULL;
    je_status st = write_advanced(a, h, &err, &r);
    if (st != JE_OK)
        return cli_fail(c, st, &err);
    fprintf(stderr,
            "%lld nodes, %lld component(s), %lld solved, %.10g A injected%s; written to "
            "%s/circuit_voltmap.asc and circuit_curmap.asc\n",
            (long long)r->n_nodes, (long long)r->n_components, (long long)r->n_solved,
            r->source_total_a,
            r->used_cg == 2 ? " (AMG)"
            : r->used_cg    ? " (CG)"
                            : "",
            a->out);
    je_circuit_adv_result_free(r);
    return EXIT_OK;
}

static int circuit_direct(cli *c, circ_args *a)
{
    je_error err;
    je_raster *h = NULL, *poly = NULL, *mask = NULL;
    je_circuit_pairs *pairs = NULL;
    je_focal *f = NULL;
    size_t nf = 0;
    je_circuit_result *r = NULL;
    char *path = NULL;
    int code = make_dir(c, a->out);
    if (code != EXIT_OK)
        return code;
    je_status st = je_raster_read(a->res, &h, &err);
    if (st == JE_OK && a->poly &&
        (st = je_raster_read_on_grid(a->poly, h, &a->burn, &poly, &err)) == JE_OK)
        a->o.polygons = poly;
    if (st == JE_OK && a->mask && (st = je_raster_read(a->mask, &mask, &err)) == JE_OK)
        a->o.mask = mask;
    if (st == JE_OK && a->pairs && (st = je_circuit_pairs_read(a->pairs, &pairs, &err)) == JE_OK)
        a->o.pairs = pairs;
    if (st == JE_OK && a->o.mode == JE_CIRCUIT_ADVANCED) {
        code = circuit_advanced(c, a, h);
        goto out;
    }
    if (st == JE_OK)
        st = je_vector_probe(a->focal) ? focal_from_vector(a->focal, h, &a->burn, &f, &nf, &err)
                                       : je_circuit_focal_read(a->focal, h, &f, &nf, &err);
    a->o.progress = cli_progress;
    a->o.progress_ctx = c;
    if (st == JE_OK)
        st = je_circuit_raster(h, f, nf, &a->o, &r, &err);
    cli_progress_done(c);
    size_t n = strlen(a->out) + 64;
    path = malloc(n);
    if (st == JE_OK && !path)
        st = je_error_set(&err, JE_ENOMEM, "out of memory");
    if (st == JE_OK && r->resistance) {
        snprintf(path, n, "%s/circuit_resistances.out", a->out);
        st = je_circuit_write_resistances(r, path, &err);
    }
    if (st == JE_OK && r->cum_current) {
        memcpy(h->data, r->cum_current, (size_t)h->nrows * (size_t)h->ncols * sizeof *h->data);
        snprintf(path, n, "%s/circuit_cum_curmap.asc", a->out);
        st = je_raster_write(h, path, &err);
    }
    if (st == JE_OK) {
        fprintf(stderr,
                "%lld nodes, %lld component(s), %zu focal id(s), %lld solve(s)%s; written to %s\n",
                (long long)r->n_nodes, (long long)r->n_components, r->n_ids, (long long)r->n_solves,
                r->used_cg == 2 ? " (AMG)"
                : r->used_cg    ? " (CG)"
                                : "",
                a->out);
        code = print_result(c, r);
    } else {
        code = cli_fail(c, st, &err);
    }
out:
    free(path);
    free(f);
    je_circuit_result_free(r);
    je_circuit_pairs_free(pairs);
    je_raster_free(h);
    je_raster_free(poly);
    je_raster_free(mask);
    return code;
}

static int circuit_ini(cli *c, const circ_args *a)
{
    je_error err;
    je_circuit_ini *ini = NULL;
    je_circuit_result *r = NULL;
    char *prefix = NULL;
    je_status st = je_circuit_ini_read(a->ini, &ini, &err);
    if (st == JE_OK && a->out) {
        int code = make_dir(c, a->out);
        if (code != EXIT_OK) {
            je_circuit_ini_free(ini);
            return code;
        }
        const char *base = strrchr(ini->output_file, '/');
        base = base ? base + 1 : ini->output_file;
        size_t n = strlen(a->out) + strlen(base) + 2;
        if ((prefix = malloc(n))) {
            snprintf(prefix, n, "%s/%s", a->out, base);
            char *dot = strrchr(prefix, '.');
            if (dot && dot > strrchr(prefix, '/'))
                *dot = 0;
        } else {
            st = je_error_set(&err, JE_ENOMEM, "out of memory");
        }
    }
    if (st == JE_OK)
        st = je_circuit_ini_run(ini, prefix, cli_progress, c, &r, &err);
    cli_progress_done(c);
    int code;
    if (st != JE_OK)
        code = cli_fail(c, st, &err);
    else if (!r) /* advanced mode: the maps are the result */
        code = (fprintf(stderr, "advanced mode: voltage / current maps written (%s)\n",
                        prefix ? prefix : ini->output_file),
                EXIT_OK);
    else
        code = print_result(c, r);
    free(prefix);
    je_circuit_result_free(r);
    je_circuit_ini_free(ini);
    return code;
}

int cmd_ecology_circuit(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"ini", required_argument, NULL, 'i'},      {"resistance", required_argument, NULL, 'r'},
        {"focal", required_argument, NULL, 'f'},    {"mode", required_argument, NULL, 'm'},
        {"out", required_argument, NULL, 'o'},      {"four", no_argument, NULL, '4'},
        {"avg-resistance", no_argument, NULL, 'a'}, {"conductance", no_argument, NULL, 'c'},
        {"polygons", required_argument, NULL, 'p'}, {"mask", required_argument, NULL, 'k'},
        {"pairs", required_argument, NULL, 'P'},    {"solver", required_argument, NULL, 's'},
        {"no-current", no_argument, NULL, 'n'},     {"sources", required_argument, NULL, 'S'},
        {"grounds", required_argument, NULL, 'G'},  {"ground-conductance", no_argument, NULL, 'g'},
        {"direct-grounds", no_argument, NULL, 'd'}, {"unit-currents", no_argument, NULL, 'u'},
        {"conflict", required_argument, NULL, 'C'}, {"id-field", required_argument, NULL, 'I'},
        {"all-touched", no_argument, NULL, 't'},    {NULL, 0, NULL, 0}};
    circ_args a;
    memset(&a, 0, sizeof a);
    je_circuit_opts_init(&a.o);
    je_circuit_adv_opts_init(&a.adv);
    je_error err;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'i':
            a.ini = optarg;
            break;
        case 'r':
            a.res = optarg;
            break;
        case 'f':
            a.focal = optarg;
            break;
        case 'o':
            a.out = optarg;
            break;
        case 'p':
            a.poly = optarg;
            break;
        case 'k':
            a.mask = optarg;
            break;
        case 'P':
            a.pairs = optarg;
            break;
        case '4':
            a.o.four_neighbors = 1;
            break;
        case 'a':
            a.o.avg_resistances = 1;
            break;
        case 'c':
            a.o.habitat_is_resistance = 0;
            break;
        case 'n':
            a.o.want_current = 0;
            break;
        case 'S':
            a.sources = optarg;
            break;
        case 'G':
            a.grounds = optarg;
            break;
        case 'g':
            a.adv.ground_is_resistance = 0;
            break;
        case 'd':
            a.adv.direct_grounds = 1;
            break;
        case 'u':
            a.adv.unit_currents = 1;
            break;
        case 'C':
            if (je_circuit_conflict_parse(optarg, &a.adv.conflict, &err) != JE_OK)
                return cli_usage_error(c, "ecology circuit", "%s", err.message);
            break;
        case 'I':
            a.burn.id_field = optarg;
            break;
        case 't':
            a.burn.all_touched = 1;
            break;
        case 'm':
            if (je_circuit_mode_parse(optarg, &a.o.mode, &err) != JE_OK)
                return cli_usage_error(c, "ecology circuit", "%s", err.message);
            break;
        case 's':
            if (je_circuit_solver_parse(optarg, &a.o.solver, &err) != JE_OK)
                return cli_usage_error(c, "ecology circuit", "%s", err.message);
            break;
        default:
            return cli_usage_error(c, "ecology circuit", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage_error(c, "ecology circuit", "unexpected argument '%s'", argv[optind]);
    if (a.ini) {
        if (a.res || a.focal)
            return cli_usage_error(c, "ecology circuit",
                                   "give --ini, or --resistance and --focal, not both");
        return circuit_ini(c, &a);
    }
    if (a.o.mode == JE_CIRCUIT_ADVANCED) {
        if (!a.res || !a.sources || !a.grounds || !a.out)
            return cli_usage_error(c, "ecology circuit",
                                   "--mode advanced needs --resistance, --sources, --grounds "
                                   "and --out");
        if (a.focal || a.pairs)
            return cli_usage_error(c, "ecology circuit",
                                   "--focal and --pairs do not apply to --mode advanced");
        return circuit_direct(c, &a);
    }
    if (a.sources || a.grounds)
        return cli_usage_error(c, "ecology circuit",
                               "--sources and --grounds need --mode advanced");
    if (!a.res || !a.focal || !a.out)
        return cli_usage_error(c, "ecology circuit",
                               "missing --ini FILE, or --resistance, --focal and --out");
    return circuit_direct(c, &a);
}

/* ---- corridors ---------------------------------------------------------- */

static je_status read_table(const char *path, double **cls, double **val, size_t *n, je_diag *diag,
                            je_error *err)
{
    je_csv *r = NULL;
    *cls = *val = NULL;
    *n = 0;
    je_status st = je_csv_open(path, &r, err);
    if (st != JE_OK || (st = je_csv_read_header(r, err)) != JE_OK) {
        je_csv_close(r);
        return st;
    }
    int cc = je_csv_column(r, "class"), cv = je_csv_column(r, "resistance");
    if (cc < 0 || cv < 0) {
        je_csv_close(r);
        return je_error_set_at(err, JE_EDATA, path, 1, 1, NULL,
                               "the header must have columns class and resistance");
    }
    size_t cap = 0;
    int has = 0;
    while ((st = cli_next_row(r, diag, &has, err)) == JE_OK && has) {
        double k, v;
        int ok = cli_cell_num(diag, r, cc, CLI_ANY, 0, "class", &k);
        ok &= cli_cell_num(diag, r, cv, CLI_NONNEG, 0, "resistance", &v);
        if (!ok)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            double *a = realloc(*cls, cap * sizeof *a),
                   *b = a ? realloc(*val, cap * sizeof *b) : NULL;
            if (a)
                *cls = a;
            if (!a || !b) {
                st = je_error_set(err, JE_ENOMEM, "out of memory");
                break;
            }
            *val = b;
        }
        (*cls)[*n] = k;
        (*val)[(*n)++] = v;
    }
    je_csv_close(r);
    return st;
}

static je_status write_corridor_outputs(const char *dir, const je_raster *res,
                                        const je_corridors *cr, je_error *err)
{
    char path[4096];
    je_raster *m = NULL;
    je_status st = je_raster_clone(res, &m, err);
    if (st != JE_OK)
        return st;
    snprintf(path, sizeof path, "%s/resistance.tif", dir);
    st = je_raster_write(res, path, err);
    size_t n = (size_t)res->nrows * (size_t)res->ncols;
    if (st == JE_OK) {
        memcpy(m->data, cr->corridor, n * sizeof *m->data);
        snprintf(path, sizeof path, "%s/corridors.tif", dir);
        st = je_raster_write(m, path, err);
    }
    if (st == JE_OK) {
        for (size_t i = 0; i < n; i++)
            m->data[i] = cr->path_rank[i] ? (double)cr->path_rank[i] : NAN;
        snprintf(path, sizeof path, "%s/paths.tif", dir);
        st = je_raster_write(m, path, err);
    }
    je_raster_free(m);
    if (st != JE_OK)
        return st;
    snprintf(path, sizeof path, "%s/linkages.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "cannot create: %s", strerror(errno));
    fputs("rank,from,to,cost,euclid_m,path_cells\n", f);
    for (size_t k = 0; k < cr->n_links; k++) {
        const je_linkage *l = &cr->links[k];
        char b1[32], b2[32];
        fprintf(f, "%lld,%lld,%lld,%s,%s,%lld\n", (long long)l->rank, (long long)l->from,
                (long long)l->to, fmt_num(b1, sizeof b1, l->cost),
                fmt_num(b2, sizeof b2, l->euclid), (long long)l->path_cells);
    }
    if (fclose(f) != 0)
        return je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "write failed");
    return JE_OK;
}

int cmd_ecology_corridors(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"landcover", required_argument, NULL, 'l'},
                                             {"table", required_argument, NULL, 't'},
                                             {"patches", required_argument, NULL, 'p'},
                                             {"out", required_argument, NULL, 'o'},
                                             {"width", required_argument, NULL, 'w'},
                                             {"entered", no_argument, NULL, 'e'},
                                             {"id-field", required_argument, NULL, 'I'},
                                             {"all-touched", no_argument, NULL, 'T'},
                                             {NULL, 0, NULL, 0}};
    const char *lc_path = NULL, *table = NULL, *patches = NULL, *out = NULL;
    double width = NAN;
    je_cost_rule rule = JE_COST_GEOMETRIC;
    je_burn_opts burn = {NULL, 0};
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'l':
            lc_path = optarg;
            break;
        case 't':
            table = optarg;
            break;
        case 'p':
            patches = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'e':
            rule = JE_COST_ENTERED;
            break;
        case 'I':
            burn.id_field = optarg;
            break;
        case 'T':
            burn.all_touched = 1;
            break;
        case 'w': {
            char *end;
            width = strtod(optarg, &end);
            if (!*optarg || *end || !(width >= 0))
                return cli_usage_error(c, "ecology corridors", "--width must be a number >= 0");
            break;
        }
        default:
            return cli_usage_error(c, "ecology corridors", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage_error(c, "ecology corridors", "unexpected argument '%s'", argv[optind]);
    if (!lc_path || !table || !patches || !out)
        return cli_usage_error(c, "ecology corridors",
                               "--landcover, --table, --patches and --out are required");
    int code = make_dir(c, out);
    if (code != EXIT_OK)
        return code;
    je_error err;
    je_diag diag;
    je_diag_init(&diag, 50);
    double *cls = NULL, *val = NULL;
    size_t n = 0;
    je_raster *lc = NULL, *pt = NULL, *res = NULL;
    je_corridors *cr = NULL;
    je_status st = read_table(table, &cls, &val, &n, &diag, &err);
    if (st == JE_OK && diag.total) {
        cli_print_diag(&diag);
        fprintf(stderr, "%s: %zu error(s); nothing computed.\n", table, diag.total);
        code = EXIT_BADDATA;
        goto done;
    }
    if (st == JE_OK)
        st = je_raster_read(lc_path, &lc, &err);
    if (st == JE_OK)
        st = je_raster_read_on_grid(patches, lc, &burn, &pt, &err);
    if (st == JE_OK)
        st = je_reclass(lc, cls, val, n, &res, &err);
    if (st == JE_OK)
        st = je_corridors_compute(res, pt, rule, isnan(width) ? -1 : width, cli_progress, c, &cr,
                                  &err);
    cli_progress_done(c);
    if (st == JE_OK && isnan(width)) { /* default: 10 % of the cheapest linkage */
        double w = cr->n_links && isfinite(cr->links[0].cost) ? cr->links[0].cost * 0.1 : 0;
        je_corridors_free(cr);
        cr = NULL;
        st = je_corridors_compute(res, pt, rule, w, NULL, NULL, &cr, &err);
    }
    if (st == JE_OK)
        st = write_corridor_outputs(out, res, cr, &err);
    if (st != JE_OK) {
        code = cli_fail(c, st, &err);
        goto done;
    }
    static const char *const names[] = {"rank", "from", "to", "cost", "euclid_m", "path_cells"};
    static const col_type types[] = {COL_NUM, COL_TEXT, COL_TEXT, COL_NUM, COL_NUM, COL_NUM};
    out_table *t = out_table_new(NULL, 6, names, types);
    for (size_t k = 0; t && k < cr->n_links; k++) {
        const je_linkage *l = &cr->links[k];
        char b[6][32];
        snprintf(b[0], 32, "%lld", (long long)l->rank);
        snprintf(b[1], 32, "%lld", (long long)l->from);
        snprintf(b[2], 32, "%lld", (long long)l->to);
        snprintf(b[5], 32, "%lld", (long long)l->path_cells);
        const char *cells[6] = {
            l->rank ? b[0] : "",          b[1], b[2], fmt_num(b[3], 32, l->cost),
            fmt_num(b[4], 32, l->euclid), b[5]};
        out_table_add(t, cells);
    }
    if (t)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    fprintf(stderr, "%zu linkage(s); written to %s\n", cr->n_links, out);
done:
    je_diag_free(&diag);
    free(cls);
    free(val);
    je_raster_free(lc);
    je_raster_free(pt);
    je_raster_free(res);
    je_corridors_free(cr);
    return code;
}

/* ---- diversity ---------------------------------------------------------- */

typedef struct occ {
    int64_t site;
    double count;
} occ;

static int cmp_occ(const void *a, const void *b)
{
    const occ *x = a, *y = b;
    return (x->site > y->site) - (x->site < y->site);
}

int cmd_ecology_diversity(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"input", required_argument, NULL, 'i'},
                                             {"by", required_argument, NULL, 'b'},
                                             {"base", required_argument, NULL, 'B'},
                                             {NULL, 0, NULL, 0}};
    const char *input = NULL, *by = "site";
    double base = M_E;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'i':
            input = optarg;
            break;
        case 'b':
            by = optarg;
            break;
        case 'B':
            if (!strcmp(optarg, "e"))
                base = M_E;
            else if (!strcmp(optarg, "2"))
                base = 2;
            else
                return cli_usage_error(c, "ecology diversity", "--base must be e or 2");
            break;
        default:
            return cli_usage_error(c, "ecology diversity", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!input && optind < argc)
        input = argv[optind++];
    if (!input)
        return cli_usage_error(c, "ecology diversity", "missing --input FILE");
    if (optind != argc)
        return cli_usage_error(c, "ecology diversity", "unexpected argument '%s'", argv[optind]);
    je_error err;
    je_diag diag;
    je_diag_init(&diag, 50);
    je_csv *r = NULL;
    je_strmap *sites = NULL, *pairs = NULL;
    char **site_names = NULL;
    occ *o = NULL;
    double *counts = NULL;
    size_t n_occ = 0, cap = 0, n_sites = 0;
    int code = EXIT_OK, has = 0;
    je_status st = je_csv_open(input, &r, &err);
    if (st == JE_OK)
        st = je_csv_read_header(r, &err);
    int cs = -1, csp = -1, cc = -1;
    if (st == JE_OK) {
        cs = je_csv_column(r, by);
        csp = je_csv_column(r, "species");
        cc = je_csv_column(r, "count");
        if (cs < 0 || csp < 0 || cc < 0)
            st = je_error_set_at(&err, JE_EDATA, je_csv_path(r), 1, 1, NULL,
                                 "the header must have columns %s, species and count", by);
    }
    if (st == JE_OK &&
        (je_strmap_new(1024, &sites) != JE_OK || je_strmap_new(4096, &pairs) != JE_OK))
        st = je_error_set(&err, JE_ENOMEM, "out of memory");
    char key[1024];
    while (st == JE_OK && (st = cli_next_row(r, &diag, &has, &err)) == JE_OK && has) {
        double n;
        if (!cli_cell_num(&diag, r, cc, CLI_NONNEG, 0, "count", &n))
            continue;
        const char *s = je_csv_field(r, (size_t)cs), *sp = je_csv_field(r, (size_t)csp);
        int64_t si;
        if (!je_strmap_get(sites, s, strlen(s), &si)) {
            char **nn = realloc(site_names, (n_sites + 1) * sizeof *nn);
            if (!nn || !(nn[n_sites] = strdup(s)) || je_strmap_put(sites, s, (int64_t)n_sites)) {
                site_names = nn ? nn : site_names;
                st = je_error_set(&err, JE_ENOMEM, "out of memory");
                break;
            }
            site_names = nn;
            si = (int64_t)n_sites++;
        }
        snprintf(key, sizeof key, "%lld\x1f%s", (long long)si, sp);
        int64_t k;
        if (je_strmap_get(pairs, key, strlen(key), &k)) {
            o[k].count += n;
            continue;
        }
        if (n_occ == cap) {
            cap = cap ? cap * 2 : 1024;
            occ *no = realloc(o, cap * sizeof *no);
            if (!no) {
                st = je_error_set(&err, JE_ENOMEM, "out of memory");
                break;
            }
            o = no;
        }
        if (je_strmap_put(pairs, key, (int64_t)n_occ)) {
            st = je_error_set(&err, JE_ENOMEM, "out of memory");
            break;
        }
        o[n_occ++] = (occ){si, n};
    }
    if (st != JE_OK) {
        code = cli_fail(c, st, &err);
        goto done;
    }
    if (diag.total) {
        cli_print_diag(&diag);
        fprintf(stderr, "%s: %zu error(s); nothing computed. Fix the rows above.\n", input,
                diag.total);
        code = EXIT_BADDATA;
        goto done;
    }
    qsort(o, n_occ, sizeof *o, cmp_occ);
    counts = malloc((n_occ ? n_occ : 1) * sizeof *counts);
    const char *names[] = {by,       "S",     "N",        "shannon",  "simpson", "invsimpson",
                           "pielou", "chao1", "chao1_lo", "chao1_hi", "ace"};
    static const col_type types[] = {COL_TEXT, COL_NUM, COL_NUM, COL_NUM, COL_NUM, COL_NUM,
                                     COL_NUM,  COL_NUM, COL_NUM, COL_NUM, COL_NUM};
    out_table *t = counts ? out_table_new(NULL, 11, names, types) : NULL;
    if (!t) {
        code = cli_fail(c, JE_ENOMEM, NULL);
        goto done;
    }
    for (size_t i = 0; i < n_occ;) {
        size_t j = i, m = 0;
        while (j < n_occ && o[j].site == o[i].site)
            counts[m++] = o[j++].count;
        je_diversity d;
        char b[10][32];
        const char *cells[11] = {site_names[o[i].site]};
        if (je_diversity_compute(counts, m, base, &d, &err) == JE_OK) {
            snprintf(b[0], 32, "%lld", (long long)d.S);
            cells[1] = b[0];
            cells[2] = fmt_num(b[1], 32, d.N);
            double v[] = {d.shannon, d.simpson,  d.invsimpson, d.pielou,
                          d.chao1,   d.chao1_lo, d.chao1_hi,   d.ace};
            for (int k = 0; k < 8; k++)
                cells[3 + k] = fmt_num(b[2 + k], 32, v[k]);
        } else { /* a site whose counts are all 0 */
            cells[1] = "0";
            cells[2] = "0";
        }
        out_table_add(t, cells);
        i = j;
    }
    out_table_print(t, c->format, stdout);
    out_table_free(t);
done:
    je_diag_free(&diag);
    je_csv_close(r);
    je_strmap_free(sites);
    je_strmap_free(pairs);
    for (size_t i = 0; i < n_sites; i++)
        free(site_names[i]);
    free(site_names);
    free(o);
    free(counts);
    return code;
}
