/*
 * jointenv/survey.h — biodiversity survey data in Darwin Core terms, and the
 * sample-size-aware richness measures built on them: rarefaction, species
 * accumulation, incidence-based richness estimators, and the similarity of two
 * species lists (the species shared across the border).
 *
 * Darwin Core (TDWG, https://dwc.tdwg.org/terms/): an occurrence row carries eventID,
 * eventDate, samplingProtocol, sampleSizeValue, locationID, decimalLatitude,
 * decimalLongitude, scientificName, taxonRank, individualCount, recordedBy and
 * stateProvince (jointenv keeps the jurisdiction's GB/T 2260 code in
 * stateProvince's place as "jurisdiction" when the file has that column). Header
 * names may be the bare terms or their full IRIs (http://rs.tdwg.org/dwc/terms/…).
 * A Darwin Core Archive is a zip with meta.xml describing the core file.
 *
 * Formulas (shared/reference/standards.md §8, vegan conventions):
 *   rarefaction (Hurlbert 1971; vegan rarefy):
 *       E[S_n] = Σ_i [1 − C(N − n_i, n) / C(N, n)]
 *   accumulation, "exact" (Kindt; vegan specaccum default), M sites, f_i = sites
 *   with species i:
 *       S(k) = Σ_i [1 − C(M − f_i, k) / C(M, k)]   (a term is 1 when M − f_i < k)
 *   accumulation, Coleman (Coleman et al. 1982): r_i = (1 − k/M)^f_i,
 *       S(k) = Σ_i (1 − r_i),  SD = √Σ r_i (1 − r_i)
 *   incidence estimators (vegan specpool), a1/a2 = species in exactly 1/2 sites:
 *       chao = S0 + a1²/(2 a2) · (M−1)/M,  a2 = 0: S0 + a1(a1−1)/(2(a2+1)) · (M−1)/M
 *       jack1 = S0 + a1 (M−1)/M
 *       jack2 = S0 + a1 (2M−3)/M − a2 (M−2)²/(M(M−1))
 *       boot = S0 + Σ_i (1 − f_i/M)^M
 *   similarity of species sets A, B: Sørensen 2|A∩B| / (|A| + |B|),
 *       Jaccard |A∩B| / |A∪B|.
 * Log-binomials by lgamma, as vegan's lchoose.
 *
 * Re-entrant.
 */
#ifndef JOINTENV_SURVEY_H
#define JOINTENV_SURVEY_H

#include "core.h"
#include "store.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct je_occurrence {
    char event_id[64];
    char event_date[32]; /* ISO 8601 as given (a date, a date-time or an interval) */
    char protocol[64];   /* samplingProtocol */
    double sample_size;  /* sampleSizeValue, NAN when absent */
    char location_id[64];
    double lat, lon; /* decimalLatitude, decimalLongitude (WGS 84), NAN when absent */
    char scientific_name[128];
    char taxon_rank[24];
    double count; /* individualCount (≥ 0); 1 when absent (a presence record) */
    char recorded_by[96];
    char jurisdiction[16];   /* higherGeographyID (or a "jurisdiction" column) */
    char sample_size_unit[32]; /* sampleSizeUnit ("metre", "minute", "trap night") */
    char locality[128];      /* locality: the site's name */
    char parent_event_id[64]; /* parentEventID: the survey round the event belongs to */
    long line;               /* the row's line in the file read; 0 otherwise */
} je_occurrence;

/* Read occurrences from a Darwin Core CSV or a Darwin Core Archive (.zip with
 * meta.xml; its core's fields by index, comma- or tab-separated). Required terms:
 * eventID, eventDate, scientificName; the others may be absent. Bad rows go to diag
 * (path:line:column: reason) and are skipped; the return is a fatal status only
 * (unreadable file, not an archive, no core in meta.xml, a required term missing:
 * JE_EDATA). Free *out with free(). */
JE_API je_status je_dwc_read(const char *path, je_occurrence **out, size_t *out_n, je_diag *diag,
                             je_error *err);
/* Write occurrences as a Darwin Core CSV (path ends in .csv) or Archive (.zip:
 * occurrence.csv, UTF-8, comma-separated, one header line, and meta.xml declaring it
 * as the Occurrence core with its terms). JE_EIO on write failure. */
JE_API je_status je_dwc_write(const char *path, const je_occurrence *occ, size_t n,
                              je_error *err);

/* ---------------------------------------------------------------------------
 * Surveys in the store (src/store/survey_store.c; schema 0011_ecology.sql).
 *
 * An event (eventID, with eventDate, samplingProtocol, sampleSizeValue and -Unit,
 * locationID, locality, decimalLatitude/Longitude, parentEventID as its survey round
 * and higherGeographyID as its owner jurisdiction) holds the occurrences of its rows
 * (scientificName, taxonRank, individualCount, recordedBy).
 * ------------------------------------------------------------------------- */

/* Import a Darwin Core CSV or Archive (.zip) — the kind "dwc". All or nothing: every
 * bad row is in rep->errors as path:line:column and nothing is written. Checks, beyond
 * je_dwc_read's: a higherGeographyID (or jurisdiction) column naming a known
 * jurisdiction on every row; the rows of one event agree on its event fields (date,
 * protocol, sample size and unit, site, locality, coordinates, round, jurisdiction);
 * an event already stored is rejected unless opts->replace, which replaces the event
 * and all of its occurrences. Each event is a record (permission checked on its
 * jurisdiction, JE_EPERM for a refusal, logged with before and after); occurrences
 * are bulk rows covered by the batch's content hash (audit verify). */
JE_API je_status je_import_dwc(je_db *db, const char *path, const je_import_opts *opts,
                               je_import_report *rep, je_error *err);
/* The stored occurrences the actor may read, in the order imported, with their
 * event's fields; jurisdiction NULL for all. Free *out with free(). */
JE_API je_status je_store_occurrences(je_db *db, const char *jurisdiction, je_occurrence **out,
                                      size_t *out_n, je_error *err);

/* Rarefied richness E[S_n] of n abundances (counts ≥ 0) for a subsample of `size`
 * individuals (≤ N); NAN when size > N or size < 0. */
JE_API double je_rarefy(const double *counts, size_t n, double size);

/* Species accumulation over M sites from the species' site frequencies f[0..n_species)
 * (1 ≤ f_i ≤ M): exact[k−1] and coleman[k−1], coleman_sd[k−1] for k = 1 … M (each
 * array of M values, caller-allocated; coleman_sd may be NULL). */
JE_API void je_accumulation(const double *freq, size_t n_species, size_t m_sites, double *exact,
                            double *coleman, double *coleman_sd);

typedef struct je_specpool {
    double s0, chao, jack1, jack2, boot;
    double a1, a2; /* species in exactly 1 and 2 sites */
    size_t m_sites;
} je_specpool;

/* Incidence-based estimators from the site frequencies of the species observed. */
JE_API void je_specpool_compute(const double *freq, size_t n_species, size_t m_sites,
                                je_specpool *out);

/* Similarity of two species lists (names compared exactly; duplicates ignored):
 * *shared, Sørensen and Jaccard (NAN when both are empty). */
JE_API void je_similarity(const char *const *a, size_t na, const char *const *b, size_t nb,
                          size_t *shared, double *sorensen, double *jaccard);

#ifdef __cplusplus
}
#endif

#endif
