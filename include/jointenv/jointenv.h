/*
 * jointenv/jointenv.h — the whole public API of libjointenv.
 *
 *   core.h   statuses and errors, CSV, ISO 8601 time, hashing, progress
 *   water.h  GB 3838-2002 classification and the 2011 assessment method
 *   air.h    AQI by HJ 633 (2012/2026), HJ 663 statistics, GB 3095 limits, alerts
 *   store.h  the shared SQLite store: imports, queries, provenance
 */
#ifndef JOINTENV_H
#define JOINTENV_H

#include "air.h"
#include "core.h"
#include "store.h"
#include "water.h"

#endif
