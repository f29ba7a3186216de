/*
 * std_plume.c — coefficient tables of the Gaussian plume model, as data.
 *
 * Sources:
 *  - US EPA, User's Guide for the Industrial Source Complex (ISC3) Dispersion Models,
 *    vol. II (EPA-454/B-95-003b, 1995), §1.1.5.2: Table 1-1 (σy, rural), Table 1-2
 *    (σz, rural), §1.1.3 (wind-profile exponents, Table 1-3 rural/urban defaults) and
 *    §1.1.4.2 (dθ/dz defaults for the stable plume rise).
 *  - Briggs (1973), "Diffusion estimation for small emissions", ATDL 79, as tabulated
 *    by Gifford (1976), Nuclear Safety 17:68–86, and Hanna, Briggs & Hosker (1982),
 *    Handbook on Atmospheric Diffusion, Table 4.5 (open country; urban after McElroy
 *    and Pooler's St. Louis data).
 *  - Turner (1964), "A diurnal stability classification scheme", J. Appl. Meteor.
 *    3:83–91, the class table as reproduced in US EPA, Meteorological Monitoring
 *    Guidance for Regulatory Modeling Applications (EPA-454/R-99-005, 2000), Table 6-4
 *    (wind speed classes in m/s).
 *
 * These are dispersion-model constants, not a regulatory standard; they have not
 * changed since ISC3 (1995) and are still those of SCREEN3.
 */
#include "air/std_plume.h"

#include <math.h>

/* ISC3 vol. II Table 1-1: σy = 465.11628 x tan(TH), TH = 0.017453293 (c − d ln x),
 * x in km. */
const je_isc3_sigy je_isc3_sigma_y[JE_PLUME_NCLASS] = {
    [JE_STAB_A] = {24.1670, 2.5334}, [JE_STAB_B] = {18.3330, 1.8096},
    [JE_STAB_C] = {12.5000, 1.0857}, [JE_STAB_D] = {8.3330, 0.72382},
    [JE_STAB_E] = {6.2500, 0.54287}, [JE_STAB_F] = {4.1667, 0.36191},
};

/* ISC3 vol. II Table 1-2: σz = a x^b (m), x in km, by distance range. The table prints
 * the ranges as "< .10", ".10 – .15", ".16 – .20" …; as in ISC3's code each range is
 * taken up to and including its upper bound (x ≤ 0.10, x ≤ 0.15, …). Class A beyond
 * 3.11 km: σz = 5000 m. */
const je_isc3_sz_class je_isc3_sigma_z[JE_PLUME_NCLASS] = {
    [JE_STAB_A] = {9,
                   {{0.10, 122.800, 0.94470},
                    {0.15, 158.080, 1.05420},
                    {0.20, 170.220, 1.09320},
                    {0.25, 179.520, 1.12620},
                    {0.30, 217.410, 1.26440},
                    {0.40, 258.890, 1.40940},
                    {0.50, 346.750, 1.72830},
                    {3.11, 453.850, 2.11660},
                    {INFINITY, 5000.0, 0.0}}},
    [JE_STAB_B] =
        {3, {{0.20, 90.673, 0.93198}, {0.40, 98.483, 0.98332}, {INFINITY, 109.300, 1.09710}}},
    [JE_STAB_C] = {1, {{INFINITY, 61.141, 0.91465}}},
    [JE_STAB_D] = {6,
                   {{0.30, 34.459, 0.86974},
                    {1.00, 32.093, 0.81066},
                    {3.00, 32.093, 0.64403},
                    {10.00, 33.504, 0.60486},
                    {30.00, 36.650, 0.56589},
                    {INFINITY, 44.053, 0.51179}}},
    [JE_STAB_E] = {9,
                   {{0.10, 24.260, 0.83660},
                    {0.30, 23.331, 0.81956},
                    {1.00, 21.628, 0.75660},
                    {2.00, 21.628, 0.63077},
                    {4.00, 22.534, 0.57154},
                    {10.00, 24.703, 0.50527},
                    {20.00, 26.970, 0.46713},
                    {40.00, 35.420, 0.37615},
                    {INFINITY, 47.618, 0.29592}}},
    [JE_STAB_F] = {10,
                   {{0.20, 15.209, 0.81558},
                    {0.70, 14.457, 0.78407},
                    {1.00, 13.953, 0.68465},
                    {2.00, 13.953, 0.63227},
                    {3.00, 14.823, 0.54503},
                    {7.00, 16.187, 0.46490},
                    {15.00, 17.836, 0.41507},
                    {30.00, 22.651, 0.32681},
                    {60.00, 27.074, 0.27436},
                    {INFINITY, 34.219, 0.21716}}},
};

/* Briggs (1973) open-country formulas (Gifford 1976; Hanna et al. 1982 Table 4.5),
 * 10² < x < 10⁴ m:
 *   A  σy = 0.22x(1+0.0001x)^−½   σz = 0.20x
 *   B  σy = 0.16x(1+0.0001x)^−½   σz = 0.12x
 *   C  σy = 0.11x(1+0.0001x)^−½   σz = 0.08x(1+0.0002x)^−½
 *   D  σy = 0.08x(1+0.0001x)^−½   σz = 0.06x(1+0.0015x)^−½
 *   E  σy = 0.06x(1+0.0001x)^−½   σz = 0.03x(1+0.0003x)^−1
 *   F  σy = 0.04x(1+0.0001x)^−½   σz = 0.016x(1+0.0003x)^−1 */
