/* Local planes (jointenv/geo.h) against known distances and coordinates.
 *
 * Chengdu (104.0665, 30.5723) to Chongqing (106.5516, 29.5630): the WGS 84 geodesic is
 * 264,439.754 m (Vincenty's inverse formula, computed for this test; the spherical
 * great circle with R = 6,371,008.8 m is 264,161 m, the "≈ 266 km" of the brief being
 * a rounder figure). An azimuthal equidistant plane keeps distances from its centre
 * true, so |(x, y)| of Chongqing in the plane centred on Chengdu is that geodesic.
 *
 * UTM 48N of (106.55, 29.56): E 650158.451, N 3271033.575 (shared/reference/
 * dependencies.md §6, PROJ 9.1.1 EPSG:4326 -> EPSG:32648). */
#include "jointenv/geo.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#define CHENGDU_LON 104.0665
#define CHENGDU_LAT 30.5723
#define CQ_LON 106.5516
#define CQ_LAT 29.5630

static je_geo_plane *plane(double lon, double lat, je_geo_kind k)
{
    je_geo_plane *p = NULL;
    je_error err;
    je_status st = je_geo_local(lon, lat, k, &p, &err);
    cr_assert_eq(st, JE_OK, "je_geo_local: %s", err.message);
    cr_assert_not_null(p);
    return p;
}

Test(geo, centre_is_origin)
{
    je_geo_plane *p = plane(CHENGDU_LON, CHENGDU_LAT, JE_GEO_AEQD);
    double lon = CHENGDU_LON, lat = CHENGDU_LAT, x, y;
    cr_assert_eq(je_geo_to_xy(p, &lon, &lat, 1, &x, &y, NULL), JE_OK);
    cr_assert(fabs(x) < 1e-6 && fabs(y) < 1e-6, "centre at (%g, %g), expected (0, 0)", x, y);
    je_geo_free(p);
}

Test(geo, chengdu_chongqing_distance)
{
    je_geo_plane *p = plane(CHENGDU_LON, CHENGDU_LAT, JE_GEO_AEQD);
    double lon = CQ_LON, lat = CQ_LAT, x, y;
    je_error err;
    cr_assert_eq(je_geo_to_xy(p, &lon, &lat, 1, &x, &y, &err), JE_OK, "%s", err.message);
    double d = hypot(x, y);
    cr_assert(fabs(d - 264439.754) < 0.01, "distance %.4f m, expected 264439.754 (geodesic)", d);
    cr_assert(fabs(d - 264161.0) / 264161.0 < 0.005, "distance %.1f m vs great circle 264161", d);
    /* Chongqing lies east-south-east of Chengdu: x east > 0, y north < 0. */
    cr_assert_gt(x, 200000.0, "x = %g", x);
    cr_assert_lt(y, -90000.0, "y = %g", y);
    /* And the other way round, by symmetry of the geodesic. */
    je_geo_plane *q = plane(CQ_LON, CQ_LAT, JE_GEO_AEQD);
    lon = CHENGDU_LON;
    lat = CHENGDU_LAT;
    double x2, y2;
    cr_assert_eq(je_geo_to_xy(q, &lon, &lat, 1, &x2, &y2, NULL), JE_OK);
    cr_assert(fabs(hypot(x2, y2) - d) < 1e-3, "%.6f vs %.6f", hypot(x2, y2), d);
    cr_assert_lt(x2, 0.0);
    cr_assert_gt(y2, 0.0);
    je_geo_free(q);
    je_geo_free(p);
}

Test(geo, axis_signs)
{
    je_geo_plane *p = plane(105.0, 30.0, JE_GEO_AEQD);
    /* east, north, west, south of the centre by 0.1 degree */
    double lon[4] = {105.1, 105.0, 104.9, 105.0}, lat[4] = {30.0, 30.1, 30.0, 29.9};
    double x[4], y[4];
    cr_assert_eq(je_geo_to_xy(p, lon, lat, 4, x, y, NULL), JE_OK);
    cr_assert(x[0] > 9000 && fabs(y[0]) < 100, "east: %g %g", x[0], y[0]);
    cr_assert(y[1] > 11000 && fabs(x[1]) < 1e-6, "north: %g %g", x[1], y[1]);
    cr_assert(x[2] < -9000 && fabs(y[2]) < 100, "west: %g %g", x[2], y[2]);
    cr_assert(y[3] < -11000 && fabs(x[3]) < 1e-6, "south: %g %g", x[3], y[3]);
    /* 0.1 degree of longitude at 30 N ~ 9.65 km; of latitude ~ 11.09 km */
    cr_assert(fabs(x[0] - 9648.7) < 5, "x east %g", x[0]);
    cr_assert(fabs(y[1] - 11087.0) < 5, "y north %g", y[1]);
    je_geo_free(p);
}

