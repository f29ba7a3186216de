/*
 * jointenv/plume.h — a steady-state Gaussian plume model for elevated point sources
 * (cement kiln stacks and the like): Pasquill–Gifford stability by Turner's method,
 * dispersion coefficients by the Pasquill–Gifford curves (as fitted for ISC3) or
 * Briggs' rural and urban formulas, Briggs plume rise, the power-law wind profile,
 * ground reflection and reflection from the mixing height, and a source–receptor
 * transfer matrix over many hours with attribution by source group.
 *
 * Engines here are pure: no I/O, no globals, deterministic, re-entrant.
 *
 * Coordinates are metres in a local plane (x east, y north; the caller projects
 * longitude/latitude); heights in metres above ground; wind direction in degrees
 * the wind blows FROM (meteorological convention: 270 = from the west); temperatures
 * in kelvin; emission rates in g/s; concentrations in µg/m³. Within one plume
 * evaluation x is downwind distance and y crosswind distance from the plume axis.
 *
 * References (each formula cites its own in src/air/plume*.c): Turner, Workbook of
 * Atmospheric Dispersion Estimates (1970) and Turner (1964) for the stability
 * method; US EPA ISC3 User's Guide vol. II (1995) for the Pasquill–Gifford fits,
 * the wind-profile exponents and Briggs' rise equations; Briggs (1973) via Gifford
 * (1976) for the rural and urban σ formulas; De Visscher, Air Dispersion Modeling
 * (2014) for the reflection series.
 */
#ifndef JOINTENV_PLUME_H
#define JOINTENV_PLUME_H

#include "core.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    JE_STAB_A = 0, /* extremely unstable */
    JE_STAB_B,
    JE_STAB_C,
    JE_STAB_D, /* neutral */
    JE_STAB_E,
    JE_STAB_F /* moderately stable */
} je_stability;

/* "A" … "F" (NULL for an out-of-range class); parse accepts A–F or 1–6
 * (case-insensitive), JE_EINVAL otherwise. */
JE_API const char *je_stability_name(je_stability s);
JE_API je_status je_stability_parse(const char *s, je_stability *out, je_error *err);

typedef enum {
    JE_SIGMA_PG = 0,           /* Pasquill–Gifford curves, ISC3 fits (rural) */
    JE_SIGMA_BRIGGS_RURAL = 1, /* Briggs (1973) open-country formulas */
    JE_SIGMA_BRIGGS_URBAN = 2  /* Briggs (1973) urban formulas (McElroy–Pooler) */
} je_sigma_scheme;

/* "pg", "briggs-rural", "briggs-urban" (NULL for an out-of-range scheme); parse
 * (case-insensitive) also accepts "isc3-rural" for pg, JE_EINVAL otherwise. */
JE_API const char *je_sigma_scheme_name(je_sigma_scheme s);
JE_API je_status je_sigma_scheme_parse(const char *s, je_sigma_scheme *out, je_error *err);

/* σy and σz (m) at downwind distance x_m (> 0) for a class and scheme. x ≤ 0 gives
 * 0 for both; an invalid scheme or class, or x NAN, gives NAN. Either output may be
 * NULL. The PG σz of ISC3 is capped at 5000 m; its distance ranges include their upper
 * bound (100 m is in "< 0.10 km", 1 km in "0.31–1.00 km"), as in ISC3's code. */
JE_API void je_plume_sigmas(je_sigma_scheme scheme, je_stability st, double x_m, double *sigma_y_m,
                            double *sigma_z_m);

/* Pasquill–Gifford class by Turner's method (Turner 1964; Workbook §3): from the
 * 10 m wind speed, the solar elevation (degrees, ≤ 0 at night), total cloud cover
 * (tenths, 0–10) and ceiling height (m; NAN = unlimited), through the net radiation
 * index (NRI): overcast (10/10) below a 7000 ft (2134 m) ceiling → 0; night: cover
 * ≤ 4/10 → −2, else −1; day: the insolation class (elevation > 60° 4, > 35° 3, > 15° 2,
 * else 1), when cover > 5/10 less 2 for a ceiling < 7000 ft, less 1 for 7000–16000 ft,
 * less 1 more for 10/10, at least 1. Turner's class G (7) is reported as F. A NAN cloud
 * cover counts as clear; a NAN wind speed or elevation gives D. */
JE_API je_stability je_turner_stability(double u10_m_s, double solar_elevation_deg,
                                        double cloud_tenths, double ceiling_m);

