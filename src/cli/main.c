/*
 * main.c — the jointenv command line: global options, the command table, help,
 * and the helpers every command shares (database, errors, progress).
 */
#include "cli/cli.h"
#include "jointenv/governance.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static const cli_command commands[] = {
    {NULL, "init", cmd_init, "Create the database or bring its schema up to date",
     "Creates the database file if it does not exist and applies every schema migration.\n"},
    {NULL, "demo", cmd_demo, "Load the Sichuan-Chongqing demo data set",
     "Options:\n"
     "  --data DIR   the demo folder (default: $JOINTENV_DATA/demo/chengyu, else the\n"
     "               data/demo/chengyu of the source tree jointenv was built from)\n\n"
     "Loads the synthetic Sichuan-Chongqing demo (see data/demo/chengyu/README.md):\n"
     "jurisdictions, monitoring sections and their 2021-2022 monthly water samples, air\n"
     "stations and their 2022 hourly observations, cement clinker lines and population\n"
     "receptors, the river network (nodes, reaches, monthly conditions, loads), section\n"
     "flows, energy activity data, coal units, renewable installations and cleaner-\n"
     "production audits. Records that already exist are replaced, so running it twice is\n"
     "harmless.\n"},
    {"import", "jurisdictions", cmd_import_jurisdictions, "Import jurisdictions (CSV)",
     "FILE columns: code,name_zh,name_en,utc_offset (GB/T 2260 code, e.g. +08:00)\n\n"
     "Options:\n"
     "  --dry-run       validate only; write nothing\n"
     "  --replace       update jurisdictions that already exist\n"
     "  --max-errors N  list at most N bad rows (default 50)\n"},
    {"import", "sections", cmd_import_sections, "Import monitoring sections (CSV)",
     "FILE columns: code,name_zh,name_en,river_code,river_zh,river_en,basin_code,basin_zh,\n"
     "  basin_en,lon,lat,kind,owner,upstream,downstream,target_class,waterbody\n"
     "  kind: national|provincial|boundary; upstream/downstream: jurisdiction codes, for\n"
     "  boundary sections only; target_class: I-V; waterbody: river|lake.\n\n"
     "Options:\n"
     "  --dry-run       validate only; write nothing\n"
     "  --replace       update sections that already exist\n"
     "  --max-errors N  list at most N bad rows (default 50)\n\n"
     "The whole file is one transaction: any bad row rejects the file (exit 3), the\n"
     "database stays exactly as it was, and every bad row is listed as path:line:column.\n"},
    {"import", "water-samples", cmd_import_water_samples,
     "Import water samples (CSV, wide or long)",
     "FILE layouts:\n"
     "  wide: section,sampled_at,<item>...[,<item>_flag...]   (header \"hg[ug/L]\" sets a unit)\n"
     "  long: section,sampled_at,item,value[,unit][,flag]\n"
     "Items: ph do codmn cod bod5 nh3n tp tn cu zn f se as hg cd cr6 pb cn phenol oil las s2\n"
     "  fcoli. Units mg/L (pH none; fcoli count/L) unless given (ug/L, ng/L, MPN/100mL ...).\n"
     "Flags: L (or <, ND) below detection limit, the value being the limit; \"0.01L\" and\n"
     "  \"<0.01\" in a value mean the same; X invalid (kept, not assessed).\n"
     "sampled_at: ISO 8601; without an offset, local time of the section's jurisdiction.\n\n"
     "Options:\n"
     "  --dry-run       validate (against the database too); write nothing\n"
     "  --replace       overwrite values already stored for the same section, time, item\n"
     "  --max-errors N  list at most N bad rows (default 50)\n\n"
     "All or nothing: one transaction per file; a duplicate (section, time, item) is an\n"
     "error unless --replace (twice in one file is always an error).\n"},
    {"import", "air-stations", cmd_import_air_stations, "Import air monitoring stations (CSV)",
     "FILE columns: code,name_zh,name_en,city,city_zh,city_en,district,jurisdiction,lon,lat,kind\n"
     "  city: the code of the city (or district) the station is assessed with, e.g. 510100;\n"
     "  cities are created from their codes. kind: national|provincial|background.\n\n"
     "Options:\n"
     "  --dry-run       validate only; write nothing\n"
     "  --replace       update stations that already exist\n"
     "  --max-errors N  list at most N bad rows (default 50)\n"},
    {"import", "air-hourly", cmd_import_air_hourly, "Import hourly air observations (CSV)",
     "FILE layouts:\n"
     "  wide: station,time,<pollutant>...[,<pollutant>_flag...]  (\"co[ug/m3]\" sets a unit)\n"
     "  long: station,time,pollutant,value[,unit][,flag]\n"
     "Pollutants: so2 no2 co o3 pm10 pm25, in ug/m3 (co mg/m3) unless a unit is given.\n"
     "time: the start of the hour the value averages (2022-01-01T08:00 = 08:00-09:00),\n"
     "  ISO 8601; without an offset, local time of the station's jurisdiction.\n"
     "Flags: empty or V valid; X (and H B BB W HSp LSp PZ PS AS CZ CS Re M F T) invalid:\n"
     "  kept, never used in any figure.\n\n"
     "Options:\n"
     "  --dry-run       validate (against the database too); write nothing\n"
     "  --replace       overwrite stored values of the same station, hour, pollutant (late\n"
     "                  or corrected data); every figure is recomputed from the hours\n"
     "  --max-errors N  list at most N bad rows (default 50)\n"},
    {"import", "plants", cmd_import_plants, "Import cement clinker lines (CSV)", plants_usage},
    {"import", "receptors", cmd_import_receptors, "Import population receptors (CSV)",
     receptors_usage},
    {"import", "list", cmd_import_list, "List accepted imports (provenance)",
     "Options:\n"
     "  --limit N   the N most recent (default: all)\n\n"
     "Every accepted file, newest first: batch number, time (UTC), kind, file name, the\n"
     "SHA-256 of its bytes (check a file with sha256sum), rows, inserted and updated\n"
     "records, whether --replace was used, and who imported it. A rejected file leaves\n"
     "no batch because it changed nothing.\n"},
    {"water", "classify", cmd_water_classify, "Classify samples by GB 3838-2002 (no database)",
     "Options:\n"
     "  --input FILE            CSV: sample_id and any item codes (see import water-samples),\n"
     "                          optional per-row waterbody (river|lake); '-' reads stdin\n"
     "  --waterbody river|lake  default waterbody (TP limits differ); default river\n\n"
     "Output per sample: sample_id, class (1-6, 6 = worse than V), class_label, status,\n"
     "main_pollutants (item(exceedance multiple over Class III)), <item>_class per item.\n"},
    {"water", "assess", cmd_water_assess, "Assess sections, rivers, basins, jurisdictions",
     "Options:\n"
     "  --period P            2022, 2022-Q1 or 2022-03 (default: the latest year with data)\n"
     "  --section CODE        one section\n"
     "  --river NAME          a river by code, Chinese or English name\n"
     "  --jurisdiction CODE   sections located in, or flowing from/into, a jurisdiction\n"
     "  --boundary-only       only boundary sections\n"
     "  --level L             section (default), river, basin, jurisdiction, or all\n\n"
     "Month = the sample; quarter and year = mean of the samples (2011 method). Groups of\n"
     "fewer than 5 sections are judged by mean concentrations, 5 or more by the share of\n"
     "sections in I-III and in worse-than-V. 'change' compares with the previous period.\n"},
    {"water", "samples", cmd_water_samples, "List stored samples (re-importable CSV)",
     "Options:\n"
     "  --period P            2022, 2022-Q1 or 2022-03 (default: all)\n"
     "  --section CODE        one section\n"
     "  --river NAME          a river by code, Chinese or English name\n"
     "  --jurisdiction CODE   sections located in, or flowing from/into, a jurisdiction\n"
     "  --boundary-only       only boundary sections\n\n"
     "One row per sample with its local time and a column per item present. Values below\n"
     "the detection limit are written '0.01L'; values flagged invalid get an <item>_flag X.\n"
     "The CSV output imports back unchanged (jointenv import water-samples).\n"},
    {"air", "aqi", cmd_air_aqi, "Compute AQI by HJ 633 (calculator, no database)",
     "Options:\n"
     "  --input FILE        CSV: id and any of so2 no2 co o3_1h o3_8h pm10 pm25 (ug/m3, co\n"
     "                      mg/m3), optional date and so2_24h; '-' reads stdin\n"
     "  --report R          daily (default): 24-h means, O3 daily max 1 h and 8 h;\n"
     "                      hourly: 1-h values, O3 8-h moving, PM 24-h moving (2012)\n"
     "  --standard S        auto (default: by the row's date; HJ 633-2026 from 2026-03-01,\n"
     "                      today's when there is no date), hj633-2012, hj633-2026\n"
     "  --rounding R        ceil (default; the standard rounds IAQI up), round, none\n"
     "  --date-column NAME  the date column (default 'date')\n\n"
     "Output per row: id, aqi, level (1-6), category (Chinese and English), primary\n"
     "pollutants (';'-joined, empty when AQI <= 50), the standard used, iaqi_<item>.\n"},
    {"air", "daily", cmd_air_daily, "Daily AQI and concentrations by city (stored hours)",
     "Options:\n"
     "  --from D --to D     local dates YYYY-MM-DD (default: all stored days)\n"
     "  --city C            a city by code, Chinese or English name\n"
     "  --station S         one station (its city's value is then that station's)\n"
     "  --jurisdiction J    cities of one jurisdiction\n"
     "  --standard S        auto (default), hj633-2012, hj633-2026\n"
     "  --rounding R        ceil (default), round, none\n"
     "  --by city|station   one row per city and day (default) or per station and day\n"
     "  --input FILE        no database: every station of an hourly CSV (wide layout,\n"
     "                      station,time,<pollutants>); large files are read in parallel\n"
     "  --utc-offset +HH:MM with --input: the offset of times without one (default +08:00)\n\n"
     "A city's hour is the mean of its stations (HJ 663); a 24-h mean needs >= 20 valid\n"
     "hours, an 8-h O3 mean >= 6, the daily max 8-h O3 >= 14 of its 17 windows (GB 3095\n"
     "Table 4). completeness = valid hour-values / expected; computed from the stored\n"
     "hours on every call, so corrected data show at once.\n"},
    {"air", "assess", cmd_air_assess, "Annual assessment by city (HJ 663, GB 3095)",
     "Options:\n"
     "  --year Y            the year (default: the latest with data)\n"
     "  --city C, --station S, --jurisdiction J, --standard S, --rounding R  as air daily\n"
     "  --edition E         GB 3095 limits: 2012, 2026-transitional, 2026 (default: the\n"
     "                      edition in force on the year's last day)\n"
     "  --limits FILE       judge against limits from a JSON file (a base edition and the\n"
     "                      values that override it; see docs/air.md)\n\n"
     "Per city: days with an AQI, good days (AQI <= 100) and their share, heavy days (AQI\n"
     "> 200), annual means, the 95th (PM, CO) / 90th (O3 8 h) percentiles, the composite\n"
     "index, compliance with Grade II and which pollutants miss it, and completeness\n"
     "(>= 324 valid days, >= 27 a month, 25 in February).\n"},
    {"air", "alerts", cmd_air_alerts, "Heavy-pollution alerts and joint regional alerts",
     "Options:\n"
     "  --forecast FILE     CSV city,date,aqi (daily AQI) or city,time,aqi (rolling 24-h\n"
     "                      AQI each hour); without it, the daily AQI of the stored hours\n"
     "                      between --from and --to is used (a hindcast)\n"
     "  --rules FILE        rule set for every side (default data/rules/air-alert-mee-2017.json)\n"
     "  --rules-for J=FILE  rule set for jurisdiction J (repeatable)\n"
     "  --show W            alerts, joint or all (default; csv needs one)\n"
     "  --city C, --jurisdiction J, --from D, --to D, --standard S, --rounding R\n\n"
     "Episodes: runs of days above the rule set's lowest trigger, merged across short gaps,\n"
     "issued at the highest level reached, with the level's emission-reduction duty. A joint\n"
     "alert is a time when cities of both jurisdictions are in alert. Rule-set format:\n"
     "docs/air-alerts.md.\n"},
    {"air", "plume", cmd_air_plume, "Gaussian plume calculator (published cases, no database)",
     air_plume_usage},
    {"air", "dispersion", cmd_air_dispersion, "Concentration field of the cement lines",
     air_dispersion_usage},
    {"stagger", "plan", cmd_stagger_plan, "Plan the staggered production of clinker lines",
     stagger_plan_usage},
    {"stagger", "check", cmd_stagger_check, "Check a stop schedule against every rule",
     stagger_check_usage},
    {"stagger", "export", cmd_stagger_export, "A line's stop calendar (CSV or iCalendar)",
     stagger_export_usage},
    {"river", "dosag", cmd_river_dosag, "Streeter-Phelps oxygen-sag calculator (no database)",
     river_dosag_usage},
    {"import", "river-nodes", cmd_import_river_nodes, "Import river network nodes (CSV)",
     river_nodes_usage},
    {"import", "reaches", cmd_import_reaches, "Import river reaches (CSV or GeoJSON)",
     reaches_usage},
    {"import", "reach-conditions", cmd_import_reach_conditions,
     "Import monthly reach flows and temperatures (CSV)", reach_conditions_usage},
    {"import", "river-sections", cmd_import_river_sections,
     "Import where sections lie on reaches (CSV)", river_sections_usage},
    {"import", "river-loads", cmd_import_river_loads, "Import outfalls, WWTPs, tributaries (CSV)",
     river_loads_usage},
    {"import", "load-values", cmd_import_load_values, "Import loads' monthly flows and values (CSV)",
     load_values_usage},
    {"import", "headwaters", cmd_import_headwaters, "Import node inflow concentrations (CSV)",
     headwaters_usage},
    {"river", "model", cmd_river_model, "Model a month on the stored network; compare to samples",
     river_model_usage},
    {"river", "attribute", cmd_river_attribute, "A section's concentration by load and jurisdiction",
     river_attribute_usage},
    {"river", "cuts", cmd_river_cuts, "Least load cuts that bring sections to a target (LP)",
     river_cuts_usage},
    {"river", "export", cmd_river_export, "The river network as GeoJSON (for maps)",
     river_export_usage},
    /* -- river network and transport model (issue 5; cmd_river.c) -- */
    {"import", "section-flows", cmd_import_section_flows,
     "Import monitored monthly flows of sections (CSV)", section_flows_usage},
    {"compensation", "settle", cmd_compensation_settle,
     "Settle ecological compensation for a year or month (recorded as a run)",
     compensation_settle_usage},
    {"compensation", "ledger", cmd_compensation_ledger,
     "The compensation ledger with running balances per pair", compensation_ledger_usage},
    {"compensation", "explain", cmd_compensation_explain,
     "Every input, the formula and the clause of one section's settlement",
     compensation_explain_usage},
    {"run", "list", cmd_run_list, "Runs: the provenance of published figures", run_list_usage},
    {"run", "show", cmd_run_show, "One run: engine, hashes, parameters, canonical bytes",
     run_show_usage},
    {"run", "verify", cmd_run_verify, "Re-run a run from the current data; compare the bytes",
     run_verify_usage},
    /* -- ecological compensation and runs (issue 5; cmd_compensation.c) -- */
    {"water", "allocate", cmd_water_allocate,
     "Basin water allocation by priority (LP; no database)", water_allocate_usage},
    /* -- water allocation (issue 5; cmd_allocate.c) -- */
    {"user", "add", cmd_user_add, "Add a user (password hashed with Argon2id)", user_add_usage},
    {"user", "list", cmd_user_list, "List users and their roles", user_list_usage},
    {"user", "grant", cmd_user_grant, "Grant a role in a jurisdiction or the joint office",
     user_grant_usage},
    {"user", "revoke", cmd_user_revoke, "Revoke a role", user_revoke_usage},
    {"user", "passwd", cmd_user_passwd, "Set or remove a user's password", user_passwd_usage},
    {"token", "create", cmd_token_create, "Create an API token (shown once)", token_create_usage},
    {"token", "list", cmd_token_list, "List API tokens (never their secrets)", token_list_usage},
    {"token", "revoke", cmd_token_revoke, "Revoke an API token", token_revoke_usage},
    {"audit", "log", cmd_audit_log, "Show the audit log or one record's history", audit_log_usage},
    {"audit", "verify", cmd_audit_verify, "Verify the hash chain and imported rows",
     audit_verify_usage},
    {"audit", "export", cmd_audit_export, "Write a signed bundle of the audit log",
     audit_export_usage},
    {"audit", "verify-bundle", cmd_audit_verify_bundle, "Verify a signed audit bundle",
     audit_verify_bundle_usage},
    {"audit", "keygen", cmd_audit_keygen, "Make a jurisdiction's signing key pair",
     audit_keygen_usage},
    /* -- users, tokens and the audit log (issue 6; cmd_user.c, cmd_audit.c) -- */
    {"import", "energy-activity", cmd_import_energy_activity,
     "Import energy activity data (CSV, long; units checked)", energy_activity_usage},
    {"import", "coal-units", cmd_import_coal_units, "Import coal power units (CSV)",
     coal_units_usage},
    {"energy", "account", cmd_energy_account, "Energy (tce) and CO2 accounts, intensities",
     energy_account_usage},
    {"energy", "barometer", cmd_energy_barometer, "Dual-control barometer (red/yellow/green)",
     energy_barometer_usage},
    {"energy", "pathway", cmd_energy_pathway, "Carbon-peak pathway (Kaya, LMDI) by scenario",
     energy_pathway_usage},
    {"coal", "units", cmd_coal_units, "List coal power units with their CO2",
     coal_units_list_usage},
    {"coal", "plan", cmd_coal_plan, "Plan coal-unit retirements (MILP and ranked rules)",
     coal_plan_usage},
    {"import", "renewables", cmd_import_renewables, "Import renewable installations (CSV)",
     renewables_usage},
    {"energy", "nonfossil", cmd_energy_nonfossil, "Clean-energy corridor: non-fossil shares",
     energy_nonfossil_usage},
    {"import", "cp-audits", cmd_import_cp_audits, "Import cleaner-production audits (CSV)",
     cp_audits_usage},
    {"audits", "list", cmd_audits_list, "Cleaner-production audits: stage, deadline, expiry",
     audits_list_usage},
    {"audits", "show", cmd_audits_show, "One enterprise's cleaner-production audit",
     audits_show_usage},
    {"audits", "update", cmd_audits_update, "Move an audit to its next stage (logged)",
     audits_update_usage},
    {"audits", "summary", cmd_audits_summary, "Audits and savings by jurisdiction and sector",
     audits_summary_usage},
    /* -- energy, carbon, coal units, audits (issue 8; cmd_energy.c) -- */
    {"ecology", "circuit", cmd_ecology_circuit,
     "Circuit theory (Circuitscape): pairwise resistances and current maps", ecology_circuit_usage},
    {"ecology", "corridors", cmd_ecology_corridors,
     "Least-cost paths, corridors and ranked linkages between habitat patches",
     ecology_corridors_usage},
    {"ecology", "diversity", cmd_ecology_diversity,
     "Diversity indices per site: Shannon, Simpson, Chao1, ACE (calculator)",
     ecology_diversity_usage},
    {"ecology", "survey", cmd_ecology_survey,
     "Darwin Core surveys: diversity per site or side, rarefaction, shared species",
     ecology_survey_usage},
    /* -- ecology: corridors, circuits, diversity (issue 9; cmd_ecology.c) -- */
    {"waste", "indicators", cmd_waste_indicators, "Zero-waste city indicators per district",
     waste_indicators_usage},
    {"waste", "score", cmd_waste_score, "Zero-waste composite score, rank and change",
     waste_score_usage},
    {"waste", "report", cmd_waste_report, "A district's zero-waste report card (Markdown/HTML)",
     waste_report_usage},
    {"genebank", "status", cmd_genebank_status, "Gene-bank accessions: regeneration and stock",
     genebank_status_usage},
    {"forest", "progress", cmd_forest_progress, "Forest coverage and stock against targets",
     forest_progress_usage},
    {"import", "tasks", cmd_import_tasks, "Import the joint programme's tasks (CSV)",
     tasks_import_usage},
    {"import", "milestones", cmd_import_milestones, "Import task milestones (CSV)",
     milestones_import_usage},
    {"import", "task-evidence", cmd_import_task_evidence,
     "Import task evidence: text, files, live indicators (CSV)", evidence_import_usage},
    {"tasks", "list", cmd_tasks_list, "Joint programme tasks: status, progress, overdue, at risk",
     tasks_list_usage},
    {"tasks", "show", cmd_tasks_show, "One task: milestones, evidence (live), sign-offs",
     tasks_show_usage},
    {"tasks", "update", cmd_tasks_update, "Update a task's status, progress, milestones, evidence",
     tasks_update_usage},
    {"tasks", "sign", cmd_tasks_sign, "Sign a task off for the lead or co-lead (both: done)",
     tasks_sign_usage},
    {"tasks", "report", cmd_tasks_report, "Progress report by category (Markdown or HTML)",
     tasks_report_usage},
    {"tasks", "indicators", cmd_tasks_indicators, "Live indicators tasks link to, computed now",
     tasks_indicators_usage},
    {"import", "outfalls", cmd_import_outfalls, "Import the outfall registry (CSV)",
     outfalls_usage},
    {"import", "inspectors", cmd_import_inspectors, "Import inspector pools (CSV)",
     inspectors_usage},
    {"outfall", "list", cmd_outfall_list, "The outfall registry (table or GeoJSON)",
     outfall_list_usage},
    {"outfall", "show", cmd_outfall_show, "One outfall", outfall_show_usage},
    {"inspector", "list", cmd_inspector_list, "Inspector pools", inspector_list_usage},
    {"inspect", "draw", cmd_inspect_draw,
     "Double-random draw of targets and mixed teams (recorded before shown)", inspect_draw_usage},
    {"inspect", "draws", cmd_inspect_draws, "Recorded draws", inspect_draws_usage},
    {"inspect", "show", cmd_inspect_show, "One draw's targets and teams", inspect_show_usage},
    {"inspect", "close", cmd_inspect_close, "Close a draw: publish its results",
     inspect_close_usage},
    {"inspect", "record", cmd_inspect_record, "Record an inspection (a finding opens a case)",
     inspect_record_usage},
    {"cases", "list", cmd_cases_list, "Rectification cases: state, deadline, escalation",
     cases_list_usage},
    {"cases", "show", cmd_cases_show, "One rectification case and its history", cases_show_usage},
    {"cases", "update", cmd_cases_update, "Move a case (state machine, permissions, logged)",
     cases_update_usage},
    {"patrol", "plan", cmd_patrol_plan, "Plan a joint patrol over river reaches",
     patrol_plan_usage},
    {"patrol", "log", cmd_patrol_log, "Log a patrol: track point, observation, photo, finding",
     patrol_log_usage},
    {"patrol", "list", cmd_patrol_list, "Joint patrols", patrol_list_usage},
    {"patrol", "show", cmd_patrol_show, "One patrol and its log", patrol_show_usage},
    {"import", "enterprises", cmd_import_enterprises,
     "Import enterprises (CSV; GB 32100 credit codes checked)", enterprises_usage},
    {"import", "enterprise-links", cmd_import_enterprise_links,
     "Link clinker lines, coal units, audits to enterprises (CSV)", enterprise_links_usage},
    {"import", "cp-options", cmd_import_cp_options,
     "Import cleaner-production audit options, one by one (CSV)", cp_options_usage},
    {"enterprise", "list", cmd_enterprise_list, "Enterprises with their linked records",
     enterprise_list_usage},
    {"enterprise", "show", cmd_enterprise_show,
     "Everything the registries know about one enterprise", enterprise_show_usage},
    {"enterprise", "check", cmd_enterprise_check,
     "Check unified social credit codes (GB 32100-2015)", enterprise_check_usage},
    {"import", "dwc", cmd_import_dwc,
     "Import a Darwin Core survey (CSV or archive .zip): events and occurrences",
     import_dwc_usage},
    {"import", "waste-districts", cmd_import_waste_districts,
     "Import zero-waste city districts (CSV)", import_waste_districts_usage},
    {"import", "waste-data", cmd_import_waste_data,
     "Import zero-waste indicator data per district and year (CSV)", import_waste_data_usage},
    {"import", "genebank", cmd_import_genebank, "Import gene-bank accessions (CSV)",
     import_genebank_usage},
    {"import", "forests", cmd_import_forests,
     "Import forest coverage, stock and afforestation per unit and year (CSV)",
     import_forests_usage},
    {"import", "forest-targets", cmd_import_forest_targets, "Import forest targets (CSV)",
     import_forest_targets_usage},
    {"waste", "verify", cmd_waste_verify,
     "Recompute a published zero-waste run; compare the bytes", waste_verify_usage},
    {"genebank", "update", cmd_genebank_update,
     "Record a regeneration or stock count of an accession (logged)", genebank_update_usage},
    {NULL, "serve", cmd_serve, "Serve the HTTP API and the dashboard", serve_usage},
};

