/* std_plume.h — internal: the coefficient tables of the Gaussian plume model
 * (std_plume.c), as data for plume.c: ISC3's Pasquill–Gifford fits, Briggs' rural and
 * urban σ formulas, ISC3's wind-profile exponents and stable potential-temperature
 * gradients, and Turner's stability table. Indexed by je_stability (A = 0 … F = 5). */
#ifndef JE_AIR_STD_PLUME_H
#define JE_AIR_STD_PLUME_H

#include "jointenv/plume.h"

#define JE_PLUME_NCLASS 6

/* ISC3 σy fit: σy = 465.11628 · x · tan(TH), TH = 0.017453293 · (c − d · ln x), x in km. */
typedef struct je_isc3_sigy {
    double c, d;
} je_isc3_sigy;
extern const je_isc3_sigy je_isc3_sigma_y[JE_PLUME_NCLASS];

/* ISC3 σz fit: σz = a · x^b (m, x in km) on the first segment with x ≤ x_max_km; the
 * last segment of each class has x_max_km = INFINITY. A constant σz (class A beyond
 * 3.11 km) is written a = 5000, b = 0. */
#define JE_ISC3_SZ_MAXSEG 10
typedef struct je_isc3_sz_seg {
    double x_max_km, a, b;
} je_isc3_sz_seg;
typedef struct je_isc3_sz_class {
    int n;
    je_isc3_sz_seg seg[JE_ISC3_SZ_MAXSEG];
} je_isc3_sz_class;
extern const je_isc3_sz_class je_isc3_sigma_z[JE_PLUME_NCLASS];
/* ISC3 caps every PG σz at 5000 m. */
#define JE_ISC3_SIGMA_Z_MAX_M 5000.0

/* Briggs form, x in m: σy = ay · x · (1 + by·x)^(−1/2), σz = az · x · (1 + bz·x)^pz. */
typedef struct je_briggs_sig {
    double ay, by, az, bz, pz;
} je_briggs_sig;
extern const je_briggs_sig je_briggs_sigma_rural[JE_PLUME_NCLASS];
extern const je_briggs_sig je_briggs_sigma_urban[JE_PLUME_NCLASS];

/* ISC3 wind-profile exponents p (u ∝ z^p), [0] rural, [1] urban. */
extern const double je_isc3_wind_exponent[2][JE_PLUME_NCLASS];

/* ISC3 default potential-temperature gradients dθ/dz (K/m) for the stable plume rise;
 * 0 for A–D (not used). */
extern const double je_isc3_dtheta_dz[JE_PLUME_NCLASS];

/* Turner's table: rows by 10 m wind speed (row i while u < je_turner_speed_below[i]),
 * columns by net radiation index 4, 3, 2, 1, 0, −1, −2 (column = 4 − index). */
#define JE_TURNER_NSPEED 9
#define JE_TURNER_NINDEX 7
extern const double je_turner_speed_below[JE_TURNER_NSPEED];
extern const je_stability je_turner_table[JE_TURNER_NSPEED][JE_TURNER_NINDEX];

#endif
