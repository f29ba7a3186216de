/* compare.h — CSV output comparator for golden runs: same header, same number of
 * rows, each field equal as text, or, where both sides are numbers, equal within a
 * tolerance (per column: "col=abs:0.01" or "col=rel:1e-6"; default abs 1e-9).
 * Tolerances are a comma-separated list; NULL or "" for the default everywhere. */
#ifndef JE_TEST_COMPARE_H
#define JE_TEST_COMPARE_H

#include <stddef.h>

/* 1 if equal; 0 with a one-line reason in why (row, column, both values). */
int t_csv_compare(const char *expected, const char *actual, const char *tolerances, char *why,
                  size_t why_size);

#endif
