/*
 * cache.c — the response cache: finished libmicrohttpd responses (plain and gzip),
 * which libmicrohttpd lets many connections send at once, so a hit costs a lookup
 * and a queue, no copy. A fixed number of slots, a key's slot chosen by its hash (a
 * newer response to another key in the same slot replaces the older one), one mutex.
 * An entry is valid only for the database generation it was made at, so a write
 * anywhere makes every cached response stale at once: simple and safe.
 */
#include "server/internal.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct slot {
    char *key;
    int64_t gen;
    struct MHD_Response *plain, *gz; /* the cache's references */
    char etag[40];
    size_t bytes;
} slot;

struct resp_cache {
    pthread_mutex_t mu;
    size_t n;
    slot *slots;
};

/* FNV-1a: spreads URL keys well enough for slot choice. */
static size_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

resp_cache *cache_new(size_t slots)
{
    if (slots == 0)
        return NULL;
    resp_cache *c = calloc(1, sizeof *c);
    if (c == NULL || (c->slots = calloc(slots, sizeof *c->slots)) == NULL) {
        free(c);
        return NULL;
    }
    c->n = slots;
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

static void slot_clear(slot *s)
{
    free(s->key);
    if (s->plain)
        MHD_destroy_response(s->plain);
    if (s->gz)
        MHD_destroy_response(s->gz);
    memset(s, 0, sizeof *s);
}

void cache_free(resp_cache *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++)
        slot_clear(&c->slots[i]);
    pthread_mutex_destroy(&c->mu);
    free(c->slots);
    free(c);
}

int cache_serve(resp_cache *c, const char *key, int64_t gen, struct MHD_Connection *conn,
                int gzip_ok, const char *if_none_match, unsigned *status, size_t *bytes)
{
    if (c == NULL)
        return 0;
    char etag[40] = "";
    int served = 0;
    pthread_mutex_lock(&c->mu);
    slot *s = &c->slots[hash(key) % c->n];
    if (s->key && s->gen == gen && strcmp(s->key, key) == 0) {
        if (if_none_match && strstr(if_none_match, s->etag)) {
            snprintf(etag, sizeof etag, "%s", s->etag); /* 304 below, outside the lock */
        } else {
            /* queued under the lock: the slot cannot drop the response meanwhile */
            struct MHD_Response *r = gzip_ok && s->gz ? s->gz : s->plain;
            served = MHD_queue_response(conn, MHD_HTTP_OK, r) == MHD_YES ? 1 : -1;
            *status = MHD_HTTP_OK;
            *bytes = s->bytes;
        }
    }
    pthread_mutex_unlock(&c->mu);
    if (etag[0]) {
        struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        if (r == NULL)
            return -1;
        MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
        served = MHD_queue_response(conn, MHD_HTTP_NOT_MODIFIED, r) == MHD_YES ? 1 : -1;
        MHD_destroy_response(r);
        *status = MHD_HTTP_NOT_MODIFIED;
        *bytes = 0;
    }
    return served;
}

void cache_put(resp_cache *c, const char *key, int64_t gen, struct MHD_Response *plain,
               struct MHD_Response *gz, const char *etag, size_t bytes)
{
    char *k = c ? strdup(key) : NULL;
    if (k == NULL) { /* no cache, or no memory: just drop our references */
        MHD_destroy_response(plain);
        if (gz)
            MHD_destroy_response(gz);
        return;
    }
    pthread_mutex_lock(&c->mu);
    slot *s = &c->slots[hash(key) % c->n];
    slot_clear(s);
    s->key = k;
    s->gen = gen;
    s->plain = plain;
    s->gz = gz;
    s->bytes = bytes;
    snprintf(s->etag, sizeof s->etag, "%s", etag);
    pthread_mutex_unlock(&c->mu);
}
