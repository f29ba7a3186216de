/*
 * energy_cli.h — what the energy, coal and audit commands share (cli/energy_opts.c):
 * the common options of energy account|barometer|pathway|nonfossil and coal
 * units|plan, loading the factor files and the stored activity, number cells.
 */
#ifndef JE_CLI_ENERGY_H
#define JE_CLI_ENERGY_H

#include "cli/cli.h"

#include "jointenv/energy.h"

#define FACTOR_OPTIONS                                                                             \
    "  --factors F          fuel CO2 defaults: guideline (default; Chinese GHG guidelines) or\n"   \
    "                       ipcc2006 (IPCC 2006 Vol. 2 Table 2.2); reported with the result\n"     \
    "  --co2-factors FILE   a fuel CO2 file of your own instead (format: docs/energy.md)\n"        \
    "  --tce-factors FILE   standard-coal file (default rules/energy-factors-gbt2589-2020.json)\n" \
    "  --elec-factors FILE  electricity CO2 file (default\n"                                       \
    "                       rules/electricity-factors-mee-2021-2022.json)\n"

typedef struct eargs {
    je_energy_options o;
    const char *co2, *tce, *elecf, *targets, *scenario, *show, *series, *target, *method, *jur;
    int publish; /* energy account --publish */
    char co2_buf[1024], tce_buf[1024], elec_buf[1024], tgt_buf[1024];
} eargs;

/* Parse the options of `cmd` (every command takes the common set and ignores what it
 * does not use; --publish is refused but by "energy account"). -1 when fine, else
 * the exit code. */
int energy_parse(cli *c, const char *cmd, int argc, char **argv, eargs *a);
/* Load and check the three factor files of a; -1 when fine, else the exit code. */
int energy_load_factors(cli *c, const eargs *a, je_energy_factors *f);
/* Stored activity of years from…to; -1 when fine (caller frees *a). */
int energy_load_activity(cli *c, int from, int to, je_energy_activity **a, size_t *n);
/* A number cell by fmt, empty for NAN. */
const char *energy_num(char *buf, size_t size, double v, const char *fmt);
const char *energy_scope_name(je_elec_scope s);
const char *energy_basis_name(je_elec_basis b);
/* Print tables t[0..n): with --format json one object {keys[k]: rows}, otherwise one
 * after the other (a blank line between in table format). NULL tables are skipped. */
void energy_print_tables(cli *c, out_table *const *t, const char *const *keys, size_t n);
/* Integer fen as yuan with two decimals ("1234.50"). */
const char *energy_yuan(char *buf, size_t size, int64_t fen);

#endif
