/*
 * project.c — local planes over PROJ (jointenv/geo.h).
 *
 * Each plane holds its own PJ_CONTEXT (PROJ's unit of thread safety), the target CRS
 * (kept for its WKT) and the transformation from geographic WGS 84 to it. The source
 * CRS is EPSG:4326, whose official axis order is latitude, longitude; the
 * transformation is passed through proj_normalize_for_visualization() so that it
 * takes longitude first and returns easting first (the PROJ 9 trap noted in
 * shared/reference/dependencies.md §6: without it "106.55 29.56" is read as latitude
 * 106.55). When PROJ's database (proj.db, Debian's proj-data) cannot be opened, the
 * same CRS is taken from its PROJ string instead, which needs no database.
 */
#include "jointenv/geo.h"

#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct je_geo_plane {
    PJ_CONTEXT *ctx;
    PJ *crs;   /* the plane's CRS */
    PJ *trans; /* lon/lat (degrees) -> x/y (metres), normalised axis order */
    je_geo_kind kind;
    double lon0, lat0;
    char def[200]; /* the plane's PROJ string */
};

static const char *const kind_names[] = {"aeqd", "utm"};

/* The UTM zone of a longitude: 6° zones from 180° W; 180° itself is in zone 60. */
static int utm_zone(double lon_deg)
{
    int zone = (int)floor((lon_deg + 180.0) / 6.0) + 1;
    return zone > 60 ? 60 : zone;
}

const char *je_geo_kind_name(je_geo_kind k)
{
    return (unsigned)k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : NULL;
}

je_status je_geo_kind_parse(const char *s, je_geo_kind *out, je_error *err)
{
    if (s && (strcmp(s, "aeqd") == 0 || strcmp(s, "azimuthal") == 0)) {
        *out = JE_GEO_AEQD;
        return JE_OK;
    }
    if (s && strcmp(s, "utm") == 0) {
        *out = JE_GEO_UTM;
        return JE_OK;
    }
    return je_error_set(err, JE_EINVAL, "unknown projection '%s' (aeqd or utm)", s ? s : "");
}

/* PROJ's message for the context's last error, or `fallback`. */
static const char *proj_message(PJ_CONTEXT *ctx, const char *fallback)
{
    int e = proj_context_errno(ctx);
    const char *m = e ? proj_context_errno_string(ctx, e) : NULL;
    return m && *m ? m : fallback;
}

void je_geo_free(je_geo_plane *p)
{
    if (p == NULL)
        return;
    if (p->trans)
        proj_destroy(p->trans);
    if (p->crs)
        proj_destroy(p->crs);
    if (p->ctx)
        proj_context_destroy(p->ctx);
    free(p);
}

/* The transformation from geographic WGS 84 to p->crs, in lon/lat order. */
static PJ *make_trans(je_geo_plane *p)
{
    static const char *const sources[] = {"EPSG:4326",
                                          "+proj=longlat +datum=WGS84 +no_defs +type=crs"};
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
        PJ *src = proj_create(p->ctx, sources[i]);
        if (src == NULL)
            continue;
        PJ *raw = proj_create_crs_to_crs_from_pj(p->ctx, src, p->crs, NULL, NULL);
        proj_destroy(src);
        if (raw == NULL)
            continue;
        PJ *norm = proj_normalize_for_visualization(p->ctx, raw);
        proj_destroy(raw);
        if (norm)
            return norm;
    }
    return NULL;
}

