/*
 * plume.c — steady-state Gaussian plume model for elevated point sources: stability by
 * Turner's method, σ curves (ISC3 Pasquill–Gifford fits, Briggs rural/urban), the
 * power-law wind profile, Briggs plume rise as in ISC3, ground and mixing-lid
 * reflection, and the source–receptor transfer matrix with attribution.
 *
 * References:
 *  [ISC3]  US EPA, User's Guide for the Industrial Source Complex (ISC3) Dispersion
 *          Models, vol. II, Description of Model Algorithms (EPA-454/B-95-003b, 1995).
 *  [T64]   Turner (1964), J. Appl. Meteor. 3:83–91; the procedure as written in US EPA,
 *          Meteorological Monitoring Guidance for Regulatory Modeling Applications
 *          (EPA-454/R-99-005, 2000), §6.4.4.1.
 *  [NOAA]  NOAA Global Monitoring Laboratory, "General Solar Position Calculations"
 *          (the fractional-year approximation of the solar calculator).
 *  [DV14]  De Visscher, Air Dispersion Modeling: Foundations and Applications (Wiley
 *          2014), ch. 2 (the Gaussian plume, ground and mixing-lid reflections).
 * The coefficient tables are data in std_plume.c.
 */
#include "jointenv/plume.h"

#include "air/std_plume.h"
#include "core/vmath.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Gravity as in ISC3 (§1.1.4, buoyancy flux). */
#define G_M_S2 9.80616
/* g → µg. */
#define UG_PER_G 1e6
/* [ISC3] §1.1.6 (vertical term): beyond σz = 1.6 L the plume is taken as well mixed. */
#define WELL_MIXED_SIGMA_Z_OVER_L 1.6

static int stab_valid(je_stability s)
{
    return (int)s >= 0 && (int)s < JE_PLUME_NCLASS;
}

static int scheme_valid(je_sigma_scheme s)
{
    return s == JE_SIGMA_PG || s == JE_SIGMA_BRIGGS_RURAL || s == JE_SIGMA_BRIGGS_URBAN;
}

/* ---------------------------------------------------------------------------
 * Names
 * ------------------------------------------------------------------------- */
const char *je_stability_name(je_stability s)
{
    static const char *const names[JE_PLUME_NCLASS] = {"A", "B", "C", "D", "E", "F"};
    return stab_valid(s) ? names[s] : NULL;
}

je_status je_stability_parse(const char *s, je_stability *out, je_error *err)
{
    if (s != NULL && out != NULL && s[0] != '\0' && s[1] == '\0') {
        const char c = s[0];
        if (c >= 'A' && c <= 'F') {
            *out = (je_stability)(c - 'A');
            return JE_OK;
        }
        if (c >= 'a' && c <= 'f') {
            *out = (je_stability)(c - 'a');
            return JE_OK;
        }
        if (c >= '1' && c <= '6') {
            *out = (je_stability)(c - '1');
            return JE_OK;
        }
    }
    return je_error_set(err, JE_EINVAL, "unknown stability class '%s' (use A–F or 1–6)",
                        s != NULL ? s : "(null)");
}

const char *je_sigma_scheme_name(je_sigma_scheme s)
{
    switch (s) {
    case JE_SIGMA_PG:
        return "pg";
    case JE_SIGMA_BRIGGS_RURAL:
        return "briggs-rural";
    case JE_SIGMA_BRIGGS_URBAN:
        return "briggs-urban";
    }
    return NULL;
}

je_status je_sigma_scheme_parse(const char *s, je_sigma_scheme *out, je_error *err)
{
    static const struct {
        const char *name;
        je_sigma_scheme scheme;
    } names[] = {
        {"pg", JE_SIGMA_PG},
        {"isc3-rural", JE_SIGMA_PG},
        {"briggs-rural", JE_SIGMA_BRIGGS_RURAL},
        {"briggs-urban", JE_SIGMA_BRIGGS_URBAN},
    };
    if (s != NULL && out != NULL) {
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
            if (strcasecmp(names[k].name, s) == 0) {
                *out = names[k].scheme;
                return JE_OK;
            }
        }
    }
    return je_error_set(err, JE_EINVAL,
                        "unknown sigma scheme '%s' (use pg, briggs-rural or briggs-urban)",
                        s != NULL ? s : "(null)");
}

/* ---------------------------------------------------------------------------
 * Dispersion coefficients
 * ------------------------------------------------------------------------- */

/* [ISC3] §1.1.5 (rural dispersion parameters), Tables 1-1 and 1-2 (x in km):
 * σy = 465.11628 x tan(TH), TH = 0.017453293 (c − d ln x); σz = a x^b, at most 5000 m. */
static inline double sigma_y_pg(je_stability st, double x_m)
{
    const double xkm = x_m / 1000.0;
    const je_isc3_sigy *p = &je_isc3_sigma_y[st];
    return 465.11628 * xkm * tan(0.017453293 * (p->c - p->d * log(xkm)));
}

static inline double sigma_z_pg(je_stability st, double x_m)
{
    const double xkm = x_m / 1000.0;
    const je_isc3_sz_class *zc = &je_isc3_sigma_z[st];
    int k = 0;
    while (k < zc->n - 1 && xkm > zc->seg[k].x_max_km)
        k++;
    return fmin(zc->seg[k].a * pow(xkm, zc->seg[k].b), JE_ISC3_SIGMA_Z_MAX_M);
}

/* Briggs (1973) via Gifford (1976): σy = ay x (1 + by x)^−½, σz = az x (1 + bz x)^pz,
 * x in m. */
static inline const je_briggs_sig *briggs_of(je_sigma_scheme scheme, je_stability st)
{
    return scheme == JE_SIGMA_BRIGGS_URBAN ? &je_briggs_sigma_urban[st]
                                           : &je_briggs_sigma_rural[st];
}

