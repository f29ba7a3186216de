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

#ifdef __cplusplus
}
#endif
#endif /* JOINTENV_RASTER_H */
