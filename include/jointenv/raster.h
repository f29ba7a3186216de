/*
 * jointenv/raster.h — single-band rasters of doubles, read and written through GDAL.
 *
 * A je_raster is a north-up grid: row 0 is the northern edge, column 0 the western
 * one, cells stored row by row (data[row * ncols + col]). Its georeferencing is
 * GDAL's six-number geotransform: the map coordinates of the upper-left corner of
 * cell (row, col) are
 *     x = gt[0] + col * gt[1] + row * gt[2],   y = gt[3] + col * gt[4] + row * gt[5]
 * (gt[5] is negative for a north-up raster; gt[2] = gt[4] = 0 when not rotated).
 * Missing cells (the file's nodata value) are NAN in data[]; `nodata` keeps the value
 * to write for them (default −9999).
 *
 * Reading accepts anything GDAL reads (GeoTIFF, ESRI ASCII grid .asc, …); band 1 is
 * used. Writing chooses the format by the file extension: ".asc" writes an ESRI ASCII
 * grid (AAIGrid: square cells, no rotation), ".tif" or ".tiff" a GeoTIFF (Float64,
 * DEFLATE-compressed). GDAL never prints: its messages are collected and returned in
 * the je_error. GDAL's drivers are registered once per process on first use
 * (GDALAllRegister under pthread_once); otherwise the functions are re-entrant and
 * keep no state of their own.
 */
#ifndef JOINTENV_RASTER_H
#define JOINTENV_RASTER_H

#include "core.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct je_raster {
    int64_t ncols, nrows;
    double gt[6];  /* GDAL geotransform (map units, usually metres or degrees) */
    double nodata; /* value written for NAN cells; −9999 unless read from a file */
    char *crs_wkt; /* CRS as WKT (malloc'd), NULL when unknown */
    double *data;  /* nrows × ncols, row-major, NAN = no data (malloc'd) */
} je_raster;

/* A raster of ncols × nrows cells, all NAN, geotransform {0, 1, 0, nrows, 0, −1}
 * (unit cells with the lower-left corner at 0,0), no CRS. JE_EINVAL for a
 * non-positive size, JE_ENOMEM. Free with je_raster_free. */
JE_API je_status je_raster_new(int64_t ncols, int64_t nrows, je_raster **out, je_error *err);

/* A deep copy of r (data and CRS too). */
JE_API je_status je_raster_clone(const je_raster *r, je_raster **out, je_error *err);

/* Read band 1 of the raster file `path`. JE_EIO when GDAL cannot open or read it
 * (GDAL's message in err), JE_ENOMEM. Cells equal to the band's nodata value, and
 * non-finite cells, become NAN. */
JE_API je_status je_raster_read(const char *path, je_raster **out, je_error *err);

/* Write r to `path`: ".asc" → ESRI ASCII grid, ".tif" or ".tiff" → GeoTIFF (others:
 * JE_EINVAL). An ESRI grid needs square, unrotated cells (JE_EINVAL otherwise). NAN
 * cells are written as r->nodata. JE_EIO with GDAL's message on failure. */
JE_API je_status je_raster_write(const je_raster *r, const char *path, je_error *err);

/* Cell size along x (|gt[1]|) — the "cellsize" of an ESRI grid. */
JE_API double je_raster_cellsize(const je_raster *r);

/* Row and column of the cell holding map point (x, y) of an unrotated raster, as
 * Circuitscape computes them: row = floor((ymax − y) / cellsize), col = floor((x − xmin)
 * / cellsize). 0 with *out_row and *out_col set when inside the grid, −1 when outside. */
JE_API int je_raster_cell_of(const je_raster *r, double x, double y, int64_t *out_row,
                             int64_t *out_col);

/* Same grid (size and geotransform within 1e-9 of a cell): 1, else 0. */
JE_API int je_raster_same_grid(const je_raster *a, const je_raster *b);

JE_API void je_raster_free(je_raster *r);

/* ---- polygons onto a grid ------------------------------------------------------ */

typedef struct je_burn_opts {
    const char *id_field; /* integer attribute giving the id; NULL: "id" when the layer
                             has such a field, else the feature's number (1, 2, …) */
    int all_touched;      /* 1: every cell the geometry touches (GDAL ALL_TOUCHED);
                             0 (default): cells whose centre lies inside */
} je_burn_opts;

/* 1 when GDAL opens `path` as a vector data set (GeoJSON, GeoPackage, shapefile, …)
 * and not as a raster; 0 otherwise. */
JE_API int je_vector_probe(const char *path);

/* Burn the features of the first layer of the vector file `path` onto `grid`'s cells
 * with GDAL's rasterizer (GDALRasterizeGeometries): a cell gets the id of the feature
 * covering its centre (with all_touched: any feature touching it); where features
 * overlap, the later feature in the file wins. Cells no feature covers are NAN. Points
 * and lines burn the cells they fall on / pass through. *out has grid's size,
 * georeferencing and CRS (je_raster_free).
 * Coordinate systems: when the layer and the grid both have one and they differ, the
 * geometries are reprojected into the grid's CRS through OGR (traditional x = easting /
 * longitude order). A layer without a CRS is taken to be in the grid's coordinates. A
 * grid without a CRS and a layer with one cannot be matched: JE_EDATA saying so (give
 * the raster a CRS, e.g. a .prj beside an .asc). JE_EDATA also for a feature whose id is
 * missing or ≤ 0 (naming the feature), an unknown id_field, or an empty layer; JE_EIO
 * when GDAL cannot open the file. */
JE_API je_status je_raster_burn_vector(const char *path, const je_raster *grid,
                                       const je_burn_opts *o, je_raster **out, je_error *err);

/* A raster on `grid`'s cells from `path`: read as a raster when GDAL reads it as one
 * (it must then be on the same grid: JE_EDATA), else burned as a vector file
 * (je_raster_burn_vector, o may be NULL for the defaults). */
JE_API je_status je_raster_read_on_grid(const char *path, const je_raster *grid,
                                        const je_burn_opts *o, je_raster **out, je_error *err);

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_RASTER_H */
