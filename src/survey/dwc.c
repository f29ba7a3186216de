/*
 * dwc.c — Darwin Core occurrences in and out (jointenv/survey.h): CSV with term
 * headers, and Darwin Core Archives (zip through libzip; meta.xml through libxml2,
 * after the Darwin Core Text Guide, TDWG 2009/2023).
 */
#include "jointenv/survey.h"
#include "survey/dwc_internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define DWC_NS "http://rs.tdwg.org/dwc/terms/"

/* The terms read and written, in the order written (the T_* of dwc_internal.h). */
static const char *const terms[T_NTERMS] = {
    "occurrenceID", "eventID",          "eventDate",        "samplingProtocol",
    "sampleSizeValue", "locationID",    "decimalLatitude",  "decimalLongitude",
    "scientificName", "taxonRank",      "individualCount",  "recordedBy",
    "higherGeographyID", "sampleSizeUnit", "locality",      "parentEventID"};

const char *je_dwc_term_name(int t)
{
    return t >= 0 && t < T_NTERMS ? terms[t] : "?";
}

/* The term of a header or meta.xml name: the last part of an IRI, and "jurisdiction"
   taken as higherGeographyID (jointenv's own files). -1 when not one of ours. */
static int term_of(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *t = slash ? slash + 1 : name;
    if (strcmp(t, "jurisdiction") == 0)
        return T_GEO;
    for (int i = 0; i < T_NTERMS; i++)
        if (strcmp(t, terms[i]) == 0)
            return i;
    return -1;
}

/* ---------------------------------------------------------------------------
 * Reading
 * ------------------------------------------------------------------------- */

static void put(char *dst, size_t size, const char *s)
{
    snprintf(dst, size, "%s", s);
}

/* One row into o by the column of each term (col[t], −1 when absent); problems into
   diag. 1 when the row is good. */
static int read_row(je_csv *r, const int *col, je_occurrence *o, je_diag *diag)
{
    memset(o, 0, sizeof *o);
    o->sample_size = o->lat = o->lon = NAN;
    o->count = 1;
    int ok = 1;
    const char *f[T_NTERMS];
    for (int t = 0; t < T_NTERMS; t++)
        f[t] = col[t] >= 0 ? je_csv_field(r, (size_t)col[t]) : "";
    for (int t = T_EVENT; t <= T_NAME; t++) {
        if ((t == T_EVENT || t == T_DATE || t == T_NAME) && f[t][0] == '\0') {
            je_error e;
            je_csv_error(r, (size_t)(col[t] >= 0 ? col[t] : 0), &e, "%s is empty", terms[t]);
            je_diag_add(diag, &e);
            ok = 0;
        }
    }
    static const struct {
        int t;
        double lo, hi;
    } nums[] = {{T_SIZE, 0, INFINITY}, {T_LAT, -90, 90}, {T_LON, -180, 180}, {T_COUNT, 0, 1e9}};
    double *dst[] = {&o->sample_size, &o->lat, &o->lon, &o->count};
    for (size_t k = 0; k < 4; k++) {
        const char *s = f[nums[k].t];
        if (s[0] == '\0')
            continue;
        double v;
        if (je_parse_double(s, strlen(s), &v) != JE_OK || !(v >= nums[k].lo && v <= nums[k].hi) ||
            (nums[k].t == T_COUNT && v != floor(v))) {
            je_error e;
            je_csv_error(r, (size_t)col[nums[k].t], &e, "%s: '%s' is not %s", terms[nums[k].t], s,
                         nums[k].t == T_COUNT ? "a whole number of 0 or more"
                                              : "a number in range");
            je_diag_add(diag, &e);
            ok = 0;
            continue;
        }
        *dst[k] = v;
    }
    put(o->event_id, sizeof o->event_id, f[T_EVENT]);
    put(o->event_date, sizeof o->event_date, f[T_DATE]);
    put(o->protocol, sizeof o->protocol, f[T_PROTOCOL]);
    put(o->location_id, sizeof o->location_id, f[T_LOCATION]);
    put(o->scientific_name, sizeof o->scientific_name, f[T_NAME]);
    put(o->taxon_rank, sizeof o->taxon_rank, f[T_RANK]);
    put(o->recorded_by, sizeof o->recorded_by, f[T_BY]);
    put(o->jurisdiction, sizeof o->jurisdiction, f[T_GEO]);
    put(o->sample_size_unit, sizeof o->sample_size_unit, f[T_UNIT]);
    put(o->locality, sizeof o->locality, f[T_LOCALITY]);
    put(o->parent_event_id, sizeof o->parent_event_id, f[T_PARENT]);
    {
        long col0;
        je_csv_field_pos(r, 0, &o->line, &col0);
    }
    return ok;
}

