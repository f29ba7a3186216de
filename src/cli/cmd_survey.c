/*
 * cmd_survey.c — jointenv ecology survey: Darwin Core occurrences (from the database,
 * or a CSV or archive file) in, diversity per site, jurisdiction or event with
 * richness rarefied to a common sample size, the species two groups share, and the
 * data written back as an archive; and jointenv import dwc.
 */
#include "cli/cli.h"

#include "jointenv/ecology.h"
#include "jointenv/survey.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char import_dwc_usage[] =
    "FILE: a Darwin Core CSV (term headers, bare or as IRIs) or Archive (.zip with\n"
    "  meta.xml). Terms: eventID, eventDate, scientificName (required), higherGeographyID\n"
    "  (or jurisdiction: the GB/T 2260 code that owns the event; required), and\n"
    "  samplingProtocol, sampleSizeValue, sampleSizeUnit, locationID (the site), locality,\n"
    "  decimalLatitude, decimalLongitude, parentEventID (the survey round), taxonRank,\n"
    "  individualCount (default 1), recordedBy, occurrenceID (not kept).\n"
    "  The rows of one event must agree on its event fields.\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       replace events already stored, with all their occurrences\n"
    "  --max-errors N  list at most N bad rows (default 50)\n\n"
    "All or nothing: one transaction per file. Each event is a record owned by its\n"
    "jurisdiction (only that side may write it) and logged; the occurrences are covered\n"
    "by the import's content hash (jointenv audit verify). docs/survey.md.\n";

int cmd_import_dwc(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_dwc);
}

const char ecology_survey_usage[] =
    "Options:\n"
    "  (default)         the occurrences stored in the database (jointenv import dwc)\n"
    "  --input FILE      instead, Darwin Core occurrences from a file: CSV with term\n"
    "                    headers (eventID, eventDate, scientificName, individualCount,\n"
    "                    locationID, ...) or a Darwin Core Archive (.zip with meta.xml)\n"
    "  --jurisdiction J  only the events of jurisdiction J\n"
    "  --by WHAT         site (locationID; default), jurisdiction (higherGeographyID),\n"
    "                    event (eventID) or round (parentEventID: one survey round against\n"
    "                    another)\n"
    "  --rarefy N        rarefied richness at N individuals (default: the smallest group)\n"
    "  --compare A,B     also the species groups A and B share (Sorensen, Jaccard)\n"
    "  --export FILE     write the occurrences read as Darwin Core (.csv or .zip archive)\n"
    "  --curves WHAT     instead of the diversity table: accumulation (species over the\n"
    "                    groups as sampling units: exact (Kindt) and Coleman's random\n"
    "                    placement with its SD, vegan specaccum) or rarefaction (E[S_n]\n"
    "                    of each group at 20 sample sizes up to its N, vegan rarecurve)\n\n"
    "Per group: S, N, Shannon (base e), Simpson 1 - sum p^2, Chao1 (bias-corrected, as\n"
    "vegan estimateR) with its 95 % interval, ACE, and E[S_n] by rarefaction (Hurlbert;\n"
    "vegan rarefy). docs/survey.md and docs/ecology.md give every formula.\n";

typedef struct group {
    char key[128];
    char **species; /* distinct names (pointers into the occurrences) */
    double *count;
    size_t n, cap;
} group;

static const char *key_of(const je_occurrence *o, int by)
{
    return by == 0 ? o->location_id : by == 1 ? o->jurisdiction : by == 3 ? o->parent_event_id
                                                                          : o->event_id;
}

/* Add o to its group (creating it); 0 when out of memory. */
static int add(group **g, size_t *ng, size_t *cap, const je_occurrence *o, int by)
{
    const char *k = key_of(o, by);
    size_t i = 0;
    while (i < *ng && strcmp((*g)[i].key, k) != 0)
        i++;
    if (i == *ng) {
        if (*ng == *cap) {
            size_t nc = *cap ? 2 * *cap : 16;
            group *p = realloc(*g, nc * sizeof *p);
            if (p == NULL)
                return 0;
            *g = p;
            *cap = nc;
        }
        memset(&(*g)[i], 0, sizeof **g);
        snprintf((*g)[i].key, sizeof (*g)[i].key, "%s", k[0] ? k : "(none)");
        (*ng)++;
    }
    group *x = &(*g)[i];
    size_t s = 0;
    while (s < x->n && strcmp(x->species[s], o->scientific_name) != 0)
        s++;
    if (s == x->n) {
        if (x->n == x->cap) {
            size_t nc = x->cap ? 2 * x->cap : 16;
            char **sp = realloc(x->species, nc * sizeof *sp);
            double *ct = sp ? realloc(x->count, nc * sizeof *ct) : NULL;
            if (sp)
                x->species = sp;
            if (ct == NULL)
                return 0;
            x->count = ct;
            x->cap = nc;
        }
        x->species[x->n] = (char *)o->scientific_name;
        x->count[x->n++] = 0;
    }
    x->count[s] += o->count;
    return 1;
}

