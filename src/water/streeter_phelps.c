/*
 * streeter_phelps.c — the single-reach formulas of the river model: temperature
 * correction of rates, DO saturation, reaeration rates from depth and velocity, the
 * Streeter–Phelps deficit and its critical point. Everything here is a closed-form
 * expression; the network sweep (river.c) strings them together.
 */
#include "water/river_internal.h"

#include <math.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------------- */
/* substances                                                                 */

static const char *const sub_code[JE_RIVER_NSUB] = {
#define SUB_CODE(id, code, item) code,
    JE_RIVER_SUB_MAP(SUB_CODE)
#undef SUB_CODE
};
static const je_wq_item sub_item[JE_RIVER_NSUB] = {
#define SUB_ITEM(id, code, item) item,
    JE_RIVER_SUB_MAP(SUB_ITEM)
#undef SUB_ITEM
};

const char *je_river_sub_code(je_river_sub s)
{
    return (unsigned)s < JE_RIVER_NSUB ? sub_code[s] : NULL;
}

je_wq_item je_river_sub_item(je_river_sub s)
{
    return (unsigned)s < JE_RIVER_NSUB ? sub_item[s] : JE_WQ_NITEMS;
}

je_status je_river_sub_find(const char *code, size_t len, je_river_sub *out)
{
    for (int i = 0; code != NULL && i < JE_RIVER_NSUB; i++)
        if (strlen(sub_code[i]) == len && strncasecmp(code, sub_code[i], len) == 0) {
            *out = (je_river_sub)i;
            return JE_OK;
        }
    return JE_ENOTFOUND;
}

/* ------------------------------------------------------------------------- */
/* rates, saturation, reaeration                                              */

double je_river_rate_at(double k20_per_d, double theta, double temp_c)
{
    /* The θ model of temperature dependence, k(T) = k20·θ^(T−20) (Chapra 1997,
       Lecture 2; Thomann & Mueller 1987 ch. 6). */
    return k20_per_d * pow(theta, temp_c - 20.0);
}

double je_river_do_sat(double temp_c, double elevation_m)
{
    if (!(temp_c >= -1.0 && temp_c <= 50.0) || isnan(elevation_m))
        return NAN;
    /* Benson & Krause (1984) for fresh water at 1 atm, as in APHA Standard Methods
       4500-O and Chapra (1997) Lecture 19: ln Cs in mg/L from Ta in K. */
    double ta = temp_c + 273.15;
    double ln_cs = -139.34411 + 1.575701e5 / ta - 6.642308e7 / (ta * ta) +
                   1.243800e10 / (ta * ta * ta) - 8.621949e11 / (ta * ta * ta * ta);
    /* Elevation (Zison et al. 1978, in Chapra 1997 Lecture 19): ln Cs,p = ln Cs − 1.148e−4·elev. */
    if (elevation_m > 0)
        ln_cs -= 1.148e-4 * elevation_m;
    return exp(ln_cs);
}

static const char *const reaer_names[] = {"oconnor-dobbins", "churchill", "owens-gibbs", "fixed"};

const char *je_reaeration_name(je_reaeration f)
{
    return (unsigned)f < 4 ? reaer_names[f] : NULL;
}

je_status je_reaeration_parse(const char *s, je_reaeration *out, je_error *err)
{
    static const struct {
        const char *name;
        je_reaeration f;
    } alias[] = {{"oconnor-dobbins", JE_REAER_OCONNOR_DOBBINS},
                 {"od", JE_REAER_OCONNOR_DOBBINS},
                 {"oconnor", JE_REAER_OCONNOR_DOBBINS},
                 {"churchill", JE_REAER_CHURCHILL},
                 {"owens-gibbs", JE_REAER_OWENS_GIBBS},
                 {"owens", JE_REAER_OWENS_GIBBS},
                 {"fixed", JE_REAER_FIXED}};
    for (size_t i = 0; s != NULL && i < sizeof alias / sizeof alias[0]; i++)
        if (strcasecmp(s, alias[i].name) == 0) {
            *out = alias[i].f;
            return JE_OK;
        }
    return je_error_set(err, JE_EINVAL,
                        "unknown reaeration formula '%s' (oconnor-dobbins, churchill, "
                        "owens-gibbs, fixed)",
                        s ? s : "");
}

double je_river_ka20(je_reaeration f, double u_m_s, double h_m)
{
    if (!(u_m_s >= 0) || !(h_m > 0) || isinf(u_m_s) || isinf(h_m))
        return NAN;
    /* SI forms, ka at 20 °C per day, U m/s, H m, as tabulated in Chapra (1997)
       Lecture 20. */
    switch (f) {
    case JE_REAER_OCONNOR_DOBBINS:
        /* O'Connor & Dobbins (1958): ka = 3.93 U^0.5 / H^1.5 */
        return 3.93 * sqrt(u_m_s) / (h_m * sqrt(h_m));
    case JE_REAER_CHURCHILL:
        /* Churchill, Elmore & Buckingham (1962): ka = 5.026 U / H^1.67 */
        return 5.026 * u_m_s / pow(h_m, 1.67);
    case JE_REAER_OWENS_GIBBS:
        /* Owens, Edwards & Gibbs (1964): ka = 5.32 U^0.67 / H^1.85 */
        return 5.32 * pow(u_m_s, 0.67) / pow(h_m, 1.85);
    case JE_REAER_FIXED:
        return NAN;
    }
    return NAN;
}