/* The default sink: append to a growing array. */
typedef struct occ_vec {
    je_occurrence **out;
    size_t *out_n, cap;
} occ_vec;

static je_status append(void *ctx, je_csv *r, const int *col, const je_occurrence *o,
                        je_error *err)
{
    (void)r;
    (void)col;
    occ_vec *v = ctx;
    if (*v->out_n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 256;
        je_occurrence *p = realloc(*v->out, cap * sizeof *p);
        if (p == NULL)
            return je_error_set(err, JE_ENOMEM, "out of memory");
        *v->out = p;
        v->cap = cap;
    }
    (*v->out)[(*v->out_n)++] = *o;
    return JE_OK;
}

/* Read every row of r with the term columns col[], each good one to fn. */
static je_status read_rows(je_csv *r, const int *col, je_dwc_row_fn fn, void *ctx, je_diag *diag,
                           je_error *err)
{
    for (int t = T_EVENT; t <= T_NAME; t++)
        if ((t == T_EVENT || t == T_DATE || t == T_NAME) && col[t] < 0)
            return je_error_set_at(err, JE_EDATA, je_csv_path(r), 1, 1, NULL,
                                   "no %s column (Darwin Core term %s%s)", terms[t], DWC_NS,
                                   terms[t]);
    int has;
    je_status st;
    while ((st = je_csv_next(r, &has, err)) == JE_OK || st == JE_EDATA) {
        if (st == JE_EDATA) { /* a malformed row: recorded, skipped */
            je_diag_add(diag, err);
            je_error_clear(err);
            continue;
        }
        if (!has)
            break;
        je_occurrence o;
        if (!read_row(r, col, &o, diag))
            continue;
        if ((st = fn(ctx, r, col, &o, err)) != JE_OK)
            return st;
    }
    return st == JE_EDATA ? JE_OK : st;
}

static je_status read_csv(const char *path, je_dwc_row_fn fn, void *ctx, je_diag *diag,
                          je_error *err)
{
    je_csv *r;
    je_status st = je_csv_open(path, &r, err);
    if (st != JE_OK)
        return st;
    if ((st = je_csv_read_header(r, err)) == JE_OK) {
        int col[T_NTERMS];
        for (int t = 0; t < T_NTERMS; t++)
            col[t] = -1;
        for (size_t i = 0; i < je_csv_ncolumns(r); i++) {
            int t = term_of(je_csv_column_name(r, i));
            if (t >= 0 && col[t] < 0)
                col[t] = (int)i;
        }
        st = read_rows(r, col, fn, ctx, diag, err);
    }
    je_csv_close(r);
    return st;
}

/* A whole member of the archive, malloc'ed and NUL-terminated. */
static char *zip_member(zip_t *z, const char *name, size_t *len)
{
    zip_stat_t zs;
    if (zip_stat(z, name, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE) || zs.size > (1ull << 32))
        return NULL;
    zip_file_t *f = zip_fopen(z, name, 0);
    char *buf = f ? malloc(zs.size + 1) : NULL;
    if (buf && zip_fread(f, buf, zs.size) != (zip_int64_t)zs.size) {
        free(buf);
        buf = NULL;
    }
    if (f)
        zip_fclose(f);
    if (buf) {
        buf[zs.size] = '\0';
        *len = (size_t)zs.size;
    }
    return buf;
}