static const size_t ncommands = sizeof commands / sizeof commands[0];

char *cli_read_file(const char *path, size_t *len, je_error *err)
{
    char *buf;
    return je_file_read(path, 0, &buf, len, err) == JE_OK ? buf : NULL;
}

static void print_main_help(const char *prog)
{
    printf("jointenv %s - joint environmental protection platform (Sichuan-Chongqing)\n\n",
           je_version());
    printf("Usage: %s [--db PATH] [--format table|csv|json] COMMAND [ARGS]\n\n", prog);
    printf("Commands:\n");
    for (size_t i = 0; i < ncommands; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s%s%s", commands[i].group ? commands[i].group : "",
                 commands[i].group ? " " : "", commands[i].name);
        printf("  %-26s %s\n", name, commands[i].summary);
    }
    printf("\nGlobal options (anywhere on the line):\n"
           "  --db PATH       database file (default $JOINTENV_DB or ./jointenv.db)\n"
           "  --format F      table (default on a terminal), csv (default otherwise), json\n"
           "  --user NAME     act as NAME (default $JOINTENV_USER); password from\n"
           "                  $JOINTENV_PASSWORD or a prompt; $JOINTENV_TOKEN logs in with an\n"
           "                  API token instead. Without either: the local administrator\n"
           "                  when you own the database file (docs/governance.md)\n"
           "  --help, -h      help; 'jointenv COMMAND --help' for a command\n"
           "  --version       print the version\n\n"
           "Exit codes: 0 ok, 1 runtime error, 2 usage error, 3 invalid input data.\n");
}

