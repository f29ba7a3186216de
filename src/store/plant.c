/*
 * plant.c — cement clinker lines and population receptors: import and queries.
 *
 * A line's emission rates are either measured (all three of pm_g_s, so2_g_s, nox_g_s
 * given; basis "measured") or derived from a limit regime by je_gb4915_derive() (all
 * three empty and `limits` naming the regime; the derivation text becomes the basis).
 */
#include "store/internal.h"

#include "jointenv/industry.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    P_CODE,
    P_PLANT,
    P_NAME_ZH,
    P_NAME_EN,
    P_JUR,
    P_LON,
    P_LAT,
    P_REGION,
    P_CAPACITY,
    P_STACK_H,
    P_STACK_D,
    P_EXIT_V,
    P_EXIT_T,
    P_GRADE,
    P_COPROC,
    P_SPECIAL,
    P_CARBIDE,
    P_HEATING,
    P_PM,
    P_SO2,
    P_NOX,
    P_LIMITS,
    P_DEEP, /* optional (issue 4): meets the association's deep-treatment A standard */
    P_NCOLS
};
/* Two names a row, the optional column last. */
/* clang-format off */
static const char *const p_cols[P_NCOLS] = {"code",         "plant",
                                            "name_zh",      "name_en",
                                            "jurisdiction", "lon",
                                            "lat",          "region",
                                            "capacity_t_d", "stack_height_m",
                                            "stack_diam_m", "exit_v_m_s",
                                            "exit_temp_k",  "grade",
                                            "coprocessing", "special_cement_pct",
                                            "carbide_slag", "heating_duty",
                                            "pm_g_s",       "so2_g_s",
                                            "nox_g_s",      "limits",
                                            "deep_treatment_a"};
/* clang-format on */

enum { R_CODE, R_NAME_ZH, R_NAME_EN, R_JUR, R_LON, R_LAT, R_POP, R_NCOLS };
static const char *const r_cols[R_NCOLS] = {"code", "name_zh", "name_en",   "jurisdiction",
                                            "lon",  "lat",     "population"};

/* A numeric column and its accepted closed range. */
typedef struct range {
    int col;
    double lo, hi;
    const char *what;
} range;

static const range p_ranges[] = {
    {P_LON, -180, 180, "decimal degrees"},
    {P_LAT, -90, 90, "decimal degrees"},
    {P_CAPACITY, 100, 20000, "clinker t/day"},
    {P_STACK_H, 10, 300, "m above ground"},
    {P_STACK_D, 0.5, 15, "m, inner diameter at the top"},
    {P_EXIT_V, 1, 40, "m/s"},
    {P_EXIT_T, 300, 700, "K"},
};

static const range r_ranges[] = {
    {R_LON, -180, 180, "decimal degrees"},
    {R_LAT, -90, 90, "decimal degrees"},
    {R_POP, 1, 1e8, "people"},
};

/* Measured emission rates: a plausibility ceiling, g/s (an uncontrolled 10 000 t/d
 * kiln emits about 300 g/s of NOx). */
#define Q_MAX_G_S 1000.0

/* A text column that must not be empty, and its longest accepted value in bytes (the
 * size of its field in je_plant / je_receptor less the terminating NUL). */
typedef struct text_col {
    int col;
    size_t max;
} text_col;

static const text_col p_text[] = {{P_CODE, 31},     {P_PLANT, 95}, {P_NAME_ZH, 95},
                                  {P_NAME_EN, 127}, {P_JUR, 15},   {P_REGION, 31}};
static const text_col r_text[] = {{R_CODE, 31}, {R_NAME_ZH, 63}, {R_NAME_EN, 95}, {R_JUR, 15}};

static void check_text(je_row *r, const text_col *t, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        size_t len = strlen(je_row_field(r, t[k].col));
        if (len == 0)
            je_row_reject(r, t[k].col, "empty %s", r->cols[t[k].col]);
        else if (len > t[k].max)
            je_row_reject(r, t[k].col, "%s too long (%zu bytes; at most %zu)", r->cols[t[k].col],
                          len, t[k].max);
    }
}

