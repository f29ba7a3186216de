/* GeoTIFF output (je_geo_write_geotiff, jointenv/geo.h): the file is read back with
 * libtiff and libgeotiff, independently of the writer, and every piece that GIS
 * software relies on is checked: sample layout, row order (north first), tie point
 * and pixel scale, and the CRS GeoKeys of both kinds of plane. */
#include "jointenv/geo.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <geotiff.h>
#include <geotiffio.h>
#include <geovalues.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>
#include <xtiffio.h>

static je_geo_plane *plane(double lon, double lat, je_geo_kind k)
{
    je_geo_plane *p = NULL;
    je_error err;
    cr_assert_eq(je_geo_local(lon, lat, k, &p, &err), JE_OK, "%s", err.message);
    return p;
}

/* 4 columns x 3 rows; value = 10 * row (south = 0) + column, so any flip shows. */
static const double values[12] = {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23};

static void write_grid(const char *path, je_geo_plane *p)
{
    je_geo_grid g = {4, 3, -2000.0, 1000.0, 500.0, values};
    je_error err;
    cr_assert_eq(je_geo_write_geotiff(path, p, &g, &err), JE_OK, "%s", err.message);
}

Test(geotiff, pixels_rows_north_first_and_georeference, .fini = t_cleanup)
{
    je_geo_plane *p = plane(106.55, 29.56, JE_GEO_UTM);
    const char *path = t_path("g.tif");
    write_grid(path, p);
    TIFF *tif = XTIFFOpen(path, "r");
    cr_assert_not_null(tif);
    uint32_t w = 0, h = 0;
    uint16_t bps = 0, fmt = 0, spp = 0;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h);
    TIFFGetField(tif, TIFFTAG_BITSPERSAMPLE, &bps);
    TIFFGetField(tif, TIFFTAG_SAMPLEFORMAT, &fmt);
    TIFFGetField(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    cr_assert(w == 4 && h == 3 && bps == 64 && fmt == SAMPLEFORMAT_IEEEFP && spp == 1,
              "%ux%u, %u bits, format %u, %u samples", w, h, bps, fmt, spp);
    double row[4];
    for (uint32_t r = 0; r < h; r++) {
        cr_assert_eq(TIFFReadScanline(tif, row, r, 0), 1);
        for (int i = 0; i < 4; i++) /* TIFF row 0 is the northernmost grid row (2) */
            cr_assert(row[i] == values[(2 - r) * 4 + (uint32_t)i], "row %u col %d: %g", r, i,
                      row[i]);
    }
    uint16_t n = 0;
    double *tie = NULL, *scale = NULL;
    cr_assert(TIFFGetField(tif, TIFFTAG_GEOTIEPOINTS, &n, &tie) && n == 6);
    /* pixel (0, 0) is the north-west corner: x0, y0 + 3 rows x 500 m */
    cr_assert(tie[0] == 0 && tie[1] == 0 && tie[3] == -2000.0 && tie[4] == 2500.0,
              "tie point (%g, %g) -> (%g, %g)", tie[0], tie[1], tie[3], tie[4]);
    cr_assert(TIFFGetField(tif, TIFFTAG_GEOPIXELSCALE, &n, &scale) && n == 3);
    cr_assert(scale[0] == 500.0 && scale[1] == 500.0, "scale %g %g", scale[0], scale[1]);
    GTIF *gt = GTIFNew(tif);
    cr_assert_not_null(gt);
    unsigned short model = 0, raster = 0, pcs = 0;
    cr_assert(GTIFKeyGet(gt, GTModelTypeGeoKey, &model, 0, 1) == 1 && model == ModelTypeProjected);
    cr_assert(GTIFKeyGet(gt, GTRasterTypeGeoKey, &raster, 0, 1) == 1 &&
              raster == RasterPixelIsArea);
    /* 106.55 E is in UTM zone 48; north: EPSG:32648 (WGS 84 / UTM zone 48N) */
    cr_assert(GTIFKeyGet(gt, ProjectedCSTypeGeoKey, &pcs, 0, 1) == 1);
    cr_assert_eq(pcs, 32648);
    cr_assert_eq(je_geo_epsg(p), 32648);
    GTIFFree(gt);
    XTIFFClose(tif);
    je_geo_free(p);
}

Test(geotiff, azimuthal_plane_is_user_defined_with_its_centre, .fini = t_cleanup)
{
    je_geo_plane *p = plane(104.0665, 30.5723, JE_GEO_AEQD);
    cr_assert_eq(je_geo_epsg(p), 0);
    const char *path = t_path("a.tif");
    write_grid(path, p);
    TIFF *tif = XTIFFOpen(path, "r");
    cr_assert_not_null(tif);
    GTIF *gt = GTIFNew(tif);
    unsigned short pcs = 0, ct = 0, gcs = 0, unit = 0;
    double lon = 0, lat = 0, fe = -1;
    cr_assert(GTIFKeyGet(gt, ProjectedCSTypeGeoKey, &pcs, 0, 1) == 1 && pcs == 32767);
    cr_assert(GTIFKeyGet(gt, ProjCoordTransGeoKey, &ct, 0, 1) == 1 &&
              ct == CT_AzimuthalEquidistant, "transformation %u", ct);
    cr_assert(GTIFKeyGet(gt, GeographicTypeGeoKey, &gcs, 0, 1) == 1 && gcs == GCS_WGS_84);
    cr_assert(GTIFKeyGet(gt, ProjLinearUnitsGeoKey, &unit, 0, 1) == 1 && unit == Linear_Meter);
    cr_assert(GTIFKeyGet(gt, ProjCenterLongGeoKey, &lon, 0, 1) == 1 && lon == 104.0665);
    cr_assert(GTIFKeyGet(gt, ProjCenterLatGeoKey, &lat, 0, 1) == 1 && lat == 30.5723);
    cr_assert(GTIFKeyGet(gt, ProjFalseEastingGeoKey, &fe, 0, 1) == 1 && fe == 0.0);
    GTIFFree(gt);
    XTIFFClose(tif);
    je_geo_free(p);
}

Test(geotiff, bad_grid_and_unwritable_path, .fini = t_cleanup)
{
    je_geo_plane *p = plane(106.55, 29.56, JE_GEO_UTM);
    je_error err;
    je_geo_grid empty = {0, 3, 0, 0, 500, values};
    cr_assert_eq(je_geo_write_geotiff(t_path("e.tif"), p, &empty, &err), JE_EINVAL);
    je_geo_grid flat = {4, 3, 0, 0, 0, values};
    cr_assert_eq(je_geo_write_geotiff(t_path("f.tif"), p, &flat, &err), JE_EINVAL);
    je_geo_grid g = {4, 3, 0, 0, 500, values};
    const char *bad = t_path("no/such/dir/g.tif");
    cr_assert_eq(je_geo_write_geotiff(bad, p, &g, &err), JE_EIO);
    cr_assert(strstr(err.message, bad) != NULL, "%s", err.message);
    je_geo_free(p);
}