static void fmt(char *b, size_t n, double v, int d)
{
    if (isnan(v))
        b[0] = '\0';
    else
        snprintf(b, n, "%.*f", d, v);
}

/* Species accumulation over the groups as sampling units (vegan specaccum: "exact",
 * Kindt's exact expectation, and "coleman", random placement with its SD; formulas in
 * docs/ecology.md): each species' frequency is the number of groups it occurs in. */
static int accumulation_table(cli *c, const group *g, size_t ng)
{
    je_strmap *idx = NULL;
    double *freq = NULL, *exact = NULL, *col = NULL, *sd = NULL;
    size_t ns = 0, cap = 0;
    int code = EXIT_OK;
    if (je_strmap_new(256, &idx) != JE_OK)
        return cli_fail(c, JE_ENOMEM, NULL);
    for (size_t i = 0; i < ng && code == EXIT_OK; i++)
        for (size_t s = 0; s < g[i].n && code == EXIT_OK; s++) {
            int64_t k;
            if (g[i].count[s] <= 0)
                continue;
            if (je_strmap_get(idx, g[i].species[s], strlen(g[i].species[s]), &k)) {
                freq[k] += 1; /* a species occurs once per group (groups merge names) */
                continue;
            }
            if (ns == cap) {
                cap = cap ? 2 * cap : 256;
                double *f = realloc(freq, cap * sizeof *f);
                if (f == NULL) {
                    code = cli_fail(c, JE_ENOMEM, NULL);
                    break;
                }
                freq = f;
            }
            if (je_strmap_put(idx, g[i].species[s], (int64_t)ns) != JE_OK) {
                code = cli_fail(c, JE_ENOMEM, NULL);
                break;
            }
            freq[ns++] = 1;
        }
    if (code == EXIT_OK && ng > 0 &&
        ((exact = malloc(ng * sizeof *exact)) == NULL || (col = malloc(ng * sizeof *col)) == NULL ||
         (sd = malloc(ng * sizeof *sd)) == NULL))
        code = cli_fail(c, JE_ENOMEM, NULL);
    if (code == EXIT_OK && ng > 0)
        je_accumulation(freq, ns, ng, exact, col, sd);
    static const char *const names[] = {"units", "exact", "coleman", "coleman_sd"};
    static const col_type types[] = {COL_NUM, COL_NUM, COL_NUM, COL_NUM};
    out_table *t = code == EXIT_OK ? out_table_new("Species accumulation", 4, names, types) : NULL;
    for (size_t k = 0; t && k < ng; k++) {
        char v[4][32];
        snprintf(v[0], 32, "%zu", k + 1);
        fmt(v[1], 32, exact[k], 3);
        fmt(v[2], 32, col[k], 3);
        fmt(v[3], 32, sd[k], 3);
        const char *cells[4] = {v[0], v[1], v[2], v[3]};
        out_table_add(t, cells);
    }
    if (t)
        out_table_print(t, c->format, stdout);
    else if (code == EXIT_OK)
        code = cli_fail(c, JE_ENOMEM, NULL);
    out_table_free(t);
    je_strmap_free(idx);
    free(freq);
    free(exact);
    free(col);
    free(sd);
    return code;
}

/* Rarefaction curves (vegan rarecurve): E[S_n] of each group at 20 sample sizes
 * n = round(N k / 20), k = 1 … 20, and at n = 1. */