/* σy and σz apart (the transfer loop needs σz only where σy leaves a plume). */
static inline double sigma_y_at(je_sigma_scheme scheme, je_stability st, double x_m)
{
    if (scheme == JE_SIGMA_PG)
        return sigma_y_pg(st, x_m);
    const je_briggs_sig *b = briggs_of(scheme, st);
    return b->ay * x_m / sqrt(1.0 + b->by * x_m);
}

static inline double sigma_z_at(je_sigma_scheme scheme, je_stability st, double x_m)
{
    if (scheme == JE_SIGMA_PG)
        return sigma_z_pg(st, x_m);
    const je_briggs_sig *b = briggs_of(scheme, st);
    return b->az * x_m * pow(1.0 + b->bz * x_m, b->pz);
}

/* σ at x_m > 0 for a valid scheme and class (the caller checked both). */
static inline void sigmas_at(je_sigma_scheme scheme, je_stability st, double x_m, double *sy,
                             double *sz)
{
    *sy = sigma_y_at(scheme, st, x_m);
    *sz = sigma_z_at(scheme, st, x_m);
}

void je_plume_sigmas(je_sigma_scheme scheme, je_stability st, double x_m, double *sigma_y_m,
                     double *sigma_z_m)
{
    double sy = NAN, sz = NAN;
    if (scheme_valid(scheme) && stab_valid(st) && !isnan(x_m)) {
        if (x_m > 0)
            sigmas_at(scheme, st, x_m, &sy, &sz);
        else
            sy = sz = 0.0;
    }
    if (sigma_y_m != NULL)
        *sigma_y_m = sy;
    if (sigma_z_m != NULL)
        *sigma_z_m = sz;
}

/* ---------------------------------------------------------------------------
 * Stability: Turner's net radiation index
 * ------------------------------------------------------------------------- */
#define FT_M 0.3048
/* [T64] ceiling limits of the procedure: 7000 ft and 16000 ft. */
#define CEILING_LOW_M (7000.0 * FT_M)
#define CEILING_MID_M (16000.0 * FT_M)

/* [T64] insolation class from the solar elevation: > 60° strong (4), 35–60° moderate
 * (3), 15–35° slight (2), ≤ 15° weak (1). */
static int insolation_class(double elev_deg)
{
    return elev_deg > 60.0 ? 4 : elev_deg > 35.0 ? 3 : elev_deg > 15.0 ? 2 : 1;
}

/* [T64] / EPA-454/R-99-005 §6.4.4.1, the net radiation index:
 *  1. total cover 10/10 with ceiling < 7000 ft: 0, day or night;
 *  2. night: cover ≤ 4/10: −2, else −1;
 *  3. day: the insolation class, which, when cover > 5/10, loses 2 for a ceiling
 *     < 7000 ft, 1 for a ceiling 7000–16000 ft, and 1 more when the cover is 10/10;
 *     never below 1. */
static int net_radiation_index(double elev_deg, double cloud_tenths, double ceiling_m)
{
    const int low = !isnan(ceiling_m) && ceiling_m < CEILING_LOW_M;
    const int mid = !isnan(ceiling_m) && !low && ceiling_m < CEILING_MID_M;
    if (cloud_tenths >= 10.0 && low)
        return 0;
    if (elev_deg <= 0.0)
        return cloud_tenths <= 4.0 ? -2 : -1;
    int nri = insolation_class(elev_deg);
    if (cloud_tenths > 5.0) {
        nri -= low ? 2 : mid ? 1 : 0;
        if (cloud_tenths >= 10.0)
            nri -= 1;
        if (nri < 1)
            nri = 1;
    }
    return nri;
}

je_stability je_turner_stability(double u10_m_s, double solar_elevation_deg, double cloud_tenths,
                                 double ceiling_m)
{
    if (isnan(u10_m_s) || isnan(solar_elevation_deg))
        return JE_STAB_D;
    if (isnan(cloud_tenths))
        cloud_tenths = 0.0;
    const int nri = net_radiation_index(solar_elevation_deg, cloud_tenths, ceiling_m);
    int row = 0;
    while (row < JE_TURNER_NSPEED - 1 && !(u10_m_s < je_turner_speed_below[row]))
        row++;
    return je_turner_table[row][4 - nri];
}

/* [NOAA] fractional year γ, equation of time, declination, true solar time and hour
 * angle; elevation = 90° − zenith (no refraction). */
double je_solar_elevation(double lon_deg, double lat_deg, int64_t t)
{
    int64_t days = t / 86400, sec = t % 86400;
    if (sec < 0) {
        sec += 86400;
        days--;
    }
    int y, m, d;
    je_civil_from_days(days, &y, &m, &d);
    const int64_t doy = days - je_days_from_civil(y, 1, 1) + 1;
    const int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    const double hour = (double)sec / 3600.0;
    const double gamma =
        2.0 * M_PI / (leap ? 366.0 : 365.0) * ((double)(doy - 1) + (hour - 12.0) / 24.0);
    const double eqtime_min = 229.18 * (0.000075 + 0.001868 * cos(gamma) - 0.032077 * sin(gamma) -
                                        0.014615 * cos(2 * gamma) - 0.040849 * sin(2 * gamma));
    const double decl = 0.006918 - 0.399912 * cos(gamma) + 0.070257 * sin(gamma) -
                        0.006758 * cos(2 * gamma) + 0.000907 * sin(2 * gamma) -
                        0.002697 * cos(3 * gamma) + 0.00148 * sin(3 * gamma);
    const double tst_min = hour * 60.0 + eqtime_min + 4.0 * lon_deg;
    const double ha = (tst_min / 4.0 - 180.0) * M_PI / 180.0;
    const double lat = lat_deg * M_PI / 180.0;
    double cz = sin(lat) * sin(decl) + cos(lat) * cos(decl) * cos(ha);
    cz = fmax(-1.0, fmin(1.0, cz));
    return 90.0 - acos(cz) * 180.0 / M_PI;
}

