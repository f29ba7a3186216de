/*
 * jointenv/geo.h — local planes: longitude/latitude (WGS 84, degrees) to x/y metres
 * and back, through PROJ. The plume model (plume.h) works in such a plane.
 *
 * Axis order: always longitude first, latitude second, and x east, y north, whatever
 * order the CRS definitions declare (EPSG:4326 itself says latitude first; PROJ's
 * proj_normalize_for_visualization() restores the traditional GIS order here).
 *
 * Thread safety: every plane owns its own PJ_CONTEXT, so different planes may be used
 * from different threads at once; one plane must not be used by two threads at the
 * same time (PROJ objects are not thread-safe). No global state.
 */
#ifndef JOINTENV_GEO_H
#define JOINTENV_GEO_H

#include "core.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    /* Azimuthal equidistant centred on the reference point (+proj=aeqd, WGS 84):
     * distances and directions from the centre are true; (0, 0) is the centre. Good
     * for a region of a few hundred kilometres around it. */
    JE_GEO_AEQD = 0,
    /* Universal Transverse Mercator, the zone (and hemisphere) of the reference point:
     * x is the easting and y the northing of that zone (with its false origin: 500 km
     * easting on the central meridian; 10,000 km northing at the equator in the south).
     * The scale error stays below 0.1 % within 3° of the central meridian. */
    JE_GEO_UTM = 1
} je_geo_kind;

/* "aeqd", "utm"; parse also accepts "azimuthal". */
JE_API const char *je_geo_kind_name(je_geo_kind k);
JE_API je_status je_geo_kind_parse(const char *s, je_geo_kind *out, je_error *err);

typedef struct je_geo_plane je_geo_plane;

/* A local plane of `kind` for the reference point lon0_deg/lat0_deg (WGS 84). JE_EINVAL
 * for a reference out of range (longitude −180…180, latitude −90…90, or beyond
 * ±84° for UTM, or not finite); JE_EIO with PROJ's own message when PROJ cannot set
 * up the transformation; JE_ENOMEM. The caller frees *out with je_geo_free. */
JE_API je_status je_geo_local(double lon0_deg, double lat0_deg, je_geo_kind kind,
                              je_geo_plane **out, je_error *err);
JE_API void je_geo_free(je_geo_plane *p);

/* The reference point and kind the plane was made with. */
JE_API void je_geo_reference(const je_geo_plane *p, double *out_lon_deg, double *out_lat_deg,
                             je_geo_kind *out_kind);

/* Project n points: lon_deg[i]/lat_deg[i] (degrees) to x_m[i]/y_m[i] (metres, x east,
 * y north). The outputs may alias the inputs (x_m == lon_deg, y_m == lat_deg converts
 * in place). JE_EINVAL when a point is not finite or out of range (the message names
 * the first such index, whose outputs and those after it are then unspecified); JE_EIO
 * with PROJ's message when PROJ fails on a point. n == 0 is a no-op. */
JE_API je_status je_geo_to_xy(je_geo_plane *p, const double *lon_deg, const double *lat_deg,
                              size_t n, double *x_m, double *y_m, je_error *err);

/* The inverse: x_m[i]/y_m[i] (metres) to lon_deg[i]/lat_deg[i] (degrees). Outputs may
 * alias inputs. Errors as je_geo_to_xy. */
JE_API je_status je_geo_to_lonlat(je_geo_plane *p, const double *x_m, const double *y_m, size_t n,
                                  double *lon_deg, double *lat_deg, je_error *err);

/* The plane's definition as a PROJ string ("+proj=aeqd +lat_0=… +lon_0=… …") and as
 * ESRI WKT (for a .prj file beside an ASCII grid), written into buf (NUL-terminated,
 * truncated to size). JE_EIO when PROJ cannot write the WKT; JE_EINVAL when buf is too
 * small (the text is then truncated). */
JE_API je_status je_geo_proj_string(const je_geo_plane *p, char *buf, size_t size, je_error *err);
JE_API je_status je_geo_wkt(je_geo_plane *p, char *buf, size_t size, je_error *err);

/* A raster on a plane: nx columns by ny rows of square cells of cell_m metres, the
 * south-west corner of the grid at x0_m/y0_m of the plane; values[j * nx + i] is
 * the cell of column i (west to east) and row j (SOUTH to north, as the plume grid
 * is computed). */
typedef struct je_geo_grid {
    size_t nx, ny;
    double x0_m, y0_m, cell_m;
    const double *values;
} je_geo_grid;

/* Write grid g as a GeoTIFF at path (libtiff + libgeotiff): one band of 64-bit
 * floats, DEFLATE-compressed with the floating-point predictor, rows north to south
 * as TIFF stores them, pixel-is-area, georeferenced by a tie point and pixel scale
 * in the plane's metres. The CRS is written as GeoKeys (GeoTIFF 1.1, OGC 19-008r4):
 * for a UTM plane the EPSG code of its zone (WGS 84 / UTM zone NN N|S, 326NN or
 * 327NN); for an azimuthal equidistant plane a user-defined projected CRS on WGS 84
 * (geographic EPSG:4326) with CT_AzimuthalEquidistant, its centre as natural origin,
 * no false easting/northing, metres. GDAL and QGIS read either. JE_EINVAL for an
 * empty grid or a non-positive cell; JE_EIO (with the path) when the file cannot be
 * written. The grid is not modified. Re-entrant. */
JE_API je_status je_geo_write_geotiff(const char *path, const je_geo_plane *p,
                                      const je_geo_grid *g, je_error *err);

/* The EPSG code of the plane's CRS when it has one (UTM zones: 326NN north, 327NN
 * south), else 0 (an azimuthal plane is user-defined). */
JE_API int je_geo_epsg(const je_geo_plane *p);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_GEO_H */
