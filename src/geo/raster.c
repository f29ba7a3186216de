/* raster.c — je_raster through GDAL's C API (gdal.h, cpl_error.h).
 *
 * Every GDAL call runs with our own error handler pushed (CPLPushErrorHandlerEx with
 * a per-call collector), so GDAL never prints; the last failure message goes into
 * the je_error. Writing goes through an in-memory (MEM) dataset and
 * GDALCreateCopy, which both the GTiff and the AAIGrid drivers support. Vector files
 * are burned onto a grid with GDAL's rasterizer after an OGR reprojection when needed. */
#include "jointenv/raster.h"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    char msg[400];
    int failures;
} gdal_log;

static void CPL_STDCALL collect(CPLErr cls, CPLErrorNum no, const char *msg)
{
    gdal_log *log = CPLGetErrorHandlerUserData();
    (void)no;
    if (!log || cls < CE_Failure)
        return;
    log->failures++;
    snprintf(log->msg, sizeof log->msg, "%s", msg ? msg : "(no message)");
}

static pthread_once_t registered = PTHREAD_ONCE_INIT;
static void register_drivers(void)
{
    GDALAllRegister();
}

static void gdal_begin(gdal_log *log)
{
    memset(log, 0, sizeof *log);
    pthread_once(&registered, register_drivers);
    CPLPushErrorHandlerEx(collect, log);
}

static void gdal_end(void)
{
    CPLPopErrorHandler();
}

je_status je_raster_new(int64_t ncols, int64_t nrows, je_raster **out, je_error *err)
{
    *out = NULL;
    if (ncols <= 0 || nrows <= 0 || ncols > INT32_MAX || nrows > INT32_MAX)
        return je_error_set(err, JE_EINVAL, "raster size %lld x %lld is not valid",
                            (long long)ncols, (long long)nrows);
    je_raster *r = calloc(1, sizeof *r);
    size_t n = (size_t)ncols * (size_t)nrows;
    if (r)
        r->data = malloc(n * sizeof *r->data);
    if (!r || !r->data) {
        free(r);
        return je_error_set(err, JE_ENOMEM, "out of memory for a %lld x %lld raster",
                            (long long)ncols, (long long)nrows);
    }
    for (size_t i = 0; i < n; i++)
        r->data[i] = NAN;
    r->ncols = ncols;
    r->nrows = nrows;
    double gt[6] = {0, 1, 0, (double)nrows, 0, -1};
    memcpy(r->gt, gt, sizeof gt);
    r->nodata = -9999;
    *out = r;
    return JE_OK;
}

je_status je_raster_clone(const je_raster *r, je_raster **out, je_error *err)
{
    je_status st = je_raster_new(r->ncols, r->nrows, out, err);
    if (st != JE_OK)
        return st;
    memcpy((*out)->data, r->data, (size_t)r->ncols * (size_t)r->nrows * sizeof *r->data);
    memcpy((*out)->gt, r->gt, sizeof r->gt);
    (*out)->nodata = r->nodata;
    if (r->crs_wkt && !((*out)->crs_wkt = strdup(r->crs_wkt))) {
        je_raster_free(*out);
        *out = NULL;
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    return JE_OK;
}

void je_raster_free(je_raster *r)
{
    if (!r)
        return;
    free(r->data);
    free(r->crs_wkt);
    free(r);
}

double je_raster_cellsize(const je_raster *r)
{
    return fabs(r->gt[1]);
}

int je_raster_cell_of(const je_raster *r, double x, double y, int64_t *out_row, int64_t *out_col)
{
    double cs = je_raster_cellsize(r);
    double row = floor((r->gt[3] - y) / cs), col = floor((x - r->gt[0]) / cs);
    if (!(row >= 0 && col >= 0 && row < (double)r->nrows && col < (double)r->ncols))
        return -1;
    *out_row = (int64_t)row;
    *out_col = (int64_t)col;
    return 0;
}

int je_raster_same_grid(const je_raster *a, const je_raster *b)
{
    if (a->ncols != b->ncols || a->nrows != b->nrows)
        return 0;
    double tol = 1e-9 * je_raster_cellsize(a);
    for (int i = 0; i < 6; i++)
        if (fabs(a->gt[i] - b->gt[i]) > tol)
            return 0;
    return 1;
}

static je_status gdal_fail(je_error *err, const gdal_log *log, const char *what, const char *path)
{
    return je_error_set_at(err, JE_EIO, path, 0, 0, NULL, "%s: %s", what,
                           log->msg[0] ? log->msg : "GDAL reported no detail");
}

je_status je_raster_read(const char *path, je_raster **out, je_error *err)
{
    *out = NULL;
    gdal_log log;
    gdal_begin(&log);
    je_status st = JE_OK;
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    if (!ds) {
        st = gdal_fail(err, &log, "cannot open raster", path);
        goto done;
    }
    if (GDALGetRasterCount(ds) < 1) {
        st = je_error_set_at(err, JE_EDATA, path, 0, 0, NULL, "raster has no band");
        goto done;
    }
    st = je_raster_new(GDALGetRasterXSize(ds), GDALGetRasterYSize(ds), out, err);
    if (st != JE_OK)
        goto done;
    je_raster *r = *out;
    if (GDALGetGeoTransform(ds, r->gt) != CE_None) {
        double gt[6] = {0, 1, 0, (double)r->nrows, 0, -1};
        memcpy(r->gt, gt, sizeof gt);
    }
    const char *wkt = GDALGetProjectionRef(ds);
    if (wkt && *wkt && !(r->crs_wkt = strdup(wkt))) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    int has_nd = 0;
    double nd = GDALGetRasterNoDataValue(b, &has_nd);
    if (GDALRasterIO(b, GF_Read, 0, 0, (int)r->ncols, (int)r->nrows, r->data, (int)r->ncols,
                     (int)r->nrows, GDT_Float64, 0, 0) != CE_None) {
        st = gdal_fail(err, &log, "cannot read raster", path);
        goto done;
    }
    if (has_nd)
        r->nodata = nd;
    size_t n = (size_t)r->ncols * (size_t)r->nrows;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(r->data[i]) || (has_nd && r->data[i] == nd))
            r->data[i] = NAN;
done:
    if (ds)
        GDALClose(ds);
    gdal_end();
    if (st != JE_OK && *out) {
        je_raster_free(*out);
        *out = NULL;
    }
    return st;
}