/* ---------------------------------------------------------------------------
 * Wind profile and plume rise
 * ------------------------------------------------------------------------- */

/* [ISC3] §1.1.3 (wind speed profile): u = u_ref (z / z_ref)^p. */
double je_wind_at_height(double u_ref_m_s, double z_ref_m, double z_m, je_stability st, int urban)
{
    if (!stab_valid(st) || !(z_ref_m > 0) || isnan(z_m))
        return NAN;
    if (z_m <= 0)
        return 0.0;
    return u_ref_m_s * pow(z_m / z_ref_m, je_isc3_wind_exponent[urban ? 1 : 0][st]);
}

/* [ISC3] §1.1.4 (Briggs 1975): Fb = g vs ds² (Ts − Ta) / (4 Ts). */
double je_briggs_buoyancy_flux(const je_stack *s, double ambient_temp_k)
{
    if (s == NULL || !(s->exit_temp_k > ambient_temp_k) || !(s->exit_temp_k > 0))
        return 0.0;
    return G_M_S2 * s->exit_v_m_s * s->diam_m * s->diam_m * (s->exit_temp_k - ambient_temp_k) /
           (4.0 * s->exit_temp_k);
}

/* [ISC3] §1.1.4 (Briggs 1969): Fm = vs² ds² Ta / (4 Ts). */
double je_briggs_momentum_flux(const je_stack *s, double ambient_temp_k)
{
    if (s == NULL || !(s->exit_temp_k > 0) || !(ambient_temp_k > 0))
        return 0.0;
    return s->exit_v_m_s * s->exit_v_m_s * s->diam_m * s->diam_m * ambient_temp_k /
           (4.0 * s->exit_temp_k);
}

/* A plume rise as a function of distance: final_m from x_final_m on, before that the
 * gradual rise coef · g(x)^expo with g(x) = sin(k x) (use_sin) or k x, never above
 * final_m. */
typedef struct rise_fn {
    double final_m, x_final_m, coef, k, expo;
    int use_sin;
} rise_fn;

/* Buoyancy-dominated gradual rise, every class ([ISC3] §1.1.4, "distance less than
 * the distance to final rise"; Briggs' "2/3 law"): ΔH = 1.60 Fb^⅓ x^⅔ / us. */
static void rise_buoyant_gradual(rise_fn *r, double fb, double us)
{
    r->coef = 1.60 * cbrt(fb) / us;
    r->k = 1.0;
    r->expo = 2.0 / 3.0;
}

/* Unstable or neutral (A–D), [ISC3] §1.1.4: crossover, buoyant rise, momentum rise,
 * gradual rise. */
static void rise_unstable(rise_fn *r, const je_stack *s, double ta, double us, double fb, double fm)
{
    const double ts = s->exit_temp_k, vs = s->exit_v_m_s, ds = s->diam_m;
    /* Crossover temperature difference (Fb < 55, resp. Fb ≥ 55):
     * (ΔT)c = 0.0297 Ts vs^⅓ / ds^⅔, resp. 0.00575 Ts vs^⅔ / ds^⅓. */
    const double dtc = fb < 55.0 ? 0.0297 * ts * cbrt(vs) / cbrt(ds * ds)
                                 : 0.00575 * ts * cbrt(vs * vs) / cbrt(ds);
    /* Distance to final rise: xf = 49 Fb^⅝ (Fb < 55), 119 Fb^⅖ (Fb ≥ 55). */
    const double xf_b = fb < 55.0 ? 49.0 * pow(fb, 0.625) : 119.0 * pow(fb, 0.4);
    if (ts - ta >= dtc && fb > 0) {
        /* Buoyancy-dominated final rise:
         * ΔH = 21.425 Fb^¾ / us (Fb < 55), 38.71 Fb^⅗ / us (Fb ≥ 55). */
        r->final_m = fb < 55.0 ? 21.425 * pow(fb, 0.75) / us : 38.71 * pow(fb, 0.6) / us;
        r->x_final_m = xf_b;
        rise_buoyant_gradual(r, fb, us);
        return;
    }
    /* Momentum-dominated final rise: ΔH = 3 ds vs / us. */
    r->final_m = 3.0 * ds * vs / us;
    /* Gradual momentum rise: ΔH = (3 Fm x / (βj² us²))^⅓, βj = ⅓ + us/vs, up to
     * xmax = 4 ds (vs + 3 us)² / (vs us) for Fb = 0, else the buoyant xf. */
    const double bj = 1.0 / 3.0 + us / vs;
    r->x_final_m = fb > 0 ? xf_b : 4.0 * ds * (vs + 3.0 * us) * (vs + 3.0 * us) / (vs * us);
    r->coef = 1.0;
    r->k = 3.0 * fm / (bj * bj * us * us);
    r->expo = 1.0 / 3.0;
}

/* Stable (E, F), [ISC3] §1.1.4: stability parameter, crossover, buoyant and momentum
 * rise, gradual rise. */
static void rise_stable(rise_fn *r, const je_stack *s, double ta, double us, double fb, double fm,
                        je_stability st)
{
    const double ts = s->exit_temp_k, vs = s->exit_v_m_s, ds = s->diam_m;
    /* Stability parameter: s = g (dθ/dz) / Ta. */
    const double sp = G_M_S2 * je_isc3_dtheta_dz[st] / ta;
    const double rs = sqrt(sp);
    /* Crossover: (ΔT)c = 0.019582 Ts vs √s. */
    const double dtc = 0.019582 * ts * vs * rs;
    if (ts - ta >= dtc && fb > 0) {
        /* Buoyant rise: ΔH = 2.6 (Fb / (us s))^⅓, reached at xf = 2.0715 us / √s. */
        r->final_m = 2.6 * cbrt(fb / (us * sp));
        r->x_final_m = 2.0715 * us / rs;
        rise_buoyant_gradual(r, fb, us);
        return;
    }
    /* Momentum rise: ΔH = 1.5 (Fm / (us √s))^⅓, or the unstable-neutral
     * momentum rise 3 ds vs / us when lower. */
    r->final_m = fmin(1.5 * cbrt(fm / (us * rs)), 3.0 * ds * vs / us);
    /* Gradual: ΔH = (3 Fm sin(x √s / us) / (βj² us √s))^⅓, up to
     * xmax = 0.5 π us / √s (the maximum of the sine). */
    const double bj = 1.0 / 3.0 + us / vs;
    r->x_final_m = 0.5 * M_PI * us / rs;
    r->coef = cbrt(3.0 * fm / (bj * bj * us * rs));
    r->k = rs / us;
    r->expo = 1.0 / 3.0;
    r->use_sin = 1;
}