/* Parse the ranged columns into v[col]. */
static void check_ranges(je_row *r, const range *rg, size_t n, double *v)
{
    for (size_t k = 0; k < n; k++) {
        const char *t = je_row_field(r, rg[k].col);
        double x;
        if (je_parse_double(t, strlen(t), &x) != JE_OK || x < rg[k].lo || x > rg[k].hi)
            je_row_reject(r, rg[k].col, "invalid %s '%s' (%s, %.10g to %.10g)", r->cols[rg[k].col],
                          t, rg[k].what, rg[k].lo, rg[k].hi);
        else
            v[rg[k].col] = x;
    }
}

static void check_jurisdiction(sqlite3_stmt *jur, je_row *r, int col)
{
    const char *code = je_row_field(r, col);
    if (code[0] == '\0')
        return;
    sqlite3_bind_text(jur, 1, code, -1, SQLITE_STATIC);
    int found = sqlite3_step(jur) == SQLITE_ROW;
    sqlite3_reset(jur);
    if (!found)
        je_row_reject(r, col, "unknown jurisdiction '%s' (import jurisdictions first)", code);
}

/* ---- clinker lines --------------------------------------------------------- */

enum { QP_JUR, QP_GET, QP_INS, QP_UPD, QP_N };

static const char *const plant_sql[QP_N] = {
    "SELECT 1 FROM jurisdiction WHERE code = ?",
    "SELECT batch_id FROM clinker_line WHERE code = ?",
    "INSERT INTO clinker_line(code, plant, name_zh, name_en, owner, lon, lat, region,"
    " capacity_t_d, stack_height_m, stack_diam_m, exit_v_m_s, exit_temp_k, q_pm_g_s,"
    " q_so2_g_s, q_nox_g_s, basis, grade, coprocessing, special_cement, carbide_slag,"
    " heating_duty, batch_id, deep_treatment_a) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
    " ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
    "UPDATE clinker_line SET plant = ?2, name_zh = ?3, name_en = ?4, owner = ?5, lon = ?6,"
    " lat = ?7, region = ?8, capacity_t_d = ?9, stack_height_m = ?10, stack_diam_m = ?11,"
    " exit_v_m_s = ?12, exit_temp_k = ?13, q_pm_g_s = ?14, q_so2_g_s = ?15, q_nox_g_s = ?16,"
    " basis = ?17, grade = ?18, coprocessing = ?19, special_cement = ?20, carbide_slag = ?21,"
    " heating_duty = ?22, batch_id = ?23, deep_treatment_a = ?24 WHERE code = ?1",
};

/* A validated line: the numbers and flags of one row. */
typedef struct line_vals {
    double v[P_NCOLS]; /* numeric columns by index */
    double q_g_s[JE_PLANT_NPOL];
    char basis[200];
    int flag[P_NCOLS]; /* 0/1 flags and the special-cement percent, by index */
} line_vals;

static void check_flags(je_row *r, line_vals *x)
{
    static const int flags[] = {P_COPROC, P_CARBIDE, P_HEATING};
    for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++) {
        const char *t = je_row_field(r, flags[k]);
        if (strcmp(t, "0") != 0 && strcmp(t, "1") != 0)
            je_row_reject(r, flags[k], "invalid %s '%s' (0 or 1)", p_cols[flags[k]], t);
        else
            x->flag[flags[k]] = t[0] - '0';
    }
    const char *t = je_row_field(r, P_SPECIAL);
    double pct;
    if (je_parse_double(t, strlen(t), &pct) != JE_OK || pct < 0 || pct > 100 || pct != floor(pct))
        je_row_reject(r, P_SPECIAL, "invalid special_cement_pct '%s' (whole percent, 0 to 100)", t);
    else
        x->flag[P_SPECIAL] = (int)pct;
    t = je_row_field(r, P_DEEP); /* optional column: absent or empty is 0 */
    if (t[0] != '\0' && strcmp(t, "0") != 0 && strcmp(t, "1") != 0)
        je_row_reject(r, P_DEEP, "invalid deep_treatment_a '%s' (0 or 1)", t);
    else
        x->flag[P_DEEP] = t[0] == '1';
    t = je_row_field(r, P_GRADE);
    if (strlen(t) != 1 || t[0] < 'A' || t[0] > 'D')
        je_row_reject(r, P_GRADE, "invalid grade '%s' (performance grade A, B, C or D)", t);
}

