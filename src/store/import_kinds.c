/*
 * import_kinds.c — the registry of imports by name (jointenv/store.h), shared by the
 * CLI and the HTTP API. An import added to the library is added here once.
 */
#include "jointenv/compensation.h"
#include "jointenv/energy.h"
#include "jointenv/enterprise.h"
#include "jointenv/inspect.h"
#include "jointenv/programme.h"
#include "jointenv/river_store.h"
#include "jointenv/store.h"

#include <string.h>

static const je_import_kind kinds[] = {
    {"jurisdictions", je_import_jurisdictions, "Jurisdictions (GB/T 2260 codes)"},
    {"sections", je_import_sections, "Water monitoring sections"},
    {"water-samples", je_import_water_samples, "Water samples (wide or long layout)"},
    {"air-stations", je_import_air_stations, "Air monitoring stations"},
    {"air-hourly", je_import_air_hourly, "Hourly air observations"},
    {"plants", je_import_plants, "Cement clinker lines"},
    {"receptors", je_import_receptors, "Population receptors"},
    {"river-nodes", je_import_river_nodes, "River network nodes"},
    {"reaches", je_import_reaches, "River reaches (CSV or GeoJSON)"},
    {"reach-conditions", je_import_reach_conditions, "Reaches' monthly flow and temperature"},
    {"river-sections", je_import_river_sections, "Sections located on reaches"},
    {"river-loads", je_import_river_loads, "Outfalls, WWTPs, tributaries"},
    {"load-values", je_import_load_values, "Loads' monthly flows and values"},
    {"headwaters", je_import_headwaters, "Node inflow concentrations"},
    {"section-flows", je_import_section_flows, "Monitored monthly flows of sections"},
    {"energy-activity", je_import_energy_activity, "Energy activity data (units checked)"},
    {"coal-units", je_import_coal_units, "Coal power units"},
    {"renewables", je_import_renewables, "Renewable installations"},
    {"cp-audits", je_import_cp_audits, "Cleaner-production audits"},
    {"cp-options", je_import_cp_options, "Cleaner-production audit options, one by one"},
    {"enterprises", je_import_enterprises, "Enterprises (GB 32100 unified social credit codes)"},
    {"enterprise-links", je_import_enterprise_links,
     "Links from clinker lines, coal units and audits to enterprises"},
    {"tasks", je_import_tasks, "The joint programme's tasks"},
    {"milestones", je_import_milestones, "Milestones of the joint programme's tasks"},
    {"task-evidence", je_import_task_evidence, "Evidence of tasks (text, file, live indicator)"},
    {"outfalls", je_import_outfalls, "Outfall registry (排污口)"},
    {"inspectors", je_import_inspectors, "Inspectors of both sides (the draw's pools)"},
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
