/*
 * cmd_river.c — jointenv river dosag: the Streeter–Phelps oxygen-sag calculator, for
 * checking the river model's oxygen balance against published worked examples (no
 * database). The formulas are src/water/streeter_phelps.c; the network model that
 * strings them together is src/water/river.c. User guide: docs/river.md. The
 * database-backed river commands are in cmd_river_db.c.
 */
#include "cli/cli.h"
#include "jointenv/river.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

const char river_dosag_usage[] =
    "Options:\n"
    "  --input FILE   CSV of cases ('-' reads stdin) with the columns\n"
    "                 case,l0_mg_l,d0_mg_l,kd_per_d,ka_per_d,u_m_s and optionally\n"
    "                 kr_per_d, do_sat_mg_l, x_km\n\n"
    "Inputs: l0_mg_l the ultimate BOD and d0_mg_l the oxygen deficit just below the\n"
    "discharge (after mixing); kd_per_d the deoxygenation rate, ka_per_d the reaeration\n"
    "rate, both per day at the water's temperature; u_m_s the mean velocity (m/s);\n"
    "kr_per_d the BOD removal rate when it differs from kd (settling; empty = kd);\n"
    "do_sat_mg_l the DO saturation; x_km a distance downstream to report the deficit at.\n\n"
    "Output per case: case, t_crit_d and x_crit_km (travel time and distance to the\n"
    "critical point, the largest deficit), d_crit_mg_l (the deficit there), do_min_mg_l\n"
    "(do_sat - d_crit; empty without do_sat_mg_l); with an x_km column also d_at_x_mg_l\n"
    "and do_at_x_mg_l. Streeter-Phelps:\n"
    "  D(t) = kd L0/(ka - kr) (e^-kr t - e^-ka t) + D0 e^-ka t,\n"
    "  t_c = ln{ka/kr [1 - D0 (ka - kr)/(kd L0)]}/(ka - kr), D_c = kd/ka L0 e^-kr t_c,\n"
    "with the limits D = (kd L0 t + D0) e^-ka t and t_c = 1/ka - D0/(kd L0) when ka = kr;\n"
    "ka below kr is valid. When the deficit does not rise at the start (kd L0 <= ka D0,\n"
    "e.g. D0 at or past the critical deficit) t_crit_d is 0 and d_crit_mg_l is D0.\n"
    "Any bad row is listed as path:line:column and nothing is written (exit 3). Sources:\n"
    "docs/river.md.\n";

/* %.12g: enough digits to compare with published values and the numpy reference. */
static const char *num(char *buf, size_t size, double v)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        snprintf(buf, size, "%.12g", v);
    return buf;
}

enum { D_CASE, D_L0, D_D0, D_KD, D_KA, D_U, D_KR, D_SAT, D_X, D_N };

static const char *const dosag_cols[D_N] = {"case",     "l0_mg_l",     "d0_mg_l",
                                            "kd_per_d", "ka_per_d",    "u_m_s",
                                            "kr_per_d", "do_sat_mg_l", "x_km"};

typedef struct dosag_in {
    int col[D_N];
} dosag_in;

static void header_error(je_diag *diag, je_csv *r, long line, long column, const char *field,
                         const char *fmt, const char *name)
{
    je_error e;
    je_error_set_at(&e, JE_EDATA, je_csv_path(r), line, column, field, fmt, name);
    je_diag_add(diag, &e);
}

static out_table *dosag_begin(void *ctx, je_csv *r, je_diag *diag)
{
    dosag_in *in = ctx;
    int bad = 0;
    for (int k = 0; k < D_N; k++)
        in->col[k] = je_csv_column(r, dosag_cols[k]);
    for (size_t k = 0; k < je_csv_ncolumns(r); k++) {
        int known = 0;
        for (int j = 0; j < D_N; j++)
            known |= in->col[j] == (int)k;
        if (known)
            continue;
        long line, col;
        je_csv_field_pos(r, k, &line, &col);
        const char *name = je_csv_column_name(r, k);
        header_error(diag, r, line, col, name,
                     "unknown column '%s' (see jointenv river dosag --help)", name);
        bad = 1;
    }
    for (int k = 0; k <= D_U; k++)
        if (in->col[k] < 0) {
            header_error(diag, r, 1, 1, NULL, "missing column '%s' in the header", dosag_cols[k]);
            bad = 1;
        }
    if (bad)
        return NULL;
    static const char *const names[] = {"case",        "t_crit_d",    "x_crit_km",   "d_crit_mg_l",
                                        "do_min_mg_l", "d_at_x_mg_l", "do_at_x_mg_l"};
    static const col_type types[] = {COL_TEXT, COL_NUM, COL_NUM, COL_NUM,
                                     COL_NUM,  COL_NUM, COL_NUM};
    return out_table_new(NULL, in->col[D_X] >= 0 ? 7 : 5, names, types);
}

