/*
 * strmap.c — string → int64 map, open addressing with linear probing (FNV-1a hash).
 * Used for code lookups (section code → id) on the import hot path.
 */
#include "jointenv/core.h"

#include <stdlib.h>
#include <string.h>

typedef struct slot {
    char *key; /* NULL: empty */
    size_t len;
    uint64_t hash;
    int64_t value;
} slot;

struct je_strmap {
    slot *slots;
    size_t cap; /* power of two */
    size_t count;
};

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

je_status je_strmap_new(size_t expected, je_strmap **out)
{
    je_strmap *m = calloc(1, sizeof *m);
    if (m == NULL)
        return JE_ENOMEM;
    m->cap = 16;
    while (m->cap < expected * 2)
        m->cap *= 2;
    m->slots = calloc(m->cap, sizeof *m->slots);
    if (m->slots == NULL) {
        free(m);
        return JE_ENOMEM;
    }
    *out = m;
    return JE_OK;
}

static slot *find(const je_strmap *m, const char *key, size_t len, uint64_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        slot *s = &m->slots[i];
        if (s->key == NULL || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

static je_status grow(je_strmap *m)
{
    je_strmap bigger = {calloc(m->cap * 2, sizeof(slot)), m->cap * 2, m->count};
    if (bigger.slots == NULL)
        return JE_ENOMEM;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *find(&bigger, m->slots[i].key, m->slots[i].len, m->slots[i].hash) = m->slots[i];
    free(m->slots);
    *m = bigger;
    return JE_OK;
}

je_status je_strmap_put(je_strmap *m, const char *key, int64_t value)
{
    if ((m->count + 1) * 2 > m->cap && grow(m) != JE_OK)
        return JE_ENOMEM;
    size_t len = strlen(key);
    uint64_t h = fnv1a(key, len);
    slot *s = find(m, key, len, h);
    if (s->key == NULL) {
        s->key = malloc(len + 1);
        if (s->key == NULL)
            return JE_ENOMEM;
        memcpy(s->key, key, len + 1);
        s->len = len;
        s->hash = h;
        m->count++;
    }
    s->value = value;
    return JE_OK;
}

int je_strmap_get(const je_strmap *m, const char *key, size_t len, int64_t *out_value)
{
    const slot *s = find(m, key, len, fnv1a(key, len));
    if (s->key == NULL)
        return 0;
    if (out_value)
        *out_value = s->value;
    return 1;
}

size_t je_strmap_count(const je_strmap *m)
{
    return m->count;
}

void je_strmap_free(je_strmap *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    free(m);
}