/* The rise function of a stack in a wind us at stack top; no rise (all zero) for a
 * stack without flow or an invalid argument. */
static void rise_setup(rise_fn *r, const je_stack *s, double ta, double us, je_stability st)
{
    memset(r, 0, sizeof *r);
    if (s == NULL || !stab_valid(st) || !(us > 0) || !(ta > 0) || !(s->diam_m > 0) ||
        !(s->exit_v_m_s > 0) || !(s->exit_temp_k > 0))
        return;
    const double fb = je_briggs_buoyancy_flux(s, ta), fm = je_briggs_momentum_flux(s, ta);
    if (st == JE_STAB_E || st == JE_STAB_F)
        rise_stable(r, s, ta, us, fb, fm, st);
    else
        rise_unstable(r, s, ta, us, fb, fm);
}

/* Rise at x ([ISC3] §1.1.4, gradual rise): 0 at x ≤ 0, gradual below x_final (not above the final
 * rise), final from x_final on. */
static inline double rise_at(const rise_fn *r, double x_m)
{
    if (x_m >= r->x_final_m)
        return r->final_m;
    const double xc = fmax(x_m, 0.0);
    const double g = r->use_sin ? sin(r->k * xc) : r->k * xc;
    return fmin(r->coef * pow(g, r->expo), r->final_m);
}

double je_briggs_rise(const je_stack *s, double ambient_temp_k, double u_stack_m_s, je_stability st,
                      double x_m, double *out_x_final_m)
{
    rise_fn r;
    rise_setup(&r, s, ambient_temp_k, u_stack_m_s, st);
    if (out_x_final_m != NULL)
        *out_x_final_m = r.x_final_m;
    if (isnan(x_m))
        return NAN;
    return x_m > 0 ? rise_at(&r, x_m) : 0.0;
}

/* ---------------------------------------------------------------------------
 * Concentration
 * ------------------------------------------------------------------------- */

/* Concentration per g/s (µg/m³) for u, σ > 0:
 *  - no lid ([DV14] ch. 2, [ISC3] §1.1.1 and §1.1.6 with the ground image only):
 *      C = 1/(2π u σy σz) e^(−y²/2σy²) [e^(−(z−H)²/2σz²) + e^(−(z+H)²/2σz²)];
 *  - lid at L ≥ H ([ISC3] §1.1.6, [DV14]): the vertical term summed over the images
 *    at z = ±H + 2iL, i = −n … n; once σz > 1.6 L the well-mixed form
 *      C = 1/(√(2π) u σy L) e^(−y²/2σy²)  ([ISC3] §1.1.6);
 *    a receptor above the lid gets 0;
 *  - lid at L < H: the plume is above the lid, which reflects it from below: 0 at or
 *    below the lid, above it the plume with its image about z = L. */
/* e^x, with 0 returned directly where e^x is 0 in double precision anyway (x below
 * −745.2, where glibc's exp takes its slow underflow path): the same value, faster —
 * most receptors of a grid lie far off a given plume's axis. */
static inline double exp0(double x)
{
    return x < -745.2 ? 0.0 : exp(x);
}

static inline double conc_unit(double u, double h, double sy, double sz, double y, double z,
                               double lid, int nrefl)
{
    const double lateral = exp0(-0.5 * (y / sy) * (y / sy));
    if (lateral == 0.0)
        return 0.0;
    const double a = -0.5 / (sz * sz);
    double v;
    if (!isfinite(lid)) {
        v = exp0(a * (z - h) * (z - h)) + exp0(a * (z + h) * (z + h));
    } else if (h > lid) {
        if (z <= lid)
            return 0.0;
        v = exp0(a * (z - h) * (z - h)) + exp0(a * (z + h - 2.0 * lid) * (z + h - 2.0 * lid));
    } else {
        if (z > lid)
            return 0.0;
        if (sz > WELL_MIXED_SIGMA_Z_OVER_L * lid)
            return UG_PER_G * lateral / (sqrt(2.0 * M_PI) * u * sy * lid);
        v = 0.0;
        for (int i = -nrefl; i <= nrefl; i++) {
            const double shift = 2.0 * (double)i * lid;
            const double d1 = z - h + shift, d2 = z + h + shift;
            v += exp0(a * d1 * d1) + exp0(a * d2 * d2);
        }
    }
    return UG_PER_G * lateral * v / (2.0 * M_PI * u * sy * sz);
}

double je_plume_conc(double q_g_s, double u_m_s, double h_eff_m, double sigma_y_m, double sigma_z_m,
                     double y_m, double z_m, double mixing_height_m, int reflections)
{
    if (!(u_m_s > 0) || !(sigma_y_m > 0) || !(sigma_z_m > 0))
        return 0.0;
    if (!isnan(mixing_height_m) && !(mixing_height_m > 0))
        return 0.0;
    return q_g_s * conc_unit(u_m_s, h_eff_m, sigma_y_m, sigma_z_m, y_m, z_m, mixing_height_m,
                             reflections > 0 ? reflections : 0);
}

