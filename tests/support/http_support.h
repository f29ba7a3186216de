/* HTTP helpers of the API tests (libcurl, Criterion): one request with its status,
 * body and headers; a JSON answer with the status expected; the JSON error body. */
#ifndef JE_TEST_HTTP_SUPPORT_H
#define JE_TEST_HTTP_SUPPORT_H

#include <jansson.h>
#include <stddef.h>

typedef struct t_resp {
    long status;
    char *body; /* malloc'd, NUL-terminated; NULL when empty (free()) */
    size_t len;
    char headers[4096];
} t_resp;

/* One request to url: method (NULL = GET), one extra header (or NULL), a body (or
   NULL); gzip: accept and decode gzip. Fails the test when the request fails. */
t_resp t_http(const char *url, const char *method, const char *header, const char *body,
              size_t body_len, int gzip);
/* GET url, assert the status, parse the body as JSON (asserted). json_decref it. */
json_t *t_http_json(const char *url, long want_status);
/* GET url and assert the error body {"error": {"code", "message"}}: the status, the
   code, and a part of the message. */
void t_http_error(const char *url, long status, const char *code, const char *msg_part);

#endif