void cli_print_help(const cli_command *cmd)
{
    printf("Usage: jointenv %s%s%s [OPTIONS]%s\n\n%s\n\n%s", cmd->group ? cmd->group : "",
           cmd->group ? " " : "", cmd->name,
           cmd->group && strcmp(cmd->group, "import") == 0 && strcmp(cmd->name, "list") != 0
               ? " FILE"
               : "",
           cmd->summary, cmd->usage);
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    }
    return 0;
}

int cli_exit_code(je_status st)
{
    switch (st) {
    case JE_OK:
        return EXIT_OK;
    case JE_EDATA:
        return EXIT_BADDATA;
    case JE_EINVAL:
        return EXIT_USAGE;
    case JE_ENOMEM:
    case JE_EIO:
    case JE_EPERM:
    case JE_ENOTFOUND:
    case JE_ECONFLICT:
    case JE_ESOLVER:
    case JE_EDB:
    case JE_ESCHEMA:
    case JE_EINTERNAL:
    case JE_STATUS_COUNT:
        break;
    }
    return EXIT_RUNTIME;
}

int cli_fail(cli *c, je_status st, const je_error *err)
{
    char buf[1024];
    cli_progress_done(c);
    fprintf(stderr, "%s: error: %s\n", c->prog, je_error_format(err, buf, sizeof buf));
    return cli_exit_code(st);
}