/* ---------------------------------------------------------------------------
 * Transfer matrix
 * ------------------------------------------------------------------------- */
void je_plume_opts_default(je_plume_opts *o)
{
    if (o == NULL)
        return;
    o->scheme = JE_SIGMA_PG;
    o->urban = 0;
    o->anemometer_m = 10.0;
    o->calm = JE_CALM_SKIP;
    o->calm_m_s = 1.0;
    o->reflections = 4;
    o->plume_rise = 1;
}

/* One hour's per-source state, as arrays over sources (structure of arrays, so that
 * the inner loop over sources reads contiguous memory). */
typedef struct hour_state {
    double *sx, *sy, *hs, *us, *final_m, *xf, *coef, *k, *expo;
    int *use_sin;
    double ex, ey; /* unit vector of the direction the wind blows TO */
    double lid;    /* mixing height, NAN = none */
    je_stability st;
    je_sigma_scheme scheme;
    int rise;
    int nrefl;
} hour_state;

/* Work arrays of one thread for receptor_row, each of n_src elements except `terms`
 * (every Gaussian term of every pair: at most 2 (2 nrefl + 1) per pair). */
typedef struct pair_ws {
    size_t *idx;
    double *x, *y, *xkm, *lnx, *sy, *el, *t, *sz, *he, *g, *ge;
    size_t *gi;
    double *terms;
    int *nterm; /* per pair: number of terms; −1 = well mixed (one term) */
} pair_ws;

#define PAIR_NARRAYS 11

static void pair_ws_free(pair_ws *w)
{
    free(w->idx);
    free(w->x);
    free(w->gi);
    free(w->terms);
    free(w->nterm);
}

static int pair_ws_alloc(pair_ws *w, size_t n_src, int nrefl)
{
    const size_t n = n_src ? n_src : 1, per = 2 * (2 * (size_t)nrefl + 1);
    memset(w, 0, sizeof *w);
    w->idx = malloc(n * sizeof *w->idx);
    w->gi = malloc(n * sizeof *w->gi);
    w->nterm = malloc(n * sizeof *w->nterm);
    w->x = malloc(n * PAIR_NARRAYS * sizeof *w->x);
    w->terms = per <= SIZE_MAX / sizeof(double) / n ? malloc(n * per * sizeof *w->terms) : NULL;
    if (!w->idx || !w->gi || !w->nterm || !w->x || !w->terms) {
        pair_ws_free(w);
        return 0;
    }
    double **arr[PAIR_NARRAYS] = {&w->y,  &w->xkm, &w->lnx, &w->sy, &w->el, &w->t,
                                  &w->sz, &w->he,  &w->g,   &w->ge, NULL};
    for (size_t i = 0; arr[i] != NULL; i++)
        *arr[i] = w->x + (i + 1) * n;
    return 1;
}

/* σy of the m pairs at distances w->x (also leaves x in km and its log for σz). */
static void pairs_sigma_y(const hour_state *h, pair_ws *w, size_t m)
{
    if (h->scheme == JE_SIGMA_PG) {
        /* [ISC3] Table 1-1: σy = 465.11628 x tan(0.017453293 (c − d ln x)), x in km */
        const je_isc3_sigy *p = &je_isc3_sigma_y[h->st];
        for (size_t i = 0; i < m; i++)
            w->xkm[i] = w->x[i] / 1000.0;
        je_vlog(w->xkm, w->lnx, m);
        for (size_t i = 0; i < m; i++)
            w->t[i] = 0.017453293 * (p->c - p->d * w->lnx[i]);
        je_vtan(w->t, w->t, m);
        for (size_t i = 0; i < m; i++)
            w->sy[i] = 465.11628 * w->xkm[i] * w->t[i];
    } else {
        for (size_t i = 0; i < m; i++)
            w->sy[i] = sigma_y_at(h->scheme, h->st, w->x[i]);
    }
}

/* σz of the m pairs: PG a x^b as a e^(b ln x) with the ln x of σy ([ISC3] Table 1-2,
 * capped at 5000 m); Briggs az x (1 + bz x)^pz. */
static void pairs_sigma_z(const hour_state *h, pair_ws *w, size_t m)
{
    if (h->scheme == JE_SIGMA_PG) {
        const je_isc3_sz_class *zc = &je_isc3_sigma_z[h->st];
        for (size_t i = 0; i < m; i++) {
            int k = 0;
            while (k < zc->n - 1 && w->xkm[i] > zc->seg[k].x_max_km)
                k++;
            w->g[i] = zc->seg[k].a;
            w->t[i] = zc->seg[k].b * w->lnx[i];
        }
        je_vexp(w->t, w->t, m);
        for (size_t i = 0; i < m; i++)
            w->sz[i] = fmin(w->g[i] * w->t[i], JE_ISC3_SIGMA_Z_MAX_M);
    } else {
        const je_briggs_sig *b = briggs_of(h->scheme, h->st);
        for (size_t i = 0; i < m; i++)
            w->t[i] = 1.0 + b->bz * w->x[i];
        je_vlog(w->t, w->t, m);
        for (size_t i = 0; i < m; i++)
            w->t[i] *= b->pz;
        je_vexp(w->t, w->t, m);
        for (size_t i = 0; i < m; i++)
            w->sz[i] = b->az * w->x[i] * w->t[i];
    }
}

/* Effective height of the m pairs: stack + rise (rise_at, the gradual part's power
 * taken for all pairs before the final-rise distance at once). */
