/*
 * import_kinds.c — the registry of imports by name (jointenv/store.h), shared by the
 * CLI and the HTTP API. An import added to the library is added here once.
 */
#include "jointenv/compensation.h"
#include "jointenv/conserve.h"
#include "jointenv/energy.h"
#include "jointenv/enterprise.h"
#include "jointenv/inspect.h"
#include "jointenv/programme.h"
#include "jointenv/river_store.h"
#include "jointenv/store.h"
#include "jointenv/survey.h"
#include "jointenv/waste.h"

#include <string.h>

static const je_import_kind kinds[] = {
    {"jurisdictions", je_import_jurisdictions, "Jurisdictions (GB/T 2260 codes)", 0},
    {"sections", je_import_sections, "Water monitoring sections", 0},
    {"water-samples", je_import_water_samples, "Water samples (wide or long layout)", 0},
    {"air-stations", je_import_air_stations, "Air monitoring stations", 0},
    {"air-hourly", je_import_air_hourly, "Hourly air observations", 0},
    {"plants", je_import_plants, "Cement clinker lines", 0},
    {"receptors", je_import_receptors, "Population receptors", 0},
    {"river-nodes", je_import_river_nodes, "River network nodes", 0},
    {"reaches", je_import_reaches, "River reaches (CSV or GeoJSON)", 0},
    {"reach-conditions", je_import_reach_conditions, "Reaches' monthly flow and temperature", 0},
    {"river-sections", je_import_river_sections, "Sections located on reaches", 0},
    {"river-loads", je_import_river_loads, "Outfalls, WWTPs, tributaries", 0},
    {"load-values", je_import_load_values, "Loads' monthly flows and values", 0},
    {"headwaters", je_import_headwaters, "Node inflow concentrations", 0},
    {"section-flows", je_import_section_flows, "Monitored monthly flows of sections", 0},
    {"energy-activity", je_import_energy_activity, "Energy activity data (units checked)", 0},
    {"coal-units", je_import_coal_units, "Coal power units", 0},
    {"renewables", je_import_renewables, "Renewable installations", 0},
    {"cp-audits", je_import_cp_audits, "Cleaner-production audits", 0},
    {"cp-options", je_import_cp_options, "Cleaner-production audit options, one by one", 0},
    {"enterprises", je_import_enterprises, "Enterprises (GB 32100 unified social credit codes)", 0},
    {"enterprise-links", je_import_enterprise_links,
     "Links from clinker lines, coal units and audits to enterprises", 0},
    {"tasks", je_import_tasks, "The joint programme's tasks", 0},
    {"milestones", je_import_milestones, "Milestones of the joint programme's tasks", 0},
    {"task-evidence", je_import_task_evidence, "Evidence of tasks (text, file, live indicator)", 0},
    {"outfalls", je_import_outfalls, "Outfall registry (排污口)", 0},
    {"inspectors", je_import_inspectors, "Inspectors of both sides (the draw's pools)", 0},
    {"dwc", je_import_dwc, "Biodiversity surveys, Darwin Core CSV or archive (.zip)", 1},
    {"waste-districts", je_import_waste_districts, "Zero-waste cities and districts", 0},
    {"waste-data", je_import_waste_values, "Zero-waste indicator inputs per district and year", 0},
    {"genebank", je_import_genebank, "Gene-bank accessions", 0},
    {"forests", je_import_forests, "Forest indicators per jurisdiction and district", 0},
    {"forest-targets", je_import_forest_targets, "Forest targets", 0},
};

const je_import_kind *je_import_kinds(size_t *n)
{
    *n = sizeof kinds / sizeof kinds[0];
    return kinds;
}

const je_import_kind *je_import_kind_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    return NULL;
}