int cli_usage_error(cli *c, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", c->prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s %s --help'.\n", c->prog, cmd);
    return EXIT_USAGE;
}

/* --user NAME (taken by take_globals; else $JOINTENV_USER). */
static const char *opt_user;

/* Who the command acts as (docs/governance.md, "Identity on the command line"):
 * a token ($JOINTENV_TOKEN), else --user/$JOINTENV_USER with a password
 * ($JOINTENV_PASSWORD, else a prompt without echo on a terminal), else the local
 * administrator when the OS user owns the database file, else anonymous. */
static je_status authenticate(cli *c, je_db *db, int file_existed, je_error *err)
{
    const char *token = getenv("JOINTENV_TOKEN");
    const char *user = opt_user ? opt_user : getenv("JOINTENV_USER");
    if (token && *token) {
        je_status st = je_gov_login_token(db, token, err);
        if (st == JE_OK && user && *user && strcmp(user, je_gov_whoami(db)->user) != 0)
            st =
                je_error_set(err, JE_EPERM, "the token in JOINTENV_TOKEN belongs to '%s', not '%s'",
                             je_gov_whoami(db)->user, user);
        return st;
    }
    if (user && *user) {
        const char *pw = getenv("JOINTENV_PASSWORD");
        char buf[1100];
        if (pw == NULL || *pw == '\0') {
            if (cli_read_password("Password for", user, buf, sizeof buf) != 0)
                return je_error_set(err, JE_EPERM,
                                    "user '%s' needs a password: set JOINTENV_PASSWORD, run on a "
                                    "terminal, or use an API token (JOINTENV_TOKEN)",
                                    user);
            pw = buf;
        }
        je_status st = je_gov_login_password(db, user, pw, err);
        memset(buf, 0, sizeof buf);
        return st;
    }
    struct stat sb;
    if (!file_existed || (stat(c->db_path, &sb) == 0 && sb.st_uid == geteuid()))
        je_gov_act_local_admin(db);
    else
        je_gov_logout(db); /* not the file's owner: public records only */
    return JE_OK;
}