/* The core of meta.xml: its file, separator, header lines and the term of each field
   index. */
typedef struct core_desc {
    char file[256];
    char sep;
    int header_lines;
    int col[T_NTERMS];
} core_desc;

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
            return c;
    return NULL;
}

/* An attribute as a string into buf ("" when absent). */
static const char *attr(const xmlNode *n, const char *name, char *buf, size_t size)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    snprintf(buf, size, "%s", v ? (const char *)v : "");
    xmlFree(v);
    return buf;
}

static je_status parse_meta(const char *xml, size_t len, const char *path, core_desc *d,
                            je_error *err)
{
    xmlDoc *doc = xmlReadMemory(xml, (int)len, "meta.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                                    XML_PARSE_NOWARNING);
    if (doc == NULL)
        return je_error_set_at(err, JE_EDATA, path, 0, 0, NULL, "meta.xml is not well-formed XML");
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *core = child(root, "core");
    const xmlNode *loc = child(child(core, "files"), "location");
    je_status st = JE_OK;
    char buf[256];
    if (core == NULL || loc == NULL) {
        st = je_error_set_at(err, JE_EDATA, path, 0, 0, NULL,
                             "meta.xml has no <core> with <files><location>");
        goto out;
    }
    xmlChar *file = xmlNodeGetContent(loc);
    snprintf(d->file, sizeof d->file, "%s", file ? (const char *)file : "");
    xmlFree(file);
    attr(core, "fieldsTerminatedBy", buf, sizeof buf);
    d->sep = strcmp(buf, "\\t") == 0 || strcmp(buf, "\t") == 0 ? '\t' : buf[0] ? buf[0] : ',';
    if (d->sep != ',' && d->sep != '\t') {
        st = je_error_set_at(err, JE_EDATA, path, 0, 0, NULL,
                             "meta.xml: fieldsTerminatedBy '%s' (only comma and tab are read)",
                             buf);
        goto out;
    }
    d->header_lines = atoi(attr(core, "ignoreHeaderLines", buf, sizeof buf));
    for (int t = 0; t < T_NTERMS; t++)
        d->col[t] = -1;
    for (const xmlNode *c = core->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "field") != 0)
            continue;
        char idx[32], term[256];
        attr(c, "index", idx, sizeof idx);
        int t = term_of(attr(c, "term", term, sizeof term));
        if (t >= 0 && idx[0])
            d->col[t] = atoi(idx);
    }
out:
    xmlFreeDoc(doc);
    return st;
}

/* Tab-separated text as CSV text (fields quoted where needed), one row per line so that
   line numbers stay the file's. */