static void pairs_height(const hour_state *h, pair_ws *w, size_t m)
{
    size_t ng = 0;
    for (size_t i = 0; i < m; i++) {
        const size_t s = w->idx[i];
        w->he[i] = h->hs[s];
        if (!h->rise)
            continue;
        if (w->x[i] >= h->xf[s]) {
            w->he[i] += h->final_m[s];
            continue;
        }
        const double a = h->k[s] * w->x[i];
        w->g[ng] = h->use_sin[s] ? sin(a) : a;
        w->ge[ng] = h->expo[s];
        w->gi[ng++] = i;
    }
    je_vpow(w->g, w->ge, w->g, ng);
    for (size_t j = 0; j < ng; j++) {
        const size_t i = w->gi[j], s = w->idx[i];
        w->he[i] += fmin(h->coef[s] * w->g[j], h->final_m[s]);
    }
}

/* The Gaussian terms of pair i (conc_unit's cases), each the exponent of lateral ×
 * vertical term together: e^(el) e^(v) = e^(el + v). Returns the number written, 0 when
 * the receptor is on the other side of the lid, −1 for the well-mixed form. */
static int pair_terms(const hour_state *h, const pair_ws *w, size_t i, double z, double *out)
{
    const double el = w->el[i], hh = w->he[i], sz = w->sz[i], lid = h->lid;
    const double a = -0.5 / (sz * sz);
    if (!isfinite(lid)) {
        out[0] = el + a * (z - hh) * (z - hh);
        out[1] = el + a * (z + hh) * (z + hh);
        return 2;
    }
    if (hh > lid) {
        if (z <= lid)
            return 0;
        out[0] = el + a * (z - hh) * (z - hh);
        out[1] = el + a * (z + hh - 2.0 * lid) * (z + hh - 2.0 * lid);
        return 2;
    }
    if (z > lid)
        return 0;
    if (sz > WELL_MIXED_SIGMA_Z_OVER_L * lid) {
        out[0] = el;
        return -1;
    }
    int n = 0;
    for (int k = -h->nrefl; k <= h->nrefl; k++) {
        const double shift = 2.0 * (double)k * lid;
        const double d1 = z - hh + shift, d2 = z + hh + shift;
        out[n++] = el + a * d1 * d1;
        out[n++] = el + a * d2 * d2;
    }
    return n;
}

/* Transfer coefficients of every source at one receptor in one hour into row[0..n).
 * The transcendental functions dominate (σ: log, tan, exp; rise: pow; concentration:
 * exp), so the pairs are worked in passes over packed arrays, each pass's log, tan,
 * exp or pow taken over the whole array at once (vmath.h: 4 at a time with AVX2),
 * and pairs that are 0 anyway — upwind, or so far off the axis that the lateral term
 * underflows — are dropped before the costly passes. */
static void receptor_row(const hour_state *h, const je_plume_receptor *rc, size_t n, double *row,
                         pair_ws *w)
{
    memset(row, 0, n * sizeof *row);
    size_t m = 0;
    for (size_t s = 0; s < n; s++) {
        const double dx = rc->x_m - h->sx[s], dy = rc->y_m - h->sy[s];
        /* Wind frame: x downwind (along (ex, ey)), y crosswind. */
        const double xd = dx * h->ex + dy * h->ey;
        if (!(xd > 0) || !(h->us[s] > 0))
            continue;
        w->idx[m] = s;
        w->x[m] = xd;
        w->y[m++] = dy * h->ex - dx * h->ey;
    }
    pairs_sigma_y(h, w, m);
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        const double el = -0.5 * (w->y[i] / w->sy[i]) * (w->y[i] / w->sy[i]);
        if (el < -745.2) /* e^el is 0 in double precision: the pair gives 0 */
            continue;
        w->idx[k] = w->idx[i];
        w->x[k] = w->x[i];
        w->xkm[k] = w->xkm[i];
        w->lnx[k] = w->lnx[i];
        w->sy[k] = w->sy[i];
        w->el[k++] = el;
    }
    m = k;
    pairs_sigma_z(h, w, m);
    pairs_height(h, w, m);
    size_t nt = 0;
    for (size_t i = 0; i < m; i++) {
        w->nterm[i] = pair_terms(h, w, i, rc->z_m, w->terms + nt);
        nt += w->nterm[i] < 0 ? 1 : (size_t)w->nterm[i];
    }
    je_vexp(w->terms, w->terms, nt);
    nt = 0;
    for (size_t i = 0; i < m; i++) {
        const size_t s = w->idx[i];
        const double u = h->us[s], sy = w->sy[i];
        if (w->nterm[i] < 0) { /* well mixed, [ISC3] §1.1.6 */
            row[s] = UG_PER_G * w->terms[nt++] / (sqrt(2.0 * M_PI) * u * sy * h->lid);
            continue;
        }
        double v = 0.0;
        for (int j = 0; j < w->nterm[i]; j++)
            v += w->terms[nt++];
        row[s] = UG_PER_G * v / (2.0 * M_PI * u * sy * w->sz[i]);
    }
}

