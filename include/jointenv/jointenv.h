/*
 * jointenv/jointenv.h — the whole public API of libjointenv.
 *
 *   core.h   statuses and errors, CSV, ISO 8601 time, hashing, progress
 *   water.h  GB 3838-2002 classification and the 2011 assessment method
 *   store.h  the shared SQLite store: imports, queries, provenance
 */
#ifndef JOINTENV_H
#define JOINTENV_H

#include "core.h"
#include "store.h"
#include "water.h"

#endif