static int rarefaction_table(cli *c, const group *g, size_t ng)
{
    static const char *const names[] = {"group", "n", "expected_S"};
    static const col_type types[] = {COL_TEXT, COL_NUM, COL_NUM};
    out_table *t = out_table_new("Rarefaction curves", 3, names, types);
    if (t == NULL)
        return cli_fail(c, JE_ENOMEM, NULL);
    for (size_t i = 0; i < ng; i++) {
        double total = 0, last = 0;
        for (size_t s = 0; s < g[i].n; s++)
            total += g[i].count[s];
        for (int k = 0; k <= 20 && total >= 1; k++) {
            double n = k == 0 ? 1 : round(total * k / 20.0);
            if (n < 1 || n <= last)
                continue;
            last = n;
            char v[2][32];
            fmt(v[0], 32, n, 0);
            fmt(v[1], 32, je_rarefy(g[i].count, g[i].n, n), 3);
            const char *cells[3] = {g[i].key, v[0], v[1]};
            out_table_add(t, cells);
        }
    }
    out_table_print(t, c->format, stdout);
    out_table_free(t);
    return EXIT_OK;
}

int cmd_ecology_survey(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {{"input", required_argument, NULL, 'i'},
                                             {"jurisdiction", required_argument, NULL, 'j'},
                                             {"by", required_argument, NULL, 'b'},
                                             {"rarefy", required_argument, NULL, 'r'},
                                             {"compare", required_argument, NULL, 'c'},
                                             {"export", required_argument, NULL, 'e'},
                                             {"curves", required_argument, NULL, 'k'},
                                             {NULL, 0, NULL, 0}};
    const char *input = NULL, *compare = NULL, *export = NULL, *jur = NULL, *curves = NULL;
    int by = 0;
    double rarefy = NAN;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'i':
            input = optarg;
            break;
        case 'j':
            jur = optarg;
            break;
        case 'b':
            by = strcmp(optarg, "site") == 0 ? 0 : strcmp(optarg, "jurisdiction") == 0 ? 1
                 : strcmp(optarg, "event") == 0                                    ? 2
                 : strcmp(optarg, "round") == 0                                    ? 3
                                                                                    : -1;
            if (by < 0)
                return cli_usage_error(c, "ecology survey",
                                       "--by must be site, jurisdiction, event or round");
            break;
        case 'r': {
            char *end;
            rarefy = strtod(optarg, &end);
            if (*end || !(rarefy >= 1))
                return cli_usage_error(c, "ecology survey", "--rarefy must be 1 or more");
            break;
        }
        case 'c':
            compare = optarg;
            break;
        case 'e':
            export = optarg;
            break;
        case 'k':
            if (strcmp(optarg, "accumulation") != 0 && strcmp(optarg, "rarefaction") != 0)
                return cli_usage_error(c, "ecology survey",
                                       "--curves must be accumulation or rarefaction");
            curves = optarg;
            break;
        default:
            return cli_usage_error(c, "ecology survey", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (input == NULL && optind < argc)
        input = argv[optind++];
    if (optind != argc)
        return cli_usage_error(c, "ecology survey", "unexpected argument '%s'", argv[optind]);
    je_occurrence *occ = NULL;
    size_t n = 0;
    je_diag diag;
    je_diag_init(&diag, 50);
    je_error err;
    je_error_clear(&err);
    je_status st;
    if (input == NULL) { /* the database */
        je_db *db = cli_open_db(c);
        if (db == NULL) {
            je_diag_free(&diag);
            return EXIT_RUNTIME;
        }
        st = je_store_occurrences(db, jur, &occ, &n, &err);
        je_db_close(db);
        if (st == JE_OK && n == 0) {
            fprintf(stderr,
                    "%s: no survey occurrences%s%s in %s (import them: jointenv import dwc "
                    "FILE, or give --input FILE)\n",
                    c->prog, jur ? " of " : "", jur ? jur : "", c->db_path);
            je_diag_free(&diag);
            free(occ);
            return EXIT_RUNTIME;
        }
    } else {
        st = je_dwc_read(input, &occ, &n, &diag, &err);
        size_t k = 0; /* --jurisdiction over a file too */
        for (size_t i = 0; st == JE_OK && jur && i < n; i++)
            if (strcmp(occ[i].jurisdiction, jur) == 0)
                occ[k++] = occ[i];
        if (jur)
            n = k;
    }
    if (st != JE_OK) {
        je_diag_free(&diag);
        return cli_fail(c, st, &err);
    }
    if (diag.total) {
        cli_print_diag(&diag);
        fprintf(stderr, "%s: %zu bad row(s); nothing computed\n", input ? input : c->db_path,
                diag.total);
        je_diag_free(&diag);
        free(occ);
        return EXIT_BADDATA;
    }
    je_diag_free(&diag);
    group *g = NULL;
    size_t ng = 0, cap = 0;
    int code = EXIT_OK;
    for (size_t i = 0; i < n && code == EXIT_OK; i++)
        if (!add(&g, &ng, &cap, &occ[i], by))
            code = cli_fail(c, JE_ENOMEM, NULL);
    if (code == EXIT_OK && isnan(rarefy)) /* the smallest group's N */
        for (size_t i = 0; i < ng; i++) {
            double t = 0;
            for (size_t s = 0; s < g[i].n; s++)
                t += g[i].count[s];
            if (t >= 1 && (isnan(rarefy) || t < rarefy))
                rarefy = t;
        }
    static const char *const names[] = {"group", "S",     "N",        "shannon", "simpson",
                                        "chao1", "chao1_lo", "chao1_hi", "ace",  "rarefied_S",
                                        "rarefied_n"};
    static const col_type types[] = {COL_TEXT, COL_NUM, COL_NUM, COL_NUM, COL_NUM, COL_NUM,
                                     COL_NUM,  COL_NUM, COL_NUM, COL_NUM, COL_NUM};
    if (code == EXIT_OK && curves)
        code = curves[0] == 'a' ? accumulation_table(c, g, ng) : rarefaction_table(c, g, ng);
    out_table *t =
        code == EXIT_OK && !curves ? out_table_new("Survey diversity", 11, names, types) : NULL;
    for (size_t i = 0; t && i < ng; i++) {
        je_diversity d;
        if (je_diversity_compute(g[i].count, g[i].n, M_E, &d, &err) != JE_OK)
            continue; /* N = 0: presence-only with zero counts */
        char v[10][32];
        snprintf(v[0], 32, "%lld", (long long)d.S);
        fmt(v[1], 32, d.N, 0);
        fmt(v[2], 32, d.shannon, 4);
        fmt(v[3], 32, d.simpson, 4);
        fmt(v[4], 32, d.chao1, 2);
        fmt(v[5], 32, d.chao1_lo, 2);
        fmt(v[6], 32, d.chao1_hi, 2);
        fmt(v[7], 32, d.ace, 2);
        fmt(v[8], 32, je_rarefy(g[i].count, g[i].n, rarefy), 3);
        fmt(v[9], 32, rarefy, 0);
        const char *cells[11] = {g[i].key, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]};
        out_table_add(t, cells);
    }
    if (t)
        out_table_print(t, c->format, stdout);
    out_table_free(t);
    if (code == EXIT_OK && compare) {
        char a[128] = "", b[128] = "";
        const char *comma = strchr(compare, ',');
        const group *ga = NULL, *gb = NULL;
        if (comma) {
            snprintf(a, sizeof a, "%.*s", (int)(comma - compare), compare);
            snprintf(b, sizeof b, "%s", comma + 1);
        }
        for (size_t i = 0; i < ng; i++) {
            if (strcmp(g[i].key, a) == 0)
                ga = &g[i];
            if (strcmp(g[i].key, b) == 0)
                gb = &g[i];
        }
        if (ga == NULL || gb == NULL) {
            fprintf(stderr, "%s: --compare A,B: no group '%s'\n", c->prog, ga ? b : a);
            code = EXIT_USAGE;
        } else {
            size_t shared;
            double sor, jac;
            je_similarity((const char *const *)ga->species, ga->n,
                          (const char *const *)gb->species, gb->n, &shared, &sor, &jac);
            fprintf(c->format == OUT_TABLE ? stdout : stderr,
                    "%s and %s share %zu species: Sorensen %.4f, Jaccard %.4f\n", a, b, shared,
                    sor, jac);
        }
    }
    if (code == EXIT_OK && export && (st = je_dwc_write(export, occ, n, &err)) != JE_OK)
        code = cli_fail(c, st, &err);
    for (size_t i = 0; i < ng; i++) {
        free(g[i].species);
        free(g[i].count);
    }
    free(g);
    free(occ);
    return code;
}