static je_status check_inputs(const je_plume_source *src, size_t n_src,
                              const je_plume_receptor *rec, size_t n_rec, const je_met_hour *met,
                              size_t n_hours, const je_plume_opts *o, je_error *err)
{
    if ((n_src > 0 && src == NULL) || (n_rec > 0 && rec == NULL) || (n_hours > 0 && met == NULL))
        return je_error_set(err, JE_EINVAL, "plume transfer: NULL sources, receptors or hours");
    if (!scheme_valid(o->scheme) || !(o->anemometer_m > 0) || !isfinite(o->anemometer_m) ||
        !(o->calm_m_s >= 0) || !isfinite(o->calm_m_s) || o->reflections < 0 ||
        (o->calm != JE_CALM_SKIP && o->calm != JE_CALM_FLOOR))
        return je_error_set(err, JE_EINVAL,
                            "plume options: need a valid scheme and calm rule, anemometer "
                            "height > 0, calm threshold ≥ 0 and reflections ≥ 0");
    for (size_t s = 0; s < n_src; s++) {
        const je_stack *k = &src[s].stack;
        if (!isfinite(src[s].x_m) || !isfinite(src[s].y_m))
            return je_error_set(err, JE_EINVAL, "source %zu: position is not finite", s);
        if (!(k->height_m >= 0) || !isfinite(k->height_m))
            return je_error_set(err, JE_EINVAL, "source %zu: stack height %g m is negative", s,
                                k->height_m);
        if (o->plume_rise &&
            (!(k->diam_m >= 0) || !(k->exit_v_m_s >= 0) || !(k->exit_temp_k > 0) ||
             !isfinite(k->diam_m) || !isfinite(k->exit_v_m_s) || !isfinite(k->exit_temp_k)))
            return je_error_set(err, JE_EINVAL,
                                "source %zu: stack diameter and exit velocity must be ≥ 0 "
                                "and exit temperature > 0 K",
                                s);
    }
    for (size_t r = 0; r < n_rec; r++) {
        if (!isfinite(rec[r].x_m) || !isfinite(rec[r].y_m) || !(rec[r].z_m >= 0) ||
            !isfinite(rec[r].z_m))
            return je_error_set(err, JE_EINVAL,
                                "receptor %zu: position not finite or height negative", r);
    }
    for (size_t h = 0; h < n_hours; h++) {
        const je_met_hour *m = &met[h];
        if (!(m->u_m_s >= 0) || !isfinite(m->u_m_s) || !isfinite(m->dir_from_deg))
            return je_error_set(err, JE_EINVAL, "hour %zu: wind speed %g m/s or direction %g", h,
                                m->u_m_s, m->dir_from_deg);
        if (!(m->temp_k > 0) || !isfinite(m->temp_k))
            return je_error_set(err, JE_EINVAL, "hour %zu: ambient temperature %g K ≤ 0", h,
                                m->temp_k);
        if (!isnan(m->mixing_height_m) && !(m->mixing_height_m > 0))
            return je_error_set(err, JE_EINVAL,
                                "hour %zu: mixing height %g m (use NAN for unlimited)", h,
                                m->mixing_height_m);
        if (!stab_valid(m->stability))
            return je_error_set(err, JE_EINVAL, "hour %zu: stability class %d", h,
                                (int)m->stability);
    }
    return JE_OK;
}

/* Per-source state of hour m ([ISC3] §1.1.3: the wind at stack top by the power law,
 * not below the calm threshold — ISC3 keeps it ≥ 1 m/s; the Briggs rise in that wind). */
static void hour_setup(hour_state *hs, const je_plume_source *src, size_t n_src,
                       const je_met_hour *m, double u_ref, const je_plume_opts *o)
{
    const double th = m->dir_from_deg * M_PI / 180.0;
    hs->ex = -sin(th); /* the wind blows from th towards th + 180° */
    hs->ey = -cos(th);
    hs->lid = m->mixing_height_m;
    hs->st = m->stability;
    hs->scheme = o->scheme;
    hs->rise = o->plume_rise != 0;
    hs->nrefl = o->reflections;
    for (size_t s = 0; s < n_src; s++) {
        const je_stack *k = &src[s].stack;
        double us = je_wind_at_height(u_ref, o->anemometer_m, k->height_m, m->stability, o->urban);
        us = fmax(us, o->calm_m_s);
        rise_fn r;
        rise_setup(&r, k, m->temp_k, us, m->stability);
        hs->sx[s] = src[s].x_m;
        hs->sy[s] = src[s].y_m;
        hs->hs[s] = k->height_m;
        hs->us[s] = us;
        hs->final_m[s] = r.final_m;
        hs->xf[s] = r.x_final_m;
        hs->coef[s] = r.coef;
        hs->k[s] = r.k;
        hs->expo[s] = r.expo;
        hs->use_sin[s] = r.use_sin;
    }
}

#define HOUR_NARRAYS 9
/* Hours set up at once and shared by the threads: one parallel region per block, not
 * per hour (2,000 receptors × 120 sources is too little work per barrier). */
#define HOUR_BLOCK 64

/* Hour states of a block: HOUR_BLOCK × n_src values of each array. */
typedef struct hour_block {
    hour_state hs[HOUR_BLOCK];
    int active[HOUR_BLOCK]; /* 0: a calm hour skipped */
    double *mem;
    int *use_sin;
} hour_block;

static int hour_block_alloc(hour_block *b, size_t n_src)
{
    const size_t n = n_src ? n_src : 1;
    b->mem = malloc(n * HOUR_NARRAYS * HOUR_BLOCK * sizeof(double));
    b->use_sin = malloc(n * HOUR_BLOCK * sizeof(int));
    if (b->mem == NULL || b->use_sin == NULL)
        return 0;
    for (size_t j = 0; j < HOUR_BLOCK; j++) {
        double *m = b->mem + j * n * HOUR_NARRAYS;
        b->hs[j] = (hour_state){.sx = m,
                                .sy = m + n,
                                .hs = m + 2 * n,
                                .us = m + 3 * n,
                                .final_m = m + 4 * n,
                                .xf = m + 5 * n,
                                .coef = m + 6 * n,
                                .k = m + 7 * n,
                                .expo = m + 8 * n,
                                .use_sin = b->use_sin + j * n};
    }
    return 1;
}

/* Every receptor over the hours h0 … h0 + nb − 1 of block b: rows into out_hourly (if
 * any), added to out_mean in hour order — so the result does not depend on the
 * number of threads. Returns 0 when a thread's work arrays cannot be allocated. */