/* Measured rates, or rates derived from the limits (needs a valid capacity). */
static void check_rates(je_row *r, line_vals *x, int capacity_ok)
{
    static const int qcol[JE_PLANT_NPOL] = {P_PM, P_SO2, P_NOX};
    int given = 0, first_empty = -1;
    for (int p = 0; p < JE_PLANT_NPOL; p++) {
        if (je_row_field(r, qcol[p])[0] != '\0')
            given++;
        else if (first_empty < 0)
            first_empty = qcol[p];
    }
    const char *lim = je_row_field(r, P_LIMITS);
    if (given > 0 && given < JE_PLANT_NPOL) {
        je_row_reject(
            r, first_empty,
            "empty %s: give all of pm_g_s, so2_g_s, nox_g_s (measured), or none of them and "
            "limits",
            p_cols[first_empty]);
        return;
    }
    if (given == JE_PLANT_NPOL) {
        if (lim[0] != '\0') {
            je_row_reject(r, P_LIMITS,
                          "limits '%s' given with measured rates (leave limits empty, or "
                          "leave pm_g_s, so2_g_s, nox_g_s empty to derive them)",
                          lim);
            return;
        }
        for (int p = 0; p < JE_PLANT_NPOL; p++) {
            const char *t = je_row_field(r, qcol[p]);
            if (je_parse_double(t, strlen(t), &x->q_g_s[p]) != JE_OK || x->q_g_s[p] < 0 ||
                x->q_g_s[p] > Q_MAX_G_S)
                je_row_reject(r, qcol[p], "invalid %s '%s' (g/s, 0 to %g)", p_cols[qcol[p]], t,
                              Q_MAX_G_S);
        }
        snprintf(x->basis, sizeof x->basis, "measured");
        return;
    }
    je_gb4915_regime regime;
    if (lim[0] == '\0')
        je_row_reject(r, P_LIMITS,
                      "no emission rates: give pm_g_s, so2_g_s, nox_g_s (measured) or "
                      "limits general, special or ultra-low");
    else if (je_gb4915_regime_parse(lim, &regime, NULL) != JE_OK)
        je_row_reject(r, P_LIMITS, "invalid limits '%s' (general, special or ultra-low)", lim);
    else if (capacity_ok)
        je_gb4915_derive(regime, x->v[P_CAPACITY], x->q_g_s, x->basis, sizeof x->basis, NULL);
}

static void validate_plant(sqlite3_stmt *jur, je_row *r, line_vals *x)
{
    check_text(r, p_text, sizeof p_text / sizeof p_text[0]);
    for (int k = 0; k < P_NCOLS; k++)
        x->v[k] = NAN;
    check_ranges(r, p_ranges, sizeof p_ranges / sizeof p_ranges[0], x->v);
    check_flags(r, x);
    check_rates(r, x, !isnan(x->v[P_CAPACITY]));
    check_jurisdiction(jur, r, P_JUR);
}

/* Bind the line's values to the INSERT or UPDATE w (je_record_put runs it). */
static void bind_plant(sqlite3_stmt *w, je_row *r, const line_vals *x)
{
    static const int text_cols[] = {P_CODE, P_PLANT, P_NAME_ZH, P_NAME_EN, P_JUR};
    for (int k = 0; k < 5; k++)
        sqlite3_bind_text(w, k + 1, je_row_field(r, text_cols[k]), -1, SQLITE_STATIC);
    sqlite3_bind_double(w, 6, x->v[P_LON]);
    sqlite3_bind_double(w, 7, x->v[P_LAT]);
    sqlite3_bind_text(w, 8, je_row_field(r, P_REGION), -1, SQLITE_STATIC);
    static const int num_cols[] = {P_CAPACITY, P_STACK_H, P_STACK_D, P_EXIT_V, P_EXIT_T};
    for (int k = 0; k < 5; k++)
        sqlite3_bind_double(w, 9 + k, x->v[num_cols[k]]);
    for (int p = 0; p < JE_PLANT_NPOL; p++)
        sqlite3_bind_double(w, 14 + p, x->q_g_s[p]);
    sqlite3_bind_text(w, 17, x->basis, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 18, je_row_field(r, P_GRADE), -1, SQLITE_STATIC);
    sqlite3_bind_int(w, 19, x->flag[P_COPROC]);
    sqlite3_bind_int(w, 20, x->flag[P_SPECIAL]);
    sqlite3_bind_int(w, 21, x->flag[P_CARBIDE]);
    sqlite3_bind_int(w, 22, x->flag[P_HEATING]);
    sqlite3_bind_int(w, 24, x->flag[P_DEEP]);
    sqlite3_bind_int64(w, 23, r->b->id);
}