const je_briggs_sig je_briggs_sigma_rural[JE_PLUME_NCLASS] = {
    [JE_STAB_A] = {0.22, 0.0001, 0.20, 0.0, 0.0},
    [JE_STAB_B] = {0.16, 0.0001, 0.12, 0.0, 0.0},
    [JE_STAB_C] = {0.11, 0.0001, 0.08, 0.0002, -0.5},
    [JE_STAB_D] = {0.08, 0.0001, 0.06, 0.0015, -0.5},
    [JE_STAB_E] = {0.06, 0.0001, 0.03, 0.0003, -1.0},
    [JE_STAB_F] = {0.04, 0.0001, 0.016, 0.0003, -1.0},
};

/* Briggs (1973) urban formulas, from McElroy and Pooler's St. Louis data (Gifford 1976;
 * Hanna et al. 1982 Table 4.5):
 *   A–B  σy = 0.32x(1+0.0004x)^−½   σz = 0.24x(1+0.001x)^+½
 *   C    σy = 0.22x(1+0.0004x)^−½   σz = 0.20x
 *   D    σy = 0.16x(1+0.0004x)^−½   σz = 0.14x(1+0.0003x)^−½
 *   E–F  σy = 0.11x(1+0.0004x)^−½   σz = 0.08x(1+0.0015x)^−½ */
const je_briggs_sig je_briggs_sigma_urban[JE_PLUME_NCLASS] = {
    [JE_STAB_A] = {0.32, 0.0004, 0.24, 0.001, 0.5},
    [JE_STAB_B] = {0.32, 0.0004, 0.24, 0.001, 0.5},
    [JE_STAB_C] = {0.22, 0.0004, 0.20, 0.0, 0.0},
    [JE_STAB_D] = {0.16, 0.0004, 0.14, 0.0003, -0.5},
    [JE_STAB_E] = {0.11, 0.0004, 0.08, 0.0015, -0.5},
    [JE_STAB_F] = {0.11, 0.0004, 0.08, 0.0015, -0.5},
};

/* ISC3 vol. II §1.1.3, default wind-profile exponents (Irwin 1979):
 * rural A–F 0.07 0.07 0.10 0.15 0.35 0.55; urban 0.15 0.15 0.20 0.25 0.30 0.30. */
const double je_isc3_wind_exponent[2][JE_PLUME_NCLASS] = {
    {0.07, 0.07, 0.10, 0.15, 0.35, 0.55},
    {0.15, 0.15, 0.20, 0.25, 0.30, 0.30},
};

/* ISC3 vol. II §1.1.4.2, default vertical potential-temperature gradients for the
 * stable plume rise: E 0.020 K/m, F 0.035 K/m. */
const double je_isc3_dtheta_dz[JE_PLUME_NCLASS] = {0, 0, 0, 0, 0.020, 0.035};

/* Turner (1964) / EPA-454/R-99-005 Table 6-4, wind-speed rows (m/s): 0–0.7, 0.8–1.8,
 * 1.9–2.8, 2.9–3.3, 3.4–3.8, 3.9–4.9, 5.0–5.4, 5.5–5.9, ≥ 6.0 (Turner's 0–1, 2–3, 4–5,
 * 6, 7, 8–9, 10, 11, ≥ 12 knots). Row i holds while u < je_turner_speed_below[i]. */
const double je_turner_speed_below[JE_TURNER_NSPEED] = {0.8, 1.9, 2.9, 3.4,     3.9,
                                                        5.0, 5.5, 6.0, INFINITY};

#define A_ JE_STAB_A
#define B_ JE_STAB_B
#define C_ JE_STAB_C
#define D_ JE_STAB_D
#define E_ JE_STAB_E
#define F_ JE_STAB_F
/* Turner (1964) Table: class by wind-speed row and net radiation index 4 … −2. Turner's
 * class 7 (G, extremely stable, light winds on clear nights) is merged into F, as ISC3
 * and the EPA guidance do for the dispersion curves (there is no G curve). */
const je_stability je_turner_table[JE_TURNER_NSPEED][JE_TURNER_NINDEX] = {
    /*             4   3   2   1   0  −1  −2 */
    /* 0–0.7  */ {A_, A_, B_, C_, D_, F_, F_},
    /* 0.8–1.8*/ {A_, B_, B_, C_, D_, F_, F_},
    /* 1.9–2.8*/ {A_, B_, C_, D_, D_, E_, F_},
    /* 2.9–3.3*/ {B_, B_, C_, D_, D_, E_, F_},
    /* 3.4–3.8*/ {B_, B_, C_, D_, D_, D_, E_},
    /* 3.9–4.9*/ {B_, C_, C_, D_, D_, D_, E_},
    /* 5.0–5.4*/ {C_, C_, D_, D_, D_, D_, E_},
    /* 5.5–5.9*/ {C_, C_, D_, D_, D_, D_, D_},
    /* ≥ 6.0  */ {C_, D_, D_, D_, D_, D_, D_},
};
#undef A_
#undef B_
#undef C_
#undef D_
#undef E_
#undef F_
