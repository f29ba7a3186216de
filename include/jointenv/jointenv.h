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
 */
#ifndef JOINTENV_H
#define JOINTENV_H

#include "air.h"
#include "air_days.h"
#include "core.h"
#include "geo.h"
#include "industry.h"
#include "plume.h"
#include "solver.h"
#include "stagger.h"
#include "store.h"
#include "water.h"

#endif
