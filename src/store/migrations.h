/* migrations.h — internal: the embedded schema migrations (generated migrations.c). */
#ifndef JE_STORE_MIGRATIONS_H
#define JE_STORE_MIGRATIONS_H

#include <stddef.h>

typedef struct je_migration {
    int version;
    const char *name;
    const char *sql;
} je_migration;

extern const je_migration je_migrations[];
extern const size_t je_migrations_count;

#endif
