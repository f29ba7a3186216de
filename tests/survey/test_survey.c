/* Survey measures and Darwin Core I/O (jointenv/survey.h): rarefaction, accumulation
 * (exact and Coleman), incidence estimators and similarity on hand-computed cases;
 * Darwin Core CSV and Archive round trips, IRI headers, a tab-separated archive with
 * reordered fields, and bad rows at path:line:column. */
#include "jointenv/survey.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

static void near(double got, double want, double tol, const char *what)
{
    cr_assert(fabs(got - want) <= tol, "%s: %.12g, expected %.12g", what, got, want);
}

Test(survey, rarefaction_by_hand)
{
    /* N = 10: E[S_2] = Σ 1 − C(10 − n_i, 2)/C(10, 2) = (1 − 10/45) + (1 − 21/45) + (1 − 28/45) */
    const double c[] = {5, 3, 2, 0};
    near(je_rarefy(c, 4, 2), 3.0 - 59.0 / 45.0, 1e-12, "E[S_2]");
    near(je_rarefy(c, 4, 1), 1.0, 1e-12, "one individual: one species");
    near(je_rarefy(c, 4, 10), 3.0, 1e-12, "all individuals: S");
    cr_assert(isnan(je_rarefy(c, 4, 11)), "more than N");
}

Test(survey, accumulation_exact_and_coleman)
{
    /* 3 species in 1, 2 and 3 of M = 3 sites */
    const double f[] = {1, 2, 3};
    double ex[3], co[3], sd[3];
    je_accumulation(f, 3, 3, ex, co, sd);
    near(ex[0], 1.0 / 3 + 2.0 / 3 + 1.0, 1e-12, "exact k=1");
    near(ex[1], (1 - 1.0 / 3) + 1.0 + 1.0, 1e-12, "exact k=2: C(2,2)/C(3,2) = 1/3");
    near(ex[2], 3.0, 1e-12, "exact k=M: S");
    double r1 = 2.0 / 3, r2 = r1 * r1, r3 = r2 * r1;
    near(co[0], 3 - (r1 + r2 + r3), 1e-12, "Coleman k=1");
    near(sd[0], sqrt(r1 * (1 - r1) + r2 * (1 - r2) + r3 * (1 - r3)), 1e-12, "Coleman SD k=1");
    near(co[2], 3.0, 1e-12, "Coleman k=M");
}

Test(survey, specpool_estimators)
{
    /* 4 species in 1, 1, 2 and 3 of 4 sites: S0 4, a1 2, a2 1 */
    const double f[] = {1, 1, 2, 3};
    je_specpool p;
    je_specpool_compute(f, 4, 4, &p);
    near(p.chao, 4 + 4.0 / 2 * 3.0 / 4, 1e-12, "chao");
    near(p.jack1, 4 + 2 * 3.0 / 4, 1e-12, "jack1");
    near(p.jack2, 4 + 2 * 5.0 / 4 - 4.0 / 12, 1e-12, "jack2");
    near(p.boot, 4 + 2 * pow(0.75, 4) + pow(0.5, 4) + pow(0.25, 4), 1e-12, "boot");
    /* no doubletons: the bias-corrected form */
    const double g[] = {1, 1, 1, 4};
    je_specpool_compute(g, 4, 4, &p);
    near(p.chao, 4 + 3.0 * 2 / 2 * 3.0 / 4, 1e-12, "chao, a2 = 0");
}

Test(survey, similarity_across_the_border)
{
    const char *a[] = {"Alpha", "Beta", "Gamma"};
    const char *b[] = {"Delta", "Beta", "Gamma", "Delta"};
    size_t shared;
    double s, j;
    je_similarity(a, 3, b, 4, &shared, &s, &j);
    cr_assert_eq(shared, 2);
    near(s, 4.0 / 6, 1e-12, "Sorensen");
    near(j, 2.0 / 4, 1e-12, "Jaccard");
    je_similarity(a, 0, b, 0, &shared, &s, &j);
    cr_assert(isnan(s) && isnan(j));
}

static const char sample_csv[] =
    "http://rs.tdwg.org/dwc/terms/eventID,eventDate,locationID,decimalLatitude,decimalLongitude,"
    "scientificName,individualCount,jurisdiction,samplingProtocol\n"
    "E1,2022-05-01,S1,29.5,106.5,\"Rhinogobio cylindricus\",3,500000,\"electrofishing, 200 m\"\n"
    "E1,2022-05-01,S1,29.5,106.5,Procypris rabaudi,1,500000,\"electrofishing, 200 m\"\n"
    "E2,2022-05-02,S2,30.1,105.9,Procypris rabaudi,,510000,visual\n";

