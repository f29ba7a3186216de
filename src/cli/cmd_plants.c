/*
 * cmd_plants.c — jointenv import plants|receptors: cement clinker lines and the
 * population receptors of the staggered-production model (formats: docs/plants.md).
 */
#include "cli/cli.h"

const char plants_usage[] =
    "FILE columns:\n"
    "  code,plant,name_zh,name_en,jurisdiction,lon,lat,region,capacity_t_d,\n"
    "  stack_height_m,stack_diam_m,exit_v_m_s,exit_temp_k,grade,coprocessing,\n"
    "  special_cement_pct,carbide_slag,heating_duty,pm_g_s,so2_g_s,nox_g_s,limits\n"
    "  region: the market region the line supplies (a free code, e.g. SC-NE).\n"
    "  capacity_t_d: clinker t/day, 100-20000. Stack: height 10-300 m, diameter\n"
    "    0.5-15 m, exit velocity 1-40 m/s, exit temperature 300-700 K.\n"
    "  grade: performance grade A|B|C|D. coprocessing, carbide_slag, heating_duty: 0|1;\n"
    "    special_cement_pct: whole percent 0-100.\n"
    "  Emission rates at full output, either measured (pm_g_s,so2_g_s,nox_g_s all given,\n"
    "    limits empty) or derived (all three empty, limits general|special|ultra-low):\n"
    "    limit (mg/Nm3; GB 4915-2013 Table 1 30/200/400, Table 2 20/100/320, ultra-low\n"
    "    10/35/50) x 2300 Nm3/t x capacity / 86400 s / 1000; the derivation is stored\n"
    "    as the line's basis.\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update lines that already exist\n"
    "  --max-errors N  list at most N bad rows (default 50)\n\n"
    "All or nothing: one transaction per file; a code twice in one file is an error.\n";

const char receptors_usage[] =
    "FILE columns: code,name_zh,name_en,jurisdiction,lon,lat,population\n"
    "  A city, district or town centre and the number of people it stands for (> 0).\n\n"
    "Options:\n"
    "  --dry-run       validate (against the database too); write nothing\n"
    "  --replace       update receptors that already exist\n"
    "  --max-errors N  list at most N bad rows (default 50)\n\n"
    "All or nothing: one transaction per file; a code twice in one file is an error.\n";

int cmd_import_plants(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_plants);
}

int cmd_import_receptors(cli *c, int argc, char **argv)
{
    return cli_import_cmd(c, argc, argv, je_import_receptors);
}