static char *tsv_to_csv(const char *tsv, size_t len, size_t *out_len)
{
    char *buf = NULL;
    FILE *fp = open_memstream(&buf, out_len);
    if (fp == NULL)
        return NULL;
    const char *p = tsv, *end = tsv + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *le = eol ? eol : end;
        if (le > p && le[-1] == '\r')
            le--;
        for (const char *f = p; f <= le;) {
            const char *tab = memchr(f, '\t', (size_t)(le - f));
            const char *fe = tab ? tab : le;
            int quote = memchr(f, ',', (size_t)(fe - f)) || memchr(f, '"', (size_t)(fe - f));
            if (quote)
                fputc('"', fp);
            for (const char *c = f; c < fe; c++) {
                if (*c == '"')
                    fputc('"', fp);
                fputc(*c, fp);
            }
            if (quote)
                fputc('"', fp);
            if (!tab)
                break;
            fputc(',', fp);
            f = tab + 1;
        }
        fputc('\n', fp);
        p = eol ? eol + 1 : end;
    }
    if (fclose(fp) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static je_status read_archive(const char *path, je_dwc_row_fn fn, void *ctx, je_diag *diag,
                              je_error *err)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    if (z == NULL)
        return je_error_set_at(err, zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN ? JE_EIO : JE_EDATA,
                               path, 0, 0, NULL, "cannot read the archive (a zip is expected)");
    size_t mlen = 0, clen = 0, csvlen = 0;
    char *meta = zip_member(z, "meta.xml", &mlen), *core = NULL, *csv = NULL;
    core_desc d;
    je_status st = JE_OK;
    je_csv *r = NULL;
    char name[600];
    if (meta == NULL) {
        st = je_error_set_at(err, JE_EDATA, path, 0, 0, NULL, "the archive has no meta.xml");
        goto out;
    }
    if ((st = parse_meta(meta, mlen, path, &d, err)) != JE_OK)
        goto out;
    if ((core = zip_member(z, d.file, &clen)) == NULL) {
        st = je_error_set_at(err, JE_EDATA, path, 0, 0, NULL, "the archive has no %s (meta.xml's core)",
                             d.file);
        goto out;
    }
    if (d.sep == '\t' && (csv = tsv_to_csv(core, clen, &csvlen)) == NULL) {
        st = je_error_set(err, JE_ENOMEM, "out of memory");
        goto out;
    }
    snprintf(name, sizeof name, "%s/%s", path, d.file);
    if ((st = je_csv_open_mem(csv ? csv : core, csv ? csvlen : clen, name, &r, err)) != JE_OK)
        goto out;
    /* the header lines meta.xml declares are read as the header (their names are not
       used: meta.xml's indexes are) */
    if (d.header_lines > 0 && (st = je_csv_read_header(r, err)) != JE_OK)
        goto out;
    st = read_rows(r, d.col, fn, ctx, diag, err);
out:
    je_csv_close(r);
    free(csv);
    free(core);
    free(meta);
    zip_discard(z);
    return st;
}

static int ends_with(const char *s, const char *ext)
{
    size_t n = strlen(s), e = strlen(ext);
    return n >= e && strcasecmp(s + n - e, ext) == 0;
}

je_status je_dwc_scan(const char *path, je_dwc_row_fn fn, void *ctx, je_diag *diag, je_error *err)
{
    return ends_with(path, ".zip") ? read_archive(path, fn, ctx, diag, err)
                                   : read_csv(path, fn, ctx, diag, err);
}

je_status je_dwc_read(const char *path, je_occurrence **out, size_t *out_n, je_diag *diag,
                      je_error *err)
{
    *out = NULL;
    *out_n = 0;
    occ_vec v = {out, out_n, 0};
    je_status st = je_dwc_scan(path, append, &v, diag, err);
    if (st != JE_OK) {
        free(*out);
        *out = NULL;
        *out_n = 0;
    }
    return st;
}

/* ---------------------------------------------------------------------------
 * Writing
 * ------------------------------------------------------------------------- */

static je_status to_file(void *ctx, const char *bytes, size_t len)
{
    return fwrite(bytes, 1, len, ctx) == len ? JE_OK : JE_EIO;
}

static void num(char *buf, size_t size, double v)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        snprintf(buf, size, "%.10g", v);
}