static const char *driver_for(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return NULL;
    if (!strcasecmp(dot, ".asc"))
        return "AAIGrid";
    if (!strcasecmp(dot, ".tif") || !strcasecmp(dot, ".tiff"))
        return "GTiff";
    return NULL;
}

je_status je_raster_write(const je_raster *r, const char *path, je_error *err)
{
    const char *drv_name = driver_for(path);
    if (!drv_name)
        return je_error_set_at(err, JE_EINVAL, path, 0, 0, NULL,
                               "unknown raster extension (use .asc or .tif)");
    int ascii = !strcmp(drv_name, "AAIGrid");
    if (ascii &&
        (r->gt[2] != 0 || r->gt[4] != 0 || fabs(fabs(r->gt[5]) - r->gt[1]) > 1e-9 * fabs(r->gt[1])))
        return je_error_set_at(err, JE_EINVAL, path, 0, 0, NULL,
                               "an ESRI ASCII grid needs square, unrotated cells");
    gdal_log log;
    gdal_begin(&log);
    je_status st = JE_OK;
    GDALDatasetH mem = NULL, ds = NULL;
    double *buf = NULL;
    GDALDriverH md = GDALGetDriverByName("MEM"), od = GDALGetDriverByName(drv_name);
    if (!md || !od) {
        st = je_error_set(err, JE_EIO, "GDAL driver %s is not available", drv_name);
        goto done;
    }
    mem = GDALCreate(md, "", (int)r->ncols, (int)r->nrows, 1, GDT_Float64, NULL);
    if (!mem) {
        st = gdal_fail(err, &log, "cannot create raster in memory", path);
        goto done;
    }
    GDALSetGeoTransform(mem, (double *)r->gt);
    if (r->crs_wkt)
        GDALSetProjection(mem, r->crs_wkt);
    size_t n = (size_t)r->ncols * (size_t)r->nrows;
    if (!(buf = malloc(n * sizeof *buf))) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        buf[i] = isnan(r->data[i]) ? r->nodata : r->data[i];
    GDALRasterBandH b = GDALGetRasterBand(mem, 1);
    GDALSetRasterNoDataValue(b, r->nodata);
    if (GDALRasterIO(b, GF_Write, 0, 0, (int)r->ncols, (int)r->nrows, buf, (int)r->ncols,
                     (int)r->nrows, GDT_Float64, 0, 0) != CE_None) {
        st = gdal_fail(err, &log, "cannot fill raster", path);
        goto done;
    }
    char **opts = NULL;
    if (ascii)
        opts = CSLSetNameValue(opts, "SIGNIFICANT_DIGITS", "15");
    else
        opts = CSLSetNameValue(opts, "COMPRESS", "DEFLATE");
    ds = GDALCreateCopy(od, path, mem, FALSE, opts, NULL, NULL);
    CSLDestroy(opts);
    if (!ds)
        st = gdal_fail(err, &log, "cannot write raster", path);
done:
    if (ds)
        GDALClose(ds);
    if (mem)
        GDALClose(mem);
    free(buf);
    gdal_end();
    return st;
}