/* Solar elevation (degrees) at a place and time (UTC seconds), NOAA's approximation
 * (error < 1°, enough for Turner's classes). */
JE_API double je_solar_elevation(double lon_deg, double lat_deg, int64_t t);

/* Wind speed at height z from u_ref measured at z_ref by the power law
 * u(z) = u_ref (z/z_ref)^p, with ISC3's exponents p by class (rural: A–F 0.07 0.07 0.10
 * 0.15 0.35 0.55; urban: 0.15 0.15 0.20 0.25 0.30 0.30). z ≤ 0 gives 0; z_ref ≤ 0 or an
 * invalid class gives NAN. */
JE_API double je_wind_at_height(double u_ref_m_s, double z_ref_m, double z_m, je_stability st,
                                int urban);

typedef struct je_stack {
    double height_m;
    double diam_m;
    double exit_v_m_s;
    double exit_temp_k;
} je_stack;

/* Briggs buoyancy flux Fb = g·v·d²/4·(Ts − Ta)/Ts (m⁴/s³, 0 when Ts ≤ Ta) and momentum
 * flux Fm = v²·d²/4·Ta/Ts (m⁴/s²), g = 9.80616 m/s² (ISC3). */
JE_API double je_briggs_buoyancy_flux(const je_stack *s, double ambient_temp_k);
JE_API double je_briggs_momentum_flux(const je_stack *s, double ambient_temp_k);

/* Briggs plume rise (m) of a stack at downwind distance x_m (INFINITY = final rise),
 * with u_stack_m_s the wind at stack top, as in ISC3 (vol. II §1.1.4). Whether the
 * plume is buoyancy- or momentum-dominated is decided by ISC3's crossover temperature
 * difference: buoyant when Ts − Ta ≥ (ΔT)c, with (ΔT)c = 0.0297 Ts v^(1/3)/d^(2/3)
 * (A–D, Fb < 55), 0.00575 Ts v^(2/3)/d^(1/3) (A–D, Fb ≥ 55), 0.019582 Ts v √s (E–F).
 *   A–D buoyant: final ΔH = 21.425 Fb^(3/4)/u (Fb < 55) resp. 38.71 Fb^(3/5)/u, reached
 *     at x_f = 49 Fb^(5/8) resp. 119 Fb^(2/5);
 *   A–D momentum: final ΔH = 3 d v/u;
 *   E–F (s = g (dθ/dz)/Ta, dθ/dz 0.020 K/m for E, 0.035 for F) buoyant:
 *     ΔH = 2.6 (Fb/(u s))^(1/3), reached at x_f = 2.0715 u/√s;
 *   E–F momentum: ΔH = 1.5 (Fm/(u √s))^(1/3), or 3 d v/u when that is lower.
 * Below x_f the gradual rise: buoyant ΔH = 1.6 Fb^(1/3) x^(2/3)/u (the 2/3 law);
 * momentum A–D ΔH = (3 Fm x/(βj² u²))^(1/3), βj = 1/3 + u/v, x_f = 4 d (v + 3u)²/(v u)
 * when Fb = 0, else the buoyant x_f; momentum E–F ΔH = (3 Fm sin(x √s/u)/(βj² u √s))^(1/3),
 * x_f = π u/(2 √s); never above the final rise. x ≤ 0 gives 0; u ≤ 0, Ta ≤ 0, a NULL
 * stack or one without flow (d, v or Ts ≤ 0) gives no rise (0, x_f 0).
 * *out_x_final_m (may be NULL) receives the distance of final rise. Stack-tip downwash
 * and buoyancy-induced dispersion are not modelled. */
JE_API double je_briggs_rise(const je_stack *s, double ambient_temp_k, double u_stack_m_s,
                             je_stability st, double x_m, double *out_x_final_m);

/* One hour of meteorology. */
typedef struct je_met_hour {
    int64_t t;              /* start of the hour, UTC seconds */
    double u_m_s;           /* wind speed at anemometer height */
    double dir_from_deg;    /* direction the wind blows from, degrees */
    double temp_k;          /* ambient temperature */
    double mixing_height_m; /* NAN = unlimited */
    je_stability stability;
} je_met_hour;

typedef enum {
    JE_CALM_SKIP = 0, /* hours below the calm threshold contribute nothing (AERMOD) */
    JE_CALM_FLOOR = 1 /* the wind is raised to the threshold (SCREEN3: 1 m/s) */
} je_calm_rule;