je_status je_import_plants(je_db *db, const char *path, const je_import_opts *opts,
                           je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "plants", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[P_NCOLS];
    sqlite3_stmt *q[QP_N];
    if (!je_db_prepare_all(db, plant_sql, q, QP_N)) {
        st = je_db_fail(db, err, "importing clinker lines");
        goto end;
    }
    if ((st = je_batch_header(&b, p_cols, P_NCOLS, ((1u << P_NCOLS) - 1) & ~(1u << P_DEEP), c,
                              err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, p_cols, 0, 0};
        line_vals x;
        memset(&x, 0, sizeof x);
        validate_plant(q[QP_JUR], &r, &x);
        int exists = r.bad ? 0 : je_row_exists(q[QP_GET], &r, P_CODE, "line");
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        sqlite3_stmt *w = q[exists ? QP_UPD : QP_INS];
        bind_plant(w, &r, &x);
        if ((st = je_record_put(&b, w, exists, "clinker_line", "clinker line", "owner",
                                je_row_field(&r, P_CODE), je_row_field(&r, P_JUR),
                                "importing clinker lines", err)) != JE_OK)
            break;
    }
end:
    je_db_finalize_all(q, QP_N);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

/* ---- receptors ------------------------------------------------------------- */

enum { QR_JUR, QR_GET, QR_INS, QR_UPD, QR_N };

static const char *const receptor_sql[QR_N] = {
    "SELECT 1 FROM jurisdiction WHERE code = ?",
    "SELECT batch_id FROM receptor WHERE code = ?",
    "INSERT INTO receptor(code, name_zh, name_en, jurisdiction, lon, lat, population,"
    " batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    "UPDATE receptor SET name_zh = ?2, name_en = ?3, jurisdiction = ?4, lon = ?5, lat = ?6,"
    " population = ?7, batch_id = ?8 WHERE code = ?1",
};

je_status je_import_receptors(je_db *db, const char *path, const je_import_opts *opts,
                              je_import_report *rep, je_error *err)
{
    je_batch b;
    je_status st = je_batch_begin(&b, db, "receptors", path, opts, rep, err);
    if (st != JE_OK)
        return st;
    int c[R_NCOLS];
    sqlite3_stmt *q[QR_N];
    if (!je_db_prepare_all(db, receptor_sql, q, QR_N)) {
        st = je_db_fail(db, err, "importing receptors");
        goto end;
    }
    if ((st = je_batch_header(&b, r_cols, R_NCOLS, (1u << R_NCOLS) - 1, c, err)) != JE_OK)
        goto end;
    int has;
    while ((st = je_batch_next(&b, &has, err)) == JE_OK && has) {
        je_row r = {&b, c, r_cols, 0, 0};
        check_text(&r, r_text, sizeof r_text / sizeof r_text[0]);
        double v[R_NCOLS] = {0};
        check_ranges(&r, r_ranges, sizeof r_ranges / sizeof r_ranges[0], v);
        check_jurisdiction(q[QR_JUR], &r, R_JUR);
        int exists = r.bad ? 0 : je_row_exists(q[QR_GET], &r, R_CODE, "receptor");
        if (r.nomem) {
            st = je_error_set(err, JE_ENOMEM, "out of memory");
            break;
        }
        if (r.bad)
            continue;
        sqlite3_stmt *w = exists ? q[QR_UPD] : q[QR_INS];
        for (int k = R_CODE; k <= R_JUR; k++)
            sqlite3_bind_text(w, k + 1, je_row_field(&r, k), -1, SQLITE_STATIC);
        sqlite3_bind_double(w, 5, v[R_LON]);
        sqlite3_bind_double(w, 6, v[R_LAT]);
        sqlite3_bind_double(w, 7, v[R_POP]);
        sqlite3_bind_int64(w, 8, b.id);
        if ((st = je_record_put(&b, w, exists, "receptor", "receptor", "jurisdiction",
                                je_row_field(&r, R_CODE), je_row_field(&r, R_JUR),
                                "importing receptors", err)) != JE_OK)
            break;
    }
end:
    je_db_finalize_all(q, QR_N);
    return je_batch_end(&b, st == JE_EDATA ? JE_OK : st, err);
}

/* ---- queries --------------------------------------------------------------- */

static void read_plant(sqlite3_stmt *s, void *record)
{
    je_plant *x = record;
    x->id = sqlite3_column_int64(s, 0);
    je_db_copy_text(x->code, sizeof x->code, s, 1);
    je_db_copy_text(x->plant, sizeof x->plant, s, 2);
    je_db_copy_text(x->name_zh, sizeof x->name_zh, s, 3);
    je_db_copy_text(x->name_en, sizeof x->name_en, s, 4);
    je_db_copy_text(x->jurisdiction, sizeof x->jurisdiction, s, 5);
    je_db_copy_text(x->region, sizeof x->region, s, 6);
    x->lon = sqlite3_column_double(s, 7);
    x->lat = sqlite3_column_double(s, 8);
    x->capacity_t_d = sqlite3_column_double(s, 9);
    x->stack.height_m = sqlite3_column_double(s, 10);
    x->stack.diam_m = sqlite3_column_double(s, 11);
    x->stack.exit_v_m_s = sqlite3_column_double(s, 12);
    x->stack.exit_temp_k = sqlite3_column_double(s, 13);
    for (int p = 0; p < JE_PLANT_NPOL; p++)
        x->q_g_s[p] = sqlite3_column_double(s, 14 + p);
    je_db_copy_text(x->basis, sizeof x->basis, s, 17);
    const unsigned char *g = sqlite3_column_text(s, 18);
    x->grade = g ? (char)g[0] : '?';
    x->coprocessing = sqlite3_column_int(s, 19);
    x->special_cement = sqlite3_column_int(s, 20);
    x->carbide_slag = sqlite3_column_int(s, 21);
    x->heating_duty = sqlite3_column_int(s, 22);
    x->deep_treatment_a = sqlite3_column_int(s, 23);
}

je_status je_store_plants(je_db *db, const char *jurisdiction, je_plant **out, size_t *out_n,
                          je_error *err)
{
    *out = NULL;
    *out_n = 0;
    static const char sql[] =
        "SELECT id, code, plant, name_zh, name_en, owner, region, lon, lat, capacity_t_d,"
        " stack_height_m, stack_diam_m, exit_v_m_s, exit_temp_k, q_pm_g_s, q_so2_g_s,"
        " q_nox_g_s, basis, grade, coprocessing, special_cement, carbide_slag, heating_duty,"
        " deep_treatment_a FROM clinker_line WHERE (?1 IS NULL OR owner = ?1) ORDER BY code";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing clinker lines");
    if (jurisdiction)
        sqlite3_bind_text(s, 1, jurisdiction, -1, SQLITE_STATIC);
    void *v;
    je_status st =
        je_db_collect(db, s, sizeof(je_plant), read_plant, "listing clinker lines", &v, out_n, err);
    *out = v;
    return st;
}

static void read_receptor(sqlite3_stmt *s, void *record)
{
    je_receptor *x = record;
    x->id = sqlite3_column_int64(s, 0);
    je_db_copy_text(x->code, sizeof x->code, s, 1);
    je_db_copy_text(x->name_zh, sizeof x->name_zh, s, 2);
    je_db_copy_text(x->name_en, sizeof x->name_en, s, 3);
    je_db_copy_text(x->jurisdiction, sizeof x->jurisdiction, s, 4);
    x->lon = sqlite3_column_double(s, 5);
    x->lat = sqlite3_column_double(s, 6);
    x->population = sqlite3_column_double(s, 7);
}

je_status je_store_receptors(je_db *db, const char *jurisdiction, je_receptor **out, size_t *out_n,
                             je_error *err)
{
    *out = NULL;
    *out_n = 0;
    static const char sql[] = "SELECT id, code, name_zh, name_en, jurisdiction, lon, lat,"
                              " population FROM receptor"
                              " WHERE (?1 IS NULL OR jurisdiction = ?1) ORDER BY code";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return je_db_fail(db, err, "listing receptors");
    if (jurisdiction)
        sqlite3_bind_text(s, 1, jurisdiction, -1, SQLITE_STATIC);
    void *v;
    je_status st = je_db_collect(db, s, sizeof(je_receptor), read_receptor, "listing receptors", &v,
                                 out_n, err);
    *out = v;
    return st;
}