static je_status dosag_row(void *ctx, je_csv *r, je_diag *diag, out_table *t, je_error *err)
{
    dosag_in *in = ctx;
    const int *c = in->col;
    size_t before = diag->total;
    double l0, d0, kd, ka, u, kr, sat, x;
    cli_cell_num(diag, r, c[D_L0], CLI_NONNEG, 0, "ultimate BOD l0_mg_l", &l0);
    cli_cell_num(diag, r, c[D_D0], CLI_NONNEG, 0, "initial deficit d0_mg_l", &d0);
    cli_cell_num(diag, r, c[D_KD], CLI_NONNEG, 0, "deoxygenation rate kd_per_d", &kd);
    cli_cell_num(diag, r, c[D_KA], CLI_POS, 0, "reaeration rate ka_per_d", &ka);
    cli_cell_num(diag, r, c[D_U], CLI_POS, 0, "velocity u_m_s", &u);
    cli_cell_num(diag, r, c[D_KR], CLI_POS, 1, "BOD removal rate kr_per_d", &kr);
    int sat_ok = cli_cell_num(diag, r, c[D_SAT], CLI_POS, 1, "DO saturation do_sat_mg_l", &sat);
    cli_cell_num(diag, r, c[D_X], CLI_NONNEG, 1, "distance x_km", &x);
    if (sat_ok && !isnan(sat) && d0 > sat)
        cli_diag_field(diag, r, (size_t)c[D_D0],
                       "initial deficit d0_mg_l %g exceeds the DO saturation %g (DO below 0)", d0,
                       sat);
    if (isnan(kr))
        kr = kd;
    if (diag->total == before && !(kr > 0))
        cli_diag_field(diag, r, (size_t)c[D_KD],
                       "kd_per_d is 0 and no kr_per_d is given; BOD must decay (kr > 0)");
    if (diag->total != before)
        return JE_OK;
    double tc, dc;
    je_error e;
    if (je_river_sp_critical(l0, d0, kd, kr, ka, &tc, &dc, &e) != JE_OK) {
        cli_diag_field(diag, r, (size_t)c[D_KA], "%s", e.message);
        return JE_OK;
    }
    /* x = u·t: m/s × 86400 s/d ÷ 1000 m/km = 86.4·u km/d */
    double xc = u * 86.4 * tc;
    double dx = NAN;
    if (!isnan(x))
        dx = je_river_sp_deficit(l0, d0, kd, kr, ka, x / (u * 86.4));
    char b[6][32];
    const char *cells[7] = {je_csv_field(r, (size_t)c[D_CASE]),
                            num(b[0], 32, tc),
                            num(b[1], 32, xc),
                            num(b[2], 32, dc),
                            num(b[3], 32, sat - dc),
                            num(b[4], 32, dx),
                            num(b[5], 32, sat - dx)};
    return out_table_add(t, cells) ? JE_OK : je_error_set(err, JE_ENOMEM, "out of memory");
}

int cmd_river_dosag(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"input", required_argument, NULL, 'i'},
                                             {NULL, 0, NULL, 0}};
    const char *input = NULL;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'i':
            input = optarg;
            break;
        default:
            return cli_usage_error(c, "river dosag", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (input == NULL && optind < argc)
        input = argv[optind++];
    if (input == NULL)
        return cli_usage_error(c, "river dosag", "missing --input FILE");
    if (optind != argc)
        return cli_usage_error(c, "river dosag", "unexpected argument '%s'", argv[optind]);
    dosag_in in;
    static const cli_calc ops = {dosag_begin, dosag_row};
    return cli_calc_run(c, input, &ops, &in);
}