typedef struct je_plume_opts {
    je_sigma_scheme scheme; /* σ curves */
    int urban;              /* urban wind-profile exponents */
    double anemometer_m;    /* height of the wind measurement, default 10 */
    je_calm_rule calm;      /* default SKIP */
    double calm_m_s;        /* threshold, default 1.0 */
    int reflections;        /* terms each side of the mixing-lid series, default 4 */
    int plume_rise;         /* 1: add Briggs rise to the stack height (default), 0: no rise */
} je_plume_opts;

/* Defaults as documented in the fields above. */
JE_API void je_plume_opts_default(je_plume_opts *o);

/* Concentration (µg/m³) of a plume of q_g_s with effective height h_eff_m in a wind of
 * u_m_s, at σy, σz, crosswind y_m and height z_m, reflected at the ground and — when
 * mixing_height_m is finite — at the lid (the images at ±h + 2iL for i = −reflections
 * … reflections; the well-mixed form Q/(√(2π) u σy L)·exp(−y²/2σy²) once σz > 1.6 L;
 * 0 above the lid). When h_eff_m > L the plume is above the lid: 0 at or below it, and
 * above it the plume reflected by the lid. u_m_s ≤ 0, σ ≤ 0 or a mixing height ≤ 0
 * (not NAN) gives 0; NAN or INFINITY = no lid; reflections < 0 count as 0. */
JE_API double je_plume_conc(double q_g_s, double u_m_s, double h_eff_m, double sigma_y_m,
                            double sigma_z_m, double y_m, double z_m, double mixing_height_m,
                            int reflections);

typedef struct je_plume_source {
    double x_m, y_m; /* position in the local plane */
    je_stack stack;
} je_plume_source;

typedef struct je_plume_receptor {
    double x_m, y_m;
    double z_m; /* 0 at ground, or a flagpole height */
} je_plume_receptor;

/* Transfer coefficients (µg/m³ per g/s) of every source at every receptor:
 *   per hour when out_hourly is not NULL: out_hourly[(h·n_rec + r)·n_src + s];
 *   mean over the hours when out_mean is not NULL: out_mean[r·n_src + s] (hours
 *   skipped as calm count as zero; all zero when n_hours is 0; *out_hours_used, may be
 *   NULL, receives the hours that were not skipped).
 * Each hour: an hour whose wind is below opts->calm_m_s is calm (SKIP: all zero; FLOOR:
 * the wind is raised to the threshold); the wind at each stack top follows the power
 * law from the anemometer height, never below the calm threshold (ISC3 keeps it
 * ≥ 1 m/s); the receptor is placed in the wind frame (x along the direction the wind
 * blows TO, y across); σ at x; with opts->plume_rise the Briggs rise at x (gradual
 * below x_f) is added to the stack height. Receptors upwind of a source (x ≤ 0 along
 * the wind) get 0. opts NULL = je_plume_opts_default. Runs in parallel over receptors
 * (OpenMP) with results independent of the thread count. JE_EINVAL for bad arguments
 * (negative stack height, ambient temperature ≤ 0, mixing height ≤ 0 that is not NAN,
 * wind speed < 0, invalid class or options, …), JE_ENOMEM. */
JE_API je_status je_plume_transfer(const je_plume_source *src, size_t n_src,
                                   const je_plume_receptor *rec, size_t n_rec,
                                   const je_met_hour *met, size_t n_hours,
                                   const je_plume_opts *opts, double *out_hourly,
                                   double *out_mean, size_t *out_hours_used, je_error *err);

/* Attribution: the population-weighted exposure a group of sources causes at a group
 * of receptors. With T (n_rec × n_src, as out_mean), emissions q_g_s[s], weights
 * (e.g. population) w[r] (NULL = all 1), source group gs[s] and receptor group gr[r]
 * (0 … n_groups−1), out[gr·n_groups + gs] = Σ w[r]·T[r][s]·q[s] over receptors in gr
 * and sources in gs (µg/m³ × weight). out has n_groups² entries. JE_EINVAL for
 * n_groups ≤ 0, a group out of range or a NULL array. */
JE_API je_status je_plume_attribution(const double *transfer, size_t n_rec, size_t n_src,
                                      const double *q_g_s, const double *w, const int *gs,
                                      const int *gr, int n_groups, double *out, je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_PLUME_H */