static int block_receptors(const hour_block *b, size_t h0, size_t nb, const je_plume_receptor *rec,
                           size_t n_rec, size_t n_src, int nrefl, double *out_hourly,
                           double *out_mean)
{
    int ok = 1;
    const size_t per_hour = n_rec * n_src;
#ifdef _OPENMP
#pragma omp parallel reduction(&& : ok)
#endif
    {
        pair_ws w;
        double *scratch = malloc((n_src ? n_src : 1) * sizeof *scratch);
        if (!pair_ws_alloc(&w, n_src, nrefl) || scratch == NULL)
            ok = 0;
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
        for (size_t r = 0; r < n_rec; r++) {
            if (!ok)
                continue;
            for (size_t j = 0; j < nb; j++) {
                if (!b->active[j])
                    continue;
                double *row =
                    out_hourly != NULL ? out_hourly + (h0 + j) * per_hour + r * n_src : scratch;
                receptor_row(&b->hs[j], &rec[r], n_src, row, &w);
                if (out_mean != NULL) {
                    double *mean = out_mean + r * n_src;
                    for (size_t s = 0; s < n_src; s++)
                        mean[s] += row[s];
                }
            }
        }
        if (ok)
            pair_ws_free(&w);
        free(scratch);
    }
    return ok;
}

je_status je_plume_transfer(const je_plume_source *src, size_t n_src, const je_plume_receptor *rec,
                            size_t n_rec, const je_met_hour *met, size_t n_hours,
                            const je_plume_opts *opts, double *out_hourly, double *out_mean,
                            size_t *out_hours_used, je_error *err)
{
    je_plume_opts def;
    if (opts == NULL) {
        je_plume_opts_default(&def);
        opts = &def;
    }
    je_status st = check_inputs(src, n_src, rec, n_rec, met, n_hours, opts, err);
    if (st != JE_OK)
        return st;
    if (n_src != 0 && n_rec > SIZE_MAX / n_src)
        return je_error_set(err, JE_EINVAL, "plume transfer: too many sources × receptors");
    const size_t per_hour = n_rec * n_src;
    if (out_hourly != NULL && per_hour != 0 && n_hours > SIZE_MAX / sizeof(double) / per_hour)
        return je_error_set(err, JE_EINVAL, "plume transfer: hourly output too large");
    if (n_src > SIZE_MAX / sizeof(double) / (HOUR_NARRAYS * HOUR_BLOCK + 1) ||
        per_hour > SIZE_MAX / sizeof(double))
        return je_error_set(err, JE_EINVAL, "plume transfer: too many sources");

    hour_block *b = calloc(1, sizeof *b);
    if (b == NULL || !hour_block_alloc(b, n_src)) {
        if (b != NULL) {
            free(b->mem);
            free(b->use_sin);
        }
        free(b);
        return je_error_set(err, JE_ENOMEM, "plume transfer: out of memory");
    }
    if (out_mean != NULL)
        memset(out_mean, 0, per_hour * sizeof(double));
    size_t used = 0;
    int ok = 1;
    for (size_t h0 = 0; h0 < n_hours && ok; h0 += HOUR_BLOCK) {
        const size_t nb = n_hours - h0 < HOUR_BLOCK ? n_hours - h0 : HOUR_BLOCK;
        for (size_t j = 0; j < nb; j++) {
            const je_met_hour *m = &met[h0 + j];
            double u = m->u_m_s;
            b->active[j] = 1;
            if (u < opts->calm_m_s) {
                if (opts->calm == JE_CALM_SKIP) {
                    /* Calm hour: contributes nothing (AERMOD's calms processing). */
                    if (out_hourly != NULL)
                        memset(out_hourly + (h0 + j) * per_hour, 0, per_hour * sizeof(double));
                    b->active[j] = 0;
                    continue;
                }
                u = opts->calm_m_s; /* SCREEN3: the wind raised to the threshold */
            }
            used++;
            hour_setup(&b->hs[j], src, n_src, m, u, opts);
        }
        if (per_hour != 0 && (out_hourly != NULL || out_mean != NULL))
            ok = block_receptors(b, h0, nb, rec, n_rec, n_src, opts->reflections, out_hourly,
                                 out_mean);
    }
    free(b->mem);
    free(b->use_sin);
    free(b);
    if (!ok)
        return je_error_set(err, JE_ENOMEM, "plume transfer: out of memory");
    if (out_mean != NULL && n_hours > 0) {
        for (size_t i = 0; i < per_hour; i++)
            out_mean[i] /= (double)n_hours;
    }
    if (out_hours_used != NULL)
        *out_hours_used = used;
    return JE_OK;
}

/* ---------------------------------------------------------------------------
 * Attribution
 * ------------------------------------------------------------------------- */
je_status je_plume_attribution(const double *transfer, size_t n_rec, size_t n_src,
                               const double *q_g_s, const double *w, const int *gs, const int *gr,
                               int n_groups, double *out, je_error *err)
{
    if (n_groups <= 0 || out == NULL)
        return je_error_set(err, JE_EINVAL, "attribution: need n_groups > 0 and an output");
    if ((n_rec > 0 && n_src > 0 && transfer == NULL) || (n_src > 0 && (q_g_s == NULL || !gs)) ||
        (n_rec > 0 && gr == NULL))
        return je_error_set(err, JE_EINVAL, "attribution: NULL transfer, emissions or groups");
    for (size_t s = 0; s < n_src; s++) {
        if (gs[s] < 0 || gs[s] >= n_groups)
            return je_error_set(err, JE_EINVAL, "attribution: source %zu in group %d of 0–%d", s,
                                gs[s], n_groups - 1);
    }
    for (size_t r = 0; r < n_rec; r++) {
        if (gr[r] < 0 || gr[r] >= n_groups)
            return je_error_set(err, JE_EINVAL, "attribution: receptor %zu in group %d of 0–%d", r,
                                gr[r], n_groups - 1);
    }
    const size_t ng = (size_t)n_groups;
    memset(out, 0, ng * ng * sizeof(double));
    for (size_t r = 0; r < n_rec; r++) {
        const double wr = w != NULL ? w[r] : 1.0;
        double *o = out + (size_t)gr[r] * ng;
        const double *t = transfer + r * n_src;
        for (size_t s = 0; s < n_src; s++)
            o[gs[s]] += wr * t[s] * q_g_s[s];
    }
    return JE_OK;
}