Test(geo, round_trip)
{
    je_geo_kind kinds[2] = {JE_GEO_AEQD, JE_GEO_UTM};
    for (int k = 0; k < 2; k++) {
        je_geo_plane *p = plane(106.0, 30.0, kinds[k]);
        enum { N = 41 };
        double lon[N], lat[N], x[N], y[N], lon2[N], lat2[N];
        for (int i = 0; i < N; i++) {
            lon[i] = 102.0 + 0.2 * i;
            lat[i] = 27.0 + 0.15 * i;
        }
        je_error err;
        cr_assert_eq(je_geo_to_xy(p, lon, lat, N, x, y, &err), JE_OK, "%s", err.message);
        cr_assert_eq(je_geo_to_lonlat(p, x, y, N, lon2, lat2, &err), JE_OK, "%s", err.message);
        for (int i = 0; i < N; i++)
            cr_assert(fabs(lon2[i] - lon[i]) < 1e-9 && fabs(lat2[i] - lat[i]) < 1e-9,
                      "%s point %d: %.12f %.12f -> %.12f %.12f", je_geo_kind_name(kinds[k]), i,
                      lon[i], lat[i], lon2[i], lat2[i]);
        /* in place */
        memcpy(lon2, lon, sizeof lon);
        memcpy(lat2, lat, sizeof lat);
        cr_assert_eq(je_geo_to_xy(p, lon2, lat2, N, lon2, lat2, NULL), JE_OK);
        for (int i = 0; i < N; i++)
            cr_assert(lon2[i] == x[i] && lat2[i] == y[i], "in place differs at %d", i);
        cr_assert_eq(je_geo_to_lonlat(p, lon2, lat2, N, lon2, lat2, NULL), JE_OK);
        for (int i = 0; i < N; i++)
            cr_assert(fabs(lon2[i] - lon[i]) < 1e-9 && fabs(lat2[i] - lat[i]) < 1e-9);
        je_geo_free(p);
    }
}

Test(geo, utm_known_point)
{
    je_geo_plane *p = plane(106.55, 29.56, JE_GEO_UTM);
    double lon = 106.55, lat = 29.56, x, y;
    cr_assert_eq(je_geo_to_xy(p, &lon, &lat, 1, &x, &y, NULL), JE_OK);
    cr_assert(fabs(x - 650158.451) < 1e-3 && fabs(y - 3271033.575) < 1e-3,
              "UTM 48N: %.4f %.4f, expected 650158.451 3271033.575", x, y);
    char def[200];
    cr_assert_eq(je_geo_proj_string(p, def, sizeof def, NULL), JE_OK);
    cr_assert(strstr(def, "+zone=48") != NULL && strstr(def, "+south") == NULL, "%s", def);
    je_geo_free(p);
}

Test(geo, wkt_and_proj_string)
{
    je_geo_plane *p = plane(CHENGDU_LON, CHENGDU_LAT, JE_GEO_AEQD);
    char buf[2048];
    je_error err;
    cr_assert_eq(je_geo_proj_string(p, buf, sizeof buf, &err), JE_OK);
    cr_assert(strstr(buf, "+proj=aeqd") && strstr(buf, "+lat_0=30.5723") &&
                  strstr(buf, "+lon_0=104.0665") && !strstr(buf, "+type=crs"),
              "%s", buf);
    cr_assert_eq(je_geo_wkt(p, buf, sizeof buf, &err), JE_OK, "%s", err.message);
    cr_assert(strstr(buf, "Azimuthal_Equidistant") != NULL, "%s", buf);
    char tiny[8];
    cr_assert_eq(je_geo_wkt(p, tiny, sizeof tiny, &err), JE_EINVAL);
    cr_assert_eq(strlen(tiny), 7u);
    double lon0, lat0;
    je_geo_kind k;
    je_geo_reference(p, &lon0, &lat0, &k);
    cr_assert(lon0 == CHENGDU_LON && lat0 == CHENGDU_LAT && k == JE_GEO_AEQD);
    je_geo_free(p);
}

Test(geo, bad_arguments)
{
    je_geo_plane *p = (je_geo_plane *)1;
    je_error err;
    cr_assert_eq(je_geo_local(200.0, 30.0, JE_GEO_AEQD, &p, &err), JE_EINVAL);
    cr_assert_null(p);
    cr_assert_eq(je_geo_local(100.0, NAN, JE_GEO_AEQD, &p, &err), JE_EINVAL);
    cr_assert_eq(je_geo_local(100.0, 88.0, JE_GEO_UTM, &p, &err), JE_EINVAL);
    cr_assert(strstr(err.message, "UTM") != NULL, "%s", err.message);
    p = plane(105.0, 30.0, JE_GEO_AEQD);
    double lon[2] = {105.0, 105.0}, lat[2] = {30.0, 95.0}, x[2], y[2];
    cr_assert_eq(je_geo_to_xy(p, lon, lat, 2, x, y, &err), JE_EINVAL);
    cr_assert(strstr(err.message, "point 1") != NULL, "%s", err.message);
    double bx = INFINITY, by = 0;
    cr_assert_eq(je_geo_to_lonlat(p, &bx, &by, 1, x, y, &err), JE_EINVAL);
    cr_assert_eq(je_geo_to_xy(p, lon, lat, 0, x, y, &err), JE_OK);
    je_geo_free(p);
    je_geo_free(NULL);
}

Test(geo, kind_names)
{
    je_geo_kind k;
    cr_assert_eq(je_geo_kind_parse("utm", &k, NULL), JE_OK);
    cr_assert_eq(k, JE_GEO_UTM);
    cr_assert_eq(je_geo_kind_parse("azimuthal", &k, NULL), JE_OK);
    cr_assert_eq(k, JE_GEO_AEQD);
    je_error err;
    cr_assert_eq(je_geo_kind_parse("merc", &k, &err), JE_EINVAL);
    cr_assert_str_eq(je_geo_kind_name(JE_GEO_AEQD), "aeqd");
}