/* ------------------------------------------------------------------------- */
/* Streeter–Phelps                                                            */

double river_phi_t(double k, double t)
{
    /* (1 − e^(−k t))/k written with expm1, exact to rounding as k t → 0. */
    double z = k * t;
    if (z == 0)
        return t;
    return -expm1(-z) / k;
}

double river_expdiff(double a, double b, double t)
{
    /* (e^(−b t) − e^(−a t))/(a − b) = e^(−min t)·(1 − e^(−|a−b| t))/|a−b|: no
       cancellation when a ≈ b, and t·e^(−a t) when a = b (the limit). */
    double lo = a < b ? a : b, d = fabs(a - b);
    return exp(-lo * t) * river_phi_t(d, t);
}

static int bad(double x)
{
    return isnan(x) || x < 0 || isinf(x);
}

double je_river_sp_deficit(double l0_mg_l, double d0_mg_l, double kd_per_d, double kr_per_d,
                           double ka_per_d, double t_d)
{
    if (bad(l0_mg_l) || bad(d0_mg_l) || bad(kd_per_d) || bad(t_d) || !(kr_per_d > 0) ||
        !(ka_per_d > 0) || isinf(kr_per_d) || isinf(ka_per_d))
        return NAN;
    /* Streeter & Phelps (1925) with BOD removal kr ≥ kd (Chapra 1997 Lecture 21;
       Thomann & Mueller 1987 ch. 6):
         D = kd L0/(ka − kr)·(e^(−kr t) − e^(−ka t)) + D0 e^(−ka t),
       and its limit (kd L0 t + D0) e^(−ka t) for ka = kr, both through river_expdiff. */
    return kd_per_d * l0_mg_l * river_expdiff(ka_per_d, kr_per_d, t_d) +
           d0_mg_l * exp(-ka_per_d * t_d);
}

je_status je_river_sp_critical(double l0_mg_l, double d0_mg_l, double kd_per_d, double kr_per_d,
                               double ka_per_d, double *out_t_crit_d, double *out_d_crit_mg_l,
                               je_error *err)
{
    if (bad(l0_mg_l) || bad(d0_mg_l) || bad(kd_per_d))
        return je_error_set(err, JE_EINVAL,
                            "L0, D0 and kd must be 0 or more (L0 %g mg/L, D0 %g mg/L, kd %g /d)",
                            l0_mg_l, d0_mg_l, kd_per_d);
    if (!(ka_per_d > 0) || !(kr_per_d > 0) || isinf(ka_per_d) || isinf(kr_per_d))
        return je_error_set(err, JE_EINVAL, "ka and kr must be positive (ka %g /d, kr %g /d)",
                            ka_per_d, kr_per_d);
    double t, d;
    if (kd_per_d * l0_mg_l <= ka_per_d * d0_mg_l) {
        /* dD/dt = kd L − ka D ≤ 0 at t = 0 and L only falls, so D only falls: the
           critical point is the start (Chapra 1997 Lecture 21, the case of an initial
           deficit at or past the critical deficit). */
        t = 0;
        d = d0_mg_l;
    } else {
        /* dD/dt = 0 (Chapra 1997 Lecture 21; Thomann & Mueller 1987 ch. 6):
             t_c = ln{ka/kr·[1 − D0 (ka − kr)/(kd L0)]}/(ka − kr)
           written as [log1p((ka − kr)/kr) + log1p(−D0 (ka − kr)/(kd L0))]/(ka − kr), which
           stays accurate as ka → kr; at ka = kr its limit 1/ka − D0/(kd L0). Both log1p
           arguments exceed −1 here (ka > 0, and kd L0 > ka D0 > (ka − kr) D0). */
        double dk = ka_per_d - kr_per_d;
        if (dk == 0)
            t = 1.0 / ka_per_d - d0_mg_l / (kd_per_d * l0_mg_l);
        else
            t = (log1p(dk / kr_per_d) + log1p(-d0_mg_l * dk / (kd_per_d * l0_mg_l))) / dk;
        if (!(t > 0)) {
            t = 0;
            d = d0_mg_l;
        } else {
            /* At the critical point ka D = kd L, so D_c = kd/ka·L0·e^(−kr t_c) (Chapra
               1997 Lecture 21). */
            d = kd_per_d / ka_per_d * l0_mg_l * exp(-kr_per_d * t);
        }
    }
    if (out_t_crit_d)
        *out_t_crit_d = t;
    if (out_d_crit_mg_l)
        *out_d_crit_mg_l = d;
    return JE_OK;
}