int cli_read_password(const char *prompt, const char *user, char *buf, size_t size)
{
    FILE *tty = fopen("/dev/tty", "r+");
    if (tty == NULL || !isatty(fileno(tty))) {
        if (tty)
            fclose(tty);
        return -1;
    }
    struct termios old, quiet;
    int fd = fileno(tty);
    int restore = tcgetattr(fd, &old) == 0;
    if (restore) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    fprintf(tty, "%s %s: ", prompt, user);
    fflush(tty);
    int ok = fgets(buf, (int)size, tty) != NULL;
    if (restore)
        tcsetattr(fd, TCSAFLUSH, &old);
    fputc('\n', tty);
    fclose(tty);
    if (!ok)
        return -1;
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

je_db *cli_open_db(cli *c)
{
    je_db *db;
    je_error err;
    int existed = access(c->db_path, F_OK) == 0;
    je_status st = je_db_open(c->db_path, &db, &err);
    if (st != JE_OK) {
        cli_fail(c, st, &err);
        return NULL;
    }
    if ((st = authenticate(c, db, existed, &err)) != JE_OK) {
        cli_fail(c, st, &err);
        je_db_close(db);
        return NULL;
    }
    return db;
}

static int progress_shown;

void cli_progress(void *ctx, uint64_t done, uint64_t total, const char *what)
{
    cli *c = ctx;
    if (!c->stderr_tty)
        return;
    if (total > 0) {
        int pct = (int)(done * 100 / total);
        if (pct > 100)
            pct = 100;
        char bar[31];
        int fill = pct * 30 / 100;
        for (int i = 0; i < 30; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[30] = '\0';
        fprintf(stderr, "\r%-8s [%s] %3d%%  %.1f/%.1f MB", what, bar, pct, (double)done / 1e6,
                (double)total / 1e6);
    } else {
        fprintf(stderr, "\r%-8s %.1f MB", what, (double)done / 1e6);
    }
    fflush(stderr);
    progress_shown = 1;
}

void cli_progress_done(cli *c)
{
    if (progress_shown && c->stderr_tty)
        fputs("\r\033[K", stderr);
    progress_shown = 0;
}

/* Take --db and --format out of argv wherever they are (before "--"). */
static int take_globals(cli *c, int *argc, char **argv)
{
    int out = 1;
    int n = *argc;
    for (int i = 1; i < n; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        int is_db = 0, is_fmt = 0;
        if (strcmp(a, "--") == 0) {
            while (i < n)
                argv[out++] = argv[i++];
            break;
        }
        if (strcmp(a, "--user") == 0 || strncmp(a, "--user=", 7) == 0) {
            if (a[6] == '=') {
                opt_user = a + 7;
                continue;
            }
            if (i + 1 >= n) {
                fprintf(stderr, "%s: %s needs a value\n", c->prog, a);
                return 0;
            }
            opt_user = argv[++i];
            continue;
        }
        if (strcmp(a, "--db") == 0 || strcmp(a, "--format") == 0) {
            is_db = a[2] == 'd';
            is_fmt = !is_db;
            if (i + 1 >= n) {
                fprintf(stderr, "%s: %s needs a value\n", c->prog, a);
                return 0;
            }
            val = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0) {
            is_db = 1;
            val = a + 5;
        } else if (strncmp(a, "--format=", 9) == 0) {
            is_fmt = 1;
            val = a + 9;
        }
        if (is_db) {
            c->db_path = val;
        } else if (is_fmt) {
            if (strcmp(val, "table") == 0)
                c->format = OUT_TABLE;
            else if (strcmp(val, "csv") == 0)
                c->format = OUT_CSV;
            else if (strcmp(val, "json") == 0)
                c->format = OUT_JSON;
            else {
                fprintf(stderr, "%s: unknown --format '%s' (table, csv or json)\n", c->prog, val);
                return 0;
            }
        } else {
            argv[out++] = argv[i];
        }
    }
    *argc = out;
    argv[out] = NULL;
    return 1;
}

int main(int argc, char **argv)
{
    cli c = {0};
    c.prog = "jointenv";
    c.stdout_tty = isatty(STDOUT_FILENO);
    c.stderr_tty = isatty(STDERR_FILENO);
    c.format = c.stdout_tty ? OUT_TABLE : OUT_CSV;
    const char *env_db = getenv("JOINTENV_DB");
    c.db_path = env_db && *env_db ? env_db : "jointenv.db";
    if (!take_globals(&c, &argc, argv))
        return EXIT_USAGE;
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        print_main_help(c.prog);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("jointenv %s (schema %d)\n", je_version(), je_db_schema_latest());
        return EXIT_OK;
    }
    const char *word = argv[1];
    int is_group = 0;
    for (size_t i = 0; i < ncommands; i++) {
        const cli_command *cmd = &commands[i];
        if (cmd->group == NULL && strcmp(cmd->name, word) == 0) {
            if (cli_wants_help(argc - 1, argv + 1)) {
                cli_print_help(cmd);
                return EXIT_OK;
            }
            return cmd->fn(&c, argc - 1, argv + 1);
        }
        if (cmd->group && strcmp(cmd->group, word) == 0) {
            is_group = 1;
            if (argc > 2 && strcmp(cmd->name, argv[2]) == 0) {
                if (cli_wants_help(argc - 2, argv + 2)) {
                    cli_print_help(cmd);
                    return EXIT_OK;
                }
                return cmd->fn(&c, argc - 2, argv + 2);
            }
        }
    }
    if (is_group) {
        int help = argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0);
        FILE *fp = help ? stdout : stderr;
        if (!help)
            fprintf(fp, "%s: %s: %s '%s'\n", c.prog, word,
                    argc > 2 ? "unknown subcommand" : "missing subcommand",
                    argc > 2 ? argv[2] : "");
        fprintf(fp, "Usage: %s %s SUBCOMMAND [OPTIONS]\n\nSubcommands:\n", c.prog, word);
        for (size_t i = 0; i < ncommands; i++)
            if (commands[i].group && strcmp(commands[i].group, word) == 0)
                fprintf(fp, "  %-16s %s\n", commands[i].name, commands[i].summary);
        return help ? EXIT_OK : EXIT_USAGE;
    }
    fprintf(stderr, "%s: unknown command '%s'\nTry '%s --help'.\n", c.prog, word, c.prog);
    return EXIT_USAGE;
}