je_status je_geo_local(double lon0_deg, double lat0_deg, je_geo_kind kind, je_geo_plane **out,
                       je_error *err)
{
    *out = NULL;
    if (!isfinite(lon0_deg) || !isfinite(lat0_deg) || fabs(lon0_deg) > 180 || fabs(lat0_deg) > 90)
        return je_error_set(err, JE_EINVAL, "reference point %g, %g is not a longitude, latitude",
                            lon0_deg, lat0_deg);
    if (kind != JE_GEO_AEQD && kind != JE_GEO_UTM)
        return je_error_set(err, JE_EINVAL, "unknown projection kind %d", (int)kind);
    if (kind == JE_GEO_UTM && fabs(lat0_deg) > 84)
        return je_error_set(err, JE_EINVAL,
                            "latitude %g is beyond UTM's range (84 S to 84 N); use aeqd", lat0_deg);
    je_geo_plane *p = calloc(1, sizeof *p);
    if (p == NULL || (p->ctx = proj_context_create()) == NULL) {
        free(p);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    p->kind = kind;
    p->lon0 = lon0_deg;
    p->lat0 = lat0_deg;
    if (kind == JE_GEO_AEQD) {
        snprintf(p->def, sizeof p->def,
                 "+proj=aeqd +lat_0=%.12g +lon_0=%.12g +x_0=0 +y_0=0 +datum=WGS84 +units=m "
                 "+no_defs +type=crs",
                 lat0_deg, lon0_deg);
    } else {
        int zone = utm_zone(lon0_deg);
        snprintf(p->def, sizeof p->def,
                 "+proj=utm +zone=%d%s +datum=WGS84 +units=m +no_defs +type=crs", zone,
                 lat0_deg < 0 ? " +south" : "");
    }
    p->crs = proj_create(p->ctx, p->def);
    if (p->crs)
        p->trans = make_trans(p);
    if (p->crs == NULL || p->trans == NULL) {
        je_status st = je_error_set(err, JE_EIO, "PROJ cannot set up %s: %s", p->def,
                                    proj_message(p->ctx, "unknown PROJ error"));
        je_geo_free(p);
        return st;
    }
    *out = p;
    return JE_OK;
}

void je_geo_reference(const je_geo_plane *p, double *out_lon_deg, double *out_lat_deg,
                      je_geo_kind *out_kind)
{
    if (out_lon_deg)
        *out_lon_deg = p->lon0;
    if (out_lat_deg)
        *out_lat_deg = p->lat0;
    if (out_kind)
        *out_kind = p->kind;
}

/* Transform n points through p->trans in direction dir, checking inputs and outputs. */
static je_status transform(je_geo_plane *p, PJ_DIRECTION dir, const double *a, const double *b,
                           size_t n, double *oa, double *ob, je_error *err)
{
    int fwd = dir == PJ_FWD;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(a[i]) || !isfinite(b[i]) || (fwd && (fabs(a[i]) > 540 || fabs(b[i]) > 90)))
            return je_error_set(err, JE_EINVAL, "point %zu (%g, %g) is not %s", i, a[i], b[i],
                                fwd ? "a longitude, latitude" : "finite x, y metres");
    }
    if (n == 0)
        return JE_OK;
    if (oa != a)
        memmove(oa, a, n * sizeof *oa);
    if (ob != b)
        memmove(ob, b, n * sizeof *ob);
    proj_errno_reset(p->trans);
    proj_trans_generic(p->trans, dir, oa, sizeof *oa, n, ob, sizeof *ob, n, NULL, 0, 0, NULL, 0, 0);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(oa[i]) || !isfinite(ob[i]) || oa[i] == HUGE_VAL || ob[i] == HUGE_VAL) {
            int e = proj_errno(p->trans);
            const char *m = e ? proj_context_errno_string(p->ctx, e) : NULL;
            return je_error_set(err, JE_EIO, "PROJ cannot transform point %zu (%g, %g): %s", i,
                                a == oa ? NAN : a[i], b == ob ? NAN : b[i],
                                m && *m ? m : "no result");
        }
    return JE_OK;
}

je_status je_geo_to_xy(je_geo_plane *p, const double *lon_deg, const double *lat_deg, size_t n,
                       double *x_m, double *y_m, je_error *err)
{
    return transform(p, PJ_FWD, lon_deg, lat_deg, n, x_m, y_m, err);
}

je_status je_geo_to_lonlat(je_geo_plane *p, const double *x_m, const double *y_m, size_t n,
                           double *lon_deg, double *lat_deg, je_error *err)
{
    return transform(p, PJ_INV, x_m, y_m, n, lon_deg, lat_deg, err);
}

static je_status copy_out(const char *text, char *buf, size_t size, je_error *err)
{
    size_t len = strlen(text);
    if (size == 0)
        return je_error_set(err, JE_EINVAL, "no room for the text (%zu bytes)", len + 1);
    if (len >= size) {
        memcpy(buf, text, size - 1);
        buf[size - 1] = '\0';
        return je_error_set(err, JE_EINVAL, "the text needs %zu bytes, the buffer has %zu", len + 1,
                            size);
    }
    memcpy(buf, text, len + 1);
    return JE_OK;
}

je_status je_geo_proj_string(const je_geo_plane *p, char *buf, size_t size, je_error *err)
{
    /* The stored definition without the trailing " +type=crs". */
    char def[sizeof p->def];
    snprintf(def, sizeof def, "%s", p->def);
    char *t = strstr(def, " +type=crs");
    if (t)
        *t = '\0';
    return copy_out(def, buf, size, err);
}

je_status je_geo_wkt(je_geo_plane *p, char *buf, size_t size, je_error *err)
{
    const char *const opts[] = {"MULTILINE=NO", NULL};
    const char *wkt = proj_as_wkt(p->ctx, p->crs, PJ_WKT1_ESRI, opts);
    if (wkt == NULL)
        return je_error_set(err, JE_EIO, "PROJ cannot write %s as WKT: %s", p->def,
                            proj_message(p->ctx, "unknown PROJ error"));
    return copy_out(wkt, buf, size, err);
}

int je_geo_epsg(const je_geo_plane *p)
{
    if (p->kind != JE_GEO_UTM)
        return 0;
    int zone = utm_zone(p->lon0);
    /* EPSG's WGS 84 / UTM series: 32601-32660 north, 32701-32760 south. */
    return (p->lat0 < 0 ? 32700 : 32600) + zone;
}