/* The occurrences as CSV onto fp (occurrenceID = eventID:row number). */
static je_status write_csv(FILE *fp, const je_occurrence *occ, size_t n)
{
    je_csv_writer *w;
    je_status st = je_csv_writer_new(to_file, fp, &w);
    for (int t = 0; st == JE_OK && t < T_NTERMS; t++)
        st = je_csv_write_field(w, terms[t]);
    if (st == JE_OK)
        st = je_csv_end_row(w);
    for (size_t i = 0; st == JE_OK && i < n; i++) {
        const je_occurrence *o = &occ[i];
        char id[96], size[32], lat[32], lon[32], count[32];
        snprintf(id, sizeof id, "%s:%zu", o->event_id, i + 1);
        num(size, sizeof size, o->sample_size);
        num(lat, sizeof lat, o->lat);
        num(lon, sizeof lon, o->lon);
        num(count, sizeof count, o->count);
        const char *f[T_NTERMS] = {id,          o->event_id,  o->event_date, o->protocol,
                                   size,        o->location_id, lat,         lon,
                                   o->scientific_name, o->taxon_rank, count, o->recorded_by,
                                   o->jurisdiction, o->sample_size_unit, o->locality,
                                   o->parent_event_id};
        for (int t = 0; st == JE_OK && t < T_NTERMS; t++)
            st = je_csv_write_field(w, f[t]);
        if (st == JE_OK)
            st = je_csv_end_row(w);
    }
    je_csv_writer_free(w);
    return st;
}

static char *meta_xml(void)
{
    char *buf = NULL;
    size_t len;
    FILE *fp = open_memstream(&buf, &len);
    if (fp == NULL)
        return NULL;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<archive xmlns=\"http://rs.tdwg.org/dwc/text/\">\n"
          "  <core encoding=\"UTF-8\" fieldsTerminatedBy=\",\" linesTerminatedBy=\"\\n\""
          " fieldsEnclosedBy=\"&quot;\" ignoreHeaderLines=\"1\""
          " rowType=\"http://rs.tdwg.org/dwc/terms/Occurrence\">\n"
          "    <files><location>occurrence.csv</location></files>\n"
          "    <id index=\"0\"/>\n",
          fp);
    for (int t = 0; t < T_NTERMS; t++)
        fprintf(fp, "    <field index=\"%d\" term=\"" DWC_NS "%s\"/>\n", t, terms[t]);
    fputs("  </core>\n</archive>\n", fp);
    if (fclose(fp) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

je_status je_dwc_write(const char *path, const je_occurrence *occ, size_t n, je_error *err)
{
    if (!ends_with(path, ".zip")) {
        FILE *fp = fopen(path, "w");
        if (fp == NULL)
            return je_error_set(err, JE_EIO, "cannot write %s", path);
        je_status st = write_csv(fp, occ, n);
        if (fclose(fp) != 0 || st != JE_OK)
            return je_error_set(err, st == JE_ENOMEM ? JE_ENOMEM : JE_EIO, "cannot write %s", path);
        return JE_OK;
    }
    char *csv = NULL, *meta = meta_xml();
    size_t len = 0;
    FILE *fp = open_memstream(&csv, &len);
    je_status st = fp && meta ? write_csv(fp, occ, n) : JE_ENOMEM;
    if (fp && fclose(fp) != 0)
        st = JE_ENOMEM;
    if (st != JE_OK) {
        free(csv);
        free(meta);
        return je_error_set(err, JE_ENOMEM, "out of memory");
    }
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    zip_source_t *s1 = z ? zip_source_buffer(z, csv, len, 0) : NULL;
    int ok = s1 && zip_file_add(z, "occurrence.csv", s1, ZIP_FL_ENC_UTF_8) >= 0;
    if (!ok && s1)
        zip_source_free(s1);
    zip_source_t *s2 = ok ? zip_source_buffer(z, meta, strlen(meta), 0) : NULL;
    ok = ok && s2 && zip_file_add(z, "meta.xml", s2, ZIP_FL_ENC_UTF_8) >= 0;
    if (!ok && s2)
        zip_source_free(s2);
    int closed = 0;
    if (z && ok) { /* the buffers must live until here */
        closed = zip_close(z) == 0;
        ok = closed;
    }
    if (z && !closed)
        zip_discard(z); /* not written, or zip_close failed: still ours to free */
    free(csv);
    free(meta);
    return ok ? JE_OK : je_error_set(err, JE_EIO, "cannot write the archive %s", path);
}
