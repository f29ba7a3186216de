/*
 * geotiff.c — a plane's raster as a GeoTIFF (jointenv/geo.h), through libtiff and
 * libgeotiff.
 *
 * Georeferencing follows the OGC GeoTIFF standard 1.1 (OGC 19-008r4): the raster is
 * tied to the plane by ModelTiepointTag (pixel (0,0) = the north-west corner, since
 * TIFF rows run north to south) and ModelPixelScaleTag (cell size in x and y, y
 * positive meaning "down the rows is south"), with GTRasterTypeGeoKey =
 * RasterPixelIsArea because every value is the field at the centre of its cell and
 * stands for the cell. The CRS goes in GeoKeys: a UTM plane has an EPSG code; an
 * azimuthal equidistant plane is user-defined (ProjectedCSTypeGeoKey = user-defined,
 * ProjCoordTransGeoKey = CT_AzimuthalEquidistant, centre in ProjCenterLong/LatGeoKey,
 * OGC 19-008r4 Annex C and the EPSG method 1125 parameters).
 */
#include "jointenv/geo.h"

#include <geotiff.h>
#include <geotiffio.h>
#include <geovalues.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>
#include <xtiffio.h>

/* GeoTIFF's code for "user-defined" (OGC 19-008r4 §7.1.4). */
#define USER_DEFINED 32767

static void set_crs_keys(GTIF *gt, const je_geo_plane *p)
{
    GTIFKeySet(gt, GTModelTypeGeoKey, TYPE_SHORT, 1, ModelTypeProjected);
    GTIFKeySet(gt, GTRasterTypeGeoKey, TYPE_SHORT, 1, RasterPixelIsArea);
    int epsg = je_geo_epsg(p);
    if (epsg != 0) {
        GTIFKeySet(gt, ProjectedCSTypeGeoKey, TYPE_SHORT, 1, epsg);
        return;
    }
    double lon0, lat0;
    je_geo_reference(p, &lon0, &lat0, NULL);
    GTIFKeySet(gt, GTCitationGeoKey, TYPE_ASCII, 0, "jointenv local azimuthal equidistant");
    GTIFKeySet(gt, GeographicTypeGeoKey, TYPE_SHORT, 1, GCS_WGS_84);
    GTIFKeySet(gt, GeogAngularUnitsGeoKey, TYPE_SHORT, 1, Angular_Degree);
    GTIFKeySet(gt, ProjectedCSTypeGeoKey, TYPE_SHORT, 1, USER_DEFINED);
    GTIFKeySet(gt, ProjectionGeoKey, TYPE_SHORT, 1, USER_DEFINED);
    GTIFKeySet(gt, ProjCoordTransGeoKey, TYPE_SHORT, 1, CT_AzimuthalEquidistant);
    GTIFKeySet(gt, ProjLinearUnitsGeoKey, TYPE_SHORT, 1, Linear_Meter);
    GTIFKeySet(gt, ProjCenterLongGeoKey, TYPE_DOUBLE, 1, lon0);
    GTIFKeySet(gt, ProjCenterLatGeoKey, TYPE_DOUBLE, 1, lat0);
    GTIFKeySet(gt, ProjFalseEastingGeoKey, TYPE_DOUBLE, 1, 0.0);
    GTIFKeySet(gt, ProjFalseNorthingGeoKey, TYPE_DOUBLE, 1, 0.0);
}

/* libtiff's messages for one file, kept instead of printed (the library never
   prints): the first error, and the status report uses it. */
typedef struct tiff_msgs {
    char error[256];
} tiff_msgs;

static int on_error(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap)
{
    (void)tif;
    (void)module;
    tiff_msgs *m = user;
    if (m->error[0] == '\0')
        vsnprintf(m->error, sizeof m->error, fmt, ap);
    return 1;
}

static int on_warning(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap)
{
    (void)tif, (void)user, (void)module, (void)fmt, (void)ap;
    return 1; /* handled: nothing to print */
}

/* The image: one float64 sample per pixel, rows north (top) to south. */
static int write_rows(TIFF *tif, const je_geo_grid *g)
{
    double *row = malloc(g->nx * sizeof *row);
    if (row == NULL)
        return -1;
    int rc = 0;
    for (size_t r = 0; r < g->ny && rc == 0; r++) {
        memcpy(row, g->values + (g->ny - 1 - r) * g->nx, g->nx * sizeof *row);
        if (TIFFWriteScanline(tif, row, (uint32_t)r, 0) < 0)
            rc = 1;
    }
    free(row);
    return rc;
}

je_status je_geo_write_geotiff(const char *path, const je_geo_plane *p, const je_geo_grid *g,
                               je_error *err)
{
    if (g->nx == 0 || g->ny == 0 || g->nx > UINT32_MAX || g->ny > UINT32_MAX)
        return je_error_set(err, JE_EINVAL, "a GeoTIFF needs 1 to 2^32-1 columns and rows (%zu x %zu)",
                            g->nx, g->ny);
    if (!(g->cell_m > 0) || !isfinite(g->x0_m) || !isfinite(g->y0_m))
        return je_error_set(err, JE_EINVAL, "cell size %g m and corner %g, %g must be finite, "
                            "the cell positive", g->cell_m, g->x0_m, g->y0_m);
    /* XTIFFInitialize registers the GeoTIFF tags with libtiff (once per process; it is
       idempotent). The file gets its own error and warning handlers so that libtiff's
       messages come back in err instead of on stderr. */
    XTIFFInitialize();
    tiff_msgs msgs = {{0}};
    TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
    if (opts == NULL)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    TIFFOpenOptionsSetErrorHandlerExtR(opts, on_error, &msgs);
    TIFFOpenOptionsSetWarningHandlerExtR(opts, on_warning, &msgs);
    TIFF *tif = TIFFOpenExt(path, "w", opts);
    TIFFOpenOptionsFree(opts);
    if (tif == NULL)
        return je_error_set(err, JE_EIO, "cannot write %s%s%s", path, msgs.error[0] ? ": " : "",
                            msgs.error);
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, (uint32_t)g->nx);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, (uint32_t)g->ny);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 64);
    TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, SAMPLEFORMAT_IEEEFP);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
    TIFFSetField(tif, TIFFTAG_PREDICTOR, PREDICTOR_FLOATINGPOINT);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(tif, 0));
    TIFFSetField(tif, TIFFTAG_SOFTWARE, "jointenv");

    double tie[6] = {0, 0, 0, g->x0_m, g->y0_m + (double)g->ny * g->cell_m, 0};
    double scale[3] = {g->cell_m, g->cell_m, 0};
    TIFFSetField(tif, TIFFTAG_GEOTIEPOINTS, 6, tie);
    TIFFSetField(tif, TIFFTAG_GEOPIXELSCALE, 3, scale);
    GTIF *gt = GTIFNew(tif);
    int bad = gt == NULL;
    if (!bad) {
        set_crs_keys(gt, p);
        bad = !GTIFWriteKeys(gt);
        GTIFFree(gt);
    }
    if (!bad)
        bad = write_rows(tif, g);
    TIFFClose(tif);
    if (bad < 0)
        return je_error_set(err, JE_ENOMEM, "out of memory");
    if (bad || msgs.error[0])
        return je_error_set(err, JE_EIO, "cannot write %s%s%s", path, msgs.error[0] ? ": " : "",
                            msgs.error);
    return JE_OK;
}
