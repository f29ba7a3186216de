/*
 * met.c — hourly meteorology files for the plume commands (air dispersion, stagger
 * plan): time,u_m_s,dir_from_deg,temp_k[,mixing_height_m],stability[,cloud_tenths]
 * [,ceiling_m]; an empty stability is derived by Turner's method from the cloud cover
 * and the sun at the given place.
 */
#include "cli/cli.h"
#include "jointenv/plume.h"

#include <math.h>
#include <stdlib.h>

enum { M_TIME, M_U, M_DIR, M_T, M_MIX, M_STAB, M_CLOUD, M_CEIL, M_N };
static const char *const met_cols[M_N] = {"time",         "u_m_s",           "dir_from_deg",
                                          "temp_k",       "mixing_height_m", "stability",
                                          "cloud_tenths", "ceiling_m"};

je_status cli_read_met(const char *path, long max_hours, double lon0, double lat0, je_diag *diag,
                       je_met_hour **out, size_t *out_n, je_error *err)
{
    *out = NULL;
    *out_n = 0;
    je_csv *r;
    je_status st = je_csv_open(path, &r, err);
    if (st != JE_OK)
        return st;
    if ((st = je_csv_read_header(r, err)) != JE_OK) {
        je_csv_close(r);
        if (st != JE_EDATA)
            return st;
        je_diag_add(diag, err);
        return JE_OK;
    }
    int col[M_N];
    for (int k = 0; k < M_N; k++)
        col[k] = je_csv_column(r, met_cols[k]);
    for (int k = 0; k <= M_STAB; k++)
        if (col[k] < 0 && k != M_MIX) {
            je_error e;
            je_error_set_at(&e, JE_EDATA, je_csv_path(r), 1, 1, NULL,
                            "missing column '%s' in the header", met_cols[k]);
            je_diag_add(diag, &e);
        }
    if (diag->total) {
        je_csv_close(r);
        return JE_OK;
    }
    size_t cap = 256, n = 0;
    je_met_hour *m = malloc(cap * sizeof *m);
    if (m == NULL) {
        je_csv_close(r);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    for (;;) {
        int has;
        je_error e;
        if ((st = cli_next_row(r, diag, &has, err)) != JE_OK || !has ||
            (max_hours > 0 && (long)n >= max_hours))
            break;
        if (n == cap) {
            je_met_hour *b = realloc(m, (cap *= 2) * sizeof *m);
            if (b == NULL) {
                st = je_error_set(err, JE_ENOMEM, "out of memory");
                break;
            }
            m = b;
        }
        je_met_hour h = {0};
        size_t before = diag->total;
        const char *t = je_csv_field(r, (size_t)col[M_TIME]);
        if (je_time_parse(t, je_csv_field_len(r, (size_t)col[M_TIME]), 8 * 3600, &h.t, &e) != JE_OK)
            cli_diag_field(diag, r, (size_t)col[M_TIME], "'%s' is not a time (%s)", t, e.message);
        cli_cell_num(diag, r, col[M_U], CLI_NONNEG, 0, "wind speed", &h.u_m_s);
        if (cli_cell_num(diag, r, col[M_DIR], CLI_ANY, 0, "wind direction", &h.dir_from_deg) &&
            (h.dir_from_deg < 0 || h.dir_from_deg > 360))
            cli_diag_field(diag, r, (size_t)col[M_DIR], "wind direction %g is not 0-360",
                           h.dir_from_deg);
        cli_cell_num(diag, r, col[M_T], CLI_POS, 0, "temperature (K)", &h.temp_k);
        cli_cell_num(diag, r, col[M_MIX], CLI_POS, 1, "mixing height", &h.mixing_height_m);
        const char *s = je_csv_field(r, (size_t)col[M_STAB]);
        double cloud = NAN, ceil_m = NAN;
        if (*s) {
            if (je_stability_parse(s, &h.stability, &e) != JE_OK)
                cli_diag_field(diag, r, (size_t)col[M_STAB], "unknown stability class '%s' (A-F)",
                               s);
        } else if (col[M_CLOUD] < 0 || je_csv_field_len(r, (size_t)col[M_CLOUD]) == 0) {
            cli_diag_field(diag, r, (size_t)col[M_STAB],
                           "no stability class and no cloud_tenths to derive it from");
        } else if (cli_cell_num(diag, r, col[M_CLOUD], CLI_NONNEG, 0, "cloud cover", &cloud) &&
                   cloud > 10) {
            cli_diag_field(diag, r, (size_t)col[M_CLOUD], "cloud cover %g is not 0-10 tenths",
                           cloud);
        } else if (cli_cell_num(diag, r, col[M_CEIL], CLI_POS, 1, "ceiling", &ceil_m) &&
                   diag->total == before) {
            double elev = je_solar_elevation(lon0, lat0, h.t + 1800);
            h.stability = je_turner_stability(h.u_m_s, elev, cloud, ceil_m);
        }
        if (diag->total == before)
            m[n++] = h;
    }
    je_csv_close(r);
    if (st != JE_OK) {
        free(m);
        return st;
    }
    if (n == 0 && diag->total == 0) {
        je_error e;
        je_error_set_at(&e, JE_EDATA, path, 2, 1, NULL, "no hours in the met file");
        je_diag_add(diag, &e);
    }
    *out = m;
    *out_n = n;
    return JE_OK;
}