Test(survey, csv_and_archive_round_trip, .fini = t_cleanup)
{
    const char *in = t_path("in.csv");
    t_write(in, sample_csv);
    je_occurrence *o;
    size_t n;
    je_diag diag;
    je_diag_init(&diag, 10);
    je_error err;
    cr_assert_eq(je_dwc_read(in, &o, &n, &diag, &err), JE_OK, "%s", err.message);
    cr_assert_eq(diag.total, 0);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(o[0].scientific_name, "Rhinogobio cylindricus");
    cr_assert(o[0].count == 3 && o[2].count == 1, "an absent count is a presence (1)");
    cr_assert_str_eq(o[2].jurisdiction, "510000");
    cr_assert_str_eq(o[0].protocol, "electrofishing, 200 m");
    for (int k = 0; k < 2; k++) {
        const char *out = t_path(k ? "out.zip" : "out.csv");
        cr_assert_eq(je_dwc_write(out, o, n, &err), JE_OK, "%s", err.message);
        je_occurrence *b;
        size_t m;
        cr_assert_eq(je_dwc_read(out, &b, &m, &diag, &err), JE_OK, "%s: %s", out, err.message);
        cr_assert_eq(m, n);
        for (size_t i = 0; i < n; i++) {
            cr_assert_str_eq(b[i].event_id, o[i].event_id);
            cr_assert_str_eq(b[i].scientific_name, o[i].scientific_name);
            cr_assert_str_eq(b[i].protocol, o[i].protocol);
            cr_assert_str_eq(b[i].jurisdiction, o[i].jurisdiction);
            cr_assert(b[i].count == o[i].count && b[i].lat == o[i].lat && b[i].lon == o[i].lon);
        }
        free(b);
    }
    free(o);
    je_diag_free(&diag);
}

/* An archive as other tools write it: tab-separated, fields in another order, found
   by meta.xml's indexes. */
Test(survey, tab_separated_archive_by_meta_indexes, .fini = t_cleanup)
{
    const char *path = t_path("gbif.zip");
    static const char core[] = "id\tsciname\tdate\tevent\tcount\n"
                               "o1\tMegalobrama pellegrini\t2022-06-01\tEV9\t7\n";
    static const char meta[] =
        "<?xml version=\"1.0\"?><archive xmlns=\"http://rs.tdwg.org/dwc/text/\">"
        "<core fieldsTerminatedBy=\"\\t\" ignoreHeaderLines=\"1\" "
        "rowType=\"http://rs.tdwg.org/dwc/terms/Occurrence\"><files><location>occ.txt</location>"
        "</files><id index=\"0\"/>"
        "<field index=\"1\" term=\"http://rs.tdwg.org/dwc/terms/scientificName\"/>"
        "<field index=\"2\" term=\"http://rs.tdwg.org/dwc/terms/eventDate\"/>"
        "<field index=\"3\" term=\"http://rs.tdwg.org/dwc/terms/eventID\"/>"
        "<field index=\"4\" term=\"http://rs.tdwg.org/dwc/terms/individualCount\"/>"
        "</core></archive>";
    int zerr;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    cr_assert_not_null(z);
    zip_file_add(z, "occ.txt", zip_source_buffer(z, core, sizeof core - 1, 0), 0);
    zip_file_add(z, "meta.xml", zip_source_buffer(z, meta, sizeof meta - 1, 0), 0);
    cr_assert_eq(zip_close(z), 0);
    je_occurrence *o;
    size_t n;
    je_diag diag;
    je_diag_init(&diag, 10);
    je_error err;
    cr_assert_eq(je_dwc_read(path, &o, &n, &diag, &err), JE_OK, "%s", err.message);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(o[0].scientific_name, "Megalobrama pellegrini");
    cr_assert_str_eq(o[0].event_id, "EV9");
    cr_assert(o[0].count == 7);
    free(o);
    je_diag_free(&diag);
}

Test(survey, bad_rows_and_missing_terms, .fini = t_cleanup)
{
    const char *p = t_path("bad.csv");
    t_write(p, "eventID,eventDate,scientificName,individualCount,decimalLatitude\n"
               "E1,2022-05-01,A a,2.5,30\n"
               "E1,,A a,1,30\n"
               "E1,2022-05-01,A a,1,95\n"
               "E1,2022-05-01,A a,1,30\n");
    je_occurrence *o;
    size_t n;
    je_diag diag;
    je_diag_init(&diag, 10);
    je_error err;
    cr_assert_eq(je_dwc_read(p, &o, &n, &diag, &err), JE_OK);
    cr_assert_eq(n, 1);
    cr_assert_eq(diag.total, 3);
    char msg[700];
    je_error_format(&diag.items[0], msg, sizeof msg);
    cr_assert(strstr(msg, ":2:19:") && strstr(msg, "individualCount"), "%s", msg);
    je_error_format(&diag.items[1], msg, sizeof msg);
    cr_assert(strstr(msg, ":3:") && strstr(msg, "eventDate"), "%s", msg);
    je_error_format(&diag.items[2], msg, sizeof msg);
    cr_assert(strstr(msg, ":4:") && strstr(msg, "decimalLatitude"), "%s", msg);
    free(o);
    je_diag_free(&diag);
    t_write(p, "eventDate,scientificName\n2022-05-01,A a\n");
    cr_assert_eq(je_dwc_read(p, &o, &n, &diag, &err), JE_EDATA);
    cr_assert(strstr(err.message, "eventID"), "%s", err.message);
    t_write(p, "not a zip");
    const char *z = t_path("bad.zip");
    t_write(z, "not a zip");
    cr_assert_eq(je_dwc_read(z, &o, &n, &diag, &err), JE_EDATA);
}