/* ---- polygons onto a grid ---------------------------------------------------- */

int je_vector_probe(const char *path)
{
    gdal_log log;
    gdal_begin(&log);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    int yes = ds && GDALDatasetGetLayerCount(ds) > 0 && GDALGetRasterCount(ds) == 0;
    if (ds)
        GDALClose(ds);
    gdal_end();
    return yes;
}

/* The feature's id: the id field's integer value, or its number (1-based). */
static int feature_id(OGRFeatureH f, int field, int64_t number, int64_t *id)
{
    if (field < 0) {
        *id = number;
        return 0;
    }
    if (!OGR_F_IsFieldSetAndNotNull(f, field))
        return -1;
    double v = OGR_F_GetFieldAsDouble(f, field);
    if (!(v > 0) || v != floor(v) || v > 9007199254740992.0)
        return -1;
    *id = (int64_t)v;
    return 0;
}

/* A transformation from the layer's CRS into the grid's, NULL when none is needed;
 * JE_EDATA when they cannot be matched. */
static je_status burn_transform(const char *path, OGRLayerH layer, const je_raster *grid,
                                OGRCoordinateTransformationH *ct, je_error *err)
{
    *ct = NULL;
    OGRSpatialReferenceH lsrs = OGR_L_GetSpatialRef(layer);
    if (!lsrs)
        return JE_OK; /* taken to be in the grid's coordinates */
    if (!grid->crs_wkt || !*grid->crs_wkt) {
        char *name = NULL;
        OSRExportToProj4(lsrs, &name);
        je_status st = je_error_set_at(
            err, JE_EDATA, path, 0, 0, NULL,
            "the polygons have a coordinate system (%s) but the raster has none, so they "
            "cannot be placed on it; give the raster a CRS (a .prj file beside an .asc, or a "
            "GeoTIFF) or the polygons the raster's coordinates without a CRS",
            name && *name ? name : "?");
        CPLFree(name);
        return st;
    }
    OGRSpatialReferenceH gsrs = OSRNewSpatialReference(grid->crs_wkt);
    OGRSpatialReferenceH src = OSRClone(lsrs);
    je_status st = JE_OK;
    if (!gsrs || !src) {
        st = je_error_set(err, JE_EDATA, "the raster's coordinate system cannot be read");
    } else if (!OSRIsSame(src, gsrs)) {
        OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
        OSRSetAxisMappingStrategy(gsrs, OAMS_TRADITIONAL_GIS_ORDER);
        *ct = OCTNewCoordinateTransformation(src, gsrs);
        if (!*ct)
            st = je_error_set_at(err, JE_EDATA, path, 0, 0, NULL,
                                 "no transformation from the polygons' coordinate system to "
                                 "the raster's (PROJ found none)");
    }
    if (gsrs)
        OSRDestroySpatialReference(gsrs);
    if (src)
        OSRDestroySpatialReference(src);
    return st;
}

typedef struct {
    OGRGeometryH *g;
    double *v;
    size_t n, cap;
} geom_list;

static void geom_list_free(geom_list *L)
{
    for (size_t i = 0; i < L->n; i++)
        OGR_G_DestroyGeometry(L->g[i]);
    free(L->g);
    free(L->v);
}

static je_status collect_geoms(const char *path, OGRLayerH layer, const je_burn_opts *o,
                               OGRCoordinateTransformationH ct, geom_list *L, je_error *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int field = -1;
    if (o && o->id_field) {
        field = OGR_FD_GetFieldIndex(defn, o->id_field);
        if (field < 0)
            return je_error_set_at(err, JE_EDATA, path, 0, 0, o->id_field,
                                   "the layer has no field '%s'", o->id_field);
    } else {
        field = OGR_FD_GetFieldIndex(defn, "id");
    }
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    int64_t number = 0;
    while ((f = OGR_L_GetNextFeature(layer))) {
        number++;
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        int64_t id;
        if (!g) {
            OGR_F_Destroy(f);
            continue;
        }
        if (feature_id(f, field, number, &id)) {
            OGR_F_Destroy(f);
            return je_error_set_at(err, JE_EDATA, path, (long)number, 0,
                                   field >= 0 ? OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, field))
                                              : NULL,
                                   "feature %lld has no id > 0 (an integer)", (long long)number);
        }
        OGRGeometryH c = OGR_G_Clone(g);
        OGR_F_Destroy(f);
        if (!c)
            return je_error_set(err, JE_ENOMEM, "out of memory");
        if (ct && OGR_G_Transform(c, ct) != OGRERR_NONE) {
            OGR_G_DestroyGeometry(c);
            return je_error_set_at(err, JE_EDATA, path, (long)number, 0, NULL,
                                   "feature %lld cannot be reprojected onto the raster's "
                                   "coordinate system",
                                   (long long)number);
        }
        if (L->n == L->cap) {
            size_t cap = L->cap ? 2 * L->cap : 64;
            OGRGeometryH *ng = realloc(L->g, cap * sizeof *ng);
            if (ng)
                L->g = ng;
            double *nv = ng ? realloc(L->v, cap * sizeof *nv) : NULL;
            if (!nv) {
                OGR_G_DestroyGeometry(c);
                return je_error_set(err, JE_ENOMEM, "out of memory");
            }
            L->v = nv;
            L->cap = cap;
        }
        L->g[L->n] = c;
        L->v[L->n++] = (double)id;
    }
    if (!L->n)
        return je_error_set_at(err, JE_EDATA, path, 0, 0, NULL, "the layer has no geometries");
    return JE_OK;
}

