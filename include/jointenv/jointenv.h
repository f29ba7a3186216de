/*
 * jointenv/jointenv.h — the whole public API of libjointenv.
 *
 *   core.h   statuses and errors, CSV, ISO 8601 time, hashing, progress
 *   water.h  GB 3838-2002 classification and the 2011 assessment method
 *   air.h    AQI by HJ 633 (2012/2026), HJ 663 statistics, GB 3095 limits, alerts
 *   air_days.h  daily statistics of cities and stations from the stored hours
 *   plume.h  Gaussian plume dispersion: stability, σ, plume rise, transfer matrices
 *   industry.h  cement kiln emission limits (GB 4915) and derived emission rates
 *   geo.h    local map projections (PROJ)
 *   solver.h LP/MILP models solved by COIN-OR CBC
 *   stagger.h staggered production of cement clinker lines: rules, plans, checks
 *   store.h  the shared SQLite store: imports, queries, provenance
 *   river.h  river networks: the steady-state transport and DO-sag model, attribution
 *            of concentrations to loads, least-cost load cuts
 *   river_store.h  the river network in the store, its import and export
 *   compensation.h ecological-compensation agreements and their settlement
 *   run.h    runs: the provenance of published figures, and their verification
 *   allocation.h   basin water allocation by priority (LP)
 *   governance.h   users, roles, tokens, permissions; the audit chain and bundles
 *   energy.h energy and CO2 accounts, dual-control barometer, carbon-peak pathway,
 *            coal-unit retirement, non-fossil shares, cleaner-production audits
 *   ecology.h  circuit theory and least-cost corridors, diversity indices
 *   raster.h single-band rasters in and out through GDAL
 *   survey.h Darwin Core survey data; rarefaction, accumulation, richness estimators
 *   waste.h  the zero-waste-city indicator system
 *   conserve.h gene-bank accessions and forest targets
 *   server.h the HTTP JSON API
 */
#ifndef JOINTENV_H
#define JOINTENV_H

#include "air.h"
#include "air_alerts.h"
#include "air_days.h"
#include "air_hourly.h"
#include "allocation.h"
#include "comp_settlements.h"
#include "compensation.h"
#include "conserve.h"
#include "core.h"
#include "ecology.h"
#include "energy.h"
#include "geo.h"
#include "enterprise.h"
#include "governance.h"
#include "industry.h"
#include "inspect.h"
#include "plume.h"
#include "programme.h"
#include "raster.h"
#include "river.h"
#include "river_store.h"
#include "run.h"
#include "server.h"
#include "solver.h"
#include "stagger.h"
#include "stagger_run.h"
#include "store.h"
#include "survey.h"
#include "waste.h"
#include "water.h"

#endif