je_status je_raster_burn_vector(const char *path, const je_raster *grid, const je_burn_opts *o,
                                je_raster **out, je_error *err)
{
    *out = NULL;
    gdal_log log;
    gdal_begin(&log);
    je_status st = JE_OK;
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    GDALDatasetH mem = NULL;
    OGRCoordinateTransformationH ct = NULL;
    geom_list L = {NULL, NULL, 0, 0};
    char **opts = NULL;
    if (!ds || GDALDatasetGetLayerCount(ds) < 1) {
        st = ds ? je_error_set_at(err, JE_EDATA, path, 0, 0, NULL, "no vector layer")
                : gdal_fail(err, &log, "cannot open vector file", path);
        goto done;
    }
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    if ((st = burn_transform(path, layer, grid, &ct, err)) != JE_OK ||
        (st = collect_geoms(path, layer, o, ct, &L, err)) != JE_OK)
        goto done;
    GDALDriverH md = GDALGetDriverByName("MEM");
    mem = md ? GDALCreate(md, "", (int)grid->ncols, (int)grid->nrows, 1, GDT_Float64, NULL) : NULL;
    if (!mem) {
        st = gdal_fail(err, &log, "cannot create raster in memory", path);
        goto done;
    }
    GDALSetGeoTransform(mem, (double *)grid->gt);
    if (grid->crs_wkt)
        GDALSetProjection(mem, grid->crs_wkt);
    GDALRasterBandH b = GDALGetRasterBand(mem, 1);
    GDALFillRaster(b, 0, 0);
    if (o && o->all_touched)
        opts = CSLSetNameValue(opts, "ALL_TOUCHED", "TRUE");
    int band = 1;
    if (GDALRasterizeGeometries(mem, 1, &band, (int)L.n, L.g, NULL, NULL, L.v, opts, NULL, NULL) !=
        CE_None) {
        st = gdal_fail(err, &log, "cannot rasterize", path);
        goto done;
    }
    if ((st = je_raster_clone(grid, out, err)) != JE_OK)
        goto done;
    je_raster *r = *out;
    if (GDALRasterIO(b, GF_Read, 0, 0, (int)r->ncols, (int)r->nrows, r->data, (int)r->ncols,
                     (int)r->nrows, GDT_Float64, 0, 0) != CE_None) {
        st = gdal_fail(err, &log, "cannot read the rasterized polygons", path);
        goto done;
    }
    size_t n = (size_t)r->ncols * (size_t)r->nrows;
    for (size_t i = 0; i < n; i++)
        if (r->data[i] == 0)
            r->data[i] = NAN;
    r->nodata = -9999;
done:
    CSLDestroy(opts);
    geom_list_free(&L);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (mem)
        GDALClose(mem);
    if (ds)
        GDALClose(ds);
    gdal_end();
    if (st != JE_OK && *out) {
        je_raster_free(*out);
        *out = NULL;
    }
    return st;
}

je_status je_raster_read_on_grid(const char *path, const je_raster *grid, const je_burn_opts *o,
                                 je_raster **out, je_error *err)
{
    *out = NULL;
    if (je_vector_probe(path))
        return je_raster_burn_vector(path, grid, o, out, err);
    je_status st = je_raster_read(path, out, err);
    if (st == JE_OK && !je_raster_same_grid(grid, *out)) {
        je_raster_free(*out);
        *out = NULL;
        return je_error_set_at(err, JE_EDATA, path, 0, 0, NULL,
                               "raster is not on the grid of the habitat / land-cover raster "
                               "(same size, origin and cell size needed)");
    }
    return st;
}
